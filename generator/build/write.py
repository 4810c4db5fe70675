"""The only module that writes the output directory.

Double buffering: beside the live site (`out`) the writer keeps a spare tree
(`<cache>/<name>.spare`) holding the generation before it. A build brings the
spare up to date, touching only files that differ from it (unchanged files are
hard-linked from the live tree), then exchanges the two directories in one
atomic rename (Linux renameat2 RENAME_EXCHANGE). Until that rename the live site
is never touched, so a build that fails, is interrupted or is killed with
SIGKILL at any moment leaves the previous site complete and unchanged; the cost
of a build is proportional to what changed, not to the size of the site.

A directory is only ever replaced if it is new, empty, or carries our marker
file, so `--out .` can never swap away a source tree. The marker's content never
changes (it is published with the site, so a deploy must not see it change); what
the writer knows between builds is kept in the cache folder, with the identity of
the live folder it describes (see `site_identity`).

The caller holds the output lock (lock.py) around a build: the writer assumes no
other process writes the same output or cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.cache import read_versioned, write_versioned
from generator.build.parallel import libc

MARKER = ".catalog-build"
MARKER_TEXT = "made by aigateway-catalog; this folder is replaced on every build\n"
STATE_VERSION = 3

SiteIdentity = tuple[int, int, int]  # (st_dev, st_ino, st_ctime_ns) of the live folder


class WriteError(Exception):
    """The output cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class Output:
    """One file of the site. `data` None means: the same bytes as in the live site."""

    path: str
    digest: str  # sha256 hex of the bytes
    data: bytes | None = None


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes changed since the previous build
    unchanged: int
    removed: int
    bytes: int  # total size of the site
    changed: frozenset[str] = frozenset()  # paths whose bytes changed (or that were removed): what to reload


@dataclass
class _State:
    """What the writer knows between builds; kept in the cache folder."""

    generation: int = 0  # how many generations this cache has swapped in
    live: dict[str, tuple[str, int]] = field(default_factory=dict)  # path -> (digest, size)
    spare: dict[str, tuple[str, int]] | None = None  # None: the spare is unknown or dirty
    site: SiteIdentity | None = None  # the live folder `live` describes, as it was after the swap


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_SAFE_PATH = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*")


def is_safe_output_path(path: str) -> bool:
    """Relative, '/'-separated, normalized, portable: segments of ASCII letters, digits
    and '._~-' that do not start with a dot (so no '.', '..' or hidden files), and not
    the marker."""
    return _SAFE_PATH.fullmatch(path) is not None and path != MARKER


def check_outputs(paths: Iterable[str]) -> list[str]:
    """Reasons the planned outputs cannot be written (unsafe or duplicate paths)."""
    reasons, seen = [], set()
    for path in paths:
        if not is_safe_output_path(path):
            reasons.append(f"unsafe output path {path!r}")
        elif path in seen:
            reasons.append(f"two outputs claim the same path {path!r}")
        seen.add(path)
    return reasons


