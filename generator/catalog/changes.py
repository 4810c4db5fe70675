"""Price changes: what moved between a record's consecutive price periods, for the
model page's history, the /changes/ page, the feeds and the JSON API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator.catalog.records import Model, Price, PricePeriod


@dataclass(frozen=True)
class PriceChange:
    slug: str
    provider_id: str
    kind: str
    day: dt.date  # the day the new price took (or takes) effect
    price: Price  # the component: the new one, or the old one when it was removed
    old: Decimal | None  # None: the component is new
    new: Decimal | None  # None: the component was removed
    currency: str
    source: str  # where the new price was published (the announcement of a scheduled one)
    scheduled: bool  # takes effect after the build's price date

    @property
    def percent(self) -> Decimal | None:
        """+50, -12.5; None when a side is missing or the old price was 0."""
        if self.old is None or self.new is None or self.old == 0:
            return None
        return ((self.new - self.old) * 100 / self.old).quantize(Decimal("0.1")).normalize() + 0

    @property
    def direction(self) -> str:
        """'down', 'up', 'added' or 'removed'."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "down" if self.new < self.old else "up"

    @property
    def id(self) -> str:
        """Stable across rebuilds: the model, the day and the component's identity."""
        parts = [str(v) for v in self.price.identity if v is not None]
        return f"{self.slug}/{self.day.isoformat()}/{'/'.join(parts)}"


def model_changes(model: Model) -> tuple[PriceChange, ...]:
    """Every component that changed between consecutive periods, oldest first."""
    changes: list[PriceChange] = []
    for index, (before, after) in enumerate(zip(model.periods, model.periods[1:], strict=False), start=1):
        if after.start is None:
            continue
        changes += _between(model, before, after, scheduled=index > model.current)
    return tuple(changes)


def _between(model: Model, before: PricePeriod, after: PricePeriod, scheduled: bool) -> list[PriceChange]:
    old = {p.identity: p for p in before.pricing}
    new = {p.identity: p for p in after.pricing}
    assert after.start is not None
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(key), new.get(key)
        if was is not None and now is not None and was.amount == now.amount:
            continue
        price = now or was
        assert price is not None
        out.append(
            PriceChange(
                model.slug,
                model.provider_id,
                model.kind,
                after.start,
                price,
                was.amount if was else None,
                now.amount if now else None,
                model.currency,
                after.source,
                scheduled,
            )
        )
    return out


def catalog_changes(models: Iterable[Model]) -> tuple[PriceChange, ...]:
    """Every change of every model, newest first (then by slug and component, for a stable order)."""
    changes = [change for model in models for change in model_changes(model)]
    return tuple(sorted(changes, key=lambda c: (-c.day.toordinal(), c.slug, c.id)))
