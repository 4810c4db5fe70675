"""The site's own CSS and JavaScript, emitted from templates/assets/ under
urls.asset(name). Small, dependency-free, and the only code the pages run.

The scripts are ES modules: site.js and compare.js import common.js as './common.js',
which resolves against the importing script's own URL, so it holds under any path
prefix; asset names carry no content hash, so those imports need no rewriting."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.derive import SiteIndex
from generator.render import Job, urls
from generator.render.templating import environment

ASSET_FILES = ("common.js", "compare.js", "favicon.svg", "site.css", "site.js")


def jobs(index: SiteIndex) -> Iterator[Job]:
    for name in ASSET_FILES:
        yield Job(urls.asset(name), render_asset, (name,))


def render_asset(name: str) -> bytes:
    """The file as it is in templates/assets/ (read through the template loader, like
    every template, so the asset's bytes depend only on the templates)."""
    env = environment()
    source, _filename, _uptodate = env.loader.get_source(env, f"assets/{name}")  # type: ignore[union-attr]
    return source.encode("utf-8")
