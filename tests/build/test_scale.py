"""Catalog scale: long listings are split into pages that each stay small and every
model appears exactly once across them (that /models/ filters still search every page
is tested in the browser: tests/site/test_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.sites import SMALL_PAGES, slugs_on

from generator.render import paging, urls

ROW = re.compile(r'<tr data-provider="[^"]*".*?</tr>', re.S)


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
    assert paging.PAGE_SIZE * biggest_row * 1.5 + page_overhead < 1_000_000
