"""The scanner of support/scan.py finds what it must, and nothing in what the site
itself writes: every kind of danger in HTML, Markdown, JSON, YAML, XML, SVG and CSV, in the
spellings a browser or renderer would still run (entities, tabs, padding, case)."""

from __future__ import annotations

import pytest
from defusedxml import EntitiesForbidden
from support.scan import is_dangerous_url, scan_html, scan_markdown, scan_output, scan_xml, script_hash

CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'\">"
PAGE = (
    "<!DOCTYPE html><html><head>"
    + CSP
    + '<script src="../assets/site.js" defer></script>{head}</head><body>{body}</body></html>'
)

MUST_FIND_HTML = {
    "inline script": ("", "<script>alert(1)</script>"),
    "foreign script": ("", '<script src="https://evil.example/x.js"></script>'),
    "handler": ("", "<img src=x onerror=alert(1)>"),
    "javascript href": ("", '<a href="javascript:alert(1)">x</a>'),
    "entity scheme": ("", '<a href="&#106;avascript:alert(1)">x</a>'),
    "tab in scheme": ("", '<a href="java&#x09;script:alert(1)">x</a>'),
    "padded scheme": ("", '<a href=" \x01javascript:alert(1)">x</a>'),
    "data src": ("", '<img src="data:image/svg+xml,x">'),
    "vbscript action": ("", '<form action="vbscript:x"></form>'),
    "formaction": ("", '<button formaction="javascript:x">x</button>'),
    "xlink": ("", '<svg><a xlink:href="javascript:x">x</a></svg>'),
    "srcdoc": ("", '<iframe srcdoc="x"></iframe>'),
    "style url": ("", '<p style="background:u\\rl(javascript:x)">x</p>'),
    "style expression": ("", '<p style="x:expression(alert(1))">x</p>'),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example">', ""),
    "base": ('<base href="https://evil.example/">', ""),
    "svg animation": ("", '<svg><set attributeName="href" to="javascript:x"/></svg>'),
    "json-ld breakout": ('<script type="application/ld+json">{"a":"</scr"}</script>', ""),
    "json-ld not json": ('<script type="application/ld+json">alert(1)</script>', ""),
    "unclosed script": ("", "<script>alert(1)"),
}


@pytest.mark.parametrize("name", MUST_FIND_HTML)
def test_scanner_finds_in_html(name: str) -> None:
    head, body = MUST_FIND_HTML[name]
    assert scan_html("x.html", PAGE.format(head=head, body=body)), name


def test_scanner_accepts_the_sites_own_constructs() -> None:
    head = '<script type="application/ld+json">{"name":"a\\u003cb"}</script>'
    body = '<a href="../models/">x</a><a href="https://a.example/?q=1&amp;r=2">y</a><a href="mailto:a@b.example">z</a>'
    assert scan_html("x.html", PAGE.format(head=head, body=body)) == []


def test_scanner_needs_the_csp_and_allows_a_hashed_inline_script() -> None:
    assert scan_html("x.html", "<html><head></head><body></body></html>")
    code = "console.log(1)"
    csp = CSP.replace("script-src 'self'", f"script-src 'self' 'sha256-{script_hash(code)}'")
    page = f"<html><head>{csp}</head><body><script>{code}</script></body></html>"
    assert scan_html("x.html", page) == []
    assert scan_html("x.html", page.replace(code, code + ";"))
    unsafe = page.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    assert [f.what for f in scan_html("x.html", unsafe)] == ["CSP script-src allows"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](jav&#x61;script:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "<img src=x onerror=alert(1)>",
        "[x](javascript\\:alert(1))",
    ],
)
def test_scanner_finds_in_markdown(text: str) -> None:
    assert scan_markdown("x.md", f"# Title\n\n{text}\n"), text


def test_scanner_accepts_plain_markdown() -> None:
    text = "# A\n\n> quote `<script>` in code\n\n- [link](https://a.example/) and [rel](../b/) <https://c.example/>\n"
    assert scan_markdown("x.md", text) == []


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("api/models.json", b'{"data": [{"url": " javascript:alert(1)"}]}'),
        ("openapi.json", b'{"info": {"description": "[x](javascript:alert(1))"}}'),
        ("openapi.yaml", b"info:\n  summary: <img src=x onerror=alert(1)>\n"),
        ("feed.xml", b'<?xml version="1.0"?><feed><link href="javascript:alert(1)"/></feed>'),
        ("feed.xml", b'<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><feed/>'),
        ("providers/a/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("providers/a/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        (
            "providers/a/logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>',
        ),
        ("pricing/prices.csv", b'slug,note\r\na/b,"=HYPERLINK(""https://evil.example"")"\r\n'),
        ("robots.bin", b""),
    ],
)
def test_scanner_finds_in_data_files(path: str, data: bytes) -> None:
    assert scan_output(path, data), path


def test_scanner_refuses_xml_entities() -> None:
    with pytest.raises(EntitiesForbidden):
        scan_xml("feed.xml", b'<!DOCTYPE f [<!ENTITY a "b">]><feed>&a;</feed>')


def test_scanner_dangerous_url_rules() -> None:
    assert [is_dangerous_url(u) for u in ("https://a", "/x", "x:y", "#javascript:x", "?a=javascript:x")] == [
        False,
        False,
        True,
        False,
        False,
    ]
    assert is_dangerous_url("\x00 JaVa\tScRiPt:x") and not is_dangerous_url(
        "&#x6A;avascript:x"
    )  # decoded once, by the parser
