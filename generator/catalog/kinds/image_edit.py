"""Image edits: models that change an uploaded image as a prompt says (/images/edits, multipart).

Priced like image generation: per image (by size) or by text and image tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds import image_generation
from generator.catalog.kinds.base import JSON, MULTIPART, Example, Kind, Operation, Skeleton, Snippet, created
from generator.catalog.kinds.schema import BINARY, STR, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

IMAGE_FILE = "photo.png"
PROMPT = "Add a red scarf to the cat and keep everything else as it is"


def example(model: Model, endpoint: str) -> Example:
    size = model.image_sizes[0] if model.image_sizes else "1024x1024"
    body = {"model": model.slug, "prompt": PROMPT, "size": size}
    response = {"created": created(model), "data": [{"url": "https://media.example.com/img/edit123.png"}]}
    return Example("image_edit", "POST", endpoint, MULTIPART, body, {"image": IMAGE_FILE}, JSON, response, {})


# Form fields are never null (unlike image generation's JSON), so no nullable types here.
SCHEMAS = {
    "ImageEditRequest": obj(
        ["image", "prompt", "model"],
        image={**BINARY, "description": "The image to edit: png, webp or jpg."},
        prompt={"type": "string", "minLength": 1},
        model=ref("ImageEditModelId"),
        mask={**BINARY, "description": "A png whose transparent areas mark where to edit."},
        n={"type": "integer", "minimum": 1, "maximum": 10},
        size={"type": "string", "pattern": "^(auto|[0-9]+x[0-9]+)$"},
        quality=STR,
        response_format={"type": "string", "enum": ["url", "b64_json"]},
        background=STR,
        input_fidelity={"type": "string", "enum": ["high", "low"]},
        output_format=STR,
        output_compression={"type": "integer", "minimum": 0, "maximum": 100},
        user=STR,
    ),
    # the same answer as image generation's (one schema of that name in the spec)
    "ImagesResponse": image_generation.SCHEMAS["ImagesResponse"],
}

KIND = Kind(
    id="image_edit",
    label="Image edits",
    noun="image-editing",
    endpoint="/images/edits",
    description="Models that edit an uploaded image as a text prompt describes.",
    units=image_generation.KIND.units,
    headline=("per_image", "per_1m_output_image_tokens", "per_1m_output_tokens"),
    outputs=("image",),
    required_input="image",
    fields=("image_sizes",),
    example=example,
    operation=Operation(
        "ImageEdit",
        "createImageEdit",
        "ImageEditRequest",
        {"application/json": ref("ImagesResponse")},
        SCHEMAS,
        # sent as form text, read as their JSON type
        form_encoding={"n": {"style": "form"}, "output_compression": {"style": "form"}},
    ),
    python=Snippet(
        ("model", "prompt", "size"),
        (
            f'with open("{IMAGE_FILE}", "rb") as f:',
            "    r = client.images.edit({args}, image=f)",
            "print(r.data[0].url)",
        ),
    ),
    javascript=Snippet(
        ("model", "prompt", "size"),
        ("const r = await client.images.edit({args});", "console.log(r.data[0].url);"),
        extra=(f'image: fs.createReadStream("{IMAGE_FILE}")',),
        imports=('import fs from "node:fs";',),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text, image]\n  output: [image]",
        pricing=(
            "pricing:  # TODO: per image (one component per size), or per 1M text and image tokens\n"
            "  - unit: per_image\n    amount: 0  # TODO"
        ),
        extra="image_sizes: [1024x1024]  # TODO: supported sizes; the first is used in examples",
    ),
)
