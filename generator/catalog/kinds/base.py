"""What a kind of model is made of: its rules (units, headline price, modalities,
fields), its example call, its OpenAPI operation, its SDK calls and its skeleton.

Plain data and small functions only: the registry sits in the lowest layer, so the
formatting of code snippets stays in `generator.render.examples`, which reads a
kind's `Snippet`s.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.catalog.kinds.schema import Schema

if TYPE_CHECKING:
    from generator.catalog.records import Model

JSON = "application/json"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class Example:
    kind: str
    method: str
    endpoint: str  # path under the API base, e.g. /images/generations
    content_type: str  # of the request
    body: dict[str, Any]  # JSON body, or the multipart form fields
    files: dict[str, str]  # multipart file fields -> example file name
    response_type: str  # content type of a success response
    response: dict[str, Any] | None  # JSON response; None for binary audio
    comments: dict[str, str]  # body field -> remark shown after it in the page's JSON
    extra_template: str = ""  # a template partial only this kind's model pages include (realtime's WebSocket)

    def body_json(self) -> str:
        return json.dumps(self.body, indent=2, ensure_ascii=False)

    def response_json(self) -> str:
        return json.dumps(self.response, indent=2, ensure_ascii=False) if self.response is not None else ""


def created(model: Model) -> int:
    """A deterministic timestamp for example responses: the model's release date."""
    return int(dt.datetime.combine(model.release_date, dt.time(), tzinfo=dt.UTC).timestamp())


@dataclass(frozen=True)
class Operation:
    """The kind's endpoint in the OpenAPI spec."""

    prefix: str  # names the kind's schemas: ChatModelId, ...
    operation_id: str
    request: str  # schema name of the request body
    responses: dict[str, Schema]  # success content type -> schema
    schemas: dict[str, Schema]  # the kind's own component schemas
    form_encoding: dict[str, Schema] = field(default_factory=dict)  # multipart fields that are not strings
    model_at: tuple[str, ...] = ("model",)  # where the request names the model: realtime's is in its session


@dataclass(frozen=True)
class Snippet:
    """One SDK call in a quickstart: `{args}` in `lines` becomes the call's arguments,
    the example body's `names` (those it has) followed by `extra` as written."""

    names: tuple[str, ...]
    lines: tuple[str, ...]
    extra: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()  # placed after the SDK's own import


@dataclass(frozen=True)
class Skeleton:
    """The parts of `build.py new`'s record that depend on the kind (YAML with comments)."""

    modalities: str
    pricing: str
    extra: str = ""


@dataclass(frozen=True)
class Api:
    """A further API that serves some of a kind's models (chat's Responses API): the
    records name it in `apis`; its models get its quickstart and its operation."""

    id: str  # as records write it in `apis`
    label: str  # heads its quickstart: 'Responses API'
    endpoint: str
    example: Callable[[Model, str], Example]
    operation: Operation
    python: Snippet
    javascript: Snippet


@dataclass(frozen=True)
class Kind:
    id: str
    label: str  # the starter site.yaml's label, noun, endpoint and description
    noun: str
    endpoint: str
    description: str
    units: tuple[str, ...]  # the units it may be priced in, in page order
    headline: tuple[str, ...]  # a base price in one of these (the first found) is its headline price
    outputs: tuple[str, ...]  # it must list one of these as an output (the first is added by importers)
    example: Callable[[Model, str], Example]  # (model, endpoint) -> the example call
    operation: Operation
    python: Snippet
    javascript: Snippet
    skeleton: Skeleton
    headline_also: tuple[str, ...] = ()  # further base prices it must have, shown beside the headline
    required_input: str | None = None  # an input modality it must take
    fields: tuple[str, ...] = ()  # the limits and options that describe its models
    required: Mapping[str, str] = field(default_factory=dict)  # field it must have -> placeholder in the hint
    capabilities: bool = False  # its models state the features of FEATURES (streaming, tool calling ...)
    sdk: bool = True  # the OpenAI SDKs have a call for it; else its quickstarts are plain HTTP
    api: str = ""  # the id records give its own endpoint in `apis` (kinds with further APIs)
    apis: tuple[Api, ...] = ()  # further APIs some of its models serve

    @property
    def base_units(self) -> tuple[str, ...]:
        """Every unit the headline rule names."""
        return self.headline + self.headline_also
