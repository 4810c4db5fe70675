"""`build.py serve`: build, serve the output on 127.0.0.1, rebuild on change, reload pages.

- Requests map to files strictly inside the output directory: any '..' segment,
  encoded slash or backslash, NUL, absolute path or symlink leading outside is a 404.
- Every HTML response gets one external script (/__reload.js, allowed by the
  pages' CSP) that listens on /__events?path=<its own path> and reloads the page when
  its own file changed (or the catalog's problems did), not on every rebuild.
- After an edit, one builder thread writes the edited models' own files first
  (firstpages.py: straight into the live site, file by file, each by an atomic rename)
  and reloads them, then runs the full incremental build (pipeline.build), which swaps
  in the rest and reloads the pages it changed. The watcher keeps collecting changes
  meanwhile: every change pending when a build starts is handled by it, and those that
  arrive during it by exactly one more. One thread writes, under the output lock held
  across both phases, so the site on disk is always whole: each file holds its old or
  its new bytes, never a torn mix, and a first page is only ever replaced by a build of
  the same edit or a later one.
- An invalid catalog does not stop the server: the problems are printed and every
  page shows them until the file is fixed (the first pages of that edit, if any, are
  put back: the site on disk stays the last good build).
"""

from __future__ import annotations

import contextlib
import html
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from generator.build import firstpages, pipeline
from generator.build.config import Config
from generator.build.firstpages import FirstPages
from generator.build.lock import output_lock
from generator.build.write import WriteError
from generator.catalog.problems import Problem, ProblemsFound, format_text
from generator.paths import TEMPLATES

RELOAD_SCRIPT = b"""(function () {
  var source = new EventSource("/__events?path=" + encodeURIComponent(location.pathname));
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
    publication, the problems of the last attempt (empty when it succeeded), and which
    version last changed each output file, so each page reloads only for its own."""

    out: Path
    version: int = 0
    problems: list[Problem] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    everything: int = 0  # the last version that changed every page (the first build, problems)
    touched: dict[str, int] = field(default_factory=dict)  # output path -> the last version that changed it

    def publish(self, problems: list[Problem], paths: Iterable[str] | None = None) -> None:
        """A new version: `paths` changed (None: every page), or the problems did."""
        with self.changed:
            self.version += 1
            if paths is None or problems != self.problems:
                self.everything = self.version
            else:
                for path in paths:
                    self.touched[path] = self.version
            self.problems = problems
            self.changed.notify_all()

    def page_version(self, page: str | None) -> int:
        """The last version that changed the file a URL path shows (None: any file)."""
        if page is None:
            return self.version
        files = _files_of(page)
        return max([self.everything, *(self.touched.get(f, 0) for f in files)])


def _files_of(page: str) -> tuple[str, ...]:
    """The output paths a URL path may show: 'models/a/b/' -> 'models/a/b/index.html'."""
    path = unquote(urlsplit(page).path).strip("/")
    if not path:
        return ("index.html",)
    return (path, f"{path}/index.html")


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
            """Server-sent events: the version of the page at ?path= (every change without
            one), then its new version each time that page changes; a ping otherwise."""
            query = parse_qs(urlsplit(self.path).query).get("path")
            page = query[0] if query else None
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen, shown = -1, None
            try:
                while True:
                    with state.changed:
                        if state.version == seen:
                            state.changed.wait(timeout=15)
                        seen, mine = state.version, state.page_version(page)
                    self.wfile.write(f"data: {mine}\n\n".encode() if mine != shown else b": ping\n\n")
                    self.wfile.flush()
                    shown = mine
            except OSError:
                return  # the page went away

    return Handler


