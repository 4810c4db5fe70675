"""The example call of each kind of model: request, response and code snippets.

One source for the model pages ("Use this model", API schema, quickstarts), the
Markdown twins and the OpenAPI spec's examples, so they can never disagree.
Shapes follow the OpenAI API, so the official SDKs work against the gateway.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from generator.catalog.records import Model, Site

PROMPTS = {
    "chat": "Explain what an API gateway does in one sentence.",
    "image_generation": "A cyberpunk cat at sunset, cinematic lighting",
    "embeddings": "The quick brown fox jumps over the lazy dog",
    "text_to_speech": "Hello! This is a test of text to speech.",
    "video_generation": "A paper boat drifting down a rainy street, cinematic",
}
AUDIO_FILE = "audio.mp3"
JSON = "application/json"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class Example:
    kind: str
    method: str
    endpoint: str  # path under the API base, e.g. /images/generations
    content_type: str  # of the request
    body: dict[str, Any]  # JSON body, or the multipart form fields
    files: dict[str, str]  # multipart file fields -> example file name
    response_type: str  # content type of a success response
    response: dict[str, Any] | None  # JSON response; None for binary audio
    comments: dict[str, str]  # body field -> remark shown after it in the page's JSON

    def body_json(self) -> str:
        return json.dumps(self.body, indent=2, ensure_ascii=False)

    def response_json(self) -> str:
        return json.dumps(self.response, indent=2, ensure_ascii=False) if self.response is not None else ""


def _created(model: Model) -> int:
    """A deterministic timestamp for example responses: the model's release date."""
    return int(dt.datetime.combine(model.release_date, dt.time(), tzinfo=dt.UTC).timestamp())


def example_for(model: Model, site: Site) -> Example:
    endpoint = site.kind(model.kind).endpoint
    return _BUILDERS[model.kind](model, endpoint)


def _chat(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug, "messages": [{"role": "user", "content": PROMPTS["chat"]}]}
    response = {
        "id": "chatcmpl-abc123",
        "object": "chat.completion",
        "created": _created(model),
        "model": model.slug,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": "An API gateway is a single entry point that routes, secures and meters calls to many backend APIs.", "refusal": None},
            "finish_reason": "stop",
            "logprobs": None,
        }],
        "usage": {"prompt_tokens": 16, "completion_tokens": 21, "total_tokens": 37},
    }  # fmt: skip
    return Example("chat", "POST", endpoint, JSON, body, {}, JSON, response, {})


def _image(model: Model, endpoint: str) -> Example:
    size = model.image_sizes[0] if model.image_sizes else "1024x1024"
    body = {"model": model.slug, "prompt": PROMPTS["image_generation"], "n": 1, "size": size, "response_format": "url"}
    response = {"created": _created(model), "data": [{"url": "https://media.example.com/img/abc123.png"}]}
    return Example(
        "image_generation", "POST", endpoint, JSON, body, {}, JSON, response, {"response_format": 'or "b64_json"'}
    )


def _embeddings(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug, "input": PROMPTS["embeddings"]}
    response = {
        "object": "list",
        "data": [{"object": "embedding", "index": 0, "embedding": [0.0023, -0.0091, 0.0154]}],
        "model": model.slug,
        "usage": {"prompt_tokens": 9, "total_tokens": 9},
    }
    dims = f"{model.embedding_dimensions:,} numbers" if model.embedding_dimensions else "the full vector"
    return Example("embeddings", "POST", endpoint, JSON, body, {}, JSON, response, {"embedding": f"truncated: {dims}"})


def _speech(model: Model, endpoint: str) -> Example:
    voice = model.voices[0] if model.voices else "alloy"
    body = {"model": model.slug, "input": PROMPTS["text_to_speech"], "voice": voice, "response_format": "mp3"}
    return Example("text_to_speech", "POST", endpoint, JSON, body, {}, "audio/mpeg", None, {})


def _transcription(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug}
    response = {"text": "Hello! This is a test of speech to text."}
    return Example("speech_to_text", "POST", endpoint, MULTIPART, body, {"file": AUDIO_FILE}, JSON, response, {})


def _video(model: Model, endpoint: str) -> Example:
    seconds = str(model.video_durations[0]) if model.video_durations else "4"
    body = {"model": model.slug, "prompt": PROMPTS["video_generation"], "seconds": seconds, "size": "1280x720"}
    response = {
        "id": "video_abc123",
        "object": "video",
        "created_at": _created(model),
        "model": model.slug,
        "status": "queued",
        "progress": 0,
        "prompt": PROMPTS["video_generation"],
        "seconds": seconds,
        "size": "1280x720",
    }
    return Example("video_generation", "POST", endpoint, MULTIPART, body, {}, JSON, response, {})


