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
from generator.authoring.importers.apply import merge
from generator.authoring.importers.common import finish_entry, read_json
from generator.authoring.importers.litellm import chat_apis, parse
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


def test_under_strict_only_the_todos_left_for_a_human_remain(imported):
    """`validate --strict` fails an import only on what it leaves for review on purpose: the
    '# TODO' placeholders and the replacement a deprecated model should name."""
    catalog, _ = imported
    assert {p.rule for p in check_catalog(catalog)} == {"placeholders", "replacement"}
    kinds = {record(catalog, f"{p.parent.name}/{p.stem}")["kind"] for p in (catalog / "models").glob("*/*.yaml")}
    assert {"moderation", "rerank", "completions", "image_edit", "realtime", "chat"} <= kinds


def test_per_token_prices_become_exact_per_million_amounts(imported):
    catalog, _ = imported
    gpt4o = record(catalog, "openai/gpt-4o")
    amounts = {p["unit"]: p["amount"] for p in gpt4o["pricing"] if "tier" not in p}  # the standard tier
    assert amounts == {
        "per_1m_input_tokens": Decimal("2.5"),
        "per_1m_output_tokens": Decimal("10"),
        "per_1m_cached_input_tokens": Decimal("1.25"),
    }
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
    for slug in (
        "bedrock/us-gov-west-1-meta.llama3-70b-instruct-v1-0",
        "anyscale/huggingfaceh4-zephyr-7b-beta",
        "bedrock/anthropic.claude-3-5-haiku-20241022-v1-0",
        "vertex_ai/claude-3-5-haiku",
    ):
        assert (catalog / "models" / f"{slug}.yaml").exists(), slug


def test_every_skip_has_a_reason(imported):
    _, report = imported
    reasons = {s.source_id: s.reason for s in report.skips}
    assert reasons["sample_spec"] == "the documentation entry 'sample_spec', not a model"
    assert reasons["fallback_generalizations"] == "no litellm_provider"
    assert reasons["mistral/mistral-ocr-latest"] == "mode 'ocr' has no catalog kind"
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
    text = path.read_text().replace(
        "description: gpt-4o, served by OpenAI. Imported from LiteLLM's price list.  # TODO: describe the model",
        "# a comment a human wrote\ndescription: Hand-written words about GPT-4o.",
    )
    text = (
        text.replace("amount: 2.5\n", "amount: 2\n")
        + "strengths:\n  - Hand-picked strength\nfaq:\n  - question: Is it good?\n    answer: Yes.\n"
    )
    path.write_text(text)
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    assert report.plan.updated == {
        "openai/gpt-4o": ["per_1m_input_tokens $2.00 -> $2.50", "old prices kept in price_history (until 2026-01-15)"]
    }
    after = path.read_text()
    assert "# a comment a human wrote\ndescription: Hand-written words about GPT-4o." in after
    assert "Hand-picked strength" in after and "question: Is it good?" in after
    assert after.startswith("# yaml-language-server: $schema=")
    current, history = after.split("\nprice_history:\n", 1)
    assert 'until: "2026-01-15"' in history and "amount: 2\n" in history  # the old price, kept
    assert "amount: 2.5\n" in current


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
    assert "skipped" in out and "mode 'ocr' has no catalog kind" in out
    assert "source price keys not mapped" in out and "validate:" in out and "0 error(s)" in out


def test_cli_reports_a_broken_source_as_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = run_cli("import", "litellm", str(bad), "--into", str(tmp_path / "cat"), capsys=capsys)
    assert code == 2 and "is not valid JSON" in err


# ---------------------------------------------------------------- pricing as billed (issue 12)


def components(catalog: Path, slug: str) -> list[dict]:
    return record(catalog, slug)["pricing"]


