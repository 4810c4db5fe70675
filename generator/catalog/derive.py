"""Pure functions from a Catalog to the indexes the pages need. No strings, no I/O."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal
from itertools import islice

from generator.catalog.cost import Cost, Usage, cost
from generator.catalog.records import MODALITIES, Catalog, CollectionSpec, Model, Price
from generator.catalog.registry import DEFAULT_CURRENCY, KINDS

RELATED_LIMIT = 6


@dataclass(frozen=True)
class Collection:
    spec: CollectionSpec
    models: tuple[Model, ...]
    slugs: frozenset[str]

    def __contains__(self, model: Model) -> bool:
        return model.slug in self.slugs


@dataclass(frozen=True)
class Related:
    """The other models a model's page shows."""

    same_kind: tuple[Model, ...]  # other models of this kind, nearest in price first
    same_provider: tuple[Model, ...]
    replacement: Model | None  # what a deprecated model's users should move to

    @property
    def shown(self) -> tuple[Model, ...]:
        return self.same_kind + self.same_provider + ((self.replacement,) if self.replacement else ())


@dataclass(frozen=True)
class SiteIndex:
    catalog: Catalog
    models: tuple[Model, ...]  # by slug
    by_provider: dict[str, tuple[Model, ...]]
    by_kind: dict[str, tuple[Model, ...]]  # only kinds that have models
    by_modality: dict[str, tuple[Model, ...]]  # input or output; only modalities present
    collections: dict[str, Collection]  # every collection in site.yaml order, even empty ones
    build_date: dt.date  # SOURCE_DATE_EPOCH, else the newest release date in the catalog
    cheapest_first: dict[str, tuple[Model, ...]]  # per kind, not deprecated, by headline price

    def related(self, model: Model) -> Related:
        return Related(
            same_kind=_nearest(model, self.cheapest_first.get(model.kind, ())),
            same_provider=tuple(
                islice((m for m in self.by_provider[model.provider_id] if m.slug != model.slug), RELATED_LIMIT)
            ),  # stops at the limit: a provider may have thousands
            replacement=self.replacement(model),
        )

    def replacement(self, model: Model) -> Model | None:
        return self.catalog.models.get(model.replacement) if model.replacement else None


def models_by_kind(models: tuple[Model, ...]) -> dict[str, tuple[Model, ...]]:
    """The models of each kind that has some, in the registry's order of kinds."""
    found: dict[str, list[Model]] = {}
    for model in models:
        found.setdefault(model.kind, []).append(model)
    return {kind: tuple(found[kind]) for kind in KINDS if kind in found}


def derive_index(catalog: Catalog, build_date: dt.date | None = None) -> SiteIndex:
    models = tuple(catalog.models.values())
    by_provider: dict[str, list[Model]] = defaultdict(list)
    by_modality: dict[str, list[Model]] = defaultdict(list)
    for model in models:
        by_provider[model.provider_id].append(model)
        for modality in model.modalities:
            by_modality[modality].append(model)
    by_kind = models_by_kind(models)
    newest = max((m.release_date for m in models), default=dt.date(2000, 1, 1))
    return SiteIndex(
        catalog=catalog,
        models=models,
        by_provider={p: tuple(by_provider.get(p, ())) for p in catalog.providers},
        by_kind=by_kind,
        by_modality={m: tuple(by_modality[m]) for m in MODALITIES if by_modality.get(m)},
        collections={c.id: _collection(c, models) for c in catalog.site.collections},
        build_date=build_date or newest,
        cheapest_first={
            k: tuple(sorted((m for m in by_kind[k] if not m.is_deprecated), key=sort_key_price)) for k in by_kind
        },
    )


def _collection(spec: CollectionSpec, models: tuple[Model, ...]) -> Collection:
    members = collection_members(spec, models)
    return Collection(spec, members, frozenset(m.slug for m in members))


def collection_members(spec: CollectionSpec, models: tuple[Model, ...]) -> tuple[Model, ...]:
    """Listed in site.yaml, declared by the model, or matching the rule."""
    listed = set(spec.models)
    return tuple(
        m
        for m in models
        if m.slug in listed or spec.id in m.collections or (spec.rule and matches_rule(m, dict(spec.rule)))
    )


def matches_rule(model: Model, rule: dict) -> bool:
    tests = {
        "free": lambda v: model.is_free == v,
        "kinds": lambda v: model.kind in v,
        "providers": lambda v: model.provider_id in v,
        "capabilities": lambda v: all(model.has(f) for f in v),
        "statuses": lambda v: model.status in v,
        "min_context_window": lambda v: (model.context_window or 0) >= v,
    }
    return all(tests[key](value) for key, value in rule.items())


def sort_key_price(model: Model) -> tuple[bool, str, Decimal, str]:
    """Cheapest headline price first within a currency (amounts in two currencies do not
    compare): the default currency's models first, then each other currency by code;
    ties by slug, so the order is stable."""
    total = sum((p.amount for p in model.headline_prices), Decimal(0))
    return (model.currency != DEFAULT_CURRENCY, model.currency, total, model.slug)


def _nearest(model: Model, cheapest_first: tuple[Model, ...]) -> tuple[Model, ...]:
    """Up to RELATED_LIMIT other models of the kind: other providers' first, each
    group cheapest first. Stops scanning as soon as it has enough (catalog scale)."""
    others: list[Model] = []
    same: list[Model] = []
    for peer in cheapest_first:
        if peer.slug == model.slug:
            continue
        if peer.provider_id != model.provider_id:
            others.append(peer)
            if len(others) == RELATED_LIMIT:
                break
        elif len(same) < RELATED_LIMIT:
            same.append(peer)
    return tuple((others + same)[:RELATED_LIMIT])


def worked_example(model: Model) -> tuple[tuple[Price, Decimal], ...]:
    """(price, quantity) pairs of the worked cost example: the headline prices at each
    unit's example quantity, e.g. 1M input + 1M output tokens, or 1,000 images."""
    return tuple((p, p.spec.example_quantity) for p in model.headline_prices)


def example_usage(model: Model) -> Usage:
    """The usage of the worked example, for the cost engine."""
    quantities: dict[str, Decimal] = {}
    options: dict[str, str] = {}
    for price, units in worked_example(model):
        counts = price.spec.counts
        quantities[counts] = quantities.get(counts, Decimal(0)) + units * price.spec.per_quantity
        options |= {name: value for name in ("size", "quality", "resolution") if (value := getattr(price, name))}
    kinds = {f.name: f.type for f in fields(Usage)}
    return Usage(**{k: v if kinds[k] == "Decimal" else int(v) for k, v in quantities.items()}, **options)


def example_cost(model: Model) -> Cost:
    """The worked example, priced by the cost engine."""
    return cost(model, example_usage(model))
