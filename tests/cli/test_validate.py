"""`build.py validate`: golden output in every format, exit codes, --strict, the shape
and order of the JSON report, GitHub annotation escaping, and the shipped catalog."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.catalogs import (
    CHAT,
    DEP,
    MODEL,
    PROVIDER,
    TWO,
    check_catalog,
    valid_model,
    valid_provider,
)
from support.cli import run_cli, run_validate
from support.paths import GOLDEN, ROOT

from generator.build import pipeline
from generator.catalog.problems import Problem, format_github

GOLDEN_CATALOG = Path("tests/fixtures/golden_catalog")  # relative to ROOT, where run_validate runs
FORMATS = [("text", "txt"), ("json", "json"), ("github", "github")]


@pytest.mark.parametrize(("fmt", "ext"), FORMATS)
def test_golden_output(fmt: str, ext: str, update_golden: bool) -> None:
    code, out, err = run_validate(GOLDEN_CATALOG, "--format", fmt)
    assert (code, err) == (1, "")
    golden = GOLDEN / f"validate.{ext}"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="")
    assert golden.exists(), "run pytest --update-golden to create it, then review the diff"
    assert out == golden.read_text(encoding="utf-8")


def test_golden_catalog_has_errors_and_warnings() -> None:
    """The fixture keeps exercising both severities and both stages (loader and checks)."""
    doc = json.loads(run_validate(GOLDEN_CATALOG, "--format", "json")[1])
    assert doc["summary"] == {"errors": 5, "files": 10, "warnings": 4}
    assert {"tab-indent", "unknown-field", "wrong-type", "collection-members-exist", "unused-provider"} <= {
        p["rule"] for p in doc["problems"]
    }


def test_text_format_line() -> None:
    out = run_validate(GOLDEN_CATALOG)[1]
    assert out.splitlines()[:2] == [
        "golden_catalog/models/acme/alpha.yaml:9:1: error: unknown field 'capabilties' at /capabilties [unknown-field]",
        "    hint: did you mean 'capabilities'?",
    ]


def test_github_annotation_line() -> None:
    out = run_validate(GOLDEN_CATALOG, "--format", "github")[1]
    assert (
        "::error file=golden_catalog/models/acme/beta.yaml,line=8,col=1,title=not-allowed::'50%25' is not an "
        "allowed value for 'status' at /status%0Ahint: allowed: active, preview, deprecated"
    ) in out.splitlines()


def test_github_escaping_follows_workflow_command_rules() -> None:
    """Data escapes %, CR and LF; properties also ':' and ','."""
    problem = Problem("cat/a,b:c%.yaml", 3, 5, "/x", "50% off\r\nnow", "a, b: c", "error", "r:1,2")
    assert format_github([problem], 1).splitlines()[0] == (
        "::error file=cat/a%2Cb%3Ac%25.yaml,line=3,col=5,title=r%3A1%2C2::50%25 off%0D%0Anow at /x%0Ahint: a, b: c"
    )


def test_github_warning_without_line() -> None:
    problem = Problem("cat/providers/x.yaml", None, None, "", "unused", "", "warning", "unused-provider")
    assert format_github([problem], 1) == (
        "::warning file=cat/providers/x.yaml,title=unused-provider::unused\n"
        "1 file(s) checked: 0 error(s), 1 warning(s)\n"
    )


# ---------------------------------------------------------------- exit codes


def test_valid_catalog_exits_0(write_catalog) -> None:
    assert run_validate(write_catalog()) == (0, "3 file(s) checked: 0 error(s), 0 warning(s)\n", "")


def test_strict_turns_warnings_into_errors(write_catalog) -> None:
    catalog = write_catalog({"providers/idle.yaml": valid_provider(name="Idle")})
    code, out, _ = run_validate(catalog, "--format", "json")
    assert (code, [p["severity"] for p in json.loads(out)["problems"]]) == (0, ["warning"])
    code, out, _ = run_validate(catalog, "--format", "json", "--strict")
    assert (code, [p["severity"] for p in json.loads(out)["problems"]]) == (1, ["error"])
    assert json.loads(out)["summary"] == {"errors": 1, "files": 4, "warnings": 0}


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--format", "xml"],
        ["validate", "--bogus"],
        ["validate", "--catalog"],
        ["frobnicate"],
        ["validate", "extra-argument"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys) -> None:
    code, out, err = run_cli(*argv, capsys=capsys)
    assert (code, out) == (2, "")
    assert "usage: build.py" in err


def test_help_exits_0(capsys) -> None:
    code, out, _ = run_cli("validate", "--help", capsys=capsys)
    assert code == 0
    assert "--strict" in out and "--format" in out


def test_missing_catalog_is_one_problem(tmp_path: Path) -> None:
    code, out, err = run_validate(tmp_path / "nowhere", "--format", "json")
    assert (code, err) == (1, "")
    assert [(p["file"], p["rule"]) for p in json.loads(out)["problems"]] == [("nowhere", "catalog-missing")]


def test_internal_error_exits_3_without_traceback(monkeypatch, capsys, write_catalog) -> None:
    def broken(config, session=None, records=True):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "check", broken)
    code, out, err = run_cli("validate", "--catalog", str(write_catalog()), capsys=capsys)
    assert (code, out) == (3, "")
    assert err.startswith("internal error: ValueError: boom\n")
    assert "Traceback" not in err


def test_validate_writes_nothing(tmp_path: Path, monkeypatch, capsys, write_catalog) -> None:
    write_catalog({MODEL: valid_model(name=None)})
    before = sorted(tmp_path.rglob("*"))
    monkeypatch.chdir(tmp_path)
    assert run_cli("validate", "--catalog", "catalog", capsys=capsys)[0] == 1
    assert sorted(tmp_path.rglob("*")) == before


# ---------------------------------------------------------------- the JSON report


def test_json_files_are_relative_to_the_catalog_parent_and_sorted(write_catalog) -> None:
    catalog = write_catalog(
        {
            MODEL: valid_model(status="Active", capabilties={}, description="Short"),
            TWO: valid_model(name="Two", **DEP, replacement="acme/nope"),
            CHAT: "name: [\n",
            "providers/idle.yaml": valid_provider(name="Idle"),
            PROVIDER: valid_provider(byok="no"),
        }
    )
    spellings = [catalog, catalog.parent / ".." / catalog.parent.name / "catalog", os.path.relpath(catalog, ROOT)]
    reports = [run_validate(spelling, "--format", "json")[1] for spelling in spellings]
    assert reports[1] == reports[0] and reports[2] == reports[0]  # however --catalog is spelled
    problems = json.loads(reports[0])["problems"]
    assert len(problems) == 7
    assert all(p["file"].startswith("catalog/") and "\\" not in p["file"] for p in problems)
    keys = [(p["file"], p["line"] or 0, p["column"] or 0) for p in problems]
    assert keys == sorted(keys)
    assert keys[0][0] < keys[-1][0]  # several files, really sorted


def test_json_report_matches_the_in_process_check(write_catalog) -> None:
    catalog = write_catalog({MODEL: valid_model(status="Active", voices=["alloy"])})
    doc = json.loads(run_validate(catalog, "--format", "json")[1])
    assert [Problem(**p) for p in doc["problems"]] == check_catalog(catalog)
    assert doc["summary"] == {"errors": 1, "files": 3, "warnings": 0}


# ---------------------------------------------------------------- the shipped catalog


@pytest.mark.real_catalog
def test_shipped_catalog_is_valid() -> None:
    code, out, err = run_validate(ROOT / "catalog")
    assert err == ""
    assert code == 0, out


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        (["-m", "generator", "--help"], "usage: python -m generator "),
        (["build.py", "--help"], "usage: build.py "),
    ],
)
def test_usage_names_the_program_as_it_was_called(command: list[str], usage: str) -> None:
    done = subprocess.run([sys.executable, *command], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith(usage), done.stdout[:200]


def test_every_entry_point_exits_with_mains_code_and_all_its_output(tmp_path: Path) -> None:
    """cli.entry skips the interpreter's teardown (os._exit): the exit code and every byte
    written must still come through, from build.py and from `python -m generator`."""
    missing = tmp_path / "no-catalog"
    code, out, _err = run_validate(missing, "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["errors"] == 1
    module = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--catalog", str(missing), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert module.returncode == 1 and json.loads(module.stdout) == json.loads(out)
    assert run_validate(ROOT / "catalog")[0] == 0


def test_a_closed_pipe_ends_the_command_without_a_traceback() -> None:
    reader = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "validate", "--catalog", str(ROOT / "catalog"), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # like `| head -c0`: nobody reads what it prints
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 141 and err == ""  # what a shell reports for SIGPIPE; no "internal error"
