"""Forked maps give the in-process answer, in order, whichever process did the work."""

from __future__ import annotations

import os

import pytest
from support.catalogs import check_catalog, valid_model

from generator.build.parallel import Mapper, shared_map
from generator.catalog.load import load_catalog
from generator.catalog.problems import sort_problems
from generator.catalog.validate import validate_catalog


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@pytest.mark.parametrize(("size", "workers"), [(2, 2), (3, 2), (17, 2), (17, 3), (5, 1)])
def test_shared_map_keeps_the_order(size: int, workers: int) -> None:
    results = shared_map(_square_and_pid, list(range(size)), workers, 2)
    assert [square for square, _pid in results] == [n * n for n in range(size)]


def test_the_caller_maps_the_last_share_and_a_worker_the_rest() -> None:
    results = shared_map(_square_and_pid, list(range(10)), 2, 2)
    pids = [pid for _square, pid in results]
    assert pids[5:] == [os.getpid()] * 5
    assert os.getpid() not in pids[:5]


def test_checks_in_workers_find_what_checks_in_process_find(write_catalog) -> None:
    """Each check runs whole in one worker; the problems come back in the checks' order."""
    catalog = write_catalog(
        {
            "models/acme/image-two.yaml": valid_model(description="Costs $5 per image.", name="Image One"),
            "models/acme/image-three.yaml": valid_model(provider="nobody"),
        }
    )
    loaded = load_catalog(catalog)
    in_process = validate_catalog(loaded)
    forked = validate_catalog(loaded, check_each=Mapper(workers=2, min_items=1, slices_per_worker=8))
    assert len({p.rule for p in in_process}) >= 2
    assert forked == in_process
    assert sort_problems(loaded.problems + forked) == check_catalog(catalog)


def test_collection_is_paused_while_mapping_and_resumes_after() -> None:
    import gc

    from generator.build.parallel import collection_paused

    seen = Mapper(workers=1)(lambda _item: gc.isenabled(), [1, 2])
    assert seen == [False, False]
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()


def test_a_settled_map_freezes_what_it_made() -> None:
    import gc

    from generator.build.parallel import collection_paused

    before = gc.get_freeze_count()
    try:
        with collection_paused(settle=True):
            made = [[n] for n in range(100)]
        assert gc.get_freeze_count() >= before + len(made)
        assert gc.isenabled()
    finally:
        gc.unfreeze()
