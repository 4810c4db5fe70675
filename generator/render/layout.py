"""What every HTML page shares: its head (title, description, canonical, OpenGraph,
breadcrumbs, JSON-LD), how it links (relatively; the 404 page absolutely) and the
rows of the model tables that several page kinds show."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, partial
from typing import Any

from generator.catalog.derive import sort_key_price
from generator.catalog.records import FEATURES, Model, Provider, Site
from generator.catalog.registry import format_amount, plain_decimal
from generator.render import urls
from generator.render.structured import breadcrumb_list
from generator.render.templating import render

DESCRIPTION_LIMIT = 160
PAGE_SIZE = 500  # rows per listing page: keeps every HTML page well under 1 MB at any catalog size
STYLESHEET = "site.css"
SCRIPT = "site.js"
FAVICON = "favicon.svg"


@dataclass(frozen=True)
class Page:
    url: str  # site-relative URL of this page
    title: str  # without the site name
    description: str  # plain text for <meta name="description">
    crumbs: tuple[tuple[str, str], ...] = ()  # (name, url); the last one is this page
    structured: tuple[dict[str, Any], ...] = ()  # JSON-LD objects besides the breadcrumbs
    og_type: str = "website"
    is_anywhere: bool = False  # served at any depth (404): links absolute from site.url


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


@dataclass(frozen=True)
class ModelRow:
    model: Model
    provider: Provider
    kind_label: str
    price_text: str  # '$5 / 1M input · $30 / 1M output'

    # Computed on first use: model pages list related models without these; listings need them.
    @cached_property
    def sort_price(self) -> str:  # exact decimal string of the headline prices' sum
        return sort_price(self.model)

    @cached_property
    def capabilities(self) -> tuple[str, ...]:  # ids of supported features
        return tuple(fid for fid, _ in FEATURES if self.model.has(fid))

    @cached_property
    def capability_labels(self) -> tuple[str, ...]:
        return tuple(label for fid, label in FEATURES if self.model.has(fid))


def render_page(template: str, site: Site, page: Page, **context: Any) -> bytes:
    """Render a page with `href` (links) and `asset_href` (styles, scripts) bound to
    the right kind of URL for where the page is served."""
    if page.is_anywhere:
        href, asset_href = partial(urls.absolute, site.url), partial(urls.root_path, site.url)
    else:
        href = asset_href = partial(urls.relative, page.url)
    structured = page.structured + ((breadcrumb_list(site, page.crumbs),) if page.crumbs else ())
    return render(
        template,
        site=site,
        page=page,
        href=href,
        asset_href=asset_href,
        canonical=urls.absolute(site.url, page.url),
        structured=structured,
        stylesheet=urls.asset(STYLESHEET),
        script=urls.asset(SCRIPT),
        favicon=urls.asset(FAVICON),
        **context,
    )


def clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Shorten plain text to `limit` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-– ") + "…"


def price_text(model: Model) -> str:
    return " · ".join(f"{format_amount(p.amount)} {p.spec.short}" for p in model.headline_prices)


def sort_price(model: Model) -> str:
    total: Decimal = sort_key_price(model)[0]
    return plain_decimal(total)


def model_rows(models: tuple[Model, ...], providers: tuple[Provider, ...], site: Site) -> tuple[ModelRow, ...]:
    by_id = {p.id: p for p in providers}
    return tuple(
        ModelRow(
            model=m,
            provider=by_id[m.provider_id],
            kind_label=site.kind(m.kind).label,
            price_text=price_text(m),
        )
        for m in models
    )


def providers_of(models: tuple[Model, ...], providers: dict[str, Provider]) -> tuple[Provider, ...]:
    """The providers of these models, sorted by id: the job argument model tables need."""
    return tuple(providers[pid] for pid in sorted({m.provider_id for m in models}))
