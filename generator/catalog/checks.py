"""The named cross-record checks that run after the JSON Schema.

Each `check_*` function looks at schema-valid records (so types are trusted),
yields `Problem`s, and is registered in `CHECKS` in the order they run. The
rule name of a problem is the function name without 'check_', with dashes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from generator.catalog.grammar import article
from generator.catalog.kinds.base import Kind
from generator.catalog.load import RawRecord
from generator.catalog.placeholders import find_placeholders
from generator.catalog.problems import ERROR, WARNING, Problem, did_you_mean
from generator.catalog.records import Price, Window
from generator.catalog.registry import (
    DEFAULT_CURRENCY,
    DISCOUNT_TIERS,
    KIND_ONLY_FIELDS,
    KINDS,
    UNITS,
    format_amount,
    format_money,
    is_currency,
    is_plausible,
)


@dataclass(frozen=True)
class Context:
    site: RawRecord | None  # schema-valid site.yaml, if any
    providers: dict[str, RawRecord]  # schema-valid providers by id
    models: dict[str, RawRecord]  # schema-valid models by slug
    existing_providers: frozenset[str]  # every provider file found, valid or not
    existing_models: frozenset[str]  # every model file found, valid or not
    assets: frozenset[str]  # logo file names found beside the providers
    prices: dict[str, list[Price]]  # each model's price components as Prices, in file order (i is /pricing/i)


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
) -> list[Problem]:
    """`found`: (kind, ident) of every record file, also those that failed to load, so that a
    broken file is reported once, not again as a missing provider or model."""
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
        prices={slug: [Price.from_data(price) for price in model.data["pricing"]] for slug, model in models.items()},
    )
    problems: list[Problem] = []
    for fn in CHECKS:
        rule = rule_name(fn)
        problems.extend(
            p if p.rule else Problem(p.file, p.line, p.column, p.pointer, p.message, p.hint, p.severity, rule)
            for p in fn(ctx)
        )
    return problems


def _idents(kind: str, records: list[RawRecord], found: frozenset[tuple[str, str]]) -> frozenset[str]:
    return frozenset(r.ident for r in records if r.kind == kind) | {i for k, i in found if k == kind}


def at(record: RawRecord, pointer: str, message: str, hint: str = "", severity: str = ERROR) -> Problem:
    line, column = record.position(pointer)
    return Problem(record.file, line, column, pointer, message, hint, severity)


def _provider_of(slug: str) -> str:
    return slug.split("/", 1)[0]


def _prices(model: RawRecord) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from enumerate(model.data["pricing"])


def _models_pricing(ctx: Context, wanted: Callable[[Price], bool]) -> Iterator[tuple[RawRecord, list[Price]]]:
    """Each model with a price component that `wanted` picks, and its components."""
    for slug, model in ctx.models.items():
        prices = ctx.prices[slug]
        if any(wanted(price) for price in prices):
            yield model, prices


def _a(kind: str) -> str:
    """'chat' -> 'a chat', 'image_generation' -> 'an image_generation'."""
    return f"{article(kind)} {kind}"


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# ---------------------------------------------------------------- identity


@check
def check_slug_matches_path(ctx: Context) -> Iterator[Problem]:
    for slug, model in ctx.models.items():
        written = model.data.get("slug")
        if written is not None and written != slug:
            yield at(
                model,
                "/slug",
                f"slug '{written}' does not match the file path, which gives '{slug}'",
                f"set slug: {slug}, or move the file to catalog/models/{written}.yaml",
            )


@check
def check_provider_exists(ctx: Context) -> Iterator[Problem]:
    for slug, model in ctx.models.items():
        provider = _provider_of(slug)
        if provider not in ctx.existing_providers:
            yield at(
                model,
                "",
                f"provider '{provider}' has no record",
                f"create catalog/providers/{provider}.yaml (name, website, description, byok)",
            )


@check
def check_unique_names(ctx: Context) -> Iterator[Problem]:
    """Display names and aliases are unique within a provider; an alias may not be another model's id."""
    seen: dict[tuple[str, str], str] = {}
    for slug in sorted(ctx.models):
        model, provider = ctx.models[slug], _provider_of(slug)
        key = (provider, model.data["name"].strip().casefold())
        if key in seen:
            yield at(
                model,
                "/name",
                f"display name '{model.data['name']}' is already used by {seen[key]}",
                "give each model of a provider its own name, e.g. add the version or size",
            )
        else:
            seen[key] = slug
    ids: dict[str, str] = {slug: slug for slug in ctx.existing_models}
    for slug in sorted(ctx.models):
        model, provider = ctx.models[slug], _provider_of(slug)
        for index, alias in enumerate(model.data.get("aliases", [])):
            full = f"{provider}/{alias}"
            if full in ids and ids[full] != slug:
                owner = ids[full]
                what = "a model's id" if owner == full else f"an alias of {owner}"
                yield at(
                    model, f"/aliases/{index}", f"alias '{alias}' is already {what}", "remove the alias or rename it"
                )
            elif full == slug:
                yield at(
                    model, f"/aliases/{index}", f"alias '{alias}' repeats the model's own id", "remove it", WARNING
                )
            else:
                ids[full] = slug


