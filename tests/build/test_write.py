"""A build killed with SIGKILL at any moment leaves a complete site: the previous
one, or (once the final swap happened) the new one; never a mix, never nothing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from support.cli import BUILD_PY, run_build, start_build_py
from support.sites import tree
from support.synthetic import make_catalog

pytestmark = pytest.mark.slow  # each test runs build.py in subprocesses (SIGKILL loop, full disk)


def bump_every_price(catalog: Path) -> None:
    for path in catalog.glob("models/*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        bumped = re.sub(
            r"(amount: )([0-9.]+)", lambda m: m.group(1) + format(Decimal(m.group(2)) + Decimal("0.001"), "f"), text
        )
        path.write_text(bumped, encoding="utf-8")


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
