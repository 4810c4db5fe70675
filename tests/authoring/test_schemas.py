"""`python -m generator.authoring.schemas`: the record schemas name exactly the registry's
kinds and units, so editors' completion never drifts from what `validate` accepts."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from generator.authoring import schemas
from generator.catalog.registry import KINDS

SCHEMA = json.loads((schemas.SCHEMAS / "model.schema.json").read_text("utf-8"))
SITE_SCHEMA = json.loads((schemas.SCHEMAS / "site.schema.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(schemas.schema_files()))
def test_schema_files_are_what_the_registry_makes(name: str) -> None:
    path = schemas.schema_files()[name]
    assert path.read_text("utf-8") == schemas.expected_text(name, path), "run: python -m generator.authoring.schemas"


def test_the_schema_sync_sees_a_kind_the_file_lacks(monkeypatch) -> None:
    last = list(KINDS)[-1]
    extra = replace(KINDS["chat"], id="fresh_kind", label="Fresh kind")
    monkeypatch.setitem(schemas.KINDS, "fresh_kind", extra)
    updated = schemas.with_registry("model", SCHEMA)
    assert updated["properties"]["kind"]["enum"][-1] == "fresh_kind"
    assert f", {last} or fresh_kind." in updated["properties"]["kind"]["description"]
    assert list(schemas.with_registry("site", SITE_SCHEMA)["properties"]["kinds"]["properties"])[-1] == "fresh_kind"
