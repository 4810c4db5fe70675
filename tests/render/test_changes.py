"""/changes/ and the price-change feeds (issue 14): the fixture catalog with a known history
(a temporary copy: GPT Test's prices of 2026-02-01 and an output price scheduled for
2026-09-01, Listen Free made free on 2025-11-01), the shipped catalog, a synthetic list long
enough to be paged, and a catalog without any change. Every feed is read with feedparser,
a real parser, as readers do; the new-models feed too."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import feedparser
import pytest
from llms_txt import parse_llms_file
from support.serving import served
from support.sites import BUILD_DATE, SITE_CATALOG, build_site, render_in_memory, site_index, visible_text

from generator.catalog.changes import PriceChange, catalog_changes
from generator.catalog.derive import SiteIndex
from generator.catalog.records import Price, PricePeriod
from generator.render import changes, paging, urls
from generator.render.feed import FEED_LIMIT

PAGE = urls.output_path(urls.CHANGES)
GPT_TEST = """
price_history:
  - from: 2025-10-01
    until: 2026-02-01
    pricing:
      - unit: per_1m_input_tokens
        amount: 2.50
      - unit: per_1m_output_tokens
        amount: 10.00
      - unit: per_1m_input_tokens
        amount: 5.00
        above_tokens: 200000
      - unit: per_1k_web_searches
        amount: 10.00
    price_source: https://web.archive.org/web/20251001000000/https://openai.com/api/pricing/
scheduled_prices:
  - from: 2026-09-01
    pricing:
      - unit: per_1m_input_tokens
        amount: 1.25
      - unit: per_1m_output_tokens
        amount: 15.00
      - unit: per_1m_cached_input_tokens
        amount: 0.125
      - unit: per_1m_input_tokens
        amount: 2.50
        above_tokens: 200000
    announcement: https://openai.com/index/new-prices/
"""
LISTEN_FREE = """
price_history:
  - from: 2025-05-01
    until: 2025-11-01
    pricing:
      - unit: per_second
        amount: 0.006
    price_source: https://acme.example/pricing/2025
"""
EMBED_TEST = """
price_history:
  - until: 2025-01-01
    pricing:
      - unit: per_1m_input_tokens
        amount: 0.10
    price_source: https://openai.com/api/pricing/
