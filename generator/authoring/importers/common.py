"""What every importer shares: the source-neutral `ImportedModel`, exact money conversion,
slugs, and `finish_entry`, which makes an entry fit the catalog's rules (units that
fit the kind, a headline price, plausible amounts, limits that agree) or turns it
into a `Skip` with the reason.

Amounts are `Decimal` from the moment the source is parsed (`json.loads(...,
parse_float=Decimal)`; OpenRouter's price strings go straight to `Decimal`), so a
price is converted by moving the decimal point, never by float arithmetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from generator.catalog.grammar import article
from generator.catalog.load import SEGMENT_RE, is_reserved_name
from generator.catalog.records import Price
from generator.catalog.registry import CACHE_TTLS, KINDS, TIERS, UNITS, is_plausible

MILLION_EXP = 6  # per token -> per 1M tokens: move the decimal point six places


@dataclass
class ImportedModel:
    """One model the source describes, already in catalog terms."""

    source_id: str  # the id exactly as the source writes it
    provider: str  # the provider id as the source writes it
    model: str  # the model id within the provider, as the source writes it
    data: dict[str, Any]  # catalog fields: name, kind, modalities, pricing, ...
    provider_name: str = ""
    provider_website: str = ""
    todo: dict[str, str] = field(default_factory=dict)  # field -> why it needs a human look
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # (source key, reason)
    notes: list[str] = field(default_factory=list)  # kept as the source wrote it, but worth a look
    paid_unmapped: list[str] = field(default_factory=list)  # unmapped keys with a non-zero amount
    # a record folded from several hosts' copies of one model (copies.py): every copy, the
    # one whose pricing is the record's first; empty for a record made from one entry
    copies: list[ImportedModel] = field(default_factory=list)
    since: dt.date | None = None  # the day the source says `pricing` took effect, when it dates its prices

    def not_mapped(self, key: str, reason: str, amount: Decimal | None = None) -> None:
        self.unmapped.append((key, reason))
        if amount is None or amount != 0:
            self.paid_unmapped.append(key)


@dataclass(frozen=True)
class Skip:
    source_id: str
    reason: str


@dataclass
class Parsed:
    """What an importer made of a source file."""

    entries: list[ImportedModel] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    total: int = 0  # entries in the source

    def unmapped(self) -> Counter[tuple[str, str]]:
        counts: Counter[tuple[str, str]] = Counter()
        for entry in self.entries:
            counts.update(set(entry.unmapped))
        return counts


class SourceError(Exception):
    """The source file cannot be read at all (not JSON, wrong shape)."""


def read_json(path: Path) -> Any:
    """The source parsed with every number as an exact Decimal."""
    try:
        return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=int)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path} is not valid JSON: {exc}") from None


# ---------------------------------------------------------------- money


def to_decimal(value: Any) -> Decimal | None:
    """A source price as an exact Decimal; None for anything that is not a finite number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def tidy(amount: Decimal) -> Decimal:
    """Drop trailing zeros and exponents: 2.5000000 -> 2.5, 1E+1 -> 10."""
    amount = amount.normalize()
    return amount.quantize(Decimal(1)) if amount.as_tuple().exponent > 0 else amount


def per_million(per_unit: Decimal) -> Decimal:
    """2.5E-6 per token -> exactly 2.5 per 1M tokens."""
    return tidy(per_unit.scaleb(MILLION_EXP))


def price(unit: str, amount: Decimal, **conditions: Any) -> dict[str, Any]:
    component: dict[str, Any] = {"unit": unit, "amount": tidy(amount)}
    component.update({k: v for k, v in conditions.items() if v is not None})
    return component


# ---------------------------------------------------------------- names and slugs


