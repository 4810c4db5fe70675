"""The named cross-record checks that run after the JSON Schema.

Each `check_*` function looks at schema-valid records (so types are trusted),
yields `Problem`s, and is registered in `CHECKS` in the order they run. The
rule name of a problem is the function name without 'check_', with dashes.
This module holds the machinery and the helpers the rules share; the rules live
by topic: `names` (slugs, names, references), `prices` (units, headline,
plausibility, duplicates, conditions), `billing` (windows, service tiers, cache
reads, currency), `shape` (modalities, kind fields, dates, Markdown,
placeholders), `site` (site.yaml's tables) and `theme` (site.yaml's theme: its
files and the contrast of its colours).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator.catalog.grammar import article
from generator.catalog.load import MapEach, RawRecord, map_in_process
from generator.catalog.problems import ERROR, Problem
from generator.catalog.records import Price
from generator.catalog.registry import DEFAULT_CURRENCY


@dataclass(frozen=True)
class PriceList:
    """One price list of a model: its own `pricing`, a past or scheduled one, or an offer's.
    Every price rule runs on each, and points into it with `pointer` ('/pricing',
    '/price_history/0/pricing', '/offers/1/pricing')."""

    model: RawRecord
    pointer: str
    data: list[dict[str, Any]]  # the components as written
    prices: list[Price]  # the same as Prices, in file order
    context_window: int | None  # the offer's or the dated entry's, else the record's
    currency: str

    @property
    def dated(self) -> bool:
        """A past or scheduled price list (which may carry the context window of its time)."""
        return self.pointer.startswith(("/price_history/", "/scheduled_prices/"))

    def at(self, index: int, field: str = "") -> str:
        """The JSON pointer of component `index` (and one of its fields)."""
        return f"{self.pointer}/{index}" + (f"/{field}" if field else "")


def price_lists(model: RawRecord) -> Iterator[PriceList]:
    """The record's own price list, its past and scheduled ones, then each offer's, in file order."""
    data = model.data
    currency = data.get("currency", DEFAULT_CURRENCY)
    yield PriceList(
        model,
        "/pricing",
        data["pricing"],
        [Price.from_data(p) for p in data["pricing"]],
        data.get("context_window"),
        currency,
    )
    for field in ("price_history", "scheduled_prices"):
        for index, entry in enumerate(data.get(field, [])):
            yield PriceList(
                model,
                f"/{field}/{index}/pricing",
                entry["pricing"],
                [Price.from_data(p) for p in entry["pricing"]],
                entry.get("context_window", data.get("context_window")),  # the window in force then
                currency,
            )
    for index, offer in enumerate(data.get("offers", [])):
        yield PriceList(
            model,
            f"/offers/{index}/pricing",
            offer["pricing"],
            [Price.from_data(p) for p in offer["pricing"]],
            offer.get("context_window", data.get("context_window")),
            offer.get("currency", currency),
        )


@dataclass(frozen=True)
class Context:
    site: RawRecord | None  # schema-valid site.yaml, if any
    providers: dict[str, RawRecord]  # schema-valid providers by id
    models: dict[str, RawRecord]  # schema-valid models by slug
    existing_providers: frozenset[str]  # every provider file found, valid or not
    existing_models: frozenset[str]  # every model file found, valid or not
    assets: frozenset[str]  # logo file names found beside the providers; theme files as 'theme/<name>'
    price_lists: list[PriceList]  # every model's own pricing, then each of its offers'


Check = Callable[[Context], Iterator[Problem]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def rule_name(fn: Check) -> str:
    return fn.__name__.removeprefix("check_").replace("_", "-")


def run_checks(
    valid: list[RawRecord],
    all_records: list[RawRecord],
    assets: frozenset[str] = frozenset(),
    found: frozenset[tuple[str, str]] = frozenset(),
    map_each: MapEach = map_in_process,
) -> list[Problem]:
    """`found`: (kind, ident) of every record file, also those that failed to load, so that a
    broken file is reported once, not again as a missing provider or model. `map_each` maps
    running one check over the checks (the build may pass one that forks for a large
    catalog); the problems come back in the checks' order either way."""
    by_kind: dict[str, dict[str, RawRecord]] = defaultdict(dict)
    for record in valid:
        by_kind[record.kind][record.ident] = record
    models = dict(by_kind["model"])
    ctx = Context(
        site=by_kind["site"].get("site"),
        providers=dict(by_kind["provider"]),
        models=models,
        existing_providers=_idents("provider", all_records, found),
        existing_models=_idents("model", all_records, found),
        assets=assets,
        price_lists=[pl for model in models.values() for pl in price_lists(model)],
    )
    found_by_check = map_each(partial(_run_check, ctx), CHECKS)
    return [problem for problems in found_by_check for problem in problems]


def _run_check(ctx: Context, fn: Check) -> list[Problem]:
    rule = rule_name(fn)
    return [
        p if p.rule else Problem(p.file, p.line, p.column, p.pointer, p.message, p.hint, p.severity, rule)
        for p in fn(ctx)
    ]


def _idents(kind: str, records: list[RawRecord], found: frozenset[tuple[str, str]]) -> frozenset[str]:
    return frozenset(r.ident for r in records if r.kind == kind) | {i for k, i in found if k == kind}


def at(record: RawRecord, pointer: str, message: str, hint: str = "", severity: str = ERROR) -> Problem:
    line, column = record.position(pointer)
    return Problem(record.file, line, column, pointer, message, hint, severity)


def _provider_of(slug: str) -> str:
    return slug.split("/", 1)[0]


def _lists_with(ctx: Context, wanted: Callable[[Price], bool]) -> Iterator[PriceList]:
    """Each price list with a component that `wanted` picks."""
    for price_list in ctx.price_lists:
        if any(wanted(price) for price in price_list.prices):
            yield price_list


def _a(kind: str) -> str:
    """'chat' -> 'a chat', 'image_generation' -> 'an image_generation'."""
    return f"{article(kind)} {kind}"


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


RULE_MODULES = (
    "names",
    "prices",
    "billing",
    "history",
    "shape",
    "site",
    "theme",
)  # their rules register themselves, in this order
for _module in RULE_MODULES:
    importlib.import_module(f"{__name__}.{_module}")
