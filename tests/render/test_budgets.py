"""Every aggregate is sized for its reader: at 10,000 models no output file that is not one
model's own passes the budget (render/budget.py), and the aggregates that choose their form
by the budget (llms-full.txt, the spec) switch where they should."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from llms_txt import parse_llms_file
from openapi_spec_validator import OpenAPIV31SpecValidator
from support.sites import BUILD_DATE as FIXTURE_DATE
from support.sites import SITE_CATALOG, build_site, render_in_memory, site_index
from support.synthetic import make_catalog

from generator.catalog.derive import SiteIndex
from generator.render import Job, budget, plan, urls
from generator.render.llms import SEPARATOR

SCALE = 10_000
BUILD_DATE = dt.date(2026, 12, 2)


def model_of(path: str, slugs: frozenset[str]) -> str | None:
    """The slug whose own file `path` is (its page and twin under models/<slug>/, its JSON
    record, its compare entry), else None: every other output is an aggregate."""
    for prefix, suffix in (("models/", "/"), ("api/models/", ".json"), ("compare/models/", ".")):
        if path.startswith(prefix):
            provider, _, rest = path.removeprefix(prefix).partition("/")
            name = rest.split(suffix, 1)[0] if suffix != "/" else rest.split("/", 1)[0]
            if f"{provider}/{name}" in slugs:
                return f"{provider}/{name}"
    return None


def test_model_of_tells_a_models_own_files_from_aggregates() -> None:
    slugs = frozenset({"acme/chat", "acme/chat-ultra"})
    own = ["models/acme/chat/index.html", "models/acme/chat/index.md", "api/models/acme/chat.json"]
    own += ["compare/models/acme/chat-ultra.json", "models/acme/chat/history/index.html"]
    assert [model_of(p, slugs) for p in own] == ["acme/chat"] * 3 + ["acme/chat-ultra", "acme/chat"]
    aggregates = ["models/index.html", "models/page/2/index.html", "api/models.json", "compare/shared.json"]
    aggregates += ["providers/acme/index.html", "llms-full.txt", "models/acme/index.html"]
    assert [model_of(p, slugs) for p in aggregates] == [None] * len(aggregates)


@pytest.fixture(scope="module")
def scaled_index(tmp_path_factory: pytest.TempPathFactory) -> SiteIndex:
    catalog = make_catalog(tmp_path_factory.mktemp("scale") / "catalog", SCALE)
    return site_index(catalog, BUILD_DATE)


def rendered(job: Job, by_path: dict[str, Job]) -> bytes:
    """A job's bytes; an aggregate of other outputs is handed them lazily (llms-full.txt reads
    only as many twins as the budget holds)."""
    if not job.inputs:
        return job.run()
    return b"".join(job.assemble(by_path[p].run() for p in job.inputs))


@pytest.mark.slow
def test_no_aggregate_passes_the_budget_at_10000_models(scaled_index: SiteIndex) -> None:
    jobs = plan(scaled_index)
    slugs = frozenset(m.slug for m in scaled_index.models)
    by_path = {job.path: job for job in jobs}
    sizes = {job.path: len(rendered(job, by_path)) for job in jobs if model_of(job.path, slugs) is None}
    largest = sorted(sizes.items(), key=lambda kv: -kv[1])[:10]
    over = {path: size for path, size in sizes.items() if not budget.fits(size)}
    assert over == {}, f"over {budget.MAX_OUTPUT_BYTES:,} bytes: {over}; the largest: {largest}"
    assert {urls.LLMS_FULL_TXT, urls.API_MODELS, urls.OPENAPI_JSON, urls.OPENAPI_YAML} <= set(sizes)
    assert len(scaled_index.models) == SCALE


def outputs_with_budget(monkeypatch: pytest.MonkeyPatch, limit: int) -> dict[str, bytes]:
    monkeypatch.setattr(budget, "MAX_OUTPUT_BYTES", limit)
    return render_in_memory(SITE_CATALOG)


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], dict[str, bytes]]:
    return lambda limit: outputs_with_budget(monkeypatch, limit)


def test_llms_full_holds_every_twin_while_they_fit(small_budget: Callable[[int], dict[str, bytes]]) -> None:
    outputs = small_budget(budget.MAX_OUTPUT_BYTES)
    index = site_index(SITE_CATALOG)
    full = outputs[urls.LLMS_FULL_TXT].decode("utf-8")
    assert full.split(SEPARATOR)[1:] == [outputs[urls.model_markdown(m.slug)].decode() for m in index.models]
    exact = small_budget(len(outputs[urls.LLMS_FULL_TXT]))  # a budget of exactly its size still holds it
    assert exact[urls.LLMS_FULL_TXT] == outputs[urls.LLMS_FULL_TXT]


def test_llms_full_is_one_line_per_model_past_the_budget(small_budget: Callable[[int], dict[str, bytes]]) -> None:
    whole = small_budget(budget.MAX_OUTPUT_BYTES)[urls.LLMS_FULL_TXT]
    outputs = small_budget(len(whole) - 1)
    index = site_index(SITE_CATALOG)
    site = index.catalog.site
    text = outputs[urls.LLMS_FULL_TXT].decode("utf-8")
    assert SEPARATOR not in text and len(text) < len(whole)
    parsed = parse_llms_file(text)
    assert (parsed.title, parsed.summary) == (f"{site.name} model catalog", site.tagline)
    assert f"larger than {budget.size_phrase()}" in parsed.info and site.api_base_url in parsed.info
    items = {i["url"]: i["desc"] for section in parsed.sections.values() for i in section}
    twins = [urls.absolute(site.url, urls.model_markdown(m.slug)) for m in index.models]
    assert sorted(items) == sorted(twins)  # every model, each linking its twin
    for kind, models in index.by_kind.items():
        assert [i["url"] for i in parsed.sections[f"{site.kind(kind).label} models"]] == [
            urls.absolute(site.url, urls.model_markdown(m.slug)) for m in models
        ]
    gpt = items[urls.absolute(site.url, urls.model_markdown("openai/gpt-test"))]
    assert gpt.startswith("`openai/gpt-test`, chat by ") and "POST /chat/completions" in gpt
    assert "per 1M input tokens" in gpt and "context " in gpt and "input text" in gpt
    euro = items[urls.absolute(site.url, urls.model_markdown("acme/euro-tiers"))]
    assert "€1.00 per 1M input tokens (Batch)" in euro  # every price, as money in its currency


def spec_pair(outputs: dict[str, bytes]) -> tuple[dict, dict]:
    import yaml

    return json.loads(outputs[urls.OPENAPI_JSON]), yaml.safe_load(outputs[urls.OPENAPI_YAML])


def operations(spec: dict) -> Iterator[dict]:
    return (op for item in spec["paths"].values() for method, op in item.items() if method == "post")


def test_the_spec_keeps_its_prices_while_it_fits(small_budget: Callable[[int], dict[str, bytes]]) -> None:
    outputs = small_budget(budget.MAX_OUTPUT_BYTES)
    spec, from_yaml = spec_pair(outputs)
    assert spec == from_yaml
    assert all("x-pricing" in op and "x-pricing-source" not in op for op in operations(spec))
    exact = small_budget(len(outputs[urls.OPENAPI_JSON]))
    assert exact[urls.OPENAPI_JSON] == outputs[urls.OPENAPI_JSON]


def test_past_the_budget_the_spec_points_at_the_json_api(small_budget: Callable[[int], dict[str, bytes]]) -> None:
    whole = small_budget(budget.MAX_OUTPUT_BYTES)
    outputs = small_budget(len(whole[urls.OPENAPI_JSON]) - 1)
    spec, from_yaml = spec_pair(outputs)
    assert spec == from_yaml  # both forms make the same choice
    assert list(OpenAPIV31SpecValidator(spec).iter_errors()) == []
    site = site_index(SITE_CATALOG).catalog.site
    source = urls.absolute(site.url, urls.model_json("{model}"))
    for op in operations(spec):
        assert "x-pricing" not in op and "x-offers" not in op and op["x-pricing-source"] == source
    assert source in spec["info"]["description"] and "x-pricing-source" in spec["info"]["description"]
    assert len(outputs[urls.OPENAPI_JSON]) < len(whole[urls.OPENAPI_JSON])
    whole_spec = json.loads(whole[urls.OPENAPI_JSON])
    assert spec["components"]["schemas"] == whole_spec["components"]["schemas"]  # the `model` enums stay
    slug = "openai/gpt-test"
    detail = json.loads(outputs[urls.model_json(slug)])  # where the prices went
    assert detail["pricing"] == whole_spec["paths"]["/chat/completions"]["post"]["x-pricing"][slug]


def test_the_engine_writes_the_compact_llms_full_from_its_parts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Through the engine (twins read back from the spare tree, compact lines from the part
    store), the same bytes as in memory."""
    whole = render_in_memory(SITE_CATALOG)[urls.LLMS_FULL_TXT]
    monkeypatch.setattr(budget, "MAX_OUTPUT_BYTES", len(whole) - 1)
    compact = render_in_memory(SITE_CATALOG)[urls.LLMS_FULL_TXT]
    assert compact != whole
    build_site(SITE_CATALOG, tmp_path / "site", build_date=FIXTURE_DATE)
    assert (tmp_path / "site" / urls.LLMS_FULL_TXT).read_bytes() == compact


def test_the_priced_spec_is_not_built_when_the_prices_alone_pass_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import openapi
    from generator.render.api import prices_json
    from generator.render.jsondoc import least_size

    index = site_index(SITE_CATALOG)
    job = next(j for j in plan(index) if j.path == urls.OPENAPI_JSON)
    whole = len(job.run())
    floor = sum(least_size(prices_json(m)) for m in index.models)
    assert 0 < floor < whole
    built: list[bool] = []
    real = openapi.build_spec
    monkeypatch.setattr(openapi, "build_spec", lambda *a, **k: built.append(k.get("priced", True)) or real(*a, **k))
    for limit, attempts in ((floor - 1, [False]), (floor, [True, False]), (whole - 1, [True, False]), (whole, [True])):
        monkeypatch.setattr(budget, "MAX_OUTPUT_BYTES", limit)
        built.clear()
        spec = json.loads(job.run())
        assert built == attempts, limit
        assert all(("x-pricing" in op) == (limit >= whole) for op in operations(spec)), limit
