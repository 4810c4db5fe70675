"""`diff`: two price lists compared component by component, as the record's own
pricing, each offer and each past or scheduled price list are; and what in one
component's change deserves a second look."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from generator.catalog.records import Price
from generator.catalog.registry import DEFAULT_CACHE_TTL

RATIO_LIMIT = Decimal(5)


@dataclass(frozen=True)
class PriceChange:
    component: str  # 'per_1m_input_tokens' or 'per_image [1024x1024, hd]'
    old: Decimal | None  # None: the component is new
    new: Decimal | None  # None: the component was removed


def price_key(price: Price) -> str:
    """'per_image [1024x1024, hd]': the component's identity as authors read it. A cache
    write without `cache_ttl` is the 5-minute one, so naming its lifetime is no change."""
    if price.unit == "per_1m_cache_write_tokens" and price.cache_ttl == DEFAULT_CACHE_TTL:
        price = replace(price, cache_ttl=None)
    condition = price.exact_condition
    return price.unit + (f" [{condition}]" if condition else "")


def price_changes(old: tuple[Price, ...], new: tuple[Price, ...]) -> list[PriceChange]:
    """The components added, removed or repriced between two price lists, by `price_key`."""
    before = {price_key(p): p.amount for p in old}
    after = {price_key(p): p.amount for p in new}
    return [
        PriceChange(key, before.get(key), after.get(key))
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key) or (key in before) != (key in after)
    ]


def price_warning(price: PriceChange, becomes_free: bool) -> str:
    old, new = price.old, price.new
    if old is None or new is None or old == new:
        return ""
    if old > 0 and new > 0 and (new / old > RATIO_LIMIT or old / new > RATIO_LIMIT):
        factor = new / old if new > old else old / new
        return f"{price.component} changes by more than 5x ({factor:.1f}x): {old} -> {new}"
    if old > 0 and new == 0 and not becomes_free:
        return f"{price.component} drops to 0 (was {old})"
    if old == 0 and new > 0:
        return f"{price.component} was free and now costs {new}"
    return ""
