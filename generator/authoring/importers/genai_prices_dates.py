"""genai-prices' conditional prices and variants -> catalog price lists over time.

A model's conditional prices are `Rule`s; on a day and at a minute of the UTC day the last
rule whose constraint holds applies (genai-prices' rule), so a day's price list is the rule
of most of the day written plain and each other stretch as `window` components. The
`start_date`s cut time into periods: those before the import date are past prices, the one
it falls in the current price, later ones scheduled changes. Variants (service tiers) join
the current and scheduled lists only (see genai_prices.py).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.authoring.importers.common import ImportedModel, Skip, finish_entry, price, tidy, to_decimal
from generator.authoring.price_history import same_prices

# price key -> (unit, conditions, power of ten the amount moves); the first key of a unit wins
UNITS: dict[str, tuple[str, dict[str, str], int]] = {
    "input_mtok": ("per_1m_input_tokens", {}, 0),
    "output_mtok": ("per_1m_output_tokens", {}, 0),
    "cache_read_mtok": ("per_1m_cached_input_tokens", {}, 0),
    "cache_write_mtok": ("per_1m_cache_write_tokens", {}, 0),
    "cache_write_5m_mtok": ("per_1m_cache_write_tokens", {}, 0),
    "cache_write_1h_mtok": ("per_1m_cache_write_tokens", {"cache_ttl": "1h"}, 0),
    "input_text_mtok": ("per_1m_input_tokens", {}, 0),
    "output_text_mtok": ("per_1m_output_tokens", {}, 0),
    "cache_text_read_mtok": ("per_1m_cached_input_tokens", {}, 0),
    "cache_text_write_mtok": ("per_1m_cache_write_tokens", {}, 0),
    "input_audio_mtok": ("per_1m_input_audio_tokens", {}, 0),
    "output_audio_mtok": ("per_1m_output_audio_tokens", {}, 0),
    "input_image_mtok": ("per_1m_input_image_tokens", {}, 0),
    "output_image_mtok": ("per_1m_output_image_tokens", {}, 0),
    "output_reasoning_mtok": ("per_1m_reasoning_tokens", {}, 0),
    "web_searches_kcount": ("per_1k_web_searches", {}, 0),
    "input_mchars": ("per_1m_characters", {}, 0),
    "requests_kcount": ("per_request", {}, -3),
}
HOURS = ("audio_hours", "input_audio_hours")  # per hour -> per_minute, where dividing by 60 is exact
VARIANT_TIERS = {
    ("processing", "batch"): "batch",
    ("service_tier", "flex"): "flex",
    ("service_tier", "priority"): "priority",
    ("service_tier", "fast"): "fast",
    ("speed", "fast"): "fast",
}
DAY = 24 * 60
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.0+)?)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True)
class Rule:
    """One conditional price: its prices, and the UTC day or daily window it holds from."""

    prices: dict[str, Any]
    start: dt.date | None = None
    window: tuple[int, int] | None = None  # minutes of the UTC day, [start, end)


def read_rules(prices: Any) -> list[Rule] | str:
    """The model's conditional prices in file order, or why they cannot be read."""
    if isinstance(prices, dict):
        return [Rule(prices)]
    if not isinstance(prices, list) or not prices:
        return "no prices"
    rules = []
    for item in prices:
        constraint = item.get("constraint") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("prices"), dict):
            return "a conditional price without a prices object"
        if constraint is None:
            rules.append(Rule(item["prices"]))
        elif isinstance(constraint, dict) and set(constraint) == {"start_date"}:
            try:
                rules.append(Rule(item["prices"], start=dt.date.fromisoformat(str(constraint["start_date"]))))
            except ValueError:
                return f"start_date {constraint['start_date']!r} is not a YYYY-MM-DD day"
        elif isinstance(constraint, dict) and set(constraint) == {"start_time", "end_time"}:
            start, end = _minute(constraint["start_time"]), _minute(constraint["end_time"])
            if start is None or end is None:
                return f"a daily window {constraint['start_time']}-{constraint['end_time']} not on a whole UTC minute"
            rules.append(Rule(item["prices"], window=(start, end)))
        else:
            return "a constraint that is neither a start_date nor a start_time and end_time"
    return rules


def _minute(text: Any) -> int | None:
    """'16:30:00Z' -> 990, the minute of the UTC day; '00:30:00+08:00' -> 990 of the day before."""
    found = _TIME.match(str(text))
    if not found or int(found[1]) > 23 or int(found[2]) > 59 or int(found[3] or 0) != 0:
        return None
    offset = 0
    if found[4] and found[4] != "Z":
        sign, digits = found[4][0], found[4][1:].replace(":", "")
        offset = (int(digits[:2]) * 60 + int(digits[2:])) * (-1 if sign == "-" else 1)
    return (int(found[1]) * 60 + int(found[2]) - offset) % DAY


