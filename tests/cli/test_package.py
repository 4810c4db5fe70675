"""The package as others get it: a wheel holds every module, schema, template and asset, and
the wheel installed in a fresh virtual environment builds, from any folder, the same site as
the checkout, byte for byte.

Offline: the wheel is built with the project's own setuptools (`--no-build-isolation`), and
the fresh environment gets the wheel alone (`--no-deps --no-index`); its dependencies come
from the project's environment through a `.pth` line placed after the fresh site-packages,
so `generator` itself can only be imported from the installed wheel (asserted)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from support.cli import BUILD_PY
from support.paths import REAL_CATALOG, ROOT
from support.sites import tree

from generator import cli

SOURCES = ("pyproject.toml", "README.md", "generator", "templates")  # what setuptools reads to build the wheel
BUILD_DATE_EPOCH = "1767225600"  # 2026-01-01: both builds are stamped with the same day


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return {**env, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": BUILD_DATE_EPOCH, **extra}


def _run(*argv: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{argv} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (setuptools writes build/ and *.egg-info beside them)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    pip = (sys.executable, "-m", "pip")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--wheel-dir", out, source, cwd=source)
    (built,) = out.glob("aigateway_catalog-*.whl")
    return built


def _checkout_files(folder: str, prefix: str) -> set[str]:
    return {
        prefix + path.relative_to(ROOT / folder).as_posix()
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_wheel_holds_every_template_asset_schema_and_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _checkout_files("templates", "generator/templates/") | _checkout_files("generator", "generator/")
    assert sorted(expected - names) == []
    assert "generator/templates/assets/site.css" in names and "generator/schema/model.schema.json" in names


def _fresh_venv(root: Path, wheel: Path) -> Path:
    """A venv holding the wheel alone; the project's site-packages (dependencies) after its own."""
    _run(sys.executable, "-m", "venv", "--without-pip", root, cwd=root.parent)
    python = root / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=root.parent)
    site_packages = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=root).stdout.strip()
    )
    (site_packages / "zz_project_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return root


@pytest.mark.slow
@pytest.mark.real_catalog
def test_installed_wheel_builds_the_checkouts_site_byte_for_byte_from_any_folder(tmp_path, wheel):
    venv = _fresh_venv(tmp_path / "venv", wheel)
    work = tmp_path / "elsewhere"  # neither the checkout nor the venv: nothing found by the current folder
    work.mkdir()
    shutil.copytree(REAL_CATALOG, work / "catalog")

    where = _run(
        venv / "bin" / "python", "-c", "import generator.paths as p; print(p.PACKAGE); print(p.TEMPLATES)", cwd=work
    )
    package, templates = map(Path, where.stdout.split())
    assert package.is_relative_to(venv) and templates == package / "templates", (
        where.stdout
    )  # the wheel's, not the checkout's

    _run(venv / "bin" / "aigateway-catalog", "build", "--out", "installed", "--quiet", cwd=work)
    _run(venv / "bin" / "python", "-m", "generator", "validate", cwd=work)
    _run(
        sys.executable,
        BUILD_PY,
        "build",
        "--catalog",
        work / "catalog",
        "--out",
        tmp_path / "checkout",
        "--quiet",
        cwd=ROOT,
    )

    installed, checkout = tree(work / "installed"), tree(tmp_path / "checkout")
    assert len(installed) > 100
    assert sorted(set(installed) ^ set(checkout)) == []
    assert [name for name in installed if installed[name] != checkout[name]] == []


# ---------------------------------------------------------------- without the project's environment


def _without_site_packages(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    """This Python with `-S`: the standard library only, none of the generator's dependencies."""
    env = _env()
    return subprocess.run(
        [sys.executable, "-S", *map(str, argv)], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


MISSING = re.compile(
    r"^error: missing Python package '[a-z0-9_]+' \(needed by the generator\): run `make site` once "
    r"\(it installs everything into \.venv; then run \.venv/bin/python build\.py \.\.\.\), or `pip install \.`\n"
    r"\(this Python is .+\)\n\Z"
)


@pytest.mark.parametrize("command", [("validate",), ("build", "--out", "site")])
def test_build_py_without_dependencies_names_the_package_and_the_command(tmp_path, command):
    done = _without_site_packages(BUILD_PY, *command, "--catalog", REAL_CATALOG, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert MISSING.match(done.stderr), done.stderr  # no "internal error", no traceback
    assert not (tmp_path / "site").exists()


def test_python_m_generator_without_dependencies_names_the_package(tmp_path):
    done = _without_site_packages("-m", "generator", "validate", "--catalog", REAL_CATALOG, cwd=ROOT)
    assert (done.returncode, bool(MISSING.match(done.stderr))) == (2, True), done.stderr


def test_missing_dependency_message_names_the_distribution(monkeypatch, capsys):
    def lacks_yaml(args):
        raise ModuleNotFoundError("No module named 'yaml'", name="yaml")

    monkeypatch.setitem(cli.COMMANDS, "validate", lacks_yaml)
    assert cli.main(["validate"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("error: missing Python package 'pyyaml' (needed by the generator): run `make site` once")
    assert MISSING.match(err), err


def test_a_missing_module_of_the_generator_itself_is_still_a_bug(monkeypatch, capsys):
    def broken(args):
        raise ModuleNotFoundError("No module named 'generator.nothing'", name="generator.nothing")

    monkeypatch.setitem(cli.COMMANDS, "validate", broken)
    assert cli.main(["validate"]) == cli.EXIT_INTERNAL
    assert "This is a bug in the generator" in capsys.readouterr().err
