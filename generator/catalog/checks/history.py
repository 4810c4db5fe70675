"""Rules on prices over time: past prices in order and never overlapping, scheduled
changes after them, and each entry a change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.catalog.checks import Context, at, check
from generator.catalog.load import RawRecord
from generator.catalog.problems import WARNING, Problem
from generator.catalog.records import Price


@check
def check_price_history(ctx: Context) -> Iterator[Problem]:
    """`price_history` oldest first: each entry ends after it starts and before the next
    starts; only the oldest may leave out `from`; `scheduled_prices` start after the last
    past price ended, soonest first, on different days; each entry differs from the one
    after it (else it records no change)."""
    dated = [
        slug for slug, model in ctx.models.items() if "price_history" in model.data or "scheduled_prices" in model.data
    ]
    prices = _prices_by_pointer(ctx, dated)
    for slug in dated:
        model = ctx.models[slug]
        yield from _history(model)
        yield from _schedule(model)
        yield from _unchanged(model, prices[slug])


def _prices_by_pointer(ctx: Context, slugs: list[str]) -> dict[str, dict[str, list[Price]]]:
    """The Prices the checks made of these models' own and dated price lists, by slug,
    then by the list's pointer ('/pricing', '/price_history/0/pricing')."""
    found: dict[str, dict[str, list[Price]]] = {slug: {} for slug in slugs}
    for price_list in ctx.price_lists:
        slug = price_list.model.ident
        if slug in found and not price_list.pointer.startswith("/offers/"):
            found[slug][price_list.pointer] = price_list.prices
    return found


def _history(model: RawRecord) -> Iterator[Problem]:
    previous: tuple[int, dt.date] | None = None
    for index, entry in enumerate(model.data.get("price_history", [])):
        start, end = _day(entry.get("from")), _day(entry["until"])
        base = f"/price_history/{index}"
        if start is None and index > 0:
            yield at(model, base, "only the oldest past price may leave out from", "add from: <the day it took effect>")
        if start is not None and end is not None and end <= start:
            yield at(
                model,
                f"{base}/until",
                f"until {end} is not after from {start}",
                "until is the day the next price took effect: a later day than from",
            )
        if previous is not None and start is not None and start < previous[1]:
            yield at(
                model,
                f"{base}/from",
                f"from {start} is before /price_history/{previous[0]} ends ({previous[1]}): past prices overlap",
                "list past prices oldest first; each starts on or after the previous one's until",
            )
        if end is not None:
            previous = (index, end)


def _schedule(model: RawRecord) -> Iterator[Problem]:
    history = model.data.get("price_history", [])
    last_end = _day(history[-1]["until"]) if history else None
    previous: tuple[str, dt.date | None] = ("the last past price's until", last_end)
    for index, entry in enumerate(model.data.get("scheduled_prices", [])):
        start = _day(entry["from"])
        if start is not None and previous[1] is not None and start <= previous[1]:
            yield at(
                model,
                f"/scheduled_prices/{index}/from",
                f"from {start} is not after {previous[0]} ({previous[1]})",
                "list scheduled changes soonest first, each after the current price took effect",
            )
        previous = (f"/scheduled_prices/{index}/from", start)


def _unchanged(model: RawRecord, prices: dict[str, list[Price]]) -> Iterator[Problem]:
    """Consecutive price lists that are the same components at the same amounts."""
    data = model.data
    entries = [
        (f"/price_history/{i}", prices[f"/price_history/{i}/pricing"])
        for i in range(len(data.get("price_history", [])))
    ]
    entries.append(("/pricing", prices["/pricing"]))
    count = len(data.get("scheduled_prices", []))
    entries += [(f"/scheduled_prices/{i}", prices[f"/scheduled_prices/{i}/pricing"]) for i in range(count)]
    for (pointer, prices), (next_pointer, next_prices) in zip(entries, entries[1:], strict=False):
        if _same(prices) == _same(next_prices):
            where = pointer if pointer != "/pricing" else next_pointer
            yield at(
                model,
                where,
                f"{pointer} and {next_pointer} are the same prices: that records no change",
                "remove the entry, or write the prices that changed",
                WARNING,
            )


def _same(prices: list[Price]) -> frozenset[tuple[Any, ...]]:
    return frozenset((p.identity, p.amount) for p in prices)


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None  # the dates rule reports it
