"""Markdown twins of the model pages (models/<provider>/<model>/index.md); llms.py
joins them into llms-full.txt.

A twin says what the HTML page says: it is built from the same ModelContent
(summary, exact prices, offers, price history, cost example, features, snippets,
FAQ), in plain Python rather than through the HTML-escaping Jinja environment. Contributor Markdown
goes in as written, with raw HTML removed. Links are absolute, so a twin reads
the same inside llms-full.txt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model, Provider, Site
from generator.catalog.registry import DEFAULT_CURRENCY
from generator.render import Job, part, urls
from generator.render.content import ApiQuickstart, ModelContent, PriceGroup, PriceLine, build_content
from generator.render.examples import JSON
from generator.render.history import PAST, ScheduledChange
from generator.render.offers import OfferView, upstreams_of
from generator.render.text import markdown_safe

_CODE = re.compile(r"(`{3,}.*?`{3,}|`[^`\n]+`)", re.DOTALL)
_HTML = re.compile(
    r"<(script|style)\b.*?(?:</\1\s*>|$)"  # with their content, as the HTML sanitizer does
    r"|<!--.*?(?:-->|$)|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<[!?][^<>]*>",
    re.DOTALL | re.IGNORECASE,
)


def jobs(index: SiteIndex) -> Iterator[Job]:
    site = index.catalog.site
    providers = index.catalog.providers
    for model in index.models:
        provider = providers[model.provider_id]
        upstreams = upstreams_of(model, providers)
        content = part(build_content, model, provider, site, *upstreams)  # the same part as the page's: built once
        args = (site, provider, model, upstreams)
        yield Job(urls.model_markdown(model.slug), render_model_markdown, args, parts=(content,))


def render_model_markdown(
    site: Site, provider: Provider, model: Model, upstreams: tuple[Provider, ...], content: ModelContent
) -> bytes:
    """`upstreams`: the providers of the model's offers besides its maker (see pages.render_model_page)."""
    return markdown_safe(twin_text(site, provider, model, content)).encode("utf-8")


def strip_html(text: str) -> str:
    """Contributor Markdown without raw HTML tags or comments; code spans and fences stay as written."""
    parts = _CODE.split(text)
    return "".join(part if i % 2 else _HTML.sub("", part) for i, part in enumerate(parts))


def model_markdown(site: Site, provider: Provider, model: Model, *upstreams: Provider) -> str:
    """The Markdown twin of a model page, before the Markdown-safety pass."""
    return twin_text(site, provider, model, build_content(model, provider, site, *upstreams))


def twin_text(site: Site, provider: Provider, model: Model, content: ModelContent) -> str:
    blocks = [
        f"# {model.name}",
        f"> {content.summary}",
        notice(site, model),
        strip_html(model.description).strip(),
        facts(site, provider, model, content),
        pricing(site, model, content),
        offers(site, model, content),
        history(model, content),
        features(content),
        usage(site, content),
        errors(site),
        faq(content),
        f"## Bring your own key\n\n{content.byok}",
    ]
    return "\n\n".join(block for block in blocks if block) + "\n"


def link(text: str, url: str) -> str:
    return f"[{text.replace('[', '(').replace(']', ')')}]({url})"


def model_link(site: Site, slug: str) -> str:
    return link(slug, urls.absolute(site.url, urls.model_markdown(slug)))


def notice(site: Site, model: Model) -> str:
    """The deprecation or preview notice the HTML page shows above everything else."""
    if model.is_deprecated:
        when = (
            f"stops being served on {model.sunset_date.isoformat()}" if model.sunset_date else "will stop being served"
        )
        instead = f" Use {model_link(site, model.replacement)} instead." if model.replacement else ""
        return f"**Deprecated.** {model.name} {when}.{instead}"
    if model.status == "preview":
        return f"**Preview.** {model.name} is a preview model: its behaviour and price may change before general availability."
    return ""


def facts(site: Site, provider: Provider, model: Model, content: ModelContent) -> str:
    lines = [
        f"- Provider: {link(provider.name, urls.absolute(site.url, urls.provider(provider.id)))} ({provider.website})",
        f"- Model ID: `{model.slug}`",
        f"- Kind: {content.kind.label}, served at `{content.example.method} {content.endpoint_url}`",
        f"- Input: {', '.join(model.input_modalities)}; output: {', '.join(model.output_modalities)}",
        *_limits(model),
        f"- Status: {model.status}",
        f"- Released: {model.release_date.isoformat()}",
    ]
    if model.strengths:
        lines.append(f"- Strengths: {'; '.join(model.strengths)}")
    if model.use_cases:
        lines.append(f"- Use cases: {'; '.join(model.use_cases)}")
    lines.append(f"- Web page: <{urls.absolute(site.url, urls.model(model.slug))}>")
    lines.append(f"- JSON: <{urls.absolute(site.url, urls.model_json(model.slug))}>")
    return "## Facts\n\n" + "\n".join(lines)


