"""The parts of model pages that are the same on many of them, each rendered once per
build (render.shared) from the same templates and placed into the pages unescaped:

- `model_chrome`: the header and footer, the same on every model page of the site;
- `errors_section`: the table of errors and the links under it, likewise;
- `related_item`: one model's item in the lists of related models of other pages;
- `api_schema_frame`, `quickstart_frame`: the API-schema and Quickstart sections of a
  kind, as Frames into which a page fills its model's name, request and code;
- `calculator_frame`: the cost calculator, a Frame into which a page fills its caption,
  its inputs (_calculator_inputs.html) and its price lists (the JSON of the registry
  and the fee around them is the site's).

Each is rendered for a page that stands for every model page (`ANY_MODEL`, at their
depth, whose path no model has; its model's slug is `STANDIN`), so a part that would
read differently on some page shows the stand-in and is not used. A part is None (and
each page renders that piece itself, as it always can) when the site overrides one of
the templates it comes from: an override may use any value of the page."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup

from generator.catalog.records import Model, Provider, Site
from generator.catalog.registry import KINDS
from generator.render import examples, urls
from generator.render.calculator import CalculatorView, registry_data
from generator.render.content import ModelContent
from generator.render.layout import Chrome, Page, page_links, render_chrome
from generator.render.rows import ModelRow, price_text
from generator.render.templating import (
    Frame,
    frame_of,
    is_overridden,
    render_frame,
    render_macro,
    render_markup,
    slot,
    tojson,
)

STANDIN = "\0"  # a path segment no model has
ANY_MODEL = urls.model(f"{STANDIN}/{STANDIN}")
ERRORS_TEMPLATES = ("_errors.html",)
ITEM_TEMPLATES = ("_macros.html", "_related.html")
API_SCHEMA_TEMPLATES = ("_api_schema.html", "_macros.html")
QUICKSTART_TEMPLATES = ("_quickstart.html", "_macros.html")
API_SCHEMA_SLOTS = frozenset({"name", "request", "response"})
CALCULATOR_TEMPLATES = ("_calculator.html", "_calculator_inputs.html")
CALCULATOR_SLOTS = frozenset({"caption", "inputs", "offers", "offer"})
PAGE_DATA = ("offers", "offer")  # the keys of a calculator's data that are the model's
CODE = ("python", "javascript", "curl")  # the code of each quickstart

# What a kind's API-schema section shows besides the model's name and example:
# (kind, method, content type, response type, has a JSON response, calls the SDK).
ApiShape = tuple[str, str, str, str, bool, bool]
# What a Quickstart section shows besides code: (kind, calls the SDK, (label, endpoint) of each further API).
QuickstartShape = tuple[str, bool, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class SectionFrame:
    """A Frame of a section and the shape it was rendered for: a page whose content has
    another shape renders the section itself."""

    shape: tuple[Any, ...]
    frame: Frame | None


def stand_in_page(site: Site, url: str = ANY_MODEL) -> dict[str, Any]:
    return page_links(site, Page(url=url, title="", description=""))


def model_chrome(site: Site) -> Chrome | None:
    """The header and footer of every model page (their links read alike on each)."""
    return render_chrome(site, Page(url=ANY_MODEL, title="", description=""))


def errors_section(site: Site) -> Markup | None:
    """The Errors section of every model page: its link to the page's own Markdown twin
    reads the same on each."""
    if is_overridden(site.theme.templates, ERRORS_TEMPLATES):
        return None
    standin = SimpleNamespace(slug=f"{STANDIN}/{STANDIN}")
    section = render_markup("_errors.html", site.theme.templates, model=standin, **stand_in_page(site))
    return None if STANDIN in section else section


def related_item(site: Site, model: Model, provider: Provider, from_its_provider: bool) -> Markup | None:
    """One model's item in the lists of related models, as every model page links it:
    those of its own provider (`from_its_provider`, a shorter link), or every other."""
    if is_overridden(site.theme.templates, ITEM_TEMPLATES):
        return None
    page = urls.model(f"{model.provider_id if from_its_provider else STANDIN}/{STANDIN}")
    row = ModelRow(model, provider, site.kind(model.kind).label, price_text(model))
    return render_macro("_macros.html", "model_item", site.theme.templates, row, stand_in_page(site, page)["href"])


# ---------------------------------------------------------------- frames of a kind's sections


def api_shape_of(model: Model, site: Site) -> ApiShape:
    """The shape of a model's API-schema section, from its kind's example."""
    example = examples.example_for(model, site)
    sdk = KINDS[model.kind].sdk
    return (model.kind, example.method, example.content_type, example.response_type, example.response is not None, sdk)


def api_shape(content: ModelContent, model: Model) -> ApiShape:
    e = content.example
    return (model.kind, e.method, e.content_type, e.response_type, e.response is not None, content.sdk)


def quickstart_shape_of(model: Model) -> QuickstartShape:
    apis = tuple((a.label, a.endpoint) for a in KINDS[model.kind].apis if model.serves(a.id))
    return (model.kind, KINDS[model.kind].sdk, apis)


def quickstart_shape(content: ModelContent, model: Model) -> QuickstartShape:
    return (model.kind, content.sdk, tuple((a.label, a.endpoint) for a in content.api_quickstarts))


def api_schema_frame(site: Site, *shape: Any) -> SectionFrame:
    """The API-schema section of a kind's model pages, to be filled with a model's name,
    request and response."""
    kind_id, method, content_type, response_type, has_response, sdk = shape
    if is_overridden(site.theme.templates, API_SCHEMA_TEMPLATES):
        return SectionFrame(shape, None)
    kind = site.kind(kind_id)
    example = SimpleNamespace(
        method=method, content_type=content_type, response_type=response_type, response={} if has_response else None
    )
    content = SimpleNamespace(sdk=sdk, kind=kind, example=example, endpoint_url=site.api_base_url + kind.endpoint)
    frame = render_frame(
        "_api_schema.html",
        site.theme.templates,
        API_SCHEMA_SLOTS,
        model=SimpleNamespace(name=slot("name")),
        content=content,
        request_text=slot("request"),
        response_text=slot("response"),
        **stand_in_page(site),
    )
    return SectionFrame(shape, frame)


def api_schema_values(model: Model, request: str, response: str) -> dict[str, str]:
    return {"name": model.name, "request": request, "response": response}


def quickstart_frame(site: Site, kind_id: str, sdk: bool, apis: tuple[tuple[str, str], ...]) -> SectionFrame:
    """The Quickstart section of a kind's model pages (serving these further APIs), to be
    filled with a model's name and code."""
    shape = (kind_id, sdk, apis)
    if is_overridden(site.theme.templates, QUICKSTART_TEMPLATES):
        return SectionFrame(shape, None)
    further = tuple(
        SimpleNamespace(label=label, endpoint=endpoint, **{c: slot(f"api{i}-{c}") for c in CODE})
        for i, (label, endpoint) in enumerate(apis)
    )
    content = SimpleNamespace(sdk=sdk, api_quickstarts=further, **{c: slot(c) for c in CODE})
    slots = frozenset({"name", *CODE, *(f"api{i}-{c}" for i in range(len(apis)) for c in CODE)})
    frame = render_frame(
        "_quickstart.html",
        site.theme.templates,
        slots,
        model=SimpleNamespace(name=slot("name")),
        content=content,
        **stand_in_page(site),
    )
    return SectionFrame(shape, frame)


