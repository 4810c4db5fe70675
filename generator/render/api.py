"""The JSON API: an OpenAI-style model list, one file per model, the providers,
and the record JSON Schemas. Amounts are exact decimal strings ('0.030').

api/models.json is sized for a client choosing a model (budget.py): each entry is OpenAI's
model object plus the facts to choose by (kind, endpoint, modalities, capabilities, limits,
status, its `headline_pricing`, how many offers) and links to its page and its own file.
Each model's own file, api/models/<provider>/<model>.json, holds the whole record: the
list entry plus every price (`pricing`) and every `offers` entry (each upstream's prices
and limits, cheapest first, the record's own marked `own`), its text, and its prices over
time: `price_history` (past periods, oldest first), `scheduled_prices` (announced changes
still to come) and `price_changes` (what moved between periods, oldest first)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from generator.catalog.changes import PriceChange, model_changes
from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model, Offer, Price, PricePeriod, Provider, Site
from generator.catalog.registry import plain_decimal
from generator.paths import SCHEMAS
from generator.render import Job, each, urls
from generator.render.jsondoc import json_bytes, json_list_bytes
from generator.render.twins import strip_html

SCHEMA_DIR = SCHEMAS
SCHEMA_SUFFIX = ".schema.json"


def jobs(index: SiteIndex) -> Iterator[Job]:
    site = index.catalog.site
    providers = tuple(index.catalog.providers.values())
    summaries = each(model_summary, ((site, m) for m in index.models))
    yield Job(urls.API_MODELS, render_models, (site, index.models), parts=(summaries,))
    yield Job(urls.API_PROVIDERS, render_providers, (providers, index.models))
    for model in index.models:
        yield Job(urls.model_json(model.slug), render_model, (site, model))
    for path in sorted(SCHEMA_DIR.glob("*" + SCHEMA_SUFFIX)):
        yield Job(urls.schema(path.name.removesuffix(SCHEMA_SUFFIX)), render_schema, (path.read_text("utf-8"),))


def render_models(site: Site, models: tuple[Model, ...], summaries: list[dict[str, Any]]) -> bytes:
    return json_list_bytes(summaries)


def render_model(site: Site, model: Model) -> bytes:
    return json_bytes(model_detail(site, model))


def render_providers(providers: tuple[Provider, ...], models: tuple[Model, ...]) -> bytes:
    slugs: dict[str, list[str]] = {p.id: [] for p in providers}
    serves: dict[str, list[str]] = {p.id: [] for p in providers}
    for m in models:
        slugs[m.provider_id].append(m.slug)
        for upstream in sorted({o.provider_id for o in (m.own_offer, *m.offers)} - {m.provider_id}):
            serves[upstream].append(m.slug)
    data = [provider_json(p, slugs[p.id], serves[p.id]) for p in providers]
    return json_bytes({"object": "list", "data": data})


def render_schema(text: str) -> bytes:
    return json_bytes(json.loads(text))


def prices_json(model: Model) -> list[dict[str, Any]]:
    return [price_json(p, model.currency) for p in model.pricing]


def offers_json(model: Model) -> list[dict[str, Any]]:
    """Every offer of the model, cheapest first (Model.all_offers)."""
    return [offer_json(model, o) for o in model.all_offers]


def offer_json(model: Model, offer: Offer) -> dict[str, Any]:
    """One upstream's offer: `id` ('hostco@us'; what `cost --offer` takes), its provider and
    region (null without one), status, currency, limits (the model's where the offer sets
    none), price source, note (or null), `own` (the record's own pricing) and its `pricing`
    in the shape of the model's."""
    return {
        "id": offer.id,
        "own": offer.own,
        "provider": offer.provider_id,
        "region": offer.region,
        "status": offer.status,
        "currency": offer.currency,
        "context_window": offer.context_window or model.context_window,
        "max_output_tokens": offer.max_output_tokens or model.max_output_tokens,
        "price_source": offer.price_source,
        "note": offer.note,
        "pricing": [price_json(p, offer.currency) for p in offer.pricing],
    }


def price_json(price: Price, currency: str) -> dict[str, Any]:
    """{'unit', 'amount' (exact decimal string), 'currency' (the record's ISO 4217 code), 'per'}
    and any condition or note: `tier` (absent: standard), `cache_ttl`, `window` {start, end}
    (UTC), and with `above_tokens` its `above_tokens_rule` ('cliff' or 'incremental')."""
    conditions = {
        "above_tokens": price.above_tokens,
        "above_tokens_rule": above_tokens_rule(price),
        "size": price.size,
        "quality": price.quality,
        "resolution": price.resolution,
        "tier": price.tier,
        "cache_ttl": price.cache_ttl,
        "window": {"start": price.window.start, "end": price.window.end} if price.window else None,
        "note": price.note,
    }
    fields = {"unit": price.unit, "amount": plain_decimal(price.amount), "currency": currency, "per": price.spec.per}
    return fields | {k: v for k, v in conditions.items() if v is not None}


def above_tokens_rule(price: Price) -> str | None:
    """How a context tier applies, said outright even where the record leaves the default."""
    if not price.above_tokens:
        return None
    return "incremental" if price.incremental else "cliff"


def unix_time(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp())


def model_object(model: Model) -> dict[str, Any]:
    """OpenAI's model object (`GET /models/{model}`): the fields every SDK reads."""
    return {
        "id": model.slug,
        "object": "model",
        "created": unix_time(model.release_date),
        "owned_by": model.provider_id,
    }


def model_summary(site: Site, model: Model) -> dict[str, Any]:
    """One entry of api/models.json: OpenAI's model object plus the catalog's facts a client
    chooses by; the rest is in the model's own file (model_detail), which has these too."""
    return model_object(model) | {
        "name": model.name,
        "kind": model.kind,
        "endpoint": site.api_base_url + site.kind(model.kind).endpoint,
        "modalities": {"input": list(model.input_modalities), "output": list(model.output_modalities)},
        "features": [feature for feature, supported in model.capabilities if supported],  # compact: the ones it has
        "context_window": model.context_window,
        "max_output_tokens": model.max_output_tokens,
        "status": model.status,
        "sunset_date": model.sunset_date.isoformat() if model.sunset_date else None,
        "replacement": model.replacement,
        "headline_pricing": [price_json(p, model.currency) for p in model.headline_prices],
        "offer_count": len(model.all_offers),
        "links": {"html": urls.absolute(site.url, urls.model(model.slug)), "json": model_json_url(site, model)},
    }


def model_detail(site: Site, model: Model) -> dict[str, Any]:
    """api/models/<provider>/<model>.json: the list entry plus every price and offer, the
    record's text, options and prices over time."""
    current = model.periods[model.current] if model.periods else None
    return model_summary(site, model) | {
        "provider": model.provider_id,
        "release_date": model.release_date.isoformat(),
        "links": model_links(site, model),
        "capabilities": dict(model.capabilities),  # every feature, true or false, as before
        "pricing": prices_json(model),
        "upstream": model.own_offer.provider_id,  # who serves `pricing`: the maker unless the record says
        "offers": offers_json(model),
        "description": strip_html(model.description),
        "aliases": list(model.aliases),
        "strengths": list(model.strengths),
        "use_cases": list(model.use_cases),
        "price_source": model.price_source,
        "embedding_dimensions": model.embedding_dimensions,
        "image_sizes": list(model.image_sizes),
        "voices": list(model.voices),
        "video_durations": list(model.video_durations),
        "pricing_since": _day(current.start if current else None),  # the day `pricing` took effect (null: unknown)
        "pricing_until": _day(current.end if current else None),  # the day a scheduled change replaces it
        "price_history": [period_json(p, model.currency, "from", "price_source") for p in model.price_history],
        "scheduled_prices": [period_json(p, model.currency, "from", "announcement") for p in model.upcoming],
        "price_changes": [change_json(c) for c in model_changes(model)],
    }


def period_json(period: PricePeriod, currency: str, start: str, source: str) -> dict[str, Any]:
    """One price period: its days [`from`/`since`, `until`) as ISO dates (null: open), its
    `pricing` in the shape of the model's, where it was published and its note."""
    return {
        start: _day(period.start),
        "until": _day(period.end),
        "pricing": [price_json(p, currency) for p in period.pricing],
        source: period.source,
        "note": period.note,
    }


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def change_json(change: PriceChange) -> dict[str, Any]:
    """One component's move: `id` (stable, as in the feeds), the day it took (or takes)
    effect, the component (a price object without amount), `old`/`new` exact amounts (null:
    added or removed), `percent` (exact, one decimal; null without both sides), `direction`."""
    component = {k: v for k, v in price_json(change.price, change.currency).items() if k != "amount"}
    return {
        "id": change.id,
        "date": change.day.isoformat(),
        "component": component,
        "old": plain_decimal(change.old) if change.old is not None else None,
        "new": plain_decimal(change.new) if change.new is not None else None,
        "percent": plain_decimal(change.percent) if change.percent is not None else None,
        "direction": change.direction,
        "scheduled": change.scheduled,
        "source": change.source,
    }


def model_links(site: Site, model: Model) -> dict[str, str]:
    return {
        "html": urls.absolute(site.url, urls.model(model.slug)),
        "markdown": urls.absolute(site.url, urls.model_markdown(model.slug)),
        "json": model_json_url(site, model),
    }


def model_json_url(site: Site, model: Model) -> str:
    return urls.absolute(site.url, urls.model_json(model.slug))


def provider_json(provider: Provider, slugs: list[str], serves: list[str]) -> dict[str, Any]:
    """`slugs`: its own models; `serves`: other makers' models it serves as an upstream."""
    return {
        "id": provider.id,
        "object": "provider",
        "name": provider.name,
        "website": provider.website,
        "description": strip_html(provider.description),
        "byok": provider.byok,
        "models": slugs,
        "serves": serves,
    }
