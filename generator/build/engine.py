"""Run render jobs incrementally and in parallel.

A job's output depends only on its function, its arguments and the templates
(see render/__init__.py), so a job whose fingerprint matches the previous
build's is not run again: its bytes are already in the live site. The
fingerprints live in memory (a `serve` session) and in the cache folder (the
next `build`). On a large site, worker processes fingerprint, render and write
the jobs' files themselves, so pages never travel between processes and memory
stays bounded however large the site is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build.keptparts import KeptParts, has_lasting
from generator.build.parallel import forked_imap
from generator.build.write import Output, Transaction, digest_of
from generator.paths import PACKAGE
from generator.render import Inputs, Job, PartMemory

PARALLEL_JOBS = 300  # from this many jobs on, a single build runs them in worker processes
SLICES_PER_WORKER = 16  # small enough slices that a worker given the big aggregates does not hold up the rest
SOURCE_ROOT = PACKAGE
RECORDS = "generator.catalog.records"  # records (Model, Site, ...) are digested whole; containers of them are split


@dataclass
class RenderMemo:
    """Per output path: the fingerprint of the job that wrote it and its digest."""

    salt: str = ""
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (fingerprint, digest)


def code_salt(templates: Path, overrides: Path | None = None) -> str:
    """Changes whenever the generator's code, its templates, the catalog's template
    overrides or Python change."""
    h = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    for root in (SOURCE_ROOT, templates, *([overrides] if overrides else [])):
        h.update(b"\0root\0" if root != overrides else b"\0overrides\0")
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (
                ".py",
                ".json",
                ".html",
                ".md",
                ".css",
                ".js",
                ".txt",
                ".xml",
                ".svg",
            ):
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


_PLAIN = (str, int, float, bool, type(None), bytes)
RecordDigests = dict[int, tuple[object, bytes]]  # id -> (record, digest): a `serve` session keeps them


class Fingerprinter:
    """sha256 of a job's function and arguments, from their repr(): canonical for the
    frozen dataclasses, tuples, strings, numbers, decimals and dates jobs take (pickle
    is not: its bytes depend on which equal objects happen to be shared). Each
    distinct object is digested once per build (a model is in many pages' arguments);
    records (Model, Provider, Site) that a `serve` session reuses unchanged from the
    previous build keep that build's digest (`known`)."""

    def __init__(self, salt: str, known: RecordDigests | None = None) -> None:
        self.salt = salt.encode()
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._known = known or {}
        self.records: RecordDigests = {}  # the records digested in this build: the next build's `known`

    def of(self, job: Job) -> str:
        h = hashlib.sha256(self.salt)
        h.update(f"{job.fn.__module__}.{job.fn.__qualname__}".encode())
        for arg in job.args:
            h.update(self.digest(arg))
        return h.hexdigest()

    def learn(self, records: Iterable[object]) -> None:
        """Digest these records now (before workers fork, so they inherit the digests)."""
        for record in records:
            self.digest(record)

    def digest(self, value: object) -> bytes:
        """Tuples and dataclasses are digested field by field, so an object shared by
        many jobs (a model in related lists, the site) is digested only once."""
        key = id(value)
        hit = self._memo.get(key)
        if hit is not None and hit[0] is value:
            return hit[1]
        if isinstance(value, tuple) and len(value) > 1:
            digest = hashlib.sha256(b"(" + b"".join(self.digest(v) for v in value)).digest()
        elif type(value).__module__ == RECORDS:
            known = self._known.get(key)
            digest = (
                known[1] if known is not None and known[0] is value else hashlib.sha256(repr(value).encode()).digest()
            )
            self.records[key] = (value, digest)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            parts = [type(value).__qualname__.encode()] + [
                self.digest(getattr(value, f.name)) for f in dataclasses.fields(value)
            ]
            digest = hashlib.sha256(b"\0".join(parts)).digest()
        else:
            digest = hashlib.sha256(repr(value).encode()).digest()
            if isinstance(value, _PLAIN):
                return digest  # cheap to digest again: not worth the memory of remembering
        self._memo[key] = (value, digest)  # keeps value alive, so its id stays unique
        return digest


_VALUES = (str, int, float, bool, type(None))


class PartStore:
    """The engine's memory of jobs' parts (render.Part), looked up by function and the
    identity of each argument (the value, for strings, numbers and None); the arguments
    are kept with the value, so an id is never reused while it is remembered.

    A lasting part (a model's piece of an aggregate) is kept between builds when the
    store is `lasting` (a `serve` session: an unchanged model is the same object from
    build to build), until its records leave the catalog (`keep_only`). A shared part
    (the header of every model page, one model's row in the lists of related models) is
    kept until the build ends (`keep_only` starts the next), so each is made once per
    build, or once per worker process. Any other part is kept only among the last few
    asked for: enough for a page and its Markdown twin, whose jobs are neighbours in
    path order, to share one content build. Parts made in forked workers are simply
    lost, never wrong. Callers treat parts as read-only."""

    RECENT = 8

    def __init__(self, lasting: bool) -> None:
        self.lasting = lasting
        self._kept: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}
        self._shared: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}
        self._recent: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}

    def value(self, fn: Callable[..., Any], args: tuple[Any, ...], lasting: bool, shared: bool = False) -> Any:
        store = self._kept if lasting and self.lasting else self._shared if shared else self._recent
        key = (fn, *((type(a), a) if isinstance(a, _VALUES) else id(a) for a in args))
        hit = store.get(key)
        if hit is not None and all(a is b or isinstance(a, _VALUES) for a, b in zip(hit[0], args, strict=True)):
            return hit[1]
        value = fn(*args)
        store[key] = (args, value)
        if store is self._recent and len(store) > self.RECENT:
            del store[next(iter(store))]
        return value

    def keep_only(self, records: Iterable[object]) -> None:
        """Forget the parts of records that are not among `records` (the catalog's site,
        providers and models), and every part that lasts only a build."""
        self._recent.clear()
        self._shared.clear()
        alive = {id(r) for r in records}
        for key, (args, _value) in list(self._kept.items()):
            if not all(isinstance(a, _VALUES) or id(a) in alive for a in args):
                del self._kept[key]


