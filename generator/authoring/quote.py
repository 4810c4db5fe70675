"""`build.py cost`: price one usage of a catalog model, itemized, as text or JSON.

The pricing itself is the cost engine (generator/catalog/cost.py); this module finds
the model and the offer to price (`--offer`), reads a usage file and formats the answer.
A model served by several upstreams is priced with each of its offers too, so the answer
can rank them for that usage.

With a day (`--at 2025-06-01`), the usage is priced as billed on that day: the record's
price list in effect then (`Model.at`), named with its dates and source. A day no price
list holds (before the oldest one recorded, or in a gap of the history) is an error, not
a guess. Offers carry no price history, so with a day only the record's own pricing is
priced: `--offer` naming another offer (or `cheapest`, when there are others) is refused.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.build.config import Config, build_date_from_env
from generator.build.pipeline import check
from generator.catalog.cost import Cost, CostError, Usage, cost, usage_from_openai
from generator.catalog.problems import Problem, did_you_mean
from generator.catalog.records import Catalog, Model, Offer, PricePeriod
from generator.catalog.registry import format_money, in_cents, plain_decimal

CHEAPEST = "cheapest"  # --offer cheapest: the first of `Quote.offers`


@dataclass(frozen=True)
class OfferTotal:
    """One offer's price for the usage, or why it cannot price it."""

    offer: Offer
    bill: Cost | None
    error: str = ""


@dataclass(frozen=True)
class Quote:
    bill: Cost
    usage_fields: list[str] = field(default_factory=list)  # what a --usage file contributed
    offer: Offer | None = None  # the offer `bill` priced (None only for a Quote built by hand)
    offers: tuple[OfferTotal, ...] = ()  # every offer of the model for the same usage, cheapest first
    day: dt.date | None = None  # the day it is priced as billed on (--at DATE); None: today's prices
    period: PricePeriod | None = None  # the price list in effect that day; None: no day, or no history
    price_source: str = ""  # where the priced prices were published
    uncompared: tuple[Offer, ...] = ()  # the other offers, left out with a day: they carry no history

    @property
    def other_offers(self) -> tuple[OfferTotal, ...]:
        return tuple(t for t in self.offers if t.offer != self.offer)


