"""`history backfill`: past prices from each record's git log, in a real (temporary) repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from support.catalogs import check_catalog
from support.cli import run_cli
from support.paths import FIXTURES

from generator.catalog.load import parse_yaml

EMBED = "models/openai/embed-test.yaml"
RENAMED = "models/openai/embed-renamed.yaml"
SOURCE = "https://openai.com/api/pricing/"


def git(repo: Path, *args: str, when: str = "2025-01-10T12:00:00Z") -> None:
    """git in `repo`, untouched by the user's configuration, committing at `when` (UTC)."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def edit(catalog: Path, rel: str, old: str, new: str) -> None:
    path = catalog / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, when: str, message: str = "edit") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The site fixture catalog committed on 2025-01-10, then: Embed Test's price cut on 2025-03-01,
    changed twice on 2025-06-15 (only the later price counts), a note added (no price change),
    the file renamed; GPT Test gains a batch tier (a component added: no price change)."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "site_catalog", repo / "catalog")
    git(repo, "init", "-q")
    commit(repo, "2025-01-10T12:00:00Z", "catalog")
    catalog = repo / "catalog"
    edit(catalog, EMBED, "amount: 0.020", "amount: 0.010")
    commit(repo, "2025-03-01T09:00:00Z")
    edit(catalog, EMBED, "amount: 0.010", "amount: 0.015")
    commit(repo, "2025-06-15T08:00:00Z")
    edit(catalog, EMBED, "amount: 0.015", "amount: 0.012")
    commit(repo, "2025-06-15T20:00:00Z")
    edit(catalog, EMBED, "amount: 0.012", "amount: 0.012\n    note: per 1M tokens")
    commit(repo, "2025-06-20T10:00:00Z")
    git(repo, "mv", f"catalog/{EMBED}", f"catalog/{RENAMED}")
    commit(repo, "2025-07-01T10:00:00Z", "rename")
    gpt = "models/openai/gpt-test.yaml"
    edit(
        catalog,
        gpt,
        "context_window:",
        "  - unit: per_1m_input_tokens\n    amount: 0.625\n    tier: batch\ncontext_window:",
    )
    commit(repo, "2025-07-02T10:00:00Z")
    return repo


def files(catalog: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(catalog.rglob("*.yaml"))}


def embed_history(catalog: Path) -> list[dict]:
    return parse_yaml((catalog / RENAMED).read_bytes())[0].get("price_history", [])


EXPECTED = [
    {
        "from": "2025-01-10",
        "until": "2025-03-01",
        "pricing": [{"unit": "per_1m_input_tokens", "amount": Decimal("0.020")}],
        "price_source": SOURCE,
    },
    {
        "from": "2025-03-01",
        "until": "2025-06-15",
        "pricing": [{"unit": "per_1m_input_tokens", "amount": Decimal("0.010")}],
        "price_source": SOURCE,
    },
]


def test_the_dry_run_prints_the_entries_and_writes_nothing(repo, capsys):
    catalog = repo / "catalog"
    before = files(catalog)
    code, out, err = run_cli("history", "backfill", "--catalog", str(catalog), capsys=capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "openai/embed-renamed: 2 past price(s) from git log",
        f"  2025-01-10 to 2025-03-01: per_1m_input_tokens $0.020 ({SOURCE})",
        f"  2025-03-01 to 2025-06-15: per_1m_input_tokens $0.010 ({SOURCE})",
        "history backfill: 8 model record(s) read, 1 with price changes in git; 2 past price(s) to add; "
        "dry run: nothing written (add --write to write them)",
    ]
    assert files(catalog) == before


def test_write_adds_the_entries_and_the_catalog_still_validates(repo, capsys):
    catalog = repo / "catalog"
    code, out, _ = run_cli("history", "backfill", "--catalog", str(catalog), "--write", capsys=capsys)
    assert code == 0 and out.endswith("2 past price(s) written into 1 record(s)\n")
    assert embed_history(catalog) == EXPECTED
    text = (catalog / RENAMED).read_text(encoding="utf-8")
    assert text.index("price_history:") > text.index("pricing:")  # in the schema's order, by the importers' writer
    assert check_catalog(catalog, strict=True) == []
    gpt = parse_yaml((catalog / "models/openai/gpt-test.yaml").read_bytes())[0]
    assert "price_history" not in gpt  # a tier added is no price change
    after = files(catalog)
    code, out, _ = run_cli("history", "backfill", "--catalog", str(catalog), "--write", capsys=capsys)
    assert code == 0 and "; 0 past price(s) written" in out and files(catalog) == after  # a second run adds nothing


