"""`new PROVIDER/MODEL`: a commented skeleton that passes validate, for every kind, with one
placeholder warning per line left to fill in (so `validate --strict` fails it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.catalogs import check_catalog
from support.cli import run_cli, run_validate
from support.paths import ROOT

from generator.catalog.problems import WARNING
from generator.catalog.registry import KINDS


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    return tmp_path / "catalog"


def _placeholder_lines(path: Path) -> list[int]:
    """Where a skeleton leaves something to fill in: each '# TODO' line, and the description
    (its key's line), whose text says TODO."""
    lines = path.read_text().splitlines()
    todo = [n for n, line in enumerate(lines, start=1) if "# TODO" in line]
    return sorted([*todo, next(n for n, line in enumerate(lines, start=1) if line.startswith("description:"))])


@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_of_every_kind_validates_with_a_warning_per_placeholder(catalog, capsys, kind):
    code, out, _ = run_cli(
        "new", f"acme/acme-{kind.replace('_', '-')}", "--kind", kind, "--catalog", str(catalog), capsys=capsys
    )
    assert code == 0
    assert "wrote" in out and "providers/acme.yaml" in out
    problems = check_catalog(catalog)
    assert [p for p in problems if p.is_error] == []
    assert {(p.severity, p.rule) for p in problems} == {(WARNING, "placeholders")}
    for record in (f"models/acme/acme-{kind.replace('_', '-')}.yaml", "providers/acme.yaml"):
        lines = [p.line for p in problems if p.file == f"catalog/{record}"]
        assert lines == _placeholder_lines(catalog / record), record  # one warning per placeholder, no more


def test_skeleton_placeholders_name_line_field_and_fix(catalog, capsys):
    run_cli("new", "acme/x", "--catalog", str(catalog), capsys=capsys)
    found = [
        (p.line, p.pointer, p.message, p.hint) for p in check_catalog(catalog) if p.file == "catalog/models/acme/x.yaml"
    ]
    comment_hint = "do what it asks, then delete the comment"
    amount_hint = (
        "write the price from the provider's pricing page (keep 0 only if it is free), then delete the comment"
    )
    assert found == [
        (4, "/name", "a TODO comment is left here: # TODO: the display name, e.g. 'Acme Chat 1'", comment_hint),
        (
            5,
            "/description",
            "'TODO: what x is, who makes it, when it was released and w...' is placeholder text: it says TODO",
            "write the real text",
        ),
        (
            10,
            "/modalities/input",
            "a TODO comment is left here: # TODO: add image, audio or video if it takes them",
            comment_hint,
        ),
        (
            12,
            "/pricing",
            "a TODO comment is left here: # TODO: the list price in USD; add per_1m_cached_input_to...",
            comment_hint,
        ),
        (14, "/pricing/0/amount", "amount 0 is a placeholder: its line says TODO", amount_hint),
        (16, "/pricing/1/amount", "amount 0 is a placeholder: its line says TODO", amount_hint),
        (17, "/context_window", "a TODO comment is left here: # TODO: max input tokens", comment_hint),
        (
            19,
            "/capabilities",
            "a TODO comment is left here: # TODO: set what the model supports; left out means no",
            comment_hint,
        ),
        (30, "/release_date", "a TODO comment is left here: # TODO: when acme released it", comment_hint),
        (
            31,
            "/price_source",
            "'https://example.com/TODO-pricing-page' is a placeholder address (example.com)",
            "give the https URL of the provider's pricing page",
        ),
    ]


def test_strict_validate_fails_a_fresh_skeleton_and_passes_it_filled_in(catalog, capsys):
    run_cli("new", "acme/x", "--catalog", str(catalog), capsys=capsys)
    code, out, _ = run_validate(catalog, "--strict")
    assert code == 1 and "14 error(s), 0 warning(s)" in out  # 10 in the model, 4 in the new provider
    model, provider = catalog / "models/acme/x.yaml", catalog / "providers/acme.yaml"
    model.write_text(
        model.read_text()
        .replace("TODO: what x is", "X is Acme's chat model")
        .replace("amount: 0  # TODO", "amount: 1.25")
        .replace("https://example.com/TODO-pricing-page", "https://acme.example/pricing")
        .replace("  # TODO", "  #")
    )
    provider.write_text(
        provider.read_text()
        .replace("https://example.com/TODO", "https://acme.example/")
        .replace("TODO one", "One")
        .replace("  # TODO", "  #")
    )
    code, out, _ = run_validate(catalog, "--strict")
    assert (code, out.endswith(" checked: 0 error(s), 0 warning(s)\n")) == (0, True), out


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


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("no-slash", "is not PROVIDER/MODEL"),
        ("Acme/x", "provider id 'Acme'"),
        ("acme/a/b", "is not PROVIDER/MODEL"),
        ("acme/index", "reserved"),
        ("openai/gpt-4o", "already exists"),
    ],
)
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
    for text in (
        "### `diff`",
        "### `import`",
        "### `new`",
        "## Add a model in five minutes",
        "## Reading the diff report",
        "--format text|markdown|json",
        "--strict",
        "--into DIR",
        "--kind KIND",
        "--catalog DIR",
    ):
        assert text in readme, text
