"""The quick search's index (search.json): every model, provider, collection and kind by
the names a visitor types, and only what a result shows. assets/search.js fetches it the
first time the header's search box is used, never on page load.

It is compact rather than self-describing, because it grows with the catalog: one line
of JSON, no indent, each entry a positional array, a model's provider and kind as indexes
into their lists (their names are written once):

    {"v": 1,
     "p": [[name, id, url, models], ...],          providers, in catalog order
     "k": [[label, id, url, models], ...],         kinds that have a page, in site.yaml order
     "c": [[name, id, url, models], ...],          collections, in site.yaml order
     "m": [[name, slug, p, k, [alias, ...], status], ...],   models by slug; status "" when active
     "mu": [before, after]}                        a model's URL is before + slug + after

URLs are site-relative (the script resolves them against the site's root), and all made
by urls.py like every other link; a model's is given once as the two sides of its slug
(urls.model), which keeps a third of the bytes out of a large catalog's index. A full-text index of descriptions and FAQs (Pagefind)
is left for later: it needs its own binary and an indexing pass over every built page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model
from generator.render import Job, urls

FORMAT = 1  # "v": bump when the layout above changes, so a cached script and index never disagree
_SLUG = "\0slug\0"  # stands for a slug in urls.model(), to split its URL around the slug


def jobs(index: SiteIndex) -> Iterator[Job]:
    yield Job(urls.SEARCH_INDEX, render_search_index, (search_entries(index),))


def search_entries(index: SiteIndex) -> dict[str, Any]:
    """The index as plain lists (the job's argument, so the engine sees what it depends on)."""
    site = index.catalog.site
    providers = tuple(index.catalog.providers.values())
    kinds = tuple(k for k in site.kinds if index.by_kind.get(k.id))  # a kind without models has no page
    provider_at = {p.id: i for i, p in enumerate(providers)}
    kind_at = {k.id: i for i, k in enumerate(kinds)}
    return {
        "v": FORMAT,
        "p": [[p.name, p.id, urls.provider(p.id), len(index.by_provider[p.id])] for p in providers],
        "k": [[k.label, k.id, urls.kind(k.id), len(index.by_kind[k.id])] for k in kinds],
        "c": [[c.spec.name, c.spec.id, urls.collection(c.spec.id), len(c.models)] for c in index.collections.values()],
        "m": [model_entry(m, provider_at[m.provider_id], kind_at[m.kind]) for m in index.models],
        "mu": list(model_url_around_slug()),
    }


def model_url_around_slug() -> tuple[str, str]:
    """urls.model(slug) as the text before and after the slug."""
    before, slug, after = urls.model(_SLUG).partition(_SLUG)
    if not slug:
        raise ValueError("urls.model() no longer contains the slug as it is")
    return before, after


def model_entry(model: Model, provider: int, kind: int) -> list[Any]:
    status = "" if model.status == "active" else model.status
    return [model.name, model.slug, provider, kind, list(model.aliases), status]


def render_search_index(entries: dict[str, Any]) -> bytes:
    return orjson.dumps(entries, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
