"""Every payload of tests/fixtures/xss/payloads.json in every string field of a record
(the catalogs are built by support/hostile.py).

- where a schema pattern or length refuses a payload, the error is at that field (file,
  line, JSON pointer); free-text fields really carry payloads into the build;
- the hostile catalog (one provider and one model per payload, the kitchen-sink records,
  the hostile logo) is built to disk by the real pipeline, and one small catalog per
  payload for the site.yaml texts is rendered in memory: every output is parsed and
  scanned (support/scan.py): no script, handler or dangerous URL, and no template
  syntax evaluated;
- names show the payload as text; `markdown_safe` neutralizes only what could run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.catalogs import write_files
from support.hostile import (
    BUILD_DATE,
    FIELDS,
    PATHS,
    Field,
    Placement,
    hostile_catalog_files,
    payloads,
    pid,
    place,
    site_catalog_files,
)
from support.scan import Finding, scan_output
from support.sites import build_site, render_in_memory, site_files, visible_text

# What an evaluated template payload would print; none may appear in any output.
TEMPLATE_PROBES = (b"84143929", b"xsstpl", b"tplxtplx", b"__builtins__")


@pytest.fixture(scope="module")
def placements(tmp_path_factory: pytest.TempPathFactory) -> tuple[Placement, ...]:
    tmp = tmp_path_factory.mktemp("placements")
    return tuple(place(p, tmp / p.id) for p in payloads())


def scan_site(outputs: dict[str, bytes]) -> Iterator[Finding]:
    for path, data in outputs.items():
        if path != ".catalog-build":
            yield from scan_output(path, data)
        for probe in TEMPLATE_PROBES:
            if probe in data:
                yield Finding(path, "template syntax was evaluated", probe.decode())


@pytest.fixture(scope="module")
def hostile_site(placements: tuple[Placement, ...], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("hostile")
    catalog = write_files(tmp / "catalog", hostile_catalog_files(placements))
    build_site(catalog, tmp / "site", build_date=BUILD_DATE)
    return site_files(tmp / "site")


# ---------------------------------------------------------------- tests


@pytest.mark.slow
def test_refused_payloads_are_errors_at_the_field(placements: tuple[Placement, ...]) -> None:
    """Each refusal names the file, a line and the field's JSON pointer."""
    for placement in placements:
        for field, problem in placement.refused.items():
            assert problem.file == f"catalog/{PATHS[field.record]}" and problem.line is not None, problem
            assert problem.rule in ("bad-format", "bad-length", "not-allowed", "slug-matches-path"), problem


def test_free_text_fields_carry_payloads_and_patterns_stop_them(placements: tuple[Placement, ...]) -> None:
    """Free-text fields must really take payloads into the build, or the scans prove nothing;
    fields with a schema pattern take none of them."""
    for field in FIELDS:
        accepted = sum(field in p.accepted for p in placements)
        assert accepted >= (len(placements) // 4 if field.free_text else 0), (field.name, accepted)
        assert field.free_text or accepted == 0, field.name


@pytest.mark.slow
def test_no_output_of_the_hostile_catalog_can_run_a_payload(hostile_site: dict[str, bytes]) -> None:
    assert len(hostile_site) > 300
    findings = list(scan_site(hostile_site))
    assert findings == [], "\n".join(map(str, findings[:40]))


@pytest.mark.slow
def test_site_texts_with_a_payload_are_safe_in_every_output(placements: tuple[Placement, ...], tmp_path: Path) -> None:
    findings = []
    for placement in placements:
        catalog = write_files(tmp_path / placement.payload.id, site_catalog_files(placement))
        findings += [f"{placement.payload.id}: {f}" for f in scan_site(render_in_memory(catalog))]
    assert findings == [], "\n".join(findings[:40])


@pytest.mark.slow
def test_plain_text_fields_show_the_payload_as_text(
    placements: tuple[Placement, ...], hostile_site: dict[str, bytes]
) -> None:
    """Names are escaped, never interpreted: the page's text holds the payload exactly."""
    name = Field("model", ("/name",), True)
    for index, placement in enumerate(placements):
        if name in placement.accepted:
            page = hostile_site[f"models/{pid(index)}/chat/index.html"].decode("utf-8")
            assert " ".join(placement.payload.text.split()) in visible_text(page), placement.payload.id


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        (
            "R&D: **fast**, `x`, a < b, <https://a.example/> and [docs](https://a.example/) &mdash; data: 2024, ok",
            "R&D: **fast**, `x`, a < b, <https://a.example/> and [docs](https://a.example/) &mdash; data: 2024, ok",
        ),
        ("<b>x</b> `<br>`", "&lt;b>x&lt;/b> `&lt;br>`"),
        (
            "[x](javascript:alert(1)) [y](JAVA\tSCRIPT\\:alert(1))",
            "[x](#javascript:alert(1)) [y](#JAVA\tSCRIPT\\:alert(1))",
        ),
        ("[x](data:text/html,<b>) [y](vbscript:x)", "[x](#data:text/html,&lt;b>) [y](#vbscript:x)"),
        ("[x](&#106;avascript&colon;x) &#x3C;b&#x3E;", "[x](&amp;#106;avascript&amp;colon;x) &amp;#x3C;b&amp;#x3E;"),
        ("<javascript:alert(1)> <https://a.example/`>", "&lt;#javascript:alert(1)> &lt;https://a.example/`>"),
        ("# x {: onclick=alert(1)}", "# x \\{: onclick=alert(1)}"),
    ],
)
def test_markdown_outputs_neutralize_only_what_could_run(text: str, safe: str) -> None:
    """Contributor text in twins, llms.txt and OpenAPI descriptions (text.markdown_safe)."""
    from generator.render.text import markdown_safe

    assert markdown_safe(text) == safe
