"""Rules on how prices are billed: time-of-day windows, service tiers, cache reads, currency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator.catalog.checks import Context, PriceList, _lists_with, at, check
from generator.catalog.problems import WARNING, Problem
from generator.catalog.records import Price, Window
from generator.catalog.registry import (
    DISCOUNT_TIERS,
    format_money,
    is_currency,
)


@check
def check_price_windows(ctx: Context) -> Iterator[Problem]:
    """A window is [start, end) in UTC and may wrap past midnight. The cost engine takes
    the window that holds the time, so two windows of one price that share a minute
    leave it two answers."""
    for pl in _lists_with(ctx, _has_window):
        seen: dict[tuple[Any, ...], list[tuple[int, Window]]] = defaultdict(list)
        for index, price in enumerate(pl.prices):
            window = price.window
            if window is None:
                continue
            if window.start == window.end:
                yield at(
                    pl.model,
                    pl.at(index, "window"),
                    f"window {window.start}–{window.end} ends when it starts: it covers no time",
                    "set end to the minute the price stops applying; a price for the whole day needs no window",
                )
                continue
            key = price.identity_as(window=None)  # equal windows are duplicate-prices' to report
            clash = next(((i, w) for i, w in seen[key] if w != window and w.overlaps(window)), None)
            if clash is not None:
                yield at(
                    pl.model,
                    pl.at(index, "window"),
                    f"window {window} overlaps {clash[1]} of {pl.at(clash[0])}",
                    "make the windows meet without sharing a minute: one's end is the next one's start",
                )
            seen[key].append((index, window))


def _has_window(price: Price) -> bool:
    return price.window is not None


@check
def check_window_has_default(ctx: Context) -> Iterator[Problem]:
    """Outside every window the cost engine takes the window-less price of the same unit,
    tier, options and context tier: without one, a call at any other time has no price."""
    for pl in _lists_with(ctx, _has_window):
        identities = {p.identity for p in pl.prices}
        for index, price in enumerate(pl.prices):
            if price.window is not None and price.identity_as(window=None) not in identities:
                yield at(
                    pl.model,
                    pl.at(index, "window"),
                    f"{price.label} has no price outside its window",
                    "add the same component without window: the price at every other time of day",
                )


@check
def check_discount_tiers(ctx: Context) -> Iterator[Problem]:
    """Batch and flex are sold below the standard price; one above it is usually a typo or
    a swapped tier (a warning: the amount is the provider's to set)."""
    for pl in _lists_with(ctx, lambda price: price.tier in DISCOUNT_TIERS):
        prices = pl.prices
        standard = {p.identity: i for i, p in reversed(list(enumerate(prices))) if p.tier is None}
        for index, price in enumerate(prices):
            first = standard.get(price.identity_as(tier=None)) if price.tier in DISCOUNT_TIERS else None
            if first is not None and price.amount > prices[first].amount:
                yield _dearer(pl, index, price, first, prices[first], f"{price.tier} is sold below the standard price")


@check
def check_cache_read_price(ctx: Context) -> Iterator[Problem]:
    """A cache read is sold below the input price it replaces (same tier and context tier);
    one above it is usually two amounts swapped (a warning)."""
    for pl in _lists_with(ctx, lambda price: price.unit == "per_1m_cached_input_tokens"):
        prices = pl.prices
        inputs = {p.identity: i for i, p in reversed(list(enumerate(prices))) if p.unit == "per_1m_input_tokens"}
        for index, price in enumerate(prices):
            if price.unit != "per_1m_cached_input_tokens":
                continue
            first = inputs.get(price.identity_as(unit="per_1m_input_tokens"))
            if first is not None and price.amount > prices[first].amount:
                yield _dearer(pl, index, price, first, prices[first], "a cache read is sold below the input price")


def _dearer(pl: PriceList, index: int, price: Price, first: int, other: Price, why: str) -> Problem:
    currency = pl.currency
    return at(
        pl.model,
        pl.at(index, "amount"),
        f"{price.label} at {format_money(price.amount, currency)} is above {other.label} at "
        f"{format_money(other.amount, currency)} ({pl.at(first)})",
        f"check both amounts: {why}",
        WARNING,
    )


@check
def check_currency(ctx: Context) -> Iterator[Problem]:
    for model in ctx.models.values():
        codes = [("/currency", model.data.get("currency"))]
        codes += [(f"/offers/{i}/currency", o.get("currency")) for i, o in enumerate(model.data.get("offers", []))]
        for pointer, code in codes:
            if code is None or is_currency(code):
                continue
            yield at(
                model,
                pointer,
                f"'{code}' is not an ISO 4217 currency code",
                "write the code of the currency the provider bills in, e.g. USD, EUR or CNY",
            )
