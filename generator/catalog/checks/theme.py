"""Rules on site.yaml's theme: the files it names exist, and its colours stay readable.

Contrast follows WCAG 2.x exactly: the relative luminance of an sRGB colour, and the
ratio (L1 + 0.05) / (L2 + 0.05) of the lighter to the darker; AA asks 4.5:1 for text.
Each colour is checked against every background it is drawn on in its scheme (the
built-in colours of templates/assets/site.css where the theme keeps them)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from generator.catalog.checks import Context, at, check
from generator.catalog.problems import WARNING, Problem
from generator.catalog.records import THEME_COLORS, THEME_FILES, full_hex

AA_TEXT = 4.5

# The built-in colours the theme's colours meet, per scheme, as in templates/assets/site.css
# (tests/catalog/test_theme_check.py reads them there, so the two cannot drift apart).
BUILT_IN = {
    "light": {"bg": "#ffffff", "surface": "#f6f8fa", "fg": "#1b1f24", "link": "#0b57d0", "accent-fg": "#ffffff"},
    "dark": {"bg": "#0f1217", "surface": "#171c24", "fg": "#e6e9ef", "link": "#8ab4f8", "accent-fg": "#0f1217"},
}


@dataclass(frozen=True)
class Pair:
    """A colour the theme gives and the colours it meets, each with how ('on the page
    background', 'behind the buttons' text'): contrast is symmetric, so a background is
    checked against what is drawn on it the same way."""

    setting: str
    color: str
    others: tuple[tuple[str, str], ...]  # (how it meets it, colour)


@check
def check_theme_file(ctx: Context) -> Iterator[Problem]:
    if ctx.site is None:
        return
    theme = ctx.site.data.get("theme", {})
    for setting in THEME_FILES:
        path = theme.get(setting)
        if path is not None and path not in ctx.assets:
            what = "an SVG or PNG file" if setting != "stylesheet" else "a CSS file"
            yield at(
                ctx.site,
                f"/theme/{setting}",
                f"{setting} '{path}' is not a readable file in the catalog",
                f"add catalog/{path} ({what}) or remove the setting",
            )


@check
def check_theme_contrast(ctx: Context) -> Iterator[Problem]:
    if ctx.site is None:
        return
    colors = ctx.site.data.get("theme", {}).get("colors", {})
    for scheme in ("light", "dark"):
        given = {name: full_hex(value) for name, value in colors.get(scheme, {}).items()}
        if not given:
            continue
        for pair in scheme_pairs(BUILT_IN[scheme], given):
            yield from _contrast_problem(ctx, scheme, pair)


def scheme_pairs(built_in: dict[str, str], given: dict[str, str]) -> list[Pair]:
    """What each colour the theme gives meets: links on the page and on surfaces, the
    buttons' text on the brand colour, the header's name and links on its background."""
    brand = given.get("brand", built_in["link"])
    header_bg = given.get("header_background", built_in["bg"])
    brand_meets = [("on the page background", built_in["bg"]), ("on the surface colour", built_in["surface"])]
    pairs = []
    if "brand_text" in given:
        pairs.append(Pair("brand_text", given["brand_text"], (("on brand", brand),)))
    else:
        brand_meets.append(("behind the buttons' text", built_in["accent-fg"]))
    pairs.append(Pair("brand", brand, tuple(brand_meets)))
    if "header_text" in given:
        pairs.append(Pair("header_text", given["header_text"], (("on header_background", header_bg),)))
    else:  # the header then shows the built-in text colour and the brand's links
        header_meets = (("behind the site's name", built_in["fg"]), ("behind the navigation links", brand))
        pairs.append(Pair("header_background", header_bg, header_meets))
    return sorted((pair for pair in pairs if pair.setting in given), key=lambda pair: THEME_COLORS.index(pair.setting))


def _contrast_problem(ctx: Context, scheme: str, pair: Pair) -> Iterator[Problem]:
    assert ctx.site is not None
    ratio, how, other = min((contrast(pair.color, color), how, color) for how, color in pair.others)
    if ratio >= AA_TEXT:
        return
    message = (
        f"{pair.setting} {pair.color} has {ratio_text(ratio)} contrast {how} {other} "
        f"({scheme} scheme); WCAG AA needs {ratio_text(AA_TEXT)} for text"
    )
    hint = fix_hint(pair.color, [color for _how, color in pair.others], ratio)
    yield at(ctx.site, f"/theme/colors/{scheme}/{pair.setting}", message, hint, WARNING)


def fix_hint(color: str, backgrounds: list[str], ratio: float) -> str:
    """The nearest colour in the direction that can pass (towards black or white) that has
    4.5:1 against every background, as a hint."""
    has = f"needs {ratio_text(AA_TEXT)}, has {ratio_text(ratio)}"
    found = [
        (steps, word, fixed)
        for word, end in (("darken", "#000000"), ("lighten", "#ffffff"))
        if (fixed := nearest_passing(color, end, backgrounds)) is not None
        for steps in [_distance(color, fixed)]
    ]
    if not found:
        return f"{has}; no shade of it passes on {', '.join(backgrounds)}: change the background too"
    _steps, word, fixed = min(found)
    return f"{word} it to at least {fixed} ({has})"


def nearest_passing(color: str, end: str, backgrounds: list[str]) -> str | None:
    """The first colour on the way from `color` to `end` (mixed in sRGB, 1/255 at a time)
    with AA contrast against every background; None when even `end` has not."""
    start, goal = rgb(color), rgb(end)
    for step in range(256):
        mixed = tuple(round(s + (g - s) * step / 255) for s, g in zip(start, goal, strict=True))
        candidate = "#" + "".join(f"{c:02x}" for c in mixed)
        if all(contrast(candidate, bg) >= AA_TEXT for bg in backgrounds):
            return candidate
    return None


def _distance(a: str, b: str) -> int:
    return sum(abs(x - y) for x, y in zip(rgb(a), rgb(b), strict=True))


def rgb(color: str) -> tuple[int, int, int]:
    digits = full_hex(color)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2.x: L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB channels."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def ratio_text(ratio: float) -> str:
    """Rounded down to two decimals, so a colour just short of 4.5:1 never reads '4.5:1'."""
    floored = math.floor(ratio * 100 + 1e-9) / 100
    return f"{floored:.2f}".rstrip("0").rstrip(".") + ":1"
