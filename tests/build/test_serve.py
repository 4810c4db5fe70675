"""`serve`: live rebuild on change, problems shown in the browser, recovery, reload
events, and no request can reach a file outside the output directory."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from support.sites import tree
from support.synthetic import make_catalog

from generator.build import pipeline
from generator.build.config import Config
from generator.build.serve import Builder, Hooks, LiveState, resolve_request, serve
from generator.catalog.problems import Problem

TRAVERSALS = [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/models/..%2f..%2f..%2fetc%2fpasswd",
    "/models/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
    "/..\\..\\etc\\passwd",
    "//etc/passwd",
    "/%00/etc/passwd",
    "/models/%252e%252e/%252e%252e/secret.txt",
    "/.catalog-build",
    "/link-out/secret.txt",
]


@pytest.fixture()
def live(tmp_path: Path):
    catalog = make_catalog(tmp_path / "catalog", 12, providers=3)
    out = tmp_path / "site"
    (tmp_path / "secret.txt").write_text("top secret", encoding="utf-8")
    stop, ready = threading.Event(), threading.Event()
    config = Config(catalog=catalog, out=out, cache=tmp_path / ".cache", jobs=1)
    thread = threading.Thread(target=serve, args=(config, 0, ready, stop), daemon=True)
    thread.start()
    assert ready.wait(60), "serve did not start"
    yield catalog, out, ready.port, ready.builder  # type: ignore[attr-defined]
    stop.set()
    thread.join(10)


def get(port: int, path: str) -> tuple[int, str]:
    """Send the path exactly as given (no client-side normalisation)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


def wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_serve_rebuilds_on_change_shows_problems_and_recovers(live) -> None:
    catalog, out, port, _builder = live
    model = sorted(catalog.glob("models/*/*.yaml"))[0]
    page = f"/models/{model.parent.name}/{model.stem}/"
    status, body = get(port, page)
    assert status == 200 and '<script src="/__reload.js"></script>' in body
    original = model.read_text(encoding="utf-8")

    model.write_text(original.replace("name: ", "name: Renamed Live ", 1), encoding="utf-8")
    assert wait_for(lambda: "Renamed Live" in get(port, page)[1]), "the page was not rebuilt"

    model.write_text(original + "\nunknown_field: 1\n", encoding="utf-8")
    assert wait_for(lambda: get(port, page)[0] == 500), "problems were not shown"
    status, body = get(port, page)
    assert "unknown field &#x27;unknown_field&#x27;" in body or "unknown field 'unknown_field'" in body
    assert model.name in body
    assert (out / page.strip("/") / "index.html").exists()  # the last good site is still on disk

    model.write_text(original, encoding="utf-8")
    assert wait_for(lambda: get(port, page)[0] == 200), "serve did not recover after the fix"


def test_reload_events_announce_each_rebuild(live) -> None:
    catalog, _out, port, _builder = live
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/__events")
    response = connection.getresponse()
    first = response.fp.readline().decode()
    assert first.startswith("data: ")
    response.fp.readline()
    site = catalog / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("tagline: ", "tagline: Live. ", 1), encoding="utf-8")
    line = response.fp.readline().decode()
    while line.startswith(":") or not line.strip():
        line = response.fp.readline().decode()
    assert line.startswith("data: ") and line != first
    connection.close()


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_attempts_get_404(live, path: str, tmp_path: Path) -> None:
    _catalog, out, port, _builder = live
    link = out / "link-out"
    if not link.exists():
        link.symlink_to(out.parent)  # a symlink inside the site that points outside it
    status, body = get(port, path)
    assert status == 404, path
    assert "top secret" not in body and "root:" not in body


