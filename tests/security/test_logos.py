"""Provider logos are published rebuilt from an allow-list (generator/svgsafe.py).

Each hostile construct is put into an otherwise plain logo: the published bytes must
keep the drawing and lose the construct (the scanner of support/scan.py finds
nothing, and the construct's marker is gone). Logos that are no SVG, or that declare
a DTD or entities (billion laughs, XXE), are refused by the loader with a problem that
names the file. The hostile logo in the built site and in the browser: see
test_xss.py (provider k00) and test_browser.py.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest
from support.catalogs import PROVIDER, check_catalog, valid_provider
from support.scan import scan_xml

from generator.catalog.svgsafe import SvgProblem, sanitize_svg

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"{root}>'
DRAWING = '<path id="p" d="M0 0h10v10H0z" fill="#0a7"/>'

HOSTILE = {
    "script": "<script>MARK()</script>",
    "script-cdata": "<script><![CDATA[MARK()]]></script>",
    "xhtml-script": '<h:script xmlns:h="http://www.w3.org/1999/xhtml">MARK()</h:script>',
    "handler-element": "<handler>MARK()</handler>",
    "root-onload": ("", ' onload="MARK()"'),
    "path-onclick": '<path d="M0 0h1v1z" onclick="MARK()"/>',
    "style-element": "<style>@import url(https://MARK.example/x.css);</style>",
    "style-attribute": '<path d="M0 0h1v1z" style="fill:url(javascript:MARK())"/>',
    "foreign-object": '<foreignObject><h:iframe xmlns:h="http://www.w3.org/1999/xhtml" srcdoc="MARK"/></foreignObject>',
    "a-javascript": '<a xlink:href="javascript:MARK()"><path d="M0 0h1v1z"/></a>',
    "image-external": '<image href="https://MARK.example/t.png" width="1" height="1"/>',
    "use-external": '<use href="https://MARK.example/s.svg#i"/>',
    "use-data": '<use xlink:href="data:image/svg+xml,MARK"/>',
    "animate-href": '<animate attributeName="href" to="javascript:MARK()"/>',
    "set-handler": '<set attributeName="onclick" to="MARK()"/>',
    "fill-external": '<path d="M0 0h1v1z" fill="url(https://MARK.example/p.svg#g)"/>',
    "fill-expression": '<path d="M0 0h1v1z" fill="expression(MARK())"/>',
    "css-escape": '<path d="M0 0h1v1z" fill="u\\72l(javascript:MARK())"/>',
    "filter-image": '<filter id="f"><feImage href="https://MARK.example/x.png"/></filter>',
    "unknown-namespace": '<x:MARK xmlns:x="urn:x"><path d="M0 0h1v1z"/></x:MARK>',
    "pi-inside": "<?MARK instruction?>",
    "comment": "<!-- <script>MARK()</script> -->",
}


def logo(content: str | tuple[str, str]) -> bytes:
    body, root = (content, "") if isinstance(content, str) else content
    return (HEAD.format(root=root) + DRAWING + body + "</svg>").encode("utf-8")


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_construct_is_dropped_and_the_drawing_kept(name: str) -> None:
    published = sanitize_svg(logo(HOSTILE[name]))
    assert scan_xml("providers/a/logo.svg", published) == []
    text = published.decode("utf-8")
    assert DRAWING.replace("/>", " />") in text
    assert "MARK()" not in text and "MARK.example" not in text and "<MARK" not in text
    assert "<script" not in text.lower() and "<?" not in text and "<!--" not in text


def test_the_scanner_sees_what_the_sanitizer_removes() -> None:
    """Without the sanitizer, the same logos would be found (the test above can fail)."""
    found = [name for name in HOSTILE if scan_xml("providers/a/logo.svg", logo(HOSTILE[name]))]
    assert len(found) >= 12, found


def test_a_plain_logo_is_published_as_drawn() -> None:
    source = (
        HEAD.format(root=' width="32" height="32"') + '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/>'
        '</linearGradient></defs><g transform="translate(1 1)"><circle cx="5" cy="5" r="4" fill="url(#g)"/>'
        '<use href="#p"/><text x="1" y="9" font-family="sans-serif">A&amp;B</text></g></svg>'
    ).encode()
    published = sanitize_svg(source).decode()
    for kept in (
        'width="32"',
        'fill="url(#g)"',
        'stop-color="red"',
        'transform="translate(1 1)"',
        '<use href="#p" />',
        ">A&amp;B</text>",
        'xmlns="http://www.w3.org/2000/svg"',
    ):
        assert kept in published, kept
    assert sanitize_svg(published.encode()) == published.encode()  # stable: publishing twice changes nothing
    assert (
        sanitize_svg(b"<svg><path d='M0 0h1'/></svg>")
        == b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1" /></svg>\n'
    )


def test_text_that_looks_like_markup_stays_text() -> None:
    published = sanitize_svg(logo("<text>&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;</text>")).decode()
    assert "<text>&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;</text>" in published
    assert scan_xml("providers/a/logo.svg", published.encode()) == []


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "ha">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + ']><svg xmlns="http://www.w3.org/2000/svg"><text>&j;</text></svg>'
)

REFUSED = {
    "billion-laughs": (LAUGHS, None),
    "xxe": (
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        None,
    ),
    "external-dtd": (
        '<!DOCTYPE svg SYSTEM "https://evil.example/x.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
        None,
    ),
    "not-xml": ("<svg xmlns='http://www.w3.org/2000/svg'>\n<path d='M0 0'>\n</svg>", 3),
    "html-root": ('<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', None),
    "deep-nesting": ('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 5000 + "</g>" * 5000 + "</svg>", None),
    "empty": ("", 1),
}


@pytest.mark.parametrize("name", REFUSED)
def test_logo_that_is_no_plain_svg_is_refused_quickly(name: str) -> None:
    text, line = REFUSED[name]
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(SvgProblem) as refused:
        sanitize_svg(text.encode("utf-8"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.perf_counter() - started < 1 and peak < 50_000_000, "hang and memory guards"
    assert refused.value.line == line


def test_the_loader_refuses_a_bad_logo_with_its_file(write_catalog) -> None:
    catalog = write_catalog({PROVIDER: valid_provider(logo="acme.svg"), "providers/acme.svg": LAUGHS.encode()})
    problems = [(p.file, p.rule) for p in check_catalog(catalog) if p.is_error]
    assert ("catalog/providers/acme.svg", "bad-logo") in problems


def test_a_logo_linked_from_outside_the_catalog_is_never_read(write_catalog) -> None:
    catalog = write_catalog({PROVIDER: valid_provider(logo="acme.svg")})
    secret = catalog.parent / "secret.svg"
    secret.write_bytes(logo(DRAWING))
    (catalog / "providers" / "acme.svg").symlink_to(secret)
    problems = [(p.file, p.rule) for p in check_catalog(catalog) if p.is_error]
    assert ("catalog/providers/acme.svg", "symlink-outside") in problems
