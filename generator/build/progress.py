"""Build progress: a bar on a terminal; plain lines when not a terminal or when CI=true."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class ProgressReporter:
    def __init__(self, stream: TextIO | None = None, interactive: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        if interactive is None:
            interactive = self.stream.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")
        self.interactive = interactive
        self._last_stage = ""
        self._last_line = 0.0
        self._last_percent = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.interactive:
            self._bar(stage, done, total)
        else:
            self._line(stage, done, total)

    def _bar(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done not in (0, total) and now - self._last_line < 0.1:
            return
        self._last_line = now
        if not total:
            self.stream.write(f"\r\033[K{stage}...")
        else:
            width = 30
            filled = width * done // total
            self.stream.write(f"\r\033[K{stage} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                self.stream.write("\r\033[K")
        self.stream.flush()

    def _line(self, stage: str, done: int, total: int) -> None:
        """At most one line per stage per 10%: readable in CI logs."""
        percent = 100 * done // total if total else 0
        if stage == self._last_stage and percent // 10 == self._last_percent // 10:
            return
        self._last_stage, self._last_percent = stage, percent
        self.stream.write(f"{stage}: {done}/{total} ({percent}%)\n" if total else f"{stage}...\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\r\033[K")
            self.stream.flush()
