"""Turn importer entries into catalog files: find the record each entry updates (by
the importer's marker comment, the slug, or an alias), give new ones deterministic
unique slugs and names, merge into existing records without touching hand-written
fields (merge.py), and plan every file before one byte is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.authoring.importers.common import ImportedModel, Skip, slugify, with_suffix
from generator.authoring.importers.copies import host_of, is_makers_own
from generator.authoring.importers.merge import merge, merge_offers
from generator.authoring.importers.providers import provider_info
from generator.authoring.yamlout import render_record, update_record_text
from generator.catalog.load import parse_yaml

MARKER = re.compile(r"^# imported from (?P<source>[a-z][a-z-]*): (?P<id>.+)$", re.MULTILINE)


@dataclass
class Existing:
    slug: str
    path: Path
    text: str
    data: dict[str, Any]


@dataclass
class Plan:
    writes: dict[Path, str] = field(default_factory=dict)  # file -> new text
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)  # slug -> what changed
    unchanged: list[str] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    entries: dict[str, ImportedModel] = field(default_factory=dict)  # slug -> entry written
    # folded records (copies.py): slug -> the copy behind each part of the planned record,
    # by JSON pointer: '' for the record's own pricing, '/offers/2' for its third offer
    placed: dict[str, dict[str, ImportedModel]] = field(default_factory=dict)
    kept: dict[str, list[str]] = field(default_factory=dict)  # slug -> offers the source no longer lists
    also: dict[str, list[str]] = field(default_factory=dict)  # slug -> other records a copy was imported as
    archived: list[str] = field(default_factory=list)  # slugs whose old price list moved into price_history

    @property
    def offers_folded(self) -> int:
        """Source entries that became offers of a record (every copy but a record's own)."""
        return sum(len([p for p in placed if p]) for placed in self.placed.values())


class CatalogIndex:
    """What the target catalog already holds, and which ids this run has taken."""

    def __init__(self, catalog: Path, source: str, today: dt.date | None = None) -> None:
        self.catalog = catalog
        self.source = source
        self.today = today  # the import date: a changed price list ends on it in price_history
        self.models: dict[str, Existing] = {}
        self.by_marker: dict[str, str] = {}  # source id -> slug
        self.alias_of: dict[str, str] = {}  # provider/alias -> slug
        self.names: dict[tuple[str, str], str] = {}  # (provider, casefolded name) -> slug
        self.providers = {p.stem for p in (catalog / "providers").glob("*.yaml")}
        self.unreadable: set[str] = set()
        for path in sorted((catalog / "models").glob("*/*.yaml")):
            self._add(path, source)

    def _add(self, path: Path, source: str) -> None:
        slug = f"{path.parent.name}/{path.stem}"
        try:
            text = path.read_text(encoding="utf-8")
            data, _ = parse_yaml(text.encode("utf-8"))
        except Exception:  # noqa: BLE001 - any unreadable record is left alone
            self.unreadable.add(slug)
            return
        self.models[slug] = Existing(slug, path, text, data)
        for match in MARKER.finditer(text):
            if match["source"] == source:
                self.by_marker[match["id"].strip()] = slug
        provider = path.parent.name
        for alias in data.get("aliases", []) if isinstance(data.get("aliases"), list) else []:
            self.alias_of[f"{provider}/{alias}"] = slug
        if isinstance(data.get("name"), str):
            self.names[(provider, data["name"].strip().casefold())] = slug

    def is_taken(self, slug: str) -> bool:
        return slug in self.models or slug in self.alias_of or slug in self.unreadable


def plan_import(entries: list[ImportedModel], catalog: Path, source: str, today: dt.date | None = None) -> Plan:
    """Every file the import writes. With `today`, an existing record whose price amounts
    change keeps its old price list in `price_history`, ending on `today`."""
    index = CatalogIndex(catalog, source, today)
    plan = Plan()
    claimed: dict[str, str] = {}  # slug -> source id that owns it in this run
    ordered = sorted(entries, key=lambda e: (slugify(e.provider), e.source_id))
    for entry in ordered:
        slug, how = _target(entry, index, claimed)
        if slug in claimed:
            plan.skips += [
                Skip(source_id, f"{how} {slug}, which this import already fills from {claimed[slug]}")
                for source_id in [copy.source_id for copy in entry.copies] or [entry.source_id]
            ]
            continue
        claimed[slug] = entry.source_id
        also = {index.by_marker.get(copy.source_id, slug) for copy in entry.copies} - {slug}
        if also:
            plan.also[slug] = sorted(also)
        if slug in index.models:
            _plan_update(entry, index.models[slug], plan, index)
        else:
            _plan_create(entry, slug, index, plan)
        plan.entries[slug] = entry
    return plan


def _target(entry: ImportedModel, index: CatalogIndex, claimed: dict[str, str]) -> tuple[str, str]:
    """(slug, how it was found). Marker first (any copy's, for a folded entry), then the
    slug itself, then an alias."""
    for source_id in [copy.source_id for copy in entry.copies] or [entry.source_id]:
        if source_id in index.by_marker:
            return index.by_marker[source_id], "maps to"
    provider = slugify(entry.provider)
    base = f"{provider}/{slugify(entry.model)}"
    if base in index.models:
        return base, "maps to"
    alias = f"{provider}/{entry.model.lower()}"
    if alias in index.alias_of or base in index.alias_of:
        return index.alias_of.get(alias) or index.alias_of[base], "is an alias of"
    if base in claimed or index.is_taken(base):
        return with_suffix(base, entry.source_id), "maps to"
    return base, "maps to"


def _plan_create(entry: ImportedModel, slug: str, index: CatalogIndex, plan: Plan) -> None:
    provider = slug.split("/", 1)[0]
    data = dict(entry.data)
    key = (provider, data["name"].strip().casefold())
    if key in index.names:
        data["name"] = f"{data['name']} ({slug.split('/', 1)[1]})"[:120]
    index.names[(provider, data["name"].strip().casefold())] = slug
    ids = [copy.source_id for copy in entry.copies] or [entry.source_id]
    header = [f"imported from {index.source}: {source_id}" for source_id in ids]
    path = index.catalog / "models" / f"{slug}.yaml"
    plan.writes[path] = render_record("model", data, header, entry.todo)
    plan.created.append(slug)
    if provider not in index.providers:
        _plan_provider(entry, provider, index, plan)
    if entry.copies:
        lead, *others = entry.copies
        plan.placed[slug] = {"": lead} | {f"/offers/{i}": copy for i, copy in enumerate(others)}
        _plan_hosts(entry.copies if "upstream" in data else others, index, plan)


def _plan_hosts(copies: list[ImportedModel], index: CatalogIndex, plan: Plan) -> None:
    """A provider record for every host that serves an offer or the record's own pricing."""
    for copy in copies:
        if host_of(copy) not in index.providers:
            _plan_provider(copy, host_of(copy), index, plan)


def _plan_provider(entry: ImportedModel, provider: str, index: CatalogIndex, plan: Plan) -> None:
    info = provider_info(entry.provider, entry.provider_website)
    name = entry.provider_name or info.name
    data = {
        "name": name,
        "website": info.website,
        "description": f"{name} models, imported into the catalog. Replace with one or two sentences about {name}.",
        "byok": False,
    }
    comments = {"description": "TODO: describe the provider", "byok": "TODO: can customers bring their own key?"}
    if not info.known:
        comments["website"] = "TODO: check the home page"
    path = index.catalog / "providers" / f"{provider}.yaml"
    plan.writes[path] = render_record("provider", data, [f"imported from {index.source}: {entry.provider}"], comments)
    plan.providers.append(provider)
    index.providers.add(provider)


def _plan_update(entry: ImportedModel, existing: Existing, plan: Plan, index: CatalogIndex) -> None:
    if entry.copies:
        merged, changes = _merge_folded(entry, existing, plan, index)
    else:
        merged, changes = merge(existing.data, entry.data, index.today, entry.since)
    if not changes:
        plan.unchanged.append(existing.slug)
        return
    if len(merged.get("price_history", [])) > len(existing.data.get("price_history", [])):
        plan.archived.append(existing.slug)
    plan.writes[existing.path] = update_record_text(existing.text, "model", merged)
    plan.updated[existing.slug] = changes


def _merge_folded(
    entry: ImportedModel, existing: Existing, plan: Plan, index: CatalogIndex
) -> tuple[dict[str, Any], list[str]]:
    """A folded entry into an existing record: the copy from the host of the record's own
    pricing (its `upstream`, else its slug's provider) updates that pricing; every other
    copy updates or adds the offer of its host. Offers and own pricing the source no longer
    lists are kept, and noted in `plan.kept`."""
    old = existing.data
    own_host = old.get("upstream") or existing.slug.split("/", 1)[0]
    own = next((copy for copy in entry.copies if is_makers_own(copy, own_host)), None)
    merged, changes = merge(old, own.data, index.today, own.since) if own else (dict(old), [])
    others = [copy for copy in entry.copies if copy is not own]
    kept = [] if own else [f"{own_host} (the record's own pricing)"]
    if old.get("kind") == entry.data["kind"]:
        kept += merge_offers(merged, others, changes)
        positions = {
            offer["provider"]: i for i, offer in enumerate(merged.get("offers", [])) if not offer.get("region")
        }
        plan.placed[existing.slug] = {f"/offers/{positions[host_of(copy)]}": copy for copy in others}
        _plan_hosts(others, index, plan)
    if own:
        plan.placed.setdefault(existing.slug, {})[""] = own
    if kept:
        plan.kept[existing.slug] = kept
    return merged, changes
