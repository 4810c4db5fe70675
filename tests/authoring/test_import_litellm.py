"""`import litellm`: real entries cut from LiteLLM's price list (tests/fixtures/import/)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from support.catalogs import check_catalog
from support.cli import run_cli
from support.paths import FIXTURES, ROOT

from generator.authoring.importers import run_import
from generator.authoring.importers.common import read_json
from generator.authoring.importers.litellm import parse
from generator.authoring.scaffold import ensure_site
from generator.catalog.load import parse_yaml

FIXTURE = FIXTURES / "import" / "litellm.json"
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def imported(tmp_path: Path):
    catalog = tmp_path / "catalog"
    ensure_site(catalog)
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    return catalog, report


def record(catalog: Path, slug: str) -> dict:
    return parse_yaml((catalog / "models" / f"{slug}.yaml").read_bytes())[0]


def test_the_result_validates(imported):
    catalog, report = imported
    assert [p for p in check_catalog(catalog) if p.is_error] == []
    assert report.plan.created and not report.problems or all(not p.is_error for p in report.problems)


def test_per_token_prices_become_exact_per_million_amounts(imported):
    catalog, _ = imported
    gpt4o = record(catalog, "openai/gpt-4o")
    amounts = {p["unit"]: p["amount"] for p in gpt4o["pricing"]}
    assert amounts == {"per_1m_input_tokens": Decimal("2.5"), "per_1m_output_tokens": Decimal("10"),
                       "per_1m_cached_input_tokens": Decimal("1.25")}  # fmt: skip
    text = (catalog / "models" / "openai" / "gpt-4o.yaml").read_text()
    assert "amount: 2.5\n" in text and "e-0" not in text and "0000000" not in text


def test_float_artefacts_of_the_source_are_kept_exactly_and_reported(imported):
    catalog, report = imported
    amounts = {p["unit"]: p["amount"] for p in record(catalog, "databricks/databricks-claude-sonnet-4-1")["pricing"]}
    assert amounts["per_1m_input_tokens"] == Decimal("2.9999900000000002")  # 2.9999900000000002e-06 per token
    assert any("float artefact" in note for note in report.notes)


def test_sized_image_keys_fold_into_one_model_with_per_size_prices(imported):
    catalog, _ = imported
    prices = record(catalog, "fal_ai/openai-gpt-image-2")["pricing"]
    assert {"unit": "per_image", "amount": Decimal("0.006"), "size": "1024x1024", "quality": "low"} in prices
    assert {"unit": "per_image", "amount": Decimal("0.145")} in prices


def test_exact_per_minute_original_replaces_a_rounded_per_second_price(imported):
    catalog, _ = imported
    assert record(catalog, "deepgram/nova-3")["pricing"] == [{"unit": "per_minute", "amount": Decimal("0.0043")}]


def test_odd_source_keys_become_valid_deterministic_slugs(imported):
    catalog, _ = imported
    for slug in ("bedrock/us-gov-west-1-meta.llama3-70b-instruct-v1-0", "anyscale/huggingfaceh4-zephyr-7b-beta",
                 "bedrock/anthropic.claude-3-5-haiku-20241022-v1-0", "vertex_ai/claude-3-5-haiku"):  # fmt: skip
        assert (catalog / "models" / f"{slug}.yaml").exists(), slug


def test_every_skip_has_a_reason(imported):
    _, report = imported
    reasons = {s.source_id: s.reason for s in report.skips}
    assert reasons["sample_spec"] == "the documentation entry 'sample_spec', not a model"
    assert reasons["fallback_generalizations"] == "no litellm_provider"
    assert reasons["amazon.rerank-v1:0"] == "mode 'rerank' has no catalog kind"
    assert reasons["watsonx/core42/jais-13b-chat"].startswith("implausible price: output_cost_per_token gives 2000")
    assert reasons["azure/hd/1024-x-1024/dall-e-3"].startswith("every price that maps is 0")
    assert all(reason for reason in reasons.values())


def test_every_price_key_is_mapped_or_reported():
    parsed = parse(read_json(FIXTURE), TODAY)
    for entry in parsed.entries:
        source = read_json(FIXTURE)[entry.source_id]
        price_keys = {k for k in source if "cost" in k}
        reported = {key for key, _ in entry.unmapped}
        mapped = {p.get("_key") for p in entry.data["pricing"]}
        covered = {"output_cost_per_reasoning_token", "input_cost_per_second", "output_cost_per_second"}
        assert price_keys <= reported | mapped | covered, (entry.source_id, price_keys - reported - mapped)


def test_deprecation_dates_give_deprecated_status_or_a_retired_skip(imported):
    catalog, report = imported
    whisper = record(catalog, "openai/whisper-1")
    assert (whisper["status"], whisper["sunset_date"]) == ("deprecated", "2027-02-26")
    assert any(s.reason.startswith("retired: deprecation_date") for s in report.skips)


def test_unknown_release_dates_are_marked_todo(imported):
    catalog, _ = imported
    text = (catalog / "models" / "openai" / "gpt-4o.yaml").read_text()
    assert "release_date: 2026-01-15  # TODO: not in the source" in text
    assert record(catalog, "openai/gpt-4o-2024-08-06")["release_date"] == "2024-08-06"


def test_importing_again_changes_nothing(imported):
    catalog, first = imported
    before = {p: p.read_bytes() for p in catalog.rglob("*.yaml")}
    again = run_import("litellm", FIXTURE, catalog, TODAY)
    assert again.plan.created == [] and again.plan.updated == {}
    assert len(again.plan.unchanged) == len(first.plan.created)
    assert {p: p.read_bytes() for p in catalog.rglob("*.yaml")} == before


def test_reimport_updates_prices_and_keeps_hand_written_fields(imported, tmp_path):
    catalog, _ = imported
    path = catalog / "models" / "openai" / "gpt-4o.yaml"
    text = path.read_text().replace("description: gpt-4o, served by OpenAI. Imported from LiteLLM's price list.  # TODO: describe the model",
                                    "# a comment a human wrote\ndescription: Hand-written words about GPT-4o.")  # fmt: skip
    text = (
        text.replace("amount: 2.5\n", "amount: 2\n")
        + "strengths:\n  - Hand-picked strength\nfaq:\n  - question: Is it good?\n    answer: Yes.\n"
    )
    path.write_text(text)
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    assert report.plan.updated == {"openai/gpt-4o": ["per_1m_input_tokens $2 -> $2.5"]}
    after = path.read_text()
    assert "# a comment a human wrote\ndescription: Hand-written words about GPT-4o." in after
    assert "Hand-picked strength" in after and "question: Is it good?" in after
    assert after.startswith("# yaml-language-server: $schema=")
    assert after.replace("amount: 2.5\n", "amount: 2\n", 1) == text


def test_import_into_the_shipped_catalog_matches_by_slug_and_alias(tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    original = (catalog / "models" / "openai" / "gpt-4o.yaml").read_bytes()
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    assert "openai/gpt-4o" in report.plan.unchanged  # same prices: the hand-written record is untouched
    assert (catalog / "models" / "openai" / "gpt-4o.yaml").read_bytes() == original
    skipped = {s.source_id: s.reason for s in report.skips}
    assert skipped["gpt-4o-2024-08-06"].startswith("is an alias of openai/gpt-4o")
    assert [p for p in check_catalog(catalog) if p.is_error] == []


def test_cli_prints_a_summary_and_validates(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")  # 2026-01-15
    code, out, err = run_cli("import", "litellm", str(FIXTURE), "--into", str(tmp_path / "cat"), capsys=capsys)
    assert code == 0, err
    assert "created a starter site.yaml" not in out and "starter site.yaml" in out
    assert "skipped" in out and "mode 'rerank' has no catalog kind" in out
    assert "source price keys not mapped" in out and "validate:" in out and "0 error(s)" in out


def test_cli_reports_a_broken_source_as_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = run_cli("import", "litellm", str(bad), "--into", str(tmp_path / "cat"), capsys=capsys)
    assert code == 2 and "is not valid JSON" in err
