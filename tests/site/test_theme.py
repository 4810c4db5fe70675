"""A themed site in a real browser: the fixture catalog with a logo, a favicon, colours
for both schemes that pass the contrast rule, a header bar, extra links and an extra
stylesheet, served under a path prefix. The Nu checker finds no error on any page, axe
finds no violation in light or dark mode, and the browser applies the theme's colours."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.axe import axe_context, axe_violations
from support.catalogs import dump_yaml, write_files
from support.paths import SITE_CATALOG
from support.serving import free_port, served
from support.sites import BUILD_DATE, VNU_JAR, ServedSite, build_site, html_files

from generator.catalog.problems import WARNING

pytestmark = pytest.mark.browser

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#e1a6ff"/></svg>'
)
THEME = {
    "logo": "theme/logo.svg",
    "favicon": "theme/logo.svg",
    "stylesheet": "theme/brand.css",
    "colors": {
        "light": {
            "brand": "#6a1b9a",
            "brand_text": "#ffffff",
            "header_background": "#2d0a3d",
            "header_text": "#ffffff",
        },
        "dark": {"brand": "#e1a6ff", "brand_text": "#1a0524", "header_background": "#1a0524", "header_text": "#f3e5f5"},
    },
    "nav": [{"label": "Status", "url": "https://status.example.org/"}],
    "footer_links": [{"label": "All collections", "url": "/collections/"}],
}
PAGES = {
    "home": "",
    "models": "models/",
    "model": "models/openai/gpt-test/",
    "pricing": "pricing/",
    "compare": "compare/?models=openai/gpt-test,acme/euro-tiers",
    "404": "no/such/page/",
}
EXPECTED = {  # (header background, link colour) as the browser computes them
    "light": ("rgb(45, 10, 61)", "rgb(106, 27, 154)"),
    "dark": ("rgb(26, 5, 36)", "rgb(225, 166, 255)"),
}


@pytest.fixture(scope="module")
def themed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    root = tmp_path_factory.mktemp("themed-served")
    catalog = root / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    site = catalog / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + dump_yaml({"theme": THEME}), encoding="utf-8")
    write_files(catalog, {"theme/logo.svg": LOGO, "theme/brand.css": b".brand { letter-spacing: 0.01em; }\n"})
    port = free_port()
    url = f"http://127.0.0.1:{port}/prefix/"
    out = root / "prefix"
    report = build_site(catalog, out, base_url=url, cache=root / ".cache", build_date=BUILD_DATE)
    assert [p for p in report.warnings if p.severity == WARNING and p.rule == "theme-contrast"] == []
    with served(root, port, not_found_page=out / "404.html"):
        yield ServedSite(out, url)


def test_nu_finds_no_error_on_any_themed_page(themed_site: ServedSite) -> None:
    assert VNU_JAR.exists() and shutil.which("java"), "the Nu checker needs java and node_modules/vnu-jar"
    files = html_files(themed_site.root)
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages if m["type"] != "info"]
    assert not errors, "\n".join(errors[:30])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_the_theme(themed_site: ServedSite, site_browser, scheme: str) -> None:
    context = axe_context(site_browser, scheme)
    page = context.new_page()
    found = {}
    try:
        for name, url in PAGES.items():
            page.goto(themed_site.url + url)
            page.wait_for_load_state("networkidle")
            violations = axe_violations(page)
            if violations:
                found[name] = violations
    finally:
        context.close()
    assert not found, json.dumps(found, indent=1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_browser_applies_the_theme(themed_site: ServedSite, site_browser, scheme: str) -> None:
    context = site_browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(themed_site.url + "models/openai/gpt-test/")
        page.wait_for_load_state("networkidle")
        header_bg = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        link = page.evaluate("getComputedStyle(document.querySelector('main a')).color")
        assert (header_bg, link) == EXPECTED[scheme]
        logo = page.locator(".site-header img.brand-logo")
        assert logo.evaluate("img => img.complete && img.naturalWidth > 0")  # loaded under the CSP
        assert page.evaluate("getComputedStyle(document.querySelector('.brand')).letterSpacing") != "normal"
        # The bar spans the window although the header is 72rem wide at most.
        assert page.evaluate("document.documentElement.scrollWidth") == 1280
        page.screenshot(path=f"/tmp/theme-{scheme}.png")
    finally:
        context.close()
    assert not errors, errors


def test_the_theme_files_are_served(themed_site: ServedSite) -> None:
    assert (Path(themed_site.root) / "assets" / "theme" / "logo.svg").read_bytes().startswith(b"<svg")
    assert (Path(themed_site.root) / "assets" / "theme.css").is_file()
