"""`init DIR`: a starter project for a new gateway that passes `validate --strict` and builds
at once, from DIR, with no options; a folder that is not new or empty is refused."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from support.catalogs import check_catalog
from support.cli import run_build_py, run_cli
from support.sites import render_in_memory

from generator.authoring.starter import EXAMPLE_AMOUNTS, PROVIDER, Gateway, model_id
from generator.catalog.registry import KINDS, UNITS, is_plausible


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, err = run_cli("init", str(tmp_path / "my-gateway"), capsys=capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"wrote {tmp_path / 'my-gateway' / 'catalog'}: site.yaml, 1 provider and 12 example models")
    return tmp_path / "my-gateway"


def test_init_writes_a_site_a_provider_and_one_model_of_each_kind(project):
    files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    models = [f"catalog/models/{PROVIDER}/{model_id(kind)}.yaml" for kind in KINDS]
    assert files == sorted([".gitignore", "catalog/site.yaml", f"catalog/providers/{PROVIDER}.yaml", *models])


def test_starter_passes_validate_strict(project):
    assert check_catalog(project / "catalog", strict=True) == []


def test_starter_marks_every_example_value_for_editing(project):
    site = (project / "catalog" / "site.yaml").read_text()
    for field in ("name", "tagline", "url", "docs_url", "api_base_url", "fee_percent", "fee_policy", "byok_policy"):
        assert re.search(rf"^{field}: .*# edit", site, re.M), field
    for path in (project / "catalog" / "models").rglob("*.yaml"):
        text = path.read_text()
        assert "TODO" not in text
        amounts = re.findall(r"^\s+amount: .*$", text, re.M)
        assert amounts and all("# edit" in line for line in amounts), path.name


def test_starter_names_the_gateway_after_its_folder(project):
    site = (project / "catalog" / "site.yaml").read_text()
    assert "name: My Gateway  # edit" in site
    assert "api_base_url: https://api.my-gateway.example/v1  # edit" in site
    assert "env_var: MY_GATEWAY_API_KEY  # edit" in site


@pytest.mark.parametrize("folder", ["123", "x" * 200, "Ünïcode gateway!", "a b c d e f", "gateway"])
def test_any_folder_name_gives_a_valid_starter(tmp_path, capsys, folder):
    assert run_cli("init", str(tmp_path / folder), capsys=capsys)[0] == 0
    assert check_catalog(tmp_path / folder / "catalog", strict=True) == []


def test_gateway_names_fit_the_site_schema():
    gateway = Gateway.from_folder(Path("/tmp/" + "long-" * 40))
    assert len(gateway.name) <= 60 and len(gateway.env_var) <= 64 and len(gateway.host.split(".")[0]) <= 63


def test_starter_builds_and_no_output_shows_an_edit_mark(project):
    outputs = render_in_memory(project / "catalog")
    pages = [path for path in outputs if re.fullmatch(rf"models/{PROVIDER}/[^/]+/index\.html", path)]
    assert len(pages) == len(KINDS)
    marked = [path for path, data in outputs.items() if b"# edit" in data or b"TODO" in data]
    assert marked == []


def test_build_from_the_project_folder_needs_no_options(project):
    done = run_build_py("build", "--quiet", "--strict", cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "schema" / "model.schema.json").is_file()  # what the records' modelines point at


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_has_a_plausible_example_price(unit):
    assert is_plausible(unit, Decimal(EXAMPLE_AMOUNTS[unit]))


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    code, out, err = run_cli("init", str(tmp_path), capsys=capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"error: {tmp_path} is not empty: init writes a new catalog into a new or empty folder "
        "(to add a model to a catalog, use `new PROVIDER/MODEL --catalog DIR`)\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_refuses_a_file(tmp_path, capsys):
    (tmp_path / "taken").write_text("")
    code, _, err = run_cli("init", str(tmp_path / "taken"), capsys=capsys)
    assert (code, err) == (2, f"error: {tmp_path / 'taken'} is a file: give a new or empty folder\n")


def test_init_into_an_empty_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert run_cli("init", str(tmp_path / "empty"), capsys=capsys)[0] == 0
    assert (tmp_path / "empty" / "catalog" / "site.yaml").is_file()
