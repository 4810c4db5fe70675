"""Build benchmark: synthetic catalogs of 100, 1,000 and 10,000 models, Hugo beside us.

    .venv/bin/python benchmarks/run.py [--sizes 100,1000,10000] [--jobs N] [--repeat 3] [--hugo-site DIR]

Reports, per size: a clean build (output folder and cache deleted first; the median of
--repeat), Hugo's clean build of the equivalent site to disk in the same run (when
`hugo` is on PATH; the median of --repeat, interleaved with ours), a no-change rebuild,
one model changed (a new process, and a warm in-process session: its first edit, and
the next ones), `build.py serve` after two saved edits (the edited page on disk, then
the whole site), validate (without a cache, and with the build's cache), the parse-only
floor of validate (libyaml on every core), the peak memory of a build, validate and
serve, and the floor of a build: parse every record with libyaml and write the same
output bytes. Every command runs as its own process, timed from start to exit. Then a
table of issue 16's targets, as ratios within the run, each marked pass or FAIL.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import hugo  # noqa: E402
import serving  # noqa: E402
from synth import make_catalog  # noqa: E402

PY = sys.executable
AN_HOUR_AGO = time.time() - 3600


def timed(*args: str) -> tuple[float, int]:
    """Run build.py with args in a child process: (seconds, peak RSS in MB of the
    largest process it ran, workers included)."""
    return timed_command([PY, str(ROOT / "build.py"), *args], ok=("0", "1"))


def timed_command(command: list[str], cwd: Path | None = None, ok: tuple[str, ...] = ("0",)) -> tuple[float, int]:
    """Run `command` as its own process, timed from start to exit: (seconds, peak RSS in
    MB of the largest process it ran)."""
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    out = subprocess.run([PY, "-c", code, *command], capture_output=True, text=True, check=True, cwd=cwd)
    seconds, rss_kb, rc = out.stdout.split()
    if rc not in ok:
        raise SystemExit(f"{' '.join(command)} failed with exit {rc}")
    return float(seconds), int(rss_kb) // 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def age(folder: Path) -> None:
    """Synthetic files are brand new; date them an hour back so the no-change check
    can trust their mtimes (a file changed within 2 s is always re-read)."""
    for path in folder.rglob("*"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def floor(catalog: Path, site: Path, scratch: Path, batch: int = 2000) -> float:
    """Parse every record with libyaml (one core), then write the same output bytes; the
    outputs are read in batches outside the timing, so 50,000 models fit in memory."""
    import yaml

    started = time.perf_counter()
    for path in catalog.rglob("*.yaml"):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    seconds = time.perf_counter() - started
    files = [p for p in site.rglob("*") if p.is_file()]
    for i in range(0, len(files), batch):
        outputs = [(p.relative_to(site), p.read_bytes()) for p in files[i : i + batch]]
        started = time.perf_counter()
        for rel, data in outputs:
            target = scratch / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        seconds += time.perf_counter() - started
    return seconds


def parse_only(catalog: Path, workers: int) -> float:
    """Only parse every record with libyaml, on every core: a Pool over the files."""
    paths = [str(p) for p in sorted(catalog.rglob("*.yaml"))]
    started = time.perf_counter()
    with Pool(workers) as pool:
        pool.map(_parse, paths, chunksize=max(1, len(paths) // (8 * workers)))
    return time.perf_counter() - started


def _parse(path: str) -> None:
    import yaml

    yaml.load(Path(path).read_bytes(), Loader=yaml.CSafeLoader)


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


def _edit(path: Path, bump: str) -> Decimal:
    text, amount = bumped(path.read_text(encoding="utf-8"), bump)
    path.write_text(text, encoding="utf-8")
    return amount


def bumped(text: str, bump: str) -> tuple[str, Decimal]:
    """The record's text with its first price raised by `bump`, exactly, and the new amount."""
    match = re.search(r"(amount: )([0-9.]+)", text)
    if match is None:
        raise SystemExit("the synthetic record has no price to edit")
    amount = Decimal(match.group(2)) + Decimal(bump)
    return text[: match.start(2)] + format(amount, "f") + text[match.end(2) :], amount


