"""End to end for image edits, audio translations and realtime client secrets: the official
`openai` SDK against the stub of the gateway made from the generated spec
(tests/support/stub_server.py, which validates every request and answer with openapi-core),
as tests/render/test_openapi_sdk.py does for the other kinds. Also runs each shipped model's
Python quickstart, as the page prints it, against the stub, and checks the realtime page's
WebSocket section."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest
from openai import OpenAI
from openai.types import ImagesResponse
from openai.types.audio import Translation
from openai.types.realtime import ClientSecretCreateResponse
from support.sdk import expected_error
from support.sites import shared_site, site_index, visible_text
from support.stub_server import STATUS_HEADER, StubServer

from generator.catalog.kinds import audio_translation, image_edit
from generator.catalog.registry import KINDS
from generator.render import examples

INDEX = site_index()
SITE = INDEX.catalog.site
IMAGE_FILE = ("photo.png", b"\x89PNG\r\n\x1a\nstub image", "image/png")
AUDIO_FILE = ("speech.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00test", "audio/mpeg")
UNKNOWN_MODEL = "acme/not-in-the-catalog"

# One SDK call per kind, as its quickstart makes it (the files are the call's, not the spec's).
CALLS: dict[str, Callable[..., Any]] = {
    "image_edit": lambda c, body, **kw: c.images.edit(**body, image=IMAGE_FILE, **kw),
    "audio_translation": lambda c, body, **kw: c.audio.translations.create(**body, file=AUDIO_FILE, **kw),
    "realtime": lambda c, body, **kw: c.realtime.client_secrets.create(**body, **kw),
}
RESULT_TYPES = {
    "image_edit": ImagesResponse,
    "audio_translation": Translation,
    "realtime": ClientSecretCreateResponse,
}
# What each quickstart's files are called, so a run of it finds them in its folder.
QUICKSTART_FILES = {
    "image_edit": {image_edit.IMAGE_FILE: IMAGE_FILE[1]},
    "audio_translation": {audio_translation.AUDIO_FILE: AUDIO_FILE[1]},
    "realtime": {},
}

pytestmark = [
    pytest.mark.usefixtures("answers_follow_the_spec"),
    pytest.mark.slow,  # the SDK round-trips each endpoint through a stub server
    # the SDK marks audio.translations deprecated (OpenAI retires the endpoint with whisper-1)
    pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning"),
]


def spec_example(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    """The request example the spec gives for a kind's endpoint, without its file fields."""
    (media,) = spec["paths"][SITE.kind(kind).endpoint]["post"]["requestBody"]["content"].values()
    body = next(iter(media["examples"].values()))["value"]
    return {k: v for k, v in body.items() if k not in ("file", "image")}


def with_model(body: dict[str, Any], path: tuple[str, ...], slug: str) -> dict[str, Any]:
    """A copy of `body` naming `slug` at `path` (realtime names it inside its session)."""
    first, *rest = path
    return body | {first: with_model(body[first], tuple(rest), slug) if rest else slug}


def test_each_kind_has_a_shipped_model() -> None:
    assert {"image_edit", "audio_translation", "realtime"} <= set(INDEX.by_kind)


@pytest.mark.parametrize("kind", CALLS)
def test_the_example_answers_into_the_sdk_type(client: OpenAI, spec: dict[str, Any], kind: str) -> None:
    assert isinstance(CALLS[kind](client, spec_example(spec, kind)), RESULT_TYPES[kind])


@pytest.mark.parametrize(
    ("kind", "field", "upload"), [("image_edit", "image", IMAGE_FILE), ("audio_translation", "file", AUDIO_FILE)]
)
def test_multipart_kinds_upload_their_file(
    client: OpenAI, spec: dict[str, Any], stub: StubServer, kind: str, field: str, upload: tuple[str, bytes, str]
) -> None:
    body = spec_example(spec, kind)
    CALLS[kind](client, body)
    seen = stub.seen[-1]
    assert seen.path.endswith(SITE.kind(kind).endpoint)
    assert (seen.content_type, seen.body["model"], seen.files) == (
        "multipart/form-data",
        body["model"],
        {field: upload[1]},
    )


def test_image_edit_sends_prompt_and_size(client: OpenAI, spec: dict[str, Any], stub: StubServer) -> None:
    body = spec_example(spec, "image_edit")
    result = CALLS["image_edit"](client, body | {"n": 2})
    seen = stub.seen[-1].body
    assert (seen["prompt"], seen["size"], seen["n"]) == (body["prompt"], body["size"], 2)  # n read as a number
    assert result.data and result.data[0].url


def test_translation_as_plain_text(client: OpenAI, spec: dict[str, Any]) -> None:
    text = CALLS["audio_translation"](client, spec_example(spec, "audio_translation") | {"response_format": "text"})
    assert text == examples.example_for(INDEX.by_kind["audio_translation"][0], SITE).response["text"]  # type: ignore[index]


