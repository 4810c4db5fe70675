"""Offers in the outputs that list many models: listing rows say 'from' the cheapest offer,
provider pages list what an upstream serves of other makers, the pricing page and its CSV,
compare's data, the JSON API and the spec's x-offers. On the fixture: openai/gpt-test is
served by OpenAI ($1.25 / $10.00), hostco@us ($1.10 / $9.00, the cheapest) and hostco@eu
(preview, $1.40 / $11.00 + cached $0.14); hostco makes no model of its own."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator
from support.catalogs import CHAT, valid_chat_model, valid_provider
from support.sites import SITE_CATALOG, render_in_memory, visible_text

from generator.render import urls

GPT = "openai/gpt-test"
OFFER_IDS = ["hostco@us", "openai", "hostco@eu"]  # cheapest first
FROM_TEXT = "from $1.10 / 1M input · $9.00 / 1M output"


@functools.cache
def outputs() -> dict[str, bytes]:
    return render_in_memory(SITE_CATALOG)


def text_of(path: str) -> str:
    return outputs()[path].decode("utf-8")


def json_of(path: str) -> Any:
    return json.loads(outputs()[path])


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# ---------------------------------------------------------------- listing rows


def test_listing_rows_show_the_cheapest_offer_as_from() -> None:
    html = text_of("models/index.html")
    row = re.search(r'<tr data-provider="openai" data-kind="chat"[^>]*data-price="([^"]+)".*?</tr>', html, re.S)
    assert row is not None and row.group(1) == "10.10"  # sorts by what it shows: 1.10 + 9.00
    assert f'<td data-value="10.10">{FROM_TEXT}</td>' in row.group(0)
    assert "from $0.030" not in html and "$0.030 / image" in html  # a model with one offer says no 'from'
    assert FROM_TEXT in visible_text(text_of("providers/openai/index.html"))
    assert FROM_TEXT in visible_text(text_of("compare/index.html"))  # the picker's rows too


# ---------------------------------------------------------------- provider pages


def served_rows(html: str) -> list[str]:
    table = re.search(r'<table class="model-table" id="served".*?</table>', html, re.S)
    assert table is not None, "no 'Also served here' table"
    return [visible_text(r) for r in re.findall(r"<tr>.*?</tr>", table.group(0).split("<tbody>")[1], re.S)]


def test_an_upstream_without_models_of_its_own_lists_what_it_serves() -> None:
    html = text_of("providers/hostco/index.html")
    text = visible_text(html)
    assert "HostCo Cloud makes no models of its own; it serves other makers' models, listed below." in text
    assert "No models here yet." not in text
    assert "Also served here" in text and "Also serves 1 model of other makers" in text
    assert served_rows(html) == [
        "GPT Test openai/gpt-test OpenAI HostCo Cloud (us) 400,000 $1.10 / 1M input · $9.00 / 1M output "
        "FP8 weights; no long-context tier.",
        "GPT Test preview openai/gpt-test OpenAI HostCo Cloud (eu) 1,050,000 $1.40 / 1M input · $11.00 / 1M output —",
    ]
    assert '<td data-value="10.10">$1.10 / 1M input · $9.00 / 1M output</td>' in html


def test_a_maker_serving_only_its_own_models_has_no_served_section() -> None:
    text = visible_text(text_of("providers/openai/index.html"))
    assert "Also served here" not in text and "Also serves" not in text


def test_the_provider_directory_counts_what_an_upstream_serves() -> None:
    text = visible_text(text_of("providers/index.html"))
    assert "it makes none of its own. Serves 1 model of other makers OpenAI" in text
    assert "Whisper speech models. 4 models" in text  # a maker's card is as before


def test_providers_json_says_what_each_upstream_serves() -> None:
    providers = {p["id"]: p for p in json_of(urls.API_PROVIDERS)["data"]}
    assert (providers["hostco"]["models"], providers["hostco"]["serves"]) == ([], [GPT])
    assert providers["openai"]["serves"] == [] and GPT in providers["openai"]["models"]


# ---------------------------------------------------------------- pricing page and CSV


def main_rows(html: str, slug: str) -> list[str]:
    """The visible text of the rows of `slug` in the pricing page's tables."""
    rows = re.findall(r"<tr>.*?</tr>", html.split('id="price-tables"', 1)[1], re.S)
    return [visible_text(r) for r in rows if f'href="../models/{slug}/"' in r]


def test_pricing_page_shows_the_cheapest_offer_of_each_model() -> None:
    html = text_of("pricing/index.html")
    assert main_rows(html, GPT) == [  # hostco@us has neither a cached nor a long-context price: '—'
        "GPT Test OpenAI · via HostCo Cloud (us) · 3 offers from $1.10 from $9.00 "
        + " ".join(["—no such price"] * 6)
        + " —"
    ]
    assert main_rows(html, "openai/embed-test") == ["Embed Test OpenAI $0.020"]


