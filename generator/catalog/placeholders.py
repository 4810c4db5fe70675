"""Placeholders an author has yet to replace: what `build.py new` (and `import`) leave in a
record for a human to fill in. `checks.check_placeholders` reports them as warnings, so
`validate --strict` fails a record nobody finished.

A placeholder is a `# TODO` comment, an `example.com` address, a text that says TODO, or an
`amount: 0` whose line carries a `# TODO` comment (a real free price has no such comment).
Comments are not in the parsed data, so they are found by a line scan of the file's bytes;
positions (a full parse of a fast-path record) are only computed for a record that has a
placeholder. Each line gets one problem: the most specific one found on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from generator.catalog.load import RawRecord
from generator.catalog.problems import WARNING, Problem
from generator.catalog.yamlsafe import escape_pointer

# A YAML comment starts at '#' after a blank or at the start of a line.
_TODO_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*TODO\b.*$")
_TODO_TEXT = re.compile(r"\bTODO\b")
_PLACEHOLDER_HOST = "example.com"
_URL_HINTS = {
    "price_source": "give the https URL of the provider's pricing page",
    "website": "give the provider's https home page",
}


def find_placeholders(record: RawRecord) -> list[Problem]:
    """One warning per line that still holds a placeholder, in line order."""
    if not record.may_hold_placeholders:
        return []  # the common case, known from the read: a finished record, no second read
    raw = record.source_bytes()
    if raw and b"TODO" not in raw and _PLACEHOLDER_HOST.encode() not in raw:
        return []  # a finished record, no data walk, no parse
    comments = dict(_todo_comments(raw.decode("utf-8", "replace")))
    values = list(_placeholder_values(record.data, ""))
    if not comments and not values:
        return []
    problems = list(_zero_amounts(record, comments)) if comments else []
    for pointer, message, hint in values:
        line, column = record.position(pointer)
        comments.pop(line, None)  # the value's problem says it all: not the comment again
        problems.append(Problem(record.file, line, column, pointer, message, hint, WARNING))
    by_line = _pointers_by_line(record.positions)
    for line, (column, comment) in comments.items():
        message = f"a TODO comment is left here: {_short(comment)}"
        problems.append(
            Problem(
                record.file,
                line,
                column,
                by_line.get(line, ""),
                message,
                "do what it asks, then delete the comment",
                WARNING,
            )
        )
    return problems


def _todo_comments(text: str) -> Iterator[tuple[int, tuple[int, str]]]:
    """(line, (column, comment)) of every line with a `# TODO` comment."""
    for number, line in enumerate(text.splitlines(), start=1):
        if "TODO" in line and (match := _TODO_COMMENT.search(line)):
            yield number, (match.start() + 1, match.group().strip())


def _zero_amounts(record: RawRecord, comments: dict[int, tuple[int, str]]) -> Iterator[Problem]:
    """`amount: 0  # TODO`: the skeleton's price, not a free one. Takes its comment out of `comments`."""
    data = record.data if record.kind == "model" else {}
    lists = [("/pricing", data.get("pricing", []))]
    offers = data.get("offers", [])
    lists += [(f"/offers/{i}/pricing", o.get("pricing", [])) for i, o in enumerate(offers) if isinstance(o, dict)]
    for base, index, price in ((base, i, p) for base, prices in lists for i, p in enumerate(prices)):
        pointer = f"{base}/{index}/amount"
        line, column = record.position(pointer)
        if Decimal(price["amount"]) == 0 and line in comments:
            del comments[line]
            yield Problem(
                record.file,
                line,
                column,
                pointer,
                "amount 0 is a placeholder: its line says TODO",
                "write the price from the provider's pricing page (keep 0 only if it is free), then delete the comment",
                WARNING,
            )


def _placeholder_values(value: Any, pointer: str) -> Iterator[tuple[str, str, str]]:
    """(pointer, message, hint) of every text that is an example.com address or says TODO."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholder_values(item, f"{pointer}/{escape_pointer(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholder_values(item, f"{pointer}/{index}")
    elif isinstance(value, str):
        field = pointer.rsplit("/", 1)[-1]
        if _is_placeholder_url(value):
            yield (
                pointer,
                f"'{_short(value)}' is a placeholder address ({_PLACEHOLDER_HOST})",
                _URL_HINTS.get(field, "give the real URL"),
            )
        elif _TODO_TEXT.search(value):
            yield pointer, f"'{_short(value)}' is placeholder text: it says TODO", "write the real text"


def _is_placeholder_url(text: str) -> bool:
    if not text.startswith(("https://", "http://")):
        return False
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:  # a malformed address is the schema's business
        return False
    return host == _PLACEHOLDER_HOST or host.endswith("." + _PLACEHOLDER_HOST)


def _pointers_by_line(positions: dict[str, tuple[int, int]]) -> dict[int, str]:
    """The field a line starts: the leftmost (then shortest) pointer on it."""
    best: dict[int, tuple[int, int, str]] = {}
    for pointer, (line, column) in positions.items():
        candidate = (column, len(pointer), pointer)
        if line not in best or candidate < best[line]:
            best[line] = candidate
    return {line: pointer for line, (_, _, pointer) in best.items()}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
