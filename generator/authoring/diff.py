"""`build.py diff BASE`: what changed in the catalog between BASE and the work tree.

BASE is a directory (another catalog folder) or a git ref; a ref is read with
`git archive` into a temporary folder, never touching the work tree. Both sides go
through the normal loader and validator; an invalid side is reported and the
records that load are still compared. Formats live in `diff_format.py`.

A model's own pricing is compared as `ModelChange.prices`; its other offers are compared
one by one, keyed by offer id ('hostco@us'), as `ModelChange.offers`; its past prices and
scheduled changes, apart from the current price, as `ModelChange.history`
(`diff_history.py`).
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.authoring.diff_history import HistoryChange, history_changes, unkept_price_warning
from generator.authoring.diff_offers import OfferChange, offer_changes, offer_warnings
from generator.authoring.diff_prices import PriceChange, price_changes, price_warning
from generator.catalog.load import load_catalog
from generator.catalog.records import FEATURES, Model, model_from_data
from generator.catalog.validate import schema_problems, validate_catalog

SCALAR_FIELDS = (
    "name",
    "kind",
    "context_window",
    "max_output_tokens",
    "embedding_dimensions",
    "release_date",
    "sunset_date",
    "replacement",
    "price_source",
    "currency",
    "upstream",
)
TEXT_FIELDS = (
    "description",
    "faq",
    "strengths",
    "use_cases",
    "aliases",
    "collections",
    "image_sizes",
    "voices",
    "video_durations",
)


class DiffUsageError(Exception):
    """BASE is neither a directory nor a git ref (exit 2)."""


@dataclass
class Side:
    label: str
    models: dict[str, Model] = field(default_factory=dict)
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: int = 0
    skipped: list[str] = field(default_factory=list)  # files that could not be compared


@dataclass
class ModelChange:
    slug: str
    old_slug: str = ""  # set for a rename
    prices: list[PriceChange] = field(default_factory=list)
    capabilities: list[tuple[str, bool, bool]] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)  # 'input +image', 'output -audio'
    status: tuple[str, str] | None = None
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # text fields that changed
    offers: list[OfferChange] = field(default_factory=list)  # by offer id
    history: list[HistoryChange] = field(default_factory=list)  # past prices, then scheduled changes

    @property
    def is_empty(self) -> bool:
        parts = (self.prices, self.capabilities, self.modalities, self.status, self.fields, self.edited)
        return not any((*parts, self.offers, self.history))


@dataclass(frozen=True)
class DiffWarning:
    slug: str
    message: str


@dataclass
class DiffReport:
    base: Side
    head: Side
    added: list[Model] = field(default_factory=list)
    removed: list[Model] = field(default_factory=list)
    renamed: list[ModelChange] = field(default_factory=list)
    changed: list[ModelChange] = field(default_factory=list)
    warnings: list[DiffWarning] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)


# ---------------------------------------------------------------- reading both sides


def load_side(catalog: Path, label: str) -> Side:
    """Every model record that can be read, even when the catalog as a whole is invalid."""
    side = Side(label)
    loaded = load_catalog(catalog)
    problems = loaded.problems + validate_catalog(loaded)
    side.errors = sum(1 for p in problems if p.is_error)
    side.skipped = sorted({p.file for p in loaded.problems if p.is_error and p.file.endswith(".yaml")})
    for record in loaded.records:
        if record.kind != "model":
            continue
        if any(p.is_error for p in schema_problems(record)):
            side.skipped.append(record.file)
            continue
        try:
            side.models[record.ident] = model_from_data(record.ident, record.data, record.file)
        except ValueError:  # a well-formed date that is no day (2025-02-30); the dates rule reports it
            side.skipped.append(record.file)
            continue
        side.raw[record.ident] = record.data
    side.skipped.sort()
    return side


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def checkout_base(base: str, catalog: Path, workdir: Path) -> tuple[Path, str]:
    """(folder holding the base catalog, label). A directory is used as it is; a git ref
    is exported with `git archive` into `workdir`."""
    if Path(base).is_dir():
        return Path(base), base
    where = catalog if catalog.is_dir() else Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], where)
    if top.returncode != 0:
        raise DiffUsageError(f"'{base}' is not a directory, and {where} is not in a git repository")
    root = Path(top.stdout.decode().strip())
    commit = _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], root)
    if commit.returncode != 0:
        raise DiffUsageError(f"'{base}' is neither a directory nor a git ref (branch, tag or commit) in {root}")
    sha = commit.stdout.decode().strip()
    rel = catalog.resolve().relative_to(root.resolve()).as_posix()
    target = workdir / "base"
    target.mkdir()
    if _git(["cat-file", "-e", f"{sha}:{rel}"], root).returncode != 0:
        return target / rel, base  # the catalog did not exist at BASE: everything is added
    archive = _git(["archive", "--format=tar", sha, "--", rel], root)
    if archive.returncode != 0:
        raise DiffUsageError(f"git archive failed: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target / rel, base


def diff_catalogs(base: str, catalog: Path) -> DiffReport:
    with tempfile.TemporaryDirectory(prefix="catalog-diff-") as tmp:
        base_dir, label = checkout_base(base, catalog, Path(tmp))
        old = load_side(base_dir, label) if base_dir.is_dir() else Side(label)
        new = load_side(catalog, catalog.as_posix())
    return compare(old, new)


# ---------------------------------------------------------------- comparing


def compare(old: Side, new: Side) -> DiffReport:
    report = DiffReport(old, new)
    gone = sorted(set(old.models) - set(new.models))
    fresh = sorted(set(new.models) - set(old.models))
    for before, after in _renames(gone, fresh, old, new):
        change = model_change(old.models[before], new.models[after], old.raw[before], new.raw[after])
        change.old_slug = before
        report.renamed.append(change)
        gone.remove(before)
        fresh.remove(after)
    report.added = [new.models[s] for s in fresh]
    report.removed = [old.models[s] for s in gone]
    for slug in sorted(set(old.models) & set(new.models)):
        change = model_change(old.models[slug], new.models[slug], old.raw[slug], new.raw[slug])
        if not change.is_empty:
            report.changed.append(change)
    report.warnings = suspicious(report)
    return report


def _content(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("slug", "aliases")}


def _renames(gone: list[str], fresh: list[str], old: Side, new: Side) -> list[tuple[str, str]]:
    """A removed and an added record with the same content (slug and aliases aside) are
    a rename; failing that, the same kind and prices and the same name or description."""
    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()
    for exact in (True, False):
        for before in gone:
            if before in {p[0] for p in pairs}:
                continue
            for after in fresh:
                if after not in taken and _same(old.raw[before], new.raw[after], exact):
                    pairs.append((before, after))
                    taken.add(after)
                    break
    return pairs


def _same(a: dict[str, Any], b: dict[str, Any], exact: bool) -> bool:
    if exact:
        return _content(a) == _content(b)
    return (
        a["kind"] == b["kind"]
        and a["pricing"] == b["pricing"]
        and (a["name"] == b["name"] or a["description"] == b["description"])
    )


def model_change(old: Model, new: Model, old_raw: dict, new_raw: dict) -> ModelChange:
    change = ModelChange(new.slug)
    change.prices = price_changes(old.pricing, new.pricing)
    change.offers = offer_changes(old, new)
    change.history = history_changes(old_raw, new_raw, new.kind)
    change.capabilities = [(f, old.has(f), new.has(f)) for f, _ in FEATURES if old.has(f) != new.has(f)]
    for side, a, b in (
        ("input", old.input_modalities, new.input_modalities),
        ("output", old.output_modalities, new.output_modalities),
    ):
        change.modalities += [f"{side} +{m}" for m in b if m not in a] + [f"{side} -{m}" for m in a if m not in b]
    if old.status != new.status:
        change.status = (old.status, new.status)
    change.fields = [(f, old_raw.get(f), new_raw.get(f)) for f in SCALAR_FIELDS if old_raw.get(f) != new_raw.get(f)]
    change.edited = [f for f in TEXT_FIELDS if old_raw.get(f) != new_raw.get(f)]
    return change


# ---------------------------------------------------------------- warnings


def _has_todo(value: Any) -> bool:
    if isinstance(value, str):
        return "TODO" in value
    if isinstance(value, dict):
        return any(_has_todo(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_todo(v) for v in value)
    return False


def suspicious(report: DiffReport) -> list[DiffWarning]:
    warnings: list[DiffWarning] = []
    old, new = report.base, report.head
    for change in [*report.renamed, *report.changed]:
        before = old.models[change.old_slug or change.slug]
        after = new.models[change.slug]
        becomes_free = after.is_free and not before.is_free
        if becomes_free:
            warnings.append(DiffWarning(change.slug, "a paid model becomes free: every price is now 0"))
        if before.currency != after.currency:
            warnings.append(
                DiffWarning(
                    change.slug,
                    f"the currency changes from {before.currency} to {after.currency}: "
                    "every amount now means something else",
                )
            )
        for price in change.prices:
            message = price_warning(price, becomes_free)
            if message:
                warnings.append(DiffWarning(change.slug, message))
        unkept = unkept_price_warning(change.prices, old.raw[change.old_slug or change.slug], new.raw[change.slug])
        if unkept:
            warnings.append(DiffWarning(change.slug, unkept))
        warnings += [DiffWarning(change.slug, m) for m in offer_warnings(change.offers, before, after)]
    for model in report.removed:
        if model.status != "deprecated":
            warnings.append(
                DiffWarning(model.slug, f"removed without being deprecated first (status was {model.status})")
            )
    for slug in [m.slug for m in report.added] + [c.slug for c in report.renamed + report.changed]:
        if _has_todo(new.raw[slug]):
            warnings.append(DiffWarning(slug, "still has a TODO placeholder"))
    if new.errors:
        warnings.append(DiffWarning("", f"the catalog under review has {new.errors} validation error(s); run validate"))
    return warnings