class QuoteError(Exception):
    """The model, usage or catalog cannot be priced; the message says what is possible."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def quote(
    catalog_dir: Path,
    slug: str,
    usage: Usage,
    tier: str | None = None,
    at: str | None = None,
    usage_file: Path | None = None,
    offer_id: str | None = None,
    day: dt.date | None = None,
) -> Quote:
    """Price `usage` of the model named `slug` with the offer `offer_id` (an offer id, a
    provider with one offer, or 'cheapest'); without one, with the record's own pricing.
    `day`: price it as billed on that day (the record's own pricing only)."""
    catalog = _load(catalog_dir)
    model = find_model(catalog, slug)
    period = None
    if day is not None:
        model, period = price_on(model, day)
        _refuse_offers_on_a_day(model, offer_id, day)
    named = find_offer(model, offer_id) if offer_id not in (None, CHEAPEST) else None
    used: list[str] = []
    if usage_file is not None:
        from_file, used = usage_from_openai(_read_usage(usage_file), model.as_offered(named or model.own_offer))
        usage = _add(usage, from_file)
    fee = catalog.site.fee_percent
    offers = model.all_offers if day is None else (model.own_offer,)
    totals = rank_offers(model, [_price_offer(model, o, usage, tier, at, fee) for o in offers])
    chosen = named or (totals[0].offer if offer_id == CHEAPEST else model.own_offer)
    priced = model.as_offered(chosen)
    try:
        bill = cost(priced, usage, tier, at, fee)
    except CostError as exc:
        raise QuoteError(f"{exc}{_via(model, chosen)}") from exc
    uncompared = model.offers if day is not None else ()
    return Quote(bill, used, chosen, totals, day, period, priced.price_source, uncompared)


def price_on(model: Model, day: dt.date) -> tuple[Model, PricePeriod | None]:
    """The model as billed on `day` and the period holding it (None: the record has no
    price history, so its pricing holds every day). Unlike `Model.at`, a day no period
    holds is an error rather than the listed price."""
    if not model.periods:
        return model, None
    period = next((p for p in model.periods if p.contains(day)), None)
    if period is None:
        raise QuoteError(_unrecorded(model, day))
    return model.at(day), period


def _unrecorded(model: Model, day: dt.date) -> str:
    """Why no period holds `day`: it is before the oldest one, or in a gap of the history."""
    oldest = model.periods[0].start
    if oldest is not None and day < oldest:
        return (
            f"the catalog has no price recorded for {model.slug} on {day}: its oldest recorded price "
            f"took effect on {oldest}; give a day on or after it"
        )
    ended = max(p.end for p in model.periods if p.end is not None and p.end <= day)
    resumed = min(p.start for p in model.periods if p.start is not None and p.start > day)
    return (
        f"the catalog has no price recorded for {model.slug} on {day}: its price history has a gap "
        f"from {ended} until {resumed}"
    )


def _refuse_offers_on_a_day(model: Model, offer_id: str | None, day: dt.date) -> None:
    """Offers carry no price history: with a day, only the record's own pricing is known."""
    if offer_id is None or not model.offers:
        return
    if offer_id == CHEAPEST:
        what = "--offer cheapest cannot compare their prices"
    else:
        offer = find_offer(model, offer_id)
        if offer.own:
            return
        what = f"the price of {offer.id} is not known"
    raise QuoteError(
        f"offers carry no price history, so {what} on {day}; leave out --offer to price "
        f"{model.slug}'s own pricing on that day, or leave out the day to price the offers as they are today"
    )


def find_offer(model: Model, offer_id: str) -> Offer:
    """The offer by its id ('hostco@us'), or by its provider when that provider has one offer."""
    offers = (model.own_offer, *model.offers)  # file order, for the message
    exact = next((o for o in offers if o.id == offer_id), None)
    if exact is not None:
        return exact
    of_provider = [o for o in offers if o.provider_id == offer_id]
    if len(of_provider) == 1:
        return of_provider[0]
    ids = [o.id for o in offers]
    if of_provider:
        raise QuoteError(
            f"{offer_id} serves {model.slug} in {len(of_provider)} offers; "
            f"give one of: {', '.join(o.id for o in of_provider)}"
        )
    hint = did_you_mean(offer_id, ids)
    hint = f"{hint} " if hint else ""
    raise QuoteError(f"{model.slug} has no offer {offer_id!r}; {hint}its offers: {', '.join([*ids, CHEAPEST])}")


def _price_offer(
    model: Model, offer: Offer, usage: Usage, tier: str | None, at: str | None, fee: Decimal
) -> OfferTotal:
    try:
        return OfferTotal(offer, cost(model.as_offered(offer), usage, tier, at, fee))
    except CostError as exc:
        return OfferTotal(offer, None, str(exc))


def rank_offers(model: Model, totals: list[OfferTotal]) -> tuple[OfferTotal, ...]:
    """Cheapest total first among the offers in the record's currency; then a deprecated
    offer, then one in another currency, then one that cannot price the usage. Ties keep
    `Model.all_offers` order (the cheaper headline price first)."""

    def key(item: tuple[int, OfferTotal]) -> tuple[object, ...]:
        index, total = item
        if total.bill is None:
            return (3, "", Decimal(0), index)
        rank = 2 if total.offer.currency != model.currency else 1 if total.offer.status == "deprecated" else 0
        return (rank, total.offer.currency, total.bill.total, index)

    return tuple(total for _, total in sorted(enumerate(totals), key=key))


def _via(model: Model, offer: Offer) -> str:
    """' (offer hostco@us)' when the model has several offers, so an error names the one priced."""
    return f" (offer {offer.id})" if len(model.all_offers) > 1 and not offer.own else ""


def _load(catalog_dir: Path) -> Catalog:
    result = check(Config(catalog=catalog_dir, build_date=build_date_from_env()))  # the build's price date
    if result.catalog is None:
        errors = [p for p in result.problems if p.is_error]
        raise QuoteError(f"the catalog has {len(errors)} error(s); run `build.py validate`", errors)
    return result.catalog


def find_model(catalog: Catalog, name: str) -> Model:
    """A model by slug, or by an alias of one."""
    if name in catalog.models:
        return catalog.models[name]
    aliased = [m for m in catalog.models.values() if name in m.aliases or f"{m.provider_id}/{name}" in m.aliases]
    if len(aliased) == 1:
        return aliased[0]
    hint = did_you_mean(name, catalog.models) or f"give a slug such as {next(iter(catalog.models), 'provider/model')}"
    raise QuoteError(f"unknown model {name!r}; {hint}")


def _read_usage(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuoteError(f"cannot read the usage file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise QuoteError(f"{path}: expected a JSON object (an API response or its `usage` object)")
    return data


def _add(a: Usage, b: Usage) -> Usage:
    values = {name: getattr(a, name) + getattr(b, name) for name in a.quantities() | b.quantities()}
    options = {name: getattr(a, name) for name in ("cache_ttl", "size", "quality", "resolution")}
    return Usage(**values, **options)


# ---------------------------------------------------------------- formats


def _money(amount: Decimal, currency: str) -> str:
    return format_money(in_cents(amount), currency)


def format_text(q: Quote) -> str:
    bill = q.bill
    via = f" via {q.offer.id}" if q.offer is not None and len(q.offers) > 1 else ""
    when = (f" on {q.day}" if q.day else "") + (f" at {bill.at} UTC" if bill.at else "")
    head = bill.model + via + (f", {bill.tier} tier" if bill.tier else "") + (f",{when}" if when else "")
    rows = [
        (
            line.label,
            f"{line.quantity:,} × {_money(line.price.amount, bill.currency)} {line.price.spec.per}",
            _money(line.subtotal, bill.currency),
            line.note,
        )
        for line in bill.lines
    ]
    width = max((len(r[0]) + len(r[1]) for r in rows), default=20) + 4
    lines = [f"{head} ({bill.currency})"]
    for label, how, subtotal, note in rows:
        lines.append(f"  {label}: {how}".ljust(width + 4) + f" {subtotal}" + (f"  ({note})" if note else ""))
    lines.append(f"  total: {_money(bill.total, bill.currency)}")
    fee = f"{bill.fee_percent.normalize():f}"
    lines.append(f"  total with the {fee}% platform fee: {_money(bill.total_with_fee, bill.currency)}")
    if q.day is not None:
        lines.append(f"priced as billed on {q.day}: {_dated(q)}")
    if q.usage_fields:
        lines.append(f"usage fields read: {', '.join(q.usage_fields)}")
    if q.uncompared:
        ids = ", ".join(o.id for o in q.uncompared)
        lines.append(f"other offers not compared on that day (offers carry no price history): {ids}")
    if len(q.offers) > 1:
        lines.append("other offers for the same usage, cheapest first (--offer ID to itemize one):")
        lines += [f"  {_offer_line(total)}" for total in q.other_offers]
    return "\n".join(lines) + "\n"


def _dated(q: Quote) -> str:
    """Which price list a dated quote used and where it was published: 'the price list in
    effect from 2025-04-16 until 2025-06-10 (source: https://...)'."""
    period = q.period
    if period is None:
        return f"the record's pricing; the catalog records no price history for it (source: {q.price_source})"
    start, end = period.start, period.end
    span = f"from {start} until {end}" if start and end else f"since {start}" if start else f"until {end}"
    if not (start or end):
        span = "on every day"
    kind, label = ("the scheduled price list", "announcement") if period.scheduled else ("the price list", "source")
    return f"{kind} in effect {span} ({label}: {q.price_source})"


def _offer_line(total: OfferTotal) -> str:
    """'hostco@us: $1.9000 (with the fee: $1.99500)', 'hostco@eu (preview): ...' or why it cannot."""
    offer = total.offer
    name = offer.id + (f" ({offer.status})" if offer.status != "active" else "")
    if total.bill is None:
        return f"{name}: cannot be priced: {total.error}"
    bill = total.bill
    return f"{name}: {_money(bill.total, bill.currency)} (with the fee: {_money(bill.total_with_fee, bill.currency)})"


def format_json(q: Quote) -> str:
    bill = q.bill
    data = {
        "model": bill.model,
        "currency": bill.currency,
        "tier": bill.tier or "standard",
        "at": bill.at,
        "lines": [
            {
                "component": line.label,
                "unit": line.price.unit,
                "quantity": plain_decimal(line.quantity),
                "unit_price": plain_decimal(line.price.amount),
                "subtotal": plain_decimal(line.subtotal),
                "note": line.note,
            }
            for line in bill.lines
        ],
        "total": plain_decimal(bill.total),
        "fee_percent": plain_decimal(bill.fee_percent),
        "total_with_fee": plain_decimal(bill.total_with_fee),
        "usage_fields": q.usage_fields,
        "offer": q.offer.id if q.offer is not None else None,
        "offers": [_offer_json(total) for total in q.offers],
        "date": q.day.isoformat() if q.day else None,
        "price_source": q.price_source,
        "price_period": _period_json(q.period),
        "uncompared_offers": [o.id for o in q.uncompared],
    }
    return json.dumps(data, indent=2) + "\n"


def _period_json(period: PricePeriod | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {
        "from": period.start.isoformat() if period.start else None,
        "until": period.end.isoformat() if period.end else None,
        "scheduled": period.scheduled,
        "source": period.source,
    }


def _offer_json(total: OfferTotal) -> dict[str, Any]:
    offer, bill = total.offer, total.bill
    return {
        "id": offer.id,
        "provider": offer.provider_id,
        "region": offer.region,
        "status": offer.status,
        "currency": offer.currency,
        "total": plain_decimal(bill.total) if bill else None,
        "total_with_fee": plain_decimal(bill.total_with_fee) if bill else None,
        "error": total.error or None,
    }


FORMATS = {"text": format_text, "json": format_json}
