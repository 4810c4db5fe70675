"""/pricing/ of the shipped catalog in a real browser (Chromium, the site's CSP in force):
its height at 1280 px, sorting a price column by exact decimals with "—" last, the tier
switch swapping the tables in place, and a phone-sized screen where each table scrolls in
its own region with the model column in view."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from support.sites import ServedSite

pytestmark = pytest.mark.browser

HEIGHT_LIMIT = 5000  # px at 1280 wide; one row per price component made it 9,900


@pytest.fixture
def browser_page(site_browser, built_site: ServedSite) -> Iterator[object]:
    context = site_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
        assert not errors, errors  # a CSP violation or a script error shows up here
    finally:
        context.close()


def open_page(page, site: ServedSite, url: str):
    page.goto(site.url + url)
    page.wait_for_load_state("networkidle")
    return page


def column(page, anchor: str, label: str) -> list[tuple[str, str]]:
    """(data-value, data-currency) of each cell of one column of a kind's table, in row order."""
    return page.evaluate(
        """([anchor, label]) => {
          const table = document.getElementById(anchor).nextElementSibling.querySelector("table");
          const heads = Array.from(table.tHead.rows[0].cells);
          const index = heads.findIndex((th) => th.textContent.trim().startsWith(label));
          return Array.from(table.tBodies[0].rows, (row) => {
            const cell = row.cells[index];
            return [cell.getAttribute("data-value"), cell.getAttribute("data-currency") || ""];
          });
        }""",
        [anchor, label],
    )


def test_the_pricing_page_is_a_fraction_of_its_old_height(browser_page, built_site: ServedSite) -> None:
    page = open_page(browser_page, built_site, "pricing/")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"/pricing/ at 1280 px: {height} px tall")  # the figure the report quotes (-s shows it)
    assert height < HEIGHT_LIMIT, height
    assert page.locator("table.kind-prices").count() == 12  # every kind the shipped catalog serves


def test_a_price_column_sorts_by_exact_decimals_with_dashes_last(browser_page, built_site: ServedSite) -> None:
    page = open_page(browser_page, built_site, "pricing/")
    button = page.locator("#prices-chat + div button.sort", has_text="Cached input").first
    before = column(page, "prices-chat", "Cached input")
    priced = [(currency, Decimal(value)) for value, currency in before if value]
    blanks = [v for v, _ in before if not v]
    assert blanks and len({c for c, _ in priced}) == 2  # the catalog has "—" cells and a CNY model to sort around
    button.click()
    ascending = column(page, "prices-chat", "Cached input")
    assert [(c, Decimal(v)) for v, c in ascending if v] == sorted(priced)  # within a currency, by exact value
    assert [v for v, _ in ascending][-len(blanks) :] == blanks  # "—" last
    assert page.locator("#prices-chat + div th[aria-sort=ascending]").inner_text().startswith("Cached input")
    button.click()
    descending = column(page, "prices-chat", "Cached input")
    assert [(c, Decimal(v)) for v, c in descending if v] == sorted(priced, reverse=True)
    assert [v for v, _ in descending][-len(blanks) :] == blanks  # still last


def test_exact_decimals_order_as_money_does(browser_page, built_site: ServedSite) -> None:
    """'0.030' < '0.1' < '2.50' < '9.99' < '10.5', and 0.3 < 0.30000000000000001, which binary
    floats cannot tell apart: the page's own comparison, on rows it is given."""
    page = open_page(browser_page, built_site, "pricing/")
    order = page.evaluate(
        """() => {
          const table = document.querySelector("#prices-embeddings + div table");
          const body = table.tBodies[0];
          const template = body.rows[0];
          body.replaceChildren(...["10.5", "2.50", "", "0.1", "0.30000000000000001", "0.3", "0.030", "9.99"].map((value) => {
            const row = template.cloneNode(true);
            row.cells[1].setAttribute("data-value", value);
            return row;
          }));
          Array.from(table.tHead.querySelectorAll("button.sort"))[1].click();
          return Array.from(body.rows, (row) => row.cells[1].getAttribute("data-value"));
        }"""
    )
    assert order == ["0.030", "0.1", "0.3", "0.30000000000000001", "2.50", "9.99", "10.5", ""]  # floats tie the 0.3s


def test_the_tier_switch_swaps_the_tables_and_keeps_the_choice(browser_page, built_site: ServedSite) -> None:
    page = open_page(browser_page, built_site, "pricing/")
    batch_rows = open_page(page, built_site, "pricing/batch/").locator("#prices-chat + div tbody tr").count()
    page = open_page(page, built_site, "pricing/")
    standard_rows = page.locator("#prices-chat + div tbody tr").count()
    assert 0 < batch_rows < standard_rows
    page.locator("nav.tier-switch a", has_text="Batch").click()
    page.wait_for_function("() => document.title.startsWith('Pricing: Batch prices')")
    assert page.url == built_site.url + "pricing/?tier=batch"  # the page's own path: its relative links stay right
    assert page.locator("#prices-chat + div tbody tr").count() == batch_rows
    assert page.locator("nav.tier-switch a[aria-current=page]").inner_text() == "Batch"
    page.locator("#prices-chat + div button.sort", has_text="Input").first.click()  # the swapped table sorts too
    assert page.locator("#prices-chat + div th[aria-sort]").count() == 1
    first = page.locator("#prices-chat + div tbody th a").first
    href = first.get_attribute("href")
    assert href.startswith(built_site.url + "models/"), href  # written relative to pricing/batch/, made absolute
    assert page.locator(".site-header a", has_text="Models").get_attribute("href") == "../models/"
    page.reload()
    page.wait_for_function("() => document.title.startsWith('Pricing: Batch prices')")  # restored from ?tier=
    page.locator("nav.tier-switch a", has_text="Standard").click()
    page.wait_for_function("() => !document.title.includes('Batch')")
    assert page.url == built_site.url + "pricing/"
    assert page.locator("#prices-chat + div tbody tr").count() == standard_rows


def test_on_a_phone_each_table_scrolls_in_its_region_with_the_model_column_in_view(
    site_browser, built_site: ServedSite
) -> None:
    context = site_browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = open_page(context.new_page(), built_site, "pricing/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself never scrolls sideways
        region = page.locator("#prices-chat + div.table-wrap")
        assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
        assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the wide chat table scrolls within it
        name = page.locator("#prices-chat + div tbody th").first
        left = name.bounding_box()["x"]
        region.evaluate("r => { r.scrollLeft = 300; }")
        assert region.evaluate("r => r.scrollLeft") > 0
        assert abs(name.bounding_box()["x"] - left) < 1  # sticky: the model column stays put
    finally:
        context.close()
