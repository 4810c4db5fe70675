"""Renderers: one module per output kind. Rendering never touches disk.

Each renderer module exposes `jobs(index: SiteIndex) -> Iterable[Job]`. A `Job`
names its output path, a module-level pure function and the plain, picklable
arguments that function needs, and nothing else: `fn(*args)` returns the
file's bytes. Because a job's output depends only on (fn, args, templates),
the build engine can cache, skip and parallelise jobs without knowing what
they render. A job with `inputs` is an aggregate of other outputs (llms-full.txt
is every model's Markdown twin): it receives their bytes instead of rendering
them again.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.catalog.derive import SiteIndex


@dataclass(frozen=True)
class Job:
    path: str  # site-relative output path, '/'-separated
    fn: Callable[..., bytes]  # a module-level function, so it can be pickled
    args: tuple[Any, ...]  # everything the output depends on besides templates
    inputs: tuple[str, ...] = ()  # other outputs this one is made of (passed last, as an iterator of bytes)

    def run(self) -> bytes:
        if self.inputs:
            raise TypeError(f"{self.path} is made of other outputs; the engine runs it")
        return self.fn(*self.args)


# One module per output kind, each with a `jobs(index)` function.
RENDERER_MODULES = ("pages", "listings", "compare", "pricelist", "assets", "openapi", "markdown", "llms", "api", "feed", "logos")  # fmt: skip
# Planned after the others, from the paths they planned: `jobs(index, paths)`.
INDEX_MODULES = ("sitemap",)


def renderers() -> list[Callable[[SiteIndex], Iterable[Job]]]:
    """Every renderer's `jobs` function, in a fixed order."""
    return [importlib.import_module(f"{__name__}.{name}").jobs for name in RENDERER_MODULES]


def plan(index: SiteIndex) -> list[Job]:
    """All jobs of the site, sorted by path."""
    jobs = [job for make in renderers() for job in make(index)]
    paths = tuple(sorted(job.path for job in jobs))
    for name in INDEX_MODULES:
        jobs.extend(importlib.import_module(f"{__name__}.{name}").jobs(index, paths))
    return sorted(jobs, key=lambda j: j.path)
