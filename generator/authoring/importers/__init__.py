"""`build.py import SOURCE FILE --into DIR`: price lists from LiteLLM, OpenRouter and
models.dev turned into catalog records that pass `validate`.

Stages, in one direction: read the source (exact decimals) -> the source's module
maps each entry to catalog fields or a reasoned skip -> `finish_entry` enforces the
catalog's rules -> `apply.plan_import` decides every file -> the planned catalog is
validated in memory, and entries whose records would not validate are skipped with
the validator's message -> only then are files written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.authoring.importers import litellm, modelsdev, openrouter
from generator.authoring.importers.apply import Plan, plan_import
from generator.authoring.importers.common import ImportedModel, Parsed, Skip, SourceError, finish_entry, read_json
from generator.authoring.importers.report import format_summary
from generator.authoring.scaffold import ensure_site
from generator.catalog.load import LoadResult, RawRecord, load_catalog, parse_yaml
from generator.catalog.problems import Problem
from generator.catalog.validate import validate_catalog

SOURCES = {"litellm": litellm, "openrouter": openrouter, "modelsdev": modelsdev}
__all__ = ["SOURCES", "ImportReport", "SourceError", "format_summary", "run_import"]


@dataclass
class ImportReport:
    source: str
    total: int
    plan: Plan
    unmapped: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)  # validate, after writing
    files_checked: int = 0
    seconds: float = 0.0
    created_site: Path | None = None  # a starter site.yaml written into an empty catalog

    @property
    def skips(self) -> list[Skip]:
        return self.plan.skips


def run_import(source: str, path: Path, into: Path, today: dt.date, write: bool = True) -> ImportReport:
    started = time.perf_counter()
    parsed: Parsed = SOURCES[source].parse(read_json(path), today)
    created_site = ensure_site(into) if write else None
    entries: list[ImportedModel] = []
    skips = list(parsed.skips)
    for entry in parsed.entries:
        finished = finish_entry(entry)
        (entries if isinstance(finished, ImportedModel) else skips).append(finished)
    plan = _plan_valid(entries, into, source, skips)
    unmapped: Counter = Counter()
    notes: Counter = Counter()
    for entry in plan.entries.values():
        unmapped.update(set(entry.unmapped))
        notes.update(set(entry.notes))
    report = ImportReport(source, parsed.total, plan, unmapped, notes, created_site=created_site)
    if write:
        write_files(plan.writes)
        loaded = load_catalog(into)
        report.problems = loaded.problems + validate_catalog(loaded)
        report.files_checked = loaded.files
    report.seconds = time.perf_counter() - started
    return report


def _plan_valid(entries: list[ImportedModel], into: Path, source: str, skips: list[Skip]) -> Plan:
    """Plan, validate the planned catalog in memory, drop entries whose records would
    have errors, and plan again; the final plan's records all validate."""
    for _ in range(4):
        plan = plan_import(entries, into, source)
        bad = _planned_errors(plan, into)
        if not bad:
            break
        by_path = {into / "models" / f"{slug}.yaml": slug for slug in plan.entries}
        failing = {by_path[p]: msg for p, msg in bad.items() if p in by_path}
        if not failing:
            break
        for slug, message in sorted(failing.items()):
            skips.append(Skip(plan.entries[slug].source_id, f"would not validate: {message}"))
        dropped = {id(plan.entries[slug]) for slug in failing}
        entries = [e for e in entries if id(e) not in dropped]
    plan.skips = skips + plan.skips
    return plan


def _planned_errors(plan: Plan, into: Path) -> dict[Path, str]:
    """Errors the planned files would have, by file (the first message of each)."""
    loaded = load_catalog(into) if into.exists() else LoadResult([], {}, [], 0)
    base = into.resolve().parent
    records = {r.file: r for r in loaded.records}
    planned: set[str] = set()
    for path, text in plan.writes.items():
        rel = path.resolve().relative_to(base).as_posix()
        kind = "provider" if path.parent.name == "providers" else "model"
        ident = path.stem if kind == "provider" else f"{path.parent.name}/{path.stem}"
        data, positions = parse_yaml(text.encode("utf-8"))
        records[rel] = RawRecord(kind, ident, rel, data, positions)
        planned.add(rel)
    problems = validate_catalog(LoadResult(list(records.values()), loaded.assets, [], len(records)))
    bad: dict[Path, str] = {}
    for problem in problems:
        if problem.is_error and problem.file in planned:
            bad.setdefault(base / problem.file, f"{problem.message} [{problem.rule}]")
    return bad


def write_files(writes: dict[Path, str]) -> None:
    """Each file replaced atomically (write beside it, then rename)."""
    for path, text in sorted(writes.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
