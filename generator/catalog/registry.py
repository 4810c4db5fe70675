"""Price units and money: what each unit means, which kinds may use it, what is
plausible, and how an exact amount is shown. Decimals only; never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Unit:
    id: str
    label: str  # column label, e.g. 'Input (per 1M tokens)'
    per: str  # after an amount: '$2.50 per 1M input tokens'
    short: str  # compact suffix: '$2.50 / 1M input'
    quantity_noun: str  # for worked examples: '1,000 images'
    example_quantity: Decimal  # how many units a worked example uses
    low: Decimal | None  # amounts above 0 and below this look like a unit mix-up
    high: Decimal  # amounts above this look like a unit mix-up


def _u(id, label, per, short, noun, qty, low, high) -> Unit:
    return Unit(id, label, per, short, noun, Decimal(qty), Decimal(low) if low else None, Decimal(high))


_TOKENS_LOW, _TOKENS_HIGH = "0.001", "1000"
UNITS: dict[str, Unit] = {
    u.id: u
    for u in (
        _u("per_1m_input_tokens", "Input", "per 1M input tokens", "/ 1M input", "1M input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH),
        _u("per_1m_output_tokens", "Output", "per 1M output tokens", "/ 1M output", "1M output tokens", "1", _TOKENS_LOW, _TOKENS_HIGH),
        _u("per_1m_cached_input_tokens", "Cached input", "per 1M cached input tokens", "/ 1M cached", "1M cached input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH),
        _u("per_1m_cache_write_tokens", "Cache write", "per 1M cache-write tokens", "/ 1M cache write", "1M cache-write tokens", "1", _TOKENS_LOW, _TOKENS_HIGH),
        _u("per_1m_input_audio_tokens", "Audio input", "per 1M audio input tokens", "/ 1M audio in", "1M audio input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH),
        _u("per_1m_output_audio_tokens", "Audio output", "per 1M audio output tokens", "/ 1M audio out", "1M audio output tokens", "1", _TOKENS_LOW, _TOKENS_HIGH),
        _u("per_image", "Per image", "per image", "/ image", "1,000 images", "1000", None, "100"),
        _u("per_second", "Per second", "per second", "/ second", "1 minute (60 seconds)", "60", None, "50"),
        _u("per_minute", "Per minute", "per minute", "/ minute", "1 hour (60 minutes)", "60", None, "10"),
        _u("per_1m_characters", "Per 1M characters", "per 1M characters", "/ 1M chars", "1M characters", "1", _TOKENS_LOW, "1000"),
        _u("per_request", "Per request", "per request", "/ request", "1,000 requests", "1000", None, "100"),
    )
}  # fmt: skip

TOKEN_UNITS = frozenset(u for u in UNITS if "tokens" in u)

# Which units each kind of model may be priced in, and which come first on the page.
KIND_UNITS: dict[str, tuple[str, ...]] = {
    "chat": ("per_1m_input_tokens", "per_1m_output_tokens", "per_1m_cached_input_tokens",
             "per_1m_cache_write_tokens", "per_1m_input_audio_tokens", "per_1m_output_audio_tokens", "per_request"),
    "image_generation": ("per_image", "per_1m_input_tokens", "per_1m_output_tokens", "per_1m_cached_input_tokens"),
    "embeddings": ("per_1m_input_tokens", "per_request"),
    "text_to_speech": ("per_1m_characters", "per_1m_input_tokens", "per_1m_output_audio_tokens", "per_minute", "per_second"),
    "speech_to_text": ("per_minute", "per_second", "per_1m_input_audio_tokens", "per_1m_input_tokens", "per_1m_output_tokens"),
    "video_generation": ("per_second", "per_request"),
}  # fmt: skip

# A model of each kind must have at least one of these (its headline price).
KIND_HEADLINE_UNITS: dict[str, tuple[str, ...]] = {
    "chat": ("per_1m_input_tokens",),
    "image_generation": ("per_image", "per_1m_output_tokens"),
    "embeddings": ("per_1m_input_tokens", "per_request"),
    "text_to_speech": ("per_1m_characters", "per_1m_input_tokens", "per_minute", "per_second"),
    "speech_to_text": ("per_minute", "per_second", "per_1m_input_audio_tokens"),
    "video_generation": ("per_second", "per_request"),
}

CENT = Decimal("0.01")


def format_amount(amount: Decimal) -> str:
    """An amount exactly as recorded: Decimal('0.030') -> '$0.030', 1234.5 -> '$1,234.5'."""
    text = format(amount, ",f")
    return f"-${text[1:]}" if text.startswith("-") else f"${text}"


def format_total(amount: Decimal) -> str:
    """A computed total: whole cents when it is at least a cent, else its significant digits."""
    if amount == 0:
        return "$0.00"
    if amount >= CENT:
        return format_amount(amount.quantize(CENT, rounding=ROUND_HALF_UP))
    return format_amount(amount.normalize())


def plain_decimal(amount: Decimal) -> str:
    """The amount as a JSON-safe decimal string, exactly as recorded ('0.030')."""
    return format(amount, "f")


def is_plausible(unit: str, amount: Decimal) -> bool:
    spec = UNITS[unit]
    if amount > spec.high:
        return False
    return not (spec.low is not None and 0 < amount < spec.low)
