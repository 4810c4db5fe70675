"""`build.py cost`: one usage priced exactly, as text and JSON, from flags or an OpenAI
`usage` object; unknown models, tiers and quantities are clear errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from support.catalogs import valid_chat_model
from support.cli import run_cli

CHAT = "models/acme/chat-one.yaml"


@pytest.fixture
def catalog(write_catalog) -> Path:
    pricing = [
        {"unit": "per_1m_input_tokens", "amount": Decimal("2.50")},
        {"unit": "per_1m_output_tokens", "amount": Decimal("10.00")},
        {"unit": "per_1m_cached_input_tokens", "amount": Decimal("1.25")},
        {"unit": "per_1m_input_tokens", "amount": Decimal("1.25"), "tier": "batch"},
        {"unit": "per_1m_output_tokens", "amount": Decimal("5.00"), "tier": "batch"},
    ]
    return write_catalog({CHAT: valid_chat_model(pricing=pricing)})


def test_text_is_an_itemized_breakdown_with_the_fee(catalog: Path, capsys) -> None:
    code, out, _ = run_cli(
        "cost",
        "acme/chat-one",
        "--input-tokens",
        "1000000",
        "--output-tokens",
        "200000",
        "--catalog",
        str(catalog),
        capsys=capsys,
    )
    assert code == 0
    assert out.splitlines()[0] == "acme/chat-one (USD)"
    assert "Input: 1,000,000 × $2.50 per 1M input tokens" in out and out.count("$2.50") == 2
    assert "Output: 200,000 × $10.00 per 1M output tokens" in out and "$2.00" in out
    assert "  total: $4.50" in out
    assert "  total with the 5% platform fee: $4.7250" in out


def test_json_has_exact_decimal_strings(catalog: Path, capsys) -> None:
    code, out, _ = run_cli(
        "cost",
        "acme/chat-one",
        "--tier",
        "batch",
        "--input-tokens",
        "3",
        "--format",
        "json",
        "--catalog",
        str(catalog),
        capsys=capsys,
    )
    doc = json.loads(out)
    assert code == 0 and doc["tier"] == "batch"
    assert doc["lines"] == [
        {
            "component": "Input (Batch)",
            "unit": "per_1m_input_tokens",
            "quantity": "3",
            "unit_price": "1.25",
            "subtotal": "0.00000375",
            "note": "",
        }
    ]
    assert (doc["total"], doc["total_with_fee"]) == ("0.00000375", "0.0000039375")


def test_a_usage_file_is_read_and_its_fields_listed(catalog: Path, tmp_path: Path, capsys) -> None:
    usage = tmp_path / "usage.json"
    usage.write_text(
        json.dumps(
            {"usage": {"prompt_tokens": 1000, "completion_tokens": 10, "prompt_tokens_details": {"cached_tokens": 400}}}
        )
    )
    code, out, _ = run_cli("cost", "acme/chat-one", "--usage", str(usage), "--catalog", str(catalog), capsys=capsys)
    assert code == 0
    assert "Input: 600 ×" in out and "Cached input: 400 ×" in out and "Output: 10 ×" in out
    assert out.rstrip().endswith(
        "usage fields read: prompt_tokens, prompt_tokens_details.cached_tokens, completion_tokens"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["acme/chat-two"], "error: unknown model 'acme/chat-two'; did you mean 'acme/chat-one'?"),
        (
            ["acme/chat-one", "--tier", "flex", "--input-tokens", "1"],
            "error: acme/chat-one has no flex tier; it offers: standard, batch",
        ),
        (
            ["acme/chat-one", "--images", "1"],
            "error: acme/chat-one has no price for images; it is priced in: "
            "per_1m_cached_input_tokens, per_1m_input_tokens, per_1m_output_tokens",
        ),
    ],
)
def test_what_cannot_be_priced_is_a_usage_error(catalog: Path, capsys, args: list[str], message: str) -> None:
    code, out, err = run_cli("cost", *args, "--catalog", str(catalog), capsys=capsys)
    assert (code, out, err.strip()) == (2, "", message)


def test_a_bad_time_is_refused_by_the_parser(catalog: Path, capsys) -> None:
    code, _, err = run_cli("cost", "acme/chat-one", "--at", "25:00", "--catalog", str(catalog), capsys=capsys)
    assert code == 2 and "expected a time as HH:MM in UTC" in err