def test_service_tier_suffixes_become_tier_components(imported):
    catalog, _ = imported
    prices = components(catalog, "openai/gpt-4o")
    assert {"unit": "per_1m_input_tokens", "amount": Decimal("1.25"), "tier": "batch"} in prices  # _batches
    assert {"unit": "per_1m_output_tokens", "amount": 17, "tier": "priority"} in prices  # _priority
    assert {"unit": "per_1m_cached_input_tokens", "amount": Decimal("2.125"), "tier": "priority"} in prices
    flex = components(catalog, "vertex_ai-language-models/gemini-2.5-pro")
    assert {"unit": "per_1m_input_tokens", "amount": Decimal("0.625"), "tier": "flex"} in flex


def test_a_context_tier_composes_with_a_service_tier(imported):
    catalog, _ = imported
    prices = components(catalog, "vertex_ai-language-models/gemini-2.5-pro")
    # output_cost_per_token_above_200k_tokens_priority: 2.7e-05
    assert {"unit": "per_1m_output_tokens", "amount": 27, "above_tokens": 200000, "tier": "priority"} in prices


def test_standard_prices_come_before_each_tier(imported):
    catalog, _ = imported
    tiers = [p.get("tier") for p in components(catalog, "vertex_ai-language-models/gemini-2.5-pro")]
    assert tiers == sorted(tiers, key=lambda t: ("", "batch", "flex", "priority").index(t or ""))


def test_one_hour_cache_writes_get_a_lifetime_and_the_plain_write_is_five_minutes(imported):
    catalog, _ = imported
    writes = [p for p in components(catalog, "anthropic/claude-sonnet-4-5") if p["unit"] == "per_1m_cache_write_tokens"]
    assert writes == [
        {"unit": "per_1m_cache_write_tokens", "amount": Decimal("3.75"), "cache_ttl": "5m"},
        {"unit": "per_1m_cache_write_tokens", "amount": 6, "cache_ttl": "1h"},
        {"unit": "per_1m_cache_write_tokens", "amount": Decimal("1.875"), "cache_ttl": "5m", "tier": "batch"},
    ]


def test_without_a_one_hour_price_the_cache_write_names_no_lifetime(imported):
    catalog, _ = imported
    prices = components(catalog, "bedrock/anthropic.claude-3-5-haiku-20241022-v1-0")
    assert {"unit": "per_1m_cache_write_tokens", "amount": 1} in prices  # absent cache_ttl: the 5-minute write


def entry_prices(entry: dict, mode: str = "chat") -> tuple[list[dict], list[tuple[str, str]]]:
    """A constructed LiteLLM entry, parsed: its price components and unmapped keys."""
    base = {
        "litellm_provider": "anthropic",
        "mode": mode,
        "max_input_tokens": 1000000,
        "input_cost_per_token": Decimal("3E-6"),
        "output_cost_per_token": Decimal("1.5E-5"),
    }
    parsed = parse({"claude-test": {**base, **entry}}, TODAY)
    found = parsed.entries[0]
    return [{k: v for k, v in p.items() if k != "_key"} for p in found.data["pricing"]], found.unmapped


def test_a_one_hour_cache_write_above_a_context_threshold():
    prices, _ = entry_prices(
        {
            "cache_creation_input_token_cost": Decimal("3.75E-6"),
            "cache_creation_input_token_cost_above_1hr": Decimal("6E-6"),
            "cache_creation_input_token_cost_above_1hr_above_200k_tokens": Decimal("1.2E-5"),
        }
    )
    assert {"unit": "per_1m_cache_write_tokens", "amount": 12, "above_tokens": 200000, "cache_ttl": "1h"} in prices


def test_cache_lifetimes_other_than_an_hour_stay_unmapped_with_the_reason():
    _, unmapped = entry_prices({"cache_creation_input_token_cost_above_12hr": Decimal("2.5E-5")})
    assert unmapped == [
        ("cache_creation_input_token_cost_above_12hr", "only 5-minute and 1-hour cache writes are modelled (cache_ttl)")
    ]


