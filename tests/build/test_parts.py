"""build/engine.py PartStore: the parts of jobs (render.Part) the engine remembers. A
lasting part (a model's piece of an aggregate) is kept between the builds of a `serve`
session by the identity of its records; a shared part (the header of every model page)
is kept for one whole build; any other part only among the last few (a page and its
twin share one content build)."""

from __future__ import annotations

from generator.build.engine import PartStore
from generator.render import Job, each, part, shared, shared_each


class Record:  # stands for a Model: compared by identity
    pass


def test_a_part_is_made_once_per_record_object_and_value_arguments() -> None:
    calls: list[tuple[object, str]] = []

    def make(record: object, label: str) -> list[str]:
        calls.append((record, label))
        return [label]

    a, b = Record(), Record()
    store = PartStore(lasting=True)
    store.keep_only([a, b])
    first = store.value(make, (a, "x"), True)
    assert store.value(make, (a, "x"), True) is first
    store.value(make, (a, "y"), True)
    store.value(make, (b, "x"), True)
    assert calls == [(a, "x"), (a, "y"), (b, "x")]


def test_parts_of_records_no_longer_in_the_catalog_go() -> None:
    made: list[object] = []

    def make(record: object) -> object:
        made.append(record)
        return object()

    old, kept = Record(), Record()
    store = PartStore(lasting=True)
    store.keep_only([old, kept])
    store.value(make, (old,), True)
    store.value(make, (kept,), True)
    new = Record()  # the edited file's record: a new object
    store.keep_only([new, kept])
    store.value(make, (kept,), True)
    store.value(make, (new,), True)
    assert made == [old, kept, new]
    assert all(id(old) not in key for key in store._kept)


def test_a_single_build_keeps_no_lasting_part() -> None:
    count = [0]

    def make(record: object) -> int:
        count[0] += 1
        return count[0]

    records = [Record() for _ in range(PartStore.RECENT + 1)]
    store = PartStore(lasting=False)
    store.keep_only(records)
    assert store.value(make, (records[0],), True) == 1
    for record in records[1:]:
        store.value(make, (record,), True)
    assert store.value(make, (records[0],), True) == PartStore.RECENT + 2  # pushed out of the window: made again
    assert store._kept == {}


def test_a_page_and_its_twin_share_one_content_build() -> None:
    built: list[object] = []

    def content(record: object) -> str:
        built.append(record)
        return "content"

    def page(record: object, text: str) -> bytes:
        return f"page {text}".encode()

    def twin(record: object, text: str) -> bytes:
        return f"twin {text}".encode()

    record = Record()
    store = PartStore(lasting=False)
    jobs = [Job(name, fn, (record,), parts=(part(content, record),)) for name, fn in (("a", page), ("b", twin))]
    assert [job.run(store.value) for job in jobs] == [b"page content", b"twin content"]
    assert built == [record]


def test_a_job_runs_without_the_engine_too() -> None:
    def line(record: object, label: str) -> str:
        return label

    def join(records: tuple[object, ...], lines: list[str]) -> bytes:
        return ",".join(lines).encode()

    records = (Record(), Record())
    job = Job("all", join, (records,), parts=(each(line, ((r, str(i)) for i, r in enumerate(records))),))
    assert job.run() == b"0,1"


def test_a_shared_part_is_made_once_per_build_however_many_jobs_ask() -> None:
    made: list[tuple[object, str]] = []

    def frame(site: object, kind: str) -> str:
        made.append((site, kind))
        return f"frame of {kind}"

    def page(record: object, text: str) -> bytes:
        return text.encode()

    site = Record()
    store = PartStore(lasting=True)
    store.keep_only([site])
    jobs = [Job(str(i), page, (Record(),), parts=(shared(frame, site, "chat"),)) for i in range(3 * PartStore.RECENT)]
    assert {job.run(store.value) for job in jobs} == {b"frame of chat"}
    assert made == [(site, "chat")]
    store.keep_only([site])  # the next build: made again (its templates may have changed)
    jobs[0].run(store.value)
    assert made == [(site, "chat"), (site, "chat")]
    assert store._kept == {}  # never kept between builds, even in a lasting store


def test_shared_pieces_are_shared_between_lists() -> None:
    made: list[str] = []

    def item(name: str) -> str:
        made.append(name)
        return f"<li>{name}</li>"

    def page(names: tuple[str, ...], items: list[str]) -> bytes:
        return "".join(items).encode()

    store = PartStore(lasting=False)
    first = Job("a", page, (("x", "y"),), parts=(shared_each(item, [("x",), ("y",)]),))
    second = Job("b", page, (("y", "z"),), parts=(shared_each(item, [("y",), ("z",)]),))
    assert first.run(store.value) == b"<li>x</li><li>y</li>"
    assert second.run(store.value) == b"<li>y</li><li>z</li>"
    assert made == ["x", "y", "z"]
    assert second.run() == b"<li>y</li><li>z</li>"  # without the engine: made plainly
