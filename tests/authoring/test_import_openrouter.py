"""`import openrouter`: real /api/v1/models records (tests/fixtures/import/)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from support.catalogs import check_catalog
from support.paths import FIXTURES as ALL_FIXTURES

from generator.authoring.importers import run_import
from generator.authoring.scaffold import ensure_site
from generator.catalog.load import parse_yaml

FIXTURES = ALL_FIXTURES / "import"
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def imported(tmp_path: Path):
    catalog = tmp_path / "catalog"
    ensure_site(catalog)
    report = run_import("openrouter", FIXTURES / "openrouter-2026.json", catalog, TODAY)
    return catalog, report


def record(catalog: Path, slug: str) -> dict:
    return parse_yaml((catalog / "models" / f"{slug}.yaml").read_bytes())[0]


def prices(catalog: Path, slug: str) -> dict:
    return {p["unit"]: p["amount"] for p in record(catalog, slug)["pricing"]}


def test_the_result_validates(imported):
    catalog, _ = imported
    assert [p for p in check_catalog(catalog) if p.is_error] == []


def test_price_strings_convert_exactly(imported):
    catalog, _ = imported
    assert prices(catalog, "amazon/nova-micro-v1") == {
        "per_1m_input_tokens": Decimal("0.035"),
        "per_1m_output_tokens": Decimal("0.14"),
    }
    claude = prices(catalog, "anthropic/claude-opus-4.6-fast")
    assert claude["per_1m_cache_write_tokens"] == Decimal("37.5")
    assert prices(catalog, "google/gemini-3-flash-preview")["per_1m_cache_write_tokens"] == Decimal(
        "0.08333333333333334"
    )


def test_variants_routers_and_expired_models(imported):
    catalog, report = imported
    reasons = {s.source_id: s.reason for s in report.skips}
    assert reasons["openrouter/auto"].startswith("variable price (-1)")
    thinking = record(catalog, "anthropic/claude-3.7-sonnet-thinking")  # ':thinking' variant: its own model
    assert thinking["name"] == "Claude 3.7 Sonnet (thinking)"
    free = record(catalog, "google/gemma-3-27b-it-free")
    assert all(p["amount"] == 0 for p in free["pricing"]) and free["name"] == "Gemma 3 27B (free)"


def test_an_expired_model_is_skipped(tmp_path):
    catalog = tmp_path / "catalog"
    ensure_site(catalog)
    report = run_import("openrouter", FIXTURES / "openrouter-2026.json", catalog, dt.date(2026, 6, 1))
    reasons = {s.source_id: s.reason for s in report.skips}
    assert reasons["anthropic/claude-3.7-sonnet"] == "retired: expiration_date 2026-05-05 has passed"


def test_expiration_date_in_the_future_is_a_deprecation(imported):
    catalog, _ = imported
    sonnet = record(catalog, "anthropic/claude-3.7-sonnet")
    assert (sonnet["status"], sonnet["sunset_date"]) == ("deprecated", "2026-05-05")


def test_release_date_comes_from_the_canonical_slug(imported):
    catalog, _ = imported
    assert record(catalog, "google/gemini-3-flash-preview")["release_date"] == "2025-12-17"
    assert record(catalog, "aion-labs/aion-2.0")["release_date"] == "2026-01-15"  # never after the import day
    text = (catalog / "models" / "mancer" / "weaver.yaml").read_text()
    assert "release_date: 2023-08-02  # when OpenRouter listed it" in text


def test_unmapped_keys_are_reported(imported):
    _, report = imported
    assert ("max_output_tokens", "larger than the context window; left out") in report.unmapped


def test_web_search_is_a_price_per_thousand_searches(imported):
    catalog, report = imported
    assert prices(catalog, "anthropic/claude-3.7-sonnet")["per_1k_web_searches"] == Decimal("10")  # 0.01 a search
    assert prices(catalog, "perplexity/sonar-deep-research")["per_1k_web_searches"] == Decimal("5")
    assert "web_search" not in {key for key, _ in report.unmapped}


def test_reasoning_priced_apart_from_output_gets_its_own_unit(imported):
    catalog, _ = imported
    sonar = prices(catalog, "perplexity/sonar-deep-research")
    assert sonar["per_1m_reasoning_tokens"] == Decimal("3") and sonar["per_1m_output_tokens"] == Decimal("8")
    # Gemini bills reasoning as output ('internal_reasoning' equals 'completion'): no second price
    assert "per_1m_reasoning_tokens" not in prices(catalog, "google/gemini-2.5-pro-preview")


def test_image_tokens_at_the_prompt_price_are_covered_by_the_input_price(imported):
    catalog, report = imported
    assert "per_1m_input_image_tokens" not in prices(catalog, "google/gemini-3-flash-preview")
    assert "image" not in {key for key, _ in report.unmapped}


def test_image_token_price_apart_from_the_prompt_price_is_mapped():
    from generator.authoring.importers.openrouter import parse

    model = {
        "id": "vendor/vision",
        "name": "Vendor: Vision",
        "context_length": 32000,
        "architecture": {"input_modalities": ["text", "image"], "output_modalities": ["text"]},
        "pricing": {
            "prompt": "0.000001",
            "completion": "0.000002",
            "image": "0.000004",
            "request": "0.005",
            "input_cache_read": "0.0000001",
            "input_cache_write": "0.00000125",
        },
    }
    entry = parse([model], TODAY).entries[0]
    units = {p["unit"]: p["amount"] for p in entry.data["pricing"]}
    assert units == {
        "per_1m_input_tokens": Decimal("1"),
        "per_1m_output_tokens": Decimal("2"),
        "per_1m_input_image_tokens": Decimal("4"),
        "per_request": Decimal("0.005"),
        "per_1m_cached_input_tokens": Decimal("0.1"),
        "per_1m_cache_write_tokens": Decimal("1.25"),
    }


def test_image_output_chat_models_keep_both_outputs(imported):
    catalog, _ = imported
    image = record(catalog, "google/gemini-3-pro-image-preview")
    assert image["kind"] == "chat" and image["modalities"]["output"] == ["text", "image"]


def test_older_raw_response_shape(tmp_path):
    catalog = tmp_path / "catalog"
    ensure_site(catalog)
    report = run_import("openrouter", FIXTURES / "openrouter-2025-05.json", catalog, TODAY)
    assert len(report.plan.created) == 3 and [p for p in check_catalog(catalog) if p.is_error] == []
    opus = prices(catalog, "anthropic/claude-opus-4")
    assert opus == {
        "per_1m_input_tokens": Decimal("15"),
        "per_1m_output_tokens": Decimal("75"),
        "per_1m_cached_input_tokens": Decimal("1.5"),
        "per_1m_cache_write_tokens": Decimal("18.75"),
    }
    # here `image` is a price per input image (0.024), which has no unit
    assert ("image", "a price per input image (OpenRouter's older shape) has no unit") in report.unmapped
