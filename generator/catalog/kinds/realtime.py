"""Realtime: speech-to-speech models served over a WebSocket (wss://<api host>/v1/realtime?model=<slug>).

A WebSocket session is not an HTTP operation, so the spec describes what HTTP can:
creating a short-lived client secret for a session (/realtime/client_secrets, OpenAI's
shape), which a browser or device then uses to open the WebSocket. The page explains
the socket and its events in its own partial (`TEMPLATE`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, Example, Kind, Operation, Skeleton, Snippet, created
from generator.catalog.kinds.schema import INT, STR, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

TEMPLATE = "_realtime.html"  # the WebSocket URL, the session and its events
SECRET_SECONDS = 600  # the example secret's lifetime (OpenAI's default)


def example(model: Model, endpoint: str) -> Example:
    body = {
        "expires_after": {"anchor": "created_at", "seconds": SECRET_SECONDS},
        "session": {"type": "realtime", "model": model.slug},
    }
    response = {
        "value": "ek_68af296e8e408191a1120ab6383263c2",
        "expires_at": created(model) + SECRET_SECONDS,
        "session": {
            "type": "realtime",
            "object": "realtime.session",
            "id": "sess_C9CiUVUzUzYIssh3ELY1d",
            "model": model.slug,
            "output_modalities": ["audio"],
        },
    }
    return Example("realtime", "POST", endpoint, JSON, body, {}, JSON, response, {}, extra_template=TEMPLATE)


_MODALITIES = {"type": "array", "items": {"type": "string", "enum": ["text", "audio"]}}
SCHEMAS = {
    "RealtimeClientSecretRequest": obj(
        ["session"],
        expires_after=obj(
            ["seconds"],
            anchor={"type": "string", "enum": ["created_at"]},
            seconds={"type": "integer", "minimum": 10, "maximum": 7200},
        ),
        session=ref("RealtimeSessionRequest"),
    ),
    "RealtimeSessionRequest": obj(
        ["type", "model"],
        type={"const": "realtime"},
        model=ref("RealtimeModelId"),
        instructions=STR,
        output_modalities=_MODALITIES,
        audio={"type": "object", "description": "Input and output audio: formats, voice, turn detection."},
        tools={"type": "array", "items": {"type": "object"}},
        tool_choice={"anyOf": [STR, {"type": "object"}]},
        max_output_tokens={"anyOf": [INT, {"const": "inf"}]},
    ),
    "RealtimeClientSecret": obj(
        ["value", "expires_at", "session"],
        value={"type": "string", "description": "The client secret (ek_...): the WebSocket's bearer token."},
        expires_at=INT,
        session=obj(
            ["type", "object", "id"],
            type={"const": "realtime"},
            object={"const": "realtime.session"},
            id=STR,
            model=STR,
            output_modalities=_MODALITIES,
            instructions=STR,
        ),
    ),
}

_CALL = ("expires_after", "session")
KIND = Kind(
    id="realtime",
    label="Realtime",
    noun="realtime",
    endpoint="/realtime/client_secrets",
    description="Speech-to-speech models for live voice conversations over a WebSocket.",
    units=(
        "per_1m_input_audio_tokens",
        "per_1m_output_audio_tokens",
        "per_1m_input_tokens",
        "per_1m_output_tokens",
        "per_1m_cached_input_tokens",
        "per_1m_input_image_tokens",
    ),
    headline=("per_1m_input_audio_tokens",),
    headline_also=("per_1m_output_audio_tokens",),
    outputs=("audio", "text"),
    required_input="audio",
    fields=("context_window", "max_output_tokens"),
    capabilities=True,
    example=example,
    operation=Operation(
        "Realtime",
        "createRealtimeClientSecret",
        "RealtimeClientSecretRequest",
        {"application/json": ref("RealtimeClientSecret")},
        SCHEMAS,
        model_at=("session", "model"),
    ),
    python=Snippet(
        _CALL,
        (
            "secret = client.realtime.client_secrets.create({args})",
            "# a browser or device opens the WebSocket with secret.value as its bearer token",
            'url = f"{client.base_url}realtime?model={secret.session.model}".replace("http", "ws", 1)',
            "print(url, secret.value, secret.expires_at)",
        ),
    ),
    javascript=Snippet(
        _CALL,
        (
            "const secret = await client.realtime.clientSecrets.create({args});",
            "// a browser or device opens the WebSocket with secret.value as its bearer token",
            'const url = `${client.baseURL.replace(/^http/, "ws")}/realtime?model=${secret.session.model}`;',
            "console.log(url, secret.value, secret.expires_at);",
        ),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [audio, text]\n  output: [audio, text]",
        pricing=(
            "pricing:  # TODO: per 1M audio and text tokens, as the provider lists them\n"
            "  - unit: per_1m_input_audio_tokens\n    amount: 0  # TODO\n"
            "  - unit: per_1m_output_audio_tokens\n    amount: 0  # TODO"
        ),
        extra="context_window: 32000  # TODO: max input tokens",
    ),
)
