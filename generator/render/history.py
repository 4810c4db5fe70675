"""A model's price over time, as its page and Markdown twin show it: a step chart per
price whose amount moved, a table with one row per period (oldest first, as the chart reads
left to right), and the notice of each change still to come.

Pure functions of the Model: the chart's geometry is computed here with Decimal and
integer day arithmetic (coordinates with one fixed decimal, so rebuilds are
byte-identical); its markup lives in templates/_history.html.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.catalog.changes import PriceChange, model_changes
from generator.catalog.records import Model, Price, PricePeriod
from generator.catalog.registry import format_money

# The chart's box, in SVG user units: the plot sits inside these margins.
WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 64, 14, 12, 38
TICK_GAP = 68  # two date labels closer than this go on two rows
VALUE_GAP = 13  # two amount labels closer than this: the lower one is left out
EDGE_DAYS = 14  # the least room given to an open end (before the first day, after the last)
PAST, CURRENT, SCHEDULED = "past", "current", "scheduled"
_POINT = Decimal("0.1")


@dataclass(frozen=True)
class Component:
    """One price of the model, as the price tables name it."""

    identity: tuple[Any, ...]
    label: str  # 'Input', 'Input (Batch)', 'Input (prompts above 200K tokens)'
    per: str  # 'per 1M input tokens'


@dataclass(frozen=True)
class Step:
    """One component's price during one period."""

    start: dt.date | None  # None: the record does not say since when
    end: dt.date | None  # exclusive; None: no end announced
    amount: Decimal
    money: str  # '$2.50', exactly as recorded
    state: str  # PAST, CURRENT or SCHEDULED


@dataclass(frozen=True)
class Series:
    component: Component
    steps: tuple[Step, ...]  # oldest first; a period without this component has no step
    everywhere: bool  # every period lists the component

    @property
    def moved(self) -> bool:
        """Whether the price had two amounts or more: what a chart is drawn for (one that only
        appears or goes away is a column of the table, where '—' marks the periods without it)."""
        return len({s.amount for s in self.steps}) > 1

    @property
    def changed(self) -> bool:
        """Whether the price moved, appeared or went away over the periods."""
        return not self.everywhere or self.moved

    @property
    def summary(self) -> str:
        """'$5.00 from 2024-05-13 until 2024-10-02; $2.50 from 2024-10-02 (current)'."""
        return "; ".join(f"{s.money} {span_words(s.start, s.end)}{_state_words(s.state)}" for s in self.steps)


@dataclass(frozen=True)
class Line:
    x1: str
    y1: str
    x2: str
    y2: str
    state: str  # PAST, CURRENT, SCHEDULED ('' for a riser between two steps)
    dashed: bool = False  # a riser into a scheduled step


@dataclass(frozen=True)
class Label:
    x: str
    y: str
    text: str
    anchor: str  # 'start', 'middle' or 'end'


@dataclass(frozen=True)
class Chart:
    """One component's step chart: geometry only; templates/_history.html draws it."""

    series: Series
    title: str  # the text alternative: what the chart shows, every step in words
    steps: tuple[Line, ...]  # one per period that lists the component
    risers: tuple[Line, ...]  # where one step meets the next
    dates: tuple[Label, ...]  # each day the price changed, under the x axis
    values: tuple[Label, ...]  # 0 and each amount, left of the y axis
    grid: tuple[Line, ...]  # a faint line at each amount
    x_axis: Line
    y_axis: Line
    width: int = WIDTH
    height: int = HEIGHT


@dataclass(frozen=True)
class HistoryRow:
    """One period of the table."""

    start: str  # ISO day, or '' when the record does not say
    end: str  # ISO day (exclusive), or '' when no end is announced
    prices: tuple[str, ...]  # each changed component's price then ('—' when not listed)
    source: str
    note: str
    state: str  # PAST, CURRENT or SCHEDULED


@dataclass(frozen=True)
class PriceHistory:
    components: tuple[Component, ...]  # the table's columns: the prices that changed
    rows: tuple[HistoryRow, ...]  # oldest first
    charts: tuple[Chart, ...]  # one per component whose amount moved
    unchanged: tuple[str, ...]  # 'Cached input $1.25 per 1M cached input tokens': the same in every period


@dataclass(frozen=True)
class ScheduledChange:
    """A change still to come, for the notice above the prices."""

    day: dt.date
    changes: tuple[str, ...]  # 'Input $2.00 per 1M input tokens (was $2.50)'
    source: str  # the announcement
    note: str

    @property
    def text(self) -> str:
        """'From 2027-01-15: Input $2.00 per 1M input tokens (was $2.50); Output ...'."""
        return f"From {self.day.isoformat()}: {'; '.join(self.changes)}."


