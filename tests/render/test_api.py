"""The JSON API: an OpenAI-style model list with exact prices, one file per model,
the providers, the record schemas; one JSON style (sorted keys, indent 2, newline)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from support.catalogs import valid_chat_model
from support.paths import ROOT

from generator.catalog.derive import SiteIndex
from generator.catalog.records import FEATURES, Model, model_from_data
from generator.catalog.registry import plain_decimal
from generator.render import urls
from generator.render.api import model_detail
from generator.render.jsondoc import json_list_bytes
from generator.render.twins import strip_html

SUMMARY_FIELDS = {  # what a client chooses by; every price and offer is in the model's own file
    "id",
    "object",
    "created",
    "owned_by",
    "name",
    "kind",
    "endpoint",
    "modalities",
    "features",
    "context_window",
    "max_output_tokens",
    "status",
    "sunset_date",
    "replacement",
    "headline_pricing",
    "offer_count",
    "links",
}


def list_style(value: dict[str, Any]) -> str:
    """The long-list style (jsondoc.json_list_bytes), from the standard library: one compact item a line."""
    items = [json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for v in value["data"]]
    data = "[\n" + ",\n".join("    " + i for i in items) + "\n  ]" if items else "[]"
    return '{\n  "data": ' + data + ',\n  "object": "list"\n}\n'


def load(site_dir: Path, path: str) -> Any:
    text = (site_dir / path).read_text("utf-8")
    value = json.loads(text)
    if path == urls.API_MODELS:
        assert text == list_style(value), f"{path}: one model per line"
    else:
        assert text == json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n", f"{path}: JSON style"
    return value


def test_the_list_style_of_an_empty_and_a_short_list() -> None:
    for data in ([], [{"b": 1, "a": "é"}], [{"id": "x"}, {"id": "y", "n": [1, None]}]):
        written = json_list_bytes(data).decode("utf-8")
        assert json.loads(written) == {"object": "list", "data": data}
        assert written == list_style({"data": data})


def test_models_json_is_an_openai_style_list(site_dir: Path, index: SiteIndex) -> None:
    listing = load(site_dir, urls.API_MODELS)
    assert listing["object"] == "list"
    assert [m["id"] for m in listing["data"]] == [m.slug for m in index.models]
    for entry in listing["data"]:
        assert set(entry) == SUMMARY_FIELDS
        assert entry["object"] == "model" and isinstance(entry["created"], int)
        assert set(entry["features"]) <= {f for f, _ in FEATURES}
        model = index.catalog.models[entry["id"]]
        assert entry["features"] == [f for f, _ in FEATURES if model.has(f)]  # the supported ones, in order
        detail = load(site_dir, urls.model_json(model.slug))
        assert detail["capabilities"] == dict(model.capabilities)  # the whole record keeps every flag
        assert entry["offer_count"] == len(model.all_offers) and set(entry["links"]) == {"html", "json"}


def test_prices_are_exact_decimal_strings_with_units(site_dir: Path, index: SiteIndex) -> None:
    for entry in load(site_dir, urls.API_MODELS)["data"]:
        model = index.catalog.models[entry["id"]]
        assert [(p["unit"], p["amount"], p["currency"]) for p in entry["headline_pricing"]] == [
            (p.unit, plain_decimal(p.amount), model.currency) for p in model.headline_prices
        ]
        pricing = load(site_dir, urls.model_json(model.slug))["pricing"]
        assert [(p["unit"], p["amount"], p["currency"]) for p in pricing] == [
            (p.unit, plain_decimal(p.amount), model.currency) for p in model.pricing
        ]
        assert [p.get("above_tokens") for p in pricing] == [p.above_tokens for p in model.pricing]
        assert all(p in pricing for p in entry["headline_pricing"])


def test_one_file_per_model_with_the_list_entry_and_more(site_dir: Path, index: SiteIndex) -> None:
    listing = {m["id"]: m for m in load(site_dir, urls.API_MODELS)["data"]}
    for model in index.models:
        detail = load(site_dir, urls.model_json(model.slug))
        entry = listing[model.slug]
        assert {k: detail[k] for k in SUMMARY_FIELDS - {"links"}} == {k: entry[k] for k in SUMMARY_FIELDS - {"links"}}
        assert detail["links"] == entry["links"] | {"markdown": detail["links"]["markdown"]}
        assert (detail["provider"], detail["release_date"]) == (model.provider_id, model.release_date.isoformat())
        assert {"pricing", "upstream", "offers"} <= set(detail)
        assert detail["aliases"] == list(model.aliases) and detail["price_source"] == model.price_source
        assert detail["description"] == strip_html(model.description)


def test_model_links_point_at_built_files(site_dir: Path, index: SiteIndex) -> None:
    base = index.catalog.site.url
    for entry in load(site_dir, urls.API_MODELS)["data"]:
        for url in entry["links"].values():
            assert (site_dir / urls.output_path(url.removeprefix(base))).is_file(), url


def test_providers_json(site_dir: Path, index: SiteIndex) -> None:
    providers = load(site_dir, urls.API_PROVIDERS)
    assert providers["object"] == "list"
    assert [p["id"] for p in providers["data"]] == list(index.catalog.providers)
    for entry in providers["data"]:
        assert entry["models"] == [m.slug for m in index.by_provider[entry["id"]]]


@pytest.mark.parametrize("name", ["model", "provider", "site"])
def test_record_schemas_are_published(site_dir: Path, name: str) -> None:
    source = json.loads((ROOT / "generator" / "schema" / f"{name}.schema.json").read_text("utf-8"))
    assert load(site_dir, urls.schema(name)) == source


FEATURE_SLUG = "acme/euro-tiers"  # the fixture model with every pricing feature, in EUR


def test_json_api_carries_every_pricing_feature() -> None:
    from support.sites import SITE_CATALOG, render_in_memory

    outputs = render_in_memory(SITE_CATALOG)
    detail = json.loads(outputs[urls.model_json(FEATURE_SLUG)])
    listed = next(m for m in json.loads(outputs[urls.API_MODELS])["data"] if m["id"] == FEATURE_SLUG)
    assert listed["headline_pricing"] and all(p in detail["pricing"] for p in listed["headline_pricing"])
    prices = detail["pricing"]
    assert {p["currency"] for p in prices} == {"EUR"} and all(isinstance(p["amount"], str) for p in prices)
    condition = ("tier", "cache_ttl", "window", "above_tokens", "above_tokens_rule")
    shown = {(p["unit"], p["amount"], *(str(p.get(k, "")) for k in condition)) for p in prices}
    assert {
        ("per_1m_input_tokens", "1.00", "batch", "", "", "", ""),
        ("per_1m_output_tokens", "4.80", "flex", "", "", "", ""),
        ("per_1m_cache_write_tokens", "2.50", "", "5m", "", "", ""),
        ("per_1m_cache_write_tokens", "6.00", "", "1h", "", "200000", "cliff"),
        ("per_1m_input_tokens", "3.00", "", "", "", "200000", "incremental"),
        ("per_1m_input_tokens", "1.00", "", "", "{'end': '00:30', 'start': '16:30'}", "", ""),
        ("per_1k_web_searches", "10.00", "", "", "", "", ""),
        ("per_1m_reasoning_tokens", "8.00", "", "", "", "", ""),
        ("per_1m_input_image_tokens", "2.50", "", "", "", "", ""),
        ("per_1m_output_image_tokens", "30.00", "", "", "", "", ""),
    } <= shown
    gpt = json.loads(outputs[urls.model_json("openai/gpt-test")])["pricing"]
    assert {p["currency"] for p in gpt} == {"USD"} and all("tier" not in p and "window" not in p for p in gpt)


def _dated_model(price_date: dt.date) -> Model:
    def prices(inp: str) -> list[dict[str, Any]]:
        return [{"unit": "per_1m_input_tokens", "amount": D(inp)}, {"unit": "per_1m_output_tokens", "amount": D("2")}]

    data = valid_chat_model(
        pricing=prices("1.00"),
        price_history=[{"until": "2025-01-01", "pricing": prices("4"), "price_source": "https://a.example/2024"}],
        scheduled_prices=[{"from": "2027-01-15", "pricing": prices("0.50"), "announcement": "https://a.example/news"}],
    )
    return model_from_data("acme/chat", data, price_date=price_date)


def test_a_model_file_carries_its_history_schedule_and_changes(index: SiteIndex) -> None:
    detail = model_detail(index.catalog.site, _dated_model(dt.date(2026, 12, 3)))
    assert (detail["pricing_since"], detail["pricing_until"]) == ("2025-01-01", "2027-01-15")
    (past,) = detail["price_history"]
    assert (past["from"], past["until"], past["price_source"]) == (None, "2025-01-01", "https://a.example/2024")
    assert [p["amount"] for p in past["pricing"]] == ["4", "2"]
    (coming,) = detail["scheduled_prices"]
    assert (coming["from"], coming["announcement"], coming["pricing"][0]["amount"]) == (
        "2027-01-15",
        "https://a.example/news",
        "0.50",
    )
    moves = [
        (c["date"], c["old"], c["new"], c["percent"], c["direction"], c["scheduled"]) for c in detail["price_changes"]
    ]
    assert moves == [
        ("2025-01-01", "4", "1.00", "-75", "down", False),
        ("2027-01-15", "1.00", "0.50", "-50", "down", True),
    ]
    assert detail["price_changes"][0]["id"] == "acme/chat/2025-01-01/per_1m_input_tokens"
    assert "amount" not in detail["price_changes"][0]["component"]


def test_once_its_day_has_come_a_scheduled_price_is_the_current_one_in_the_api(index: SiteIndex) -> None:
    detail = model_detail(index.catalog.site, _dated_model(dt.date(2027, 1, 15)))
    assert detail["pricing"][0]["amount"] == "0.50"
    assert (detail["pricing_since"], detail["pricing_until"], detail["scheduled_prices"]) == ("2027-01-15", None, [])
    assert [p["until"] for p in detail["price_history"]] == ["2025-01-01", "2027-01-15"]


def test_a_model_without_history_says_so_plainly(index: SiteIndex) -> None:
    plain = next(m for m in index.models if not m.periods)
    detail = model_detail(index.catalog.site, plain)
    assert (detail["pricing_since"], detail["price_history"], detail["scheduled_prices"], detail["price_changes"]) == (
        None,
        [],
        [],
        [],
    )