"""
HISTORY = {"openai/gpt-test": GPT_TEST, "acme/listen-free": LISTEN_FREE}
ROWS = [
    "2026-09-01 scheduled GPT Test openai/gpt-test OpenAI Chat Output per 1M output tokens $10.00 $15.00 +50% openai.com",
    "2026-02-01 GPT Test openai/gpt-test OpenAI Chat Input per 1M input tokens $2.50 $1.25 −50% openai.com",
    "2026-02-01 GPT Test openai/gpt-test OpenAI Chat Input (prompts above 200K tokens) per 1M input tokens "
    "$5.00 $2.50 −50% openai.com",
    "2026-02-01 GPT Test openai/gpt-test OpenAI Chat Cached input per 1M cached input tokens — $0.125 new openai.com",
    "2026-02-01 GPT Test openai/gpt-test OpenAI Chat Web search per 1,000 web searches $10.00 — removed openai.com",
    "2025-11-01 Listen Free acme/listen-free Acme <Labs> & Co Speech to text Per second per second $0.006 $0.00 −100% "
    "acme.example",
]


def catalog_with(tmp_path: Path, history: dict[str, str]) -> Path:
    """A copy of the fixture catalog whose models in `history` get those YAML lines appended."""
    catalog = tmp_path / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    for slug, lines in history.items():
        record = catalog / "models" / f"{slug}.yaml"
        record.write_text(record.read_text("utf-8").rstrip("\n") + "\n" + lines, "utf-8")
    return catalog


@pytest.fixture(scope="module")
def history_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return catalog_with(tmp_path_factory.mktemp("history"), HISTORY)


@pytest.fixture(scope="module")
def outputs(history_catalog: Path) -> dict[str, bytes]:
    return render_in_memory(history_catalog)


def page_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [visible_text(row) for row in re.findall(r"<tr\b.*?</tr>", body, re.S)]


def row_tags(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr\b[^>]*>", body)


def parse(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def ids(feed: feedparser.FeedParserDict) -> list[str]:
    return [e.id for e in feed.entries]


# ---------------------------------------------------------------- the page


def test_the_page_lists_every_change_newest_first_with_old_new_and_percent(outputs: dict[str, bytes]) -> None:
    html = outputs[PAGE].decode()
    assert page_rows(html) == ROWS
    assert "Showing all 6 changes." in html and "1 announced change has not taken effect yet" in html


def test_each_row_carries_what_the_filters_read(outputs: dict[str, bytes]) -> None:
    tags = row_tags(outputs[PAGE].decode())
    found = [re.findall(r'data-(provider|kind|direction)="([^"]*)"', tag) for tag in tags]
    assert [dict(f) for f in found] == [
        {"provider": "openai", "kind": "chat", "direction": "up"},
        {"provider": "openai", "kind": "chat", "direction": "down"},
        {"provider": "openai", "kind": "chat", "direction": "down"},
        {"provider": "openai", "kind": "chat", "direction": "added"},
        {"provider": "openai", "kind": "chat", "direction": "removed"},
        {"provider": "acme", "kind": "speech_to_text", "direction": "down"},
    ]
    assert ["data-scheduled" in tag for tag in tags] == [True, False, False, False, False, False]


def test_the_filters_offer_what_the_list_holds(outputs: dict[str, bytes]) -> None:
    form = re.search(r'<form class="filters" id="change-filters".*?</form>', outputs[PAGE].decode(), re.S).group(0)
    options: dict[str, list[str]] = {}
    for name, expected in {
        "provider": ["acme", "openai"],
        "kind": ["chat", "speech_to_text"],
        "direction": ["down", "up", "added", "removed"],
    }.items():
        select = re.search(rf'<select id="filter-{name}".*?</select>', form, re.S).group(0)
        options[name] = re.findall(r'<option value="([^"]+)"', select)
        assert options[name] == expected, name
    assert form.endswith("</form>") and " hidden>" in form.split("\n", 1)[0]  # shown by the script only
    assert "data-all" not in form  # one page: nothing to fetch


def test_a_model_day_is_one_anchor_on_the_page(outputs: dict[str, bytes]) -> None:
    anchors = re.findall(r'<tr id="([^"]+)"', outputs[PAGE].decode())
    assert anchors == ["openai/gpt-test/2026-09-01", "openai/gpt-test/2026-02-01", "acme/listen-free/2025-11-01"]


def test_the_page_and_provider_pages_link_their_feeds(outputs: dict[str, bytes]) -> None:
    head = outputs[PAGE].decode().split("</head>", 1)[0]
    assert '<link rel="alternate" type="application/atom+xml" title="AIgateway: price changes" href="feed.xml">' in head
    provider = outputs[urls.output_path(urls.provider("acme"))].decode().split("</head>", 1)[0]
    assert 'type="application/atom+xml"' in provider and 'href="changes.xml"' in provider
    for path in (urls.CHANGES_FEED, urls.provider_changes_feed("acme")):
        assert path in outputs
    home = outputs[urls.output_path(urls.HOME)].decode()
    assert '<a href="changes/">Price changes</a>' in home and '<a href="changes/feed.xml">' in home


def test_the_page_says_so_when_nothing_changed() -> None:
    html = render_in_memory(SITE_CATALOG)[PAGE].decode()
    assert "No price change yet" in html and "<table" not in html.split("<main", 1)[1]
    assert 'href="feed.xml"' in html


def paged_index(index: SiteIndex, periods: int) -> SiteIndex:
    """`index` with GPT Test's price changed every day `periods - 1` times, input and output each time."""
    start = dt.date(2020, 1, 1)

    def period(n: int) -> PricePeriod:
        amount = Decimal(1 + n % 2)
        pricing = (Price("per_1m_input_tokens", amount), Price("per_1m_output_tokens", amount * 4))
        day = start + dt.timedelta(days=n)
        return PricePeriod(day, day + dt.timedelta(days=1) if n < periods - 1 else None, pricing, f"https://x.test/{n}")

    many = tuple(period(n) for n in range(periods))
    models = tuple(
        replace(m, periods=many, current=periods - 1, pricing=many[-1].pricing) if m.slug == "openai/gpt-test" else m
        for m in index.models
    )
    return replace(index, models=models)