def test_resolve_request_stays_inside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("ok", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("no", encoding="utf-8")
    assert resolve_request(root, "/a/") == (root / "a" / "index.html").resolve()
    assert resolve_request(root, "/a/index.html?x=1") == (root / "a" / "index.html").resolve()
    for path in ("/../outside.txt", "/a/../../outside.txt", "/%2e%2e/outside.txt", "/a%2f..%2f..%2foutside.txt"):
        assert resolve_request(root, path) is None, path
    shutil.rmtree(root)
    assert resolve_request(root, "/") is None


# ---------------------------------------------------------------- the edited page first


@pytest.fixture()
def builder(tmp_path: Path):
    """A builder on a small built site, driven directly (no watcher): tests submit changes."""
    catalog = make_catalog(tmp_path / "catalog", 12, providers=3)
    config = Config(catalog=catalog, out=tmp_path / "site", cache=tmp_path / ".cache", jobs=1)
    state = LiveState(config.out.absolute())
    hooks = Hooks()
    made = Builder(config, pipeline.Session(), state, hooks)
    made.build()
    assert made.ok
    yield made
    made.stop()


def models_of(catalog: Path) -> list[Path]:
    return sorted(catalog.glob("models/*/*.yaml"))


def rename(model: Path, prefix: str) -> None:
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("name: ", f"name: {prefix} ", 1), encoding="utf-8")


def page_of(model: Path) -> str:
    return f"models/{model.parent.name}/{model.stem}/index.html"


def clean_build(config: Config, tmp_path: Path) -> dict[str, str]:
    reference = Config(catalog=config.catalog, out=tmp_path / "reference", cache=tmp_path / ".ref-cache", clean=True)
    pipeline.build(reference)
    return tree(reference.out)


def run_in_thread(made: Builder) -> threading.Thread:
    thread = threading.Thread(target=made.run, daemon=True)
    thread.start()
    return thread


def test_the_edited_page_is_written_before_the_aggregates(builder: Builder, tmp_path: Path) -> None:
    out, model = builder.config.out, models_of(builder.config.catalog)[0]
    seen: dict[str, bool] = {}

    def look(first) -> None:  # called between the first pages and the build
        seen["page"] = b"Edited Live" in (out / page_of(model)).read_bytes()
        seen["llms.txt"] = b"Edited Live" in (out / "llms.txt").read_bytes()
        seen["api/models.json"] = b"Edited Live" in (out / "api/models.json").read_bytes()
        seen["published"] = builder.state.page_version("/" + page_of(model).removesuffix("index.html")) > 0

    builder.hooks.after_first_pages = look
    rename(model, "Edited Live")
    builder.rebuild(frozenset([model]))
    assert seen == {"page": True, "llms.txt": False, "api/models.json": False, "published": True}
    assert b"Edited Live" in (out / "llms.txt").read_bytes()
    assert b"Edited Live" in (out / "api/models.json").read_bytes()
    assert builder.builds == 2 and builder.ok
    assert tree(out) == clean_build(builder.config, tmp_path)


def test_a_burst_of_edits_is_coalesced(builder: Builder, tmp_path: Path) -> None:
    models = models_of(builder.config.catalog)[:5]
    started, release, taken = threading.Event(), threading.Event(), []

    def hold_the_first(changes: frozenset[Path]) -> None:
        taken.append(changes)
        if len(taken) == 1:
            started.set()
            assert release.wait(30)

    builder.hooks.before_build = hold_the_first
    thread = run_in_thread(builder)
    rename(models[0], "Burst 0")
    builder.submit([models[0]])
    assert started.wait(30)
    for number, model in enumerate(models[1:], 1):  # they arrive while the first build runs
        rename(model, f"Burst {number}")
        builder.submit([model])
    release.set()
    assert wait_for(lambda: builder.idle.is_set() and builder.builds == 3)
    builder.stop()
    thread.join(30)
    assert builder.builds - 1 == 2  # the first build, then one for all that came during it
    assert taken == [frozenset(models[:1]), frozenset(models[1:])]
    assert tree(builder.config.out) == clean_build(builder.config, tmp_path)


def test_a_reader_always_sees_a_whole_site(builder: Builder, tmp_path: Path) -> None:
    out, models = builder.config.out, models_of(builder.config.catalog)
    watched = [page_of(models[0]), page_of(models[1]), "llms.txt", "api/models.json", "index.html", "sitemap.xml"]
    failures: list[str] = []
    done = threading.Event()
    reads = 0

    def read_all() -> None:
        nonlocal reads
        while not done.is_set():
            for path in watched:
                try:
                    data = (out / path).read_bytes()
                except OSError as exc:
                    failures.append(f"{path}: {exc}")
                    continue
                reads += 1
                if path.endswith(".json"):
                    try:
                        json.loads(data)
                    except ValueError:
                        failures.append(f"{path}: torn JSON")
                elif path.endswith(".html") and not data.rstrip().endswith(b"</html>"):
                    failures.append(f"{path}: torn HTML")
                elif not data.endswith(b"\n"):
                    failures.append(f"{path}: torn text")

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    thread = run_in_thread(builder)
    for number in range(3):
        rename(models[number % 2], f"Whole {number}")
        builder.submit([models[number % 2]])
        assert wait_for(lambda: builder.idle.is_set())
    done.set()
    reader.join(30)
    builder.stop()
    thread.join(30)
    assert reads > 0 and failures == []
    assert tree(out) == clean_build(builder.config, tmp_path)


