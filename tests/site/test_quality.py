"""The built site (the real catalog, served under a path prefix): the Nu HTML checker
finds no error on any page, no page loads anything from another host, and axe-core
finds no violation on one page of each page kind, in light and dark mode."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from support.axe import axe_context, axe_violations
from support.sites import REFERENCE_SLUG, VNU_JAR, ServedSite, html_files

# One page of each page kind (the compare page with a selection, so its table is checked).
AXE_PAGES = {
    "home": "",
    "models": "models/",
    "model": f"models/{REFERENCE_SLUG}/",
    "deprecated model": "models/openai/whisper-1/",
    "provider": "providers/openai/",
    "kind": "kinds/chat/",
    "modality": "modalities/audio/",
    "collection": "collections/frontier/",
    "directory": "providers/",
    "compare": "compare/?models=openai/gpt-5.5,anthropic/claude-opus-4-7",
    "pricing": "pricing/",
    "pricing, a service tier": "pricing/batch/",
    "price changes": "changes/",
    "price changes, filtered": "changes/?provider=openai&direction=down",
    "model with price history": "models/openai/gpt-4o/",
    "model with a scheduled change": "models/google/gemini-3.6-flash/",
    "404": "no/such/page/",
}


@pytest.mark.browser
def test_nu_html_checker_finds_no_error_on_any_page(built_site: ServedSite) -> None:
    if not VNU_JAR.exists() or not shutil.which("java"):
        pytest.skip("the Nu checker needs java and node_modules/vnu-jar (make test installs them)")
    files = html_files(built_site.root)
    assert len(files) > 60
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, "\n".join(errors[:30])


class Resources(HTMLParser):
    """Every URL a page loads by itself: scripts, styles, icons, images, media, frames."""

    LOADS = {
        "script": "src",
        "img": "src",
        "source": "src",
        "iframe": "src",
        "video": "src",
        "audio": "src",
        "embed": "src",
        "object": "data",
        "track": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") not in ("canonical", "alternate"):
            self.urls.append(values.get("href") or "")
        elif tag in self.LOADS and values.get(self.LOADS[tag]):
            self.urls.append(values[self.LOADS[tag]] or "")
        if values.get("srcset"):
            self.urls.extend(part.split()[0] for part in (values["srcset"] or "").split(","))


def test_no_page_loads_anything_from_another_host(built_site: ServedSite) -> None:
    site_host = urlsplit(built_site.url).netloc
    foreign = []
    for file in html_files(built_site.root):
        parser = Resources()
        parser.feed(file.read_text(encoding="utf-8"))
        page_url = built_site.url + file.relative_to(built_site.root).as_posix()
        foreign += [f"{file.name}: {u}" for u in parser.urls if urlsplit(urljoin(page_url, u)).netloc != site_host]
    for asset in (built_site.root / "assets").iterdir():
        text = asset.read_text(encoding="utf-8")
        foreign += [
            f"{asset.name}: {u}"
            for u in re.findall(r"(?:url\(|@import|https?://)[^\s)\"']*", text)
            if "www.w3.org/2000/svg" not in u
        ]
    assert not foreign, "\n".join(foreign[:30])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(built_site: ServedSite, site_browser, scheme: str) -> None:
    context = axe_context(site_browser, scheme)
    page = context.new_page()
    found = {}
    try:
        for name, url in AXE_PAGES.items():
            page.goto(built_site.url + url)
            page.wait_for_load_state("networkidle")
            violations = axe_violations(page)
            if violations:
                found[name] = violations
    finally:
        context.close()
    assert not found, json.dumps(found, indent=1)
