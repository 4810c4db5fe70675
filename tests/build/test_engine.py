"""The build engine: incremental == clean under random edits, determinism, the
cache is only an optimisation, and the writer never replaces what it did not make."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from support.sites import build_site, tree
from support.synthetic import make_catalog

from generator.build import engine, pipeline
from generator.build import session as build_session
from generator.build.config import Config
from generator.build.write import WriteError
from generator.catalog import load


class Clock:
    """Distinct, old modification times, so the no-change check (which trusts
    mtimes older than two seconds) is exercised by every edit."""

    def __init__(self) -> None:
        self.now = 1_600_000_000

    def touch(self, path: Path) -> None:
        self.now += 1
        os.utime(path, (self.now, self.now))

    def age_all(self, folder: Path) -> None:
        for path in folder.rglob("*"):
            self.touch(path)


def _models(catalog: Path) -> list[Path]:
    return sorted(catalog.glob("models/*/*.yaml"))


def edit_price(catalog: Path, rng: random.Random) -> Path:
    path = rng.choice(_models(catalog))
    text = path.read_text(encoding="utf-8")
    bump = Decimal(rng.randint(1, 900)) / 1000
    text = re.sub(
        r"(amount: )([0-9.]+)", lambda m: f"{m.group(1)}{format(Decimal(m.group(2)) + bump, 'f')}", text, count=1
    )
    path.write_text(text, encoding="utf-8")
    return path


def edit_name(catalog: Path, rng: random.Random) -> Path:
    path = rng.choice(_models(catalog))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} x{rng.randint(0, 999)}", text, count=1, flags=re.M),
        encoding="utf-8",
    )
    return path


def add_model(catalog: Path, rng: random.Random) -> Path:
    source = rng.choice(_models(catalog))
    target = source.with_name(f"added-{rng.randint(0, 10**6)}.yaml")
    text = source.read_text(encoding="utf-8")
    target.write_text(
        re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} added {target.stem}", text, count=1, flags=re.M),
        encoding="utf-8",
    )
    return target


def rename_model(catalog: Path, rng: random.Random) -> Path:
    source = rng.choice(_models(catalog))
    target = source.with_name(f"renamed-{rng.randint(0, 10**6)}.yaml")
    source.rename(target)
    return target


def delete_model(catalog: Path, rng: random.Random) -> Path | None:
    models = _models(catalog)
    if len(models) > 20:
        rng.choice(models).unlink()
    return None


def edit_provider(catalog: Path, rng: random.Random) -> Path:
    path = rng.choice(sorted(catalog.glob("providers/*.yaml")))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)}!", text, count=1, flags=re.M), encoding="utf-8"
    )
    return path


def edit_site(catalog: Path, rng: random.Random) -> Path:
    path = catalog / "site.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tagline: ", f"tagline: Edit {rng.randint(0, 99)}. ", 1), encoding="utf-8")
    return path


EDITS = [edit_price, edit_price, edit_name, add_model, rename_model, delete_model, edit_provider, edit_site]


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
    victim = _models(catalog)[3]
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
    _models(catalog)[0].write_text("name: [unclosed\n", encoding="utf-8")
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
