"""`build.py history backfill`: past prices from the catalog's own git log.

For each model record, every committed version of its file (`git log --follow`, oldest
first) is read with the catalog's loader. Each time a commit changed the record's prices
(an amount changed or a component went away; a component only added, a note or the order
is no change), the price list it replaced becomes a `price_history` entry: from the day of the commit that introduced it to
the day of the commit that changed it (commit dates, UTC), with the `price_source` the
record gave then. A price that lasted less than a day (changed again the same day) is left
out: the later one counts. The days are when the catalog said so, which is when a provider's
change reached it, not necessarily when the provider made it.

Entries join the record's history without overlapping it (price_history.py); a price list
the record's history already holds is dated by hand and is not added again. The dry run
prints what it would add; `--write` first validates the catalog with the new entries in
memory and writes nothing if that finds an error.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.authoring.importers import planned_errors, write_files
from generator.authoring.importers.common import https_url
from generator.authoring.price_history import describe_span, merge_past, same_prices
from generator.authoring.yamlout import update_record_text
from generator.catalog.load import parse_yaml
from generator.catalog.problems import Problem
from generator.catalog.records import Price
from generator.catalog.registry import DEFAULT_CACHE_TTL, format_amount


class BackfillError(Exception):
    """The history cannot be read: no git, not a repository, a shallow clone (exit 2)."""


@dataclass(frozen=True)
class Version:
    """One committed version of a record's file."""

    day: dt.date  # the commit date, UTC
    commit: str
    pricing: list[dict[str, Any]]
    source: Any  # its price_source


@dataclass
class Filled:
    """One record the backfill adds past prices to."""

    slug: str
    path: Path
    added: list[dict[str, Any]]
    text: str  # the record's new text


@dataclass
class Backfill:
    catalog: Path
    files: int = 0  # model records read
    changed: int = 0  # records whose git history shows a price change
    records: list[Filled] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out, and why
    problems: list[Problem] = field(default_factory=list)  # errors the catalog would have with the entries

    @property
    def entries(self) -> int:
        return sum(len(r.added) for r in self.records)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise BackfillError("git is not installed (or not on PATH): the backfill reads each record's git log") from None


def repository_root(catalog: Path) -> Path:
    """The root of the git work tree holding `catalog`, whose history is complete."""
    if not (catalog / "models").is_dir():
        raise BackfillError(f"{catalog} is not a catalog folder (it has no models/ folder)")
    top = _git(["rev-parse", "--show-toplevel"], catalog)
    if top.returncode != 0:
        raise BackfillError(f"{catalog} is not in a git repository: the backfill reads each record's git log")
    root = Path(top.stdout.decode().strip())
    if _git(["rev-parse", "--is-shallow-repository"], root).stdout.decode().strip() == "true":
        raise BackfillError(
            f"{root} is a shallow clone: its history is incomplete, so older prices would be missed; "
            "fetch the rest with `git fetch --unshallow` and run again"
        )
    return root


def versions(root: Path, rel: str) -> list[Version]:
    """Every committed version of the file at `rel` (followed across renames), oldest first;
    versions that do not parse or have no price list are left out."""
    log = _git(["log", "--follow", "--format=%x01%H %ct", "--name-only", "--", rel], root)
    found = []
    for chunk in log.stdout.decode("utf-8", "replace").split("\x01")[1:]:
        head, *names = [line for line in chunk.splitlines() if line.strip()]
        commit, stamp = head.split()
        shown = _git(["show", f"{commit}:{names[-1] if names else rel}"], root)
        if shown.returncode != 0:
            continue  # the commit that deleted it
        try:
            data, _ = parse_yaml(shown.stdout)
        except Exception:  # noqa: BLE001 - a version that does not parse dated nothing
            continue
        pricing = data.get("pricing") if isinstance(data, dict) else None
        if isinstance(pricing, list) and pricing and all(isinstance(p, dict) and "unit" in p for p in pricing):
            day = dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
            found.append(Version(day, commit, pricing, data.get("price_source")))
    return found[::-1]


def past_prices(history: list[Version]) -> list[dict[str, Any]]:
    """The price lists `history` (oldest first) replaced, as price_history entries."""
    runs: list[list[Any]] = []  # [first day, pricing, source], each ending where the next begins
    for version in history:
        if runs and version.day <= runs[-1][0] and is_price_change(runs[-1][1], version.pricing):
            runs.pop()  # changed again the same day: the later price counts
        if runs and not is_price_change(runs[-1][1], version.pricing):
            runs[-1][1:] = [version.pricing, version.source]  # the list, and source, just before a change
        else:
            runs.append([version.day, version.pricing, version.source])
    return [
        {"from": start.isoformat(), "until": end.isoformat(), "pricing": pricing, "price_source": source}
        for (start, pricing, source), (end, _, _) in zip(runs, runs[1:], strict=False)
    ]


