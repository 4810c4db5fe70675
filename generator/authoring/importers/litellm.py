"""LiteLLM's model_prices_and_context_window.json -> catalog entries.

The file maps a model key to prices per token (or per second, image, character)
and flags. Keys are '<provider>/<model>' or bare; LiteLLM files image prices
for one size and quality as separate keys ('azure/hd/1024-x-1024/dall-e-3'),
which are folded back into one model with per-size prices here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.authoring.importers.common import (
    ImportedModel,
    Parsed,
    Skip,
    SourceError,
    date_in_id,
    https_url,
    title_from_id,
)
from generator.authoring.importers.litellm_prices import SIZED_KEY, prices_of
from generator.authoring.importers.providers import provider_info
from generator.catalog.registry import KINDS

SOURCE_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
LABEL = "LiteLLM's price list"  # what a description says a record was imported from
# LiteLLM's mode -> the catalog's kind. 'responses' models are chat models LiteLLM calls
# through the Responses API (which chat API a record serves is its `apis`, see `chat_apis`).
# LiteLLM 1.109.1 has no mode for audio translations: no entry lists /v1/audio/translations,
# so that kind gets nothing from this source. Modes left out ('ocr', 'search', 'evaluation',
# ...) have no catalog kind and are skipped with that reason.
MODES = {
    "chat": "chat",
    "responses": "chat",
    "completion": "completions",
    "embedding": "embeddings",
    "image_generation": "image_generation",
    "image_edit": "image_edit",
    "audio_transcription": "speech_to_text",
    "audio_speech": "text_to_speech",
    "video_generation": "video_generation",
    "moderation": "moderation",
    "rerank": "rerank",
    "realtime": "realtime",
}
# LiteLLM names a provider's legacy completions route 'text-completion-<provider>'; the model is the provider's
COMPLETION_ROUTE = "text-completion-"
_CHAT = KINDS["chat"]
# supported_endpoints paths -> the `apis` ids of a chat record, from the registry's endpoints
ENDPOINT_APIS = {f"/v1{_CHAT.endpoint}": _CHAT.api} | {f"/v1{api.endpoint}": api.id for api in _CHAT.apis}


def parse(data: Any, today: dt.date) -> Parsed:
    parsed = Parsed()
    if not isinstance(data, dict):
        raise SourceError("a LiteLLM price list is a JSON object of model entries")
    parsed.total = len(data)
    # (provider, model, kind): one model LiteLLM lists under two modes ('codestral/codestral-2405'
    # for chat, 'text-completion-codestral/codestral-2405' for completions) is two records
    groups: dict[tuple[str, str, str], list[tuple[str, dict, str | None, str | None]]] = {}
    for key in sorted(data):
        entry = data[key]
        reason = _unusable(key, entry)
        if reason:
            parsed.skips.append(Skip(key, reason))
            continue
        provider, model = _split(key, entry["litellm_provider"])
        sized = SIZED_KEY.match(model)
        size = quality = None
        if sized and MODES[entry["mode"]] == "image_generation":
            model, size, quality = sized["pre"] + sized["rest"], f"{sized['w']}x{sized['h']}", sized["quality"]
        groups.setdefault((provider, model, MODES[entry["mode"]]), []).append((key, entry, size, quality))
    for (provider, model, _), members in groups.items():
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


def chat_apis(entry: dict) -> list[str]:
    """The chat APIs LiteLLM says a model serves: those its `supported_endpoints` name, else
    its mode's (LiteLLM calls a 'responses' model through the Responses API only)."""
    endpoints = entry.get("supported_endpoints")
    named = [api for path, api in ENDPOINT_APIS.items() if isinstance(endpoints, list) and path in endpoints]
    if named:
        return named
    return [_CHAT.apis[0].id] if entry["mode"] == "responses" else [_CHAT.api]


def _split(key: str, litellm_provider: str) -> tuple[str, str]:
    """'vertex_ai/claude-3' with provider 'vertex_ai-anthropic_models' -> ('vertex_ai', 'claude-3');
    'gpt-4o' with 'openai' -> ('openai', 'gpt-4o'); 'gpt-3.5-turbo-instruct' with
    'text-completion-openai' -> ('openai', 'gpt-3.5-turbo-instruct')."""
    first, _, rest = key.partition("/")
    if rest and litellm_provider.startswith(first):
        return first.removeprefix(COMPLETION_ROUTE), rest
    return litellm_provider.removeprefix(COMPLETION_ROUTE), key


def _entry(provider: str, model: str, members: list, today: dt.date) -> ImportedModel | Skip:
    members.sort(key=lambda m: (m[2] is not None, m[0]))  # the unsized entry, if any, leads
    key, main, _, _ = members[0]
    kind = MODES[main["mode"]]
    sunset = main.get("deprecation_date")
    if isinstance(sunset, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", sunset) and sunset < today.isoformat():
        return Skip(key, f"retired: deprecation_date {sunset} has passed")
    apis = chat_apis(main) if kind == "chat" else []
    if kind == "chat" and _CHAT.api not in apis:
        return Skip(
            key,
            f"served only through the {_CHAT.apis[0].label} (LiteLLM's mode and supported_endpoints); "
            f"a chat record's apis must include {_CHAT.api}",
        )
    info = provider_info(provider)
    entry = ImportedModel(key, provider, model, {}, info.name, info.website)
    pricing = []
    for member_key, member, size, quality in members:
        pricing += prices_of(member, kind, size, quality, entry, lead=member_key == key)
    entry.data = _fields(model, main, kind, pricing, today, entry)
    if apis != [_CHAT.api] and kind == "chat":
        entry.data["apis"] = apis  # beside the default chat_completions, the Responses API
    if isinstance(sunset, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", sunset):
        entry.data.update(status="deprecated", sunset_date=sunset)
    return entry


def _fields(model: str, entry: dict, kind: str, pricing: list, today: dt.date, out: ImportedModel) -> dict[str, Any]:
    name = title_from_id(model)
    data: dict[str, Any] = {
        "name": name,
        "description": f"{name}, served by {out.provider_name}. Imported from {LABEL}.",
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
    if kind == "image_edit":
        inputs = ["text", "image"]  # an edit is an uploaded image and a text prompt
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
