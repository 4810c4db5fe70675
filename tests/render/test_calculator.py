"""The cost calculator's Python side (generator/render/calculator.py): which fields a price
list shows, how the form's numbers become a cost.Usage, the data of a model page
and compare's JSON files, and the page without JavaScript."""

from __future__ import annotations

import html as html_lib
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from support.paths import REAL_CATALOG
from support.sites import REFERENCE_SLUG, render_in_memory, site_index

from generator.catalog.cost import Usage, cost
from generator.catalog.derive import SiteIndex, example_usage
from generator.catalog.records import Model, Price, model_from_data
from generator.render import calculator
from generator.render.calculator import (
    calculator_price,
    calculator_view,
    list_data,
    shown_fields,
    usage_of,
)
from generator.render.templating import environment

D = Decimal


def model(pricing: list[dict[str, Any]], kind: str = "chat", **extra: Any) -> Model:
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
    return model_from_data("acme/m", data)


def p(unit: str, amount: str, **conditions: Any) -> dict[str, Any]:
    return {"unit": unit, "amount": D(amount), **conditions}


def keys(pricing: tuple[Price, ...]) -> list[str]:
    return [f.key for f in shown_fields(pricing)]


CHAT = model(
    [
        p("per_1m_input_tokens", "3"),
        p("per_1m_cached_input_tokens", "0.30"),
        p("per_1m_cache_write_tokens", "3.75", cache_ttl="5m"),
        p("per_1m_cache_write_tokens", "6", cache_ttl="1h"),
        p("per_1m_output_tokens", "15"),
        p("per_1m_input_tokens", "1.5", tier="batch"),
        p("per_1m_output_tokens", "7.5", tier="batch"),
        p("per_1k_web_searches", "10"),
    ]
)


# ---------------------------------------------------------------- fields


def test_a_chat_list_shows_its_token_fields_and_the_shares_of_its_cache_prices() -> None:
    assert keys(CHAT.pricing) == ["in", "cached", "write", "out", "searches"]


def test_cached_tokens_billed_as_input_get_no_share_field() -> None:
    plain = model([p("per_1m_input_tokens", "1"), p("per_1m_output_tokens", "2")])
    assert keys(plain.pricing) == ["in", "out"]


def test_a_share_needs_its_input_field() -> None:
    odd = model([p("per_1m_cached_input_tokens", "1"), p("per_1m_output_tokens", "2")])
    assert keys(odd.pricing) == ["out"]


def test_audio_priced_per_minute_is_given_in_minutes_and_per_second_in_seconds() -> None:
    assert keys(model([p("per_minute", "0.006")], kind="speech_to_text").pricing) == ["minutes"]
    assert keys(model([p("per_second", "0.1")], kind="speech_to_text").pricing) == ["seconds"]
    both = model([p("per_second", "0.1"), p("per_minute", "0.006")], kind="speech_to_text")
    assert keys(both.pricing) == ["seconds"]  # the cost engine prices seconds per second first


# ---------------------------------------------------------------- the form's numbers as a Usage


def test_the_shares_are_whole_percentages_of_the_prompt_rounded_down() -> None:
    usage = usage_of({"in": "1001", "cached": "33", "write": "10", "out": "7"}, CHAT.pricing)
    assert (usage.input_tokens, usage.cached_tokens, usage.cache_write_tokens) == (571, 330, 100)
    assert usage.output_tokens == 7 and usage.prompt_tokens == 1001


def test_only_the_lists_own_fields_count_and_options_pass_through() -> None:
    usage = usage_of({"in": "10", "images": "4", "ttl": "1h", "size": "1024x1024"}, CHAT.pricing)
    assert usage == Usage(input_tokens=10, cache_ttl="1h", size="1024x1024")


