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

SUMMARY_FIELDS = {"id", "object", "created", "owned_by", "name", "provider", "kind", "endpoint", "modalities",
                  "capabilities", "context_window", "max_output_tokens", "status", "release_date", "sunset_date",
                  "replacement", "pricing", "links"}  # fmt: skip


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
            (p.unit, plain_decimal(p.amount), "USD") for p in model.pricing
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
