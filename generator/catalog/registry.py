"""The registry: every kind of model and every price unit, with their rules.

A kind (`generator.catalog.kinds.base.Kind`, one module per kind in
`generator.catalog.kinds`) says which units price it, what its headline price is,
its modalities and fields, its example call, its OpenAPI operation, its SDK calls
and its `build.py new` skeleton. A unit says how it reads, what quantity a worked
example uses, what amounts are plausible and which conditions apply to it.
Checks, records, importers, examples, the spec and the pages read them from here.
Money is a Decimal throughout; never a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.catalog.kinds import chat, embeddings, image_generation, speech_to_text, text_to_speech, video_generation
from generator.catalog.kinds.base import Kind


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
    conditions: tuple[str, ...]  # the price conditions that apply to it: above_tokens, size, quality, resolution
    same_measure: str | None = None  # a unit measuring the same thing: a price in both says it twice


_TOKEN_TIERS = ("above_tokens",)  # long-prompt tiers are priced per token
_IMAGE_OPTIONS = ("size", "quality")
_RESOLUTION = ("resolution",)


def _u(id, label, per, short, noun, qty, low, high, conditions=(), same_measure=None) -> Unit:
    low_amount = Decimal(low) if low else None
    return Unit(id, label, per, short, noun, Decimal(qty), low_amount, Decimal(high), conditions, same_measure)


_TOKENS_LOW, _TOKENS_HIGH = "0.001", "1000"
# One unit per line, so the table reads as a table (hence fmt: skip below).
UNITS: dict[str, Unit] = {
    u.id: u
    for u in (
        _u("per_1m_input_tokens", "Input", "per 1M input tokens", "/ 1M input", "1M input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS),
        _u("per_1m_output_tokens", "Output", "per 1M output tokens", "/ 1M output", "1M output tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS),
        _u("per_1m_cached_input_tokens", "Cached input", "per 1M cached input tokens", "/ 1M cached", "1M cached input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS),
        _u("per_1m_cache_write_tokens", "Cache write", "per 1M cache-write tokens", "/ 1M cache write", "1M cache-write tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS),
        _u("per_1m_input_audio_tokens", "Audio input", "per 1M audio input tokens", "/ 1M audio in", "1M audio input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS),
        _u("per_1m_output_audio_tokens", "Audio output", "per 1M audio output tokens", "/ 1M audio out", "1M audio output tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS),
        _u("per_image", "Per image", "per image", "/ image", "1,000 images", "1000", None, "100", _IMAGE_OPTIONS),
        _u("per_second", "Per second", "per second", "/ second", "1 minute (60 seconds)", "60", None, "50", _RESOLUTION, "per_minute"),
        _u("per_minute", "Per minute", "per minute", "/ minute", "1 hour (60 minutes)", "60", None, "10", (), "per_second"),
        _u("per_1m_characters", "Per 1M characters", "per 1M characters", "/ 1M chars", "1M characters", "1", _TOKENS_LOW, "1000"),
        _u("per_request", "Per request", "per request", "/ request", "1,000 requests", "1000", None, "100", _RESOLUTION),
    )
}  # fmt: skip

# In page order. The first is the default: `build.py new` makes one unless told otherwise,
# and the home page's example call names one of its models.
KINDS: dict[str, Kind] = {
    k.id: k
    for k in (
        chat.KIND,
        image_generation.KIND,
        embeddings.KIND,
        text_to_speech.KIND,
        speech_to_text.KIND,
        video_generation.KIND,
    )
}
DEFAULT_KIND = next(iter(KINDS))

# Fields that only the kinds listing them in `Kind.fields` take (a warning elsewhere), in
# the order they are checked. context_window is not one: any model may state its prompt limit.
KIND_ONLY_FIELDS = ("embedding_dimensions", "image_sizes", "voices", "video_durations", "max_output_tokens")

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
