"""One HTML page per model: every section of the reference page, for every kind.

Much of a model page is the same on many model pages (its header and footer, its
errors, each kind's API schema and quickstarts, each related model's item): each such
piece is a shared part (modelparts.py), rendered once per build, so that a page renders
only what depends on its record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from generator.catalog.derive import Related, SiteIndex
from generator.catalog.records import CollectionSpec, Model, Provider, Site
from generator.render import Job, Part, part, shared, shared_each, urls
from generator.render.calculator import calculator_view
from generator.render.content import ModelContent, build_content
from generator.render.examples import Example
from generator.render.layout import Chrome, Page, clip, render_page
from generator.render.modelparts import (
    SectionFrame,
    api_schema_frame,
    api_schema_values,
    api_shape,
    api_shape_of,
    calculator_frame,
    errors_section,
    fill,
    fill_calculator,
    model_chrome,
    quickstart_frame,
    quickstart_shape,
    quickstart_shape_of,
    quickstart_values,
    related_item,
)
from generator.render.offers import upstreams_of
from generator.render.rows import ModelRow, model_rows, providers_of
from generator.render.structured import faq_page, product
from generator.render.templating import Frame


@dataclass(frozen=True)
class CollectionLink:
    spec: CollectionSpec
    size: int
    has_model: bool


def jobs(index: SiteIndex) -> Iterator[Job]:
    site, providers = index.catalog.site, index.catalog.providers
    members = memberships(index)
    links = collection_links(index, members)
    # The parts every page of a kind, or of a quickstart shape, shares: one Part each.
    common = (shared(model_chrome, site), shared(errors_section, site))
    calculator = shared(calculator_frame, site)
    api_parts = {
        kind: shared(api_schema_frame, site, *api_shape_of(models[0], site)) for kind, models in index.by_kind.items()
    }
    quickstart_parts: dict[tuple[Any, ...], Part] = {}  # one object per shape: parts are known by it
    for model, member in zip(index.models, members, strict=True):
        provider = providers[model.provider_id]
        related = index.related(model)
        shown_providers = providers_of(related.shown, providers)
        upstreams = upstreams_of(model, providers)  # named in its Offers section
        args = (site, provider, model, related, shown_providers, links[member], upstreams)
        path = urls.output_path(urls.model(model.slug))
        listed = len(related.same_kind) + len(related.same_provider)
        items = [
            (site, m, p, p is provider)  # is the page of the same provider?
            for m in related.shown[:listed]
            for p in (providers[m.provider_id],)
        ]
        shape = quickstart_shape_of(model)
        quickstart = quickstart_parts.get(shape)
        if quickstart is None:
            quickstart = quickstart_parts[shape] = shared(quickstart_frame, site, *shape)
        parts = (
            part(build_content, model, provider, site, *upstreams),
            *common,
            api_parts[model.kind],
            quickstart,
            calculator,
            shared_each(related_item, items),
        )
        yield Job(path, render_model_page, args, parts=parts)


def memberships(index: SiteIndex) -> list[tuple[bool, ...]]:
    """Per model of the index, whether it is in each collection of site.yaml, in order;
    models with the same pattern share one tuple."""
    slugs = [c.slugs for c in index.collections.values()]
    known: dict[tuple[bool, ...], tuple[bool, ...]] = {}
    patterns = []
    for model in index.models:
        member = tuple(model.slug in s for s in slugs)
        patterns.append(known.setdefault(member, member))
    return patterns


def collection_links(
    index: SiteIndex, members: list[tuple[bool, ...]]
) -> dict[tuple[bool, ...], tuple[CollectionLink, ...]]:
    """Every collection's link, for each membership pattern that occurs (`members`: each
    model's, from memberships): models with the same pattern share one tuple (the engine
    digests a shared argument once)."""
    return {
        member: tuple(
            CollectionLink(c.spec, len(c.models), has)
            for c, has in zip(index.collections.values(), member, strict=True)
        )
        for member in sorted(set(members))
    }


def render_model_page(
    site: Site,
    provider: Provider,
    model: Model,
    related: Related,
    providers: tuple[Provider, ...],
    collections: tuple[CollectionLink, ...],
    upstreams: tuple[Provider, ...],
    content: ModelContent,
    chrome: Chrome | None,
    errors: Markup | None,
    api_schema: SectionFrame,
    quickstart: SectionFrame,
    calculator: Frame | None,
    items: list[Markup | None],
) -> bytes:
    """`providers`: of the related models; `collections`: every collection, marked for this model;
    `upstreams`: the providers of its offers besides its maker (in `content`; an argument so
    that renaming one renders the page again). The shared parts (modelparts.py): `chrome`
    (header and footer), `errors`, the frames of the `api_schema`, `quickstart` and
    `calculator` sections, and `items` (the related models' list items, same kind first); where one is None or
    made for another shape, the page renders that piece itself."""
    url = urls.model(model.slug)
    names = {p.id: p.name for p in (provider, *upstreams)}
    page = Page(
        url=url,
        title=f"{model.name} by {provider.name}: pricing, API and examples",
        description=clip(content.summary),
        crumbs=(("Models", urls.MODELS), (provider.name, urls.provider(provider.id)), (model.name, url)),
        structured=(product(model, provider, site, content), faq_page(content)),
        og_type="product",
    )
    request = request_text(content.example)
    view = calculator_view(model, site, names)
    response = annotated_json(content.example.response_json(), content.example.comments)
    return render_page(
        "model.html",
        site,
        page,
        chrome,
        model=model,
        provider=provider,
        content=content,
        request_text=request,
        response_text=response,
        api_schema=fill(api_schema, api_shape(content, model), api_schema_values(model, request, response)),
        quickstart=fill(quickstart, quickstart_shape(content, model), quickstart_values(model, content)),
        same_kind=related_rows(related.same_kind, providers, site, items[: len(related.same_kind)]),
        same_provider=related_rows(related.same_provider, providers, site, items[len(related.same_kind) :]),
        errors_section=errors,
        collections=collections,
        replacement=related.replacement,
        calculator=view,
        calculator_section=fill_calculator(calculator, view, site),
    )


def related_rows(
    models: tuple[Model, ...], providers: tuple[Provider, ...], site: Site, items: list[Markup | None]
) -> tuple[ModelRow | Markup, ...]:
    """The related models' list items already rendered, or their rows to render."""
    if all(item is not None for item in items):
        return tuple(item for item in items if item is not None)
    return model_rows(models, providers, site)


def request_text(example: Example) -> str:
    """The request body as JSON; multipart form fields are shown the same way (as the
    OpenAPI spec's example does), each file field with a remark, so every kind reads alike."""
    if not example.files:
        return annotated_json(example.body_json(), example.comments)
    fields = example.body | example.files
    remarks = example.comments | {name: "a file upload: the bytes of this file" for name in example.files}
    return annotated_json(replace(example, body=fields).body_json(), remarks)


def annotated_json(text: str, comments: dict[str, str]) -> str:
    """Append '// remark' to the line of each commented key, as the reference page does."""
    lines = []
    for line in text.splitlines():
        key = line.strip().split('"')[1] if line.strip().startswith('"') else ""
        lines.append(f"{line}   // {comments[key]}" if key in comments else line)
    return "\n".join(lines)
