"""Read catalog files into `RawRecord`s that remember where every value came from.

This module knows YAML and the catalog's file layout, nothing about what the
fields mean. It never raises for bad input: each file either becomes a record
or one `Problem` that names the file (and the line, where there is one).

Guards, because records come from outside contributors:
- safe YAML only: any tag outside the YAML core schema (``!!python/...``,
  ``!!binary``, custom tags) is refused, and so are merge keys;
- exact decimals: a YAML float becomes ``decimal.Decimal`` from its source text,
  so ``0.030`` stays ``0.030``; dates stay ``YYYY-MM-DD`` strings;
- duplicate keys are a problem (PyYAML would silently keep the last one);
- size: files over ``MAX_FILE_BYTES``, nesting over ``MAX_DEPTH``, and more than
  ``MAX_VALUES`` values (so anchors and aliases cannot expand into a billion
  laughs) are refused;
- one document per file; the top level must be a mapping;
- strict UTF-8; file names must be valid slugs; a symlink may not leave the catalog.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is much faster; fall back to the pure-Python parser
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, plus YAML 1.2 / JSON floats that YAML 1.1 reads as text ('1e-06', '2.5E3')."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"), list("-+0123456789")
)

MAX_FILE_BYTES = 256 * 1024
MAX_LOGO_BYTES = 64 * 1024
MAX_DEPTH = 20
MAX_VALUES = 20_000
MAX_STRING_CHARS = 20_000

SEGMENT_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$")
RESERVED_NAMES = {
    "con", "prn", "aux", "nul", "index", "api", "schema",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}  # fmt: skip

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()
# What YAML allows in a stream (PyYAML's Reader.NON_PRINTABLE); checked on the decoded
# text, because libyaml reports the offset in bytes and the character as a number.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class RawRecord:
    """One parsed catalog file: plain data plus the source position of every value."""

    kind: str  # 'site', 'provider' or 'model'
    ident: str  # 'site', the provider id, or the model slug 'provider/model'
    file: str  # path relative to the catalog's parent directory, '/'-separated
    data: dict[str, Any]
    positions: dict[str, tuple[int, int]] = field(repr=False, compare=False)
    source_hash: str = ""  # sha256 of the file's bytes

    def position(self, pointer: str) -> tuple[int | None, int | None]:
        """The line and column of a JSON pointer, or of its nearest parent that has one."""
        while True:
            if pointer in self.positions:
                return self.positions[pointer]
            if not pointer:
                return (None, None)
            pointer = pointer.rsplit("/", 1)[0]


@dataclass(frozen=True)
class LoadResult:
    records: list[RawRecord]
    assets: dict[str, bytes]  # provider logo file name -> bytes (e.g. 'openai.svg')
    problems: list[Problem]
    files: int  # how many files were looked at
    found: frozenset[tuple[str, str]] = frozenset()  # (kind, ident) of every record file, even one that failed to load


class _FileProblem(Exception):
    """Internal: one file cannot become a record."""

    def __init__(self, message: str, hint: str, rule: str, line=None, column=None):
        super().__init__(message)
        self.message, self.hint, self.rule = message, hint, rule
        self.line, self.column = line, column


def escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


# ---------------------------------------------------------------- discovery


def load_catalog(catalog: Path) -> LoadResult:
    """Find and parse every record under `catalog` (site.yaml, providers/, models/)."""
    catalog = catalog.resolve()
    base = catalog.parent
    records: list[RawRecord] = []
    problems: list[Problem] = []
    assets: dict[str, bytes] = {}
    files = 0
    found: set[tuple[str, str]] = set()
    if not catalog.is_dir():
        problems.append(
            Problem(_rel(catalog, base), None, None, "", "the catalog directory does not exist",
                    "pass --catalog with the folder that holds site.yaml, providers/ and models/",
                    rule="catalog-missing")
        )  # fmt: skip
        return LoadResult(records, assets, problems, files)
    for path, kind, ident in _discover(catalog, base, problems):
        files += 1
        if kind == "asset":
            data = _read_bytes(path, catalog, base, MAX_LOGO_BYTES, problems)
            if data is not None:
                assets[path.name] = data
            continue
        found.add((kind, ident))
        record = load_file(path, kind, ident, catalog, base, problems)
        if record is not None:
            records.append(record)
    return LoadResult(records, assets, problems, files, frozenset(found))


def _rel(path: Path, base: Path) -> str:
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
        problems.append(Problem(_rel(site, base), None, None, "", "site.yaml is missing",
                                "create catalog/site.yaml with the gateway-wide settings (see README)",
                                rule="site-missing"))  # fmt: skip
    for entry in sorted(catalog.iterdir()):
        if entry.name not in {"site.yaml", "providers", "models"} and not entry.name.startswith("."):
            problems.append(_misplaced(entry, base, "the catalog holds only site.yaml, providers/ and models/"))
    yield from _discover_providers(catalog / "providers", base, problems)
    yield from _discover_models(catalog / "models", base, problems)


def _misplaced(path: Path, base: Path, hint: str, severity: str = "warning") -> Problem:
    message = f"unexpected {'folder' if path.is_dir() else 'file'} '{path.name}' is ignored"
    if path.suffix == ".yml":
        message, hint, severity = (f"'{path.name}' has the extension .yml", "rename it to "
                                   f"'{path.stem}.yaml': only .yaml files are read", "error")  # fmt: skip
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
            problems.append(Problem(_rel(provider_dir, base), None, None, "", "this folder is a symlink that points "
                                    "outside the catalog", "replace the link with the folder itself",
                                    rule="symlink-outside"))  # fmt: skip
            continue
        provider = provider_dir.name
        if not _check_segment(provider_dir, provider, "provider folder name", base, problems):
            continue
        for entry in sorted(provider_dir.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.suffix != ".yaml" or entry.is_dir():
                problems.append(_misplaced(entry, base, "models/<provider>/ holds only <model>.yaml files", "error"))
                continue
            if _check_segment(entry, entry.stem, "model file name", base, problems):
                yield entry, "model", f"{provider}/{entry.stem}"


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
        reason = "must be 1-100 lowercase ASCII letters, digits, '.', '_' or '-', starting and ending with a letter or digit"
    elif ".." in name:
        reason = "must not contain '..'"
    elif name in RESERVED_NAMES:
        reason = "is a reserved name"
    if not reason:
        return True
    suggestion = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    suggestion = re.sub(r"\.{2,}", ".", suggestion)
    hint = f"rename it, e.g. to '{suggestion}'" if suggestion and suggestion != name else "rename it"
    problems.append(Problem(_rel(path, base), None, None, "",
                            f"{what} '{name}' {reason}", hint, rule="invalid-file-name"))  # fmt: skip
    return False


# ---------------------------------------------------------------- one file


def _read_bytes(path: Path, catalog: Path, base: Path, limit: int, problems: list[Problem]) -> bytes | None:
    rel = _rel(path, base)
    try:
        real = path.resolve(strict=True)
        if catalog != real and catalog not in real.parents:
            raise _FileProblem("this file is a symlink that points outside the catalog",
                               "replace the link with the file itself", "symlink-outside")  # fmt: skip
        if not real.is_file():
            raise _FileProblem("this is not a regular file", "replace it with a plain file", "not-a-file")
        size = real.stat().st_size
        if size > limit:
            raise _FileProblem(f"the file is {size:,} bytes; the limit is {limit:,}",
                               "split it or shorten long texts", "file-too-large")  # fmt: skip
        with open(real, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise _FileProblem(f"the file is over the {limit:,}-byte limit",
                               "split it or shorten long texts", "file-too-large")  # fmt: skip
        return data
    except _FileProblem as exc:
        problems.append(Problem(rel, exc.line, exc.column, "", exc.message, exc.hint, rule=exc.rule))
    except (OSError, RuntimeError) as exc:  # RuntimeError: symlink loop on some Pythons
        loop = isinstance(exc, RuntimeError)
        reason = "symlink loop" if loop else exc.strerror or exc.__class__.__name__
        problems.append(Problem(rel, None, None, "", f"cannot read the file: {reason}",
                                "check that the file exists and is readable", rule="unreadable"))  # fmt: skip
    return None


def load_file(path: Path, kind: str, ident: str, catalog: Path, base: Path,
              problems: list[Problem]) -> RawRecord | None:  # fmt: skip
    """Parse one record file; on failure append one problem and return None."""
    raw = _read_bytes(path, catalog, base, MAX_FILE_BYTES, problems)
    if raw is None:
        return None
    rel = _rel(path, base)
    try:
        data, positions = parse_yaml(raw)
    except _FileProblem as exc:
        problems.append(Problem(rel, exc.line, exc.column, "", exc.message, exc.hint, rule=exc.rule))
        return None
    return RawRecord(kind, ident, rel, data, positions, hashlib.sha256(raw).hexdigest())


def parse_yaml(raw: bytes) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Bytes -> (mapping, positions). Raises _FileProblem with a line where there is one."""
    text = _decode(raw)
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, column = _line_col(text, bad.start())
        raise _FileProblem(f"the file contains a character YAML does not allow (U+{ord(bad.group()):04X})",
                           "remove control characters from the file", "bad-character", line, column)  # fmt: skip
    try:
        _check_flow_depth(text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_col(text, exc.position)
        raise _FileProblem(f"the file contains a character YAML does not allow ({exc.character!r})",
                           "remove control characters from the file", "bad-character", line, column) from None  # fmt: skip
    except yaml.YAMLError as exc:
        raise _FileProblem(f"YAML error: {exc}", "fix the YAML syntax", "yaml-syntax") from None
    except RecursionError:
        raise _FileProblem(f"the file nests deeper than {MAX_DEPTH} levels",
                           "flatten the structure", "too-deep") from None  # fmt: skip
    if node is None:
        raise _FileProblem("the file is empty", "write the record's fields, or delete the file", "empty-file")
    builder = _Builder()
    data = builder.build(node, "", 0)
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value" if data is not None else "null"
        raise _FileProblem(f"the top level is {what}, not a mapping of fields",
                           "write the record as 'field: value' lines", "not-a-mapping", 1, 1)  # fmt: skip
    return data, builder.positions


def _check_flow_depth(text: str) -> None:
    """Refuse deep nesting ('[[[[...', '- - - -...') before composing: libyaml's composer
    recurses and crashes the interpreter at about 100,000 levels. Each level needs one
    of '[{-?:', so a file with few of them cannot nest deeply and skips this pass."""
    if sum(text.count(c) for c in "[{-?:") <= 1000:
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):  # libyaml's parser is iterative
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise _FileProblem(f"the file nests deeper than {MAX_DEPTH} levels", "flatten the structure",
                                   "too-deep", mark.line + 1, mark.column + 1)  # fmt: skip
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise _FileProblem(f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                           "save the file as UTF-8", "invalid-utf8", line, column) from None  # fmt: skip


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> _FileProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    context = exc.context
    if context and context.startswith("while ") and exc.context_mark and mark and exc.context_mark.line != mark.line:
        context += f" started on line {exc.context_mark.line + 1}"
    detail = ", ".join(x for x in (context, exc.problem) if x)
    hint = "fix the YAML syntax at this line (check indentation, colons and quotes)"
    rule = "yaml-syntax"
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip(" \t"))]:
        hint, rule = "indent with spaces; YAML does not allow tabs in indentation", "tab-indent"
        detail = "a tab is used for indentation"
    elif "single document" in detail:
        hint, rule = "keep one record per file: remove the '---' separator and what follows", "multiple-documents"
    return _FileProblem(f"YAML syntax error: {detail}", hint, rule, line, column)


