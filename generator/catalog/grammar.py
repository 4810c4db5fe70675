"""Small rules of English shared by pages, problems and reports."""

from __future__ import annotations


def article(word: str) -> str:
    """'an image', 'a chat', 'an embedding', 'a speech-to-text'."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def join_words(items: tuple[str, ...] | list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b, and c'."""
    items = list(items)
    if len(items) <= 2:
        return f" {last} ".join(items)
    return ", ".join(items[:-1]) + f", {last} " + items[-1]