def test_pricing_page_links_every_offer_on_the_model_page() -> None:
    """The page no longer lists every offer (a second table that grew with the catalog):
    a model with several links its page's Offers section, which does."""
    html = text_of("pricing/index.html")
    assert f'<a href="../models/{GPT}/#offers">3 offers</a>' in html
    assert 'id="offers"' not in html and "data-offer=" not in html
    assert '<h2 id="offers">Offers</h2>' in text_of(f"models/{GPT}/index.html")


def test_prices_csv_has_one_row_per_offer_and_component() -> None:
    data = outputs()[urls.PRICING_CSV]
    header = data.decode("utf-8").split("\r\n", 1)[0]
    assert header.endswith(",window,above_tokens_rule,offer,upstream")  # new columns appended
    mine = [r for r in csv_rows(data) if r["slug"] == GPT]
    assert [(r["offer"], r["upstream"], r["unit"], r["amount"]) for r in mine] == [
        ("openai", "openai", "per_1m_input_tokens", "1.25"),  # the record's own rows first, as before offers
        ("openai", "openai", "per_1m_output_tokens", "10.00"),
        ("openai", "openai", "per_1m_cached_input_tokens", "0.125"),
        ("openai", "openai", "per_1m_input_tokens", "2.50"),
        ("hostco@us", "hostco", "per_1m_input_tokens", "1.10"),
        ("hostco@us", "hostco", "per_1m_output_tokens", "9.00"),
        ("hostco@eu", "hostco", "per_1m_input_tokens", "1.40"),
        ("hostco@eu", "hostco", "per_1m_output_tokens", "11.00"),
        ("hostco@eu", "hostco", "per_1m_cached_input_tokens", "0.14"),
    ]
    assert {r["provider"] for r in mine} == {"OpenAI"}  # `provider` stays the maker


# ---------------------------------------------------------------- compare data


def test_compare_data_carries_every_offer_as_exact_strings() -> None:
    gpt = json_of(urls.compare_model_json(GPT))
    assert (gpt["price_text"], gpt["sort_price"]) == (FROM_TEXT, "10.10")
    assert [p["amount"] for p in gpt["prices"]] == ["1.25", "10.00", "0.125", "2.50"]  # the record's own, as before
    offers = gpt["offers"]
    assert [o["id"] for o in offers] == OFFER_IDS and [o["own"] for o in offers] == [False, True, False]
    assert [o["label"] for o in offers] == ["HostCo Cloud (us)", "OpenAI", "HostCo Cloud (eu)"]
    assert [(o["context_window"], o["max_output_tokens"]) for o in offers] == [
        (400000, 64000),
        (1050000, 128000),
        (1050000, 128000),  # an offer without limits of its own has the model's
    ]
    assert [[(p["amount"], p["display"]) for p in o["prices"]] for o in offers] == [
        [("1.10", "$1.10"), ("9.00", "$9.00")],
        [("1.25", "$1.25"), ("10.00", "$10.00"), ("0.125", "$0.125"), ("2.50", "$2.50")],
        [("1.40", "$1.40"), ("11.00", "$11.00"), ("0.14", "$0.14")],
    ]
    assert offers[2]["status"] == "preview" and offers[0]["note"] == "FP8 weights; no long-context tier."


# ---------------------------------------------------------------- JSON API

OFFER_FIELDS = {
    "id",
    "own",
    "provider",
    "region",
    "status",
    "currency",
    "context_window",
    "max_output_tokens",
    "price_source",
    "note",
    "pricing",
}


def test_json_api_lists_every_offer_cheapest_first() -> None:
    detail = json_of(urls.model_json(GPT))
    listed = next(m for m in json_of(urls.API_MODELS)["data"] if m["id"] == GPT)
    assert listed["offer_count"] == len(detail["offers"]) == 3 and detail["upstream"] == "openai"  # the list: a count
    offers = detail["offers"]
    assert all(set(o) == OFFER_FIELDS for o in offers)
    assert [(o["id"], o["provider"], o["region"], o["own"], o["status"]) for o in offers] == [
        ("hostco@us", "hostco", "us", False, "active"),
        ("openai", "openai", None, True, "active"),
        ("hostco@eu", "hostco", "eu", False, "preview"),
    ]
    assert [o["price_source"] for o in offers] == [
        "https://hostco.example/pricing",
        "https://openai.com/api/pricing/",
        "https://hostco.example/pricing/eu",
    ]
    assert offers[1]["pricing"] == detail["pricing"]  # the own offer's prices are the record's, same shape
    assert offers[0]["pricing"] == [
        {"unit": "per_1m_input_tokens", "amount": "1.10", "currency": "USD", "per": "per 1M input tokens"},
        {"unit": "per_1m_output_tokens", "amount": "9.00", "currency": "USD", "per": "per 1M output tokens"},
    ]
    assert (offers[0]["context_window"], offers[0]["max_output_tokens"]) == (400000, 64000)


