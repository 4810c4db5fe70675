"""What a process remembers between its builds, and the settings that make a build fast.

The one place that keeps state: the stages (catalog/, render/) are functions of
their inputs and meet this module only as arguments (a parse memo, a `map_each`, a
`make` for record objects, a part store). A single build (the CLI) starts from the
cache folder and saves into it; `serve` keeps one Session for its whole life.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache as once
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build import cache, keptparts
from generator.build.config import Config
from generator.build.engine import PartStore, RecordDigests, RenderMemo
from generator.build.parallel import Mapper
from generator.build.write import SiteWriter
from generator.catalog.checks import CheckMemo
from generator.catalog.load import LoadResult, ParseMemo, RawRecord
from generator.catalog.records import Model, RecordObject, record_object
from generator.catalog.validate import schema_digest, schema_valid_keys
from generator.paths import PACKAGE
from generator.render import Job

PARALLEL_FILES = 3000  # from this many files on, parse (and schema-check) them in worker processes
PARALLEL_RECORDS = 3000  # from this many records not yet known to be schema-valid, check them in workers
SCHEMA_VALID = "schema-valid"  # cache entry: (schema digest, keys of records known to pass the schema)
PARSED = "parse-memo"  # cache folder of the parse memo, one file per catalog folder (a shard; see `_shard_of`)
RECORD_DIGESTS = "record-digests"  # cache entry: (code salt, {content key of a record: its object's digest})
CHECKED = "check-memo"  # cache entry: (check salt, {record key: what the schema and per-record checks found})


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
    checked: CheckMemo = field(default_factory=lambda: CheckMemo(check_salt()))  # what checks found per record
    objects: ObjectMemo = field(default_factory=ObjectMemo)
    record_digests: RecordDigests = field(default_factory=dict)  # digests of the objects kept above
    parts: PartStore = field(default_factory=lambda: PartStore(lasting=True))
    templates_salt: str = ""  # the code salt the compiled templates were made under
    one_shot: bool = False  # a single build (CLI): parsed records are saved, then freed before rendering
    loaded: LoadResult | None = None  # the last load (`serve`: the first pages check an edit against it)
    plan: list[Job] | None = None  # the jobs of the last build (`serve`: its first pages re-run some of them)
    _jobs_by_model: dict[int, tuple[Model, list[Job]]] | None = field(default=None, repr=False)
    _writer: tuple[SiteWriter, tuple[int, int, int]] | None = field(default=None, repr=False)
    # A single build: the digest of each record's object by its content key (see `_content_key`),
    # as the last build left them, and the content keys of the objects made in this build.
    content_digests: tuple[str, dict[bytes, bytes]] = ("", {})
    _content_keys: dict[int, tuple[RecordObject, bytes]] = field(default_factory=dict, repr=False)
    _parsed_shards: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)  # as in the cache

    @classmethod
    def from_cache(cls, config: Config) -> Session:
        if config.clean:
            return cls(one_shot=True, parts=PartStore(lasting=False))
        schemas = cache.read(config.cache_dir, SCHEMA_VALID)
        digests = cache.read(config.cache_dir, RECORD_DIGESTS)
        checked = cache.read(config.cache_dir, CHECKED)
        shards = _read_shards(config.cache_dir)
        return cls(
            memo=cache.read(config.cache_dir, "render-memo"),
            parsed=ParseMemo({path: entry for shard in shards.values() for path, entry in shard.items()}),
            _parsed_shards=shards,
            schema_valid=frozenset(schemas[1]) if schemas and schemas[0] == schema_digest() else frozenset(),
            one_shot=True,
            parts=PartStore(lasting=False),
            content_digests=digests if _is_digest_entry(digests) else ("", {}),
            checked=CheckMemo(check_salt(), checked[1] if _is_memo_of(checked, check_salt()) else {}),
        )

    # ---------------------------------------------------------------- the stages' settings

    def parse_mapper(self, workers: int) -> Mapper:
        return Mapper(workers, PARALLEL_FILES, caller_shares=True)

    def check_mapper(self, workers: int) -> Mapper:
        """The per-record checks run in workers when many records are new to `checked`."""
        return Mapper(workers, PARALLEL_RECORDS)

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
            self._content_keys = {}
            return self._make_keyed
        self.objects.start()
        return self.objects.make

    def _make_keyed(self, record: RawRecord, inputs: tuple[Any, ...]) -> RecordObject:
        """record_object, remembering the content key of what it made (a single build: the
        next one trusts the digest of an object made of the same content)."""
        obj = record_object(record, inputs)
        key = _content_key(record, inputs)
        if key is not None:
            self._content_keys[id(obj)] = (obj, key)
        return obj

    def known_digests(self, salt: str) -> RecordDigests:
        """The digests the engine may trust for this build's record objects: in `serve`, those
        of the objects kept from the previous build; in a single build, those the last build
        left for objects made of the same content under the same code."""
        if not self.one_shot:
            return self.record_digests
        found_salt, by_key = self.content_digests
        if found_salt != salt:
            return {}
        known: RecordDigests = {}
        for ident, (obj, key) in self._content_keys.items():
            digest = by_key.get(key)
            if digest is not None:
                known[ident] = (obj, digest)
        return known

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
        """Save the parse memo, rewriting only the shards whose entries changed (an edit
        changes one), and the records known to pass the schema."""
        shards: dict[str, dict[str, Any]] = {}
        for path, entry in self.parsed.entries.items():
            shards.setdefault(_shard_of(path), {})[path] = entry
        for name, shard in shards.items():
            if not _same_entries(self._parsed_shards.get(name), shard):
                cache.write(config.cache_dir, f"{PARSED}/{name}", shard)
        for name in set(self._parsed_shards) - set(shards):
            with contextlib.suppress(OSError):
                os.unlink(config.cache_dir / PARSED / name)
        with contextlib.suppress(OSError):
            os.unlink(config.cache_dir / "parsed")  # the one-file memo of earlier versions
        self._parsed_shards = shards if not self.one_shot else {}  # a single build saves once
        cache.write(config.cache_dir, SCHEMA_VALID, (schema_digest(), set(self.schema_valid)))
        if self.checked.changed or not self.one_shot:  # a single build: only when the catalog changed
            cache.write(config.cache_dir, CHECKED, (self.checked.salt, self.checked.known))
        if self.one_shot:
            self.parsed = ParseMemo()  # keep the peak memory of a big build down

    def finish_render(self, config: Config, memo: RenderMemo, record_digests: RecordDigests, jobs: list[Job]) -> None:
        self.memo = memo
        self.record_digests = record_digests if not self.one_shot else {}
        if self.one_shot:
            cache.write(config.cache_dir, "render-memo", memo)
            self._save_content_digests(config, memo.salt, record_digests)
            keptparts.forget_others(config.cache_dir, jobs)  # the jobs kept their own parts as they ran

    def _save_content_digests(self, config: Config, salt: str, record_digests: RecordDigests) -> None:
        """Leave the digests of this build's record objects by content key (only when they
        differ from what the cache holds)."""
        by_key: dict[bytes, bytes] = {}
        for ident, (obj, key) in self._content_keys.items():
            digested = record_digests.get(ident)
            if digested is not None and digested[0] is obj:
                by_key[key] = digested[1]
        if (salt, by_key) != self.content_digests:
            self.content_digests = (salt, by_key)
            cache.write(config.cache_dir, RECORD_DIGESTS, self.content_digests)
        self._content_keys = {}

    def save(self, config: Config) -> None:
        """Leave what this session knows for the next process. A single build saves as it
        goes; `serve` saves when it stops, not after every edit (a stale memo only costs
        speed: the engine trusts a remembered output only if the live file still matches)."""
        self.save_parsed(config)
        if self.memo is not None:
            cache.write(config.cache_dir, "render-memo", self.memo)


@once
def check_salt() -> str:
    """Changes when the checks' code (the catalog stage: rules, registry, records) or a
    schema changes, or Python does: what a CheckMemo remembers is valid under one salt."""
    h = hashlib.sha256(f"{__version__}|{sys.version}|{schema_digest()}".encode())
    for path in sorted((PACKAGE / "catalog").rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _is_memo_of(value: object, salt: str) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and value[0] == salt and isinstance(value[1], dict)


def _content_key(record: RawRecord, inputs: tuple[Any, ...]) -> bytes | None:
    """What a record's object is a function of (records.record_object): the record's kind,
    identity, file and bytes (their sha256), and its other inputs; None when the bytes'
    digest is unknown. Valid only under one code salt (the code makes the object)."""
    if not record.source_hash:
        return None
    return hashlib.sha256(repr((record.kind, record.ident, record.file, record.source_hash, inputs)).encode()).digest()


def _shard_of(path: str) -> str:
    """The shard of a parsed file: one per folder of the catalog."""
    return hashlib.sha256(os.path.dirname(path).encode()).hexdigest()[:16]


def _read_shards(cache_dir: Path) -> dict[str, dict[str, Any]]:
    """The parse memo's shards in the cache (a missing or corrupt one only costs its parsing)."""
    try:
        names = sorted(os.listdir(cache_dir / PARSED))
    except OSError:
        return {}
    shards = {}
    for name in names:
        shard = cache.read(cache_dir, f"{PARSED}/{name}") if not name.startswith(".") else None
        if isinstance(shard, dict) and all(_shard_of(path) == name for path in shard):
            shards[name] = shard
    return shards


def _same_entries(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    return old is not None and len(old) == len(new) and all(old.get(path) is entry for path, entry in new.items())


def _is_digest_entry(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], dict)


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
    function that freezes what was made since (call it once the jobs are planned). Until
    then the collector is paused too: validating and planning make hundreds of thousands
    of long-lived tuples, and collections over them (about 1.2 s at 10,000 models) free
    nothing."""
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()

    def freeze_and_resume() -> None:
        gc.freeze()
        if was_enabled:
            gc.enable()

    try:
        yield freeze_and_resume
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()
