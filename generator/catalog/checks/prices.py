"""Rules on price components: units for the kind, the headline price, plausible amounts, duplicates, conditions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

from generator.catalog.checks import Context, PriceList, _a, at, check
from generator.catalog.problems import WARNING, Problem
from generator.catalog.records import Price
from generator.catalog.registry import (
    KINDS,
    UNITS,
    format_amount,
    is_plausible,
)

# ---------------------------------------------------------------- prices


@check
def check_units_fit_kind(ctx: Context) -> Iterator[Problem]:
    for pl in ctx.price_lists:
        kind = pl.model.data["kind"]
        allowed = KINDS[kind].units
        for index, price in enumerate(pl.data):
            if price["unit"] not in allowed:
                yield at(
                    pl.model,
                    pl.at(index, "unit"),
                    f"unit '{price['unit']}' does not fit {_a(kind)} model",
                    f"use one of: {', '.join(allowed)}",
                )


@check
def check_headline_price(ctx: Context) -> Iterator[Problem]:
    for pl in ctx.price_lists:
        model, kind = pl.model, pl.model.data["kind"]
        units = {p["unit"] for p in pl.data if "above_tokens" not in p}
        needed = KINDS[kind].headline
        if not units.intersection(needed):
            yield at(
                model,
                pl.pointer,
                f"{_a(kind)} model needs a base price in {' or '.join(needed)}",
                "add a component without above_tokens in that unit",
            )
        for unit in KINDS[kind].headline_also:
            if unit not in units:
                what = UNITS[unit].label.lower()
                hint = f"add the {what} price (amount: 0 if {what} is free)"
                yield at(model, pl.pointer, f"{_a(kind)} model needs a {unit} price", hint)


@check
def check_amounts_plausible(ctx: Context) -> Iterator[Problem]:
    """Unit mix-ups (per token stored as per 1M, and the reverse) are the commonest catalog bug."""
    for pl in ctx.price_lists:
        for index, price in enumerate(pl.data):
            unit, amount = price["unit"], Decimal(price["amount"])
            note = price.get("plausibility_note")
            plausible = is_plausible(unit, amount)
            if not plausible and not note:
                spec = UNITS[unit]
                if amount > spec.high:
                    why = f"{format_amount(amount)} {spec.per} is above {format_amount(spec.high)}"
                    hint = "check the unit: a per-1K or per-token price may have been multiplied"
                else:
                    why = f"{format_amount(amount)} {spec.per} is below {format_amount(spec.low)}"
                    hint = "check the unit: this looks like a per-token price; multiply by 1,000,000"
                yield at(
                    pl.model,
                    pl.at(index, "amount"),
                    f"implausible amount: {why}",
                    f"{hint}; if it is right, add plausibility_note: <why> to this component",
                )
            elif plausible and note:
                yield at(
                    pl.model,
                    pl.at(index, "plausibility_note"),
                    "plausibility_note is not needed: the amount is in the usual range",
                    "remove it",
                    WARNING,
                )


@check
def check_duplicate_prices(ctx: Context) -> Iterator[Problem]:
    for pl in ctx.price_lists:
        seen: dict[tuple, int] = {}
        for index, price in enumerate(pl.data):
            key = pl.prices[index].identity
            if key in seen:
                yield at(
                    pl.model,
                    pl.at(index),
                    f"the same price component (unit {price['unit']}) is listed twice; first at {pl.at(seen[key])}",
                    "remove one, or tell them apart with tier, cache_ttl, window, above_tokens, size, quality or "
                    "resolution",
                )
            seen.setdefault(key, index)


_CONDITIONS = ("above_tokens", "cache_ttl", "size", "quality", "resolution")  # in the order they are checked


@check
def check_price_conditions(ctx: Context) -> Iterator[Problem]:
    """Tiers apply to token prices, cache lifetimes to cache writes, sizes and qualities to
    images, resolutions to video (each unit's `conditions`); a context-length tier must be
    reachable and have a base price to start from."""
    for pl in ctx.price_lists:
        for index, price in enumerate(pl.data):
            yield from _misplaced_conditions(pl, index, price)
            if "above_tokens" in price:
                yield from _context_tier(pl, index, pl.prices[index])


def _misplaced_conditions(pl: PriceList, index: int, price: dict[str, Any]) -> Iterator[Problem]:
    unit = UNITS[price["unit"]]
    for field in _CONDITIONS:
        if field in price and field not in unit.conditions:
            yield at(
                pl.model,
                pl.at(index, field),
                f"'{field}' does not apply to unit {unit.id}",
                "remove it, or use a unit it applies to",
            )
    rule = price.get("above_tokens_rule")
    if rule is not None and "above_tokens" not in price:
        yield at(
            pl.model,
            pl.at(index, "above_tokens_rule"),
            "above_tokens_rule is set but above_tokens is not",
            "add above_tokens: <tokens> where the tier starts, or remove above_tokens_rule",
        )
    elif rule == "incremental" and "above_tokens" in unit.conditions and not unit.is_prompt:
        yield at(
            pl.model,
            pl.at(index, "above_tokens_rule"),
            f"an incremental tier does not apply to unit {unit.id}: it does not count prompt tokens",
            "remove above_tokens_rule: once the prompt is longer, all of this unit is priced at this amount",
        )


def _context_tier(pl: PriceList, index: int, price: Price) -> Iterator[Problem]:
    """Every unit and every service tier: the threshold is inside the context window, and
    the same component without above_tokens prices shorter prompts (the cost engine needs it)."""
    tier, context = price.above_tokens or 0, pl.context_window
    if context is not None and tier >= context:
        yield at(
            pl.model,
            pl.at(index, "above_tokens"),
            f"tier above {tier:,} tokens is beyond the context window ({context:,})",
            "check the tier threshold or the context_window"
            + (", or give this entry the context_window in force then" if pl.dated else ""),
        )
    base_identity = price.identity_as(above_tokens=None)
    if not any(p.identity == base_identity for p in pl.prices):
        base = replace(price, above_tokens=None, incremental=False)
        condition = f" ({base.exact_condition})" if base.exact_condition else ""
        yield at(
            pl.model,
            pl.at(index, "above_tokens"),
            f"a tier above {tier:,} tokens needs a base {price.unit} price{condition}",
            "add the same unit without above_tokens for shorter prompts",
        )
