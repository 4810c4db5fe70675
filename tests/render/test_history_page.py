"""Prices over time (issue 14) on the model page and its Markdown twin: a copy of the fixture
catalog gives gpt-test a launch price (2026-01-01 until 2026-03-01, without the long-context
tier) and a scheduled change (from 2027-01-15); on the build's price date (2026-05-01) the
record's own pricing is current. Its page gets a Price history section (one step chart per
price that moved, a table of every period) and a notice above the prices; pages of models
with one price list get neither, and every twin points to the site-wide changes page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree
from support.catalogs import valid_chat_model
from support.sites import SITE_CATALOG, render_in_memory, visible_text

from generator.catalog.records import Model, model_from_data
from generator.render import history, urls

SLUG = "openai/gpt-test"
SVG = "{http://www.w3.org/2000/svg}"
HISTORY = """
price_history:
  - from: 2026-01-01
    until: 2026-03-01
    pricing:
      - unit: per_1m_input_tokens
        amount: 2.00
      - unit: per_1m_output_tokens
        amount: 12.00
      - unit: per_1m_cached_input_tokens
        amount: 0.125
    price_source: https://openai.example/archive/2026-01
    note: The launch price.
scheduled_prices:
  - from: 2027-01-15
    pricing:
      - unit: per_1m_input_tokens
        amount: 1.00
      - unit: per_1m_output_tokens
        amount: 8.00
      - unit: per_1m_cached_input_tokens
        amount: 0.125
      - unit: per_1m_input_tokens
        amount: 2.00
        above_tokens: 200000
    announcement: https://openai.example/news/gpt-test-prices
    note: Cheaper from mid-January.
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    catalog = tmp_path_factory.mktemp("history") / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    record = catalog / "models" / "openai" / "gpt-test.yaml"
    record.write_text(record.read_text("utf-8") + HISTORY, "utf-8")
    return {path: data.decode("utf-8") for path, data in render_in_memory(catalog).items()}


@pytest.fixture(scope="module")
def plain_outputs() -> dict[str, str]:
    """The fixture catalog as it is: no model has price history."""
    return {path: data.decode("utf-8") for path, data in render_in_memory(SITE_CATALOG).items()}


def page(outputs: dict[str, str], slug: str = SLUG) -> str:
    return outputs[urls.output_path(urls.model(slug))]


def twin(outputs: dict[str, str], slug: str = SLUG) -> str:
    return outputs[urls.model_markdown(slug)]


def section(html: str, ident: str) -> str:
    match = re.search(rf'<section aria-labelledby="{ident}">.*?</section>', html, re.S)
    assert match, f"no section {ident}"
    return match.group(0)


