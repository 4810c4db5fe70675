"""The data behind a long listing's filters (generator/render/filterindex.py): the filter
index of /models/ says of each row what the row's data-* attributes say, in list order; its
row files hold the very rows the listing's pages show, each once per order; every file is
within the size budget and the same catalog gives the same bytes."""

from __future__ import annotations

import html
import math
import posixpath
import re
from collections import Counter
from pathlib import Path

import orjson
import pytest
from support.sites import site_index
from support.synthetic import make_catalog

from generator.render import budget, filterindex, listings, paging, urls

PAGE = 7  # rows per listing page here, so 30 models make five pages
FILE = 4  # rows per row file here
ROW = re.compile(r"<tr\b.*?</tr>", re.S)
ATTR = re.compile(r' data-([a-z]+)="([^"]*)"')
HREF = re.compile(r'href="([^"]*)"')


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    catalog = make_catalog(tmp_path_factory.mktemp("filters") / "catalog", 30, providers=3)
    return render_listings(catalog)


def render_listings(catalog: Path) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PAGE_SIZE", PAGE)
        patch.setattr(filterindex, "ROWS_PER_FILE", FILE)
        index = site_index(catalog)
        return {job.path: job.run() for job in listings.jobs(index)}


def page_rows(outputs: dict[str, bytes]) -> list[str]:
    """Every row of /models/, page after page, its links made site-relative."""
    rows = []
    for number in range(1, 100):
        path = urls.output_path(urls.page(urls.MODELS, number))
        if path not in outputs:
            break
        body = outputs[path].decode("utf-8").split('<table class="model-table" id="models"', 1)[1]
        body = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        rows += [site_relative(row, urls.page(urls.MODELS, number)) for row in ROW.findall(body)]
    return rows


def site_relative(row: str, from_url: str) -> str:
    """`row` with each link as the site-relative URL it leads to from `from_url`."""
    base = posixpath.dirname("/" + from_url if not from_url.endswith("/") else "/" + from_url + "x")
    return HREF.sub(lambda m: f'href="{posixpath.normpath(posixpath.join(base, m.group(1)))}"', row)


def index_of(outputs: dict[str, bytes]) -> dict:
    return orjson.loads(outputs[urls.filter_index(urls.MODELS)])


def test_the_index_says_of_each_row_what_its_data_attributes_say_in_list_order(outputs: dict[str, bytes]) -> None:
    rows = page_rows(outputs)
    assert len(rows) == 30
    opening = [row.split(">", 1)[0] for row in rows]  # the <tr> tag: its cells' data-value are not the row's
    attributes = [{name: html.unescape(value) for name, value in ATTR.findall(tag)} for tag in opening]
    assert filterindex.decode(outputs[urls.filter_index(urls.MODELS)]) == attributes


def test_each_row_file_holds_the_listing_rows_it_says_in_list_order(outputs: dict[str, bytes]) -> None:
    rows = page_rows(outputs)
    data = index_of(outputs)
    width = len(data["fields"])
    for o, (order, names) in enumerate(zip(listings.MODEL_ORDERS, data["files"], strict=True)):
        seen: list[int] = []
        for number, name in enumerate(names):
            path = urls.filter_rows(urls.MODELS, order, number + 1)
            assert posixpath.basename(path) == name
            positions = [at for at, row in enumerate(data["rows"]) if row[width + o] == number]
            markup = orjson.loads(outputs[path])["rows"]
            assert [site_relative(r, path) for r in ROW.findall(markup)] == [rows[at] for at in positions]
            assert 1 <= len(positions) <= FILE
            seen += positions
        assert sorted(seen) == list(range(30))  # every row once in each order


def test_a_provider_and_a_kind_are_each_a_run_of_their_order(outputs: dict[str, bytes]) -> None:
    """What keeps a filter's fetch small: one provider's rows fill as few files as they can
    in the provider order, one kind's in the name order."""
    data = index_of(outputs)
    width = len(data["fields"])
    decoded = filterindex.decode(outputs[urls.filter_index(urls.MODELS)])
    for o, field in ((0, "provider"), (1, "kind")):
        for value, count in Counter(d[field] for d in decoded).items():
            files = {row[width + o] for row, d in zip(data["rows"], decoded, strict=True) if d[field] == value}
            assert len(files) <= math.ceil(count / FILE) + 1, (field, value)


def test_the_form_names_the_index_and_where_its_page_starts(outputs: dict[str, bytes]) -> None:
    first = outputs[urls.output_path(urls.MODELS)].decode("utf-8")
    third = outputs[urls.output_path(urls.page(urls.MODELS, 3))].decode("utf-8")
    assert 'data-index="../filters/models/index.json" data-first="1"' in first
    assert 'data-index="../../../filters/models/index.json" data-first="15"' in third


def test_filter_files_are_deterministic_and_within_the_budget(tmp_path: Path, outputs: dict[str, bytes]) -> None:
    again = render_listings(make_catalog(tmp_path / "catalog", 30, providers=3))
    files = {p: b for p, b in outputs.items() if p.startswith(urls.FILTERS)}
    assert len(files) == 1 + 2 * math.ceil(30 / FILE)
    assert files == {p: b for p, b in again.items() if p.startswith(urls.FILTERS)}
    assert all(budget.fits(len(b)) for b in files.values())


def test_at_the_real_sizes_the_index_and_a_row_file_are_small_beside_the_pages(tmp_path: Path) -> None:
    """At the real page and file sizes: the index costs a filter a small part of the pages
    it replaces, and a row file (100 rows) about a fifth of a page (500 rows)."""
    catalog = make_catalog(tmp_path / "catalog", 1200, providers=40)
    out = {job.path: job.run() for job in listings.jobs(site_index(catalog))}
    pages = [out[urls.output_path(urls.page(urls.MODELS, n))] for n in (1, 2, 3)]
    assert urls.output_path(urls.page(urls.MODELS, 4)) not in out
    assert len(out[urls.filter_index(urls.MODELS)]) < sum(map(len, pages)) / 7
    row_files = [len(b) for p, b in out.items() if p.startswith(urls.FILTERS) and not p.endswith("index.json")]
    assert len(row_files) == 2 * math.ceil(1200 / filterindex.ROWS_PER_FILE)
    assert max(row_files) < len(pages[0]) / 4


def test_a_listing_of_one_page_has_no_filter_files(index) -> None:
    out = {job.path: job for job in listings.jobs(index)}
    assert not [p for p in out if p.startswith(urls.FILTERS)]
    assert urls.filter_index(urls.MODELS) not in out[urls.output_path(urls.MODELS)].run().decode("utf-8")