def date_prices(
    entry: ImportedModel, rules: list[Rule], variants: list, kind: str, today: dt.date, source: str
) -> None:
    """`pricing` as of `today`, its `price_history` and `scheduled_prices`, and `since`."""
    starts = sorted({rule.start for rule in rules if rule.start})
    past = [s for s in starts if s <= today]
    current = _price_list(rules, today, kind, entry)
    entry.data["pricing"] = current + _variant_prices(variants, today, kind, entry)
    entry.since = past[-1] if past else None
    periods = [
        [start, end, _fitting(entry, _price_list(rules, start, kind, entry), f"until {end}")]
        for start, end in zip([None, *past], past, strict=False)
    ]
    history = _collapse(periods)
    standard = _fitting(entry, current)
    while history and history[-1][2] is not None and same_prices(history[-1][2], standard):
        entry.since = history.pop()[0]  # the same prices as now: no change on that day
    history = [period for period in history if period[2] is not None]
    if history and any(rule.window for rule in rules):
        entry.not_mapped(
            "prices",
            "dated prices beside daily windows: genai-prices applies the windows on every day, so the prices "
            "before the current ones are not known and not imported",
        )
        history = []
    entry.data["price_history"] = [
        {**({"from": start.isoformat()} if start else {}), "until": end.isoformat(), "pricing": prices}
        for start, end, prices in history
    ]
    for item in entry.data["price_history"]:
        item["price_source"] = source
    schedule: list[dict[str, Any]] = []
    before = _fitting(entry, entry.data["pricing"])
    for start in [] if before is None else sorted({s for s in starts if s > today} | _variant_starts(variants, today)):
        listed = _price_list(rules, start, kind, entry) + _variant_prices(variants, start, kind, entry)
        prices = _fitting(entry, listed, f"from {start}")
        if prices and not same_prices(prices, before):
            schedule.append({"from": start.isoformat(), "pricing": prices, "announcement": entry.data["price_source"]})
            before = prices
    entry.data["scheduled_prices"] = schedule
    for key in ("price_history", "scheduled_prices"):
        if not entry.data[key]:
            del entry.data[key]


def _collapse(periods: list[list[Any]]) -> list[list[Any]]:
    """Neighbouring periods at the same prices as one ([from, until, prices]; prices None
    for a period whose prices do not fit the catalog, which joins nothing)."""
    out: list[list[Any]] = []
    for start, end, prices in periods:
        if out and prices is not None and out[-1][2] is not None and same_prices(out[-1][2], prices):
            out[-1][1] = end
        else:
            out.append([start, end, prices])
    return out


def _fitting(entry: ImportedModel, prices: list[dict], when: str = "") -> list[dict] | None:
    """A dated price list made to fit the catalog as `finish_entry` makes the current one;
    None when it cannot (and, for a dated one, the reason among the entry's unmapped keys)."""
    shadow = ImportedModel(entry.source_id, entry.provider, entry.model, copy.deepcopy({**entry.data, "pricing": []}))
    shadow.data["pricing"] = copy.deepcopy(prices)
    finished = finish_entry(shadow)
    if isinstance(finished, Skip):
        if when:
            entry.not_mapped("prices", f"the prices {when} do not fit the catalog: {finished.reason}")
        return None
    return finished.data["pricing"]


def _price_list(rules: list[Rule], on: dt.date | None, kind: str, entry: ImportedModel) -> list[dict]:
    """The standard price list on day `on` (None: before every start_date): the price of most
    of the day plain, each other stretch of the day in a window."""
    base, windows = _layout(rules, on)
    prices = _components(rules[base].prices, kind, entry)
    for index, start, end in windows:
        window = {"start": _clock(start), "end": _clock(end)}
        prices += _components(rules[index].prices, kind, entry, window=window)
    return prices


