"""models.dev's api.json -> catalog entries.

The file is {provider: {name, doc, models: {id: model}}}; costs are already USD
per 1M tokens (`cost.input: 2.5`), with long-context prices either in
`cost.tiers` ([{tier: {type: context, size}, input, output, ...}]) or in the
older `cost.context_over_200k`. Release dates are sometimes a month ('2025-09').
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.authoring.importers.common import ImportedModel, Parsed, Skip, SourceError, https_url, price, to_decimal
from generator.catalog.registry import KINDS

COSTS = {
    "input": "per_1m_input_tokens",
    "output": "per_1m_output_tokens",
    "cache_read": "per_1m_cached_input_tokens",
    "cache_write": "per_1m_cache_write_tokens",
    "input_audio": "per_1m_input_audio_tokens",
    "output_audio": "per_1m_output_audio_tokens",
}
STATUS = {"alpha": "preview", "beta": "preview", "preview": "preview", "active": "active"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse(data: Any, today: dt.date) -> Parsed:
    if not isinstance(data, dict):
        raise SourceError("a models.dev api.json is an object of providers")
    parsed = Parsed()
    for provider_id in sorted(data):
        provider = data[provider_id]
        models = provider.get("models") if isinstance(provider, dict) else None
        if not isinstance(models, dict):
            parsed.total += 1
            parsed.skips.append(Skip(provider_id, "provider without a models object"))
            continue
        for model_id in sorted(models):
            parsed.total += 1
            result = _entry(provider_id, provider, model_id, models[model_id], today)
            (parsed.entries if isinstance(result, ImportedModel) else parsed.skips).append(result)
    return parsed


def _kind(modalities: dict) -> str:
    inputs, outputs = set(modalities.get("input") or ["text"]), set(modalities.get("output") or ["text"])
    if "embedding" in outputs:
        return "embeddings"
    if "text" in outputs:
        return "speech_to_text" if inputs == {"audio"} else "chat"
    if "audio" in outputs:
        return "text_to_speech"
    if "image" in outputs:
        return "image_generation"
    return "video_generation" if "video" in outputs else "chat"


def _entry(provider_id: str, provider: dict, model_id: str, model: Any, today: dt.date) -> ImportedModel | Skip:
    source_id = f"{provider_id}/{model_id}"
    if not isinstance(model, dict):
        return Skip(source_id, "not a model object")
    if model.get("status") == "deprecated":
        return Skip(source_id, "deprecated at the source, without a sunset date")
    cost = model.get("cost")
    if not isinstance(cost, dict) or to_decimal(cost.get("input")) is None and to_decimal(cost.get("output")) is None:
        return Skip(source_id, "no cost in the source")
    doc = https_url(provider.get("doc"))
    entry = ImportedModel(source_id, provider_id, model_id, {}, str(provider.get("name") or "")[:80], doc or "")
    modalities = model.get("modalities") if isinstance(model.get("modalities"), dict) else {}
    kind = _kind(modalities)
    entry.data = _fields(model, model_id, kind, _prices(cost, kind, entry), modalities, doc, today, entry)
    return entry


def _prices(cost: dict, kind: str, entry: ImportedModel) -> list[dict]:
    prices = _components(cost, None, kind, entry)
    tiers = cost.get("tiers") if isinstance(cost.get("tiers"), list) else []
    for tier in tiers:
        spec = tier.get("tier") if isinstance(tier, dict) else None
        if isinstance(spec, dict) and spec.get("type") == "context" and isinstance(spec.get("size"), int):
            prices += _components(tier, spec["size"], kind, entry)
        else:
            entry.unmapped.append(("tiers", "only context-length tiers are modelled"))
    over = cost.get("context_over_200k")
    if isinstance(over, dict):
        if tiers:
            entry.unmapped.append(("context_over_200k", "superseded by cost.tiers, which gives the real threshold"))
        else:
            prices += _components(over, 200_000, kind, entry)
    return prices


def _components(cost: dict, above: int | None, kind: str, entry: ImportedModel) -> list[dict]:
    units = dict(COSTS)
    audio_only = KINDS[kind].required_input == "audio"  # a transcription model's input is audio
    if audio_only:
        units["input"] = "per_1m_input_audio_tokens"
    out = []
    for key in sorted(cost):
        amount = to_decimal(cost[key])
        if key in ("tiers", "context_over_200k", "tier"):
            continue
        if key in units and amount is not None and amount >= 0:
            if audio_only and key == "input_audio" and "input" in cost:
                continue
            out.append({**price(units[key], amount, above_tokens=above), "_key": f"cost.{key}"})
        elif key == "reasoning" and amount == to_decimal(cost.get("output")):
            continue  # billed like output tokens
        else:
            reason = (
                "reasoning tokens priced apart from output are not modelled"
                if key == "reasoning"
                else "no matching unit"
            )
            entry.not_mapped(f"cost.{key}", reason, amount)
    return out


def _fields(
    model: dict,
    model_id: str,
    kind: str,
    pricing: list,
    modalities: dict,
    doc: str | None,
    today: dt.date,
    entry: ImportedModel,
) -> dict[str, Any]:
    name = str(model.get("name") or model_id).strip()[:120] or model_id
    limit = model.get("limit") if isinstance(model.get("limit"), dict) else {}
    data: dict[str, Any] = {
        "name": name,
        "description": f"{name}, served by {entry.provider_name or entry.provider}. Imported from models.dev.",
        "kind": kind,
        "modalities": {
            "input": list(modalities.get("input") or ["text"]),
            "output": list(modalities.get("output") or ["text"]),
        },
        "pricing": pricing,
        "status": STATUS.get(str(model.get("status") or "active"), "active"),
        "price_source": doc or "https://models.dev",
    }
    entry.todo["description"] = "TODO: describe the model"
    rule = KINDS[kind]
    if "context_window" in rule.fields and isinstance(limit.get("context"), int):
        data["context_window"] = limit["context"]
    if "max_output_tokens" in rule.fields and isinstance(limit.get("output"), int):
        data["max_output_tokens"] = limit["output"]
    flags = {"tool_call": "tool_calling", "reasoning": "reasoning", "structured_output": "structured_outputs"}
    if rule.capabilities:
        data["capabilities"] = {
            feature: model[flag] for flag, feature in flags.items() if isinstance(model.get(flag), bool)
        }
        if "image" in data["modalities"]["input"]:
            data["capabilities"]["vision"] = True
    data["release_date"] = _release(model, today, entry)
    return data


def _release(model: dict, today: dt.date, entry: ImportedModel) -> str:
    for key in ("release_date", "last_updated"):
        value = str(model.get(key) or "")
        if _DAY.match(value) and value <= today.isoformat():
            return value
        month = _MONTH.match(value)
        if month:
            entry.todo["release_date"] = f"TODO: the source gives only the month ({value})"
            return f"{value}-01"
    entry.todo["release_date"] = "TODO: not in the source; set the real release date"
    return today.isoformat()
