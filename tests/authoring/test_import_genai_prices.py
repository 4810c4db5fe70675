"""`import genai-prices`: pydantic's genai-prices data, its dated prices as price history."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from support.catalogs import check_catalog, valid_chat_model, valid_provider, valid_site, write_catalog
from support.cli import run_cli
from support.paths import FIXTURES

from generator.authoring.importers import SourceError, run_import
from generator.authoring.scaffold import ensure_site
from generator.catalog.load import parse_yaml

FIXTURE = FIXTURES / "import" / "genai-prices.json"
TODAY = dt.date(2026, 12, 3)
DOCS = "https://developers.openai.com/api/docs/pricing"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    ensure_site(catalog)
    return catalog


@pytest.fixture
def imported(catalog: Path) -> Path:
    run_import("genai-prices", FIXTURE, catalog, TODAY)
    return catalog


def record(catalog: Path, slug: str) -> dict:
    return parse_yaml((catalog / "models" / f"{slug}.yaml").read_bytes())[0]


def tokens(inp: str, out: str, cached: str | None = None, **conditions) -> list[dict]:
    prices = [
        {"unit": "per_1m_input_tokens", "amount": Decimal(inp), **conditions},
        {"unit": "per_1m_output_tokens", "amount": Decimal(out), **conditions},
    ]
    if cached is not None:
        prices.append({"unit": "per_1m_cached_input_tokens", "amount": Decimal(cached), **conditions})
    return prices


def assert_valid(catalog: Path) -> None:
    """No errors, and no warnings but the placeholders an import leaves for a human (`# TODO`)."""
    problems = check_catalog(catalog)
    assert [p.message for p in problems if p.is_error] == []
    assert {p.rule for p in problems} <= {"placeholders"}


def test_the_fixture_imports_into_an_empty_catalog_and_validates(catalog):
    report = run_import("genai-prices", FIXTURE, catalog, TODAY)
    assert sorted(report.plan.created) == [
        "anthropic/claude-sonnet-4-6",
        "deepseek/deepseek-chat",
        "deepseek/deepseek-v4-flash",
        "google/gemini-3.6-flash",
        "groq/whisper-large-v3",
        "openai/o3",
        "openai/text-embedding-3-small",
        "xai/grok-4.20",  # genai-prices' provider x-ai is the catalog's xai
    ]
    assert {s.source_id: s.reason for s in report.skips} == {
        "google/gemini-2.5-flash-image": "deprecated at the source, without a sunset date",
        "openai/moderation": "no per_1m_input_tokens or per_request price for a moderation model",
    }
    assert_valid(catalog)
    assert report.problems and not any(p.is_error for p in report.problems)


def test_a_start_date_ends_the_price_before_it(imported):
    o3 = record(imported, "openai/o3")
    assert o3["pricing"][:4] == [*tokens("2", "8", "0.5"), {"unit": "per_1k_web_searches", "amount": Decimal("10")}]
    assert o3["price_history"] == [
        {  # the oldest price: genai-prices gives no day it began, so there is no `from`
            "until": "2025-06-10",
            "pricing": [*tokens("10", "40", "0.5"), {"unit": "per_1k_web_searches", "amount": Decimal("10")}],
            "price_source": DOCS,  # the page the model's price_comments cite
        }
    ]
    assert "scheduled_prices" not in o3


def test_a_past_price_keeps_its_context_tiers_and_cites_an_archived_copy(imported):
    grok = record(imported, "xai/grok-4.20")
    (past,) = grok["price_history"]
    assert past["until"] == "2026-04-30"
    assert {"unit": "per_1m_input_tokens", "amount": Decimal("4"), "above_tokens": 199999} in past["pricing"]
    assert past["price_source"].startswith("https://web.archive.org/web/20260430105131/")
    assert grok["price_source"] == "https://docs.x.ai/docs/models"  # the current price: the live page
    sonnet = record(imported, "anthropic/claude-sonnet-4-6")
    (tiered,) = sonnet["price_history"]
    assert tiered["until"] == "2026-03-13"
    assert {"unit": "per_1m_output_tokens", "amount": Decimal("22.5"), "above_tokens": 200000} in tiered["pricing"]
    assert not any("above_tokens" in p for p in sonnet["pricing"])  # one price since 2026-03-13


def test_variants_are_service_tiers_of_the_current_price_only(imported):
    o3 = record(imported, "openai/o3")
    tiers = {(p["unit"], p.get("tier")): p["amount"] for p in o3["pricing"] if p.get("tier")}
    assert tiers == {
        ("per_1m_input_tokens", "batch"): Decimal("1"),
        ("per_1m_output_tokens", "batch"): Decimal("4"),
        ("per_1m_input_tokens", "flex"): Decimal("1"),
        ("per_1m_output_tokens", "flex"): Decimal("4"),
        ("per_1m_cached_input_tokens", "flex"): Decimal("0.25"),
        ("per_1m_input_tokens", "priority"): Decimal("3.5"),
        ("per_1m_output_tokens", "priority"): Decimal("14"),
        ("per_1m_cached_input_tokens", "priority"): Decimal("0.875"),
    }  # service_tier=fast repeats priority's prices: kept once; service_tier=default is the standard price
    assert not any(p.get("tier") for p in o3["price_history"][0]["pricing"])


def test_a_daily_window_is_the_shorter_stretch_of_the_day(imported):
    # genai-prices: 0.135 by default, 0.27 from 00:30 to 16:30; the catalog writes the price
    # of most of the day plain and the rest (16:30 to 00:30, past midnight) as a window
    chat = record(imported, "deepseek/deepseek-chat")
    night = {"window": {"start": "16:30", "end": "00:30"}}
    assert sorted(chat["pricing"], key=str) == sorted(
        tokens("0.27", "1.1", "0.07") + tokens("0.135", "0.55", "0.035", **night), key=str
    )


def test_dates_beside_windows_keep_only_the_current_price(catalog):
    report = run_import("genai-prices", FIXTURE, catalog, TODAY)
    flash = record(catalog, "deepseek/deepseek-v4-flash")
    peak = [{"window": {"start": "01:00", "end": "04:00"}}, {"window": {"start": "06:00", "end": "10:00"}}]
    expected = tokens("0.15", "0.6", "0.003") + [p for w in peak for p in tokens("0.3", "1.2", "0.006", **w)]
    assert sorted(flash["pricing"], key=str) == sorted(expected, key=str)
    assert "price_history" not in flash  # genai-prices applies the windows on every day: the past is unknown
    assert any(key == "prices" and "beside daily windows" in why for key, why in report.unmapped)


def test_a_start_date_after_the_import_is_a_scheduled_change(imported):
    flash = record(imported, "google/gemini-3.6-flash")
    batch = {"tier": "batch"}
    assert flash["scheduled_prices"] == [
        {
            "from": "2027-01-01",
            "pricing": [
                *tokens("1.5", "7.5", "0.15"),
                {"unit": "per_1k_web_searches", "amount": Decimal("14")},
                *tokens("0.75", "3.75", "0.075", **batch),
            ],
            "announcement": "https://ai.google.dev/gemini-api/docs/pricing",
        }
    ]
    assert tokens("0.375", "1.875", "0.0375", **batch)[0] in flash["pricing"]  # the batch price in force now


def test_an_hourly_price_is_an_exact_per_minute_price(imported):
    whisper = record(imported, "groq/whisper-large-v3")
    assert whisper["kind"] == "speech_to_text"
    assert whisper["pricing"] == [
        {"unit": "per_minute", "amount": Decimal("0.00185")},  # $0.111 per hour
        {"unit": "per_minute", "amount": Decimal("0.000925"), "tier": "batch"},
    ]
    assert record(imported, "openai/text-embedding-3-small")["kind"] == "embeddings"


def test_importing_again_changes_nothing(imported):
    before = {p: p.read_bytes() for p in sorted(imported.rglob("*.yaml"))}
    report = run_import("genai-prices", FIXTURE, imported, TODAY)
    assert report.plan.created == [] and report.plan.updated == {}
    assert len(report.plan.unchanged) == 8
    assert {p: p.read_bytes() for p in sorted(imported.rglob("*.yaml"))} == before


# ---------------------------------------------------------------- into records with history


def existing_o3(tmp_path: Path, **overrides) -> Path:
    o3 = valid_chat_model(name="o3", price_source="https://openai.example/pricing", **overrides)
    return write_catalog(
        tmp_path / "catalog",
        {"models/openai/o3.yaml": o3, "providers/openai.yaml": valid_provider(name="OpenAI")},
    )


def test_a_record_that_already_has_the_history_keeps_it(tmp_path):
    past = {
        "from": "2025-04-16",
        "until": "2025-06-10",
        "pricing": tokens("10", "40", "2.5"),
        "price_source": "https://web.archive.org/web/2025/https://openai.example/pricing",
    }
    catalog = existing_o3(tmp_path, pricing=tokens("2", "8", "0.5"), price_history=[past])
    report = run_import("genai-prices", FIXTURE, catalog, TODAY)
    o3 = record(catalog, "openai/o3")
    assert o3["price_history"] == [past]  # genai-prices' entry overlaps it: the record's own stays
    assert "openai/o3" not in report.plan.archived
    assert not any(p.is_error for p in check_catalog(catalog))


def test_a_stale_record_gains_the_dated_history(tmp_path):
    catalog = existing_o3(tmp_path, pricing=tokens("10", "40"))
    report = run_import("genai-prices", FIXTURE, catalog, TODAY)
    o3 = record(catalog, "openai/o3")
    assert [(e.get("from"), e["until"], e["price_source"]) for e in o3["price_history"]] == [(None, "2025-06-10", DOCS)]
    assert tokens("2", "8") == o3["pricing"][:2]
    changes = report.plan.updated["openai/o3"]
    assert "price_history gains until 2025-06-10" in changes
    # its own old list took effect before 2025-06-10, which genai-prices already dates
    assert "old prices not kept: price_history already ends on 2025-06-10" in changes
    assert o3["name"] == "o3" and o3["price_source"] == "https://openai.example/pricing"  # hand-written: kept
    assert not any(p.is_error for p in check_catalog(catalog))


def test_a_record_whose_history_ends_earlier_keeps_its_old_price_until_the_change(tmp_path):
    older = {"from": "2025-01-01", "until": "2025-04-16", "pricing": tokens("12", "48"), "price_source": DOCS}
    catalog = existing_o3(tmp_path, pricing=tokens("10", "40"), price_history=[older])
    run_import("genai-prices", FIXTURE, catalog, TODAY)
    history = record(catalog, "openai/o3")["price_history"]
    # genai-prices' open-started entry overlaps the record's; the record's own old price is
    # kept instead, ending on the day genai-prices says the current price began (not today)
    assert [(e.get("from"), e["until"], e["pricing"]) for e in history] == [
        ("2025-01-01", "2025-04-16", tokens("12", "48")),
        ("2025-04-16", "2025-06-10", tokens("10", "40")),
    ]
    assert history[1]["price_source"] == "https://openai.example/pricing"
    assert not any(p.is_error for p in check_catalog(catalog))


def test_a_record_in_another_currency_keeps_its_prices(tmp_path):
    catalog = existing_o3(tmp_path, pricing=tokens("70", "280"), currency="CNY")
    run_import("genai-prices", FIXTURE, catalog, TODAY)
    o3 = record(catalog, "openai/o3")
    assert o3["pricing"] == tokens("70", "280") and "price_history" not in o3


# ---------------------------------------------------------------- bad input and the command line


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"providers": []}', "a genai-prices data.json is a JSON list of providers"),
        ("[1, 2]", "a genai-prices data.json is a JSON list of providers"),
        ("[{", "is not valid JSON"),
    ],
)
def test_a_malformed_file_is_a_source_error(tmp_path, catalog, content, message):
    path = tmp_path / "data.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        run_import("genai-prices", path, catalog, TODAY)


def test_malformed_entries_are_skipped_with_a_reason(tmp_path, catalog):
    models = [
        {"id": "bad-date", "match": {}, "prices": [{"constraint": {"start_date": "soon"}, "prices": {}}]},
        {"id": "bad-window", "match": {}, "prices": [{"constraint": {"start_time": "25:00"}, "prices": {}}]},
        {"id": "no-prices", "match": {}, "prices": []},
    ]
    path = tmp_path / "data.json"
    path.write_text(json.dumps([{"id": "acme", "name": "Acme", "models": models}, {"id": "x"}]), encoding="utf-8")
    report = run_import("genai-prices", path, catalog, TODAY)
    assert {s.source_id: s.reason for s in report.skips} == {
        "acme/bad-date": "start_date 'soon' is not a YYYY-MM-DD day",
        "acme/bad-window": "a constraint that is neither a start_date nor a start_time and end_time",
        "acme/no-prices": "no prices",
        "x": "provider without an id and a models list",
    }


def test_the_command_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 3, tzinfo=dt.UTC).timestamp())))
    catalog = write_catalog(tmp_path / "catalog", {"site.yaml": valid_site()}, defaults=False)
    code, out, err = run_cli("import", "genai-prices", str(FIXTURE), "--into", str(catalog), capsys=capsys)
    assert (code, err) == (0, "")
    assert "created         8 model(s)" in out and "0 error(s)" in out
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, out, err = run_cli("import", "genai-prices", str(bad), "--into", str(catalog), capsys=capsys)
    assert code == 2 and err.startswith("error: a genai-prices data.json is a JSON list") and "Traceback" not in err
