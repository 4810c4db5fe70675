"""End to end: the official `openai` SDK against a stub of the gateway made from the
generated spec (tests/support/stub_server.py), which validates every request and
answer with openapi-core, enforces `Accept` (406 when the operation offers no
content type it admits) and answers with the spec's examples. The endpoints of
the kinds below (the kinds added later have their own test files), `GET /models`
and `GET /models/{model}`, every model's own page example, every documented error
status, and a model outside the enum, which the spec must refuse.

What the SDKs send (openai 3.57 Python, `_base_client.default_headers` and
`resources/audio/speech.py`; openai-node `src/client.ts` and
`src/resources/audio/speech.ts`): `Accept: application/json` for every call,
streamed chat and text transcripts included, and `application/octet-stream` for
speech; a model slug in a path is percent-encoded (`openai%2Fgpt-4o`)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import openai
import pytest
from openai import OpenAI
from openai.types import CreateEmbeddingResponse, ImagesResponse, Model, Video
from openai.types.audio import Transcription
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from support.sdk import expected_error
from support.sites import shared_site, site_index
from support.stub_server import AUDIO_BYTES, STATUS_HEADER, StubServer, acceptable, parse_accept, quality

from generator.render import examples

INDEX = site_index()
SITE = INDEX.catalog.site
AUDIO_FILE = ("audio.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00test", "audio/mpeg")
SORA_WARNING = "ignore:The Sora API:DeprecationWarning"  # the SDK warns on videos.create; our gateway is not Sora


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
    pytest.mark.usefixtures("answers_follow_the_spec"),
    pytest.mark.filterwarnings(SORA_WARNING),
    pytest.mark.slow,  # the SDK round-trips every endpoint through a stub server
]


@pytest.mark.parametrize("kind", CALLS)
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


@pytest.mark.parametrize("slug", [m.slug for m in INDEX.models if m.kind in CALLS])
def test_every_model_page_example_is_accepted(client: OpenAI, slug: str) -> None:
    model = INDEX.catalog.models[slug]
    result = call(client, model.kind, examples.example_for(model, SITE).body)
    assert isinstance(result, RESULT_TYPES[model.kind])


def error_statuses() -> list[int]:
    names = json.loads((shared_site() / "openapi.json").read_text("utf-8"))["components"]["responses"]
    return sorted(int(name.removeprefix("Error")) for name in names)


@pytest.mark.parametrize("kind", CALLS)
def test_every_error_status_raises_the_sdk_error_class(client: OpenAI, spec: dict[str, Any], kind: str) -> None:
    body = spec_example(spec, kind)
    assert {400, 401, 402, 404, 406, 422, 429, 500, 503} <= set(error_statuses())
    assert_every_error_status(spec, lambda **kw: call(client, kind, body, **kw))


def assert_every_error_status(spec: dict[str, Any], make_call: Callable[..., Any]) -> None:
    """Each documented status raises the SDK's class with the documented body (JSON, whatever
    the call's Accept: speech asks for application/octet-stream)."""
    for status in error_statuses():
        with pytest.raises(openai.APIStatusError) as raised:
            make_call(extra_headers={STATUS_HEADER: str(status)})
        error = raised.value
        assert (type(error), error.status_code) == (expected_error(status), status)
        documented = spec["components"]["responses"][f"Error{status}"]["content"]["application/json"]["examples"]
        assert error.body == next(iter(documented.values()))["value"]["error"]
        if status == 429:
            assert error.response.headers["retry-after"] == "20"


@pytest.mark.parametrize("kind", CALLS)
def test_a_model_outside_the_enum_is_rejected(
    client: OpenAI, spec: dict[str, Any], stub: StubServer, kind: str
) -> None:
    body = spec_example(spec, kind) | {"model": "acme/not-in-the-catalog"}
    before = len(stub.rejected)
    with pytest.raises(openai.BadRequestError) as raised:
        call(client, kind, body)
    assert len(stub.rejected) == before + 1
    assert "'acme/not-in-the-catalog' is not one of" in raised.value.message


def test_models_list_answers_every_model(client: OpenAI, stub: StubServer) -> None:
    models = list(client.models.list())
    assert all(isinstance(m, Model) for m in models)
    assert [(m.id, m.object) for m in models] == [(m.slug, "model") for m in INDEX.models]
    assert stub.seen[-1].path.endswith("/models")


