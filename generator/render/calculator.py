"""The cost calculator of model pages and /compare/: its form and the data calculator.js
prices a workload from, by the cost engine's rules (generator/catalog/cost.py).

A workload is given per request in the units the model is priced in, with a volume:
`n` requests per day (a month is 30 days) or per month. Each form field adds to one
quantity of `cost.Usage`; the prompt's text tokens (`in`) are split by two shares, the
percentage read from the cache (`cached`) and the one written to it (`write`), each
rounded down to whole tokens; the rest is billed as input. Audio minutes count 60
seconds each, and a model priced per request is billed one request per request.

`usage_of` is the same rule in Python, so the tests can price what the form asked with
`cost()`. The page's data are the record's Price objects as the JSON API writes them
(exact decimal strings and every rule flag: tier, window, context tier and its rule,
size, quality, resolution, cache lifetime), with the few registry facts the engine
reads (each unit's quantity and size, which quantities a unit may fall back to)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from generator.catalog.cost import OPTIONS, Usage, tiers_of
from generator.catalog.records import Model, Offer, Price, Site, headline_of
from generator.catalog.registry import (
    CACHE_TTLS,
    DEFAULT_CACHE_TTL,
    DEFAULT_CURRENCY,
    PROMPT_QUANTITIES,
    QUANTITY_UNITS,
    UNITS,
    currency_symbol,
    plain_decimal,
    tier_label,
)
from generator.render import urls
from generator.render.api import price_json
from generator.render.prices import tier_order
from generator.render.rows import offer_label

SCRIPT = "calculator.js"
MAX_QUANTITY = 100_000_000  # per request, and requests per period: totals stay well inside Decimal's 28 digits
DAYS_PER_MONTH = 30
PERIODS = ("day", "month")  # the volume is n requests every day (a month is 30 of them) or every month
DEFAULT_REQUESTS = 1000
IMPLICIT = {"requests": 1}  # what every request counts without a field: a per-request fee once


@dataclass(frozen=True)
class Field:
    """One number of the workload, per request. It is shown for a price list whose unit for
    `quantity` (the first of QUANTITY_UNITS it prices) is `unit`."""

    key: str  # its name in the form and the address
    label: str
    quantity: str  # the cost.Usage field it adds to
    unit: str
    default: int  # its value on compare, and on a model page when `unit` is not a headline unit
    lead: int  # its value on a model page when `unit` is one of the model's headline prices
    scale: int = 1  # how much of `quantity` one counts: a minute is 60 seconds
    share_of: str = ""  # a percentage of that field's tokens, taken out of its quantity
    hint: str = ""  # shown beside the label

    @property
    def is_share(self) -> bool:
        return bool(self.share_of)


FIELDS: tuple[Field, ...] = (
    Field("in", "Input tokens", "input_tokens", "per_1m_input_tokens", 2000, 2000),
    Field("cached", "Cached", "cached_tokens", "per_1m_cached_input_tokens", 0, 0, share_of="in", hint="% of input"),
    Field("write", "Cache writes", "cache_write_tokens", "per_1m_cache_write_tokens", 0, 0, share_of="in", hint="% of input"),
    Field("out", "Output tokens", "output_tokens", "per_1m_output_tokens", 500, 500),
    Field("reasoning", "Reasoning tokens", "reasoning_tokens", "per_1m_reasoning_tokens", 0, 500),
    Field("audio_in", "Audio input tokens", "audio_input_tokens", "per_1m_input_audio_tokens", 0, 1000),
    Field("audio_out", "Audio output tokens", "audio_output_tokens", "per_1m_output_audio_tokens", 0, 1000),
    Field("image_in", "Image input tokens", "image_input_tokens", "per_1m_input_image_tokens", 0, 1000),
    Field("image_out", "Image output tokens", "image_output_tokens", "per_1m_output_image_tokens", 0, 1000),
    Field("images", "Images", "images", "per_image", 1, 1),
    Field("seconds", "Seconds", "seconds", "per_second", 8, 8, hint="of video or audio"),
    Field("minutes", "Minutes", "seconds", "per_minute", 1, 1, scale=60, hint="of audio"),
    Field("chars", "Characters", "characters", "per_1m_characters", 1000, 1000),
    Field("searches", "Web searches", "searches", "per_1k_web_searches", 0, 1),
    Field("rerank", "Rerank searches", "rerank_searches", "per_1k_rerank_searches", 1, 1),
    Field("tool_calls", "Tool calls", "tool_calls", "per_tool_call", 0, 1),
    Field("storage", "Cache storage", "cache_storage_token_hours", "per_1m_cache_storage_token_hours", 0, 0, hint="token-hours"),
)  # fmt: skip
FIELD_KEYS = {f.key: f for f in FIELDS}
CHOICE_OPTIONS = {"size": "size", "quality": "quality", "resolution": "resolution", "ttl": "cache_ttl"}


@dataclass(frozen=True)
class FieldView:
    key: str
    label: str
    hint: str
    value: int
    max: int


@dataclass(frozen=True)
class ChoiceView:
    key: str  # size, quality, resolution, ttl, at, offer
    label: str
    options: tuple[tuple[str, str], ...]  # (value, label)
    value: str


@dataclass(frozen=True)
class CalculatorView:
    """What _calculator.html renders: the form and, on a model page, the price lists."""

    caption: str  # of the results table
    fields: tuple[FieldView, ...]
    choices: tuple[ChoiceView, ...]
    fee_percent: Decimal
    data: dict[str, Any] | None  # the model page's price lists; None on compare (its JSON files have them)
    requests: int = DEFAULT_REQUESTS
    max_requests: int = MAX_QUANTITY
    periods: tuple[str, ...] = PERIODS
    script: str = urls.asset(SCRIPT)


# ---------------------------------------------------------------- what a price list is priced by


def shown_fields(pricing: Iterable[Price]) -> tuple[Field, ...]:
    """The fields of a price list: each quantity it prices with the field's own unit (cached
    tokens billed as input have no field: the share would not change the cost)."""
    return fields_of_units(frozenset(p.unit for p in pricing))


def fields_of_units(units: frozenset[str]) -> tuple[Field, ...]:
    """shown_fields of a price list with these units."""
    own = {f.key for f in FIELDS if next((u for u in QUANTITY_UNITS[f.quantity] if u in units), None) == f.unit}
    return tuple(f for f in FIELDS if f.key in own and (not f.share_of or f.share_of in own))


def implicit_quantities(pricing: Iterable[Price]) -> dict[str, int]:
    units = {p.unit for p in pricing}
    return {q: n for q, n in IMPLICIT.items() if any(u in units for u in QUANTITY_UNITS[q])}


def tiers_of_list(pricing: tuple[Price, ...]) -> list[list[str]]:
    """[id, label] of the standard tier and each other tier the list offers, in page order."""
    tiers = sorted({p.tier for p in pricing if p.tier}, key=tier_order)
    return [["standard", "Standard"], *([t, tier_label(t)] for t in tiers)]


def list_data(pricing: tuple[Price, ...], currency: str) -> dict[str, Any]:
    """What calculator.js needs beside a price list's prices (compare's model files carry it per offer)."""
    return {
        "symbol": "$" if currency == DEFAULT_CURRENCY else currency_symbol(currency),
        "fields": [f.key for f in shown_fields(pricing)],
        "implicit": implicit_quantities(pricing),
        "tiers": tiers_of_list(pricing),
    }


def calculator_price(price: Price, currency: str) -> dict[str, Any]:
    """A price as the JSON API writes it, with its condition for the reader ('prompts above 200K tokens')."""
    return price_json(price, currency) | ({"condition": price.condition} if price.above_tokens else {})


def offer_list(offer: Offer, label: str) -> dict[str, Any]:
    return {
        "id": offer.id,
        "label": label,
        "currency": offer.currency,
        "prices": [calculator_price(p, offer.currency) for p in offer.pricing],
        "calculator": list_data(offer.pricing, offer.currency),
    }


def registry_data(site: Site) -> dict[str, Any]:
    """The registry facts the engine reads, and the site's fee."""
    return {
        "units": {
            u.id: {"counts": u.counts, "per_quantity": plain_decimal(u.per_quantity), "label": u.label}
            for u in UNITS.values()
        },
        "quantity_units": {q: list(units) for q, units in QUANTITY_UNITS.items()},
        "quantities": list(Usage.quantity_names()),
        "prompt_quantities": list(PROMPT_QUANTITIES),
        "options": list(OPTIONS),
        "default_cache_ttl": DEFAULT_CACHE_TTL,
        "fields": {f.key: {"quantity": f.quantity, "scale": f.scale, "share_of": f.share_of} for f in FIELDS},
        "days_per_month": DAYS_PER_MONTH,
        "fee_percent": plain_decimal(site.fee_percent),
    }


