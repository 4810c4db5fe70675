"""The words of a model's offers: each upstream that serves it, cheapest first, with its
headline prices, limits and whole price list, and the 'from $X' phrases that a model
with several offers shows instead of its own headline. content.py puts them in the
page's content, so the page, its Markdown twin and llms-full.txt say the same."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.catalog.records import Model, Offer, Price, Provider, headline_of
from generator.catalog.registry import currency_name
from generator.render.prices import PriceGroup, PriceLine, price_groups, price_line, price_notes, price_phrase


@dataclass(frozen=True)
class Limit:
    """A context window or max output of one offer: its value (the record's when the offer
    names none), and whether it differs from the record's own."""

    value: int | None
    listed: int | None  # the record's own value

    @property
    def differs(self) -> bool:
        return self.value != self.listed


@dataclass(frozen=True)
class OfferView:
    """One row of the Offers section: an upstream serving the model, with its price list."""

    offer: Offer
    provider: Provider  # the upstream
    name: str  # 'HostCo Cloud (us)'
    headline_prices: tuple[PriceLine, ...]  # its headline prices (the kind's rule)
    headline: tuple[str, ...]  # its amount under each of `ModelContent.offer_columns`, '—' where it has none
    prices: tuple[PriceLine, ...]
    price_groups: tuple[PriceGroup, ...]
    price_notes: tuple[tuple[str, str], ...]
    currency_name: str
    context_window: Limit
    max_output_tokens: Limit
    is_cheapest: bool  # the cheapest offer's headline, or tied with it


def has_offers(model: Model) -> bool:
    """Whether more than the record's own pricing serves the model."""
    return bool(model.offers)


def upstreams_of(model: Model, providers: dict[str, Provider]) -> tuple[Provider, ...]:
    """The providers a model's page names as upstreams besides its maker, by id: what
    `build_content` needs (and the page depends on) beyond the model's own provider."""
    if not has_offers(model):
        return ()
    ids = sorted({o.provider_id for o in model.all_offers} - {model.provider_id})
    return tuple(providers[i] for i in ids)


def offer_name(offer: Offer, provider: Provider) -> str:
    """'HostCo Cloud (us)', or the provider's name for an offer without a region."""
    return f"{provider.name} ({offer.region})" if offer.region else provider.name


def offer_columns(model: Model) -> tuple[tuple[str, str], ...]:
    """The headline prices the offers show (label, per), by unit, in the order they first appear."""
    return tuple((p.spec.label, p.spec.per) for p in _column_prices(model))


def offer_views(model: Model, maker: Provider, upstreams: tuple[Provider, ...]) -> tuple[OfferView, ...]:
    """Every offer of a model with several, cheapest first; () for a single-offer model."""
    if not has_offers(model):
        return ()
    named = {p.id: p for p in (maker, *upstreams)}
    missing = sorted({o.provider_id for o in model.all_offers} - set(named))
    if missing:
        raise KeyError(f"{model.slug}: build_content needs the upstream providers {', '.join(missing)}")
    units = [p.unit for p in _column_prices(model)]
    lowest = _lead_price(model, model.cheapest_offer)
    views = []
    for offer in model.all_offers:
        sold = model.as_offered(offer)
        headline = tuple(price_line(p, offer.currency) for p in headline_of(model.kind, offer.pricing))
        by_unit = {line.price.unit: line.amount for line in headline}
        prices = tuple(price_line(p, offer.currency) for p in offer.pricing)
        views.append(
            OfferView(
                offer=offer,
                provider=named[offer.provider_id],
                name=offer_name(offer, named[offer.provider_id]),
                headline_prices=headline,
                headline=tuple(by_unit.get(unit, "—") for unit in units),
                prices=prices,
                price_groups=price_groups(prices),
                price_notes=price_notes(offer.pricing),
                currency_name=currency_name(offer.currency),
                context_window=Limit(sold.context_window, model.context_window),
                max_output_tokens=Limit(sold.max_output_tokens, model.max_output_tokens),
                is_cheapest=_lead_price(model, offer) == lowest,
            )
        )
    return tuple(views)


def _lead_price(model: Model, offer: Offer) -> tuple[str, str, Decimal] | None:
    """What offers are ranked by: currency, first headline unit and its amount (ties are all cheapest)."""
    first = headline_of(model.kind, offer.pricing)[:1]
    return (offer.currency, first[0].unit, first[0].amount) if first else None


def _column_prices(model: Model) -> tuple[Price, ...]:
    """One headline price per unit any offer heads with, the first seen (cheapest offer first)."""
    units: dict[str, Price] = {}
    for offer in model.all_offers:
        for price in headline_of(model.kind, offer.pricing):
            units.setdefault(price.unit, price)
    return tuple(units.values())


def from_phrase(model: Model) -> str:
    """'from $1.10 per 1M input tokens and $9.00 per 1M output tokens': the cheapest offer's headline."""
    currency = model.cheapest_offer.currency
    return "from " + " and ".join(price_phrase(p, currency) for p in model.from_prices)


def offered_phrase(model: Model) -> str:
    """'offered by 3 upstreams, from $1.10 per 1M input tokens and ...' (a model with offers)."""
    return f"offered by {len(model.all_offers)} upstreams, {from_phrase(model)}"


def listed_remark(model: Model, offers: tuple[OfferView, ...]) -> str:
    """'These are the listed prices of OpenAI; it is offered by 3 upstreams, from $1.10 ... at
    HostCo Cloud (us).', or '... of DeepInfra, the cheapest of the 3 upstreams that offer it.'
    for a model with offers (its views); else ''."""
    if not offers:
        return ""
    listed = next(view for view in offers if view.offer.own)
    if listed.is_cheapest:
        rank = "the cheapest" if sum(view.is_cheapest for view in offers) == 1 else "as cheap as any"
        return f"These are the listed prices of {listed.name}, {rank} of the {len(offers)} upstreams that offer it."
    return f"These are the listed prices of {listed.name}; it is {offered_phrase(model)} at {offers[0].name}."


def routing_note(model: Model, offers: tuple[OfferView, ...], site_name: str) -> str:
    """The sentence under the Offers table: where a request goes, and what 'from' means."""
    return (
        f"{site_name} routes each request for {model.slug} to the upstream chosen for it and bills that "
        f"upstream's prices; the “from” price at the top of the page is the cheapest offer's ({offers[0].name})."
    )