class _Builder:
    """Turn a composed node tree into plain Python values, recording positions."""

    def __init__(self) -> None:
        self.positions: dict[str, tuple[int, int]] = {}
        self.values = 0

    def build(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:  # at the top-level field: an aliased node's own mark is where its anchor is
            line, column = self.positions.get("/".join(pointer.split("/")[:2]), (None, None))
            raise _FileProblem(f"the file holds more than {MAX_VALUES:,} values (anchors and aliases included)",
                               "write the values out; a record is small", "too-many-values", line, column)  # fmt: skip
        if depth > MAX_DEPTH:
            raise self._fail(node, f"the file nests deeper than {MAX_DEPTH} levels", "flatten the structure", "too-deep")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, pointer, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise self._bad_tag(node)
            result = []
            for index, item in enumerate(node.value):
                child = f"{pointer}/{index}"
                self.positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                result.append(self.build(item, child, depth + 1))
            return result
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            raise self._bad_tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise self._fail(key_node, "merge keys ('<<') are not allowed in records",
                                 "write the fields out in full", "merge-key")  # fmt: skip
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "a key must be a plain word, not a list or mapping",
                                 "write 'field: value'", "complex-key")  # fmt: skip
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = key_node.value  # 'yes:' or '2024:' as keys stay the text written
            if key in result:
                first = self.positions.get(f"{pointer}/{escape_pointer(key)}", (None, None))[0]
                raise self._fail(key_node, f"duplicate key '{key}' (first defined on line {first})",
                                 "keep one of the two: YAML would silently drop the first", "duplicate-key")  # fmt: skip
            child = f"{pointer}/{escape_pointer(key)}"
            self.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise self._bad_tag(node)
        value = node.value
        if tag == _TAG + "str":
            if len(value) > MAX_STRING_CHARS:
                raise self._fail(node, f"a text is {len(value):,} characters; the limit is {MAX_STRING_CHARS:,}",
                                 "shorten it", "string-too-long")  # fmt: skip
            return value
        if tag == _TAG + "float":
            return self._decimal(node)
        if tag == _TAG + "timestamp":
            return value  # dates stay text: the schema checks their shape
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _constructor.construct_yaml_bool(node)
        return _constructor.construct_yaml_int(node)

    def _decimal(self, node: yaml.ScalarNode) -> Decimal:
        text = node.value.replace("_", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            raise self._fail(node, f"'{node.value}' is not a finite number", "write a plain decimal such as 0.030",
                             "not-finite")  # fmt: skip
        return value

    def _bad_tag(self, node: yaml.Node) -> _FileProblem:
        tag = node.tag.replace(_TAG, "!!")
        return self._fail(node, f"the YAML tag '{tag}' is not allowed",
                          "remove the tag: records hold only plain text, numbers, true/false, lists and mappings",
                          "forbidden-tag")  # fmt: skip

    @staticmethod
    def _fail(node: yaml.Node, message: str, hint: str, rule: str) -> _FileProblem:
        return _FileProblem(message, hint, rule, node.start_mark.line + 1, node.start_mark.column + 1)
