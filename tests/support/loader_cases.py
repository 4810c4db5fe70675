"""The loader's rules as a table of cases (exact message, file, line, column): run by
catalog/test_load.py, and counted by catalog/test_validate.py (every rule has a case).
`MODEL_TEXT` is valid_model() as YAML text; `LAUGHS` is a billion-laughs record."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from support.catalogs import MODEL, PROVIDER, SITE, dump_yaml, valid_model

from generator.catalog.load import MAX_FILE_BYTES
from generator.catalog.problems import ERROR, WARNING

MODEL_TEXT = dump_yaml(valid_model())  # 18 lines; see support.catalogs._IMAGE_MODEL
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
           "the catalog holds only site.yaml, providers/, models/, theme/ and templates/", WARNING)]),
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
