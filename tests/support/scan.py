"""The static scanner of the security tests (its own tests: tests/security/test_scanner.py).

`scan_output(path, data)` parses one built file by its kind and returns what could
run script or navigate to script: script elements that are not the site's own,
event-handler attributes, dangerous elements (iframe, object, base, meta refresh,
SVG animation, foreignObject, style), URLs whose scheme is not http(s), mailto or
relative (javascript:, vbscript:, data: ... in any URL attribute, srcdoc), styles
with expression()/url(), and spreadsheet formulas in CSV cells.

- HTML: parsed with html.parser; every page must carry the CSP meta tag, and an
  inline <script> is allowed only as JSON data (JSON-LD) that cannot close the
  element, or when its sha256 is in the CSP's script-src.
- Markdown (twins, llms.txt, llms-full.txt) and OpenAPI descriptions (CommonMark by
  the spec): rendered by two renderers that let everything through (Python-Markdown,
  and markdown-it-py with raw HTML on and link validation off), then scanned as HTML.
- JSON/YAML: parsed; URL-valued keys are checked, OpenAPI descriptions as Markdown.
- XML (feed, sitemap, SVG logos): parsed with defusedxml (no DTD, no entities), no
  processing instruction but the declaration, URL attributes checked, SVG drawing only.
- CSV: no cell starts like a formula.
"""

from __future__ import annotations

import base64
import csv
import functools
import hashlib
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
import yaml
from defusedxml.ElementTree import fromstring as safe_xml
from markdown_it import MarkdownIt

SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "codebase",
    "ping",
    "manifest",
    "lowsrc",
    "dynsrc",
    "longdesc",
    "usemap",
    "icon",
    "srcset",
    "to",
    "values",
    "from",
}
DANGEROUS_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "portal",
    "style",
    "foreignobject",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
    "isindex",
    "xmp",
    "plaintext",
}
OWN_SCRIPTS = re.compile(r"^(?:\.\./)*(?:/(?:[a-z0-9_-]+/)*)?assets/[a-z]+\.js$")
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


@dataclass(frozen=True)
class Finding:
    path: str
    what: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}: {self.detail[:160]!r}"


def url_scheme(value: str) -> str | None:
    """The scheme a browser sees in a URL attribute value as parsed (entities already
    decoded): C0 controls and spaces stripped at the ends, tab and newline removed
    inside (WHATWG URL parsing), lowercase."""
    text = value.strip("".join(map(chr, range(0x21))))
    text = re.sub(r"[\t\n\r]", "", text).lower()
    found = _SCHEME.match(text)
    return found.group(1) if found else None


def is_dangerous_url(value: str) -> bool:
    scheme = url_scheme(value)
    return scheme is not None and scheme not in SAFE_SCHEMES


def is_dangerous_style(value: str) -> bool:
    text = re.sub(r"/\*.*?\*/|\\|\s", "", html.unescape(value)).lower()
    return any(word in text for word in ("expression(", "javascript:", "vbscript:", "url(", "@import", "behavior:"))


def csp_of(page: str) -> str | None:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def csp_script_hashes(csp: str) -> set[str]:
    directive = next((d.strip() for d in csp.split(";") if d.strip().startswith("script-src")), "")
    return {token[8:-1] for token in directive.split() if token.startswith("'sha256-")}


def script_hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


class _Scanner(HTMLParser):
    def __init__(self, path: str, hashes: set[str], allow_scripts: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.path, self.hashes, self.allow_scripts = path, hashes, allow_scripts
        self.findings: list[Finding] = []
        self.script: tuple[dict[str, str], list[str]] | None = None
        self.starts: dict[str, int] = {}

    def _find(self, what: str, detail: str) -> None:
        self.findings.append(Finding(self.path, what, detail))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.starts[tag] = self.starts.get(tag, 0) + 1
        for name, value in values.items():
            if name.startswith("on"):
                self._find("event handler", f"<{tag} {name}={value}>")
            elif name == "srcdoc":
                self._find("srcdoc", value)
            elif name == "style" and is_dangerous_style(value):
                self._find("dangerous style", value)
            elif name in URL_ATTRIBUTES and any(is_dangerous_url(v) for v in _urls(name, value)):
                self._find(f"dangerous URL in {name}", value)
        if tag in DANGEROUS_ELEMENTS:
            self._find("dangerous element", tag)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self._find("meta refresh", values.get("content", ""))
        if tag == "link" and values.get("rel", "").lower() in ("import", "preload", "modulepreload", "prefetch"):
            self._find("link that loads code", str(values))
        if tag == "script":
            self.script = (values, [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self.script is None:
            return
        attrs, parts = self.script
        self.script = None
        self._check_script(attrs, "".join(parts))

    def _check_script(self, attrs: dict[str, str], body: str) -> None:
        if not self.allow_scripts:
            self._find("script element", f"{attrs} {body}")
        elif "src" in attrs:
            if body.strip() or not OWN_SCRIPTS.match(attrs["src"]) or set(attrs) - {"src", "defer", "type"}:
                self._find("script that is not the site's own", f"{attrs} {body}")
        elif attrs.get("type", "").lower() in DATA_SCRIPT_TYPES:
            if set(body) & set("<>&"):
                self._find("data script that could close its element", body)
            else:
                try:
                    json.loads(body)
                except ValueError:
                    self._find("data script that is not JSON", body)
        elif script_hash(body) not in self.hashes:
            self._find("inline script not allowed by hash in the CSP", body)


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.strip().split(" ")[0] for part in value.split(",")]
    if name == "values":
        return value.split(";")
    return [value]


def scan_html(path: str, text: str, page: bool = True) -> list[Finding]:
    """A built page (`page`: must carry the CSP; own and data scripts allowed), or HTML
    rendered from Markdown (no script of any kind allowed)."""
    findings = []
    hashes: set[str] = set()
    if page:
        csp = csp_of(text)
        if csp is None:
            findings.append(Finding(path, "no Content-Security-Policy meta tag", text[:200]))
        else:
            findings.extend(_check_csp(path, csp))
            hashes = csp_script_hashes(csp)
    scanner = _Scanner(path, hashes, allow_scripts=page)
    scanner.feed(text)
    scanner.close()
    if scanner.script is not None:
        findings.append(Finding(path, "unclosed script element", str(scanner.script)))
    raw_scripts = len(re.findall(r"<script[\s>/]", text, re.IGNORECASE))
    if page and raw_scripts != scanner.starts.get("script", 0):  # a parser differential would hide a script
        findings.append(Finding(path, "script tags the parser did not see", f"{raw_scripts} in the text"))
    return findings + scanner.findings


def _check_csp(path: str, csp: str) -> Iterator[Finding]:
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.split()}
    script_src = directives.get("script-src", directives.get("default-src", []))
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "data:", "*", "'strict-dynamic'", "http:", "https:"):
        if bad in script_src:
            yield Finding(path, "CSP script-src allows", bad)
    if directives.get("object-src") != ["'none'"] or directives.get("base-uri") != ["'none'"]:
        yield Finding(path, "CSP must set object-src and base-uri to 'none'", csp)


