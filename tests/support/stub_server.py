"""A stand-in for the gateway made from the generated OpenAPI spec alone.

Every request is validated with openapi-core against the spec. A valid one gets
the spec's example response of its operation (streamed as server-sent events
when it asks for `stream`); an invalid one gets the spec's 400 error, with the
validation errors as the message (401 when auth is missing, 404 for an unknown
path or model). A test asks for an error status with the `X-Stub-Status` header.

`Accept` is enforced as a real server does: a success is answered with 406 when
no content type of the operation matches the Accept header (media ranges, `*/*`,
`type/*`, q-values, q=0 refusing). Then the body picks the representation where
it says (`stream`, `response_format`) unless Accept refuses that type with q=0,
as OpenAI's server does: the SDKs send `Accept: application/json` for streamed
chat and text transcripts too. Errors are JSON whatever Accept says. Path
parameters are read from the raw path and then decoded, so a slug sent as
`openai%2Fgpt-4o` is one parameter (404 for a slug not in the spec). Every answer is itself validated against the spec. Listens on
127.0.0.1 only, on a free port, in a thread. A collection's whole listing (`GET /models`:
the spec's example shows a few models, the site's api/models.json has them all) can be
given as `listings`, which the collection and its items then answer from:

    with StubServer(spec, listings={"/models": listing}) as stub:
        client = OpenAI(base_url=stub.base_url, api_key="sk-test", max_retries=0)
"""

from __future__ import annotations

import copy
import json
import re
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import plain_loads
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.validation.request.exceptions import SecurityValidationError
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

STATUS_HEADER = "X-Stub-Status"
NOT_ACCEPTABLE = 406
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
    accept: str = "*/*"  # the Accept header as sent


