"""`GET /models` and `GET /models/{model}` of the spec, in OpenAI's list and model
shapes (`client.models.list()`, `client.models.retrieve(...)`).

The site's `api/models.json` and `api/models/<provider>/<model>.json` are their
static copies: OpenAI's four fields plus the catalog's facts, which the schemas
allow as additional properties.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from generator.catalog.kinds.schema import INT, STR, Schema, obj, ref
from generator.catalog.records import Model, Site
from generator.render import urls
from generator.render.api import model_object

LIST_PATH = "/models"
ITEM_PATH = "/models/{model}"
TAG = "Models"


def model_schemas(prefixes: list[str]) -> dict[str, Schema]:
    """Model, ModelList and ModelId (any slug of any endpoint: the kinds' own enums)."""
    model = obj(
        ["id", "object", "created", "owned_by"],
        id={"type": "string", "description": "The catalog slug, `<provider>/<model>`."},
        object={"const": "model"},
        created=INT | {"description": "Unix time of the model's release date."},
        owned_by=STR | {"description": "The provider's id."},
    )
    model["additionalProperties"] = True  # the static copies add the catalog's facts
    listing = obj(["object", "data"], object={"const": "list"}, data={"type": "array", "items": ref("Model")})
    listing["additionalProperties"] = True
    return {
        "Model": model,
        "ModelList": listing,
        "ModelId": {
            "description": "The slug of any model the gateway serves.",
            "anyOf": [ref(f"{p}ModelId") for p in prefixes],
        },
    }


def model_paths(site: Site, models: tuple[Model, ...], errors: dict[str, Any]) -> dict[str, Any]:
    """The two paths; `errors`: the documented error responses (status -> $ref)."""
    listing = {"object": "list", "data": [model_object(m) for m in models]}
    example = next((m for m in models if not m.is_deprecated), models[0])
    return {
        LIST_PATH: {"get": list_operation(site, listing, errors)},
        ITEM_PATH: {"get": retrieve_operation(site, example, errors)},
    }


def list_operation(site: Site, listing: dict[str, Any], errors: dict[str, Any]) -> dict[str, Any]:
    copy = urls.absolute(site.url, urls.API_MODELS)
    return {
        "operationId": "listModels",
        "tags": [TAG],
        "summary": "List models",
        "description": "Every model the gateway serves, as OpenAI's list of model objects. "
        f"A static copy, with each model's catalog facts (kind, prices, limits) as extra fields, is {copy}.",
        "responses": {"200": json_response("The models.", "ModelList", listing)} | errors,
    }


def retrieve_operation(site: Site, example: Model, errors: dict[str, Any]) -> dict[str, Any]:
    copy = urls.absolute(site.url, urls.model_json(example.slug))
    return {
        "operationId": "retrieveModel",
        "tags": [TAG],
        "summary": "Retrieve a model",
        "description": "One model as OpenAI's model object. A static copy, with the model's catalog facts as extra "
        f"fields, is `api/models/<provider>/<model>.json` under {site.url} (such as {copy}).",
        "parameters": [model_parameter(example)],
        "responses": {"200": json_response("The model.", "Model", model_object(example))} | errors,
    }


def model_parameter(example: Model) -> dict[str, Any]:
    encoded = quote(example.slug, safe="")
    return {
        "name": "model",
        "in": "path",
        "required": True,
        # a slug holds a '/': as a path segment it is percent-encoded, which is what the SDKs send
        "description": f"A catalog slug, with its `/` percent-encoded as `%2F` (`{encoded}`), "
        "as the official SDKs send it.",
        "schema": ref("ModelId"),
        "example": example.slug,
    }


def json_response(description: str, schema: str, value: dict[str, Any]) -> dict[str, Any]:
    media = {"schema": ref(schema), "examples": {schema: {"value": value}}}
    return {"description": description, "content": {"application/json": media}}
