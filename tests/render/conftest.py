"""Fixtures of the SDK tests: the generated spec, a stub gateway made from it that enforces
its content types and schemas, and an official `openai` client pointed at the stub. Each
module gets its own stub (module scope); a module that uses it asks for
`answers_follow_the_spec` too, so every answer the stub gave is checked against the spec."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from openai import OpenAI
from support.sites import shared_site
from support.stub_server import StubServer


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return json.loads((shared_site() / "openapi.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def stub(spec: dict[str, Any]) -> Iterator[StubServer]:
    """Answers `GET /models` with the site's api/models.json (the spec's example shows a few)."""
    listing = json.loads((shared_site() / "api" / "models.json").read_text("utf-8"))
    with StubServer(spec, listings={"/models": listing}) as server:
        yield server


@pytest.fixture(scope="module")
def client(stub: StubServer) -> OpenAI:
    return OpenAI(base_url=stub.base_url, api_key="sk-aig-test", max_retries=0)


@pytest.fixture
def answers_follow_the_spec(stub: StubServer) -> Iterator[None]:
    yield
    assert stub.bad_responses == []
