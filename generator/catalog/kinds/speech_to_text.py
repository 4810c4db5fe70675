"""Speech to text: models that transcribe audio into text (/audio/transcriptions, multipart)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, MULTIPART, Example, Kind, Operation, Skeleton, Snippet
from generator.catalog.kinds.schema import BINARY, NUM, STR, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

AUDIO_FILE = "audio.mp3"


def example(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug}
    response = {"text": "Hello! This is a test of speech to text."}
    return Example("speech_to_text", "POST", endpoint, MULTIPART, body, {"file": AUDIO_FILE}, JSON, response, {})


SCHEMAS = {
    "TranscriptionRequest": obj(
        ["file", "model"],
        file={**BINARY, "description": "The audio file: flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav or webm."},
        model=ref("TranscriptionModelId"),
        language=STR,
        prompt=STR,
        response_format={"type": "string", "enum": ["json", "text", "srt", "verbose_json", "vtt", "diarized_json"]},
        temperature={"type": "number", "minimum": 0, "maximum": 1},
    ),
    "Transcription": obj(
        ["text"],
        text=STR,
        language=STR,
        duration=NUM,
        segments={"type": "array", "items": {"type": "object"}},
        usage={"type": "object"},
    ),
}

KIND = Kind(
    id="speech_to_text",
    label="Speech to text",
    noun="speech-to-text",
    endpoint="/audio/transcriptions",
    description="Models that transcribe audio into text.",
    units=("per_minute", "per_second", "per_1m_input_audio_tokens", "per_1m_input_tokens", "per_1m_output_tokens"),
    headline=("per_minute", "per_second", "per_1m_input_audio_tokens"),
    outputs=("text",),
    required_input="audio",
    example=example,
    operation=Operation(
        "Transcription",
        "createTranscription",
        "TranscriptionRequest",
        {"application/json": ref("Transcription"), "text/plain": STR},
        SCHEMAS,
        # sent as form text, read as their JSON type
        form_encoding={"temperature": {"style": "form"}},
    ),
    python=Snippet(
        ("model",),
        (
            f'with open("{AUDIO_FILE}", "rb") as f:',
            "    r = client.audio.transcriptions.create({args}, file=f)",
            "print(r.text)",
        ),
    ),
    javascript=Snippet(
        ("model",),
        ("const r = await client.audio.transcriptions.create({args});", "console.log(r.text);"),
        extra=(f'file: fs.createReadStream("{AUDIO_FILE}")',),
        imports=('import fs from "node:fs";',),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [audio]\n  output: [text]",
        pricing="pricing:\n  - unit: per_minute\n    amount: 0  # TODO",
    ),
)
