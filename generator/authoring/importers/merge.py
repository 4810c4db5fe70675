"""Merge an import into an existing record: the fields an import owns (prices, limits,
capabilities, apis, a deprecation) and the offers of a folded record, each change named in
a line for the report; everything a human wrote stays as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from generator.authoring.importers.common import ImportedModel
from generator.authoring.importers.copies import offer_of
from generator.authoring.price_history import day, describe_span, merge_past, merge_scheduled
from generator.catalog.records import Price
from generator.catalog.registry import DEFAULT_CACHE_TTL, DEFAULT_CURRENCY, KINDS, UNITS, format_amount

# Fields an import owns on an existing record; everything else (description, faq,
# strengths, use_cases, collections, aliases, name, kind, ...) is left as written.
OWNED = ("pricing", "context_window", "max_output_tokens", "embedding_dimensions", "capabilities")


def _price_key(component: dict[str, Any]) -> tuple:
    """A cache write without `cache_ttl` is the 5-minute one, so it matches an import's `5m`."""
    if component["unit"] == "per_1m_cache_write_tokens" and not component.get("cache_ttl"):
        component = {**component, "cache_ttl": DEFAULT_CACHE_TTL}
    return Price.from_data(component).identity


def _describe(component: dict[str, Any]) -> str:
    condition = Price.from_data(component).exact_condition
    return component["unit"] + (f" ({condition})" if condition else "")


def merge(
    old: dict[str, Any], new: dict[str, Any], today: dt.date | None = None, since: dt.date | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The existing record with the import's owned fields applied, and a line per change.
    With `today` (the import date), a price list whose amounts change is not lost: it moves
    into `price_history`, ending on `since` (the day the source says the new prices took
    effect) or else on `today` (see `keep_old_prices`). A source that dates its prices also
    brings `price_history` and `scheduled_prices` entries: they join the record's where they
    overlap nothing it already says (`merge_dated`). Prices of another kind or currency than
    the record's are left out."""
    merged = dict(old)
    changes: list[str] = []
    currencies = (old.get("currency", DEFAULT_CURRENCY), new.get("currency", DEFAULT_CURRENCY))
    if old.get("kind") == new["kind"] and currencies[0] == currencies[1]:
        amounts: list[str] = []
        merged["pricing"] = _merge_prices(old.get("pricing", []), new["pricing"], changes, amounts)
        merge_dated(new, merged, changes)
        if amounts and today is not None:
            keep_old_prices({**old, "price_history": merged.get("price_history", [])}, merged, since or today, changes)
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


def keep_old_prices(old: dict[str, Any], merged: dict[str, Any], today: dt.date, changes: list[str]) -> bool:
    """Append the record's old price list to `merged`'s `price_history`: from the last past
    price's until (if any) until `today`, with the record's old `price_source`. Not when the
    last past price already ends on `today` or later (a second import the same day: the price
    list it replaces took effect today, so no day was billed at it). True if appended."""
    history = [dict(entry) for entry in old.get("price_history", [])]
    last = _day(history[-1].get("until")) if history else None
    if last is not None and last >= today:
        changes.append(f"old prices not kept: price_history already ends on {last}")
        return False
    entry: dict[str, Any] = {}
    if last is not None:
        entry["from"] = last.isoformat()
    entry["until"] = today.isoformat()
    entry["pricing"] = [dict(c) for c in old.get("pricing", [])]
    if isinstance(old.get("price_source"), str):
        entry["price_source"] = old["price_source"]
    merged["price_history"] = [*history, entry]
    changes.append(f"old prices kept in price_history (until {today.isoformat()})")
    return True


def merge_dated(new: dict[str, Any], merged: dict[str, Any], changes: list[str]) -> None:
    """The source's past prices and announced changes into `merged`, without overlap or
    repeats (price_history.py). An announced price list is laid over the record's merged
    pricing, so components the source does not list (a tier written by hand) carry over."""
    if new.get("price_history"):
        history, added = merge_past(merged.get("price_history", []), new["price_history"], merged["pricing"])
        if added:
            merged["price_history"] = history
            changes += [f"price_history gains {describe_span(entry)}" for entry in added]
    if new.get("scheduled_prices"):
        history = merged.get("price_history", [])
        after = day(history[-1]["until"]) if history else None
        laid = [{**e, "pricing": _merge_prices(merged["pricing"], e["pricing"], [])} for e in new["scheduled_prices"]]
        schedule, added = merge_scheduled(merged.get("scheduled_prices", []), laid, merged["pricing"], after)
        if added:
            merged["scheduled_prices"] = schedule
            changes += [f"scheduled_prices gains {describe_span(entry)}" for entry in added]


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _merge_prices(
    old: list[dict[str, Any]], new: list[dict[str, Any]], changes: list[str], amounts: list[str] | None = None
) -> list[dict[str, Any]]:
    """`old` with `new`'s components applied; each changed amount also goes into `amounts`."""
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
            line = f"{_describe(component)} {format_amount(Decimal(before))} -> {format_amount(component['amount'])}"
            changes.append(line)
            if amounts is not None:
                amounts.append(line)
    return result


def merge_offers(record: dict[str, Any], copies: list[ImportedModel], changes: list[str]) -> list[str]:
    """The copies into `record`'s offers, matched by (provider, region): a matched offer gets
    the copy's prices, limits and deprecation (its note, source and region stay as written),
    a new host is added after the offers already there. Returns the offers no copy matched:
    they stay, since a source that stops listing a host does not show the host stopped."""
    offers = [dict(offer) for offer in record.get("offers", [])]
    position = {(offer["provider"], offer.get("region")): i for i, offer in enumerate(offers)}
    matched = set()
    for copy in copies:
        offer = offer_of(copy, record)
        key = (offer["provider"], None)
        matched.add(key)
        if key in position:
            _merge_offer(offers[position[key]], copy, record, changes)
        else:
            offers.append(offer)
            changes.append(f"new offer {offer['provider']}")
    if offers:
        record["offers"] = offers
    return [_offer_id(offer) for offer in offers if (offer["provider"], offer.get("region")) not in matched]


def _offer_id(offer: dict[str, Any]) -> str:
    return f"{offer['provider']}@{offer['region']}" if offer.get("region") else offer["provider"]


def _merge_offer(offer: dict[str, Any], copy: ImportedModel, record: dict[str, Any], changes: list[str]) -> None:
    lines: list[str] = []
    offer["pricing"] = _merge_prices(offer["pricing"], copy.data["pricing"], lines)
    for key in ("context_window", "max_output_tokens"):
        value, now = copy.data.get(key), offer.get(key, record.get(key))
        window = offer.get("context_window", record.get("context_window"))
        if value is None or value == now or (key == "max_output_tokens" and window and value > window):
            continue
        lines.append(f"{key} {now if now is not None else '(none)'} -> {value}")
        if value == record.get(key):
            del offer[key]  # now the same as the record's: the offer inherits it
        else:
            offer[key] = value
    if copy.data.get("status") == "deprecated" and offer.get("status") != "deprecated":
        lines.append(f"status {offer.get('status', 'active')} -> deprecated")
        offer["status"] = "deprecated"
    changes += [f"offer {_offer_id(offer)}: {line}" for line in lines]
