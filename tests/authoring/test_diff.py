"""`diff BASE`: added, removed, renamed and changed models, their offers (by offer id),
their price history and scheduled changes (apart from the current price), suspicious
changes (a current price changed without keeping the old one), formats, git refs."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support.catalogs import check_catalog, valid_chat_model, valid_provider, write_catalog
from support.cli import run_cli
from support.paths import FIXTURES as ALL_FIXTURES
from support.paths import ROOT, SITE_CATALOG

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
    assert [w.message for w in report.warnings] == [  # the old price is not kept in price_history
        "the current price changes (per_1m_input_tokens) without keeping the old one in price_history: "
        "move the old pricing into price_history with until: <the day the new price took effect> and its "
        "price_source, so the model's page and /changes/ keep it"
    ]


def test_suspicious_changes_are_warnings(sides):
    base, head = sides
    edit(head / "models/openai/gpt-4o.yaml", "amount: 10\n", "amount: 60\n")
    deepseek = head / "models/deepseek/deepseek-v4-flash.yaml"
    for line in [text for text in deepseek.read_text().splitlines() if "amount:" in text]:
        edit(deepseek, line, line.split("amount:")[0] + "amount: 0")  # history entries too, at their indent
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


def keep_old_price(path: Path, until: str, source: str) -> None:
    """Append the record's current pricing to it as its last past price, until `until`
    (from the last past price's until, when the record has a history)."""
    text = path.read_text()
    pricing = _block(text, "pricing")
    history = _block(text, "price_history") if "\nprice_history:\n" in text else ""
    start = re.findall(r"^    until: (\S+)$", history, re.M)[-1:] or []
    head = f"  - from: {start[0]}\n    until: {until}\n" if start else f"  - until: {until}\n"
    entry = head + "    pricing:\n" + "".join(f"    {line}\n" for line in pricing.splitlines())
    entry += f"    price_source: {source}\n"
    if history:
        path.write_text(text.replace(f"\nprice_history:\n{history}\n", f"\nprice_history:\n{history}\n{entry}", 1))
    else:
        path.write_text(text + f"price_history:\n{entry}")


def _block(text: str, key: str) -> str:
    """The indented lines under a top-level key."""
    body = text.split(f"\n{key}:\n", 1)[1]
    return "\n".join(itertools.takewhile(lambda line: line.startswith((" ", "-")), body.splitlines()))


def test_markdown_is_ready_for_a_pull_request(sides):
    base, head = sides
    keep_old_price(head / "models/openai/gpt-4o.yaml", "2026-07-01", "https://developers.openai.com/api/docs/pricing")
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
    assert doc["summary"]["warnings"] == 2  # a change above 5x, and the old price not kept
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


# ---------------------------------------------------------------- offers
#
# The fixture's openai/gpt-test has, besides its own pricing, two offers from HostCo:
# hostco@us ($1.10 in, $9.00 out, context 400000) and hostco@eu (preview; $1.40 in,
# $11.00 out, $0.14 cached).

GPT_TEST = "models/openai/gpt-test.yaml"
HOSTCO_EU = """  - provider: hostco
    region: eu
    pricing:
      - unit: per_1m_input_tokens
        amount: 1.40
      - unit: per_1m_output_tokens
        amount: 11.00
      - unit: per_1m_cached_input_tokens
        amount: 0.14
    status: preview
    price_source: https://hostco.example/pricing/eu
"""
HOSTCO_AP = """  - provider: hostco
    region: ap
    pricing:
      - unit: per_1m_input_tokens
        amount: 1.00
      - unit: per_1m_output_tokens
        amount: 8.00
    price_source: https://hostco.example/pricing/ap
"""


@pytest.fixture
def offer_sides(tmp_path: Path) -> tuple[Path, Path]:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(SITE_CATALOG, base)
    shutil.copytree(SITE_CATALOG, head)
    return base, head


def test_an_offers_price_and_limit_changes_are_keyed_by_its_id(offer_sides):
    base, head = offer_sides
    edit(head / GPT_TEST, "        amount: 1.10\n", "        amount: 1.21\n")  # hostco@us input: +10%
    edit(head / GPT_TEST, "    context_window: 400000\n", "    context_window: 500000\n")
    report = run(base, head)
    [change] = report.changed
    assert change.prices == [] and change.fields == []  # the record's own pricing is unchanged
    [offer] = change.offers
    assert (offer.id, offer.change, offer.fields) == ("hostco@us", "changed", [("context_window", 400000, 500000)])
    assert [(p.component, p.old, p.new) for p in offer.prices] == [
        ("per_1m_input_tokens", Decimal("1.10"), Decimal("1.21"))
    ]
    assert format_text(report).splitlines()[1:] == [
        "changed openai/gpt-test",
        "    offer hostco@us: per_1m_input_tokens: 1.10 -> 1.21 (+10%)",
        "    offer hostco@us: context_window: 400000 -> 500000",
    ]
    assert report.warnings == []


def test_an_own_price_change_is_reported_as_before_and_apart_from_the_offers(offer_sides):
    base, head = offer_sides
    edit(head / GPT_TEST, "    amount: 1.25\n", "    amount: 1.50\n")  # openai's own input: +20%
    [change] = run(base, head).changed
    assert [(p.component, p.old, p.new) for p in change.prices] == [
        ("per_1m_input_tokens", Decimal("1.25"), Decimal("1.50"))
    ]
    assert change.offers == []


def test_an_offer_added_or_removed(offer_sides):
    base, head = offer_sides
    edit(head / GPT_TEST, HOSTCO_EU, HOSTCO_AP)
    report = run(base, head)
    [change] = report.changed
    assert [(o.id, o.change, o.status) for o in change.offers] == [
        ("hostco@ap", "added", "active"),
        ("hostco@eu", "removed", "preview"),
    ]
    assert [(p.component, p.old, p.new) for p in change.offers[0].prices] == [
        ("per_1m_input_tokens", None, Decimal("1.00")),
        ("per_1m_output_tokens", None, Decimal("8.00")),
    ]
    assert format_text(report).splitlines()[2:] == [
        "changed openai/gpt-test",
        "    offer hostco@ap: added (active; 1.00 per_1m_input_tokens, 8.00 per_1m_output_tokens)",
        "    offer hostco@eu: removed (status was preview)",
    ]
    assert [(w.slug, w.message) for w in report.warnings] == [
        ("openai/gpt-test", "offer hostco@eu: removed without being deprecated first (status was preview)")
    ]


def test_removing_a_deprecated_offer_is_not_suspicious(offer_sides):
    base, head = offer_sides
    edit(base / GPT_TEST, "    status: preview\n", "    status: deprecated\n")
    edit(head / GPT_TEST, HOSTCO_EU, "")
    report = run(base, head)
    assert [(o.id, o.change) for c in report.changed for o in c.offers] == [("hostco@eu", "removed")]
    assert report.warnings == []


def test_suspicious_offer_changes_are_warnings(offer_sides):
    base, head = offer_sides
    edit(head / GPT_TEST, "        amount: 9.00\n", "        amount: 54.00\n")  # hostco@us output: 6x
    edit(head / GPT_TEST, "    status: preview\n", "    status: preview\n    currency: EUR\n")  # hostco@eu
    report = run(base, head)
    assert [(w.slug, w.message) for w in report.warnings] == [
        (
            "openai/gpt-test",
            "offer hostco@eu: the currency changes from USD to EUR: every amount now means something else",
        ),
        ("openai/gpt-test", "offer hostco@us: per_1m_output_tokens changes by more than 5x (6.0x): 9.00 -> 54.00"),
    ]
    [change] = report.changed
    assert [(o.id, o.fields) for o in change.offers] == [("hostco@eu", [("currency", "USD", "EUR")]), ("hostco@us", [])]


def test_offers_in_markdown_and_json(offer_sides, capsys):
    base, head = offer_sides
    edit(head / GPT_TEST, "        amount: 1.10\n", "        amount: 1.21\n")
    edit(head / GPT_TEST, "    note: FP8 weights; no long-context tier.\n", "    note: FP8 weights.\n")
    edit(head / GPT_TEST, HOSTCO_EU, HOSTCO_AP)
    markdown = format_markdown(run(base, head))
    assert "| `hostco@us` | `per_1m_input_tokens` | 1.10 | 1.21 | +10% |" in markdown
    assert (FIXTURES / "offers.md").read_text(encoding="utf-8") == markdown  # the reviewed example
    code, out, _ = run_cli("diff", str(base), "--catalog", str(head), "--format", "json", capsys=capsys)
    [change] = json.loads(out)["changed"]
    assert code == 0 and change["prices"] == []
    assert change["offers"][2] == {
        "id": "hostco@us",
        "change": "changed",
        "status": "active",
        "prices": [{"component": "per_1m_input_tokens", "old": "1.10", "new": "1.21", "percent": "+10%"}],
        "fields": [],
        "edited": ["note"],
    }
    assert [(o["id"], o["change"], [p["percent"] for p in o["prices"]]) for o in change["offers"][:2]] == [
        ("hostco@ap", "added", ["new", "new"]),
        ("hostco@eu", "removed", ["removed", "removed", "removed"]),
    ]


def test_a_new_upstream_of_the_own_pricing_is_a_field_change(offer_sides):
    base, head = offer_sides
    edit(
        head / GPT_TEST,
        "price_source: https://openai.com/api/pricing/\n",
        "price_source: https://openai.com/api/pricing/\nupstream: hostco\n",
    )
    [change] = run(base, head).changed
    assert change.fields == [("upstream", None, "hostco")] and change.offers == []


# ---------------------------------------------------------------- prices over time
#
# A record's past prices (price_history) and announced changes (scheduled_prices) are
# reported apart from its current price. The records: OpenAI's o3, cut on 2025-06-10 from
# $10 / $40 to $2 / $8 per 1M input / output tokens.

O3 = "models/openai/o3.yaml"
OLD_SOURCE = "https://web.archive.org/web/20250601000000/https://openai.com/api/pricing/"
NEWS = "https://openai.com/index/o3-price-cut/"


def tokens(inp: str, out: str) -> list[dict[str, Any]]:
    return [
        {"unit": "per_1m_input_tokens", "amount": Decimal(inp)},
        {"unit": "per_1m_output_tokens", "amount": Decimal(out)},
    ]


def past(until: str, inp: str, out: str, start: str | None = "2025-04-16", **extra: Any) -> dict[str, Any]:
    entry = {"from": start, "until": until, "pricing": tokens(inp, out), "price_source": OLD_SOURCE, **extra}
    return {k: v for k, v in entry.items() if v is not None}


def announced(start: str, inp: str, out: str, **extra: Any) -> dict[str, Any]:
    return {"from": start, "pricing": tokens(inp, out), "announcement": NEWS, **extra}


def o3(inp: str = "2", out: str = "8", **overrides: Any) -> dict[str, Any]:
    return valid_chat_model(name="o3", pricing=tokens(inp, out), release_date="2025-04-16", **overrides)


def o3_sides(tmp_path: Path, before: dict[str, Any], after: dict[str, Any]) -> DiffReport:
    openai = {"providers/openai.yaml": valid_provider(name="OpenAI", website="https://openai.com/")}
    base = write_catalog(tmp_path / "base", {O3: before, **openai})
    head = write_catalog(tmp_path / "head", {O3: after, **openai})
    assert check_catalog(head) == [], check_catalog(head)
    return run(base, head)


UNKEPT = (
    "the current price changes (per_1m_input_tokens, per_1m_output_tokens) without keeping the old one in "
    "price_history: move the old pricing into price_history with until: {day} and its price_source, "
    "so the model's page and /changes/ keep it"
)


def test_a_price_cut_that_keeps_the_old_price_is_a_price_change_and_a_history_entry(tmp_path):
    report = o3_sides(tmp_path, o3("10", "40"), o3(price_history=[past("2025-06-10", "10", "40")]))
    [change] = report.changed
    assert [(p.component, p.old, p.new) for p in change.prices] == [
        ("per_1m_input_tokens", Decimal("10"), Decimal("2")),
        ("per_1m_output_tokens", Decimal("40"), Decimal("8")),
    ]
    assert [(h.list, h.change, h.start, h.end) for h in change.history] == [
        ("price_history", "added", dt.date(2025, 4, 16), dt.date(2025, 6, 10))
    ]
    assert format_text(report).splitlines()[1:] == [
        "changed openai/o3",
        "    per_1m_input_tokens: 10 -> 2 (-80%)",
        "    per_1m_output_tokens: 40 -> 8 (-80%)",
        "    price history 2025-04-16 to 2025-06-10: added (10 per_1m_input_tokens, 40 per_1m_output_tokens)",
    ]
    assert report.warnings == []


@pytest.mark.parametrize(
    "history",
    [
        None,  # no history at all
        [past("2025-06-10", "10", "30")],  # a history entry that is not the old pricing
        [past("2025-06-10", "10", "40"), past("2025-08-01", "1", "4", start="2025-07-01")],  # not the last entry
    ],
)
def test_a_current_price_changed_without_keeping_the_old_one_is_a_warning(tmp_path, history):
    report = o3_sides(tmp_path, o3("10", "40"), o3(price_history=history))
    assert [(w.slug, w.message) for w in report.warnings] == [
        ("openai/o3", UNKEPT.format(day="<the day the new price took effect>"))
    ]


def test_only_a_changed_amount_asks_for_history(tmp_path):
    batch = {"unit": "per_1m_input_tokens", "amount": Decimal("1"), "tier": "batch"}
    after = o3()
    after["pricing"].append(batch)
    report = o3_sides(tmp_path, o3(), after)
    [change] = report.changed
    assert [(p.component, p.old) for p in change.prices] == [("per_1m_input_tokens [Batch]", None)]
    assert report.warnings == []


def test_a_scheduled_change_that_took_effect(tmp_path):
    before = o3("10", "40", price_history=[past("2025-05-01", "12", "48", start=None)])
    before["scheduled_prices"] = [announced("2025-06-10", "2", "8")]
    kept = [past("2025-05-01", "12", "48", start=None), past("2025-06-10", "10", "40", start="2025-05-01")]
    report = o3_sides(tmp_path, before, o3(price_history=kept))
    [change] = report.changed
    assert [(h.list, h.change, h.start, h.end) for h in change.history] == [
        ("price_history", "added", dt.date(2025, 5, 1), dt.date(2025, 6, 10)),
        ("scheduled_prices", "took_effect", dt.date(2025, 6, 10), None),
    ]
    assert format_text(report).splitlines()[-2:] == [
        "    price history 2025-05-01 to 2025-06-10: added (10 per_1m_input_tokens, 40 per_1m_output_tokens)",
        "    scheduled change 2025-06-10: took effect (now the record's pricing)",
    ]
    assert report.warnings == []
    # the same change that drops the old price: the hint names the scheduled change's day
    report = o3_sides(tmp_path / "dropped", before, o3(price_history=kept[:1]))
    assert [w.message for w in report.warnings] == [UNKEPT.format(day="2025-06-10")]


def test_a_scheduled_change_whose_day_has_passed_is_no_change(tmp_path, monkeypatch, capsys):
    record = o3("10", "40", scheduled_prices=[announced("2025-06-10", "2", "8")])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: the change is in effect
    assert o3_sides(tmp_path, record, record).is_empty
    code, out, _ = run_cli("diff", str(tmp_path / "base"), "--catalog", str(tmp_path / "head"), capsys=capsys)
    assert code == 0 and out.endswith("no model changes\n")
    # the record's pricing is compared as written, not the scheduled price now in effect
    edited = o3("10", "44", scheduled_prices=[announced("2025-06-10", "2", "8")])
    [change] = o3_sides(tmp_path / "edited", record, edited).changed
    assert [(p.component, p.old, p.new) for p in change.prices] == [
        ("per_1m_output_tokens", Decimal("40"), Decimal("44"))
    ]


def test_history_entries_edited_are_matched_by_their_dates(tmp_path):
    before = o3(
        price_history=[past("2025-05-01", "12", "48", start=None), past("2025-06-10", "10", "40", start="2025-05-01")]
    )
    after = o3(
        price_history=[
            past("2025-05-01", "12", "48", start=None, note="The launch price."),  # a note added
            past("2025-06-11", "10", "44", start="2025-05-01"),  # until and a price corrected
        ]
    )
    after["price_history"][0]["price_source"] = "https://openai.com/index/introducing-o3-and-o4-mini/"
    report = o3_sides(tmp_path, before, after)
    [change] = report.changed
    assert change.prices == [] and [h.change for h in change.history] == ["edited", "edited"]
    assert format_text(report).splitlines()[1:] == [
        "changed openai/o3",
        f"    price history until 2025-05-01: price_source: {OLD_SOURCE} -> "
        "https://openai.com/index/introducing-o3-and-o4-mini/",
        "    price history until 2025-05-01: edited: note",
        "    price history 2025-05-01 to 2025-06-11: per_1m_output_tokens: 40 -> 44 (+10%)",
        "    price history 2025-05-01 to 2025-06-11: until: 2025-06-10 -> 2025-06-11",
    ]
    assert report.warnings == []  # the current price did not change


def test_scheduled_changes_added_removed_edited_and_moved(tmp_path):
    before = o3(scheduled_prices=[announced("2030-01-01", "1", "4"), announced("2031-01-01", "0.5", "2")])
    before["price_history"] = [past("2025-06-10", "10", "40")]
    after = o3(
        price_history=[past("2025-06-10", "10", "40")],
        scheduled_prices=[
            announced("2030-02-01", "1", "4"),  # moved a month
            announced("2031-01-01", "0.5", "3"),  # repriced
            announced("2032-01-01", "0.25", "1"),  # new
        ],
    )
    report = o3_sides(tmp_path, before, after)
    [change] = report.changed
    assert format_text(report).splitlines()[2:] == [
        "    scheduled change 2030-02-01: from: 2030-01-01 -> 2030-02-01",
        "    scheduled change 2031-01-01: per_1m_output_tokens: 2 -> 3 (+50%)",
        "    scheduled change 2032-01-01: added (0.25 per_1m_input_tokens, 1 per_1m_output_tokens)",
    ]
    after["scheduled_prices"] = []
    report = o3_sides(tmp_path / "cancelled", before, after)
    assert [line.strip() for line in format_text(report).splitlines()[2:]] == [
        "scheduled change 2030-01-01: removed (1 per_1m_input_tokens, 4 per_1m_output_tokens)",
        "scheduled change 2031-01-01: removed (0.5 per_1m_input_tokens, 2 per_1m_output_tokens)",
    ]
    assert report.warnings == []


def test_history_in_markdown_and_json(tmp_path, capsys):
    before = o3("10", "40", scheduled_prices=[announced("2030-01-01", "1", "4")])
    after = o3(price_history=[past("2025-06-10", "10", "40")], scheduled_prices=[announced("2030-01-01", "1.5", "4")])
    report = o3_sides(tmp_path, before, after)
    markdown = format_markdown(report)
    assert (
        "| price history and schedule | change |\n"
        "|---|---|\n"
        "| price history 2025-04-16 to 2025-06-10 | added (10 per_1m_input_tokens, 40 per_1m_output_tokens) |\n"
        "| scheduled change 2030-01-01 | per_1m_input_tokens: 1 -> 1.5 (+50%) |\n"
    ) in markdown
    assert "| `per_1m_input_tokens` | 10 | 2 | -80% |" in markdown and "- price history" not in markdown
    code, out, _ = run_cli(
        "diff", str(tmp_path / "base"), "--catalog", str(tmp_path / "head"), "--format", "json", capsys=capsys
    )
    [change] = json.loads(out)["changed"]
    assert code == 0 and [p["new"] for p in change["prices"]] == ["2", "8"]
    assert change["history"] == [
        {
            "list": "price_history",
            "change": "added",
            "from": "2025-04-16",
            "until": "2025-06-10",
            "prices": [
                {"component": "per_1m_input_tokens", "old": None, "new": "10", "percent": "new"},
                {"component": "per_1m_output_tokens", "old": None, "new": "40", "percent": "new"},
            ],
            "fields": [],
            "edited": [],
        },
        {
            "list": "scheduled_prices",
            "change": "edited",
            "from": "2030-01-01",
            "until": None,
            "prices": [{"component": "per_1m_input_tokens", "old": "1", "new": "1.5", "percent": "+50%"}],
            "fields": [],
            "edited": [],
        },
    ]


@pytest.mark.parametrize("field", ["release_date", "until"])
def test_a_record_with_a_date_that_is_no_day_is_left_out_not_a_crash(tmp_path, field):
    after = o3(price_history=[past("2025-06-10", "10", "40")])
    (after if field == "release_date" else after["price_history"][0])[field] = "2025-02-30"
    openai = {"providers/openai.yaml": valid_provider(name="OpenAI", website="https://openai.com/")}
    base = write_catalog(tmp_path / "base", {O3: o3("10", "40"), **openai})
    head = write_catalog(tmp_path / "head", {O3: after, **openai})
    report = run(base, head)
    assert [f.endswith(O3) for f in report.head.skipped] == [True] and report.head.errors >= 1