def test_entries_already_in_the_record_are_kept(repo, capsys):
    catalog = repo / "catalog"
    hand = (
        "price_history:\n  - from: 2024-12-01\n    until: 2025-03-01\n    pricing:\n"
        "      - unit: per_1m_input_tokens\n        amount: 0.020\n"
        "    price_source: https://web.archive.org/web/2025/https://openai.com/api/pricing/\n"
        "embedding_dimensions:"
    )
    edit(catalog, RENAMED, "embedding_dimensions:", hand)
    commit(repo, "2025-08-01T10:00:00Z", "dated by hand")
    code, out, _ = run_cli("history", "backfill", "--catalog", str(catalog), "--write", capsys=capsys)
    assert code == 0
    assert (
        "note: openai/embed-renamed: 2025-01-10 to 2025-03-01 left out: price_history already dates those prices" in out
    )
    history = embed_history(catalog)
    assert [(e["from"], e["until"]) for e in history] == [("2024-12-01", "2025-03-01"), ("2025-03-01", "2025-06-15")]
    assert history[0]["price_source"].startswith("https://web.archive.org/")  # the hand-written entry, as written
    assert check_catalog(catalog, strict=True) == []


def test_an_uncommitted_price_is_not_dated(repo, capsys):
    catalog = repo / "catalog"
    edit(catalog, RENAMED, "amount: 0.012", "amount: 0.011")
    code, out, _ = run_cli("history", "backfill", "--catalog", str(catalog), capsys=capsys)
    assert code == 0
    assert "note: openai/embed-renamed: the pricing in the work tree is not committed" in out
    assert "2 past price(s) to add" in out  # the committed changes still count


def test_it_refuses_to_write_entries_that_would_not_validate(repo, capsys):
    catalog = repo / "catalog"
    edit(
        catalog,
        RENAMED,
        "  - unit: per_1m_input_tokens",
        "  - unit: per_image\n    amount: 1\n  - unit: per_1m_input_tokens",
    )
    commit(repo, "2025-09-01T10:00:00Z", "a unit embeddings do not take")
    edit(catalog, RENAMED, "  - unit: per_image\n    amount: 1\n", "")
    commit(repo, "2025-09-02T10:00:00Z", "removed again")
    before = files(catalog)
    code, out, err = run_cli("history", "backfill", "--catalog", str(catalog), "--write", capsys=capsys)
    assert code == 1 and "would not validate; nothing written" in out
    assert "  2025-06-15 to 2025-09-02: per_image $1.00, per_1m_input_tokens $0.012 (" in out
    assert f"catalog/{RENAMED}:37:9: unit 'per_image' does not fit an embeddings model [units-fit-kind]" in out
    assert err == "backfill stopped: the catalog would not validate with these entries\n"
    assert files(catalog) == before


def test_not_a_git_repository(tmp_path, capsys):
    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "site_catalog", catalog)
    code, out, err = run_cli("history", "backfill", "--catalog", str(catalog), capsys=capsys)
    assert (code, out) == (2, "")
    assert err == f"error: {catalog} is not in a git repository: the backfill reads each record's git log\n"


def test_a_shallow_clone_says_how_to_fetch_the_rest(repo, tmp_path, capsys):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    code, _, err = run_cli("history", "backfill", "--catalog", str(clone / "catalog"), capsys=capsys)
    assert code == 2
    assert "is a shallow clone: its history is incomplete" in err and "`git fetch --unshallow`" in err


def test_without_git(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    code, _, err = run_cli("history", "backfill", "--catalog", str(repo / "catalog"), capsys=capsys)
    assert (code, err) == (
        2,
        "error: git is not installed (or not on PATH): the backfill reads each record's git log\n",
    )


def test_history_needs_a_subcommand(capsys):
    code, _, err = run_cli("history", capsys=capsys)
    assert code == 2 and "{backfill}" in err