def test_image_token_prices_map_to_the_image_token_units(imported):
    catalog, _ = imported
    prices = components(catalog, "openai/gpt-image-1")
    assert {"unit": "per_1m_input_image_tokens", "amount": 10} in prices  # input_cost_per_image_token 1e-05
    assert {"unit": "per_1m_input_image_tokens", "amount": 5, "tier": "batch"} in prices
    # an image model without a text output price: its image tokens are its output price
    assert {"unit": "per_1m_output_tokens", "amount": 40} in prices


def test_image_output_tokens_beside_a_text_output_price_keep_their_own_unit():
    prices, _ = entry_prices({"output_cost_per_image_token": Decimal("3E-5")})
    assert {"unit": "per_1m_output_image_tokens", "amount": 30} in prices


def test_an_image_token_price_equal_to_the_input_price_adds_nothing():
    prices, unmapped = entry_prices({"input_cost_per_image_token": Decimal("3E-6")})
    assert [p["unit"] for p in prices] == ["per_1m_input_tokens", "per_1m_output_tokens"] and unmapped == []


def test_reasoning_priced_apart_from_output_gets_its_own_unit(imported):
    catalog, _ = imported
    assert {"unit": "per_1m_reasoning_tokens", "amount": Decimal("0.5")} in components(catalog, "dashscope/qwen-turbo")


def test_search_fees_become_a_price_per_thousand_searches(imported):
    catalog, _ = imported
    assert {"unit": "per_1k_web_searches", "amount": 10} in components(catalog, "anthropic/claude-sonnet-4-5")


def test_search_context_sizes_that_differ_list_medium_and_name_the_others(imported):
    catalog, _ = imported
    assert {
        "unit": "per_1k_web_searches",
        "amount": 10,
        "note": "search context size medium; low $6.00, high $14.00 per 1,000 searches",
    } in components(catalog, "perplexity/sonar-pro")


def test_a_second_grounding_fee_stays_unmapped_with_the_reason(imported):
    _, report = imported
    reasons = {reason for key, reason in report.unmapped if key == "google_maps_grounding_cost_per_query"}
    assert reasons == {
        "Google Maps grounding is a second per-query fee beside search grounding; the catalog lists one "
        "web-search price per tier"
    }


def test_tiered_pricing_ranges_become_context_tiers(imported):
    catalog, _ = imported
    prices = [(p["unit"], p["amount"], p.get("above_tokens")) for p in components(catalog, "dashscope/qwen3-max")]
    assert prices == [
        ("per_1m_input_tokens", Decimal("1.2"), None),
        ("per_1m_input_tokens", Decimal("2.4"), 32000),
        ("per_1m_input_tokens", 3, 128000),
        ("per_1m_output_tokens", 6, None),
        ("per_1m_output_tokens", 12, 32000),
        ("per_1m_output_tokens", 15, 128000),
    ]


def test_a_file_search_fee_per_thousand_calls_is_a_price_per_tool_call():
    prices, _ = entry_prices({"file_search_cost_per_1k_calls": Decimal("2.5E-3")})
    assert {"unit": "per_tool_call", "amount": Decimal("0.0000025"), "note": "file search tool"} in prices


def test_keys_without_a_list_price_meaning_keep_a_reason(imported):
    _, report = imported
    reasons = dict(report.unmapped.keys())
    assert reasons["input_dbu_cost_per_token"] == "Databricks DBU prices are not modelled"
    assert reasons["cache_read_input_image_token_cost"] == "cached audio and image tokens have no unit"
    assert not [key for key, reason in report.unmapped if "service-tier" in reason or reason == "no matching unit"]


