"""/pricing/ as price tables per kind: one table per kind of model, a row per model and a
column per price component the kind uses, the standard prices on /pricing/ and each service
tier's on its own page, paged at scale like the other listings; prices.csv unchanged.

On the fixture (tests/fixtures/site_catalog): gpt-test (three offers; the cheapest, hostco@us,
has only input and output) and euro-tiers (EUR, every pricing feature) are chat; dreamina is
an image model, embed-test embeddings, tts-test text to speech, whisper-test and listen-free
speech to text (per minute, per second), seedance video by resolution."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from support.paths import GOLDEN_SITE, SITE_CATALOG
from support.sites import fixture_pages, render_in_memory, site_index, visible_text
from support.synthetic import make_catalog

from generator.catalog.records import Price
from generator.catalog.registry import KINDS
from generator.render import paging, pricelist, urls
from generator.render.pricetables import MAX_PRICE_COLUMNS, choose_columns, row_cells

TABLE = re.compile(r'<h2 id="(prices-[^"]+)">(.*?)</h2>.*?<thead>(.*?)</thead>\s*<tbody>(.*?)</tbody>', re.S)


def page(path: str = "pricing/index.html") -> str:
    return fixture_pages()[path].decode("utf-8")


def tables(html: str) -> dict[str, tuple[list[str], list[str]]]:
    """anchor -> (the header texts, the visible text of each row)."""
    found = {}
    for anchor, _, head, body in TABLE.findall(html):
        headers = [visible_text(h) for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", head, re.S)]
        found[anchor] = (headers, [visible_text(r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)])
    return found


def cells(html: str, anchor: str, model: str) -> list[str]:
    """The raw <td> tags of one model's row: '<td class="price" data-value="0.030">$0.030</td>'."""
    body = dict((a, b) for a, _, _, b in TABLE.findall(html))[anchor]
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", body, re.S) if f'data-value="{model}"' in r)
    return [re.sub(r"\s+", " ", c) for c in re.findall(r"<td.*?</td>", row, re.S)]


# ---------------------------------------------------------------- the tables and their columns


def test_one_table_per_kind_in_registry_order_with_a_contents_line() -> None:
    html = page()
    anchors = [a for a, *_ in TABLE.findall(html)]
    assert anchors == [
        "prices-chat",
        "prices-image-generation",
        "prices-embeddings",
        "prices-text-to-speech",
        "prices-speech-to-text",
        "prices-video-generation",
    ]
    toc = html.split('<nav class="pricing-toc" aria-label="Kinds of model">', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="([^"]+)">', toc) == [f"./#{a}" for a in anchors]
    assert visible_text(toc) == (
        "Chat 2 Image generation 1 Embeddings 1 Text to speech 1 Speech to text 2 Video generation 1"
    )


def test_each_table_has_a_column_per_price_component_of_its_kind() -> None:
    headers = {anchor: head for anchor, (head, _) in tables(page()).items()}
    assert headers == {
        "prices-chat": [
            "Model",
            "Input",
            "Output",
            "Cached input",
            "Cache write 5-minute",
            "Cache write 1-hour",
            "Image input",
            "Input > 200K",  # the one context tier of the table: named in the header
            "Cache write > 200K 1-hour",
            "More",  # reasoning, image output, web search and the time-of-day prices are on the model page
        ],
        "prices-image-generation": ["Model", "Per image"],
        "prices-embeddings": ["Model", "Input"],
        "prices-text-to-speech": ["Model", "Per 1M characters"],
        "prices-speech-to-text": ["Model", "Per minute", "Per second"],
        "prices-video-generation": ["Model", "480p per second", "720p per second", "1080p per second", "4k per second"],
    }
    assert "Token prices are per 1M tokens" in visible_text(page())


