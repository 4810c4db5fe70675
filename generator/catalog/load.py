"""Find the catalog's files and read them into `RawRecord`s.

This module knows the catalog's file layout and nothing about what the fields
mean (yamlsafe.py turns bytes into data). It never raises for bad input: each
file either becomes a record or one `Problem` that names the file (and the line,
where there is one). File names must be valid slugs, a symlink may not leave
the catalog, and files are size-limited before they are read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from generator.catalog.problems import Problem
from generator.catalog.svgsafe import SvgProblem, sanitize_svg
from generator.catalog.yamlsafe import FileProblem as _FileProblem
from generator.catalog.yamlsafe import decode, escape_pointer, parse_fast, parse_yaml

__all__ = ["LoadResult", "RawRecord", "escape_pointer", "load_catalog", "parse_yaml"]

MAX_FILE_BYTES = 256 * 1024
MAX_LOGO_BYTES = 64 * 1024

SEGMENT_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$")
DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
RESERVED_NAMES = {*DEVICE_NAMES, "index", "api", "schema"}
THEME_FOLDER = "theme"  # the files site.yaml's theme names: logo, favicon, stylesheet
TEMPLATES_FOLDER = "templates"  # templates that override the built-in ones by name (read by the renderer, not here)
TOP_LEVEL = {"site.yaml", "providers", "models", THEME_FOLDER, TEMPLATES_FOLDER}
THEME_SUFFIXES = (".svg", ".png", ".css")


def is_reserved_name(name: str) -> bool:
    """A name the site uses itself, or a Windows device name, which is reserved with any
    extension too ('nul.txt', 'con.v2'): such a file or output folder breaks a checkout."""
    return name in RESERVED_NAMES or name.split(".", 1)[0] in DEVICE_NAMES


@dataclass(frozen=True)
class RawRecord:
    """One parsed catalog file: plain data, and the source position of every value
    (computed from `raw` on first use when the file took the fast path)."""

    kind: str  # 'site', 'provider' or 'model'
    ident: str  # 'site', the provider id, or the model slug 'provider/model'
    file: str  # path relative to the catalog's parent directory, '/'-separated
    data: dict[str, Any]
    known_positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False, compare=False)
    source_hash: str = ""  # sha256 of the file's bytes
    source: str = field(default="", repr=False, compare=False)  # absolute path, to find positions later
    # Whether the bytes hold 'TODO' or 'example.com' (a placeholder may be left), found while
    # reading them, so the placeholder check needs no second read; True when not known.
    may_hold_placeholders: bool = field(default=True, repr=False, compare=False)

    @property
    def positions(self) -> dict[str, tuple[int, int]]:
        """JSON pointer -> (line, column), parsed from the file on first use when it took
        the fast path. May raise FileProblem for a record that only the fast path
        accepted (it is then not schema-valid: see validate.py)."""
        if self.known_positions is None:
            object.__setattr__(self, "known_positions", parse_yaml(self.source_bytes())[1] if self.source else {})
        return self.known_positions  # type: ignore[return-value]

    def source_bytes(self) -> bytes:
        """The file's bytes as they were loaded; b'' when it has no file, cannot be read or has
        changed since (so lines found in them still match the record's positions). Comments are
        only here: the parsed data has none."""
        if not self.source:
            return b""
        try:
            raw = Path(self.source).read_bytes()
        except OSError:
            return b""
        return raw if hashlib.sha256(raw).hexdigest() == self.source_hash else b""  # changed since: no positions

    def position(self, pointer: str) -> tuple[int | None, int | None]:
        """The line and column of a JSON pointer, or of its nearest parent that has one."""
        positions = self.positions
        while True:
            if pointer in positions:
                return positions[pointer]
            if not pointer:
                return (None, None)
            pointer = pointer.rsplit("/", 1)[0]


@dataclass(frozen=True)
class LoadResult:
    records: list[RawRecord]
    assets: dict[str, bytes]  # provider logo file name -> bytes ('openai.svg'); theme files by path ('theme/logo.svg')
    problems: list[Problem]
    files: int  # how many files were looked at
    found: frozenset[tuple[str, str]] = frozenset()  # (kind, ident) of every record file, even one that failed to load
    schema_valid: frozenset[tuple[str, str]] = frozenset()  # (kind, source hash) of records `schema_check` passed


# ---------------------------------------------------------------- discovery


@dataclass
class ParseMemo:
    """Parsed files by path, trusted while the file's size and modification time are
    the same (and the file was already old when parsed, so a second change within one
    mtime tick cannot hide). Kept by `serve` in memory and by `build` in the cache."""

    entries: dict[str, tuple[int, int, tuple[RawRecord | None, list[Problem]]]] = field(default_factory=dict)

    def get(self, path: Path) -> tuple[RawRecord | None, list[Problem]] | None:
        entry = self.entries.get(str(path))
        if entry is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        return entry[2] if (stat.st_mtime_ns, stat.st_size) == entry[:2] else None

    def records(self) -> dict[str, RawRecord]:
        """The records remembered, by path, whatever the file's time now (see load_file)."""
        return {path: entry[2][0] for path, entry in self.entries.items() if entry[2][0] is not None}

    def put(self, path: Path, result: tuple[RawRecord | None, list[Problem]], now_ns: int) -> None:
        try:
            stat = path.stat()
        except OSError:
            return
        if stat.st_mtime_ns < now_ns - RACY_NS:
            self.entries[str(path)] = (stat.st_mtime_ns, stat.st_size, result)


RACY_NS = 2_000_000_000
PLACEHOLDER_HOST = b"example.com"  # the address `new` and importers leave for a human to replace


SchemaCheck = Callable[[RawRecord], bool]
MapEach = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]  # [fn(item) for item in items], in order


