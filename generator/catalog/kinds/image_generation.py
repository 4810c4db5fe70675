"""Image generation: models that turn a text prompt into images (/images/generations)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, Example, Kind, Operation, Skeleton, Snippet, created
from generator.catalog.kinds.schema import INT, STR, nullable, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

PROMPT = "A cyberpunk cat at sunset, cinematic lighting"


def example(model: Model, endpoint: str) -> Example:
    size = model.image_sizes[0] if model.image_sizes else "1024x1024"
    body = {"model": model.slug, "prompt": PROMPT, "n": 1, "size": size, "response_format": "url"}
    response = {"created": created(model), "data": [{"url": "https://media.example.com/img/abc123.png"}]}
    return Example(
        "image_generation", "POST", endpoint, JSON, body, {}, JSON, response, {"response_format": 'or "b64_json"'}
    )


SCHEMAS = {
    "ImageGenerationRequest": obj(
        ["model", "prompt"],
        model=ref("ImageModelId"),
        prompt={"type": "string", "minLength": 1},
        n=nullable("integer", minimum=1, maximum=10),
        size=nullable("string", pattern="^(auto|[0-9]+x[0-9]+)$"),
        quality=nullable("string"),
        response_format=nullable("string", enum=["url", "b64_json", None]),
        style=nullable("string"),
        background=nullable("string"),
        output_format=nullable("string"),
        output_compression=nullable("integer", minimum=0, maximum=100),
        moderation=nullable("string"),
        user=STR,
    ),
    "ImagesResponse": obj(
        ["created"],
        created=INT,
        data={"type": "array", "items": obj([], url=STR, b64_json=STR, revised_prompt=STR)},
        usage={"type": "object"},
        background=STR,
        output_format=STR,
        quality=STR,
        size=STR,
    ),
}

KIND = Kind(
    id="image_generation",
    label="Image generation",
    noun="image",
    endpoint="/images/generations",
    description="Models that turn a text prompt into images.",
    units=(
        "per_image",
        "per_1m_input_tokens",
        "per_1m_output_tokens",
        "per_1m_cached_input_tokens",
        "per_1m_input_image_tokens",
        "per_1m_output_image_tokens",
    ),
    headline=("per_image", "per_1m_output_tokens"),
    outputs=("image",),
    fields=("image_sizes",),
    example=example,
    operation=Operation(
        "Image", "createImage", "ImageGenerationRequest", {"application/json": ref("ImagesResponse")}, SCHEMAS
    ),
    python=Snippet(("model", "prompt", "size"), ("r = client.images.generate({args})", "print(r.data[0].url)")),
    javascript=Snippet(
        ("model", "prompt", "size"), ("const r = await client.images.generate({args});", "console.log(r.data[0].url);")
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text]\n  output: [image]",
        pricing=(
            "pricing:  # TODO: one component per size and quality, e.g. size: 1024x1024, quality: hd\n"
            "  - unit: per_image\n    amount: 0  # TODO"
        ),
        extra="image_sizes: [1024x1024]  # TODO: supported sizes; the first is used in examples",
    ),
)
