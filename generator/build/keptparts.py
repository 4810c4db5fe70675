"""A single build's lasting parts, kept in the cache folder for the next process.

A lasting part (render.each: one model's entry in api/models.json, its line in
llms.txt, its rows in a price list) is a function of its arguments alone. `serve` keeps
such parts in memory by the identity of their records (engine.PartStore); a new process
has no such identity, so here each part is keyed by content instead: the code salt, the
part's function and the digest of each argument (the engine's Fingerprinter, which
already trusts the cached digests of unchanged records). Each job that declares lasting
parts keeps them in a file of its own under `parts/` (named from the job's path), read
and rewritten by whichever process renders the job, a worker or the main process: so
nothing travels between processes, and the next build after an edit makes only the
edited model's pieces and joins the rest. Like every cache entry this only saves time:
a missing or corrupt file costs the parts of its job.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.build import cache
from generator.render import Job, PartMemory

FOLDER = "parts"  # under the cache folder: one file per job with lasting parts

Digest = Callable[[object], bytes]  # the Fingerprinter's digest of one argument


def file_of(path: str) -> str:
    """The cache entry of one job's lasting parts."""
    return f"{FOLDER}/{hashlib.sha256(path.encode()).hexdigest()[:24]}"


def has_lasting(job: Job) -> bool:
    return any(p.lasting for p in job.parts)


class KeptParts:
    """The lasting parts of one job, by content key, as the last build of that job left
    them (`read`: False for `build --clean`, which trusts no cache but still leaves one)."""

    def __init__(self, cache_dir: Path, salt: str, digest: Digest, read: bool = True) -> None:
        self.cache_dir, self.salt, self.digest, self.read = cache_dir, salt.encode(), digest, read
        self._starts: dict[Callable[..., Any], Any] = {}  # per part function: the hash of the salt and its name

    def memory(self, job: Job, fallback: PartMemory) -> tuple[PartMemory, Callable[[], None]]:
        """The part memory to run `job` with (lasting parts from the job's file, the others
        from `fallback`) and the function that saves the job's file once it has run: only
        the parts it used, and only when some were new or some went unused."""
        name = file_of(job.path)
        found = cache.read(self.cache_dir, name) if self.read else None
        known: dict[bytes, Any] = found if isinstance(found, dict) else {}
        used: dict[bytes, Any] = {}
        made = [0]

        def value(fn: Callable[..., Any], args: tuple[Any, ...], lasting: bool, shared: bool = False) -> Any:
            if not lasting:
                return fallback(fn, args, lasting, shared)
            key = self.key(fn, args)
            if key in used:
                return used[key]
            if key in known:
                result = known[key]
            else:
                result = fn(*args)
                made[0] += 1
            used[key] = result
            return result

        def save() -> None:
            if made[0] or len(used) != len(known):
                cache.write(self.cache_dir, name, used)

        return value, save

    def key(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
        start = self._starts.get(fn)
        if start is None:
            start = self._starts[fn] = hashlib.sha256(self.salt + f"\0{fn.__module__}.{fn.__qualname__}\0".encode())
        h = start.copy()
        for arg in args:
            h.update(self.digest(arg))
        return h.digest()[:20]


def forget_others(cache_dir: Path, jobs: Iterable[Job]) -> None:
    """Remove the files of jobs no longer in the site (a listing that lost its last page)."""
    keep = {file_of(job.path).rpartition("/")[2] for job in jobs if has_lasting(job)}
    try:
        names = os.listdir(cache_dir / FOLDER)
    except OSError:
        return
    for name in names:
        if name not in keep:
            with contextlib.suppress(OSError):
                os.unlink(cache_dir / FOLDER / name)