# ---------------------------------------------------------------- references


def _collection_ids(ctx: Context) -> set[str]:
    return {c["id"] for c in ctx.site.data["collections"]} if ctx.site else set()


@check
def check_collections_exist(ctx: Context) -> Iterator[Problem]:
    if ctx.site is None:
        return
    known = _collection_ids(ctx)
    for model in ctx.models.values():
        for index, name in enumerate(model.data.get("collections", [])):
            if name not in known:
                hint = (
                    did_you_mean(name, known)
                    or f"define it in catalog/site.yaml, or use one of: {', '.join(sorted(known))}"
                )
                yield at(model, f"/collections/{index}", f"collection '{name}' is not defined in site.yaml", hint)


@check
def check_collection_members_exist(ctx: Context) -> Iterator[Problem]:
    if ctx.site is None:
        return
    seen: set[str] = set()
    for c_index, collection in enumerate(ctx.site.data["collections"]):
        base = f"/collections/{c_index}"
        if collection["id"] in seen:
            yield at(ctx.site, f"{base}/id", f"collection id '{collection['id']}' is defined twice", "rename one")
        seen.add(collection["id"])
        for index, slug in enumerate(collection.get("models", [])):
            if slug not in ctx.existing_models:
                yield at(
                    ctx.site,
                    f"{base}/models/{index}",
                    f"collection '{collection['id']}' lists '{slug}', which has no record",
                    f"add catalog/models/{slug}.yaml or remove the entry",
                )
        for index, provider in enumerate(collection.get("rule", {}).get("providers", [])):
            if provider not in ctx.existing_providers:
                yield at(
                    ctx.site,
                    f"{base}/rule/providers/{index}",
                    f"rule names provider '{provider}', which has no record",
                    "use a provider id: the file name of a catalog/providers/*.yaml record",
                )


@check
def check_replacement(ctx: Context) -> Iterator[Problem]:
    for slug, model in ctx.models.items():
        data = model.data
        replacement = data.get("replacement")
        deprecated = data["status"] == "deprecated"
        if replacement is None:
            if deprecated:
                yield at(
                    model,
                    "/status",
                    "a deprecated model should name its replacement",
                    "add replacement: <provider>/<model> so readers know what to move to",
                    WARNING,
                )
            continue
        if not deprecated:
            yield at(
                model,
                "/replacement",
                "replacement is set but the model is not deprecated",
                "set status: deprecated with a sunset_date, or remove replacement",
                WARNING,
            )
        if replacement == slug:
            yield at(model, "/replacement", "a model cannot replace itself", "name a different model")
        elif replacement not in ctx.existing_models:
            yield at(
                model,
                "/replacement",
                f"replacement '{replacement}' has no record",
                f"add catalog/models/{replacement}.yaml or name an existing model",
            )
        elif replacement in ctx.models and ctx.models[replacement].data["status"] == "deprecated":
            yield at(
                model,
                "/replacement",
                f"replacement '{replacement}' is itself deprecated",
                "point at the model that replaces it",
                WARNING,
            )


