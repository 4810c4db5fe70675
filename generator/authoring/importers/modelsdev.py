"""models.dev's api.json -> catalog entries.

The file is {provider: {name, doc, models: {id: model}}}; costs are already USD
per 1M tokens (`cost.input: 2.5`), with long-context prices either in
`cost.tiers` ([{tier: {type: context, size}, input, output, ...}]) or in the
older `cost.context_over_200k`; conditional tiers (`tier: {type: conditional, input:
{gt: N}, time: {timezone: UTC, windows: [...]}}`) become context tiers and time
windows, `experimental.modes` ({fast: {cost}}) named tiers, and a model priced only in
`cost_cn` a record in CNY. Release dates are sometimes a month ('2025-09').
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
    "reasoning": "per_1m_reasoning_tokens",
}
CURRENCIES = {"cost": "USD", "cost_cn": "CNY"}  # models.dev's cost objects and their currencies
_MODE = re.compile(r"^(?!standard$)[a-z][a-z0-9-]{0,31}$")  # a catalog tier name
STATUS = {"alpha": "preview", "beta": "preview", "preview": "preview", "active": "active"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LABEL = "models.dev"  # what a description says a record was imported from


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
    """The kind its modalities tell. models.dev names no endpoint or mode, so a moderation,
    rerank, realtime, completions or image-edit model cannot be told from a chat, image
    generation or speech model: each is imported as the kind its modalities look like."""
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
    field_name = next((f for f in CURRENCIES if _has_cost(model.get(f))), None)
    if field_name is None:
        return Skip(source_id, "no cost in the source")
    doc = https_url(provider.get("doc"))
    entry = ImportedModel(source_id, provider_id, model_id, {}, str(provider.get("name") or "")[:80], doc or "")
    modalities = model.get("modalities") if isinstance(model.get("modalities"), dict) else {}
    kind = _kind(modalities)
    pricing = _prices(model[field_name], kind, entry) + _modes(model, field_name, kind, entry)
    for other in CURRENCIES:
        if other != field_name and other in model:
            entry.not_mapped(
                other, f"{CURRENCIES[other]} prices beside the {CURRENCIES[field_name]} ones: a record has one currency"
            )
    entry.data = _fields(model, model_id, kind, pricing, modalities, doc, today, entry)
    if CURRENCIES[field_name] != "USD":
        entry.data["currency"] = CURRENCIES[field_name]
    return entry


def _has_cost(cost: Any) -> bool:
    return isinstance(cost, dict) and (
        to_decimal(cost.get("input")) is not None or to_decimal(cost.get("output")) is not None
    )


def _prices(cost: dict, kind: str, entry: ImportedModel, tier: str | None = None) -> list[dict]:
    prices = _components(cost, {"tier": tier}, kind, entry)
    tiers = cost.get("tiers") if isinstance(cost.get("tiers"), list) else []
    for item in tiers:
        spec = item.get("tier") if isinstance(item, dict) else None
        conditions = _tier_conditions(spec) if isinstance(spec, dict) else "a tier without a selector"
        if isinstance(conditions, str):
            entry.not_mapped("tiers", conditions)
        else:
            prices += _components(item, {**conditions, "tier": tier}, kind, entry)
    over = cost.get("context_over_200k")
    if isinstance(over, dict):
        if tiers:
            entry.unmapped.append(("context_over_200k", "superseded by cost.tiers, which gives the real threshold"))
        else:
            prices += _components(over, {"above_tokens": 200_000, "tier": tier}, kind, entry)
    return prices


def _tier_conditions(spec: dict) -> dict | str:
    """A models.dev tier selector -> catalog conditions, or why it cannot be one.

    `{type: context, size: N}` is a cliff above N prompt tokens. A conditional tier may
    bound the prompt (`input: {gt|gte: N}`: its lower bound is the threshold; an upper
    bound only says where the next tier starts) and name a UTC time window."""
    if spec.get("type", "context") == "context":
        size = spec.get("size")
        return {"above_tokens": size} if isinstance(size, int) and size > 0 else "a context tier without a size"
    if spec.get("type") != "conditional":
        return "only context and conditional tiers are modelled"
    if spec.get("output") is not None:
        return "tiers by output length are not modelled"
    conditions: dict[str, Any] = {"note": spec.get("label") if isinstance(spec.get("label"), str) else None}
    prompt = spec.get("input")
    if isinstance(prompt, dict):
        above = prompt.get("gt", prompt["gte"] - 1 if isinstance(prompt.get("gte"), int) else None)
        if not isinstance(above, int) or above <= 0:
            return "a prompt-length tier without a lower bound above 0"
        conditions["above_tokens"] = above
    time = spec.get("time")
    if isinstance(time, dict):
        windows = time.get("windows") if isinstance(time.get("windows"), list) else []
        if time.get("timezone") not in ("UTC", "Etc/UTC") or len(windows) != 1 or windows[0].get("days"):
            return "only one daily time window in UTC is modelled"
        end = "00:00" if windows[0].get("end") == "24:00" else windows[0].get("end")
        conditions["window"] = {"start": windows[0].get("start"), "end": end}
    return conditions


def _modes(model: dict, field_name: str, kind: str, entry: ImportedModel) -> list[dict]:
    """`experimental.modes` ({fast: {cost: {...}}}): each mode's prices as a named tier."""
    experimental = model.get("experimental") if isinstance(model.get("experimental"), dict) else {}
    modes = experimental.get("modes") if isinstance(experimental.get("modes"), dict) else {}
    prices: list[dict] = []
    for name in sorted(modes):
        cost = modes[name].get(field_name) if isinstance(modes[name], dict) else None
        if not _MODE.match(name):
            entry.not_mapped(f"experimental.modes.{name}", "a mode name that is not a lowercase tier name")
        elif _has_cost(cost):
            prices += _prices(cost, kind, entry, tier=name)
    return prices


def _components(cost: dict, conditions: dict, kind: str, entry: ImportedModel) -> list[dict]:
    units = dict(COSTS)
    audio_only = KINDS[kind].required_input == "audio"  # a transcription model's input is audio
    if audio_only:
        units["input"] = "per_1m_input_audio_tokens"
    out = []
    for key in sorted(cost):
        amount = to_decimal(cost[key])
        if key in ("tiers", "context_over_200k", "tier"):
            continue
        if key == "reasoning" and amount == to_decimal(cost.get("output")):
            continue  # billed like output tokens
        if key in units and amount is not None and amount >= 0:
            if audio_only and key == "input_audio" and "input" in cost:
                continue
            out.append({**price(units[key], amount, **conditions), "_key": f"cost.{key}"})
        else:
            entry.not_mapped(f"cost.{key}", "no matching unit", amount)
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
        "description": f"{name}, served by {entry.provider_name or entry.provider}. Imported from {LABEL}.",
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
