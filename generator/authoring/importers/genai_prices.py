"""pydantic's genai-prices data (`prices/data.json`) -> catalog entries, with their past and
announced prices.

The file is a list of providers `{id, name, pricing_urls, models: [...]}`; a model is `{id,
name?, context_window?, price_comments?, deprecated?, prices, price_variants?}`. Amounts are
USD: `*_mtok` per 1M tokens (the catalog's own unit, so no conversion), `*_kcount` per 1,000,
`input_mchars` per 1M characters, `*_hours` per hour. A context tier is `{base, tiers: [{start,
price}]}`: above `start` prompt tokens the tier's price applies to every token (a cliff).
`prices` is one price object, or a list of conditional prices `{constraint?, prices}` of which
the last whose constraint holds applies: `{start_date}` from that UTC day on, `{start_time,
end_time}` every day in that UTC window. `price_variants` (in the wheel's data; upstream's JSON
v1 has none) override price keys by request context: `{processing: batch}`, `{service_tier:
flex|priority|fast}` and `{speed: fast}` become service tiers.

Dates become history: the prices before a `start_date` that has passed are a `price_history`
entry ending (`until`) on it, and a `start_date` after the import date a `scheduled_prices`
entry. A daily window becomes `window` components: the price that holds for most of the day is
the plain one, each other stretch a window. Variants are dated too, but their dates mark when
genai-prices began to record a tier ("batch history before then is not modelled"), not price
changes, so tiers join the current and announced price lists only; a past entry holds the
standard prices genai-prices dates.
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
from generator.authoring.importers.genai_prices_dates import HOURS, date_prices, read_rules
from generator.authoring.importers.providers import provider_info
from generator.catalog.registry import KINDS

SOURCE_URL = "https://github.com/pydantic/genai-prices/blob/main/prices/data.json"
LABEL = "genai-prices"  # what a description says a record was imported from
PROVIDERS = {"x-ai": "xai", "voyageai": "voyage"}  # genai-prices' id -> the catalog's, where they differ
COMPLETIONS = {"gpt-3.5-turbo-instruct", "davinci-002", "babbage-002"}  # OpenAI's legacy completions models
_URL = re.compile(r"https://[^\s<>\"'()\[\]]+")


def parse(data: Any, today: dt.date) -> Parsed:
    if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
        raise SourceError("a genai-prices data.json is a JSON list of providers, each an object with its models")
    parsed = Parsed()
    for provider in sorted(data, key=lambda p: str(p.get("id"))):
        models = provider.get("models")
        if not isinstance(provider.get("id"), str) or not isinstance(models, list):
            parsed.total += 1
            parsed.skips.append(Skip(str(provider.get("id")), "provider without an id and a models list"))
            continue
        for model in sorted(models, key=lambda m: str(m.get("id")) if isinstance(m, dict) else ""):
            parsed.total += 1
            result = _entry(provider, model, today)
            (parsed.entries if isinstance(result, ImportedModel) else parsed.skips).append(result)
    return parsed


def _entry(provider: dict, model: Any, today: dt.date) -> ImportedModel | Skip:
    if not isinstance(model, dict) or not isinstance(model.get("id"), str) or not model["id"].strip():
        return Skip(f"{provider['id']}/?", "not a model object with an id")
    source_id = f"{provider['id']}/{model['id']}"
    if model.get("deprecated") is True:
        return Skip(source_id, "deprecated at the source, without a sunset date")
    rules = read_rules(model.get("prices"))
    if isinstance(rules, str):
        return Skip(source_id, rules)
    keys = {key for rule in rules for key in rule.prices}
    kind = _kind(model["id"], keys)
    catalog_id = PROVIDERS.get(provider["id"], provider["id"])
    urls = [u for u in provider.get("pricing_urls") or [] if isinstance(u, str) and https_url(u)]
    info = provider_info(catalog_id, urls[0] if urls else "")
    entry = ImportedModel(source_id, catalog_id, model["id"], {}, str(provider.get("name") or info.name)[:80])
    entry.provider_website = info.website
    variants = model.get("price_variants") if isinstance(model.get("price_variants"), list) else []
    entry.data = _fields(model, kind, keys, urls, today, entry)
    date_prices(entry, rules, variants, kind, today, _history_source(model, urls))
    return entry


def _kind(model_id: str, keys: set[str]) -> str:
    """genai-prices names no kind or endpoint: the price keys and the id tell it, in this
    order. A record already in the catalog keeps its kind (an import of another kind does
    not touch its prices)."""
    name = model_id.lower()
    if keys and keys <= set(HOURS):
        return "speech_to_text"
    rules = (
        ("embed", "embeddings"),
        ("rerank", "rerank"),
        ("moderation", "moderation"),
        ("tts", "text_to_speech"),
        ("transcribe", "speech_to_text"),
        ("whisper", "speech_to_text"),
        ("realtime", "realtime"),
        ("image", "image_generation"),
    )
    found = next((kind for word, kind in rules if word in name), None)
    if found:
        return found
    if "input_mchars" in keys:
        return "text_to_speech"
    return "completions" if name in COMPLETIONS else "chat"


def _fields(model: dict, kind: str, keys: set[str], urls: list[str], today: dt.date, out: ImportedModel) -> dict:
    name = title_from_id(str(model.get("name") or model["id"]))
    rule = KINDS[kind]
    inputs = ["text"] + [m for key, m in (("input_audio_mtok", "audio"), ("input_image_mtok", "image")) if key in keys]
    outputs = [rule.outputs[0]] + [
        m for key, m in (("output_audio_mtok", "audio"), ("output_image_mtok", "image")) if key in keys
    ]
    data: dict[str, Any] = {
        "name": name,
        "description": f"{name}, served by {out.provider_name}. Imported from {LABEL}.",
        "kind": kind,
        "modalities": {"input": inputs, "output": list(dict.fromkeys(outputs))},
        "pricing": [],
        "status": "active",
        "price_source": _record_source(model, urls),
    }
    out.todo["description"] = "TODO: describe the model"
    window = model.get("context_window")
    if "context_window" in rule.fields and isinstance(window, int) and not isinstance(window, bool):
        data["context_window"] = window
    data["release_date"] = date_in_id(model["id"], today) or today.isoformat()
    if data["release_date"] == today.isoformat():
        out.todo["release_date"] = "TODO: not in the source; set the real release date"
    return data


# ---------------------------------------------------------------- sources


def _comment_urls(model: dict) -> list[str]:
    """The https URLs a model's price_comments cite, without genai-prices' own issue links."""
    text = model.get("price_comments") if isinstance(model.get("price_comments"), str) else ""
    urls = [https_url(u.rstrip(".,;:")) for u in _URL.findall(text)]
    return [u for u in urls if u and "github.com/pydantic/genai-prices" not in u]


def _record_source(model: dict, urls: list[str]) -> str:
    """The page the model's comments cite, else the provider's pricing page."""
    cited = [u for u in _comment_urls(model) if "web.archive.org" not in u]
    return next(iter(cited + urls), SOURCE_URL)


def _history_source(model: dict, urls: list[str]) -> str:
    """A past price's source: an archived copy the model's comments cite (the page as it was),
    else the page they cite, else the provider's pricing page."""
    cited = _comment_urls(model)
    archived = [u for u in cited if "web.archive.org" in u]
    return next(iter(archived + cited + urls), SOURCE_URL)
