"""feed.xml: an Atom feed (RFC 4287) of the newest models, newest release first. Every
date comes from the data: an entry's updated is its release date, the feed's the
newest one, so the same catalog always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model, Provider, Site
from generator.render import Job, urls
from generator.render.content import summary_sentence
from generator.render.sitemap import xml_bytes

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 200  # the newest entries, as feeds do: readers poll it, and the sitemap lists every page


def jobs(index: SiteIndex) -> Iterator[Job]:
    newest_first = tuple(sorted(index.models, key=lambda m: (-m.release_date.toordinal(), m.slug)))[:FEED_LIMIT]
    providers = tuple(index.catalog.providers.values())
    yield Job(urls.FEED, render_feed, (index.catalog.site, providers, newest_first, index.build_date))


def timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_root(site: Site, url: str, title: str, subtitle: str, updated: dt.date, alternate: str) -> ET.Element:
    """A feed's head: its id and self link (`url`, site-relative), title, subtitle, updated,
    the HTML page it follows (`alternate`) and the site as its author."""
    root = ET.Element("feed", xmlns=ATOM_NS)
    add_text(root, "id", urls.absolute(site.url, url))
    add_text(root, "title", title)
    add_text(root, "subtitle", subtitle)
    add_text(root, "updated", timestamp(updated))
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=urls.absolute(site.url, url))
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=urls.absolute(site.url, alternate))
    add_text(ET.SubElement(root, "author"), "name", site.name)
    return root


def render_feed(site: Site, providers: tuple[Provider, ...], models: tuple[Model, ...], build_date: dt.date) -> bytes:
    """`models` newest first; `build_date` is the feed's updated only when there is no model."""
    by_id = {p.id: p for p in providers}
    updated = models[0].release_date if models else build_date
    root = feed_root(site, urls.FEED, f"{site.name}: new models", site.tagline, updated, urls.HOME)
    for model in models:
        entry(root, site, by_id[model.provider_id], model)
    return xml_bytes(root)


def entry(root: ET.Element, site: Site, provider: Provider, model: Model) -> None:
    kind = site.kind(model.kind)
    node = ET.SubElement(root, "entry")
    page = urls.absolute(site.url, urls.model(model.slug))
    add_text(node, "id", page)
    add_text(node, "title", f"{model.name} ({provider.name})")
    add_text(node, "published", timestamp(model.release_date))
    add_text(node, "updated", timestamp(model.release_date))
    ET.SubElement(node, "link", rel="alternate", type="text/html", href=page)
    markdown = urls.absolute(site.url, urls.model_markdown(model.slug))
    ET.SubElement(node, "link", rel="alternate", type="text/markdown", href=markdown)
    add_text(ET.SubElement(node, "author"), "name", provider.name)
    ET.SubElement(node, "category", term=model.kind, label=kind.label)
    add_text(node, "summary", summary_sentence(model, provider, site, kind))


def add_text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text
