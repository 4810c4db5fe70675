"""/pricing/: every price of every model in one table, and the same rows as CSV.
Amounts are exact decimal strings, as recorded."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, fields
from decimal import Decimal

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model, Provider, Site
from generator.catalog.registry import format_money, plain_decimal
from generator.render import Job, each, urls
from generator.render.api import above_tokens_rule
from generator.render.layout import Page, render_page
from generator.render.paging import Pager, page_title, paginate
from generator.render.rows import currencies_of


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

    @property
    def display(self) -> str:
        """'$0.030', '€2.50': the amount as the pages show it."""
        return format_money(Decimal(self.amount), self.currency)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Contributor text that a spreadsheet would run as a formula gets a leading
    apostrophe (OWASP CSV injection); amounts never start with one of these."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def jobs(index: SiteIndex) -> Iterator[Job]:
    site, providers = index.catalog.site, tuple(index.catalog.providers.values())
    currencies = currencies_of(index.models)
    for pager, chunk in paginate(index.models, urls.PRICING):
        yield Job(urls.output_path(pager.url), render_pricing_page, (site, chunk, pager, providers, currencies))
    names = {p.id: p.name for p in providers}
    lines = each(model_csv, ((site, m, names[m.provider_id]) for m in index.models))
    yield Job(urls.PRICING_CSV, render_pricing_csv, (site, index.models, providers), parts=(lines,))


def price_rows(site: Site, models: tuple[Model, ...], providers: tuple[Provider, ...]) -> tuple[PriceRow, ...]:
    names = {p.id: p.name for p in providers}
    return tuple(row for m in models for row in model_price_rows(site, m, names[m.provider_id]))


def model_price_rows(site: Site, m: Model, provider_name: str) -> tuple[PriceRow, ...]:
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
            m.currency,
            p.spec.per,
            p.note or "",
            p.tier or "",
            p.cache_ttl or "",
            f"{p.window.start}-{p.window.end}" if p.window else "",
            above_tokens_rule(p) or "",
        )
        for p in m.pricing
    )


def render_pricing_page(
    site: Site, models: tuple[Model, ...], pager: Pager, providers: tuple[Provider, ...], currencies: tuple[str, ...]
) -> bytes:
    """`currencies`: of the whole catalog, which the intro speaks of."""
    page = Page(
        pager.url,
        page_title("Pricing: every price of every model", pager),
        f"Every price of every model {site.name} serves, exactly as published, in one table and as CSV.",
        crumbs=(("Pricing", urls.PRICING),),
    )
    rows = price_rows(site, models, providers)
    return render_page("pricing.html", site, page, rows=rows, pager=pager, currencies=currencies)


def render_pricing_csv(
    site: Site, models: tuple[Model, ...], providers: tuple[Provider, ...], lines: list[str]
) -> bytes:
    head = csv_lines([tuple(f.name for f in fields(PriceRow))])
    return (head + "".join(lines)).encode("utf-8")


def model_csv(site: Site, m: Model, provider_name: str) -> str:
    """One model's CSV lines."""
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
