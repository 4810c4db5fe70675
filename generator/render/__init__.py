"""Renderers: one module per output kind. Rendering never touches disk.

Each renderer module exposes `jobs(index: SiteIndex) -> Iterable[Job]`. A `Job`
names its output path, a module-level pure function and the plain arguments that
function needs, and nothing else: `fn(*args)` returns the file's bytes. Because a
job's output depends only on (fn, args, parts, templates), the build engine can
cache, skip and parallelise jobs without knowing what they render.

Two declarations let the engine save work without the renderers keeping any state:

- `parts`: pieces of the output that depend on less than the whole job (each model's
  entry in api/models.json, a model page's content that its Markdown twin shows too).
  The job's function receives them after its arguments; the engine decides what to
  remember (`generator/build/engine.py`, `PartStore`). `Job.run()` computes them plainly.
  A `shared` part depends on less than any one record (a model page's header and footer,
  the same on every model page of the site): many jobs declare it, and the engine keeps
  it for the whole build.
- `inputs`: an aggregate of other outputs (llms-full.txt is every model's Markdown
  twin) receives their bytes, as the build wrote them, instead of rendering them again
  (last, after its arguments and its parts, as `Inputs`: their sizes first, then their
  bytes one by one).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from generator.catalog.derive import SiteIndex

# The engine's memory of parts: value(fn, args, lasting, shared) -> fn(*args), maybe remembered.
PartMemory = Callable[[Callable[..., Any], tuple[Any, ...], bool, bool], Any]


@dataclass(frozen=True)
class Part:
    """fn(*args) for each args in `calls`, handed to the job's function as a list (or as
    the one value, with `one`). `lasting`: worth keeping between the builds of one
    process (a model's piece of an aggregate), rather than only within a build (a
    page's content, shared with its twin). `shared`: asked for by many jobs of one build
    (a piece of every model page), so worth keeping for the whole build. Every argument
    must also be the job's, or made from the job's arguments alone (its fingerprint
    covers only those)."""

    fn: Callable[..., Any]
    calls: tuple[tuple[Any, ...], ...]
    one: bool = False
    lasting: bool = False
    shared: bool = False

    def compute(self, value: PartMemory | None = None) -> Any:
        """The results, each from `value(fn, args, lasting, shared)` (the engine's memory) or fn(*args)."""
        results = [value(self.fn, args, self.lasting, self.shared) if value else self.fn(*args) for args in self.calls]
        return results[0] if self.one else results


def part(fn: Callable[..., Any], *args: Any) -> Part:
    """One value shared by the jobs that declare the same fn and arguments (within a build)."""
    return Part(fn, (args,), one=True)


def shared(fn: Callable[..., Any], *args: Any) -> Part:
    """One value shared by every job of a build that declares the same fn and arguments (a
    part of every model page of a site, or of every page that lists one model)."""
    return Part(fn, (args,), one=True, shared=True)


def shared_each(fn: Callable[..., Any], calls: Iterable[tuple[Any, ...]]) -> Part:
    """A list of pieces, each shared by every job of the build that asks for it."""
    return Part(fn, tuple(calls), shared=True)


def each(fn: Callable[..., Any], calls: Iterable[tuple[Any, ...]]) -> Part:
    """A list of per-record pieces of an aggregate, each worth keeping between builds."""
    return Part(fn, tuple(calls), lasting=True)


class Inputs:
    """An aggregate's inputs: their sizes known before any is read (the build knows what it
    wrote), their bytes read one by one as they are iterated, once. So an aggregate can
    choose its form from the sizes alone and stream what it keeps, holding none of it."""

    def __init__(self, sizes: Sequence[int], chunks: Iterable[bytes]) -> None:
        self.sizes = tuple(sizes)
        self._chunks = iter(chunks)

    @classmethod
    def held(cls, chunks: Iterable[bytes]) -> Inputs:
        """Inputs already in memory (a test's outputs)."""
        held = list(chunks)
        return cls([len(c) for c in held], held)

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks


@dataclass(frozen=True)
class Job:
    path: str  # site-relative output path, '/'-separated
    fn: Callable[..., bytes]  # a module-level function
    args: tuple[Any, ...]  # everything the output depends on besides templates
    inputs: tuple[str, ...] = ()  # other outputs this one is made of (passed last, as Inputs)
    parts: tuple[Part, ...] = ()  # passed after args, each as Part.compute() gives it

    def run(self, value: PartMemory | None = None) -> bytes:
        """The output's bytes; `value` is the engine's memory of parts (see Part.compute)."""
        if self.inputs:
            raise TypeError(f"{self.path} is made of other outputs; the engine runs it")
        return self.fn(*self.args, *(p.compute(value) for p in self.parts))

    def assemble(
        self,
        inputs: Inputs | Iterable[bytes],
        value: PartMemory | None = None,
    ) -> Iterator[bytes]:
        """The chunks of an aggregate job's output, given its inputs in order (as Inputs,
        after its arguments and parts, as `run` passes them; plain bytes are held first)."""
        given = inputs if isinstance(inputs, Inputs) else Inputs.held(inputs)
        result = self.fn(*self.args, *(p.compute(value) for p in self.parts), given)
        if isinstance(result, bytes):
            yield result
        else:
            yield from result


# One module per output kind, each with a `jobs(index)` function.
RENDERER_MODULES = (
    "pages",
    "listings",
    "compare",
    "pricelist",
    "assets",
    "openapi",
    "twins",
    "llms",
    "api",
    "feed",
    "changes",
    "logos",
    "search",
)
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
