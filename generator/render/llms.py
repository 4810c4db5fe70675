"""llms.txt and llms-full.txt (llmstxt.org).

llms.txt: H1 name, blockquote summary, details, then H2 sections of `- [name](url):
notes` items only, by kind and by provider, then `## Optional`. Every item links
(absolutely) to a file this build writes: the Markdown twins of the model pages,
the spec, the JSON API. llms-full.txt: every Markdown twin (twins.py), one after
another, as the build wrote them (a model's offers included: each upstream, its region,
headline prices and source)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model, Provider, Site
from generator.catalog.registry import KINDS
from generator.render import Job, each, urls
from generator.render.api import SCHEMA_DIR, SCHEMA_SUFFIX
from generator.render.content import price_phrase
from generator.render.offers import has_offers, offered_phrase
from generator.render.rows import currencies_of
from generator.render.text import markdown_safe
from generator.render.twins import link

SEPARATOR = "\n---\n\n"  # between twins in llms-full.txt


def jobs(index: SiteIndex) -> Iterator[Job]:
    schemas = tuple(sorted(p.name.removesuffix(SCHEMA_SUFFIX) for p in SCHEMA_DIR.glob("*" + SCHEMA_SUFFIX)))
    providers = tuple(index.catalog.providers.values())
    site, names = index.catalog.site, {p.id: p.name for p in providers}
    by_kind = each(kind_item, ((site, m, names[m.provider_id]) for m in index.models))
    by_provider = each(provider_item, ((site, m) for m in index.models))
    twins = tuple(urls.model_markdown(m.slug) for m in index.models)
    yield Job(urls.LLMS_FULL_TXT, render_llms_full, (site, len(twins)), inputs=twins)
    yield Job(urls.LLMS_TXT, render_llms_txt, (site, providers, index.models, schemas), parts=(by_kind, by_provider))


def render_llms_txt(
    site: Site,
    providers: tuple[Provider, ...],
    models: tuple[Model, ...],
    schemas: tuple[str, ...],
    kind_items: list[str],
    provider_items: list[str],
) -> bytes:
    """`kind_items` and `provider_items`: each model's line in its kind's and its provider's section."""
    sections = [
        *kind_sections(site, models, kind_items),
        *provider_sections(site, providers, models, provider_items),
        api_section(site),
        optional_section(site, schemas),
    ]
    head = header(site, len(models), currencies_of(models))
    return markdown_safe("\n\n".join([head, *sections])).encode("utf-8") + b"\n"


def render_llms_full(site: Site, count: int, twins: Iterator[bytes]) -> Iterator[bytes]:
    """Every twin, as the build wrote it, after a short header (the engine passes the twins'
    bytes one by one, and writes these chunks as they come: the file is large at scale)."""
    head = (
        f"# {site.name} model catalog\n\n> {site.tagline}\n\n"
        f"The Markdown version of every model page of {site.url} ({count} models), one after another.\n"
    )
    yield markdown_safe(head).encode("utf-8")
    separator = SEPARATOR.encode()
    for twin in twins:
        yield separator
        yield twin


def header(site: Site, count: int, currencies: tuple[str, ...]) -> str:
    money = currencies[0] if len(currencies) == 1 else f"each model's own currency: {', '.join(currencies)}"
    return (
        f"# {site.name}\n\n> {site.tagline}\n\n"
        f"{site.name} serves the {count} models below through one OpenAI-compatible API at {site.api_base_url} "
        f"(auth: `Authorization: Bearer ${site.env_var}`; set `model` to the model's slug, e.g. `openai/gpt-4o`). "
        f"Each model link is the Markdown version of its page: exact prices ({money}, as recorded), example request "
        f"and response, code snippets and FAQ. {site.fee_policy}"
    )


def section(title: str, items: list[str]) -> str:
    return f"## {title}\n\n" + "\n".join(items)


def item(site: Site, name: str, url: str, notes: str) -> str:
    return f"- {link(name, urls.absolute(site.url, url))}: {' '.join(notes.split())}"


def model_notes(model: Model, lead: str) -> str:
    """'<lead>; $1.25 per 1M input tokens; ...', or with several offers '<lead>; offered by 3
    upstreams, from $1.10 per 1M input tokens and ...' (the cheapest offer's headline)."""
    if has_offers(model):
        notes = f"{lead}; {offered_phrase(model)}"
    else:
        notes = f"{lead}; {'; '.join(price_phrase(p, model.currency) for p in model.headline_prices)}"
    if model.is_deprecated:
        retired = f", retired {model.sunset_date.isoformat()}" if model.sunset_date else ""
        use = f", use {model.replacement}" if model.replacement else ""
        notes += f"; deprecated{retired}{use}"
    return notes


def kind_sections(site: Site, models: tuple[Model, ...], items: list[str]) -> list[str]:
    by_kind: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for m, line in zip(models, items, strict=True):
        by_kind[m.kind].append(line)
    return [section(f"{site.kind(kind).label} models", items) for kind, items in by_kind.items() if items]


def kind_item(site: Site, m: Model, provider_name: str) -> str:
    return item(site, m.name, urls.model_markdown(m.slug), model_notes(m, f"{m.slug} by {provider_name}"))


def provider_sections(
    site: Site, providers: tuple[Provider, ...], models: tuple[Model, ...], items: list[str]
) -> list[str]:
    by_provider: dict[str, list[str]] = {p.id: [] for p in providers}
    for m, line in zip(models, items, strict=True):
        by_provider[m.provider_id].append(line)
    return [section(f"Models by {p.name}", by_provider[p.id]) for p in providers if by_provider[p.id]]


def provider_item(site: Site, m: Model) -> str:
    return item(site, m.name, urls.model_markdown(m.slug), model_notes(m, f"{m.slug}, {site.kind(m.kind).noun}"))


def api_section(site: Site) -> str:
    return section(
        "API",
        [
            item(
                site,
                "OpenAPI spec",
                urls.OPENAPI_JSON,
                "OpenAPI 3.1 for every endpoint; `model` enums list the slugs; prices per model in x-pricing",
            ),
            item(
                site,
                "Models (JSON)",
                urls.API_MODELS,
                "OpenAI-style list of every model with kind, modalities, capabilities, context, status and prices",
            ),
            item(site, "Providers (JSON)", urls.API_PROVIDERS, "every provider with its models"),
        ],
    )


def optional_section(site: Site, schemas: tuple[str, ...]) -> str:
    return section(
        "Optional",
        [
            item(site, "Full catalog text", urls.LLMS_FULL_TXT, "every model page in one Markdown file"),
            item(site, "OpenAPI spec (YAML)", urls.OPENAPI_YAML, "the same spec as YAML"),
            *(
                item(
                    site,
                    f"{name.capitalize()} record schema",
                    urls.schema(name),
                    f"JSON Schema of catalog {name} records",
                )
                for name in schemas
            ),
            item(site, "New models feed", urls.FEED, "Atom feed of models by release date"),
            item(
                site,
                "Price changes feed",
                urls.CHANGES_FEED,
                "Atom feed of every price change (old and new price, day, source), newest first; "
                f"the same as a page: {urls.absolute(site.url, urls.CHANGES)}",
            ),
        ],
    )
