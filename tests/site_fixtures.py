"""Session fixtures of the site tests, loaded with `pytest_plugins = ["site_fixtures"]`
(never imported, so each exists once per session): the real catalog built and served
on 127.0.0.1 under a path prefix, and Debian's Chromium through Playwright."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_support import BUILD_DATE, CHROMIUM, CHROMIUM_ARGS, REAL_CATALOG, ServedSite

from generator.build import pipeline
from generator.build.config import Config


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    not_found_page: Path  # set on a subclass per served site

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Serve the site's own 404 page, as a host would."""
        page = self.not_found_page
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The real catalog, built once with its base URL set to where it is served
    (under a path prefix, so relative links are exercised), and served in a thread."""
    serve_root = tmp_path_factory.mktemp("served")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/prefix/"
    out = serve_root / "prefix"
    pipeline.build(Config(catalog=REAL_CATALOG, out=out, base_url=url, build_date=BUILD_DATE))
    handler_class = type("SiteHandler", (_QuietHandler,), {"not_found_page": out / "404.html"})
    handler = functools.partial(handler_class, directory=str(serve_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(out, url)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_browser() -> Iterator[object]:
    from playwright import sync_api  # a test dependency: missing means the set-up is broken, not a skip

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) or apt-get install chromium"
        )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
