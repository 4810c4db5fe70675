"""openapi.json and openapi.yaml: OpenAPI 3.1 for the gateway's OpenAI-compatible
endpoints, one per kind of model in the catalog.

Each request's `model` is an enum of the catalog slugs that endpoint serves
(deprecated ones also listed in `x-deprecated-models`); each operation's
`x-pricing` gives every model's prices as exact decimal strings, and `x-offers` every
offer of each model that more than its maker serves (api.offer_json), while the spec with
them fits the budget (budget.py); past it, prices are where a reader of prices looks,
the JSON API, and each operation's `x-pricing-source` says where (one file per model).
openapi.json and openapi.yaml make the same choice, by the JSON's size. Examples come
from `generator.examples`, the same ones the model pages show. Every error of
site.yaml's table, plus 400, 406 and 422 for invalid requests, is a documented
response with the OpenAI error body.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.catalog.derive import SiteIndex, models_by_kind
from generator.catalog.grammar import article
from generator.catalog.kinds.base import Api, Operation
from generator.catalog.kinds.schema import Schema, ref
from generator.catalog.records import ErrorSpec, Model, Site
from generator.catalog.registry import KINDS
from generator.render import Job, budget, each, examples, urls
from generator.render.api import json_bytes, offers_json, prices_json
from generator.render.jsondoc import least_size
from generator.render.openapi_models import model_paths, model_schemas
from generator.render.openapi_schemas import ERROR_RESPONSE
from generator.render.rows import currencies_of
from generator.render.text import markdown_safe_site

OPENAPI_VERSION = "3.1.0"
SECURITY_SCHEME = "bearerAuth"
INVALID_REQUEST_ERRORS = (
    ErrorSpec(
        400,
        "invalid_request_error",
        "Invalid request: malformed JSON, a missing field, or a value the schema does not allow "
        "(such as a model this endpoint does not serve)",
        False,
    ),
    ErrorSpec(
        422,
        "invalid_request_error",
        "Well-formed but cannot be processed, such as an option the chosen model does not support",
        False,
    ),
    ErrorSpec(
        406,
        "invalid_request_error",
        "Not acceptable: the Accept header admits none of the content types this operation answers with",
        False,
    ),
)
RETRY_AFTER_EXAMPLE = 20
# What the official SDKs ask for binary bodies (`Accept: application/octet-stream` on speech).
OCTET_STREAM = "application/octet-stream"


def jobs(index: SiteIndex) -> Iterator[Job]:
    args = (index.catalog.site, index.models, index.build_date)
    prices = each(prices_json, ((m,) for m in index.models))
    offers = each(spec_offers, ((m,) for m in index.models))
    yield Job(urls.OPENAPI_JSON, render_openapi_json, args, parts=(prices, offers))
    yield Job(urls.OPENAPI_YAML, render_openapi_yaml, args, parts=(prices, offers))


def spec_offers(model: Model) -> list[dict[str, Any]] | None:
    """A model's x-offers entry: every offer, cheapest first, when some upstream other than
    its maker serves it (an offer, or the record's `upstream`); else None (no entry)."""
    upstreams = {o.provider_id for o in (model.own_offer, *model.offers)}
    return offers_json(model) if model.offers or upstreams != {model.provider_id} else None


def render_openapi_json(
    site: Site, models: tuple[Model, ...], build_date: dt.date, prices: list[Any], offers: list[Any]
) -> bytes:
    """`prices`: each model's x-pricing entry, in the order of `models`; `offers`: its
    x-offers entry or None (spec_offers)."""
    return sized_spec(site, models, build_date, prices, offers)[1]


def render_openapi_yaml(
    site: Site, models: tuple[Model, ...], build_date: dt.date, prices: list[Any], offers: list[Any]
) -> bytes:
    return "".join(yaml_lines(sized_spec(site, models, build_date, prices, offers)[0], 0)).encode("utf-8")


def sized_spec(
    site: Site, models: tuple[Model, ...], build_date: dt.date, prices: list[Any], offers: list[Any]
) -> tuple[dict[str, Any], bytes]:
    """The spec and its JSON: with every model's prices when that JSON fits the budget, else
    pointing at the JSON API for them (the YAML, smaller than the JSON, follows the same choice)."""
    if budget.fits(sum(map(least_size, prices))):  # the prices alone pass it: do not build the priced spec
        spec = build_spec(site, models, build_date, prices, offers)
        data = json_bytes(spec)
        if budget.fits(len(data)):
            return spec, data
    spec = build_spec(site, models, build_date, prices, offers, priced=False)
    return spec, json_bytes(spec)


# A small block-style YAML writer for JSON data: PyYAML's representer is pure Python
# and too slow for a spec that lists thousands of models. Strings are written
# as JSON string literals, which are valid YAML double-quoted scalars, with every
# character YAML does not allow raw (DEL, C1 controls, NEL, LS, PS, BOM) escaped.
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
# Characters YAML does not allow raw (or reads as line breaks), which JSON leaves as they are.
_YAML_ESCAPE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


@lru_cache(maxsize=1 << 16, typed=True)  # typed: True and 1 are different scalars
def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@lru_cache(maxsize=1 << 16)
def _key(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS else _scalar(key)


def yaml_lines(value: object, indent: int) -> list[str]:
    """Lines of `value` (a dict, list or tuple of JSON values) at `indent` spaces, keys
    sorted as in the JSON outputs."""
    out: list[str] = []
    _emit(value, indent, out)
    return out


def _emit(value: object, indent: int, out: list[str]) -> None:
    """Append the lines of `value` to `out` (one list for the whole document: nested
    generators passed every line up through every level and were the slow part)."""
    pad = " " * indent
    items = sorted(value.items()) if isinstance(value, dict) else ((None, v) for v in value)  # type: ignore[union-attr]
    for key, item in items:
        head = f"{pad}{_key(key)}:" if key is not None else f"{pad}-"
        if isinstance(item, dict | list | tuple) and item:
            if key is None and isinstance(item, dict):  # '- first: x' then the other keys aligned under it
                start = len(out)
                _emit(item, indent + 2, out)
                out[start] = f"{pad}- {out[start][indent + 2 :]}"
            else:
                out.append(head + "\n")
                _emit(item, indent + 2, out)
        else:
            out.append(f"{head} {'{}' if item == {} else '[]' if item in ([], ()) else _scalar(item)}\n")


def build_spec(
    site: Site,
    models: tuple[Model, ...],
    build_date: dt.date,
    prices: list[Any],
    offers: list[Any],
    priced: bool = True,
) -> dict[str, Any]:
    """`priced`: each operation lists its models' prices (x-pricing, x-offers); else it says
    where they are (x-pricing-source)."""
    pricing = {m.slug: Pricing(p, o) for m, p, o in zip(models, prices, offers, strict=True)} if priced else None
    site = markdown_safe_site(site)  # descriptions are CommonMark: no raw HTML or script links from site.yaml
    by_kind = models_by_kind(models)
    errors = error_table(site)
    paths = {site.kind(k).endpoint: {"post": operation(site, k, ms, errors, pricing)} for k, ms in by_kind.items()}
    paths |= api_paths(site, by_kind, errors, pricing)  # further APIs of a kind: chat's /responses
    return {
        "openapi": OPENAPI_VERSION,
        "info": info(site, build_date, currencies_of(models), priced),
        "servers": [{"url": site.api_base_url, "description": f"{site.name} OpenAI-compatible API"}],
        "security": [{SECURITY_SCHEME: []}],
        "externalDocs": {"description": f"{site.name} documentation", "url": site.docs_url},
        "tags": [{"name": site.kind(k).label, "description": site.kind(k).description} for k in by_kind]
        + [{"name": "Models", "description": f"The models {site.name} serves."}],
        "paths": paths | model_paths(site, models, error_refs(errors)),
        "components": {
            "securitySchemes": {SECURITY_SCHEME: security_scheme(site)},
            "schemas": component_schemas(site, by_kind),
            "responses": {response_name(e): error_response(e) for e in errors},
        },
    }


def info(site: Site, build_date: dt.date, currencies: tuple[str, ...], priced: bool = True) -> dict[str, Any]:
    money = currencies[0] if len(currencies) == 1 else "each price's `currency`"
    if priced:
        prices = (
            f" and their prices ({money}, exact decimal strings) in `x-pricing`; a model that other upstreams "
            "serve lists every offer, cheapest first, in `x-offers`."
        )
    else:
        prices = (
            "; their prices would make this spec too large to read, so they are in the JSON API, one file per model "
            f"(`x-pricing-source`: {pricing_source(site)}, `{{model}}` being the slug) with every price ({money}, "
            f"exact decimal strings) and offer, and the headline prices of every model in "
            f"{urls.absolute(site.url, urls.API_MODELS)}."
        )
    description = (
        f"{site.tagline}\n\nPoint an official OpenAI SDK at `{site.api_base_url}` with your {site.name} key. "
        f"Set `model` to a catalog slug (`<provider>/<model>`); each operation lists its models in the `model` enum"
        f"{prices} {site.fee_policy}\n\nModel pages: {site.url}"
    )
    return {
        "title": f"{site.name} API",
        "summary": site.tagline,
        "description": description,
        "version": build_date.isoformat(),
    }


def security_scheme(site: Site) -> dict[str, str]:
    return {
        "type": "http",
        "scheme": "bearer",
        "description": f"`Authorization: Bearer {site.key_placeholder}`: your {site.name} API key "
        f"(the examples read it from ${site.env_var}).",
    }


def error_table(site: Site) -> tuple[ErrorSpec, ...]:
    """site.yaml's errors plus 400, 406 and 422 for invalid requests, unless the table has them; by status."""
    listed = {e.status for e in site.errors}
    return tuple(
        sorted([*site.errors, *(e for e in INVALID_REQUEST_ERRORS if e.status not in listed)], key=lambda e: e.status)
    )


def response_name(error: ErrorSpec) -> str:
    return f"Error{error.status}"


def error_body(error: ErrorSpec) -> dict[str, Any]:
    return {"error": {"message": error.meaning, "type": error.type, "param": None, "code": None}}


def error_response(error: ErrorSpec) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": f"{error.type}: {error.meaning}",
        "x-retryable": error.retryable,
        "content": {
            "application/json": {
                "schema": ref("ErrorResponse"),
                "examples": {error.type: {"value": error_body(error)}},
            }
        },
    }
    if error.status == 429:
        response["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before retrying.",
                "required": True,
                "schema": {"type": "integer", "minimum": 0},
                "example": RETRY_AFTER_EXAMPLE,
            }
        }
    return response


