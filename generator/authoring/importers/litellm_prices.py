"""LiteLLM's price keys -> catalog price components: per-token, per-unit and conditioned
keys (service tiers, long-context tiers, cache lifetimes, sizes, resolutions), search
fees and tiered pricing, and the reason for every key that maps to nothing."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from generator.authoring.importers.common import ImportedModel, per_million, price, tidy, to_decimal
from generator.catalog.registry import format_amount

PER_TOKEN = {
    "input_cost_per_token": "per_1m_input_tokens",
    "output_cost_per_token": "per_1m_output_tokens",
    "cache_read_input_token_cost": "per_1m_cached_input_tokens",
    "cache_creation_input_token_cost": "per_1m_cache_write_tokens",
    "input_cost_per_audio_token": "per_1m_input_audio_tokens",
    "output_cost_per_audio_token": "per_1m_output_audio_tokens",
    "input_cost_per_image_token": "per_1m_input_image_tokens",
    "output_cost_per_image_token": "per_1m_output_image_tokens",
    "output_cost_per_reasoning_token": "per_1m_reasoning_tokens",
    "input_cost_per_character": "per_1m_characters",
}
PER_UNIT = {"output_cost_per_image": "per_image", "input_cost_per_request": "per_request"}
# LiteLLM's service-tier suffixes -> the catalog's tiers; other suffixes are the provider's
# own named modes, kept as written.
TIERS = {"batches": "batch", "flex": "flex", "priority": "priority"}
NAMED_MODES = ("ultrafast", "balanced", "decisions")
# '<base>[_above_<N>hr][_above_<N>k_tokens][_<tier>]': a cache lifetime, a context tier and a
# service tier compose ('cache_creation_input_token_cost_above_1hr_above_200k_tokens').
_KEY = re.compile(
    r"^(?P<base>[a-z_]+?)(?:_above_(?P<hours>\d+)hr)?(?:_above_(?P<k>\d+)k_tokens)?"
    rf"(?:_(?P<tier>{'|'.join((*TIERS, *NAMED_MODES))}))?$"
)
CACHE_TTLS = {"1": "1h"}  # the plain cache write is the 5-minute one
SEARCH_SIZES = ("search_context_size_low", "search_context_size_medium", "search_context_size_high")
_RESOLUTION = re.compile(r"^output_cost_per_second_(?P<res>\d{3,4}p|4k)$")
SIZED_KEY = re.compile(
    r"^(?P<pre>(?:[^/]+/)*?)(?:(?P<quality>standard|hd|low|medium|high)/)?"
    r"(?P<w>\d{2,5})-x-(?P<h>\d{2,5})/(?P<rest>(?!\d+-steps/|max-steps/).+)$"
)
# Keys with no meaning for a gateway's list price, or no unit yet, and why.
_REASONS = [
    (re.compile(r"_above_\d+hr"), "only 5-minute and 1-hour cache writes are modelled (cache_ttl)"),
    (
        re.compile(r"google_maps"),
        "Google Maps grounding is a second per-query fee beside search grounding; "
        "the catalog lists one web-search price per tier",
    ),
    (re.compile(r"cache_(read|creation)_input_(audio|image)_token"), "cached audio and image tokens have no unit"),
    (re.compile(r"per_1k_tokens"), "computer-use tokens are billed as input and output tokens"),
    (re.compile(r"per_session"), "per-session container fees have no unit"),
    (re.compile(r"per_gb_per_day"), "storage per GB and day is not a price of a call"),
    (re.compile(r"citation"), "citation tokens have no unit"),
    (re.compile(r"search|query|grounding"), "search and grounding fees are not modelled"),
    (re.compile(r"pixel"), "per-pixel prices are not modelled"),
    (re.compile(r"input_cost_per_image"), "a price per input image has no unit (per_image prices generated images)"),
    (re.compile(r"output_cost_per_image_"), "per-resolution image prices without a WIDTHxHEIGHT size"),
    (re.compile(r"video"), "video prices (per second or token of video) have no unit"),
    (re.compile(r"audio_per_second|^input_cost_per_second$"), "a price per second of input has no unit for this kind"),
    (
        re.compile(r"explicit_cache"),
        "explicit-cache reads beside the implicit cached price: one cached-input price per tier",
    ),
    (re.compile(r"output_cost_per_character"), "output characters have no unit (per_1m_characters counts input text)"),
    (re.compile(r"output_cost_per_second_\d+k$"), "a resolution the schema does not name (720p, 1080p, 4k, ...)"),
    (re.compile(r"dbu"), "Databricks DBU prices are not modelled"),
    (re.compile(r"page|credit"), "per-page prices are not modelled"),
    (re.compile(r"text_message"), "per-message prices of realtime voice models are not modelled"),
    (re.compile(r"^cost_per_second$"), "provisioned throughput (a monthly commitment) is not a list price"),
]


def is_price_key(key: str) -> bool:
    return "cost" in key or key == "tiered_pricing"


def prices_of(
    entry: dict, kind: str, size: str | None, quality: str | None, out: ImportedModel, lead: bool
) -> list[dict]:
    prices: list[dict] = []
    metadata = entry.get("metadata") if isinstance(entry.get("metadata"), dict) else {}
    per_minute = to_decimal(metadata.get("original_pricing_per_minute"))
    for key in sorted(k for k in entry if is_price_key(k)):
        if not lead and key != "output_cost_per_image":
            continue  # a sized entry contributes its per-image price only
        if key == "tiered_pricing":
            prices += _tiered(entry[key], out)
            continue
        amount = to_decimal(entry[key])
        if key == "search_context_cost_per_query":
            mapped = _map_search(entry[key])
            amount = mapped[1] if isinstance(mapped, tuple) else amount
        else:
            mapped = _map_key(key, amount, kind, entry, per_minute)
        if isinstance(mapped, str):
            out.not_mapped(key, mapped, amount)
        elif mapped is not None:
            unit, value, conditions = mapped
            if unit == "per_image":
                conditions = {**conditions, "size": size, "quality": quality}
            prices.append({**price(unit, value, **conditions), "_key": key})
    if lead and per_minute is not None and kind == "speech_to_text":
        prices.append({**price("per_minute", per_minute), "_key": "metadata.original_pricing_per_minute"})
    return prices


def _map_key(key: str, amount: Decimal | None, kind: str, entry: dict, per_minute: Decimal | None):
    """(unit, amount, conditions), None when the key is covered by another, or the reason it is not mapped."""
    if amount is None:
        return _reason(key, "not a single number")
    if amount < 0:
        return "negative amount"
    parts = _KEY.match(key)
    if parts and parts["base"] in PER_TOKEN and (parts["hours"] or parts["k"] or parts["tier"]):
        return _map_conditioned(key, parts, amount, kind, entry)
    if (
        key == "input_cost_per_token"
        and kind == "rerank"
        and amount == 0
        and to_decimal(entry.get("input_cost_per_query"))
    ):
        return "billed per search: a per-token price of 0 beside the per-search price is left out"
    if key in PER_TOKEN:
        return _map_token(key, "", amount, kind, entry, {})
    if key in PER_UNIT:
        return PER_UNIT[key], amount, {}
    return _map_special(key, amount, kind, entry, per_minute)


def _reason(key: str, default: str) -> str:
    return next((reason for pattern, reason in _REASONS if pattern.search(key)), default)


def _map_conditioned(key: str, parts: re.Match, amount: Decimal, kind: str, entry: dict):
    """A token price under a cache lifetime, a context tier and/or a service tier."""
    base, hours, k, tier = parts["base"], parts["hours"], parts["k"], parts["tier"]
    if hours and (base != "cache_creation_input_token_cost" or hours not in CACHE_TTLS):
        return _reason(key, "no matching unit")
    if k and "tokens" not in PER_TOKEN[base]:
        return "a context tier on a price that is not per token is not modelled"
    conditions = {
        "above_tokens": int(k) * 1000 if k else None,
        "cache_ttl": CACHE_TTLS[hours] if hours else None,
        "tier": TIERS.get(tier, tier) if tier else None,
    }
    return _map_token(base, key[len(base) :], amount, kind, entry, conditions)


def _map_token(base: str, suffix: str, amount: Decimal, kind: str, entry: dict, conditions: dict):
    """A per-token key (`suffix` is what follows the base: '_above_200k_tokens_batches')."""
    unit = PER_TOKEN[base]
    if base == "output_cost_per_image_token" and kind == "image_generation" and "output_cost_per_token" not in entry:
        unit = "per_1m_output_tokens"  # an image model's only output price is its image tokens
    same_as = {
        "output_cost_per_reasoning_token": "output_cost_per_token",
        "input_cost_per_image_token": "input_cost_per_token",
    }
    if base in same_as and amount == to_decimal(entry.get(same_as[base] + suffix)):
        return None  # reasoning billed as output, image tokens as input: covered by that price
    if base == "cache_creation_input_token_cost" and not conditions.get("cache_ttl") and _has_hour_writes(entry):
        conditions = {**conditions, "cache_ttl": "5m"}  # beside a 1-hour price, say which lifetime this is
    return unit, per_million(amount), conditions


def _has_hour_writes(entry: dict) -> bool:
    return any(k.startswith("cache_creation_input_token_cost_above_1hr") for k in entry)


def _map_search(value: Any):
    """`search_context_cost_per_query` ({low, medium, high} per query) -> a price per 1,000
    searches. Medium is the default search context size (OpenAI) and the one most calls
    use, so it is the list price; low and high, where they differ, go into the note."""
    if not isinstance(value, dict):
        return "not a low/medium/high object"
    low, medium, high = (to_decimal(value.get(size)) for size in SEARCH_SIZES)
    if medium is None or medium < 0:
        return "no medium search context price"
    component = {"note": None}
    if low is not None and high is not None and not low == medium == high:
        component["note"] = (
            f"search context size medium; low {format_amount(tidy(low.scaleb(3)))}, "
            f"high {format_amount(tidy(high.scaleb(3)))} per 1,000 searches"
        )
    return "per_1k_web_searches", tidy(medium.scaleb(3)), component


def _tiered(tiers: Any, out: ImportedModel) -> list[dict]:
    """`tiered_pricing` ([{range: [start, end], input_cost_per_token, ...}]): the range a
    prompt falls in prices the whole request (a cliff), so a range starting above 0 is a
    context tier `above_tokens: start`."""
    prices: list[dict] = []
    if not isinstance(tiers, list):
        out.not_mapped("tiered_pricing", "not a list of ranges")
        return prices
    for tier in tiers:
        bounds = tier.get("range") if isinstance(tier, dict) else None
        start = to_decimal(bounds[0]) if isinstance(bounds, list) and len(bounds) == 2 else None
        if start is None or start < 0 or start != start.to_integral_value():
            reason = "prices by number of search results are not modelled" if "max_results_range" in tier else ""
            out.not_mapped("tiered_pricing", reason or "a tier without a [start, end] token range")
            continue
        above = int(start) or None
        for key in sorted(k for k in tier if k != "range"):
            amount = to_decimal(tier[key])
            name = f"tiered_pricing.{key}"
            if key not in PER_TOKEN or "tokens" not in PER_TOKEN[key] or amount is None or amount < 0:
                out.not_mapped(name, "no matching unit", amount)
            elif key == "output_cost_per_reasoning_token" and amount == to_decimal(tier.get("output_cost_per_token")):
                continue  # billed as output tokens
            else:
                prices.append({**price(PER_TOKEN[key], per_million(amount), above_tokens=above), "_key": name})
    return prices


def _map_special(key: str, amount: Decimal, kind: str, entry: dict, per_minute: Decimal | None):
    if key == "input_cost_per_second" and kind == "speech_to_text":
        return None if per_minute is not None else ("per_second", amount, {})
    if key == "output_cost_per_second":
        if kind in ("video_generation", "text_to_speech"):
            return "per_second", amount, {}
        return None if amount == 0 else "transcription is billed on input audio seconds"
    if key == "output_cost_per_video_per_second" and kind == "video_generation":
        return "per_second", amount, {}
    resolution = _RESOLUTION.match(key)
    if resolution and kind == "video_generation":
        return "per_second", amount, {"resolution": resolution["res"]}
    if key == "input_cost_per_token_cache_hit":
        if "cache_read_input_token_cost" in entry:
            return "duplicates cache_read_input_token_cost"
        return "per_1m_cached_input_tokens", per_million(amount), {}
    if key == "input_cost_per_query" and kind == "rerank":
        return "per_1k_rerank_searches", tidy(amount.scaleb(3)), {}  # a price per search, listed per 1,000
    if key == "file_search_cost_per_1k_calls":
        return "per_tool_call", tidy(amount.scaleb(-3)), {"note": "file search tool"}
    return _reason(key, "no matching unit")