def _inject(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".html":
        data = data.replace(b"</body>", b'<script src="/__reload.js"></script></body>', 1)
    return data


@dataclass
class Hooks:
    """Test seams of the builder thread, called on it (a test waits or looks at the disk)."""

    before_build: Callable[[frozenset[Path]], None] | None = None  # with the changes a build takes
    after_first_pages: Callable[[FirstPages], None] | None = None  # written and published, build not started


class Builder:
    """The one thread that writes the site while serving: first pages, then the build."""

    def __init__(self, config: Config, session: pipeline.Session, state: LiveState, hooks: Hooks | None = None):
        self.config, self.session, self.state = config, session, state
        self.hooks = hooks or Hooks()
        self.pending: set[Path] = set()
        self.wake = threading.Condition()
        self.stopped = False
        self.builds = 0  # full builds run (the first one included)
        self.ok = False  # the last build succeeded (first pages start from its plan)
        self.idle = threading.Event()  # set while nothing is pending or building
        self.idle.set()

    def submit(self, paths: Iterable[Path | str]) -> None:
        with self.wake:
            self.pending.update(Path(p) for p in paths)
            self.idle.clear()
            self.wake.notify()

    def stop(self) -> None:
        with self.wake:
            self.stopped = True
            self.wake.notify()

    def run(self) -> None:
        """Until stopped: take every pending change, handle them in one go, repeat."""
        while True:
            with self.wake:
                while not self.pending and not self.stopped:
                    self.idle.set()
                    self.wake.wait()
                if self.stopped:
                    self.idle.set()
                    return
                changes, self.pending = frozenset(self.pending), set()
            self.rebuild(changes)

    def rebuild(self, changes: frozenset[Path]) -> None:
        """First pages (when the edit allows them), then the full build; its failure puts
        the first pages' files back. The lock is held across both, so no other build of
        this output comes between them."""
        config = self.config
        with output_lock(config.out, config.cache_dir, say=_tell):
            first = self._first_pages(changes)
            if self.hooks.before_build:
                self.hooks.before_build(changes)
            self.build()
            if first is not None and not self.ok:
                try:
                    firstpages.restore(config, self.session, first)
                except WriteError as exc:
                    print(f"error: {exc}", file=sys.stderr)

    def _first_pages(self, changes: frozenset[Path]) -> FirstPages | None:
        if not self.ok:
            return None  # the live site is not the last plan's, or its problems are shown
        try:
            first = firstpages.write_first_pages(self.config, self.session, changes)
        except WriteError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return None
        if first is None:
            return None
        print(first.describe(), flush=True)
        self.state.publish(self.state.problems, first.paths)
        if self.hooks.after_first_pages:
            self.hooks.after_first_pages(first)
        return first

    def build(self) -> None:
        """One full build attempt; problems go to the terminal and the browser, never raise."""
        config, state = self.config, self.state
        self.builds += 1
        self.ok = False
        try:
            report = pipeline.build(config, session=self.session, say=_tell)
        except ProblemsFound as found:
            sys.stderr.write(format_text(found.problems, 0))
            state.publish(found.problems)
            return
        except WriteError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return
        self.ok = True
        print(report.describe(config.out), flush=True)
        state.publish([], report.write.changed if report.write else ())
        self.session.index_plan()  # made now, while idle, for the next first pages
        with contextlib.suppress(WriteError):  # the next first pages say what is wrong
            self.session.live_writer(config)


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Changes are handed over once none came for STEP_MS (a save is a burst of events a few
# milliseconds apart), or DEBOUNCE_MS after the first of a longer burst; the budget from
# save to first page on screen is 500 ms, and a burst that outlasts this is coalesced by
# the builder anyway (all pending changes go to one build).
STEP_MS = 30
DEBOUNCE_MS = 150


def serve(
    config: Config,
    port: int,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
    hooks: Hooks | None = None,
) -> int:
    """Build, then serve and rebuild until interrupted (or `stop` is set)."""
    import watchfiles

    session = pipeline.Session()
    state = LiveState(config.out.absolute())
    builder = Builder(config, session, state, hooks)
    builder.build()
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(state))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    worker = threading.Thread(target=builder.run, name="builder", daemon=True)
    worker.start()
    print(f"serving {config.out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    if ready:
        ready.port = server.server_address[1]  # type: ignore[attr-defined]
        ready.builder = builder  # type: ignore[attr-defined]
        ready.set()
    watched = [str(config.catalog), str(TEMPLATES)]  # the catalog's templates/ (its overrides) and theme/ are in it
    try:
        for changes in watchfiles.watch(
            *watched, stop_event=stop, debounce=DEBOUNCE_MS, step=STEP_MS, rust_timeout=500
        ):
            builder.submit(path for _change, path in changes)
    except KeyboardInterrupt:
        pass
    finally:
        builder.stop()
        worker.join()
        server.shutdown()
        server.server_close()
        session.save(config)
    return 0
