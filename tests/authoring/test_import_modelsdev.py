"""`import modelsdev`: real api.json records, plus the documented cost shapes."""

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
def catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    ensure_site(catalog)
    return catalog


def record(catalog: Path, slug: str) -> dict:
    return parse_yaml((catalog / "models" / f"{slug}.yaml").read_bytes())[0]


def test_real_records_import_and_validate(catalog):
    report = run_import("modelsdev", FIXTURES / "modelsdev.json", catalog, TODAY)
    assert len(report.plan.created) == 12 and report.plan.skips == []
    assert [p for p in check_catalog(catalog) if p.is_error] == []
    kimi = record(catalog, "moonshotai-cn/kimi-k2-thinking-turbo")
    assert kimi["pricing"][0] == {"unit": "per_1m_input_tokens", "amount": Decimal("1.15")}
    assert kimi["capabilities"] == {"tool_calling": True, "reasoning": True}


def test_quirks_of_real_records(catalog):
    run_import("modelsdev", FIXTURES / "modelsdev.json", catalog, TODAY)
    assert (catalog / "models" / "302ai" / "minimax-m1.yaml").exists()  # upper-case id
    month = (catalog / "models" / "alibaba" / "qwen3-next-80b-a3b-instruct.yaml").read_text()
    assert "release_date: 2025-09-01  # TODO: the source gives only the month (2025-09)" in month
    asr = record(catalog, "alibaba/qwen3-asr-flash")
    assert asr["kind"] == "speech_to_text"
    assert {p["unit"] for p in asr["pricing"]} == {"per_1m_input_audio_tokens", "per_1m_output_tokens"}
    omni = {p["unit"]: p["amount"] for p in record(catalog, "alibaba/qwen2-5-omni-7b")["pricing"]}
    assert omni["per_1m_input_audio_tokens"] == Decimal("6.76")
    free = record(catalog, "zai-coding-plan/glm-4.5-flash")
    assert all(p["amount"] == 0 for p in free["pricing"])


def test_documented_cost_shapes(catalog):
    report = run_import("modelsdev", FIXTURES / "modelsdev-shapes.json", catalog, TODAY)
    tiered = record(catalog, "example-gateway/vendor-tiered")
    assert {"unit": "per_1m_input_tokens", "amount": Decimal("10"), "above_tokens": 272000} in tiered["pricing"]
    assert not any(p.get("above_tokens") == 200000 for p in tiered["pricing"])  # tiers win over context_over_200k
    over = record(catalog, "example-gateway/vendor-over-200k")
    assert {"unit": "per_1m_output_tokens", "amount": Decimal("22.5"), "above_tokens": 200000} in over["pricing"]
    assert record(catalog, "example-gateway/vendor-beta")["status"] == "preview"
    reasons = {s.source_id: s.reason for s in report.skips}
    assert reasons["example-gateway/vendor/retired"] == "deprecated at the source, without a sunset date"
    assert reasons["example-gateway/vendor/nocost"] == "no cost in the source"
    assert [p for p in check_catalog(catalog) if p.is_error] == []


# ---------------------------------------------------------------- pricing as billed (issue 12)


@pytest.fixture
def billing(catalog):
    report = run_import("modelsdev", FIXTURES / "modelsdev-billing.json", catalog, TODAY)
    return catalog, report


def test_billing_shapes_validate(billing):
    catalog, report = billing
    assert len(report.plan.created) == 5 and [p for p in check_catalog(catalog) if p.is_error] == []


def test_a_conditional_time_tier_in_utc_becomes_a_window(billing):
    catalog, _ = billing
    prices = record(catalog, "example-lab/off-peak")["pricing"]
    window = {"start": "16:30", "end": "00:30"}
    assert {"unit": "per_1m_input_tokens", "amount": Decimal("0.135"), "window": window, "note": "off-peak"} in prices
    assert {
        "unit": "per_1m_cached_input_tokens",
        "amount": Decimal("0.035"),
        "window": window,
        "note": "off-peak",
    } in prices


def test_a_conditional_prompt_range_is_a_context_tier_and_the_rest_is_reported(billing):
    catalog, report = billing
    prices = record(catalog, "example-lab/long-prompt")["pricing"]
    assert {"unit": "per_1m_input_tokens", "amount": Decimal("2.5"), "above_tokens": 200000} in prices
    assert len(prices) == 4  # the base and the prompt tier, input and output
    assert ("tiers", "tiers by output length are not modelled") in report.unmapped
    assert ("tiers", "only one daily time window in UTC is modelled") in report.unmapped


def test_experimental_modes_become_named_tiers(billing):
    catalog, _ = billing
    prices = record(catalog, "example-lab/fast-mode")["pricing"]
    assert {"unit": "per_1m_input_tokens", "amount": 30, "tier": "fast"} in prices
    assert {"unit": "per_1m_cache_write_tokens", "amount": Decimal("37.5"), "tier": "fast"} in prices
    assert not any(p["unit"] == "per_1m_reasoning_tokens" for p in prices)  # reasoning equal to output


def test_a_model_priced_only_in_yuan_is_a_cny_record(billing):
    catalog, _ = billing
    yuan = record(catalog, "example-lab/yuan-only")
    assert yuan["currency"] == "CNY"
    assert {"unit": "per_1m_output_tokens", "amount": 16} in yuan["pricing"]


def test_yuan_prices_beside_dollar_prices_are_reported_not_mixed(billing):
    catalog, report = billing
    both = record(catalog, "example-lab/two-currencies")
    assert "currency" not in both and {"unit": "per_1m_input_tokens", "amount": Decimal("0.05")} in both["pricing"]
    assert {"unit": "per_1m_output_audio_tokens", "amount": Decimal("2.4")} in both["pricing"]
    assert ("cost_cn", "CNY prices beside the USD ones: a record has one currency") in report.unmapped


def test_reasoning_priced_apart_from_output_gets_its_own_unit(catalog):
    run_import("modelsdev", FIXTURES / "modelsdev.json", catalog, TODAY)
    turbo = record(catalog, "alibaba/qwen-turbo")["pricing"]
    assert {"unit": "per_1m_reasoning_tokens", "amount": Decimal("0.5")} in turbo  # cost.reasoning 0.5, output 0.2
