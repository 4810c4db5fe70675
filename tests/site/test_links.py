"""Zero broken internal links in the built site: every HTML page, Markdown twin,
llms.txt, llms-full.txt, sitemap, feed and robots.txt (see tests/support/linkcheck.py),
at the site's own URL and under a path prefix. The checker itself is tested on a
small hand-made site, so a silent checker cannot pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.linkcheck import check_site, markdown_links, site_url_of
from support.sites import REAL_CATALOG, build_site, shared_site

PREFIXED = "https://example.com/catalog/"


def assert_no_broken_links(site: Path, site_url: str) -> None:
    report = check_site(site, site_url)
    assert report.files > 100 and report.links > 1000, "the checker saw the site"
    assert not report.broken, f"{len(report.broken)} broken links:\n" + "\n".join(map(str, report.broken))


def test_no_broken_internal_links() -> None:
    assert_no_broken_links(shared_site(), site_url_of())


@pytest.mark.slow
def test_no_broken_internal_links_under_a_path_prefix(tmp_path: Path) -> None:
    build_site(REAL_CATALOG, tmp_path / "site", base_url=PREFIXED)
    assert_no_broken_links(tmp_path / "site", PREFIXED)


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


def test_the_checker_finds_each_kind_of_broken_link(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "index.html": '<a href="a/">ok</a> <a href="missing/">x</a> <img src="img.png"> <a href="a/#top">ok</a>'
            '<a href="a/#nowhere">x</a> <a href="https://elsewhere.example/">external</a>'
            '<a href="a">no slash</a> <a href="mailto:x@y.z">mail</a> <a href="/other/">outside</a>',
            "a/index.html": '<h1 id="top">A</h1><a href="../">up</a> <link rel="canonical" href="https://s.example/p/a/">',
            "a/index.md": "[up](https://s.example/p/) [gone](https://s.example/p/gone.md) `[code](nope)`\n"
            "```\n[fenced](nope)\n```\n<https://s.example/p/auto.md>",
            "sitemap.xml": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
            "<loc>https://s.example/p/a/</loc></url><url><loc>https://s.example/p/b/</loc></url></urlset>",
        },
    )
    report = check_site(site, "https://s.example/p/")
    assert sorted((b.source, b.link) for b in report.broken) == [
        ("a/index.md", "https://s.example/p/auto.md"),
        ("a/index.md", "https://s.example/p/gone.md"),
        ("index.html", "/other/"),
        ("index.html", "a"),
        ("index.html", "a/#nowhere"),
        ("index.html", "img.png"),
        ("index.html", "missing/"),
        ("sitemap.xml", "https://s.example/p/b/"),
    ]


def test_markdown_links_skip_code() -> None:
    text = "[a](x.md) ![i](y.png) `[c](z)`\n```\n[d](w)\n```\n[ref]: r.md\n<https://h.example/>"
    assert sorted(markdown_links(text)) == ["https://h.example/", "r.md", "x.md", "y.png"]
