"""Turn importer entries into catalog files: find the record each entry updates (by
the importer's marker comment, the slug, or an alias), give new ones deterministic
unique slugs and names, merge into existing records without touching hand-written
fields, and plan every file before one byte is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.authoring.importers.common import ImportedModel, Skip, slugify, with_suffix
from generator.authoring.importers.providers import provider_info
from generator.authoring.yamlout import render_record, update_record_text
from generator.catalog.load import parse_yaml
from generator.catalog.records import Price
from generator.catalog.registry import DEFAULT_CACHE_TTL, KINDS, UNITS, format_amount

MARKER = re.compile(r"^# imported from (?P<source>[a-z]+): (?P<id>.+)$", re.MULTILINE)
# Fields an import owns on an existing record; everything else (description, faq,
# strengths, use_cases, collections, aliases, name, kind, ...) is left as written.
OWNED = ("pricing", "context_window", "max_output_tokens", "embedding_dimensions", "capabilities")


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


class CatalogIndex:
    """What the target catalog already holds, and which ids this run has taken."""

    def __init__(self, catalog: Path, source: str) -> None:
        self.catalog = catalog
        self.source = source
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


def plan_import(entries: list[ImportedModel], catalog: Path, source: str) -> Plan:
    index = CatalogIndex(catalog, source)
    plan = Plan()
    claimed: dict[str, str] = {}  # slug -> source id that owns it in this run
    ordered = sorted(entries, key=lambda e: (slugify(e.provider), e.source_id))
    for entry in ordered:
        slug, how = _target(entry, index, claimed)
        if slug in claimed:
            plan.skips.append(
                Skip(entry.source_id, f"{how} {slug}, which this import already fills from {claimed[slug]}")
            )
            continue
        claimed[slug] = entry.source_id
        if slug in index.models:
            _plan_update(entry, index.models[slug], plan)
        else:
            _plan_create(entry, slug, index, plan)
        plan.entries[slug] = entry
    return plan


def _target(entry: ImportedModel, index: CatalogIndex, claimed: dict[str, str]) -> tuple[str, str]:
    """(slug, how it was found). Marker first, then the slug itself, then an alias."""
    if entry.source_id in index.by_marker:
        return index.by_marker[entry.source_id], "maps to"
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
    header = [f"imported from {index.source}: {entry.source_id}"]
    path = index.catalog / "models" / f"{slug}.yaml"
    plan.writes[path] = render_record("model", data, header, entry.todo)
    plan.created.append(slug)
    if provider not in index.providers:
        _plan_provider(entry, provider, index, plan)


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


def _plan_update(entry: ImportedModel, existing: Existing, plan: Plan) -> None:
    merged, changes = merge(existing.data, entry.data)
    if not changes:
        plan.unchanged.append(existing.slug)
        return
    plan.writes[existing.path] = update_record_text(existing.text, "model", merged)
    plan.updated[existing.slug] = changes


def _price_key(component: dict[str, Any]) -> tuple:
    """A cache write without `cache_ttl` is the 5-minute one, so it matches an import's `5m`."""
    if component["unit"] == "per_1m_cache_write_tokens" and not component.get("cache_ttl"):
        component = {**component, "cache_ttl": DEFAULT_CACHE_TTL}
    return Price.from_data(component).identity


def _describe(component: dict[str, Any]) -> str:
    condition = Price.from_data(component).exact_condition
    return component["unit"] + (f" ({condition})" if condition else "")


def merge(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The existing record with the import's owned fields applied, and a line per change."""
    merged = dict(old)
    changes: list[str] = []
    if old.get("kind") == new["kind"]:
        merged["pricing"] = _merge_prices(old.get("pricing", []), new["pricing"], changes)
    for key in OWNED[1:4]:
        if (
            key in new
            and new[key] != old.get(key)
            and (key != "max_output_tokens" or new[key] <= merged.get("context_window", new[key]))
        ):
            changes.append(f"{key} {old.get(key, '(none)')} -> {new[key]}")
            merged[key] = new[key]
    if "apis" in new and old.get("kind") == new["kind"]:
        _merge_apis(old, new["apis"], merged, changes)
    if "capabilities" in new:
        caps = dict(old.get("capabilities", {}))
        for feature, value in new["capabilities"].items():
            if caps.get(feature, False) != value and not (
                value and feature == "vision" and "image" not in old["modalities"]["input"]
            ):
                changes.append(f"{feature} {caps.get(feature, False)} -> {value}".lower())
                caps[feature] = value
        if caps != old.get("capabilities", {}):
            merged["capabilities"] = caps
    if new.get("status") == "deprecated" and old.get("status") != "deprecated":
        merged.update(status="deprecated", sunset_date=new["sunset_date"])
        changes.append(f"status {old.get('status')} -> deprecated (sunset {new['sunset_date']})")
    return merged, changes


def _merge_apis(old: dict[str, Any], apis: list[str], merged: dict[str, Any], changes: list[str]) -> None:
    """An API the source names is added; one the record names and the source does not is kept,
    since a source that lists fewer endpoints does not show that the gateway stopped serving one."""
    before = old.get("apis") or [KINDS[old["kind"]].api]
    after = [*before, *(api for api in apis if api not in before)]
    if after != before:
        merged["apis"] = after
        changes.append(f"apis [{', '.join(before)}] -> [{', '.join(after)}]")


def _merge_prices(old: list[dict[str, Any]], new: list[dict[str, Any]], changes: list[str]) -> list[dict[str, Any]]:
    result = [dict(c) for c in old]
    positions = {_price_key(c): i for i, c in enumerate(result)}
    units = {c["unit"] for c in result}
    for component in new:
        key = _price_key(component)
        if key not in positions and UNITS[component["unit"]].same_measure in units:
            continue  # per_second next to a hand-written per_minute price says the same thing twice
        if key not in positions:
            result.append(dict(component))
            changes.append(f"new price {_describe(component)} {format_amount(component['amount'])}")
        elif result[positions[key]]["amount"] != component["amount"]:
            before = result[positions[key]]["amount"]
            result[positions[key]]["amount"] = component["amount"]
            changes.append(
                f"{_describe(component)} {format_amount(Decimal(before))} -> {format_amount(component['amount'])}"
            )
    return result
