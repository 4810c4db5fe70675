"""The shape of the package and of its tests, guarded: the stages import downwards only
(the import-linter layers contract in pyproject.toml), every tests/ folder mirrors a stage
of generator/ (or is one of the named shared folders), and no test module imports another
(shared builders live in tests/support/). Each guard is shown to fail on a broken input."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from support.paths import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGE = ROOT / "generator"
TESTS = ROOT / "tests"
# tests/ folders that are not a stage: shared builders, suites that cross every stage, data.
SHARED_FOLDERS = {"support", "security", "site", "fixtures", "golden"}
REVERSE_IMPORT = "import generator.build.pipeline  # a catalog module reaching up into build\n"


# ---------------------------------------------------------------- the layers contract


def run_lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the package and pyproject.toml under `root`, importing the package from there."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [str(LINT_IMPORTS), "--no-cache", "--no-logo"]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_the_stages_import_downwards_only() -> None:
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_reverse_import_breaks_the_layers_contract(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "generator" / "catalog" / "records.py").open("a", encoding="utf-8") as records:
        records.write(REVERSE_IMPORT)
    result = run_lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 kept, 1 broken" in result.stdout
    assert "generator.catalog.records -> generator.build.pipeline" in result.stdout


# ---------------------------------------------------------------- tests mirror the package


def package_stages(package: Path) -> set[str]:
    """The stages of the package: its subpackages and its top-level modules (cli)."""
    subpackages = {p.parent.name for p in package.glob("*/__init__.py")}
    modules = {p.stem for p in package.glob("*.py") if not p.stem.startswith("_")}
    return subpackages | modules


def misplaced_test_folders(tests: Path, stages: set[str]) -> list[str]:
    """Folders of `tests` that are neither a stage of the package nor a named shared folder."""
    folders = {p.name for p in tests.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    return sorted(folders - stages - SHARED_FOLDERS)


def test_every_test_folder_is_a_stage_of_the_package() -> None:
    assert misplaced_test_folders(TESTS, package_stages(PACKAGE)) == []


def test_a_test_folder_without_a_stage_is_found(tmp_path: Path) -> None:
    for name in ("catalog", "support", "renderers"):
        (tmp_path / name).mkdir()
    assert misplaced_test_folders(tmp_path, package_stages(PACKAGE)) == ["renderers"]


# ---------------------------------------------------------------- no test imports another


def is_test_module_name(dotted: str) -> bool:
    return any(part == "conftest" or part.startswith("test_") for part in dotted.split("."))


def imported_test_modules(source: str) -> list[str]:
    """The test modules (test_*.py, conftest.py) a module's source imports, by any spelling."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_test_module_name(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if is_test_module_name(module):
                found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names if is_test_module_name(alias.name)]
    return found


def test_no_test_module_imports_another() -> None:
    offenders = {
        path.relative_to(TESTS).as_posix(): imported
        for path in sorted(TESTS.rglob("*.py"))
        if "fixtures" not in path.relative_to(TESTS).parts
        and (imported := imported_test_modules(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_an_import_of_a_test_module_is_found() -> None:
    source = "import os\nfrom conftest import ROOT\nfrom build import test_engine\nfrom .test_load import Case\n"
    assert imported_test_modules(source) == ["conftest", "build.test_engine", "test_load"]
    assert imported_test_modules("from support.catalogs import valid_model\nimport pytest\n") == []
