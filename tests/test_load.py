"""The loader: one test per loader rule (exact message, file, line, column), plus the
values and positions it hands to the validator."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MODEL, PROVIDER, SITE, check_catalog, dump_yaml, valid_model, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog.load import MAX_FILE_BYTES, RawRecord, _FileProblem, load_catalog, parse_yaml
from generator.catalog.problems import ERROR, WARNING, Problem

MODEL_TEXT = dump_yaml(valid_model())  # 18 lines; see conftest._IMAGE_MODEL
BIG = MODEL_TEXT + "# " + "x" * (300 * 1024) + "\n"
LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 10) if prev else ', '.join(['lol'] * 10)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e"], ["a", "b", "c", "d", "e", "f"], strict=True)
)


def _outside(catalog: Path) -> Path:
    """A folder beside the catalog, holding a record the loader must not read."""
    folder = catalog.parent / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "image-two.yaml").write_text(dump_yaml(valid_model(name="Secret")), encoding="utf-8")
    return folder


def _link_file_outside(catalog: Path) -> None:
    (catalog / "models/acme/image-two.yaml").symlink_to(_outside(catalog) / "image-two.yaml")


def _link_folder_outside(catalog: Path) -> None:
    (catalog / "models/evil").symlink_to(_outside(catalog), target_is_directory=True)


@dataclass
class Case:
    id: str
    rule: str
    files: dict
    expect: list[tuple]  # (file under catalog/, line, column, pointer, message, hint, severity)
    setup: Callable[[Path], None] | None = field(default=None, repr=False)


def _edit(old: str, new: str) -> str:
    assert old in MODEL_TEXT
    return MODEL_TEXT.replace(old, new)


HINT_TAG = "remove the tag: records hold only plain text, numbers, true/false, lists and mappings"
HINT_NAME = "must be 1-100 lowercase ASCII letters, digits, '.', '_' or '-', starting and ending with a letter or digit"

LOADER_CASES = [
    Case("bad-logo", "bad-logo", {"providers/acme.svg": b"<svg xmlns='http://www.w3.org/2000/svg'>\n<path>\n</svg>"},
         [("providers/acme.svg", 3, 3, "", "the logo is not well-formed XML (mismatched tag)",
           "save the logo as a plain SVG file (no DTD or entities)", ERROR)]),
    Case("duplicate-key", "duplicate-key", {MODEL: MODEL_TEXT + "name: Again\n"},
         [(MODEL, 19, 1, "", "duplicate key 'name' (first defined on line 1)",
           "keep one of the two: YAML would silently drop the first", ERROR)]),
    Case("forbidden-tag-python", "forbidden-tag", {MODEL: MODEL_TEXT + "note: !!python/object/apply:os.system ['echo x']\n"},
         [(MODEL, 19, 7, "", "the YAML tag '!!python/object/apply:os.system' is not allowed", HINT_TAG, ERROR)]),
    Case("forbidden-tag-custom", "forbidden-tag", {MODEL: _edit("kind: image_generation", "kind: !foo image_generation")},
         [(MODEL, 3, 7, "", "the YAML tag '!foo' is not allowed", HINT_TAG, ERROR)]),
    Case("merge-key", "merge-key", {MODEL: _edit("  streaming: false", "  <<: {streaming: false}")},
         [(MODEL, 15, 3, "", "merge keys ('<<') are not allowed in records", "write the fields out in full", ERROR)]),
    Case("too-deep-block", "too-deep", {MODEL: MODEL_TEXT + "x: " + "[" * 30 + "]" * 30 + "\n"},
         [(MODEL, 19, 24, "", "the file nests deeper than 20 levels", "flatten the structure", ERROR)]),
    Case("too-deep-prepass", "too-deep", {MODEL: MODEL_TEXT + "x: " + "[" * 2000 + "]" * 2000 + "\n"},
         [(MODEL, 19, 24, "", "the file nests deeper than 20 levels", "flatten the structure", ERROR)]),
    Case("too-many-values", "too-many-values", {MODEL: LAUGHS},
         [(MODEL, 5, 1, "", "the file holds more than 20,000 values (anchors and aliases included)",
           "write the values out; a record is small", ERROR)]),
    Case("file-too-large", "file-too-large", {MODEL: BIG},
         [(MODEL, None, None, "", f"the file is {len(BIG):,} bytes; the limit is {MAX_FILE_BYTES:,}",
           "split it or shorten long texts", ERROR)]),
    Case("invalid-utf8", "invalid-utf8", {MODEL: MODEL_TEXT.replace("a picture", "a pic\udcfeture").encode("utf-8", "surrogateescape")},
         [(MODEL, 2, 59, "", "the file is not valid UTF-8 (byte 0xfe)", "save the file as UTF-8", ERROR)]),
    Case("bad-character", "bad-character", {MODEL: _edit("a picture", "a pic\x07ture")},
         [(MODEL, 2, 59, "", "the file contains a character YAML does not allow (U+0007)",
           "remove control characters from the file", ERROR)]),
    Case("tab-indent", "tab-indent", {MODEL: _edit("  streaming: false", "\tstreaming: false")},
         [(MODEL, 15, 1, "", "YAML syntax error: a tab is used for indentation",
           "indent with spaces; YAML does not allow tabs in indentation", ERROR)]),
    Case("multiple-documents", "multiple-documents", {MODEL: MODEL_TEXT + "---\nname: Second\n"},
         [(MODEL, 19, 1, "", "YAML syntax error: expected a single document in the stream, but found another document",
           "keep one record per file: remove the '---' separator and what follows", ERROR)]),
    Case("yaml-syntax", "yaml-syntax", {MODEL: _edit("status: active", "status: [active")},
         [(MODEL, 17, 13, "", "YAML syntax error: while parsing a flow sequence started on line 16, did not find expected ',' or ']'",
           "fix the YAML syntax at this line (check indentation, colons and quotes)", ERROR)]),
    Case("empty-file", "empty-file", {PROVIDER: "# nothing here yet\n"},
         [(PROVIDER, None, None, "", "the file is empty", "write the record's fields, or delete the file", ERROR)]),
    Case("not-a-mapping", "not-a-mapping", {SITE: "- name\n- tagline\n"},
         [(SITE, 1, 1, "", "the top level is a list, not a mapping of fields", "write the record as 'field: value' lines", ERROR)]),
    Case("not-finite", "not-finite", {MODEL: _edit("amount: 0.030", "amount: .nan")},
         [(MODEL, 11, 11, "", "'.nan' is not a finite number", "write a plain decimal such as 0.030", ERROR)]),
    Case("complex-key", "complex-key", {MODEL: MODEL_TEXT + "? [a, b]\n: 1\n"},
         [(MODEL, 19, 3, "", "a key must be a plain word, not a list or mapping", "write 'field: value'", ERROR)]),
    Case("string-too-long", "string-too-long", {MODEL: valid_model(description="x" * 20_001)},
         [(MODEL, 2, 14, "", "a text is 20,001 characters; the limit is 20,000", "shorten it", ERROR)]),
    Case("invalid-file-name", "invalid-file-name", {"models/acme/Image Two.yaml": valid_model(name="Two")},
         [("models/acme/Image Two.yaml", None, None, "", f"model file name 'Image Two' {HINT_NAME}",
           "rename it, e.g. to 'image-two'", ERROR)]),
    Case("misplaced-file-yml", "misplaced-file", {"models/acme/two.yml": valid_model(name="Two")},
         [("models/acme/two.yml", None, None, "", "'two.yml' has the extension .yml",
           "rename it to 'two.yaml': only .yaml files are read", ERROR)]),
    Case("misplaced-file-unexpected", "misplaced-file", {"notes.txt": "hello\n"},
         [("notes.txt", None, None, "", "unexpected file 'notes.txt' is ignored",
           "the catalog holds only site.yaml, providers/ and models/", WARNING)]),
    Case("symlink-outside-file", "symlink-outside", {}, setup=_link_file_outside, expect=[
        ("models/acme/image-two.yaml", None, None, "", "this file is a symlink that points outside the catalog",
         "replace the link with the file itself", ERROR)]),
    Case("symlink-outside-folder", "symlink-outside", {}, setup=_link_folder_outside, expect=[
        ("models/evil", None, None, "", "this folder is a symlink that points outside the catalog",
         "replace the link with the folder itself", ERROR)]),
    Case("not-a-file", "not-a-file", {}, setup=lambda c: os.mkfifo(c / "models/acme/pipe.yaml"), expect=[
        ("models/acme/pipe.yaml", None, None, "", "this is not a regular file", "replace it with a plain file", ERROR)]),
    Case("unreadable", "unreadable", {}, setup=lambda c: (c / "models/acme/gone.yaml").symlink_to(c / "nowhere.yaml"),
         expect=[("models/acme/gone.yaml", None, None, "", "cannot read the file: No such file or directory",
                  "check that the file exists and is readable", ERROR)]),
    Case("site-missing", "site-missing", {SITE: None},
         [(SITE, None, None, "", "site.yaml is missing",
           "create catalog/site.yaml with the gateway-wide settings (see README)", ERROR)]),
    Case("catalog-missing", "catalog-missing", {}, setup=shutil.rmtree, expect=[
        ("", None, None, "", "the catalog directory does not exist",
         "pass --catalog with the folder that holds site.yaml, providers/ and models/", ERROR)]),
]  # fmt: skip


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
