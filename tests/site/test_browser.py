"""The built site in a real browser (Debian's Chromium through Playwright), with its
Content-Security-Policy in force: the reference model's page and its copy buttons,
filtering and sorting /models/, building a comparison and sharing it, the 404 page
at any depth, dark mode, a phone-sized screen and the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support.serving import served
from support.sites import REFERENCE_SLUG, ServedSite, slugs_on

from generator.render import urls

pytestmark = pytest.mark.browser  # every test drives Chromium


class Visit:
    """A browser page that records console errors and requests to other hosts."""

    def __init__(self, context, site: ServedSite) -> None:
        self.site = site
        self.page = context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        host = urlsplit(site.url).netloc
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.foreign.append(r.url) if urlsplit(r.url).netloc != host else None)

    def open(self, url: str):
        self.page.goto(self.site.url + url)
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture
def visit(site_browser, built_site: ServedSite) -> Iterator[Visit]:
    context = site_browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    v = Visit(context, built_site)
    try:
        yield v
        assert not v.errors, v.errors  # a CSP violation or a script error shows up here
        assert not v.foreign, v.foreign
    finally:
        context.close()


def test_reference_page_opens_and_copies_its_snippet(visit: Visit) -> None:
    page = visit.open(f"models/{REFERENCE_SLUG}/")
    assert page.locator("h1").inner_text() == "Bytedance Dreamina V3.1 Text To Image"
    assert page.locator(".headline-price .price").inner_text() == "$0.030"
    button = page.locator('button[data-copy="quickstart-python-code"]')
    assert button.is_visible()
    button.click()
    page.wait_for_function(
        "() => document.querySelector('[data-copy=quickstart-python-code]').textContent.startsWith('Copied')"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#quickstart-python-code").inner_text()
    assert "from openai import OpenAI" in copied and REFERENCE_SLUG in copied
    page.wait_for_function("() => document.querySelector('[role=status]').textContent === 'Copied to the clipboard.'")


def _visible_rows(page) -> list[dict[str, str]]:
    return page.evaluate(
        "() => [...document.querySelectorAll('#models tbody tr')].filter(r => !r.hidden)"
        ".map(r => ({kind: r.dataset.kind, provider: r.dataset.provider, price: r.dataset.price,"
        " capabilities: r.dataset.capabilities}))"
    )


def test_models_page_filters_and_sorts(visit: Visit) -> None:
    page = visit.open("models/")
    total = len(_visible_rows(page))
    page.select_option("#filter-kind", "image_generation")
    images = _visible_rows(page)
    assert 0 < len(images) < total and {r["kind"] for r in images} == {"image_generation"}
    assert page.locator("#model-count").inner_text() == f"Showing {len(images)} of {total} models."
    assert "kind=image_generation" in page.url  # the filter is kept in the address
    page.get_by_role("button", name="Price").click()
    prices = [Decimal(r["price"]) for r in _visible_rows(page)]
    assert prices == sorted(prices)
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Price")
    page.get_by_role("button", name="Price").click()
    assert [Decimal(r["price"]) for r in _visible_rows(page)] == sorted(prices, reverse=True)
    page.select_option("#filter-kind", "")
    page.select_option("#filter-capability", "vision")
    assert all("vision" in r["capabilities"].split() for r in _visible_rows(page))
    page.fill("#filter-q", "claude")
    names = page.locator("#models tbody tr:not([hidden]) th a").all_inner_texts()
    assert names and all("Claude" in n for n in names)
    page.fill("#filter-max-price", "0")
    page.click("button[type=reset]")
    page.wait_for_function(f"() => document.querySelectorAll('#models tbody tr:not([hidden])').length === {total}")


def test_models_page_restores_filters_from_the_address(visit: Visit) -> None:
    page = visit.open("models/?provider=openai&kind=chat")
    rows = _visible_rows(page)
    assert rows and {(r["provider"], r["kind"]) for r in rows} == {("openai", "chat")}
    assert page.locator("#filter-provider").input_value() == "openai"


def test_compare_builds_a_shareable_comparison(visit: Visit) -> None:
    page = visit.open("compare/")
    page.check('[id="pick-openai/gpt-5.5"]')
    page.check('[id="pick-anthropic/claude-opus-4-7"]')
    table = page.locator("#compare-table table")
    headers = table.locator("thead th").all_inner_texts()
    assert "GPT-5.5" in headers[1] and "Claude Opus 4.7" in headers[2]
    assert page.url.endswith("compare/?models=openai/gpt-5.5,anthropic/claude-opus-4-7")
    row = table.locator("tbody tr", has_text="Price: Input").first.locator("td").all_inner_texts()
    assert row[0].startswith("$5.00 per 1M input tokens")
    shared = page.url
    page.get_by_role("button", name="Copy link to this comparison").click()
    page.wait_for_function("() => document.querySelector('[role=status]')?.textContent.includes('copied')")
    assert page.evaluate("navigator.clipboard.readText()") == shared
    page.goto(shared)  # the shared link shows the same comparison
    page.wait_for_selector("#compare-table table")
    assert page.locator('[id="pick-openai/gpt-5.5"]').is_checked()
    page.get_by_role("button", name="Remove GPT-5.5").click()
    assert page.url.endswith("compare/?models=anthropic/claude-opus-4-7")
    assert page.locator("#compare-status").inner_text() == "Pick at least one more model below."


def test_model_page_links_to_compare_preselected(visit: Visit) -> None:
    page = visit.open(f"models/{REFERENCE_SLUG}/")
    page.locator(".model-head a.button", has_text="Compare").click()
    page.wait_for_selector("#compare-table table")
    assert page.locator(f'[id="pick-{REFERENCE_SLUG}"]').is_checked()


def test_not_found_page_is_styled_at_any_depth(site_browser, built_site: ServedSite) -> None:
    page = site_browser.new_page()
    try:
        response = page.goto(built_site.url + "a/b/c/missing")
        assert response is not None and response.status == 404
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex"
        home = page.get_by_role("link", name="All models").get_attribute("href")
        assert home == built_site.url + "models/"
    finally:
        page.close()


def test_dark_mode_follows_the_system(site_browser, built_site: ServedSite) -> None:
    colors = {}
    for scheme in ("light", "dark"):
        context = site_browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(built_site.url)
        colors[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colors == {"light": "rgb(255, 255, 255)", "dark": "rgb(15, 18, 23)"}


def test_model_page_fits_a_phone_screen(site_browser, built_site: ServedSite) -> None:
    context = site_browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        for url in (f"models/{REFERENCE_SLUG}/", "models/", "compare/?models=openai/gpt-5.5,openai/gpt-4o", "pricing/"):
            page.goto(built_site.url + url)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
    finally:
        context.close()


def test_keyboard_reaches_skip_link_and_sort_buttons(visit: Visit) -> None:
    page = visit.open("models/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.locator("button.sort", has_text="Model").focus()
    page.keyboard.press("Enter")
    assert page.locator("th[aria-sort]").inner_text().startswith("Model")


@pytest.mark.browser
def test_filters_on_a_paged_list_search_every_page(paged_site: Path, site_browser) -> None:
    """A catalog of many pages (tests/build/test_scale.py): /models/ filters still search
    every page, loading the full data on demand."""
    target = slugs_on(paged_site / urls.output_path(urls.page(urls.MODELS, 4)))[0]
    with served(paged_site) as url:
        page = site_browser.new_page()
        page.goto(f"{url}{urls.MODELS}")
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
