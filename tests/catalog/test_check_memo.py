"""The per-record checks and their memo: a check named per-record finds, record by record,
what it finds over the whole catalog; a memo of what they found lets a second run check only
the records that changed (all of them when the site or a provider changed), with the same
problems as a run without it; a build leaves the memo in the cache for the next process."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support.catalogs import (
    CHAT,
    MODEL,
    PROVIDER,
    TWO,
    check_catalog,
    dump_yaml,
    valid_chat_model,
    valid_model,
    valid_provider,
)
from support.paths import ROOT

from generator.build import pipeline
from generator.build.config import Config
from generator.build.session import CHECKED, Session, check_salt
from generator.catalog import checks
from generator.catalog.checks import CheckMemo, check_record, context_of
from generator.catalog.load import load_catalog
from generator.catalog.problems import sort_problems
from generator.catalog.validate import schema_valid_keys, validate_catalog

GOLDEN_CATALOG = ROOT / "tests/fixtures/golden_catalog"

# Each model breaks per-record rules (and a few cross-record ones), so that the fixtures
# exercise them; the rule each is meant to trip is only a comment: equivalence is the test.
PROBLEM_MODELS: dict[str, Any] = {
    TWO: valid_model(name="Acme Image One", description="Costs $5 per image. <b>Bold</b> claim."),  # money, HTML, names
    "models/acme/wrong-unit.yaml": valid_model(pricing=[{"unit": "per_1m_input_tokens", "amount": Decimal("1.00")}]),
    "models/acme/dear.yaml": valid_model(pricing=[{"unit": "per_image", "amount": Decimal("900")}]),
    "models/acme/twice.yaml": valid_model(
        pricing=[{"unit": "per_image", "amount": Decimal("0.03")}, {"unit": "per_image", "amount": Decimal("0.04")}]
    ),
    "models/acme/dates.yaml": valid_model(release_date="2025-02-30", sunset_date="2026-01-01"),
    "models/acme/listed.yaml": valid_model(collections=["nope", "frontier"]),
    "models/acme/upstream.yaml": valid_model(upstream="nobody"),
    "models/nobody/orphan.yaml": valid_model(),
    "models/acme/moved.yaml": valid_model(slug="acme/elsewhere"),
    "models/acme/old.yaml": valid_model(status="deprecated", sunset_date="2026-01-01", replacement="acme/gone"),
    "models/acme/older.yaml": valid_model(status="deprecated", sunset_date="2025-12-01", replacement="acme/old"),
    CHAT: valid_chat_model(
        max_output_tokens=500000,
        currency="XYZ",
        pricing=[
            {"unit": "per_1m_input_tokens", "amount": Decimal("1.00")},
            {"unit": "per_1m_output_tokens", "amount": Decimal("2.00")},
            {"unit": "per_1m_cached_input_tokens", "amount": Decimal("3.00")},
        ],
    ),
    "models/acme/todo.yaml": valid_model(price_source="https://example.com/TODO"),
}


@pytest.fixture
def problem_catalog(write_catalog) -> Path:
    return write_catalog(PROBLEM_MODELS)


class CountingMap:
    """A MapEach that remembers the items of each call."""

    def __init__(self) -> None:
        self.calls: list[list[Any]] = []

    def __call__(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        self.calls.append(list(items))
        return [fn(item) for item in items]

    def files(self) -> list[str]:
        return sorted(record.file for call in self.calls for record in call)


def test_per_record_names_registered_rules() -> None:
    registered = {checks.rule_name(fn) for fn in checks.CHECKS}
    assert registered >= checks.PER_RECORD
    assert [checks.rule_name(fn) for fn in checks.PER_RECORD_CHECKS] == [
        name for name in map(checks.rule_name, checks.CHECKS) if name in checks.PER_RECORD
    ]


@pytest.mark.parametrize("which", ["golden", "problems"])
def test_each_per_record_check_finds_alone_what_it_finds_over_the_whole_catalog(which: str, problem_catalog) -> None:
    """The classification holds: a check in PER_RECORD, run over a context of one record
    (with only the site and the providers found beside it), finds in that record exactly
    what it finds there over the whole catalog."""
    loaded = load_catalog(GOLDEN_CATALOG if which == "golden" else problem_catalog)
    passed = schema_valid_keys(loaded.records)
    valid = [r for r in loaded.records if (r.kind, r.source_hash) in passed]
    ctx = context_of(valid, loaded.records, frozenset(loaded.assets), loaded.found)
    whole = Counter(p for fn in checks.PER_RECORD_CHECKS for p in checks._run_check(ctx, fn))
    subjects = [*([ctx.site] if ctx.site else []), *ctx.providers.values(), *ctx.models.values()]
    alone = Counter(p for record in subjects for p in check_record(ctx, record))
    assert alone == whole
    if which == "problems":
        assert len({p.rule for p in whole}) >= 10  # the fixture keeps exercising the rules


def test_a_second_run_checks_no_record_again(problem_catalog) -> None:
    memo, first, second = CheckMemo(), CountingMap(), CountingMap()
    loaded = load_catalog(problem_catalog)
    before = validate_catalog(loaded, check_each=first, memo=memo)
    assert len(first.files()) == len(loaded.records) - _schema_entries(loaded)
    again = validate_catalog(loaded, check_each=second, memo=memo)
    assert second.files() == []
    assert again == before
    assert sort_problems(loaded.problems + again) == check_catalog(problem_catalog)


def test_an_edited_record_alone_is_checked_again(problem_catalog) -> None:
    memo = CheckMemo()
    validate_catalog(load_catalog(problem_catalog), memo=memo)
    (problem_catalog / MODEL).write_text(dump_yaml(valid_model(currency="QQQ", release_date="2025-13-01")))
    counting = CountingMap()
    loaded = load_catalog(problem_catalog)
    problems = validate_catalog(loaded, check_each=counting, memo=memo)
    assert counting.files() == [f"catalog/{MODEL}"]
    assert sort_problems(loaded.problems + problems) == check_catalog(problem_catalog)
    assert {"currency", "dates"} <= {p.rule for p in problems if p.file == f"catalog/{MODEL}"}


def test_a_changed_provider_checks_every_record_again(problem_catalog) -> None:
    memo = CheckMemo()
    validate_catalog(load_catalog(problem_catalog), memo=memo)
    (problem_catalog / PROVIDER).write_text(dump_yaml(valid_provider(description="Acme <i>builds</i> models.")))
    counting = CountingMap()
    loaded = load_catalog(problem_catalog)
    problems = validate_catalog(loaded, check_each=counting, memo=memo)
    assert len(counting.files()) == len(memo.known) - _schema_entries(loaded)
    assert f"catalog/{TWO}" in counting.files()
    assert sort_problems(loaded.problems + problems) == check_catalog(problem_catalog)


def test_an_invalid_record_remembers_its_schema_problems(problem_catalog) -> None:
    (problem_catalog / TWO).write_text(dump_yaml(valid_model(kind="painting")))
    memo = CheckMemo()
    loaded = load_catalog(problem_catalog)
    first = validate_catalog(loaded, memo=memo)
    assert _schema_entries(loaded) == 1 and memo.known
    assert validate_catalog(loaded, memo=memo) == first
    assert any(p.file == f"catalog/{TWO}" and p.rule == "not-allowed" for p in first)


def test_the_memo_keeps_what_the_last_run_used(problem_catalog) -> None:
    memo = CheckMemo()
    validate_catalog(load_catalog(problem_catalog), memo=memo)
    assert memo.changed
    size = len(memo.known)
    (problem_catalog / "models/acme/dear.yaml").unlink()
    validate_catalog(load_catalog(problem_catalog), memo=memo)
    assert len(memo.known) == size - 1 and memo.changed
    validate_catalog(load_catalog(problem_catalog), memo=memo)
    assert not memo.changed


def _schema_entries(loaded: Any) -> int:
    passed = schema_valid_keys(loaded.records)
    return sum(1 for r in loaded.records if (r.kind, r.source_hash) not in passed)


# ---------------------------------------------------------------- the session and the cache


def test_a_build_leaves_the_memo_for_the_next_process(tmp_path: Path, write_catalog) -> None:
    catalog = write_catalog({TWO: valid_model(name="Acme Image Two")})
    config = Config(catalog=catalog, out=tmp_path / "site", cache=tmp_path / "cache")
    pipeline.build(config)
    assert (config.cache_dir / CHECKED).exists()
    session = Session.from_cache(config)
    assert session.checked.salt == check_salt() and len(session.checked.known) == 4  # site, provider, two models
    counting = CountingMap()
    loaded = load_catalog(catalog)
    validate_catalog(loaded, check_each=counting, memo=session.checked)
    assert counting.files() == []


def test_a_memo_of_other_code_is_not_trusted(tmp_path: Path, write_catalog) -> None:
    config = Config(catalog=write_catalog(), out=tmp_path / "site", cache=tmp_path / "cache")
    pipeline.build(config)
    from generator.build import cache

    salt, known = cache.read(config.cache_dir, CHECKED)
    cache.write(config.cache_dir, CHECKED, ("other code", known))
    assert Session.from_cache(config).checked.known == {}
    clean = Config(catalog=config.catalog, out=config.out, cache=config.cache, clean=True)
    assert Session.from_cache(clean).checked.known == {}
