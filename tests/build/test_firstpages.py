"""`serve`'s first pages: the edited model's own files written into the live site
before the full build, exactly as that build then writes them, and nothing for an
edit that first pages do not handle."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pytest
from support.sites import tree
from support.synthetic import make_catalog

from generator.build import pipeline
from generator.build.config import Config
from generator.build.firstpages import restore, substitute, write_first_pages
from generator.build.write import SiteWriter


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Config, pipeline.Session, Path]:
    catalog = make_catalog(tmp_path / "catalog", 12, providers=3)
    config = Config(catalog=catalog, out=tmp_path / "site", cache=tmp_path / ".cache", jobs=1)
    session = pipeline.Session()
    pipeline.build(config, session)
    return config, session, sorted(catalog.glob("models/*/*.yaml"))[0]


def own_files(model: Path) -> set[str]:
    slug = f"{model.parent.name}/{model.stem}"
    return {
        f"models/{slug}/index.html",
        f"models/{slug}/index.md",
        f"api/models/{slug}.json",
        f"compare/models/{slug}.json",
    }


def edit(model: Path, old: str, new: str) -> None:
    text = model.read_text(encoding="utf-8")
    assert old in text
    model.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_pages_are_the_model_files_the_build_then_writes(built, tmp_path: Path) -> None:
    config, session, model = built
    before = tree(config.out)
    edit(model, "name: ", "name: Edited first ")
    first = write_first_pages(config, session, [model])
    assert first is not None
    assert first.paths == own_files(model)
    assert first.describe().startswith(f"wrote 4 files of the edited model {model.parent.name}/{model.stem} in ")
    middle = tree(config.out)
    assert {p for p in middle if middle[p] != before[p]} == own_files(model)  # nothing else yet
    for output in first.written:
        assert (config.out / output.path).read_bytes() == output.data
    report = pipeline.build(config, session)
    assert report.write is not None and not (report.write.changed & first.paths)  # already right
    reference = Config(catalog=config.catalog, out=tmp_path / "reference", cache=tmp_path / ".ref-cache", clean=True)
    pipeline.build(reference)
    assert tree(config.out) == tree(reference.out)


def test_a_new_process_builds_right_after_first_pages(built, tmp_path: Path) -> None:
    """The writer's state learned the first pages, so the next transaction (another
    process, from the cache) links and copies the right bytes."""
    config, session, model = built
    edit(model, "name: ", "name: Edited first ")
    assert write_first_pages(config, session, [model]) is not None
    pipeline.build(config)  # a new session: from the cache folder
    reference = Config(catalog=config.catalog, out=tmp_path / "reference", cache=tmp_path / ".ref-cache", clean=True)
    pipeline.build(reference)
    assert tree(config.out) == tree(reference.out)


def test_write_live_replaces_the_entry_and_keeps_the_spare(built) -> None:
    config, session, model = built
    page = f"models/{model.parent.name}/{model.stem}/index.html"
    edit(model, "name: ", "name: Once ")
    pipeline.build(config, session)  # the spare now holds the first generation, sharing unchanged inodes
    spare = config.cache_dir / f"{config.out.name}.spare" / page
    shared = (spare.read_bytes(), os.stat(spare).st_ino)
    edit(model, "name: Once ", "name: Twice ")
    first = write_first_pages(config, session, [model])
    assert first is not None and b"Twice " in (config.out / page).read_bytes()
    assert (spare.read_bytes(), os.stat(spare).st_ino) == shared
    assert SiteWriter(config.out, config.cache_dir).live_digest(page) == next(
        o.digest for o in first.written if o.path == page
    )


def test_restore_puts_back_the_replaced_bytes(built) -> None:
    config, session, model = built
    before = tree(config.out)
    edit(model, "name: ", "name: Edited first ")
    first = write_first_pages(config, session, [model])
    assert first is not None and tree(config.out) != before
    restore(config, session, first)
    assert tree(config.out) == before
    writer = SiteWriter(config.out, config.cache_dir)
    assert {p: writer.live_digest(p) for p in before} == before


@pytest.mark.parametrize(
    "change",
    ["unknown field", "broken yaml", "kind", "same bytes", "site.yaml", "new model", "removed"],
)
def test_edits_that_first_pages_do_not_handle_write_nothing(built, change: str) -> None:
    config, session, model = built
    before = tree(config.out)
    changed = [model]
    if change == "unknown field":
        model.write_text(model.read_text(encoding="utf-8") + "\nunknown_field: 1\n", encoding="utf-8")
    elif change == "broken yaml":
        model.write_text("name: [unclosed\n", encoding="utf-8")
    elif change == "kind":
        edit(model, "kind: chat", "kind: embeddings")
    elif change == "same bytes":
        model.write_text(model.read_text(encoding="utf-8"), encoding="utf-8")
    elif change == "site.yaml":
        site = config.catalog / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("tagline: ", "tagline: New. ", 1), encoding="utf-8")
        changed = [site]
    elif change == "new model":
        copy = model.with_name("brand-new.yaml")
        copy.write_text(model.read_text(encoding="utf-8"), encoding="utf-8")
        changed = [copy]
    elif change == "removed":
        model.unlink()
    assert write_first_pages(config, session, changed) is None
    assert tree(config.out) == before


def test_a_problem_only_a_check_finds_means_no_first_pages(built) -> None:
    """The named checks run on the edited record (not only the schema)."""
    config, session, model = built
    text = model.read_text(encoding="utf-8")
    model.write_text(re.sub(r"(?m)^release_date: .*$", "release_date: 2025-02-30", text), encoding="utf-8")
    before = tree(config.out)
    result = pipeline.check(config, pipeline.Session())
    assert any(p.is_error for p in result.problems), "the edit should break a named check"
    assert write_first_pages(config, session, [model]) is None
    assert tree(config.out) == before


class Pair(NamedTuple):
    left: object
    right: object


@dataclass(frozen=True)
class Holder:
    items: tuple[object, ...]
    one: object
    count: int


def test_substitute_swaps_by_identity_inside_tuples_and_dataclasses() -> None:
    old, new, equal = object(), object(), object()
    swap = {id(old): (old, new)}
    value = (old, (1, old), Pair(old, equal), Holder((equal, old), old, 3), "text")
    result = substitute(value, swap)
    assert result[0] is new and result[1] == (1, new)
    assert isinstance(result[2], Pair) and result[2].left is new and result[2].right is equal
    assert result[3] == Holder((equal, new), new, 3)
    untouched = (equal, (1, 2), Holder((equal,), equal, 1))
    assert substitute(untouched, swap) is untouched  # what holds none is kept as it is
