"""`build.py serve` measured from outside, as a user sees it: save an edit, then time
until the edited model's page on disk shows it ("edited page") and until serve prints
its next "built ..." line, the whole site consistent ("whole site"). Peak memory is the
VmHWM of serve and of every worker it forks, polled while they live."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

POLL = 0.005  # seconds between looks at the edited page
STARTUP = 3600  # seconds: serve's first build at 50,000 models takes minutes
SETTLE = 600  # seconds for one edit to reach the whole site


@dataclass
class Edit:
    page: float  # seconds from the save to the new price in the model's page on disk
    site: float  # seconds from the save to serve's "built ..." line


@dataclass
class Memory:
    """Peak resident memory per process (VmHWM, kB) of serve and its descendants."""

    peaks: dict[int, int] = field(default_factory=dict)

    def sample(self, pid: int) -> None:
        for p in [pid, *descendants(pid)]:
            kb = vm_hwm(p)
            if kb:
                self.peaks[p] = max(self.peaks.get(p, 0), kb)

    @property
    def largest_mb(self) -> int:
        return max(self.peaks.values(), default=0) // 1024


def vm_hwm(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                todo.append(child)
    return found


def measure(command: list[str], page: Path, edits: list[tuple[Path, str, str]]) -> tuple[list[Edit], int]:
    """Run serve (`command`), wait for its "serving" line, then save each edit in turn
    and time it: `edits` holds (record path, its new text, the new price as the page
    shows it). Returns the edits' times and the peak RSS of serve's largest process, MB."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines: queue.Queue[str | None] = queue.Queue()
    memory, stop = Memory(), threading.Event()
    threading.Thread(target=_read, args=(proc, lines), daemon=True).start()
    sampler = threading.Thread(target=_sample, args=(memory, proc.pid, stop), daemon=True)
    sampler.start()
    results = []
    try:
        _wait_for(lines, "serving", STARTUP)
        for record, text, shown in edits:
            _drain(lines, settle=0.5)  # a late line of the last rebuild is not this edit's
            results.append(_one_edit(lines, page, record, text, shown.encode()))
    finally:
        stop.set()
        sampler.join()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return results, memory.largest_mb


def _one_edit(lines: queue.Queue[str | None], page: Path, record: Path, text: str, shown: bytes) -> Edit:
    record.write_text(text, encoding="utf-8")
    saved = time.perf_counter()
    seen_page = None
    deadline = saved + SETTLE
    while seen_page is None and time.perf_counter() < deadline:
        try:
            if shown in page.read_bytes():
                seen_page = time.perf_counter() - saved
                break
        except OSError:
            pass
        time.sleep(POLL)
    if seen_page is None:
        raise SystemExit(f"serve: {page} never showed {shown.decode()}")
    _wait_for(lines, "built ", SETTLE - seen_page)
    return Edit(seen_page, time.perf_counter() - saved)


def _wait_for(lines: queue.Queue[str | None], start: str, timeout: float) -> str:
    deadline = time.perf_counter() + timeout
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            raise SystemExit(f"serve printed no line starting with {start!r} in {timeout:.0f} s") from None
        if line is None:
            raise SystemExit(f"serve exited before printing a line starting with {start!r}")
        if line.startswith(start):
            return line


def _drain(lines: queue.Queue[str | None], settle: float) -> None:
    time.sleep(settle)
    while True:
        try:
            if lines.get_nowait() is None:
                raise SystemExit("serve exited")
        except queue.Empty:
            return


def _read(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.put(line)
    lines.put(None)


def _sample(memory: Memory, pid: int, stop: threading.Event) -> None:
    while not stop.is_set():
        memory.sample(pid)
        stop.wait(0.05)