def test_a_context_tier_inside_a_service_tier_needs_that_tiers_base_price():
    # azure/gpt-5.4 in LiteLLM 1.109.1 lists cache_read_input_token_cost_above_272k_tokens_flex
    # but no cache_read_input_token_cost_flex
    source = {
        "litellm_provider": "azure",
        "mode": "chat",
        "max_input_tokens": 1050000,
        "input_cost_per_token": Decimal("2.5E-6"),
        "output_cost_per_token": Decimal("1.5E-5"),
        "cache_read_input_token_cost": Decimal("2.5E-7"),
        "cache_read_input_token_cost_above_272k_tokens_flex": Decimal("2.5E-7"),
    }
    finished = finish_entry(parse({"azure/gpt-test": source}, TODAY).entries[0])
    assert not any(p.get("tier") for p in finished.data["pricing"])
    assert (
        "cache_read_input_token_cost_above_272k_tokens_flex",
        "tier without a base price in the same unit and service tier",
    ) in finished.unmapped


# ---------------------------------------------------------------- every endpoint (issue 13)


def test_moderation_models_become_moderation_records(imported):
    catalog, _ = imported
    moderation = record(catalog, "openai/omni-moderation-latest")
    assert moderation["kind"] == "moderation"
    assert moderation["pricing"] == [{"unit": "per_1m_input_tokens", "amount": 0}]  # free, as OpenAI lists it
    assert moderation["context_window"] == 32768 and "max_output_tokens" not in moderation


def test_a_rerank_price_per_query_becomes_a_price_per_thousand_searches(imported):
    catalog, report = imported
    cohere = record(catalog, "cohere/rerank-v3.5")  # input_cost_per_query: 0.002
    assert cohere["kind"] == "rerank"
    assert cohere["pricing"] == [{"unit": "per_1k_rerank_searches", "amount": 2}]
    assert components(catalog, "bedrock/amazon.rerank-v1-0") == [{"unit": "per_1k_rerank_searches", "amount": 1}]
    reasons = dict(report.plan.entries["cohere/rerank-v3.5"].unmapped)
    assert reasons["input_cost_per_token"] == (
        "billed per search: a per-token price of 0 beside the per-search price is left out"
    )


def test_a_rerank_model_priced_per_token_keeps_its_token_price(imported):
    catalog, _ = imported
    voyage = record(catalog, "voyage/rerank-2.5")  # input_cost_per_token: 5e-08, no per-query price
    assert (voyage["kind"], voyage["pricing"]) == (
        "rerank",
        [{"unit": "per_1m_input_tokens", "amount": Decimal("0.05")}],
    )


def test_legacy_text_completions_become_completions_records_under_the_provider(imported):
    catalog, _ = imported
    # litellm_provider 'text-completion-openai' is OpenAI's completions route, not a provider
    instruct = record(catalog, "openai/gpt-3.5-turbo-instruct")
    assert instruct["kind"] == "completions"
    assert instruct["pricing"] == [
        {"unit": "per_1m_input_tokens", "amount": Decimal("1.5")},
        {"unit": "per_1m_output_tokens", "amount": 2},
    ]
    assert (instruct["context_window"], instruct["max_output_tokens"]) == (8192, 4096)
    assert not (catalog / "providers" / "text-completion-openai.yaml").exists()
    assert record(catalog, "azure/gpt-3.5-turbo-instruct-0914")["kind"] == "completions"


def test_image_edit_models_become_image_edit_records_that_take_an_image_and_a_prompt(imported):
    catalog, _ = imported
    kontext = record(catalog, "black_forest_labs/flux-kontext-pro")
    assert kontext["kind"] == "image_edit"
    assert kontext["pricing"] == [{"unit": "per_image", "amount": Decimal("0.04")}]
    assert kontext["modalities"] == {"input": ["text", "image"], "output": ["image"]}
    assert kontext["price_source"] == "https://bfl.ai/pricing"


def test_realtime_models_become_realtime_records_with_audio_and_text_token_prices(imported):
    catalog, _ = imported
    realtime = record(catalog, "openai/gpt-realtime")
    assert realtime["kind"] == "realtime"
    prices = {p["unit"]: p["amount"] for p in realtime["pricing"]}
    assert prices["per_1m_input_audio_tokens"] == 32 and prices["per_1m_output_audio_tokens"] == 64
    assert prices["per_1m_input_tokens"] == 4 and prices["per_1m_output_tokens"] == 16
    assert "audio" in realtime["modalities"]["input"] and "audio" in realtime["modalities"]["output"]
    assert record(catalog, "bedrock/amazon.nova-2-sonic-v1-0")["kind"] == "realtime"


