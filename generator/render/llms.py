"""llms.txt and llms-full.txt (llmstxt.org).

llms.txt: H1 name, blockquote summary, details, then H2 sections of `- [name](url):
notes` items only, by kind and by provider, then `## Optional`. Every item links
(absolutely) to a file this build writes: the Markdown twins of the model pages,
the spec, the JSON API.

llms-full.txt is sized for an agent's reader (budget.py): every Markdown twin (twins.py),
one after another as the build wrote them, while they fit the budget all together; past
it, one line per model in the llms.txt item shape, by kind, with what an agent needs to
choose and call it (slug, kind, maker, endpoint, every price as money, limits,
modalities, capabilities, status), each linking its twin. The header says which."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.derive import SiteIndex
from generator.catalog.records import FEATURES, Model, Provider, Site
from generator.catalog.registry import KINDS
from generator.render import Inputs, Job, budget, each, urls
from generator.render.api import SCHEMA_DIR, SCHEMA_SUFFIX
from generator.render.content import price_phrase
from generator.render.offers import has_offers, offered_phrase
from generator.render.rows import currencies_of
from generator.render.text import markdown_safe
from generator.render.twins import link

SEPARATOR = "\n---\n\n"  # between twins in llms-full.txt
LINES_PER_BLOCK = 500  # compact llms-full.txt is made safe this many lines at a time


def jobs(index: SiteIndex) -> Iterator[Job]:
    schemas = tuple(sorted(p.name.removesuffix(SCHEMA_SUFFIX) for p in SCHEMA_DIR.glob("*" + SCHEMA_SUFFIX)))
    providers = tuple(index.catalog.providers.values())
    site, names = index.catalog.site, {p.id: p.name for p in providers}
    by_kind = each(kind_item, ((site, m, names[m.provider_id]) for m in index.models))
    by_provider = each(provider_item, ((site, m) for m in index.models))
    compact = each(compact_item, ((site, m, names[m.provider_id]) for m in index.models))
    twins = tuple(urls.model_markdown(m.slug) for m in index.models)
    yield Job(urls.LLMS_FULL_TXT, render_llms_full, (site, index.models), parts=(compact,), inputs=twins)
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


def render_llms_full(site: Site, models: tuple[Model, ...], compact_items: list[str], twins: Inputs) -> Iterator[bytes]:
    """Every twin, as the build wrote it, after a short header, when header and twins fit the
    budget together; else a compact line per model (`compact_items`, in the order of
    `models`). The choice is made from the twins' sizes alone; the twins then stream
    through one by one, and the compact form a section at a time, so neither is held."""
    full_head = full_header(site, len(models)).encode("utf-8")
    separator = SEPARATOR.encode()
    if not budget.fits(len(full_head) + sum(len(separator) + size for size in twins.sizes)):
        yield from compact_chunks(site, models, compact_items)
        return
    yield full_head
    for twin in twins:
        yield separator
        yield twin


def full_header(site: Site, count: int) -> str:
    return markdown_safe(
        f"# {site.name} model catalog\n\n> {site.tagline}\n\n"
        f"The Markdown version of every model page of {site.url} ({count} models), one after another.\n"
    )


def compact_chunks(site: Site, models: tuple[Model, ...], items: list[str]) -> Iterator[bytes]:
    """The compact form: the llms.txt shape (H1, summary, details, H2 sections of items), so
    the llms.txt parser reads every model's line with its twin's link. Made safe a block of
    lines at a time, so no copy of the whole text is ever made: each block starts a line
    with '## ' or '- [', where no pattern of markdown_safe can straddle, so the bytes are
    those of the whole text made safe at once."""
    head = (
        f"# {site.name} model catalog\n\n> {site.tagline}\n\n"
        f"The {len(models)} models of {site.url}, one line each: the Markdown versions of their pages would make "
        f"this file larger than {budget.size_phrase()}, more than an agent reads in one go, so each line "
        "links its model's page as Markdown (exact prices and conditions, example request and response, snippets, "
        f"FAQ). Prices are exact, in {money_phrase(currencies_of(models))}. Call any model through one "
        f"OpenAI-compatible API at {site.api_base_url} (auth: `Authorization: Bearer ${site.env_var}`) at its "
        f"endpoint, with `model` set to its slug. {site.fee_policy}"
    )
    yield markdown_safe(head).encode("utf-8")
    for title, lines in kind_groups(site, models, items):
        yield markdown_safe(f"\n\n## {title}\n\n").encode("utf-8")
        for start in range(0, len(lines), LINES_PER_BLOCK):
            block = "\n".join(lines[start : start + LINES_PER_BLOCK])
            yield (b"\n" if start else b"") + markdown_safe(block).encode("utf-8")
    yield b"\n"


def compact_item(site: Site, m: Model, provider_name: str) -> str:
    """'- [GPT-4o](twin): `openai/gpt-4o`, chat by OpenAI, POST /chat/completions; $2.50 per
    1M input tokens; ...; context 128,000 tokens, max output 16,384; input text, image;
    output text; streaming, tool calling; status ...'."""
    prices = offered_phrase(m) if has_offers(m) else "; ".join(price_phrase(p, m.currency) for p in m.pricing)
    facts = [f"`{m.slug}`, {site.kind(m.kind).noun} by {provider_name}, POST {site.kind(m.kind).endpoint}", prices]
    limits = [
        f"context {m.context_window:,} tokens" if m.context_window else "",
        f"max output {m.max_output_tokens:,}" if m.max_output_tokens else "",
    ]
    facts.append(", ".join(x for x in limits if x))
    facts.append(f"input {', '.join(m.input_modalities)}; output {', '.join(m.output_modalities)}")
    facts.append(", ".join(label.lower() for (feature, label) in FEATURES if m.has(feature)))
    facts.append(status_phrase(m))
    return item(site, m.name, urls.model_markdown(m.slug), "; ".join(f for f in facts if f))


