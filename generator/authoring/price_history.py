"""Dated price lists into a record without breaking its history: the rules `import` (a
source's dated prices) and `history backfill` (a record's own git log) share.

A past price is [from, until); a missing `from` (only the oldest may leave it out) is an
open start. An entry is added only where no entry of the record covers any of its days, so
what a record already says is never overwritten, and adding the same entries twice adds
nothing. An added entry that would repeat the prices of its neighbour (or of the current
pricing) is left out: it records no change (the `price-history` rule warns about it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.catalog.records import Price


def same_prices(one: list[dict[str, Any]], other: list[dict[str, Any]]) -> bool:
    """The same components at the same amounts (order and notes aside), as the
    `price-history` rule compares them."""
    return _price_set(one) == _price_set(other)


def _price_set(prices: list[dict[str, Any]]) -> frozenset[tuple[Any, ...]]:
    return frozenset((p.identity, p.amount) for p in map(Price.from_data, prices))


def day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _span(entry: dict[str, Any]) -> tuple[dt.date, dt.date]:
    return day(entry.get("from")) or dt.date.min, day(entry.get("until")) or dt.date.max


def _overlaps(one: dict[str, Any], other: dict[str, Any]) -> bool:
    (s1, e1), (s2, e2) = _span(one), _span(other)
    return s1 < e2 and s2 < e1


def merge_past(
    existing: list[dict[str, Any]], new: list[dict[str, Any]], current: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(`existing` with every entry of `new` that overlaps none of it, oldest first; the
    entries added). `current` is the record's pricing, the price after the last entry."""
    merged = [dict(entry) for entry in existing]
    added: list[dict[str, Any]] = []
    for entry in sorted(new, key=lambda e: _span(e)[1]):
        if not any(_overlaps(entry, other) for other in merged):
            merged.append(dict(entry))
            added.append(merged[-1])
    merged.sort(key=lambda e: _span(e)[1])
    for entry in list(added):
        if _repeats_a_neighbour(entry, merged, current):
            merged.remove(entry)
            added.remove(entry)
    return merged, added


def _repeats_a_neighbour(entry: dict[str, Any], merged: list[dict[str, Any]], current: list[dict[str, Any]]) -> bool:
    index = next(i for i, other in enumerate(merged) if other is entry)
    before = merged[index - 1]["pricing"] if index > 0 else None
    after = merged[index + 1]["pricing"] if index + 1 < len(merged) else current
    return any(prices is not None and same_prices(entry["pricing"], prices) for prices in (before, after))


def merge_scheduled(
    existing: list[dict[str, Any]], new: list[dict[str, Any]], current: list[dict[str, Any]], after: dt.date | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(`existing` with every entry of `new` whose day is after `after` (the last past
    price's until) and not already scheduled, soonest first; the entries added). An entry
    already scheduled for that day stays as written."""
    merged = [dict(entry) for entry in existing]
    taken = {day(entry.get("from")) for entry in merged}
    added: list[dict[str, Any]] = []
    for entry in sorted(new, key=lambda e: day(e.get("from")) or dt.date.max):
        start = day(entry.get("from"))
        if start is None or start in taken or (after is not None and start <= after):
            continue
        merged.append(dict(entry))
        added.append(merged[-1])
        taken.add(start)
    merged.sort(key=lambda e: day(e.get("from")) or dt.date.max)
    for entry in list(added):
        index = next(i for i, other in enumerate(merged) if other is entry)
        before = merged[index - 1]["pricing"] if index > 0 else current
        if same_prices(entry["pricing"], before):
            merged.remove(entry)
            added.remove(entry)
    return merged, added


def describe_span(entry: dict[str, Any]) -> str:
    """'2025-04-16 to 2025-06-10', 'until 2025-06-10', or 'from 2027-01-01' for a scheduled one."""
    start, end = entry.get("from"), entry.get("until")
    if end is None:
        return f"from {start}"
    return f"{start} to {end}" if start else f"until {end}"
