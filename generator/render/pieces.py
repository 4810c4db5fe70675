"""Per-record pieces of the aggregate outputs, remembered between the builds of one process.

An aggregate (compare/models.json, api/models.json, the OpenAPI spec, llms.txt,
prices.csv) is made of one piece per model. In a `serve` session an unchanged model
is the very same object from build to build (records.build_catalog keeps it), so
its pieces are found here by identity and only the edited model's are made again:
the aggregate is then little more than a join.

A piece is looked up by its function and the identity of each argument (the value,
for strings, numbers and None), and the arguments are kept with it, so an id is
never reused while its piece is remembered. A piece lives as long as the records it
was made from are in the catalog (`start_build`), so pieces made in forked workers
are simply lost, never wrong. Pieces must be treated as read-only by their callers.
A single build (the CLI) has no next build, so it keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
_VALUES = (str, int, float, bool, type(None))

_pieces: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}
_keep = [False]


def piece(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args), remembered for the same function and the same argument objects."""
    if not _keep[0]:
        return fn(*args)
    key = (fn, *((type(a), a) if isinstance(a, _VALUES) else id(a) for a in args))
    hit = _pieces.get(key)
    if hit is not None and all(a is b or isinstance(a, _VALUES) for a, b in zip(hit[0], args, strict=True)):
        return hit[1]
    value = fn(*args)
    _pieces[key] = (args, value)
    return value


def start_build(keep: bool, records: Iterable[object] = ()) -> None:
    """Keep pieces in this build (a `serve` session) or not (a single build). Pieces of
    records that are not among `records` (the catalog's site, providers and models) go."""
    _keep[0] = keep
    if not keep:
        _pieces.clear()
        return
    alive = {id(r) for r in records}
    for key, (args, _value) in list(_pieces.items()):
        if not all(isinstance(a, _VALUES) or id(a) in alive for a in args):
            del _pieces[key]
