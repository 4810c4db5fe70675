"""YAML text -> plain data, safely, with the source position of every value.

Two paths, one result:
- `parse_yaml` (full): composes the node tree and builds values while recording
  line and column for every JSON pointer; enforces every guard below and raises
  `FileProblem` with a line where there is one.
- `parse_fast` (hot path): libyaml composes, a plain walk builds the same values,
  no positions, for the common case of a well-formed record. It gives up (returns
  None) on anything unusual -- aliases, deep flow nesting, unknown tags, duplicate
  keys -- and the caller falls back to `parse_yaml`. Positions of a record that
  parsed fast are computed only when a problem needs them.

Guards, because records come from outside contributors:
- safe YAML only: any tag outside the YAML core schema (``!!python/...``,
  ``!!binary``, custom tags) is refused, and so are merge keys;
- exact decimals: a YAML float becomes ``decimal.Decimal`` from its source text,
  so ``0.030`` stays ``0.030``; dates stay ``YYYY-MM-DD`` strings;
- duplicate keys are a problem (PyYAML would silently keep the last one);
- nesting over ``MAX_DEPTH`` and more than ``MAX_VALUES`` values (so anchors and
  aliases cannot expand into a billion laughs) are refused, and so are texts over
  ``MAX_STRING_CHARS``;
- one document per file; the top level must be a mapping; strict UTF-8.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

try:  # libyaml is much faster; fall back to the pure-Python parser
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_DEPTH = 20
MAX_VALUES = 20_000
MAX_STRING_CHARS = 20_000

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_FLOAT_1_2 = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")
# What YAML allows in a stream (PyYAML's Reader.NON_PRINTABLE); checked on the decoded
# text, because libyaml reports the offset in bytes and the character as a number.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# An anchor or alias ('&name', '*name') where a value starts (at the start of the
# text or after a space or one of '[{,:-'): such files take the full path.
_ANCHOR_OR_ALIAS = re.compile(r"[&*][^\s*,\]}]")


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, plus YAML 1.2 / JSON floats that YAML 1.1 reads as text ('1e-06', '2.5E3')."""


_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_1_2, list("-+0123456789"))
_constructor = yaml.constructor.SafeConstructor()


class FileProblem(Exception):
    """One file cannot become a record: what, how to fix it, where."""

    def __init__(self, message: str, hint: str, rule: str, line=None, column=None):
        super().__init__(message)
        self.message, self.hint, self.rule = message, hint, rule
        self.line, self.column = line, column


def escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


# ---------------------------------------------------------------- fast path


class _GiveUp(Exception):
    """The fast path met something unusual: take the full path."""


class _FastLoader(_Loader):  # type: ignore[valid-type,misc]
    """libyaml composes the nodes (with the tags below); `_plain` builds the values."""

    def resolve(self, kind, value, implicit):  # type: ignore[override]
        """BaseResolver.resolve without path resolvers (the safe loader has none). The tag
        of a plain scalar depends only on its text, and records repeat the same keys and
        values ('unit', 'per_1m_input_tokens', 'true'), so it is looked up once per text."""
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _resolve_plain(value)
                if len(value) <= _REMEMBERED_CHARS and len(_PLAIN_TAGS) < _REMEMBERED_TEXTS:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP


def _resolve_plain(value: str) -> str:
    """The tag of a plain (unquoted) scalar: the first implicit resolver that matches, for
    its first character (as BaseResolver.resolve), else text."""
    for tag, regexp in _IMPLICIT.get(value[:1], _IMPLICIT_ANY):
        if regexp.match(value):
            return tag
    return _STR


_PLAIN_TAGS: dict[str, str] = {}  # plain scalar text -> its tag (a pure function of the text)
_REMEMBERED_CHARS = 64  # short texts only: keys, units, numbers, dates, words
_REMEMBERED_TEXTS = 50_000


def _fast_float(node: yaml.ScalarNode) -> Decimal:
    value = Decimal(node.value.replace("_", ""))
    if not value.is_finite():
        raise _GiveUp
    return value


