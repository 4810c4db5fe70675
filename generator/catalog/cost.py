"""The cost engine: what one usage of a model costs, exactly as its provider bills it.

    from generator.catalog.cost import Usage, cost
    bill = cost(model, Usage(input_tokens=250_000, output_tokens=2_000), tier="batch")
    bill.total, bill.total_with_fee, [(line.label, line.subtotal) for line in bill.lines]

A `Usage` holds disjoint quantities: every token is counted once, in the field that
prices it (`input_tokens` are the prompt's text tokens that were neither read from nor
written to the cache; `output_tokens` exclude reasoning and audio tokens).
`usage_from_openai` turns the `usage` object of the OpenAI API into one.

For each quantity the engine picks the model's price component:
- the unit: the quantity's own (`registry.QUANTITY_UNITS`), else its fallback (cached
  tokens without a cached price are billed as input, reasoning tokens as output);
- options: the size, quality, resolution and cache lifetime asked for (a component
  without the option applies to any; the cache lifetime defaults to 5 minutes);
- the service tier asked for; a unit the tier lists no price for is billed at the
  standard price, and the line says so;
- the time of day (`at`, HH:MM UTC): a component whose window holds it, else one
  without a window;
- the context-length tier, from the prompt's length (every prompt token: text, cached,
  cache writes, audio, images): a cliff tier prices all of the unit's tokens once the
  prompt is longer than its threshold; an incremental one prices only the unit's tokens
  beyond it.
Amounts stay Decimal throughout; nothing is rounded.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from generator.catalog.records import Model, Price
from generator.catalog.registry import DEFAULT_CACHE_TTL, PROMPT_QUANTITIES, QUANTITY_UNITS, UNITS, tier_label

OPTIONS = ("size", "quality", "resolution", "cache_ttl")


class CostError(ValueError):
    """A usage the model cannot be priced for; the message says what is possible."""


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    cache_write_tokens: int = 0
    cache_storage_token_hours: Decimal = Decimal(0)
    audio_input_tokens: int = 0
    audio_output_tokens: int = 0
    image_input_tokens: int = 0
    image_output_tokens: int = 0
    reasoning_tokens: int = 0
    images: int = 0
    seconds: Decimal = Decimal(0)
    characters: int = 0
    requests: int = 0
    searches: int = 0  # web searches or grounding queries
    tool_calls: int = 0
    rerank_searches: int = 0  # rerank calls (a search: one query over up to 100 documents)
    # what the quantities are of
    cache_ttl: str | None = None  # of the cache writes: '5m' or '1h'
    size: str | None = None  # of the images
    quality: str | None = None
    resolution: str | None = None  # of the video

    def quantities(self) -> dict[str, Decimal]:
        """The non-zero quantities, by field name, in field order."""
        return {name: Decimal(getattr(self, name)) for name in self.quantity_names() if getattr(self, name)}

    @classmethod
    def quantity_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name not in OPTIONS)

    @property
    def prompt_tokens(self) -> int:
        return sum(int(getattr(self, name)) for name in PROMPT_QUANTITIES)


@dataclass(frozen=True)
class Line:
    """One priced quantity: `quantity` of what the unit counts, at `price`, is `subtotal`."""

    quantity: Decimal
    price: Price
    subtotal: Decimal
    note: str = ""  # why this price: a fallback unit, the standard price under a tier

    @property
    def label(self) -> str:
        return self.price.label


@dataclass(frozen=True)
class Cost:
    model: str
    currency: str
    tier: str | None
    at: str | None
    lines: tuple[Line, ...]
    fee_percent: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return sum((line.subtotal for line in self.lines), Decimal(0))

    @property
    def total_with_fee(self) -> Decimal:
        return self.total * (1 + self.fee_percent / 100)


def tiers_of(model: Model) -> tuple[str, ...]:
    """The service tiers a model offers besides the standard one."""
    return tuple(sorted({p.tier for p in model.pricing if p.tier}))


def cost(
    model: Model, usage: Usage, tier: str | None = None, at: str | None = None, fee_percent: Decimal = Decimal(0)
) -> Cost:
    """Price `usage` of `model`; raises CostError when it cannot be priced."""
    if tier == "standard":
        tier = None
    if tier is not None and tier not in tiers_of(model):
        offered = ", ".join(("standard", *tiers_of(model)))
        raise CostError(f"{model.slug} has no {tier} tier; it offers: {offered}")
    lines: list[Line] = []
    for quantity, amount in usage.quantities().items():
        lines.extend(_price_quantity(model, usage, quantity, amount, tier, at))
    return Cost(model.slug, model.currency, tier, at, tuple(lines), fee_percent)


def _price_quantity(
    model: Model, usage: Usage, quantity: str, amount: Decimal, tier: str | None, at: str | None
) -> list[Line]:
    units = QUANTITY_UNITS[quantity]
    unit = next((u for u in units if any(p.unit == u for p in model.pricing)), None)
    if unit is None:
        priced = ", ".join(sorted({p.unit for p in model.pricing}))
        raise CostError(f"{model.slug} has no price for {quantity.replace('_', ' ')}; it is priced in: {priced}")
    notes = (
        [] if unit == units[0] else [f"billed as {UNITS[unit].label.lower()}: no {UNITS[units[0]].label.lower()} price"]
    )
    candidates = _with_options(model, [p for p in model.pricing if p.unit == unit], usage)
    in_tier = [p for p in candidates if p.tier == tier]
    if not in_tier and tier is not None:
        in_tier = [p for p in candidates if p.tier is None]
        notes.append(f"standard price: the {tier_label(tier).lower()} tier lists none for this")
    timed = [p for p in in_tier if at is not None and p.window is not None and p.window.contains(at)]
    chosen = timed or [p for p in in_tier if p.window is None]
    if not chosen:
        raise CostError(f"{model.slug} has no {UNITS[unit].label.lower()} price for this time ({at or 'no time'} UTC)")
    return _brackets(model, chosen, amount, usage.prompt_tokens, "; ".join(notes))


def _with_options(model: Model, candidates: list[Price], usage: Usage) -> list[Price]:
    """The components for the size, quality, resolution and cache lifetime asked for."""
    for option in OPTIONS:
        wanted = getattr(usage, option) or (DEFAULT_CACHE_TTL if option == "cache_ttl" else None)
        offered = sorted({v for p in candidates if (v := getattr(p, option))})
        if not offered:
            continue
        if wanted is None:
            general = [p for p in candidates if getattr(p, option) is None]
            if not general:
                raise CostError(
                    f"{model.slug} is priced by {option.replace('_', ' ')}: give one of {', '.join(offered)}"
                )
            candidates = general
        elif wanted in offered:
            candidates = [p for p in candidates if getattr(p, option) == wanted]
        elif any(getattr(p, option) is None for p in candidates):
            candidates = [p for p in candidates if getattr(p, option) is None]
        else:
            raise CostError(
                f"{model.slug} has no price for {option.replace('_', ' ')} {wanted}; it has: {', '.join(offered)}"
            )
    return candidates


def _brackets(model: Model, chosen: list[Price], amount: Decimal, prompt: int, note: str) -> list[Line]:
    """The lines of one quantity: its context-length tiers applied to the prompt's length."""
    base = next((p for p in chosen if p.above_tokens is None), None)
    passed = sorted((p for p in chosen if p.above_tokens and prompt > p.above_tokens), key=lambda p: p.above_tokens)
    if base is None and not passed:
        lowest = min(p.above_tokens or 0 for p in chosen)
        raise CostError(
            f"{model.slug} has no {chosen[0].spec.label.lower()} price for prompts of {lowest:,} tokens or fewer"
        )
    if not passed:
        return [_line(amount, base, note)]
    top = passed[-1]
    if not top.incremental or not top.spec.is_prompt:
        return [_line(amount, top, note)]
    bounds = [0, *(p.above_tokens or 0 for p in passed)]  # incremental: each bracket prices its own tokens
    lines = []
    for i, price in enumerate([base, *passed]):
        low = min(Decimal(bounds[i]), amount)
        high = min(Decimal(bounds[i + 1]), amount) if i + 1 < len(bounds) else amount
        if high > low:
            if price is None:
                raise CostError(f"{model.slug} has no {top.spec.label.lower()} price below {bounds[1]:,} tokens")
            lines.append(_line(high - low, price, note))
    return lines


