"""Completions: the legacy text-completion API, a prompt in and its continuation out (/completions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, Example, Kind, Operation, Skeleton, Snippet, created
from generator.catalog.kinds.schema import BOOL, INT, STR, nullable, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

PROMPT = "Write a tagline for an API gateway:"


def example(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug, "prompt": PROMPT, "max_tokens": 32}
    response = {
        "id": "cmpl-abc123",
        "object": "text_completion",
        "created": created(model),
        "model": model.slug,
        "choices": [{"text": " One endpoint for every model.", "index": 0, "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 9, "completion_tokens": 7, "total_tokens": 16},
    }
    return Example("completions", "POST", endpoint, JSON, body, {}, JSON, response, {})


_PROMPT = {
    "anyOf": [
        STR,
        {"type": "array", "minItems": 1, "items": STR},
        {"type": "array", "minItems": 1, "items": INT},
        {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": INT}},
    ]
}

SCHEMAS = {
    "CompletionRequest": obj(
        ["model", "prompt"],
        model=ref("CompletionModelId"),
        prompt=_PROMPT,
        suffix=nullable("string"),
        max_tokens=nullable("integer", minimum=0, default=16),
        temperature=nullable("number", minimum=0, maximum=2),
        top_p=nullable("number", minimum=0, maximum=1),
        n=nullable("integer", minimum=1, maximum=128),
        best_of=nullable("integer", minimum=0, maximum=20),
        stream=nullable("boolean", default=False),
        stream_options=nullable("object", properties={"include_usage": BOOL}),
        logprobs=nullable("integer", minimum=0, maximum=5),
        echo=nullable("boolean"),
        stop={"type": ["string", "array", "null"], "items": STR, "maxItems": 4},
        presence_penalty=nullable("number", minimum=-2, maximum=2),
        frequency_penalty=nullable("number", minimum=-2, maximum=2),
        logit_bias=nullable("object", additionalProperties=INT),
        seed=nullable("integer"),
        user=STR,
    ),
    "Completion": obj(
        ["id", "object", "created", "model", "choices"],
        id=STR,
        object={"const": "text_completion"},
        created=INT,
        model=STR,
        choices={
            "type": "array",
            "items": obj(
                ["text", "index", "finish_reason"],
                text=STR,
                index=INT,
                logprobs=nullable("object"),
                finish_reason={"type": "string", "enum": ["stop", "length", "content_filter"]},
            ),
        },
        usage=obj(
            ["prompt_tokens", "completion_tokens", "total_tokens"],
            prompt_tokens=INT,
            completion_tokens=INT,
            total_tokens=INT,
        ),
        system_fingerprint=nullable("string"),
    ),
}

KIND = Kind(
    id="completions",
    label="Completions (legacy)",
    noun="text-completion",
    endpoint="/completions",
    description="Language models that continue a text prompt (the legacy completions API).",
    units=("per_1m_input_tokens", "per_1m_output_tokens"),
    headline=("per_1m_input_tokens",),
    headline_also=("per_1m_output_tokens",),
    outputs=("text",),
    fields=("context_window", "max_output_tokens"),
    example=example,
    operation=Operation(
        "Completion", "createCompletion", "CompletionRequest", {"application/json": ref("Completion")}, SCHEMAS
    ),
    python=Snippet(
        ("model", "prompt", "max_tokens"), ("r = client.completions.create({args})", "print(r.choices[0].text)")
    ),
    javascript=Snippet(
        ("model", "prompt", "max_tokens"),
        ("const r = await client.completions.create({args});", "console.log(r.choices[0].text);"),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text]\n  output: [text]",
        pricing=(
            "pricing:\n  - unit: per_1m_input_tokens\n    amount: 0  # TODO\n"
            "  - unit: per_1m_output_tokens\n    amount: 0  # TODO"
        ),
        extra="context_window: 4096  # TODO: max prompt plus completion tokens",
    ),
)
