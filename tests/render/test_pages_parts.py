"""Model pages from parts (render/modelparts.py): the pieces of a model page that are the
same on many pages (header and footer, errors, each kind's API schema and quickstarts,
the calculator, each related model's item) are rendered once per build and placed into every page. A
page made so is byte for byte the page rendered whole; a part whose templates the site
overrides, or that would read differently on some page, is not used."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from support.paths import SITE_CATALOG
from support.sites import BUILD_DATE, REAL_CATALOG, site_index

from generator.build.engine import PartStore
from generator.catalog.records import Link, Site
from generator.render import Job, modelparts, pages
from generator.render.calculator import calculator_view
from generator.render.layout import Page, render_chrome
from generator.render.modelparts import SectionFrame
from generator.render.templating import render_frame, slot

SHARED = slice(1, None)  # a model page's parts after its content


def whole(job: Job, content: object) -> bytes:
    """The page with no shared part: every piece rendered in the page itself."""
    items = job.parts[-1]
    return job.fn(
        *job.args, content, None, None, SectionFrame((), None), SectionFrame((), None), None, [None] * len(items.calls)
    )


def from_parts(job: Job, content: object, store: PartStore) -> bytes:
    return job.fn(*job.args, content, *(p.compute(store.value) for p in job.parts[SHARED]))


@pytest.mark.parametrize("catalog", [SITE_CATALOG, REAL_CATALOG], ids=["fixture", "real"])
def test_a_page_from_parts_is_the_page_rendered_whole(catalog: Path) -> None:
    jobs = list(pages.jobs(site_index(catalog, BUILD_DATE)))
    store = PartStore(lasting=False)
    contents = [job.parts[0].compute() for job in jobs]
    differ = [job.path for job, c in zip(jobs, contents, strict=True) if from_parts(job, c, store) != whole(job, c)]
    assert differ == []


@pytest.mark.parametrize("catalog", [SITE_CATALOG, REAL_CATALOG], ids=["fixture", "real"])
def test_every_part_is_used_on_the_built_in_templates(catalog: Path) -> None:
    """Else the test above would compare a page with itself."""
    jobs = list(pages.jobs(site_index(catalog, BUILD_DATE)))
    store = PartStore(lasting=False)
    unused = set()
    for job in jobs:
        content = job.parts[0].compute()
        chrome, errors, api, quickstart, calculator, items = (p.compute(store.value) for p in job.parts[SHARED])
        model = job.args[2]
        named = (("chrome", chrome), ("errors", errors), ("calculator", calculator))
        unused |= {name for name, value in named if value is None}
        if (
            modelparts.fill(api, modelparts.api_shape(content, model), {"name": "", "request": "", "response": ""})
            is None
        ):
            unused.add(f"api schema of {model.kind}")
        if (
            modelparts.fill(
                quickstart, modelparts.quickstart_shape(content, model), modelparts.quickstart_values(model, content)
            )
            is None
        ):
            unused.add(f"quickstart of {model.kind}")
        if modelparts.fill_calculator(calculator, calculator_view(model, job.args[0], {}), job.args[0]) is None:
            unused.add("calculator")
        if None in items:
            unused.add("related items")
    assert unused == set()


def test_a_part_is_made_once_per_build_for_all_pages() -> None:
    jobs = list(pages.jobs(site_index(REAL_CATALOG, BUILD_DATE)))
    store = PartStore(lasting=False)
    for job in jobs:
        job.run(store.value)
    made = [key[0].__name__ for key in store._shared]
    kinds = {job.args[2].kind for job in jobs}
    assert made.count("model_chrome") == 1 and made.count("errors_section") == 1
    assert made.count("api_schema_frame") == len(kinds)
    listed = [(m, job.args[1]) for job in jobs for m in job.args[3].same_kind + job.args[3].same_provider]
    assert made.count("related_item") == len({(m.slug, m.provider_id == page.id) for m, page in listed}) < len(listed)


def with_theme(**changes: object) -> Site:
    site = site_index(SITE_CATALOG, BUILD_DATE).catalog.site
    return replace(site, theme=replace(site.theme, **changes))


def overridden_site(tmp_path: Path, names: tuple[str, ...]) -> Site:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in names:
        (folder / name).write_text("<p>ours</p>\n", encoding="utf-8")
    return with_theme(templates=str(folder))


@pytest.mark.parametrize(
    ("names", "part"),
    [
        (("_site_header.html",), "chrome"),
        (("_search.html",), "chrome"),
        (("_errors.html",), "errors"),
        (("_api_schema.html",), "api"),
        (("_macros.html",), "quickstart"),
        (("_related.html",), "item"),
        (("_calculator.html",), "calculator"),
        (("_calculator_inputs.html",), "calculator"),
    ],
)
def test_a_part_whose_template_the_site_overrides_is_rendered_in_each_page(
    tmp_path: Path, names: tuple[str, ...], part: str
) -> None:
    site = overridden_site(tmp_path, names)
    index = site_index(SITE_CATALOG, BUILD_DATE)
    model = index.models[0]
    provider = index.catalog.providers[model.provider_id]
    made = {
        "chrome": lambda: modelparts.model_chrome(site),
        "errors": lambda: modelparts.errors_section(site),
        "api": lambda: modelparts.api_schema_frame(site, *modelparts.api_shape_of(model, site)).frame,
        "quickstart": lambda: modelparts.quickstart_frame(site, *modelparts.quickstart_shape_of(model)).frame,
        "item": lambda: modelparts.related_item(site, model, provider, "x"),
        "calculator": lambda: modelparts.calculator_frame(site),
    }[part]()
    assert made is None


def test_a_header_linking_into_the_model_pages_is_rendered_in_each_page() -> None:
    page = Page(url=modelparts.ANY_MODEL, title="", description="")
    assert render_chrome(with_theme(nav=(Link("Ours", "/models/acme/one/"),)), page) is None
    assert render_chrome(with_theme(footer_links=(Link("Ours", "/models/acme/"),)), page) is None
    assert (
        render_chrome(with_theme(nav=(Link("All", "/models/?q=x"), Link("Docs", "https://x.test/"))), page) is not None
    )


def test_a_frame_whose_slot_the_template_alters_is_not_made(tmp_path: Path) -> None:
    (tmp_path / "_mine.html").write_text("<p>{{ name }}</p><p>{{ other | upper }}</p>\n", encoding="utf-8")
    plain = render_frame("_mine.html", str(tmp_path), frozenset({"name"}), name=slot("name"), other="ok")
    assert plain is not None and plain.fill({"name": "<b>"}) == "<p>&lt;b&gt;</p><p>OK</p>\n"
    assert (
        render_frame("_mine.html", str(tmp_path), frozenset({"name", "other"}), name="x", other=slot("other")) is None
    )
    assert render_frame("_mine.html", str(tmp_path), frozenset(), name=slot("name"), other="ok") is None  # not a slot


def test_an_override_of_a_parts_template_reaches_every_model_page(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    (catalog / "templates").mkdir()
    overrides = {
        "_site_header.html": '<header class="ours">{{ page.title }}</header>\n',  # a value of the page
        "_errors.html": '<section class="ours">{{ model.slug }}</section>\n',
        "_quickstart.html": '<section class="ours">{{ model.name }}</section>\n',
        "_calculator_inputs.html": '<p class="ours">{{ href("x/") }} {{ model.slug }}</p>\n',  # values of the page
    }
    for name, text in overrides.items():
        (catalog / "templates" / name).write_text(text, encoding="utf-8")
    index = site_index(catalog, BUILD_DATE)
    store = PartStore(lasting=False)
    for job in pages.jobs(index):
        html = job.run(store.value).decode()
        model = job.args[2]
        assert f'<header class="ours">{model.name} by ' in html
        assert f'<section class="ours">{model.slug}</section>' in html
        assert f'<section class="ours">{model.name}</section>' in html
        assert '<p class="ours">../../../x/ ' + model.slug + "</p>" in html
