"""Golden files: every page, the compare data and the price CSV of the fixture
catalog (tests/fixtures/site_catalog), byte for byte. Regenerate with
`pytest tests/render/test_golden.py --update-golden` and review the diff like code."""

from __future__ import annotations

import difflib
import shutil

from support.sites import GOLDEN_SITE, fixture_pages

from generator.render import urls

SKIPPED = (urls.ASSETS,)  # the CSS and JavaScript are copied from templates/assets/ as they are


def golden_outputs() -> dict[str, bytes]:
    return {path: data for path, data in fixture_pages().items() if not path.startswith(SKIPPED)}


def write_golden(outputs: dict[str, bytes]) -> None:
    shutil.rmtree(GOLDEN_SITE, ignore_errors=True)
    for path, data in outputs.items():
        target = GOLDEN_SITE / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def first_difference(path: str, expected: bytes, actual: bytes) -> str:
    diff = difflib.unified_diff(
        expected.decode().splitlines(),
        actual.decode().splitlines(),
        f"golden/{path}",
        f"rendered/{path}",
        lineterm="",
        n=2,
    )
    return "\n".join(list(diff)[:40])


def test_pages_match_the_golden_files(update_golden: bool) -> None:
    outputs = golden_outputs()
    if update_golden:
        write_golden(outputs)
    expected = {p.relative_to(GOLDEN_SITE).as_posix(): p.read_bytes() for p in GOLDEN_SITE.rglob("*") if p.is_file()}
    assert sorted(outputs) == sorted(expected), "files added or removed: run pytest --update-golden and review"
    changed = [path for path in sorted(outputs) if outputs[path] != expected[path]]
    assert not changed, f"{len(changed)} file(s) differ; the first:\n" + first_difference(
        changed[0], expected[changed[0]], outputs[changed[0]]
    )


def test_rendering_is_deterministic() -> None:
    from support.sites import render_site_pages

    assert render_site_pages() == fixture_pages()
