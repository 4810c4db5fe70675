"""One way to build a site in the tests, and helpers to read what it holds.

- `build_site(catalog, out, ...)`: the real pipeline in-process (generator.build.pipeline.build
  with a Config); every test that builds a site goes through it (tests about the command line
  run `build.py` through support.cli instead).
- `shared_site()`: the shipped catalog built once per test process, for tests that only read it.
- `site_index(catalog)`: the SiteIndex the renderers receive, without building.
- `render_site_pages(catalog)` / `fixture_pages()`: the page renderers' outputs in memory;
  `render_in_memory(catalog)`: every output, as the engine makes it, without writing.
- `tree(folder)`, `site_files(folder)`, `html_files(folder)`, `visible_text(html)`: reading output.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html as html_lib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from support.paths import GOLDEN_SITE, REAL_CATALOG, ROOT, SITE_CATALOG

from generator.build import pipeline
from generator.build.config import Config
from generator.build.write import MARKER
from generator.catalog.derive import SiteIndex
from generator.render import assets, compare, listings, pages, plan, pricelist

__all__ = ["GOLDEN_SITE", "REAL_CATALOG", "ROOT", "SITE_CATALOG"]  # re-exported for the site tests

REFERENCE_SLUG = "bytedance/bytedance-dreamina-v3.1-text-to-image"
PAGE_RENDERERS = (pages, listings, compare, pricelist, assets)  # the modules whose outputs the page tests own
BUILD_DATE = dt.date(2026, 5, 1)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


# ---------------------------------------------------------------- building


def build_site(
    catalog: Path,
    out: Path,
    *,
    base_url: str | None = None,
    jobs: int = 1,
    cache: Path | None = None,
    clean: bool = False,
    build_date: dt.date | None = None,
    session: pipeline.Session | None = None,
) -> pipeline.BuildReport:
    """Build `catalog` into `out` with the real pipeline. The cache defaults to one beside
    `out` named after it, so two builds in one folder never share a cache unless asked to."""
    cache_dir = cache if cache is not None else out.parent / f".{out.name}-cache"
    config = Config(
        catalog=catalog, out=out, base_url=base_url, jobs=jobs, cache=cache_dir, clean=clean, build_date=build_date
    )
    return pipeline.build(config, session=session)


SMALL_PAGES = 7  # rows per listing page in `build_paged_site`, so 30 models make five pages


def build_paged_site(root: Path) -> Path:
    """A synthetic catalog of 30 models built under `root` with SMALL_PAGES rows per listing page."""
    import pytest
    from support.synthetic import make_catalog

    from generator.render import paging

    catalog = make_catalog(root / "catalog", 30, providers=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PAGE_SIZE", SMALL_PAGES)
        build_site(catalog, root / "site", cache=root / ".cache")
    return root / "site"


_SHARED: list[tempfile.TemporaryDirectory[str]] = []  # removed when the test process ends


@functools.cache
def shared_site() -> Path:
    """The real catalog built once per test process, for tests that only read the output."""
    _SHARED.append(tempfile.TemporaryDirectory(prefix="catalog-site-"))
    out = Path(_SHARED[0].name) / "site"
    build_site(REAL_CATALOG, out)
    return out


def site_index(catalog: Path = REAL_CATALOG, build_date: dt.date | None = None) -> SiteIndex:
    """What the renderers receive for `catalog` (loaded, validated, derived), without building."""
    return pipeline.index_of(Config(catalog=catalog, build_date=build_date))[0]


# ---------------------------------------------------------------- rendering in memory


def render_site_pages(catalog: Path = SITE_CATALOG) -> dict[str, bytes]:
    """Every output of the page renderers for `catalog`, in memory: {path: bytes}."""
    index = site_index(catalog, BUILD_DATE)
    return {job.path: job.run() for module in PAGE_RENDERERS for job in module.jobs(index)}


@functools.cache
def fixture_pages() -> dict[str, bytes]:
    return render_site_pages()


def fixture_html(url_path: str) -> str:
    return fixture_pages()[url_path].decode("utf-8")


def render_in_memory(catalog: Path, build_date: dt.date = BUILD_DATE) -> dict[str, bytes]:
    """Every output of the site, as the engine would make it, without writing."""
    jobs = plan(site_index(catalog, build_date))
    outputs = {job.path: job.run() for job in jobs if not job.inputs}
    for job in (job for job in jobs if job.inputs):
        outputs[job.path] = b"".join(job.assemble(outputs[p] for p in job.inputs))  # aggregates stream their chunks
    return outputs


# ---------------------------------------------------------------- reading output


def tree(folder: Path) -> dict[str, str]:
    """path -> sha256 of every file under folder (the builder's marker excluded)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def slugs_on(page: Path) -> list[str]:
    """The model slugs a listing page shows, in order."""
    return re.findall(r'<code class="slug">([^<]+)</code>', page.read_text(encoding="utf-8"))


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


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
