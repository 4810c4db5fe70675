"""A build killed with SIGKILL at any moment leaves a complete site: the previous
one, or (once the final swap happened) the new one; never a mix, never nothing. The
builder's marker never changes, and the writer's state in the cache is trusted only for
the very folder it describes (a site replaced behind its back, or a build that died
between the swap and saving the state, is rebuilt, not trusted)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from support.cli import BUILD_PY, run_build, start_build_py
from support.sites import build_site, tree
from support.synthetic import make_catalog

from generator.build.write import MARKER, MARKER_TEXT

slow = pytest.mark.slow  # the tests that run build.py in subprocesses (SIGKILL loop, full disk)


def bump_every_price(catalog: Path) -> None:
    for path in catalog.glob("models/*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        bumped = re.sub(
            r"(amount: )([0-9.]+)", lambda m: m.group(1) + format(Decimal(m.group(2)) + Decimal("0.001"), "f"), text
        )
        path.write_text(bumped, encoding="utf-8")


@slow
def test_sigkill_at_any_moment_leaves_a_complete_site(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 150, providers=8)
    out = tmp_path / "site"
    assert run_build(catalog, out, "--jobs", "1").returncode == 0
    old = tree(out)
    bump_every_price(catalog)  # every page changes: a partial write would show
    reference = tmp_path / "reference"
    assert run_build(catalog, reference, "--clean").returncode == 0
    new = tree(reference)
    assert new != old
    outcomes = []
    for n, delay in enumerate((0.05, 0.2, 0.4, 0.7, 1.0, 1.5, 2.5)):
        process = start_build_py("build", "--catalog", catalog, "--out", out, "--quiet", "--clean", "--jobs", "2")
        time.sleep(delay)
        if n % 2:
            os.kill(process.pid, signal.SIGKILL)  # the build alone: its workers must not go on writing
        else:
            os.killpg(process.pid, signal.SIGKILL)  # the build and its workers, as a terminal or CI does
        process.wait()
        assert not survivors(process.pid), "a worker outlived the killed build"
        now = tree(out)
        assert now in (old, new), f"after SIGKILL at {delay}s the site is a mix of generations"
        outcomes.append("new" if now == new else "old")
        if now == new:  # the swap happened; restore the old generation for the next round
            bump_back = run_build(catalog, out)
            assert bump_back.returncode == 0
            old = tree(out)
    assert "old" in outcomes  # at least one kill landed mid-build
    finished = run_build(catalog, out)
    assert finished.returncode == 0, finished.stderr
    assert tree(out) == new  # and the next build recovers completely


def survivors(group: int, wait: float = 2.0) -> list[int]:
    """Processes still in the killed build's process group after `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.getpgid(int(entry)) == group:
                        left.append(int(entry))
                except ProcessLookupError:
                    pass
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


@contextmanager
def small_filesystem(path: Path, size: str):
    """A real filesystem of `size` at `path` (tmpfs; root) or, without root, a plain
    folder whose limits the caller simulates. Yields True when it is a real mount."""
    path.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)]).returncode == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=False)


def make_read_only(path: Path, mounted: bool) -> None:
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
    else:
        os.chmod(path, 0o555)


