"""Contributor text made safe for pages: Markdown -> sanitized HTML, JSON for
<script> blocks, and Markdown outputs (twins, llms.txt, OpenAPI descriptions) that
any Markdown renderer may turn into HTML. Records are written by outside
contributors, so nothing from a record reaches an output without going through
here or through autoescaping."""

from __future__ import annotations

import dataclasses
import html as html_lib
import json
import re
from functools import cache, lru_cache
from typing import Any

import markdown as markdown_lib
import nh3
from markupsafe import Markup

from generator.catalog.records import Site

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _converter() -> markdown_lib.Markdown:
    return markdown_lib.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def sanitize_html(html: str) -> str:
    """Keep a small set of formatting tags; drop scripts, handlers, styles, images,
    and any link whose scheme is not http(s) or mailto (relative links stay)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def _converted(text: str) -> str:
    """Markdown -> raw HTML, once per text: a description is shown as HTML and as
    plain text on the same page (the cache holds only what a few pages reuse)."""
    return _converter().reset().convert(text)


def markdown_html(text: str) -> Markup:
    """Render contributor Markdown to sanitized HTML (safe to insert unescaped)."""
    return Markup(sanitize_html(_converted(text)))


def plain_text(text: str) -> str:
    """Markdown -> plain text (meta descriptions, JSON-LD, llms.txt notes)."""
    return html_lib.unescape(" ".join(nh3.clean(_converted(text), tags=set()).split()))


def json_script(value: Any) -> Markup:
    """JSON for an inline <script> (JSON-LD): '<', '>' and '&' are escaped so a
    record can never close the script element or open a comment."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


# A '<' that could open a tag, comment, processing instruction or autolink in a
# Markdown renderer, unless it opens an http(s) or mailto autolink (no backtick, so
# it cannot take part in a code span).
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])(?!(?:https?://|mailto:)[^\s<>`]*>)")
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_KEPT_REFERENCES = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#39;"}
_GAP = "[\t\n\r]*"  # what a browser removes inside a URL, so 'java<tab>script:' is 'javascript:'


def _spelled(word: str) -> str:
    return _GAP.join(word)


_SCRIPT_SCHEME = re.compile(
    rf"(?<![A-Za-z0-9+.-])(?:(?:{_spelled('javascript')}|{_spelled('vbscript')}|{_spelled('livescript')}){_GAP}\\?:"
    rf"|{_spelled('data')}{_GAP}\\?:\s*(?:[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+)?(?:;[^,\s]*)*,)",
    re.IGNORECASE,
)
_HANDLER_ATTRIBUTES = re.compile(r"\{(?=[^{}\n]*\bon[a-z]*\s*=)", re.IGNORECASE)  # {: onclick=...} (attr_list, Pandoc)


def markdown_safe(text: str) -> str:
    """Markdown text that no renderer turns into script, whatever it does with raw HTML,
    code spans or links: every '<' that could open a tag or a non-http(s) autolink is
    written '&lt;'; a character reference that spells ASCII ('&#106;', '&colon;') is
    written out as text; 'javascript:', 'vbscript:' and 'data:...,' (letters split by
    tabs or newlines included) get a '#' in front, so as a link they only name a
    fragment; an attribute list naming an event handler is escaped. Applied to a
    whole document, it changes nothing in text without those."""
    text = _REFERENCE.sub(_reference, text)
    text = _TAG_OPEN.sub("&lt;", text)
    if _may_name_a_script_scheme(text):
        text = _SCRIPT_SCHEME.sub(lambda m: "#" + m.group(), text)
    return _HANDLER_ATTRIBUTES.sub(r"\\{", text)


def _may_name_a_script_scheme(text: str) -> bool:
    """A quick test that _SCRIPT_SCHEME cannot match (it is slow on a long document):
    with the gaps a browser ignores removed and the letters folded as IGNORECASE
    folds them, every match ends in 'script:' or 'data:' (a backslash may come before
    the colon)."""
    squeezed = text.replace("\n", "").replace("\t", "").replace("\r", "").replace("\\:", ":").lower()
    if "script:" in squeezed or "data:" in squeezed:
        return True
    return not text.isascii() and any(c in text for c in _FOLDED_TO_ASCII)


_FOLDED_TO_ASCII = "\u017f\u0131\u0130"  # 'ſ', 'ı', 'İ': IGNORECASE matches them to 's' and 'i'


def _reference(match: re.Match[str]) -> str:
    reference = match.group()
    decoded = html_lib.unescape(reference)
    if decoded == reference or reference in _KEPT_REFERENCES:
        return reference
    if reference.endswith(";") and len(decoded) == 1 and not decoded.isascii():
        return reference  # '&mdash;', '&#8212;': a character that can be no part of a scheme or tag
    return "&amp;" + reference[1:]


def markdown_safe_site(site: Site) -> Site:
    """site.yaml's texts made Markdown-safe, for outputs whose descriptions are Markdown (OpenAPI)."""
    kinds = tuple(
        dataclasses.replace(
            k, label=markdown_safe(k.label), noun=markdown_safe(k.noun), description=markdown_safe(k.description)
        )
        for k in site.kinds
    )
    errors = tuple(dataclasses.replace(e, meaning=markdown_safe(e.meaning)) for e in site.errors)
    return dataclasses.replace(
        site,
        name=markdown_safe(site.name),
        tagline=markdown_safe(site.tagline),
        fee_policy=markdown_safe(site.fee_policy),
        byok_policy=markdown_safe(site.byok_policy),
        kinds=kinds,
        errors=errors,
    )