@check
def check_logo(ctx: Context) -> Iterator[Problem]:
    for provider in ctx.providers.values():
        logo = provider.data.get("logo")
        if logo is not None and logo not in ctx.assets:
            yield at(
                provider,
                "/logo",
                f"logo '{logo}' is not in catalog/providers/",
                f"add catalog/providers/{logo} (an SVG file) or remove the field",
            )


@check
def check_unused_provider(ctx: Context) -> Iterator[Problem]:
    used = {_provider_of(slug) for slug in ctx.existing_models}
    for provider_id, provider in sorted(ctx.providers.items()):
        if provider_id not in used:
            yield at(
                provider,
                "",
                f"provider '{provider_id}' has no models",
                f"add models under catalog/models/{provider_id}/ or delete the record",
                WARNING,
            )


# ---------------------------------------------------------------- prices


@check
def check_units_fit_kind(ctx: Context) -> Iterator[Problem]:
    for model in ctx.models.values():
        kind = model.data["kind"]
        allowed = KINDS[kind].units
        for index, price in _prices(model):
            if price["unit"] not in allowed:
                yield at(
                    model,
                    f"/pricing/{index}/unit",
                    f"unit '{price['unit']}' does not fit {_a(kind)} model",
                    f"use one of: {', '.join(allowed)}",
                )


@check
def check_headline_price(ctx: Context) -> Iterator[Problem]:
    for model in ctx.models.values():
        kind = model.data["kind"]
        units = {p["unit"] for p in model.data["pricing"] if "above_tokens" not in p}
        needed = KINDS[kind].headline
        if not units.intersection(needed):
            yield at(
                model,
                "/pricing",
                f"{_a(kind)} model needs a base price in {' or '.join(needed)}",
                "add a component without above_tokens in that unit",
            )
        for unit in KINDS[kind].headline_also:
            if unit not in units:
                what = UNITS[unit].label.lower()
                hint = f"add the {what} price (amount: 0 if {what} is free)"
                yield at(model, "/pricing", f"{_a(kind)} model needs a {unit} price", hint)


@check
def check_amounts_plausible(ctx: Context) -> Iterator[Problem]:
    """Unit mix-ups (per token stored as per 1M, and the reverse) are the commonest catalog bug."""
    for model in ctx.models.values():
        for index, price in _prices(model):
            unit, amount = price["unit"], Decimal(price["amount"])
            note = price.get("plausibility_note")
            plausible = is_plausible(unit, amount)
            if not plausible and not note:
                spec = UNITS[unit]
                if amount > spec.high:
                    why = f"{format_amount(amount)} {spec.per} is above {format_amount(spec.high)}"
                    hint = "check the unit: a per-1K or per-token price may have been multiplied"
                else:
                    why = f"{format_amount(amount)} {spec.per} is below {format_amount(spec.low)}"
                    hint = "check the unit: this looks like a per-token price; multiply by 1,000,000"
                yield at(
                    model,
                    f"/pricing/{index}/amount",
                    f"implausible amount: {why}",
                    f"{hint}; if it is right, add plausibility_note: <why> to this component",
                )
            elif plausible and note:
                yield at(
                    model,
                    f"/pricing/{index}/plausibility_note",
                    "plausibility_note is not needed: the amount is in the usual range",
                    "remove it",
                    WARNING,
                )


@check
def check_duplicate_prices(ctx: Context) -> Iterator[Problem]:
    for slug, model in ctx.models.items():
        seen: dict[tuple, int] = {}
        for index, price in _prices(model):
            key = ctx.prices[slug][index].identity
            if key in seen:
                yield at(
                    model,
                    f"/pricing/{index}",
                    f"the same price component (unit {price['unit']}) is listed twice; first at /pricing/{seen[key]}",
                    "remove one, or tell them apart with tier, cache_ttl, window, above_tokens, size, quality or "
                    "resolution",
                )
            seen.setdefault(key, index)


_CONDITIONS = ("above_tokens", "cache_ttl", "size", "quality", "resolution")  # in the order they are checked


