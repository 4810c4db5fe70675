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
    assert prices(catalog, "amazon/nova-micro-v1") == {"per_1m_input_tokens": Decimal("0.035"),
                                                       "per_1m_output_tokens": Decimal("0.14")}  # fmt: skip
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
    keys = {key for key, _ in report.unmapped}
    assert {"web_search", "image", "internal_reasoning"} <= keys
    assert ("max_output_tokens", "larger than the context window; left out") in report.unmapped


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
    assert opus == {"per_1m_input_tokens": Decimal("15"), "per_1m_output_tokens": Decimal("75"),
                    "per_1m_cached_input_tokens": Decimal("1.5"), "per_1m_cache_write_tokens": Decimal("18.75")}  # fmt: skip
    assert ("image", "image input prices have no unit") in report.unmapped
