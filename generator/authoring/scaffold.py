"""`build.py new PROVIDER/MODEL`: a commented skeleton record that passes `validate`.

Decision: the skeleton has no errors, only warnings. Its placeholder values are plain
to see (amounts of 0, 'TODO' in the description, example.com URLs) and every line to
edit carries a `# TODO` comment; `validate` warns about each one (the `placeholders`
rule), so `validate --strict` in CI fails a record nobody finished, and `diff` warns
about a model added or changed with 'TODO' in a value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.authoring.yamlout import MODEL_MODELINE, PROVIDER_MODELINE, scalar
from generator.catalog.kinds.base import Kind
from generator.catalog.load import SEGMENT_RE, is_reserved_name, parse_yaml
from generator.catalog.registry import KINDS


class ScaffoldError(Exception):
    """The slug is not valid or the record already exists (a usage error)."""


@dataclass(frozen=True)
class Scaffolded:
    model: Path
    provider: Path | None  # set when a provider record was created too


def check_slug(slug: str) -> tuple[str, str]:
    provider, sep, model = slug.partition("/")
    if not sep or "/" in model:
        raise ScaffoldError(f"'{slug}' is not PROVIDER/MODEL, e.g. acme/acme-chat-1")
    for part, what in ((provider, "provider"), (model, "model")):
        if not SEGMENT_RE.match(part) or len(part) > 100 or ".." in part or is_reserved_name(part):
            raise ScaffoldError(
                f"{what} id '{part}' must be lowercase letters, digits, '.', '_' or '-', "
                "starting and ending with a letter or digit (and not a reserved name)"
            )
    return provider, model


def model_skeleton(provider: str, model: str, kind: str, today: dt.date) -> str:
    parts = KINDS[kind].skeleton
    lines = [
        MODEL_MODELINE,
        f"# {provider}/{model}: fill in every TODO, then run `python build.py validate`.",
        '# Every field is documented in README.md ("Model fields").',
        f"name: {scalar(model)}  # TODO: the display name, e.g. 'Acme Chat 1'",
        "description: >-",
        f"  TODO: what {model} is, who makes it, when it was released and what it is good at.",
        "  The first paragraph is the summary on listing pages (Markdown, no raw HTML).",
        f"kind: {kind}",
        parts.modalities,
        parts.pricing,
        *([parts.extra] if parts.extra else []),
        "strengths: []  # short phrases, e.g. 'Long context'",
        "use_cases: []  # short phrases, e.g. 'Customer support'",
        "status: active  # or preview; deprecated needs sunset_date and replacement",
        f"release_date: {today.isoformat()}  # TODO: when {provider} released it",
        "price_source: https://example.com/TODO-pricing-page  # TODO: the provider's pricing page",
    ]
    return "\n".join(lines) + "\n"


def provider_skeleton(provider: str) -> str:
    name = provider.replace("-", " ").replace("_", " ").title()
    return (
        "\n".join(
            [
                PROVIDER_MODELINE,
                f"name: {name}  # TODO: the display name",
                "website: https://example.com/TODO  # TODO: the provider's home page",
                f"description: TODO one or two sentences about {name}.",
                "byok: false  # TODO: true if customers can bring their own key",
            ]
        )
        + "\n"
    )


def scaffold(catalog: Path, slug: str, kind: str, today: dt.date) -> Scaffolded:
    """Write the skeleton (and the provider record when it is new); refuse to overwrite."""
    provider, model = check_slug(slug)
    model_path = catalog / "models" / provider / f"{model}.yaml"
    if model_path.exists():
        raise ScaffoldError(f"{model_path} already exists")
    if not (catalog / "site.yaml").exists():
        raise ScaffoldError(f"{catalog} has no site.yaml: pass --catalog with the catalog folder")
    provider_path = catalog / "providers" / f"{provider}.yaml"
    texts = {model_path: model_skeleton(provider, model, kind, today)}
    if not provider_path.exists():
        texts[provider_path] = provider_skeleton(provider)
    for text in texts.values():
        parse_yaml(text.encode("utf-8"))  # a template bug fails here, before anything is written
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Scaffolded(model_path, provider_path if provider_path in texts else None)


def _starter_kind(kind: Kind) -> str:
    return f"  {kind.id}: {{label: {kind.label}, noun: {kind.noun}, endpoint: {kind.endpoint}, description: {kind.description}}}"


SITE_SKELETON = (
    """\
# yaml-language-server: $schema=../generator/schema/site.schema.json
# A starter site.yaml written by `build.py import`: fill in every TODO (see README, "site.yaml fields").
name: TODO Gateway  # TODO
tagline: TODO one sentence on what the gateway offers.
url: https://example.com/  # TODO: where the site is served
docs_url: https://example.com/docs/  # TODO
api_base_url: https://api.example.com/v1  # TODO
auth:
  env_var: GATEWAY_API_KEY  # TODO
  key_placeholder: sk-...
fee_percent: 0  # TODO
fee_policy: TODO one sentence on fees.
byok_policy: TODO bring-your-own-key text for {provider}.
kinds:
"""
    + "".join(_starter_kind(kind) + "\n" for kind in KINDS.values())
    + """\
errors:
  - {status: 401, type: authentication_error, meaning: Invalid or missing API key, retryable: false}
  - {status: 429, type: rate_limit_error, meaning: Over the rate limit, retryable: true}
collections: []
"""
)


def ensure_site(catalog: Path) -> Path | None:
    """Give a new catalog folder a starter site.yaml (validate needs one); None if it has one."""
    site = catalog / "site.yaml"
    if site.exists() or site.is_symlink():
        return None
    catalog.mkdir(parents=True, exist_ok=True)
    site.write_text(SITE_SKELETON, encoding="utf-8")
    return site
