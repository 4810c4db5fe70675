"""Builds lock their output: a second build of one `--out` waits and says so, or with
`--no-wait` fails at once naming the holder; a killed holder's lock is taken over; the
lock is reentrant in one process and excludes its threads from each other; and 20
concurrent builds with edits between them leave a whole site that readers never see
torn or missing."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support.cli import build_py_command, run_build
from support.paths import ROOT
from support.synthetic import make_catalog

from generator.build.lock import LockBusy, lock_path, output_lock
from generator.build.write import WriteError

HOLD = """
import sys
from pathlib import Path
from generator.build.lock import output_lock
with output_lock(Path(sys.argv[1]), Path(sys.argv[2])):
    print("locked", flush=True)
    sys.stdin.read()  # hold until the test closes our stdin
"""

HOLD_WITH_GARBAGE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, b"not a pid\\x00\\xff")
print("locked", flush=True)
sys.stdin.read()
"""


def hold(*args: str | Path, code: str = HOLD) -> subprocess.Popen[str]:
    """A process holding the lock until its stdin is closed (or it is killed)."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "locked\n"
    return process


def release(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.close()
    assert process.wait(30) == 0


@pytest.fixture()
def small(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(catalog, out, cache) of a small synthetic catalog."""
    return make_catalog(tmp_path / "catalog", 6, providers=2), tmp_path / "site", tmp_path / ".cache"


# ---------------------------------------------------------------- the lock itself