def test_an_invalid_edit_writes_no_first_pages_and_shows_its_problems(builder: Builder) -> None:
    out, model = builder.config.out, models_of(builder.config.catalog)[0]
    before = tree(out)
    firsts = []
    builder.hooks.after_first_pages = firsts.append
    model.write_text(model.read_text(encoding="utf-8") + "\nunknown_field: 1\n", encoding="utf-8")
    builder.rebuild(frozenset([model]))
    assert firsts == [] and not builder.ok
    assert any("unknown_field" in p.message for p in builder.state.problems)
    assert tree(out) == before


def test_first_pages_are_put_back_when_the_build_fails(builder: Builder, tmp_path: Path) -> None:
    """The edit passes the record's own checks but not the catalog's: a display name
    that another model of the same provider already has."""
    out = builder.config.out
    mine, other = [m for m in models_of(builder.config.catalog) if m.parent.name == "provider-000"][:2]
    before = tree(out)
    taken = re.search(r"(?m)^name: (.*)$", other.read_text(encoding="utf-8")).group(1)
    text = mine.read_text(encoding="utf-8")
    mine.write_text(re.sub(r"(?m)^name: .*$", f"name: {taken}", text, count=1), encoding="utf-8")
    written = []
    builder.hooks.after_first_pages = lambda first: written.append(tree(out) != before)
    builder.rebuild(frozenset([mine]))
    assert written == [True]  # the first pages were written...
    assert not builder.ok and any("already used" in p.message for p in builder.state.problems)
    assert tree(out) == before  # ...and put back when the build failed
    mine.write_text(text, encoding="utf-8")
    builder.rebuild(frozenset([mine]))
    assert builder.ok
    assert tree(out) == clean_build(builder.config, tmp_path)


def test_a_page_gets_a_new_version_only_when_its_file_changed(tmp_path: Path) -> None:
    state = LiveState(tmp_path)
    assert state.page_version("/models/a/b/") == 0
    state.publish([], ["models/a/b/index.html", "llms.txt"])
    assert state.page_version("/models/a/b/") == 1
    assert state.page_version("/models/a/b/index.html") == 1
    assert state.page_version("/llms.txt") == 1
    assert state.page_version("/models/c/d/") == 0
    assert state.page_version("/") == 0
    state.publish([], ["index.html"])
    assert state.page_version("/") == 2 and state.page_version("/models/a/b/") == 1
    problem = Problem("catalog/x.yaml", 1, 1, "", "broken", "fix it")
    state.publish([problem], [])
    assert state.page_version("/models/c/d/") == 3  # the problems changed: every page
    state.publish([problem], [])
    assert state.page_version("/models/c/d/") == 3
    assert state.page_version(None) == 4  # a page that does not say its path: every change


def test_reload_events_come_only_to_the_pages_that_changed(live) -> None:
    catalog, _out, port, builder = live
    model = models_of(catalog)[0]
    edited = f"/models/{model.parent.name}/{model.stem}/"
    streams = {}
    for page in (edited, "/404.html"):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(f"GET /__events?path={quote(page)} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        lines = sock.makefile("rb")
        while lines.readline().strip():
            pass  # the response head
        assert lines.readline().decode().startswith("data: ")
        lines.readline()
        streams[page] = (sock, lines)
    rename(model, "Reloaded")
    line = streams[edited][1].readline().decode()
    while not line.startswith("data: "):
        line = streams[edited][1].readline().decode()
    assert wait_for(lambda: builder.idle.is_set() and builder.ok)
    sock, unchanged = streams["/404.html"]
    sock.settimeout(1.5)
    lines = []
    try:
        while True:
            lines.append(unchanged.readline().decode())
    except TimeoutError:
        pass
    assert lines and not any(line.startswith("data: ") for line in lines), lines
    for sock, _lines in streams.values():
        sock.close()
