"""The generated OpenAPI spec: valid 3.1 with zero errors, one endpoint per kind in
the catalog with a real `model` enum, exact prices, the whole error table, and
examples that are generator.examples' own and fit the schemas."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator
from support.sites import shared_site, site_index

from generator.catalog.derive import SiteIndex
from generator.catalog.registry import KINDS, plain_decimal
from generator.render import api, examples, openapi, openapi_models


@pytest.fixture(scope="module")
def index() -> SiteIndex:
    return site_index()


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return json.loads((shared_site() / "openapi.json").read_text("utf-8"))


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, operation) of every POST: the endpoints of the kinds."""
    for path, item in spec["paths"].items():
        if "post" in item:
            yield path, item["post"]


def all_operations(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        yield from ((f"{method.upper()} {path}", op) for method, op in item.items())


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A JSON Schema 2020-12 validator for `schema`, resolving #/components/... in the spec."""
    return jsonschema.Draft202012Validator({"components": spec["components"], **schema})


def test_spec_is_valid_openapi_31_with_zero_errors(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1.")
    errors = [f"{list(e.path)}: {e.message}" for e in OpenAPIV31SpecValidator(spec).iter_errors()]
    assert errors == []


def test_yaml_says_what_json_says(spec: dict[str, Any]) -> None:
    assert yaml.safe_load((shared_site() / "openapi.yaml").read_text("utf-8")) == spec


def test_server_and_bearer_auth(spec: dict[str, Any], index: SiteIndex) -> None:
    assert spec["servers"][0]["url"] == index.catalog.site.api_base_url
    schemes = spec["components"]["securitySchemes"]
    assert [{name: []} for name in schemes] == spec["security"]
    assert [(s["type"], s["scheme"]) for s in schemes.values()] == [("http", "bearer")]


def test_one_endpoint_per_kind_in_the_catalog(spec: dict[str, Any], index: SiteIndex) -> None:
    site = index.catalog.site
    endpoints = {site.kind(kind).endpoint for kind in index.by_kind}
    further = {api.endpoint for kind in index.by_kind for api in KINDS[kind].apis}  # chat's /responses
    models = {openapi_models.LIST_PATH, openapi_models.ITEM_PATH}
    assert endpoints | models <= set(spec["paths"])
    assert set(spec["paths"]) - models - further == endpoints


def model_path(op: dict[str, Any]) -> tuple[str, ...]:
    """Where an operation's request names the model, as its kind's registry entry says."""
    shapes = (kind.operation for kind in KINDS.values())
    return next((s.model_at for s in shapes if s.operation_id == op["operationId"]), ("model",))


def with_model(body: dict[str, Any], path: tuple[str, ...], slug: str) -> dict[str, Any]:
    """A copy of `body` naming `slug` at `path`."""
    first, *rest = path
    return body | {first: with_model(body[first], tuple(rest), slug) if rest else slug}


def test_model_is_an_enum_of_the_slugs_each_endpoint_serves(spec: dict[str, Any], index: SiteIndex) -> None:
    site = index.catalog.site
    for kind, models in index.by_kind.items():
        op = spec["paths"][site.kind(kind).endpoint]["post"]
        (media,) = op["requestBody"]["content"].values()
        *outer, name = model_path(op)
        holder = resolve(spec, media["schema"])
        for field in outer:  # realtime names the model inside its session
            holder = resolve(spec, holder["properties"][field])
        model_schema = resolve(spec, holder["properties"][name])
        assert model_schema["enum"] == [m.slug for m in models]
        assert model_schema["x-deprecated-models"] == [m.slug for m in models if m.is_deprecated]
        assert name in holder["required"]


def test_unknown_model_fails_the_request_schema(spec: dict[str, Any]) -> None:
    for _, op in operations(spec):
        (media,) = op["requestBody"]["content"].values()
        body = next(iter(media["examples"].values()))["value"]
        check = validator(spec, media["schema"])
        assert check.is_valid(body)
        assert not check.is_valid(with_model(body, model_path(op), "acme/not-in-the-catalog"))


def test_prices_are_exact_decimal_strings(spec: dict[str, Any], index: SiteIndex) -> None:
    site = index.catalog.site
    text = (shared_site() / "openapi.json").read_text("utf-8")
    for kind, models in index.by_kind.items():
        pricing = spec["paths"][site.kind(kind).endpoint]["post"]["x-pricing"]
        assert list(pricing) == [m.slug for m in models]
        for model in models:
            assert [(p["unit"], p["amount"]) for p in pricing[model.slug]] == [
                (p.unit, plain_decimal(p.amount)) for p in model.pricing
            ]
            assert all(f'"amount": "{plain_decimal(p.amount)}"' in text for p in model.pricing)


def test_every_error_of_the_table_is_documented(spec: dict[str, Any], index: SiteIndex) -> None:
    table = {e.status: e for e in index.catalog.site.errors}
    statuses = set(table) | {400, 422}
    for _, op in all_operations(spec):
        assert statuses <= {int(s) for s in op["responses"] if s != "200"}
        for status in statuses:
            response = resolve(spec, op["responses"][str(status)])
            body = next(iter(response["content"]["application/json"]["examples"].values()))["value"]
            assert set(body["error"]) == {"message", "type", "param", "code"}
            if status in table:
                assert (body["error"]["type"], body["error"]["message"]) == (table[status].type, table[status].meaning)


def test_429_documents_retry_after(spec: dict[str, Any]) -> None:
    header = spec["components"]["responses"]["Error429"]["headers"]["Retry-After"]
    assert header["required"] is True and header["schema"]["type"] == "integer"


def test_examples_are_those_of_generator_examples(spec: dict[str, Any], index: SiteIndex) -> None:
    site = index.catalog.site
    for kind, models in index.by_kind.items():
        op = spec["paths"][site.kind(kind).endpoint]["post"]
        (content_type, media) = next(iter(op["requestBody"]["content"].items()))
        (named,) = media["examples"].values()
        example = examples.example_for(index.catalog.models[named["summary"]], site)
        assert named["summary"] in [m.slug for m in models]
        assert content_type == example.content_type
        assert named["value"] == example.body | example.files
        success = op["responses"]["200"]["content"][example.response_type]
        if example.response is not None:
            assert next(iter(success["examples"].values()))["value"] == example.response


def media_examples(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, media type object, example value) for every example in the spec."""
    for path, op in all_operations(spec):
        for content_type, media in op.get("requestBody", {}).get("content", {}).items():
            for name, example in media.get("examples", {}).items():
                yield f"{path} request {content_type} {name}", media, example["value"]
        for status, response in op["responses"].items():
            for content_type, media in resolve(spec, response).get("content", {}).items():
                for name, example in media.get("examples", {}).items():
                    yield f"{path} {status} {content_type} {name}", media, example["value"]


def test_every_example_fits_its_schema(spec: dict[str, Any]) -> None:
    problems = [
        f"{where}: {e.message}"
        for where, media, value in media_examples(spec)
        for e in validator(spec, media["schema"]).iter_errors(value)
    ]
    assert problems == []


def test_streamed_chunks_fit_chat_completion_chunk(spec: dict[str, Any]) -> None:
    stream = [value for where, _, value in media_examples(spec) if "text/event-stream" in where]
    assert stream, "chat streaming is described"
    events = [line.removeprefix("data: ") for line in stream[0].split("\n\n") if line]
    assert events[-1] == "[DONE]"
    check = validator(spec, {"$ref": "#/components/schemas/ChatCompletionChunk"})
    assert [list(check.iter_errors(json.loads(e))) for e in events[:-1]] == [[]] * (len(events) - 1)


def test_same_catalog_same_bytes_and_no_wall_clock(index: SiteIndex) -> None:
    site, models = index.catalog.site, index.models
    prices = [api.prices_json(m) for m in models]
    offers = [openapi.spec_offers(m) for m in models]
    first = openapi.render_openapi_json(site, models, index.build_date, prices, offers)
    assert first == openapi.render_openapi_json(site, models, index.build_date, prices, offers)
    other = json.loads(openapi.render_openapi_json(site, models, dt.date(2001, 2, 3), prices, offers))
    assert other["info"].pop("version") == "2001-02-03"
    mine = json.loads(first)
    mine["info"].pop("version")
    assert other == mine


def test_x_pricing_carries_every_pricing_feature() -> None:
    from support.sites import SITE_CATALOG, render_in_memory

    outputs = render_in_memory(SITE_CATALOG)
    fixture_spec = json.loads(outputs["openapi.json"])
    assert list(OpenAPIV31SpecValidator(fixture_spec).iter_errors()) == []
    prices = fixture_spec["paths"]["/chat/completions"]["post"]["x-pricing"]["acme/euro-tiers"]
    assert prices == json.loads(outputs["api/models/acme/euro-tiers.json"])["pricing"]  # one price_json
    assert {p["currency"] for p in prices} == {"EUR"}
    assert {"batch", "flex"} == {p["tier"] for p in prices if "tier" in p}
    assert {"5m", "1h"} == {p["cache_ttl"] for p in prices if "cache_ttl" in p}
    assert {"cliff", "incremental"} == {p["above_tokens_rule"] for p in prices if "above_tokens_rule" in p}
    assert [p["window"] for p in prices if "window" in p] == [{"start": "16:30", "end": "00:30"}] * 2
    assert {"per_1k_web_searches", "per_1m_reasoning_tokens", "per_1m_input_image_tokens"} <= {
        p["unit"] for p in prices
    }
    assert "their prices (each price's `currency`, exact decimal strings)" in fixture_spec["info"]["description"]


def test_models_list_and_retrieve_in_openais_shapes(spec: dict[str, Any], index: SiteIndex) -> None:
    listing = spec["paths"]["/models"]["get"]["responses"]["200"]["content"]["application/json"]
    assert listing["schema"] == {"$ref": "#/components/schemas/ModelList"}
    example = next(iter(listing["examples"].values()))["value"]["data"]  # a few models: the enums have them all
    assert example == [api.model_object(m) for m in index.models[: openapi_models.LIST_EXAMPLE_MODELS]]
    retrieve = spec["paths"]["/models/{model}"]["get"]
    assert retrieve["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Model"
    }
    (parameter,) = retrieve["parameters"]
    assert (parameter["name"], parameter["in"], parameter["required"]) == ("model", "path", True)
    assert "%2F" in parameter["description"]
    slugs = validator(spec, parameter["schema"])
    assert all(slugs.is_valid(m.slug) for m in index.models)
    assert not slugs.is_valid("acme/not-in-the-catalog")
    assert set(spec["components"]["schemas"]["Model"]["required"]) == {"id", "object", "created", "owned_by"}


def test_the_sites_model_files_are_static_copies_of_the_models_endpoints(spec: dict[str, Any]) -> None:
    site = shared_site()
    listing = json.loads((site / "api" / "models.json").read_text("utf-8"))
    problems = [e.message for e in validator(spec, {"$ref": "#/components/schemas/ModelList"}).iter_errors(listing)]
    one = validator(spec, {"$ref": "#/components/schemas/Model"})
    for entry in listing["data"]:
        detail = json.loads((site / "api" / "models" / f"{entry['id']}.json").read_text("utf-8"))
        problems += [f"{entry['id']}: {e.message}" for e in one.iter_errors(detail)]
    assert problems == []
    assert listing["data"] and "headline_pricing" in listing["data"][0]  # extra catalog fields are allowed
    descriptions = (
        spec["paths"]["/models"]["get"]["description"] + spec["paths"]["/models/{model}"]["get"]["description"]
    )
    assert "api/models.json" in descriptions and "api/models/<provider>/<model>.json" in descriptions


def test_binary_bodies_are_also_octet_stream(spec: dict[str, Any]) -> None:
    """The SDKs ask for speech with `Accept: application/octet-stream`; a server enforcing Accept
    answers 406 unless the spec offers it."""
    for _, op in operations(spec):
        content = op["responses"]["200"]["content"]
        if any(openapi.is_binary(media["schema"]) for media in content.values()):
            assert content["application/octet-stream"]["schema"] == {"contentMediaType": "application/octet-stream"}
    assert "application/octet-stream" in spec["paths"]["/audio/speech"]["post"]["responses"]["200"]["content"]


def test_errors_are_json_only_and_406_is_documented(spec: dict[str, Any]) -> None:
    responses = spec["components"]["responses"]
    assert "Error406" in responses
    assert {t for r in responses.values() for t in r["content"]} == {"application/json"}
