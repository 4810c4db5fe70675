"""What every HTML page shares: its head (title, description, canonical, OpenGraph,
breadcrumbs, JSON-LD), its theme (logo, favicon, stylesheets, extra links; see
assets.py) and how it links (relatively; the 404 page absolutely)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator.catalog.records import Site
from generator.render import urls
from generator.render.assets import media_type, theme_file_url, theme_stylesheets
from generator.render.structured import breadcrumb_list
from generator.render.templating import render

DESCRIPTION_LIMIT = 160
STYLESHEET = "site.css"
SCRIPT = "site.js"
FAVICON = "favicon.svg"
FAVICON_TYPE = "image/svg+xml"


@dataclass(frozen=True)
class Page:
    url: str  # site-relative URL of this page
    title: str  # without the site name
    description: str  # plain text for <meta name="description">
    crumbs: tuple[tuple[str, str], ...] = ()  # (name, url); the last one is this page
    structured: tuple[dict[str, Any], ...] = ()  # JSON-LD objects besides the breadcrumbs
    og_type: str = "website"
    is_anywhere: bool = False  # served at any depth (404): links absolute from site.url


def render_page(template: str, site: Site, page: Page, **context: Any) -> bytes:
    """Render a page with `href` (links) and `asset_href` (styles, scripts) bound to
    the right kind of URL for where the page is served."""
    if page.is_anywhere:
        href, asset_href = partial(urls.absolute, site.url), partial(urls.root_path, site.url)
    else:
        href = asset_href = partial(urls.relative, page.url)
    structured = page.structured + ((breadcrumb_list(site, page.crumbs),) if page.crumbs else ())
    theme = site.theme
    return render(
        template,
        theme.templates,
        site=site,
        page=page,
        href=href,
        asset_href=asset_href,
        canonical=urls.absolute(site.url, page.url),
        structured=structured,
        stylesheet=urls.asset(STYLESHEET),
        script=urls.asset(SCRIPT),
        favicon=theme_file_url(theme.favicon) if theme.favicon else urls.asset(FAVICON),
        favicon_type=media_type(theme.favicon) if theme.favicon else FAVICON_TYPE,
        logo=theme_file_url(theme.logo) if theme.logo else None,
        theme_stylesheets=theme_stylesheets(theme),
        theme_href=partial(theme_link, href),
        **context,
    )


def theme_link(href: Callable[[str], str], url: str) -> str:
    """A theme link's href: an http(s) URL as it is, a path on this site ('/models/') as
    every link of the page is made (relative, or absolute on the 404 page)."""
    return href(url[1:]) if url.startswith("/") else url


def clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Shorten plain text to `limit` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-– ") + "…"
