"""The cost engine against cases computed by hand from providers' public pricing pages
(each names its source and the date of the prices), plus its rules and errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from support.paths import SITE_CATALOG

from generator.catalog.cost import CostError, Usage, cost, usage_from_openai
from generator.catalog.load import load_catalog
from generator.catalog.records import Model, model_from_data

D = Decimal


def model(pricing: list[dict[str, Any]], kind: str = "chat", slug: str = "acme/m", **extra: Any) -> Model:
    data = {
        "name": "M",
        "description": "A model for tests.",
        "kind": kind,
        "modalities": {"input": ["text"], "output": ["image" if kind == "image_generation" else "text"]},
        "pricing": pricing,
        "status": "active",
        "release_date": "2025-01-01",
        "price_source": "https://example.com/pricing",
        **extra,
    }
    return model_from_data(slug, data)


def p(unit: str, amount: str, **conditions: Any) -> dict[str, Any]:
    return {"unit": unit, "amount": D(amount), **conditions}


# Gemini 2.5 Pro, https://ai.google.dev/gemini-api/docs/pricing (2025-06-17): prompts up to
# 200k tokens $1.25 in / $10 out per 1M; longer prompts $2.50 / $15, for the whole request.
GEMINI_25_PRO = model(
    [
        p("per_1m_input_tokens", "1.25"),
        p("per_1m_input_tokens", "2.50", above_tokens=200000),
        p("per_1m_output_tokens", "10"),
        p("per_1m_output_tokens", "15", above_tokens=200000),
    ]
)

# GPT-4o, https://platform.openai.com/docs/pricing (2025-08): standard $2.50 / $10;
# Batch API $1.25 / $5.00 per 1M tokens.
GPT_4O = model(
    [
        p("per_1m_input_tokens", "2.50"),
        p("per_1m_output_tokens", "10.00"),
        p("per_1m_cached_input_tokens", "1.25"),
        p("per_1m_input_tokens", "1.25", tier="batch"),
        p("per_1m_output_tokens", "5.00", tier="batch"),
    ]
)

# Claude Sonnet 4, https://docs.anthropic.com/en/docs/about-claude/pricing (2025-08-12, 1M
# context): up to 200K tokens $3 in, $15 out, cache writes $3.75 (5 minutes) and $6 (1 hour),
# cache reads $0.30; above 200K, for the whole request: $6, $22.50, $7.50, $12, $0.60.
SONNET_4 = model(
    [
        p("per_1m_input_tokens", "3"),
        p("per_1m_input_tokens", "6", above_tokens=200000),
        p("per_1m_output_tokens", "15"),
        p("per_1m_output_tokens", "22.50", above_tokens=200000),
        p("per_1m_cache_write_tokens", "3.75", cache_ttl="5m"),
        p("per_1m_cache_write_tokens", "6", cache_ttl="1h"),
        p("per_1m_cache_write_tokens", "7.50", cache_ttl="5m", above_tokens=200000),
        p("per_1m_cache_write_tokens", "12", cache_ttl="1h", above_tokens=200000),
        p("per_1m_cached_input_tokens", "0.30"),
        p("per_1m_cached_input_tokens", "0.60", above_tokens=200000),
    ]
)

# DeepSeek-V3 (deepseek-chat), https://api-docs.deepseek.com/quick_start/pricing (2025-02-26
# to 2025-09-05): $0.27 in (cache miss), $0.07 cache hit, $1.10 out; 16:30-00:30 UTC half price.
OFF_PEAK = {"start": "16:30", "end": "00:30"}
DEEPSEEK_V3 = model(
    [
        p("per_1m_input_tokens", "0.27"),
        p("per_1m_cached_input_tokens", "0.07"),
        p("per_1m_output_tokens", "1.10"),
        p("per_1m_input_tokens", "0.135", window=OFF_PEAK),
        p("per_1m_cached_input_tokens", "0.035", window=OFF_PEAK),
        p("per_1m_output_tokens", "0.55", window=OFF_PEAK),
    ]
)

# DALL·E 3, https://platform.openai.com/docs/pricing (2025-08): per image, standard
# 1024x1024 $0.040, 1024x1792 $0.080; hd 1024x1024 $0.080, 1024x1792 $0.120.
DALL_E_3 = model(
    [
        p("per_image", "0.040", size="1024x1024", quality="standard"),
        p("per_image", "0.080", size="1024x1792", quality="standard"),
        p("per_image", "0.080", size="1024x1024", quality="hd"),
        p("per_image", "0.120", size="1024x1792", quality="hd"),
    ],
    kind="image_generation",
)

# o4-mini, https://platform.openai.com/docs/pricing (2025-04-16): $1.10 in, $0.275 cached,
# $4.40 out; reasoning tokens are billed as output tokens.
O4_MINI = model(
    [p("per_1m_input_tokens", "1.10"), p("per_1m_cached_input_tokens", "0.275"), p("per_1m_output_tokens", "4.40")]
)


def test_a_long_prompt_crosses_the_cliff_for_the_whole_request() -> None:
    bill = cost(GEMINI_25_PRO, Usage(input_tokens=250_000, output_tokens=1_000))
    # 250,000 x $2.50/1M = $0.625; 1,000 x $15/1M = $0.015
    assert bill.total == D("0.64")
    assert [line.label for line in bill.lines] == [
        "Input (prompts above 200K tokens)",
        "Output (prompts above 200K tokens)",
    ]
    assert cost(GEMINI_25_PRO, Usage(input_tokens=200_000, output_tokens=1_000)).total == D("0.26")  # not above


def test_a_batch_request_uses_the_batch_prices() -> None:
    bill = cost(GPT_4O, Usage(input_tokens=1_000_000, output_tokens=1_000_000), tier="batch")
    assert bill.total == D("6.25")  # $1.25 + $5.00
    assert cost(GPT_4O, Usage(input_tokens=1_000_000, output_tokens=1_000_000)).total == D("12.50")


def test_a_batch_request_bills_what_the_tier_does_not_list_at_the_standard_price() -> None:
    bill = cost(GPT_4O, Usage(cached_tokens=1_000_000), tier="batch")
    assert bill.total == D("1.25")
    assert bill.lines[0].note == "standard price: the batch tier lists none for this"


def test_a_one_hour_cache_write_above_the_context_threshold() -> None:
    usage = Usage(input_tokens=10_000, cache_write_tokens=240_000, cache_ttl="1h", output_tokens=2_000)
    bill = cost(SONNET_4, usage)
    # prompt 250,000 > 200K: 10,000 x $6 + 240,000 x $12 + 2,000 x $22.50, per 1M
    assert [(line.label, line.subtotal) for line in bill.lines] == [
        ("Input (prompts above 200K tokens)", D("0.06")),
        ("Output (prompts above 200K tokens)", D("0.045")),
        ("Cache write (1-hour cache, prompts above 200K tokens)", D("2.88")),
    ]
    assert bill.total == D("2.985")


def test_a_cache_write_without_a_lifetime_is_a_five_minute_one() -> None:
    assert cost(SONNET_4, Usage(cache_write_tokens=100_000)).total == D("0.375")  # 100,000 x $3.75 per 1M


def test_an_off_peak_request() -> None:
    usage = Usage(input_tokens=1_000_000, output_tokens=1_000_000)
    assert cost(DEEPSEEK_V3, usage, at="17:00").total == D("0.685")  # $0.135 + $0.55
    assert cost(DEEPSEEK_V3, usage, at="00:15").total == D("0.685")  # the window runs past midnight
    assert cost(DEEPSEEK_V3, usage, at="12:00").total == D("1.37")
    assert cost(DEEPSEEK_V3, usage).total == D("1.37")  # no time: the standard price


def test_an_image_priced_by_size_and_quality() -> None:
    bill = cost(DALL_E_3, Usage(images=3, size="1024x1792", quality="hd"))
    assert bill.total == D("0.360")
    assert bill.lines[0].label == "Per image (1024x1792, hd)"


def test_a_usage_object_with_cached_and_reasoning_tokens() -> None:
    response = {
        "usage": {
            "prompt_tokens": 10_000,
            "completion_tokens": 3_000,
            "total_tokens": 13_000,
            "prompt_tokens_details": {"cached_tokens": 8_000, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 2_000, "audio_tokens": 0},
        }
    }
    usage, used = usage_from_openai(response, O4_MINI)
    assert usage == Usage(input_tokens=2_000, cached_tokens=8_000, output_tokens=1_000, reasoning_tokens=2_000)
    assert "prompt_tokens_details.cached_tokens" in used and "completion_tokens_details.reasoning_tokens" in used
    bill = cost(O4_MINI, usage)
    # 2,000 x $1.10 + 8,000 x $0.275 + 1,000 x $4.40 + 2,000 x $4.40 (reasoning as output), per 1M
    assert bill.total == D("0.0176")
    assert bill.lines[-1].note == "billed as output: no reasoning price"


def test_a_responses_usage_object() -> None:
    usage, used = usage_from_openai(
        {
            "input_tokens": 5_000,
            "output_tokens": 700,
            "input_tokens_details": {"cached_tokens": 1_000},
            "output_tokens_details": {"reasoning_tokens": 200},
        },
        O4_MINI,
    )
    assert usage == Usage(input_tokens=4_000, cached_tokens=1_000, output_tokens=500, reasoning_tokens=200)
    assert used == [
        "input_tokens",
        "input_tokens_details.cached_tokens",
        "output_tokens",
        "output_tokens_details.reasoning_tokens",
    ]


def test_an_incremental_tier_prices_only_the_tokens_beyond_it() -> None:
    constructed = model(
        [
            p("per_1m_input_tokens", "1"),
            p("per_1m_input_tokens", "2", above_tokens=100000, above_tokens_rule="incremental"),
        ]
    )
    bill = cost(constructed, Usage(input_tokens=150_000))
    assert [(line.quantity, line.subtotal) for line in bill.lines] == [(D(100_000), D("0.1")), (D(50_000), D("0.1"))]


def test_the_fee_is_added_as_site_yaml_says() -> None:
    bill = cost(GPT_4O, Usage(input_tokens=1_000_000), fee_percent=D("5"))
    assert (bill.total, bill.total_with_fee) == (D("2.50"), D("2.625"))


@pytest.mark.parametrize(
    ("usage", "tier", "message"),
    [
        (Usage(input_tokens=1), "flex", "acme/m has no flex tier; it offers: standard, batch"),
        (
            Usage(images=1),
            None,
            "acme/m has no price for images; it is priced in: per_1m_cached_input_tokens, "
            "per_1m_input_tokens, per_1m_output_tokens",
        ),
    ],
)
def test_what_cannot_be_priced_says_what_is_possible(usage: Usage, tier: str | None, message: str) -> None:
    with pytest.raises(CostError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        cost(GPT_4O, usage, tier=tier)


def test_an_image_size_the_model_has_no_price_for() -> None:
    with pytest.raises(CostError, match="has no price for size 512x512; it has: 1024x1024, 1024x1792"):
        cost(DALL_E_3, Usage(images=1, size="512x512", quality="hd"))
    with pytest.raises(CostError, match="is priced by size: give one of 1024x1024, 1024x1792"):
        cost(DALL_E_3, Usage(images=1))


def test_amounts_stay_exact_decimals() -> None:
    bill = cost(O4_MINI, Usage(input_tokens=1))
    assert bill.total == D("0.0000011") and isinstance(bill.total, Decimal)


# Whisper, https://platform.openai.com/docs/pricing (2025-08): $0.006 per minute of audio.
WHISPER = model([p("per_minute", "0.006")], kind="speech_to_text")
# Sora 2 Pro, https://platform.openai.com/docs/pricing (2025-10-06): $0.30 per second at
# 720x1280, $0.50 per second at 1024x1792 (recorded here as 720p and 1080p).
SORA_2_PRO = model(
    [p("per_second", "0.30", resolution="720p"), p("per_second", "0.50", resolution="1080p")], kind="video_generation"
)


def test_seconds_are_billed_per_minute_where_the_model_prices_minutes() -> None:
    assert cost(WHISPER, Usage(seconds=D(90))).total == D("0.009")  # 1.5 minutes x $0.006


def test_a_video_priced_by_resolution() -> None:
    assert cost(SORA_2_PRO, Usage(seconds=D(8), resolution="1080p")).total == D("4.00")
    with pytest.raises(CostError, match="is priced by resolution: give one of 1080p, 720p"):
        cost(SORA_2_PRO, Usage(seconds=D(8)))


def test_an_embeddings_usage_object() -> None:
    usage, used = usage_from_openai({"object": "list", "usage": {"prompt_tokens": 8, "total_tokens": 8}}, O4_MINI)
    assert usage == Usage(input_tokens=8) and used == ["prompt_tokens"]


def test_something_else_is_not_a_usage_object() -> None:
    with pytest.raises(CostError, match="not an OpenAI usage object"):
        usage_from_openai({"tokens": 3}, O4_MINI)


def _fixture_model(slug: str) -> Model:
    record = next(r for r in load_catalog(SITE_CATALOG).records if r.kind == "model" and r.ident == slug)
    return model_from_data(slug, record.data, record.file)


# The fixture's openai/gpt-test: its own pricing (openai) has a long-context input price
# ($2.50 above 200K prompt tokens, for the whole request); its offer hostco@us has none
# ($1.10 in, $9.00 out, nothing cached), and hostco@eu has a cached price ($0.14).
GPT_TEST = _fixture_model("openai/gpt-test")
LONG_PROMPT = Usage(input_tokens=300_000, output_tokens=10_000, cached_tokens=20_000)  # 320K prompt tokens


@pytest.mark.parametrize(
    ("offer_id", "total"),
    [
        # 0.3 × 2.50 (above 200K) + 0.01 × 10.00 + 0.02 × 0.125 = 0.75 + 0.1 + 0.0025
        ("openai", "0.8525"),
        # 0.3 × 1.10 + 0.01 × 9.00 + 0.02 × 1.10 (cached billed as input) = 0.33 + 0.09 + 0.022
        ("hostco@us", "0.442"),
        # 0.3 × 1.40 + 0.01 × 11.00 + 0.02 × 0.14 = 0.42 + 0.11 + 0.0028
        ("hostco@eu", "0.5328"),
    ],
)
def test_an_offer_is_priced_by_the_engine_with_its_own_price_list(offer_id: str, total: str) -> None:
    offer = GPT_TEST.offer(offer_id)
    assert offer is not None
    bill = cost(GPT_TEST.as_offered(offer), LONG_PROMPT)
    assert bill.total == D(total) and bill.model == "openai/gpt-test"


def test_an_offer_without_a_cached_price_bills_cached_tokens_as_its_input() -> None:
    bill = cost(GPT_TEST.as_offered(GPT_TEST.offer("hostco@us")), Usage(cached_tokens=1_000_000))
    [line] = bill.lines
    assert (line.price.amount, line.subtotal, line.note) == (
        D("1.10"),
        D("1.10"),
        "billed as input: no cached input price",
    )
