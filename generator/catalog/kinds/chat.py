"""Chat: language models that answer a conversation of messages (/chat/completions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, Api, Example, Kind, Operation, Skeleton, Snippet, created
from generator.catalog.kinds.schema import BOOL as _BOOL
from generator.catalog.kinds.schema import INT as _INT
from generator.catalog.kinds.schema import STR as _STR
from generator.catalog.kinds.schema import nullable, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

PROMPT = "Explain what an API gateway does in one sentence."
ANSWER = "An API gateway is a single entry point that routes, secures and meters calls to many backend APIs."
CHAT_COMPLETIONS, RESPONSES = "chat_completions", "responses"  # the `apis` a chat record may name


def example(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug, "messages": [{"role": "user", "content": PROMPT}]}
    response = {
        "id": "chatcmpl-abc123",
        "object": "chat.completion",
        "created": created(model),
        "model": model.slug,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": ANSWER,
                    "refusal": None,
                },
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 16, "completion_tokens": 21, "total_tokens": 37},
    }
    return Example("chat", "POST", endpoint, JSON, body, {}, JSON, response, {})


_TOOL_CALL = obj(
    ["id", "type"],
    id=_STR,
    type={"type": "string", "enum": ["function", "custom"]},
    function=obj(["name", "arguments"], name=_STR, arguments=_STR),
)
_FINISH = nullable("string", enum=["stop", "length", "tool_calls", "content_filter", "function_call", None])

SCHEMAS = {
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
        tools={
            "type": "array",
            "items": obj(
                ["type"],
                type={"type": "string", "enum": ["function", "custom"]},
                function=obj(
                    ["name"], name=_STR, description=_STR, parameters={"type": "object"}, strict=nullable("boolean")
                ),
            ),
        },
        tool_choice={"anyOf": [{"type": "string", "enum": ["none", "auto", "required"]}, {"type": "object"}]},
        parallel_tool_calls=_BOOL,
        response_format=obj(
            ["type"],
            type={"type": "string", "enum": ["text", "json_object", "json_schema"]},
            json_schema={"type": "object"},
        ),
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
        id=_STR,
        object={"const": "chat.completion"},
        created=_INT,
        model=_STR,
        choices={
            "type": "array",
            "items": obj(
                ["index", "message", "finish_reason"],
                index=_INT,
                finish_reason=_FINISH,
                logprobs=nullable("object"),
                message=obj(
                    ["role", "content"],
                    role={"const": "assistant"},
                    content=nullable("string"),
                    refusal=nullable("string"),
                    tool_calls={"type": "array", "items": _TOOL_CALL},
                    annotations={"type": "array", "items": {"type": "object"}},
                ),
            ),
        },
        usage=ref("CompletionUsage"),
        system_fingerprint=nullable("string"),
        service_tier=nullable("string"),
    ),
    "ChatCompletionChunk": obj(
        ["id", "object", "created", "model", "choices"],
        id=_STR,
        object={"const": "chat.completion.chunk"},
        created=_INT,
        model=_STR,
        choices={
            "type": "array",
            "items": obj(
                ["index", "delta"],
                index=_INT,
                finish_reason=_FINISH,
                logprobs=nullable("object"),
                delta=obj(
                    [],
                    role={"type": "string", "enum": ["assistant", "developer", "system", "user", "tool"]},
                    content=nullable("string"),
                    refusal=nullable("string"),
                    tool_calls={"type": "array", "items": {"type": "object"}},
                ),
            ),
        },
        usage={"anyOf": [ref("CompletionUsage"), {"type": "null"}]},
    ),
    "CompletionUsage": obj(
        ["prompt_tokens", "completion_tokens", "total_tokens"],
        prompt_tokens=_INT,
        completion_tokens=_INT,
        total_tokens=_INT,
        prompt_tokens_details={"type": "object"},
        completion_tokens_details={"type": "object"},
    ),
}


def responses_example(model: Model, endpoint: str) -> Example:
    """The same question through the Responses API (POST /responses)."""
    body = {"model": model.slug, "input": PROMPT}
    message = {
        "type": "message",
        "id": "msg_abc123",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_text", "text": ANSWER, "annotations": []}],
    }
    response = {
        "id": "resp_abc123",
        "object": "response",
        "created_at": created(model),
        "status": "completed",
        "model": model.slug,
        "output": [message],
        "usage": {
            "input_tokens": 16,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 21,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 37,
        },
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "metadata": {},
        "parallel_tool_calls": True,
        "temperature": 1.0,
        "tool_choice": "auto",
        "tools": [],
        "top_p": 1.0,
    }
    return Example("chat", "POST", endpoint, JSON, body, {}, JSON, response, {})


RESPONSES_SCHEMAS = {
    "CreateResponseRequest": obj(
        ["model", "input"],
        model=ref("ResponseModelId"),
        input={"anyOf": [_STR, {"type": "array", "minItems": 1, "items": {"type": "object"}}]},
        instructions=nullable("string"),
        max_output_tokens=nullable("integer", minimum=1),
        temperature=nullable("number", minimum=0, maximum=2),
        top_p=nullable("number", minimum=0, maximum=1),
        stream=nullable("boolean", default=False),
        tools={"type": "array", "items": {"type": "object"}},
        tool_choice={"anyOf": [{"type": "string", "enum": ["none", "auto", "required"]}, {"type": "object"}]},
        parallel_tool_calls=nullable("boolean"),
        previous_response_id=nullable("string"),
        reasoning=nullable("object"),
        text={"type": "object"},
        truncation=nullable("string", enum=["auto", "disabled", None]),
        include={"type": ["array", "null"], "items": _STR},
        metadata=nullable("object", additionalProperties=_STR),
        store=nullable("boolean"),
        user=_STR,
    ),
    "Response": obj(
        ["id", "object", "created_at", "model", "output"],
        id=_STR,
        object={"const": "response"},
        created_at={"type": "number"},
        status={"type": "string", "enum": ["completed", "failed", "in_progress", "cancelled", "queued", "incomplete"]},
        model=_STR,
        output={
            "type": "array",
            "description": "Output items; the SDKs' `output_text` joins the `output_text` parts of its messages.",
            "items": obj(["type"], type=_STR, id=_STR, status=_STR, role=_STR, content={"type": "array"}),
        },
        usage=nullable(
            "object",
            required=["input_tokens", "output_tokens", "total_tokens"],
            properties={"input_tokens": _INT, "output_tokens": _INT, "total_tokens": _INT},
        ),
        error=nullable("object"),
        incomplete_details=nullable("object"),
        instructions={"anyOf": [_STR, {"type": "array"}, {"type": "null"}]},
        metadata=nullable("object"),
        parallel_tool_calls=_BOOL,
        temperature=nullable("number"),
        tool_choice={"anyOf": [_STR, {"type": "object"}]},
        tools={"type": "array"},
        top_p=nullable("number"),
    ),
}

RESPONSES_API = Api(
    id=RESPONSES,
    label="Responses API",
    endpoint="/responses",
    example=responses_example,
    operation=Operation(
        "Response", "createResponse", "CreateResponseRequest", {"application/json": ref("Response")}, RESPONSES_SCHEMAS
    ),
    python=Snippet(("model", "input"), ("r = client.responses.create({args})", "print(r.output_text)")),
    javascript=Snippet(
        ("model", "input"), ("const r = await client.responses.create({args});", "console.log(r.output_text);")
    ),
)

_STREAM = {
    "type": "string",
    "description": "Server-sent events: each `data:` line holds one ChatCompletionChunk "
    "(#/components/schemas/ChatCompletionChunk); the stream ends with `data: [DONE]`.",
}

KIND = Kind(
    id="chat",
    label="Chat",
    noun="chat",
    endpoint="/chat/completions",
    description="Language models that answer a conversation of messages.",
    units=(
        "per_1m_input_tokens",
        "per_1m_output_tokens",
        "per_1m_cached_input_tokens",
        "per_1m_cache_write_tokens",
        "per_1m_input_audio_tokens",
        "per_1m_output_audio_tokens",
        "per_request",
        "per_1m_cache_storage_token_hours",
        "per_1m_input_image_tokens",
        "per_1m_output_image_tokens",
        "per_1m_reasoning_tokens",
        "per_1k_web_searches",
        "per_tool_call",
    ),
    headline=("per_1m_input_tokens",),
    headline_also=("per_1m_output_tokens",),
    outputs=("text",),
    fields=("context_window", "max_output_tokens", "apis"),
    required={"context_window": "<tokens>"},
    capabilities=True,
    api=CHAT_COMPLETIONS,
    apis=(RESPONSES_API,),
    example=example,
    operation=Operation(
        "Chat",
        "createChatCompletion",
        "ChatCompletionRequest",
        {"application/json": ref("ChatCompletion"), "text/event-stream": _STREAM},
        SCHEMAS,
    ),
    python=Snippet(
        ("model", "messages"), ("r = client.chat.completions.create({args})", "print(r.choices[0].message.content)")
    ),
    javascript=Snippet(
        ("model", "messages"),
        ("const r = await client.chat.completions.create({args});", "console.log(r.choices[0].message.content);"),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text]  # TODO: add image, audio or video if it takes them\n  output: [text]",
        pricing=(
            "pricing:  # TODO: the list price in USD; add per_1m_cached_input_tokens if it caches\n"
            "  - unit: per_1m_input_tokens\n    amount: 0  # TODO\n"
            "  - unit: per_1m_output_tokens\n    amount: 0  # TODO"
        ),
        extra=(
            "context_window: 128000  # TODO: max input tokens\n"
            "# max_output_tokens: 16384\n"
            "capabilities:  # TODO: set what the model supports; left out means no\n"
            "  streaming: true\n  tool_calling: false\n  vision: false\n  json_mode: false\n"
            "  structured_outputs: false\n  prompt_caching: false\n  reasoning: false"
        ),
    ),
)
