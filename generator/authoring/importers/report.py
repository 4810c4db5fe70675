"""The import summary: counts per outcome and per reason, the source keys that were
not mapped, what changed in updated records, and the result of `validate`."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from generator.catalog.problems import count

if TYPE_CHECKING:  # pragma: no cover
    from generator.authoring.importers import ImportReport

TOP = 25  # reasons and keys listed; the rest are counted


def reason_group(reason: str) -> str:
    """Reasons that differ only in the amount, date or slug named count together."""
    reason = re.sub(r"(deprecation|expiration)_date \S+", r"\1_date", reason)
    reason = re.sub(r"gives \S+ ", "gives ... ", reason)
    reason = re.sub(r"rest has no catalog unit \(.*\)$", "rest has no catalog unit", reason)
    reason = re.sub(
        r"^(maps to|is an alias of) \S+, which this import already fills from .*$",
        r"\1 a record this import already fills from another entry",
        reason,
    )
    reason = re.sub(r"^a second id for one model at (\S+); .*$", r"a second id for one model at one host", reason)
    return re.sub(r"^would not validate: .*\[(.+)\]$", r"would not validate [\1]", reason)


def format_summary(report: ImportReport, source: Path, into: Path) -> str:
    plan = report.plan
    lines = [f"import {report.source} {source} into {into}: {report.total:,} source entries in {report.seconds:.1f}s"]
    lines.append(f"  created    {len(plan.created):>6,} model(s), {len(plan.providers):,} provider(s)")
    lines.append(f"  updated    {len(plan.updated):>6,}")
    lines.append(f"  unchanged  {len(plan.unchanged):>6,}")
    if plan.archived:
        lines.append(f"  history    {len(plan.archived):>6,} record(s) kept their old prices in price_history")
    if plan.placed:
        records = sum(1 for placed in plan.placed.values() if any(placed))
        lines.append(
            f"  folded     {plan.offers_folded:>6,} source entries into {records:,} record(s) as offers; "
            f"{len(plan.placed):,} record(s) filed under the model's maker"
        )
    lines.append(f"  skipped    {len(plan.skips):>6,}")
    reasons = Counter(reason_group(s.reason) for s in plan.skips)
    for reason, number in reasons.most_common(TOP):
        lines.append(f"    {number:>6,}  {reason}")
    if len(reasons) > TOP:
        lines.append(f"    {sum(n for _, n in reasons.most_common()[TOP:]):>6,}  ({len(reasons) - TOP} other reasons)")
    if report.unmapped:
        lines.append("  source price keys not mapped (in imported entries; entries affected):")
        for (key, reason), number in report.unmapped.most_common(TOP):
            lines.append(f"    {number:>6,}  {key}: {reason}")
        if len(report.unmapped) > TOP:
            rest = report.unmapped.most_common()[TOP:]
            lines.append(f"    {sum(n for _, n in rest):>6,}  ({len(rest)} other keys)")
    for note, number in sorted(report.notes.items()):
        lines.append(f"  note: {number:,} record(s): {note}")
    for slug, changes in sorted(plan.updated.items()):
        lines.append(f"  updated {slug}: " + "; ".join(changes))
    for slug, kept in sorted(plan.kept.items()):
        lines.append(f"  kept {slug}: not in the source, kept as written: " + ", ".join(kept))
    for slug, also in sorted(plan.also.items()):
        lines.append(f"  also {slug}: copies of it are records of their own: {', '.join(also)} (merge or delete them)")
    todo = sum(1 for e in plan.entries.values() if any(v.startswith("TODO") for v in e.todo.values()))
    if plan.created:
        lines.append(f"  {todo:,} written record(s) carry '# TODO' comments for fields the source does not give")
    if report.files_checked:
        c = count(report.problems)
        lines.append(
            f"validate: {report.files_checked:,} file(s) checked: {c['errors']} error(s), {c['warnings']} warning(s)"
        )
        for problem in [p for p in report.problems if p.is_error][:20]:
            lines.append(f"  {problem.location()}: {problem.message} [{problem.rule}]")
    return "\n".join(lines) + "\n"
