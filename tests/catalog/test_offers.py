"""Offers on the record (`Model.offers`): the order readers and `cost` see, how an offer
is found by its id, and the model as one offer sells it."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from support.catalogs import valid_chat_model

from generator.catalog.records import Model, model_from_data


def _prices(inp: str, out: str) -> list[dict[str, Any]]:
    return [{"unit": "per_1m_input_tokens", "amount": D(inp)}, {"unit": "per_1m_output_tokens", "amount": D(out)}]


def _offer(provider: str, inp: str, out: str, **extra: Any) -> dict[str, Any]:
    return {"provider": provider, "pricing": _prices(inp, out), "price_source": f"https://{provider}.example/", **extra}


def _model(*offers: dict[str, Any], **overrides: Any) -> Model:
    return model_from_data("acme/chat", valid_chat_model(offers=list(offers), **overrides))


def test_a_record_without_offers_is_its_own_single_offer() -> None:
    model = model_from_data("acme/chat", valid_chat_model())
    (only,) = model.all_offers
    assert (only.id, only.own, only.pricing, only.context_window) == ("acme", True, model.pricing, 128000)
    assert model.from_prices == model.headline_prices


def test_offers_are_ranked_cheapest_first_by_the_headline_unit_ties_in_file_order() -> None:
    model = _model(_offer("host", "0.80", "9"), _offer("cloud", "1.00", "1"), _offer("edge", "0.80", "1"))
    assert [o.id for o in model.all_offers] == ["host", "edge", "acme", "cloud"]  # acme's own input is $1.00
    assert [str(p.amount) for p in model.from_prices] == ["0.80", "9"]


def test_an_offer_in_another_currency_or_deprecated_ranks_last() -> None:
    model = _model(_offer("euro", "0.10", "0.10", currency="EUR"), _offer("old", "0.20", "0.20", status="deprecated"))
    assert [o.id for o in model.all_offers] == ["acme", "old", "euro"]


def test_an_offer_is_found_by_id_or_by_provider() -> None:
    model = _model(_offer("host", "0.5", "1", region="us"), _offer("host", "0.6", "1", region="eu"))
    assert model.offer("host@eu").region == "eu"
    assert model.offer("host").region == "us"  # the first of that provider
    assert model.offer("acme").own
    assert model.offer("nobody") is None


def test_the_model_as_an_offer_sells_it_takes_its_prices_currency_and_limits() -> None:
    model = _model(_offer("host", "0.5", "1", currency="EUR", context_window=32000), upstream="acme")
    offered = model.as_offered(model.offer("host"))
    assert [str(p.amount) for p in offered.pricing] == ["0.5", "1"]
    assert (offered.currency, offered.context_window, offered.max_output_tokens) == ("EUR", 32000, 8192)
    assert (offered.upstream, offered.price_source, offered.offers) == ("host", "https://host.example/", ())
    assert model.as_offered(model.own_offer) is model


def test_upstream_names_who_serves_the_own_pricing() -> None:
    model = _model(upstream="deepinfra")
    assert (model.provider_id, model.own_offer.provider_id) == ("acme", "deepinfra")
