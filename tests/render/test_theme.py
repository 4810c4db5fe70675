"""site.yaml's theme: what it changes on every page (logo, favicon, stylesheets, links),
the files it publishes (assets/theme.css, assets/theme/*), what the loader accepts in
catalog/theme/, and that a catalog without a theme builds the built-in look. The
contrast rule's exact messages are in catalog/test_validate.py (theme-contrast cases);
here its arithmetic and its built-in colours."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support.catalogs import SITE, check_catalog, dump_yaml, valid_site, write_files
from support.paths import SITE_CATALOG
from support.sites import BUILD_DATE, render_in_memory, site_index

from generator.catalog.checks import theme as theme_check
from generator.catalog.problems import ERROR, WARNING, Problem
from generator.paths import TEMPLATES
from generator.render import plan, urls

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><script>alert(1)</script>'
    b'<rect width="8" height="8" fill="#6a1b9a"/></svg>'
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
CSS = b".brand { letter-spacing: 0.02em; }\n"
THEME = {
    "logo": "theme/logo.svg",
    "favicon": "theme/icon.png",
    "stylesheet": "theme/brand.css",
    "colors": {
        "light": {"brand": "#6A1B9A", "header_background": "#2d0a3d", "header_text": "#fff"},
        "dark": {"brand": "#e1a6ff", "brand_text": "#1a0524"},
    },
    "nav": [{"label": "Status", "url": "https://status.example.org/"}, {"label": "Free", "url": "/collections/"}],
    "footer_links": [{"label": "Terms", "url": "https://example.org/terms"}],
}
MODEL_PAGE = "models/openai/gpt-test/index.html"


def themed_catalog(tmp_path: Path, theme: dict | None, files: dict[str, bytes] | None = None) -> Path:
    """The golden fixture catalog, copied, with `theme` in its site.yaml and `files` under it."""
    catalog = tmp_path / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    if theme is not None:
        site = catalog / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8") + dump_yaml({"theme": theme}), encoding="utf-8")
    write_files(catalog, files or {})
    return catalog


@pytest.fixture(scope="module")
def themed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    files = {"theme/logo.svg": SVG, "theme/icon.png": PNG, "theme/brand.css": CSS}
    return render_in_memory(themed_catalog(tmp_path_factory.mktemp("themed"), THEME, files))


@pytest.fixture(scope="module")
def plain() -> dict[str, bytes]:
    return render_in_memory(SITE_CATALOG)


def head_and_header(html: str) -> str:
    return html.split("<main", 1)[0]


# ---------------------------------------------------------------- what a theme changes


def test_the_header_shows_the_logo_before_the_name(themed: dict[str, bytes]) -> None:
    html = themed[MODEL_PAGE].decode()
    assert (
        '<a class="brand" href="../../../"><img class="brand-logo" src="../../../assets/theme/logo.svg" alt="">'
        "AIgateway</a>" in html
    )


def test_the_head_links_the_favicon_and_the_stylesheets_in_order(themed: dict[str, bytes]) -> None:
    head = themed[MODEL_PAGE].decode().split("</head>", 1)[0]
    links = re.findall(r'<link rel="(icon|stylesheet)" href="([^"]+)"(?: type="([^"]+)")?>', head)
    assert links == [
        ("icon", "../../../assets/theme/icon.png", "image/png"),
        ("stylesheet", "../../../assets/site.css", ""),
        ("stylesheet", "../../../assets/theme.css", ""),
        ("stylesheet", "../../../assets/theme/brand.css", ""),
    ]


def test_nav_and_footer_links_follow_the_built_in_ones(themed: dict[str, bytes]) -> None:
    html = themed[MODEL_PAGE].decode()
    nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', nav)[-3:] == [
        ("https://docs.aigateway.sh/", "Docs"),
        ("https://status.example.org/", "Status"),
        ("../../../collections/", "Free"),
    ]
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', footer)[-2:] == [
        ("../../../modalities/", "Modalities"),
        ("https://example.org/terms", "Terms"),
    ]


def test_the_not_found_page_links_the_theme_from_the_root(themed: dict[str, bytes]) -> None:
    html = themed["404.html"].decode()
    assert '<img class="brand-logo" src="/gateway/assets/theme/logo.svg" alt="">' in html
    assert '<link rel="stylesheet" href="/gateway/assets/theme.css">' in html
    assert '<li><a href="https://catalog.example.test/gateway/collections/">Free</a></li>' in html


def test_theme_css_sets_the_custom_properties_of_each_scheme(themed: dict[str, bytes]) -> None:
    assert themed["assets/theme.css"].decode() == (
        "/* The theme's colours (site.yaml theme.colors) over the built-in ones of site.css. */\n"
        "@media (prefers-color-scheme: light) {\n"
        "  :root { --link: #6a1b9a; --focus: #6a1b9a; --header-bg: #2d0a3d; --header-fg: #ffffff; "
        "--header-link: #ffffff; }\n"
        "}\n"
        "@media (prefers-color-scheme: dark) {\n"
        "  :root { --link: #e1a6ff; --focus: #e1a6ff; --accent-fg: #1a0524; }\n"
        "}\n"
        ".site-header { background-color: var(--header-bg); border-image: linear-gradient(to top, var(--border) 1px, "
        "var(--header-bg) 1px) fill 0 / 0 / 0 100vmax; }\n"
        ".site-header :focus-visible { outline-color: var(--header-fg); }\n"
    )


def test_every_custom_property_the_theme_sets_is_one_site_css_declares_and_uses() -> None:
    from generator.render.assets import HEADER_BAR, THEME_PROPERTIES

    css = (TEMPLATES / "assets" / "site.css").read_text(encoding="utf-8")
    for properties in THEME_PROPERTIES.values():
        for name in properties:
            assert f"{name}:" in css, name
            assert f"var({name})" in css or f"var({name})" in HEADER_BAR, name


def test_the_theme_files_are_published_under_assets_theme(themed: dict[str, bytes]) -> None:
    logo = themed["assets/theme/logo.svg"]
    assert b"<script" not in logo and b"<rect" in logo  # rebuilt from the allow-list
    assert themed["assets/theme/icon.png"] == PNG
    assert themed["assets/theme/brand.css"] == CSS


def test_colours_alone_publish_only_theme_css(tmp_path: Path) -> None:
    catalog = themed_catalog(tmp_path, {"colors": {"dark": {"brand": "#8ab4f8"}}})
    paths = [job.path for job in plan(site_index(catalog, BUILD_DATE))]
    assert [p for p in paths if "theme" in p] == ["assets/theme.css"]


def test_a_theme_without_colours_links_no_theme_css(tmp_path: Path) -> None:
    catalog = themed_catalog(tmp_path, {"nav": [{"label": "Blog", "url": "https://blog.example.org/"}]})
    outputs = render_in_memory(catalog)
    assert not [p for p in outputs if "theme" in p]
    assert "theme.css" not in outputs["index.html"].decode()


# ---------------------------------------------------------------- no theme: the built-in look


def test_an_empty_theme_builds_the_same_site_as_none(tmp_path: Path, plain: dict[str, bytes]) -> None:
    assert render_in_memory(themed_catalog(tmp_path, {})) == plain


def test_without_a_theme_no_page_mentions_one(plain: dict[str, bytes]) -> None:
    assert not [p for p in plain if "theme" in p]
    html = plain[MODEL_PAGE].decode()
    assert '<link rel="icon" href="../../../assets/favicon.svg" type="image/svg+xml">' in html
    assert "brand-logo" not in html and "theme.css" not in html


def test_only_the_theme_changes_the_pages(themed: dict[str, bytes], plain: dict[str, bytes]) -> None:
    """Outside the head, header and footer, a themed page is the built-in page."""
    for path in (MODEL_PAGE, "index.html", "pricing/index.html"):
        ours, theirs = themed[path].decode(), plain[path].decode()
        assert head_and_header(ours) != head_and_header(theirs)
        body = ours.split("<main", 1)[1].split('<footer class="site-footer">', 1)[0]
        assert body == theirs.split("<main", 1)[1].split('<footer class="site-footer">', 1)[0]


# ---------------------------------------------------------------- catalog/theme/ as the loader reads it


def test_the_loader_reports_bad_theme_files(write_catalog) -> None:
    catalog = write_catalog(
        {
            SITE: valid_site(theme={"logo": "theme/logo.png", "stylesheet": "theme/brand.css"}),
            "theme/logo.png": b"GIF89a not a png",
            "theme/brand.css": b"a { content: '\xff'; }\n",
            "theme/notes.txt": b"hello\n",
            "templates/_faq.html": b"<p>ours</p>\n",
        }
    )
    problems = [p for p in check_catalog(catalog) if p.file.startswith("catalog/theme/")]
    assert problems == [
        Problem(
            "catalog/theme/brand.css",
            1,
            15,
            "",
            "the file is not valid UTF-8 (byte 0xff)",
            "save the file as UTF-8",
            ERROR,
            "invalid-utf8",
        ),
        Problem(
            "catalog/theme/logo.png",
            None,
            None,
            "",
            "the file is not a PNG image",
            "save the image as PNG or SVG",
            ERROR,
            "bad-logo",
        ),
        Problem(
            "catalog/theme/notes.txt",
            None,
            None,
            "",
            "unexpected file 'notes.txt' is ignored",
            "theme/ holds the .svg, .png and .css files site.yaml's theme names",
            WARNING,
            "misplaced-file",
        ),
    ]


def test_a_theme_svg_that_is_no_svg_is_a_problem(write_catalog) -> None:
    catalog = write_catalog({SITE: valid_site(theme={"logo": "theme/logo.svg"}), "theme/logo.svg": b"<svg><g></svg>"})
    assert [(p.file, p.rule) for p in check_catalog(catalog) if p.file != "catalog/site.yaml"] == [
        ("catalog/theme/logo.svg", "bad-logo")
    ]


def test_theme_and_templates_folders_are_no_stray_files(write_catalog) -> None:
    catalog = write_catalog({"theme/logo.svg": SVG, "templates/_faq.html": b"<p>ours</p>\n"})
    assert check_catalog(catalog) == []


def test_a_link_must_be_a_url_or_a_site_path(write_catalog) -> None:
    catalog = write_catalog({SITE: valid_site(theme={"nav": [{"label": "Other host", "url": "//evil.example/"}]})})
    [problem] = check_catalog(catalog)
    assert (problem.pointer, problem.rule, problem.hint) == (
        "/theme/nav/0/url",
        "bad-format",
        "give an http(s) URL, or a path on this site such as /models/",
    )


# ---------------------------------------------------------------- the contrast rule's arithmetic


@pytest.mark.parametrize(
    ("fg", "bg", "ratio"),
    [
        ("#000000", "#ffffff", "21:1"),
        ("#777777", "#ffffff", "4.47:1"),  # 4.478: rounded down, never up to a pass
        ("#767676", "#ffffff", "4.54:1"),  # the lightest grey that passes on white
        ("#0b57d0", "#ffffff", "6.38:1"),
        ("#ffffff", "#ffffff", "1:1"),
    ],
)
def test_contrast_follows_wcag(fg: str, bg: str, ratio: str) -> None:
    assert theme_check.ratio_text(theme_check.contrast(fg, bg)) == ratio
    assert theme_check.contrast(fg, bg) == theme_check.contrast(bg, fg)


def test_the_suggested_shade_is_the_nearest_that_passes() -> None:
    fixed = theme_check.nearest_passing("#8ab4f8", "#000000", ["#ffffff", "#f6f8fa"])
    assert fixed == "#58739f"
    assert min(theme_check.contrast(fixed, bg) for bg in ("#ffffff", "#f6f8fa")) >= 4.5
    one_step_lighter = "#59749f"  # not on the path, but lighter: the path's previous shade fails
    assert theme_check.contrast(one_step_lighter, "#f6f8fa") < theme_check.contrast(fixed, "#f6f8fa")


def test_no_shade_passes_on_a_mid_grey_says_so() -> None:
    assert theme_check.fix_hint("#777777", ["#777777"], 1.0) == "darken it to at least #060606 (needs 4.5:1, has 1:1)"
    assert theme_check.fix_hint("#808080", ["#808080", "#000000", "#ffffff"], 1.0) == (
        "needs 4.5:1, has 1:1; no shade of it passes on #808080, #000000, #ffffff: change the background too"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_rule_knows_the_built_in_colours_of_site_css(scheme: str) -> None:
    css = (TEMPLATES / "assets" / "site.css").read_text(encoding="utf-8")
    root = (
        css.split(":root {", 1)[1].split("}", 1)[0] if scheme == "light" else css.split(":root {", 2)[2].split("}")[0]
    )
    declared = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", root))
    for name, value in theme_check.BUILT_IN[scheme].items():
        assert declared[name] == value, name


def test_the_built_in_colours_pass_their_own_rule() -> None:
    for scheme in ("light", "dark"):
        colors = theme_check.BUILT_IN[scheme]
        given = {"brand": colors["link"], "brand_text": colors["accent-fg"], "header_text": colors["fg"]}
        pairs = theme_check.scheme_pairs(colors, given)
        assert [p.setting for p in pairs] == ["brand", "brand_text", "header_text"]
        assert all(theme_check.contrast(p.color, c) >= 4.5 for p in pairs for _how, c in p.others)


def test_asset_urls_of_the_theme() -> None:
    assert urls.asset("theme/logo.svg") == "assets/theme/logo.svg"