def _limits(model: Model) -> list[str]:
    limits = [
        ("Context window", f"{model.context_window:,} tokens" if model.context_window else ""),
        ("Max output", f"{model.max_output_tokens:,} tokens" if model.max_output_tokens else ""),
        ("Embedding dimensions", f"{model.embedding_dimensions:,}" if model.embedding_dimensions else ""),
        ("Image sizes", ", ".join(model.image_sizes)),
        ("Voices", ", ".join(model.voices)),
        ("Video durations", ", ".join(f"{s} s" for s in model.video_durations)),
        ("Aliases", ", ".join(f"`{a}`" for a in model.aliases)),
    ]
    return [f"- {label}: {value}" for label, value in limits if value]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def price_table(currency: str, lines: tuple[PriceLine, ...]) -> list[str]:
    rows = [f"| {_cell(p.label)} | {p.amount} | {_cell(p.per)} | {_cell(p.note)} |" for p in lines]
    return [f"| Price | Amount ({currency}) | Per | Note |", "|---|---|---|---|", *rows]


def price_tables(
    currency: str, lines: tuple[PriceLine, ...], groups: tuple[PriceGroup, ...], heading: str = "###"
) -> list[str]:
    """One price list: one table, or with service tiers the standard prices and then one
    table per tier, each under a `heading` (a model's own list, or one offer's)."""
    if len(groups) == 1:
        return price_table(currency, lines)
    blocks: list[str] = []
    for i, group in enumerate(groups):
        title = group.title if i == 0 else f"{group.title} tier"
        blocks += [*([""] if i else []), f"{heading} {title}", "", *price_table(currency, group.lines)]
    return blocks


def price_explanations(content: ModelContent) -> list[str]:
    """The currency, when it is not the default, and what each window and context tier means."""
    lines = [f"- **{term}:** {meaning}" for term, meaning in content.price_notes]
    if content.currency != DEFAULT_CURRENCY:
        sentence = f"Prices are in {content.currency_name} ({content.currency}), as billed; never converted."
        lines[:0] = [sentence, ""] if lines else [sentence]
    return ["", *lines] if lines else []


def pricing(site: Site, model: Model, content: ModelContent) -> str:
    return "\n".join(
        [
            "## Pricing",
            "",
            *(line for change in content.scheduled for line in (scheduled_notice(change), "")),
            *([content.listed_remark, ""] if content.listed_remark else []),
            *price_tables(content.currency, content.prices, content.price_groups),
            *price_explanations(content),
            "",
            f"Example: {content.cost_example}.",
            "",
            site.fee_policy,
            "",
            f"Source: {link(model.price_source, model.price_source)}",
            "",
            changes_pointer(site, content),
        ]
    )


def scheduled_notice(change: ScheduledChange) -> str:
    """The notice the page shows above the prices: 'From 2027-01-15: Input $2.00 … (was $2.50).'"""
    note = f" ({' '.join(change.note.split())})" if change.note else ""
    return f"**Price change scheduled.** {change.text} {link('Announcement', change.source)}{note}"


def changes_pointer(site: Site, content: ModelContent) -> str:
    """Where every model's price changes are listed (and this model's, below, when it has any)."""
    here = " This model's price history is below." if content.history else ""
    return f"Price changes of every model: <{urls.absolute(site.url, urls.CHANGES)}>.{here}"


def history(model: Model, content: ModelContent) -> str:
    """The page's Price history section: every period, oldest first, with each price that changed."""
    if content.history is None:
        return ""
    h = content.history
    heads = [f"{c.label} ({c.per})" for c in h.components]
    rows = [
        "| "
        + " | ".join(
            [
                (row.start or "—") + (f" ({row.state})" if row.state != PAST else ""),
                row.end or "—",
                *row.prices,
                link("source", row.source),
                _cell(row.note),
            ]
        )
        + " |"
        for row in h.rows
    ]
    blocks = [
        "## Price history",
        "",
        f"Every price of {model.name} that changed, by period, oldest first "
        f"(amounts in {content.currency_name}, exactly as recorded).",
        "",
        "| " + " | ".join(["From", "Until", *(_cell(x) for x in heads), "Source", "Note"]) + " |",
        "|" + "---|" * (len(heads) + 4),
        *rows,
    ]
    if h.unchanged:
        blocks += ["", f"The same in every period: {'; '.join(h.unchanged)}."]
    return "\n".join(blocks)