def test_a_model_with_one_offer_lists_its_own() -> None:
    detail = json_of(urls.model_json("acme/euro-tiers"))
    (own,) = detail["offers"]
    assert (own["id"], own["own"], own["currency"], detail["upstream"]) == ("acme", True, "EUR", "acme")
    assert own["pricing"] == detail["pricing"] and {p["currency"] for p in own["pricing"]} == {"EUR"}


# ---------------------------------------------------------------- OpenAPI


def test_x_offers_lists_every_offer_beside_x_pricing() -> None:
    spec = json_of("openapi.json")
    assert list(OpenAPIV31SpecValidator(spec).iter_errors()) == []
    chat = spec["paths"]["/chat/completions"]["post"]
    assert list(chat["x-offers"]) == [GPT]  # only models that more than their maker serves
    assert chat["x-offers"][GPT] == json_of(urls.model_json(GPT))["offers"]
    assert [o["id"] for o in chat["x-offers"][GPT]] == OFFER_IDS
    assert chat["x-pricing"][GPT] == json_of(urls.model_json(GPT))["pricing"]  # x-pricing is as before
    assert all("x-offers" not in item["post"] for path, item in spec["paths"].items() if path == "/embeddings")
    assert "`x-offers`" in spec["info"]["description"]
    assert yaml_spec() == spec


def yaml_spec() -> Any:
    import yaml

    return yaml.safe_load(outputs()["openapi.yaml"])


def model_validator(spec: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"components": spec["components"], "$ref": f"#/components/schemas/{name}"})


def test_static_model_files_follow_the_spec_with_their_offers() -> None:
    spec = json_of("openapi.json")
    listing = json_of(urls.API_MODELS)
    problems = [e.message for e in model_validator(spec, "ModelList").iter_errors(listing)]
    one = model_validator(spec, "Model")
    for entry in listing["data"]:
        problems += [f"{entry['id']}: {e.message}" for e in one.iter_errors(json_of(urls.model_json(entry["id"])))]
    assert problems == []
    broken = json_of(urls.model_json(GPT))
    broken["offers"][0]["pricing"][0]["amount"] = 1.1  # a float is not an exact amount
    del broken["offers"][1]["own"]
    assert len(list(one.iter_errors(broken))) == 2  # the schema describes the offers, it does not wave them through


# ---------------------------------------------------------------- a record served by another upstream


@pytest.fixture
def upstream_catalog(write_catalog: Callable[..., Path]) -> dict[str, bytes]:
    """acme/chat's own pricing is served by hostco (`upstream`), plus an offer hostco@eu
    whose price note a spreadsheet would run as a formula."""
    offer = {
        "provider": "hostco",
        "region": "eu",
        "pricing": [
            {"unit": "per_1m_input_tokens", "amount": Decimal("0.90"), "note": "=HYPERLINK(1)"},
            {"unit": "per_1m_output_tokens", "amount": Decimal("1.80")},
        ],
        "price_source": "https://hostco.example/eu",
    }
    files = {
        "providers/hostco.yaml": valid_provider(name="HostCo", description="HostCo serves other makers' models."),
        CHAT: valid_chat_model(upstream="hostco", offers=[offer]),
    }
    return render_in_memory(write_catalog(files))


def test_an_upstream_record_is_listed_by_its_upstream(upstream_catalog: dict[str, bytes]) -> None:
    detail = json.loads(upstream_catalog[urls.model_json("acme/chat")])
    assert detail["upstream"] == "hostco"
    assert [(o["id"], o["own"]) for o in detail["offers"]] == [("hostco@eu", False), ("hostco", True)]
    html = upstream_catalog["providers/hostco/index.html"].decode("utf-8")
    assert [r.split(" acme/chat ")[1] for r in served_rows(html)] == [
        "Acme HostCo (eu) 128,000 $0.90 / 1M input · $1.80 / 1M output —",
        "Acme HostCo 128,000 $1.00 / 1M input · $2.00 / 1M output —",
    ]
    spec = json.loads(upstream_catalog["openapi.json"])
    assert [o["id"] for o in spec["paths"]["/chat/completions"]["post"]["x-offers"]["acme/chat"]] == [
        "hostco@eu",
        "hostco",
    ]
    rows = csv_rows(upstream_catalog[urls.PRICING_CSV])
    assert [(r["offer"], r["upstream"], r["amount"]) for r in rows if r["slug"] == "acme/chat"] == [
        ("hostco", "hostco", "1.00"),
        ("hostco", "hostco", "2.00"),
        ("hostco@eu", "hostco", "0.90"),
        ("hostco@eu", "hostco", "1.80"),
    ]
    assert "'=HYPERLINK(1)" in [r["note"] for r in rows]  # an offer's text is defused like the record's
