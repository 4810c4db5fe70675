"""Long listings split into pages of PAGE_SIZE rows: where each page sits among the others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.render import urls

PAGE_SIZE = 500  # rows per listing page: keeps every HTML page well under 1 MB at any catalog size


@dataclass(frozen=True)
class Pager:
    """Where one page of a listing sits among its pages."""

    number: int
    urls: tuple[str, ...]  # the URL of every page, first to last
    first_item: int  # 1-based position of this page's first row in the whole listing
    last_item: int
    total: int  # rows in the whole listing

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def count(self) -> int:
        return len(self.urls)


def paginate(items: tuple[Any, ...], url: str, size: int | None = None) -> list[tuple[Pager, tuple[Any, ...]]]:
    """Split a listing into pages of `size` rows (default PAGE_SIZE); an empty listing
    still has one page."""
    size = size or PAGE_SIZE
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [()]
    page_urls = tuple(urls.page(url, n) for n in range(1, len(chunks) + 1))
    return [
        (Pager(n, page_urls, (n - 1) * size + 1, (n - 1) * size + len(chunk), len(items)), chunk)
        for n, chunk in enumerate(chunks, start=1)
    ]


def page_title(title: str, pager: Pager) -> str:
    return title if pager.count == 1 else f"{title} (page {pager.number} of {pager.count})"