def price_history(model: Model) -> PriceHistory | None:
    """The history of a model whose price changed or will change; None for one price list."""
    if len(model.periods) < 2:
        return None
    series = component_series(model)
    changed = tuple(s for s in series if s.changed)
    domain = day_domain(model.periods)
    return PriceHistory(
        components=tuple(s.component for s in changed),
        rows=tuple(history_rows(model, changed)),
        charts=tuple(chart(model, s, domain) for s in charted(changed)),
        unchanged=tuple(f"{s.component.label} {s.steps[0].money} {s.component.per}" for s in series if not s.changed),
    )


def charted(changed: tuple[Series, ...]) -> tuple[Series, ...]:
    """The prices drawn: those whose amount moved; when none did (prices only appeared or
    went away, as when a long-context tier ended), each that changed, so that every
    history has its chart."""
    return tuple(s for s in changed if s.moved) or changed


def period_state(model: Model, index: int) -> str:
    if index == model.current:
        return CURRENT
    return SCHEDULED if index > model.current else PAST


def components_of(model: Model) -> tuple[Component, ...]:
    """Every component any period lists: the current price list's in its order, then the
    others as the periods first list them, oldest first."""
    order = [model.periods[model.current], *model.periods]
    seen: dict[tuple[Any, ...], Price] = {}
    for period in order:
        for price in period.pricing:
            seen.setdefault(price.identity, price)
    return tuple(Component(key, price.label, price.spec.per) for key, price in seen.items())


def component_series(model: Model) -> tuple[Series, ...]:
    """Each component's price in each period that lists it, oldest first. A component
    that some period leaves out counts as changed (it appeared or went away)."""
    out = []
    for component in components_of(model):
        steps = []
        for index, period in enumerate(model.periods):
            price = _find(period, component)
            if price is not None:
                state = period_state(model, index)
                steps.append(Step(period.start, period.end, price.amount, _money(model, price.amount), state))
        out.append(Series(component, tuple(steps), len(steps) == len(model.periods)))
    return tuple(out)


def history_rows(model: Model, series: tuple[Series, ...]) -> list[HistoryRow]:
    rows = []
    for index, period in enumerate(model.periods):
        prices = []
        for s in series:
            price = _find(period, s.component)
            prices.append(_money(model, price.amount) if price is not None else "—")
        rows.append(
            HistoryRow(
                period.start.isoformat() if period.start else "",
                period.end.isoformat() if period.end else "",
                tuple(prices),
                period.source,
                period.note or "",
                period_state(model, index),
            )
        )
    return rows


def scheduled_changes(model: Model) -> tuple[ScheduledChange, ...]:
    """One notice per announced change still to come, soonest first."""
    by_day: dict[dt.date, list[PriceChange]] = {}
    for change in model_changes(model):
        if change.scheduled:
            by_day.setdefault(change.day, []).append(change)
    notes = {p.start: p.note or "" for p in model.upcoming}
    return tuple(
        ScheduledChange(day, tuple(change_words(model, c) for c in changes), changes[0].source, notes.get(day, ""))
        for day, changes in sorted(by_day.items())
    )


def change_words(model: Model, change: PriceChange) -> str:
    """'Input $2.00 per 1M input tokens (was $2.50)', '… (new)', 'Batch input: no longer listed (was …)'."""
    label, per = change.price.label, change.price.spec.per
    if change.new is None:
        assert change.old is not None
        return f"{label}: no longer listed (was {_money(model, change.old)} {per})"
    was = f"was {_money(model, change.old)}" if change.old is not None else "new"
    return f"{label} {_money(model, change.new)} {per} ({was})"


def span_words(start: dt.date | None, end: dt.date | None) -> str:
    """'from 2024-05-13 until 2024-10-02', 'until 2024-10-02', 'from 2024-10-02'."""
    parts = ([f"from {start.isoformat()}"] if start else []) + ([f"until {end.isoformat()}"] if end else [])
    return " ".join(parts) or "throughout"


def _state_words(state: str) -> str:
    return f" ({state})" if state != PAST else ""


def _find(period: PricePeriod, component: Component) -> Price | None:
    return next((p for p in period.pricing if p.identity == component.identity), None)


def _money(model: Model, amount: Decimal) -> str:
    return format_money(amount, model.currency)


# ---------------------------------------------------------------- the chart's geometry


