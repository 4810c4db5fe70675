"""The loader: one test per loader rule (exact message, file, line, column), plus the
values and positions it hands to the validator."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.catalogs import MODEL, PROVIDER, SITE, check_catalog, dump_yaml, write_files
from support.loader_cases import LOADER_CASES, Case

from generator.catalog.load import RawRecord, _FileProblem, load_catalog, parse_yaml
from generator.catalog.problems import Problem


@pytest.mark.parametrize("case", LOADER_CASES, ids=lambda c: c.id)
def test_loader_rule(case: Case, write_catalog) -> None:
    catalog = write_catalog(case.files)
    if case.setup:
        case.setup(catalog)
    expected = [Problem(f"catalog/{f}".rstrip("/"), *rest, rule=case.rule) for f, *rest in case.expect]
    assert [p for p in check_catalog(catalog) if p.rule == case.rule] == expected


def test_symlink_target_is_never_opened(write_catalog) -> None:
    """The target is a FIFO: opening it would block, so a finished check proves it was not read."""
    catalog = write_catalog()
    os.mkfifo(catalog.parent / "fifo.yaml")
    (catalog / "models/acme/image-two.yaml").symlink_to(catalog.parent / "fifo.yaml")
    assert [p.rule for p in check_catalog(catalog)] == ["symlink-outside"]


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(("text", "value"), [
    ("0.030", Decimal("0.030")), ("5", 5), ("-0.5", Decimal("-0.5")), ("1_000.5", Decimal("1000.5")),
    ("1e-06", Decimal("0.000001")), ("2.5E3", Decimal("2.5E3")), ("0x1F", 31), ("true", True), ("~", None),
    ("2025-08-01", "2025-08-01"), ("'0.030'", "0.030"), ("1e-06x", "1e-06x"), ("Ünïcode ✓", "Ünïcode ✓"),
])  # fmt: skip
def test_scalar_values(text: str, value: object) -> None:
    data, _ = parse_yaml(f"a: {text}\n".encode())
    assert data == {"a": value}
    assert type(data["a"]) is type(value)


def test_decimal_keeps_its_source_text() -> None:
    data, _ = parse_yaml(b"amount: 0.030\n")
    assert str(data["amount"]) == "0.030"


@pytest.mark.parametrize(
    ("text", "key"), [("yes: 1", "yes"), ("2024: 1", "2024"), ("null: 1", "null"), ("a/b~c: 1", "a/b~c")]
)
def test_keys_stay_the_text_written(text: str, key: str) -> None:
    assert parse_yaml(text.encode())[0] == {key: 1}


def test_positions_of_every_value() -> None:
    _, positions = parse_yaml(b"a:\n  b: [1, 2]\n  c/d:\n    - x: 1\n")
    assert positions == {"/a": (1, 1), "/a/b": (2, 3), "/a/b/0": (2, 7), "/a/b/1": (2, 10),
                         "/a/c~1d": (3, 3), "/a/c~1d/0": (4, 7), "/a/c~1d/0/x": (4, 7)}  # fmt: skip


def test_position_falls_back_to_the_nearest_parent() -> None:
    record = RawRecord("model", "a/b", "catalog/models/a/b.yaml", {}, {"/pricing": (9, 1)})
    assert record.position("/pricing/3/amount") == (9, 1)
    assert record.position("/other") == (None, None)


@pytest.mark.parametrize("raw", [b"\xef\xbb\xbfa: 1\r\nb:\r\n  - 2\r\n", b"a: 1\rb:\r  - 2\r"])
def test_bom_and_crlf_are_accepted_with_right_lines(raw: bytes) -> None:
    data, positions = parse_yaml(raw)
    assert data == {"a": 1, "b": [2]}
    assert positions["/b/0"] == (3, 5)


def test_load_catalog_paths_assets_and_hidden_files(tmp_path: Path) -> None:
    catalog = write_files(tmp_path / "cat", {
        SITE: dump_yaml({"name": "x"}), "providers/acme.svg": b"<svg/>", "providers/.DS_Store": b"\0",
        "models/acme/.draft.yaml": "name: [", PROVIDER: "name: Acme\n", MODEL: "name: One\n",
    })  # fmt: skip
    loaded = load_catalog(catalog)
    assert loaded.problems == []
    assert [(r.kind, r.ident, r.file) for r in loaded.records] == [
        ("site", "site", "cat/site.yaml"), ("provider", "acme", "cat/providers/acme.yaml"),
        ("model", "acme/image-one", "cat/models/acme/image-one.yaml")]  # fmt: skip
    assert loaded.assets == {"acme.svg": b"<svg/>"}
    assert loaded.files == 4


# ---------------------------------------------------------------- fuzzing


_YAMLISH = st.lists(st.sampled_from(["a", ":", " ", "\n", "- ", "[", "]", "{", "}", ",", "&x ", "*x", "!!", "'", '"',
                                     "\t", "#", "---\n", "? ", "1.5", ".nan", "<<", "\x00", "é", "|\n  ", "%YAML 1.1\n"]),
                    max_size=60).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_YAMLISH, st.text(max_size=200)))
def test_parse_yaml_only_ever_reports_file_problems(text: str) -> None:
    try:
        data, _ = parse_yaml(text.encode("utf-8", "surrogatepass"))
    except _FileProblem as problem:
        assert problem.message and problem.rule
    else:
        assert isinstance(data, dict)
