"""One build at a time per output folder.

Every build (and `serve`) of an output folder holds an exclusive lock on one file in
its cache folder (`<cache>/<out>.lock`) from the freshness check to the swap, so two
builds of one `--out` run one after the other instead of racing over the spare tree
and the state. The lock is `flock(2)`: the kernel drops it when its holder dies (even
by SIGKILL), so a killed build never leaves a stale lock. Forked render workers share
the locked file, so the lock outlives a killed build only until its workers die too
(parallel.py makes them): none can still be writing into the spare tree when the next
build takes it. The file is never removed (removing it would let two processes lock
two different files of one name). The holder writes its process id into the file so
that a waiting build can name it.

Within one process the lock is reentrant (`serve` holds it around a first write and
then builds) and threads of the process take turns: each lock file has one
`threading.RLock` and a count of how deeply its owner holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.write import WriteError


class LockBusy(WriteError):
    """Another process builds the same output and the caller asked not to wait."""


@dataclass
class _Held:
    """This process's hold on one lock file."""

    turn: threading.RLock = field(default_factory=threading.RLock)  # threads of this process take turns
    depth: int = 0  # how many `output_lock` blocks of the owning thread are open
    fd: int = -1


_registry: dict[str, _Held] = {}
_registry_guard = threading.Lock()


def lock_path(out: Path, cache: Path) -> Path:
    return cache.absolute() / f"{out.absolute().name}.lock"


@contextmanager
def output_lock(
    out: Path, cache: Path, *, wait: bool = True, say: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock on `out` and its `cache` for the block. When another process holds
    it: with `wait`, tell `say` once and wait; without, raise LockBusy naming it."""
    path = lock_path(out, cache)
    with _registry_guard:
        held = _registry.setdefault(str(path), _Held())
    with held.turn:  # another thread of this process building the same output: wait for it
        if held.depth == 0:
            held.fd = _acquire(path, _display(out), wait, say)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                os.close(held.fd)  # releases the flock
                held.fd = -1


def _display(out: Path) -> str:
    """The output folder as the user wrote it, as a folder: 'site/'."""
    text = str(out)
    return text if text.endswith("/") else f"{text}/"


def _acquire(path: Path, shown: str, wait: bool, say: Callable[[str], None] | None) -> int:
    """Open and flock the lock file, then write our PID into it; returns the descriptor."""
    told = False
    while True:
        fd = _open(path, shown)
        try:
            if not _try_flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB):
                holder = _holder(fd)
                if not wait:
                    raise LockBusy(
                        f"the build of {shown} by {holder} is running; wait for it or run again without --no-wait"
                    )
                if not told and say is not None:
                    say(f"waiting for the build of {shown} by {holder}")
                    told = True
                _try_flock(fd, fcntl.LOCK_EX)
            if _is_current(fd, path):
                _write_pid(fd)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the file was removed or replaced while we waited: lock the one there now


def _open(path: Path, shown: str) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        try:  # a read-only cache still locks (without our PID); the writer then says what fails
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            raise WriteError(
                f"cannot write {shown}: cannot create the lock file {path}: {exc.strerror or exc}; "
                "the previous site is unchanged"
            ) from exc


def _try_flock(fd: int, operation: int) -> bool:
    while True:
        try:
            fcntl.flock(fd, operation)
            return True
        except BlockingIOError:
            return False
        except InterruptedError:
            continue


def _is_current(fd: int, path: Path) -> bool:
    """Is the locked file still the one at `path`? (Someone may have removed the cache.)"""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _holder(fd: int) -> str:
    """'process N' from the lock file, or 'another process' when it holds no readable PID."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "another process"
    return f"process {int(text)}" if text.isdigit() and 0 < len(text) <= 7 and int(text) > 0 else "another process"


def _write_pid(fd: int) -> None:
    """Always 8 bytes, over the previous holder's: no truncation (on ext4, truncating and
    rewriting a file makes its close wait for the disk)."""
    with contextlib.suppress(OSError):  # only informative: a read-only or full cache still locks
        os.pwrite(fd, f"{os.getpid():>7}\n".encode(), 0)
