"""`serve`'s first pages: the edited models' own files, written before the full build.

When the files that changed are only model records that were already in the last
build, under the same path (so the same provider/slug), each is parsed and checked on
its own (the schema, and the named checks with the site and providers as context),
its Model is made from the same inputs as the last build's, and the last build's jobs
that make that model's own files (its page, Markdown twin and JSON record) are run
again with the new object in place of the old one. Their files go straight into the
live site, one at a time, each by an atomic rename (`SiteWriter.write_live`).

What those pages show of other records (related models, collections) is the last
build's until the full build that follows (pipeline.build) brings the whole site up
to date. Anything unusual (another kind of file, a problem, a new kind, provider,
upstream or collection, a template that fails) means no first pages: the full build
alone handles the edit and reports its problems as always.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build.config import Config
from generator.build.engine import PartStore
from generator.build.lock import output_lock
from generator.build.session import Session
from generator.build.write import Output, SiteWriter, WriteError, digest_of
from generator.catalog.checks import run_checks
from generator.catalog.load import RawRecord, load_file
from generator.catalog.problems import Problem
from generator.catalog.records import Model, record_object
from generator.catalog.validate import schema_problems
from generator.render import Job, Part

RECORDS = "generator.catalog.records"  # records are swapped whole, never rebuilt field by field


@dataclass(frozen=True)
class FirstPages:
    """What the first pages wrote, and the bytes they replaced (to put back if the full
    build that follows fails)."""

    slugs: tuple[str, ...]
    written: tuple[Output, ...]
    replaced: tuple[Output, ...]
    seconds: float

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(o.path for o in self.written)

    def describe(self) -> str:
        models = "model" if len(self.slugs) == 1 else "models"
        return (
            f"wrote {len(self.written)} files of the edited {models} {', '.join(self.slugs)} "
            f"in {self.seconds:.2f}s; the rest follows"
        )


def write_first_pages(config: Config, session: Session, changed: Iterable[Path]) -> FirstPages | None:
    """Write the edited models' own files into the live site, or None when the edit is not
    one that first pages handle (see the module's docstring). Holds the output lock."""
    started = time.perf_counter()
    swaps = edited_models(config, session, changed)
    if not swaps:
        return None
    jobs = [job for old, _new in swaps for job in session.jobs_of(old)]
    if not jobs:
        return None
    outputs = render_swapped(jobs, {id(old): (old, new) for old, new in swaps})
    if outputs is None:
        return None
    with output_lock(config.out, config.cache_dir):
        writer = session.live_writer(config)
        replaced = _live_bytes(writer, [o.path for o in outputs])
        if replaced is None:
            return None
        writing = [o for o, r in zip(outputs, replaced, strict=True) if o.digest != r.digest]
        try:
            writer.write_live(writing)
        finally:
            session.wrote_live(writer)
    before = {o.path: o for o in replaced}
    slugs = tuple(new.slug for _old, new in swaps)
    return FirstPages(slugs, tuple(writing), tuple(before[o.path] for o in writing), time.perf_counter() - started)


def restore(config: Config, session: Session, first: FirstPages) -> None:
    """Put back the bytes the first pages replaced (the full build after them failed), where
    the live site still holds what they wrote."""
    with output_lock(config.out, config.cache_dir):
        writer = session.live_writer(config)
        ours = {o.path: o.digest for o in first.written}
        try:
            writer.write_live(o for o in first.replaced if writer.live_digest(o.path) == ours[o.path])
        finally:
            session.wrote_live(writer)


# ---------------------------------------------------------------- the edit


def edited_models(config: Config, session: Session, changed: Iterable[Path]) -> list[tuple[Model, Model]] | None:
    """(last build's Model, new Model) for each changed file, or None unless every changed
    file is a model record of the last build that still passes its own checks and keeps
    what its pages are planned from."""
    loaded = session.loaded
    if loaded is None or session.plan is None:
        return None
    by_source = {r.source: r for r in loaded.records}
    catalog = config.catalog.resolve()
    edits: list[tuple[RawRecord, RawRecord]] = []
    for path in sorted({Path(p).resolve() for p in changed}):
        earlier = by_source.get(str(path))
        if earlier is None or earlier.kind != "model" or not path.is_file():
            return None
        problems: list[Problem] = []
        record = load_file(path, "model", earlier.ident, catalog, catalog.parent, problems)
        if record is None or problems or list(schema_problems(record)):
            return None
        if record.source_hash != earlier.source_hash:  # else saved without a change
            edits.append((earlier, record))
    if not edits or _has_errors(config, session, [record for _earlier, record in edits]):
        return None  # objects are made only of records that pass every check
    swaps = []
    for earlier, record in edits:
        swap = _new_object(session, earlier, record)
        if swap is None:
            return None
        swaps.append(swap)
    return swaps


def _new_object(session: Session, earlier: RawRecord, record: RawRecord) -> tuple[Model, Model] | None:
    """The last build's object of the record and the new one, made from the same inputs
    (a model's only input is the price date, when it has a price history or schedule)."""
    built = session.objects.last_built("model", earlier.ident)
    if built is None or built[0] is not earlier or not isinstance(built[2], Model):
        return None
    dated = "price_history" in record.data or "scheduled_prices" in record.data
    if dated != bool(built[1]):
        return None
    new = record_object(record, built[1])
    if not isinstance(new, Model) or not _same_plan(built[2], new):
        return None
    return built[2], new


def _same_plan(old: Model, new: Model) -> bool:
    """Whether the last plan still fits: the jobs of a model's files were planned for its
    kind, its provider and upstreams, and its collections."""
    return (
        old.kind == new.kind
        and old.provider_id == new.provider_id
        and _upstreams(old) == _upstreams(new)
        and old.collections == new.collections
        and old.status == new.status
    )


def _upstreams(model: Model) -> tuple[str, ...]:
    return tuple(sorted({o.provider_id for o in model.all_offers}))


def _has_errors(config: Config, session: Session, records: list[RawRecord]) -> bool:
    """The named checks over the edited records, with the last load's site and providers
    (and every file it found) as their context; only what they say of the edited files
    counts (a check over all models, such as unique names, sees only these: the full build
    after the first pages runs it over the whole catalog)."""
    loaded = session.loaded
    assert loaded is not None
    context = [r for r in loaded.records if r.kind != "model"]
    files = {r.file for r in records}
    found = run_checks(context + records, context + records, frozenset(loaded.assets), loaded.found)
    return any(p.file in files and (p.is_error or config.strict) for p in found)


# ---------------------------------------------------------------- rendering


def render_swapped(jobs: list[Job], swap: dict[int, tuple[Any, Any]]) -> list[Output] | None:
    """Each job's output with the new objects in place of the old ones; None when one
    fails (a template that breaks on the new record: the full build reports it)."""
    store = PartStore(lasting=False)  # a page and its twin share one content build
    outputs = []
    for job in jobs:
        try:
            data = swapped(job, swap).run(store.value)
        except Exception:  # noqa: BLE001 - not ours to report: the full build that follows does
            return None
        outputs.append(Output(job.path, digest_of(data), data))
    return outputs


def swapped(job: Job, swap: dict[int, tuple[Any, Any]]) -> Job:
    """The job with `swap`'s new objects for its old ones (by identity), in its arguments
    and its parts' arguments."""
    parts = tuple(dataclasses.replace(p, calls=tuple(substitute(c, swap) for c in p.calls)) for p in job.parts)
    return dataclasses.replace(job, args=substitute(job.args, swap), parts=parts)


def substitute(value: Any, swap: dict[int, tuple[Any, Any]]) -> Any:
    """`value` with each old object of `swap` (id -> (old, new)) replaced by its new one,
    inside tuples and non-record dataclasses too; what holds none is returned as it is."""
    hit = swap.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    if isinstance(value, tuple):
        items = [substitute(v, swap) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)._make(items) if hasattr(value, "_fields") else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and type(value).__module__ != RECORDS:
        if isinstance(value, Part):
            return value
        changes = {}
        for f in dataclasses.fields(value):
            if f.init:
                old = getattr(value, f.name)
                new = substitute(old, swap)
                if new is not old:
                    changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _live_bytes(writer: SiteWriter, paths: list[str]) -> list[Output] | None:
    """The live bytes at each path, which the writer must know (else None: no first pages)."""
    found = []
    for path in paths:
        digest = writer.live_digest(path)
        if digest is None:
            return None
        try:
            data = (writer.out / path).read_bytes()
        except OSError:
            return None
        if digest_of(data) != digest:
            return None
        found.append(Output(path, digest, data))
    return found


__all__ = ["FirstPages", "WriteError", "restore", "substitute", "write_first_pages"]