# ---------------------------------------------------------------- the form


def calculator_view(model: Model, site: Site, names: Mapping[str, str]) -> CalculatorView:
    """A model page's calculator: its own price list and each offer's (`names`: provider id ->
    name of every upstream), cheapest first; the record's own is the one priced at first, as
    `build.py cost` prices it without --offer."""
    offers = model.all_offers
    lists = [offer_list(o, offer_label(o, names.get(o.provider_id, o.provider_id))) for o in offers]
    pricing = tuple(p for o in offers for p in o.pricing)
    lead = {p.unit for o in offers for p in headline_of(model.kind, o.pricing)}
    shown = {f.key for o in offers for f in shown_fields(o.pricing)}
    views = tuple(_field_view(f, f.lead if f.unit in lead else f.default) for f in FIELDS if f.key in shown)
    choices = option_choices(pricing)
    if len(offers) > 1:
        own = model.own_offer.id
        options = tuple(
            (item["id"], item["label"] + (" (listed prices)" if o.own else ""))
            for item, o in zip(lists, offers, strict=True)
        )
        choices += (ChoiceView("offer", "Offer", options, own),)
    data = registry_data(site) | {"offers": lists, "offer": model.own_offer.id}
    return CalculatorView(
        f"Cost of this workload with {model.name}, by service tier", views, choices, site.fee_percent, data
    )