_BUILDERS = {
    "chat": _chat,
    "image_generation": _image,
    "embeddings": _embeddings,
    "text_to_speech": _speech,
    "speech_to_text": _transcription,
    "video_generation": _video,
}


# ---------------------------------------------------------------- snippets


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def curl_snippet(example: Example, site: Site) -> str:
    lines = [f"curl {site.api_base_url}{example.endpoint} \\", f'  -H "Authorization: Bearer ${site.env_var}" \\']
    if example.content_type == JSON:
        lines.append('  -H "Content-Type: application/json" \\')
        body = json.dumps(example.body, ensure_ascii=False, separators=(",", ":"))
        lines.append(f"  -d {_shell_quote(body)}")
    else:
        fields = [f"  -F {_shell_quote(f'{k}={v}')}" for k, v in example.body.items()]
        fields += [f"  -F {_shell_quote(f'{k}=@{v}')}" for k, v in example.files.items()]
        lines.extend(line + " \\" for line in fields[:-1])
        lines.append(fields[-1])
    if example.response is None:
        lines[-1] += " \\"
        lines.append("  --output speech.mp3")
    return "\n".join(lines)


def _py_value(value: Any) -> str:
    """A Python literal for JSON-like data (a JSON string literal is a valid Python one)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_py_value, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py_value(k)}: {_py_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def python_snippet(example: Example, site: Site) -> str:
    head = [
        "import os",
        "from openai import OpenAI",
        "",
        f'client = OpenAI(base_url="{site.api_base_url}", api_key=os.environ["{site.env_var}"])',
        "",
    ]
    body = example.body
    args = lambda *names: ", ".join(f"{n}={_py_value(body[n])}" for n in names if n in body)  # noqa: E731
    call = {
        "chat": [f"r = client.chat.completions.create({args('model')}, messages={_py_value(body.get('messages'))})",
                 "print(r.choices[0].message.content)"],
        "image_generation": [f"r = client.images.generate({args('model', 'prompt', 'size')})", "print(r.data[0].url)"],
        "embeddings": [f"r = client.embeddings.create({args('model', 'input')})", "print(len(r.data[0].embedding))"],
        "text_to_speech": [f"with client.audio.speech.with_streaming_response.create({args('model', 'input', 'voice')}) as r:",
                           '    r.stream_to_file("speech.mp3")'],
        "speech_to_text": [f'with open("{AUDIO_FILE}", "rb") as f:',
                           f"    r = client.audio.transcriptions.create({args('model')}, file=f)", "print(r.text)"],
        "video_generation": [f"r = client.videos.create({args('model', 'prompt', 'seconds', 'size')})",
                             "print(r.id, r.status)"],
    }[example.kind]  # fmt: skip
    return "\n".join(head + call)


def _js_object(body: dict[str, Any], names: tuple[str, ...]) -> str:
    return "{ " + ", ".join(f"{n}: {json.dumps(body[n], ensure_ascii=False)}" for n in names if n in body) + " }"


def javascript_snippet(example: Example, site: Site) -> str:
    head = [
        'import OpenAI from "openai";',
        "",
        f'const client = new OpenAI({{ baseURL: "{site.api_base_url}", apiKey: process.env.{site.env_var} }});',
        "",
    ]
    body = example.body
    call = {
        "chat": [f"const r = await client.chat.completions.create({_js_object(body, ('model', 'messages'))});",
                 "console.log(r.choices[0].message.content);"],
        "image_generation": [f"const r = await client.images.generate({_js_object(body, ('model', 'prompt', 'size'))});",
                             "console.log(r.data[0].url);"],
        "embeddings": [f"const r = await client.embeddings.create({_js_object(body, ('model', 'input'))});",
                       "console.log(r.data[0].embedding.length);"],
        "text_to_speech": ['import fs from "node:fs";',
                           f"const r = await client.audio.speech.create({_js_object(body, ('model', 'input', 'voice'))});",
                           'fs.writeFileSync("speech.mp3", Buffer.from(await r.arrayBuffer()));'],
        "speech_to_text": ['import fs from "node:fs";',
                           "const r = await client.audio.transcriptions.create({ "
                           f'model: {json.dumps(body["model"])}, file: fs.createReadStream("{AUDIO_FILE}") }});',
                           "console.log(r.text);"],
        "video_generation": [f"const r = await client.videos.create({_js_object(body, ('model', 'prompt', 'seconds', 'size'))});",
                             "console.log(r.id, r.status);"],
    }[example.kind]  # fmt: skip
    if call[0].startswith("import"):
        head.insert(1, call.pop(0))
    return "\n".join(head + call)