def slugify(text: str) -> str:
    """Any source id -> a valid catalog file name: lowercase ASCII letters, digits,
    '.', '_' and '-', no '..', not reserved, at most 100 characters. Deterministic."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", text.lower())
    slug = re.sub(r"\.{2,}", ".", slug)
    slug = re.sub(r"-{2,}", "-", slug).strip("-._")
    if len(slug) > 100:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
        slug = slug[:93].rstrip("-._") + "-" + digest
    if not slug:
        slug = "model-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
    if is_reserved_name(slug):  # 'con' -> 'con-model', 'nul.v2' -> 'nul-v2'
        slug = slug.replace(".", "-", 1) if "." in slug else slug + "-model"
    assert SEGMENT_RE.match(slug), slug
    return slug


def with_suffix(slug: str, source_id: str) -> str:
    """A colliding slug made unique by a short hash of the source id (stable across runs)."""
    digest = hashlib.sha256(source_id.encode("utf-8")).hexdigest()[:6]
    return f"{slug[:93].rstrip('-._')}-{digest}"


def title_from_id(model_id: str) -> str:
    return model_id.strip()[:120] or "Unnamed model"


_DATE_IN_ID = re.compile(r"(?<!\d)(20[12]\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_id(model_id: str, today: dt.date) -> str | None:
    """A snapshot date written into an id ('gpt-4o-2024-08-06', 'claude-3-5-sonnet-20240620')."""
    for match in _DATE_IN_ID.finditer(model_id):
        try:
            found = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        if found <= today:
            return found.isoformat()
    return None


def https_url(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"https://[^\s<>\"']{4,490}", value.strip()):
        return value.strip()
    return None


# ---------------------------------------------------------------- fitting the rules


_TOKEN_LIMIT = 100_000_000
_LIMITS = ("context_window", "max_output_tokens", "embedding_dimensions")  # kept only where the kind takes them


def finish_entry(entry: ImportedModel) -> ImportedModel | Skip:
    """Make the entry obey the catalog's rules, or say why it cannot."""
    data = entry.data
    kind = data["kind"]
    rule = KINDS[kind]
    kept = []
    for component in data["pricing"]:
        if component["unit"] not in rule.units:
            key = component.pop("_key", component["unit"])
            entry.not_mapped(key, f"{component['unit']} is not a unit of {kind} models", component["amount"])
        else:
            kept.append(component)
    if kept and all(c["amount"] == 0 for c in kept) and entry.paid_unmapped:
        keys = ", ".join(sorted(set(entry.paid_unmapped)))[:200]
        return Skip(entry.source_id, f"every price that maps is 0, and the rest has no catalog unit ({keys})")
    kept = _drop_zero_extras(kept, kind, entry)
    problem = _implausible(kept)
    if problem:
        return Skip(entry.source_id, problem)
    data["pricing"] = sorted(_dedupe(kept, entry), key=_price_order)
    for component in data["pricing"]:
        if len(component["amount"].as_tuple().digits) > 12:
            entry.notes.append(
                "an amount with more than 12 significant digits (a float artefact in the source?) "
                "is kept exactly as written"
            )
    for component in data["pricing"]:
        component.pop("_key", None)
    base_units = {p["unit"] for p in data["pricing"] if "above_tokens" not in p}
    if not base_units & set(rule.headline):
        return Skip(
            entry.source_id,
            f"no {' or '.join(rule.headline)} price for {article(kind)} {kind} model",
        )
    for unit in rule.headline_also:
        if unit not in base_units:
            return Skip(entry.source_id, f"no {UNITS[unit].label.lower()} price for {article(kind)} {kind} model")
    _fit_limits(entry)
    for field_name in rule.required:
        if field_name not in data:
            return Skip(entry.source_id, f"no {field_name.replace('_', ' ')} for {article(kind)} {kind} model")
    _fit_modalities(data)
    if not data.get("capabilities", True):
        del data["capabilities"]
    return entry


