"""End to end for the kinds and APIs of issue 13 (part): moderation, legacy completions and
chat's Responses API through the official `openai` SDK, rerank through plain HTTP, all
against the stub of the gateway made from the generated spec (tests/support/stub_server.py,
which validates every request and answer). Each model page's own quickstarts run too,
pointed at the stub, and the page words say which of them use the SDK."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import openai
import pytest
from openai import OpenAI
from openai.types import Completion, ModerationCreateResponse
from openai.types.responses import Response
from support.sites import site_index
from support.stub_server import STATUS_HEADER, StubServer

from generator.catalog.kinds import chat
from generator.catalog.records import Site
from generator.render import content, examples

INDEX = site_index()
SITE = INDEX.catalog.site
RESPONSES = chat.RESPONSES_API
ENDPOINTS = {"moderation": "/moderations", "completions": "/completions", "rerank": "/rerank"}
SDK_CALLS: dict[str, Callable[..., Any]] = {
    "moderation": lambda c, body, **kw: c.moderations.create(**body, **kw),
    "completions": lambda c, body, **kw: c.completions.create(**body, **kw),
    "responses": lambda c, body, **kw: c.responses.create(**body, **kw),
}
RESULT_TYPES = {"moderation": ModerationCreateResponse, "completions": Completion, "responses": Response}
ERROR_STATUSES = (400, 401, 402, 404, 422, 429, 500, 503)

pytestmark = [
    pytest.mark.slow,  # every call round-trips through a stub server
    pytest.mark.usefixtures("answers_follow_the_spec"),
]


def endpoint_of(name: str) -> str:
    return RESPONSES.endpoint if name == "responses" else SITE.kind(name).endpoint


def spec_example(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """The request example the spec gives for an endpoint."""
    (media,) = spec["paths"][endpoint_of(name)]["post"]["requestBody"]["content"].values()
    return next(iter(media["examples"].values()))["value"]


def responses_models() -> list[str]:
    return [m.slug for m in INDEX.models if m.kind == "chat" and m.serves(chat.RESPONSES)]


def post_json(stub: StubServer, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    """A plain HTTP POST, as the rerank quickstarts send it."""
    request = urllib.request.Request(
        stub.base_url + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer sk-aig-test", "Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


# ---------------------------------------------------------------- the spec


def test_the_spec_has_each_new_endpoint_with_its_models(spec: dict[str, Any]) -> None:
    for kind, endpoint in ENDPOINTS.items():
        assert endpoint in spec["paths"], kind
        assert list(spec["paths"][endpoint]["post"]["x-pricing"]) == [m.slug for m in INDEX.by_kind[kind]]
    schemas = spec["components"]["schemas"]
    assert schemas["ResponseModelId"]["enum"] == responses_models()
    assert "openai/gpt-4o" in responses_models() and "anthropic/claude-sonnet-4-5" not in responses_models()
    assert list(spec["paths"]["/responses"]["post"]["x-pricing"]) == responses_models()
    assert spec["paths"]["/responses"]["post"]["operationId"] == "createResponse"


def test_free_moderation_is_priced_at_zero(spec: dict[str, Any]) -> None:
    prices = spec["paths"]["/moderations"]["post"]["x-pricing"]["openai/omni-moderation-latest"]
    assert [(p["unit"], p["amount"], p["note"]) for p in prices] == [("per_1m_input_tokens", "0.00", "free")]


# ---------------------------------------------------------------- SDK calls


@pytest.mark.parametrize("name", SDK_CALLS)
def test_each_sdk_call_answers_its_example_into_the_sdk_type(
    client: OpenAI, spec: dict[str, Any], stub: StubServer, name: str
) -> None:
    result = SDK_CALLS[name](client, spec_example(spec, name))
    assert isinstance(result, RESULT_TYPES[name])
    assert stub.seen[-1].path.endswith(endpoint_of(name))


def test_moderation_result(client: OpenAI, spec: dict[str, Any]) -> None:
    result = client.moderations.create(**spec_example(spec, "moderation"))
    assert result.results[0].flagged is False
    assert result.results[0].categories.self_harm_intent is False  # 'self-harm/intent' on the wire


def test_completion_text(client: OpenAI, spec: dict[str, Any]) -> None:
    result = client.completions.create(**spec_example(spec, "completions"))
    assert result.choices[0].text.strip()
    assert result.usage is not None and result.usage.total_tokens > 0


def test_responses_output_text(client: OpenAI, spec: dict[str, Any]) -> None:
    result = client.responses.create(**spec_example(spec, "responses"))
    assert result.output_text == chat.ANSWER


def test_responses_refuse_a_chat_model_that_does_not_serve_them(client: OpenAI, stub: StubServer) -> None:
    before = len(stub.rejected)
    with pytest.raises(openai.BadRequestError):
        client.responses.create(model="anthropic/claude-sonnet-4-5", input="Hi")
    assert len(stub.rejected) == before + 1


@pytest.mark.parametrize("name", SDK_CALLS)
def test_every_error_status_raises_an_sdk_error(client: OpenAI, spec: dict[str, Any], name: str) -> None:
    for status in ERROR_STATUSES:
        with pytest.raises(openai.APIStatusError) as raised:
            SDK_CALLS[name](client, spec_example(spec, name), extra_headers={STATUS_HEADER: str(status)})
        assert raised.value.status_code == status


@pytest.mark.parametrize("name", SDK_CALLS)
def test_a_model_outside_the_enum_is_rejected(client: OpenAI, spec: dict[str, Any], name: str) -> None:
    with pytest.raises(openai.BadRequestError) as raised:
        SDK_CALLS[name](client, spec_example(spec, name) | {"model": "acme/not-in-the-catalog"})
    assert "'acme/not-in-the-catalog' is not one of" in raised.value.message


# ---------------------------------------------------------------- rerank over plain HTTP


def test_rerank_answers_results_by_relevance(spec: dict[str, Any], stub: StubServer) -> None:
    answer = post_json(stub, "/rerank", spec_example(spec, "rerank"))
    assert [sorted(r) for r in answer["results"]] == [["index", "relevance_score"]] * 2
    scores = [r["relevance_score"] for r in answer["results"]]
    assert scores == sorted(scores, reverse=True)


def test_rerank_errors_and_unknown_models(spec: dict[str, Any], stub: StubServer) -> None:
    body = spec_example(spec, "rerank")
    for status in ERROR_STATUSES:
        with pytest.raises(urllib.error.HTTPError) as raised:
            post_json(stub, "/rerank", body, {STATUS_HEADER: str(status)})
        assert raised.value.code == status
        assert json.load(raised.value)["error"]["type"]
    with pytest.raises(urllib.error.HTTPError) as raised:
        post_json(stub, "/rerank", body | {"model": "acme/not-in-the-catalog"})
    assert raised.value.code == 400


# ---------------------------------------------------------------- the pages' quickstarts


def run_python(code: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a page's Python quickstart in-process and return what it printed."""
    monkeypatch.setenv(SITE.env_var, "sk-aig-test")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<quickstart>", "exec"), {"__name__": "quickstart"})  # noqa: S102 - our own snippet
    return out.getvalue()


