"""Rules on the rest of a model: modalities, kind fields, dates, Markdown, placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.catalog.checks import Context, _a, _parse_date, at, check
from generator.catalog.kinds.base import Kind
from generator.catalog.load import RawRecord
from generator.catalog.placeholders import find_placeholders
from generator.catalog.problems import WARNING, Problem
from generator.catalog.registry import (
    KIND_ONLY_FIELDS,
    KINDS,
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
        yield from _limits(model)


def _limits(model: RawRecord) -> Iterator[Problem]:
    """max_output_tokens fits in context_window, the record's and each offer's (an offer
    inherits the record's limit it does not set)."""
    data = model.data
    limits = [("", data)] + [(f"/offers/{i}", offer) for i, offer in enumerate(data.get("offers", []))]
    for base, where in limits:
        window = where.get("context_window", data.get("context_window"))
        most = where.get("max_output_tokens", data.get("max_output_tokens"))
        if window is not None and most is not None and most > window and (base == "" or where.keys() & _LIMITS):
            field = "max_output_tokens" if "max_output_tokens" in where else "context_window"
            yield at(
                model,
                f"{base}/{field}",
                f"max_output_tokens ({most:,}) is larger than context_window ({window:,})",
                "check both numbers",
            )


_LIMITS = {"context_window", "max_output_tokens"}


def _own_api_listed(model: RawRecord, rule: Kind) -> Iterator[Problem]:
    """`apis` names the kind's own endpoint: a model served only through a further API
    (a Responses-only chat model) would need its page and spec entry built around that API."""
    apis = model.data.get("apis")
    if rule.api and isinstance(apis, list) and rule.api not in apis:
        served = ", ".join(map(str, apis))
        message = f"apis must include {rule.api}: a model served only through {served} is not supported yet"
        yield at(model, "/apis", message, f"add {rule.api} to apis")


def _unreal_dates(model: RawRecord) -> Iterator[Problem]:
    """The days of price_history and scheduled_prices are calendar dates."""
    for field, keys in (("price_history", ("from", "until")), ("scheduled_prices", ("from",))):
        for index, entry in enumerate(model.data.get(field, [])):
            for key in keys:
                if key in entry and _parse_date(entry[key]) is None:
                    yield at(
                        model,
                        f"/{field}/{index}/{key}",
                        f"'{entry[key]}' is not a real date",
                        "write a calendar date as YYYY-MM-DD",
                    )


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
        yield from _unreal_dates(model)
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


# A dollar (or euro, pound, yen) amount in prose with fewer than two decimals: '$30', '$2.5'.
_LOOSE_MONEY = re.compile(r"(?<![\w$€£¥])([$€£¥])(\d[\d,]*)(\.\d)?(?![\d.,]*\d)")


def _prose(data: dict) -> Iterator[tuple[str, str]]:
    """(pointer, text) of every sentence a contributor writes about a model."""
    yield "/description", data["description"]
    for index, entry in enumerate(data.get("faq", [])):
        yield f"/faq/{index}/question", entry["question"]
        yield f"/faq/{index}/answer", entry["answer"]
    for field in ("price_history", "scheduled_prices", "offers"):
        for index, entry in enumerate(data.get(field, [])):
            if "note" in entry:
                yield f"/{field}/{index}/note", entry["note"]


@check
def check_money_in_prose(ctx: Context) -> Iterator[Problem]:
    """Every price on the site is shown as money ($2.50, $0.030); the text of a record too."""
    for model in ctx.models.values():
        for pointer, text in _prose(model.data):
            if not _has_currency_symbol(text):
                continue
            loose = list(_LOOSE_MONEY.finditer(text))
            if not loose:
                continue
            amounts = list(dict.fromkeys(m.group(0) for m in loose))
            written, fixed = ", ".join(amounts), ", ".join(dict.fromkeys(_as_money(m) for m in loose))
            yield at(
                model,
                pointer,
                f"{written} {'is' if len(amounts) == 1 else 'are'} not written as money",
                f"write {fixed}: at least two decimals, as every price on the site",
                WARNING,
            )


def _has_currency_symbol(text: str) -> bool:
    """Whether _LOOSE_MONEY can match at all (a substring search is cheaper than its scan)."""
    return "$" in text or "€" in text or "£" in text or "¥" in text


def _as_money(match: re.Match[str]) -> str:
    symbol, whole, fraction = match.group(1), match.group(2), match.group(3)
    return f"{symbol}{whole}{fraction + '0' if fraction else '.00'}"
