"""The rows of the model tables that several page kinds show (listings, related models,
the compare picker): one row per model, with what its cells need."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from generator.catalog.derive import sort_key_price
from generator.catalog.records import FEATURES, Model, Provider, Site
from generator.catalog.registry import DEFAULT_CURRENCY, format_money, plain_decimal


@dataclass(frozen=True)
class ModelRow:
    model: Model
    provider: Provider
    kind_label: str
    price_text: str  # '$5 / 1M input · $30 / 1M output'

    # Computed on first use: model pages list related models without these; listings need them.
    @cached_property
    def sort_price(self) -> str:  # exact decimal string of the headline prices' sum
        return sort_price(self.model)

    @cached_property
    def capabilities(self) -> tuple[str, ...]:  # ids of supported features
        return tuple(fid for fid, _ in FEATURES if self.model.has(fid))

    @cached_property
    def capability_labels(self) -> tuple[str, ...]:
        return tuple(label for fid, label in FEATURES if self.model.has(fid))


def price_text(model: Model) -> str:
    return " · ".join(f"{format_money(p.amount, model.currency)} {p.spec.short}" for p in model.headline_prices)


def sort_price(model: Model) -> str:
    """The exact decimal a listing sorts by, in the model's currency (sorted within it)."""
    total: Decimal = sort_key_price(model)[2]
    return plain_decimal(total)


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


def providers_of(models: tuple[Model, ...], providers: dict[str, Provider]) -> tuple[Provider, ...]:
    """The providers of these models, sorted by id: the job argument model tables need."""
    return tuple(providers[pid] for pid in sorted({m.provider_id for m in models}))