def error_refs(errors: tuple[ErrorSpec, ...]) -> dict[str, Any]:
    return {str(e.status): {"$ref": f"#/components/responses/{response_name(e)}"} for e in errors}


def component_schemas(site: Site, by_kind: dict[str, tuple[Model, ...]]) -> dict[str, Schema]:
    prefixes = [KINDS[kind].operation.prefix for kind in by_kind]
    schemas: dict[str, Schema] = {"ErrorResponse": ERROR_RESPONSE} | model_schemas(prefixes)
    for kind, models in by_kind.items():
        shape = KINDS[kind].operation
        schemas |= shape.schemas
        schemas[f"{shape.prefix}ModelId"] = model_enum(site, kind, models)
    return schemas | api_schemas(site, by_kind)


def model_enum(site: Site, kind: str, models: tuple[Model, ...]) -> Schema:
    spec = site.kind(kind)
    return {
        "type": "string",
        "description": f"The slug of {article(spec.noun)} {spec.noun} model served at {spec.endpoint}. "
        "Models in x-deprecated-models still work until their sunset date.",
        "enum": [m.slug for m in models],
        "x-deprecated-models": [m.slug for m in models if m.is_deprecated],
    }


def example_model(models: tuple[Model, ...]) -> Model:
    """The model whose example stands for the endpoint: the first one not deprecated."""
    return next((m for m in models if not m.is_deprecated), models[0])


