"""Prices over time on the record: the periods, which one is current on a price date
(a scheduled change goes live with no edit), and the model as billed on any day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from support.catalogs import valid_chat_model

from generator.catalog.records import Model, model_from_data


def _prices(inp: str) -> list[dict[str, Any]]:
    return [{"unit": "per_1m_input_tokens", "amount": D(inp)}, {"unit": "per_1m_output_tokens", "amount": D("2")}]


def _model(price_date: dt.date | None = None) -> Model:
    data = valid_chat_model(
        pricing=_prices("1.00"),
        price_history=[
            {"until": "2025-01-01", "pricing": _prices("4"), "price_source": "https://acme.example/2024"},
            {
                "from": "2025-01-01",
                "until": "2025-06-10",
                "pricing": _prices("2"),
                "price_source": "https://a.example/",
            },
        ],
        scheduled_prices=[{"from": "2027-01-15", "pricing": _prices("0.50"), "announcement": "https://a.example/news"}],
    )
    return model_from_data("acme/chat", data, price_date=price_date)


def _input(model: Model) -> str:
    return str(model.pricing[0].amount)


def test_the_periods_run_oldest_first_and_meet() -> None:
    periods = _model().periods
    assert [(p.start, p.end, p.scheduled) for p in periods] == [
        (None, dt.date(2025, 1, 1), False),
        (dt.date(2025, 1, 1), dt.date(2025, 6, 10), False),
        (dt.date(2025, 6, 10), dt.date(2027, 1, 15), False),
        (dt.date(2027, 1, 15), None, True),
    ]


def test_without_a_price_date_the_record_pricing_is_current() -> None:
    model = _model()
    assert (_input(model), len(model.price_history), len(model.upcoming)) == ("1.00", 2, 1)


def test_a_scheduled_change_is_current_from_its_day_with_no_edit() -> None:
    assert _input(_model(dt.date(2027, 1, 14))) == "1.00"
    model = _model(dt.date(2027, 1, 15))
    assert (_input(model), model.price_source, model.upcoming) == ("0.50", "https://a.example/news", ())
    assert len(model.price_history) == 3


def test_the_model_as_billed_on_a_past_day() -> None:
    model = _model(dt.date(2026, 12, 2))
    assert [
        _input(model.at(dt.date(day[0], day[1], day[2]))) for day in ((2024, 5, 1), (2025, 6, 9), (2025, 6, 10))
    ] == [
        "4",
        "2",
        "1.00",
    ]
    assert model.at(dt.date(2024, 5, 1)).price_source == "https://acme.example/2024"


def test_a_past_price_keeps_the_context_window_of_its_time() -> None:
    data = valid_chat_model(
        context_window=200000,
        pricing=_prices("3"),
        price_history=[
            {
                "until": "2026-05-01",
                "context_window": 1000000,
                "pricing": _prices("6"),
                "price_source": "https://a.example/",
            }
        ],
    )
    model = model_from_data("acme/chat", data, price_date=dt.date(2026, 12, 2))
    assert [p.context_window for p in model.periods] == [1000000, 200000]
    assert (model.context_window, model.at(dt.date(2026, 4, 30)).context_window) == (200000, 1000000)
    assert model.at(dt.date(2026, 4, 30)).at(dt.date(2026, 6, 1)).context_window == 200000


def test_a_record_without_history_has_no_periods() -> None:
    model = model_from_data("acme/chat", valid_chat_model(), price_date=dt.date(2030, 1, 1))
    assert (model.periods, model.at(dt.date(2020, 1, 1))) == ((), model)


def test_changes_between_periods_name_the_component_the_day_and_the_percent() -> None:
    from generator.catalog.changes import catalog_changes, model_changes

    changes = model_changes(_model(dt.date(2026, 12, 2)))
    assert [
        (str(c.day), c.price.unit, str(c.old), str(c.new), str(c.percent), c.direction, c.scheduled) for c in changes
    ] == [
        ("2025-01-01", "per_1m_input_tokens", "4", "2", "-50", "down", False),
        ("2025-06-10", "per_1m_input_tokens", "2", "1.00", "-50", "down", False),
        ("2027-01-15", "per_1m_input_tokens", "1.00", "0.50", "-50", "down", True),
    ]
    assert changes[0].id == "acme/chat/2025-01-01/per_1m_input_tokens"
    assert [str(c.day) for c in catalog_changes([_model()])] == ["2027-01-15", "2025-06-10", "2025-01-01"]
