"""`new PROVIDER/MODEL`: a commented skeleton that passes validate, for every kind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.catalogs import check_catalog
from support.cli import run_cli
from support.paths import ROOT

from generator.catalog.registry import KINDS


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    return tmp_path / "catalog"


@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_of_every_kind_validates(catalog, capsys, kind):
    code, out, _ = run_cli(
        "new", f"acme/acme-{kind.replace('_', '-')}", "--kind", kind, "--catalog", str(catalog), capsys=capsys
    )
    assert code == 0
    assert "wrote" in out and "providers/acme.yaml" in out
    assert [p for p in check_catalog(catalog) if p.is_error] == []


def test_skeleton_is_commented_and_wired_to_the_schema(catalog, capsys):
    run_cli("new", "openai/gpt-next", "--catalog", str(catalog), capsys=capsys)
    text = (catalog / "models" / "openai" / "gpt-next.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../generator/schema/model.schema.json\n")
    assert text.count("# TODO") >= 5 and "TODO" in text.split("description:")[1].split("kind:")[0]
    assert not (catalog / "providers" / "openai.yaml").read_text().count("TODO")  # an existing provider is left alone


def test_new_provider_record_is_written_with_its_modeline(catalog, capsys):
    run_cli("new", "acme/one", "--catalog", str(catalog), capsys=capsys)
    provider = (catalog / "providers" / "acme.yaml").read_text()
    assert provider.startswith("# yaml-language-server: $schema=../../generator/schema/provider.schema.json\n")
    assert "# TODO" in provider


def test_a_numeric_model_id_still_gets_a_text_name(catalog, capsys):
    code, _, _ = run_cli("new", "acme/2025", "--catalog", str(catalog), capsys=capsys)
    assert code == 0 and [p for p in check_catalog(catalog) if p.is_error] == []


@pytest.mark.parametrize(("slug", "message"), [
    ("no-slash", "is not PROVIDER/MODEL"), ("Acme/x", "provider id 'Acme'"), ("acme/a/b", "is not PROVIDER/MODEL"),
    ("acme/index", "reserved"), ("openai/gpt-4o", "already exists"),
])  # fmt: skip
def test_usage_errors_exit_2_and_write_nothing(catalog, capsys, slug, message):
    before = sorted(catalog.rglob("*"))
    code, _, err = run_cli("new", slug, "--catalog", str(catalog), capsys=capsys)
    assert code == 2 and message in err
    assert sorted(catalog.rglob("*")) == before


def test_editor_schema_association_covers_every_record_kind():
    import json

    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    schemas = settings["yaml.schemas"]
    assert schemas["./generator/schema/model.schema.json"] == ["catalog/models/*/*.yaml"]
    assert schemas["./generator/schema/provider.schema.json"] == ["catalog/providers/*.yaml"]
    assert schemas["./generator/schema/site.schema.json"] == ["catalog/site.yaml"]


def test_readme_documents_the_new_commands_and_every_flag():
    readme = (ROOT / "README.md").read_text()
    for text in ("### `diff`", "### `import`", "### `new`", "## Add a model in five minutes", "## Reading the diff report",
                 "--format text|markdown|json", "--strict", "--into DIR", "--kind KIND", "--catalog DIR"):  # fmt: skip
        assert text in readme, text
