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

import dataclasses
import datetime as dt
import hashlib
import importlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial
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

    @cached_property
    def price_lists(self) -> list[PriceList]:
        """Every model's own pricing, then each of its offers' (made when a check first asks)."""
        return [pl for model in self.models.values() for pl in price_lists(model)]


Check = Callable[[Context], Iterator[Problem]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def rule_name(fn: Check) -> str:
    return fn.__name__.removeprefix("check_").replace("_", "-")


# The checks whose every problem is about one record and depends only on that record, the
# site (site.yaml) and the providers found: they run record by record, and a CheckMemo
# remembers what they found in each (see `record_key`). Every other check sees the whole
# catalog on every run: names unique across models, references between records, collections.
PER_RECORD = frozenset(
    {
        "slug-matches-path",
        "provider-exists",
        "offer-providers",
        "collections-exist",
        "units-fit-kind",
        "headline-price",
        "amounts-plausible",
        "duplicate-prices",
        "price-conditions",
        "price-windows",
        "window-has-default",
        "discount-tiers",
        "cache-read-price",
        "currency",
        "price-history",
        "modalities-fit-kind",
        "kind-fields",
        "dates",
        "markdown-has-no-html",
        "placeholders",
        "money-in-prose",
    }
)


@dataclass
class CheckMemo:
    """What the per-record checks (and the schema) found in each record, by a key of all
    they read: kept by `serve` in memory and by `build` in the cache, like the parse memo.
    `salt` names the code and schemas it was found under: the build trusts a memo of its
    own salt only. Each run keeps what it used (`settle`), so the memo stays the catalog's size."""

    salt: str = ""
    known: dict[bytes, tuple[Problem, ...]] = dataclasses.field(default_factory=dict)  # by the last run
    used: dict[bytes, tuple[Problem, ...]] = dataclasses.field(default_factory=dict)  # by this run
    changed: bool = False  # the last run's keys differ from the run's before (see `settle`)

    def get(self, key: bytes | None) -> tuple[Problem, ...] | None:
        if key is None:
            return None
        found = self.known.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: bytes | None, problems: tuple[Problem, ...]) -> None:
        if key is not None:
            self.used[key] = problems

    def settle(self) -> None:
        """End a run (validate_catalog does): what it used becomes what is known."""
        self.changed = self.used.keys() != self.known.keys()
        self.known, self.used = self.used, {}


def record_key(record: RawRecord, scope: str) -> bytes | None:
    """A record's key in a CheckMemo: its kind, identity, file and bytes (their sha256),
    and `scope` (a digest of the other inputs read); None when the bytes' digest is unknown."""
    if not record.source_hash:
        return None
    return hashlib.sha256(repr((scope, record.kind, record.ident, record.file, record.source_hash)).encode()).digest()


def run_checks(
    valid: list[RawRecord],
    all_records: list[RawRecord],
    assets: frozenset[str] = frozenset(),
    found: frozenset[tuple[str, str]] = frozenset(),
    map_each: MapEach = map_in_process,
    memo: CheckMemo | None = None,
) -> list[Problem]:
    """`found`: (kind, ident) of every record file, also those that failed to load, so that a
    broken file is reported once, not again as a missing provider or model. `map_each` maps
    the per-record checks over the records the `memo` does not know (the build may pass one
    that forks for a large catalog); the checks over the whole catalog run in-process."""
    ctx = context_of(valid, all_records, assets, found)
    problems = _per_record_problems(ctx, map_each, memo or CheckMemo())
    for fn in CHECKS:
        if rule_name(fn) not in PER_RECORD:
            problems.extend(_run_check(ctx, fn))
    return problems


def context_of(
    valid: list[RawRecord],
    all_records: list[RawRecord],
    assets: frozenset[str] = frozenset(),
    found: frozenset[tuple[str, str]] = frozenset(),
) -> Context:
    """What the checks see of a catalog (the arguments as run_checks takes them)."""
    by_kind: dict[str, dict[str, RawRecord]] = defaultdict(dict)
    for record in valid:
        by_kind[record.kind][record.ident] = record
    return Context(
        site=by_kind["site"].get("site"),
        providers=dict(by_kind["provider"]),
        models=dict(by_kind["model"]),
        existing_providers=_idents("provider", all_records, found),
        existing_models=_idents("model", all_records, found),
        assets=assets,
    )


def _per_record_problems(ctx: Context, map_each: MapEach, memo: CheckMemo) -> list[Problem]:
    """The per-record checks' problems of every record in `ctx`: remembered, or found now."""
    subjects = [*([ctx.site] if ctx.site else []), *ctx.providers.values(), *ctx.models.values()]
    scope = _scope(ctx)
    keys = [record_key(record, scope) for record in subjects]
    known = [memo.get(key) for key in keys]
    missing = [i for i, problems in enumerate(known) if problems is None]
    found = map_each(partial(check_record, ctx), [subjects[i] for i in missing])
    for i, problems in zip(missing, found, strict=True):
        memo.put(keys[i], problems)
        known[i] = problems
    return [problem for problems in known for problem in problems or ()]


def _scope(ctx: Context) -> str:
    """What a per-record check reads beside its record: the site and the providers."""
    site = (ctx.site.file, ctx.site.source_hash) if ctx.site else None
    providers = sorted((p.ident, p.file, p.source_hash) for p in ctx.providers.values())
    return hashlib.sha256(repr((site, providers, sorted(ctx.existing_providers))).encode()).hexdigest()


def check_record(ctx: Context, record: RawRecord) -> tuple[Problem, ...]:
    """The per-record checks over a context of one record (and only what its key covers:
    the site and the providers found), keeping what they say of that record's file."""
    alone = Context(
        site=ctx.site,
        providers={record.ident: record} if record.kind == "provider" else {},
        models={record.ident: record} if record.kind == "model" else {},
        existing_providers=ctx.existing_providers,
        existing_models=frozenset(),
        assets=frozenset(),
    )
    return tuple(p for fn in PER_RECORD_CHECKS for p in _run_check(alone, fn) if p.file == record.file)


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
PER_RECORD_CHECKS = [fn for fn in CHECKS if rule_name(fn) in PER_RECORD]  # in the order they registered