def charts(html: str) -> list[Element]:
    return [ElementTree.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", section(html, "history"), re.S)]


def lines(svg: Element, kind: str) -> list[Element]:
    return [e for e in svg.iter(f"{SVG}line") if e.get("class", "").split()[0] == kind]


def figure_captions(html: str) -> list[str]:
    return [visible_text(c) for c in re.findall(r"<figcaption>.*?</figcaption>", section(html, "history"), re.S)]


def test_only_a_model_with_price_history_has_the_section(
    outputs: dict[str, str], plain_outputs: dict[str, str]
) -> None:
    model_pages = [p for p in outputs if p.startswith("models/") and p.endswith("/index.html") and p.count("/") == 3]
    assert len(model_pages) >= 8
    with_history = [p for p in model_pages if '<section aria-labelledby="history">' in outputs[p]]
    assert with_history == [urls.output_path(urls.model(SLUG))]
    assert '<h2 id="history">Price history</h2>' in page(outputs)
    assert not any('aria-labelledby="history"' in plain_outputs[p] for p in model_pages)
    assert 'href="#history"' in section(page(outputs), "pricing")
    assert 'href="#history"' not in page(plain_outputs)


def test_the_history_comes_after_the_offers_and_links_the_changes_page(outputs: dict[str, str]) -> None:
    html = page(outputs)
    assert html.index('aria-labelledby="offers"') < html.index('aria-labelledby="history"')
    assert html.index('aria-labelledby="history"') < html.index('aria-labelledby="collections"')
    assert '<a href="../../../changes/">Every price change on ' in section(html, "history")
    assert '<a href="../../../changes/">All price changes</a>' in section(page(outputs, "openai/embed-test"), "pricing")


def test_one_chart_per_price_that_moved_each_with_one_step_per_period_that_lists_it(outputs: dict[str, str]) -> None:
    svgs = charts(page(outputs))
    # Cached input is $0.125 throughout: no chart; the long-context tier is new in the current period.
    assert figure_captions(page(outputs)) == [
        "Input per 1M input tokens",
        "Output per 1M output tokens",
        "Input (prompts above 200K tokens) per 1M input tokens",
    ]
    steps = [[line.get("class") for line in lines(svg, "step")] for svg in svgs]
    assert steps == [
        ["step past", "step current", "step scheduled"],
        ["step past", "step current", "step scheduled"],
        ["step current", "step scheduled"],
    ]
    risers = [[line.get("class") for line in lines(svg, "riser")] for svg in svgs]
    assert risers == [["riser", "riser scheduled"], ["riser", "riser scheduled"], ["riser scheduled"]]


def test_a_chart_is_an_accessible_svg_with_dates_and_money_on_its_axes(outputs: dict[str, str]) -> None:
    svg = charts(page(outputs))[0]
    assert (svg.get("role"), svg.get("width"), svg.get("height"), svg.get("viewBox")) == (
        "img",
        "360",
        "150",
        "0 0 360 150",
    )
    words = (
        "Input price of GPT Test, per 1M input tokens, over time: $2.00 from 2026-01-01 until 2026-03-01; "
        "$1.25 from 2026-03-01 until 2027-01-15 (current); $1.00 from 2027-01-15 (scheduled)."
    )
    assert svg.get("aria-label") == words and svg.find(f"{SVG}title").text == words
    ticks = [t.text for t in svg.iter(f"{SVG}text")]
    assert ticks == ["$2.00", "$1.25", "$1.00", "$0.00", "2026-01-01", "2026-03-01", "2027-01-15"]
    numbers = [v for e in svg.iter(f"{SVG}line") for k, v in e.attrib.items() if k in ("x1", "x2", "y1", "y2")]
    assert numbers and all(re.fullmatch(r"\d+\.\d", v) for v in numbers)


def test_the_steps_sit_at_their_amounts_and_days(outputs: dict[str, str]) -> None:
    past, current, scheduled = lines(charts(page(outputs))[0], "step")
    assert past.get("y1") == past.get("y2") == "12.0"  # the highest amount is the plot's top
    assert float(current.get("y1")) > 12.0 and float(scheduled.get("y1")) > float(current.get("y1"))
    assert past.get("x1") == "64.0" and past.get("x2") == current.get("x1")  # the first day is the plot's left
    assert current.get("x2") == scheduled.get("x1") and scheduled.get("x2") == "346.0"  # open end: the right edge
    # 2026-01-01 -> 2026-03-01 is 59 days, 2026-03-01 -> 2027-01-15 is 320: widths in proportion.
    widths = [float(s.get("x2")) - float(s.get("x1")) for s in (past, current)]
    assert abs(widths[1] / widths[0] - 320 / 59) < 0.05


def test_the_table_has_one_row_per_period_with_its_amounts(outputs: dict[str, str]) -> None:
    html = section(page(outputs), "history")
    table = re.search(r'<table class="history">.*?</table>', html, re.S).group(0)
    heads = [visible_text(h) for h in re.findall(r'<th scope="col">.*?</th>', table, re.S)]
    assert heads == [
        "From",
        "Until",
        "Input per 1M input tokens",
        "Output per 1M output tokens",
        "Input (prompts above 200K tokens) per 1M input tokens",
        "Source",
        "Note",
    ]
    rows = [visible_text(r) for r in re.findall(r"<tr class=.*?</tr>", table, re.S)]
    assert rows == [
        "2026-01-01 2026-03-01 $2.00 $12.00 — source: prices from 2026-01-01 until 2026-03-01 The launch price.",
        "2026-03-01 current 2027-01-15 $1.25 $10.00 $2.50 source: prices from 2026-03-01 until 2027-01-15",
        "2027-01-15 scheduled — $1.00 $8.00 $2.00 source: prices from 2027-01-15 Cheaper from mid-January.",
    ]
    assert re.findall(r'<tr class="(\w+)">', table) == ["past", "current", "scheduled"]
    sources = re.findall(r'<a href="([^"]+)" rel="nofollow noopener noreferrer">source', table)
    assert sources == [
        "https://openai.example/archive/2026-01",
        "https://openai.com/api/pricing/",
        "https://openai.example/news/gpt-test-prices",
    ]
    assert "The same in every period: Cached input $0.125 per 1M cached input tokens." in visible_text(html)


def test_the_scheduled_change_is_announced_above_the_prices(outputs: dict[str, str]) -> None:
    pricing = section(page(outputs), "pricing")
    notice = re.search(r'<div class="notice notice-scheduled">.*?</div>', pricing, re.S)
    assert notice and pricing.index("notice-scheduled") < pricing.index('<table class="prices">')
    assert visible_text(notice.group(0)) == (
        "Price change scheduled. From 2027-01-15: Input $1.00 per 1M input tokens (was $1.25); "
        "Output $8.00 per 1M output tokens (was $10.00); "
        "Input (prompts above 200K tokens) $2.00 per 1M input tokens (was $2.50). "
        "Announcement (Cheaper from mid-January.)"
    )
    assert '<time datetime="2027-01-15">' in notice.group(0)
    assert '<a href="https://openai.example/news/gpt-test-prices"' in notice.group(0)
    assert "notice-scheduled" not in page(outputs, "openai/embed-test")


def test_the_twin_has_the_notice_the_history_table_and_the_changes_pointer(outputs: dict[str, str]) -> None:
    text = twin(outputs)
    pricing = text.split("## Pricing\n\n", 1)[1].split("\n## ", 1)[0]
    assert pricing.startswith(
        "**Price change scheduled.** From 2027-01-15: Input $1.00 per 1M input tokens (was $1.25); "
        "Output $8.00 per 1M output tokens (was $10.00); "
        "Input (prompts above 200K tokens) $2.00 per 1M input tokens (was $2.50). "
        "[Announcement](https://openai.example/news/gpt-test-prices) (Cheaper from mid-January.)\n"
    )
    assert pricing.rstrip().endswith(
        "Price changes of every model: <https://catalog.example.test/gateway/changes/>. This model's price history is below."
    )
    table = text.split("## Price history\n\n", 1)[1].split("\n## ", 1)[0].splitlines()
    assert table[2:7] == [
        "| From | Until | Input (per 1M input tokens) | Output (per 1M output tokens) "
        "| Input (prompts above 200K tokens) (per 1M input tokens) | Source | Note |",
        "|---|---|---|---|---|---|---|",
        "| 2026-01-01 | 2026-03-01 | $2.00 | $12.00 | — | [source](https://openai.example/archive/2026-01) | The launch price. |",
        "| 2026-03-01 (current) | 2027-01-15 | $1.25 | $10.00 | $2.50 | [source](https://openai.com/api/pricing/) |  |",
        "| 2027-01-15 (scheduled) | — | $1.00 | $8.00 | $2.00 "
        "| [source](https://openai.example/news/gpt-test-prices) | Cheaper from mid-January. |",
    ]
    assert table[-1] == "The same in every period: Cached input $0.125 per 1M cached input tokens."
    assert text.index("## Offers") < text.index("## Price history") < text.index("## Features")


def test_every_twin_points_to_the_changes_page_and_only_a_model_with_history_has_the_table(
    outputs: dict[str, str],
) -> None:
    twins = {p: t for p, t in outputs.items() if p.startswith("models/") and p.endswith("/index.md")}
    assert len(twins) >= 8
    for path, text in twins.items():
        pricing = text.split("## Pricing\n\n", 1)[1].split("\n## ", 1)[0]
        assert "Price changes of every model: <https://catalog.example.test/gateway/changes/>." in pricing, path
    assert [p for p, t in twins.items() if "## Price history" in t] == [urls.model_markdown(SLUG)]


def test_the_site_url_of_the_pointer_is_the_fixture_site(outputs: dict[str, str]) -> None:
    """The pointer is absolute (a twin reads the same inside llms-full.txt)."""
    assert "https://catalog.example.test/gateway/" in twin(outputs, "openai/embed-test")
    assert (
        "Price changes of every model: <https://catalog.example.test/gateway/changes/>." in outputs[urls.LLMS_FULL_TXT]
    )


# ---------------------------------------------------------------- the view data, on records


def _euro_model(price_date: dt.date) -> Model:
    prices = [{"unit": "per_1m_input_tokens", "amount": Decimal("0.40")}]
    data = valid_chat_model(
        currency="EUR",
        pricing=[{"unit": "per_1m_input_tokens", "amount": Decimal("0.30")}],
        price_history=[{"until": "2025-06-01", "pricing": prices, "price_source": "https://acme.example/old"}],
    )
    return model_from_data("acme/chat", data, price_date=price_date)


def test_an_open_start_gets_room_on_the_left_and_amounts_keep_their_currency() -> None:
    model = _euro_model(dt.date(2026, 5, 1))
    view = history.price_history(model)
    assert view is not None
    first, last = history.day_domain(model.periods)
    assert (first, last) == (dt.date(2025, 5, 18), dt.date(2025, 6, 15))  # two weeks each side of the one day
    (chart,) = view.charts
    assert [s.x1 for s in chart.steps] == ["64.0", "205.0"] and chart.steps[1].x2 == "346.0"
    assert [v.text for v in chart.values] == ["€0.40", "€0.30", "€0.00"]
    assert [d.text for d in chart.dates] == ["2025-06-01"]
    assert [r.start for r in view.rows] == ["", "2025-06-01"] and [r.prices for r in view.rows] == [
        ("€0.40",),
        ("€0.30",),
    ]
    assert history.scheduled_changes(model) == ()


def test_a_model_with_one_price_list_has_no_history() -> None:
    model = model_from_data("acme/chat", valid_chat_model())
    assert history.price_history(model) is None and history.scheduled_changes(model) == ()


def test_when_prices_only_ended_each_ended_price_gets_its_chart() -> None:
    base = [{"unit": "per_1m_input_tokens", "amount": Decimal("3")}]
    tier = {"unit": "per_1m_input_tokens", "amount": Decimal("6"), "above_tokens": 200000}
    data = valid_chat_model(
        context_window=200000,
        pricing=base,
        price_history=[
            {
                "until": "2026-04-30",
                "context_window": 1000000,
                "pricing": [*base, tier],
                "price_source": "https://acme.example/old",
            }
        ],
    )
    view = history.price_history(model_from_data("acme/chat", data, price_date=dt.date(2026, 12, 2)))
    assert view is not None
    (chart,) = view.charts  # the long-context tier; the base price never moved and is not drawn
    assert len(chart.steps) == 1 and [d.text for d in chart.dates] == ["2026-04-30"]
    assert [c.label for c in view.components] == ["Input (prompts above 200K tokens)"]
