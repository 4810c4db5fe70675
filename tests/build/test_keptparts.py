"""build/keptparts.py: a single build keeps each job's lasting parts in the cache by content,
so the next process makes only the pieces of what changed, with the same bytes as a clean
build; a corrupt or missing file only costs its job's parts."""

from __future__ import annotations

import functools
import random
from pathlib import Path

from support.edits import Clock, edit_price
from support.sites import build_site, tree
from support.synthetic import make_catalog

from generator.build import keptparts
from generator.build.engine import Fingerprinter, PartStore
from generator.render import Job, api, each


def line(name: str, price: int) -> str:
    MADE.append(name)
    return f"{name}={price}"


def join(names: tuple[str, ...], lines: list[str]) -> bytes:
    return ",".join(lines).encode()


MADE: list[str] = []


def job_of(prices: dict[str, int]) -> Job:
    names = tuple(prices)
    return Job("all.txt", join, (names,), parts=(each(line, ((n, prices[n]) for n in names)),))


def run(cache: Path, job: Job, read: bool = True, salt: str = "salt") -> bytes:
    kept = keptparts.KeptParts(cache, salt, Fingerprinter(salt).digest, read)
    value, save = kept.memory(job, PartStore(lasting=False).value)
    data = job.run(value)
    save()
    return data


def test_the_next_process_makes_only_the_changed_pieces(tmp_path: Path) -> None:
    MADE.clear()
    assert run(tmp_path, job_of({"a": 1, "b": 2, "c": 3})) == b"a=1,b=2,c=3"
    assert MADE == ["a", "b", "c"]
    MADE.clear()
    assert run(tmp_path, job_of({"a": 1, "b": 5, "c": 3})) == b"a=1,b=5,c=3"
    assert MADE == ["b"]  # a and c by content, from the file the first run left
    MADE.clear()
    assert run(tmp_path, job_of({"a": 1, "b": 5, "c": 3}), salt="other code") == b"a=1,b=5,c=3"
    assert MADE == ["a", "b", "c"]  # other code: nothing is trusted


def test_the_file_keeps_only_what_the_job_used(tmp_path: Path) -> None:
    run(tmp_path, job_of({"a": 1, "b": 2}))
    run(tmp_path, job_of({"a": 1, "b": 3}))
    kept = keptparts.cache.read(tmp_path, keptparts.file_of("all.txt"))
    assert sorted(kept.values()) == ["a=1", "b=3"]


def test_a_corrupt_file_or_a_clean_build_only_costs_the_parts(tmp_path: Path) -> None:
    run(tmp_path, job_of({"a": 1, "b": 2}))
    (tmp_path / keptparts.file_of("all.txt")).write_bytes(b"not a pickle")
    MADE.clear()
    assert run(tmp_path, job_of({"a": 1, "b": 2})) == b"a=1,b=2"
    assert MADE == ["a", "b"]
    MADE.clear()
    assert run(tmp_path, job_of({"a": 1, "b": 2}), read=False) == b"a=1,b=2"
    assert MADE == ["a", "b"]  # --clean trusts no kept part
    MADE.clear()
    run(tmp_path, job_of({"a": 1, "b": 2}))
    assert MADE == []  # ...but leaves them for the next build


def test_a_build_after_one_edit_makes_one_entry_of_api_models_json(tmp_path: Path, monkeypatch) -> None:
    catalog = make_catalog(tmp_path / "catalog", 30, providers=3)
    clock = Clock()
    clock.age_all(catalog)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_site(catalog, out, cache=cache)
    edited = edit_price(catalog, random.Random(5))
    clock.touch(edited)
    made: list[str] = []
    real = api.model_summary

    @functools.wraps(real)
    def counted(site, model):  # type: ignore[no-untyped-def]
        made.append(model.slug)
        return real(site, model)

    monkeypatch.setattr(api, "model_summary", counted)
    build_site(catalog, out, cache=cache)
    assert set(made) == {f"{edited.parent.name}/{edited.stem}"}  # its entry, and its own file that has it too
    clean = tmp_path / "clean" / "site"
    build_site(catalog, clean, cache=tmp_path / "clean" / ".cache", clean=True)
    assert tree(out) == tree(clean)


def test_files_of_jobs_no_longer_planned_go(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 12, providers=2)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_site(catalog, out, cache=cache)
    stale = cache / keptparts.FOLDER / ("0" * 24)
    stale.write_bytes(b"")
    kept = sorted((cache / keptparts.FOLDER).iterdir())
    assert len(kept) > 3
    build_site(catalog, out, cache=cache, clean=True)  # an unchanged catalog is not built again
    assert not stale.exists() and sorted((cache / keptparts.FOLDER).iterdir()) == [p for p in kept if p != stale]
