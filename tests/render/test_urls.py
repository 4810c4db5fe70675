"""urls.relative: every link, followed from its page, lands on its target."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.render import urls

segment = st.sampled_from(["models", "openai", "gpt-4o", "page", "2", "a", "b", "assets", "site.css", "index.md"])
site_path = st.builds(
    lambda parts, slash: "/".join(parts) + ("/" if slash and parts else ""),
    st.lists(segment, max_size=4),
    st.booleans(),
)


def follow(page: str, link: str) -> str:
    """Where a browser goes from `page` following `link` (site-relative)."""
    folder = page if page.endswith("/") or page == "" else posixpath.dirname(page)
    joined = posixpath.normpath(posixpath.join("/", folder, link))
    return joined.lstrip("/") + ("/" if link.endswith("/") and joined != "/" else "")


@given(site_path, site_path)
def test_relative_links_land_on_their_target(page: str, target: str) -> None:
    link = urls.relative(page, target)
    assert not link.startswith("/")
    assert follow(page, link) == target


def test_relative_keeps_query_and_fragment() -> None:
    assert urls.relative("models/a/b/", "compare/?models=a/b,c/d#table") == "../../../compare/?models=a/b,c/d#table"
    assert urls.relative("compare/", "compare/") == "./"


def test_pages_of_a_listing() -> None:
    assert urls.page(urls.MODELS, 1) == "models/"
    assert urls.page(urls.MODELS, 3) == "models/page/3/"
    assert urls.output_path(urls.page(urls.MODELS, 3)) == "models/page/3/index.html"