def clean_builds(common: list[str], out: Path, cache: Path) -> tuple[float, int]:
    """Our clean build as a new user runs it: output folder and cache deleted first."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return timed("build", *common)


def serve_edits(catalog: Path, work: Path, cache: Path, victim: Path) -> tuple[list[serving.Edit], int]:
    """Two edits of `victim` under `build.py serve` (its own output folder, the build's cache)."""
    out = work / "site-serve"
    page = out / "models" / victim.parent.name / victim.stem / "index.html"
    command = [PY, str(ROOT / "build.py"), "serve", "--catalog", str(catalog), "--out", str(out),
               "--cache", str(cache), "--port", "0"]  # fmt: skip
    text, edits = victim.read_text(encoding="utf-8"), []
    for bump in ("0.000123", "0.000246"):
        text, amount = bumped(text, bump)
        edits.append((victim, text, format(amount, "f")))
    return serving.measure(command, page, edits)


def hugo_builds(site: Path, repeat: int, ours: list[tuple[float, int]], ours_again) -> list[tuple[float, int]]:
    """Hugo's clean builds to disk, each after one of ours (interleaved: drift hits both)."""
    runs = []
    for i in range(repeat):
        if i:
            ours.append(ours_again())
        hugo.clean(site)
        runs.append(timed_command(["hugo", "--quiet"], cwd=site))
    return runs


def bench(size: int, jobs: str, work: Path, repeat: int, hugo_source: Path | None) -> dict[str, object]:
    catalog, out, cache = work / "catalog", work / "site", work / ".cache"
    make_catalog(catalog, size)
    age(catalog)
    jobs_args = ["--jobs", jobs] if jobs else []
    workers = int(jobs) if jobs else os.cpu_count() or 1
    common = ["--catalog", str(catalog), "--out", str(out), "--quiet", *jobs_args]
    ours = [clean_builds(common, out, cache)]
    m: dict[str, object] = {"size": size, "repeat": repeat}
    if hugo_source is not None:
        site = hugo.prepare(hugo_source, catalog, out, work / "hugo")
        runs = hugo_builds(site, repeat, ours, lambda: clean_builds(common, out, cache))
        m["hugo"] = median([s for s, _ in runs])
        m["hugo_mb"] = max(mb for _, mb in runs)
        public = [p for p in (site / "public").rglob("*") if p.is_file()]
        m["hugo_files"] = (len(public), sum(p.stat().st_size for p in public) / 1e6)
        shutil.rmtree(site)
    else:
        ours += [clean_builds(common, out, cache) for _ in range(repeat - 1)]
    m["clean"] = median([s for s, _ in ours])
    clean_mb = max(mb for _, mb in ours)
    m["nochange"], nochange_mb = timed("build", *common)
    victim = sorted(catalog.glob("models/*/*.yaml"))[size // 2]
    _edit(victim, "0.001")
    m["one"], one_mb = timed("build", *common)
    m["build_mb"] = max(clean_mb, nochange_mb, one_mb)
    m["validate"], m["validate_mb"] = timed("validate", "--catalog", str(catalog), "--cache", str(work / "no-cache"))
    m["validate_cached"], _ = timed("validate", "--catalog", str(catalog), "--cache", str(cache))
    m["parse_only"], m["workers"] = parse_only(catalog, workers), workers
    scratch = work / "floor"
    m["floor"] = floor(catalog, out, scratch)
    shutil.rmtree(scratch)
    files = [p for p in out.rglob("*") if p.is_file()]
    m["files"] = (len(files), sum(p.stat().st_size for p in files) / 1e6)
    m["warm"] = warm_one_change(catalog, work / "site-warm", work / ".cache-warm", victim)
    shutil.rmtree(work / "site-warm")
    m["serve"], m["serve_mb"] = serve_edits(catalog, work, cache, victim)
    return m


def measurements(m: dict) -> dict[str, str]:
    """One row of the measurements table."""
    files, mb = m["files"]
    row = {
        "models": f"{m['size']:,}", "files": f"{files:,} ({mb:,.0f} MB)",
        f"clean build (median of {m['repeat']})": f"{m['clean']:.2f} s", "floor": f"{m['floor']:.2f} s",
        "Hugo clean build": f"{m['hugo']:.2f} s" if "hugo" in m else "skipped",
        "Hugo files": "{:,} ({:,.0f} MB)".format(*m["hugo_files"]) if "hugo" in m else "skipped",
        "Hugo peak memory": f"{m['hugo_mb']} MB" if "hugo" in m else "skipped",
        "no change": f"{m['nochange']:.2f} s", "one changed (new process)": f"{m['one']:.2f} s",
        "one changed (in-process session, 1st / next edits)": "{:.2f} s / {:.2f} s".format(*m["warm"]),
        "serve: edited page on disk": ", ".join(f"{e.page:.2f} s" for e in m["serve"]),
        "serve: whole site": ", ".join(f"{e.site:.2f} s" for e in m["serve"]),
        "validate (no cache)": f"{m['validate']:.2f} s", "validate (build's cache)": f"{m['validate_cached']:.2f} s",
        f"parse only ({m['workers']} cores)": f"{m['parse_only']:.2f} s",
        "peak memory: build": f"{m['build_mb']} MB", "peak memory: validate": f"{m['validate_mb']} MB",
        "peak memory: serve": f"{m['serve_mb']} MB",
    }  # fmt: skip
    return row


def targets(m: dict) -> list[tuple[str, str, str, bool | None]]:
    """Issue 16's targets for one size: (target, measured, limit, met; None when not measured)."""
    clean, serve = m["clean"], m["serve"]
    hugo_row = (
        ("clean / Hugo", f"{clean / m['hugo']:.2f}x", "<= 1.0x", clean / m["hugo"] <= 1.0)
        if "hugo" in m
        else ("clean / Hugo", m.get("hugo_skipped", hugo.MISSING), "<= 1.0x", None)
    )
    return [
        ("clean / floor", f"{clean / m['floor']:.1f}x", "<= 2.5x", clean / m["floor"] <= 2.5),
        hugo_row,
        ("one changed (new process) / clean", f"{100 * m['one'] / clean:.0f}%", "<= 10%", m["one"] <= 0.10 * clean),
        ("serve: edited page on disk after the save", ", ".join(f"{e.page:.2f} s" for e in serve), "<= 0.5 s",
         all(e.page <= 0.5 for e in serve)),
        ("serve: whole site after the save / clean", ", ".join(f"{100 * e.site / clean:.0f}%" for e in serve),
         "<= 10%", all(e.site <= 0.10 * clean for e in serve)),
        (f"validate (no cache) / parse only ({m['workers']} cores)", f"{m['validate'] / m['parse_only']:.1f}x",
         "<= 1.5x", m["validate"] <= 1.5 * m["parse_only"]),
        ("no change", f"{m['nochange']:.2f} s", "< 0.15 s", m["nochange"] < 0.15),
        ("peak memory: build", f"{m['build_mb']} MB", "< 300 MB", m["build_mb"] < 300),
        ("peak memory: serve", f"{m['serve_mb']} MB", "< 600 MB", m["serve_mb"] < 600),
    ]  # fmt: skip


def scale_targets(by_size: dict[int, dict]) -> list[tuple[str, str, str, bool | None]]:
    """The linear-growth target, when the run has both 10,000 and 50,000 models."""
    if 10_000 not in by_size or 50_000 not in by_size:
        return []
    big, ref = by_size[50_000], by_size[10_000]
    ratio = big["clean"] / ref["clean"]
    return [
        ("clean 50,000 / clean 10,000", f"{ratio:.1f}x", "<= 5.5x", ratio <= 5.5),
        ("peak memory: build at 50,000", f"{big['build_mb']} MB", "< 1 GB", big["build_mb"] < 1000),
    ]


def verdict(met: bool | None) -> str:
    return "skipped" if met is None else "pass" if met else "FAIL"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def target_table(rows: list[tuple[str, tuple[str, str, str, bool | None]]]) -> list[str]:
    """(models, target) pairs as the printed table of targets, each marked pass or FAIL."""
    body = [[models, name, measured, limit, verdict(met)] for models, (name, measured, limit, met) in rows]
    return table(["models", "target", "measured", "limit", "result"], body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="model counts, comma-separated (50000 works: slow)")
    parser.add_argument("--jobs", default="", help="passed to build --jobs (default: the number of CPUs)")
    parser.add_argument("--repeat", type=int, default=1, help="clean builds (ours and Hugo's) per size: the median")
    parser.add_argument("--hugo-site", help=f"the Hugo site beside us (default: {hugo.SHARED})")
    args = parser.parse_args()
    hugo_source, skipped = hugo.find_site(args.hugo_site), hugo.missing()
    if skipped is None and hugo_source is None:
        skipped = f"no Hugo site at {args.hugo_site or hugo.SHARED} (--hugo-site DIR names one)"
    if skipped:
        print(skipped, file=sys.stderr)
    by_size: dict[int, dict] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"bench{size}-") as tmp:
            m = bench(size, args.jobs, Path(tmp), max(1, args.repeat), None if skipped else hugo_source)
        if skipped:
            m["hugo_skipped"] = skipped
        by_size[size] = m
        print(f"done {size} in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
    rows = [measurements(m) for m in by_size.values()]
    print("\n".join(table(list(rows[0]), [list(r.values()) for r in rows])))
    print()
    pairs = [(f"{size:,}", t) for size, m in by_size.items() for t in targets(m)]
    pairs += [("50,000", t) for t in scale_targets(by_size)]
    print("\n".join(target_table(pairs)))


if __name__ == "__main__":
    main()
