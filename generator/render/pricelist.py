"""/pricing/: one table per kind of model, a row per model and a column per price component
(generator.render.pricetables chooses them), the standard prices there and each service
tier's on a page of its own (pricing/batch/); a model served by several upstreams shows its
cheapest offer, 'from'. And every price of every offer as CSV, one row per component.
Amounts are exact decimal strings, as recorded.

The CSV is sized for its reader (budget.py): while the whole fits the budget it is one
file, pricing/prices.csv; past it, parts in row order (prices.csv, then prices-2.csv, ...),
each with the header row and whole models, which /pricing/ links one by one. Where to cut
is decided when the build is planned, from a bound on each model's bytes
(`csv_bytes_bound`), so no row is rendered to decide it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model, Offer, Price, Provider, Site
from generator.catalog.registry import KINDS, UNITS, plain_decimal, tier_label
from generator.render import Job, budget, each, urls
from generator.render.api import above_tokens_rule
from generator.render.layout import Page, render_page
from generator.render.paging import Pager, page_title, paginate
from generator.render.pricetables import (
    Column,
    KindTable,
    TableRow,
    choose_columns,
    offer_for,
    ordered_tiers,
    price_row,
)
from generator.render.rows import currencies_of, offer_label


@dataclass(frozen=True)
class PriceRow:
    slug: str
    model: str
    provider: str
    kind: str
    unit: str
    component: str
    condition: str
    amount: str  # exact decimal, e.g. '0.030'
    currency: str
    per: str
    note: str
    tier: str  # '' for the standard tier, else 'batch', 'flex', 'priority', a named mode
    cache_ttl: str  # '5m', '1h' or ''
    window: str  # '16:30-00:30' (UTC; may wrap midnight) or ''
    above_tokens_rule: str  # 'cliff' or 'incremental' where the price has above_tokens, else ''
    # Added with offers, after the older columns so that CSV readers by position keep working:
    offer: str  # the offer's id: 'hostco@us', or the upstream's id alone ('openai') without a region
    upstream: str  # the provider id serving this offer (the record's own offer: its upstream or maker)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A row's bytes beyond its text and its unit's words: an amount of up to 40 digits, the
# commas and the line end; and what a condition adds (the registry's words, generously).
ROW_BYTES = 64
WINDOW_BYTES = 48  # '16:30-00:30' and, in the condition, '16:30–00:30 UTC'
ABOVE_BYTES = 56  # 'prompts above 1.25M tokens' or 'tokens beyond 200K', and 'incremental'
TTL_BYTES = 24  # '1-hour cache' in the condition


def csv_cell(value: str) -> str:
    """Contributor text that a spreadsheet would run as a formula gets a leading
    apostrophe (OWASP CSV injection); amounts never start with one of these."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def jobs(index: SiteIndex) -> Iterator[Job]:
    site, providers = index.catalog.site, tuple(index.catalog.providers.values())
    currencies = currencies_of(index.models)
    shown = shown_offers(index)
    tiers = ordered_tiers(t for t in shown if t is not None)
    names = {p.id: p.name for p in providers}
    parts = csv_parts(site, index.models, names)
    csv_files = tuple(urls.pricing_csv_part(n) for n in range(1, len(parts) + 1))
    for tier in (None, *tiers):
        kinds = shown.get(tier, {})
        models = tuple(m for rows in kinds.values() for m, _ in rows)
        pages = paginate(models, urls.pricing_tier(tier))
        plan = kind_tables(site, kinds, pages)
        for pager, chunk in pages:
            args = (site, tier, tiers, chunk, pager, plan, providers, currencies, len(index.models), csv_files)
            yield Job(urls.output_path(pager.url), render_pricing_page, args)
    for number, models in enumerate(parts, 1):
        lines = each(model_csv, ((site, m, names[m.provider_id]) for m in models))
        yield Job(urls.pricing_csv_part(number), render_pricing_csv, (site, models, providers), parts=(lines,))


# Per tier (None: the standard tier), per kind in the index's order, the models priced in
# the tier and the prices their rows show (of the offer offer_for picks), in catalog order.
ShownOffers = dict[str | None, dict[str, list[tuple[Model, tuple[Price, ...]]]]]


