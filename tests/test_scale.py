"""Catalog scale: long listings are split into pages that each stay small, every
model appears exactly once across them, and /models/ filters still search every
page (loading the full data on demand)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from test_engine import make_catalog

from generator.build import pipeline
from generator.build.config import Config
from generator.render import layout, urls

pytest_plugins = ["site_fixtures"]
ROW = re.compile(r'<tr data-provider="[^"]*".*?</tr>', re.S)
SMALL_PAGES = 7


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paged")
    catalog = make_catalog(root / "catalog", 30, providers=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "PAGE_SIZE", SMALL_PAGES)
        pipeline.build(Config(catalog=catalog, out=root / "site", cache=root / ".cache", jobs=1))
    return root / "site"


def slugs_on(page: Path) -> list[str]:
    return re.findall(r'<code class="slug">([^<]+)</code>', page.read_text(encoding="utf-8"))


def test_the_model_list_is_split_into_pages_that_hold_every_model_once(paged_site: Path) -> None:
    pages = [paged_site / urls.output_path(urls.page(urls.MODELS, n)) for n in range(1, 6)]
    assert [p.exists() for p in pages] == [True, True, True, True, True]
    assert not (paged_site / urls.output_path(urls.page(urls.MODELS, 6))).exists()
    seen = [slug for page in pages for slug in slugs_on(page)]
    assert all(len(slugs_on(p)) <= SMALL_PAGES for p in pages)
    assert len(seen) == len(set(seen)) == 30
    first = pages[0].read_text(encoding="utf-8")
    assert 'rel="next" data-keep-query' in first and 'aria-current="page"' in first
    assert "Rows 1–7 of 30." in first


@pytest.mark.parametrize("listing", [urls.PRICING, urls.COMPARE, urls.provider("provider-000")])
def test_other_long_listings_are_paginated_too(paged_site: Path, listing: str) -> None:
    assert (paged_site / urls.output_path(urls.page(listing, 2))).exists()


def test_the_sitemap_lists_every_page_of_every_listing(paged_site: Path) -> None:
    sitemap = (paged_site / urls.SITEMAP).read_text(encoding="utf-8")
    for n in range(1, 6):
        assert f"/{urls.page(urls.MODELS, n)}</loc>" in sitemap


def test_listing_pages_stay_under_a_megabyte_at_the_real_page_size(paged_site: Path) -> None:
    """Rows of the biggest tables, times the real page size, plus the page around them."""
    biggest_row = 0
    for path in paged_site.rglob("*.html"):
        rows = ROW.findall(path.read_text(encoding="utf-8"))
        biggest_row = max([biggest_row, *map(len, (r.encode() for r in rows))])
    page_overhead = max(p.stat().st_size for p in paged_site.rglob("*.html"))
    assert biggest_row > 0
    assert layout.PAGE_SIZE * biggest_row * 1.5 + page_overhead < 1_000_000


def test_filters_on_a_paged_list_search_every_page(paged_site: Path, site_browser) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(paged_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = slugs_on(paged_site / urls.output_path(urls.page(urls.MODELS, 4)))[0]
    try:
        page = site_browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{urls.MODELS}")
        assert target not in page.locator("#models tbody").inner_text()
        page.fill("#filter-q", target)
        page.wait_for_function("() => document.getElementById('model-count').textContent.startsWith('Showing 1 of 30')")
        visible = page.locator("#models tbody tr:not([hidden]) code.slug").all_inner_texts()
        assert visible == [target]
        assert page.locator("nav.pager").is_hidden()
        page.fill("#filter-q", "")
        page.wait_for_function("() => document.querySelectorAll('#models tbody tr').length === 7")
        assert page.locator("nav.pager").is_visible()
        page.close()
    finally:
        server.shutdown()
        server.server_close()
