"""`build.py cost`: price one usage of a catalog model, itemized, as text or JSON.

The pricing itself is the cost engine (generator/catalog/cost.py); this module finds
the model, reads a usage file and formats the answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.build.config import Config
from generator.build.pipeline import check
from generator.catalog.cost import Cost, CostError, Usage, cost, usage_from_openai
from generator.catalog.problems import Problem, did_you_mean
from generator.catalog.records import Catalog, Model
from generator.catalog.registry import format_money, in_cents, plain_decimal


@dataclass(frozen=True)
class Quote:
    bill: Cost
    usage_fields: list[str] = field(default_factory=list)  # what a --usage file contributed


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
) -> Quote:
    catalog = _load(catalog_dir)
    model = find_model(catalog, slug)
    used: list[str] = []
    if usage_file is not None:
        from_file, used = usage_from_openai(_read_usage(usage_file), model)
        usage = _add(usage, from_file)
    try:
        return Quote(cost(model, usage, tier, at, catalog.site.fee_percent), used)
    except CostError as exc:
        raise QuoteError(str(exc)) from exc


def _load(catalog_dir: Path) -> Catalog:
    result = check(Config(catalog=catalog_dir))
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
    head = bill.model + (f", {bill.tier} tier" if bill.tier else "") + (f", at {bill.at} UTC" if bill.at else "")
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
    if q.usage_fields:
        lines.append(f"usage fields read: {', '.join(q.usage_fields)}")
    return "\n".join(lines) + "\n"


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
    }
    return json.dumps(data, indent=2) + "\n"


FORMATS = {"text": format_text, "json": format_json}
