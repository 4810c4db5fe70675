"""Validate raw records: JSON Schema first, then the named cross-record checks.

Never raises for bad input, never writes. Returns every problem found in one run,
each with file, line, column, JSON pointer, message, hint and severity.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from generator.catalog import checks
from generator.catalog.load import LoadResult, MapEach, RawRecord, map_in_process
from generator.catalog.problems import ERROR, Problem, did_you_mean
from generator.catalog.yamlsafe import FileProblem, escape_pointer
from generator.paths import SCHEMAS

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = SCHEMAS
SCHEMA_FILES = {
    "site": "site.schema.json",
    "provider": "provider.schema.json",
    "model": "model.schema.json",
}


@cache
def load_schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))


@cache
def schema_digest() -> str:
    """Changes when any schema changes: remembered validity is only valid for one."""
    h = hashlib.sha256()
    for name in sorted(SCHEMA_FILES.values()):
        h.update((SCHEMA_DIR / name).read_bytes())
    return h.hexdigest()


@cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    import jsonschema  # only when a record fails the compiled check: it takes a while to import

    schema = load_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@cache
def _fast_validator(kind: str) -> Callable[[Any], Any]:
    """A compiled check (fastjsonschema) that answers 'valid' much faster; when it
    says 'invalid', jsonschema decides and explains. It only ever speeds up the valid case,
    so its own messages are never read: the code is compiled without the formatting of the
    names they would give each list item (most of its work on a valid record)."""
    code = fastjsonschema.compile_to_code(load_schema(kind), formats={"date": _ISO_DATE})
    namespace: dict[str, Any] = {}
    exec(code.replace(_ITEM_NAMES, ""), namespace)  # noqa: S102 - the library's own code, from our schema
    root = _FIRST_FUNCTION.search(code)
    assert root is not None, "fastjsonschema's code defines the root validator first"
    return namespace[root.group(1)]


_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_ITEM_NAMES = ".format(**locals())"  # how fastjsonschema's code names 'data.pricing[3]' in a message
_FIRST_FUNCTION = re.compile(r"^def (\w+)\(", re.MULTILINE)


def is_schema_valid(record: RawRecord) -> bool:
    try:
        _fast_validator(record.kind)(record.data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def validate_catalog(
    loaded: LoadResult,
    schema_valid: frozenset[tuple[str, str]] = frozenset(),
    map_each: MapEach = map_in_process,
    check_each: MapEach = map_in_process,
    memo: checks.CheckMemo | None = None,
) -> list[Problem]:
    """Every problem in the catalog: schema problems per file, then cross-record checks
    over the records whose schema is valid (so checks can trust types). `schema_valid`:
    (kind, content hash) of records already known to pass the schema (see load.py).
    `map_each` maps the schema check over records, `check_each` the per-record checks over
    records; `memo` remembers what the schema and the per-record checks found in a record
    (the build keeps one between builds; its salt covers the schemas)."""
    memo = memo or checks.CheckMemo()
    records = loaded.records
    unknown = [r for r in records if (r.kind, r.source_hash) not in schema_valid]
    schema_valid = schema_valid | schema_valid_keys(unknown, map_each)
    problems: list[Problem] = []
    valid: list[RawRecord] = []
    for record in records:
        if record.source_hash and (record.kind, record.source_hash) in schema_valid:
            valid.append(record)
            continue
        found = _schema_problems_of(record, memo)
        problems.extend(found)
        if not any(p.severity == ERROR for p in found):
            valid.append(record)
    problems.extend(checks.run_checks(valid, records, frozenset(loaded.assets), loaded.found, check_each, memo))
    memo.settle()
    return problems


def _schema_problems_of(record: RawRecord, memo: checks.CheckMemo) -> tuple[Problem, ...]:
    key = checks.record_key(record, "schema")
    found = memo.get(key)
    if found is None:
        found = tuple(schema_problems(record))
        memo.put(key, found)
    return found


def schema_valid_keys(records: list[RawRecord], map_each: MapEach = map_in_process) -> frozenset[tuple[str, str]]:
    """(kind, content hash) of the records the compiled schemas accept."""
    passed = map_each(is_schema_valid, records)
    return frozenset((r.kind, r.source_hash) for r, ok in zip(records, passed, strict=True) if ok and r.source_hash)


# ---------------------------------------------------------------- schema


def schema_problems(record: RawRecord) -> Iterator[Problem]:
    if is_schema_valid(record):
        return
    try:
        record.positions  # noqa: B018 - the full parse: loader rules come before the schema
    except FileProblem as exc:
        yield Problem(record.file, exc.line, exc.column, "", exc.message, exc.hint, ERROR, exc.rule)
        return
    errors = _validator(record.kind).iter_errors(record.data)
    for error in sorted(errors, key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        yield from _explain(record, error)


def _pointer(path: Iterable[Any]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _at(record: RawRecord, pointer: str, message: str, hint: str, rule: str) -> Problem:
    line, column = record.position(pointer)
    return Problem(record.file, line, column, pointer, message, hint, ERROR, rule)


def _field_name(pointer: str) -> str:
    """'/pricing/0/unit' -> 'unit'; a list item is named by its list: '/aliases/2' -> 'aliases[2]'."""
    parent, _, last = pointer.rpartition("/")
    if last.isdigit() and parent:
        return f"{_field_name(parent)}[{last}]"
    return last or "the record"


def _describe_type(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, str):
        return f"text ('{value[:40]}')"
    if isinstance(value, int | Decimal):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing (null)"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "null",
}


def _explain(record: RawRecord, error: jsonschema.ValidationError) -> Iterator[Problem]:
    """Turn one jsonschema error into readable problems (one per offending field)."""
    pointer = _pointer(error.absolute_path)
    keyword, schema, value = error.validator, error.schema, error.instance
    name = _field_name(pointer)
    if keyword == "additionalProperties":
        allowed = schema.get("properties", {})
        for extra in sorted(set(value) - set(allowed)):
            suggestion = did_you_mean(extra, allowed)
            hint = suggestion or f"remove it; allowed fields here: {', '.join(sorted(allowed))}"
            yield _at(record, f"{pointer}/{escape_pointer(extra)}", f"unknown field '{extra}'", hint, "unknown-field")
    elif keyword == "required":
        for missing in error.validator_value:
            if missing not in value:
                properties = schema.get("properties") or load_schema(record.kind)["properties"]  # 'then' has none
                spec = properties.get(missing, {})
                condition = " for a deprecated model" if "then" in error.schema_path else ""
                hint = f"add '{missing}:': {spec.get('description', '')}".strip()
                yield _at(record, pointer, f"missing required field '{missing}'{condition}", hint, "missing-field")
    elif keyword == "enum":
        allowed = [str(v) for v in error.validator_value]
        suggestion = did_you_mean(value, allowed) if isinstance(value, str) else ""
        hint = f"{suggestion + ' ' if suggestion else ''}allowed: {', '.join(allowed)}"
        yield _at(record, pointer, f"'{value}' is not an allowed value for '{name}'", hint, "not-allowed")
    elif keyword == "type":
        expected = " or ".join(_TYPE_WORDS.get(t, t) for t in _as_list(error.validator_value))
        hint = schema.get("description", "")
        number = _as_number_text(value) if "number" in _as_list(error.validator_value) else None
        if number is not None:
            hint = f"write the number without quotes, e.g. {name}: {number}"
        yield _at(record, pointer, f"'{name}' must be {expected}, not {_describe_type(value)}", hint, "wrong-type")
    elif keyword == "pattern":
        hint = schema.get("x-hint", f"it must match {error.validator_value}")
        yield _at(record, pointer, f"'{_short(value)}' is not a valid value for '{name}'", hint, "bad-format")
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = "at least" if keyword == "minimum" else "at most" if keyword == "maximum" else "beyond"
        yield _at(
            record,
            pointer,
            f"'{name}' is {value}; it must be {word} {error.validator_value}",
            schema.get("description", ""),
            "out-of-range",
        )
    elif keyword in ("minLength", "maxLength", "minItems", "maxItems", "minProperties"):
        size = len(value)
        limit = error.validator_value
        what = "characters" if "Length" in keyword else "entries"
        bound = "at least" if keyword.startswith("min") else "at most"
        yield _at(
            record,
            pointer,
            f"'{name}' has {size} {what}; it must have {bound} {limit}",
            schema.get("description", ""),
            "bad-length",
        )
    elif keyword == "uniqueItems":
        seen: set[str] = set()
        for index, item in enumerate(value):
            key = json.dumps(item, sort_keys=True, default=str)
            if key in seen:
                yield _at(
                    record,
                    f"{pointer}/{index}",
                    f"'{_short(item)}' is listed twice in '{name}'",
                    "remove the repeated entry",
                    "duplicate-item",
                )
            seen.add(key)
    else:  # a keyword without a custom message: still located and still readable
        yield _at(record, pointer, error.message, schema.get("description", ""), f"schema-{keyword}")


def _as_number_text(value: Any) -> str | None:
    """'"0.03"' or '"$0.03"' written as text -> '0.03'; None when it is no number."""
    if not isinstance(value, str):
        return None
    text = value.strip().removeprefix("$").replace(",", "")
    try:
        return text if Decimal(text).is_finite() else None
    except ArithmeticError:
        return None


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
