"""The small helpers the kinds' OpenAPI schemas are written with (plain dicts)."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]
BINARY: Schema = {"contentMediaType": "application/octet-stream"}  # OpenAPI 3.1: raw bytes, no JSON type
STR: Schema = {"type": "string"}
INT: Schema = {"type": "integer"}
NUM: Schema = {"type": "number"}
BOOL: Schema = {"type": "boolean"}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(type_name: str, **rest: Any) -> Schema:
    return {"type": [type_name, "null"], **rest}


def obj(required: list[str], **properties: Schema) -> Schema:
    return {"type": "object", "required": required, "properties": properties}