def _plain(node: yaml.Node) -> Any:
    """The value of a composed node, as parse_yaml builds it, without PyYAML's
    constructor machinery (a third of the parse time): str, int, bool, null, exact
    Decimal floats, timestamps as text, mappings with text keys, lists. Anything
    else gives up."""
    tag, kind = node.tag, type(node)
    if kind is yaml.ScalarNode:
        if tag == _STR:
            return node.value
        if tag == _FLOAT:
            return _fast_float(node)
        if tag == _INT:
            value = node.value
            if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):
                return int(value)  # plain decimal digits (YAML 1.1 reads a leading 0 as octal)
            return _constructor.construct_yaml_int(node)
        if tag == _BOOL:
            return _constructor.construct_yaml_bool(node)
        if tag == _NULL:
            return None
        if tag == _TIMESTAMP:
            return node.value
    elif kind is yaml.MappingNode and tag == _MAP:
        result = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR or key_node.value in result:
                raise _GiveUp  # merge keys, non-text keys, duplicates
            result[key_node.value] = _plain(value_node)
        return result
    elif kind is yaml.SequenceNode and tag == _SEQ:
        return [_plain(child) for child in node.value]
    raise _GiveUp  # any other tag or shape


_IMPLICIT_ANY = tuple(_Loader.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {
    first: tuple(resolvers) + _IMPLICIT_ANY
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ = (
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


def parse_fast(text: str) -> dict[str, Any] | None:
    """The mapping in `text` if it is an ordinary record, else None (use parse_yaml).
    The same values as parse_yaml, without positions, about twice as fast."""
    if _has_anchor_or_alias(text) or _has_bad_character(text) or _may_nest_deeply(text):
        return None
    try:
        node = yaml.compose(text, Loader=_FastLoader)
        data = _plain(node) if node is not None else None
    except (_GiveUp, yaml.YAMLError, ValueError, InvalidOperation, RecursionError):
        return None
    # Depth and text length need no check here: every array and text in the schemas is
    # bounded, and a record the schema rejects is parsed again by parse_yaml.
    return data if isinstance(data, dict) else None


def _has_anchor_or_alias(text: str) -> bool:
    """Found by its '&' or '*', then the character before it is checked (a pattern that
    looks behind at every position is four times slower)."""
    if "&" not in text and "*" not in text:  # most records: a substring search, not a regex scan
        return False
    for match in _ANCHOR_OR_ALIAS.finditer(text):
        at = match.start()
        if at == 0 or text[at - 1].isspace() or text[at - 1] in "[{,:-":
            return True
    return False


def not_printable(text: str) -> re.Match[str] | None:
    """The first character YAML does not allow, if any (ASCII text takes a quick scan)."""
    return (_ASCII_CONTROL if text.isascii() else _NOT_PRINTABLE).search(text)


def _has_bad_character(text: str) -> bool:
    """bool(not_printable(text)); ASCII text is checked by deleting the allowed bytes
    (one pass in C) instead of a regex scan."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PRINTABLE_ASCII))
    return not_printable(text) is not None


_PRINTABLE_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
_NOT_NESTING = bytes(b for b in range(256) if b not in b"[{-?:")


# ---------------------------------------------------------------- full path


def parse_yaml(raw: bytes) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Bytes -> (mapping, positions). Raises FileProblem with a line where there is one."""
    text = decode(raw)
    bad = not_printable(text)
    if bad:
        line, column = _line_col(text, bad.start())
        raise FileProblem(
            f"the file contains a character YAML does not allow (U+{ord(bad.group()):04X})",
            "remove control characters from the file",
            "bad-character",
            line,
            column,
        )
    try:
        _check_flow_depth(text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_col(text, exc.position)
        raise FileProblem(
            f"the file contains a character YAML does not allow ({exc.character!r})",
            "remove control characters from the file",
            "bad-character",
            line,
            column,
        ) from None
    except yaml.YAMLError as exc:
        raise FileProblem(f"YAML error: {exc}", "fix the YAML syntax", "yaml-syntax") from None
    except RecursionError:
        raise FileProblem(
            f"the file nests deeper than {MAX_DEPTH} levels", "flatten the structure", "too-deep"
        ) from None
    if node is None:
        raise FileProblem("the file is empty", "write the record's fields, or delete the file", "empty-file")
    builder = _Builder()
    data = builder.build(node, "", 0)
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value" if data is not None else "null"
        raise FileProblem(
            f"the top level is {what}, not a mapping of fields",
            "write the record as 'field: value' lines",
            "not-a-mapping",
            1,
            1,
        )
    return data, builder.positions


def _may_nest_deeply(text: str) -> bool:
    """Each level of nesting needs one of '[{-?:'; few of them means shallow. Counted in
    the UTF-8 bytes, where those ASCII characters are the same, by deleting every other byte."""
    return len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_NESTING)) > 1000


def _check_flow_depth(text: str) -> None:
    """Refuse deep nesting ('[[[[...', '- - - -...') before composing: libyaml's composer
    recurses and crashes the interpreter at about 100,000 levels. Each level needs one
    of '[{-?:', so a file with few of them cannot nest deeply and skips this pass."""
    if not _may_nest_deeply(text):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):  # libyaml's parser is iterative
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = _deep_bracket(text) or (mark.line + 1, mark.column + 1)
                raise FileProblem(
                    f"the file nests deeper than {MAX_DEPTH} levels", "flatten the structure", "too-deep", line, column
                )
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def decode(raw: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); FileProblem with the line of a bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise FileProblem(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8",
            "invalid-utf8",
            line,
            column,
        ) from None


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> FileProblem:
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
    elif "maximum nesting depth" in detail:  # libyaml >= 0.2.6 stops at 1,000 levels, before our own count
        line, column = _deep_bracket(text) or (line, column)
        return FileProblem(
            f"the file nests deeper than {MAX_DEPTH} levels", "flatten the structure", "too-deep", line, column
        )
    return FileProblem(f"YAML syntax error: {detail}", hint, rule, line, column)


def _deep_bracket(text: str) -> tuple[int, int] | None:
    """Line and column of the first '[' or '{' nested deeper than MAX_DEPTH (quotes and
    comments aside), for the same answer whichever libyaml version stopped the parse."""
    depth, quote = 0, ""
    for line_number, line in enumerate(text.splitlines(), start=1):
        for column, char in enumerate(line, start=1):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] in " \t"):
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return line_number, column
            elif char in "]}":
                depth -= 1
    return None