def test_a_realtime_model_priced_per_second_is_skipped_for_want_of_a_token_price(imported):
    _, report = imported
    reasons = {s.source_id: s.reason for s in report.skips}
    assert reasons["gpt-live-1"] == "no per_1m_input_audio_tokens price for a realtime model"


def test_a_responses_model_that_also_serves_chat_completions_lists_both_apis(imported):
    catalog, _ = imported
    mantle = record(catalog, "bedrock_mantle/openai.gpt-5.4")  # mode responses, both endpoints
    assert (mantle["kind"], mantle["apis"]) == ("chat", ["chat_completions", "responses"])


def test_a_chat_model_whose_endpoints_include_responses_lists_both_apis(imported):
    catalog, _ = imported
    assert record(catalog, "openai/o3")["apis"] == ["chat_completions", "responses"]
    assert "apis" not in record(catalog, "openai/gpt-4o")  # no supported_endpoints: the default


def test_a_model_served_only_through_the_responses_api_is_skipped_with_the_reason(imported):
    _, report = imported
    reasons = {s.source_id: s.reason for s in report.skips}
    assert reasons["azure/gpt-5-codex"] == (
        "served only through the Responses API (LiteLLM's mode and supported_endpoints); "
        "a chat record's apis must include chat_completions"
    )


@pytest.mark.parametrize(
    ("entry", "apis"),
    [
        ({"mode": "responses"}, ["responses"]),
        ({"mode": "chat"}, ["chat_completions"]),
        ({"mode": "chat", "supported_endpoints": ["/v1/chat/completions", "/v1/batch"]}, ["chat_completions"]),
        ({"mode": "responses", "supported_endpoints": ["/v1/batch", "/v1/responses"]}, ["responses"]),
        (
            {"mode": "chat", "supported_endpoints": ["/v1/responses", "/v1/chat/completions"]},
            ["chat_completions", "responses"],
        ),
        ({"mode": "chat", "supported_endpoints": ["/v1/messages"]}, ["chat_completions"]),
    ],
)
def test_chat_apis_follow_supported_endpoints_then_the_mode(entry, apis):
    assert chat_apis(entry) == apis


def test_reimport_adds_the_responses_api_and_keeps_a_hand_written_one(imported):
    catalog, _ = imported
    path = catalog / "models" / "openai" / "o3.yaml"
    text = path.read_text()
    assert "apis:\n  - chat_completions\n  - responses\n" in text
    path.write_text(text.replace("apis:\n  - chat_completions\n  - responses\n", ""))
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    assert report.plan.updated["openai/o3"] == ["apis [chat_completions] -> [chat_completions, responses]"]
    assert record(catalog, "openai/o3")["apis"] == ["chat_completions", "responses"]
    kept = {"kind": "chat", "apis": ["chat_completions", "responses"]}
    assert merge({**kept, "pricing": []}, {"kind": "chat", "pricing": [], "apis": ["chat_completions"]}) == (
        {**kept, "pricing": []},
        [],
    )


def test_one_model_under_a_chat_and_a_completions_route_becomes_two_records():
    base = {
        "input_cost_per_token": Decimal("3E-7"),
        "output_cost_per_token": Decimal("9E-7"),
        "max_input_tokens": 32000,
    }
    parsed = parse(
        {
            "codestral/codestral-2405": {**base, "litellm_provider": "codestral", "mode": "chat"},
            "text-completion-codestral/codestral-2405": {
                **base,
                "litellm_provider": "text-completion-codestral",
                "mode": "completion",
            },
        },
        TODAY,
    )
    assert sorted((e.provider, e.model, e.data["kind"]) for e in parsed.entries) == [
        ("codestral", "codestral-2405", "chat"),
        ("codestral", "codestral-2405", "completions"),
    ]