def test_cells_hold_exact_amounts_and_a_dash_where_a_model_has_no_such_price() -> None:
    html = page()
    assert cells(html, "prices-video-generation", "Seedance 2.0") == [
        '<td class="price" data-value="0.1346">$0.1346</td>',
        '<td class="price" data-value="0.3034">$0.3034</td>',
        '<td class="price" data-value="0.682">$0.682</td>',
        '<td class="price" data-value="1.5552">$1.5552</td>',
    ]
    missing = '<td class="price none" data-value="">—<span class="visually-hidden">no such price</span></td>'
    assert cells(html, "prices-speech-to-text", "Whisper Test") == [
        '<td class="price" data-value="0.006">$0.006</td>',
        missing,
    ]
    assert cells(html, "prices-speech-to-text", "Listen Free") == [
        missing,
        '<td class="price" data-value="0">$0.00</td>',
    ]
    assert cells(html, "prices-image-generation", "Bytedance Dreamina V3.1 Text To Image") == [
        '<td class="price" data-value="0.030">$0.030</td>'
    ]
    assert cells(html, "prices-text-to-speech", "TTS Test") == ['<td class="price" data-value="15.000">$15.000</td>']
    euro = cells(html, "prices-chat", "Euro Tiers")
    assert euro[0] == '<td class="price" data-value="2.00" data-currency="EUR">€2.00</td>'
    assert [re.sub(r"<[^>]+>", "", c) for c in euro] == [
        "€2.00", "€8.00", "€0.20", "€2.50", "€4.00", "€2.50", "€3.00", "€6.00", "5 more prices of Euro Tiers"
    ]  # fmt: skip
    assert euro[-1] == (
        '<td class="more" data-value="5"><a href="../models/acme/euro-tiers/#pricing">5 more'
        '<span class="visually-hidden"> prices of Euro Tiers</span></a></td>'
    )


def test_a_model_with_several_offers_shows_its_cheapest_offer_from_and_links_its_offers() -> None:
    html = page()
    gpt = cells(html, "prices-chat", "GPT Test")
    assert gpt[:2] == [
        '<td class="price" data-value="1.10">from $1.10</td>',
        '<td class="price" data-value="9.00">from $9.00</td>',
    ]
    assert all("none" in c for c in gpt[2:-1])  # hostco@us has no cached or long-context price
    assert gpt[-1] == '<td class="more" data-value="">—</td>'
    row = next(r for r in tables(html)["prices-chat"][1] if r.startswith("GPT Test"))
    assert row.startswith("GPT Test OpenAI · via HostCo Cloud (us) · 3 offers from $1.10")
    assert '<a href="../models/openai/gpt-test/#offers">3 offers</a>' in html


def test_columns_sort_by_exact_decimals_within_a_currency() -> None:
    html = page()
    heads = re.findall(r'<th scope="col" data-sort="(\w+)"', html)
    assert heads.count("text") == 6 and set(heads) == {"text", "number"}  # every column sorts; Model by name
    assert html.count('<table class="price-table kind-prices" data-sortable>') == 6
    assert 'data-currency="USD"' not in html  # the default currency is left out: it sorts first


# ---------------------------------------------------------------- the service tiers


def test_each_service_tier_has_its_own_complete_page() -> None:
    assert {p for p in fixture_pages() if p.startswith("pricing/")} == {
        "pricing/index.html",
        "pricing/batch/index.html",
        "pricing/flex/index.html",
        urls.PRICING_CSV,
    }
    batch = page("pricing/batch/index.html")
    assert tables(batch) == {
        "prices-chat": (["Model", "Input", "Output"], ["Euro Tiers Acme <Labs> & Co €1.00 €4.00"]),
    }
    flex = tables(page("pricing/flex/index.html"))["prices-chat"]
    assert flex == (["Model", "Input", "Output"], ["Euro Tiers Acme <Labs> & Co €1.20 €4.80"])
    assert "<title>Pricing: Batch prices · " in batch
    assert "Batch prices of the 1 model sold in this tier." in visible_text(batch)


@pytest.mark.parametrize(
    ("path", "current", "hrefs"),
    [
        ("pricing/index.html", "", ["./", "batch/", "flex/"]),
        ("pricing/batch/index.html", "batch", ["../", "./", "../flex/"]),
        ("pricing/flex/index.html", "flex", ["../", "../batch/", "./"]),
    ],
)
def test_the_tier_switch_links_every_tier_page_and_marks_its_own(path: str, current: str, hrefs: list[str]) -> None:
    html = page(path)
    switch = html.split('<nav class="tier-switch" aria-label="Service tier" data-tier-switch>', 1)[1]
    links = re.findall(
        r'<a href="([^"]*)" data-tier="([^"]*)"( aria-current="page")?>([^<]+)</a>', switch.split("</nav>")[0]
    )
    assert [(tier, label) for _, tier, _, label in links] == [("", "Standard"), ("batch", "Batch"), ("flex", "Flex")]
    assert [tier for _, tier, mark, _ in links if mark] == [current]
    assert [href for href, *_ in links] == hrefs
    assert '<div id="price-tables">' in html  # what the switch swaps with JavaScript


