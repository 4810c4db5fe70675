"""`diff`: a record's other offers compared one by one, keyed by offer id ('hostco@us'):
added, removed, repriced, or with other limits, status, source or note; and their warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.authoring.diff_prices import PriceChange, price_changes, price_warning
from generator.catalog.records import Model, Offer, Price, headline_of

OFFER_FIELDS = ("currency", "status", "context_window", "max_output_tokens", "price_source")  # Offer attributes


@dataclass
class OfferChange:
    """One offer added, removed or changed. An added offer's prices are all new (old None),
    a removed one's all removed (new None)."""

    id: str  # 'hostco@us'
    change: str  # 'added', 'removed' or 'changed'
    status: str  # the offer's status (the old one for a removed offer)
    headline: tuple[Price, ...]  # its headline prices (the old ones for a removed offer)
    prices: list[PriceChange] = field(default_factory=list)
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # OFFER_FIELDS that changed
    edited: list[str] = field(default_factory=list)  # 'note' when it changed


def _offer_change(change: str, offer: Offer, kind: str, prices: list[PriceChange]) -> OfferChange:
    return OfferChange(offer.id, change, offer.status, headline_of(kind, offer.pricing) or offer.pricing[:1], prices)


def offer_changes(old: Model, new: Model) -> list[OfferChange]:
    """The record's other offers, compared by id (sorted); the own pricing is not among them."""
    before = {o.id: o for o in old.offers}
    after = {o.id: o for o in new.offers}
    changes = []
    for offer_id in sorted(set(before) | set(after)):
        a, b = before.get(offer_id), after.get(offer_id)
        if b is None:
            changes.append(_offer_change("removed", a, old.kind, price_changes(a.pricing, ())))
        elif a is None:
            changes.append(_offer_change("added", b, new.kind, price_changes((), b.pricing)))
        else:
            change = _offer_change("changed", b, new.kind, price_changes(a.pricing, b.pricing))
            change.fields = [(f, getattr(a, f), getattr(b, f)) for f in OFFER_FIELDS if getattr(a, f) != getattr(b, f)]
            change.edited = ["note"] if a.note != b.note else []
            if change.prices or change.fields or change.edited:
                changes.append(change)
    return changes


def offer_warnings(changes: list[OfferChange], before: Model, after: Model) -> list[str]:
    """The model's warnings, for each offer: 'offer hostco@us: ...'."""
    old = {o.id: o for o in before.offers}
    new = {o.id: o for o in after.offers}
    messages = []
    for change in changes:
        found: list[str] = []
        if change.change == "removed" and change.status != "deprecated":
            found.append(f"removed without being deprecated first (status was {change.status})")
        elif change.change == "changed":
            a, b = old[change.id], new[change.id]
            becomes_free = _is_free(b) and not _is_free(a)
            if becomes_free:
                found.append("a paid offer becomes free: every price is now 0")
            if a.currency != b.currency:
                found.append(
                    f"the currency changes from {a.currency} to {b.currency}: every amount now means something else"
                )
            found += [m for m in (price_warning(p, becomes_free) for p in change.prices) if m]
        messages += [f"offer {change.id}: {m}" for m in found]
    return messages


def _is_free(offer: Offer) -> bool:
    return all(p.amount == 0 for p in offer.pricing)
