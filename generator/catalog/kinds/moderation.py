"""Moderation: models that classify text and images as harmful or not (/moderations)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, Example, Kind, Operation, Skeleton, Snippet
from generator.catalog.kinds.schema import BOOL, NUM, STR, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

PROMPT = "I want to learn how to bake bread."
# OpenAI's moderation categories, in the order its API reference lists them.
CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/instructions",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)


def example(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug, "input": PROMPT}
    result = {
        "flagged": False,
        "categories": dict.fromkeys(CATEGORIES, False),
        "category_scores": dict.fromkeys(CATEGORIES, 0.0001),
        "category_applied_input_types": {c: ["text"] for c in CATEGORIES},
    }
    response = {"id": "modr-abc123", "model": model.slug, "results": [result]}
    return Example("moderation", "POST", endpoint, JSON, body, {}, JSON, response, {})


def _per_category(schema: dict) -> dict:
    return obj(list(CATEGORIES), **dict.fromkeys(CATEGORIES, schema))


SCHEMAS = {
    "ModerationRequest": obj(
        ["model", "input"],
        model=ref("ModerationModelId"),
        input={
            "anyOf": [
                STR,
                {"type": "array", "minItems": 1, "items": STR},
                {"type": "array", "minItems": 1, "items": ref("ModerationInputPart")},
            ]
        },
    ),
    "ModerationInputPart": obj(
        ["type"],
        type={"type": "string", "enum": ["text", "image_url"]},
        text=STR,
        image_url=obj(["url"], url=STR),
    ),
    "CreateModerationResponse": obj(
        ["id", "model", "results"],
        id=STR,
        model=STR,
        results={
            "type": "array",
            "items": obj(
                ["flagged", "categories", "category_scores"],
                flagged=BOOL,
                categories=_per_category(BOOL),
                category_scores=_per_category(NUM),
                category_applied_input_types={"type": "object", "additionalProperties": {"type": "array"}},
            ),
        },
    ),
}

KIND = Kind(
    id="moderation",
    label="Moderation",
    noun="moderation",
    endpoint="/moderations",
    description="Models that classify text and images as potentially harmful.",
    units=("per_1m_input_tokens", "per_request"),
    headline=("per_1m_input_tokens", "per_request"),
    outputs=("text",),
    fields=("context_window",),
    example=example,
    operation=Operation(
        "Moderation",
        "createModeration",
        "ModerationRequest",
        {"application/json": ref("CreateModerationResponse")},
        SCHEMAS,
    ),
    python=Snippet(("model", "input"), ("r = client.moderations.create({args})", "print(r.results[0].flagged)")),
    javascript=Snippet(
        ("model", "input"),
        ("const r = await client.moderations.create({args});", "console.log(r.results[0].flagged);"),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text]  # TODO: add image if it classifies images\n  output: [text]",
        pricing="pricing:\n  - unit: per_1m_input_tokens\n    amount: 0  # TODO",
    ),
)
