"""The site's own CSS and JavaScript, emitted from templates/assets/ under
urls.asset(name). Small, dependency-free, and the only code the pages run.

The scripts are ES modules: site.js and compare.js import common.js as './common.js',
which resolves against the importing script's own URL, so it holds under any path
prefix; asset names carry no content hash, so those imports need no rewriting.

A catalog's templates/assets/ overrides these files by name (as its templates override
the built-in ones). Its theme adds assets/theme.css (the theme's colours, as the custom
properties site.css uses, linked only when the theme sets colours) and publishes the
files it names under assets/theme/: an SVG rebuilt from the allow-list (svgsafe.py),
a PNG and a stylesheet as they are."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Theme, ThemeFile
from generator.catalog.svgsafe import sanitize_svg
from generator.render import Job, urls
from generator.render.templating import asset_source

ASSET_FILES = ("calculator.js", "common.js", "compare.js", "favicon.svg", "search.js", "site.css", "site.js")


THEME_CSS = "theme.css"
# Each theme colour sets these custom properties of site.css.
THEME_PROPERTIES = {
    "brand": ("--link", "--focus"),
    "brand_text": ("--accent-fg",),
    "header_background": ("--header-bg",),
    "header_text": ("--header-fg", "--header-link"),
}
# A header background spans the page's width: painted by a border image reaching out
# sideways (which, unlike a shadow or a wider box, neither scrolls nor clips the header's
# search results), its bottom line included; the header's own background is the same colour.
HEADER_BAR = (
    ".site-header { background-color: var(--header-bg); "
    "border-image: linear-gradient(to top, var(--border) 1px, var(--header-bg) 1px) fill 0 / 0 / 0 100vmax; }\n"
    ".site-header :focus-visible { outline-color: var(--header-fg); }"  # the focus ring shows on the bar
)
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".css": "text/css"}


def jobs(index: SiteIndex) -> Iterator[Job]:
    theme = index.catalog.site.theme
    for name in ASSET_FILES:
        yield Job(urls.asset(name), render_asset, (name, theme.templates))
    if theme.has_colors:
        yield Job(theme_css_url(), render_theme_css, (theme.light, theme.dark))
    for file in sorted({f for f in (theme.logo, theme.favicon, theme.stylesheet) if f is not None}, key=_path):
        yield Job(theme_file_url(file), render_theme_file, (file,))


def render_asset(name: str, overrides: str = "") -> bytes:
    """The file as it is in templates/assets/ (an override's first), read through the
    template loader like every template, so its bytes depend only on the templates."""
    return asset_source(name, overrides).encode("utf-8")


def render_theme_css(light: tuple[tuple[str, str], ...], dark: tuple[tuple[str, str], ...]) -> bytes:
    """The theme's colours for each scheme it sets, after site.css (so they win)."""
    lines = ["/* The theme's colours (site.yaml theme.colors) over the built-in ones of site.css. */"]
    for scheme, colors in (("light", light), ("dark", dark)):
        if colors:
            properties = " ".join(f"{prop}: {value};" for name, value in colors for prop in THEME_PROPERTIES[name])
            lines.append(f"@media (prefers-color-scheme: {scheme}) {{\n  :root {{ {properties} }}\n}}")
    if any(name == "header_background" for name, _value in light + dark):
        lines.append(HEADER_BAR)
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_theme_file(file: ThemeFile) -> bytes:
    """A theme's file as published: the loader already refused an SVG, PNG or CSS file that is not one."""
    return sanitize_svg(file.data) if file.path.endswith(".svg") else file.data


def theme_css_url() -> str:
    return urls.asset(THEME_CSS)


def theme_file_url(file: ThemeFile) -> str:
    """catalog/theme/logo.svg -> assets/theme/logo.svg."""
    return urls.asset(file.path)


def media_type(file: ThemeFile) -> str:
    return MEDIA_TYPES[file.path[file.path.rindex(".") :]]


def theme_stylesheets(theme: Theme) -> tuple[str, ...]:
    """The stylesheets a page links after site.css: the theme's colours, then its own file."""
    return ((theme_css_url(),) if theme.has_colors else ()) + (
        (theme_file_url(theme.stylesheet),) if theme.stylesheet else ()
    )


def _path(file: ThemeFile) -> str:
    return file.path