class SiteWriter:
    """Writes one generation of the site at `out`, using `cache` for its state."""

    def __init__(self, out: Path, cache: Path, clean: bool = False) -> None:
        self.out = out.absolute()
        self.cache = cache.absolute()
        self.spare_dir = self.cache / f"{self.out.name}.spare"
        self.state_file = self.cache / f"{self.out.name}.state"
        _refuse_foreign_directory(self.out)
        self.state = _State() if clean else self._load_state()

    # -------------------------------------------------------------- state

    def _load_state(self) -> _State:
        state = read_versioned(self.state_file, STATE_VERSION)
        if not isinstance(state, _State) or state.site is None or site_identity(self.out) != state.site:
            return _State()  # none yet, the site changed behind our back, or a build died mid-swap
        return state

    def _save_state(self) -> None:
        write_versioned(self.state_file, STATE_VERSION, self.state)  # unlike the caches, must not fail silently

    def live_digest(self, path: str) -> str | None:
        entry = self.state.live.get(path)
        return entry[0] if entry else None

    # -------------------------------------------------------------- writing

    @contextmanager
    def transaction(self, render: Callable[[str], bytes]) -> Iterator[Transaction]:
        """Write outputs one by one (and read back the ones already written); on leaving the
        block without an error, the new generation is swapped in."""
        try:
            transaction = Transaction(self, self._prepare_spare(), render)
            self.state.spare = None
            self._save_state()  # the spare is dirty from here until the swap is recorded
            yield transaction
            transaction.commit()
        except OSError as exc:
            raise WriteError(f"cannot write {self.out}: {exc.strerror or exc}; the previous site is unchanged") from exc

    def _prepare_spare(self) -> dict[str, tuple[str, int]]:
        """The spare's manifest; an unknown spare is emptied first."""
        if self.state.spare is not None and self.spare_dir.is_dir():
            return self.state.spare
        if self.spare_dir.exists():
            shutil.rmtree(self.spare_dir)
        self.spare_dir.mkdir(parents=True)
        return {}

    def _write_spare_file(
        self, output: Output, spare: dict[str, tuple[str, int]], render: Callable[[str], bytes], folders: set[str]
    ) -> int:
        """Make spare/<path> hold the output's bytes; returns its size. `folders` are
        the folders known to exist in the spare already."""
        have = spare.get(output.path)
        if have is not None and have[0] == output.digest:
            return have[1]
        target = os.path.join(self.spare_dir, output.path)
        _make_folder(os.path.dirname(target), folders)
        live_copy = os.path.join(self.out, output.path)
        if output.data is None and self.live_digest(output.path) == output.digest and _link(live_copy, target):
            return self.state.live[output.path][1]
        data = output.data if output.data is not None else render(output.path)
        _write(target, data)
        return len(data)

    def _swap(self) -> None:
        if not self.out.exists():
            os.rename(self.spare_dir, self.out)
            self.spare_dir.mkdir()
        elif not _exchange(self.spare_dir, self.out):
            old = self.cache / f"{self.out.name}.old"
            if old.exists():
                shutil.rmtree(old)
            os.rename(self.out, old)
            os.rename(self.spare_dir, self.out)
            os.rename(old, self.spare_dir)

    def write_live(self, outputs: Iterable[Output]) -> None:
        """Replace files of the live site itself, one at a time (`serve` writes the edited
        model's pages before the build that follows). Each is written beside its target and
        renamed over it, so a reader sees the old or the new bytes, never a torn file; the
        rename replaces the directory entry, not the inode, which the spare tree may share
        (hard link), so the spare keeps the previous generation. Each output must have
        `data`, and its path must already be live. The state learns the new digests, so
        the next transaction links or copies correctly."""
        try:
            for output in outputs:
                if output.data is None or not is_safe_output_path(output.path) or output.path not in self.state.live:
                    raise WriteError(f"refusing to write {output.path!r} into the live site: not a live output")
                _replace(os.path.join(self.out, output.path), [output.data])
                self.state.live[output.path] = (output.digest, len(output.data))
        except OSError as exc:
            raise WriteError(f"cannot write {self.out}: {exc.strerror or exc}") from exc
        finally:
            self.state.site = site_identity(self.out)  # a rename in the top folder changes its time
            self._save_state()