@check
def check_price_conditions(ctx: Context) -> Iterator[Problem]:
    """Tiers apply to token prices, cache lifetimes to cache writes, sizes and qualities to
    images, resolutions to video (each unit's `conditions`); a context-length tier must be
    reachable and have a base price to start from."""
    for slug, model in ctx.models.items():
        prices = ctx.prices[slug]
        for index, price in _prices(model):
            yield from _misplaced_conditions(model, index, price)
            if "above_tokens" in price:
                yield from _context_tier(model, index, prices[index], prices)


def _misplaced_conditions(model: RawRecord, index: int, price: dict[str, Any]) -> Iterator[Problem]:
    unit = UNITS[price["unit"]]
    for field in _CONDITIONS:
        if field in price and field not in unit.conditions:
            yield at(
                model,
                f"/pricing/{index}/{field}",
                f"'{field}' does not apply to unit {unit.id}",
                "remove it, or use a unit it applies to",
            )
    rule = price.get("above_tokens_rule")
    if rule is not None and "above_tokens" not in price:
        yield at(
            model,
            f"/pricing/{index}/above_tokens_rule",
            "above_tokens_rule is set but above_tokens is not",
            "add above_tokens: <tokens> where the tier starts, or remove above_tokens_rule",
        )
    elif rule == "incremental" and "above_tokens" in unit.conditions and not unit.is_prompt:
        yield at(
            model,
            f"/pricing/{index}/above_tokens_rule",
            f"an incremental tier does not apply to unit {unit.id}: it does not count prompt tokens",
            "remove above_tokens_rule: once the prompt is longer, all of this unit is priced at this amount",
        )


def _context_tier(model: RawRecord, index: int, price: Price, prices: list[Price]) -> Iterator[Problem]:
    """Every unit and every service tier: the threshold is inside the context window, and
    the same component without above_tokens prices shorter prompts (the cost engine needs it)."""
    tier, context = price.above_tokens or 0, model.data.get("context_window")
    if context is not None and tier >= context:
        yield at(
            model,
            f"/pricing/{index}/above_tokens",
            f"tier above {tier:,} tokens is beyond the context window ({context:,})",
            "check the tier threshold or the context_window",
        )
    base = replace(price, above_tokens=None, incremental=False)
    if not any(p.identity == base.identity for p in prices):
        condition = f" ({base.exact_condition})" if base.exact_condition else ""
        yield at(
            model,
            f"/pricing/{index}/above_tokens",
            f"a tier above {tier:,} tokens needs a base {price.unit} price{condition}",
            "add the same unit without above_tokens for shorter prompts",
        )


@check
def check_price_windows(ctx: Context) -> Iterator[Problem]:
    """A window is [start, end) in UTC and may wrap past midnight. The cost engine takes
    the window that holds the time, so two windows of one price that share a minute
    leave it two answers."""
    for model, prices in _models_pricing(ctx, _has_window):
        seen: dict[tuple[Any, ...], list[tuple[int, Window]]] = defaultdict(list)
        for index, price in enumerate(prices):
            window = price.window
            if window is None:
                continue
            if window.start == window.end:
                yield at(
                    model,
                    f"/pricing/{index}/window",
                    f"window {window.start}–{window.end} ends when it starts: it covers no time",
                    "set end to the minute the price stops applying; a price for the whole day needs no window",
                )
                continue
            key = replace(price, window=None).identity  # equal windows are duplicate-prices' to report
            clash = next(((i, w) for i, w in seen[key] if w != window and w.overlaps(window)), None)
            if clash is not None:
                yield at(
                    model,
                    f"/pricing/{index}/window",
                    f"window {window} overlaps {clash[1]} of /pricing/{clash[0]}",
                    "make the windows meet without sharing a minute: one's end is the next one's start",
                )
            seen[key].append((index, window))


def _has_window(price: Price) -> bool:
    return price.window is not None


@check
def check_window_has_default(ctx: Context) -> Iterator[Problem]:
    """Outside every window the cost engine takes the window-less price of the same unit,
    tier, options and context tier: without one, a call at any other time has no price."""
    for model, prices in _models_pricing(ctx, _has_window):
        identities = {p.identity for p in prices}
        for index, price in enumerate(prices):
            if price.window is not None and replace(price, window=None).identity not in identities:
                yield at(
                    model,
                    f"/pricing/{index}/window",
                    f"{price.label} has no price outside its window",
                    "add the same component without window: the price at every other time of day",
                )


