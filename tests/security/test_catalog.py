"""The corpus of hostile payloads (tests/fixtures/xss/payloads.json; the catalogs made from it
are in support/hostile.py)."""

from __future__ import annotations

from support.hostile import payloads


def test_the_corpus_covers_every_family_of_payload() -> None:
    ids = [p.id for p in payloads()]
    assert len(ids) == len(set(ids)) >= 100
    for family in (
        "script",
        "img-",
        "svg-",
        "math-",
        "md-link",
        "md-image",
        "attr-",
        "comment-",
        "cdata",
        "entity",
        "padded",
        "zero-width",
        "fullwidth",
        "jinja",
        "csv-",
        "style",
        "data",
    ):
        assert any(family in i for i in ids), family
