"""The OpenAI-shaped request and response schemas of each kind's endpoint (static).

Shapes follow the OpenAI API (field names, types, nullability), so the official
SDKs' calls validate against them. Each request's `model` refers to a generated
`<Prefix>ModelId` schema that `openapi.py` fills with the catalog's slugs.
Requests stay open to fields not listed here, as the SDKs add them over time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]
BINARY: Schema = {"contentMediaType": "application/octet-stream"}  # OpenAPI 3.1: raw bytes, no JSON type


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(type_name: str, **rest: Any) -> Schema:
    return {"type": [type_name, "null"], **rest}


def obj(required: list[str], **properties: Schema) -> Schema:
    return {"type": "object", "required": required, "properties": properties}


@dataclass(frozen=True)
class KindShape:
    prefix: str  # names the kind's schemas: ChatModelId, ...
    operation_id: str
    request: str  # schema name of the request body
    responses: dict[str, Schema]  # success content type -> schema
    schemas: dict[str, Schema]  # the kind's own component schemas


ERROR_RESPONSE = obj(["error"], error=obj(
    ["message", "type", "param", "code"],
    message={"type": "string", "description": "What went wrong, for people."},
    type={"type": "string", "description": "The error type from the error table."},
    param=nullable("string", description="The request field at fault, if any."),
    code=nullable("string", description="A machine-readable error code, if any."),
))  # fmt: skip

_STR, _INT, _NUM, _BOOL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
_TOOL_CALL = obj(["id", "type"], id=_STR, type={"type": "string", "enum": ["function", "custom"]},
                 function=obj(["name", "arguments"], name=_STR, arguments=_STR))  # fmt: skip
_FINISH = nullable("string", enum=["stop", "length", "tool_calls", "content_filter", "function_call", None])

_CHAT = {
    "ChatCompletionRequest": obj(
        ["model", "messages"],
        model=ref("ChatModelId"),
        messages={"type": "array", "minItems": 1, "items": ref("ChatMessage")},
        stream=nullable("boolean", default=False, description="Answer as server-sent events of ChatCompletionChunk."),
        stream_options=nullable("object", properties={"include_usage": _BOOL}),
        temperature=nullable("number", minimum=0, maximum=2),
        top_p=nullable("number", minimum=0, maximum=1),
        n=nullable("integer", minimum=1, maximum=128),
        max_tokens=nullable("integer", minimum=1),
        max_completion_tokens=nullable("integer", minimum=1),
        stop={"type": ["string", "array", "null"], "items": _STR, "maxItems": 4},
        presence_penalty=nullable("number", minimum=-2, maximum=2),
        frequency_penalty=nullable("number", minimum=-2, maximum=2),
        logit_bias=nullable("object", additionalProperties=_INT),
        logprobs=nullable("boolean"),
        top_logprobs=nullable("integer", minimum=0, maximum=20),
        seed=nullable("integer"),
        user=_STR,
        tools={"type": "array", "items": obj(["type"], type={"type": "string", "enum": ["function", "custom"]},
                                             function=obj(["name"], name=_STR, description=_STR,
                                                          parameters={"type": "object"}, strict=nullable("boolean")))},
        tool_choice={"anyOf": [{"type": "string", "enum": ["none", "auto", "required"]}, {"type": "object"}]},
        parallel_tool_calls=_BOOL,
        response_format=obj(["type"], type={"type": "string", "enum": ["text", "json_object", "json_schema"]},
                            json_schema={"type": "object"}),
        reasoning_effort=nullable("string", enum=["none", "minimal", "low", "medium", "high", "xhigh", None]),
        metadata=nullable("object", additionalProperties=_STR),
        store=nullable("boolean"),
    ),
    "ChatMessage": obj(
        ["role"],
        role={"type": "string", "enum": ["system", "developer", "user", "assistant", "tool", "function"]},
        content={"anyOf": [_STR, {"type": "array", "items": ref("ChatContentPart")}, {"type": "null"}]},
        name=_STR,
        tool_calls={"type": "array", "items": _TOOL_CALL},
        tool_call_id=_STR,
        refusal=nullable("string"),
    ),
    "ChatContentPart": obj(
        ["type"],
        type={"type": "string", "enum": ["text", "image_url", "input_audio", "file", "refusal"]},
        text=_STR,
        image_url=obj(["url"], url=_STR, detail={"type": "string", "enum": ["auto", "low", "high"]}),
        input_audio=obj(["data", "format"], data=_STR, format=_STR),
        file={"type": "object"},
        refusal=_STR,
    ),
    "ChatCompletion": obj(
        ["id", "object", "created", "model", "choices"],
        id=_STR, object={"const": "chat.completion"}, created=_INT, model=_STR,
        choices={"type": "array", "items": obj(
            ["index", "message", "finish_reason"], index=_INT, finish_reason=_FINISH, logprobs=nullable("object"),
            message=obj(["role", "content"], role={"const": "assistant"}, content=nullable("string"),
                        refusal=nullable("string"), tool_calls={"type": "array", "items": _TOOL_CALL},
                        annotations={"type": "array", "items": {"type": "object"}}),
        )},
        usage=ref("CompletionUsage"),
        system_fingerprint=nullable("string"),
        service_tier=nullable("string"),
    ),
    "ChatCompletionChunk": obj(
        ["id", "object", "created", "model", "choices"],
        id=_STR, object={"const": "chat.completion.chunk"}, created=_INT, model=_STR,
        choices={"type": "array", "items": obj(
            ["index", "delta"], index=_INT, finish_reason=_FINISH, logprobs=nullable("object"),
            delta=obj([], role={"type": "string", "enum": ["assistant", "developer", "system", "user", "tool"]},
                      content=nullable("string"), refusal=nullable("string"),
                      tool_calls={"type": "array", "items": {"type": "object"}}),
        )},
        usage={"anyOf": [ref("CompletionUsage"), {"type": "null"}]},
    ),
    "CompletionUsage": obj(
        ["prompt_tokens", "completion_tokens", "total_tokens"],
        prompt_tokens=_INT, completion_tokens=_INT, total_tokens=_INT,
        prompt_tokens_details={"type": "object"}, completion_tokens_details={"type": "object"},
    ),
}  # fmt: skip

_STREAM = {
    "type": "string",
    "description": "Server-sent events: each `data:` line holds one ChatCompletionChunk "
    "(#/components/schemas/ChatCompletionChunk); the stream ends with `data: [DONE]`.",
}

_IMAGE = {
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
        user=_STR,
    ),
    "ImagesResponse": obj(
        ["created"],
        created=_INT,
        data={"type": "array", "items": obj([], url=_STR, b64_json=_STR, revised_prompt=_STR)},
        usage={"type": "object"},
        background=_STR, output_format=_STR, quality=_STR, size=_STR,
    ),
}  # fmt: skip

_EMBEDDINGS = {
    "EmbeddingRequest": obj(
        ["model", "input"],
        model=ref("EmbeddingModelId"),
        input={"anyOf": [
            {"type": "string"},
            {"type": "array", "minItems": 1, "items": _STR},
            {"type": "array", "minItems": 1, "items": _INT},
            {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": _INT}},
        ]},
        encoding_format={"type": "string", "enum": ["float", "base64"], "default": "float"},
        dimensions={"type": "integer", "minimum": 1},
        user=_STR,
    ),
    "CreateEmbeddingResponse": obj(
        ["object", "data", "model", "usage"],
        object={"const": "list"},
        data={"type": "array", "items": obj(
            ["object", "index", "embedding"], object={"const": "embedding"}, index=_INT,
            embedding={"anyOf": [{"type": "array", "items": _NUM}, {"type": "string", "description": "base64"}]},
        )},
        model=_STR,
        usage=obj(["prompt_tokens", "total_tokens"], prompt_tokens=_INT, total_tokens=_INT),
    ),
}  # fmt: skip

_SPEECH = {
    "SpeechRequest": obj(
        ["model", "input", "voice"],
        model=ref("SpeechModelId"),
        input={"type": "string", "minLength": 1, "maxLength": 4096},
        voice={"anyOf": [_STR, obj(["id"], id=_STR)], "description": "A voice the model offers (see its page)."},
        instructions=_STR,
        response_format={"type": "string", "enum": ["mp3", "opus", "aac", "flac", "wav", "pcm"], "default": "mp3"},
        speed={"type": "number", "minimum": 0.25, "maximum": 4},
        stream_format={"type": "string", "enum": ["sse", "audio"]},
    ),
}  # fmt: skip
AUDIO_TYPES = ("audio/mpeg", "audio/opus", "audio/aac", "audio/flac", "audio/wav", "audio/pcm")

_TRANSCRIPTION = {
    "TranscriptionRequest": obj(
        ["file", "model"],
        file={**BINARY, "description": "The audio file: flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav or webm."},
        model=ref("TranscriptionModelId"),
        language=_STR,
        prompt=_STR,
        response_format={"type": "string", "enum": ["json", "text", "srt", "verbose_json", "vtt", "diarized_json"]},
        temperature={"type": "number", "minimum": 0, "maximum": 1},
    ),
    "Transcription": obj(
        ["text"], text=_STR, language=_STR, duration=_NUM,
        segments={"type": "array", "items": {"type": "object"}}, usage={"type": "object"},
    ),
}  # fmt: skip

_VIDEO = {
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
        id=_STR, object={"const": "video"}, created_at=_INT, model=_STR,
        status={"type": "string", "enum": ["queued", "in_progress", "completed", "failed"]},
        progress={"type": "integer", "minimum": 0, "maximum": 100},
        seconds=_STR, size=_STR, prompt=nullable("string"),
        completed_at=nullable("integer"), expires_at=nullable("integer"),
        remixed_from_video_id=nullable("string"),
        error={"anyOf": [obj(["code", "message"], code=_STR, message=_STR), {"type": "null"}]},
    ),
}  # fmt: skip

SHAPES: dict[str, KindShape] = {
    "chat": KindShape("Chat", "createChatCompletion", "ChatCompletionRequest",
                      {"application/json": ref("ChatCompletion"), "text/event-stream": _STREAM}, _CHAT),
    "image_generation": KindShape("Image", "createImage", "ImageGenerationRequest",
                                  {"application/json": ref("ImagesResponse")}, _IMAGE),
    "embeddings": KindShape("Embedding", "createEmbedding", "EmbeddingRequest",
                            {"application/json": ref("CreateEmbeddingResponse")}, _EMBEDDINGS),
    "text_to_speech": KindShape("Speech", "createSpeech", "SpeechRequest",
                                {t: {"contentMediaType": t} for t in AUDIO_TYPES}, _SPEECH),
    "speech_to_text": KindShape("Transcription", "createTranscription", "TranscriptionRequest",
                                {"application/json": ref("Transcription"), "text/plain": _STR}, _TRANSCRIPTION),
    "video_generation": KindShape("Video", "createVideo", "VideoCreateRequest",
                                  {"application/json": ref("Video")}, _VIDEO),
}  # fmt: skip

# Multipart fields that are not strings: sent as form text, read as their JSON type.
FORM_ENCODING: dict[str, dict[str, Schema]] = {"speech_to_text": {"temperature": {"style": "form"}}}
