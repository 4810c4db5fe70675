"""An OpenRouter /api/v1/models response -> catalog entries.

Each model has an id 'author/slug' (sometimes with a variant suffix such as
':free' or ':thinking'), prices per token as decimal strings ('0.0000025'), '-1'
for routers whose price depends on the model chosen, and `created` (when
OpenRouter listed it) rather than a release date. OpenRouter lists only chat models
(its API is chat completions), so every entry becomes a chat record.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from generator.authoring.importers.common import (
    ImportedModel,
    Parsed,
    Skip,
    SourceError,
    date_in_id,
    per_million,
    price,
    tidy,
    to_decimal,
)

PRICES = {
    "prompt": "per_1m_input_tokens",
    "completion": "per_1m_output_tokens",
    "input_cache_read": "per_1m_cached_input_tokens",
    "input_cache_write": "per_1m_cache_write_tokens",
    "audio": "per_1m_input_audio_tokens",
}
IGNORED = {
    "image": "a price per input image (OpenRouter's older shape) has no unit",
    "discount": "discounts are not modelled",
    "input_audio_cache": "cached audio tokens have no unit",
}
# OpenRouter's `image` was a price per input image (0.024 for Claude Opus 4) and is now
# one per image token (0.00000125 for Gemini 2.5 Pro, its prompt price). No per-token price
# reaches $100 per 1M tokens, and no per-image price is that low: the amount tells them apart.
PER_IMAGE_FROM = Decimal("0.0001")
LABEL = "OpenRouter's model list"  # what a description says a record was imported from
_FEATURES = {
    "tools": "tool_calling",
    "structured_outputs": "structured_outputs",
    "response_format": "json_mode",
    "reasoning": "reasoning",
}


def parse(data: Any, today: dt.date) -> Parsed:
    models = data.get("data") if isinstance(data, dict) else data
    if not isinstance(models, list):
        raise SourceError('an OpenRouter models response is {"data": [...]} (or the bare list)')
    parsed = Parsed(total=len(models))
    for model in models:
        result = _entry(model, today)
        (parsed.entries if isinstance(result, ImportedModel) else parsed.skips).append(result)
    return parsed


def _entry(model: Any, today: dt.date) -> ImportedModel | Skip:
    if not isinstance(model, dict) or not isinstance(model.get("id"), str) or "/" not in model["id"]:
        return Skip(str(model.get("id") if isinstance(model, dict) else model)[:80], "no 'author/model' id")
    source_id = model["id"]
    author, name = source_id.split("/", 1)
    author = author.lstrip("~") or author
    pricing = model.get("pricing") if isinstance(model.get("pricing"), dict) else {}
    if any(to_decimal(v) is not None and to_decimal(v) < 0 for v in pricing.values()):
        return Skip(source_id, "variable price (-1): a router whose price depends on the model it picks")
    expiry = model.get("expiration_date")
    if isinstance(expiry, str) and expiry < today.isoformat():
        return Skip(source_id, f"retired: expiration_date {expiry} has passed")
    outputs = (model.get("architecture") or {}).get("output_modalities") or ["text"]
    if "text" not in outputs:
        return Skip(source_id, f"outputs {'+'.join(outputs)} only: not served by the chat endpoint")
    entry = ImportedModel(source_id, author, name.replace(":", "-"), {}, "", f"https://openrouter.ai/{author}")
    entry.data = _fields(model, author, name, _prices(pricing, entry), today, entry)
    return entry


def _prices(pricing: dict, entry: ImportedModel) -> list[dict]:
    prices = []
    for key in sorted(pricing):
        amount = to_decimal(pricing[key])
        mapped = None if amount is None else _map(key, amount, pricing)
        if isinstance(mapped, tuple):
            prices.append({**price(mapped[0], mapped[1]), "_key": key})
        elif isinstance(mapped, str) or amount is None:
            entry.not_mapped(key, mapped or IGNORED.get(key, "no matching unit"), amount)
    return prices


def _map(key: str, amount: Decimal, pricing: dict) -> tuple[str, Decimal] | str | None:
    """(unit, amount), None when nothing is to be priced, or why the key is not mapped."""
    if key in PRICES:
        if amount == 0 and key not in ("prompt", "completion"):
            return None  # a zero price for an extra (e.g. cache write) means "not offered"
        return PRICES[key], per_million(amount)
    if amount == 0:
        return None
    same_as = {"internal_reasoning": "completion", "image": "prompt"}.get(key)
    if same_as and amount == to_decimal(pricing.get(same_as)):
        return None  # billed like output (reasoning) or input (image) tokens: covered by that price
    if key == "request":
        return "per_request", amount
    if key == "web_search":
        return "per_1k_web_searches", tidy(amount.scaleb(3))
    if key == "internal_reasoning":
        return "per_1m_reasoning_tokens", per_million(amount)
    if key == "image" and amount < PER_IMAGE_FROM:
        return "per_1m_input_image_tokens", per_million(amount)
    return IGNORED.get(key, "no matching unit")


def _fields(model: dict, author: str, name: str, pricing: list, today: dt.date, entry: ImportedModel) -> dict[str, Any]:
    architecture = model.get("architecture") or {}
    display = str(model.get("name") or name)
    if ": " in display:
        display = display.split(": ", 1)[1]  # 'OpenAI: GPT-4o' -> 'GPT-4o'
    description = str(model.get("description") or "").strip()
    if len(description) < 10:
        description = f"{display}, listed on OpenRouter."
        entry.todo["description"] = "TODO: describe the model"
    top = model.get("top_provider") or {}
    data: dict[str, Any] = {
        "name": display[:120],
        "description": description[:5000],
        "kind": "chat",
        "modalities": {
            "input": list(architecture.get("input_modalities") or ["text"]),
            "output": list(architecture.get("output_modalities") or ["text"]),
        },
        "pricing": pricing,
        "status": "active",
        "price_source": f"https://openrouter.ai/{model['id'].split(':')[0]}",
    }
    window = model.get("context_length") or top.get("context_length")
    if isinstance(window, int):
        data["context_window"] = window
    if isinstance(top.get("max_completion_tokens"), int):
        data["max_output_tokens"] = top["max_completion_tokens"]
    params = set(model.get("supported_parameters") or [])
    data["capabilities"] = {feature: True for param, feature in _FEATURES.items() if param in params}
    if "image" in data["modalities"]["input"]:
        data["capabilities"]["vision"] = True
    expiry = model.get("expiration_date")
    if isinstance(expiry, str) and len(expiry) == 10:
        data.update(status="deprecated", sunset_date=expiry)
    data["release_date"] = _release(model, today, entry)
    return data


def _release(model: dict, today: dt.date, entry: ImportedModel) -> str:
    """The date in the canonical slug ('...-20250522') is the release; `created` is when
    OpenRouter listed the model, usually the same week."""
    found = date_in_id(str(model.get("canonical_slug") or ""), today)
    if found:
        return found
    created = model.get("created")
    if isinstance(created, int) and created > 0:
        day = dt.datetime.fromtimestamp(created, tz=dt.UTC).date()
        entry.todo["release_date"] = "when OpenRouter listed it; check the provider's release date"
        return min(day, today).isoformat()
    entry.todo["release_date"] = "TODO: not in the source; set the real release date"
    return today.isoformat()