def shown_offers(index: SiteIndex) -> ShownOffers:
    """What each tier's tables show, from one pass over every offer: a model's row in a
    tier shows its first offer (`Model.all_offers` order) with prices in it (offer_for)."""
    shown: ShownOffers = {}
    for kind_id, models in index.by_kind.items():
        for m in models:
            if not m.offers and all(p.tier is None for p in m.pricing):  # most records: one offer, one tier
                shown.setdefault(None, {}).setdefault(kind_id, []).append((m, m.pricing))
                continue
            seen: set[str | None] = set()
            for offer in m.all_offers:
                by_tier: dict[str | None, list[Price]] = {}
                for p in offer.pricing:
                    by_tier.setdefault(p.tier, []).append(p)
                for tier, prices in by_tier.items():
                    if tier not in seen:
                        seen.add(tier)
                        shown.setdefault(tier, {}).setdefault(kind_id, []).append((m, tuple(prices)))
    return shown


def kind_tables(
    site: Site, kinds: dict[str, list[tuple[Model, tuple[Price, ...]]]], pages: list[tuple[Pager, tuple[Model, ...]]]
) -> tuple[KindTable, ...]:
    """Each kind's table in one tier (`kinds`: its models and their prices there, from
    shown_offers), without rows: its columns (from all its models, so every page of a long
    table has the same), its size and the page where it starts."""
    starts: dict[str, str] = {}
    for pager, chunk in pages:
        for m in chunk:
            starts.setdefault(m.kind, pager.url)
    labels = {k.id: k.label for k in reversed(site.kinds)}  # as site.kind(): the first of an id
    tables = []
    for kind_id, rows in kinds.items():
        columns = choose_columns(KINDS[kind_id], tuple(prices for _, prices in rows))
        anchor = "prices-" + kind_id.replace("_", "-")
        tables.append(KindTable(kind_id, labels[kind_id], anchor, columns, len(rows), starts[kind_id]))
    return tuple(tables)


def render_pricing_page(
    site: Site,
    tier: str | None,
    tiers: tuple[str, ...],
    models: tuple[Model, ...],
    pager: Pager,
    plan: tuple[KindTable, ...],
    providers: tuple[Provider, ...],
    currencies: tuple[str, ...],
    model_count: int,
    csv_files: tuple[str, ...] = (urls.PRICING_CSV,),
) -> bytes:
    """One page of a tier's price tables. `plan`: every kind's table of the tier (the
    contents list names them all); `currencies` and `model_count`: of the whole catalog,
    which the intro speaks of; `csv_files`: the price CSV's parts (one, while it fits)."""
    names = {p.id: p.name for p in providers}
    name = tier_label(tier) if tier else "Standard"
    heading = "Pricing: every model's prices" if tier is None else f"Pricing: {name} prices"
    page = Page(
        pager.url,
        page_title(heading, pager),
        f"{name} prices of every model {site.name} serves, exactly as published: one table per kind of model, and a CSV.",
        crumbs=(("Pricing", urls.PRICING),) + (((name, pager.urls[0]),) if tier else ()),
    )
    switch = tuple((t, tier_label(t) if t else "Standard", urls.pricing_tier(t)) for t in (None, *tiers))
    return render_page(
        "pricing.html",
        site,
        page,
        tier=tier,
        tier_name=name,
        switch=switch if tiers else (),
        tables=tables_of_page(site, tier, models, plan, names),
        plan=plan,
        pager=pager,
        currencies=currencies,
        site_models=model_count,
        csv_files=csv_files,
    )


def tables_of_page(
    site: Site, tier: str | None, models: tuple[Model, ...], plan: tuple[KindTable, ...], names: dict[str, str]
) -> tuple[KindTable, ...]:
    """The tables of this page's models, each with its rows."""
    tables = []
    for table in plan:
        mine = tuple(m for m in models if m.kind == table.kind)
        if mine:
            rows = tuple(model_row(m, tier, table.columns, names) for m in mine)
            tables.append(replace(table, rows=rows))
    return tuple(tables)


def model_row(model: Model, tier: str | None, columns: tuple[Column, ...], names: dict[str, str]) -> TableRow:
    offer = offer_for(model, tier)
    label = offer_label(offer, names[offer.provider_id]) if offer else ""
    return price_row(model, tier, columns, names[model.provider_id], label)


def price_rows(site: Site, models: tuple[Model, ...], providers: tuple[Provider, ...]) -> tuple[PriceRow, ...]:
    """Every price of every offer of these models, one row each, as the CSV lists them."""
    names = {p.id: p.name for p in providers}
    return tuple(row for m in models for row in model_price_rows(site, m, names[m.provider_id]))


def model_price_rows(site: Site, m: Model, provider_name: str) -> tuple[PriceRow, ...]:
    """The record's own prices first (the rows the CSV had before offers), then each other
    offer's, cheapest first."""
    return tuple(row for offer in csv_offers(m) for row in offer_price_rows(site, m, offer, provider_name))