def _layout(rules: list[Rule], on: dt.date | None) -> tuple[int, list[tuple[int, int, int]]]:
    """(the rule that holds most of the day, [(rule, start, end)] for each other stretch)."""
    cuts = sorted({0, DAY, *(m for rule in rules if rule.window for m in rule.window)})
    runs: list[list[int]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        owner = _winner(rules, on, start)
        if runs and runs[-1][0] == owner:
            runs[-1][2] = end
        else:
            runs.append([owner, start, end])
    minutes: Counter[int] = Counter()
    for owner, start, end in runs:
        minutes[owner] += end - start
    base = max(minutes, key=lambda owner: (minutes[owner], -owner))
    if len(runs) > 1 and runs[0][0] == runs[-1][0]:  # the same rule before and after midnight
        runs[-1][2] = runs.pop(0)[2]
    return base, [(owner, start, end % DAY) for owner, start, end in runs if owner != base]


def _winner(rules: list[Rule], on: dt.date | None, minute: int) -> int:
    """genai-prices' rule: the last conditional price whose constraint holds, else the first."""
    for index in reversed(range(len(rules))):
        rule = rules[index]
        if rule.start is None and rule.window is None:
            return index
        if rule.start is not None and on is not None and rule.start <= on:
            return index
        if rule.window is not None and _inside(minute, rule.window):
            return index
    return 0


def _inside(minute: int, window: tuple[int, int]) -> bool:
    start, end = window
    return start <= minute < end if start <= end else minute >= start or minute < end


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _variant_starts(variants: list, today: dt.date) -> set[dt.date]:
    starts = set()
    for variant in variants:
        constraint = variant.get("constraint") if isinstance(variant, dict) else None
        if isinstance(constraint, dict) and "start_date" in constraint:
            try:
                start = dt.date.fromisoformat(str(constraint["start_date"]))
            except ValueError:
                continue
            if start > today:
                starts.add(start)
    return starts


def _variant_prices(variants: list, on: dt.date, kind: str, entry: ImportedModel) -> list[dict]:
    """Each service tier's prices on day `on`: per price key, the first variant of the tier
    in effect then (genai-prices resolves variants first to last, key by key)."""
    chosen: dict[str, dict[str, Any]] = {}
    for variant in variants:
        when = variant.get("when") if isinstance(variant, dict) else None
        if not isinstance(when, dict) or not isinstance(variant.get("prices"), dict):
            entry.not_mapped("price_variants", "a variant without when and prices objects")
            continue
        if _repeats_priority(variant, variants):
            entry.unmapped.append(
                ("price_variants (service_tier=fast)", "the priority tier's prices under a second name")
            )
            continue
        tier = VARIANT_TIERS.get(next(iter(when.items()))) if len(when) == 1 else None
        if tier is None:
            if when != {"service_tier": "default"}:  # the standard tier, priced as the model
                label = ", ".join(f"{k}={v}" for k, v in sorted(when.items()))
                entry.not_mapped(f"price_variants ({label})", "a request context with no catalog service tier")
            continue
        if not _variant_holds(variant.get("constraint"), on, entry):
            continue
        for key, value in variant["prices"].items():
            chosen.setdefault(tier, {}).setdefault(key, value)
    return [c for tier in sorted(chosen) for c in _components(chosen[tier], kind, entry, tier=tier)]


def _repeats_priority(variant: dict, variants: list) -> bool:
    """genai-prices gives OpenAI models a `service_tier: fast` variant at exactly the
    `service_tier: priority` prices: one tier under two names, kept once (as priority)."""
    if variant["when"] != {"service_tier": "fast"}:
        return False
    same = {"when": {"service_tier": "priority"}, "prices": variant["prices"], "constraint": variant.get("constraint")}
    return any(
        isinstance(other, dict) and {**other, "constraint": other.get("constraint")} == same for other in variants
    )


def _variant_holds(constraint: Any, on: dt.date, entry: ImportedModel) -> bool:
    if constraint is None:
        return True
    if isinstance(constraint, dict) and set(constraint) == {"start_date"}:
        try:
            return dt.date.fromisoformat(str(constraint["start_date"])) <= on
        except ValueError:
            pass
    entry.not_mapped("price_variants", "a variant constraint other than a start_date is not modelled")
    return False


def _components(prices: dict[str, Any], kind: str, entry: ImportedModel, **conditions: Any) -> list[dict]:
    """One genai-prices price object as catalog price components (with the source key)."""
    out = []
    known = [key for key in (*UNITS, *HOURS) if key in prices]
    for key in [*known, *sorted(k for k in prices if k not in known)]:
        value = prices[key]
        tiers = value.get("tiers", []) if isinstance(value, dict) else []
        base = to_decimal(value.get("base") if isinstance(value, dict) else value)
        unit, extra, move = _unit(key, kind)
        if unit is None or base is None or base < 0 or not isinstance(tiers, list):
            entry.not_mapped(key, "no catalog unit" if unit is None else "not a price", base)
            continue
        steps = [(None, base)]
        for tier in tiers:
            start, amount = (tier.get("start"), to_decimal(tier.get("price"))) if isinstance(tier, dict) else (0, None)
            if isinstance(start, int) and not isinstance(start, bool) and start > 0 and amount is not None:
                steps.append((start, amount))
            else:
                entry.not_mapped(f"{key}.tiers", "a tier without a start above 0 and a price")
        for above, amount in steps:
            scaled = _scaled(amount, move)
            if scaled is None:
                entry.not_mapped(key, "an hourly price that is no whole number of per-minute decimals", amount)
                continue
            out.append({**price(unit, scaled, above_tokens=above, **extra, **conditions), "_key": f"prices.{key}"})
    return out


def _unit(key: str, kind: str) -> tuple[str | None, dict[str, str], int | None]:
    if key in HOURS:
        return "per_minute", {}, None
    if key == "output_mtok" and kind == "text_to_speech":
        return "per_1m_output_audio_tokens", {}, 0  # a speech model's output is audio
    unit, extra, move = UNITS.get(key, (None, {}, 0))
    return unit, extra, move


def _scaled(amount: Decimal, move: int | None) -> Decimal | None:
    """`move` places of the decimal point; None: per hour -> per minute, when exact."""
    if move is not None:
        return tidy(amount.scaleb(move))
    minute = amount / 60
    return tidy(minute) if minute * 60 == amount and len(minute.as_tuple().digits) <= 12 else None