def at_stub(stub: StubServer) -> Site:
    return dataclasses.replace(SITE, api_base_url=stub.base_url)


@pytest.mark.parametrize("kind", ENDPOINTS)
def test_each_new_kinds_python_quickstart_runs(stub: StubServer, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    model = INDEX.by_kind[kind][0]
    site = at_stub(stub)
    printed = run_python(examples.python_snippet(examples.example_for(model, site), site), monkeypatch)
    assert printed.strip()
    assert stub.seen[-1].body["model"] == model.slug


def test_the_responses_quickstart_runs(stub: StubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    model = INDEX.catalog.models["openai/gpt-4o"]
    site = at_stub(stub)
    ((api, example),) = examples.api_examples(model, site)
    printed = run_python(examples.python_snippet(example, site, api.python), monkeypatch)
    assert printed.strip() == chat.ANSWER
    assert stub.seen[-1].path.endswith("/responses")


def page_content(slug: str) -> content.ModelContent:
    model = INDEX.catalog.models[slug]
    return content.build_content(model, INDEX.catalog.providers[model.provider_id], SITE)


def test_rerank_quickstarts_are_plain_http() -> None:
    words = page_content("cohere/rerank-v3.5")
    assert not words.sdk
    assert "openai" not in words.python.lower() and "import urllib.request" in words.python
    assert "openai" not in words.javascript.lower() and "await fetch(url" in words.javascript
    call = next(f for f in words.faq if f.question.startswith("How do I call"))
    assert "have no call for this endpoint" in call.answer and "OpenAI SDK at" not in call.answer


def test_a_chat_model_serving_responses_shows_both_quickstarts() -> None:
    words = page_content("openai/gpt-4o")
    assert "client.chat.completions.create(" in words.python
    ((responses,),) = [words.api_quickstarts]
    assert (responses.label, responses.endpoint) == ("Responses API", "/responses")
    assert "client.responses.create(" in responses.python and "print(r.output_text)" in responses.python
    assert "client.responses.create(" in responses.javascript and "/responses" in responses.curl
    assert page_content("anthropic/claude-sonnet-4-5").api_quickstarts == ()
