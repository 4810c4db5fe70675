"""`init DIR`: a starter project for a new gateway, which validates and builds at once.

DIR/catalog/ gets a site.yaml (the gateway's name, URLs, fee and BYOK text), one provider and
one model of each kind in the registry, each built from the kind's own skeleton (the one
`new` writes) with example prices in the unit's plausible range; DIR/.gitignore keeps the
build's output and cache out of version control. From DIR, `build` and `serve` need no options.

Decision: the starter passes `validate --strict`. Its example values are real-looking, not
placeholders: every line holding one ends in an `# edit` comment (not `# TODO`, which the
`placeholders` rule reports), so `grep -rn "# edit" catalog` lists what to replace, and the
addresses are under the reserved `.example` top-level domain (RFC 2606), which resolves nowhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.authoring.scaffold import check_slug, provider_skeleton
from generator.authoring.yamlout import scalar
from generator.catalog.load import parse_yaml
from generator.catalog.registry import KINDS, is_plausible

PROVIDER = "example-labs"  # the invented provider of the example models
EXAMPLE_TLD = "example"  # RFC 2606: reserved for examples, never a real site
EDIT = "# edit"

# One example list price per unit (USD), in the range a real price of that unit has.
EXAMPLE_AMOUNTS: dict[str, str] = {
    "per_1m_input_tokens": "0.50",
    "per_1m_output_tokens": "1.50",
    "per_1m_cached_input_tokens": "0.05",
    "per_1m_cache_write_tokens": "0.625",
    "per_1m_cache_storage_token_hours": "1.00",
    "per_1m_input_audio_tokens": "32.00",
    "per_1m_output_audio_tokens": "64.00",
    "per_1m_input_image_tokens": "10.00",
    "per_1m_output_image_tokens": "40.00",
    "per_1m_reasoning_tokens": "1.50",
    "per_image": "0.040",
    "per_second": "0.10",
    "per_minute": "0.006",
    "per_1m_characters": "15.00",
    "per_request": "0.01",
    "per_1k_web_searches": "10.00",
    "per_tool_call": "0.003",
    "per_1k_rerank_searches": "2.00",
}

GITIGNORE = "# written by `build` (the site and its cache)\n/site/\n/.cache/\n"

_SKELETON_PRICE = re.compile(r"(?P<head>unit: (?P<unit>\w+)\n\s+amount: )0  # TODO(?P<rest>.*)")


class StarterError(Exception):
    """DIR cannot take a starter project (a usage error)."""


@dataclass(frozen=True)
class Started:
    root: Path
    catalog: Path
    files: tuple[Path, ...]  # every file written, sorted


@dataclass(frozen=True)
class Gateway:
    """The names derived from DIR's name, used throughout the starter."""

    name: str  # 'My Gateway'
    host: str  # 'my-gateway.example'
    env_var: str  # 'MY_GATEWAY_API_KEY'

    @classmethod
    def from_folder(cls, folder: Path) -> Gateway:
        # Words that start with a letter, few and short enough for every field's limits.
        words = [w[:15] for w in re.findall(r"[a-z][a-z0-9]*", folder.resolve().name.lower())[:3]] or ["my"]
        if words[-1] != "gateway":
            words.append("gateway")
        return cls(
            " ".join(w.capitalize() for w in words),
            "-".join(words) + f".{EXAMPLE_TLD}",
            "_".join(words).upper() + "_API_KEY",
        )


def example_amount(unit: str) -> str:
    amount = EXAMPLE_AMOUNTS[unit]
    if not is_plausible(unit, Decimal(amount)):
        raise ValueError(f"the starter's example price of {unit} ({amount}) is outside its plausible range")
    return amount


def as_example(text: str) -> str:
    """A kind's skeleton text with example prices and `# edit` comments instead of its TODOs."""

    def priced(found: re.Match[str]) -> str:
        rest = found["rest"] or ": an example list price in USD"
        return f"{found['head']}{example_amount(found['unit'])}  {EDIT}{rest}"

    return _SKELETON_PRICE.sub(priced, text).replace("# TODO", EDIT)


def model_id(kind: str) -> str:
    return "example-" + kind.replace("_", "-")


def model_text(kind_id: str, gateway: Gateway, today: dt.date) -> str:
    kind = KINDS[kind_id]
    parts = kind.skeleton
    lines = [
        "# yaml-language-server: $schema=../../../site/schema/model.schema.json",
        f"# An example {kind.label.lower()} model: make it one your gateway serves, or delete this file.",
        f"name: Example {kind.label}  {EDIT}: the display name",
        f"description: >-  {EDIT}: what it is, who makes it, what it is good at (Markdown; the first paragraph is the summary)",
        f"  An example {kind.noun} model of the starter catalog, priced in the units its kind uses:",
        "  replace it with a model your gateway serves.",
        f"kind: {kind_id}",
        as_example(parts.modalities),
        as_example(parts.pricing),
        *([as_example(parts.extra)] if parts.extra else []),
        f"strengths: [Example]  {EDIT}: short phrases, e.g. 'Long context'",
        f"use_cases: [Trying the catalog]  {EDIT}: short phrases, e.g. 'Customer support'",
        "status: active  # or preview; deprecated needs sunset_date and replacement",
        f"release_date: {today.isoformat()}  {EDIT}: when the provider released it",
        f"price_source: https://{PROVIDER}.{EXAMPLE_TLD}/pricing  {EDIT}: the provider's pricing page",
    ]
    return "\n".join(lines) + "\n"


