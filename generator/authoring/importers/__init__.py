"""`build.py import SOURCE FILE --into DIR`: price lists from LiteLLM, OpenRouter,
models.dev and genai-prices turned into catalog records that pass `validate`.

Stages, in one direction: read the source (exact decimals) -> the source's module
maps each entry to catalog fields or a reasoned skip -> `finish_entry` enforces the
catalog's rules -> `copies.fold_copies` makes the copies of one model at several hosts
one record with offers -> `apply.plan_import` decides every file -> the planned catalog
is validated in memory, and entries whose records (or offers) would not validate are
skipped with the validator's message -> only then are files written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.authoring.importers import genai_prices, litellm, modelsdev, openrouter
from generator.authoring.importers.apply import Plan, plan_import
from generator.authoring.importers.common import ImportedModel, Parsed, Skip, SourceError, finish_entry, read_json
from generator.authoring.importers.copies import fold_copies
from generator.authoring.importers.report import format_summary
from generator.authoring.scaffold import ensure_site
from generator.catalog.load import LoadResult, RawRecord, load_catalog, parse_yaml
from generator.catalog.problems import Problem
from generator.catalog.validate import validate_catalog

SOURCES = {"litellm": litellm, "openrouter": openrouter, "modelsdev": modelsdev, "genai-prices": genai_prices}
__all__ = ["SOURCES", "ImportReport", "SourceError", "format_summary", "planned_errors", "run_import", "write_files"]


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
    plan = _plan_valid(entries, into, source, skips, today)
    unmapped: Counter = Counter()
    notes: Counter = Counter()
    for entry in plan.entries.values():
        for copy in entry.copies or [entry]:
            unmapped.update(sorted(set(copy.unmapped)))
            notes.update(sorted(set(copy.notes)))
    report = ImportReport(source, parsed.total, plan, unmapped, notes, created_site=created_site)
    if write:
        write_files(plan.writes)
        loaded = load_catalog(into)
        report.problems = loaded.problems + validate_catalog(loaded)
        report.files_checked = loaded.files
    report.seconds = time.perf_counter() - started
    return report


def _plan_valid(
    entries: list[ImportedModel], into: Path, source: str, skips: list[Skip], today: dt.date | None = None
) -> Plan:
    """Fold, plan, validate the planned catalog in memory, drop the entries (or a folded
    record's copies) whose part of a record would have errors, and fold and plan again;
    the final plan's records all validate."""
    label = SOURCES[source].LABEL
    for _ in range(4):
        folded, repeated = fold_copies(entries, label)
        plan = plan_import(folded, into, source, today)
        bad = _planned_errors(plan, into)
        failing: dict[int, tuple[ImportedModel, str]] = {}
        for slug, entry in sorted(plan.entries.items()):
            for problem in bad.get(into.resolve() / "models" / f"{slug}.yaml", []):
                for culprit in _culprits(plan, slug, entry, problem.pointer):
                    failing.setdefault(id(culprit), (culprit, f"{problem.message} [{problem.rule}]"))
        if not failing:
            break
        skips += [Skip(culprit.source_id, f"would not validate: {message}") for culprit, message in failing.values()]
        entries = [e for e in entries if id(e) not in failing]
    plan.skips = skips + repeated + plan.skips
    return plan


_OWN_PARTS = ("/pricing", "/context_window", "/max_output_tokens", "/upstream")  # from a folded record's lead copy


def _culprits(plan: Plan, slug: str, entry: ImportedModel, pointer: str) -> list[ImportedModel]:
    """The entries an error at `pointer` comes from: the copy behind that offer, or behind
    the record's own pricing and limits; the whole entry (every copy) for anything else."""
    placed = plan.placed.get(slug, {})
    for part, copy in placed.items():
        if part and (pointer == part or pointer.startswith(part + "/")):
            return [copy]
    if "" in placed and pointer.startswith(_OWN_PARTS):
        return [placed[""]]
    return entry.copies or [entry]


def _planned_errors(plan: Plan, into: Path) -> dict[Path, list[Problem]]:
    return planned_errors(plan.writes, into)


def planned_errors(writes: dict[Path, str], into: Path) -> dict[Path, list[Problem]]:
    """Errors the catalog `into` would have in the files `writes` would write, by file:
    the catalog is validated in memory with those files replaced, before one byte is written."""
    loaded = load_catalog(into) if into.exists() else LoadResult([], {}, [], 0)
    base = into.resolve().parent
    records = {r.file: r for r in loaded.records}
    planned: set[str] = set()
    for path, text in writes.items():
        rel = path.resolve().relative_to(base).as_posix()
        kind = "provider" if path.parent.name == "providers" else "model"
        ident = path.stem if kind == "provider" else f"{path.parent.name}/{path.stem}"
        data, positions = parse_yaml(text.encode("utf-8"))
        records[rel] = RawRecord(kind, ident, rel, data, positions)
        planned.add(rel)
    problems = validate_catalog(LoadResult(list(records.values()), loaded.assets, [], len(records)))
    bad: dict[Path, list[Problem]] = {}
    for problem in problems:
        if problem.is_error and problem.file in planned:
            bad.setdefault(base / problem.file, []).append(problem)
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
