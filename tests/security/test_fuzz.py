"""Property-based fuzzing of the loader and the validator (hypothesis).

Inputs: the shipped records (catalog/) mutated as data (fields dropped, retyped, set
to unicode, huge numbers or nested garbage, unknown fields added) and as text (bytes
inserted or deleted, lines duplicated or re-indented), and random bytes. For each one,
load + validate in-process:

- never an exception;
- every problem names a file of the catalog and says something; a problem about a
  field (a JSON pointer) has the line of that field;
- a record that validates goes on through records, derive and every renderer without
  an exception.

Examples per test: the 'ci' profile of tests/conftest.py (fixed); HYPOTHESIS_PROFILE=thorough
runs many more (SECURITY.md).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.catalogs import check_catalog, dump_yaml, valid_site, write_files
from support.paths import ROOT
from support.sites import render_in_memory

from generator.catalog.yamlsafe import parse_yaml

pytestmark = pytest.mark.slow  # hypothesis fuzzing of the loader and validator

SHIPPED = sorted((ROOT / "catalog" / "models").glob("*/*.yaml"))
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _record(path: Path) -> dict[str, Any]:
    return parse_yaml(path.read_bytes())[0]


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**40), 10**40),
    st.sampled_from(
        [Decimal("1e-400"), Decimal("9" * 60), Decimal("-0.0"), Decimal("0.1") + Decimal("0.2"), 0.1 + 0.2]
    ),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from(
        [
            "",
            "2025-02-30",
            "9999-99-99",
            "https://",
            "javascript:alert(1)",
            "\u202e\u200b",
            "../../x",
            "<script>alert(1)</script>",
            "per_1m_input_tokens",
            "chat",
            "deprecated",
            "x" * 6000,
        ]
    ),
)
UNICODE = st.text(
    st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20
)  # any character but lone surrogates
GARBAGE = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _parent(data: Any, path: tuple) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[Path, dict[str, Any]]:
    """A shipped model record with one to four mutations."""
    source = draw(st.sampled_from(SHIPPED))
    data = _record(source)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(data, path), path[-1]
        action = draw(st.sampled_from(["drop", "replace", "unicode", "add"]))
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(GARBAGE)
        elif action == "unicode" and isinstance(parent[key], str):
            at = draw(st.integers(0, len(parent[key])))
            parent[key] = parent[key][:at] + draw(UNICODE) + parent[key][at:]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(GARBAGE)
    return source, data


INSERTS = st.binary(min_size=1, max_size=8) | st.sampled_from(
    [b"&a ", b"*a", b"!!python/name:os.system ", b"\t", b"\xff", b"{", b"- "]
)


@st.composite
def mutated_texts(draw: st.DrawFn) -> tuple[Path, bytes]:
    """A shipped model file with its bytes edited: insertions, deletions, duplicated or re-indented lines."""
    source = draw(st.sampled_from(SHIPPED))
    raw = source.read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "indent"]))
        if action == "insert":
            raw = raw[:at] + draw(INSERTS) + raw[at:]
        elif action == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 40)) :]
        else:
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at) + 1 or len(raw)
            line = raw[start:end]
            raw = raw[:start] + (line + line if action == "duplicate-line" else b"  " + line) + raw[end:]
    return source, raw


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _catalog(root: Path, source: Path, content: Any) -> tuple[Path, str]:
    """site.yaml from the builders, the shipped provider of `source`, and the fuzzed record in its place."""
    catalog = root / "catalog"
    shutil.rmtree(catalog, ignore_errors=True)
    provider = source.parent.name
    rel = f"models/{provider}/{source.name}"
    write_files(
        catalog,
        {
            "site.yaml": valid_site(),
            f"providers/{provider}.yaml": (ROOT / "catalog" / "providers" / f"{provider}.yaml").read_bytes(),
            rel: content,
        },
    )
    return catalog, f"catalog/{rel}"


def assert_reported(catalog: Path) -> None:
    """Every problem is located; a catalog without errors renders without an exception."""
    problems = check_catalog(catalog)
    files = {f"catalog/{p.relative_to(catalog).as_posix()}" for p in catalog.rglob("*") if p.is_file()}
    for problem in problems:
        assert problem.file in files | {"catalog/models/" + problem.file.split("/")[2]} and problem.message, problem
        assert problem.line is not None or not problem.pointer, problem
    if not any(p.is_error for p in problems):
        assert render_in_memory(catalog)


@FUZZ
@given(mutated_records())
def test_mutated_records_are_reported_or_rendered(fuzz_root: Path, case: tuple[Path, dict[str, Any]]) -> None:
    source, data = case
    try:
        text = dump_yaml(data).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a dict key: not representable as a file
        return
    catalog, _rel = _catalog(fuzz_root, source, text)
    assert_reported(catalog)


@FUZZ
@given(mutated_texts())
def test_mutated_files_are_reported_or_rendered(fuzz_root: Path, case: tuple[Path, bytes]) -> None:
    source, raw = case
    catalog, _rel = _catalog(fuzz_root, source, raw)
    assert_reported(catalog)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_are_reported(fuzz_root: Path, raw: bytes) -> None:
    catalog, rel = _catalog(fuzz_root, SHIPPED[0], raw)
    problems = check_catalog(catalog)
    assert any(p.file == rel for p in problems) or not any(p.is_error for p in problems)
    assert_reported(catalog)


def test_the_mutations_reach_every_kind_of_problem(fuzz_root: Path) -> None:
    """The fuzzed inputs are not all refused at the first hurdle: a few fixed mutations
    give a YAML problem, a schema problem at a line, and a record that renders."""
    source = SHIPPED[0]
    data = _record(source)
    cases = {
        "yaml": source.read_bytes() + b"\n\t- x",
        "schema": dump_yaml({**data, "context_window": "huge"}).encode(),
        "valid": source.read_bytes(),
    }
    seen = {}
    for name, raw in cases.items():
        catalog, rel = _catalog(fuzz_root, source, raw)
        seen[name] = [(p.rule, p.line is not None) for p in check_catalog(catalog) if p.file == rel and p.is_error]
        assert_reported(catalog)
    assert seen["yaml"] and seen["schema"] == [("wrong-type", True)] and seen["valid"] == []