def is_price_change(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> bool:
    """A component's amount changed, or a component went away. Components only added (a
    tier or cache price written down later) change no price that was charged before."""
    after = {_identity(price): price.amount for price in map(Price.from_data, new)}
    return any(after.get(_identity(price)) != price.amount for price in map(Price.from_data, old))


def _identity(price: Price) -> tuple[Any, ...]:
    """A cache write without `cache_ttl` is the 5-minute one (as `import` matches them)."""
    if price.unit == "per_1m_cache_write_tokens" and price.cache_ttl is None:
        price = replace(price, cache_ttl=DEFAULT_CACHE_TTL)
    return price.identity


def plan_backfill(catalog: Path) -> Backfill:
    root = repository_root(catalog)
    plan = Backfill(catalog)
    for path in sorted((catalog / "models").glob("*/*.yaml")):
        plan.files += 1
        slug = f"{path.parent.name}/{path.stem}"
        text = path.read_text(encoding="utf-8")
        try:
            data, _ = parse_yaml(text.encode("utf-8"))
        except Exception:  # noqa: BLE001 - validate reports the file
            plan.notes.append(f"{slug}: the file does not parse; left alone")
            continue
        history = versions(root, path.resolve().relative_to(root.resolve()).as_posix())
        entries = past_prices(history)
        if not entries:
            continue
        plan.changed += 1
        if is_price_change(history[-1].pricing, data.get("pricing", [])):
            plan.notes.append(
                f"{slug}: the pricing in the work tree is not committed; commit it to date the change "
                f"(the price last committed, which it replaces, is not added)"
            )
        entries = _keepable(slug, entries, data, plan)
        merged, added = merge_past(data.get("price_history", []), entries, data["pricing"])
        if added:
            new_text = update_record_text(text, "model", {**data, "price_history": merged})
            plan.records.append(Filled(slug, path, added, new_text))
    writes = {filled.path: filled.text for filled in plan.records}
    plan.problems = [p for problems in planned_errors(writes, catalog).values() for p in problems]
    return plan


def _keepable(slug: str, entries: list[dict[str, Any]], data: dict[str, Any], plan: Backfill) -> list[dict[str, Any]]:
    """Entries with an https source and prices the record's history does not hold already."""
    kept = []
    own = data.get("price_history", [])
    for entry in entries:
        if not isinstance(entry["price_source"], str) or not https_url(entry["price_source"]):
            plan.notes.append(f"{slug}: {describe_span(entry)} left out: that version gave no https price_source")
        elif any(same_prices(entry["pricing"], other["pricing"]) for other in own):
            plan.notes.append(f"{slug}: {describe_span(entry)} left out: price_history already dates those prices")
        else:
            kept.append(entry)
    return kept


def write_backfill(plan: Backfill) -> None:
    """Write the planned records (only when the catalog validates with them)."""
    assert not plan.problems, "write_backfill on a plan with problems"
    write_files({filled.path: filled.text for filled in plan.records})


def format_backfill(plan: Backfill, written: bool) -> str:
    lines = []
    for filled in plan.records:
        lines.append(f"{filled.slug}: {len(filled.added)} past price(s) from git log")
        for entry in filled.added:
            prices = ", ".join(f"{p['unit']} {format_amount(Decimal(p['amount']))}" for p in entry["pricing"])
            lines.append(f"  {describe_span(entry)}: {prices} ({entry['price_source']})")
    lines += [f"note: {note}" for note in plan.notes]
    lines += [f"{p.location()}: {p.message} [{p.rule}]" for p in plan.problems]
    if written:
        outcome = f"{plan.entries} past price(s) written into {len(plan.records)} record(s)"
    elif plan.problems:
        outcome = f"{plan.entries} past price(s) would not validate; nothing written"
    else:
        outcome = f"{plan.entries} past price(s) to add; dry run: nothing written"
        outcome += " (add --write to write them)" if plan.records else ""
    lines.append(
        f"history backfill: {plan.files} model record(s) read, {plan.changed} with price changes in git; {outcome}"
    )
    return "\n".join(lines) + "\n"
