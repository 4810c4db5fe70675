"""What the build remembers between runs, in the cache folder (default `.cache/`).

- the input stamp of the last successful build: every input file's path, size and
  modification time, plus the build settings; if nothing differs, there is nothing
  to do (no file is parsed);
- the render memo (engine.RenderMemo): which job fingerprint produced each output.

Everything here is an optimisation: a missing, stale or corrupt cache only makes
the next build slower, never different. `build --clean` ignores it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

CACHE_VERSION = 1


RACY_NS = 2_000_000_000  # a file changed this recently may change again within one mtime tick


def input_stamp(roots: list[Path], settings: tuple[Any, ...]) -> str | None:
    """A digest of every file's path, size and mtime under `roots`, and of `settings`;
    cheap: one stat per file, no file is read. None when a file changed so recently
    that a second change could keep the same mtime (then only content decides)."""
    h = hashlib.sha256(repr((CACHE_VERSION, settings)).encode())
    newest = 0
    for root in roots:
        h.update(b"\0root\0" + os.fsencode(root))
        for entry in _walk(root):
            try:
                st = entry.stat()
            except OSError:
                continue
            newest = max(newest, st.st_mtime_ns)
            h.update(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return None if newest > time.time_ns() - RACY_NS else h.hexdigest()


def _walk(root: Path):
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        else:
            yield entry


def read(cache: Path, name: str) -> Any:
    """A cache entry, or None when it is missing, unreadable or of another version."""
    return read_versioned(cache / name, CACHE_VERSION)


def write(cache: Path, name: str, value: Any) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs speed next time
        write_versioned(cache / name, CACHE_VERSION, value)


def read_versioned(path: Path, version: int) -> Any:
    """The value pickled at `path` with `version`, else None (missing, corrupt, other version)."""
    try:
        with path.open("rb") as file:  # unpickled as it is read: the file's bytes are never all held
            found, value = pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return None
    return value if found == version else None


def write_versioned(path: Path, version: int, value: Any) -> None:
    """Pickle (version, value) to `path` by replacing it whole; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # per process: two writers never share one
    with tmp.open("wb") as file:  # written as it is pickled, frame by frame, rather than built whole first
        pickle.dump((version, value), file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