@dataclass
class RunStats:
    rendered: int = 0
    reused: int = 0


class Renderer:
    """Turns jobs into files of the transaction, rendering only what changed.

    Plain jobs go through `run()`: each is fingerprinted, rendered when its
    fingerprint is new, and written into the spare tree, all in worker processes
    when the site is large (only the path, fingerprint, digest and size travel
    back). A job with `inputs` (an aggregate of other outputs, such as
    llms-full.txt) goes through `composite()` afterwards, reading those outputs
    back instead of rendering them again; its fingerprint includes their digests."""

    def __init__(
        self,
        memo: RenderMemo,
        salt: str,
        workers: int,
        live_digest: Callable[[str], str | None],
        progress: Callable[[int], None] = lambda n: None,
        known: RecordDigests | None = None,
        parts: PartStore | None = None,
        kept: Path | None = None,
        read_kept: bool = True,
    ) -> None:
        """`kept`: the cache folder where a single build keeps its jobs' lasting parts for the
        next process (keptparts.py); `read_kept`: False to leave them without trusting them."""
        self.memo, self.salt, self.workers = memo, salt, workers
        self.parts = parts or PartStore(lasting=False)
        self.live_digest, self.progress = live_digest, progress
        self.fingerprints = Fingerprinter(salt, known)
        self.kept = (
            KeptParts(kept, salt, self.fingerprints.digest, read_kept)
            if kept is not None and not self.parts.lasting
            else None
        )
        self.warm = bool(known) and memo.salt == salt and bool(memo.entries)
        self.entries: dict[str, tuple[str, str]] = {}  # the new memo
        self.stats = RunStats()
        self.done = 0
        self._by_path: dict[str, Job] = {}
        self._transaction: Transaction | None = None

    def write_all(self, jobs: list[Job], transaction: Transaction) -> None:
        """Every job's file into `transaction`: the plain jobs, then the aggregates of them."""
        self._by_path, self._transaction = {job.path: job for job in jobs}, transaction
        try:
            self.run([job for job in jobs if not job.inputs], transaction)
            for job in jobs:
                if job.inputs:
                    self.composite(job, transaction)
        finally:  # the transaction holds `rerender`: a cycle that would keep this build's jobs alive
            self._by_path, self._transaction = {}, None

    def rerender(self, path: str) -> bytes:
        """The bytes of an output whose fingerprint was unchanged but whose live copy is gone."""
        job = self._by_path[path]
        if not job.inputs:
            return self.render(job)
        assert self._transaction is not None
        value, save = self._memory(job)
        data = b"".join(job.assemble(_inputs(job, self._transaction), value))
        save()
        return data

    def _previous(self, path: str, fingerprint: str) -> str | None:
        """The digest of the live output if `fingerprint` made it, else None."""
        if self.memo.salt != self.salt:
            return None
        previous = self.memo.entries.get(path)
        if previous and previous[0] == fingerprint and self.live_digest(path) == previous[1]:
            return previous[1]
        return None

    def run(self, jobs: list[Job], transaction: Transaction) -> None:
        """A single build of a large site sends every job to the workers, which fingerprint
        it (with the record digests the cache kept, when warm) and render it only when it
        changed: fingerprinting is then shared by every core too. The aggregates go first, so
        that a worker given one does not hold up the end. Otherwise (`serve`, whose lasting
        parts would be lost in a worker, or a small site) this process fingerprints every job
        and renders what changed, in workers only when that is most of a large site."""
        if len(jobs) >= PARALLEL_JOBS and not self.parts.lasting:
            todo: list[tuple[Job, str | None]] = [(job, None) for job in sorted(jobs, key=_aggregates_first)]
            workers = self.workers
        else:
            todo = []
            for job in jobs:
                if not self.warm:  # nothing to reuse is known yet: _render_and_write fingerprints
                    todo.append((job, None))
                    continue
                fingerprint = self.fingerprints.of(job)
                digest = self._previous(job.path, fingerprint)
                if digest is None:
                    todo.append((job, fingerprint))
                else:
                    transaction.write(Output(job.path, digest))
                    self._record(job.path, fingerprint, digest, rendered=False)
            workers = self.workers if len(todo) >= PARALLEL_JOBS else 1  # `serve` after a template edit
        write = partial(self._render_and_write, transaction)
        for path, fingerprint, digest, size, rendered in forked_imap(write, todo, workers, SLICES_PER_WORKER):
            transaction.record(path, digest, size)
            self._record(path, fingerprint, digest, rendered)

    def render(self, job: Job) -> bytes:
        """A plain job's bytes, its parts taken from (and left in) the part store, or the
        lasting ones from the job's kept parts."""
        value, save = self._memory(job)
        data = job.run(value)
        save()
        return data

    def _memory(self, job: Job) -> tuple[PartMemory, Callable[[], None]]:
        """The part memory to run `job` with, and what to call once it has run."""
        if self.kept is None or not has_lasting(job):
            return self.parts.value, _nothing
        return self.kept.memory(job, self.parts.value)

    def _render_and_write(
        self, transaction: Transaction, item: tuple[Job, str | None]
    ) -> tuple[str, str, str, int, bool]:
        """May run in a worker: (path, fingerprint, digest, size, rendered?) of one job's
        file. A job comes with its fingerprint when it is known to have changed."""
        job, fingerprint = item
        if fingerprint is None:
            fingerprint = self.fingerprints.of(job)
            digest = self._previous(job.path, fingerprint)
            if digest is not None:
                size = transaction.write_file(Output(job.path, digest), lambda _path: self.render(job))
                return job.path, fingerprint, digest, size, False
        data = self.render(job)
        digest = digest_of(data)
        return job.path, fingerprint, digest, transaction.write_file(Output(job.path, digest, data)), True

    def composite(self, job: Job, transaction: Transaction) -> None:
        """Write an aggregate of other outputs (already written in `transaction`). Its function
        gets their bytes one by one and may return its own bytes in chunks, so a large
        aggregate (llms-full.txt) streams to disk instead of being held in memory."""
        h = hashlib.sha256(self.fingerprints.of(job).encode())
        for path in job.inputs:
            h.update(f"\0{path}\0{transaction.digest(path)}".encode())
        fingerprint = h.hexdigest()
        digest = self._previous(job.path, fingerprint)
        if digest is not None:
            transaction.write(Output(job.path, digest))
            self._record(job.path, fingerprint, digest, rendered=False)
            return
        value, save = self._memory(job)
        chunks = job.assemble(_inputs(job, transaction), value)
        digest = transaction.write_chunks(job.path, chunks)
        save()
        self._record(job.path, fingerprint, digest, rendered=True)

    def _record(self, path: str, fingerprint: str, digest: str, rendered: bool) -> None:
        self.entries[path] = (fingerprint, digest)
        self.memo.entries.pop(path, None)  # asked for once: its strings are freed now, not when the build ends
        if rendered:
            self.stats.rendered += 1
        else:
            self.stats.reused += 1
        self.done += 1
        if self.done % 100 == 0:
            self.progress(self.done)

    def finish(self) -> RenderMemo:
        self.progress(self.done)
        return RenderMemo(self.salt, self.entries)


def _inputs(job: Job, transaction: Transaction) -> Inputs:
    """The outputs an aggregate is made of, as this generation wrote them: sizes first."""
    return Inputs([transaction.size(p) for p in job.inputs], (transaction.read(p) for p in job.inputs))


def _nothing() -> None:
    return None


def _aggregates_first(job: Job) -> bool:
    """Sort key: jobs with lasting parts (aggregates of the catalog, the longest renders) first."""
    return not has_lasting(job)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