def day_domain(periods: tuple[PricePeriod, ...]) -> tuple[dt.date, dt.date]:
    """The first and last day the x axis spans: every day a period starts or ends, with
    room before an open start and after an open end (a sixth of the span, two weeks at least)."""
    days = sorted({d for p in periods for d in (p.start, p.end) if d is not None})
    first, last = days[0], days[-1]
    room = dt.timedelta(days=max((last - first).days // 6, EDGE_DAYS))
    if periods[0].start is None:
        first -= room
    if periods[-1].end is None:
        last += room
    return first, last


def _point(value: Decimal) -> str:
    return f"{value.quantize(_POINT):.1f}"


def chart(model: Model, series: Series, domain: tuple[dt.date, dt.date]) -> Chart:
    first, last = domain
    span = Decimal((last - first).days)
    plot_w, plot_h = Decimal(WIDTH - LEFT - RIGHT), Decimal(HEIGHT - TOP - BOTTOM)
    top = max(s.amount for s in series.steps)
    left_x, right_x, base_y = Decimal(LEFT), Decimal(WIDTH - RIGHT), Decimal(HEIGHT - BOTTOM)

    def x_of(day: dt.date | None, default: Decimal) -> Decimal:
        return default if day is None else left_x + Decimal((day - first).days) * plot_w / span

    def y_of(amount: Decimal) -> Decimal:
        return base_y if top == 0 else base_y - amount * plot_h / top

    steps, risers = [], []
    for i, step in enumerate(series.steps):
        x1, x2, y = x_of(step.start, left_x), x_of(step.end, right_x), y_of(step.amount)
        steps.append(Line(_point(x1), _point(y), _point(x2), _point(y), step.state))
        after = series.steps[i + 1] if i + 1 < len(series.steps) else None
        if after is not None and step.end is not None and after.start == step.end and after.amount != step.amount:
            risers.append(
                Line(_point(x2), _point(y), _point(x2), _point(y_of(after.amount)), "", after.state == SCHEDULED)
            )
    c = series.component
    return Chart(
        series=series,
        title=f"{c.label} price of {model.name}, {c.per}, over time: {series.summary}.",
        steps=tuple(steps),
        risers=tuple(risers),
        dates=date_labels(series, x_of, base_y),
        values=value_labels(model, series, y_of),
        grid=tuple(
            Line(_point(left_x), _point(y_of(a)), _point(right_x), _point(y_of(a)), "")
            for a in sorted({s.amount for s in series.steps})
        ),
        x_axis=Line(_point(left_x), _point(base_y), _point(right_x), _point(base_y), ""),
        y_axis=Line(_point(left_x), _point(Decimal(TOP)), _point(left_x), _point(base_y), ""),
    )


def date_labels(series: Series, x_of: Any, base_y: Decimal) -> tuple[Label, ...]:
    """Each day a step starts or ends, under the axis; a label that would touch the one
    before goes on a second row, and is left out when that row is taken too (the table
    has every day)."""
    days = sorted({d for s in series.steps for d in (s.start, s.end) if d is not None})
    last_x: list[Decimal | None] = [None, None]
    labels = []
    for day in days:
        x = x_of(day, Decimal(LEFT))
        row = next((r for r in (0, 1) if last_x[r] is None or x - last_x[r] >= TICK_GAP), None)  # type: ignore[operator]
        if row is None:
            continue
        last_x[row] = x
        anchor = "start" if x - LEFT < TICK_GAP // 2 else "end" if WIDTH - x < TICK_GAP // 2 else "middle"
        labels.append(Label(_point(x), _point(base_y + 14 + 13 * row), day.isoformat(), anchor))
    return tuple(labels)


def value_labels(model: Model, series: Series, y_of: Any) -> tuple[Label, ...]:
    """Each amount the price had, highest first, then 0: a label that would touch the one
    above moves down until it does not (its grid line still marks the amount); one that
    would move below the axis, and 0 when there is no room left for it, is left out (the
    table and the chart's text alternative have every amount)."""
    amounts = sorted({s.amount for s in series.steps if s.amount}, reverse=True)
    base = y_of(Decimal(0))
    placed: list[tuple[Decimal, Decimal]] = []  # (label's y, amount)
    for amount in amounts:
        y = y_of(amount) if not placed else max(y_of(amount), placed[-1][0] + VALUE_GAP)
        if y <= base:
            placed.append((y, amount))
    if not placed or base - placed[-1][0] >= VALUE_GAP:
        placed.append((base, Decimal(0)))
    return tuple(Label(_point(Decimal(LEFT - 6)), _point(y + 4), _money(model, a), "end") for y, a in placed)