def test_a_long_list_is_paged_like_the_other_listings() -> None:
    index = paged_index(site_index(SITE_CATALOG, BUILD_DATE), 300)
    total = 299 * 2
    assert total > paging.PAGE_SIZE
    made = {job.path: job.run() for job in changes.jobs(index)}
    first, second = made[PAGE].decode(), made[urls.output_path(urls.page(urls.CHANGES, 2))].decode()
    assert len(page_rows(first)) == paging.PAGE_SIZE and len(page_rows(second)) == total - paging.PAGE_SIZE
    assert urls.output_path(urls.page(urls.CHANGES, 3)) not in made
    days = [re.search(r"\d{4}-\d{2}-\d{2}", row).group(0) for row in page_rows(first) + page_rows(second)]
    assert days == sorted(days, reverse=True) and days[0] == "2020-10-26" and days[-1] == "2020-01-02"
    assert 'href="page/2/" rel="next"' in first and f"Showing changes 1–500 of {total}" in first
    assert 'data-all="' in first.split('id="change-filters"', 1)[1].split(">", 1)[0]
    assert "<title>Price changes (page 2 of 2) ·" in second
    assert len(parse(made[urls.CHANGES_FEED]).entries) == FEED_LIMIT  # one entry a day, the newest


@pytest.mark.browser
def test_the_script_filters_every_page_of_a_paged_list(
    history_catalog: Path, tmp_path: Path, site_browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two rows a page (three pages): the filters search every page, and a filtered address restores them."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    build_site(history_catalog, tmp_path / "site", build_date=BUILD_DATE)
    count = "() => document.getElementById('change-count').textContent"
    with served(tmp_path / "site") as url:
        page = site_browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + urls.CHANGES)
        assert page.locator("#change-filters").is_visible() and page.locator("#changes tbody tr").count() == 2
        page.select_option("#filter-provider", "acme")
        page.wait_for_function(f"{count}.startsWith('Showing 1 of 6 changes')")
        visible = page.locator("#changes tbody tr:not([hidden]) code.slug").all_inner_texts()
        assert visible == ["acme/listen-free"] and page.locator("nav.pager").is_hidden()
        page.select_option("#filter-provider", "")
        page.select_option("#filter-direction", "down")
        page.wait_for_function(f"{count} === 'Showing 3 of 6 changes.'")
        assert "direction=down" in page.url
        page.goto(url + urls.CHANGES + "?direction=added")
        page.wait_for_function(f"{count} === 'Showing 1 of 6 changes.'")
        cells = page.locator("#changes tbody tr:not([hidden]) td").all_inner_texts()
        assert cells[3:7] == ["Cached input\nper 1M cached input tokens", "—", "$0.125", "new"]
        page.close()
        assert errors == []


# ---------------------------------------------------------------- the feeds


def test_the_catalog_feed_is_atom_with_an_entry_per_model_and_day(outputs: dict[str, bytes]) -> None:
    feed = parse(outputs[urls.CHANGES_FEED])
    assert feed.feed.title == "AIgateway: price changes"
    assert feed.feed.updated == "2026-09-01T00:00:00Z"  # the newest entry's day, scheduled as it is
    base = site_index(SITE_CATALOG).catalog.site.url
    assert ids(feed) == [
        f"{base}changes/#openai/gpt-test/2026-09-01",
        f"{base}changes/#openai/gpt-test/2026-02-01",
        f"{base}changes/#acme/listen-free/2025-11-01",
    ]
    assert [e.updated for e in feed.entries] == ["2026-09-01T00:00:00Z", "2026-02-01T00:00:00Z", "2025-11-01T00:00:00Z"]
    scheduled, cut, free = feed.entries
    assert scheduled.title == "GPT Test: Output +50% from 2026-09-01 (scheduled)"
    assert [t.term for t in scheduled.tags] == ["chat", "scheduled"]
    assert cut.title == (
        "GPT Test: Input −50%, Input (prompts above 200K tokens) −50%, Cached input new and 1 more on 2026-02-01"
    )
    assert cut.summary == (
        "GPT Test (OpenAI), from 2026-02-01: Input $2.50 → $1.25 per 1M input tokens (−50%); "
        "Input (prompts above 200K tokens) $5.00 → $2.50 per 1M input tokens (−50%); "
        "Cached input new at $0.125 per 1M cached input tokens; "
        "Web search removed (was $10.00 per 1,000 web searches). Source: https://openai.com/api/pricing/"
    )
    assert cut.link == f"{base}models/openai/gpt-test/" and free.author == "Acme <Labs> & Co"
    assert {link.rel: link.href for link in scheduled.links}["related"] == "https://openai.com/index/new-prices/"


