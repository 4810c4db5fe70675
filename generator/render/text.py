"""Contributor text made safe for pages: Markdown -> sanitized HTML, and JSON for
<script> blocks. Records are written by outside contributors, so nothing from a
record reaches a page without going through here or through autoescaping."""

from __future__ import annotations

import html as html_lib
import json
from functools import cache
from typing import Any

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr", "del",
}  # fmt: skip
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


def markdown_html(text: str) -> Markup:
    """Render contributor Markdown to sanitized HTML (safe to insert unescaped)."""
    converter = _converter()
    html = converter.reset().convert(text)
    return Markup(sanitize_html(html))


def plain_text(text: str) -> str:
    """Markdown -> plain text (meta descriptions, JSON-LD, llms.txt notes)."""
    html = _converter().reset().convert(text)
    return html_lib.unescape(" ".join(nh3.clean(html, tags=set()).split()))


def json_script(value: Any) -> Markup:
    """JSON for an inline <script> (JSON-LD): '<', '>' and '&' are escaped so a
    record can never close the script element or open a comment."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)
