"""The hostile catalog of test_xss.py (every payload of
tests/fixtures/xss/payloads.json in every field that accepts it) built and opened in
Debian's Chromium with the pages' CSP in force. On every page kind that shows a record
-- home, the models table, pricing, compare with every model selected, the provider,
kind, collection and modality listings, 404, and the model and provider pages of the
kitchen-sink records, which carry every payload in every page field -- in 36 pages:

- no dialog opens (every payload that can run calls alert(1));
- no CSP violation, script error or request to another host happens;
- the DOM, as the browser parsed it, holds no script but the site's own files and JSON-LD,
  no event-handler attribute, no frame/object/embed/base/meta refresh/foreignObject/SVG
  animation, and no URL attribute whose scheme (by the browser's URL parser) is not
  http(s) or mailto.

One browser, one served site, one tab.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support.catalogs import write_files
from support.hostile import BUILD_DATE, SINKS, hostile_catalog_files, payloads, place
from support.serving import served
from support.sites import build_site

pytestmark = pytest.mark.browser  # every test drives Chromium

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""

AUDIT = """
() => {
  const found = [];
  const own = /\\/assets\\/[a-z]+\\.js$/;
  for (const s of document.querySelectorAll('script')) {
    const src = s.getAttribute('src') || s.getAttribute('href') || s.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (src) {
      const url = new URL(src, document.baseURI);
      if (url.origin !== location.origin || !own.test(url.pathname)) found.push('script ' + src);
    } else if (s.getAttribute('type') !== 'application/ld+json') found.push('inline script ' + s.textContent.slice(0, 80));
  }
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'ping'];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    if (['iframe', 'frame', 'object', 'embed', 'base', 'style', 'foreignobject', 'animate', 'set', 'portal'].includes(tag.toLowerCase())
        || (tag === 'meta' && (el.httpEquiv || '').toLowerCase() === 'refresh')) found.push('element ' + tag);
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) found.push('handler ' + tag + ' ' + name);
      if (name === 'srcdoc') found.push('srcdoc on ' + tag);
      if (urlAttributes.includes(name)) {
        let protocol;
        try { protocol = new URL(a.value, document.baseURI).protocol; } catch (e) { continue; }
        if (!['http:', 'https:', 'mailto:'].includes(protocol)) found.push(name + ' ' + a.value.slice(0, 80));
      }
    }
  }
  return found.concat(window.__violations.map(v => 'CSP violation ' + v));
}
"""


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The hostile catalog built and served on 127.0.0.1: (base URL, number of payload models)."""
    tmp = tmp_path_factory.mktemp("browser")
    placed = tuple(place(p, tmp / "placements" / p.id) for p in payloads())
    catalog = write_files(tmp / "catalog", hostile_catalog_files(placed))
    out = tmp / "site"
    build_site(catalog, out, build_date=BUILD_DATE)
    with served(out) as url:
        yield url, len(placed)


def pages_showing_records(count: int) -> list[str]:
    """Every listing that shows the records, and the pages of the kitchen-sink records,
    which together show every payload in every field."""
    slugs = [f"p{i:03d}/chat" for i in range(count)] + [f"k{g:02d}/sink" for g in range(SINKS)]
    listings = [
        "",
        "models/",
        "pricing/",
        "compare/?models=" + ",".join(slugs),
        "providers/",
        "kinds/",
        "kinds/chat/",
        "collections/",
        "collections/frontier/",
        "modalities/",
        "modalities/text/",
        "404.html",
    ]
    sinks = [f"models/k{g:02d}/sink/" for g in range(SINKS)] + [f"providers/k{g:02d}/" for g in range(SINKS)]
    return listings + sinks + ["providers/k00/logo.svg"]  # the logo opened as a document, where SVG could run script


def test_no_payload_runs_in_the_browser(site_browser, hostile_served: tuple[str, int]) -> None:
    base, count = hostile_served
    context = site_browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # asked for by the bare SVG document
    events: list[str] = []
    page.on("dialog", lambda d: (events.append(f"dialog {d.type}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"script error: {e}"))
    page.on("console", lambda m: events.append(f"console: {m.text}") if m.type == "error" else None)
    host = urlsplit(base).netloc
    page.on("request", lambda r: events.append(f"request to {r.url}") if urlsplit(r.url).netloc != host else None)
    findings = []
    visited = pages_showing_records(count)
    try:
        for url in visited:
            page.goto(base + url, wait_until="load")
            if url.startswith("compare/"):
                page.wait_for_selector("#compare-table table")
            page.wait_for_timeout(50)  # let focus and error events of the page fire
            findings += [f"{url}: {f}" for f in page.evaluate(AUDIT) + events]
            events.clear()
    finally:
        context.close()
    assert len(visited) == 13 + 2 * SINKS
    assert findings == [], "\n".join(findings[:40])


def test_the_audit_sees_an_injected_script(site_browser, hostile_served: tuple[str, int], tmp_path: Path) -> None:
    """The same checks on a page the site did not sanitize: they must fire."""
    base, _count = hostile_served
    context = site_browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(base + "404.html")
        page.evaluate("""() => {
            const a = document.createElement('a'); a.href = 'javascript:alert(1)'; document.body.append(a);
            const i = document.createElement('img'); i.setAttribute('onerror', 'x'); document.body.append(i);
            const s = document.createElement('script'); s.textContent = 'alert(1)'; document.body.append(s);
            alert('direct');
        }""")
        page.wait_for_timeout(100)
        found = page.evaluate(AUDIT)
    finally:
        context.close()
    assert dialogs == ["direct"]  # the inline script was blocked by the CSP ...
    assert any(f.startswith("href javascript:") for f in found)
    assert any(f.startswith("handler img onerror") for f in found)
    assert any(f.startswith("inline script") for f in found)
    assert any(f.startswith("CSP violation script-src") for f in found)  # ... and reported


def test_the_sanitized_logo_shows_on_provider_and_model_pages(site_browser, hostile_served: tuple[str, int]) -> None:
    base, _count = hostile_served
    context = site_browser.new_context()
    page = context.new_page()
    try:
        sizes = []
        for url in ("providers/k00/", "models/k00/sink/"):
            page.goto(base + url, wait_until="load")
            sizes.append(page.evaluate("() => [...document.querySelectorAll('img.logo')].map(i => i.naturalWidth)"))
    finally:
        context.close()
    assert sizes == [[64], [64]]  # the drawing survived and loads through <img>
