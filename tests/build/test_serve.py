"""`serve`: live rebuild on change, problems shown in the browser, recovery, reload
events, and no request can reach a file outside the output directory."""

from __future__ import annotations

import http.client
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from support.synthetic import make_catalog

from generator.build.config import Config
from generator.build.serve import resolve_request, serve

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
    yield catalog, out, ready.port  # type: ignore[attr-defined]
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
    catalog, out, port = live
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
    catalog, _out, port = live
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
    _catalog, out, port = live
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