def test_the_lock_file_is_in_the_cache_folder_and_names_its_holder(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "new" / "cache"
    with output_lock(out, cache):
        assert lock_path(out, cache) == cache.absolute() / "site.lock"
        assert lock_path(out, cache).read_text(encoding="ascii").strip() == str(os.getpid())
    assert not out.exists()  # taking the lock writes nothing into the output folder


def test_another_process_holding_the_lock_is_named_without_wait(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / ".cache"
    holder = hold(out, cache)
    try:
        with pytest.raises(LockBusy) as busy, output_lock(out, cache, wait=False):
            pass
        assert str(busy.value) == (
            f"the build of {out}/ by process {holder.pid} is running; wait for it or run again without --no-wait"
        )
        assert isinstance(busy.value, WriteError)  # so the CLI prints it and exits 2
    finally:
        release(holder)
    with output_lock(out, cache, wait=False):  # released: free at once
        pass


def test_a_waiting_caller_is_told_once_and_gets_the_lock_when_it_is_released(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / ".cache"
    holder = hold(out, cache)
    said: list[str] = []
    threading.Timer(0.5, release, (holder,)).start()
    started = time.monotonic()
    with output_lock(Path("site"), cache, say=said.append):  # shown as given
        waited = time.monotonic() - started
    assert said == [f"waiting for the build of site/ by process {holder.pid}"]
    assert waited >= 0.4


def test_a_pid_that_cannot_be_read_is_another_process(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / ".cache"
    cache.mkdir()
    holder = hold(lock_path(out, cache), code=HOLD_WITH_GARBAGE)
    try:
        with (
            pytest.raises(LockBusy, match=r"^the build of .*/site/ by another process is running"),
            output_lock(out, cache, wait=False),
        ):
            pass
    finally:
        release(holder)


def test_the_lock_of_a_killed_holder_is_taken_over(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / ".cache"
    holder = hold(out, cache)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(30)
    assert lock_path(out, cache).read_text(encoding="ascii").strip() == str(holder.pid)  # its PID is still there
    with output_lock(out, cache, wait=False):
        assert lock_path(out, cache).read_text(encoding="ascii").strip() == str(os.getpid())


def test_the_lock_is_reentrant_in_one_thread(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / ".cache"
    with output_lock(out, cache), output_lock(out, cache, wait=False), output_lock(out, cache, wait=False):
        pass
    holder = hold(out, cache)  # and every level was released
    release(holder)


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / ".cache"
    events: list[str] = []
    inside = threading.Event()

    def second() -> None:
        with output_lock(out, cache):
            events.append("second in")

    with output_lock(out, cache):
        events.append("first in")
        thread = threading.Thread(target=second)
        thread.start()
        inside.wait(0.3)  # the second thread has had time to try
        events.append("first out")
    thread.join(10)
    assert events == ["first in", "first out", "second in"]


def test_a_lock_that_cannot_be_created_is_a_clear_write_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with (
        pytest.raises(WriteError, match=r"cannot create the lock file .*; the previous site is unchanged$"),
        output_lock(tmp_path / "site", blocker / "cache"),
    ):
        pass


# ---------------------------------------------------------------- the command line


def test_a_second_build_waits_and_says_so(small: tuple[Path, Path, Path]) -> None:
    catalog, out, cache = small
    holder = hold(out, cache)
    build = subprocess.Popen(
        build_py_command("build", "--catalog", catalog, "--out", out, "--cache", cache, "--quiet"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert build.stderr is not None
    assert build.stderr.readline() == f"waiting for the build of {out}/ by process {holder.pid}\n"
    time.sleep(0.3)
    assert build.poll() is None and not out.exists()  # it really waits
    release(holder)
    stdout, stderr = build.communicate(timeout=120)
    assert build.returncode == 0, stderr
    assert stdout.startswith("built 6 models into") and (out / "index.html").is_file()


def test_no_wait_fails_at_once_with_the_holder(small: tuple[Path, Path, Path]) -> None:
    catalog, out, cache = small
    holder = hold(out, cache)
    try:
        started = time.monotonic()
        failed = run_build(catalog, out, "--cache", str(cache), "--no-wait")
        assert time.monotonic() - started < 10
    finally:
        release(holder)
    assert failed.returncode == 2
    assert failed.stderr == (
        f"error: the build of {out}/ by process {holder.pid} is running; wait for it or run again without --no-wait\n"
    )
    assert not out.exists()


def test_no_wait_also_guards_the_nothing_changed_path(small: tuple[Path, Path, Path]) -> None:
    catalog, out, cache = small
    assert run_build(catalog, out, "--cache", str(cache)).returncode == 0
    holder = hold(out, cache)
    try:
        failed = run_build(catalog, out, "--cache", str(cache), "--no-wait")
    finally:
        release(holder)
    assert failed.returncode == 2 and "is running; wait for it" in failed.stderr


@pytest.mark.slow
def test_a_build_killed_with_sigkill_leaves_no_stale_lock(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 150, providers=6)
    out = tmp_path / "site"
    killed = subprocess.Popen(
        build_py_command("build", "--catalog", catalog, "--out", out, "--quiet", "--jobs", "2"),
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (tmp_path / ".cache" / "site.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(30)
    done = run_build(catalog, out)  # waits at most for the killed build's dying workers
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and (out / "index.html").is_file()


# ---------------------------------------------------------------- 20 builds at once, with edits


AMOUNT = re.compile(r"(amount: )([0-9.]+)")


def set_first_price(model: Path, price: str) -> None:
    """Edit a price as an editor saves: the new file replaces the old one whole."""
    text = AMOUNT.sub(lambda m: m.group(1) + price, model.read_text(encoding="utf-8"), count=1)
    tmp = model.with_name(f".{model.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, model)


def every_file(folder: Path) -> dict[str, str]:
    """path -> sha256 of every file, hidden ones (the marker, any leftover .tmp) included."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Reader(threading.Thread):
    """Reads a few files of the site again and again while builds run: once the site
    exists, every read must find a whole file (a page ends with </html>, an asset has
    the bytes every build gives it)."""

    def __init__(self, out: Path, pages: list[str], assets: dict[str, bytes]) -> None:
        super().__init__(daemon=True)
        self.out, self.pages, self.assets = out, pages, assets
        self.stop = threading.Event()
        self.reads, self.faults = 0, []

    def run(self) -> None:
        while not self.stop.is_set() and not (self.out / "index.html").exists():
            time.sleep(0.002)
        while not self.stop.is_set():
            for path in [*self.pages, *self.assets]:
                try:
                    data = (self.out / path).read_bytes()
                except OSError as exc:
                    self.faults.append(f"{path}: {exc}")
                    continue
                self.reads += 1
                whole = data == self.assets[path] if path in self.assets else data.rstrip().endswith(b"</html>")
                if not whole:
                    self.faults.append(f"{path}: torn ({len(data)} bytes)")
            time.sleep(0.001)


@pytest.mark.slow
def test_twenty_concurrent_builds_with_edits_leave_a_whole_site(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 30, providers=3)
    model = sorted(catalog.glob("models/*/*.yaml"))[0]
    out, cache = tmp_path / "site", tmp_path / ".cache"
    reference = tmp_path / "reference"
    assert run_build(catalog, reference, "--cache", str(tmp_path / "reference-cache")).returncode == 0
    assets = {p.relative_to(reference).as_posix(): p.read_bytes() for p in (reference / "assets").iterdir()}
    page = f"models/{model.parent.name}/{model.stem}/index.html"
    reader = Reader(out, ["index.html", page, "models/index.html"], dict(sorted(assets.items())[:4]))
    reader.start()

    launched: list[tuple[list[str], subprocess.Popen[str]]] = []

    def launch(*extra: str) -> None:
        command = build_py_command("build", "--catalog", catalog, "--out", out, "--cache", cache, "--quiet", *extra)
        launched.append(
            (list(extra), subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        )

    for n in range(5):  # from no previous site, all at once
        launch(*(["--no-wait"] if n == 4 else []))
    for n in range(15):  # then one by one, a price edited before each
        time.sleep(0.15)
        set_first_price(model, f"0.{n + 11}")
        launch(*(["--no-wait"] if n % 4 == 3 else ["--clean"] if n % 5 == 4 else []))
    results = [(extra, process, *process.communicate(timeout=600)) for extra, process in launched]
    reader.stop.set()
    reader.join(10)

    for extra, process, _stdout, stderr in results:
        assert "Traceback" not in stderr and "internal error" not in stderr, stderr
        if "--no-wait" in extra and process.returncode == 2:
            assert re.fullmatch(r"error: the build of .*/site/ by process \d+ is running; .*\n", stderr), stderr
        else:
            assert process.returncode == 0, stderr
    assert any(process.returncode == 0 and "waiting for the build of" in stderr for _, process, _, stderr in results)

    final = tmp_path / "final"  # a clean build of the final catalog, elsewhere
    assert run_build(catalog, final, "--cache", str(tmp_path / "final-cache"), "--clean").returncode == 0
    assert every_file(out) == every_file(final)
    assert not [p for p in out.rglob("*.tmp")] and (out / "index.html").is_file()
    assert reader.reads > 100 and reader.faults == []
