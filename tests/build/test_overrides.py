"""Template overrides: catalog/templates/ beside site.yaml, looked up by name before the
built-in templates. An override changes exactly the pages that use it; a broken one is
a problem naming its file and line, and nothing is written; editing one re-renders
(the engine's salt includes it), in a single build with a cache and in a `serve` session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support.cli import run_build
from support.paths import SITE_CATALOG
from support.sites import build_site, site_files, tree

from generator.build import config as build_config
from generator.build import pipeline
from generator.catalog import load
from generator.catalog.problems import ERROR, Problem, ProblemsFound

FAQ = "_faq.html"
OURS = '<section class="our-faq"><h2 id="faq">Questions</h2>{{ content.faq | length }}</section>\n'
HINT = "fix the override, or delete it to use the built-in template"


def catalog_with(tmp_path: Path, overrides: dict[str, str]) -> Path:
    """The golden fixture catalog, copied, with `overrides` written under its templates/."""
    catalog = tmp_path / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    for name, text in overrides.items():
        path = catalog / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return catalog


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("plain")
    build_site(SITE_CATALOG, root / "site")
    return site_files(root / "site")


def test_the_folder_name_is_the_loaders(tmp_path: Path) -> None:
    assert build_config.OVERRIDES == load.TEMPLATES_FOLDER
    assert build_config.Config(catalog=tmp_path).overrides is None
    (tmp_path / "templates").mkdir()
    assert build_config.Config(catalog=tmp_path).overrides == (tmp_path / "templates").resolve()


def test_an_override_of_a_partial_changes_every_page_that_uses_it_and_only_those(
    tmp_path: Path, plain_site: dict[str, bytes]
) -> None:
    build_site(catalog_with(tmp_path, {FAQ: OURS}), tmp_path / "site")
    ours = site_files(tmp_path / "site")
    assert sorted(ours) == sorted(plain_site)
    changed = sorted(path for path in ours if ours[path] != plain_site[path])
    model_pages = sorted(p for p in plain_site if p.startswith("models/") and p.endswith("/index.html"))
    model_pages = [p for p in model_pages if p.count("/") == 3]  # models/<p>/<m>/index.html, not the listing pages
    assert changed == model_pages
    for path in changed:  # and on those, only the FAQ section
        theirs, mine = plain_site[path].decode(), ours[path].decode()
        built_in_faq = theirs[theirs.index('<section aria-labelledby="faq">') : theirs.index("</article>")]
        start = mine.index('<section class="our-faq">')
        our_faq = mine[start : mine.index("</section>\n", start) + len("</section>\n")]
        assert theirs.replace(built_in_faq, "") == mine.replace(our_faq, "")


def test_an_override_may_extend_the_built_in_template_it_replaces(tmp_path: Path) -> None:
    base = '{% extends "builtin/base.html" %}\n{% block head %}<meta name="generator" content="ours">\n{% endblock %}\n'
    build_site(catalog_with(tmp_path, {"base.html": base}), tmp_path / "site")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="ours">' in home
    assert '<header class="site-header">' in home  # the rest of the built-in base.html


def test_an_asset_is_overridden_by_name(tmp_path: Path, plain_site: dict[str, bytes]) -> None:
    build_site(catalog_with(tmp_path, {"assets/site.css": "body { color: black; }\n"}), tmp_path / "site")
    ours = site_files(tmp_path / "site")
    assert ours["assets/site.css"] == b"body { color: black; }\n"
    assert [p for p in ours if ours[p] != plain_site[p]] == ["assets/site.css"]


def test_a_site_with_overrides_renders_the_built_in_templates_byte_for_byte(
    tmp_path: Path, plain_site: dict[str, bytes]
) -> None:
    """With overrides, every template renders in the sandbox: the same bytes as without."""
    build_site(catalog_with(tmp_path, {"_unused.html": "<p>unused</p>\n"}), tmp_path / "site")
    assert site_files(tmp_path / "site") == plain_site


# ---------------------------------------------------------------- an override from a pull request


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{{ cycler.__init__.__globals__.os.popen("id").read() }}',
         "template error: access to attribute '__init__' of 'type' object is unsafe."),
        ("{{ urls.posixpath.os.getcwd() }}", "template error: access to attribute 'posixpath' of 'module' object is unsafe."),
        ("{{ site.kind.__self__ }}", "template error: access to attribute '__self__' of 'method' object is unsafe."),
    ],
    ids=["globals", "module", "bound-method"],
)  # fmt: skip
def test_an_override_cannot_reach_python(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ProblemsFound) as found:
        build_site(catalog_with(tmp_path, {FAQ: f"<p>{text}</p>\n"}), tmp_path / "site")
    assert [(p.file, p.line, p.message) for p in found.value.problems] == [("catalog/templates/_faq.html", 1, message)]


def test_an_override_may_not_be_a_link_out_of_the_catalog(tmp_path: Path) -> None:
    catalog = catalog_with(tmp_path, {})
    (tmp_path / "secret.txt").write_text("secret\n", encoding="utf-8")
    (catalog / "templates").mkdir()
    (catalog / "templates" / FAQ).symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ProblemsFound) as found:
        build_site(catalog, tmp_path / "site")
    assert found.value.problems == [
        Problem(
            "catalog/templates/_faq.html",
            None,
            None,
            "",
            "this file is a symlink that points outside the catalog",
            "replace the link with the file itself",
            ERROR,
            "symlink-outside",
        )
    ]


# ---------------------------------------------------------------- a broken override


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("<section>\n  {% for entry in content.faq %}\n  <p>{{ entry.question }</p>\n</section>\n", 3,
         "template syntax error: unexpected '}'"),
        ("<section>\n  {% for entry in content.faq %}\n  <p>{{ entry.question }}</p>\n</section>\n", 3,
         "template syntax error: Unexpected end of template. Jinja was looking for the following tags: 'endfor' or "
         "'else'. The innermost block that needs to be closed is 'for'."),
        ("<section>\n  {{ content.faq | length }}\n  {{ question }}\n</section>\n", 3,
         "template error: 'question' is undefined"),
        ('<section>\n  {% include "_nowhere.html" %}\n</section>\n', 2, "template error: template '_nowhere.html' not found"),
    ],
    ids=["syntax", "unclosed", "undefined", "missing-include"],
)  # fmt: skip
def test_a_broken_override_is_a_problem_at_its_line_and_nothing_is_written(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    catalog = catalog_with(tmp_path, {FAQ: text})
    with pytest.raises(ProblemsFound) as found:
        build_site(catalog, tmp_path / "site")
    assert found.value.problems == [
        Problem("catalog/templates/_faq.html", line, None, "", message, HINT, ERROR, "template-error")
    ]
    assert not (tmp_path / "site").exists()


def test_an_error_in_a_template_no_page_uses_is_found_before_rendering(tmp_path: Path) -> None:
    catalog = catalog_with(tmp_path, {"unused/_mine.html": "{% if %}\n"})
    with pytest.raises(ProblemsFound) as found:
        build_site(catalog, tmp_path / "site")
    [problem] = found.value.problems
    assert (problem.file, problem.line, problem.rule) == ("catalog/templates/unused/_mine.html", 1, "template-error")


def test_a_broken_override_leaves_the_live_site_as_it_was(tmp_path: Path) -> None:
    catalog = catalog_with(tmp_path, {FAQ: OURS})
    out = tmp_path / "site"
    build_site(catalog, out)
    before = tree(out)
    (catalog / "templates" / FAQ).write_text("{{ nothing_here }}\n", encoding="utf-8")
    with pytest.raises(ProblemsFound):
        build_site(catalog, out)
    assert tree(out) == before


def test_the_command_line_reports_it_and_exits_1(tmp_path: Path) -> None:
    catalog = catalog_with(tmp_path, {FAQ: "<p>{{ entry.nothing }}</p>\n"})
    done = run_build(catalog, tmp_path / "site")
    assert done.returncode == 1
    assert (
        "catalog/templates/_faq.html:1: error: template error: 'entry' is undefined [template-error]\n"
        f"    hint: {HINT}\n" in done.stderr
    )
    assert "Traceback" not in done.stderr and not (tmp_path / "site").exists()


def test_a_failing_built_in_template_is_still_the_generators_bug(tmp_path: Path, monkeypatch) -> None:
    """Only an override's own frames make a catalog problem: the same error in a built-in
    template stays an exception (the CLI reports it as an internal error)."""
    import jinja2

    from generator.render import templating

    catalog = catalog_with(tmp_path, {"_unrelated.html": "<p>unused</p>\n"})
    folder = str((catalog / "templates").resolve())
    env = templating.environment(templating.folders_of(folder))
    broken = env.from_string("{{ nothing_here }}")
    with pytest.raises(jinja2.UndefinedError) as raised:
        broken.render()
    assert templating.override_problem(raised.value, folder) is None


# ---------------------------------------------------------------- editing an override re-renders


def _touch_later(path: Path, seconds: int) -> None:
    """Distinct, old modification times, so the no-change check sees the edit."""
    stamp = 1_600_000_000 + seconds
    os.utime(path, (stamp, stamp))


def _age(folder: Path, seconds: int = 0) -> None:
    for path in folder.rglob("*"):
        _touch_later(path, seconds)


def test_editing_an_override_re_renders_the_next_build(tmp_path: Path) -> None:
    catalog = catalog_with(tmp_path, {FAQ: OURS})
    out, cache = tmp_path / "site", tmp_path / "cache"
    _age(catalog)
    build_site(catalog, out, cache=cache)
    page = out / "models" / "openai" / "gpt-test" / "index.html"
    assert '<h2 id="faq">Questions</h2>' in page.read_text(encoding="utf-8")
    assert build_site(catalog, out, cache=cache).write is None  # nothing changed: nothing to do
    override = catalog / "templates" / FAQ
    override.write_text(OURS.replace("Questions", "Asked often"), encoding="utf-8")
    _touch_later(override, 10)
    report = build_site(catalog, out, cache=cache)
    assert report.write is not None and report.rendered > 0
    assert '<h2 id="faq">Asked often</h2>' in page.read_text(encoding="utf-8")


def test_a_serve_session_re_renders_after_an_override_is_added_edited_and_removed(tmp_path: Path) -> None:
    catalog = catalog_with(tmp_path, {})
    out, cache = tmp_path / "site", tmp_path / "cache"
    session = pipeline.Session()
    page = out / "models" / "openai" / "gpt-test" / "index.html"
    build_site(catalog, out, cache=cache, session=session)
    built_in = page.read_bytes()
    for step, text in enumerate((OURS, OURS.replace("Questions", "Asked often")), start=1):
        (catalog / "templates").mkdir(exist_ok=True)
        (catalog / "templates" / FAQ).write_text(text, encoding="utf-8")
        _age(catalog, step * 10)
        build_site(catalog, out, cache=cache, session=session)
        assert page.read_text(encoding="utf-8").count("our-faq") == 1
        assert ("Asked often" in page.read_text(encoding="utf-8")) == (step == 2)
    shutil.rmtree(catalog / "templates")
    _age(catalog, 40)
    build_site(catalog, out, cache=cache, session=session)
    assert page.read_bytes() == built_in
