"""The house style is checked like any other rule: ruff lint and ruff format."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.paths import ROOT

PATHS = ["generator", "tests", "benchmarks", "build.py"]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", *command, *PATHS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
