"""/changes/: every price change of the catalog, newest first (changes announced for a later
day come first, marked scheduled), filterable by provider, kind and direction; and its
Atom feeds (RFC 4287), one for the whole catalog and one per provider.

A feed entry is one model's changes of one day ('GPT-4o: Input −50%, Output −33.3%'), its id
built from the model and the day, so that it never changes on a rebuild or when other
changes are added. Every date comes from the data: an entry's updated is the day its prices
took (or take) effect, the feed's the newest entry's."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

from generator.catalog.changes import PriceChange, catalog_changes
from generator.catalog.derive import SiteIndex
from generator.catalog.records import Site
from generator.catalog.registry import UNITS, format_money
from generator.render import Job, urls
from generator.render.feed import FEED_LIMIT, add_text, feed_root, timestamp
from generator.render.layout import Page, clip, render_page
from generator.render.paging import Pager, page_title, paginate
from generator.render.prices import tier_order
from generator.render.sitemap import xml_bytes

DIRECTIONS = (("down", "Price cut"), ("up", "Price rise"), ("added", "New price"), ("removed", "Removed price"))
TITLE_PARTS = 3  # components named in a feed entry's title; its summary lists every one
UNIT_PLACES = {unit: place for place, unit in enumerate(UNITS)}  # the registry's order of units


@dataclass(frozen=True)
class Named:
    """A change with the names the page and the feeds show for it."""

    change: PriceChange
    model: str  # the model's name
    provider: str  # its provider's name
    kind: str  # its kind's label


@dataclass(frozen=True)
class Row:
    """One row of the /changes/ table."""

    named: Named
    anchor: str  # the id on the first row of a model's changes of one day, else ''
    old: str  # '$5', or '—' for a new component
    new: str  # '$2.50', or '—' for a removed one
    percent: str  # '−50%', '+114.3%', 'new', 'removed'
    source_host: str  # 'developers.openai.com': the source link's text


@dataclass(frozen=True)
class Entry:
    """One feed entry: one model's changes of one day, in reading order."""

    key: str  # 'openai/gpt-4o/2024-10-02': the entry id's fragment and the page row's id
    changes: tuple[Named, ...]

    @property
    def first(self) -> PriceChange:
        return self.changes[0].change


def jobs(index: SiteIndex) -> Iterator[Job]:
    site, providers = index.catalog.site, index.catalog.providers
    names = {m.slug: m.name for m in index.models}
    changes = tuple(
        Named(c, names[c.slug], providers[c.provider_id].name, site.kind(c.kind).label)
        for c in sorted(catalog_changes(index.models), key=reading_order)
    )
    filters = (
        tuple(sorted({(c.change.provider_id, c.provider) for c in changes}, key=lambda p: p[1].lower())),
        tuple(sorted({(c.change.kind, c.kind) for c in changes}, key=lambda k: k[1].lower())),
        tuple(d for d in DIRECTIONS if any(c.change.direction == d[0] for c in changes)),
    )
    scheduled = sum(1 for c in changes if c.change.scheduled)
    for pager, chunk in paginate(changes, urls.CHANGES):
        yield Job(urls.output_path(pager.url), render_changes, (site, chunk, pager, filters, scheduled))
    title = f"{site.name}: price changes"
    args = (site, urls.CHANGES_FEED, title, urls.CHANGES, feed(changes), index.build_date)
    yield Job(urls.CHANGES_FEED, render_changes_feed, args)
    by_provider: dict[str, list[Named]] = {p: [] for p in providers}
    for named in changes:
        by_provider[named.change.provider_id].append(named)
    for provider in providers.values():
        # Every provider has its feed, changes or not: one can follow a provider before its first change.
        url, title = urls.provider_changes_feed(provider.id), f"{site.name}: {provider.name} price changes"
        alternate = f"{urls.CHANGES}?provider={provider.id}"
        own = feed(tuple(by_provider[provider.id]))
        yield Job(url, render_changes_feed, (site, url, title, alternate, own, index.build_date))


def reading_order(change: PriceChange) -> tuple[Any, ...]:
    """Newest first, by model; within a model's day as its price tables read: standard tier
    first, then input, output, cached... (the registry's order of units), long context last."""
    price = change.price
    return (
        -change.day.toordinal(),
        change.slug,
        tier_order(price.tier),
        UNIT_PLACES[price.unit],
        price.above_tokens or 0,
        change.id,
    )


def key_of(change: PriceChange) -> str:
    return f"{change.slug}/{change.day.isoformat()}"


def feed(changes: tuple[Named, ...]) -> tuple[Entry, ...]:
    """The newest FEED_LIMIT entries; `changes` newest first, so a model's changes of one day are neighbours."""
    grouped = groupby(changes, key=lambda c: key_of(c.change))
    return tuple(Entry(key, tuple(group)) for key, group in grouped)[:FEED_LIMIT]


# ---------------------------------------------------------------- the words of a change


def money(change: PriceChange, amount: Decimal | None) -> str:
    return "—" if amount is None else format_money(amount, change.currency)