def run_with_fsize_limit(catalog: Path, out: Path) -> subprocess.CompletedProcess:
    """Without root: simulate a full disk, any write past 1 KiB fails with EFBIG."""
    code = (
        "import resource, signal, sys, runpy;"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024));"
        f"sys.argv = ['build.py', 'build', '--catalog', {str(catalog)!r}, '--out', {str(out)!r}, '--quiet', '--clean'];"
        f"runpy.run_path({str(BUILD_PY)!r}, run_name='__main__')"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def assert_failed_cleanly(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr and "previous site is unchanged" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@slow
def test_a_read_only_output_directory_gives_a_clear_message(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 5, providers=2)
    with small_filesystem(tmp_path / "disk", "64m") as mounted:
        out = tmp_path / "disk" / "site"
        assert run_build(catalog, out).returncode == 0
        before = tree(out)
        bump_every_price(catalog)
        make_read_only(tmp_path / "disk", mounted)
        try:
            assert_failed_cleanly(run_build(catalog, out))
            assert tree(out) == before
        finally:
            if not mounted:
                os.chmod(tmp_path / "disk", 0o755)


@slow
def test_a_full_disk_gives_a_clear_message_and_keeps_the_site(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 40, providers=4)
    probe = tmp_path / "probe"
    assert run_build(catalog, probe).returncode == 0
    site_bytes = sum(p.stat().st_size for p in probe.rglob("*") if p.is_file())
    size = f"{max(site_bytes * 3 // 2 // 1024, 64)}k"  # room for one generation, not for two
    with small_filesystem(tmp_path / "disk", size) as mounted:
        out = tmp_path / "disk" / "site"
        if mounted:
            assert run_build(catalog, out).returncode == 0
        else:
            assert run_build(catalog, out).returncode == 0
        before = tree(out)
        bump_every_price(catalog)
        result = run_build(catalog, out, "--clean") if mounted else run_with_fsize_limit(catalog, out)
        assert_failed_cleanly(result)
        assert tree(out) == before


# ---------------------------------------------------------------- the marker and the state


START = int(time.time())


def age(catalog: Path, seconds: int) -> None:
    """Date every catalog file `seconds` before the tests started (the same time on every
    call), so the no-change fast path may trust it; negative: in the future."""
    then = START - seconds
    for path in catalog.rglob("*"):
        os.utime(path, (then, then))


def two_generations(tmp_path: Path) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    """(catalog, out, tree of generation A, tree of generation B), B live, A in the spare."""
    catalog = make_catalog(tmp_path / "catalog", 8, providers=2)
    age(catalog, 3600)
    out = tmp_path / "site"
    build_site(catalog, out)
    first = tree(out)
    bump_every_price(catalog)
    age(catalog, 1800)
    build_site(catalog, out)
    second = tree(out)
    assert first != second
    assert build_site(catalog, out).write is None  # the fast path is taken when nothing changed
    return catalog, out, first, second


def test_the_marker_is_the_same_in_every_generation(tmp_path: Path) -> None:
    _, out, _, _ = two_generations(tmp_path)
    assert (out / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    assert "generation" not in MARKER_TEXT and not any(c.isdigit() for c in MARKER_TEXT)


def test_a_site_replaced_behind_the_builders_back_is_rebuilt(tmp_path: Path) -> None:
    catalog, out, first, second = two_generations(tmp_path)
    spare = tmp_path / ".site-cache" / "site.spare"
    shutil.rmtree(out)
    shutil.copytree(spare, out)  # an old copy restored by hand (the spare holds generation A)
    assert tree(out) == first
    report = build_site(catalog, out)
    assert report.write is not None  # not "nothing changed"
    assert tree(out) == second  # and no file of the old copy was trusted as new


def test_a_build_that_died_between_the_swap_and_its_state_is_rebuilt(tmp_path: Path) -> None:
    catalog, out, first, second = two_generations(tmp_path)
    spare, aside = tmp_path / ".site-cache" / "site.spare", tmp_path / "aside"
    os.rename(out, aside)  # swap live and spare without recording it, as a build killed right after its swap
    os.rename(spare, out)
    os.rename(aside, spare)
    assert tree(out) == first
    report = build_site(catalog, out)
    assert report.write is not None
    assert tree(out) == second


def test_a_site_two_unrecorded_generations_later_is_not_taken_for_the_remembered_one(tmp_path: Path) -> None:
    """The swap alternates two folders, so the live folder's inode alone would come back
    after two builds whose stamps were not remembered (an input changed too recently);
    the folder's change time tells them apart."""
    catalog = make_catalog(tmp_path / "catalog", 8, providers=2)
    age(catalog, 3600)
    saved = {path: path.read_bytes() for path in catalog.rglob("*.yaml")}
    out = tmp_path / "site"
    build_site(catalog, out)  # remembered: its stamp and the live folder
    first = tree(out)
    for n in range(2):
        bump_every_price(catalog)
        age(catalog, -60 - n)  # "changed just now": these builds' stamps are not remembered
        build_site(catalog, out)
    for path, data in saved.items():  # the first catalog back, with its very sizes and times
        path.write_bytes(data)
    age(catalog, 3600)
    report = build_site(catalog, out)
    assert report.write is not None, "the third generation was taken for the first"
    assert tree(out) == first