def provider_text() -> str:
    """`new`'s provider skeleton, filled in with the invented provider."""
    text = provider_skeleton(PROVIDER).replace("../../generator/schema/", "../../site/schema/")
    replacements = {
        "name: Example Labs  # TODO: the display name": f"name: Example Labs  {EDIT}: the display name",
        "website: https://example.com/TODO  # TODO: the provider's home page": (
            f"website: https://{PROVIDER}.{EXAMPLE_TLD}/  {EDIT}: the provider's home page"
        ),
        "description: TODO one or two sentences about Example Labs.": (
            f"description: An invented provider whose example models show each kind of model.  {EDIT}"
        ),
        "byok: false  # TODO: true if customers can bring their own key": (
            f"byok: true  {EDIT}: true if customers can bring their own key for this provider"
        ),
    }
    for old, new in replacements.items():
        if old not in text:
            raise ValueError(f"the provider skeleton changed: no line {old!r}")
        text = text.replace(old, new)
    return text


def site_text(gateway: Gateway) -> str:
    host, name = gateway.host, scalar(gateway.name)
    return f"""\
# yaml-language-server: $schema=../site/schema/site.schema.json
# The gateway-wide facts, written by `init`. A line ending in `{EDIT}` holds an example value to
# replace (find them all: grep -rn "{EDIT}" catalog). Every field is in the generator's README
# ("site.yaml fields"); `theme:` sets the logo, colours and links.
name: {name}  {EDIT}: your gateway's name
tagline: One OpenAI-compatible API for chat, image, speech, video and embedding models.  {EDIT}
url: https://{host}/  {EDIT}: where this site is served (build --base-url overrides it)
docs_url: https://docs.{host}/  {EDIT}: your API documentation
api_base_url: https://api.{host}/v1  {EDIT}: your OpenAI-compatible API, ending in /v1
auth:
  env_var: {gateway.env_var}  {EDIT}: the environment variable the examples read the key from
  key_placeholder: sk-...  {EDIT}: what a key looks like in the examples
fee_percent: 5  {EDIT}: your platform fee in percent (0 for none)
fee_policy: A 5% platform fee is applied when you top up credits, not per call.  {EDIT}
price_note: Prices in US dollars, as the providers publish them; the platform fee is 5%, applied at top-up.  {EDIT}
byok_policy: >-  {EDIT}: what bring-your-own-key means; {{provider}} becomes the provider's name
  Attach your {{provider}} key in your dashboard and you pay {{provider}} directly:
  the platform fee is waived on those calls.
errors:  {EDIT}: the errors your API returns
  - {{status: 401, type: authentication_error, meaning: Invalid or missing API key, retryable: false}}
  - {{status: 402, type: insufficient_credits, meaning: Out of credits, retryable: false}}
  - {{status: 404, type: not_found, meaning: Unknown model or endpoint, retryable: false}}
  - {{status: 429, type: rate_limit_error, meaning: Over the rate limit (see the Retry-After header), retryable: true}}
  - {{status: 500, type: server_error, meaning: The upstream provider failed, retryable: true}}
collections:  # named groups of models, by a list of slugs or a rule
  - id: examples
    name: Example models
    description: The starter catalog's example models, one of each kind.
    rule: {{providers: [{PROVIDER}]}}
"""


def starter_files(root: Path, today: dt.date) -> dict[Path, str]:
    """Every file of the starter project under `root`, by path."""
    gateway = Gateway.from_folder(root)
    catalog = root / "catalog"
    files = {
        root / ".gitignore": GITIGNORE,
        catalog / "site.yaml": site_text(gateway),
        catalog / "providers" / f"{PROVIDER}.yaml": provider_text(),
    }
    for kind in KINDS:
        check_slug(f"{PROVIDER}/{model_id(kind)}")
        files[catalog / "models" / PROVIDER / f"{model_id(kind)}.yaml"] = model_text(kind, gateway, today)
    return files


def init(root: Path, today: dt.date) -> Started:
    """Write the starter project into `root`, a new or empty folder; refuse anything else."""
    if root.exists() and not root.is_dir():
        raise StarterError(f"{root} is a file: give a new or empty folder")
    if root.is_dir() and any(root.iterdir()):
        raise StarterError(
            f"{root} is not empty: init writes a new catalog into a new or empty folder "
            "(to add a model to a catalog, use `new PROVIDER/MODEL --catalog DIR`)"
        )
    files = starter_files(root, today)
    for path, text in files.items():
        if path.suffix == ".yaml":
            parse_yaml(text.encode("utf-8"))  # a template bug fails here, before anything is written
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return Started(root, root / "catalog", tuple(sorted(files)))
