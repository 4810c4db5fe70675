"""The build engine: incremental == clean under random edits, determinism, the
cache is only an optimisation, and the writer never replaces what it did not make."""

from __future__ import annotations

import random
import shutil
import signal
import sys
from pathlib import Path

import pytest
from support.edits import EDITS, Clock, edit_price, models_of
from support.sites import build_site, tree
from support.synthetic import make_catalog

from generator.build import engine, pipeline
from generator.build import session as build_session
from generator.build.config import Config
from generator.build.write import WriteError
from generator.catalog import load


@pytest.mark.slow
@pytest.mark.parametrize(
    ("seed", "workers", "one_process"), [(1, 1, False), (2, 1, False), (3, 2, False), (4, 1, True), (5, 2, True)]
)
def test_incremental_build_equals_clean_build_after_random_edits(
    tmp_path: Path, seed: int, workers: int, one_process: bool, monkeypatch
) -> None:
    """A new process per build (the CLI, starting from the cache folder), or one process
    for every build (`serve`: records, their digests and aggregate pieces are reused
    by identity between builds)."""
    if workers > 1:
        monkeypatch.setattr(engine, "PARALLEL_JOBS", 5)  # workers fingerprint, reuse and write pages
    session = pipeline.Session() if one_process else None
    rng = random.Random(seed)
    catalog = make_catalog(tmp_path / "catalog", 60, providers=6)
    clock = Clock()
    clock.age_all(catalog)
    incremental, cache = tmp_path / "inc" / "site", tmp_path / "inc" / ".cache"
    build_site(catalog, incremental, cache=cache, jobs=workers, session=session)
    for step in range(6):
        edit = rng.choice(EDITS)
        changed = edit(catalog, rng)
        if changed is not None:
            clock.touch(changed)
        clock.touch(catalog / "models")  # folder listings change too
        report = build_site(catalog, incremental, cache=cache, jobs=workers, session=session)
        clean = tmp_path / f"clean{step}" / "site"
        build_site(catalog, clean, cache=tmp_path / f"clean{step}" / ".cache", clean=True)
        assert tree(incremental) == tree(clean), f"step {step}: {edit.__name__}"
        assert report.write is not None, f"step {step}: {edit.__name__} was not noticed"
        shutil.rmtree(clean.parent)


def test_unchanged_catalog_is_not_rebuilt_and_one_edit_rerenders_little(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 40, providers=5)
    clock = Clock()
    clock.age_all(catalog)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    first = build_site(catalog, out, cache=cache)
    assert first.rendered > 40 and first.reused == 0
    second = build_site(catalog, out, cache=cache)
    assert second.write is None  # the no-change check answered without parsing
    edited = edit_price(catalog, random.Random(7))
    clock.touch(edited)
    third = build_site(catalog, out, cache=cache)
    assert third.write is not None and 0 < third.rendered < first.rendered / 2
    assert third.reused > 0


def test_clean_ignores_the_cache(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 20, providers=3)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    first = build_site(catalog, out, cache=cache)
    before = tree(out)
    again = build_site(catalog, out, cache=cache, clean=True)
    assert again.write is not None and again.rendered == first.rendered and again.reused == 0
    assert again.write.unchanged == 0  # nothing from the cache is trusted: every file is rewritten
    assert tree(out) == before
    shutil.rmtree(cache)  # then a clean build alone must leave a cache the next build uses
    shutil.rmtree(out)
    build_site(catalog, out, cache=cache, clean=True)
    Clock().touch(edit_price(catalog, random.Random(3)))
    after = build_site(catalog, out, cache=cache)
    assert after.write is not None and 0 < after.rendered < first.rendered / 2


def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    catalog = make_catalog(tmp_path / "catalog", 30, providers=4)
    build_site(catalog, tmp_path / "a" / "site", cache=tmp_path / "a" / ".cache")
    monkeypatch.setattr(engine, "PARALLEL_JOBS", 5)  # force worker processes at this small size
    monkeypatch.setattr(build_session, "PARALLEL_FILES", 5)
    report = build_site(catalog, tmp_path / "b" / "site", cache=tmp_path / "b" / ".cache", jobs=2)
    assert report.rendered > engine.PARALLEL_JOBS
    assert tree(tmp_path / "a" / "site") == tree(tmp_path / "b" / "site")


def test_removed_models_disappear_from_the_site(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 25, providers=3)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_site(catalog, out, cache=cache)
    victim = models_of(catalog)[3]
    slug = f"{victim.parent.name}/{victim.stem}"
    assert (out / "models" / slug / "index.html").exists()
    victim.unlink()
    report = build_site(catalog, out, cache=cache)
    assert not (out / "models" / slug).exists()
    assert report.write is not None and report.write.removed >= 1


def test_a_foreign_non_empty_output_directory_is_refused(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 5, providers=2)
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work", encoding="utf-8")
    with pytest.raises(WriteError, match="was not made by this tool"):
        build_site(catalog, out, cache=tmp_path / ".cache")
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]


def test_an_invalid_catalog_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 10, providers=2)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_site(catalog, out, cache=cache)
    before = tree(out)
    models_of(catalog)[0].write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(pipeline.ProblemsFound):
        build_site(catalog, out, cache=cache)
    assert tree(out) == before


def test_a_corrupt_cache_only_costs_speed(tmp_path: Path) -> None:
    catalog = make_catalog(tmp_path / "catalog", 15, providers=2)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_site(catalog, out, cache=cache)
    before = tree(out)
    for path in cache.iterdir():
        if path.is_file():
            path.write_bytes(b"garbage")
    report = build_site(catalog, out, cache=cache)
    assert report.write is not None and report.reused == 0
    assert tree(out) == before


