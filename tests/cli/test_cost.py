"""`build.py cost`: one usage priced exactly, as text and JSON, from flags or an OpenAI
`usage` object, with the record's own pricing or one of its offers (`--offer`, the others'
totals listed), today or as billed on a day (`--at DATE`, from the price history); unknown
models, tiers, offers and quantities and days no price is recorded for are clear errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support.catalogs import valid_chat_model, valid_provider
from support.cli import run_cli
from support.paths import SITE_CATALOG

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


# ---------------------------------------------------------------- offers (--offer)
#
# The fixture's openai/gpt-test is priced by its own record (openai: $1.25 in, $10.00 out,
# $0.125 cached, $2.50 in above 200K prompt tokens) and by two HostCo offers: hostco@us
# ($1.10 in, $9.00 out, no cached or long-context price) and hostco@eu (preview; $1.40 in,
# $11.00 out, $0.14 cached). The fixture site's platform fee is 5%.

GPT_TEST = "openai/gpt-test"
# 100,000 input + 20,000 output + 50,000 cached tokens (a 150,000-token prompt, under 200K):
#   openai:    0.1 × 1.25 + 0.02 × 10.00 + 0.05 × 0.125     = 0.125 + 0.2 + 0.00625 = 0.33125
#   hostco@us: 0.1 × 1.10 + 0.02 × 9.00 + 0.05 × 1.10 (cached billed as input)
#                                                           = 0.11 + 0.18 + 0.055   = 0.345
#   hostco@eu: 0.1 × 1.40 + 0.02 × 11.00 + 0.05 × 0.14      = 0.14 + 0.22 + 0.007   = 0.367
# so for this usage the record's own pricing is the cheapest, although hostco@us has the
# cheapest headline price.
CACHED_USAGE = ["--input-tokens", "100000", "--output-tokens", "20000", "--cached-tokens", "50000"]
# 1,000,000 input + 100,000 output tokens (a prompt above 200K):
#   openai:    1 × 2.50 (long-context input) + 0.1 × 10.00  = 3.50
#   hostco@us: 1 × 1.10 + 0.1 × 9.00 (no long-context tier) = 2.00
#   hostco@eu: 1 × 1.40 + 0.1 × 11.00                       = 2.50
LONG_USAGE = ["--input-tokens", "1000000", "--output-tokens", "100000"]


def cost_gpt_test(capsys, *args: str) -> tuple[int, str, str]:
    return run_cli("cost", GPT_TEST, *args, "--catalog", str(SITE_CATALOG), capsys=capsys)


def test_without_offer_the_own_pricing_is_priced_and_the_other_offers_are_listed(capsys) -> None:
    code, out, _ = cost_gpt_test(capsys, *CACHED_USAGE)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "openai/gpt-test via openai (USD)"
    assert "  total: $0.33125" in lines
    assert "  total with the 5% platform fee: $0.3478125" in lines  # 0.33125 × 1.05
    assert lines[-3:] == [
        "other offers for the same usage, cheapest first (--offer ID to itemize one):",
        "  hostco@us: $0.3450 (with the fee: $0.362250)",  # 0.345 × 1.05
        "  hostco@eu (preview): $0.3670 (with the fee: $0.385350)",  # 0.367 × 1.05
    ]


def test_offer_prices_the_usage_with_that_offers_prices(capsys) -> None:
    code, out, _ = cost_gpt_test(capsys, *LONG_USAGE, "--offer", "hostco@us")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "openai/gpt-test via hostco@us (USD)"
    assert lines[1].startswith("  Input: 1,000,000 × $1.10 per 1M input tokens")  # no long-context tier
    assert lines[1].endswith(" $1.10")
    assert lines[2].startswith("  Output: 100,000 × $9.00 per 1M output tokens") and lines[2].endswith(" $0.900")
    assert lines[3:5] == ["  total: $2.000", "  total with the 5% platform fee: $2.10000"]
    assert lines[-2:] == [
        "  hostco@eu (preview): $2.500 (with the fee: $2.62500)",
        "  openai: $3.500 (with the fee: $3.67500)",
    ]


@pytest.mark.parametrize(
    ("usage", "cheapest", "total"),
    [(CACHED_USAGE, "openai", "0.33125"), (LONG_USAGE, "hostco@us", "2.000")],
)
def test_offer_cheapest_is_the_lowest_total_for_this_usage(capsys, usage, cheapest, total) -> None:
    code, out, _ = cost_gpt_test(capsys, *usage, "--offer", "cheapest", "--format", "json")
    doc = json.loads(out)
    assert (code, doc["offer"], doc["total"]) == (0, cheapest, total)


def test_json_names_the_offer_priced_and_every_offers_total(capsys) -> None:
    code, out, _ = cost_gpt_test(capsys, *LONG_USAGE, "--offer", "hostco@eu", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and (doc["offer"], doc["total"], doc["total_with_fee"]) == ("hostco@eu", "2.500", "2.62500")
    assert [(o["id"], o["provider"], o["currency"], o["total"]) for o in doc["offers"]] == [
        ("hostco@us", "hostco", "USD", "2.000"),
        ("hostco@eu", "hostco", "USD", "2.500"),
        ("openai", "openai", "USD", "3.500"),
    ]
    assert doc["offers"][1] == {
        "id": "hostco@eu",
        "provider": "hostco",
        "region": "eu",
        "status": "preview",
        "currency": "USD",
        "total": "2.500",
        "total_with_fee": "2.62500",  # 2.50 × 1.05
        "error": None,
    }


@pytest.mark.parametrize(
    ("offer", "message"),
    [
        (
            "hostco@ap",
            "error: openai/gpt-test has no offer 'hostco@ap'; did you mean 'hostco@us'? "
            "its offers: openai, hostco@us, hostco@eu, cheapest",
        ),
        ("nobody", "error: openai/gpt-test has no offer 'nobody'; its offers: openai, hostco@us, hostco@eu, cheapest"),
        ("hostco", "error: hostco serves openai/gpt-test in 2 offers; give one of: hostco@us, hostco@eu"),
    ],
)
def test_an_unknown_or_ambiguous_offer_is_a_usage_error(capsys, offer: str, message: str) -> None:
    code, out, err = cost_gpt_test(capsys, *LONG_USAGE, "--offer", offer)
    assert (code, out, err.strip()) == (2, "", message)


@pytest.fixture
def hosted(write_catalog) -> Path:
    """acme/chat-one with a batch tier of its own and one offer, from `host` (region us), without."""
    pricing = [
        {"unit": "per_1m_input_tokens", "amount": Decimal("2.00")},
        {"unit": "per_1m_output_tokens", "amount": Decimal("8.00")},
        {"unit": "per_1m_input_tokens", "amount": Decimal("1.00"), "tier": "batch"},
        {"unit": "per_1m_output_tokens", "amount": Decimal("4.00"), "tier": "batch"},
    ]
    offer = {
        "provider": "host",
        "region": "us",
        "pricing": [
            {"unit": "per_1m_input_tokens", "amount": Decimal("1.50")},
            {"unit": "per_1m_output_tokens", "amount": Decimal("6.00")},
        ],
        "price_source": "https://host.example/pricing",
    }
    return write_catalog(
        {
            CHAT: valid_chat_model(pricing=pricing, offers=[offer]),
            "providers/host.yaml": valid_provider(name="Host", website="https://host.example/"),
        }
    )


def test_a_provider_with_one_offer_names_it(hosted: Path, capsys) -> None:
    # 2,000,000 input tokens at host's $1.50 per 1M = $3.00
    code, out, _ = run_cli(
        "cost", "acme/chat-one", "--offer", "host", "--input-tokens", "2000000", "--catalog", str(hosted), capsys=capsys
    )
    assert code == 0 and out.splitlines()[0] == "acme/chat-one via host@us (USD)" and "  total: $3.00" in out


def test_an_offer_that_cannot_price_the_usage_says_why(hosted: Path, capsys) -> None:
    # batch: 1,000,000 input tokens at acme's $1.00 per 1M = $1.00; host has no batch tier
    args = ["acme/chat-one", "--tier", "batch", "--input-tokens", "1000000", "--catalog", str(hosted)]
    code, out, _ = run_cli("cost", *args, capsys=capsys)
    assert code == 0 and "  total: $1.00" in out
    assert out.splitlines()[-1] == "  host@us: cannot be priced: acme/chat-one has no batch tier; it offers: standard"
    code, out, err = run_cli("cost", *args, "--offer", "host@us", capsys=capsys)
    assert (code, out, err.strip()) == (
        2,
        "",
        "error: acme/chat-one has no batch tier; it offers: standard (offer host@us)",
    )


def test_a_model_with_one_offer_lists_no_others(catalog: Path, capsys) -> None:
    code, out, _ = run_cli(
        "cost", "acme/chat-one", "--input-tokens", "1", "--format", "json", "--catalog", str(catalog), capsys=capsys
    )
    doc = json.loads(out)
    assert code == 0 and doc["offer"] == "acme" and [o["id"] for o in doc["offers"]] == ["acme"]
    _, text, _ = run_cli("cost", "acme/chat-one", "--input-tokens", "1", "--catalog", str(catalog), capsys=capsys)
    assert text.splitlines()[0] == "acme/chat-one (USD)" and "other offers" not in text


# ---------------------------------------------------------------- a day (--at DATE)
#
# OpenAI cut o3 on 2025-06-10 from $10 / $40 to $2 / $8 per 1M input / output tokens. The
# fixture records that: a past price from o3's release (2025-04-16) until 2025-06-10, and
# the current pricing since; a usage on a day is priced as billed that day.

O3 = "models/openai/o3.yaml"
OLD_O3_SOURCE = "https://web.archive.org/web/20250601000000/https://openai.com/api/pricing/"
O3_SOURCE = "https://platform.openai.com/docs/pricing"


def _tokens(inp: str, out: str, **extra: Any) -> list[dict[str, Any]]:
    return [
        {"unit": "per_1m_input_tokens", "amount": Decimal(inp), **extra},
        {"unit": "per_1m_output_tokens", "amount": Decimal(out), **extra},
    ]


def _o3(**overrides: Any) -> dict[str, Any]:
    history = [
        {"from": "2025-04-16", "until": "2025-06-10", "pricing": _tokens("10", "40"), "price_source": OLD_O3_SOURCE}
    ]
    fields = {
        "name": "o3",
        "pricing": _tokens("2", "8"),
        "price_source": O3_SOURCE,
        "price_history": history,
        "release_date": "2025-04-16",
        **overrides,
    }
    return valid_chat_model(**fields)


@pytest.fixture
def o3(write_catalog) -> Path:
    openai = valid_provider(name="OpenAI", website="https://openai.com/")
    return write_catalog({O3: _o3(), "providers/openai.yaml": openai})


def cost_o3(catalog: Path, capsys, *args: str) -> tuple[int, str, str]:
    return run_cli("cost", "openai/o3", "--input-tokens", "1000000", *args, "--catalog", str(catalog), capsys=capsys)


@pytest.mark.parametrize(
    ("day", "total", "period"),
    [
        (
            "2025-06-01",
            "$10.00",
            f"the price list in effect from 2025-04-16 until 2025-06-10 (source: {OLD_O3_SOURCE})",
        ),
        (
            "2025-06-09",
            "$10.00",
            f"the price list in effect from 2025-04-16 until 2025-06-10 (source: {OLD_O3_SOURCE})",
        ),
        ("2025-06-10", "$2.00", f"the price list in effect since 2025-06-10 (source: {O3_SOURCE})"),
        ("2031-01-01", "$2.00", f"the price list in effect since 2025-06-10 (source: {O3_SOURCE})"),
    ],
)
def test_a_day_prices_the_usage_as_billed_that_day(o3: Path, capsys, day: str, total: str, period: str) -> None:
    code, out, _ = cost_o3(o3, capsys, "--at", day)
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"openai/o3, on {day} (USD)"
    assert f"  total: {total}" in lines
    assert lines[-1] == f"priced as billed on {day}: {period}"


def test_without_a_day_the_current_price_is_priced(o3: Path, capsys) -> None:
    code, out, _ = cost_o3(o3, capsys)
    assert code == 0 and out.splitlines()[0] == "openai/o3 (USD)" and "  total: $2.00" in out
    assert "priced as billed" not in out


def test_json_names_the_day_and_the_period_priced(o3: Path, capsys) -> None:
    code, out, _ = cost_o3(o3, capsys, "--at", "2025-06-01", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and (doc["total"], doc["date"], doc["at"]) == ("10", "2025-06-01", None)
    assert doc["price_source"] == OLD_O3_SOURCE
    assert doc["price_period"] == {
        "from": "2025-04-16",
        "until": "2025-06-10",
        "scheduled": False,
        "source": OLD_O3_SOURCE,
    }
    code, out, _ = cost_o3(o3, capsys, "--format", "json")
    doc = json.loads(out)
    assert (doc["total"], doc["date"], doc["price_period"], doc["price_source"]) == ("2", None, None, O3_SOURCE)


def test_a_day_before_the_oldest_recorded_price_is_an_error_not_a_guess(o3: Path, capsys) -> None:
    code, out, err = cost_o3(o3, capsys, "--at", "2025-04-15")
    assert (code, out, err.strip()) == (
        2,
        "",
        "error: the catalog has no price recorded for openai/o3 on 2025-04-15: its oldest recorded price "
        "took effect on 2025-04-16; give a day on or after it",
    )


def test_an_oldest_price_without_from_covers_every_earlier_day(write_catalog, capsys) -> None:
    history = [{"until": "2025-06-10", "pricing": _tokens("10", "40"), "price_source": OLD_O3_SOURCE}]
    catalog = write_catalog({O3: _o3(price_history=history), "providers/openai.yaml": valid_provider()})
    code, out, _ = cost_o3(catalog, capsys, "--at", "2020-01-01")
    assert code == 0 and "  total: $10.00" in out
    assert (
        out.splitlines()[-1]
        == f"priced as billed on 2020-01-01: the price list in effect until 2025-06-10 (source: {OLD_O3_SOURCE})"
    )


def test_a_day_in_a_gap_of_the_history_is_an_error(write_catalog, capsys) -> None:
    history = [
        {"from": "2025-01-01", "until": "2025-03-01", "pricing": _tokens("20", "80"), "price_source": OLD_O3_SOURCE},
        {"from": "2025-04-16", "until": "2025-06-10", "pricing": _tokens("10", "40"), "price_source": OLD_O3_SOURCE},
    ]
    catalog = write_catalog({O3: _o3(price_history=history), "providers/openai.yaml": valid_provider()})
    code, _, _ = cost_o3(catalog, capsys, "--at", "2025-02-28")
    assert code == 0
    code, out, err = cost_o3(catalog, capsys, "--at", "2025-03-01")
    assert (code, out, err.strip()) == (
        2,
        "",
        "error: the catalog has no price recorded for openai/o3 on 2025-03-01: its price history has a gap "
        "from 2025-03-01 until 2025-04-16",
    )


def test_a_day_on_or_after_a_scheduled_change_prices_it_with_its_announcement(write_catalog, capsys) -> None:
    announcement = "https://openai.com/index/o3-price-2030/"
    scheduled = [{"from": "2030-01-01", "pricing": _tokens("1", "4"), "announcement": announcement}]
    catalog = write_catalog({O3: _o3(scheduled_prices=scheduled), "providers/openai.yaml": valid_provider()})
    code, out, _ = cost_o3(catalog, capsys, "--at", "2029-12-31")
    assert code == 0 and "  total: $2.00" in out
    assert out.splitlines()[-1].endswith(f"in effect from 2025-06-10 until 2030-01-01 (source: {O3_SOURCE})")
    code, out, _ = cost_o3(catalog, capsys, "--at", "2030-01-01")
    assert code == 0 and "  total: $1.00" in out
    assert out.splitlines()[-1] == (
        f"priced as billed on 2030-01-01: the scheduled price list in effect since 2030-01-01 (announcement: {announcement})"
    )


def test_a_day_and_a_time_pick_that_days_time_of_day_price(write_catalog, capsys) -> None:
    off_peak = _tokens("5", "20", window={"start": "16:30", "end": "00:30"})
    history = [
        {
            "from": "2025-04-16",
            "until": "2025-06-10",
            "pricing": _tokens("10", "40") + off_peak,
            "price_source": OLD_O3_SOURCE,
        }
    ]
    catalog = write_catalog({O3: _o3(price_history=history), "providers/openai.yaml": valid_provider()})
    totals = {}
    for when in ("2025-06-01T17:30", "2025-06-01 17:30", "2025-06-01T12:00", "2025-06-12T17:30", "17:30"):
        code, out, _ = cost_o3(catalog, capsys, "--at", when, "--format", "json")
        doc = json.loads(out)
        assert code == 0, when
        totals[when] = (doc["date"], doc["at"], doc["total"])
    assert totals == {
        "2025-06-01T17:30": ("2025-06-01", "17:30", "5"),  # the off-peak price of that day
        "2025-06-01 17:30": ("2025-06-01", "17:30", "5"),
        "2025-06-01T12:00": ("2025-06-01", "12:00", "10"),
        "2025-06-12T17:30": ("2025-06-12", "17:30", "2"),  # the current pricing has no window
        "17:30": (None, "17:30", "2"),
    }
    _, out, _ = cost_o3(catalog, capsys, "--at", "2025-06-01T17:30")
    assert out.splitlines()[0] == "openai/o3, on 2025-06-01 at 17:30 UTC (USD)"


def test_a_day_for_a_record_without_history_prices_its_pricing_and_says_so(catalog: Path, capsys) -> None:
    args = ["acme/chat-one", "--input-tokens", "1000000", "--at", "2020-01-01", "--catalog", str(catalog)]
    code, out, _ = run_cli("cost", *args, capsys=capsys)
    assert code == 0 and "  total: $2.50" in out
    assert out.splitlines()[-1] == (
        "priced as billed on 2020-01-01: the record's pricing; the catalog records no price history for it "
        "(source: https://acme.example/pricing)"
    )


def test_a_day_prices_only_the_records_own_pricing_as_offers_carry_no_history(hosted: Path, capsys) -> None:
    args = ["acme/chat-one", "--input-tokens", "1000000", "--catalog", str(hosted), "--at", "2025-06-01"]
    code, out, _ = run_cli("cost", *args, capsys=capsys)
    assert code == 0 and "  total: $2.00" in out and "host@us:" not in out
    assert out.splitlines()[-1] == "other offers not compared on that day (offers carry no price history): host@us"
    code, out, _ = run_cli("cost", *args, "--format", "json", capsys=capsys)
    doc = json.loads(out)
    assert (doc["offer"], [o["id"] for o in doc["offers"]], doc["uncompared_offers"]) == ("acme", ["acme"], ["host@us"])
    code, out, _ = run_cli("cost", *args, "--offer", "acme", capsys=capsys)
    assert code == 0 and "  total: $2.00" in out


@pytest.mark.parametrize(
    ("offer", "what"),
    [("host", "the price of host@us is not known"), ("cheapest", "--offer cheapest cannot compare their prices")],
)
def test_a_day_with_another_offer_is_refused(hosted: Path, capsys, offer: str, what: str) -> None:
    args = ["acme/chat-one", "--input-tokens", "1", "--catalog", str(hosted), "--at", "2025-06-01", "--offer", offer]
    code, out, err = run_cli("cost", *args, capsys=capsys)
    assert (code, out, err.strip()) == (
        2,
        "",
        f"error: offers carry no price history, so {what} on 2025-06-01; leave out --offer to price "
        "acme/chat-one's own pricing on that day, or leave out the day to price the offers as they are today",
    )
    code, _, _ = run_cli("cost", *args[:-4], "--offer", offer, capsys=capsys)  # without the day: priced
    assert code == 0


@pytest.mark.parametrize("when", ["25:00", "2025-13-01", "2025-02-30", "2025-06-01T", "2025-06-01T24:00", "june 1"])
def test_a_bad_time_or_day_is_refused_by_the_parser(catalog: Path, capsys, when: str) -> None:
    code, _, err = run_cli("cost", "acme/chat-one", "--at", when, "--catalog", str(catalog), capsys=capsys)
    assert (
        code == 2
        and f"expected a time as HH:MM in UTC (17:30), a day as YYYY-MM-DD (2025-06-01) or both as YYYY-MM-DDTHH:MM (2025-06-01T17:30), not {when!r}"
        in err
    )