def test_client_secret_carries_its_session(client: OpenAI, spec: dict[str, Any]) -> None:
    body = spec_example(spec, "realtime")
    secret = CALLS["realtime"](client, body)
    assert secret.value.startswith("ek_") and secret.expires_at > 0
    assert (secret.session.type, secret.session.model) == ("realtime", body["session"]["model"])


@pytest.mark.parametrize("slug", [m.slug for kind in CALLS for m in INDEX.by_kind.get(kind, ())])
def test_every_model_page_example_is_accepted(client: OpenAI, slug: str) -> None:
    model = INDEX.catalog.models[slug]
    body = examples.example_for(model, SITE).body
    assert isinstance(CALLS[model.kind](client, body), RESULT_TYPES[model.kind])


@pytest.mark.parametrize("kind", CALLS)
def test_every_error_status_raises_the_sdk_error_class(client: OpenAI, spec: dict[str, Any], kind: str) -> None:
    statuses = sorted(int(name.removeprefix("Error")) for name in spec["components"]["responses"])
    assert {400, 401, 402, 404, 422, 429, 500, 503} <= set(statuses)
    for status in statuses:
        with pytest.raises(openai.APIStatusError) as raised:
            CALLS[kind](client, spec_example(spec, kind), extra_headers={STATUS_HEADER: str(status)})
        error = raised.value
        assert (type(error), error.status_code) == (expected_error(status), status)
        documented = spec["components"]["responses"][f"Error{status}"]["content"]["application/json"]["examples"]
        assert error.body == next(iter(documented.values()))["value"]["error"]


@pytest.mark.parametrize("kind", CALLS)
def test_a_model_outside_the_enum_is_rejected(
    client: OpenAI, spec: dict[str, Any], stub: StubServer, kind: str
) -> None:
    body = with_model(spec_example(spec, kind), KINDS[kind].operation.model_at, UNKNOWN_MODEL)
    before = len(stub.rejected)
    with pytest.raises(openai.BadRequestError) as raised:
        CALLS[kind](client, body)
    assert len(stub.rejected) == before + 1
    assert f"'{UNKNOWN_MODEL}' is not one of" in raised.value.message


@pytest.mark.parametrize("kind", CALLS)
def test_the_python_quickstart_runs_against_the_gateway(stub: StubServer, tmp_path: Path, kind: str) -> None:
    """The page's Python quickstart, pointed at the stub, in a folder with the files it opens."""
    model = INDEX.by_kind[kind][0]
    example = examples.example_for(model, SITE)
    code = examples.python_snippet(example, SITE).replace(SITE.api_base_url, stub.base_url)
    for name, data in QUICKSTART_FILES[kind].items():
        (tmp_path / name).write_bytes(data)
    env = os.environ | {SITE.env_var: "sk-aig-test"}
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    if kind == "realtime":  # it prints the WebSocket URL to open with the secret
        ws_url = stub.base_url.replace("http", "ws", 1) + f"/realtime?model={model.slug}"
        assert run.stdout.split()[:2] == [ws_url, example.response["value"]]  # type: ignore[index]
    else:
        assert run.stdout.strip()


def test_realtime_page_gives_the_websocket_url_and_events() -> None:
    model = INDEX.by_kind["realtime"][0]
    page = visible_text((shared_site() / "models" / model.slug / "index.html").read_text("utf-8"))
    host = SITE.api_base_url.removeprefix("https://")
    assert f"wss://{host}/realtime?model={model.slug}" in page
    for event in (
        "session.update",
        "input_audio_buffer.append",
        "response.create",
        "response.output_audio.delta",
        "response.done",
    ):
        assert event in page
    assert "client.realtime.client_secrets.create(" in page


def test_only_realtime_pages_have_the_websocket_section() -> None:
    for model in INDEX.models:
        page = (shared_site() / "models" / model.slug / "index.html").read_text("utf-8")
        assert ('id="websocket"' in page) == (model.kind == "realtime"), model.slug


def test_the_sdk_asks_for_json(client: OpenAI, spec: dict[str, Any], stub: StubServer) -> None:
    sent = {}
    for kind, call in CALLS.items():
        call(client, spec_example(spec, kind))
        sent[kind] = stub.seen[-1].accept
    assert sent == dict.fromkeys(CALLS, "application/json")


@pytest.mark.parametrize("kind", CALLS)
def test_an_accept_the_operation_cannot_serve_is_406(
    client: OpenAI, spec: dict[str, Any], stub: StubServer, kind: str
) -> None:
    before = len(stub.rejected)
    with pytest.raises(openai.APIStatusError) as raised:
        CALLS[kind](client, spec_example(spec, kind), extra_headers={"Accept": "image/png"})
    assert raised.value.status_code == 406
    assert len(stub.rejected) == before + 1
