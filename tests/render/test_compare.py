"""/compare/'s data sized for a table of a few models (generator/render/compare.py):
compare/shared.json holds what every comparison needs and no model; each model has its
own file, a job of its own, so an edit re-renders one small file."""

from __future__ import annotations

import json

from support.sites import SITE_CATALOG, fixture_html, fixture_pages, site_index

from generator.render import compare, urls


def test_each_model_has_its_own_file_and_the_shared_one_none() -> None:
    pages = fixture_pages()
    index = site_index(SITE_CATALOG)
    files = {p for p in pages if p.startswith(urls.COMPARE_MODELS)}
    assert files == {urls.compare_model_json(m.slug) for m in index.models}
    assert set(json.loads(pages[urls.COMPARE_SHARED])) == {"features", "calculator"}
    assert urls.compare_model_json("openai/gpt-test") == "compare/models/openai/gpt-test.json"


def test_a_models_file_depends_on_that_model_alone() -> None:
    index = site_index(SITE_CATALOG)
    jobs = {j.path: j for j in compare.jobs(index)}
    shared = jobs[urls.COMPARE_SHARED]
    assert shared.args == (index.catalog.site,) and not shared.parts
    for m in index.models:
        job = jobs[urls.compare_model_json(m.slug)]
        assert job.args[0] is m and not job.parts
        assert not any(isinstance(a, tuple) and m in a for a in job.args)  # not the whole catalog


def test_the_page_points_the_script_at_both() -> None:
    html = fixture_html("compare/index.html")
    assert 'data-shared="shared.json" data-models="models/"' in html
    assert "compare/models.json" not in html
