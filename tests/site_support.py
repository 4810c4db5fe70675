"""Shared by the tests/test_site_*.py modules: paths, the fixture catalog rendered in
memory, and helpers to read pages. The session fixtures (the served site, Chromium)
are in site_fixtures.py, which a module loads with `pytest_plugins = ["site_fixtures"]`."""

from __future__ import annotations

import datetime as dt
import functools
import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.build import pipeline
from generator.build.config import Config
from generator.render import assets, compare, listings, pages, pricelist

ROOT = Path(__file__).resolve().parent.parent
SITE_CATALOG = ROOT / "tests" / "fixtures" / "site_catalog"
REAL_CATALOG = ROOT / "catalog"
GOLDEN_SITE = ROOT / "tests" / "golden" / "site"
REFERENCE_SLUG = "bytedance/bytedance-dreamina-v3.1-text-to-image"
PAGE_RENDERERS = (pages, listings, compare, pricelist, assets)  # the modules whose outputs these tests own
BUILD_DATE = dt.date(2026, 5, 1)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def render_site_pages(catalog: Path = SITE_CATALOG) -> dict[str, bytes]:
    """Every output of the page renderers for `catalog`, in memory: {path: bytes}."""
    index, _warnings = pipeline.index_of(Config(catalog=catalog, build_date=BUILD_DATE))
    return {job.path: job.run() for module in PAGE_RENDERERS for job in module.jobs(index)}


@functools.cache
def fixture_pages() -> dict[str, bytes]:
    return render_site_pages()


def fixture_html(url_path: str) -> str:
    return fixture_pages()[url_path].decode("utf-8")


BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|br|pre|dl|dt|dd|section|header|footer|nav|main|"
    r"article|table|caption|thead|tbody|fieldset|legend|form|label|button)\b[^>]*>"
)


def visible_text(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed (scripts and head dropped)."""
    body = html.split("<body>", 1)[-1]
    body = re.sub(r"<script\b.*?</script>", " ", body, flags=re.S)
    body = re.sub(BLOCK_TAG, " ", body)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", body)).split())


@dataclass(frozen=True)
class ServedSite:
    root: Path  # the built site on disk
    url: str  # where it is served, ending in '/'


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))
