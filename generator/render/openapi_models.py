"""`GET /models` and `GET /models/{model}` of the spec, in OpenAI's list and model
shapes (`client.models.list()`, `client.models.retrieve(...)`).

The site's `api/models.json` and `api/models/<provider>/<model>.json` are their
static copies: OpenAI's four fields plus the catalog's facts, which the schemas
allow as additional properties; the prices and offers among them are described
(ModelPrice, ModelOffer), so a static copy is checked against them. The list's
example shows a few models (LIST_EXAMPLE_MODELS), not the catalog: the enums and the
static list have them all.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from generator.catalog.kinds.schema import BOOL, INT, STR, Schema, nullable, obj, ref
from generator.catalog.records import FEATURES, Model, Site
from generator.render import urls
from generator.render.api import model_object

LIST_PATH = "/models"
ITEM_PATH = "/models/{model}"
TAG = "Models"
LIST_EXAMPLE_MODELS = 3


def model_schemas(prefixes: list[str]) -> dict[str, Schema]:
    """Model, ModelList and ModelId (any slug of any endpoint: the kinds' own enums)."""
    model = obj(
        ["id", "object", "created", "owned_by"],
        id={"type": "string", "description": "The catalog slug, `<provider>/<model>`."},
        object={"const": "model"},
        created=INT | {"description": "Unix time of the model's release date."},
        owned_by=STR | {"description": "The provider's id."},
        features={
            "type": "array",
            "items": {"enum": [feature for feature, _ in FEATURES]},
            "description": "Static copies only: the features the model supports.",
        },
        capabilities=obj([feature for feature, _ in FEATURES], **{feature: BOOL for feature, _ in FEATURES})
        | {"description": "A model's own static copy only: every feature, supported (true) or not."},
        headline_pricing={
            "type": "array",
            "items": ref("ModelPrice"),
            "description": "Static copies only: the prices a reader looks for first (input and output for chat, "
            "per image for images, ...), of the record's own pricing.",
        },
        offer_count=INT | {"description": "Static copies only: how many offers (upstreams) serve the model."},
        pricing={
            "type": "array",
            "items": ref("ModelPrice"),
            "description": "A model's own static copy only: the record's own prices (those of its `upstream`).",
        },
        upstream=STR
        | {"description": "A model's own static copy only: the provider id serving `pricing` (the maker unless not)."},
        offers={
            "type": "array",
            "minItems": 1,
            "items": ref("ModelOffer"),
            "description": "A model's own static copy only: every offer of the model, cheapest first; "
            "the record's own is `own`.",
        },
    )
    model["additionalProperties"] = True  # the static copies add the catalog's facts
    listing = obj(["object", "data"], object={"const": "list"}, data={"type": "array", "items": ref("Model")})
    listing["additionalProperties"] = True
    return {
        "Model": model,
        "ModelPrice": PRICE,
        "ModelOffer": OFFER,
        "ModelList": listing,
        "ModelId": {
            "description": "The slug of any model the gateway serves.",
            "anyOf": [ref(f"{p}ModelId") for p in prefixes],
        },
    }


AMOUNT: Schema = STR | {"pattern": r"^-?[0-9]+(\.[0-9]+)?$", "description": "An exact decimal, as recorded."}
PRICE: Schema = obj(
    ["unit", "amount", "currency", "per"],
    unit=STR | {"description": "The price unit's id, such as `per_1m_input_tokens`."},
    amount=AMOUNT,
    currency=STR | {"pattern": "^[A-Z]{3}$", "description": "ISO 4217 code."},
    per=STR | {"description": "What one amount pays for, in words."},
    above_tokens=INT | {"description": "The price applies to prompts above this many tokens."},
    above_tokens_rule={"enum": ["cliff", "incremental"]},
    size=STR,
    quality=STR,
    resolution=STR,
    tier=STR | {"description": "The service tier (absent: standard)."},
    cache_ttl=STR,
    window=obj(["start", "end"], start=STR, end=STR) | {"description": "A UTC time-of-day window."},
    note=STR,
) | {"additionalProperties": False}
OFFER: Schema = obj(
    [
        "id",
        "own",
        "provider",
        "region",
        "status",
        "currency",
        "context_window",
        "max_output_tokens",
        "price_source",
        "note",
        "pricing",
    ],
    id=STR | {"description": "`<provider>` or `<provider>@<region>`."},
    own=BOOL | {"description": "The record's own pricing (its `pricing` and `upstream`)."},
    provider=STR | {"description": "The upstream's provider id."},
    region=nullable("string"),
    status={"enum": ["active", "preview", "deprecated"]},
    currency=STR | {"pattern": "^[A-Z]{3}$"},
    context_window=nullable("integer"),
    max_output_tokens=nullable("integer"),
    price_source=STR,
    note=nullable("string"),
    pricing={"type": "array", "items": ref("ModelPrice")},
) | {"additionalProperties": False}


def model_paths(site: Site, models: tuple[Model, ...], errors: dict[str, Any]) -> dict[str, Any]:
    """The two paths; `errors`: the documented error responses (status -> $ref)."""
    listing = {"object": "list", "data": [model_object(m) for m in models[:LIST_EXAMPLE_MODELS]]}
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
        "description": "Every model the gateway serves, as OpenAI's list of model objects (the example shows "
        f"the first {LIST_EXAMPLE_MODELS}). A static copy, with each model's catalog facts (kind, headline prices, "
        f"limits) as extra fields, is {copy}; each model's every price and offer is in its own copy "
        "(`GET /models/{model}`).",
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
