"""/compare/: a picker that works without JavaScript (every model, linked to its page)
and compare.js, which draws the side-by-side table and keeps the choice in the address
(?models=a/b,c/d). Its data are sized for a table of a few models: compare/shared.json
(the features and the calculator's registry, the same for every comparison) and one file
per model, compare/models/<provider>/<model>.json, fetched only for the models compared."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.catalog.derive import SiteIndex
from generator.catalog.records import FEATURES, Model, Offer, Provider, Site
from generator.render import Job, urls
from generator.render.calculator import CalculatorView, calculator_price, compare_view, list_data, registry_data
from generator.render.content import PriceLine, price_line
from generator.render.jsondoc import json_bytes
from generator.render.layout import Page, render_page
from generator.render.paging import Pager, page_title, paginate
from generator.render.rows import (
    ModelRow,
    model_rows,
    offer_label,
    offer_price_text,
    offer_sort_price,
    price_text,
    sort_price,
)


@dataclass(frozen=True)
class Group:
    label: str
    rows: tuple[ModelRow, ...]


def jobs(index: SiteIndex) -> Iterator[Job]:
    site, providers = index.catalog.site, tuple(index.catalog.providers.values())
    calculator = compare_view(index.models, site)  # every field any model is priced by
    for pager, chunk in paginate(index.models, urls.COMPARE):
        yield Job(urls.output_path(pager.url), render_compare_page, (site, chunk, pager, providers, calculator))
    yield Job(urls.COMPARE_SHARED, render_compare_shared, (site,))
    names = {p.id: p.name for p in providers}
    for m in index.models:
        args = (m, names[m.provider_id], site, upstream_names(m, names))
        yield Job(urls.compare_model_json(m.slug), render_compare_model, args)


def render_compare_page(
    site: Site, models: tuple[Model, ...], pager: Pager, providers: tuple[Provider, ...], calculator: CalculatorView
) -> bytes:
    rows = model_rows(models, providers, site)
    groups = tuple(
        Group(kind.label, tuple(r for r in rows if r.model.kind == kind.id))
        for kind in site.kinds
        if any(r.model.kind == kind.id for r in rows)
    )
    page = Page(
        pager.url,
        page_title("Compare models side by side", pager),
        "Pick two or more models and compare their prices, context windows, modalities and capabilities.",
        crumbs=(("Compare", urls.COMPARE),),
    )
    return render_page(
        "compare.html",
        site,
        page,
        groups=groups,
        pager=pager,
        script_compare=urls.asset("compare.js"),
        calculator=calculator,
    )


def render_compare_shared(site: Site) -> bytes:
    data = {
        "features": [{"id": fid, "label": label} for fid, label in FEATURES],
        "calculator": registry_data(site),  # the cost engine's registry facts, for calculator.js
    }
    return json_bytes(data)


def render_compare_model(
    model: Model, provider_name: str, site: Site, upstreams: tuple[tuple[str, str], ...] | None
) -> bytes:
    return json_bytes(model_data(model, provider_name, site, upstreams))


def upstream_names(model: Model, names: dict[str, str]) -> tuple[tuple[str, str], ...] | None:
    """(provider id, name) of each upstream of the model's offers, sorted; None when the maker
    serves them all (most models: the engine remembers a part by its arguments' identity,
    and None is the same from build to build)."""
    upstreams = {model.upstream or model.provider_id, *(o.provider_id for o in model.offers)}  # own_offer's first
    return None if upstreams == {model.provider_id} else tuple(sorted((p, names[p]) for p in upstreams))


def model_data(
    model: Model, provider_name: str, site: Site, upstreams: tuple[tuple[str, str], ...] | None = None
) -> dict[str, Any]:
    """One model as compare.js needs it; amounts are exact decimal strings, and `url` (its
    page) is relative to the model's own file, as any link in a file is. `prices` are the
    record's own; `offers` are every offer, cheapest first (the one compare shows first).
    `upstreams`: the names of the offers' providers when not only the maker (upstream_names)."""
    names = dict(upstreams) if upstreams else {model.provider_id: provider_name}
    return {
        "slug": model.slug,
        "name": model.name,
        "provider": model.provider_id,
        "provider_name": provider_name,
        "kind": model.kind,
        "kind_label": site.kind(model.kind).label,
        "status": model.status,
        "url": urls.relative(urls.compare_model_json(model.slug), urls.model(model.slug)),
        "price_text": price_text(model),
        "currency": model.currency,
        "sort_price": sort_price(model),  # in `currency`: compare it only with models in the same one
        "modalities": {"input": list(model.input_modalities), "output": list(model.output_modalities)},
        "context_window": model.context_window,
        "max_output_tokens": model.max_output_tokens,
        "capabilities": {fid: model.has(fid) for fid, _ in FEATURES},
        "prices": [compare_price(price_line(p, model.currency), model.currency) for p in model.pricing],
        "offers": [offer_data(model, o, names[o.provider_id]) for o in model.all_offers],
    }


def offer_data(model: Model, offer: Offer, provider_name: str) -> dict[str, Any]:
    """One offer as compare.js shows it: its upstream, limits (the model's where the offer
    sets none) and prices, amounts as exact decimal strings."""
    return {
        "id": offer.id,
        "own": offer.own,
        "provider": offer.provider_id,
        "provider_name": provider_name,
        "region": offer.region,
        "label": offer_label(offer, provider_name),
        "status": offer.status,
        "currency": offer.currency,
        "note": offer.note,
        "context_window": offer.context_window or model.context_window,
        "max_output_tokens": offer.max_output_tokens or model.max_output_tokens,
        "price_text": offer_price_text(model, offer),
        "sort_price": offer_sort_price(model, offer),
        "prices": [compare_price(price_line(p, offer.currency), offer.currency) for p in offer.pricing],
        "calculator": list_data(offer.pricing, offer.currency),  # its fields, tiers and currency symbol
    }


def compare_price(line: PriceLine, currency: str) -> dict[str, Any]:
    """A price as compare.js shows it (`display`), with the API's exact fields beside it
    (amount as a decimal string, currency, tier, cache_ttl, window, above_tokens_rule) and
    the context tier's `condition`, which the calculator needs."""
    exact = calculator_price(line.price, currency)
    shown = {"label": line.label, "display": line.amount, "per": line.per, "note": line.note}
    return {k: v for k, v in exact.items() if k != "note"} | shown
