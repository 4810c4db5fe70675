"""The JSON API: an OpenAI-style model list with exact prices, one file per model,
the providers, the record schemas; one JSON style (sorted keys, indent 2, newline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.paths import ROOT

from generator.catalog.derive import SiteIndex
from generator.catalog.records import FEATURES
from generator.catalog.registry import plain_decimal
from generator.render import urls
from generator.render.twins import strip_html

SUMMARY_FIELDS = {
    "id",
    "object",
    "created",
    "owned_by",
    "name",
    "provider",
    "kind",
    "endpoint",
    "modalities",
    "capabilities",
    "context_window",
    "max_output_tokens",
    "status",
    "release_date",
    "sunset_date",
    "replacement",
    "pricing",
    "upstream",
    "offers",
    "links",
}


def load(site_dir: Path, path: str) -> Any:
    text = (site_dir / path).read_text("utf-8")
    value = json.loads(text)
    assert text == json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n", f"{path}: JSON style"
    return value


def test_models_json_is_an_openai_style_list(site_dir: Path, index: SiteIndex) -> None:
    listing = load(site_dir, urls.API_MODELS)
    assert listing["object"] == "list"
    assert [m["id"] for m in listing["data"]] == [m.slug for m in index.models]
    for entry in listing["data"]:
        assert set(entry) == SUMMARY_FIELDS
        assert entry["object"] == "model" and isinstance(entry["created"], int)
        assert set(entry["capabilities"]) == {f for f, _ in FEATURES}


def test_prices_are_exact_decimal_strings_with_units(site_dir: Path, index: SiteIndex) -> None:
    for entry in load(site_dir, urls.API_MODELS)["data"]:
        model = index.catalog.models[entry["id"]]
        assert [(p["unit"], p["amount"], p["currency"]) for p in entry["pricing"]] == [
            (p.unit, plain_decimal(p.amount), model.currency) for p in model.pricing
        ]
        assert [p.get("above_tokens") for p in entry["pricing"]] == [p.above_tokens for p in model.pricing]


def test_one_file_per_model_with_the_list_entry_and_more(site_dir: Path, index: SiteIndex) -> None:
    listing = {m["id"]: m for m in load(site_dir, urls.API_MODELS)["data"]}
    for model in index.models:
        detail = load(site_dir, urls.model_json(model.slug))
        assert {k: detail[k] for k in SUMMARY_FIELDS} == listing[model.slug]
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
    assert listed["pricing"] == detail["pricing"]
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
