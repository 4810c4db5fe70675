"""Audio translation: models that translate speech into English text (/audio/translations, multipart)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, MULTIPART, Example, Kind, Operation, Skeleton, Snippet
from generator.catalog.kinds.schema import BINARY, STR, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

AUDIO_FILE = "speech.mp3"


def example(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug}
    response = {"text": "Hello, my name is Wolfgang and I come from Germany."}
    return Example("audio_translation", "POST", endpoint, MULTIPART, body, {"file": AUDIO_FILE}, JSON, response, {})


SCHEMAS = {
    "TranslationRequest": obj(
        ["file", "model"],
        file={**BINARY, "description": "The audio file: flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav or webm."},
        model=ref("TranslationModelId"),
        prompt={"type": "string", "description": "Text in English that guides the style or continues a segment."},
        response_format={"type": "string", "enum": ["json", "text", "srt", "verbose_json", "vtt"]},
        temperature={"type": "number", "minimum": 0, "maximum": 1},
    ),
    "Translation": obj(["text"], text=STR),
}

KIND = Kind(
    id="audio_translation",
    label="Audio translation",
    noun="audio translation",
    endpoint="/audio/translations",
    description="Models that translate speech in an uploaded audio file into English text.",
    units=("per_minute", "per_second", "per_1m_input_audio_tokens", "per_1m_output_tokens"),
    headline=("per_minute", "per_second", "per_1m_input_audio_tokens"),
    outputs=("text",),
    required_input="audio",
    example=example,
    operation=Operation(
        "Translation",
        "createTranslation",
        "TranslationRequest",
        {"application/json": ref("Translation"), "text/plain": STR},
        SCHEMAS,
        # sent as form text, read as its JSON type
        form_encoding={"temperature": {"style": "form"}},
    ),
    python=Snippet(
        ("model",),
        (
            f'with open("{AUDIO_FILE}", "rb") as f:',
            "    r = client.audio.translations.create({args}, file=f)",
            "print(r.text)",
        ),
    ),
    javascript=Snippet(
        ("model",),
        ("const r = await client.audio.translations.create({args});", "console.log(r.text);"),
        extra=(f'file: fs.createReadStream("{AUDIO_FILE}")',),
        imports=('import fs from "node:fs";',),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [audio]\n  output: [text]",
        pricing="pricing:\n  - unit: per_minute\n    amount: 0  # TODO",
    ),
)
