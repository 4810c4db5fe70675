"""`diff BASE`: added, removed, renamed and changed models, suspicious changes, formats, git refs."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from support.cli import run_cli
from support.paths import FIXTURES as ALL_FIXTURES
from support.paths import ROOT

from generator.authoring.diff import DiffReport, compare, load_side
from generator.authoring.diff_format import format_markdown, format_text, percent

FIXTURES = ALL_FIXTURES / "diff"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


@pytest.fixture
def sides(tmp_path: Path) -> tuple[Path, Path]:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(ROOT / "catalog", base)
    shutil.copytree(ROOT / "catalog", head)
    return base, head


def run(base: Path, head: Path) -> DiffReport:
    return compare(load_side(base, "base"), load_side(head, "head"))


def test_no_changes(sides):
    report = run(*sides)
    assert report.is_empty and report.warnings == []
    assert format_text(report).endswith("no model changes\n")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("0.030", "0.045", "+50%"),
        ("3", "2.5", "-16.7%"),
        ("2", "0", "-100%"),
        ("0", "1", "from 0"),
        ("1", "1.001", "+0.1%"),
    ],
)
def test_percent_change(old, new, expected):
    assert percent(Decimal(old), Decimal(new)) == expected


def test_price_change_shows_exact_amounts_and_percent(sides):
    base, head = sides
    edit(head / "models/openai/gpt-4o.yaml", "amount: 2.5\n", "amount: 3.750\n")
    report = run(base, head)
    [change] = report.changed
    assert [(p.component, p.old, p.new) for p in change.prices] == [
        ("per_1m_input_tokens", Decimal("2.5"), Decimal("3.750"))
    ]
    assert "    per_1m_input_tokens: 2.5 -> 3.750 (+50%)" in format_text(report)
    assert report.warnings == []


def test_suspicious_changes_are_warnings(sides):
    base, head = sides
    edit(head / "models/openai/gpt-4o.yaml", "amount: 10\n", "amount: 60\n")
    deepseek = head / "models/deepseek/deepseek-v4-flash.yaml"
    for line in [text for text in deepseek.read_text().splitlines() if "amount:" in text]:
        edit(deepseek, line, "    amount: 0")
    (head / "models/cohere/command-r7b.yaml").unlink()
    messages = [(w.slug, w.message) for w in run(base, head).warnings]
    assert ("openai/gpt-4o", "per_1m_output_tokens changes by more than 5x (6.0x): 10 -> 60") in messages
    assert ("deepseek/deepseek-v4-flash", "a paid model becomes free: every price is now 0") in messages
    assert ("cohere/command-r7b", "removed without being deprecated first (status was active)") in messages


def test_removing_a_deprecated_model_is_not_suspicious(sides):
    base, head = sides
    (head / "models/openai/gpt-image-1.5.yaml").unlink()
    edit(head / "models/openai/gpt-image-2.yaml", "status: active", "status: active")  # untouched replacement
    report = run(base, head)
    assert [m.slug for m in report.removed] == ["openai/gpt-image-1.5"]
    assert not [w for w in report.warnings if w.slug == "openai/gpt-image-1.5"]


def test_rename_is_detected_by_matching_records(sides):
    base, head = sides
    (head / "models/mistral/codestral-embed.yaml").rename(head / "models/mistral/codestral-embed-2505.yaml")
    report = run(base, head)
    assert [(c.old_slug, c.slug) for c in report.renamed] == [
        ("mistral/codestral-embed", "mistral/codestral-embed-2505")
    ]
    assert report.added == [] and report.removed == [] and report.warnings == []


def test_capability_modality_and_status_changes(sides):
    base, head = sides
    path = head / "models/openai/gpt-4o.yaml"
    edit(path, "  reasoning: false", "  reasoning: true")
    edit(path, "input: [text, image]", "input: [text, image, audio]")
    edit(path, "status: active", "status: deprecated\nsunset_date: 2027-01-14\nreplacement: openai/gpt-5.5")
    [change] = run(base, head).changed
    assert change.capabilities == [("reasoning", False, True)]
    assert change.modalities == ["input +audio"]
    assert change.status == ("active", "deprecated")
    assert ("sunset_date", None, "2027-01-14") in change.fields


def test_todo_placeholders_are_flagged(sides, capsys):
    base, head = sides
    run_cli("new", "acme/acme-1", "--catalog", str(head), capsys=capsys)
    report = run(base, head)
    assert [m.slug for m in report.added] == ["acme/acme-1"]
    assert ("acme/acme-1", "still has a TODO placeholder") in [(w.slug, w.message) for w in report.warnings]


def test_an_invalid_side_is_reported_and_what_loads_is_compared(sides):
    base, head = sides
    (head / "models/openai/gpt-4o.yaml").write_text("name: [unclosed\n")
    edit(head / "models/openai/o3.yaml", "kind: chat", "kind: chat\nbogus_field: 1")
    report = run(base, head)
    assert report.head.errors >= 2
    assert "catalog/" not in " ".join(report.head.skipped) or report.head.skipped
    text = format_text(report)
    assert "note: the head catalog (head) is invalid" in text
    assert "could not be read and are left out" in text
    assert any("validation error" in w.message for w in report.warnings)


def test_markdown_is_ready_for_a_pull_request(sides):
    base, head = sides
    edit(head / "models/openai/gpt-4o.yaml", "amount: 2.5\n", "amount: 3.75\n")
    (head / "models/cohere/command-r7b.yaml").unlink()
    markdown = format_markdown(run(base, head))
    assert markdown.startswith("### Catalog changes: `base` → `head`\n")
    assert "| `per_1m_input_tokens` | 2.5 | 3.75 | +50% |" in markdown
    assert "#### ⚠️ Warnings (suspicious changes)" in markdown
    assert (FIXTURES / "sample.md").read_text(encoding="utf-8") == markdown  # the reviewed example in README


def test_cli_formats_and_exit_codes(sides, capsys):
    base, head = sides
    edit(head / "models/openai/gpt-4o.yaml", "amount: 10\n", "amount: 100\n")
    code, out, _ = run_cli("diff", str(base), "--catalog", str(head), "--format", "json", capsys=capsys)
    doc = json.loads(out)
    assert code == 0 and doc["changed"][0]["prices"] == [
        {"component": "per_1m_output_tokens", "old": "10", "new": "100", "percent": "+900%"}
    ]
    assert doc["summary"]["warnings"] == 1
    code, _, _ = run_cli("diff", str(base), "--catalog", str(head), "--strict", capsys=capsys)
    assert code == 1
    code, _, err = run_cli("diff", "no-such-ref", "--catalog", str(head), capsys=capsys)
    assert code == 2 and "'no-such-ref' is not a directory, and" in err


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=repo, check=True, capture_output=True
    )


def test_git_ref_is_read_without_touching_the_work_tree(tmp_path, capsys):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    edit(repo / "catalog/models/openai/gpt-4o.yaml", "amount: 2.5\n", "amount: 3\n")
    (repo / "catalog/models/openai/stray.yaml").write_text("name: [broken\n")
    before = sorted((p, p.read_bytes()) for p in (repo / "catalog").rglob("*") if p.is_file())
    code, out, _ = run_cli("diff", "HEAD", "--catalog", str(repo / "catalog"), capsys=capsys)
    assert code == 0
    assert "    per_1m_input_tokens: 2.5 -> 3 (+20%)" in out
    assert sorted((p, p.read_bytes()) for p in (repo / "catalog").rglob("*") if p.is_file()) == before
    code, _, err = run_cli("diff", "v9.9", "--catalog", str(repo / "catalog"), capsys=capsys)
    assert code == 2 and "'v9.9' is neither a directory nor a git ref" in err


def test_a_catalog_missing_at_the_base_ref_means_everything_is_added(tmp_path, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README").write_text("x")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "empty")
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    code, out, _ = run_cli("diff", "HEAD", "--catalog", str(repo / "catalog"), capsys=capsys)
    models = len(list((ROOT / "catalog" / "models").glob("*/*.yaml")))
    assert code == 0 and out.startswith("catalog diff HEAD -> ") and f"{models} added" in out


def test_a_currency_change_is_reported_and_warned(sides):
    base, head = sides
    edit(head / "models/deepseek/deepseek-reasoner.yaml", "currency: CNY\n", "currency: USD\n")
    report = run(base, head)
    [change] = report.changed
    assert change.fields == [("currency", "CNY", "USD")] and change.prices == []
    assert [(w.slug, w.message) for w in report.warnings] == [
        ("deepseek/deepseek-reasoner", "the currency changes from CNY to USD: every amount now means something else")
    ]


def test_naming_the_five_minute_lifetime_of_a_cache_write_is_no_change(sides):
    base, head = sides
    edit(base / "models/anthropic/claude-haiku-4-5.yaml", "    amount: 1.25\n    cache_ttl: 5m\n", "    amount: 1.25\n")
    assert run(base, head).is_empty


def test_a_new_tier_price_is_a_new_component(sides):
    base, head = sides
    text = (head / "models/openai/gpt-4o.yaml").read_text()
    tier = "  - unit: per_1m_input_tokens\n    amount: 1.25\n    tier: batch\n"
    edit(base / "models/openai/gpt-4o.yaml", tier, "")
    assert tier in text
    [change] = run(base, head).changed
    assert [(p.component, p.old, p.new) for p in change.prices] == [
        ("per_1m_input_tokens [Batch]", None, Decimal("1.25"))
    ]
