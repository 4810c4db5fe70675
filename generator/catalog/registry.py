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
from decimal import Decimal

from generator.catalog.kinds import (
    audio_translation,
    chat,
    completions,
    embeddings,
    image_edit,
    image_generation,
    moderation,
    realtime,
    rerank,
    speech_to_text,
    text_to_speech,
    video_generation,
)
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
    conditions: tuple[
        str, ...
    ]  # the conditions beyond tier and window: above_tokens, cache_ttl, size, quality, resolution
    same_measure: str | None = None  # a unit measuring the same thing: a price in both says it twice
    counts: str = ""  # the usage quantity it prices (cost.Usage field), e.g. input_tokens
    per_quantity: Decimal = Decimal(1)  # how much of that quantity one unit is: 1,000,000 tokens, 60 seconds

    @property
    def is_prompt(self) -> bool:
        """Counts tokens of the prompt: what a context-length tier (above_tokens) measures."""
        return self.counts in PROMPT_QUANTITIES


_TOKEN_TIERS = ("above_tokens",)  # long-prompt tiers are priced per token
_CACHE_WRITE = ("above_tokens", "cache_ttl")
_IMAGE_OPTIONS = ("size", "quality")
_RESOLUTION = ("resolution",)
_M, _K = "1000000", "1000"

# Usage quantities that are tokens of the prompt (a context-length tier counts them all).
PROMPT_QUANTITIES = ("input_tokens", "cached_tokens", "cache_write_tokens", "audio_input_tokens", "image_input_tokens")


def _u(
    id, label, per, short, noun, qty, low, high, conditions=(), same_measure=None, counts="", per_quantity="1"
) -> Unit:
    low_amount = Decimal(low) if low else None
    return Unit(
        id,
        label,
        per,
        short,
        noun,
        Decimal(qty),
        low_amount,
        Decimal(high),
        conditions,
        same_measure,
        counts,
        Decimal(per_quantity),
    )


