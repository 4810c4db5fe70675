"""The per-kind price tables of /pricing/: which columns a kind's table has and what each
model's row holds there.

A column is one price component the kind's models use: a unit, with its cache lifetime,
size, quality or resolution, or its long-context (above_tokens) tier. The columns come
from the data, in the order of the kind's units (`Kind.units`), long-context columns
after the others. Two rules keep a table readable:

- a unit priced in more than MAX_VARIANTS sizes, qualities or resolutions gets one
  column, its cheapest option (the cell names it: '$0.009 1024x1024, low');
- a table has at most MAX_PRICE_COLUMNS price columns: the kind's headline units always,
  then the components the most models have.

What a row does not show (a dropped column, a second context tier, time-of-day prices,
the other options of a collapsed unit) is counted in its 'More' cell, which links the
model's page. Amounts stay exact decimal strings; the money rule formats them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.catalog.kinds.base import Kind
from generator.catalog.records import Model, Offer, Price, compact_tokens
from generator.catalog.registry import CACHE_TTLS, DEFAULT_CACHE_TTL, TIERS, UNITS, format_money, plain_decimal

MAX_PRICE_COLUMNS = 8  # price columns of one table: at 1280 px they fit without scrolling
MAX_VARIANTS = 5  # options of one unit shown as columns of their own (video's resolutions); more collapse
CHEAPEST = "*"  # the variant of a collapsed unit's one column

Key = tuple[str, str, bool]  # (unit, variant, long): variant '' | '1h' | '1024x1024, low' | '720p' | CHEAPEST


@dataclass(frozen=True)
class Column:
    key: Key
    label: str  # 'Input', 'Input > 200K', 'Input, long context', 'Per second'
    detail: str  # under the label: '5-minute', 'per second', '/ 1K searches', 'cheapest option'
    threshold: int | None = None  # a long-context column whose every price starts at one threshold


@dataclass(frozen=True)
class Cell:
    amount: str  # exact decimal, e.g. '0.030': what the column sorts by
    display: str  # '$0.030', '€2.50'
    note: str = ""  # '> 200K' (a long-context tier of its own), '1024x1024, low' (a collapsed unit's option)


@dataclass(frozen=True)
class TableRow:
    """One model in one table: its shown offer's prices in this tier, one cell per column."""

    slug: str
    name: str
    provider: str  # the maker's name
    status: str  # 'active', 'preview', 'deprecated'
    currency: str
    offer_count: int  # with several offers the cells show the cheapest one's prices, 'from'
    offer_label: str  # 'HostCo Cloud (us)': the shown offer, when there are several
    cells: tuple[Cell | None, ...]  # None: the model has no such price ('—')
    more: int  # this tier's prices of the shown offer that no cell shows


@dataclass(frozen=True)
class KindTable:
    kind: str  # the kind's id
    label: str  # 'Chat'
    anchor: str  # 'prices-chat': the id of its heading
    columns: tuple[Column, ...]
    total: int  # the kind's models in this tier, on every page
    first_page: str  # the URL of the page where the kind's table starts
    rows: tuple[TableRow, ...] = ()  # this page's models of the kind (none in the listing's plan)


def tier_prices(offer: Offer, tier: str | None) -> tuple[Price, ...]:
    """The offer's prices in one service tier (None: the standard tier)."""
    return tuple(p for p in offer.pricing if p.tier == tier)


def offer_for(model: Model, tier: str | None) -> Offer | None:
    """The offer a row shows: the cheapest (`Model.all_offers` order) with prices in the tier."""
    return next((o for o in model.all_offers if tier_prices(o, tier)), None)


def tiers_of(models: Iterable[Model]) -> tuple[str, ...]:
    """The service tiers priced anywhere in these models: the registry's first, in its
    order, then providers' named modes, sorted."""
    return ordered_tiers({p.tier for m in models for o in m.all_offers for p in o.pricing if p.tier})


def ordered_tiers(named: Iterable[str]) -> tuple[str, ...]:
    """Service tiers in page order: the registry's first, in its order, then providers' named modes, sorted."""
    named = set(named)
    return tuple(t for t in TIERS if t in named) + tuple(sorted(named - set(TIERS)))


