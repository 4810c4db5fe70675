"""Run the stages in order: load -> validate -> records -> derive -> render -> write.

`check()` stops after validation; `build()` goes on only when there is no error,
so an invalid catalog never writes a byte. Between builds, `cache` remembers the
inputs and what each output was made from, so a rebuild does only what changed.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import cache, freshness
from generator.build.config import Config
from generator.build.engine import RecordDigests, Renderer, RenderMemo, code_salt, default_workers
from generator.build.write import SiteWriter, WriteError, WriteReport, check_outputs
from generator.catalog.derive import SiteIndex, derive_index
from generator.catalog.load import ParseMemo, load_catalog
from generator.catalog.problems import Problem, ProblemsFound, promote_warnings, sort_problems
from generator.catalog.records import Catalog, RecordMemo, build_catalog
from generator.catalog.validate import is_schema_valid, schema_digest, validate_catalog
from generator.render import plan
from generator.render.templating import TEMPLATES

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class CheckResult:
    problems: list[Problem]  # sorted; warnings included
    files: int
    catalog: Catalog | None  # None when there is an error (or when it was not asked for)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


@dataclass(frozen=True)
class BuildReport:
    models: int
    write: WriteReport | None  # None when nothing changed
    seconds: float
    warnings: list[Problem]
    rendered: int = 0
    reused: int = 0

    def describe(self, out: Path) -> str:
        w = self.write
        if w is None:
            return freshness.describe_unchanged(out, self.seconds)
        return (f"built {self.models} models into {out}: {w.written} files written, {w.unchanged} unchanged, "
                f"{w.removed} removed, {w.bytes:,} bytes; {self.rendered} rendered, {self.reused} reused "
                f"in {self.seconds:.2f}s")  # fmt: skip


@dataclass
class Session:
    """What one process remembers between its builds (`serve`); a new process starts
    from the cache folder instead (see `Session.from_cache`)."""

    memo: RenderMemo | None = None
    stamps: dict[str, object] = field(default_factory=dict)
    parsed: ParseMemo = field(default_factory=ParseMemo)
    known_valid: set[tuple[str, str]] = field(default_factory=set)
    records: RecordMemo = field(default_factory=dict)  # unchanged records keep their objects...
    record_digests: RecordDigests = field(default_factory=dict)  # ...and so their digests (engine.Fingerprinter)
    one_shot: bool = False  # a single build (CLI): parsed records are saved, then freed before rendering

    @classmethod
    def from_cache(cls, config: Config) -> Session:
        if config.clean:
            return cls(one_shot=True)
        schemas = cache.read(config.cache_dir, "schema-valid")
        return cls(
            memo=cache.read(config.cache_dir, "render-memo"),
            parsed=cache.read(config.cache_dir, "parsed") or ParseMemo(),
            known_valid=schemas[1] if schemas and schemas[0] == schema_digest() else set(),
            one_shot=True,
        )

    def save_parsed(self, config: Config) -> None:
        cache.write(config.cache_dir, "parsed", self.parsed)
        cache.write(config.cache_dir, "schema-valid", (schema_digest(), self.known_valid))
        if self.one_shot:
            self.parsed = ParseMemo()  # keep the peak memory of a big build down

    def save(self, config: Config) -> None:
        """Leave what this session knows for the next process. A single build saves as it
        goes; `serve` saves when it stops, not after every edit (a stale memo only costs
        speed: the engine trusts a remembered output only if the live file still matches)."""
        self.save_parsed(config)
        if self.memo is not None:
            cache.write(config.cache_dir, "render-memo", self.memo)


def check(config: Config, session: Session | None = None, records: bool = True) -> CheckResult:
    """Load and validate; with `records`, a valid catalog also becomes a Catalog."""
    session = session or Session()
    workers = config.jobs or default_workers()
    loaded = load_catalog(config.catalog, workers=workers, memo=session.parsed, vet=is_schema_valid)
    session.known_valid |= loaded.vetted
    problems = loaded.problems + validate_catalog(loaded, session.known_valid, workers)
    if config.strict:
        problems = promote_warnings(problems)
    problems = sort_problems(problems)
    if any(p.is_error for p in problems) or not records:
        return CheckResult(problems, loaded.files, None)
    return CheckResult(
        problems, loaded.files, build_catalog(loaded.records, loaded.assets, config.base_url, session.records)
    )


def index_of(config: Config, session: Session | None = None) -> tuple[SiteIndex, list[Problem]]:
    """Validated catalog -> SiteIndex, or ProblemsFound with every problem."""
    result = check(config, session)
    if result.catalog is None:
        raise ProblemsFound(result.problems)
    return derive_index(result.catalog, config.build_date), [p for p in result.problems if not p.is_error]


def build(config: Config, session: Session | None = None, progress: Progress | None = None) -> BuildReport:
    try:
        return _build(config, session, progress)
    finally:
        gc.unfreeze()  # see _build


def _build(config: Config, session: Session | None, progress: Progress | None) -> BuildReport:
    started = time.perf_counter()
    progress = progress or (lambda stage, done, total: None)
    models, stamp = freshness.up_to_date(config, session.stamps if session else None)
    if models is not None:
        return BuildReport(models, None, time.perf_counter() - started, [])
    session = session or Session.from_cache(config)
    gc.freeze()  # what a `serve` session already holds (see below)
    writer = SiteWriter(config.out, config.cache_dir, clean=config.clean)
    progress("validate", 0, 0)
    index, warnings = index_of(config, session)
    if session.one_shot:
        session.save_parsed(config)
    jobs = plan(index)
    # Millions of long-lived objects (records, jobs, memos) exist from here on, and the
    # cyclic collector would scan them again and again (a fifth of a large build's time);
    # frozen, it sees only what rendering makes, and forked workers share their pages.
    # build() unfreezes them when the build ends.
    gc.freeze()
    reasons = check_outputs(job.path for job in jobs)
    if reasons:
        raise WriteError("; ".join(reasons))
    salt = code_salt(TEMPLATES)
    from generator.render import pieces, templating  # here: `validate` never loads the template engine

    templating.refresh(salt)
    pieces.start_build(not session.one_shot, index.catalog.records())
    memo = RenderMemo() if config.clean else (session.memo or RenderMemo())
    renderer = Renderer(memo, salt, config.jobs or default_workers(), writer.live_digest,
                        lambda n: progress("render", n, len(jobs)), session.record_digests)  # fmt: skip
    if not session.one_shot:  # digest the records once here, so the next build knows them
        renderer.fingerprints.learn(index.catalog.records())
    by_path = {job.path: job for job in jobs}

    def rerender(path: str) -> bytes:  # the live copy of a reused output went missing
        job = by_path[path]
        if not job.inputs:
            return job.run()
        result = job.fn(*job.args, (transaction.read(p) for p in job.inputs))
        return result if isinstance(result, bytes) else b"".join(result)

    with writer.transaction(render=rerender) as transaction:
        renderer.run([job for job in jobs if not job.inputs], transaction)
        for job in (job for job in jobs if job.inputs):
            renderer.composite(job, transaction)
    report, memo = transaction.report, renderer.finish()
    session.memo = memo
    session.record_digests = renderer.fingerprints.records if not session.one_shot else {}
    if session.one_shot:
        cache.write(config.cache_dir, "render-memo", memo)
    freshness.remember(config, stamp, writer.state.generation, len(index.models), session.stamps)
    return BuildReport(len(index.models), report, time.perf_counter() - started, warnings,
                       renderer.stats.rendered, renderer.stats.reused)  # fmt: skip
