"""The registry of kinds and units: each kind's rules name real units, fields and
modalities; the headline rule picks the expected prices; the JSON Schema's enums
(the editors' contract) list exactly the registry's kinds and units."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.catalog.kinds.base import Operation
from generator.catalog.records import MODALITIES, Model, Price, Window, model_from_data
from generator.catalog.registry import KIND_ONLY_FIELDS, KINDS, UNITS

SCHEMAS = Path(__file__).parents[2] / "generator" / "schema"
SCHEMA = json.loads((SCHEMAS / "model.schema.json").read_text("utf-8"))
SITE_SCHEMA = json.loads((SCHEMAS / "site.schema.json").read_text("utf-8"))
CONDITIONS = {"above_tokens", "cache_ttl", "size", "quality", "resolution"}


def sample_model(kind: str, pricing: list[dict[str, Any]]) -> Model:
    data = {
        "name": "Sample",
        "description": "A sample model.",
        "kind": kind,
        "modalities": {"input": ["text"], "output": list(KINDS[kind].outputs)},
        "pricing": pricing,
        "status": "active",
        "release_date": "2025-01-01",
        "price_source": "https://example.com/pricing",
    }
    return model_from_data(f"acme/sample-{kind}", data)


def test_schema_enums_list_the_registry_kinds_and_units() -> None:
    assert SCHEMA["properties"]["kind"]["enum"] == list(KINDS)
    assert SCHEMA["$defs"]["price"]["properties"]["unit"]["enum"] == list(UNITS)
    assert "required" not in SITE_SCHEMA["properties"]["kinds"]  # a kind left out takes the registry's wording
    assert list(SITE_SCHEMA["properties"]["kinds"]["properties"]) == list(KINDS)


def test_a_site_without_kinds_describes_them_as_the_registry_says(write_catalog) -> None:
    from support.catalogs import valid_site
    from support.sites import site_index

    site = valid_site()
    del site["kinds"]
    catalog = write_catalog({"site.yaml": site})
    index = site_index(catalog)
    assert [(k.id, k.label, k.noun, k.endpoint) for k in index.catalog.site.kinds] == [
        (k.id, k.label, k.noun, k.endpoint) for k in KINDS.values()
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_kind_rules_name_known_units_fields_and_modalities(kind: str) -> None:
    rule = KINDS[kind]
    assert rule.id == kind
    assert rule.units and set(rule.units) <= set(UNITS)
    assert len(set(rule.units)) == len(rule.units)
    assert rule.headline and set(rule.base_units) <= set(rule.units)
    assert rule.outputs and set(rule.outputs) <= set(MODALITIES)
    assert rule.required_input in (None, *MODALITIES)
    assert set(rule.fields) <= {"context_window", *KIND_ONLY_FIELDS}
    assert set(rule.required) <= set(rule.fields)


@pytest.mark.parametrize("unit", UNITS)
def test_units_name_known_conditions_and_a_sane_range(unit: str) -> None:
    spec = UNITS[unit]
    assert spec.id == unit
    assert set(spec.conditions) <= CONDITIONS
    assert spec.low is None or 0 < spec.low < spec.high
    assert spec.example_quantity > 0


def test_every_unit_prices_some_kind() -> None:
    assert {u for kind in KINDS.values() for u in kind.units} == set(UNITS)


def _p(unit: str, amount: str, **conditions: Any) -> dict[str, Any]:
    return {"unit": unit, "amount": Decimal(amount), **conditions}


HEADLINES = {
    "chat": (
        [
            _p("per_1m_cached_input_tokens", "0.5"),
            _p("per_1m_input_tokens", "4", above_tokens=200000),
            _p("per_1m_input_tokens", "2"),
            _p("per_1m_output_tokens", "8"),
        ],
        [("per_1m_input_tokens", "2"), ("per_1m_output_tokens", "8")],
    ),
    "image_generation": (
        [_p("per_1m_output_tokens", "40"), _p("per_image", "0.04", size="1024x1024")],
        [("per_image", "0.04")],
    ),
    "embeddings": ([_p("per_request", "0.001"), _p("per_1m_input_tokens", "0.02")], [("per_1m_input_tokens", "0.02")]),
    "text_to_speech": ([_p("per_1m_output_audio_tokens", "10"), _p("per_minute", "0.015")], [("per_minute", "0.015")]),
    "speech_to_text": (
        [_p("per_1m_output_tokens", "5"), _p("per_1m_input_audio_tokens", "3")],
        [("per_1m_input_audio_tokens", "3")],
    ),
    "video_generation": ([_p("per_request", "1"), _p("per_second", "0.10")], [("per_second", "0.10")]),
    "completions": (
        [_p("per_1m_output_tokens", "2"), _p("per_1m_input_tokens", "1.5")],
        [("per_1m_input_tokens", "1.5"), ("per_1m_output_tokens", "2")],
    ),
    "moderation": ([_p("per_request", "0.001"), _p("per_1m_input_tokens", "0")], [("per_1m_input_tokens", "0")]),
    "rerank": (
        [_p("per_1m_input_tokens", "0.02"), _p("per_1k_rerank_searches", "2.00")],
        [("per_1k_rerank_searches", "2.00")],
    ),
    "image_edit": (
        [_p("per_1m_input_image_tokens", "10"), _p("per_1m_output_image_tokens", "40"), _p("per_image", "0.04")],
        [("per_image", "0.04")],
    ),
    "audio_translation": (
        [_p("per_1m_output_tokens", "5"), _p("per_second", "0.0001"), _p("per_minute", "0.006")],
        [("per_minute", "0.006")],
    ),
    "realtime": (
        [_p("per_1m_input_tokens", "4"), _p("per_1m_output_audio_tokens", "64"), _p("per_1m_input_audio_tokens", "32")],
        [("per_1m_input_audio_tokens", "32"), ("per_1m_output_audio_tokens", "64")],
    ),
}


def test_every_kind_has_a_headline_case() -> None:
    assert set(HEADLINES) == set(KINDS)


@pytest.mark.parametrize("kind", HEADLINES)
def test_headline_rule_picks_the_expected_prices(kind: str) -> None:
    pricing, expected = HEADLINES[kind]
    chosen = sample_model(kind, pricing).headline_prices
    assert [(p.unit, str(p.amount)) for p in chosen] == expected


def test_chat_headline_without_input_still_shows_output() -> None:
    chosen = sample_model("chat", [_p("per_1m_output_tokens", "8")]).headline_prices
    assert [p.unit for p in chosen] == ["per_1m_output_tokens"]


def model_property(operation: Operation) -> dict[str, Any]:
    """The request's `model` property, found along `model_at` (through the kind's own schemas)."""
    schema = operation.schemas[operation.request]
    *outer, name = operation.model_at
    for field in outer:
        schema = operation.schemas[schema["properties"][field]["$ref"].rsplit("/", 1)[1]]
    assert name in schema["required"]
    return schema["properties"][name]


@pytest.mark.parametrize("kind", KINDS)
def test_example_and_operation_fit_together(kind: str) -> None:
    rule = KINDS[kind]
    example = rule.example(sample_model(kind, HEADLINES[kind][0]), "/endpoint")
    assert (example.kind, example.endpoint) == (kind, "/endpoint")
    request = rule.operation.schemas[rule.operation.request]
    assert model_property(rule.operation) == {"$ref": f"#/components/schemas/{rule.operation.prefix}ModelId"}
    assert set(example.body) | set(example.files) <= set(request["properties"])
    assert set(rule.operation.form_encoding) <= set(request["properties"])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", ["python", "javascript"])
def test_snippets_pass_request_fields_once(kind: str, language: str) -> None:
    rule = KINDS[kind]
    snippet = getattr(rule, language)
    assert sum(line.count("{args}") for line in snippet.lines) == 1
    assert rule.operation.model_at[0] in snippet.names  # 'model', or realtime's 'session' that holds it
    assert set(snippet.names) <= set(rule.operation.schemas[rule.operation.request]["properties"])


def test_starter_endpoints_are_distinct() -> None:
    endpoints = [kind.endpoint for kind in KINDS.values()]
    assert len(set(endpoints)) == len(endpoints)


def test_price_identity_and_condition_texts() -> None:
    tier = Price.from_data(_p("per_1m_input_tokens", "4", above_tokens=200000))
    image = Price.from_data(_p("per_image", "0.08", size="1024x1024", quality="hd", note="list price"))
    assert tier.identity == ("per_1m_input_tokens", 200000, None, None, None, None, None, None)
    assert image.identity == ("per_image", None, "1024x1024", "hd", None, None, None, None)
    assert Price.from_data(_p("per_image", "0.09", size="1024x1024", quality="hd")).identity == image.identity
    assert (tier.condition, tier.exact_condition) == ("prompts above 200K tokens", "above 200,000 tokens")
    assert (image.condition, image.exact_condition) == ("1024x1024, hd", "1024x1024, hd")
    assert Price.from_data(_p("per_second", "0.1")).condition == ""
    batch = Price.from_data(
        _p(
            "per_1m_cache_write_tokens",
            "12",
            tier="batch",
            cache_ttl="1h",
            above_tokens=200000,
            above_tokens_rule="incremental",
            window={"start": "16:30", "end": "00:30"},
        )
    )
    assert batch.identity[5:] == ("batch", "1h", Window("16:30", "00:30"))
    assert batch.condition == "Batch, 1-hour cache, tokens beyond 200K, 16:30–00:30 UTC"
    assert batch.exact_condition == "Batch, 1-hour cache, above 200,000 tokens (incremental), 16:30–00:30 UTC"


def test_an_endpoint_may_not_take_another_kinds_default(write_catalog) -> None:
    from support.catalogs import check_catalog, valid_site

    site = valid_site()
    site["kinds"] = {"chat": {**site["kinds"]["chat"], "endpoint": KINDS["embeddings"].endpoint}}
    problems = [p for p in check_catalog(write_catalog({"site.yaml": site})) if p.rule == "site-tables"]
    assert [(p.pointer, p.message) for p in problems] == [
        ("/kinds/chat/endpoint", "endpoint /embeddings is also used by embeddings (by default)")
    ]


def test_a_chat_record_says_which_chat_apis_serve_it() -> None:
    def chat_model(**extra: Any) -> Model:
        data = {
            "name": "Sample",
            "description": "A sample model.",
            "kind": "chat",
            "modalities": {"input": ["text"], "output": ["text"]},
            "pricing": [_p("per_1m_input_tokens", "1")],
            "status": "active",
            "release_date": "2025-01-01",
            "price_source": "https://example.com/pricing",
            "context_window": 1000,
            **extra,
        }
        return model_from_data("acme/sample-chat", data)

    assert chat_model().apis == ("chat_completions",)  # the default
    both = chat_model(apis=["chat_completions", "responses"])
    assert both.serves("responses") and both.serves("chat_completions")
    assert not chat_model().serves("responses")
    assert sample_model("embeddings", HEADLINES["embeddings"][0]).apis == ()
    assert [api.id for api in KINDS["chat"].apis] == ["responses"] and KINDS["chat"].api == "chat_completions"


def test_apis_is_only_for_chat_and_always_names_chat_completions(write_catalog) -> None:
    from support.catalogs import check_catalog, valid_chat_model, valid_model

    catalog = write_catalog(
        {
            "models/acme/image-one.yaml": valid_model(apis=["chat_completions"]),
            "models/acme/chat-one.yaml": valid_chat_model(apis=["responses"]),
        }
    )
    found = [
        (p.file.rsplit("/", 1)[-1], p.message, p.hint, p.severity)
        for p in check_catalog(catalog)
        if p.pointer == "/apis"
    ]
    assert found == [
        (
            "chat-one.yaml",
            "apis must include chat_completions: a model served only through responses is not supported yet",
            "add chat_completions to apis",
            "error",
        ),
        ("image-one.yaml", "'apis' does not apply to an image_generation model", "remove it", "warning"),
    ]


def test_only_kinds_the_sdk_cannot_call_use_plain_http() -> None:
    assert [k for k, rule in KINDS.items() if not rule.sdk] == ["rerank"]
