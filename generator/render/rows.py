"""The rows of the model tables that several page kinds show (listings, related models,
the compare picker): one row per model, with what its cells need; and the rows of
offers (one upstream's prices for one model) that provider pages and the pricing page show."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from generator.catalog.records import FEATURES, Model, Offer, Price, Provider, Site, headline_of
from generator.catalog.registry import DEFAULT_CURRENCY, format_money, plain_decimal


@dataclass(frozen=True)
class ModelRow:
    model: Model
    provider: Provider
    kind_label: str
    price_text: str  # '$5 / 1M input · $30 / 1M output', or 'from $1.10 / 1M input · ...'

    # Computed on first use: model pages list related models without these; listings need them.
    @cached_property
    def sort_price(self) -> str:  # exact decimal string of the headline prices' sum
        return sort_price(self.model)

    @cached_property
    def capabilities(self) -> tuple[str, ...]:  # ids of supported features
        return capability_ids(self.model)

    @cached_property
    def capability_labels(self) -> tuple[str, ...]:
        return tuple(label for fid, label in FEATURES if self.model.has(fid))


@dataclass(frozen=True)
class OfferRow:
    """One offer of a model as a table lists it: the model, who makes it, who serves it."""

    model: Model
    offer: Offer
    maker: Provider  # the model's provider (the slug's)
    label: str  # 'HostCo Cloud (us)': the upstream and the offer's region
    price_text: str  # the offer's headline prices, '$1.10 / 1M input · $9.00 / 1M output'
    sort_price: str  # exact decimal string of those prices' sum, in the offer's currency

    @property
    def context_window(self) -> int | None:
        """The offer's own limit, else the model's (as `Model.as_offered` reads it)."""
        return self.offer.context_window or self.model.context_window

    @property
    def max_output_tokens(self) -> int | None:
        return self.offer.max_output_tokens or self.model.max_output_tokens


def capability_ids(model: Model) -> tuple[str, ...]:
    """The ids of the features the model supports, in FEATURES order."""
    return tuple(fid for fid, _ in FEATURES if model.has(fid))


def prices_text(prices: tuple[Price, ...], currency: str) -> str:
    return " · ".join(f"{format_money(p.amount, currency)} {p.spec.short}" for p in prices)


def price_text(model: Model) -> str:
    """The headline prices a listing shows; a model with several offers shows its cheapest
    offer's, as 'from ...' (what its page says too)."""
    if not model.offers:
        return prices_text(model.headline_prices, model.currency)
    return "from " + prices_text(model.from_prices, model.cheapest_offer.currency)


def offer_price_text(model: Model, offer: Offer) -> str:
    return prices_text(headline_of(model.kind, offer.pricing), offer.currency)


def sort_price(model: Model) -> str:
    """The exact decimal a listing sorts by, in the model's currency (sorted within it): the
    sum of the headline prices it shows (the cheapest offer's)."""
    return plain_decimal(sum((p.amount for p in model.from_prices), Decimal(0)))


def offer_sort_price(model: Model, offer: Offer) -> str:
    return plain_decimal(sum((p.amount for p in headline_of(model.kind, offer.pricing)), Decimal(0)))


def offer_label(offer: Offer, provider_name: str) -> str:
    """'HostCo Cloud (us)', or the upstream's name alone when the offer names no region."""
    return f"{provider_name} ({offer.region})" if offer.region else provider_name


def currencies_of(models: tuple[Model, ...]) -> tuple[str, ...]:
    """The currencies these models are priced in, sorted: listings say so when there are several
    (an empty catalog speaks of the default currency, so a sentence always has one)."""
    return tuple(sorted({m.currency for m in models})) or (DEFAULT_CURRENCY,)


def model_rows(models: tuple[Model, ...], providers: tuple[Provider, ...], site: Site) -> tuple[ModelRow, ...]:
    by_id = {p.id: p for p in providers}
    return tuple(
        ModelRow(
            model=m,
            provider=by_id[m.provider_id],
            kind_label=site.kind(m.kind).label,
            price_text=price_text(m),
        )
        for m in models
    )


def offer_rows(served: tuple[tuple[Model, Offer], ...], providers: tuple[Provider, ...]) -> tuple[OfferRow, ...]:
    """The rows of these (model, offer) pairs; `providers` holds every maker and upstream named."""
    by_id = {p.id: p for p in providers}
    return tuple(
        OfferRow(
            model=m,
            offer=o,
            maker=by_id[m.provider_id],
            label=offer_label(o, by_id[o.provider_id].name),
            price_text=offer_price_text(m, o),
            sort_price=offer_sort_price(m, o),
        )
        for m, o in served
    )


def offers_by_upstream(models: tuple[Model, ...]) -> dict[str, tuple[tuple[Model, Offer], ...]]:
    """Per provider id, the offers it serves of other makers' models (an offer of the record
    or the record's own pricing through `upstream`), by model in catalog order, each model's
    offers cheapest first. A maker's offers of its own models are its own listing's."""
    found: dict[str, list[tuple[Model, Offer]]] = {}
    for model in models:
        if not model.offers and (model.upstream or model.provider_id) == model.provider_id:
            continue  # its one offer is its maker's (own_offer)
        for offer in model.all_offers:
            if offer.provider_id != model.provider_id:
                found.setdefault(offer.provider_id, []).append((model, offer))
    return {pid: tuple(pairs) for pid, pairs in sorted(found.items())}


def providers_of(models: tuple[Model, ...], providers: dict[str, Provider]) -> tuple[Provider, ...]:
    """The providers of these models, sorted by id: the job argument model tables need."""
    return tuple(providers[pid] for pid in sorted({m.provider_id for m in models}))
