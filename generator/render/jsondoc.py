"""The JSON style of the site: sorted keys, two-space indent, UTF-8, trailing newline; and
for a long list (api/models.json), the same with one compact item per line.

orjson writes exactly what json.dumps(sort_keys=True, indent=2, ensure_ascii=False)
writes (a test holds them equal), many times faster: the JSON API, the compare
data and the OpenAPI spec list every model, so this matters at catalog scale."""

from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def json_bytes(value: Any) -> bytes:
    return orjson.dumps(value, option=_OPTIONS)


def least_size(value: Any) -> int:
    """The fewest bytes any JSON writing of `value` takes (compact: no whitespace)."""
    return len(orjson.dumps(value))


def json_list_bytes(items: list[Any]) -> bytes:
    """{"data": items, "object": "list"}, the list written one item per line, each compact
    (sorted keys, no spaces): a long list stays small and each line is one item."""
    lines = b",\n".join(b"    " + orjson.dumps(item, option=orjson.OPT_SORT_KEYS) for item in items)
    data = b"[\n" + lines + b"\n  ]" if items else b"[]"
    return b'{\n  "data": ' + data + b',\n  "object": "list"\n}\n'
