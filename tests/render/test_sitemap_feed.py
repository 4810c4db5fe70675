"""sitemap.xml (every HTML page, the sitemaps.org 0.9 structure checked element by
element, as its XSD says), robots.txt, the Atom feed, and reproducible output."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support.linkcheck import page_url
from support.sites import REAL_CATALOG, build_site

from generator.catalog.derive import SiteIndex, derive_index
from generator.render import plan, urls

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
MAX_URLS, MAX_BYTES = 50_000, 50 * 1024 * 1024
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ATOM_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
OWN_OUTPUTS = (
    "openapi.json",
    "openapi.yaml",
    "llms.txt",
    "llms-full.txt",
    "sitemap.xml",
    "robots.txt",
    "feed.xml",
    "api",
    "schema",
)


def parse(site_dir: Path, path: str) -> ET.Element:
    return ET.fromstring((site_dir / path).read_bytes())


def test_sitemap_follows_the_protocol(site_dir: Path) -> None:
    root = parse(site_dir, urls.SITEMAP)
    assert root.tag == f"{SITEMAP}urlset" and (site_dir / urls.SITEMAP).stat().st_size <= MAX_BYTES
    entries = list(root)
    assert 0 < len(entries) <= MAX_URLS
    for url in entries:
        assert url.tag == f"{SITEMAP}url"
        tags = [child.tag.removeprefix(SITEMAP) for child in url]
        assert tags in (["loc"], ["loc", "lastmod"]), tags
        loc = url.findtext(f"{SITEMAP}loc") or ""
        assert 12 <= len(loc) <= 2048 and re.match(r"^https?://[^\s]+$", loc), loc
        lastmod = url.findtext(f"{SITEMAP}lastmod")
        assert lastmod is None or (DATE.match(lastmod) and dt.date.fromisoformat(lastmod))


def test_sitemap_lists_every_html_page_once(site_dir: Path, index: SiteIndex) -> None:
    base = index.catalog.site.url
    locs = [el.text for el in parse(site_dir, urls.SITEMAP).iter(f"{SITEMAP}loc")]
    pages = sorted(
        page_url(base, p.relative_to(site_dir).as_posix())
        for p in site_dir.rglob("*.html")
        if p.relative_to(site_dir).as_posix() != urls.NOT_FOUND
    )
    assert sorted(locs) == pages and len(set(locs)) == len(locs)


def test_sitemap_lastmod_comes_from_the_data(site_dir: Path, index: SiteIndex) -> None:
    base = index.catalog.site.url
    dates = {el.findtext(f"{SITEMAP}loc"): el.findtext(f"{SITEMAP}lastmod") for el in parse(site_dir, urls.SITEMAP)}
    for model in index.models:
        assert dates[base + urls.model(model.slug)] == model.release_date.isoformat()
    assert dates[base + urls.HOME] == index.build_date.isoformat()


def test_build_date_comes_from_source_date_epoch_not_the_clock(index: SiteIndex) -> None:
    fixed = derive_index(index.catalog, dt.date(2001, 2, 3))
    (job,) = [j for j in plan(fixed) if j.path == urls.SITEMAP]
    assert f"<loc>{index.catalog.site.url}</loc>\n    <lastmod>2001-02-03</lastmod>" in job.run().decode()


def test_robots_txt_points_at_the_sitemap(site_dir: Path, index: SiteIndex) -> None:
    robots = (site_dir / urls.ROBOTS).read_text("utf-8")
    assert f"Sitemap: {index.catalog.site.url}{urls.SITEMAP}" in robots.splitlines()
    assert robots.startswith("User-agent: *\n")


def test_feed_is_atom_newest_first(site_dir: Path, index: SiteIndex) -> None:
    feed = parse(site_dir, urls.FEED)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{tag}")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(index.models)
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert all(ATOM_DATE.match(u) for u in updated) and updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)


def test_feed_entries_are_dated_by_release(site_dir: Path, index: SiteIndex) -> None:
    base = index.catalog.site.url
    for entry in parse(site_dir, urls.FEED).findall(f"{ATOM}entry"):
        model = index.catalog.models[(entry.findtext(f"{ATOM}id") or "").removeprefix(base + "models/").strip("/")]
        assert entry.findtext(f"{ATOM}updated") == f"{model.release_date.isoformat()}T00:00:00Z"
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}summary")


def own_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and (p.relative_to(site).parts[0] in OWN_OUTPUTS or p.suffix == ".md")
    }


@pytest.mark.slow
def test_same_catalog_gives_byte_identical_files(tmp_path: Path) -> None:
    build_site(REAL_CATALOG, tmp_path / "first")
    build_site(REAL_CATALOG, tmp_path / "again")
    first = own_files(tmp_path / "first")
    assert own_files(tmp_path / "again") == first
    assert len(first) > 10


def test_a_sitemap_past_its_limits_becomes_an_index_of_parts(index: SiteIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 50,000 URLs (here: past 40, the limit lowered) sitemap.xml is a sitemap index
    whose parts list every page once, in order, each within the limit."""
    from generator.render import sitemap

    whole = {j.path: j for j in plan(index)}[urls.SITEMAP].run()
    every = [el.text for el in ET.fromstring(whole).iter(f"{SITEMAP}loc")]
    monkeypatch.setattr(sitemap, "MAX_URLS", 40)
    jobs = {j.path: j for j in plan(index)}
    root = ET.fromstring(jobs[urls.SITEMAP].run())
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = [el.findtext(f"{SITEMAP}loc") or "" for el in root]
    assert len(parts) == -(-len(every) // 40) and all(el.tag == f"{SITEMAP}sitemap" for el in root)
    listed = []
    for n, loc in enumerate(parts, start=1):
        assert loc == index.catalog.site.url + urls.sitemap_part(n)
        part = ET.fromstring(jobs[urls.sitemap_part(n)].run())
        assert part.tag == f"{SITEMAP}urlset" and 0 < len(part) <= 40
        dates = [u.findtext(f"{SITEMAP}lastmod") or "" for u in part]
        assert root[n - 1].findtext(f"{SITEMAP}lastmod") == max(dates)
        listed += [u.findtext(f"{SITEMAP}loc") for u in part]
    assert listed == every


def test_sitemap_parts_stay_within_the_byte_budget() -> None:
    from generator.render.sitemap import URL_BYTES, split_entries

    entries = tuple((f"https://example.com/models/p/m-{n:05}/", "2026-01-01") for n in range(1000))
    cost = len(entries[0][0]) + URL_BYTES
    parts = split_entries(entries, max_bytes=cost * 300)
    assert [len(p) for p in parts] == [300, 300, 300, 100]
    assert split_entries(entries) == [entries]
