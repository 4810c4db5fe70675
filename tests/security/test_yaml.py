"""Resource exhaustion and code execution through YAML, measured in a subprocess.

tests/cli/test_bad_inputs.py already checks that these inputs are refused with the right
problem and within 5 s. Here the same kind of input runs `build.py validate` in a fresh
process, whose peak memory (resource.getrusage of its children) and wall time are
measured: loose bounds, as hang and blow-up guards, not benchmarks. Python tags in every
spelling are refused and never run (the file they would create does not appear).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.catalogs import MODEL, PROVIDER, dump_yaml, valid_model, valid_provider
from support.paths import ROOT

pytestmark = pytest.mark.slow  # a subprocess with resource limits per hostile input

MODEL_TEXT = dump_yaml(valid_model())
MAX_SECONDS = 5
MAX_RSS_BYTES = 200 * 1024 * 1024

# A child that runs validate and reports the peak RSS of its own children: only validate.
MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
                  "max_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def laughs(levels: int) -> str:
    """The billion laughs: each anchor is a list of ten aliases of the one before."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def shared_giant(refs: int) -> str:
    """One long text referenced many times: a quadratic blow-up for a loader that copies."""
    return f"big: &big '{'x' * 19_000}'\nmany: [{', '.join(['*big'] * refs)}]\n"


HOSTILE = {
    "billion-laughs": (laughs(9), "too-many-values"),
    "shared-giant-text": (shared_giant(30_000), "too-many-values"),
    "deep-flow": ("x: " + "[" * 120_000 + "]" * 120_000 + "\n", "too-deep"),
    "deep-block": ("- " * 100_000 + "x\n", "too-deep"),
    "deep-mapping": ("".join("  " * i + f"k{i}:\n" for i in range(200)), "too-deep"),
    "many-keys": ("".join(f"{i:x}: 0\n" for i in range(21_000)), "too-many-values"),
    "long-line": ("name: '" + "x" * 250_000 + "'\n", "string-too-long"),
}


def measured_validate(catalog: Path) -> tuple[dict, float]:
    command = [sys.executable, str(ROOT / "build.py"), "validate", "--catalog", str(catalog), "--format", "json"]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    return json.loads(done.stdout), time.perf_counter() - started


@pytest.fixture(scope="module")
def baseline_rss(tmp_path_factory: pytest.TempPathFactory) -> int:
    from support.catalogs import default_files, write_files

    result, _seconds = measured_validate(write_files(tmp_path_factory.mktemp("baseline") / "catalog", default_files()))
    assert result["code"] == 0, result
    return result["max_rss_kib"] * 1024


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_yaml_is_refused_in_bounded_time_and_memory(name: str, write_catalog, baseline_rss: int) -> None:
    text, rule = HOSTILE[name]
    result, seconds = measured_validate(write_catalog({MODEL: text}))
    rss = result["max_rss_kib"] * 1024
    assert seconds < MAX_SECONDS and rss < MAX_RSS_BYTES, (seconds, rss)
    assert rss < baseline_rss + 64 * 1024 * 1024, (rss, baseline_rss)  # no blow-up over a plain catalog
    assert result["code"] == 1 and result["stderr"] == ""
    problems = json.loads(result["stdout"])["problems"]
    assert any(p["rule"] == rule and p["file"] == f"catalog/{MODEL}" for p in problems), problems


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {target}']",
    "!!python/object/new:os.system ['touch {target}']",
    "!!python/name:os.system",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {target}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{target}']]",
    "!!python/module:os",
    "!!python/object:__main__.Evil {{cmd: 'touch {target}'}}",
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_python_tags_are_refused_and_never_run(tag: str, write_catalog, tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    catalog = write_catalog({MODEL: MODEL_TEXT + "x: " + tag.format(target=target) + "\n"})
    result, _seconds = measured_validate(catalog)
    problems = json.loads(result["stdout"])["problems"]
    assert result["code"] == 1 and any(p["rule"] == "forbidden-tag" and p["line"] == 19 for p in problems), problems
    assert not target.exists()


def test_a_logo_over_its_size_limit_is_refused(write_catalog) -> None:
    catalog = write_catalog(
        {
            PROVIDER: valid_provider(logo="acme.svg"),
            "providers/acme.svg": b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * 70_000 + b"</svg>",
        }
    )
    result, _seconds = measured_validate(catalog)
    problems = json.loads(result["stdout"])["problems"]
    assert any(p["rule"] == "file-too-large" and p["file"] == "catalog/providers/acme.svg" for p in problems), problems
