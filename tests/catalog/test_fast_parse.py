"""The loader's fast path (yamlsafe.parse_fast) and the helpers it rests on give the
answers of the full path: the same values, and the same verdict on a file's characters
and nesting (a wrong verdict would hide a problem or lose its line)."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest

from generator.catalog import yamlsafe
from generator.catalog.records import Price, Window
from generator.catalog.yamlsafe import parse_fast, parse_yaml

SCALARS = [
    "0", "00", "0755", "012", "7", "42", "1_000", "+5", "-0", "-12", "0x1F", "0o17", "0b101", "1:30",
    "1.5", "0.030", "1e-06", "2.5E3", ".5", "yes", "no", "on", "off", "true", "False", "null", "~", "",
    "2024-01-01", "2024-01-01T10:00:00Z", "per_1m_input_tokens", "unit", "'quoted'", '"7"', "０", "٣",
]  # fmt: skip


@pytest.mark.parametrize("scalar", SCALARS)
def test_fast_path_reads_a_scalar_as_the_full_path(scalar: str) -> None:
    text = f"a: {scalar}\nb: [{scalar}]\nc:\n  d: {scalar}\n"
    fast = parse_fast(text)
    assert fast is not None
    assert repr(fast) == repr(parse_yaml(text.encode())[0])


def test_a_remembered_tag_is_the_tag_of_the_text() -> None:
    """The second reading of a text (its tag remembered) is the first one's."""
    text = "a: 0755\nb: 0755\nc: yes\nd: yes\ne: 1.50\nf: 1.50\n"
    assert parse_fast(text) == parse_fast(text) == parse_yaml(text.encode())[0]
    assert yamlsafe._PLAIN_TAGS["0755"] == "tag:yaml.org,2002:int"


@pytest.mark.parametrize(
    "text",
    ["plain: text\n", "tab:\there\r\n", "bell: \x07\n", "del: \x7f\n", "nul: \x00\n", "nel: a\x85b\n",
     "bom: \ufeff\n", "emoji: 🙂\n", "private: \ue000\n", "nonchar: \ufffe\n", "c1: \x9b\n", "esc: \x1b\n"],
)  # fmt: skip
def test_bad_character_verdict_is_not_printable(text: str) -> None:
    assert yamlsafe._has_bad_character(text) == bool(yamlsafe.not_printable(text))


@pytest.mark.parametrize(("count", "deep"), [(1000, False), (1001, True)])
@pytest.mark.parametrize("filler", ["é", "🙂", ""])
def test_nesting_estimate_counts_characters_not_bytes(count: int, deep: bool, filler: str) -> None:
    marks = "[{-?:"
    text = "".join(marks[i % 5] + filler for i in range(count))
    assert yamlsafe._may_nest_deeply(text) is deep


@pytest.mark.parametrize("text", ["a: b\n", "a: 2 * 3\n", "a: x&y\n", "a: '&x'\n"])
def test_text_without_an_anchor_takes_the_fast_path(text: str) -> None:
    assert not yamlsafe._has_anchor_or_alias(text)
    assert parse_fast(text) == parse_yaml(text.encode())[0]


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "- &x 1\n- *x\n", "a: [&x 1, *x]\n"])
def test_an_anchor_or_alias_takes_the_full_path(text: str) -> None:
    assert parse_fast(text) is None


def test_price_from_data_sets_every_field() -> None:
    """from_data fills the instance in one step: each field of the class, none else, as
    the constructor would."""
    data = {
        "unit": "per_1m_input_tokens",
        "amount": Decimal("2.50"),
        "above_tokens": 200_000,
        "size": "1024x1024",
        "quality": "hd",
        "resolution": "4k",
        "note": "n",
        "tier": "batch",
        "cache_ttl": "1h",
        "window": {"start": "16:30", "end": "00:30"},
        "above_tokens_rule": "incremental",
    }
    price = Price.from_data(data)
    assert set(vars(price)) == {f.name for f in fields(Price)}
    expected = Price(
        "per_1m_input_tokens", Decimal("2.50"), 200_000, "1024x1024", "hd", "4k", "n", "batch", "1h",
        Window("16:30", "00:30"), incremental=True,
    )  # fmt: skip
    assert price == expected and hash(price) == hash(expected)
    assert Price.from_data({"unit": "per_image", "amount": Decimal("0.04")}) == Price("per_image", Decimal("0.04"))


@pytest.mark.parametrize(
    "changes",
    [{"window": None}, {"tier": None}, {"unit": "per_1m_input_tokens"}, {"above_tokens": None}, {}],
)
def test_identity_as_is_the_identity_of_the_changed_component(changes: dict) -> None:
    from dataclasses import replace

    price = Price(
        "per_1m_cached_input_tokens",
        Decimal("1"),
        200_000,
        tier="batch",
        cache_ttl="5m",
        window=Window("22:00", "06:00"),
    )
    assert price.identity_as(**changes) == replace(price, **changes).identity
    assert price.identity_as(**changes) != price.identity or not changes