def variant_of(price: Price) -> str:
    """The options that tell one price of a unit from another, as a reader says them."""
    ttl = (price.cache_ttl or DEFAULT_CACHE_TTL) if "cache_ttl" in price.spec.conditions else None
    return ", ".join(v for v in (ttl, price.size, price.quality, price.resolution) if v)


def raw_key(price: Price) -> Key | None:
    """The column a price would have before collapsing; None for a time-of-day price,
    which a table never shows (its model's page does)."""
    if price.window is not None:
        return None
    return (price.unit, variant_of(price), price.above_tokens is not None)


def collapsed_units(lists: Iterable[tuple[Price, ...]]) -> frozenset[tuple[str, bool]]:
    """The (unit, long) groups with more than MAX_VARIANTS options that are not a cache
    lifetime: they get one column, the cheapest option."""
    variants: dict[tuple[str, bool], set[str]] = {}
    for prices in lists:
        for p in prices:
            key = raw_key(p)
            if key and "cache_ttl" not in p.spec.conditions:
                variants.setdefault((key[0], key[2]), set()).add(key[1])
    return frozenset(group for group, seen in variants.items() if len(seen) > MAX_VARIANTS)


def column_key(price: Price, collapsed: frozenset[tuple[str, bool]]) -> Key | None:
    key = raw_key(price)
    if key is None:
        return None
    unit, _, long = key
    return (unit, CHEAPEST, long) if (unit, long) in collapsed else key


def choose_columns(kind: Kind, lists: tuple[tuple[Price, ...], ...]) -> tuple[Column, ...]:
    """The columns of a kind's table, from the prices its rows show (one tuple per model).
    Lists alike in what columns read of them (`column_facts`) count once per model but
    are looked at once: a kind's models are priced much alike."""
    alike: dict[tuple[tuple[Any, ...], ...], list[Any]] = {}  # facts -> [the first such list, how many]
    for prices in lists:
        facts = column_facts(prices)
        seen = alike.get(facts)
        if seen is None:
            alike[facts] = [prices, 1]
        else:
            seen[1] += 1
    collapsed = collapsed_units(prices for prices, _ in alike.values())
    counts: Counter[Key] = Counter()
    appearance: dict[Key, int] = {}
    thresholds: dict[Key, set[int]] = {}
    for prices, uses in alike.values():
        shown: set[Key] = set()
        for p in prices:
            key = column_key(p, collapsed)
            if key is not None:
                shown.add(key)
                appearance.setdefault(key, len(appearance))
                if p.above_tokens is not None:
                    thresholds.setdefault(key, set()).add(first_threshold(prices, key, collapsed))
        for key in shown:
            counts[key] += uses
    ordered = sorted(counts, key=lambda k: display_order(kind, k, appearance))
    kept = keep_within_budget(kind, ordered, counts)
    return tuple(make_column(k, thresholds.get(k, set())) for k in kept)


def column_facts(prices: tuple[Price, ...]) -> tuple[tuple[Any, ...], ...]:
    """All that choose_columns reads of a list: what raw_key, collapsed_units and
    first_threshold read of each price."""
    return tuple(
        (p.unit, p.window is None, p.cache_ttl, p.size, p.quality, p.resolution, p.above_tokens) for p in prices
    )


def display_order(kind: Kind, key: Key, appearance: dict[Key, int]) -> tuple[bool, int, bool, int, int]:
    """Long-context columns after the others; then the kind's unit order; a unit's plain
    price before its options; cache lifetimes in the registry's order; other options as
    the data first lists them."""
    unit, variant, long = key
    place = unit_place(kind, unit)
    ttls = list(CACHE_TTLS)
    ttl = ttls.index(variant.split(", ")[0]) if variant.split(", ")[0] in ttls else len(ttls)
    return (long, place, variant != "", ttl, appearance[key])


def unit_place(kind: Kind, unit: str) -> int:
    return kind.units.index(unit) if unit in kind.units else len(kind.units)