def test_a_catalog_without_service_tiers_has_no_switch_and_no_tier_pages(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    (catalog / "models" / "acme" / "euro-tiers.yaml").unlink()
    outputs = render_in_memory(catalog)
    assert {p for p in outputs if p.startswith("pricing/")} == {"pricing/index.html", urls.PRICING_CSV}
    assert "tier-switch" not in outputs["pricing/index.html"].decode()


# ---------------------------------------------------------------- the column rules


def _p(unit: str, amount: str, **conditions: object) -> Price:
    return Price(unit, Decimal(amount), **conditions)  # type: ignore[arg-type]


def test_a_unit_in_many_options_gets_one_column_its_cheapest_option_named() -> None:
    kind = KINDS["image_generation"]
    sized = tuple(
        _p("per_image", f"0.0{i + 1}", size=size, quality=quality)
        for i, (size, quality) in enumerate(
            (s, q) for s in ("1024x1024", "1024x1536") for q in ("low", "medium", "high")
        )
    )
    plain = (_p("per_image", "0.04"),)
    columns = choose_columns(kind, (sized, plain))
    assert [(c.label, c.detail) for c in columns] == [("Per image", "cheapest option")]
    collapsed = frozenset({("per_image", False)})
    shown, more = row_cells(columns, sized, "USD", collapsed)
    assert shown[0] is not None and (shown[0].display, shown[0].note) == ("$0.01", "1024x1024, low") and more == 5
    few = (_p("per_image", "0.02", size="512x512"), _p("per_image", "0.03", size="1024x1024"))
    assert [c.label for c in choose_columns(kind, (few, plain))] == ["Per image", "512x512", "1024x1024"]


def test_a_table_keeps_at_most_eight_price_columns_and_always_the_headline_units() -> None:
    kind = KINDS["chat"]
    rare = tuple(
        _p(unit, "1")
        for unit in (
            "per_1m_cached_input_tokens",
            "per_1m_cache_write_tokens",
            "per_1m_input_audio_tokens",
            "per_1m_output_audio_tokens",
            "per_1m_cache_storage_token_hours",
            "per_1m_input_image_tokens",
            "per_1m_output_image_tokens",
            "per_1m_reasoning_tokens",
            "per_1k_web_searches",
        )
    )
    common = (_p("per_1m_cached_input_tokens", "1"), _p("per_1k_web_searches", "10"))
    lists = ((_p("per_1m_output_tokens", "2"), *rare), (_p("per_1m_input_tokens", "1"), *common))
    columns = choose_columns(kind, lists)
    assert len(columns) == MAX_PRICE_COLUMNS
    assert [c.label for c in columns] == [
        "Input", "Output", "Cached input", "Cache write", "Audio input", "Audio output", "Cache storage", "Web search"
    ]  # fmt: skip  # the headline pair, the two most used, then the kind's unit order


def test_models_priced_alike_each_count_towards_a_column() -> None:
    """choose_columns looks once at lists alike, but counts every model that has them."""
    kind = KINDS["chat"]
    units = (
        "per_1m_cached_input_tokens",
        "per_1m_cache_write_tokens",
        "per_1m_input_audio_tokens",
        "per_1m_output_audio_tokens",
        "per_1m_cache_storage_token_hours",
        "per_1m_input_image_tokens",
    )
    headline = (_p("per_1m_input_tokens", "1"), _p("per_1m_output_tokens", "2"))
    many = (*headline, *(_p(unit, "1") for unit in units))  # 8 columns: the budget
    searches = (*headline, _p("per_1k_web_searches", "10"))
    once = [c.label for c in choose_columns(kind, (many, searches))]
    assert "Web search" not in once and len(once) == MAX_PRICE_COLUMNS  # a tie: the kind's unit order
    twice = [c.label for c in choose_columns(kind, (many, searches, tuple(searches)))]
    assert "Web search" in twice and "Image input" not in twice  # two models price searches, one images


def test_long_context_columns_name_a_shared_threshold_in_the_header_else_in_each_cell() -> None:
    kind = KINDS["chat"]
    base = (_p("per_1m_input_tokens", "1"), _p("per_1m_output_tokens", "2"))
    at_200k = (*base, _p("per_1m_input_tokens", "2", above_tokens=200000))
    tiers = (
        *base,
        _p("per_1m_input_tokens", "3", above_tokens=128000),
        _p("per_1m_input_tokens", "4", above_tokens=32000),
    )
    assert [c.label for c in choose_columns(kind, (at_200k, base))] == ["Input", "Output", "Input > 200K"]
    columns = choose_columns(kind, (at_200k, tiers))
    assert [c.label for c in columns] == ["Input", "Output", "Input, long context"]
    shown, more = row_cells(columns, tiers, "USD", frozenset())
    assert (shown[2].display, shown[2].note, more) == ("$4.00", "> 32K", 1)  # the first tier; the other on its page


def test_time_of_day_prices_and_a_default_cache_lifetime() -> None:
    kind = KINDS["chat"]
    from generator.catalog.records import Window

    prices = (
        _p("per_1m_input_tokens", "1"),
        _p("per_1m_output_tokens", "2"),
        _p("per_1m_cache_write_tokens", "1.25"),  # no cache_ttl: the 5-minute write
        _p("per_1m_input_tokens", "0.5", window=Window("16:30", "00:30")),
    )
    columns = choose_columns(kind, (prices,))
    assert [(c.label, c.detail) for c in columns] == [("Input", ""), ("Output", ""), ("Cache write", "5-minute")]
    assert row_cells(columns, prices, "USD", frozenset())[1] == 1  # the off-peak price: 'More'


# ---------------------------------------------------------------- at scale, and the CSV


def test_the_price_list_is_paged_like_the_other_listings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A synthetic catalog of every shipped kind, 7 rows a page: pricing/page/N/, each kind's
    table with the same columns on every page it spans, the contents line linking the page
    where each kind starts; the tier pages are paged the same way."""
    index = site_index(make_catalog(tmp_path / "catalog", 80, providers=4))
    monkeypatch.setattr(paging, "PAGE_SIZE", 7)
    outputs = {job.path: job.run().decode("utf-8") for job in pricelist.jobs(index) if job.path.endswith(".html")}
    standard = sorted((p for p in outputs if re.fullmatch(r"pricing/(page/\d+/)?index\.html", p)), key=len)
    assert len(standard) == -(-80 // 7) == 12
    rows: list[str] = []
    columns: dict[str, set[tuple[str, ...]]] = {}
    for path in standard:
        found = tables(outputs[path])
        assert 1 <= sum(len(r) for _, r in found.values()) <= 7
        for anchor, (head, body) in found.items():
            columns.setdefault(anchor, set()).add(tuple(h for h in head if h != "More"))
            rows += body
    assert len(rows) == 80 and all(len(c) == 1 for c in columns.values())  # every model once; columns per kind
    first = outputs["pricing/index.html"]
    toc = first.split('aria-label="Kinds of model">', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"#]*)#(prices-[^"]+)">', toc)
    assert [a for _, a in links] == [a for a in columns]  # registry order, as the pages show them
    for href, anchor in links:
        target = "pricing/" + ("" if href == "./" else href) + "index.html"
        assert f'<h2 id="{anchor}">' in outputs[target], (href, anchor)
        earlier = standard[: standard.index(target)]
        assert all(f'<h2 id="{anchor}">' not in outputs[p] for p in earlier)
    assert "pricing/batch/page/2/index.html" in outputs
    assert 'aria-label="Pages of the price list"' in outputs["pricing/batch/index.html"]


def test_prices_csv_is_unchanged_one_row_per_component() -> None:
    assert fixture_pages()[urls.PRICING_CSV] == (GOLDEN_SITE / urls.PRICING_CSV).read_bytes()


def test_page_text_is_escaped_and_deterministic() -> None:
    html = page()
    assert "Acme &lt;Labs&gt; &amp; Co" in html and "<Labs>" not in html
    again = render_in_memory(SITE_CATALOG)["pricing/index.html"].decode("utf-8")
    assert again == html
