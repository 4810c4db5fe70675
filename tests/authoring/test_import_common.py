"""Shared import machinery: exact money, slugs, collisions, and the in-place record writer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from support.paths import ROOT

from generator.authoring.importers.apply import merge, plan_import
from generator.authoring.importers.common import ImportedModel, per_million, slugify, to_decimal, with_suffix
from generator.authoring.yamlout import render_record, update_record_text
from generator.catalog.load import SEGMENT_RE, parse_yaml


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("2.5e-06", "2.5"),
        ("2.5E-6", "2.5"),
        ("0.0000025", "2.5"),
        ("1e-05", "10"),
        ("3.3e-07", "0.33"),
        ("2.9999900000000002e-06", "2.9999900000000002"),
        ("0", "0"),
        ("0.0", "0"),
        ("0.000000035", "0.035"),
    ],
)
def test_per_token_to_per_million_is_exact(source, expected):
    assert str(per_million(Decimal(source))) == expected


def test_to_decimal_accepts_numbers_and_strings_only():
    assert to_decimal("0.00000375") == Decimal("0.00000375")
    assert to_decimal(True) is None and to_decimal("n/a") is None and to_decimal({"a": 1}) is None
    assert to_decimal("NaN") is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("gpt-4o", "gpt-4o"),
        ("anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic.claude-3-5-haiku-20241022-v1-0"),
        ("us-gov-west-1/meta.llama3-70b", "us-gov-west-1-meta.llama3-70b"),
        ("HuggingFaceH4/zephyr-7b-beta", "huggingfaceh4-zephyr-7b-beta"),
        ("ft:gpt-4o-mini", "ft-gpt-4o-mini"),
        ("*/1-month-commitment/x", "1-month-commitment-x"),
        ("a..b", "a.b"),
        ("index", "index-model"),
        ("~weird~", "weird"),
        ("Ünïcode—name", "n-code-name"),
        ("---", "model-cb3f91"),
    ],
)
def test_slugify_is_valid_and_deterministic(source, expected):
    assert slugify(source) == expected
    assert SEGMENT_RE.match(slugify(source)) and slugify(source) == slugify(source)


def test_long_ids_are_cut_with_a_stable_hash():
    slug = slugify("x" * 150)
    assert len(slug) <= 100 and SEGMENT_RE.match(slug) and slug == slugify("x" * 150) != slugify("x" * 151)


def _entry(source_id: str, provider: str, model: str) -> ImportedModel:
    data = {
        "name": model,
        "description": "An imported model.",
        "kind": "chat",
        "modalities": {"input": ["text"], "output": ["text"]},
        "pricing": [
            {"unit": "per_1m_input_tokens", "amount": Decimal("1")},
            {"unit": "per_1m_output_tokens", "amount": Decimal("2")},
        ],
        "context_window": 1000,
        "status": "active",
        "release_date": "2025-01-01",
        "price_source": "https://example.com/pricing",
    }
    return ImportedModel(source_id, provider, model, data)


def test_colliding_slugs_are_resolved_deterministically(tmp_path):
    entries = [
        _entry("acme/Model-A", "acme", "Model-A"),
        _entry("acme/model:a", "acme", "model:a"),
        _entry("acme/model-a", "acme", "model-a"),
    ]
    first = plan_import(entries, tmp_path / "catalog", "test")
    again = plan_import(list(reversed(entries)), tmp_path / "catalog", "test")
    assert sorted(first.created) == sorted(again.created)
    assert "acme/model-a" in first.created and len(set(first.created)) == 3
    assert with_suffix("acme/model-a", "acme/model:a") in first.created
    names = [parse_yaml(t.encode())[0]["name"] for p, t in first.writes.items() if "models" in p.parts]
    assert len({n.casefold() for n in names}) == 3  # 'Model-A' and 'model-a' got told apart


def test_render_reads_back_and_folds_descriptions():
    data = {
        "name": "FLUX.1 [dev]",
        "description": "word " * 40 + "end",
        "kind": "chat",
        "modalities": {"input": ["text"], "output": ["text"]},
        "pricing": [{"unit": "per_1m_input_tokens", "amount": Decimal("0.030")}],
        "status": "active",
        "release_date": "2025-01-01",
        "price_source": "https://example.com/a:b",
    }
    text = render_record("model", data, ["imported from test: x"], {"release_date": "TODO: check"})
    assert "amount: 0.030\n" in text and "description: >-\n" in text
    assert "release_date: 2025-01-01  # TODO: check" in text
    assert parse_yaml(text.encode())[0] == data


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "null",
        "1.5",
        "2024-01-01",
        "a: b",
        "#x",
        "- x",
        "'q'",
        "multi\nline",
        " lead",
        "tab\there",
        "\u2028",
        "é accent",
        "trailing ",
        "[x]",
        "{y}",
        "@at",
    ],
)
def test_strings_that_need_quoting_read_back(value):
    data = {
        "name": "n",
        "description": value * 3 if len(value) > 3 else f"0123456789{value}",
        "kind": "chat",
        "modalities": {"input": ["text"], "output": ["text"]},
        "pricing": [],
        "status": "active",
        "release_date": "2025-01-01",
        "price_source": value,
    }
    assert parse_yaml(render_record("model", data).encode())[0] == data


def test_update_keeps_unchanged_blocks_byte_for_byte():
    text = (ROOT / "catalog" / "models" / "openai" / "gpt-4o.yaml").read_text()
    data = parse_yaml(text.encode())[0]
    new = {**data, "pricing": [dict(p) for p in data["pricing"]], "max_output_tokens": 32768, "embedding_dimensions": 3}
    new["pricing"][0]["amount"] = Decimal("2.75")
    updated = update_record_text(text, "model", new)
    assert parse_yaml(updated.encode())[0] == new
    changed = [line for line in updated.splitlines() if line not in text.splitlines()]
    assert changed == ["    amount: 2.75", "max_output_tokens: 32768", "embedding_dimensions: 3"]
    assert updated.startswith("# yaml-language-server: $schema=../../../generator/schema/model.schema.json\n")


def test_merge_leaves_hand_written_fields_and_unknown_prices_alone():
    old = {
        "name": "X",
        "description": "Hand-written.",
        "kind": "chat",
        "strengths": ["a"],
        "modalities": {"input": ["text"], "output": ["text"]},
        "status": "active",
        "pricing": [
            {"unit": "per_1m_input_tokens", "amount": Decimal("1"), "note": "keep me"},
            {"unit": "per_request", "amount": Decimal("0.01")},
        ],
        "capabilities": {"streaming": True},
    }
    new = {
        "name": "x",
        "description": "Imported.",
        "kind": "chat",
        "status": "deprecated",
        "sunset_date": "2027-01-01",
        "modalities": {"input": ["text"], "output": ["text"]},
        "capabilities": {"tool_calling": True},
        "pricing": [
            {"unit": "per_1m_input_tokens", "amount": Decimal("1.5")},
            {"unit": "per_1m_output_tokens", "amount": Decimal("3")},
        ],
    }
    merged, changes = merge(old, new)
    assert merged["name"] == "X" and merged["description"] == "Hand-written." and merged["strengths"] == ["a"]
    assert merged["pricing"] == [
        {"unit": "per_1m_input_tokens", "amount": Decimal("1.5"), "note": "keep me"},
        {"unit": "per_request", "amount": Decimal("0.01")},
        {"unit": "per_1m_output_tokens", "amount": Decimal("3")},
    ]
    assert merged["capabilities"] == {"streaming": True, "tool_calling": True}
    assert merged["status"] == "deprecated" and merged["sunset_date"] == "2027-01-01"
    assert changes == [
        "per_1m_input_tokens $1.00 -> $1.50",
        "new price per_1m_output_tokens $3.00",
        "tool_calling false -> true",
        "status active -> deprecated (sunset 2027-01-01)",
    ]


def test_merge_matches_a_cache_write_without_lifetime_to_the_five_minute_one():
    base = {"name": "X", "kind": "chat", "modalities": {"input": ["text"], "output": ["text"]}}
    old = {**base, "pricing": [{"unit": "per_1m_cache_write_tokens", "amount": Decimal("3.75")}]}
    new = {
        **base,
        "pricing": [
            {"unit": "per_1m_cache_write_tokens", "amount": Decimal("3.75"), "cache_ttl": "5m"},
            {"unit": "per_1m_cache_write_tokens", "amount": Decimal("6"), "cache_ttl": "1h"},
            {"unit": "per_1m_input_tokens", "amount": Decimal("1.5"), "tier": "batch"},
        ],
    }
    merged, changes = merge(old, new)
    assert merged["pricing"] == [{"unit": "per_1m_cache_write_tokens", "amount": Decimal("3.75")}, *new["pricing"][1:]]
    assert changes == [
        "new price per_1m_cache_write_tokens (1-hour cache) $6.00",
        "new price per_1m_input_tokens (Batch) $1.50",
    ]
