"""A stand-in for the gateway made from the generated OpenAPI spec alone.

Every request is validated with openapi-core against the spec. A valid one gets
the spec's example response of its operation (streamed as server-sent events
when it asks for `stream`); an invalid one gets the spec's 400 error, with the
validation errors as the message (401 when auth is missing, 404 for an unknown
path). A test asks for an error status with the `X-Stub-Status` header. Every
answer is itself validated against the spec. Listens on 127.0.0.1 only, on a
free port, in a thread:

    with StubServer(spec) as stub:
        client = OpenAI(base_url=stub.base_url, api_key="sk-test", max_retries=0)
"""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.deserializing.media_types.util import plain_loads
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.validation.request.exceptions import SecurityValidationError
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

STATUS_HEADER = "X-Stub-Status"
AUDIO_BYTES = b"ID3\x04\x00\x00\x00\x00\x00\x00stub audio"
FORMAT_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/opus",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
    "text": "text/plain",
}


@dataclass(frozen=True)
class Seen:
    path: str
    content_type: str  # without parameters: 'multipart/form-data'
    body: dict[str, Any]  # as openapi-core read it
    files: dict[str, bytes]  # uploaded files of a multipart request


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any) -> None:  # keep test output clean
        pass


class StubServer:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = copy.deepcopy(spec)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True, request_handler=_QuietHandler)
        self.prefix = urlsplit(spec["servers"][0]["url"]).path.rstrip("/")  # '/v1'
        self.base_url = f"http://127.0.0.1:{self.server.server_port}{self.prefix}"
        self.spec["servers"] = [{"url": self.base_url}]
        # server-sent events are text; openapi-core would otherwise read them as bytes
        config = Config(extra_media_type_deserializers={"text/event-stream": plain_loads})
        self.openapi = OpenAPI.from_dict(self.spec, config=config)
        self.rejected: list[str] = []  # why each invalid request was refused
        self.bad_responses: list[str] = []  # answers of the stub that broke the spec (should stay empty)
        self.seen: list[Seen] = []  # every valid request, in order
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self._thread.join()
        self.server.server_close()

    def app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self.answer(request)
        self.check_response(request, response)
        return response(environ, start_response)

    def answer(self, request: Request) -> Response:
        result = self.openapi.unmarshal_request(WerkzeugOpenAPIRequest(request))
        if result.errors:
            message = "; ".join(describe(e) for e in result.errors)
            self.rejected.append(message)
            return self.error(request, rejection_status(result.errors), message)
        body = dict(result.body or {})
        files = {name: upload.read() for name, upload in request.files.items()}
        self.seen.append(Seen(request.path, request.mimetype, body, files))
        status = int(request.headers.get(STATUS_HEADER, "200"))
        return self.success(request, body) if status == 200 else self.error(request, status)

    def operation(self, request: Request) -> dict[str, Any]:
        return self.spec["paths"][request.path.removeprefix(self.prefix)][request.method.lower()]

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def error_spec(self, request: Request, status: int) -> dict[str, Any]:
        """The operation's documented error response (any path: the shared one)."""
        path = self.spec["paths"].get(request.path.removeprefix(self.prefix), {})
        responses = path.get(request.method.lower(), {}).get("responses", {})
        return self.resolve(responses.get(str(status), {"$ref": f"#/components/responses/Error{status}"}))

    def success(self, request: Request, body: dict[str, Any]) -> Response:
        content = self.operation(request)["responses"]["200"]["content"]
        content_type = choose_content_type(content, body)
        examples = content[content_type].get("examples")
        if examples is None:  # binary audio: the spec gives no bytes
            return Response(AUDIO_BYTES, 200, content_type=content_type)
        value = next(iter(examples.values()))["value"]
        data = value if isinstance(value, str) else json.dumps(value)
        return Response(data, 200, content_type=content_type)

    def error(self, request: Request, status: int, message: str | None = None) -> Response:
        spec = self.error_spec(request, status)
        body = copy.deepcopy(next(iter(spec["content"]["application/json"]["examples"].values()))["value"])
        if message:
            body["error"]["message"] = message
        headers = {name: str(header["example"]) for name, header in spec.get("headers", {}).items()}
        return Response(json.dumps(body), status, headers=headers, content_type="application/json")

    def check_response(self, request: Request, response: Response) -> None:
        if response.status_code == 404 and request.path.removeprefix(self.prefix) not in self.spec["paths"]:
            return
        result = self.openapi.unmarshal_response(WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response))
        if result.errors:
            self.bad_responses.append(f"{request.path} {response.status}: {'; '.join(map(describe, result.errors))}")


def choose_content_type(content: dict[str, Any], body: dict[str, Any]) -> str:
    """Server-sent events when streaming; the requested response_format; else the documented JSON."""
    if body.get("stream") and "text/event-stream" in content:
        return "text/event-stream"
    wanted = FORMAT_TYPES.get(str(body.get("response_format")))
    if wanted in content:
        return wanted
    return "application/json" if "application/json" in content else "audio/mpeg"


def rejection_status(errors: list[Exception]) -> int:
    if any(isinstance(e, PathError) for e in errors):
        return 404
    if any(isinstance(e, SecurityValidationError) for e in errors):
        return 401
    return 400


def describe(error: Exception) -> str:
    """The validation error and its causes (for a body: each schema error)."""
    cause = error.__cause__
    details = [str(e.message) for e in getattr(cause, "schema_errors", ())] or ([str(cause)] if cause else [])
    return f"{type(error).__name__}: {', '.join(details) or error}"