def test_a_provider_feed_holds_its_own_changes(outputs: dict[str, bytes]) -> None:
    feed = parse(outputs[urls.provider_changes_feed("acme")])
    assert feed.feed.title == "AIgateway: Acme <Labs> & Co price changes"
    assert [e.title for e in feed.entries] == ["Listen Free: Per second −100% on 2025-11-01"]
    assert feed.feed.updated == "2025-11-01T00:00:00Z"
    openai = parse(outputs[urls.provider_changes_feed("openai")])
    assert ids(openai) == ids(parse(outputs[urls.CHANGES_FEED]))[:2]  # an entry's id is the same in every feed


def test_a_provider_without_a_change_has_an_empty_feed_dated_by_the_build(outputs: dict[str, bytes]) -> None:
    feed = parse(outputs[urls.provider_changes_feed("bytedance")])
    assert feed.entries == [] and feed.feed.updated == f"{BUILD_DATE.isoformat()}T00:00:00Z"


def test_entry_ids_are_unique_and_stable(tmp_path: Path, outputs: dict[str, bytes], history_catalog: Path) -> None:
    again = render_in_memory(history_catalog)
    for path in (PAGE, urls.CHANGES_FEED, urls.provider_changes_feed("openai")):
        assert again[path] == outputs[path]
    before = parse(outputs[urls.CHANGES_FEED])
    grown = catalog_with(tmp_path, {**HISTORY, "openai/embed-test": EMBED_TEST})
    after = parse(render_in_memory(grown)[urls.CHANGES_FEED])
    assert len(set(ids(after))) == len(ids(after)) == len(ids(before)) + 1
    kept = {e.id: e.title for e in after.entries}
    assert {e.id: e.title for e in before.entries}.items() <= kept.items()
    assert [e.title for e in after.entries if e.id not in ids(before)] == ["Embed Test: Input −80% on 2025-01-01"]


def test_a_catalog_without_changes_has_an_empty_catalog_feed() -> None:
    feed = parse(render_in_memory(SITE_CATALOG)[urls.CHANGES_FEED])
    assert feed.entries == [] and feed.feed.updated == f"{BUILD_DATE.isoformat()}T00:00:00Z"


def test_percent_words() -> None:
    price = Price("per_1m_input_tokens", Decimal("2"))

    def change(old: str | None, new: str | None) -> PriceChange:
        amounts = (Decimal(old) if old else None, Decimal(new) if new else None)
        return PriceChange("a/b", "a", "chat", dt.date(2026, 1, 1), price, *amounts, "USD", "https://x.test/", False)

    cases = {("0", "2"): "from free", ("3", "2"): "−33.3%", ("2", "3"): "+50%", ("0.10", "0.020"): "−80%"}
    assert {k: changes.percent_text(change(*k)) for k in cases} == cases
    assert (changes.percent_text(change(None, "2")), changes.percent_text(change("2", None))) == ("new", "removed")


# ---------------------------------------------------------------- llms.txt and the shipped catalog


def test_llms_txt_points_at_the_changes_feed_and_page(outputs: dict[str, bytes]) -> None:
    sections = parse_llms_file(outputs[urls.LLMS_TXT].decode()).sections
    site_url = site_index(SITE_CATALOG).catalog.site.url
    (item,) = [i for i in sections["Optional"] if i["url"] == site_url + urls.CHANGES_FEED]
    assert item["title"] == "Price changes feed" and site_url + urls.CHANGES in item["desc"]


@pytest.mark.real_catalog
def test_the_shipped_catalog_lists_every_change(site_dir: Path, index: SiteIndex) -> None:
    known = catalog_changes(index.models)
    assert len(known) > 20
    html = (site_dir / PAGE).read_text("utf-8")
    rows = page_rows(html)
    assert len(rows) == len(known) and all(re.search(r"[−+]\d|new|removed|from free", row) for row in rows)
    feed = parse((site_dir / urls.CHANGES_FEED).read_bytes())
    assert len(feed.entries) == len({(c.slug, c.day) for c in known}) and len(set(ids(feed))) == len(feed.entries)
    days = [e.updated for e in feed.entries]
    assert days == sorted(days, reverse=True) and feed.feed.updated == days[0]
    for provider in index.catalog.providers:
        parse((site_dir / urls.provider_changes_feed(provider)).read_bytes())


@pytest.mark.real_catalog
def test_the_new_models_feed_parses_as_atom(site_dir: Path, index: SiteIndex) -> None:
    feed = parse((site_dir / urls.FEED).read_bytes())
    assert len(feed.entries) == min(len(index.models), FEED_LIMIT) and len(set(ids(feed))) == len(feed.entries)
    assert all(e.title and e.summary and e.link.startswith(index.catalog.site.url) for e in feed.entries)
