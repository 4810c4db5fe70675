"""sitemap.xml (sitemaps.org 0.9) listing every HTML page the other renderers
plan, with lastmod from the data, and robots.txt pointing at it.

The protocol caps one sitemap at 50,000 URLs (and 50 MB); our budget caps every output
at 8 MB. A site past either is listed in parts (sitemaps/sitemap-1.xml, ...; URLs in
order, each part within both limits), and sitemap.xml becomes the sitemap index of
those parts, so robots.txt and search consoles keep one address."""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model
from generator.render import Job, budget, urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # sitemaps.org: at most 50,000 URLs per sitemap
URL_BYTES = 160  # an entry's bytes beyond its loc (tags, lastmod, indentation), generously


def jobs(index: SiteIndex, paths: tuple[str, ...]) -> Iterator[Job]:
    """`paths`: every output the other renderers planned."""
    site_url = index.catalog.site.url
    dates = lastmod_dates(index)
    entries = tuple(
        (urls.absolute(site_url, url), dates.get(url, index.build_date).isoformat()) for url in html_pages(paths)
    )
    parts = split_entries(entries)
    if len(parts) == 1:
        yield Job(urls.SITEMAP, render_sitemap, (entries,))
    else:
        paths = tuple(urls.sitemap_part(n) for n in range(1, len(parts) + 1))
        newest = tuple(max(lastmod for _loc, lastmod in part) for part in parts)
        index_entries = tuple((urls.absolute(site_url, p), d) for p, d in zip(paths, newest, strict=True))
        yield Job(urls.SITEMAP, render_sitemap_index, (index_entries,))
        for path, part in zip(paths, parts, strict=True):
            yield Job(path, render_sitemap, (part,))
    yield Job(urls.ROBOTS, render_robots, (urls.absolute(site_url, urls.SITEMAP),))


def split_entries(
    entries: tuple[tuple[str, str], ...], max_urls: int | None = None, max_bytes: int | None = None
) -> list[tuple[tuple[str, str], ...]]:
    """`entries` in parts of at most `max_urls` URLs and about `max_bytes` bytes each (in
    order; one part when the whole fits, the usual case)."""
    max_urls = MAX_URLS if max_urls is None else max_urls
    limit = budget.MAX_OUTPUT_BYTES if max_bytes is None else max_bytes
    parts: list[tuple[tuple[str, str], ...]] = []
    start, size = 0, 0
    for n, (loc, _lastmod) in enumerate(entries):
        cost = len(loc.encode()) + URL_BYTES
        if n > start and (n - start >= max_urls or size + cost > limit):
            parts.append(entries[start:n])
            start, size = n, 0
        size += cost
    parts.append(entries[start:])
    return parts


def html_pages(paths: tuple[str, ...]) -> list[str]:
    """The URL of every HTML page among `paths`, except the 404 page."""
    return sorted(page_url(p) for p in paths if p.endswith(".html") and p != urls.NOT_FOUND)


def page_url(path: str) -> str:
    """'models/a/b/index.html' -> 'models/a/b/'; 'index.html' -> ''."""
    if posixpath.basename(path) == "index.html":
        return path.removesuffix("index.html")
    return path


def lastmod_dates(index: SiteIndex) -> dict[str, dt.date]:
    """A page's lastmod: its model's release date, or the newest release among a listing's models."""
    dates = {urls.model(m.slug): m.release_date for m in index.models}
    dates |= {urls.provider(p): _newest(ms) for p, ms in index.by_provider.items() if ms}
    dates |= {urls.kind(k): _newest(ms) for k, ms in index.by_kind.items()}
    dates |= {urls.modality(m): _newest(ms) for m, ms in index.by_modality.items()}
    dates |= {urls.collection(c): _newest(col.models) for c, col in index.collections.items() if col.models}
    return dates


def _newest(models: tuple[Model, ...]) -> dt.date:
    return max(m.release_date for m in models)


def render_sitemap(entries: tuple[tuple[str, str], ...]) -> bytes:
    return _located("urlset", "url", entries)


def render_sitemap_index(entries: tuple[tuple[str, str], ...]) -> bytes:
    return _located("sitemapindex", "sitemap", entries)


def _located(root_tag: str, item_tag: str, entries: tuple[tuple[str, str], ...]) -> bytes:
    """<root_tag> of <item_tag> elements, each with its <loc> and <lastmod>."""
    root = ET.Element(root_tag, xmlns=SITEMAP_NS)
    for loc, lastmod in entries:
        item = ET.SubElement(root, item_tag)
        ET.SubElement(item, "loc").text = loc
        ET.SubElement(item, "lastmod").text = lastmod
    return xml_bytes(root)


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def render_robots(sitemap_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
