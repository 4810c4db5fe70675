"""Running the command line, for tests that are about it: `build.py` in a subprocess (so a
crash, a traceback, a hang, an exit code or a SIGKILL is seen as a user sees it) and
`generator.cli.main` in-process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.paths import ROOT

BUILD_PY = ROOT / "build.py"


def build_py_command(*args: str | Path) -> list[str]:
    """`python build.py ARGS` as an argv list."""
    return [sys.executable, str(BUILD_PY), *map(str, args)]


def run_build_py(
    *args: str | Path, cwd: Path | None = None, timeout: float = 300, **options: Any
) -> subprocess.CompletedProcess:
    """`python build.py ARGS` in a subprocess, output captured as text."""
    return subprocess.run(build_py_command(*args), cwd=cwd, capture_output=True, text=True, timeout=timeout, **options)


def start_build_py(*args: str | Path) -> subprocess.Popen[bytes]:
    """`python build.py ARGS` started in its own session, so the test can kill it and its workers."""
    return subprocess.Popen(
        build_py_command(*args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def run_build(catalog: Path, out: Path, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`build.py build --catalog CATALOG --out OUT --quiet EXTRA` in a subprocess."""
    return run_build_py("build", "--catalog", catalog, "--out", out, "--quiet", *extra, cwd=cwd)


def run_validate(catalog: Path | str, *args: str, timeout: float = 60) -> tuple[int, str, str]:
    """`python build.py validate --catalog CATALOG ARGS` in a subprocess, from the repository root
    -> (exit code, stdout, stderr)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8"}
    done = run_build_py("validate", "--catalog", catalog, *args, cwd=ROOT, timeout=timeout, encoding="utf-8", env=env)
    return done.returncode, done.stdout, done.stderr


def run_cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """generator.cli.main in-process -> (exit code, stdout, stderr)."""
    from generator.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