def _drop_zero_extras(components: list[dict[str, Any]], kind: str, entry: ImportedModel) -> list[dict[str, Any]]:
    """A paid model's extra listed at 0 (a cache write, an audio price) usually means
    'not charged separately' or 'not offered': leave it out rather than claim it is free."""
    main = set(KINDS[kind].base_units) | {"per_1m_output_tokens"}  # an output price of 0 means free output
    if not any(c["amount"] > 0 for c in components):
        return components
    kept = []
    for component in components:
        if component["amount"] == 0 and component["unit"] not in main:
            entry.unmapped.append(
                (component.get("_key", component["unit"]), "an extra priced 0 in a paid model is left out")
            )
        else:
            kept.append(component)
    return kept


def _price_order(component: dict[str, Any]) -> tuple:
    """Standard prices first, then each service tier (batch, flex, priority, named modes)."""
    tier = component.get("tier")
    return (
        (list(TIERS).index(tier) + 1 if tier in TIERS else len(TIERS) + 1) if tier else 0,
        tier or "",
        list(UNITS).index(component["unit"]),
        list(CACHE_TTLS).index(component["cache_ttl"]) + 1 if component.get("cache_ttl") in CACHE_TTLS else 0,
        component.get("above_tokens") or 0,
        component.get("size") or "",
        component.get("quality") or "",
        component.get("resolution") or "",
    )


def _implausible(components: list[dict[str, Any]]) -> str:
    """Amounts outside the plausible range are nearly always a unit mix-up in the source
    (a per-1K or per-character price filed as per token). Nothing in a price list tells
    us such an amount is right, so the entry is skipped rather than given a note."""
    for component in components:
        if not is_plausible(component["unit"], component["amount"]):
            key = component.get("_key", component["unit"])
            return f"implausible price: {key} gives {component['amount']} {component['unit']}"
    return ""


def _dedupe(components: list[dict[str, Any]], entry: ImportedModel) -> list[dict[str, Any]]:
    seen: dict[tuple, dict[str, Any]] = {}
    for component in components:
        key = Price.from_data(component).identity
        if key in seen:
            if seen[key]["amount"] != component["amount"]:
                entry.unmapped.append(
                    (
                        component.get("_key", component["unit"]),
                        "a second, different price for the same component; the first is kept",
                    )
                )
            continue
        seen[key] = component
    tiers = [c for c in seen.values() if c.get("above_tokens")]
    window = entry.data.get("context_window")
    bases = {(c["unit"], c.get("tier")) for c in seen.values() if not c.get("above_tokens")}
    for tier in tiers:
        reason = ""
        if window is not None and tier["above_tokens"] >= window:
            reason = "tier beyond the context window"
        elif (tier["unit"], tier.get("tier")) not in bases:
            reason = "tier without a base price in the same unit" + (" and service tier" if tier.get("tier") else "")
        if reason:
            del seen[Price.from_data(tier).identity]
            entry.unmapped.append((tier.get("_key", f"{tier['unit']} above {tier['above_tokens']}"), reason))
    return list(seen.values())


def _fit_limits(entry: ImportedModel) -> None:
    data = entry.data
    for key in _LIMITS:
        value = data.get(key)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= _TOKEN_LIMIT
        ):
            del data[key]
    for key in _LIMITS:
        if key not in KINDS[data["kind"]].fields:
            data.pop(key, None)
    window, most = data.get("context_window"), data.get("max_output_tokens")
    if window is not None and most is not None and most > window:
        del data["max_output_tokens"]
        entry.unmapped.append(("max_output_tokens", "larger than the context window; left out"))


_ORDER = ("text", "image", "audio", "video", "embedding")


def _fit_modalities(data: dict[str, Any]) -> None:
    modalities = data["modalities"]
    inputs = [m for m in _ORDER if m in modalities.get("input", []) and m != "embedding"] or ["text"]
    outputs = [m for m in _ORDER if m in modalities.get("output", [])]
    rule = KINDS[data["kind"]]
    if not set(rule.outputs) & set(outputs):
        outputs.append(rule.outputs[0])
    if rule.required_input and rule.required_input not in inputs:
        inputs.append(rule.required_input)
    if data.get("capabilities", {}).get("vision") and "image" not in inputs:
        inputs.append("image")
    data["modalities"] = {"input": inputs, "output": outputs}
