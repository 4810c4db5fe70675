"""`diff`: a record's prices over time, apart from its current price. Past prices
(`price_history`) and announced changes (`scheduled_prices`) added, removed or edited, a
scheduled change that took effect (now the record's `pricing`), and the warning for a
current price changed without keeping the old one in the history.

Entries are compared as the records write them, with no price date: a scheduled change
whose day has passed is still the same entry of an unchanged record, so it is no change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.authoring.diff_prices import PriceChange, price_changes
from generator.catalog.records import Price, headline_of

HISTORY, SCHEDULED = "price_history", "scheduled_prices"
SOURCE_FIELD = {HISTORY: "price_source", SCHEDULED: "announcement"}
TOOK_EFFECT = "took_effect"  # a scheduled change the record's pricing now is


@dataclass(frozen=True)
class Entry:
    """One entry of `price_history` or `scheduled_prices` as the record writes it."""

    list: str  # HISTORY or SCHEDULED
    start: dt.date | None  # `from`
    end: dt.date | None  # `until` (a scheduled change has none)
    pricing: tuple[Price, ...]
    source: str  # `price_source`, or the `announcement` of a scheduled change
    note: str | None

    @property
    def key(self) -> dt.date | None:
        """What names the entry: a past price its `until`, a scheduled change its `from`."""
        return self.end if self.list == HISTORY else self.start


@dataclass
class HistoryChange:
    """One entry added, removed or edited; an added entry's prices are all new (old None),
    a removed one's all removed (new None)."""

    list: str  # HISTORY or SCHEDULED
    change: str  # 'added', 'removed', 'edited' or TOOK_EFFECT
    start: dt.date | None  # the entry's dates (the new ones for an edited entry)
    end: dt.date | None
    headline: tuple[Price, ...]  # its headline prices
    prices: list[PriceChange] = field(default_factory=list)
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # from, until, the source
    edited: list[str] = field(default_factory=list)  # 'note' when it changed


def entries(data: dict[str, Any]) -> list[Entry]:
    """The record's past prices, oldest first, then its scheduled changes, soonest first."""
    found = []
    for name in (HISTORY, SCHEDULED):
        for item in data.get(name, []):
            found.append(
                Entry(
                    name,
                    _date(item.get("from")),
                    _date(item.get("until")),
                    tuple(Price.from_data(p) for p in item["pricing"]),
                    item[SOURCE_FIELD[name]],
                    item.get("note"),
                )
            )
    return found


def history_changes(old_raw: dict[str, Any], new_raw: dict[str, Any], kind: str) -> list[HistoryChange]:
    """What changed in the two records' price history and schedule, oldest first (past
    prices before scheduled changes)."""
    before, after = entries(old_raw), entries(new_raw)
    pairs = _pair(before, after)
    paired_old = {id(a) for a, _ in pairs}
    paired_new = {id(b) for _, b in pairs}
    listed = tuple(Price.from_data(p) for p in new_raw["pricing"])
    changes = [c for a, b in pairs if (c := _edited(a, b, kind)) is not None]
    for entry in before:
        if id(entry) not in paired_old:
            took_effect = entry.list == SCHEDULED and not price_changes(entry.pricing, listed)
            prices = [] if took_effect else price_changes(entry.pricing, ())
            changes.append(_change(entry, TOOK_EFFECT if took_effect else "removed", kind, prices))
    changes += [_change(e, "added", kind, price_changes((), e.pricing)) for e in after if id(e) not in paired_new]
    return sorted(changes, key=_order)


def _pair(before: list[Entry], after: list[Entry]) -> list[tuple[Entry, Entry]]:
    """The same entry on both sides: first by its key date, then a past price by its other
    date (`from`), then a scheduled change by its prices (its day moved)."""
    pairs: list[tuple[Entry, Entry]] = []
    rules = (
        lambda a, b: a.key == b.key,
        lambda a, b: a.list == HISTORY and a.start is not None and a.start == b.start,
        lambda a, b: a.list == SCHEDULED and not price_changes(a.pricing, b.pricing),
    )
    for same in rules:
        for a in before:
            if any(a is x for x, _ in pairs):
                continue
            free = [b for b in after if b.list == a.list and not any(b is y for _, y in pairs)]
            match = next((b for b in free if same(a, b)), None)
            if match is not None:
                pairs.append((a, match))
    return pairs


def _edited(a: Entry, b: Entry, kind: str) -> HistoryChange | None:
    change = _change(b, "edited", kind, price_changes(a.pricing, b.pricing))
    dates = (("from", a.start, b.start), ("until", a.end, b.end), (SOURCE_FIELD[a.list], a.source, b.source))
    change.fields = [(name, _text(x), _text(y)) for name, x, y in dates if x != y]
    change.edited = ["note"] if a.note != b.note else []
    return change if change.prices or change.fields or change.edited else None


def _change(entry: Entry, change: str, kind: str, prices: list[PriceChange]) -> HistoryChange:
    headline = headline_of(kind, entry.pricing) or entry.pricing[:1]
    return HistoryChange(entry.list, change, entry.start, entry.end, headline, prices)


def _order(change: HistoryChange) -> tuple[Any, ...]:
    day = change.start or change.end or dt.date.min
    return (change.list != HISTORY, day, change.end or dt.date.max, change.change)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _text(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


# ---------------------------------------------------------------- the warning


def unkept_price_warning(prices: list[PriceChange], old_raw: dict[str, Any], new_raw: dict[str, Any]) -> str:
    """A current price whose amount changed while the new record's last past price is not
    the old pricing: the old price is lost. '' when none changed or the history keeps it."""
    repriced = [p.component for p in prices if p.old is not None and p.new is not None and p.old != p.new]
    if not repriced:
        return ""
    old_pricing = tuple(Price.from_data(p) for p in old_raw["pricing"])
    history = [e for e in entries(new_raw) if e.list == HISTORY]
    if history and not price_changes(old_pricing, history[-1].pricing):
        return ""
    new_pricing = tuple(Price.from_data(p) for p in new_raw["pricing"])
    scheduled = [e for e in entries(old_raw) if e.list == SCHEDULED and not price_changes(e.pricing, new_pricing)]
    day = scheduled[0].start.isoformat() if scheduled and scheduled[0].start else "<the day the new price took effect>"
    return (
        f"the current price changes ({', '.join(repriced)}) without keeping the old one in price_history: "
        f"move the old pricing into price_history with until: {day} and its price_source, "
        "so the model's page and /changes/ keep it"
    )