def _line(quantity: Decimal, price: Price, note: str) -> Line:
    return Line(quantity, price, quantity / price.spec.per_quantity * price.amount, note)


# ---------------------------------------------------------------- the OpenAI usage object


def usage_from_openai(data: dict[str, Any], model: Model) -> tuple[Usage, list[str]]:
    """The Usage of an OpenAI API `usage` object (or a whole response holding one): chat
    completions, responses, embeddings or image generation. Also returns the fields it
    read, as dotted paths."""
    data = data.get("usage", data) if isinstance(data.get("usage"), dict) else data
    used: list[str] = []

    def read(*path: str) -> int:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, bool) or not isinstance(value, int):
            return 0
        used.append(".".join(path))
        return value

    if "prompt_tokens" in data:  # chat completions and embeddings
        prompt, cached = read("prompt_tokens"), read("prompt_tokens_details", "cached_tokens")
        audio_in = read("prompt_tokens_details", "audio_tokens")
        completion, reasoning = read("completion_tokens"), read("completion_tokens_details", "reasoning_tokens")
        audio_out = read("completion_tokens_details", "audio_tokens")
        usage = Usage(
            input_tokens=prompt - cached - audio_in,
            cached_tokens=cached,
            audio_input_tokens=audio_in,
            output_tokens=completion - reasoning - audio_out,
            reasoning_tokens=reasoning,
            audio_output_tokens=audio_out,
        )
        return usage, used
    if "input_tokens" in data:  # responses and image generation
        total_in, cached = read("input_tokens"), read("input_tokens_details", "cached_tokens")
        images_in = read("input_tokens_details", "image_tokens")
        total_out, reasoning = read("output_tokens"), read("output_tokens_details", "reasoning_tokens")
        image_output = model.kind == "image_generation" and any(
            p.unit == "per_1m_output_image_tokens" for p in model.pricing
        )
        usage = Usage(
            input_tokens=total_in - cached - images_in,
            cached_tokens=cached,
            image_input_tokens=images_in,
            output_tokens=0 if image_output else total_out - reasoning,
            reasoning_tokens=reasoning,
            image_output_tokens=total_out if image_output else 0,
        )
        return usage, used
    raise CostError(
        "not an OpenAI usage object: expected prompt_tokens (chat, embeddings) or input_tokens (responses, images)"
    )
