"""Text to speech: models that read text aloud (/audio/speech); the answer is audio bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, Example, Kind, Operation, Skeleton, Snippet
from generator.catalog.kinds.schema import STR, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

PROMPT = "Hello! This is a test of text to speech."
AUDIO_TYPES = ("audio/mpeg", "audio/opus", "audio/aac", "audio/flac", "audio/wav", "audio/pcm")


def example(model: Model, endpoint: str) -> Example:
    voice = model.voices[0] if model.voices else "alloy"
    body = {"model": model.slug, "input": PROMPT, "voice": voice, "response_format": "mp3"}
    return Example("text_to_speech", "POST", endpoint, JSON, body, {}, "audio/mpeg", None, {})


SCHEMAS = {
    "SpeechRequest": obj(
        ["model", "input", "voice"],
        model=ref("SpeechModelId"),
        input={"type": "string", "minLength": 1, "maxLength": 4096},
        voice={"anyOf": [STR, obj(["id"], id=STR)], "description": "A voice the model offers (see its page)."},
        instructions=STR,
        response_format={"type": "string", "enum": ["mp3", "opus", "aac", "flac", "wav", "pcm"], "default": "mp3"},
        speed={"type": "number", "minimum": 0.25, "maximum": 4},
        stream_format={"type": "string", "enum": ["sse", "audio"]},
    ),
}

KIND = Kind(
    id="text_to_speech",
    label="Text to speech",
    noun="text-to-speech",
    endpoint="/audio/speech",
    description="Models that read text aloud.",
    units=("per_1m_characters", "per_1m_input_tokens", "per_1m_output_audio_tokens", "per_minute", "per_second"),
    headline=("per_1m_characters", "per_1m_input_tokens", "per_minute", "per_second"),
    outputs=("audio",),
    fields=("voices",),
    example=example,
    operation=Operation(
        "Speech", "createSpeech", "SpeechRequest", {t: {"contentMediaType": t} for t in AUDIO_TYPES}, SCHEMAS
    ),
    python=Snippet(
        ("model", "input", "voice"),
        ("with client.audio.speech.with_streaming_response.create({args}) as r:", '    r.stream_to_file("speech.mp3")'),
    ),
    javascript=Snippet(
        ("model", "input", "voice"),
        (
            "const r = await client.audio.speech.create({args});",
            'fs.writeFileSync("speech.mp3", Buffer.from(await r.arrayBuffer()));',
        ),
        imports=('import fs from "node:fs";',),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text]\n  output: [audio]",
        pricing="pricing:\n  - unit: per_1m_characters\n    amount: 0  # TODO",
        extra="voices: [default]  # TODO: voice names; the first is used in examples",
    ),
)
