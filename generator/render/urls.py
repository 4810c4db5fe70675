"""The single mapping from a thing to its URL and its output path.

Every link the site prints is made here, so a page, its link and the file the
build writes can never disagree. Paths are site-relative and '/'-separated; a
directory URL ('models/openai/gpt-4o/') is written as its 'index.html'.
HTML pages link relatively (so the site works under any path prefix and in the
local preview); canonical URLs, the sitemap and feeds use `absolute()`.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import urlsplit

HOME = ""
MODELS = "models/"
PROVIDERS = "providers/"
KINDS = "kinds/"
MODALITIES = "modalities/"
COLLECTIONS = "collections/"
COMPARE = "compare/"
PRICING = "pricing/"
PRICING_CSV = "pricing/prices.csv"
CHANGES = "changes/"
CHANGES_FEED = "changes/feed.xml"
COMPARE_SHARED = "compare/shared.json"  # what every comparison needs: the features and the calculator registry
COMPARE_MODELS = "compare/models/"  # one file per model, fetched only for the models compared
NOT_FOUND = "404.html"
OPENAPI_JSON = "openapi.json"
OPENAPI_YAML = "openapi.yaml"
LLMS_TXT = "llms.txt"
LLMS_FULL_TXT = "llms-full.txt"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
SITEMAPS = "sitemaps"  # the parts of a sitemap past one file's limits (sitemap.py)
FEED = "feed.xml"
API_MODELS = "api/models.json"
API_PROVIDERS = "api/providers.json"
FILTERS = "filters/"  # the data behind a long listing's filters (filterindex.py)
SEARCH_INDEX = "search.json"  # the quick search's names index, fetched when the header's box is first used
ASSETS = "assets/"


def model(slug: str) -> str:
    return f"models/{slug}/"


def model_markdown(slug: str) -> str:
    return f"models/{slug}/index.md"


def model_json(slug: str) -> str:
    return f"api/models/{slug}.json"


def provider(provider_id: str) -> str:
    return f"providers/{provider_id}/"


def provider_logo(provider_id: str) -> str:
    return f"providers/{provider_id}/logo.svg"


def provider_changes_feed(provider_id: str) -> str:
    return f"providers/{provider_id}/changes.xml"


def kind(kind_id: str) -> str:
    return f"kinds/{kind_id.replace('_', '-')}/"


def modality(modality_id: str) -> str:
    return f"modalities/{modality_id}/"


def collection(collection_id: str) -> str:
    return f"collections/{collection_id}/"


def compare_model_json(slug: str) -> str:
    """A model's entry of /compare/, fetched by compare.js only when the model is compared."""
    return f"{COMPARE_MODELS}{slug}.json"


def filter_index(listing_url: str) -> str:
    """What the filters of a paged listing ('models/') test of each row: filters/models/index.json."""
    return f"{FILTERS}{listing_url}index.json"


def filter_rows(listing_url: str, order: str, number: int) -> str:
    """Row file `number` (from 1) of a paged listing in `order`: filters/models/provider-1.json."""
    return f"{FILTERS}{listing_url}{order}-{number}.json"


def compare(*slugs: str) -> str:
    return COMPARE + (f"?models={','.join(slugs)}" if slugs else "")


def pricing_csv_part(number: int) -> str:
    """Part `number` of the price CSV when the whole would pass the size budget: the first
    part keeps the CSV's one address, pricing/prices.csv; then pricing/prices-2.csv, ..."""
    return PRICING_CSV if number == 1 else f"{PRICING}prices-{number}.csv"


def pricing_tier(tier: str | None) -> str:
    """/pricing/ lists the standard prices; each service tier has its own page, pricing/batch/."""
    return PRICING if tier is None else f"{PRICING}{tier}/"


def sitemap_part(number: int) -> str:
    return f"{SITEMAPS}/sitemap-{number}.xml"


def schema(kind_name: str) -> str:
    return f"schema/{kind_name}.schema.json"


def asset(name: str) -> str:
    return ASSETS + name


def page(url: str, number: int) -> str:
    """Page `number` of a paginated listing: the first page is the listing itself."""
    return url if number == 1 else f"{url}page/{number}/"


def output_path(url: str) -> str:
    """The file that serves a URL: directories get index.html; a query is dropped."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    return url + "index.html" if url == "" or url.endswith("/") else url


@lru_cache(maxsize=1 << 16)
def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-relative URLs.
    (Called for every link of every page: cached, and without os.path.)"""
    rest, hash_mark, fragment = to_url.partition("#")
    target, question_mark, query = rest.partition("?")
    from_dir = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    here = [p for p in from_dir.split("/") if p]
    there = [p for p in target.split("/") if p]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:])
    if target.endswith("/") or target == "":
        link = link + "/" if link else "./"
    return link + question_mark + query + hash_mark + fragment


def root_path(base_url: str, url: str) -> str:
    """`url` as a path from the host's root ('/catalog/assets/site.css'): same at any
    depth, and always on the serving host (the 404 page's styles and scripts)."""
    return urlsplit(base_url).path + url


def absolute(base_url: str, url: str) -> str:
    """base_url always ends in '/', so this is plain concatenation."""
    return base_url + url