def quickstart_values(model: Model, content: ModelContent) -> dict[str, str]:
    values = {"name": model.name, "python": content.python, "javascript": content.javascript, "curl": content.curl}
    for i, api in enumerate(content.api_quickstarts):
        values |= {f"api{i}-python": api.python, f"api{i}-javascript": api.javascript, f"api{i}-curl": api.curl}
    return values


def calculator_frame(site: Site) -> Frame | None:
    """The calculator of every model page, to be filled with a page's caption, inputs and
    price lists (each key of its data that is not the registry's or the fee: PAGE_DATA)."""
    if is_overridden(site.theme.templates, CALCULATOR_TEMPLATES):
        return None
    data = registry_data(site) | {key: slot(key) for key in PAGE_DATA}
    standin = CalculatorView(slot("caption"), (), (), site.fee_percent, data)
    rendered = render_markup(
        "_calculator.html",
        site.theme.templates,
        calculator=standin,
        calculator_inputs=slot("inputs"),
        **stand_in_page(site),
    )
    for key in PAGE_DATA:  # a value of the JSON: the slot's marker, quoted and escaped
        rendered = Markup(rendered.replace(tojson(slot(key)), slot(key)))
    return frame_of(rendered, CALCULATOR_SLOTS)


def fill_calculator(frame: Frame | None, view: CalculatorView, site: Site) -> Markup | None:
    """A model page's calculator from the frame, or None (no frame, or data of another shape)."""
    if frame is None or view.data is None or not all(key in view.data for key in PAGE_DATA):
        return None
    inputs = render_markup("_calculator_inputs.html", site.theme.templates, calculator=view)
    values = {"caption": view.caption, "inputs": inputs, **{key: tojson(view.data[key]) for key in PAGE_DATA}}
    return frame.fill(values)


def fill(section: SectionFrame, shape: tuple[Any, ...], values: dict[str, str]) -> Markup | None:
    """The section filled with a page's values, or None when it was made for another shape."""
    if section.frame is None or section.shape != shape:
        return None
    return section.frame.fill(values)
