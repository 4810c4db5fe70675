"""Fixtures and hooks of the whole suite (the builders they use are in tests/support/):

- `write_catalog(files, defaults=True)`: support.catalogs.write_catalog under tmp_path/catalog;
- `index`: the shipped catalog's SiteIndex; `site_dir`: the shipped catalog built once;
- `built_site`: the shipped catalog built for, and served under, a path prefix on 127.0.0.1;
- `paged_site`: a synthetic catalog built with small listing pages;
- `site_browser`: Debian's Chromium through Playwright, one per session;
- `--update-golden` (the `update_golden` fixture): rewrite tests/golden/* from the current output.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from support import catalogs, sites
from support.serving import free_port, served

from generator.catalog.derive import SiteIndex

# Property tests run a fixed number of examples in CI; HYPOTHESIS_PROFILE=thorough runs many more (SECURITY.md).
hypothesis_settings.register_profile("ci", max_examples=100, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=5_000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current output (review the diff like code)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[..., Path]:
    """write(files, defaults=True) -> tmp_path/catalog. A `None` value removes a default file."""

    def write(files: dict[str, Any] | None = None, *, defaults: bool = True) -> Path:
        return catalogs.write_catalog(tmp_path / "catalog", files, defaults=defaults)

    return write


# ---------------------------------------------------------------- the shipped catalog, built once


@pytest.fixture(scope="session")
def index() -> SiteIndex:
    """The shipped catalog's SiteIndex."""
    return sites.site_index()


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The shipped catalog built once per session (see support.sites.shared_site)."""
    return sites.shared_site()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sites.ServedSite]:
    """The real catalog, built once with its base URL set to where it is served
    (under a path prefix, so relative links are exercised), and served in a thread."""
    serve_root = tmp_path_factory.mktemp("served")
    port = free_port()
    url = f"http://127.0.0.1:{port}/prefix/"
    out = serve_root / "prefix"
    sites.build_site(
        sites.REAL_CATALOG, out, base_url=url, jobs=0, cache=serve_root / ".cache", build_date=sites.BUILD_DATE
    )
    with served(serve_root, port, not_found_page=out / "404.html"):
        yield sites.ServedSite(out, url)


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic catalog long enough that every listing is split into pages."""
    return sites.build_paged_site(tmp_path_factory.mktemp("paged"))


@pytest.fixture(scope="session")
def site_browser() -> Iterator[object]:
    from playwright import sync_api  # a test dependency: missing means the set-up is broken, not a skip

    if not Path(sites.CHROMIUM).exists():
        pytest.fail(
            f"{sites.CHROMIUM} is missing: run `make test` (it installs Debian's chromium) or apt-get install chromium"
        )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=sites.CHROMIUM, args=sites.CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