class Transaction:
    """One generation being assembled in the spare tree."""

    def __init__(self, writer: SiteWriter, spare: dict[str, tuple[str, int]], render: Callable[[str], bytes]) -> None:
        self.writer, self.spare, self.render = writer, spare, render
        self.folders: set[str] = set()  # folders of the spare tree known to exist
        self.wanted: dict[str, tuple[str, int]] = {}
        self.written = self.unchanged = self.total = 0
        self.report = WriteReport(0, 0, 0, 0)

    def write(self, output: Output) -> None:
        """Write one file into the spare tree and record it."""
        self.record(output.path, output.digest, self.write_file(output))

    def write_file(self, output: Output, render: Callable[[str], bytes] | None = None) -> int:
        """Write one file into the spare tree (safe in a worker process: it keeps no
        account); returns its size. `record()` must follow, in the main process."""
        if not is_safe_output_path(output.path):
            raise WriteError(f"refusing to write {output.path!r}: unsafe output path")
        return self.writer._write_spare_file(output, self.spare, render or self.render, self.folders)

    def record(self, path: str, digest: str, size: int) -> None:
        """Account for a file `write_file()` wrote."""
        if not is_safe_output_path(path) or path in self.wanted:
            raise WriteError(f"refusing to write {path!r}: unsafe or duplicate output path")
        self._count(path, digest, size)

    def _count(self, path: str, digest: str, size: int) -> None:
        self.wanted[path] = (digest, size)
        self.total += size
        if self.writer.live_digest(path) == digest:
            self.unchanged += 1
        else:
            self.written += 1

    def write_chunks(self, path: str, chunks: Iterable[bytes]) -> str:
        """Write an output given in chunks, hashing as it goes; returns its digest."""
        if not is_safe_output_path(path) or path in self.wanted:
            raise WriteError(f"refusing to write {path!r}: unsafe or duplicate output path")
        target = os.path.join(self.writer.spare_dir, path)
        _make_folder(os.path.dirname(target), self.folders)
        digest, size = hashlib.sha256(), 0

        def hashed() -> Iterator[bytes]:
            nonlocal size
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                yield chunk

        _replace(target, hashed())
        self._count(path, digest.hexdigest(), size)
        return digest.hexdigest()

    def digest(self, path: str) -> str:
        """The digest of what was written at `path` in this generation."""
        return self.wanted[path][0]

    def size(self, path: str) -> int:
        """The size of what was written at `path` in this generation."""
        return self.wanted[path][1]

    def read(self, path: str) -> bytes:
        """The bytes already written at `path` in this generation."""
        if path not in self.wanted:
            raise KeyError(path)
        return (self.writer.spare_dir / path).read_bytes()

    def commit(self) -> None:
        writer, live = self.writer, self.writer.state.live
        for path in set(self.spare) - set(self.wanted):
            _remove(writer.spare_dir, path)
        _replace(os.path.join(writer.spare_dir, MARKER), [MARKER_TEXT.encode()])  # a new entry: a new ctime
        writer._swap()
        removed = len(set(live) - set(self.wanted))
        site = site_identity(writer.out)
        writer.state = _State(writer.state.generation + 1, self.wanted, dict(live) if live else None, site)
        writer._save_state()
        changed = {p for p, (digest, _size) in self.wanted.items() if live.get(p, ("",))[0] != digest}
        changed.update(set(live) - set(self.wanted))
        self.report = WriteReport(self.written, self.unchanged, removed, self.total, frozenset(changed))


def _refuse_foreign_directory(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise WriteError(f"{out} exists and is not a directory; choose another --out")
    if out.is_dir() and not (out / MARKER).exists() and any(out.iterdir()):
        raise WriteError(
            f"{out} is not empty and was not made by this tool (no {MARKER} file); "
            "choose an empty or new --out directory"
        )


def site_identity(out: Path) -> SiteIdentity | None:
    """Which folder is live at `out`, in one `stat`: its inode, and the time of its last
    change, so that each generation differs (the swap only alternates two inodes; renaming
    the marker into the spare, and the swap itself, set the folder's change time), and so
    does a site replaced or touched behind our back. None when there is none."""
    try:
        st = os.stat(out)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_ctime_ns)


def _make_folder(folder: str, known: set[str]) -> None:
    if folder not in known:
        os.makedirs(folder, exist_ok=True)
        known.add(folder)


def _write(target: str, data: bytes) -> None:
    """A new file is created in place (the spare is not live; a build that dies leaves it
    marked dirty, and it is emptied before the next use). An existing one is replaced by
    a rename, never rewritten: its inode may be shared with the live tree (hard link)."""
    try:
        handle = open(target, "xb")  # noqa: SIM115 - closed below
    except FileExistsError:
        _replace(target, [data])
        return
    with handle:
        handle.write(data)


def _replace(target: str, chunks: Iterable[bytes]) -> None:
    """Write beside `target` under a temporary name, then rename over it: the directory
    entry is replaced, never the inode (the live tree may share it)."""
    tmp = _temporary(target)
    with open(tmp, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    os.replace(tmp, target)


def _temporary(target: str) -> str:
    return os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.tmp")


def _link(source: str, target: str) -> bool:
    """Hard-link the live copy into the spare (replacing what is there)."""
    try:
        os.link(source, target)
        return True
    except FileExistsError:
        pass
    except OSError:
        return False
    tmp = _temporary(target)
    try:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        os.link(source, tmp)
        os.replace(tmp, target)
        return True
    except OSError:
        return False


def _remove(root: Path, path: str) -> None:
    target = root / path
    try:
        target.unlink()
    except FileNotFoundError:
        return
    parent = target.parent
    while parent != root:
        try:
            parent.rmdir()  # only succeeds when empty
        except OSError:
            break
        parent = parent.parent


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux 3.15+); False where unsupported."""
    renameat2 = getattr(libc(), "renameat2", None)  # None without a C library too
    if renameat2 is None:
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