@check
def check_discount_tiers(ctx: Context) -> Iterator[Problem]:
    """Batch and flex are sold below the standard price; one above it is usually a typo or
    a swapped tier (a warning: the amount is the provider's to set)."""
    for model, prices in _models_pricing(ctx, lambda price: price.tier in DISCOUNT_TIERS):
        standard = {p.identity: i for i, p in reversed(list(enumerate(prices))) if p.tier is None}
        for index, price in enumerate(prices):
            first = standard.get(replace(price, tier=None).identity) if price.tier in DISCOUNT_TIERS else None
            if first is not None and price.amount > prices[first].amount:
                yield _dearer(
                    model, index, price, first, prices[first], f"{price.tier} is sold below the standard price"
                )


@check
def check_cache_read_price(ctx: Context) -> Iterator[Problem]:
    """A cache read is sold below the input price it replaces (same tier and context tier);
    one above it is usually two amounts swapped (a warning)."""
    for model, prices in _models_pricing(ctx, lambda price: price.unit == "per_1m_cached_input_tokens"):
        inputs = {p.identity: i for i, p in reversed(list(enumerate(prices))) if p.unit == "per_1m_input_tokens"}
        for index, price in enumerate(prices):
            if price.unit != "per_1m_cached_input_tokens":
                continue
            first = inputs.get(replace(price, unit="per_1m_input_tokens").identity)
            if first is not None and price.amount > prices[first].amount:
                yield _dearer(model, index, price, first, prices[first], "a cache read is sold below the input price")


def _dearer(model: RawRecord, index: int, price: Price, first: int, other: Price, why: str) -> Problem:
    currency = model.data.get("currency", DEFAULT_CURRENCY)
    return at(
        model,
        f"/pricing/{index}/amount",
        f"{price.label} at {format_money(price.amount, currency)} is above {other.label} at "
        f"{format_money(other.amount, currency)} (/pricing/{first})",
        f"check both amounts: {why}",
        WARNING,
    )


@check
def check_currency(ctx: Context) -> Iterator[Problem]:
    for model in ctx.models.values():
        code = model.data.get("currency")
        if code is not None and not is_currency(code):
            yield at(
                model,
                "/currency",
                f"'{code}' is not an ISO 4217 currency code",
                "write the code of the currency the provider bills in, e.g. USD, EUR or CNY",
            )


# ---------------------------------------------------------------- shape of the model


@check
def check_modalities_fit_kind(ctx: Context) -> Iterator[Problem]:
    for model in ctx.models.values():
        kind, modalities = model.data["kind"], model.data["modalities"]
        needed = set(KINDS[kind].outputs)
        if not needed & set(modalities["output"]):
            yield at(
                model,
                "/modalities/output",
                f"{_a(kind)} model must list {' or '.join(sorted(needed))} as an output",
                f"add {sorted(needed)[0]} to modalities.output, or change kind",
            )
        needed_input = KINDS[kind].required_input
        if needed_input and needed_input not in modalities["input"]:
            message = f"{_a(kind)} model must take {needed_input} input"
            yield at(model, "/modalities/input", message, f"add {needed_input} to modalities.input")
        vision = model.data.get("capabilities", {}).get("vision")
        if vision and "image" not in modalities["input"]:
            yield at(
                model,
                "/capabilities/vision",
                "vision is true but image is not an input modality",
                "add image to modalities.input, or set vision: false",
            )


@check
def check_kind_fields(ctx: Context) -> Iterator[Problem]:
    for model in ctx.models.values():
        kind = model.data["kind"]
        rule = KINDS[kind]
        for field in KIND_ONLY_FIELDS:
            if field in model.data and field not in rule.fields:
                yield at(model, f"/{field}", f"'{field}' does not apply to {_a(kind)} model", "remove it", WARNING)
        for field, placeholder in rule.required.items():
            if field not in model.data:
                yield at(model, "", f"{_a(kind)} model needs {field}", f"add {field}: {placeholder}")
        yield from _own_api_listed(model, rule)
        window, most = model.data.get("context_window"), model.data.get("max_output_tokens")
        if window is not None and most is not None and most > window:
            yield at(
                model,
                "/max_output_tokens",
                f"max_output_tokens ({most:,}) is larger than context_window ({window:,})",
                "check both numbers",
            )


