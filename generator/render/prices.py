"""The lines of one price list as every output shows them: each price as money in its
currency, exactly as recorded ('$0.030'), grouped by service tier, with what each time
window and context tier means. A model's own list and each offer's list read alike."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog.records import Price, Window, compact_tokens
from generator.catalog.registry import TIERS, format_money, tier_label


@dataclass(frozen=True)
class PriceLine:
    label: str  # 'Input (prompts above 200K tokens)'
    amount: str  # '$2.50', exactly as recorded
    per: str  # 'per 1M input tokens'
    note: str  # the record's remark, or ''
    price: Price


@dataclass(frozen=True)
class PriceGroup:
    """The prices of one service tier: the standard prices first, then batch, flex..."""

    title: str  # 'Standard', 'Batch', 'Fast mode'
    lines: tuple[PriceLine, ...]


def price_line(price: Price, currency: str) -> PriceLine:
    return PriceLine(price.label, format_money(price.amount, currency), price.spec.per, price.note or "", price)


def price_phrase(price: Price, currency: str) -> str:
    """'$2.50 per 1M input tokens (prompts above 200K tokens)', '€2.50 per 1M input tokens'."""
    text = f"{format_money(price.amount, currency)} {price.spec.per}"
    return f"{text} ({price.condition})" if price.condition else text


def tier_order(tier: str | None) -> tuple[int, str]:
    """Standard first, then the registry's tiers in its order, then named modes by name."""
    names = list(TIERS)
    if tier is None:
        return (0, "")
    return (1 + names.index(tier), "") if tier in names else (1 + len(names), tier)


def price_groups(lines: tuple[PriceLine, ...]) -> tuple[PriceGroup, ...]:
    """The price lines by service tier, each in record order."""
    tiers = sorted({line.price.tier for line in lines}, key=tier_order)
    return tuple(
        PriceGroup(tier_label(tier) if tier else "Standard", tuple(x for x in lines if x.price.tier == tier))
        for tier in tiers
    )


def window_note(window: Window) -> tuple[str, str]:
    """('Off-peak: 16:30–00:30 UTC', what that means)."""
    return (
        f"Off-peak: {window}",
        f"prices marked {window} apply to requests made in that window; at other times the prices without a window apply.",
    )


def threshold_note(above_tokens: int, incremental: bool) -> tuple[str, str]:
    """What a context tier means: the whole request past the threshold (a cliff), or only the tokens beyond it."""
    count = compact_tokens(above_tokens)
    if incremental:
        return (
            f"Tokens beyond {count} (incremental)",
            f"only the prompt tokens past {count} are billed at that price; the first {count} keep the price without the tier.",
        )
    return (
        f"Prompts above {count} tokens (cliff)",
        f"once a prompt is longer than {count} tokens, the whole request is billed at that price.",
    )


def price_notes(prices: tuple[Price, ...]) -> tuple[tuple[str, str], ...]:
    """One note per distinct window and context tier of these prices, in a stable order."""
    windows = sorted({p.window for p in prices if p.window}, key=lambda w: (w.start, w.end))
    tiers = sorted({(p.above_tokens, p.incremental) for p in prices if p.above_tokens})
    return tuple(window_note(w) for w in windows) + tuple(threshold_note(n, inc) for n, inc in tiers)