@dataclass(frozen=True)
class MediaRange:
    type: str  # 'audio', or '*'
    subtype: str  # 'mpeg', or '*'
    q: float

    def matches(self, content_type: str) -> bool:
        kind, _, sub = content_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; none sent means `*/*`."""
    ranges = []
    for part in (header or "*/*").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if "/" not in media:
            continue
        q = next((p.partition("=")[2] for p in params if p.lower().startswith("q=")), "1")
        kind, _, sub = media.lower().partition("/")
        ranges.append(MediaRange(kind, sub, q_value(q)))
    return ranges


def q_value(text: str) -> float:
    """A q-value; a malformed one counts as 0 (refused) rather than failing the request."""
    try:
        return min(max(float(text), 0.0), 1.0)
    except ValueError:
        return 0.0


def quality(ranges: list[MediaRange], content_type: str) -> float | None:
    """The q of the most specific range matching `content_type` (RFC 9110 12.5.1); None if none does."""
    matching = [r for r in ranges if r.matches(content_type.lower())]
    return max(matching, key=lambda r: r.specificity).q if matching else None


def acceptable(ranges: list[MediaRange], content_types: list[str]) -> list[str]:
    """The content types Accept admits, best first (spec order among equals)."""
    admitted = [t for t in content_types if (quality(ranges, t) or 0) > 0]
    return sorted(admitted, key=lambda t: -(quality(ranges, t) or 0))


class _RawPathRequest(WerkzeugOpenAPIRequest):
    """The request as openapi-core sees it, with path parameters read from the raw path.

    The WSGI server decodes `%2F` into `/` before routing, which would split a slug
    into two segments; a server routes on the raw path and decodes each parameter."""

    def __init__(self, request: Request, templates: list[str]) -> None:
        super().__init__(request)
        raw = urlsplit(request.environ.get("RAW_URI") or request.full_path).path
        self.raw_path = raw
        self.parameters = RequestParameters(
            query=self.parameters.query,
            header=self.parameters.header,
            cookie=self.parameters.cookie,
            path=match_path(raw, templates)[1],
        )

    @property
    def path(self) -> str:
        return self.raw_path


def match_path(raw_path: str, templates: list[str]) -> tuple[str | None, dict[str, str]]:
    """The first template (full path, '/v1/models/{model}') the raw path matches, and its
    decoded parameters; (None, {}) for an unknown path."""
    for template in templates:
        pattern = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(template))
        match = re.fullmatch(pattern, raw_path)
        if match:
            return template, {name: unquote(value) for name, value in match.groupdict().items()}
    return None, {}


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any) -> None:  # keep test output clean
        pass


class StubServer:
    def __init__(self, spec: dict[str, Any], listings: dict[str, Any] | None = None) -> None:
        self.spec = copy.deepcopy(spec)
        self.listings = listings or {}  # collection path -> its whole listing (else the spec's example)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True, request_handler=_QuietHandler)
        self.prefix = urlsplit(spec["servers"][0]["url"]).path.rstrip("/")  # '/v1'
        self.base_url = f"http://127.0.0.1:{self.server.server_port}{self.prefix}"
        self.spec["servers"] = [{"url": self.base_url}]
        # server-sent events are text; openapi-core would otherwise read them as bytes
        config = Config(extra_media_type_deserializers={"text/event-stream": plain_loads})
        self.openapi = OpenAPI.from_dict(self.spec, config=config)
        self.templates = [self.prefix + path for path in self.spec["paths"]]
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

    def openapi_request(self, request: Request) -> _RawPathRequest:
        return _RawPathRequest(request, self.templates)

    def answer(self, request: Request) -> Response:
        result = self.openapi.unmarshal_request(self.openapi_request(request))
        if result.errors:
            message = "; ".join(describe(e) for e in result.errors)
            self.rejected.append(message)
            return self.error(request, rejection_status(result.errors), message)
        body = dict(result.body or {})
        files = {name: upload.read() for name, upload in request.files.items()}
        self.seen.append(Seen(request.path, request.mimetype, body, files, request.headers.get("Accept", "*/*")))
        status = int(request.headers.get(STATUS_HEADER, "200"))
        return self.success(request, body) if status == 200 else self.error(request, status)

    def template(self, request: Request) -> str:
        """The spec path the request matched ('/models/{model}')."""
        raw = self.openapi_request(request).raw_path
        template, _ = match_path(raw, self.templates)
        return (template or raw).removeprefix(self.prefix)

    def operation(self, request: Request) -> dict[str, Any]:
        return self.spec["paths"][self.template(request)][request.method.lower()]

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def error_spec(self, request: Request, status: int) -> dict[str, Any]:
        """The operation's documented error response (any path: the shared one)."""
        path = self.spec["paths"].get(self.template(request), {})
        responses = path.get(request.method.lower(), {}).get("responses", {})
        return self.resolve(responses.get(str(status), {"$ref": f"#/components/responses/Error{status}"}))

    def success(self, request: Request, body: dict[str, Any]) -> Response:
        content = self.operation(request)["responses"]["200"]["content"]
        content_type = choose_content_type(content, body, parse_accept(request.headers.get("Accept")))
        if content_type is None:
            message = f"Accept {request.headers.get('Accept')!r} admits none of {sorted(content)}"
            self.rejected.append(message)
            return self.error(request, NOT_ACCEPTABLE, message)
        examples = content[content_type].get("examples")
        if examples is None:  # binary audio: the spec gives no bytes
            return Response(AUDIO_BYTES, 200, content_type=content_type)
        value = (
            self.item_of_collection(request)
            or (self.listings.get(self.template(request)) if request.method == "GET" else None)
            or next(iter(examples.values()))["value"]
        )
        data = value if isinstance(value, str) else json.dumps(value)
        return Response(data, 200, content_type=content_type)

    def item_of_collection(self, request: Request) -> dict[str, Any] | None:
        """For `GET /models/{model}`: the entry with that id in the `GET /models` listing (or
        example), so a retrieve answers the model asked for, not the one example model."""
        template, parameters = self.template(request), self.openapi_request(request).parameters.path
        collection = self.spec["paths"].get(template.rpartition("/")[0], {}).get("get")
        if request.method != "GET" or len(parameters) != 1 or collection is None:
            return None
        (wanted,) = parameters.values()
        path = template.rpartition("/")[0]
        example = next(iter(collection["responses"]["200"]["content"]["application/json"]["examples"].values()))
        listing = self.listings.get(path, example["value"])
        return next((item for item in listing["data"] if item.get("id") == wanted), None)

    def error(self, request: Request, status: int, message: str | None = None) -> Response:
        spec = self.error_spec(request, status)
        body = copy.deepcopy(next(iter(spec["content"]["application/json"]["examples"].values()))["value"])
        if message:
            body["error"]["message"] = message
        headers = {name: str(header["example"]) for name, header in spec.get("headers", {}).items()}
        return Response(json.dumps(body), status, headers=headers, content_type="application/json")

    def check_response(self, request: Request, response: Response) -> None:
        if response.status_code == 404 and self.template(request) not in self.spec["paths"]:
            return
        result = self.openapi.unmarshal_response(self.openapi_request(request), WerkzeugOpenAPIResponse(response))
        if result.errors:
            self.bad_responses.append(f"{request.path} {response.status}: {'; '.join(map(describe, result.errors))}")


def choose_content_type(content: dict[str, Any], body: dict[str, Any], accept: list[MediaRange]) -> str | None:
    """None (406) when Accept admits none of the operation's types. Otherwise what the body asks
    for (server-sent events when streaming, the response_format's type) unless Accept refuses it
    with q=0; else the documented JSON if admitted; else the best type Accept admits."""
    admitted = acceptable(accept, list(content))
    if not admitted:
        return None
    wanted = "text/event-stream" if body.get("stream") else FORMAT_TYPES.get(str(body.get("response_format")))
    if wanted in content and quality(accept, wanted) != 0:
        return wanted
    return "application/json" if "application/json" in admitted else admitted[0]


def rejection_status(errors: list[Exception]) -> int:
    # an unknown path, or a path parameter naming no model: OpenAI answers 404 for an unknown model
    if any(isinstance(e, PathError) or getattr(e, "location", None) == "path" for e in errors):
        return 404
    if any(isinstance(e, SecurityValidationError) for e in errors):
        return 401
    return 400


def describe(error: Exception) -> str:
    """The validation error and its causes (for a body: each schema error)."""
    cause = error.__cause__
    details = [str(e.message) for e in getattr(cause, "schema_errors", ())] or ([str(cause)] if cause else [])
    return f"{type(error).__name__}: {', '.join(details) or error}"
