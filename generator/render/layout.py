"""What every HTML page shares: its head (title, description, canonical, OpenGraph,
breadcrumbs, JSON-LD), its theme (logo, favicon, stylesheets, extra links; see
assets.py) and how it links (relatively; the 404 page absolutely)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from markupsafe import Markup

from generator.catalog.records import Site
from generator.render import urls
from generator.render.assets import media_type, theme_file_url, theme_stylesheets
from generator.render.structured import breadcrumb_list
from generator.render.templating import is_overridden, render, render_markup

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


@dataclass(frozen=True)
class Chrome:
    """A page's header and footer, rendered beforehand: the same on every page of a site
    whose links to the site's pages are the same (every model page's are)."""

    header: Markup
    footer: Markup


CHROME_TEMPLATES = ("_site_header.html", "_site_footer.html", "_search.html")


def render_page(template: str, site: Site, page: Page, chrome: Chrome | None = None, **context: Any) -> bytes:
    """Render a page with `href` (links) and `asset_href` (styles, scripts) bound to
    the right kind of URL for where the page is served; its header and footer are
    `chrome` when given, else rendered with it."""
    structured = page.structured + ((breadcrumb_list(site, page.crumbs),) if page.crumbs else ())
    if chrome is not None:
        context["chrome"] = chrome
    return render(
        template,
        site.theme.templates,
        page=page,
        canonical=urls.absolute(site.url, page.url),
        structured=structured,
        stylesheet=urls.asset(STYLESHEET),
        script=urls.asset(SCRIPT),
        theme_stylesheets=theme_stylesheets(site.theme),
        **page_links(site, page),
        **context,
    )


def render_chrome(site: Site, page: Page) -> Chrome | None:
    """The header and footer as they are on `page` and on every page whose links to the
    site's pages read the same; None when the site overrides one of their templates, or
    links from its header or footer to a page that not every such page links alike (a
    model page), so each page renders its own."""
    links = (*site.theme.nav, *site.theme.footer_links)
    if is_overridden(site.theme.templates, CHROME_TEMPLATES) or any(is_deep_link(link.url) for link in links):
        return None
    context = page_links(site, page)
    header = render_markup("_site_header.html", site.theme.templates, **context)
    return Chrome(header, render_markup("_site_footer.html", site.theme.templates, **context))


def is_deep_link(url: str) -> bool:
    """A theme link into the folders of model pages (not /models/ itself), which reads
    differently from one model page to the next."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return path.startswith("/" + urls.MODELS) and path != "/" + urls.MODELS


def page_links(site: Site, page: Page) -> dict[str, Any]:
    """What the header and footer need besides the site: how this page links, its logo."""
    if page.is_anywhere:
        href, asset_href = partial(urls.absolute, site.url), partial(urls.root_path, site.url)
    else:
        href = asset_href = partial(urls.relative, page.url)
    theme = site.theme
    return {
        "site": site,
        "href": href,
        "asset_href": asset_href,
        "favicon": theme_file_url(theme.favicon) if theme.favicon else urls.asset(FAVICON),
        "favicon_type": media_type(theme.favicon) if theme.favicon else FAVICON_TYPE,
        "logo": theme_file_url(theme.logo) if theme.logo else None,
        "theme_href": partial(theme_link, href),
    }


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