_TOKENS_LOW, _TOKENS_HIGH = "0.001", "1000"
# One unit per line, so the table reads as a table (hence fmt: skip below).
UNITS: dict[str, Unit] = {
    u.id: u
    for u in (
        _u("per_1m_input_tokens", "Input", "per 1M input tokens", "/ 1M input", "1M input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS, counts="input_tokens", per_quantity=_M),
        _u("per_1m_output_tokens", "Output", "per 1M output tokens", "/ 1M output", "1M output tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS, counts="output_tokens", per_quantity=_M),
        _u("per_1m_cached_input_tokens", "Cached input", "per 1M cached input tokens", "/ 1M cached", "1M cached input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS, counts="cached_tokens", per_quantity=_M),
        _u("per_1m_cache_write_tokens", "Cache write", "per 1M cache-write tokens", "/ 1M cache write", "1M cache-write tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _CACHE_WRITE, counts="cache_write_tokens", per_quantity=_M),
        _u("per_1m_cache_storage_token_hours", "Cache storage", "per 1M tokens per hour", "/ 1M tokens·hour", "1M tokens cached for 1 hour", "1", _TOKENS_LOW, _TOKENS_HIGH, counts="cache_storage_token_hours", per_quantity=_M),
        _u("per_1m_input_audio_tokens", "Audio input", "per 1M audio input tokens", "/ 1M audio in", "1M audio input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS, counts="audio_input_tokens", per_quantity=_M),
        _u("per_1m_output_audio_tokens", "Audio output", "per 1M audio output tokens", "/ 1M audio out", "1M audio output tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS, counts="audio_output_tokens", per_quantity=_M),
        _u("per_1m_input_image_tokens", "Image input", "per 1M image input tokens", "/ 1M image in", "1M image input tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS, counts="image_input_tokens", per_quantity=_M),
        _u("per_1m_output_image_tokens", "Image output", "per 1M image output tokens", "/ 1M image out", "1M image output tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS, counts="image_output_tokens", per_quantity=_M),
        _u("per_1m_reasoning_tokens", "Reasoning", "per 1M reasoning tokens", "/ 1M reasoning", "1M reasoning tokens", "1", _TOKENS_LOW, _TOKENS_HIGH, _TOKEN_TIERS, counts="reasoning_tokens", per_quantity=_M),
        _u("per_image", "Per image", "per image", "/ image", "1,000 images", "1000", None, "100", _IMAGE_OPTIONS, counts="images"),
        _u("per_second", "Per second", "per second", "/ second", "1 minute (60 seconds)", "60", None, "50", _RESOLUTION, "per_minute", counts="seconds"),
        _u("per_minute", "Per minute", "per minute", "/ minute", "1 hour (60 minutes)", "60", None, "10", (), "per_second", counts="seconds", per_quantity="60"),
        _u("per_1m_characters", "Per 1M characters", "per 1M characters", "/ 1M chars", "1M characters", "1", _TOKENS_LOW, "1000", counts="characters", per_quantity=_M),
        _u("per_request", "Per request", "per request", "/ request", "1,000 requests", "1000", None, "100", _RESOLUTION, counts="requests"),
        _u("per_1k_web_searches", "Web search", "per 1,000 web searches", "/ 1K searches", "1,000 web searches", "1", None, "100", counts="searches", per_quantity=_K),
        _u("per_tool_call", "Per tool call", "per tool call", "/ tool call", "1,000 tool calls", "1000", None, "10", counts="tool_calls"),
        _u("per_1k_rerank_searches", "Rerank search", "per 1,000 searches", "/ 1K searches", "1,000 searches", "1", None, "100", counts="rerank_searches", per_quantity=_K),
    )
}  # fmt: skip

# What prices a usage quantity when the model has no unit of its own for it, in order:
# cached tokens without a cached price are billed as input, and so on.
QUANTITY_UNITS: dict[str, tuple[str, ...]] = {u.counts: (u.id,) for u in UNITS.values()} | {
    "cached_tokens": ("per_1m_cached_input_tokens", "per_1m_input_tokens"),
    "image_input_tokens": ("per_1m_input_image_tokens", "per_1m_input_tokens"),
    "reasoning_tokens": ("per_1m_reasoning_tokens", "per_1m_output_tokens"),
    "seconds": ("per_second", "per_minute"),
}

# Service tiers a price may belong to (absent: the standard tier). Any other lowercase
# name is a provider's named mode, shown as written.
TIERS: dict[str, str] = {"batch": "Batch", "flex": "Flex", "priority": "Priority", "fast": "Fast mode"}
DISCOUNT_TIERS = ("batch", "flex")  # sold below the standard price (validate warns when one is above it)
CACHE_TTLS: dict[str, str] = {"5m": "5-minute", "1h": "1-hour"}  # cache-write lifetimes
DEFAULT_CACHE_TTL = "5m"
DEFAULT_CURRENCY = "USD"


def tier_label(tier: str) -> str:
    return TIERS.get(tier, tier)


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
        completions.KIND,
        moderation.KIND,
        rerank.KIND,
        image_edit.KIND,
        audio_translation.KIND,
        realtime.KIND,
    )
}
DEFAULT_KIND = next(iter(KINDS))

# Fields that only the kinds listing them in `Kind.fields` take (a warning elsewhere), in
# the order they are checked. context_window is not one: any model may state its prompt limit.
KIND_ONLY_FIELDS = ("embedding_dimensions", "image_sizes", "voices", "video_durations", "max_output_tokens", "apis")

CENT = Decimal("0.01")


def format_amount(amount: Decimal) -> str:
    """Money as money, never rounded: at least two decimals, more when the exact amount has
    them, and the digits as recorded: 2.5 -> '$2.50', 0.030 -> '$0.030', 0.00875 ->
    '$0.00875', 15 -> '$15.00', 1234.5 -> '$1,234.50'. The one rule of every output."""
    text = format(in_cents(amount), ",f")
    return f"-${text[1:]}" if text.startswith("-") else f"${text}"


def format_total(amount: Decimal, currency: str = DEFAULT_CURRENCY) -> str:
    """A computed amount (a cost, a total): the money rule on its exact value, without the
    trailing zeros a product of decimals picks up ('9.4500' -> '$9.45'); never rounded."""
    return format_money(amount.normalize(), currency)


def in_cents(amount: Decimal) -> Decimal:
    """The same amount written with at least two decimals (2.5 -> 2.50, 0.625 stays): never rounded."""
    return amount.quantize(CENT) if amount.as_tuple().exponent > -2 else amount  # type: ignore[operator]


def format_money(amount: Decimal, currency: str = DEFAULT_CURRENCY) -> str:
    """An exact amount in its currency: '$0.030' in USD, '€2.50', 'CN¥1' (babel's English
    symbols), or 'CHF 2.50' where the currency has no symbol of its own."""
    if currency == DEFAULT_CURRENCY:
        return format_amount(amount)
    symbol = currency_symbol(currency)
    text = format_amount(amount).replace("$", "", 1)
    return text.replace("-", f"-{symbol}", 1) if text.startswith("-") else f"{symbol}{text}"


def currency_symbol(currency: str) -> str:
    """'$', '€', 'CN¥', or 'CHF ' (the code and a space where babel knows no symbol)."""
    from babel.numbers import get_currency_symbol  # only for records in another currency

    symbol = get_currency_symbol(currency, locale="en")
    return f"{currency} " if symbol == currency else symbol


def currency_name(currency: str) -> str:
    """How a sentence names the currency of several amounts: 'US dollars', 'euros' (babel's English)."""
    from babel.numbers import get_currency_name

    return get_currency_name(currency, count=2, locale="en")


def is_currency(code: str) -> bool:
    """An ISO 4217 code (babel's list, without XXX 'no currency' and XTS 'testing')."""
    from babel.numbers import list_currencies

    return code in list_currencies() and code not in {"XXX", "XTS"}


def plain_decimal(amount: Decimal) -> str:
    """The amount as a JSON-safe decimal string, exactly as recorded ('0.030')."""
    return format(amount, "f")


def is_plausible(unit: str, amount: Decimal) -> bool:
    spec = UNITS[unit]
    if amount > spec.high:
        return False
    return not (spec.low is not None and 0 < amount < spec.low)