def _death_signal(_item: object) -> int:
    import ctypes
    import ctypes.util

    value = ctypes.c_int(0)
    ctypes.CDLL(ctypes.util.find_library("c")).prctl(2, ctypes.byref(value))  # PR_GET_PDEATHSIG
    return value.value


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_workers_die_with_the_build() -> None:
    """Workers write into the spare tree: a build killed with SIGKILL must not leave one
    writing (it could race the next build), so the kernel kills them with their parent."""
    from generator.build.parallel import forked_map

    assert set(forked_map(_death_signal, list(range(8)), 2)) == {signal.SIGKILL}


def test_a_new_time_with_the_same_bytes_is_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    """A fresh checkout (CI restoring .cache/) or a `touch` changes every file's time but
    not its content: the parse cache is still used, by content hash."""
    catalog = make_catalog(tmp_path / "catalog", 12, providers=2)
    clock = Clock()
    clock.age_all(catalog)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_site(catalog, out, cache=cache)
    for path in catalog.rglob("*.yaml"):
        clock.touch(path)  # a new (old enough) time, the same bytes
    edited = edit_price(catalog, random.Random(5))
    clock.touch(edited)
    parsed: list[str] = []
    real = load.parse_fast
    monkeypatch.setattr(load, "parse_fast", lambda text: parsed.append(text) or real(text))
    config = Config(catalog=catalog, out=out, cache=cache, jobs=1)
    result = pipeline.check(config, pipeline.Session.from_cache(config), records=False)
    assert result.ok
    assert parsed == [edited.read_text(encoding="utf-8")]  # only the edited file


def test_a_new_process_trusts_the_cached_digests_of_unchanged_records_only(tmp_path: Path, monkeypatch) -> None:
    """A single build leaves its record objects' digests by content key; the next process
    trusts them for records of the same bytes (so it fingerprints and renders only what
    changed) and never for the edited record, whose pages then differ as a clean build's do."""
    catalog = make_catalog(tmp_path / "catalog", 30, providers=3)
    clock = Clock()
    clock.age_all(catalog)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    first = build_site(catalog, out, cache=cache)
    edited = edit_price(catalog, random.Random(3))
    clock.touch(edited)
    trusted: list[dict[int, tuple[object, bytes]]] = []
    real = build_session.Session.known_digests
    monkeypatch.setattr(
        build_session.Session, "known_digests", lambda self, salt: trusted.append(real(self, salt)) or trusted[-1]
    )
    second = build_site(catalog, out, cache=cache)
    slug = f"{edited.parent.name}/{edited.stem}"
    models = {obj.slug: obj for obj, _digest in trusted[0].values() if type(obj).__name__ == "Model"}
    assert slug not in models and len(models) == 29  # every other model is trusted, the edited one is not
    assert second.write is not None and 0 < second.rendered < first.rendered / 2
    clean = tmp_path / "clean" / "site"
    build_site(catalog, clean, cache=tmp_path / "clean" / ".cache", clean=True)
    assert tree(out) == tree(clean)


def test_an_edit_rewrites_only_its_folders_shard_of_the_parse_memo(tmp_path: Path, monkeypatch) -> None:
    """The parse memo is kept in the cache one file per catalog folder: a build after one
    edit rewrites that folder's file only; a corrupt or missing one only costs its parsing."""
    catalog = make_catalog(tmp_path / "catalog", 20, providers=4)
    clock = Clock()
    clock.age_all(catalog)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_site(catalog, out, cache=cache)
    shards = sorted((cache / build_session.PARSED).iterdir())
    assert len(shards) == len({p.parent for p in catalog.rglob("*.yaml")})
    edited = edit_price(catalog, random.Random(9))
    clock.touch(edited)
    written: list[str] = []
    real_write = build_session.cache.write
    monkeypatch.setattr(build_session.cache, "write", lambda d, name, v: written.append(name) or real_write(d, name, v))
    build_site(catalog, out, cache=cache)
    parse_shards = [name for name in written if name.startswith(build_session.PARSED + "/")]
    assert parse_shards == [f"{build_session.PARSED}/{build_session._shard_of(str(edited))}"]
    shards[0].write_bytes(b"not a pickle")
    parsed: list[str] = []
    real = load.parse_fast
    monkeypatch.setattr(load, "parse_fast", lambda text: parsed.append(text) or real(text))
    config = Config(catalog=catalog, out=out, cache=cache, jobs=1)
    assert pipeline.check(config, pipeline.Session.from_cache(config), records=False).ok
    assert 0 < len(parsed) < 20  # only the files of the corrupt shard's folder


def test_a_serve_session_keeps_no_build_alive_after_it_ends(tmp_path: Path) -> None:
    """Builds pause the cyclic collector (session.frozen_collector) and `serve` runs one
    build after another in one process, so a build must free itself by reference counts
    alone: a renderer left in a reference cycle held every job and digest of its build,
    and `serve` grew by about 110 MB per edit at 10,000 models."""
    import gc

    catalog = make_catalog(tmp_path / "catalog", 12, providers=2)
    clock = Clock()
    clock.age_all(catalog)
    session = pipeline.Session()
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()  # as in a build: only reference counts free anything
    try:
        for step in range(3):
            build_site(catalog, tmp_path / "site", cache=tmp_path / ".cache", jobs=1, session=session)
            clock.touch(edit_price(catalog, random.Random(step)))
        alive = [o for o in gc.get_objects() if isinstance(o, engine.Renderer | engine.Fingerprinter)]
    finally:
        if was_enabled:
            gc.enable()
    assert alive == []