def offers(site: Site, model: Model, content: ModelContent) -> str:
    """The page's Offers section: one row per upstream, cheapest first, then each other offer's prices."""
    if not content.offers:
        return ""
    heads = [f"{label} ({per})" for label, per in content.offer_columns]
    rows = [
        "| " + " | ".join([offer_cell(site, view), *view.headline, *offer_limits(view), *offer_tail(view)]) + " |"
        for view in content.offers
    ]
    blocks = [
        "## Offers",
        "",
        f"The {len(content.offers)} upstreams that serve {model.name}, cheapest first; "
        "limits that differ from the listed ones are in bold.",
        "",
        "| " + " | ".join(["Upstream", *heads, "Context window", "Max output", "Note", "Source"]) + " |",
        "|" + "---|" * (len(heads) + 5),
        *rows,
        "",
        content.offers_note,
    ]
    for view in content.offers:
        if not view.offer.own:
            blocks += ["", f"### Every price of {view.name}", ""]
            blocks += price_tables(view.offer.currency, view.prices, view.price_groups, "####")
            blocks += (
                ["", *(f"- **{term}:** {meaning}" for term, meaning in view.price_notes)] if view.price_notes else []
            )
    return "\n".join(blocks)


def offer_cell(site: Site, view: OfferView) -> str:
    """'[HostCo Cloud](…) (us) · cheapest', '[OpenAI](…) · listed price', '… · preview'."""
    name = link(view.provider.name, urls.absolute(site.url, urls.provider(view.provider.id)))
    region = f" ({view.offer.region})" if view.offer.region else ""
    marks = [
        *(["listed price"] if view.offer.own else []),
        *(["cheapest"] if view.is_cheapest else []),
        *([view.offer.status] if view.offer.status != "active" else []),
    ]
    return _cell(name + region + "".join(f" · {mark}" for mark in marks))


def offer_limits(view: OfferView) -> list[str]:
    """The context window and max output, in bold with the listed value where they differ."""
    cells = []
    for limit in (view.context_window, view.max_output_tokens):
        if limit.value is None:
            cells.append("—")
        elif limit.differs:
            listed = f"{limit.listed:,}" if limit.listed else "—"
            cells.append(f"**{limit.value:,}** (listed: {listed})")
        else:
            cells.append(f"{limit.value:,}")
    return cells


def offer_tail(view: OfferView) -> list[str]:
    return [_cell(view.offer.note or ""), link(view.offer.price_source, view.offer.price_source)]


def features(content: ModelContent) -> str:
    return "## Features\n\n" + "\n".join(f"- {label}: {'yes' if ok else 'no'}" for label, ok in content.features)


def fenced(code: str, language: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def usage(site: Site, content: ModelContent) -> str:
    example = content.example
    blocks = [
        "## Use this model",
        "\n".join(
            [
                f"- Endpoint: `{example.method} {content.endpoint_url}`",
                f"- Content type: `{example.content_type}`",
                f"- Auth: `Authorization: Bearer {site.key_placeholder}` (your {site.name} key, in `${site.env_var}`)",
                f"- Response type: `{example.response_type}`",
            ]
        ),
        "### Request",
        fenced(example.body_json(), "json"),
    ]
    if example.files:
        blocks.append("Files: " + ", ".join(f"`{field}` ({name})" for field, name in example.files.items()))
    blocks.append("### Response")
    if example.response_type == JSON:
        blocks.append(fenced(example.response_json(), "json"))
    else:
        blocks.append(f"The response body is the audio file itself (`{example.response_type}`).")
    blocks += [
        "### curl",
        fenced(content.curl, "sh"),
        "### Python",
        fenced(content.python, "python"),
        "### JavaScript",
        fenced(content.javascript, "javascript"),
    ]
    for api in content.api_quickstarts:  # further APIs the model is served through (Responses)
        blocks += [f"### {api.label} (`POST {api.endpoint}`)", *(fenced(code, lang) for code, lang in _api_code(api))]
    return "\n\n".join(blocks)


def _api_code(api: ApiQuickstart) -> tuple[tuple[str, str], ...]:
    return ((api.curl, "sh"), (api.python, "python"), (api.javascript, "javascript"))


def errors(site: Site) -> str:
    rows = [f"| {e.status} | `{e.type}` | {_cell(e.meaning)} | {'yes' if e.retryable else 'no'} |" for e in site.errors]
    spec = urls.absolute(site.url, urls.OPENAPI_JSON)
    return "\n".join(
        [
            "## Errors",
            "",
            "| Status | Type | Meaning | Retryable |",
            "|---|---|---|---|",
            *rows,
            "",
            f"Full API reference: [OpenAPI spec]({spec})",
        ]
    )


def faq(content: ModelContent) -> str:
    entries = [
        f"### {' '.join(e.question.split())}\n\n{strip_html(e.answer).strip() if e.is_markdown else e.answer}"
        for e in content.faq
    ]
    return "## FAQ\n\n" + "\n\n".join(entries)
