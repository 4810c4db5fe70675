"""Run the stages in order: load -> validate -> records -> derive -> render -> write.

`check()` stops after validation; `build()` goes on only when there is no error,
so an invalid catalog never writes a byte. `build()` holds the output's lock (lock.py)
from its freshness check to the swap; `check()` only reads the cache, whose files are
replaced whole, so `validate` never waits for a build. What is remembered between builds lives
in the Session (session.py); the stages themselves keep nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.build import freshness
from generator.build.config import Config
from generator.build.engine import Renderer, RenderMemo, RunStats, code_salt, default_workers
from generator.build.freshness import Freshness
from generator.build.lock import output_lock
from generator.build.session import Session, frozen_collector
from generator.build.write import SiteWriter, WriteError, WriteReport, check_outputs
from generator.catalog.derive import SiteIndex, derive_index
from generator.catalog.load import load_catalog
from generator.catalog.problems import Problem, ProblemsFound, promote_warnings, sort_problems
from generator.catalog.records import Catalog, build_catalog
from generator.catalog.validate import is_schema_valid, validate_catalog
from generator.paths import TEMPLATES
from generator.render import Job, plan

Progress = Callable[[str, int, int], None]  # (stage, done, total)

__all__ = ["BuildReport", "CheckResult", "ProblemsFound", "Session", "build", "check", "index_of"]


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
        return (
            f"built {self.models} models into {out}: {w.written} files written, {w.unchanged} unchanged, "
            f"{w.removed} removed, {w.bytes:,} bytes; {self.rendered} rendered, {self.reused} reused "
            f"in {self.seconds:.2f}s"
        )


def check(config: Config, session: Session | None = None, records: bool = True) -> CheckResult:
    """Load and validate; with `records`, a valid catalog also becomes a Catalog."""
    session = session or Session()
    workers = config.jobs or default_workers()
    loaded = load_catalog(config.catalog, session.parsed, is_schema_valid, session.parse_mapper(workers))
    valid = session.learn_schema_valid(loaded, workers)
    checked = validate_catalog(loaded, valid, check_each=session.check_mapper(workers), memo=session.checked)
    problems = loaded.problems + checked
    if config.strict:
        problems = promote_warnings(problems)
    problems = sort_problems(problems)
    if any(p.is_error for p in problems) or not records:
        return CheckResult(problems, loaded.files, None)
    overrides = str(config.overrides or "")
    catalog = build_catalog(
        loaded.records, loaded.assets, config.base_url, session.start_catalog(), config.price_date, overrides
    )
    return CheckResult(problems, loaded.files, catalog)


def index_of(config: Config, session: Session | None = None) -> tuple[SiteIndex, list[Problem]]:
    """Validated catalog -> SiteIndex, or ProblemsFound with every problem."""
    result = check(config, session)
    if result.catalog is None:
        raise ProblemsFound(result.problems)
    return derive_index(result.catalog, config.build_date), [p for p in result.problems if not p.is_error]


def build(
    config: Config,
    session: Session | None = None,
    progress: Progress | None = None,
    fresh: Freshness | None = None,
    say: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the site at config.out, holding its lock (`say` hears, once, that another
    process holds it and we wait; default: stderr). `fresh`: the answer of
    freshness.up_to_date when the caller asked it already, under the same lock (the CLI
    does, before importing the heavy stages)."""
    started = time.perf_counter()
    progress = progress or _silent
    with output_lock(config.out, config.cache_dir, wait=config.wait, say=say or _tell):
        fresh = fresh or freshness.up_to_date(config, session.stamps if session else None)
        if fresh.models is not None:
            return BuildReport(fresh.models, None, time.perf_counter() - started, [])
        session = session or Session.from_cache(config)
        with frozen_collector() as freeze_what_is_planned:
            writer = SiteWriter(config.out, config.cache_dir, clean=config.clean)
            progress("validate", 0, 0)
            index, warnings = index_of(config, session)
            if session.one_shot:
                session.save_parsed(config)
            jobs = plan(index)
            session.keep_plan(jobs)
            freeze_what_is_planned()
            report, stats = render_and_write(config, session, writer, index, jobs, progress)
        freshness.remember(config, fresh.stamp, writer.state.site, len(index.models), session.stamps)
    seconds = time.perf_counter() - started
    return BuildReport(len(index.models), report, seconds, warnings, stats.rendered, stats.reused)


def render_and_write(
    config: Config, session: Session, writer: SiteWriter, index: SiteIndex, jobs: list[Job], progress: Progress
) -> tuple[WriteReport, RunStats]:
    """Render what changed into the spare tree and swap it in. A template override that
    does not compile, or fails while rendering, is a problem of the catalog: nothing is
    written (the transaction is left before its swap)."""
    reasons = check_outputs(job.path for job in jobs)
    if reasons:
        raise WriteError("; ".join(reasons))
    salt = code_salt(TEMPLATES, config.overrides)
    from generator.render import templating  # here: `validate` never loads the template engine

    if session.templates_salt != salt:  # `serve` keeps one process across template edits
        templating.forget_compiled()
        session.templates_salt = salt
    broken = templating.check_overrides(index.catalog.site.theme.templates)
    if broken:
        raise ProblemsFound(sort_problems(broken))
    session.start_render(index.catalog.records())
    memo = RenderMemo() if config.clean else (session.memo or RenderMemo())
    renderer = Renderer(
        memo,
        salt,
        config.jobs or default_workers(),
        writer.live_digest,
        lambda n: progress("render", n, len(jobs)),
        session.known_digests(salt),
        session.parts,
        kept=config.cache_dir if session.one_shot else None,
        read_kept=not config.clean,
    )
    if not session.one_shot:  # digest the records once here, so the next build knows them
        renderer.fingerprints.learn(index.catalog.records())
    try:
        with writer.transaction(render=renderer.rerender) as transaction:
            renderer.write_all(jobs, transaction)
    except templating.TemplateFailed as failed:
        raise ProblemsFound([failed.problem]) from None
    session.finish_render(config, renderer.finish(), renderer.fingerprints.records, jobs)
    return transaction.report, renderer.stats


def _silent(stage: str, done: int, total: int) -> None:
    return None


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
