"""Keep the record schemas (generator/schema/*.json) in step with the registry.

The schemas are what editors read (the YAML language server) and what `validate`
compiles; the registry (generator/catalog/registry.py) owns the parts that name kinds
and units: the `kind` and `unit` enums of a model record and the `kinds` entries of
site.yaml. After adding a kind or a unit, run

    .venv/bin/python -m generator.authoring.schemas

which rewrites those parts in the files (tests/catalog/test_registry.py fails until
the files and the registry agree).
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from generator.catalog.registry import KINDS, UNITS
from generator.paths import SCHEMAS

INLINE_WIDTH = 100  # a list or object whose JSON fits in this many characters stays on one line


def with_registry(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` (of a `name` record: model, provider, site) with the registry's parts."""
    schema = copy.deepcopy(schema)
    if name == "model":
        kind = schema["properties"]["kind"]
        kind["description"] = (
            f"Which gateway endpoint serves the model: {_either(KINDS)}. The endpoint path comes from catalog/site.yaml."
        )
        kind["enum"] = list(KINDS)
        unit = schema["$defs"]["price"]["properties"]["unit"]
        unit["description"] = f"What is counted: {_either(UNITS)}."
        unit["enum"] = list(UNITS)
    if name == "site":
        kinds = schema["properties"]["kinds"]
        kinds.pop("required", None)  # a kind left out takes the registry's label, noun, endpoint and description
        kinds["properties"] = {
            k.id: {"$ref": "#/$defs/kind", "description": f"How the gateway serves {k.label.lower()} models."}
            for k in KINDS.values()
        }
    return schema


def _either(names: Any) -> str:
    names = list(names)
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def dumps(value: Any, indent: int = 0) -> str:
    """JSON with two-space indents, short lists and objects kept on one line."""
    inline = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list) or not value or len(inline) + indent <= INLINE_WIDTH:
        return inline
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        return inline  # a list of words reads best on one line, however long
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + dumps(v, indent + 2) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {dumps(v, indent + 2)}" for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def schema_files() -> dict[str, Path]:
    return {path.name.removesuffix(".schema.json"): path for path in sorted(SCHEMAS.glob("*.schema.json"))}


def expected_text(name: str, path: Path) -> str:
    return dumps(with_registry(name, json.loads(path.read_text(encoding="utf-8")))) + "\n"


def main() -> int:
    for name, path in schema_files().items():
        text = expected_text(name, path)
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