def operation(
    site: Site,
    kind: str,
    models: tuple[Model, ...],
    errors: tuple[ErrorSpec, ...],
    pricing: dict[str, Pricing] | None,
) -> dict[str, Any]:
    spec, shape = site.kind(kind), KINDS[kind].operation
    model = example_model(models)
    example = examples.example_for(model, site)
    responses: dict[str, Any] = {"200": success_response(shape, example, model)} | error_refs(errors)
    return {
        "operationId": shape.operation_id,
        "tags": [spec.label],
        "summary": spec.label,
        "description": spec.description,
        "requestBody": request_body(kind, shape, example, model),
        "responses": responses,
    } | pricing_extensions(site, models, pricing)


@dataclass(frozen=True)
class Pricing:
    """A model's entries of an operation's extensions: its own prices, and every offer (or None)."""

    prices: list[Any]
    offers: list[Any] | None


def pricing_source(site: Site) -> str:
    """Where each model's prices are: its JSON API file, as a URL template on the slug."""
    return urls.absolute(site.url, urls.model_json("{model}"))


def pricing_extensions(site: Site, models: tuple[Model, ...], pricing: dict[str, Pricing] | None) -> dict[str, Any]:
    """`x-pricing` (each model's own prices) and, when some model has offers, `x-offers`; or,
    without them (`pricing` None), `x-pricing-source`."""
    if pricing is None:
        return {"x-pricing-source": pricing_source(site)}
    offered = {m.slug: pricing[m.slug].offers for m in models if pricing[m.slug].offers is not None}
    return {"x-pricing": {m.slug: pricing[m.slug].prices for m in models}} | ({"x-offers": offered} if offered else {})