def map_in_process(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """The plain MapEach: the build passes one that forks for large inputs (build/parallel.py)."""
    return [fn(item) for item in items]


def load_catalog(
    catalog: Path,
    memo: ParseMemo | None = None,
    schema_check: SchemaCheck | None = None,
    map_each: MapEach = map_in_process,
) -> LoadResult:
    """Find and parse every record under `catalog` (site.yaml, providers/, models/).
    `map_each` maps the reading of one file over the files (the build passes one that
    forks for a large catalog); with a memo, files unchanged since they were parsed are
    not parsed again. `schema_check` (validate.is_schema_valid)
    schema check) runs on each freshly parsed record in the same worker, so a large
    catalog is forked once; `schema_valid` says which records it accepted."""
    catalog = catalog.resolve()
    base = catalog.parent
    _inside.cache_clear()  # folders may have changed since the last load (serve)
    problems: list[Problem] = []
    assets: dict[str, bytes] = {}
    if not catalog.is_dir():
        problems.append(
            Problem(
                _rel(catalog, base),
                None,
                None,
                "",
                "the catalog directory does not exist",
                "pass --catalog with the folder that holds site.yaml, providers/ and models/",
                rule="catalog-missing",
            )
        )
        return LoadResult([], assets, problems, 0)
    entries = list(_discover(catalog, base, problems))
    records_to_read = []
    for path, kind, ident in entries:
        if kind == "asset":
            data = _read_bytes(path, catalog, base, MAX_LOGO_BYTES, problems)
            if data is not None and _is_publishable_logo(data, _rel(path, base), problems):
                assets[path.name] = data
        elif kind == "theme-asset":
            data = _read_bytes(path, catalog, base, MAX_FILE_BYTES, problems)
            if data is not None and _is_publishable_theme_file(data, _rel(path, base), problems):
                assets[ident] = data
        else:
            records_to_read.append((path, kind, ident))
    results, schema_valid = _read_with_memo(records_to_read, catalog, memo or ParseMemo(), schema_check, map_each)
    records: list[RawRecord] = []
    for record, found in results:
        problems.extend(found)
        if record is not None:
            records.append(record)
    found_ids = frozenset((kind, ident) for _path, kind, ident in records_to_read)
    return LoadResult(records, assets, problems, len(entries), found_ids, frozenset(schema_valid))


def _rel(path: Path, base: Path) -> str:
    text, prefix = str(path), str(base)
    if text.startswith(prefix) and text[len(prefix) : len(prefix) + 1] == os.sep:
        return text[len(prefix) + 1 :].replace(os.sep, "/")
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _discover(catalog: Path, base: Path, problems: list[Problem]):
    """Yield (path, kind, ident) for every file that should be a record or asset."""
    site = catalog / "site.yaml"
    if site.exists() or site.is_symlink():
        yield site, "site", "site"
    else:
        problems.append(
            Problem(
                _rel(site, base),
                None,
                None,
                "",
                "site.yaml is missing",
                "create catalog/site.yaml with the gateway-wide settings (see README)",
                rule="site-missing",
            )
        )
    for entry in sorted(catalog.iterdir()):
        if entry.name not in TOP_LEVEL and not entry.name.startswith("."):
            problems.append(
                _misplaced(entry, base, "the catalog holds only site.yaml, providers/, models/, theme/ and templates/")
            )
    yield from _discover_providers(catalog / "providers", base, problems)
    yield from _discover_models(catalog / "models", base, problems)
    yield from _discover_theme(catalog / THEME_FOLDER, base, problems)


def _misplaced(path: Path, base: Path, hint: str, severity: str = "warning") -> Problem:
    message = f"unexpected {'folder' if path.is_dir() else 'file'} '{path.name}' is ignored"
    if path.suffix == ".yml":
        message, hint, severity = (
            f"'{path.name}' has the extension .yml",
            f"rename it to '{path.stem}.yaml': only .yaml files are read",
            "error",
        )
    return Problem(_rel(path, base), None, None, "", message, hint, severity, rule="misplaced-file")


def _discover_providers(folder: Path, base: Path, problems: list[Problem]):
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.suffix == ".yaml" and not entry.is_dir():
            ident = entry.stem
            if _check_segment(entry, ident, "provider id", base, problems):
                yield entry, "provider", ident
        elif entry.suffix == ".svg" and not entry.is_dir():
            yield entry, "asset", entry.name
        else:
            problems.append(_misplaced(entry, base, "providers/ holds <provider>.yaml records and their .svg logos"))


def _discover_theme(folder: Path, base: Path, problems: list[Problem]):
    """theme/: the files site.yaml's theme names (logo, favicon, stylesheet), by 'theme/<name>'."""
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.suffix in THEME_SUFFIXES and not entry.is_dir():
            if _check_segment(entry, entry.stem, "theme file name", base, problems):
                yield entry, "theme-asset", f"{THEME_FOLDER}/{entry.name}"
        else:
            problems.append(
                _misplaced(entry, base, "theme/ holds the .svg, .png and .css files site.yaml's theme names")
            )


def _discover_models(folder: Path, base: Path, problems: list[Problem]):
    if not folder.is_dir():
        return
    for provider_dir in sorted(folder.iterdir()):
        if provider_dir.name.startswith("."):
            continue
        if not provider_dir.is_dir():
            problems.append(_misplaced(provider_dir, base, "put each model at models/<provider>/<model>.yaml", "error"))
            continue
        if _leaves_catalog(provider_dir, folder.parent):
            problems.append(
                Problem(
                    _rel(provider_dir, base),
                    None,
                    None,
                    "",
                    "this folder is a symlink that points outside the catalog",
                    "replace the link with the folder itself",
                    rule="symlink-outside",
                )
            )
            continue
        provider = provider_dir.name
        if not _check_segment(provider_dir, provider, "provider folder name", base, problems):
            continue
        with os.scandir(provider_dir) as listing:  # DirEntry knows if it is a folder without a stat()
            entries = sorted((e.name, _is_dir(e)) for e in listing if not e.name.startswith("."))
        for name, is_dir in entries:
            entry = provider_dir / name
            stem = name[:-5]
            if not name.endswith(".yaml") or is_dir:
                problems.append(_misplaced(entry, base, "models/<provider>/ holds only <model>.yaml files", "error"))
                continue
            if _check_segment(entry, stem, "model file name", base, problems):
                yield entry, "model", f"{provider}/{stem}"


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop: read (and reported) as a file
        return False


def _leaves_catalog(path: Path, catalog: Path) -> bool:
    """A symlinked folder that resolves outside the catalog is not listed, let alone read."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return real != catalog and catalog not in real.parents


def _check_segment(path: Path, name: str, what: str, base: Path, problems: list[Problem]) -> bool:
    """A file or folder name that becomes part of a slug and a URL must be a safe slug."""
    reason = ""
    if not SEGMENT_RE.match(name) or len(name) > 100:
        reason = (
            "must be 1-100 lowercase ASCII letters, digits, '.', '_' or '-', starting and ending with a letter or digit"
        )
    elif ".." in name:
        reason = "must not contain '..'"
    elif is_reserved_name(name):
        reason = "is a reserved name"
    if not reason:
        return True
    suggestion = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    suggestion = re.sub(r"\.{2,}", ".", suggestion)
    hint = f"rename it, e.g. to '{suggestion}'" if suggestion and suggestion != name else "rename it"
    problems.append(
        Problem(_rel(path, base), None, None, "", f"{what} '{name}' {reason}", hint, rule="invalid-file-name")
    )
    return False


# ---------------------------------------------------------------- one file


def _read_bytes(path: Path, catalog: Path, base: Path, limit: int, problems: list[Problem]) -> bytes | None:
    rel = _rel(path, base)
    try:
        info = os.lstat(path)
        link = stat.S_ISLNK(info.st_mode)
        if link:
            real = path.resolve(strict=True)
            if catalog != real and catalog not in real.parents:
                raise _FileProblem(
                    "this file is a symlink that points outside the catalog",
                    "replace the link with the file itself",
                    "symlink-outside",
                )
            info = real.stat()
        elif not _inside(path.parent, catalog):
            raise _FileProblem(
                "this file is in a folder that points outside the catalog",
                "replace the link with the folder itself",
                "symlink-outside",
            )
        if not stat.S_ISREG(info.st_mode):
            raise _FileProblem("this is not a regular file", "replace it with a plain file", "not-a-file")
        if info.st_size > limit:
            raise _FileProblem(
                f"the file is {info.st_size:,} bytes; the limit is {limit:,}",
                "split it or shorten long texts",
                "file-too-large",
            )
        no_follow = 0 if link else getattr(os, "O_NOFOLLOW", 0)  # not swapped for a link since lstat()
        with open(os.open(path, os.O_RDONLY | no_follow), "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise _FileProblem(
                f"the file is over the {limit:,}-byte limit", "split it or shorten long texts", "file-too-large"
            )
        return data
    except _FileProblem as exc:
        problems.append(Problem(rel, exc.line, exc.column, "", exc.message, exc.hint, rule=exc.rule))
    except (OSError, RuntimeError) as exc:  # RuntimeError: symlink loop on some Pythons
        loop = isinstance(exc, RuntimeError)
        reason = "symlink loop" if loop else exc.strerror or exc.__class__.__name__
        problems.append(
            Problem(
                rel,
                None,
                None,
                "",
                f"cannot read the file: {reason}",
                "check that the file exists and is readable",
                rule="unreadable",
            )
        )
    return None


def _is_publishable_logo(data: bytes, rel: str, problems: list[Problem]) -> bool:
    """A logo is published rebuilt from an allow-list (svgsafe.py); bytes that are no SVG are a problem."""
    try:
        sanitize_svg(data)
    except SvgProblem as exc:
        problems.append(
            Problem(
                rel,
                exc.line,
                exc.column,
                "",
                exc.message,
                "save the logo as a plain SVG file (no DTD or entities)",
                rule="bad-logo",
            )
        )
        return False
    return True


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _is_publishable_theme_file(data: bytes, rel: str, problems: list[Problem]) -> bool:
    """An SVG is rebuilt from the allow-list like a provider's logo, a PNG must be one (it
    is published as it is), a stylesheet must be UTF-8 text."""
    if rel.endswith(".svg"):
        return _is_publishable_logo(data, rel, problems)
    if rel.endswith(".png"):
        if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR":
            return True
        problems.append(
            Problem(rel, None, None, "", "the file is not a PNG image", "save the image as PNG or SVG", rule="bad-logo")
        )
        return False
    try:
        decode(data)
    except _FileProblem as exc:
        problems.append(Problem(rel, exc.line, exc.column, "", exc.message, exc.hint, rule=exc.rule))
        return False
    return True


@lru_cache(maxsize=4096)
def _inside(folder: Path, catalog: Path) -> bool:
    """Whether a folder, symlinks resolved, is inside the catalog: asked once per folder
    per load (there are far fewer folders than files)."""
    real = folder.resolve(strict=True)
    return real == catalog or catalog in real.parents


def load_file(
    path: Path,
    kind: str,
    ident: str,
    catalog: Path,
    base: Path,
    problems: list[Problem],
    earlier: RawRecord | None = None,
) -> RawRecord | None:
    """Parse one record file; on failure append one problem and return None. `earlier`
    (this file's record from the parse memo) is returned as it is when the bytes are the
    same: a fresh checkout or a `touch` changes the time, not the content."""
    raw = _read_bytes(path, catalog, base, MAX_FILE_BYTES, problems)
    if raw is None:
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if earlier is not None and earlier.source_hash == digest:
        return earlier
    rel = _rel(path, base)
    try:
        data = parse_fast(decode(raw))
        positions = None
        if data is None:
            data, positions = parse_yaml(raw)
    except _FileProblem as exc:
        problems.append(Problem(rel, exc.line, exc.column, "", exc.message, exc.hint, rule=exc.rule))
        return None
    marks = b"TODO" in raw or PLACEHOLDER_HOST in raw
    return RawRecord(kind, ident, rel, data, positions, digest, str(path), marks)


def _read_one(
    item: tuple[Path, str, str], catalog: Path, schema_check: SchemaCheck | None, earlier: dict[str, RawRecord]
) -> tuple[RawRecord | None, list[Problem], bool, bool]:
    """(record, problems, schema-valid?, same as earlier?); a record the caller already has
    is not sent back from a worker."""
    path, kind, ident = item
    problems: list[Problem] = []
    known = earlier.get(str(path))
    record = load_file(path, kind, ident, catalog, catalog.parent, problems, known)
    if record is not None and record is known:
        return None, problems, False, True
    return record, problems, bool(record is not None and schema_check is not None and schema_check(record)), False


def _read_with_memo(
    items: list[tuple[Path, str, str]],
    catalog: Path,
    memo: ParseMemo,
    schema_check: SchemaCheck | None,
    map_each: MapEach,
) -> tuple[list[tuple[RawRecord | None, list[Problem]]], set[tuple[str, str]]]:
    now = time.time_ns()
    known = [memo.get(path) for path, _kind, _ident in items]
    missing = [item for item, hit in zip(items, known, strict=True) if hit is None]
    earlier = memo.records() if missing else {}
    read = partial(_read_one, catalog=catalog, schema_check=schema_check, earlier=earlier)
    fresh = iter(map_each(read, missing))
    results, schema_valid = [], set()
    for item, hit in zip(items, known, strict=True):
        if hit is None:
            record, problems, accepted, same = next(fresh)
            hit = (earlier[str(item[0])], []) if same else (record, problems)
            memo.put(item[0], hit, now)
            if accepted and record is not None and record.source_hash:
                schema_valid.add((record.kind, record.source_hash))
        results.append(hit)
    return results, schema_valid
