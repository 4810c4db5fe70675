"""Embeddings: models that turn text into vectors (/embeddings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, Example, Kind, Operation, Skeleton, Snippet
from generator.catalog.kinds.schema import INT, NUM, STR, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

PROMPT = "The quick brown fox jumps over the lazy dog"


def example(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug, "input": PROMPT}
    response = {
        "object": "list",
        "data": [{"object": "embedding", "index": 0, "embedding": [0.0023, -0.0091, 0.0154]}],
        "model": model.slug,
        "usage": {"prompt_tokens": 9, "total_tokens": 9},
    }
    dims = f"{model.embedding_dimensions:,} numbers" if model.embedding_dimensions else "the full vector"
    return Example("embeddings", "POST", endpoint, JSON, body, {}, JSON, response, {"embedding": f"truncated: {dims}"})


SCHEMAS = {
    "EmbeddingRequest": obj(
        ["model", "input"],
        model=ref("EmbeddingModelId"),
        input={
            "anyOf": [
                {"type": "string"},
                {"type": "array", "minItems": 1, "items": STR},
                {"type": "array", "minItems": 1, "items": INT},
                {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": INT}},
            ]
        },
        encoding_format={"type": "string", "enum": ["float", "base64"], "default": "float"},
        dimensions={"type": "integer", "minimum": 1},
        user=STR,
    ),
    "CreateEmbeddingResponse": obj(
        ["object", "data", "model", "usage"],
        object={"const": "list"},
        data={
            "type": "array",
            "items": obj(
                ["object", "index", "embedding"],
                object={"const": "embedding"},
                index=INT,
                embedding={"anyOf": [{"type": "array", "items": NUM}, {"type": "string", "description": "base64"}]},
            ),
        },
        model=STR,
        usage=obj(["prompt_tokens", "total_tokens"], prompt_tokens=INT, total_tokens=INT),
    ),
}

KIND = Kind(
    id="embeddings",
    label="Embeddings",
    noun="embedding",
    endpoint="/embeddings",
    description="Models that turn text into vectors.",
    units=("per_1m_input_tokens", "per_request"),
    headline=("per_1m_input_tokens", "per_request"),
    outputs=("embedding",),
    fields=("context_window", "embedding_dimensions"),
    example=example,
    operation=Operation(
        "Embedding",
        "createEmbedding",
        "EmbeddingRequest",
        {"application/json": ref("CreateEmbeddingResponse")},
        SCHEMAS,
    ),
    python=Snippet(("model", "input"), ("r = client.embeddings.create({args})", "print(len(r.data[0].embedding))")),
    javascript=Snippet(
        ("model", "input"),
        ("const r = await client.embeddings.create({args});", "console.log(r.data[0].embedding.length);"),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text]\n  output: [embedding]",
        pricing="pricing:\n  - unit: per_1m_input_tokens\n    amount: 0  # TODO",
        extra="context_window: 8192  # TODO: max input tokens\nembedding_dimensions: 1024  # TODO: vector length",
    ),
)
