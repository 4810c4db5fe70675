"""The diff report as text (a terminal), Markdown (a pull-request comment or a GitHub
job summary) and JSON (one document, amounts as exact decimal strings)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from generator.authoring.diff import DiffReport, ModelChange
from generator.authoring.diff_history import HISTORY, TOOK_EFFECT, HistoryChange
from generator.authoring.diff_offers import OfferChange
from generator.authoring.diff_prices import PriceChange
from generator.catalog.records import Model, Price
from generator.catalog.registry import plain_decimal


def percent(old: Decimal | None, new: Decimal | None) -> str:
    """'+50%', '-16.7%', 'new', 'removed', 'from 0'."""
    if old is None:
        return "new"
    if new is None:
        return "removed"
    if old == 0:
        return "from 0"
    change = (new - old) / old * 100
    text = f"{change.quantize(Decimal('0.1'), rounding=ROUND_HALF_EVEN):f}".removesuffix(".0")
    return f"+{text}%" if change > 0 else f"{text}%"


def price_line(price: PriceChange) -> str:
    """'per_1m_input_tokens: 0.030 -> 0.045 (+50%)'."""
    old = plain_decimal(price.old) if price.old is not None else "(none)"
    new = plain_decimal(price.new) if price.new is not None else "(none)"
    return f"{price.component}: {old} -> {new} ({percent(price.old, price.new)})"


def headline(model: Model) -> str:
    return _prices(model.headline_prices or model.pricing[:1])


def _prices(prices: tuple[Price, ...]) -> str:
    return ", ".join(f"{plain_decimal(p.amount)} {p.unit}" for p in prices)


def offer_lines(offer: OfferChange, prices: bool = True) -> list[str]:
    """'offer hostco@us: per_1m_input_tokens: 1.10 -> 1.20 (+9.1%)', 'offer hostco@eu: removed
    (status was preview)'; without `prices`, a changed offer's price lines are left to a table."""
    name = f"offer {offer.id}"
    if offer.change == "added":
        return [f"{name}: added ({offer.status}; {_prices(offer.headline)})"]
    if offer.change == "removed":
        return [f"{name}: removed (status was {offer.status})"]
    lines = [f"{name}: {price_line(p)}" for p in offer.prices] if prices else []
    lines += [f"{name}: {field}: {_show(a)} -> {_show(b)}" for field, a, b in offer.fields]
    return lines + ([f"{name}: edited: {', '.join(offer.edited)}"] if offer.edited else [])


def history_where(change: HistoryChange) -> str:
    """'price history 2025-04-16 to 2025-06-10', 'price history until 2025-06-10' or
    'scheduled change 2027-01-15': the entry, by its dates."""
    if change.list != HISTORY:
        return f"scheduled change {change.start}"
    return "price history " + (f"{change.start} to {change.end}" if change.start else f"until {change.end}")


def history_details(change: HistoryChange) -> list[str]:
    """'added (10 per_1m_input_tokens, 40 per_1m_output_tokens)', 'took effect (now the
    pricing)', or an edited entry's price, date, source and note changes, one each."""
    if change.change == TOOK_EFFECT:
        return ["took effect (now the record's pricing)"]
    if change.change in ("added", "removed"):
        return [f"{change.change} ({_prices(change.headline)})"]
    lines = [price_line(p) for p in change.prices]
    lines += [f"{field}: {_show(a)} -> {_show(b)}" for field, a, b in change.fields]
    return lines + (["edited: note"] if change.edited else [])


def history_lines(change: ModelChange) -> list[str]:
    """'price history 2025-04-16 to 2025-06-10: added (...)', one per detail."""
    return [f"{history_where(h)}: {line}" for h in change.history for line in history_details(h)]


def change_lines(change: ModelChange, offer_prices: bool = True, history: bool = True) -> list[str]:
    """One line per change: the own prices first, then the price history and schedule,
    the offers (by id) last; without `history`, those are left to a table."""
    lines = [price_line(p) for p in change.prices]
    lines += history_lines(change) if history else []
    lines += [f"{feature}: {'yes' if a else 'no'} -> {'yes' if b else 'no'}" for feature, a, b in change.capabilities]
    if change.modalities:
        lines.append("modalities: " + ", ".join(change.modalities))
    if change.status:
        lines.append(f"status: {change.status[0]} -> {change.status[1]}")
    lines += [f"{name}: {_show(a)} -> {_show(b)}" for name, a, b in change.fields]
    if change.edited:
        lines.append("edited: " + ", ".join(change.edited))
    return lines + [line for offer in change.offers for line in offer_lines(offer, offer_prices)]


def _show(value: Any) -> str:
    return "(none)" if value is None else plain_decimal(value) if isinstance(value, Decimal) else str(value)


def _counts(report: DiffReport) -> str:
    return (
        f"{len(report.added)} added, {len(report.removed)} removed, {len(report.renamed)} renamed, "
        f"{len(report.changed)} changed, {len(report.warnings)} warning(s)"
    )


def _side_notes(report: DiffReport) -> list[str]:
    notes = []
    for name, side in (("base", report.base), ("head", report.head)):
        if side.errors:
            notes.append(f"the {name} catalog ({side.label}) is invalid: {side.errors} error(s); compared what loads")
        if side.skipped:
            notes.append(
                f"{len(side.skipped)} {name} record(s) could not be read and are left out: "
                + ", ".join(side.skipped[:10])
            )
    return notes


def format_text(report: DiffReport) -> str:
    out = [f"catalog diff {report.base.label} -> {report.head.label}: {_counts(report)}"]
    out += [f"note: {n}" for n in _side_notes(report)]
    out += [f"warning: {w.slug + ': ' if w.slug else ''}{w.message}" for w in report.warnings]
    out += [f"added {m.slug} ({m.kind}; {headline(m)})" for m in report.added]
    out += [f"removed {m.slug} (status was {m.status})" for m in report.removed]
    for change in report.renamed:
        out.append(f"renamed {change.old_slug} -> {change.slug}")
        out += [f"    {line}" for line in change_lines(change)]
    for change in report.changed:
        out.append(f"changed {change.slug}")
        out += [f"    {line}" for line in change_lines(change)]
    if report.is_empty:
        out.append("no model changes")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")


def format_markdown(report: DiffReport) -> str:
    out = [
        f"### Catalog changes: `{_md(report.base.label)}` → `{_md(report.head.label)}`",
        "",
        f"**{_counts(report)}**",
    ]
    notes = _side_notes(report)
    if notes:
        out += ["", *[f"> **Note:** {_md(n)}" for n in notes]]
    if report.warnings:
        out += ["", "#### ⚠️ Warnings (suspicious changes)", ""]
        out += [f"- {'`' + w.slug + '`: ' if w.slug else ''}{_md(w.message)}" for w in report.warnings]
    if report.added:
        out += [
            "",
            f"#### Added ({len(report.added)})",
            "",
            "| model | kind | status | headline price |",
            "|---|---|---|---|",
        ]
        out += [f"| `{m.slug}` | {m.kind} | {m.status} | {_md(headline(m))} |" for m in report.added]
    if report.removed:
        out += ["", f"#### Removed ({len(report.removed)})", ""]
        out += [f"- `{m.slug}` (status was {m.status})" for m in report.removed]
    if report.renamed:
        out += ["", f"#### Renamed ({len(report.renamed)})", ""]
        for change in report.renamed:
            out.append(f"- `{change.old_slug}` → `{change.slug}`" + ("" if change.is_empty else ", and:"))
            out += [f"  - {_md(line)}" for line in change_lines(change)]
    if report.changed:
        out += ["", f"#### Changed ({len(report.changed)})", ""]
        for change in report.changed:
            out += _change_markdown(change)
    if report.is_empty:
        out += ["", "No model changes."]
    return "\n".join(out).rstrip() + "\n"


def _change_markdown(change: ModelChange) -> list[str]:
    out = [f"**`{change.slug}`**", ""]
    if change.prices:
        out += ["| price | old | new | change |", "|---|--:|--:|--:|"]
        for p in change.prices:
            old = plain_decimal(p.old) if p.old is not None else "—"
            new = plain_decimal(p.new) if p.new is not None else "—"
            out.append(f"| `{p.component}` | {old} | {new} | {percent(p.old, p.new)} |")
        out.append("")
    repriced = [(o.id, p) for o in change.offers if o.change == "changed" for p in o.prices]
    if repriced:
        out += ["| offer | price | old | new | change |", "|---|---|--:|--:|--:|"]
        for offer_id, p in repriced:
            old = plain_decimal(p.old) if p.old is not None else "—"
            new = plain_decimal(p.new) if p.new is not None else "—"
            out.append(f"| `{offer_id}` | `{p.component}` | {old} | {new} | {percent(p.old, p.new)} |")
        out.append("")
    if change.history:
        out += ["| price history and schedule | change |", "|---|---|"]
        out += [f"| {history_where(h)} | {_md(line)} |" for h in change.history for line in history_details(h)]
        out.append("")
    rest = change_lines(change, offer_prices=False, history=False)[len(change.prices) :]
    out += [f"- {_md(line)}" for line in rest]
    return out + ([""] if rest else [])


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else plain_decimal(value)


def _prices_json(prices: list[PriceChange]) -> list[dict[str, Any]]:
    return [
        {"component": p.component, "old": _amount(p.old), "new": _amount(p.new), "percent": percent(p.old, p.new)}
        for p in prices
    ]


def _fields_json(fields: list[tuple[str, Any, Any]]) -> list[dict[str, Any]]:
    return [
        {"field": f, "old": _show(a) if a is not None else None, "new": _show(b) if b is not None else None}
        for f, a, b in fields
    ]


def _offer_json(o: OfferChange) -> dict[str, Any]:
    return {
        "id": o.id,
        "change": o.change,
        "status": o.status,
        "prices": _prices_json(o.prices),
        "fields": _fields_json(o.fields),
        "edited": o.edited,
    }


def _history_json(h: HistoryChange) -> dict[str, Any]:
    return {
        "list": h.list,
        "change": h.change,
        "from": h.start.isoformat() if h.start else None,
        "until": h.end.isoformat() if h.end else None,
        "prices": _prices_json(h.prices),
        "fields": _fields_json(h.fields),
        "edited": h.edited,
    }


def format_json(report: DiffReport) -> str:
    def change(c: ModelChange) -> dict[str, Any]:
        return {
            "slug": c.slug,
            "old_slug": c.old_slug or None,
            "prices": _prices_json(c.prices),
            "capabilities": [{"feature": f, "old": a, "new": b} for f, a, b in c.capabilities],
            "modalities": c.modalities,
            "status": list(c.status) if c.status else None,
            "fields": _fields_json(c.fields),
            "edited": c.edited,
            "offers": [_offer_json(o) for o in c.offers],
            "history": [_history_json(h) for h in c.history],
        }

    doc = {
        "base": report.base.label,
        "head": report.head.label,
        "added": [{"slug": m.slug, "kind": m.kind, "status": m.status} for m in report.added],
        "removed": [{"slug": m.slug, "status": m.status} for m in report.removed],
        "renamed": [change(c) for c in report.renamed],
        "changed": [change(c) for c in report.changed],
        "warnings": [{"slug": w.slug or None, "message": w.message} for w in report.warnings],
        "notes": _side_notes(report),
        "summary": {
            "added": len(report.added),
            "removed": len(report.removed),
            "renamed": len(report.renamed),
            "changed": len(report.changed),
            "warnings": len(report.warnings),
            "base_errors": report.base.errors,
            "head_errors": report.head.errors,
        },
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


FORMATS = {"text": format_text, "markdown": format_markdown, "json": format_json}
