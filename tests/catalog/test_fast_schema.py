"""The compiled schema check (validate.is_schema_valid) gives jsonschema's verdict, also
deep inside lists: it is compiled without the names of list items in its messages, so a
wrong edit of its code would show as a verdict that changed there."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from support.paths import ROOT

from generator.catalog import validate
from generator.catalog.load import RawRecord
from generator.catalog.yamlsafe import parse_yaml

WITH_OFFERS = ROOT / "catalog" / "models" / "meta" / "llama-4-maverick.yaml"
BAD_COMPONENTS: list[dict[str, Any]] = [
    {"unit": "per_1m_input_tokens", "amount": Decimal("-1")},
    {"unit": "per_lightyear", "amount": Decimal("1")},
    {"unit": "per_1m_input_tokens", "amount": "1.0"},
    {"unit": "per_1m_input_tokens", "amount": Decimal("1"), "tier": "Batch"},
    {"unit": "per_1m_input_tokens", "amount": Decimal("1"), "window": {"start": "25:00", "end": "01:00"}},
    {"unit": "per_1m_input_tokens", "amount": Decimal("1"), "colour": "red"},
    {"amount": Decimal("1")},
]


def _variants(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The record with one bad price component in each of its price lists, last in the list."""
    out = []
    for bad in BAD_COMPONENTS:
        for where in ("pricing", "offers"):
            variant = copy.deepcopy(data)
            lists = [variant["pricing"]] if where == "pricing" else [o["pricing"] for o in variant["offers"]]
            lists[-1].append(bad)
            out.append(variant)
    variant = copy.deepcopy(data)
    variant["modalities"]["input"].append("smell")
    out.append(variant)
    return out


def _verdicts(data: dict[str, Any]) -> tuple[bool, bool]:
    fast = validate.is_schema_valid(RawRecord("model", "meta/x", "x.yaml", data, {}))
    full = not list(validate._validator("model").iter_errors(data))
    return fast, full


def test_the_compiled_check_accepts_a_valid_record_with_offers() -> None:
    data = parse_yaml(WITH_OFFERS.read_bytes())[0]
    assert data.get("offers")
    assert _verdicts(data) == (True, True)


@pytest.mark.parametrize("index", range(len(BAD_COMPONENTS) * 2 + 1))
def test_the_compiled_check_rejects_a_bad_item_deep_in_a_list(index: int) -> None:
    variant = _variants(parse_yaml(WITH_OFFERS.read_bytes())[0])[index]
    assert _verdicts(variant) == (False, False)