def compare_view(models: tuple[Model, ...], site: Site) -> CalculatorView:
    """/compare/'s calculator: every field and option any offer of any model uses (the
    script shows those of the models compared); the data are in compare/shared.json and each model's compare file."""
    lists = [pricing for m in models for pricing in (m.pricing, *(o.pricing for o in m.offers))]  # every offer's
    shown = {
        f.key for units in {frozenset(p.unit for p in pricing) for pricing in lists} for f in fields_of_units(units)
    }
    views = tuple(_field_view(f, f.default) for f in FIELDS if f.key in shown)
    choices = option_choices(tuple(p for pricing in lists for p in pricing))
    return CalculatorView(
        "Cost of this workload with each model compared, by service tier", views, choices, site.fee_percent, None
    )


def _field_view(field: Field, value: int) -> FieldView:
    return FieldView(field.key, field.label, field.hint, value, 100 if field.is_share else MAX_QUANTITY)


def option_choices(pricing: tuple[Price, ...]) -> tuple[ChoiceView, ...]:
    """A select for each option the prices depend on (size, quality, resolution, cache
    lifetime) and for the time of day when some price has a window."""
    choices = []
    for key, option in CHOICE_OPTIONS.items():
        values = sorted({v for p in pricing if (v := getattr(p, option))})
        if not values:
            continue
        if option == "cache_ttl":
            options = tuple((v, f"{CACHE_TTLS.get(v, v)}") for v in values)
            value = DEFAULT_CACHE_TTL if DEFAULT_CACHE_TTL in values else values[0]
            choices.append(ChoiceView(key, "Cache lifetime", options, value))
        else:
            choices.append(ChoiceView(key, option.capitalize(), tuple((v, v) for v in values), values[0]))
    windows = sorted({p.window for p in pricing if p.window}, key=lambda w: (w.start, w.end))
    if windows:
        options = (("", "Any other time"), *((w.start, str(w)) for w in windows))
        choices.append(ChoiceView("at", "Time of day", options, ""))
    return tuple(choices)


# ---------------------------------------------------------------- the same rule in Python


def usage_of(values: Mapping[str, str], pricing: tuple[Price, ...]) -> Usage:
    """The Usage of one request as calculator.js reads the form `values` (by field key) for
    this price list: only its own fields count; a share is a whole percentage of `in`,
    rounded down to whole tokens and taken out of it. Raises ValueError for what the form
    refuses (not a whole number, too large, shares above 100%)."""
    shown = shown_fields(pricing)
    counts = {f.key: _whole(values.get(f.key, ""), 100 if f.is_share else MAX_QUANTITY) for f in shown}
    quantities: dict[str, int] = dict(implicit_quantities(pricing))
    for field in (f for f in shown if not f.is_share):
        quantities[field.quantity] = quantities.get(field.quantity, 0) + counts.get(field.key, 0) * field.scale
    shares = [f for f in shown if f.is_share]
    if sum(counts.get(f.key, 0) for f in shares) > 100:
        raise ValueError("the cached and cache-write shares add up to more than 100%")
    for field in shares:
        base = FIELD_KEYS[field.share_of]
        part = counts.get(base.key, 0) * counts.get(field.key, 0) // 100
        quantities[field.quantity] = quantities.get(field.quantity, 0) + part
        quantities[base.quantity] -= part
    decimal = {f.name for f in fields(Usage) if f.type == "Decimal"}
    options = {option: values[key] for key, option in CHOICE_OPTIONS.items() if values.get(key)}
    return Usage(**{q: Decimal(n) if q in decimal else n for q, n in quantities.items()}, **options)


def _whole(text: str, limit: int) -> int:
    text = text.strip()
    if text == "":
        return 0
    if not text.isdigit() or int(text) > limit:
        raise ValueError(f"not a whole number from 0 to {limit:,}: {text!r}")
    return int(text)


def tier_ids(model: Model) -> tuple[str | None, ...]:
    """The tiers a row is priced with, as cost() names them: None (standard) first."""
    return (None, *sorted(tiers_of(model), key=tier_order))
