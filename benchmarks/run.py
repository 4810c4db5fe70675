"""Build benchmark: synthetic catalogs of 100, 1,000 and 10,000 models.

    .venv/bin/python benchmarks/run.py [--sizes 100,1000,10000] [--jobs N]

Reports, per size: clean build, no-change rebuild, one-model-changed rebuild (a new
process using the cache, and a warm in-process session as `serve` does: its first
edit, and the next ones), validate only (without a cache, and with the build's
cache), peak memory (largest process), and in the same run the floor: the time to
only parse every record with libyaml and write the same output bytes. Every
command runs as its own process, timed from start to exit.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import make_catalog  # noqa: E402

PY = sys.executable
AN_HOUR_AGO = time.time() - 3600


def timed(*args: str) -> tuple[float, int]:
    """Run build.py with args in a child process: (seconds, peak RSS in MB of the
    largest process it ran, workers included)."""
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    out = subprocess.run(
        [PY, "-c", code, PY, str(ROOT / "build.py"), *args], capture_output=True, text=True, check=True
    )
    seconds, rss_kb, rc = out.stdout.split()
    if rc not in ("0", "1"):
        raise SystemExit(f"build.py {' '.join(args)} failed with exit {rc}")
    return float(seconds), int(rss_kb) // 1024


def age(folder: Path) -> None:
    """Synthetic files are brand new; date them an hour back so the no-change check
    can trust their mtimes (a file changed within 2 s is always re-read)."""
    for path in folder.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def floor(catalog: Path, site: Path, scratch: Path) -> float:
    """Parse every record with libyaml, then write the same output bytes."""
    import yaml

    outputs = [(p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file()]
    started = time.perf_counter()
    for path in catalog.rglob("*.yaml"):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    for rel, data in outputs:
        target = scratch / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return time.perf_counter() - started


def warm_one_change(catalog: Path, out: Path, cache: Path, victim: Path) -> tuple[float, float]:
    """The `serve` path: one process, one session; a rebuild after a first edit (the
    session learns the aggregates' per-model pieces then) and after a second one."""
    from generator.build import pipeline
    from generator.build.config import Config

    config = Config(catalog=catalog, out=out, cache=cache)
    session = pipeline.Session()
    pipeline.build(config, session=session)
    times = []
    for bump in ("0.0001", "0.0002"):
        _edit(victim, bump)
        started = time.perf_counter()
        pipeline.build(config, session=session)
        times.append(time.perf_counter() - started)
    return times[0], times[1]


def _edit(path: Path, bump: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(amount: )([0-9.]+)", lambda m: f"{m.group(1)}{float_free_add(m.group(2), bump)}", text, count=1)
    path.write_text(text, encoding="utf-8")


def float_free_add(a: str, b: str) -> str:
    from decimal import Decimal

    return format(Decimal(a) + Decimal(b), "f")


def bench(size: int, jobs: str, work: Path) -> dict[str, str]:
    catalog, out = work / "catalog", work / "site"
    make_catalog(catalog, size)
    age(catalog)
    jobs_args = ["--jobs", jobs] if jobs else []
    common = ["--catalog", str(catalog), "--out", str(out), "--quiet", *jobs_args]
    clean, clean_mb = timed("build", *common, "--clean")
    nochange, nochange_mb = timed("build", *common)
    victim = sorted(catalog.glob("models/*/*.yaml"))[size // 2]
    _edit(victim, "0.001")
    one, one_mb = timed("build", *common)
    validate, validate_mb = timed("validate", "--catalog", str(catalog), "--cache", str(work / "no-cache"))
    validate_cached, _ = timed("validate", "--catalog", str(catalog), "--cache", str(work / ".cache"))
    scratch = work / "floor"
    floor_s = floor(catalog, out, scratch)
    shutil.rmtree(scratch)
    warm, warm_again = warm_one_change(catalog, work / "site-warm", work / ".cache-warm", victim)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    size_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    return {
        "models": f"{size:,}", "files": f"{files:,} ({size_mb:,.0f} MB)",
        "clean build": f"{clean:.2f} s", "floor": f"{floor_s:.2f} s", "clean / floor": f"{clean / floor_s:.1f}x",
        "no change": f"{nochange:.2f} s", "one changed (new process)": f"{one:.2f} s",
        "one changed (serve, 1st edit)": f"{warm:.2f} s", "one changed (serve, next edits)": f"{warm_again:.2f} s",
        "one changed / clean": f"{100 * one / clean:.0f}%",
        "validate": f"{validate:.2f} s", "validate (with the build's cache)": f"{validate_cached:.2f} s",
        "peak memory": f"{max(clean_mb, nochange_mb, one_mb, validate_mb)} MB",
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--jobs", default="", help="passed to build --jobs (default: the number of CPUs)")
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"bench{size}-") as tmp:
            rows.append(bench(size, args.jobs, Path(tmp)))
            print(f"done {size}", file=sys.stderr, flush=True)
    keys = list(rows[0])
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(row[k] for k in keys) + " |")


if __name__ == "__main__":
    main()
