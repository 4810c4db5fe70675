"""A corpus of broken and hostile catalogs, each run through `build.py validate --format json`
in a subprocess: the exit code is 1 (0 for inputs that must be accepted), stdout is one JSON
document naming the expected problem at the right file and line, stderr is empty (no
traceback, no 'internal error'), and nothing hangs or crashes the interpreter."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.catalogs import (
    CHAT,
    MODEL,
    PROVIDER,
    SITE,
    TWO,
    dump_yaml,
    valid_chat_model,
    valid_model,
    valid_site,
)
from support.cli import run_validate
from support.loader_cases import LAUGHS, MODEL_TEXT

pytestmark = pytest.mark.slow  # a corpus run through build.py validate, one subprocess per input

CHAT_TEXT = dump_yaml(valid_chat_model())
FAQ = "faq:\n- question: Is it fast?\n  answer: Yes, <b>very</b>.\n"  # a warning on line 21 of MODEL_TEXT + FAQ
PROBLEM_KEYS = {"file", "line", "column", "pointer", "message", "hint", "severity", "rule"}


def edit(old: str, new: str, text: str = MODEL_TEXT) -> str:
    assert old in text
    return text.replace(old, new)


def _fifo_outside(catalog: Path) -> None:
    """A link to a FIFO outside the catalog: opening the target would block, so the run
    finishing at all shows the target was never read."""
    os.mkfifo(catalog.parent / "secret.yaml")
    (catalog / TWO).symlink_to(catalog.parent / "secret.yaml")


def _folder_outside(catalog: Path) -> None:
    outside = catalog.parent / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    (catalog / "models/evil").symlink_to(outside, target_is_directory=True)


@dataclass
class Bad:
    name: str
    files: dict
    rule: str | None  # the expected problem; None: no problem at all
    file: str = MODEL  # under catalog/
    line: int | None = None
    code: int = 1
    message: str | None = None  # checked exactly when given
    setup: Callable[[Path], None] | None = field(default=None, repr=False)


CORPUS = [
    # resource exhaustion
    Bad("billion-laughs", {MODEL: LAUGHS}, "too-many-values", line=5),
    Bad("deep-flow-nesting", {MODEL: "x: " + "[" * 100_000 + "\n"}, "too-deep", line=1),
    Bad("deep-block-nesting", {MODEL: "- " * 100_000 + "x\n"}, "too-deep", line=1),
    Bad(
        "deep-indent-nesting",
        {MODEL: "".join(" " * i + f"k{i}:\n" for i in range(30)) + " " * 30 + "v\n"},
        "too-deep",
        line=22,
    ),
    Bad("recursive-alias", {MODEL: MODEL_TEXT + "x: &a [*a]\n"}, "too-deep", line=19),
    Bad("file-300-kib", {MODEL: MODEL_TEXT + "# " + "x" * 300 * 1024 + "\n"}, "file-too-large"),
    Bad("string-too-long", {MODEL: valid_model(description="x" * 20_001)}, "string-too-long", line=2),
    # encodings and characters
    Bad(
        "invalid-utf8-middle",
        {MODEL: edit("a picture", "a pic\udcffture").encode("utf-8", "surrogateescape")},
        "invalid-utf8",
        line=2,
    ),
    Bad("utf16-file", {MODEL: MODEL_TEXT.encode("utf-16")}, "invalid-utf8", line=1),
    Bad("cp1252-quotes", {MODEL: edit("a picture", "a \u201cpicture\u201d").encode("cp1252")}, "invalid-utf8", line=2),
    Bad(
        "nul-byte",
        {MODEL: edit("a picture", "a pic\x00ture")},
        "bad-character",
        line=2,
        message="the file contains a character YAML does not allow (U+0000)",
    ),
    Bad("escape-sequence", {MODEL: edit("status: active", "status: \x1b[31mactive")}, "bad-character", line=16),
    # tags, keys, documents
    Bad("binary-tag", {MODEL: MODEL_TEXT + "logo: !!binary aGVsbG8=\n"}, "forbidden-tag", line=19),
    Bad("custom-tag", {MODEL: edit("kind: image_generation", "kind: !foo image_generation")}, "forbidden-tag", line=3),
    Bad(
        "python-tag",
        {MODEL: MODEL_TEXT + "x: !!python/object/apply:os.system [touch pwned]\n"},
        "forbidden-tag",
        line=19,
    ),
    Bad("list-as-key", {MODEL: MODEL_TEXT + "[a, b]: 1\n"}, "complex-key", line=19),
    Bad("mapping-as-key", {MODEL: MODEL_TEXT + "? {a: 1}\n: 2\n"}, "complex-key", line=19),
    Bad(
        "duplicate-key",
        {MODEL: MODEL_TEXT + "status: preview\n"},
        "duplicate-key",
        line=19,
        message="duplicate key 'status' (first defined on line 16)",
    ),
    Bad("merge-key", {MODEL: MODEL_TEXT + "x: &x {a: 1}\ny:\n  <<: *x\n"}, "merge-key", line=21),
    Bad("tab-indent", {MODEL: edit("  streaming: false", "\tstreaming: false")}, "tab-indent", line=15),
    Bad("two-documents", {MODEL: MODEL_TEXT + "---\n" + MODEL_TEXT}, "multiple-documents", line=19),
    Bad("unclosed-quote", {MODEL: edit("name: Acme Image One", 'name: "Acme Image One')}, "yaml-syntax", line=19),
    Bad("empty-model-file", {MODEL: b""}, "empty-file"),
    Bad("empty-provider-file", {PROVIDER: ""}, "empty-file", PROVIDER),
    Bad("top-level-scalar", {MODEL: "just some text\n"}, "not-a-mapping", line=1),
    # site.yaml
    Bad("site-missing", {SITE: None}, "site-missing", SITE),
    Bad("site-is-a-list", {SITE: "- name: AIgateway\n"}, "not-a-mapping", SITE, 1),
    Bad("site-unknown-field", {SITE: valid_site(look="dark")}, "unknown-field", SITE, 62),
    # values
    Bad("amount-nan", {MODEL: edit("amount: 0.030", "amount: .nan")}, "not-finite", line=11),
    Bad("amount-minus-inf", {MODEL: edit("amount: 0.030", "amount: -.inf")}, "not-finite", line=11),
    Bad("amount-quoted", {MODEL: edit("amount: 0.030", "amount: '0.03'")}, "wrong-type", line=11),
    Bad("amount-negative", {MODEL: edit("amount: 0.030", "amount: -0.030")}, "out-of-range", line=11),
    Bad(
        "amount-1e-06",
        {CHAT: edit("amount: 1.00", "amount: 1e-06", CHAT_TEXT)},
        "amounts-plausible",
        CHAT,
        11,
        message="implausible amount: $0.000001 per 1M input tokens is below $0.001",
    ),
    Bad("huge-integer", {CHAT: valid_chat_model(context_window=10**30)}, "out-of-range", CHAT, 14),
    Bad("date-feb-30", {MODEL: valid_model(release_date="2025-02-30")}, "dates", line=17),
    Bad("date-with-time", {MODEL: edit("'2025-08-01'", "2025-08-01 10:00:00")}, "bad-format", line=17),
    # layout and names
    Bad("model-outside-provider-dir", {"models/x.yaml": valid_model()}, "misplaced-file", "models/x.yaml"),
    Bad(
        "uppercase-file-name",
        {"models/acme/Image-Two.yaml": valid_model(name="Two")},
        "invalid-file-name",
        "models/acme/Image-Two.yaml",
    ),
    Bad(
        "space-in-file-name",
        {"models/acme/image two.yaml": valid_model(name="Two")},
        "invalid-file-name",
        "models/acme/image two.yaml",
    ),
    Bad(
        "dotdot-in-file-name",
        {"models/acme/image..two.yaml": valid_model(name="Two")},
        "invalid-file-name",
        "models/acme/image..two.yaml",
        message="model file name 'image..two' must not contain '..'",
    ),
    Bad(
        "reserved-file-name",
        {"models/acme/con.yaml": valid_model(name="Two")},
        "invalid-file-name",
        "models/acme/con.yaml",
        message="model file name 'con' is a reserved name",
    ),
    Bad(
        "uppercase-provider-folder",
        {"models/Acme/two.yaml": valid_model(name="Two")},
        "invalid-file-name",
        "models/Acme",
    ),
    Bad(
        "yml-extension",
        {"models/acme/image-two.yml": valid_model(name="Two")},
        "misplaced-file",
        "models/acme/image-two.yml",
    ),
    Bad(
        "folder-named-like-a-record",
        {},
        "misplaced-file",
        "models/acme/dir.yaml",
        setup=lambda c: (c / "models/acme/dir.yaml").mkdir(),
    ),
    Bad("symlinked-model-outside", {}, "symlink-outside", TWO, setup=_fifo_outside),
    Bad("symlinked-provider-folder", {}, "symlink-outside", "models/evil", setup=_folder_outside),
    Bad(
        "symlink-loop",
        {},
        "unreadable",
        "models/acme/loop.yaml",
        setup=lambda c: (c / "models/acme/loop.yaml").symlink_to(c / "models/acme/loop.yaml"),
    ),
    Bad(
        "fifo-as-model",
        {},
        "not-a-file",
        "models/acme/pipe.yaml",
        setup=lambda c: os.mkfifo(c / "models/acme/pipe.yaml"),
    ),
    # accepted: exit 0, and the warning (if any) is at the right line
    Bad("bom", {MODEL: b"\xef\xbb\xbf" + (MODEL_TEXT + FAQ).encode()}, "markdown-has-no-html", line=21, code=0),
    Bad(
        "crlf-line-endings", {MODEL: (MODEL_TEXT + FAQ).replace("\n", "\r\n")}, "markdown-has-no-html", line=21, code=0
    ),
    Bad("anchors-within-budget", {MODEL: MODEL_TEXT + "strengths: &s [Fast, Cheap]\nuse_cases: *s\n"}, None, code=0),
    Bad("stray-folder", {}, "misplaced-file", "drafts", code=0, setup=lambda c: (c / "drafts").mkdir()),
]


def test_corpus_is_large_and_uniquely_named() -> None:
    assert len(CORPUS) >= 35
    assert len({bad.name for bad in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("bad", CORPUS, ids=lambda b: b.name)
def test_bad_input(bad: Bad, write_catalog) -> None:
    catalog = write_catalog(bad.files)
    if bad.setup:
        bad.setup(catalog)
    started = time.perf_counter()
    code, out, err = run_validate(catalog, "--format", "json", timeout=30)
    assert time.perf_counter() - started < 5, "hang guard, not a benchmark"
    assert err == ""  # no traceback, no 'internal error'
    doc = json.loads(out)  # exactly one JSON document: trailing output would fail here
    assert code == bad.code, doc
    problems = doc["problems"]
    assert all(set(p) == PROBLEM_KEYS for p in problems)
    if bad.rule is None:
        assert problems == []
        return
    found = [(p["file"], p["line"]) for p in problems if p["rule"] == bad.rule]
    assert (f"catalog/{bad.file}", bad.line) in found, problems
    if bad.message:
        assert bad.message in [p["message"] for p in problems if p["rule"] == bad.rule]


def test_secrets_outside_the_catalog_are_not_listed(write_catalog) -> None:
    catalog = write_catalog()
    _folder_outside(catalog)
    code, out, err = run_validate(catalog, "--format", "json")
    assert (code, err) == (1, "")
    assert "passwd" not in out
