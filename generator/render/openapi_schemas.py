"""The schemas of the spec that no kind owns: the OpenAI error body.

Each kind's request and response schemas are in the registry
(`generator.catalog.kinds`, `Kind.operation`).
"""

from __future__ import annotations

from generator.catalog.kinds.schema import Schema, nullable, obj

ERROR_RESPONSE: Schema = obj(
    ["error"],
    error=obj(
        ["message", "type", "param", "code"],
        message={"type": "string", "description": "What went wrong, for people."},
        type={"type": "string", "description": "The error type from the error table."},
        param=nullable("string", description="The request field at fault, if any."),
        code=nullable("string", description="A machine-readable error code, if any."),
    ),
)