def keep_within_budget(kind: Kind, ordered: list[Key], counts: Counter[Key]) -> list[Key]:
    """At most MAX_PRICE_COLUMNS: the headline units' plain columns, then the most used
    (ties: the kind's unit order, a unit's long-context tier right after the unit itself)."""
    if len(ordered) <= MAX_PRICE_COLUMNS:
        return ordered
    headline = [k for k in ordered if k[0] in kind.base_units and k[1] in ("", CHEAPEST) and not k[2]]

    def rank(key: Key) -> tuple[int, int, bool, int]:
        return (-counts[key], unit_place(kind, key[0]), key[2], ordered.index(key))

    rest = sorted((k for k in ordered if k not in headline), key=rank)
    kept = set(headline + rest[: max(0, MAX_PRICE_COLUMNS - len(headline))])
    return [k for k in ordered if k in kept]


def make_column(key: Key, thresholds: set[int]) -> Column:
    unit, variant, long = key
    spec = UNITS[unit]
    threshold = next(iter(thresholds)) if long and len(thresholds) == 1 else None
    label = spec.label
    if long:
        label = f"{label} > {compact_tokens(threshold)}" if threshold else f"{label}, long context"
    if spec.label.startswith("Per ") and variant not in ("", CHEAPEST) and not long:
        return Column(key, variant_label(variant), spec.per)  # video's '720p', 'per second'
    options = "cheapest option" if variant == CHEAPEST else variant_label(variant)
    per = "" if spec.label.startswith("Per ") or is_per_million_tokens(unit) else spec.short
    return Column(key, label, " · ".join(part for part in (options, per) if part), threshold)


def is_per_million_tokens(unit: str) -> bool:
    """Priced per 1M tokens of some kind: the page says so once, not in every header."""
    per = UNITS[unit].per
    return per.startswith("per 1M ") and per.endswith(" tokens")


def variant_label(variant: str) -> str:
    """'1h' -> '1-hour'; '1h, 1024x1024' stays readable; sizes and resolutions as written."""
    head, _, rest = variant.partition(", ")
    head = CACHE_TTLS.get(head, head)
    return f"{head}, {rest}" if rest else head


def first_threshold(prices: tuple[Price, ...], key: Key, collapsed: frozenset[tuple[str, bool]]) -> int:
    """The lowest context tier among a model's prices in one long-context column."""
    return min(p.above_tokens or 0 for p in prices if column_key(p, collapsed) == key)


def row_cells(
    columns: tuple[Column, ...], prices: tuple[Price, ...], currency: str, collapsed: frozenset[tuple[str, bool]]
) -> tuple[tuple[Cell | None, ...], int]:
    """One cell per column (None where the model has no such price) and how many of the
    prices no cell shows."""
    shown: set[int] = set()
    cells = []
    for column in columns:
        candidates = [(i, p) for i, p in enumerate(prices) if column_key(p, collapsed) == column.key]
        if not candidates:
            cells.append(None)
            continue
        index, price = min(candidates, key=lambda c: (c[1].above_tokens or 0, c[1].amount, c[0]))
        shown.add(index)
        cells.append(make_cell(column, price, currency))
    return tuple(cells), len(prices) - len(shown)


def make_cell(column: Column, price: Price, currency: str) -> Cell:
    note = ""
    if column.key[1] == CHEAPEST:
        note = variant_label(variant_of(price))
    if column.key[2] and column.threshold is None:
        note = ", ".join(n for n in (note, f"> {compact_tokens(price.above_tokens or 0)}") if n)
    return Cell(plain_decimal(price.amount), format_money(price.amount, currency), note)


def kind_columns(kind: Kind, models: tuple[Model, ...], tier: str | None) -> tuple[Column, ...]:
    """The columns of one kind's table in one tier, from every model of the kind (so each
    page of a long table has the same columns)."""
    lists = tuple(tier_prices(o, tier) for m in models if (o := offer_for(m, tier)) is not None)
    return choose_columns(kind, lists)


def price_row(model: Model, tier: str | None, columns: tuple[Column, ...], provider: str, offer_label: str) -> TableRow:
    offer = offer_for(model, tier)
    assert offer is not None, "a table lists only models priced in its tier"
    prices = tier_prices(offer, tier)
    collapsed = frozenset((c.key[0], c.key[2]) for c in columns if c.key[1] == CHEAPEST)
    cells, more = row_cells(columns, prices, offer.currency, collapsed)
    count = len(model.offers) + 1
    return TableRow(model.slug, model.name, provider, model.status, offer.currency, count, offer_label, cells, more)
