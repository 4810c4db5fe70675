"""The data behind a long listing's filters, split so that a filter loads only what it shows.

A listing of several pages (/models/ at 500 rows a page) filters every page's rows. It used
to fetch every other page's HTML (6.3 MB at 10,000 models); now it fetches:

- the listing's filter index (`urls.filter_index`): what the filters test of each row, in
  list order, and which row file holds the row's markup;
- the row files (`urls.filter_rows`) that hold the rows that match and that this page does
  not show. Each holds ROWS_PER_FILE consecutive rows of one of two orders of the listing:
  by provider (then kind and name), so that a filter by provider reads one or two files;
  and by kind then name, so that a filter by kind, or a search for a family of models
  ('gpt', 'claude'), reads the files of the matching run. The script reads whichever order
  needs fewer rows. The rows are the very markup the listing's pages show (the same macro).

The index is compact rather than self-describing: one line of JSON, each row a positional
array, a value used by two rows or more written once in `strings`:

    {"v": 1,
     "fields": [name, ...],            what each row gives, as the rows' data-* attributes name it
     "strings": [text, ...],           the values written once
     "files": [[file, ...], ...],      per order, its row files, relative to the index
     "rows": [[value, ..., file number per order], ...]}   in list order

A value is a number (that string of `strings`), a string, or a list of such pieces joined by
one space (the search text: a model's name, its id, its provider's name...); a piece that is
itself a list is its pieces joined with nothing between them (a model's id is its provider's
id, written once, and the rest: [7, "/gpt-4o"]). Within a row file
the rows are in list order, so a row's place in its file is the count of rows before it in
the index that the same file holds. A listing of one page has neither: its rows are all there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import orjson

FORMAT = 1  # "v": bump when the layout above changes, so a cached script and index never disagree
ROWS_PER_FILE = 100  # rows per row file: about 65 KB of markup; a filter reads a few files beyond its matches

Piece = str | tuple[str, ...]  # a tuple: pieces joined with nothing between them
Value = str | tuple[Piece, ...]  # a tuple: pieces joined by one space


def split(orders: Sequence[Sequence[int]], size: int | None = None) -> tuple[tuple[int, ...], ...]:
    """Per order (a permutation of the list's positions), the row file of each position:
    consecutive runs of `size` positions of that order share a file (numbered from 0)."""
    size = size or ROWS_PER_FILE
    plans = []
    for order in orders:
        file_of = [0] * len(order)
        for at, position in enumerate(order):
            file_of[position] = at // size
        plans.append(tuple(file_of))
    return tuple(plans)


def members(file_of: Sequence[int]) -> list[tuple[int, ...]]:
    """The list positions each row file of one order holds, in list order."""
    files: list[list[int]] = [[] for _ in range(max(file_of, default=-1) + 1)]
    for position, number in enumerate(file_of):
        files[number].append(position)
    return [tuple(f) for f in files]


def render_index(
    fields: tuple[str, ...],
    rows: Sequence[tuple[Value, ...]],
    files: tuple[tuple[str, ...], ...],
    plans: tuple[tuple[int, ...], ...],
) -> bytes:
    """The index of `rows` (each a value per field, in list order); `files`: per order, its
    row files' names (relative to the index); `plans`: per order, each row's file (`split`)."""
    counts = Counter(text for row in rows for value in row for text in _texts(value))
    strings: dict[str, int] = {}

    def encode(value: Value | Piece) -> Any:
        if isinstance(value, tuple):
            return [encode(piece) for piece in value]
        if counts[value] < 2:
            return value
        return strings.setdefault(value, len(strings))

    encoded = [[*(encode(v) for v in row), *(plan[at] for plan in plans)] for at, row in enumerate(rows)]
    return orjson.dumps(
        {"v": FORMAT, "fields": list(fields), "strings": list(strings), "files": files, "rows": encoded},
        option=orjson.OPT_APPEND_NEWLINE,
    )


def _texts(value: Value | Piece) -> Iterator[str]:
    if isinstance(value, tuple):
        for piece in value:
            yield from _texts(piece)
    else:
        yield value


def decode(index: bytes) -> list[dict[str, str]]:
    """Each row's values by field name, as the script reads them (for tests)."""
    data = orjson.loads(index)
    strings, fields = data["strings"], data["fields"]

    def value(v: Any, between: str = " ") -> str:
        if isinstance(v, int):
            return strings[v]
        if isinstance(v, list):
            return between.join(value(p, "") for p in v)
        return v

    return [{name: value(row[i]) for i, name in enumerate(fields)} for row in data["rows"]]


def render_rows(markup: str) -> bytes:
    """A row file: the rows' markup, as a page's table body holds them."""
    return orjson.dumps({"v": FORMAT, "rows": markup}, option=orjson.OPT_APPEND_NEWLINE)