def percent_text(change: PriceChange) -> str:
    """'−50%', '+114.3%'; 'new', 'removed'; 'from free' for a price that was 0."""
    if change.direction in ("added", "removed"):
        return "new" if change.direction == "added" else "removed"
    percent = change.percent
    if percent is None:
        return "from free"
    return f"{'−' if percent < 0 else '+'}{abs(percent):f}%"


def change_phrase(change: PriceChange) -> str:
    """For the feeds: 'Input $5 → $2.50 per 1M input tokens (−50%)', 'Cached input new at $1.25 per ...',
    'Output (prompts above 200K tokens) removed (was $22.50 per 1M output tokens)'."""
    label, per = change.price.label, change.price.spec.per
    if change.old is None:
        return f"{label} new at {money(change, change.new)} {per}"
    if change.new is None:
        return f"{label} removed (was {money(change, change.old)} {per})"
    return f"{label} {money(change, change.old)} → {money(change, change.new)} {per} ({percent_text(change)})"


def source_host(url: str) -> str:
    """'https://www.example.com/pricing' -> 'example.com'; the URL itself when it has no host."""
    return urlsplit(url).netloc.removeprefix("www.") or url


def rows_of(changes: tuple[Named, ...]) -> tuple[Row, ...]:
    rows, seen = [], set()
    for named in changes:
        c, key = named.change, key_of(named.change)
        anchor = "" if key in seen else key
        seen.add(key)
        rows.append(Row(named, anchor, money(c, c.old), money(c, c.new), percent_text(c), source_host(c.source)))
    return tuple(rows)


# ---------------------------------------------------------------- the page


def render_changes(
    site: Site,
    changes: tuple[Named, ...],
    pager: Pager,
    filters: tuple[tuple[tuple[str, str], ...], ...],
    scheduled: int,
) -> bytes:
    """`changes`: this page's, newest first; `filters`: the (id, label) choices of provider,
    kind and direction, of the whole list; `scheduled`: how many of the whole list are to come."""
    description = f"Every price change of the models {site.name} serves, newest first, with its source."
    page = Page(
        pager.url,
        page_title("Price changes", pager),
        clip(description),
        crumbs=(("Price changes", urls.CHANGES),),
    )
    providers, kinds, directions = filters
    return render_page(
        "changes.html",
        site,
        page,
        rows=rows_of(changes),
        pager=pager,
        providers=providers,
        kinds=kinds,
        directions=directions,
        scheduled=scheduled,
    )


# ---------------------------------------------------------------- the feeds


def render_changes_feed(
    site: Site, url: str, title: str, alternate: str, entries: tuple[Entry, ...], build_date: dt.date
) -> bytes:
    """`url`: the feed's own; `alternate`: the page it follows; `entries` newest first;
    `build_date` is the feed's updated only when it has no entry."""
    updated = entries[0].first.day if entries else build_date
    subtitle = "Every price change, with the old and the new price and where it was published."
    root = feed_root(site, url, title, subtitle, updated, alternate)
    for item in entries:
        entry(root, site, item)
    return xml_bytes(root)


def entry_title(item: Entry) -> str:
    """'GPT-4o: Input −50%, Output −33.3%, Input (Batch) −50% and 5 more on 2024-10-02'."""
    parts = [f"{n.change.price.label} {percent_text(n.change)}" for n in item.changes[:TITLE_PARTS]]
    more = len(item.changes) - TITLE_PARTS
    listed = ", ".join(parts) + (f" and {more} more" if more > 0 else "")
    when = (
        f"from {item.first.day.isoformat()} (scheduled)" if item.first.scheduled else f"on {item.first.day.isoformat()}"
    )
    return f"{item.changes[0].model}: {listed} {when}"


def entry_summary(item: Entry) -> str:
    """'GPT-4o (OpenAI), from 2024-10-02: Input $5 → $2.50 per 1M input tokens (−50%); ... Source: <url>'."""
    first, named = item.first, item.changes[0]
    when = f"scheduled from {first.day.isoformat()}" if first.scheduled else f"from {first.day.isoformat()}"
    phrases = "; ".join(change_phrase(n.change) for n in item.changes)
    return f"{named.model} ({named.provider}), {when}: {phrases}. Source: {first.source}"


def entry(root: ET.Element, site: Site, item: Entry) -> None:
    first, named = item.first, item.changes[0]
    node = ET.SubElement(root, "entry")
    add_text(node, "id", f"{urls.absolute(site.url, urls.CHANGES)}#{item.key}")
    add_text(node, "title", entry_title(item))
    add_text(node, "updated", timestamp(first.day))
    page = urls.absolute(site.url, urls.model(first.slug))
    ET.SubElement(node, "link", rel="alternate", type="text/html", href=page)
    ET.SubElement(node, "link", rel="related", href=first.source)
    add_text(ET.SubElement(node, "author"), "name", named.provider)
    ET.SubElement(node, "category", term=first.kind, label=named.kind)
    if first.scheduled:
        ET.SubElement(node, "category", term="scheduled", label="Scheduled")
    add_text(node, "summary", entry_summary(item))
