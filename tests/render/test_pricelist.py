"""The price CSV sized for its reader (generator/render/pricelist.py, budget.py): one file
while the whole fits the budget; past it, parts in row order (pricing/prices.csv, then
prices-2.csv, ...), each within the budget with the header row, which /pricing/ links one
by one. The budget is lowered here so that a small synthetic catalog passes it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from support.paths import REAL_CATALOG, SITE_CATALOG
from support.sites import site_index
from support.synthetic import make_catalog

from generator.catalog.derive import SiteIndex
from generator.render import budget, pricelist, pricetables, urls

LOW_BUDGET = 20_000  # bytes: a synthetic catalog of 120 models makes about 90 KB of CSV


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> SiteIndex:
    return site_index(make_catalog(tmp_path_factory.mktemp("pricelist") / "catalog", 120, providers=4))


def csv_outputs(index: SiteIndex) -> dict[str, bytes]:
    """The CSV files the plan makes, by path, in part order."""
    jobs = [j for j in pricelist.jobs(index) if j.path.endswith(".csv")]
    return {j.path: j.run() for j in jobs}


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_under_the_budget_the_csv_is_one_file(synthetic: SiteIndex) -> None:
    outputs = csv_outputs(synthetic)
    assert list(outputs) == [urls.PRICING_CSV]
    html = next(j for j in pricelist.jobs(synthetic) if j.path == "pricing/index.html").run().decode()
    assert html.count(".csv") == html.count('href="prices.csv" download>Download as CSV</a>') + 1  # + the footer's
    assert "part 1 of" not in html


def test_past_the_budget_the_csv_is_split_in_row_order(synthetic: SiteIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = csv_outputs(synthetic)[urls.PRICING_CSV]
    monkeypatch.setattr(budget, "MAX_OUTPUT_BYTES", LOW_BUDGET)
    parts = csv_outputs(synthetic)
    count = len(parts)
    assert count > 2 and list(parts) == [urls.pricing_csv_part(n) for n in range(1, count + 1)]
    assert list(parts)[:2] == ["pricing/prices.csv", "pricing/prices-2.csv"]
    header, *rows = rows_of(whole)
    union: list[list[str]] = []
    for path, data in parts.items():
        assert len(data) <= LOW_BUDGET, path
        part_header, *part_rows = rows_of(data)  # every part parses, and starts with the header
        assert part_header == header and part_rows, path
        union += part_rows
    assert union == rows  # the same rows, in the same order
    assert b"".join(p.split(b"\r\n", 1)[1] for p in parts.values()) == whole.split(b"\r\n", 1)[1]
    again = csv_outputs(synthetic)
    assert again == parts  # deterministic


def test_a_model_is_never_cut_between_parts(synthetic: SiteIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_OUTPUT_BYTES", LOW_BUDGET)
    slugs = [{row[0] for row in rows_of(data)[1:]} for data in csv_outputs(synthetic).values()]
    assert all(not (a & b) for n, a in enumerate(slugs) for b in slugs[n + 1 :])


def test_the_pricing_pages_link_every_part(synthetic: SiteIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_OUTPUT_BYTES", LOW_BUDGET)
    jobs = list(pricelist.jobs(synthetic))
    count = sum(j.path.endswith(".csv") for j in jobs)
    pages = {j.path: j.run().decode() for j in jobs if j.path.endswith(".html")}
    assert "pricing/batch/index.html" in pages and "pricing/page/2/index.html" not in pages
    for path, html in pages.items():
        links = re.findall(r'<a class="button" href="([^"]+\.csv)" download>part (\d+) of (\d+)</a>', html)
        depth = "../" * (path.count("/") - 1)
        expected = [
            (depth + urls.pricing_csv_part(n).removeprefix("pricing/"), str(n), str(count)) for n in range(1, count + 1)
        ]
        assert links == expected, path


@pytest.mark.parametrize("catalog", [REAL_CATALOG, SITE_CATALOG], ids=["shipped", "fixture"])
def test_the_bound_is_never_below_a_models_bytes(catalog: Path, synthetic: SiteIndex) -> None:
    """Where to cut is decided from csv_bytes_bound, so no part can pass the budget."""
    for index in (site_index(catalog), synthetic):
        site, names = index.catalog.site, {p.id: p.name for p in index.catalog.providers.values()}
        for m in index.models:
            actual = len(pricelist.model_csv(site, m, names[m.provider_id]).encode("utf-8"))
            assert actual <= pricelist.csv_bytes_bound(site, m, names[m.provider_id]), m.slug


def test_the_shipped_catalog_keeps_one_csv() -> None:
    index = site_index(REAL_CATALOG)
    names = {p.id: p.name for p in index.catalog.providers.values()}
    assert len(pricelist.csv_parts(index.catalog.site, index.models, names)) == 1


@pytest.mark.parametrize("catalog", [REAL_CATALOG, SITE_CATALOG], ids=["shipped", "fixture"])
def test_one_pass_over_the_offers_shows_what_offer_for_picks(catalog: Path, synthetic: SiteIndex) -> None:
    """shown_offers (the plan's one pass) agrees with offer_for and tier_prices, model by model."""
    for index in (site_index(catalog), synthetic):
        shown = pricelist.shown_offers(index)
        tiers = pricetables.tiers_of(index.models)
        assert set(shown) <= {None, *tiers} and set(tiers) <= set(shown)
        for tier in (None, *tiers):
            expected = {
                kind: [(m, pricetables.tier_prices(o, tier)) for m in models if (o := pricetables.offer_for(m, tier))]
                for kind, models in index.by_kind.items()
            }
            assert shown.get(tier, {}) == {kind: rows for kind, rows in expected.items() if rows}, tier
