"""Video generation: models that turn a text prompt into a short clip (/videos, multipart)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, MULTIPART, Example, Kind, Operation, Skeleton, Snippet, created
from generator.catalog.kinds.schema import BINARY, INT, STR, nullable, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

PROMPT = "A paper boat drifting down a rainy street, cinematic"


def example(model: Model, endpoint: str) -> Example:
    seconds = str(model.video_durations[0]) if model.video_durations else "4"
    body = {"model": model.slug, "prompt": PROMPT, "seconds": seconds, "size": "1280x720"}
    response = {
        "id": "video_abc123",
        "object": "video",
        "created_at": created(model),
        "model": model.slug,
        "status": "queued",
        "progress": 0,
        "prompt": PROMPT,
        "seconds": seconds,
        "size": "1280x720",
    }
    return Example("video_generation", "POST", endpoint, MULTIPART, body, {}, JSON, response, {})


SCHEMAS = {
    "VideoCreateRequest": obj(
        ["model", "prompt"],
        model=ref("VideoModelId"),
        prompt={"type": "string", "minLength": 1},
        seconds={"type": "string", "pattern": "^[0-9]+$", "description": "Clip length in seconds."},
        size={"type": "string", "pattern": "^[0-9]+x[0-9]+$"},
        input_reference={**BINARY, "description": "An optional image that guides the first frame."},
    ),
    "Video": obj(
        ["id", "object", "created_at", "model", "status", "progress", "seconds", "size"],
        id=STR,
        object={"const": "video"},
        created_at=INT,
        model=STR,
        status={"type": "string", "enum": ["queued", "in_progress", "completed", "failed"]},
        progress={"type": "integer", "minimum": 0, "maximum": 100},
        seconds=STR,
        size=STR,
        prompt=nullable("string"),
        completed_at=nullable("integer"),
        expires_at=nullable("integer"),
        remixed_from_video_id=nullable("string"),
        error={"anyOf": [obj(["code", "message"], code=STR, message=STR), {"type": "null"}]},
    ),
}

_CALL = ("model", "prompt", "seconds", "size")
KIND = Kind(
    id="video_generation",
    label="Video generation",
    noun="video",
    endpoint="/videos",
    description="Models that turn a text prompt into a short video clip.",
    units=("per_second", "per_request"),
    headline=("per_second", "per_request"),
    outputs=("video",),
    fields=("video_durations",),
    example=example,
    operation=Operation("Video", "createVideo", "VideoCreateRequest", {"application/json": ref("Video")}, SCHEMAS),
    python=Snippet(_CALL, ("r = client.videos.create({args})", "print(r.id, r.status)")),
    javascript=Snippet(_CALL, ("const r = await client.videos.create({args});", "console.log(r.id, r.status);")),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text]\n  output: [video]",
        pricing=(
            "pricing:  # TODO: one component per resolution, e.g. resolution: 1080p\n"
            "  - unit: per_second\n    amount: 0  # TODO"
        ),
        extra="video_durations: [5]  # TODO: clip lengths in seconds; the first is used in examples",
    ),
)