def test_models_retrieve_takes_a_slug_with_a_slash(client: OpenAI) -> None:
    slug = "openai/gpt-4o" if "openai/gpt-4o" in INDEX.catalog.models else INDEX.models[-1].slug
    raw = client.models.with_raw_response.retrieve(slug)
    assert raw.http_request.url.raw_path.endswith(b"/models/" + slug.replace("/", "%2F").encode())  # what the SDK sends
    model = raw.parse()
    assert (model.id, model.owned_by) == (slug, INDEX.catalog.models[slug].provider_id)


def test_models_retrieve_of_an_unknown_slug_is_404(client: OpenAI, stub: StubServer) -> None:
    before = len(stub.rejected)
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("acme/not-in-the-catalog")
    assert len(stub.rejected) == before + 1


@pytest.mark.parametrize("operation", ["list", "retrieve"])
def test_models_every_error_status(client: OpenAI, spec: dict[str, Any], operation: str) -> None:
    slug = INDEX.models[0].slug
    calls = {
        "list": lambda **kw: client.models.list(**kw),
        "retrieve": lambda **kw: client.models.retrieve(slug, **kw),
    }
    assert_every_error_status(spec, calls[operation])


def test_the_sdk_sends_the_accept_this_file_relies_on(client: OpenAI, spec: dict[str, Any], stub: StubServer) -> None:
    sent: dict[str, str] = {}
    for kind in CALLS:
        call(client, kind, spec_example(spec, kind))
        sent[kind] = stub.seen[-1].accept
    list(client.chat.completions.create(**spec_example(spec, "chat"), stream=True))
    sent["chat stream"] = stub.seen[-1].accept
    assert sent == {kind: "application/json" for kind in sent} | {"text_to_speech": "application/octet-stream"}


@pytest.mark.parametrize("kind", CALLS)
def test_an_accept_the_operation_cannot_serve_is_406(
    client: OpenAI, spec: dict[str, Any], stub: StubServer, kind: str
) -> None:
    before = len(stub.rejected)
    with pytest.raises(openai.APIStatusError) as raised:
        call(client, kind, spec_example(spec, kind), extra_headers={"Accept": "image/png"})
    assert raised.value.status_code == 406
    assert len(stub.rejected) == before + 1 and "admits none of" in stub.rejected[-1]


def test_q_zero_refuses_and_wildcards_admit(client: OpenAI, spec: dict[str, Any]) -> None:
    body = spec_example(spec, "embeddings")
    for refusing in ("application/json;q=0", "*/*;q=0", "text/*, application/json; q=0"):
        with pytest.raises(openai.APIStatusError) as raised:
            call(client, "embeddings", body, extra_headers={"Accept": refusing})
        assert raised.value.status_code == 406, refusing
    for admitting in ("*/*", "application/*", "text/html, application/json;q=0.5"):
        assert isinstance(
            call(client, "embeddings", body, extra_headers={"Accept": admitting}), CreateEmbeddingResponse
        )
    speech = spec_example(spec, "text_to_speech")
    assert call(client, "text_to_speech", speech, extra_headers={"Accept": "audio/*"}) == AUDIO_BYTES


def test_media_range_matching() -> None:
    ranges = parse_accept("audio/*;q=0.5, audio/mpeg;q=0, */*;q=0.1")
    assert (quality(ranges, "audio/mpeg"), quality(ranges, "audio/wav"), quality(ranges, "text/plain")) == (0, 0.5, 0.1)
    assert acceptable(ranges, ["text/plain", "audio/mpeg", "audio/wav"]) == ["audio/wav", "text/plain"]
    assert quality(parse_accept(None), "application/json") == 1
    assert quality(parse_accept("application/json"), "text/event-stream") is None


def test_the_spec_without_octet_stream_would_refuse_the_sdks_speech_call(spec: dict[str, Any]) -> None:
    """The spec as it was: speech offered only its audio types, and the SDK asks for
    application/octet-stream, so a server that enforces Accept answers 406."""
    old = copy.deepcopy(spec)
    del old["paths"]["/audio/speech"]["post"]["responses"]["200"]["content"]["application/octet-stream"]
    with StubServer(old) as server:
        client = OpenAI(base_url=server.base_url, api_key="sk-aig-test", max_retries=0)
        with pytest.raises(openai.APIStatusError) as raised:
            call(client, "text_to_speech", spec_example(spec, "text_to_speech"))
    assert raised.value.status_code == 406
    assert server.bad_responses == []