def test_minutes_are_sixty_seconds_and_a_per_request_fee_counts_once() -> None:
    whisper = model([p("per_minute", "0.006")], kind="speech_to_text")
    assert usage_of({"minutes": "3"}, whisper.pricing) == Usage(seconds=D(180))
    video = model([p("per_request", "0.5"), p("per_second", "0.1")], kind="video_generation")
    assert usage_of({"seconds": "8"}, video.pricing) == Usage(seconds=D(8), requests=1)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"in": "1.5"}, "not a whole number from 0 to 100,000,000: '1.5'"),
        ({"in": "100000001"}, "not a whole number from 0 to 100,000,000: '100000001'"),
        ({"cached": "101"}, "not a whole number from 0 to 100: '101'"),
        ({"cached": "60", "write": "41"}, "the cached and cache-write shares add up to more than 100%"),
    ],
)
def test_the_form_refuses_what_is_not_a_whole_number_in_range(values: dict[str, str], problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        usage_of(values, CHAT.pricing)
    assert str(caught.value) == problem


def test_an_empty_field_counts_as_nothing() -> None:
    assert usage_of({"in": " ", "out": "2"}, CHAT.pricing) == Usage(output_tokens=2)


# ---------------------------------------------------------------- the data


def test_prices_keep_their_exact_amounts_and_every_rule_flag() -> None:
    price = Price("per_1m_input_tokens", D("0.030"), above_tokens=200000, tier="batch", incremental=True)
    data = calculator_price(price, "USD")
    assert data["amount"] == "0.030" and data["tier"] == "batch"
    assert (data["above_tokens"], data["above_tokens_rule"], data["condition"]) == (
        200000,
        "incremental",
        "Batch, tokens beyond 200K",
    )


def test_a_list_names_its_tiers_in_page_order_fields_and_symbol() -> None:
    tiered = model(
        [p("per_1m_input_tokens", "1"), *(p("per_1m_input_tokens", "1", tier=t) for t in ("priority", "batch"))]
    )
    assert list_data(tiered.pricing, "CNY") == {
        "symbol": "CN¥",
        "fields": ["in"],
        "implicit": {},
        "tiers": [["standard", "Standard"], ["batch", "Batch"], ["priority", "Priority"]],
    }


def test_the_registry_data_carry_what_the_engine_reads() -> None:
    index = site_index()
    data = calculator.registry_data(index.catalog.site)
    assert data["units"]["per_minute"] == {"counts": "seconds", "per_quantity": "60", "label": "Per minute"}
    assert data["quantity_units"]["cached_tokens"] == ["per_1m_cached_input_tokens", "per_1m_input_tokens"]
    assert data["fields"]["cached"] == {"quantity": "cached_tokens", "scale": 1, "share_of": "in"}
    assert data["fee_percent"] == "5" and data["days_per_month"] == 30


def test_a_model_page_starts_from_the_models_headline_quantities() -> None:
    index = site_index()
    tts = index.catalog.models["google/gemini-2.5-flash-tts"]
    view = calculator_view(tts, index.catalog.site, {})
    assert {f.key: f.value for f in view.fields} == {"in": 2000, "audio_out": 0}
    image = index.catalog.models["openai/gpt-image-1.5"]
    choices = {c.key: c for c in calculator_view(image, index.catalog.site, {}).choices}
    assert choices["size"].options == (
        ("1024x1024", "1024x1024"),
        ("1024x1536", "1024x1536"),
        ("1536x1024", "1536x1024"),
    )
    assert choices["quality"].value == "high"


def test_a_model_with_offers_picks_among_them_starting_from_its_own() -> None:
    index = site_index()
    scout = index.catalog.models["meta/llama-4-scout"]
    names = {p.id: p.name for p in index.catalog.providers.values()}
    view = calculator_view(scout, index.catalog.site, names)
    offer = next(c for c in view.choices if c.key == "offer")
    assert offer.value == scout.own_offer.id and len(offer.options) == 4
    assert [o["id"] for o in view.data["offers"]] == [o.id for o in scout.all_offers]  # type: ignore[index]


def test_the_time_of_day_is_a_choice_where_some_price_has_a_window() -> None:
    index = site_index()
    deepseek = index.catalog.models["deepseek/deepseek-chat"]
    at = next(c for c in calculator_view(deepseek, index.catalog.site, {}).choices if c.key == "at")
    assert at.options[0] == ("", "Any other time") and at.options[1][1] == "16:30–00:30 UTC"


def test_the_defaults_of_a_page_price_like_the_worked_example_for_one_image() -> None:
    index = site_index()
    image = index.catalog.models[REFERENCE_SLUG]
    view = calculator_view(image, index.catalog.site, {})
    values = {f.key: str(f.value) for f in view.fields}
    bill = cost(image, usage_of(values, image.pricing))
    assert bill.total * 1000 == cost(image, example_usage(image)).total  # the example is 1,000 images


# ---------------------------------------------------------------- the pages


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    """The shipped catalog's outputs, rendered in memory."""
    return render_in_memory(REAL_CATALOG)


def render_template(record: Model, index: SiteIndex) -> str:
    """The calculator section alone, for a model the catalog does not have."""
    view = calculator_view(record, index.catalog.site, {})
    template = environment().get_template("_calculator.html")
    return template.render(calculator=view, asset_href=lambda url: url)


def model_html(outputs: dict[str, bytes], slug: str) -> str:
    return outputs[f"models/{slug}/index.html"].decode()


def calc_data(html: str) -> dict[str, Any]:
    found = re.search(r"<section class=\"calculator\"[^>]* data-calculator='([^']*)'", html)
    assert found, "no calculator data"
    return json.loads(html_lib.unescape(found.group(1)))


def test_the_model_page_hides_the_calculator_without_javascript_and_keeps_the_worked_example(
    outputs: dict[str, bytes],
) -> None:
    html = model_html(outputs, REFERENCE_SLUG)
    section = re.search(r"<section class=\"calculator\"[^>]*>", html)
    assert section and " hidden" in section.group(0)
    assert 'class="example-cost"><strong>Worked example:</strong>' in html
    assert html.index('id="pricing"') < html.index('id="calculator"') < html.index("</article>")
    assert '<script type="module" src="../../../assets/calculator.js"></script>' in html


def test_the_data_block_holds_the_pages_price_lists_exactly(outputs: dict[str, bytes]) -> None:
    index = site_index()
    image = index.catalog.models[REFERENCE_SLUG]
    data = calc_data(model_html(outputs, REFERENCE_SLUG))
    assert data["offer"] == image.own_offer.id
    assert [p["amount"] for p in data["offers"][0]["prices"]] == [str(p.amount) for p in image.pricing]


def test_the_data_cannot_leave_their_attribute() -> None:
    index = site_index()
    sneaky = model([p("per_1m_input_tokens", "1", note="'><script>alert(1)</script>")])
    html = render_template(sneaky, index)
    assert "<script>alert" not in html and "'>" not in html.split("data-calculator='", 1)[1].split("'", 1)[0]
    assert calc_data(html)["offers"][0]["prices"][0]["note"] == "'><script>alert(1)</script>"


def test_every_field_the_form_shows_is_one_the_script_reads(outputs: dict[str, bytes]) -> None:
    html = model_html(outputs, "openai/gpt-5.5")
    names = set(re.findall(r'<input type="number" id="calc-[a-z_]+" name="([a-z_]+)"', html))
    assert names == {"in", "cached", "out", "searches", "n"}
    assert names <= {f.key for f in calculator.FIELDS} | {"n"}


def test_compare_data_carry_the_registry_and_each_offers_fields_and_tiers(outputs: dict[str, bytes]) -> None:
    shared = json.loads(outputs["compare/shared.json"])
    assert shared["calculator"]["quantity_units"]["seconds"] == ["per_second", "per_minute"]
    assert set(shared) == {"features", "calculator"}  # no model: each has its own file
    gpt = json.loads(outputs["compare/models/openai/gpt-5.5.json"])
    offer = gpt["offers"][0]
    assert offer["calculator"]["tiers"][0] == ["standard", "Standard"] and "cached" in offer["calculator"]["fields"]
    assert any(price.get("condition") == "prompts above 272K tokens" for price in offer["prices"])
    compare = outputs["compare/index.html"].decode()
    assert 'id="calculator-section"' in compare and "data-calculator=" not in compare
    for key in ("in", "out", "images", "minutes", "seconds", "chars", "rerank"):
        assert f'name="{key}"' in compare
