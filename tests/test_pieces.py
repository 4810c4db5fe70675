"""render/pieces.py: per-record pieces of the aggregates, kept between the builds of a
`serve` session by the identity of their records, and never in a single build."""

from __future__ import annotations

from generator.render import pieces


class Record:  # stands for a Model: compared by identity
    pass


def test_a_piece_is_made_once_per_record_object_and_value_arguments() -> None:
    calls: list[tuple[object, str]] = []

    def make(record: object, label: str) -> list[str]:
        calls.append((record, label))
        return [label]

    a, b = Record(), Record()
    pieces.start_build(True, [a, b])
    first = pieces.piece(make, a, "x")
    assert pieces.piece(make, a, "x") is first
    pieces.piece(make, a, "y")
    pieces.piece(make, b, "x")
    assert calls == [(a, "x"), (a, "y"), (b, "x")]


def test_pieces_of_records_no_longer_in_the_catalog_go() -> None:
    made: list[object] = []

    def make(record: object) -> object:
        made.append(record)
        return object()

    old, kept = Record(), Record()
    pieces.start_build(True, [old, kept])
    pieces.piece(make, old)
    pieces.piece(make, kept)
    new = Record()  # the edited file's record: a new object
    pieces.start_build(True, [new, kept])
    pieces.piece(make, kept)
    pieces.piece(make, new)
    assert made == [old, kept, new]
    assert all(id(old) not in key for key in pieces._pieces)


def test_a_single_build_keeps_nothing() -> None:
    count = [0]

    def make(record: object) -> int:
        count[0] += 1
        return count[0]

    record = Record()
    pieces.start_build(False, [record])
    assert pieces.piece(make, record) == 1
    assert pieces.piece(make, record) == 2
    assert pieces._pieces == {}
