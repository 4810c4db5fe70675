"""Forked worker processes that inherit their input instead of unpickling it.

Used where a large catalog gains from every core (parsing, schema checks,
rendering): the items are set aside before the fork, each worker maps slices of
them, and only results travel back. Where fork is not available, or there is one
worker, it maps in-process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # inherited by the workers


PR_SET_PDEATHSIG = 1


@cache
def libc() -> ctypes.CDLL | None:
    """The C library, from the running process (it is loaded already: no search), or
    None where a process cannot be opened as a library (Windows)."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):
        return None


def _die_with_parent(parent: int) -> None:
    """Workers write into the spare tree, so they must not outlive a build that is killed
    (a worker still writing could race the next build): on Linux the kernel sends them
    SIGKILL when the parent dies."""
    c = libc()
    if not sys.platform.startswith("linux") or c is None:
        return
    c.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)


def _start_worker(parent: int) -> None:
    """A worker's first act: die with the parent, and leave what it inherited out of its
    cyclic garbage collections. Collecting would walk the parent's whole heap (the parsed
    catalog) and write to every object's header, copying every page the fork shares."""
    gc.freeze()
    _die_with_parent(parent)


@contextmanager
def collection_paused(settle: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while a stage maps: the values it builds (parsed
    records, problems) hold almost no cycles, and collecting while they pile up walks
    them again and again. With `settle` (a map over a whole catalog), the young objects
    are collected once when the map is done and what survives is frozen (gc.freeze): the
    records live as long as the build, and every later collection would walk them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if settle:
                gc.freeze()
            gc.enable()


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    assert _TASK is not None
    fn, items = _TASK
    return [fn(item) for item in items[bounds[0] : bounds[1]]]


def forked_map(fn: Callable[[Any], Any], items: Sequence[Any], workers: int, slices_per_worker: int = 4) -> list[Any]:
    """[fn(item) for item in items], in order; `fn` may be any callable (it is not pickled)."""
    return list(forked_imap(fn, items, workers, slices_per_worker))


def forked_imap(
    fn: Callable[[Any], Any], items: Sequence[Any], workers: int, slices_per_worker: int = 4
) -> Iterator[Any]:
    """fn(item) for each item, in order, yielded slice by slice as workers finish them."""
    if workers <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (fn(item) for item in items)
        return
    global _TASK
    _TASK = (fn, items)
    step = -(-len(items) // (workers * slices_per_worker))
    try:
        with multiprocessing.get_context("fork").Pool(workers, _start_worker, (os.getpid(),)) as pool:
            for chunk in pool.imap(_run_slice, [(i, i + step) for i in range(0, len(items), step)]):
                yield from chunk
    finally:
        _TASK = None


def shared_map(fn: Callable[[Any], Any], items: Sequence[Any], workers: int, slices_per_worker: int = 4) -> list[Any]:
    """forked_map in which the calling process is one of the `workers`: it maps the last
    share itself while `workers - 1` forked processes map the rest. What the caller maps
    is not pickled back to it, and one process fewer is forked; for results that are large
    beside the work of making them (parsed records)."""
    if workers <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(item) for item in items]
    global _TASK
    split = len(items) * (workers - 1) // workers
    _TASK = (fn, items)
    step = max(1, -(-split // ((workers - 1) * slices_per_worker)))
    try:
        with multiprocessing.get_context("fork").Pool(workers - 1, _start_worker, (os.getpid(),)) as pool:
            forked = pool.map_async(_run_slice, [(i, min(i + step, split)) for i in range(0, split, step)])
            own = [fn(item) for item in items[split:]]
            return [result for chunk in forked.get() for result in chunk] + own
    finally:
        _TASK = None


@dataclass(frozen=True)
class Mapper:
    """How a stage maps a function over many items (parse every file, check every
    record): in `workers` forked processes once there are `min_items`, else in-process.
    The stages take it as an argument; only the build decides how to spend the cores."""

    workers: int = 1
    min_items: int = 3000
    slices_per_worker: int = 4
    caller_shares: bool = False  # the calling process maps a share too (see shared_map)
    settle_items: int = 1000  # from this many items on, the results are frozen (see collection_paused)

    def __call__(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        workers = self.workers if len(items) >= self.min_items else 1
        with collection_paused(settle=len(items) >= self.settle_items):
            if self.caller_shares:
                return shared_map(fn, items, workers, self.slices_per_worker)
            return forked_map(fn, items, workers, self.slices_per_worker)
