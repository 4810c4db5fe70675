"""Per-record pieces of the aggregate outputs, remembered between the builds of one process.

An aggregate (compare/models.json, api/models.json, the OpenAPI spec, llms.txt,
prices.csv) is made of one piece per model. In a `serve` session an unchanged model
is the very same object from build to build (records.build_catalog keeps it), so
its pieces are found here by identity and only the edited model's are made again:
the aggregate is then little more than a join.

A piece is looked up by its function and the identity of each argument (the value,
for strings, numbers and None), and the arguments are kept with it, so an id is
never reused while its piece is remembered. Pieces not used by a build are dropped
after the next one. Pieces must be treated as read-only by their callers. A single
build (the CLI) has no next build, so it keeps nothing: `next_build(keep=False)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_VALUES = (str, int, float, bool, type(None))

_now: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}
_before: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}
_keep = [False]


def piece(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args), remembered for the same function and the same argument objects."""
    if not _keep[0]:
        return fn(*args)
    key = (fn, *((type(a), a) if isinstance(a, _VALUES) else id(a) for a in args))
    hit = _now.get(key) or _before.get(key)
    if hit is not None and all(a is b or isinstance(a, _VALUES) for a, b in zip(hit[0], args, strict=True)):
        _now[key] = hit
        return hit[1]
    value = fn(*args)
    _now[key] = (args, value)
    return value


def next_build(keep: bool) -> None:
    """Start a build: pieces of the last one stay available; older ones go."""
    global _now, _before
    _before, _now = (_now, {}) if keep else ({}, {})
    _keep[0] = keep