def served_apis(by_kind: dict[str, tuple[Model, ...]]) -> Iterator[tuple[str, Api, tuple[Model, ...]]]:
    """(kind, api, the kind's models it serves) for each further API that serves some model."""
    for kind, models in by_kind.items():
        for api in KINDS[kind].apis:
            serving = tuple(m for m in models if m.serves(api.id))
            if serving:
                yield kind, api, serving


def api_paths(
    site: Site,
    by_kind: dict[str, tuple[Model, ...]],
    errors: tuple[ErrorSpec, ...],
    pricing: dict[str, Pricing] | None,
) -> dict[str, Any]:
    return {
        api.endpoint: {"post": api_operation(site, k, api, ms, errors, pricing)} for k, api, ms in served_apis(by_kind)
    }


def api_operation(
    site: Site,
    kind: str,
    api: Api,
    models: tuple[Model, ...],
    errors: tuple[ErrorSpec, ...],
    pricing: dict[str, Pricing] | None,
) -> dict[str, Any]:
    model = example_model(models)
    example = api.example(model, api.endpoint)
    return {
        "operationId": api.operation.operation_id,
        "tags": [site.kind(kind).label],
        "summary": api.label,
        "description": f"{site.kind(kind).description} Through the {api.label}, for the models that serve it.",
        "requestBody": request_body(kind, api.operation, example, model),
        "responses": {"200": success_response(api.operation, example, model)} | error_refs(errors),
    } | pricing_extensions(site, models, pricing)


def api_schemas(site: Site, by_kind: dict[str, tuple[Model, ...]]) -> dict[str, Schema]:
    schemas: dict[str, Schema] = {}
    for kind, api, models in served_apis(by_kind):
        enum = model_enum(site, kind, models)
        enum["description"] = f"The slug of a model served through the {api.label} at {api.endpoint}. " + (
            "Models in x-deprecated-models still work until their sunset date."
        )
        schemas |= api.operation.schemas | {f"{api.operation.prefix}ModelId": enum}
    return schemas


def request_body(kind: str, shape: Operation, example: examples.Example, model: Model) -> dict[str, Any]:
    value = example.body | example.files
    media: dict[str, Any] = {"schema": ref(shape.request), "examples": {kind: {"summary": model.slug, "value": value}}}
    if example.content_type == examples.MULTIPART and shape.form_encoding:
        media["encoding"] = shape.form_encoding
    return {"required": True, "content": {example.content_type: media}}


def success_types(shape: Operation) -> dict[str, Schema]:
    """The kind's success content types, plus application/octet-stream where the body is binary:
    the SDKs ask for binary bodies with `Accept: application/octet-stream`, and a server that
    enforces Accept answers 406 when no content type matches it."""
    types = dict(shape.responses)
    if any(is_binary(schema) for schema in types.values()):
        types.setdefault(OCTET_STREAM, {"contentMediaType": OCTET_STREAM})
    return types


def is_binary(schema: Schema) -> bool:
    return "contentMediaType" in schema and "type" not in schema


def success_response(shape: Operation, example: examples.Example, model: Model) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for content_type, schema in success_types(shape).items():
        content[content_type] = {"schema": schema}
        value = success_example(content_type, example)
        if value is not None:
            content[content_type]["examples"] = {example.kind: {"summary": model.slug, "value": value}}
    return {"description": "Success, shaped like the OpenAI API's response.", "content": content}


def success_example(content_type: str, example: examples.Example) -> Any:
    """The example of one success content type, from the kind's Example; None for binary audio."""
    if example.response is None:
        return None
    if content_type == example.response_type:
        return example.response
    if content_type == "text/event-stream":
        return event_stream(example.response)
    return example.response.get("text") if content_type == "text/plain" else None


def event_stream(completion: dict[str, Any]) -> str:
    """A chat completion as the server-sent events of a streamed answer."""
    choice = completion["choices"][0]
    first, space, rest = choice["message"]["content"].partition(" ")
    steps = [
        ({"role": "assistant", "content": ""}, None),
        ({"content": first}, None),
        ({"content": space + rest}, None),
        ({}, choice["finish_reason"]),
    ]
    head = {
        "id": completion["id"],
        "object": "chat.completion.chunk",
        "created": completion["created"],
        "model": completion["model"],
    }
    chunks = [head | {"choices": [{"index": 0, "delta": d, "finish_reason": f, "logprobs": None}]} for d, f in steps]
    events = [f"data: {json.dumps(c, sort_keys=True, separators=(',', ':'))}\n\n" for c in chunks]
    return "".join(events) + "data: [DONE]\n\n"
