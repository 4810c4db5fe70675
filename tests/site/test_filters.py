"""The filters of a paged /models/ in a real browser: they read the listing's filter index
and only the row files that hold matching rows (generator/render/filterindex.py), and show
the same rows, in the same order, with the same count, as reading every page did (which
the same page does still when its form names no index)."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import urlsplit

import orjson
import pytest
from support.serving import served
from support.sites import build_site
from support.synthetic import make_catalog

from generator.render import filterindex, listings, paging, urls

pytestmark = pytest.mark.browser

PAGE = 7  # 30 models make five pages
FILE = 4  # rows per row file
FILTERS = {
    "provider": ("#filter-provider", "provider-001"),
    "kind": ("#filter-kind", "chat"),
    "search": ("#filter-q", "claude"),
    "capability": ("#filter-capability", "vision"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("filters")
    catalog = make_catalog(root / "catalog", 30, providers=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PAGE_SIZE", PAGE)
        patch.setattr(filterindex, "ROWS_PER_FILE", FILE)
        build_site(catalog, root / "site", cache=root / ".cache")
    with served(root / "site") as url:
        yield url


def without_index(route) -> None:
    """/models/ as it was before the filter index: its form names every page only."""
    response = route.fetch()
    body = re.sub(r' data-index="[^"]*" data-first="\d+"', "", response.text())
    route.fulfill(response=response, body=body)


def filtered(browser, url: str, field: str, value: str, *, old: bool = False, path: str = urls.MODELS):
    """The visible rows' slugs, the count line and the site's files fetched once the filter is set."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    if old:
        page.route(re.compile(r".*/models/(page/\d+/)?$"), without_index)
    page.goto(url + path)
    page.wait_for_load_state("networkidle")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path.lstrip("/")))  # the browser's favicon too
    if field == "#filter-q":
        page.fill(field, value)
    else:
        page.select_option(field, value)
    page.wait_for_function("() => document.getElementById('model-count').textContent.startsWith('Showing')")
    page.wait_for_load_state("networkidle")
    slugs = page.locator("#models tbody tr:not([hidden]) code.slug").all_inner_texts()
    count = page.locator("#model-count").inner_text()
    hidden = page.locator("nav.pager").is_hidden()
    page.close()
    assert not errors, errors
    return slugs, count, hidden, [p for p in fetched if not p.startswith(urls.ASSETS)]


def index_data(url: str) -> tuple[dict, list[dict[str, str]]]:
    with urllib.request.urlopen(url + urls.filter_index(urls.MODELS)) as response:
        raw = response.read()
    return orjson.loads(raw), filterindex.decode(raw)


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_a_filter_shows_what_reading_every_page_showed(site: str, site_browser, name: str) -> None:
    field, value = FILTERS[name]
    new = filtered(site_browser, site, field, value)
    old = filtered(site_browser, site, field, value, old=True)
    assert new[:3] == old[:3]
    slugs, count, pager_hidden, _ = new
    assert slugs and re.fullmatch(rf"Showing {len(slugs)} of 30 models\.", count)
    assert pager_hidden
    assert any(p.startswith(urls.MODELS + "page/") for p in old[3])  # the old way read the other pages


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_a_filter_fetches_the_index_and_only_files_that_hold_its_missing_rows(
    site: str, site_browser, name: str
) -> None:
    field, value = FILTERS[name]
    slugs, _, _, fetched = filtered(site_browser, site, field, value)
    data, decoded = index_data(site)
    width = len(data["fields"])
    assert fetched.count(urls.filter_index(urls.MODELS)) == 1
    row_files = [p for p in fetched if p != urls.filter_index(urls.MODELS)]
    assert not [p for p in row_files if not p.startswith(urls.FILTERS)], fetched  # no page of the list
    assert len(set(row_files)) == len(row_files)  # each once
    wanted = {at for at, d in enumerate(decoded) if _slug_of(d) in slugs and at >= PAGE}  # not on this page
    choices = [_files_of(data, width, wanted, o) for o in range(len(listings.MODEL_ORDERS))]
    assert set(row_files) in choices  # the files of one order that hold them, and no other
    assert len(row_files) < 2 * -(-30 // FILE) / 2  # fewer than half of them


def _slug_of(values: dict[str, str]) -> str:
    return next(word for word in values["search"].split() if word.startswith(values["provider"] + "/"))


def _files_of(data: dict, width: int, positions: set[int], o: int) -> set[str]:
    """The row files of order `o` that hold one of `positions`."""
    order = listings.MODEL_ORDERS[o]
    return {urls.filter_rows(urls.MODELS, order, data["rows"][at][width + o] + 1) for at in positions}


def test_a_provider_filter_reads_one_or_two_row_files(site: str, site_browser) -> None:
    slugs, _, _, fetched = filtered(site_browser, site, "#filter-provider", "provider-002")
    assert len(slugs) == 10
    row_files = [p for p in fetched if p.startswith(urls.FILTERS) and not p.endswith("index.json")]
    assert all("/provider-" in p for p in row_files) and 1 <= len(row_files) <= 3  # 10 rows, 7 on this page or not


def test_on_a_later_page_its_own_rows_are_kept_and_clearing_brings_the_page_back(site: str, site_browser) -> None:
    path = urls.page(urls.MODELS, 3)
    new = filtered(site_browser, site, "#filter-kind", "chat", path=path)
    old = filtered(site_browser, site, "#filter-kind", "chat", old=True, path=path)
    assert new[:3] == old[:3]
    page = site_browser.new_page()
    page.goto(site + path + "?kind=chat")
    page.wait_for_function("() => document.getElementById('model-count').textContent.startsWith('Showing')")
    assert page.locator("#models tbody tr").count() == len(new[0])  # only the matching rows
    links = page.locator("#models tbody tr a").evaluate_all("links => links.map(a => a.href)")
    assert links and all(link.startswith(site + urls.MODELS) for link in links)
    page.select_option("#filter-kind", "")
    page.wait_for_function("() => document.querySelectorAll('#models tbody tr').length === 7")
    assert page.locator("nav.pager").is_visible()
    assert page.locator("#model-count").inner_text().startswith("Showing models 15–21 of 30")
    page.close()


def test_sorting_holds_while_the_filter_changes(site: str, site_browser) -> None:
    page = site_browser.new_page()
    page.goto(site + urls.MODELS + "?kind=chat")
    page.wait_for_function("() => document.getElementById('model-count').textContent.startsWith('Showing')")
    page.locator("button.sort", has_text="Price").click()
    page.select_option("#filter-provider", "provider-000")
    page.wait_for_function("() => document.getElementById('model-count').textContent.startsWith('Showing')")
    prices = page.locator("#models tbody tr").evaluate_all("rows => rows.map(r => r.dataset.price)")
    assert len(prices) > 1 and [Decimal(p) for p in prices] == sorted(Decimal(p) for p in prices)
    page.close()
