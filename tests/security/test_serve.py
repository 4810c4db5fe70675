"""`serve` listens on 127.0.0.1 only, so the preview of a contributor's branch is never
reachable from the network (path traversal answered 404: tests/build/test_serve.py).

The listening socket is read from the kernel's table (/proc/net/tcp and tcp6), not
from the server object, so a later change of the bind address cannot slip by.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from support.synthetic import make_catalog

from generator.build.config import Config
from generator.build.serve import serve

LISTEN = "0A"


def listening_addresses(port: int) -> list[str]:
    """The local addresses of every socket listening on `port`, as the kernel lists them."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text(encoding="ascii").splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == LISTEN and int(hex_port, 16) == port:
                found.append(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the Linux kernel's socket table")
def test_serve_listens_on_loopback_only(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 2, providers=1)
    config = Config(catalog=catalog, out=tmp_path / "site", cache=tmp_path / ".cache", jobs=1)
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve, args=(config, 0, ready, stop), daemon=True)
    thread.start()
    try:
        assert ready.wait(60), "serve did not start"
        addresses = listening_addresses(ready.port)  # type: ignore[attr-defined]
    finally:
        stop.set()
        thread.join(10)
    assert addresses == ["0100007F"]  # 127.0.0.1, little-endian hex; no 0.0.0.0, no IPv6 wildcard
