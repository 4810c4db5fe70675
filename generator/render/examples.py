"""The example call of each kind of model: request, response and code snippets.

One source for the model pages ("Use this model", API schema, quickstarts), the
Markdown twins and the OpenAPI spec's examples, so they can never disagree.
Shapes follow the OpenAI API, so the official SDKs work against the gateway.
Each kind's example and SDK calls are in the registry; this module writes them out.
"""

from __future__ import annotations

import json
from typing import Any

from generator.catalog.kinds.base import JSON, MULTIPART, Api, Example, Snippet
from generator.catalog.records import Model, Site
from generator.catalog.registry import KINDS

__all__ = [
    "JSON",
    "MULTIPART",
    "Example",
    "api_examples",
    "curl_snippet",
    "example_for",
    "javascript_snippet",
    "python_snippet",
]


def example_for(model: Model, site: Site) -> Example:
    endpoint = site.kind(model.kind).endpoint
    return KINDS[model.kind].example(model, endpoint)


# ---------------------------------------------------------------- snippets


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def curl_snippet(example: Example, site: Site) -> str:
    lines = [f"curl {site.api_base_url}{example.endpoint} \\", f'  -H "Authorization: Bearer ${site.env_var}" \\']
    if example.content_type == JSON:
        lines.append('  -H "Content-Type: application/json" \\')
        body = json.dumps(example.body, ensure_ascii=False, separators=(",", ":"))
        lines.append(f"  -d {_shell_quote(body)}")
    else:
        fields = [f"  -F {_shell_quote(f'{k}={v}')}" for k, v in example.body.items()]
        fields += [f"  -F {_shell_quote(f'{k}=@{v}')}" for k, v in example.files.items()]
        lines.extend(line + " \\" for line in fields[:-1])
        lines.append(fields[-1])
    if example.response is None:
        lines[-1] += " \\"
        lines.append("  --output speech.mp3")
    return "\n".join(lines)


def _py_value(value: Any) -> str:
    """A Python literal for JSON-like data (a JSON string literal is a valid Python one)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_py_value, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py_value(k)}: {_py_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def _call_lines(snippet: Snippet, args: str) -> list[str]:
    return [line.replace("{args}", args) for line in snippet.lines]


def api_examples(model: Model, site: Site) -> tuple[tuple[Api, Example], ...]:
    """The example calls of the further APIs the model is served through (chat: Responses)."""
    return tuple((api, api.example(model, api.endpoint)) for api in KINDS[model.kind].apis if model.serves(api.id))


def python_snippet(example: Example, site: Site, snippet: Snippet | None = None) -> str:
    """The quickstart for `example`, with the kind's own snippet unless told another (a further API's)."""
    kind, body = KINDS[example.kind], example.body
    snippet = snippet or kind.python
    if not kind.sdk:  # plain HTTP from the standard library: the body is a dict literal
        fields = [f"{_py_value(n)}: {_py_value(body[n])}" for n in snippet.names if n in body] + list(snippet.extra)
        return "\n".join(_python_http_head(example, site) + _call_lines(snippet, "{" + ", ".join(fields) + "}"))
    head = [
        "import os",
        "from openai import OpenAI",
        "",
        f'client = OpenAI(base_url="{site.api_base_url}", api_key=os.environ["{site.env_var}"])',
        "",
    ]
    args = [f"{n}={_py_value(body[n])}" for n in snippet.names if n in body] + list(snippet.extra)
    return "\n".join(head + _call_lines(snippet, ", ".join(args)))


def _python_http_head(example: Example, site: Site) -> list[str]:
    return [
        "import json",
        "import os",
        "import urllib.request",
        "",
        f'url = "{site.api_base_url}{example.endpoint}"',
        f'headers = {{"Authorization": f"Bearer {{os.environ[\'{site.env_var}\']}}", "Content-Type": "application/json"}}',
        "",
    ]


def _js_object(body: dict[str, Any], names: tuple[str, ...], extra: tuple[str, ...]) -> str:
    members = [f"{n}: {json.dumps(body[n], ensure_ascii=False)}" for n in names if n in body] + list(extra)
    return "{ " + ", ".join(members) + " }"


def javascript_snippet(example: Example, site: Site, snippet: Snippet | None = None) -> str:
    kind = KINDS[example.kind]
    snippet = snippet or kind.javascript
    if kind.sdk:
        head = [
            'import OpenAI from "openai";',
            *snippet.imports,
            "",
            f'const client = new OpenAI({{ baseURL: "{site.api_base_url}", apiKey: process.env.{site.env_var} }});',
            "",
        ]
    else:  # plain HTTP with fetch (Node 18+ and browsers)
        head = [
            *snippet.imports,
            f'const url = "{site.api_base_url}{example.endpoint}";',
            f'const headers = {{ Authorization: `Bearer ${{process.env.{site.env_var}}}`, "Content-Type": "application/json" }};',
            "",
        ]
    return "\n".join(head + _call_lines(snippet, _js_object(example.body, snippet.names, snippet.extra)))
