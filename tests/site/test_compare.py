"""/compare/ loads only what it shows (generator/render/compare.py, assets/compare.js):
compare/shared.json and the file of each model compared, fetched when it is first chosen;
the choice in the address keeps working, from any page of the picker, and a name in the
address that is not a slug never becomes a request."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support.serving import served
from support.sites import ServedSite

pytestmark = pytest.mark.browser  # every test drives Chromium

PICKED = ("openai/gpt-5.5", "anthropic/claude-opus-4-7")
THIRD = "openai/gpt-4o"


class Tab:
    """A page that records the JSON it fetches (site-relative paths) and its script errors."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.fetched: list[str] = []
        self.errors: list[str] = []
        prefix = urlsplit(base).path
        self.page.on(
            "request",
            lambda r: (
                self.fetched.append(urlsplit(r.url).path.removeprefix(prefix)) if r.resource_type == "fetch" else None
            ),
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def open(self, url: str):
        self.page.goto(self.base + url)
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture
def tab(site_browser, built_site: ServedSite) -> Iterator[Tab]:
    t = Tab(site_browser, built_site.url)
    try:
        yield t
        assert not t.errors, t.errors
    finally:
        t.context.close()


def columns(page) -> list[str]:
    return page.eval_on_selector_all("#compare-table thead th code.slug", "cs => cs.map(c => c.textContent)")


def test_only_the_models_compared_are_fetched(tab: Tab) -> None:
    page = tab.open("compare/?models=" + ",".join(PICKED))
    page.wait_for_selector("#compare-table table")
    assert columns(page) == list(PICKED)
    assert sorted(tab.fetched) == sorted(["compare/shared.json", *(f"compare/models/{s}.json" for s in PICKED)])
    tab.fetched.clear()
    page.check(f'[id="pick-{THIRD}"]')
    page.wait_for_function("() => document.querySelectorAll('#compare-table thead code.slug').length === 3")
    assert tab.fetched == [f"compare/models/{THIRD}.json"]
    assert page.url.endswith("compare/?models=" + ",".join((*PICKED, THIRD)))
    tab.fetched.clear()
    page.uncheck(f'[id="pick-{THIRD}"]')
    page.check(f'[id="pick-{THIRD}"]')  # chosen again: its file is fetched once
    page.wait_for_function("() => document.querySelectorAll('#compare-table thead code.slug').length === 3")
    assert tab.fetched == []
    assert page.locator("#compare-status").inner_text() == "Comparing 3 models."


def test_a_name_that_is_no_model_is_dropped_and_no_other_file_is_asked_for(tab: Tab) -> None:
    names = ["../../api/models", "openai/gpt-5.5/../x", "nobody/none", PICKED[0], PICKED[0], "UPPER/case", PICKED[1]]
    page = tab.open("compare/?models=" + ",".join(names))
    page.wait_for_selector("#compare-table table")
    assert columns(page) == list(PICKED)
    assert all(re.fullmatch(r"compare/(shared|models/[a-z0-9._-]+/[a-z0-9._-]+)\.json", p) for p in tab.fetched)
    assert "compare/models/nobody/none.json" in tab.fetched  # a slug's file is looked for, and is not there
    assert tab.errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    tab.errors.clear()  # the browser's own line for that 404; the page itself raised nothing
    assert page.url.endswith("compare/?models=" + ",".join(names))  # untouched until the choice changes


def test_each_file_holds_one_model_and_links_its_page(built_site: ServedSite) -> None:
    shared = json.loads((built_site.root / "compare/shared.json").read_text("utf-8"))
    assert set(shared) == {"features", "calculator"}
    for slug in PICKED:
        model = json.loads((built_site.root / f"compare/models/{slug}.json").read_text("utf-8"))
        assert model["slug"] == slug
        assert (built_site.root / f"compare/models/{slug}.json").parent.joinpath(
            model["url"], "index.html"
        ).resolve() == (built_site.root / f"models/{slug}/index.html").resolve()


def test_a_later_page_of_the_picker_compares_and_links_right(site_browser, paged_site: Path) -> None:
    """On compare/page/2/, models picked from the first page: their links still reach their pages."""
    first = re.findall(r'name="models" value="([^"]+)"', (paged_site / "compare/index.html").read_text("utf-8"))
    assert len(first) >= 2 and (paged_site / "compare/page/2/index.html").exists()
    with served(paged_site) as base:
        t = Tab(site_browser, base)
        try:
            page = t.open("compare/page/2/?models=" + ",".join(first[:2]))
            page.wait_for_selector("#compare-table table")
            assert columns(page) == first[:2]
            hrefs = page.eval_on_selector_all("#compare-table thead th a", "as => as.map(a => a.href)")
            assert hrefs == [f"{base}models/{s}/" for s in first[:2]]
            page.locator(f'#compare-table thead th a[href="{hrefs[0]}"]').click()
            page.wait_for_load_state("load")
            assert page.url == hrefs[0] and page.title() != ""
            assert not t.errors, t.errors
        finally:
            t.context.close()
