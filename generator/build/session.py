"""What a process remembers between its builds, and the settings that make a build fast.

The one place that keeps state: the stages (catalog/, render/) are functions of
their inputs and meet this module only as arguments (a parse memo, a `map_each`, a
`make` for record objects, a part store). A single build (the CLI) starts from the
cache folder and saves into it; `serve` keeps one Session for its whole life.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build import cache
from generator.build.config import Config
from generator.build.engine import PartStore, RecordDigests, RenderMemo
from generator.build.parallel import Mapper
from generator.build.write import SiteWriter
from generator.catalog.load import LoadResult, ParseMemo, RawRecord
from generator.catalog.records import Model, RecordObject, record_object
from generator.catalog.validate import schema_digest, schema_valid_keys
from generator.render import Job

PARALLEL_FILES = 3000  # from this many files on, parse (and schema-check) them in worker processes
PARALLEL_RECORDS = 3000  # from this many records not yet known to be schema-valid, check them in workers
CHECK_SLICES = 8  # per worker: the checks differ in cost, so workers take a few at a time
SCHEMA_VALID = "schema-valid"  # cache entry: (schema digest, keys of records known to pass the schema)


class ObjectMemo:
    """Unchanged records keep their objects from build to build (a `serve` session): a
    site, provider or model whose raw record is the very object of the previous build
    (the file was not parsed again) and whose other inputs are equal is that build's
    object, so what is remembered by identity (digests, parts) stays valid."""

    def __init__(self) -> None:
        self._built: dict[tuple[str, str], tuple[RawRecord, tuple[Any, ...], RecordObject]] = {}
        self._previous: dict[tuple[str, str], tuple[RawRecord, tuple[Any, ...], RecordObject]] = {}

    def start(self) -> None:
        self._previous, self._built = self._built, {}

    def make(self, record: RawRecord, inputs: tuple[Any, ...]) -> RecordObject:
        key = (record.kind, record.ident)
        known = self._previous.get(key)
        if known is not None and known[0] is record and known[1] == inputs:
            obj = known[2]
        else:
            obj = record_object(record, inputs)
        self._built[key] = (record, inputs, obj)
        return obj

    def last_built(self, kind: str, ident: str) -> tuple[RawRecord, tuple[Any, ...], RecordObject] | None:
        """(raw record, inputs, object) of a record in the last catalog built, if it was in it."""
        return self._built.get((kind, ident))


@dataclass
class Session:
    """What one process remembers between its builds (`serve`); a new process starts
    from the cache folder instead (see `Session.from_cache`)."""

    memo: RenderMemo | None = None  # which fingerprint made each output of the live site
    stamps: dict[str, object] = field(default_factory=dict)  # freshness stamps (see freshness.py)
    parsed: ParseMemo = field(default_factory=ParseMemo)
    schema_valid: frozenset[tuple[str, str]] = frozenset()  # (kind, content hash) of records that pass the schema
    objects: ObjectMemo = field(default_factory=ObjectMemo)
    record_digests: RecordDigests = field(default_factory=dict)  # digests of the objects kept above
    parts: PartStore = field(default_factory=lambda: PartStore(lasting=True))
    templates_salt: str = ""  # the code salt the compiled templates were made under
    one_shot: bool = False  # a single build (CLI): parsed records are saved, then freed before rendering
    loaded: LoadResult | None = None  # the last load (`serve`: the first pages check an edit against it)
    plan: list[Job] | None = None  # the jobs of the last build (`serve`: its first pages re-run some of them)
    _jobs_by_model: dict[int, tuple[Model, list[Job]]] | None = field(default=None, repr=False)
    _writer: tuple[SiteWriter, tuple[int, int, int]] | None = field(default=None, repr=False)

    @classmethod
    def from_cache(cls, config: Config) -> Session:
        if config.clean:
            return cls(one_shot=True, parts=PartStore(lasting=False))
        schemas = cache.read(config.cache_dir, SCHEMA_VALID)
        return cls(
            memo=cache.read(config.cache_dir, "render-memo"),
            parsed=cache.read(config.cache_dir, "parsed") or ParseMemo(),
            schema_valid=frozenset(schemas[1]) if schemas and schemas[0] == schema_digest() else frozenset(),
            one_shot=True,
            parts=PartStore(lasting=False),
        )

    # ---------------------------------------------------------------- the stages' settings

    def parse_mapper(self, workers: int) -> Mapper:
        return Mapper(workers, PARALLEL_FILES, caller_shares=True)

    def check_mapper(self, loaded: LoadResult, workers: int) -> Mapper:
        """The named checks of a large catalog run in workers, each check whole in one."""
        return Mapper(workers if len(loaded.records) >= PARALLEL_RECORDS else 1, 1, CHECK_SLICES)

    def learn_schema_valid(self, loaded: LoadResult, workers: int) -> frozenset[tuple[str, str]]:
        """Every record known to pass the schema: remembered, found by the loader, and
        checked now (in workers, for many) for the records neither knows."""
        known = self.schema_valid | loaded.schema_valid
        unknown = [r for r in loaded.records if (r.kind, r.source_hash) not in known]
        self.schema_valid = known | schema_valid_keys(unknown, Mapper(workers, PARALLEL_RECORDS, 1))
        if not self.one_shot:
            self.loaded = loaded
        return self.schema_valid

    def start_catalog(self) -> Callable[[RawRecord, tuple[Any, ...]], RecordObject]:
        """The `make` for records.build_catalog: keeps unchanged objects in a `serve` session."""
        if self.one_shot:
            return record_object
        self.objects.start()
        return self.objects.make

    def start_render(self, records: Iterable[object]) -> None:
        self.parts.keep_only(records)

    def keep_plan(self, jobs: list[Job]) -> None:
        """Remember the planned jobs (a `serve` session; a single build has no next edit)."""
        if not self.one_shot:
            self.plan, self._jobs_by_model = jobs, None

    def jobs_of(self, model: Model) -> list[Job]:
        """The jobs of the last plan that make the model's own files: those that take the model
        itself as an argument and whose path names its slug (its page, its Markdown twin,
        its JSON record), not the pages and aggregates that merely list it."""
        known = self.index_plan().get(id(model))
        return list(known[1]) if known is not None and known[0] is model else []

    def index_plan(self) -> dict[int, tuple[Model, list[Job]]]:
        """The last plan's jobs by model (made once per plan; `serve` makes it while idle)."""
        if self._jobs_by_model is None:
            self._jobs_by_model = _jobs_by_model(self.plan or [])
        return self._jobs_by_model

    def live_writer(self, config: Config) -> SiteWriter:
        """A SiteWriter of the live site, kept while its state file is the one it loaded or
        saved (`serve` loads it while idle, so the first pages of an edit need not)."""
        kept = self._writer
        if kept is not None and kept[0].out == config.out.absolute() and _file_key(kept[0].state_file) == kept[1]:
            return kept[0]
        writer = SiteWriter(config.out, config.cache_dir)
        self._writer = (writer, _file_key(writer.state_file))
        return writer

    def wrote_live(self, writer: SiteWriter) -> None:
        """The writer saved its state: keep it as the one that knows the live site."""
        self._writer = (writer, _file_key(writer.state_file))

    # ---------------------------------------------------------------- saving

    def save_parsed(self, config: Config) -> None:
        cache.write(config.cache_dir, "parsed", self.parsed)
        cache.write(config.cache_dir, SCHEMA_VALID, (schema_digest(), set(self.schema_valid)))
        if self.one_shot:
            self.parsed = ParseMemo()  # keep the peak memory of a big build down

    def finish_render(self, config: Config, memo: RenderMemo, record_digests: RecordDigests) -> None:
        self.memo = memo
        self.record_digests = record_digests if not self.one_shot else {}
        if self.one_shot:
            cache.write(config.cache_dir, "render-memo", memo)

    def save(self, config: Config) -> None:
        """Leave what this session knows for the next process. A single build saves as it
        goes; `serve` saves when it stops, not after every edit (a stale memo only costs
        speed: the engine trusts a remembered output only if the live file still matches)."""
        self.save_parsed(config)
        if self.memo is not None:
            cache.write(config.cache_dir, "render-memo", self.memo)


def _file_key(path: Path) -> tuple[int, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1, -1)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _jobs_by_model(jobs: Iterable[Job]) -> dict[int, tuple[Model, list[Job]]]:
    found: dict[int, tuple[Model, list[Job]]] = {}
    for job in jobs:
        path = "/" + job.path
        for arg in job.args:
            if isinstance(arg, Model) and (f"/{arg.slug}/" in path or f"/{arg.slug}." in path):
                found.setdefault(id(arg), (arg, []))[1].append(job)
    return found


@contextmanager
def frozen_collector() -> Iterator[Callable[[], None]]:
    """Millions of long-lived objects (records, jobs, memos) exist during a large build,
    and the cyclic garbage collector would scan them again and again; frozen, it sees only
    what rendering makes, and forked workers share those pages of memory. Yields a
    function that freezes what was made since (call it once the jobs are planned)."""
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
