"""Internal link checker for a built site (importable helper, and a command).

Every link of every HTML page, Markdown file (the model twins), llms.txt,
llms-full.txt, sitemap.xml, feed.xml and robots.txt must point at a file the
build wrote. Relative hrefs and srcs resolve against the page's own URL, absolute
ones against the site URL; links to other hosts are ignored (no network). A
fragment pointing into an HTML page must name an `id` on that page.

    .venv/bin/python tests/support/linkcheck.py site [--base-url URL]
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
IGNORED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")
URL_ATTRIBUTES = {"href", "src", "action", "poster", "cite"}
META_URL_SUFFIXES = (":url", ":image")  # <meta property="og:url" content="..."> and the like
MARKDOWN_FILES = {"llms.txt", "llms-full.txt"}
_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class Broken:
    source: str  # site-relative path of the file holding the link
    link: str  # as written
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.link} ({self.reason})"


@dataclass
class Report:
    files: int = 0
    links: int = 0
    broken: list[Broken] = field(default_factory=list)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        self.links.extend(value for name, value in values.items() if name in URL_ATTRIBUTES)
        if "srcset" in values:
            self.links.extend(part.split()[0] for part in values["srcset"].split(",") if part.strip())
        meta_name = values.get("property") or values.get("name") or ""
        if tag == "meta" and meta_name.endswith(META_URL_SUFFIXES) and "content" in values:
            self.links.append(values["content"])
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])


def _parse_html(text: str) -> _LinkParser:
    parser = _LinkParser()
    parser.feed(text)
    parser.close()
    return parser


def html_links(text: str) -> list[str]:
    return _parse_html(text).links


def markdown_links(text: str) -> list[str]:
    """Inline links, images, autolinks and definitions; code blocks and spans are not links."""
    text = _CODE_SPAN.sub("", _FENCE.sub("", text))
    return [m.group(1) for pattern in (_MD_LINK, _MD_AUTOLINK, _MD_DEFINITION) for m in pattern.finditer(text)]


def sitemap_links(text: str) -> list[str]:
    return [(el.text or "").strip() for el in ET.fromstring(text).iter() if el.tag.endswith("}loc")]


def feed_links(text: str) -> list[str]:
    return [el.get("href", "") for el in ET.fromstring(text).iter() if el.tag.endswith("}link")]


def robots_links(text: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in text.splitlines() if line.lower().startswith("sitemap:")]


def extractor(path: str) -> Callable[[str], list[str]] | None:
    """Which links a file holds, by its name; None for files that are not checked."""
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".html"):
        return html_links
    if name.endswith(".md") or name in MARKDOWN_FILES:
        return markdown_links
    return {"sitemap.xml": sitemap_links, "feed.xml": feed_links, "robots.txt": robots_links}.get(name)


def page_url(site_url: str, path: str) -> str:
    """The URL a file is served at: 'models/a/b/index.html' -> site_url + 'models/a/b/'."""
    return site_url + (path[: -len("index.html")] if path.rsplit("/", 1)[-1] == "index.html" else path)


class SiteChecker:
    def __init__(self, site: Path, site_url: str) -> None:
        self.site = site
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.root = urlsplit(self.site_url)

    def files(self) -> Iterator[tuple[str, Callable[[str], list[str]]]]:
        for file in sorted(self.site.rglob("*")):
            rel = file.relative_to(self.site).as_posix()
            extract = extractor(rel)
            if file.is_file() and extract is not None:
                yield rel, extract

    @cache  # noqa: B019 -- one checker per site, kept only while checking
    def ids_of(self, path: str) -> frozenset[str]:
        return frozenset(_parse_html((self.site / path).read_text("utf-8")).ids)

    def check(self) -> Report:
        report = Report()
        for rel, extract in self.files():
            report.files += 1
            base = page_url(self.site_url, rel)
            for link in extract((self.site / rel).read_text("utf-8")):
                report.links += 1
                reason = self.problem(base, link)
                if reason:
                    report.broken.append(Broken(rel, link, reason))
        return report

    def problem(self, base: str, link: str) -> str | None:
        """Why `link` on the page at `base` is broken, or None when it is fine or external."""
        if link.lower().startswith(IGNORED_SCHEMES):
            return None
        target = urlsplit(urljoin(base, link))
        if target.scheme not in ("http", "https"):
            return None
        if target.netloc != self.root.netloc:
            return None
        if not target.path.startswith(self.root.path):
            return f"outside the site's base path {self.root.path}"
        rel = unquote(target.path[len(self.root.path) :])
        path = rel + "index.html" if rel == "" or rel.endswith("/") else rel
        if not (self.site / path).is_file():
            return "no such file" + ("; a folder needs a trailing slash" if (self.site / rel).is_dir() else "")
        if target.fragment and path.endswith(".html") and unquote(target.fragment) not in self.ids_of(path):
            return f"no id {target.fragment!r} in {path}"
        return None


def check_site(site: Path, site_url: str) -> Report:
    return SiteChecker(site, site_url).check()


def site_url_of(catalog: Path = ROOT / "catalog") -> str:
    import yaml

    from generator.catalog.records import normalize_base_url

    return normalize_base_url(yaml.safe_load((catalog / "site.yaml").read_text("utf-8"))["url"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every internal link of a built site.")
    parser.add_argument("site", type=Path)
    parser.add_argument("--base-url", help="the URL the site was built for (default: url in catalog/site.yaml)")
    args = parser.parse_args(argv)
    report = check_site(args.site, args.base_url or site_url_of())
    for broken in report.broken:
        print(broken)
    print(f"{report.files} files, {report.links} links checked, {len(report.broken)} broken")
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