def status_phrase(m: Model) -> str:
    if not m.is_deprecated:
        return m.status
    retired = f", retired {m.sunset_date.isoformat()}" if m.sunset_date else ""
    use = f", use {m.replacement}" if m.replacement else ""
    return f"deprecated{retired}{use}"


def money_phrase(currencies: tuple[str, ...]) -> str:
    return currencies[0] if len(currencies) == 1 else f"each model's own currency: {', '.join(currencies)}"


def header(site: Site, count: int, currencies: tuple[str, ...]) -> str:
    money = money_phrase(currencies)
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
        notes += f"; {status_phrase(model)}"
    return notes


def kind_groups(site: Site, models: tuple[Model, ...], items: list[str]) -> list[tuple[str, list[str]]]:
    """(section title, its items) per kind that has models, in the registry's order."""
    by_kind: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for m, line in zip(models, items, strict=True):
        by_kind[m.kind].append(line)
    return [(f"{site.kind(kind).label} models", lines) for kind, lines in by_kind.items() if lines]


def kind_sections(site: Site, models: tuple[Model, ...], items: list[str]) -> list[str]:
    return [section(title, lines) for title, lines in kind_groups(site, models, items)]


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
                "OpenAPI 3.1 for every endpoint; `model` enums list the slugs; prices per model in x-pricing "
                "while the spec stays small enough, else in the JSON API (x-pricing-source)",
            ),
            item(
                site,
                "Models (JSON)",
                urls.API_MODELS,
                "OpenAI-style list of every model with kind, modalities, capabilities, context, status and headline "
                "prices; each model's whole record, with every price and offer, at api/models/<provider>/<model>.json",
            ),
            item(site, "Providers (JSON)", urls.API_PROVIDERS, "every provider with its models"),
        ],
    )


def optional_section(site: Site, schemas: tuple[str, ...]) -> str:
    return section(
        "Optional",
        [
            item(
                site,
                "Full catalog text",
                urls.LLMS_FULL_TXT,
                "every model page in one Markdown file, or one line of facts and prices per model when the pages "
                "would make it too large",
            ),
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