def csv_offers(m: Model) -> tuple[Offer, ...]:
    return (m.own_offer, *(o for o in m.all_offers if not o.own))


def offer_price_rows(site: Site, m: Model, offer: Offer, provider_name: str) -> tuple[PriceRow, ...]:
    """`provider_name`: the model's maker, as the `provider` column has always named it."""
    kind = site.kind(m.kind).label
    return tuple(
        PriceRow(
            m.slug,
            m.name,
            provider_name,
            kind,
            p.unit,
            p.spec.label,
            p.condition,
            plain_decimal(p.amount),
            offer.currency,
            p.spec.per,
            p.note or "",
            p.tier or "",
            p.cache_ttl or "",
            f"{p.window.start}-{p.window.end}" if p.window else "",
            above_tokens_rule(p) or "",
            offer.id,
            offer.provider_id,
        )
        for p in offer.pricing
    )


def csv_parts(site: Site, models: tuple[Model, ...], names: dict[str, str]) -> list[tuple[Model, ...]]:
    """The models of each part of the price CSV, in order: all of them while the whole
    fits the budget, else runs of whole models, each part within it by csv_bytes_bound."""
    limit = budget.MAX_OUTPUT_BYTES
    head = len(csv_header().encode())
    labels = {k.id: k.label for k in reversed(site.kinds)}  # as site.kind(): the first of an id
    bounds = [csv_bytes_bound(site, m, names[m.provider_id], labels[m.kind]) for m in models]
    if head + sum(bounds) <= limit:
        return [models]
    parts: list[tuple[Model, ...]] = []
    start, size = 0, head
    for n, bound in enumerate(bounds):
        if n > start and size + bound > limit:
            parts.append(models[start:n])
            start, size = n, head
        size += bound
    parts.append(models[start:])
    return parts


def csv_bytes_bound(site: Site, m: Model, provider_name: str, kind_label: str | None = None) -> int:
    """At least the bytes of the model's CSV lines (model_csv), from the lengths of the
    text they repeat, without making a row (`kind_label`: site.kind(m.kind).label)."""
    label = site.kind(m.kind).label if kind_label is None else kind_label
    model_text = _field_bytes(m.slug) + _field_bytes(m.name) + _field_bytes(provider_name) + _field_bytes(label)
    total = 0
    own = m.upstream or m.provider_id  # the own offer's id and provider (csv_offers, in any order)
    for offer_id, upstream, currency, pricing in (
        (own, own, m.currency, m.pricing),
        *((o.id, o.provider_id, o.currency, o.pricing) for o in m.offers),
    ):
        offer_text = model_text + _field_bytes(offer_id) + _field_bytes(upstream) + _field_bytes(currency)
        total += offer_text * len(pricing)
        for p in pricing:
            total += UNIT_BYTES[p.unit]
            if p.note or p.size or p.quality or p.resolution or p.tier or p.cache_ttl:
                # the condition repeats size, quality, resolution and the tier (as its label)
                words = (p.note, p.size, p.quality, p.resolution, p.tier, p.tier, p.cache_ttl)
                total += sum(_field_bytes(w) for w in words if w) + (TTL_BYTES if p.cache_ttl else 0)
            if p.window:
                total += WINDOW_BYTES
            if p.above_tokens:
                total += ABOVE_BYTES
    return total


def _field_bytes(text: str) -> int:
    """The most bytes `text` takes in a CSV line: UTF-8, each quote doubled, quoted, with
    csv_cell's apostrophe, and a comma."""
    return len(text.encode("utf-8")) + text.count('"') + 4


# A row's bytes from its unit (id, label, per) and all but its text: a registry fact.
UNIT_BYTES = {u.id: ROW_BYTES + sum(_field_bytes(w) for w in (u.id, u.label, u.per)) for u in UNITS.values()}


def render_pricing_csv(
    site: Site, models: tuple[Model, ...], providers: tuple[Provider, ...], lines: list[str]
) -> bytes:
    return (csv_header() + "".join(lines)).encode("utf-8")


def csv_header() -> str:
    return csv_lines([tuple(f.name for f in fields(PriceRow))])


def model_csv(site: Site, m: Model, provider_name: str) -> str:
    """One model's CSV lines: every price of every offer."""
    return csv_lines(
        [
            tuple(csv_cell(getattr(row, f.name)) for f in fields(PriceRow))
            for row in model_price_rows(site, m, provider_name)
        ]
    )


def csv_lines(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()
