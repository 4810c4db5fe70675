"""`build.py serve`: build, serve the output on 127.0.0.1, rebuild on change, reload pages.

- Requests map to files strictly inside the output directory: any '..' segment,
  encoded slash or backslash, NUL, absolute path or symlink leading outside is a 404.
- Every HTML response gets one external script (/__reload.js, allowed by the
  pages' CSP) that listens on /__events and reloads the page after a rebuild.
- An invalid catalog does not stop the server: the problems are printed and every
  page shows them until the file is fixed.
"""

from __future__ import annotations

import html
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.build import pipeline
from generator.build.config import Config
from generator.build.write import WriteError
from generator.catalog.problems import Problem, ProblemsFound, format_text
from generator.paths import TEMPLATES

RELOAD_SCRIPT = b"""(function () {
  var source = new EventSource("/__events");
  var first = null;
  source.onmessage = function (event) {
    if (first === null) { first = event.data; return; }
    if (event.data !== first) { location.reload(); }
  };
})();
"""
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".xml": "application/xml",
    ".csv": "text/csv; charset=utf-8",
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
}


@dataclass
class LiveState:
    """What the server shows: the output folder, a version that changes on every
    rebuild, and the problems of the last attempt (empty when it succeeded)."""

    out: Path
    version: int = 0
    problems: list[Problem] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, problems: list[Problem]) -> None:
        with self.changed:
            self.version += 1
            self.problems = problems
            self.changed.notify_all()


def resolve_request(root: Path, raw_path: str) -> Path | None:
    """The file a URL path names inside `root`, or None (answered with 404)."""
    path = urlsplit(raw_path).path
    if "\\" in path or "\x00" in path or "%2f" in path.lower() or "%5c" in path.lower():
        return None
    decoded = unquote(path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    candidate = root.joinpath(*parts) if parts else root
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    root_real = root.resolve()
    if root_real not in real.parents or not real.is_file():
        return None
    return real


def problems_page(problems: list[Problem]) -> bytes:
    rows = "\n".join(
        f"<li><code>{html.escape(p.location())}</code> {html.escape(p.severity)}: {html.escape(p.message)}"
        + (f"<br><small>hint: {html.escape(p.hint)}</small>" if p.hint else "")
        + "</li>"
        for p in problems
    )
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Catalog problems</title></head>"
        f"<body><h1>The catalog has {sum(p.is_error for p in problems)} error(s)</h1>"
        "<p>Fix the files below; this page reloads when the build succeeds.</p>"
        f'<ul>{rows}</ul><script src="/__reload.js"></script></body></html>'
    ).encode()


def make_handler(state: LiveState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "catalog-serve"

        def log_message(self, format: str, *args: object) -> None:  # quiet: the terminal shows builds
            pass

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            path = urlsplit(self.path).path
            if path == "/__reload.js":
                return self._send(HTTPStatus.OK, "text/javascript", RELOAD_SCRIPT)
            if path == "/__events":
                return self._events()
            if state.problems and any(p.is_error for p in state.problems):
                return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, TYPES[".html"], problems_page(state.problems))
            target = resolve_request(state.out, self.path)
            if target is None:
                return self._not_found()
            self._send(HTTPStatus.OK, TYPES.get(target.suffix, "application/octet-stream"), _inject(target))

        def _not_found(self) -> None:
            page = state.out / "404.html"
            body = _inject(page) if page.is_file() else b"not found"
            self._send(HTTPStatus.NOT_FOUND, TYPES[".html"], body)

        def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while True:
                    with state.changed:
                        if state.version == seen:
                            state.changed.wait(timeout=15)
                        version = state.version
                    self.wfile.write(f"data: {version}\n\n".encode() if version != seen else b": ping\n\n")
                    self.wfile.flush()
                    seen = version
            except OSError:
                return  # the page went away

    return Handler


def _inject(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".html":
        data = data.replace(b"</body>", b'<script src="/__reload.js"></script></body>', 1)
    return data


def rebuild(config: Config, session: pipeline.Session, state: LiveState) -> None:
    """One build attempt; problems go to the terminal and the browser, never raise."""
    try:
        report = pipeline.build(config, session=session)
    except ProblemsFound as found:
        sys.stderr.write(format_text(found.problems, 0))
        state.publish(found.problems)
        return
    except WriteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return
    print(report.describe(config.out), flush=True)
    state.publish([])


def serve(config: Config, port: int, ready: threading.Event | None = None, stop: threading.Event | None = None) -> int:
    """Build, then serve and rebuild until interrupted (or `stop` is set)."""
    import watchfiles

    session = pipeline.Session()
    state = LiveState(config.out.absolute())
    rebuild(config, session, state)
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(state))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {config.out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    if ready:
        ready.port = server.server_address[1]  # type: ignore[attr-defined]
        ready.set()
    watched = [str(config.catalog), str(TEMPLATES)]  # the catalog's templates/ (its overrides) and theme/ are in it
    try:
        for _changes in watchfiles.watch(*watched, stop_event=stop, debounce=200, step=50, rust_timeout=500):
            rebuild(config, session, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        session.save(config)
    return 0
