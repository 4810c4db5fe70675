"""providers/<id>/logo.svg: each provider's logo, rebuilt from an allow-list
(svgsafe.py), so that the file holds no script even when opened on its own. Pages
show it with <img>, where an SVG cannot run script or load anything."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.derive import SiteIndex
from generator.catalog.svgsafe import sanitize_svg
from generator.render import Job, urls


def jobs(index: SiteIndex) -> Iterator[Job]:
    for provider in index.catalog.providers.values():
        if provider.logo is not None:
            yield Job(urls.provider_logo(provider.id), render_logo, (provider.logo,))


def render_logo(svg: bytes) -> bytes:
    """The logo as published: the loader already refused bytes that are no SVG."""
    return sanitize_svg(svg)
