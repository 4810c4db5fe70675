"""/pricing/: every price of every model in one table (a model served by several upstreams
shows its cheapest offer there, and every offer in a second table), and every price of
every offer as CSV. Amounts are exact decimal strings, as recorded."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, fields
from decimal import Decimal

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model, Offer, Provider, Site
from generator.catalog.registry import format_money, plain_decimal
from generator.render import Job, each, urls
from generator.render.api import above_tokens_rule
from generator.render.layout import Page, render_page
from generator.render.paging import Pager, page_title, paginate
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

    @property
    def display(self) -> str:
        """'$0.030', '€2.50': the amount as the pages show it."""
        return format_money(Decimal(self.amount), self.currency)


@dataclass(frozen=True)
class OfferPrices:
    """One offer of one model with its price rows, as the pricing page shows it."""

    slug: str
    model: str  # the model's name
    offer: Offer
    label: str  # 'HostCo Cloud (us)'
    offer_count: int  # how many offers the model has: with several, the page says 'from'
    rows: tuple[PriceRow, ...]

    @property
    def anchor(self) -> str:
        """The id of the model's first row in the table of every offer."""
        return f"offers-{self.slug}"


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


def offer_prices(site: Site, m: Model, offer: Offer, names: dict[str, str]) -> OfferPrices:
    rows = offer_price_rows(site, m, offer, names[m.provider_id])
    count = len(m.offers) + 1
    return OfferPrices(m.slug, m.name, offer, offer_label(offer, names[offer.provider_id]), count, rows)


def cheapest_prices(site: Site, models: tuple[Model, ...], names: dict[str, str]) -> tuple[OfferPrices, ...]:
    """Each model's cheapest offer: the main table's rows."""
    return tuple(offer_prices(site, m, m.cheapest_offer, names) for m in models)


def every_offer(site: Site, models: tuple[Model, ...], names: dict[str, str]) -> tuple[OfferPrices, ...]:
    """Every offer, cheapest first, of each of these models that has several."""
    return tuple(offer_prices(site, m, o, names) for m in models if m.offers for o in m.all_offers)


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
    names = {p.id: p.name for p in providers}
    return render_page(
        "pricing.html",
        site,
        page,
        blocks=cheapest_prices(site, models, names),
        offers=every_offer(site, models, names),
        pager=pager,
        currencies=currencies,
    )


def render_pricing_csv(
    site: Site, models: tuple[Model, ...], providers: tuple[Provider, ...], lines: list[str]
) -> bytes:
    head = csv_lines([tuple(f.name for f in fields(PriceRow))])
    return (head + "".join(lines)).encode("utf-8")


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
