"""The fast writers agree with the reference ones on any JSON data:
jsondoc.json_bytes (orjson) writes what json.dumps writes, and the OpenAPI YAML
writer's output loads back (YAML 1.1, as PyYAML reads it) to the same data."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.jsondoc import json_bytes
from generator.render.openapi import yaml_lines

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=25,
)
tricky_text = st.sampled_from(
    [
        "yes",
        "No",
        "null",
        "~",
        "1.0",
        "0x1F",
        "-",
        "- a",
        ": b",
        "#c",
        "'",
        '"',
        "\u2028",
        "\x85",
        "\ufeff",
        "\t",
        "",
        " lead",
        "trail ",
        "[x]",
        "{y}",
        "&a",
        "*b",
        "!t",
        "@",
        "`",
    ]
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_json_bytes_is_json_dumps(value: object) -> None:
    assert json_bytes(value) == (json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text() | tricky_text, json_values | tricky_text, max_size=6))
def test_yaml_writer_round_trips(value: dict) -> None:
    text = "".join(yaml_lines(value, 0))
    assert yaml.safe_load(text) == (value or None)
