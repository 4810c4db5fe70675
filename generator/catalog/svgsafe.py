"""Provider logos (SVG from outside contributors) rebuilt from an allow-list.

An SVG is a document that can run script when opened on its own, so a logo is never
published as written. It is parsed with defusedxml (no DTD, no entities, no external
references: no billion laughs, no file reads), and a new tree is built that holds only:

- drawing elements in the SVG namespace or in none (shapes, paths, groups, gradients, clip paths,
  masks, text); everything else is dropped with its content: script, style,
  foreignObject, animation (animate, set, ...), a, image, filters, metadata, other
  namespaces (Inkscape, Sodipodi, RDF);
- presentation and geometry attributes whose value holds no ':', '\\', 'expression' or
  a url() other than a reference inside the file ('url(#grad)'); no event handler, no
  style attribute, and href only as '#id' (on use and gradients);
- at most MAX_DEPTH levels of nesting.

`sanitize_svg` raises `SvgProblem` (with a line where there is one) for bytes that are
not an SVG document at all; the loader reports it as a problem of the logo's file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_DEPTH = 50

ELEMENTS = {
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "text",
    "tspan",
    "title",
    "desc",
}
ATTRIBUTES = {
    "id",
    "viewBox",
    "preserveAspectRatio",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "d",
    "points",
    "pathLength",
    "transform",
    "offset",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "opacity",
    "color",
    "clip-path",
    "clip-rule",
    "mask",
    "stop-color",
    "stop-opacity",
    "visibility",
    "display",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "marker-start",
    "marker-mid",
    "marker-end",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "letter-spacing",
    "dx",
    "dy",
    "shape-rendering",
}
_TEXT_ELEMENTS = {"text", "tspan", "title", "desc"}
_LOCAL_REFERENCE = re.compile(r"^#[A-Za-z_][\w.-]{0,99}$")
_LOCAL_URL = re.compile(r"url\(\s*#[A-Za-z_][\w.-]{0,99}\s*\)")
_UNSAFE_VALUE = re.compile(r"[:\\<>]|url\s*\(|expression|javascript|@import", re.IGNORECASE)


class SvgProblem(Exception):
    """The bytes are not an SVG document this tool can publish."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def sanitize_svg(data: bytes) -> bytes:
    """The logo rebuilt from the allow-list, as UTF-8 bytes ending in a newline."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(": line ")[0]  # the position is given as line and column
        raise SvgProblem(f"the logo is not well-formed XML ({reason})", line, column + 1) from None
    except DefusedXmlException as exc:
        raise SvgProblem(f"the logo declares a DTD or entities, which are not allowed ({type(exc).__name__})") from None
    except ValueError as exc:  # e.g. an encoding the parser does not know
        raise SvgProblem(f"the logo cannot be read: {exc}") from None
    if _local(root.tag) != "svg":
        raise SvgProblem(f"the logo's root element is {root.tag!r}, not an SVG <svg> element")
    clean = _rebuild(root, 0)
    clean.set("xmlns", SVG_NS)
    return ET.tostring(clean, encoding="unicode").encode("utf-8") + b"\n"


def _rebuild(node: ET.Element, depth: int) -> ET.Element:
    if depth > MAX_DEPTH:
        raise SvgProblem(f"the logo nests deeper than {MAX_DEPTH} levels")
    name = _local(node.tag)
    clean = ET.Element(name, _attributes(node))
    if name in _TEXT_ELEMENTS and node.text:
        clean.text = node.text
    for child in node:
        child_name = _local(child.tag) if isinstance(child.tag, str) else None
        if child_name in ELEMENTS:
            kept = _rebuild(child, depth + 1)
            kept.tail = child.tail if name in _TEXT_ELEMENTS else None
            clean.append(kept)
    return clean


def _local(tag: str) -> str | None:
    """The element's name if it is in the SVG namespace or in none (a hand-written
    '<svg>' without xmlns, published with it), else None (dropped)."""
    namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return name if namespace in (SVG_NS, "") else None


def _attributes(node: ET.Element) -> dict[str, str]:
    kept: dict[str, str] = {}
    for key, value in node.attrib.items():
        if key in ("href", f"{{{XLINK_NS}}}href"):
            if _LOCAL_REFERENCE.match(value.strip()):
                kept["href"] = value.strip()
        elif key in ATTRIBUTES and len(value) <= 20_000 and not _UNSAFE_VALUE.search(_LOCAL_URL.sub("", value)):
            kept[key] = value
    return kept