def _own_api_listed(model: RawRecord, rule: Kind) -> Iterator[Problem]:
    """`apis` names the kind's own endpoint: a model served only through a further API
    (a Responses-only chat model) would need its page and spec entry built around that API."""
    apis = model.data.get("apis")
    if rule.api and isinstance(apis, list) and rule.api not in apis:
        served = ", ".join(map(str, apis))
        message = f"apis must include {rule.api}: a model served only through {served} is not supported yet"
        yield at(model, "/apis", message, f"add {rule.api} to apis")


@check
def check_dates(ctx: Context) -> Iterator[Problem]:
    for model in ctx.models.values():
        dates = {}
        for field in ("release_date", "sunset_date"):
            if field in model.data:
                dates[field] = _parse_date(model.data[field])
                if dates[field] is None:
                    yield at(
                        model,
                        f"/{field}",
                        f"'{model.data[field]}' is not a real date",
                        "write a calendar date as YYYY-MM-DD",
                    )
        release, sunset = dates.get("release_date"), dates.get("sunset_date")
        if release and sunset and sunset < release:
            yield at(model, "/sunset_date", "sunset_date is before release_date", "check both dates")
        if sunset and model.data["status"] != "deprecated":
            yield at(
                model,
                "/sunset_date",
                "sunset_date is set but status is not deprecated",
                "set status: deprecated, or remove sunset_date",
                WARNING,
            )


# A tag starts right after '<' ('a < b' is text); '<https://...>' and '<me@x.org>' are Markdown autolinks.
_RAW_HTML = re.compile(r"<(?![a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*>|[^\s<>@]+@[^\s<>]+>)[a-zA-Z!/?]")


@check
def check_markdown_has_no_html(ctx: Context) -> Iterator[Problem]:
    """Raw HTML in Markdown is removed when publishing; tell the author before they wonder why."""
    for record in [*ctx.models.values(), *ctx.providers.values()]:
        fields = [("/description", record.data.get("description", ""))]
        fields += [(f"/faq/{i}/answer", f["answer"]) for i, f in enumerate(record.data.get("faq", []))]
        for pointer, text in fields:
            if _RAW_HTML.search(text):
                yield at(
                    record,
                    pointer,
                    "raw HTML in Markdown is removed from the published page",
                    "use Markdown instead: **bold**, [link](https://...), lists",
                    WARNING,
                )


@check
def check_placeholders(ctx: Context) -> Iterator[Problem]:
    """What `build.py new` and `import` leave to fill in (placeholders.py): warnings, so
    that `validate --strict` in CI fails a record nobody finished."""
    for record in [*([ctx.site] if ctx.site else []), *ctx.providers.values(), *ctx.models.values()]:
        yield from find_placeholders(record)


# ---------------------------------------------------------------- site.yaml


@check
def check_site_tables(ctx: Context) -> Iterator[Problem]:
    if ctx.site is None:
        return
    statuses: dict[int, int] = {}
    for index, entry in enumerate(ctx.site.data["errors"]):
        if entry["status"] in statuses:
            yield at(
                ctx.site,
                f"/errors/{index}/status",
                f"status {entry['status']} is listed twice in errors",
                f"merge it with /errors/{statuses[entry['status']]}",
            )
        statuses.setdefault(entry["status"], index)
    given = ctx.site.data.get("kinds", {})
    effective = [(kind, spec["endpoint"], True) for kind, spec in given.items()]
    effective += [(kind.id, kind.endpoint, False) for kind in KINDS.values() if kind.id not in given]
    endpoints: dict[str, str] = {}
    for kind, endpoint, stated in effective:
        if endpoint in endpoints:
            first = endpoints[endpoint]
            where, other = (kind, first) if stated else (first, f"{kind} (by default)")
            message = f"endpoint {endpoint} is also used by {other}"
            yield at(ctx.site, f"/kinds/{where}/endpoint", message, "each kind needs its own endpoint")
        endpoints.setdefault(endpoint, kind)
