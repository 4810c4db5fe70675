"""The GitHub workflows pass actionlint, the GitHub Actions linter (workflow syntax, expression
types, action inputs, runner labels, deprecated action runtimes), and a broken workflow fails it.

actionlint runs without its shellcheck and pyflakes integrations (`-shellcheck= -pyflakes=`), so
the result does not depend on what else happens to be installed on the machine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).parent / "actionlint"  # from the test extra (pyproject.toml)


def actionlint(*files: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    assert ACTIONLINT.exists(), f"{ACTIONLINT} is missing: run `make test` (it installs the test extra)"
    argv = [str(ACTIONLINT), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, files)]
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_both_workflows_are_there():
    assert [path.name for path in WORKFLOWS] == ["catalog.yml", "pages.yml"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_passes_actionlint(workflow):
    done = actionlint(workflow.relative_to(ROOT))
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


BREAKAGES = {  # name -> (text in pages.yml, its broken version, the rule actionlint names)
    "unknown key": (
        "    runs-on: ubuntu-latest\n",
        "    runs-on: ubuntu-latest\n    run-on: ubuntu-latest\n",
        '"run-on" for "job" section',
    ),
    "bad expression": ("${{ steps.pages.outputs.base_url }}", "${{ steps.pages.outputs.base_url ) }}", "[expression]"),
    "unknown step": ("steps.deployment.outputs.page_url", "steps.deploy.outputs.page_url", 'property "deploy"'),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_workflow_fails_actionlint(tmp_path, breakage):
    old, new, rule = BREAKAGES[breakage]
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / ".github" / "workflows" / "pages.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    done = actionlint(broken.relative_to(tmp_path), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert ".github/workflows/pages.yml:" in done.stdout and rule in done.stdout, done.stdout
