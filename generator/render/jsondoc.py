"""The one JSON style of the site: sorted keys, two-space indent, UTF-8, trailing newline.

orjson writes exactly what json.dumps(sort_keys=True, indent=2, ensure_ascii=False)
writes (a test holds them equal), many times faster: the JSON API, the compare
data and the OpenAPI spec list every model, so this matters at catalog scale."""

from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def json_bytes(value: Any) -> bytes:
    return orjson.dumps(value, option=_OPTIONS)
