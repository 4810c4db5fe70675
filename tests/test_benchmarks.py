"""The benchmark's pure helpers (benchmarks/run.py, hugo.py, serving.py): medians, the
price edit, the target table, the Hugo-absent skip, the twin-to-example extraction and
the serve measurement against a stand-in server. No real builds."""

from __future__ import annotations

import datetime as dt
import os
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

from support.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))  # benchmarks/ is scripts, not a package
import hugo  # noqa: E402
import run  # noqa: E402
import serving  # noqa: E402


def test_median_of_three_and_of_one() -> None:
    assert run.median([3.0, 1.0, 2.0]) == 2.0
    assert run.median([4.5]) == 4.5


def test_bumped_raises_the_first_price_exactly() -> None:
    text = "pricing:\n  - unit: per_1m_input_tokens\n    amount: 0.05\n  - unit: x\n    amount: 0.4\n"
    new, amount = run.bumped(text, "0.000123")
    assert amount == Decimal("0.050123")
    assert "amount: 0.050123\n" in new and "amount: 0.4\n" in new


def measured(**overrides: object) -> dict[str, object]:
    m: dict[str, object] = {
        "size": 1000, "repeat": 1, "clean": 10.0, "floor": 5.0, "hugo": 12.0, "one": 0.9, "nochange": 0.1,
        "validate": 1.4, "parse_only": 1.0, "workers": 2, "build_mb": 250, "serve_mb": 700,
        "serve": [serving.Edit(0.3, 0.8), serving.Edit(0.6, 0.9)],
    }  # fmt: skip
    return {**m, **overrides}


def test_targets_mark_each_limit_pass_or_fail() -> None:
    results = {name: (shown, met) for name, shown, _, met in run.targets(measured())}
    assert results["clean / floor"] == ("2.0x", True)
    assert results["clean / Hugo"] == ("0.83x", True)
    assert results["one changed (new process) / clean"] == ("9%", True)
    assert results["serve: edited page on disk after the save"] == ("0.30 s, 0.60 s", False)  # one edit is late
    assert results["serve: whole site after the save / clean"] == ("8%, 9%", True)
    assert results["validate (no cache) / parse only (2 cores)"] == ("1.4x", True)
    assert results["no change"] == ("0.10 s", True)
    assert results["peak memory: build"] == ("250 MB", True)
    assert results["peak memory: serve"] == ("700 MB", False)


def test_without_hugo_its_target_is_skipped_with_the_install_hint() -> None:
    m = measured(hugo_skipped=hugo.MISSING)
    del m["hugo"]
    row = next(t for t in run.targets(m) if t[0] == "clean / Hugo")
    assert row == ("clean / Hugo", "hugo not on PATH: apt-get install hugo to compare", "<= 1.0x", None)
    assert hugo.missing(which=lambda name: None) == hugo.MISSING
    assert hugo.missing(which=lambda name: "/usr/bin/hugo") is None


def test_the_target_table_is_markdown_with_a_result_column() -> None:
    lines = run.target_table([("1,000", ("no change", "0.20 s", "< 0.15 s", False)), ("1,000", ("x", "1", "2", None))])
    assert lines == [
        "| models | target | measured | limit | result |",
        "|---|---|---|---|---|",
        "| 1,000 | no change | 0.20 s | < 0.15 s | FAIL |",
        "| 1,000 | x | 1 | 2 | skipped |",
    ]


def test_the_scale_target_needs_both_sizes() -> None:
    assert run.scale_targets({10_000: measured()}) == []
    rows = run.scale_targets({10_000: measured(clean=10.0), 50_000: measured(clean=60.0, build_mb=900)})
    assert rows == [
        ("clean 50,000 / clean 10,000", "6.0x", "<= 5.5x", False),
        ("peak memory: build at 50,000", "900 MB", "< 1 GB", True),
    ]


def test_find_site_needs_convert_py_and_site(tmp_path: Path) -> None:
    assert hugo.find_site(str(tmp_path)) is None
    (tmp_path / "site").mkdir()
    (tmp_path / "convert.py").write_text("", encoding="utf-8")
    assert hugo.find_site(str(tmp_path)) == tmp_path


TWIN = """# M

## Use this model

- Endpoint: `POST https://api.example/v1/chat/completions`
- Content type: `application/json`
- Response type: `application/json`

### Request

```json
{"model": "p/m"}
```

### Response

```json
{"created": 1753660800, "model": "p/m"}
```

### curl

```sh
curl -d '{"model":"p/m"}'
```

## Errors
"""


def test_an_example_is_the_twins_call_with_placeholders() -> None:
    entry = hugo.example(TWIN, "p/m", dt.date(2025, 7, 28))
    assert entry == {
        "content_type": "application/json",
        "response_type": "application/json",
        "request": '{"model": "{slug}"}',
        "response": '{"created": {created}, "model": "{slug}"}',
        "curl": """curl -d '{"model":"{slug}"}'""",
    }


FAKE_SERVE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    record, page, order = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    print("built 1 models into out", flush=True)
    print("serving out at http://127.0.0.1:1/", flush=True)
    seen = record.read_text()
    while True:
        time.sleep(0.01)
        text = record.read_text()
        if text == seen:
            continue
        seen = text
        if order == "page-first":
            page.write_text(text)
            print("wrote the edited pages", flush=True)
            time.sleep(0.2)
            print("built 1 models into out", flush=True)
        else:
            time.sleep(0.2)
            page.write_text(text)
            print("built 1 models into out", flush=True)
    """
)


def test_serve_is_timed_whether_the_edited_page_comes_first_or_with_the_site(tmp_path: Path) -> None:
    record, page, script = tmp_path / "m.yaml", tmp_path / "index.html", tmp_path / "serve.py"
    record.write_text("amount: 1\n", encoding="utf-8")
    script.write_text(FAKE_SERVE, encoding="utf-8")
    for order in ("page-first", "together"):
        command = [sys.executable, str(script), str(record), str(page), order]
        edits = [(record, "amount: 1.5\n", "1.5"), (record, "amount: 1.75\n", "1.75")]
        times, peak_mb = serving.measure(command, page, edits)
        assert len(times) == 2
        for edit in times:
            assert 0 < edit.page <= edit.site
            assert edit.site >= 0.2
            if order == "page-first":
                assert edit.site - edit.page >= 0.15
        assert 0 < peak_mb < 200


def test_peak_memory_is_read_from_proc() -> None:
    assert serving.vm_hwm(os.getpid()) > 0
    assert serving.vm_hwm(2**22 + 12345) == 0  # no such process


def test_hugo_writes_every_twin_into_llms_full_only_when_ours_does(tmp_path: Path) -> None:
    (tmp_path / "llms-full.txt").write_text("# A\n" + "\n## Use this model\n" * 2, encoding="utf-8")
    assert hugo.has_every_twin(tmp_path, 2)
    assert not hugo.has_every_twin(tmp_path, 3)  # ours holds facts and links past its budget
