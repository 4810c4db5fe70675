"""End to end: the official `openai` SDK against a stub of the gateway made from the
generated spec (tests/support/stub_server.py), which validates every request with
openapi-core and answers with the spec's examples. Every kind of endpoint in the
catalog, every model's own page example, every documented error status, and a
model outside the enum, which the spec must refuse."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import openai
import pytest
from openai import OpenAI
from openai.types import CreateEmbeddingResponse, ImagesResponse, Video
from openai.types.audio import Transcription
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from support.sites import shared_site, site_index
from support.stub_server import AUDIO_BYTES, STATUS_HEADER, StubServer

from generator.catalog.registry import KINDS
from generator.render import examples

INDEX = site_index()
SITE = INDEX.catalog.site
AUDIO_FILE = ("audio.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00test", "audio/mpeg")
SORA_WARNING = "ignore:The Sora API:DeprecationWarning"  # the SDK warns on videos.create; our gateway is not Sora
EXPECTED_ERRORS: dict[int, type[openai.APIStatusError]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
    409: openai.ConflictError,
    422: openai.UnprocessableEntityError,
    429: openai.RateLimitError,
}


def expected_error(status: int) -> type[openai.APIStatusError]:
    """The SDK's class for a status: 5xx is InternalServerError, an unnamed 4xx (402) plain APIStatusError."""
    return EXPECTED_ERRORS.get(status, openai.InternalServerError if status >= 500 else openai.APIStatusError)


def with_file(body: dict[str, Any]) -> dict[str, Any]:
    return body | {"file": AUDIO_FILE}


CALLS: dict[str, Callable[..., Any]] = {
    "chat": lambda c, body, **kw: c.chat.completions.create(**body, **kw),
    "image_generation": lambda c, body, **kw: c.images.generate(**body, **kw),
    "embeddings": lambda c, body, **kw: c.embeddings.create(**body, **kw),
    "text_to_speech": lambda c, body, **kw: c.audio.speech.create(**body, **kw).content,
    "speech_to_text": lambda c, body, **kw: c.audio.transcriptions.create(**with_file(body), **kw),
    "video_generation": lambda c, body, **kw: c.videos.create(**body, **kw),
}
RESULT_TYPES = {
    "chat": ChatCompletion,
    "image_generation": ImagesResponse,
    "embeddings": CreateEmbeddingResponse,
    "text_to_speech": bytes,
    "speech_to_text": Transcription,
    "video_generation": Video,
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return json.loads((shared_site() / "openapi.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def stub(spec: dict[str, Any]) -> Iterator[StubServer]:
    with StubServer(spec) as server:
        yield server


@pytest.fixture(scope="module")
def client(stub: StubServer) -> OpenAI:
    return OpenAI(base_url=stub.base_url, api_key="sk-aig-test", max_retries=0)


@pytest.fixture(autouse=True)
def answers_follow_the_spec(stub: StubServer) -> Iterator[None]:
    yield
    assert stub.bad_responses == []


def spec_example(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    """The request example the spec gives for a kind's endpoint (files left to the call)."""
    if kind not in INDEX.by_kind:
        pytest.skip(f"no {kind} model in the catalog")
    (media,) = spec["paths"][SITE.kind(kind).endpoint]["post"]["requestBody"]["content"].values()
    body = next(iter(media["examples"].values()))["value"]
    return {k: v for k, v in body.items() if k != "file"}


def call(client: OpenAI, kind: str, body: dict[str, Any], **kw: Any) -> Any:
    return CALLS[kind](client, body, **kw)


pytestmark = [
    pytest.mark.filterwarnings(SORA_WARNING),
    pytest.mark.slow,  # the SDK round-trips every endpoint through a stub server
]


@pytest.mark.parametrize("kind", KINDS)
def test_each_endpoint_answers_its_example_into_the_sdk_types(client: OpenAI, spec: dict[str, Any], kind: str) -> None:
    result = call(client, kind, spec_example(spec, kind))
    assert isinstance(result, RESULT_TYPES[kind])


def test_chat_completion(client: OpenAI, spec: dict[str, Any]) -> None:
    result = client.chat.completions.create(**spec_example(spec, "chat"))
    assert result.choices[0].message.content
    assert result.usage is not None and result.usage.total_tokens > 0


def test_chat_streaming(client: OpenAI, spec: dict[str, Any]) -> None:
    body = spec_example(spec, "chat")
    whole = client.chat.completions.create(**body).choices[0].message.content
    chunks = list(client.chat.completions.create(**body, stream=True))
    assert chunks and all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == whole
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_multipart_endpoints_send_multipart(client: OpenAI, spec: dict[str, Any], stub: StubServer) -> None:
    for kind in ("speech_to_text", "video_generation"):
        call(client, kind, spec_example(spec, kind))
        seen = stub.seen[-1]
        assert seen.path.endswith(SITE.kind(kind).endpoint)
        assert (seen.content_type, seen.body["model"]) == ("multipart/form-data", spec_example(spec, kind)["model"])


def test_transcription_uploads_the_file(client: OpenAI, spec: dict[str, Any], stub: StubServer) -> None:
    result = call(client, "speech_to_text", spec_example(spec, "speech_to_text"))
    assert result.text
    assert stub.seen[-1].files == {"file": AUDIO_FILE[1]}


def test_speech_returns_the_audio(client: OpenAI, spec: dict[str, Any]) -> None:
    assert call(client, "text_to_speech", spec_example(spec, "text_to_speech")) == AUDIO_BYTES


@pytest.mark.parametrize("slug", [m.slug for m in INDEX.models])
def test_every_model_page_example_is_accepted(client: OpenAI, slug: str) -> None:
    model = INDEX.catalog.models[slug]
    result = call(client, model.kind, examples.example_for(model, SITE).body)
    assert isinstance(result, RESULT_TYPES[model.kind])


def error_statuses() -> list[int]:
    names = json.loads((shared_site() / "openapi.json").read_text("utf-8"))["components"]["responses"]
    return sorted(int(name.removeprefix("Error")) for name in names)


@pytest.mark.parametrize("kind", KINDS)
def test_every_error_status_raises_the_sdk_error_class(client: OpenAI, spec: dict[str, Any], kind: str) -> None:
    body = spec_example(spec, kind)
    assert {400, 401, 402, 404, 422, 429, 500, 503} <= set(error_statuses())
    for status in error_statuses():
        with pytest.raises(openai.APIStatusError) as raised:
            call(client, kind, body, extra_headers={STATUS_HEADER: str(status)})
        error = raised.value
        assert (type(error), error.status_code) == (expected_error(status), status)
        documented = spec["components"]["responses"][f"Error{status}"]["content"]["application/json"]["examples"]
        assert error.body == next(iter(documented.values()))["value"]["error"]
        if status == 429:
            assert error.response.headers["retry-after"] == "20"


@pytest.mark.parametrize("kind", KINDS)
def test_a_model_outside_the_enum_is_rejected(
    client: OpenAI, spec: dict[str, Any], stub: StubServer, kind: str
) -> None:
    body = spec_example(spec, kind) | {"model": "acme/not-in-the-catalog"}
    before = len(stub.rejected)
    with pytest.raises(openai.BadRequestError) as raised:
        call(client, kind, body)
    assert len(stub.rejected) == before + 1
    assert "'acme/not-in-the-catalog' is not one of" in raised.value.message