class _Builder:
    """Turn a composed node tree into plain Python values, recording positions."""

    def __init__(self) -> None:
        self.positions: dict[str, tuple[int, int]] = {}
        self.values = 0

    def build(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:  # at the top-level field: an aliased node's own mark is where its anchor is
            line, column = self.positions.get("/".join(pointer.split("/")[:2]), (None, None))
            raise FileProblem(
                f"the file holds more than {MAX_VALUES:,} values (anchors and aliases included)",
                "write the values out; a record is small",
                "too-many-values",
                line,
                column,
            )
        if depth > MAX_DEPTH:
            raise self._fail(
                node, f"the file nests deeper than {MAX_DEPTH} levels", "flatten the structure", "too-deep"
            )
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
                raise self._fail(
                    key_node,
                    "merge keys ('<<') are not allowed in records",
                    "write the fields out in full",
                    "merge-key",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(
                    key_node, "a key must be a plain word, not a list or mapping", "write 'field: value'", "complex-key"
                )
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = key_node.value  # 'yes:' or '2024:' as keys stay the text written
            if key in result:
                first = self.positions.get(f"{pointer}/{escape_pointer(key)}", (None, None))[0]
                raise self._fail(
                    key_node,
                    f"duplicate key '{key}' (first defined on line {first})",
                    "keep one of the two: YAML would silently drop the first",
                    "duplicate-key",
                )
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
                raise self._fail(
                    node,
                    f"a text is {len(value):,} characters; the limit is {MAX_STRING_CHARS:,}",
                    "shorten it",
                    "string-too-long",
                )
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
            raise self._fail(
                node, f"'{node.value}' is not a finite number", "write a plain decimal such as 0.030", "not-finite"
            )
        return value

    def _bad_tag(self, node: yaml.Node) -> FileProblem:
        tag = node.tag.replace(_TAG, "!!")
        return self._fail(
            node,
            f"the YAML tag '{tag}' is not allowed",
            "remove the tag: records hold only plain text, numbers, true/false, lists and mappings",
            "forbidden-tag",
        )

    @staticmethod
    def _fail(node: yaml.Node, message: str, hint: str, rule: str) -> FileProblem:
        return FileProblem(message, hint, rule, node.start_mark.line + 1, node.start_mark.column + 1)