# ---------------------------------------------------------------- Markdown


def _markdown_it() -> MarkdownIt:
    """A CommonMark renderer as a careless consumer would set it up: raw HTML on, no link check."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD_IT = _markdown_it()


def scan_markdown(path: str, text: str) -> list[Finding]:
    return [Finding(path, what, detail) for what, detail in _markdown_findings(text)]


@functools.lru_cache(maxsize=4096)
def _markdown_findings(text: str) -> tuple[tuple[str, str], ...]:
    """Cached: the same description comes back in many outputs and builds."""
    rendered = [markdown.markdown(text, extensions=["tables", "attr_list"]), _MD_IT.render(text)]
    return tuple((f.what, f.detail) for html_text in rendered for f in scan_html("", html_text, page=False))


# ---------------------------------------------------------------- data formats

URL_KEYS = re.compile(r"(?:^|_)(?:url|href|website|link|logo|src|source)$|^\$ref$")
MARKDOWN_KEYS = {"description", "summary"}  # OpenAPI: CommonMark


def scan_data(path: str, value: Any, markdown_keys: bool) -> list[Finding]:
    """JSON or YAML data: URL-valued strings must be safe; with `markdown_keys`
    (OpenAPI), descriptions are scanned as the Markdown that documentation tools render."""
    findings: list[Finding] = []
    for key, item in _walk(value, ""):
        if not isinstance(item, str):
            continue
        if URL_KEYS.search(key) and is_dangerous_url(item):
            findings.append(Finding(path, f"dangerous URL at {key}", item))
        if markdown_keys and key in MARKDOWN_KEYS:
            findings.extend(scan_markdown(f"{path} ({key})", item))
    return findings


def _walk(value: Any, key: str) -> Iterator[tuple[str, Any]]:
    yield key, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)


SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def scan_xml(path: str, data: bytes) -> list[Finding]:
    """Feed, sitemap and SVG logos: well-formed without DTD or entities (defusedxml
    raises otherwise), no processing instruction, URL attributes safe; in SVG no
    script, handler, foreignObject, animation or reference outside the file."""
    findings = []
    body = data.decode("utf-8")
    if re.search(r"<\?(?!xml\s)", body) or "<!DOCTYPE" in body.upper() or "<!ENTITY" in body.upper():
        findings.append(Finding(path, "processing instruction or DTD", body[:200]))
    root = safe_xml(data)
    for node in root.iter():
        tag = node.tag.rsplit("}", 1)[-1].lower() if isinstance(node.tag, str) else ""
        if tag in DANGEROUS_ELEMENTS or tag == "script":
            findings.append(Finding(path, "dangerous element", tag))
        for name, value in node.attrib.items():
            local = "xlink:href" if name == XLINK_HREF else name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                findings.append(Finding(path, "event handler", f"{tag} {name}"))
            elif local == "style" and is_dangerous_style(value):
                findings.append(Finding(path, "dangerous style", value))
            elif local in URL_ATTRIBUTES and is_dangerous_url(value):
                findings.append(Finding(path, f"dangerous URL in {local}", value))
            elif path.endswith(".svg") and local in ("href", "xlink:href") and not value.startswith("#"):
                findings.append(Finding(path, "SVG reference outside the file", value))
    return findings


def scan_csv(path: str, data: bytes) -> list[Finding]:
    rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    return [
        Finding(path, "spreadsheet formula", cell) for row in rows for cell in row if cell.startswith(FORMULA_STARTS)
    ]


def scan_output(path: str, data: bytes) -> list[Finding]:
    """Every finding in one built file, by its extension."""
    suffix = path.rsplit(".", 1)[-1]
    if suffix == "html":
        return scan_html(path, data.decode("utf-8"))
    if suffix in ("md", "txt"):
        return scan_markdown(path, data.decode("utf-8"))
    if suffix == "json":
        return scan_data(path, json.loads(data), markdown_keys=path.startswith("openapi"))
    if suffix == "yaml":
        return scan_data(path, yaml.load(data, Loader=yaml.CSafeLoader), markdown_keys=path.startswith("openapi"))
    if suffix in ("xml", "svg"):
        return scan_xml(path, data)
    if suffix == "csv":
        return scan_csv(path, data)
    if suffix in ("js", "css"):
        return []  # the site's own assets, copied from templates/assets/
    return [Finding(path, "an output kind the scanner does not know", suffix)]
