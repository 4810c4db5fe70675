"""search.json, the quick search's index: every model, provider, collection and kind of the
catalog, each with a URL the site has; the aliases; byte-identical rebuilds; and its size at
10,000 models under the budget (the browser half is tests/site/test_search.py)."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from support.sites import SITE_CATALOG, render_in_memory, site_index
from support.synthetic import make_catalog

from generator.render import plan, search, urls

BUDGET = 1_500_000  # bytes of search.json at 10,000 models, each with two aliases (the worst case we plan for)
GZIP_BUDGET = 200_000


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    return render_in_memory(SITE_CATALOG)


@pytest.fixture(scope="module")
def index_json(outputs: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(outputs[urls.SEARCH_INDEX])


def model_urls(data: dict[str, Any]) -> dict[str, str]:
    before, after = data["mu"]
    return {slug: before + slug + after for _name, slug, *_rest in data["m"]}


def test_the_index_holds_every_model_provider_collection_and_kind(index_json: dict[str, Any]) -> None:
    index = site_index(SITE_CATALOG)
    assert [m[1] for m in index_json["m"]] == [m.slug for m in index.models]
    assert [p[1] for p in index_json["p"]] == list(index.catalog.providers)
    assert [c[1] for c in index_json["c"]] == list(index.collections)
    assert [k[1] for k in index_json["k"]] == [k.id for k in index.catalog.site.kinds if k.id in index.by_kind]
    for name, slug, provider, kind, _aliases, status in index_json["m"]:
        model = index.catalog.models[slug]
        assert name == model.name
        assert index_json["p"][provider][1] == model.provider_id
        assert index_json["k"][kind][1] == model.kind
        assert status == ("" if model.status == "active" else model.status)
    counts = {p[1]: p[3] for p in index_json["p"]}
    assert counts == {pid: len(models) for pid, models in index.by_provider.items()}


def test_every_url_of_the_index_is_a_page_of_the_site(index_json: dict[str, Any], outputs: dict[str, bytes]) -> None:
    found = [u for group in ("p", "k", "c") for _name, _id, u, _count in index_json[group]]
    found += model_urls(index_json).values()
    missing = [u for u in found if urls.output_path(u) not in outputs]
    assert not missing, missing
    assert model_urls(index_json) == {slug: urls.model(slug) for slug in model_urls(index_json)}


def test_models_carry_their_aliases(index_json: dict[str, Any]) -> None:
    aliases = {slug: names for _name, slug, _p, _k, names, _status in index_json["m"]}
    assert aliases["openai/gpt-test"] == ["gpt-test-2026-01-01"]
    index = site_index(SITE_CATALOG)
    assert aliases == {m.slug: list(m.aliases) for m in index.models}


def test_the_index_is_one_line_of_compact_json_and_deterministic(outputs: dict[str, bytes]) -> None:
    data = outputs[urls.SEARCH_INDEX]
    compact = json.dumps(json.loads(data), separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"
    assert data.decode() == compact  # one line, no indent or padding, sorted keys
    again = render_in_memory(SITE_CATALOG)[urls.SEARCH_INDEX]
    assert again == data
    job = next(j for j in plan(site_index(SITE_CATALOG)) if j.path == urls.SEARCH_INDEX)
    assert job.run() == data  # the build date plays no part


def test_every_page_links_the_box_to_the_index_and_the_model_list(outputs: dict[str, bytes]) -> None:
    page = outputs[urls.output_path(urls.model("openai/gpt-test"))].decode()
    assert 'action="../../" method="get" role="search"' in page
    assert 'data-index="../../../search.json"' in page and 'name="q"' in page
    assert '<script type="module" src="../../../assets/search.js"></script>' in page
    assert urls.asset("search.js") in outputs


@pytest.mark.slow
def test_the_index_stays_small_at_10000_models(tmp_path: Path) -> None:
    index = site_index(make_catalog(tmp_path / "catalog", 10_000))
    plain = search.render_search_index(search.search_entries(index))
    aliased = dataclasses.replace(
        index,
        models=tuple(
            dataclasses.replace(m, aliases=(f"{m.model_id}-2026-01-01", f"{m.model_id}-latest")) for m in index.models
        ),
    )
    data = search.render_search_index(search.search_entries(aliased))
    assert len(json.loads(data)["m"]) == 10_000
    sizes = {"plain": len(plain), "two aliases each": len(data), "gzip": len(gzip.compress(data))}
    assert sizes["two aliases each"] < BUDGET and sizes["gzip"] < GZIP_BUDGET, sizes
