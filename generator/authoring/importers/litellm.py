"""LiteLLM's model_prices_and_context_window.json -> catalog entries.

The file maps a model key to prices per token (or per second, image, character)
and flags. Keys are '<provider>/<model>' or bare; LiteLLM files image prices
for one size and quality as separate keys ('azure/hd/1024-x-1024/dall-e-3'),
which are folded back into one model with per-size prices here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from generator.authoring.importers.common import (
    ImportedModel,
    Parsed,
    Skip,
    SourceError,
    date_in_id,
    https_url,
    per_million,
    price,
    title_from_id,
    to_decimal,
)
from generator.authoring.importers.providers import provider_info
from generator.catalog.registry import KINDS

SOURCE_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
MODES = {
    "chat": "chat",
    "responses": "chat",
    "embedding": "embeddings",
    "image_generation": "image_generation",
    "audio_transcription": "speech_to_text",
    "audio_speech": "text_to_speech",
    "video_generation": "video_generation",
}
PER_TOKEN = {
    "input_cost_per_token": "per_1m_input_tokens",
    "output_cost_per_token": "per_1m_output_tokens",
    "cache_read_input_token_cost": "per_1m_cached_input_tokens",
    "cache_creation_input_token_cost": "per_1m_cache_write_tokens",
    "input_cost_per_audio_token": "per_1m_input_audio_tokens",
    "output_cost_per_audio_token": "per_1m_output_audio_tokens",
    "input_cost_per_character": "per_1m_characters",
}
PER_UNIT = {"output_cost_per_image": "per_image", "input_cost_per_request": "per_request"}
_TIER = re.compile(r"^(?P<base>[a-z_]+?)_above_(?P<k>\d+)k_tokens$")
_RESOLUTION = re.compile(r"^output_cost_per_second_(?P<res>\d{3,4}p|4k)$")
_SERVICE_TIER = re.compile(r"_(batches|priority|flex|ultrafast|balanced|decisions)$")
_SIZED = re.compile(
    r"^(?P<pre>(?:[^/]+/)*?)(?:(?P<quality>standard|hd|low|medium|high)/)?"
    r"(?P<w>\d{2,5})-x-(?P<h>\d{2,5})/(?P<rest>(?!\d+-steps/|max-steps/).+)$"
)
_REASONS = [
    (re.compile(r"above_\d+hr"), "cache writes kept longer than 5 minutes are not modelled"),
    (re.compile(r"search|query|grounding"), "search and grounding fees are not modelled"),
    (re.compile(r"pixel"), "per-pixel prices are not modelled"),
    (re.compile(r"image"), "image input prices have no unit"),
    (re.compile(r"video"), "video input prices have no unit"),
    (re.compile(r"audio_per_second|audio_token_cost"), "this audio price has no unit"),
    (re.compile(r"dbu"), "Databricks DBU prices are not modelled"),
    (re.compile(r"page|credit"), "per-page prices are not modelled"),
    (re.compile(r"tiered_pricing"), "tiered price tables are not modelled"),
]


def is_price_key(key: str) -> bool:
    return "cost" in key or key == "tiered_pricing"


def parse(data: Any, today: dt.date) -> Parsed:
    parsed = Parsed()
    if not isinstance(data, dict):
        raise SourceError("a LiteLLM price list is a JSON object of model entries")
    parsed.total = len(data)
    groups: dict[tuple[str, str], list[tuple[str, dict, str | None, str | None]]] = {}
    for key in sorted(data):
        entry = data[key]
        reason = _unusable(key, entry)
        if reason:
            parsed.skips.append(Skip(key, reason))
            continue
        provider, model = _split(key, entry["litellm_provider"])
        sized = _SIZED.match(model)
        size = quality = None
        if sized and MODES[entry["mode"]] == "image_generation":
            model, size, quality = sized["pre"] + sized["rest"], f"{sized['w']}x{sized['h']}", sized["quality"]
        groups.setdefault((provider, model), []).append((key, entry, size, quality))
    for (provider, model), members in groups.items():
        result = _entry(provider, model, members, today)
        (parsed.entries if isinstance(result, ImportedModel) else parsed.skips).append(result)
    return parsed


def _unusable(key: str, entry: Any) -> str:
    if not isinstance(entry, dict):
        return "not a model entry (not an object)"
    if key == "sample_spec":
        return "the documentation entry 'sample_spec', not a model"
    if not isinstance(entry.get("litellm_provider"), str) or not entry["litellm_provider"]:
        return "no litellm_provider"
    mode = entry.get("mode")
    if mode not in MODES:
        return f"mode '{mode}' has no catalog kind" if isinstance(mode, str) else "no mode"
    return ""


def _split(key: str, litellm_provider: str) -> tuple[str, str]:
    """'vertex_ai/claude-3' with provider 'vertex_ai-anthropic_models' -> ('vertex_ai', 'claude-3');
    'gpt-4o' with 'openai' -> ('openai', 'gpt-4o')."""
    first, _, rest = key.partition("/")
    if rest and litellm_provider.startswith(first):
        return first, rest
    return litellm_provider, key


def _entry(provider: str, model: str, members: list, today: dt.date) -> ImportedModel | Skip:
    members.sort(key=lambda m: (m[2] is not None, m[0]))  # the unsized entry, if any, leads
    key, main, _, _ = members[0]
    kind = MODES[main["mode"]]
    sunset = main.get("deprecation_date")
    if isinstance(sunset, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", sunset) and sunset < today.isoformat():
        return Skip(key, f"retired: deprecation_date {sunset} has passed")
    info = provider_info(provider)
    entry = ImportedModel(key, provider, model, {}, info.name, info.website)
    pricing = []
    for member_key, member, size, quality in members:
        pricing += _prices(member, kind, size, quality, entry, lead=member_key == key)
    entry.data = _fields(model, main, kind, pricing, today, entry)
    if isinstance(sunset, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", sunset):
        entry.data.update(status="deprecated", sunset_date=sunset)
    return entry


def _prices(
    entry: dict, kind: str, size: str | None, quality: str | None, out: ImportedModel, lead: bool
) -> list[dict]:
    prices: list[dict] = []
    metadata = entry.get("metadata") if isinstance(entry.get("metadata"), dict) else {}
    per_minute = to_decimal(metadata.get("original_pricing_per_minute"))
    for key in sorted(k for k in entry if is_price_key(k)):
        if not lead and key != "output_cost_per_image":
            continue  # a sized entry contributes its per-image price only
        amount = to_decimal(entry[key])
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
        return next((reason for pattern, reason in _REASONS if pattern.search(key)), "not a single number")
    if amount < 0:
        return "negative amount"
    if _SERVICE_TIER.search(key):
        return f"'{_SERVICE_TIER.search(key)[1]}' service-tier prices are not modelled"
    if key in PER_TOKEN:
        return PER_TOKEN[key], per_million(amount), {}
    if key in PER_UNIT:
        return PER_UNIT[key], amount, {}
    tier = _TIER.match(key)
    if tier and tier["base"] in PER_TOKEN and "tokens" in PER_TOKEN[tier["base"]]:
        return PER_TOKEN[tier["base"]], per_million(amount), {"above_tokens": int(tier["k"]) * 1000}
    return _map_special(key, amount, kind, entry, per_minute)


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
    if key == "output_cost_per_image_token" and kind == "image_generation" and "output_cost_per_token" not in entry:
        return "per_1m_output_tokens", per_million(amount), {}
    if key == "input_cost_per_token_cache_hit":
        if "cache_read_input_token_cost" in entry:
            return "duplicates cache_read_input_token_cost"
        return "per_1m_cached_input_tokens", per_million(amount), {}
    if key == "output_cost_per_reasoning_token" and amount == entry.get("output_cost_per_token"):
        return None  # reasoning tokens billed as output tokens: covered by the output price
    for pattern, reason in _REASONS:
        if pattern.search(key):
            return reason
    return "no matching unit"


def _fields(model: str, entry: dict, kind: str, pricing: list, today: dt.date, out: ImportedModel) -> dict[str, Any]:
    name = title_from_id(model)
    data: dict[str, Any] = {
        "name": name,
        "description": f"{name}, served by {out.provider_name}. Imported from LiteLLM's price list.",
        "kind": kind,
        "modalities": _modalities(entry, kind),
        "pricing": pricing,
        "status": "active",
        "price_source": https_url(entry.get("source")) or SOURCE_URL,
    }
    out.todo["description"] = "TODO: describe the model"
    rule = KINDS[kind]
    if "context_window" in rule.fields:
        window = entry.get("max_input_tokens", entry.get("max_tokens"))
        if isinstance(window, int) and not isinstance(window, bool):
            data["context_window"] = window
    if "max_output_tokens" in rule.fields and isinstance(entry.get("max_output_tokens"), int):
        data["max_output_tokens"] = entry["max_output_tokens"]
    if "embedding_dimensions" in rule.fields and isinstance(entry.get("output_vector_size"), int):
        data["embedding_dimensions"] = entry["output_vector_size"]
    if rule.capabilities:
        data["capabilities"] = _capabilities(entry)
    data["release_date"] = date_in_id(model, today) or today.isoformat()
    if data["release_date"] == today.isoformat():
        out.todo["release_date"] = "TODO: not in the source; set the real release date"
    return data


_FLAGS = {
    "supports_native_streaming": "streaming",
    "supports_function_calling": "tool_calling",
    "supports_vision": "vision",
    "supports_response_schema": "structured_outputs",
    "supports_prompt_caching": "prompt_caching",
    "supports_reasoning": "reasoning",
}


def _capabilities(entry: dict) -> dict[str, bool]:
    return {feature: entry[flag] for flag, feature in _FLAGS.items() if isinstance(entry.get(flag), bool)}


def _modalities(entry: dict, kind: str) -> dict[str, list[str]]:
    rule = KINDS[kind]
    inputs, outputs = [rule.required_input or "text"], [rule.outputs[0]]
    for value in entry.get("supported_modalities") or []:
        if value in ("text", "image", "audio", "video") and value not in inputs:
            inputs.append(value)
    for value in entry.get("supported_output_modalities") or []:
        if value in ("text", "image", "audio", "video") and value not in outputs:
            outputs.append(value)
    if entry.get("supports_audio_input") is True and "audio" not in inputs:
        inputs.append("audio")
    if kind == "chat" and entry.get("supports_audio_output") is True and "audio" not in outputs:
        outputs.append("audio")
    return {"input": inputs, "output": outputs}
