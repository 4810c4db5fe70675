"""One HTML page per model: every section of the reference page, for every kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.catalog.derive import Related, SiteIndex
from generator.catalog.records import CollectionSpec, Model, Provider, Site
from generator.render import Job, part, urls
from generator.render.calculator import calculator_view
from generator.render.content import ModelContent, build_content
from generator.render.examples import Example
from generator.render.layout import Page, clip, render_page
from generator.render.offers import upstreams_of
from generator.render.rows import model_rows, providers_of
from generator.render.structured import faq_page, product


@dataclass(frozen=True)
class CollectionLink:
    spec: CollectionSpec
    size: int
    has_model: bool


def jobs(index: SiteIndex) -> Iterator[Job]:
    site = index.catalog.site
    links = collection_links(index)
    for model in index.models:
        provider = index.catalog.providers[model.provider_id]
        related = index.related(model)
        shown_providers = providers_of(related.shown, index.catalog.providers)
        upstreams = upstreams_of(model, index.catalog.providers)  # named in its Offers section
        args = (site, provider, model, related, shown_providers, links[membership(index, model)], upstreams)
        path = urls.output_path(urls.model(model.slug))
        yield Job(path, render_model_page, args, parts=(part(build_content, model, provider, site, *upstreams),))


def membership(index: SiteIndex, model: Model) -> tuple[bool, ...]:
    """Whether the model is in each collection of site.yaml, in order."""
    return tuple(model in c for c in index.collections.values())


def collection_links(index: SiteIndex) -> dict[tuple[bool, ...], tuple[CollectionLink, ...]]:
    """Every collection's link, for each membership pattern that occurs: models with the
    same pattern share one tuple (the engine digests a shared argument once)."""
    patterns = sorted({membership(index, m) for m in index.models})
    return {
        member: tuple(
            CollectionLink(c.spec, len(c.models), has)
            for c, has in zip(index.collections.values(), member, strict=True)
        )
        for member in patterns
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
) -> bytes:
    """`providers`: of the related models; `collections`: every collection, marked for this model;
    `upstreams`: the providers of its offers besides its maker (in `content`; an argument so
    that renaming one renders the page again)."""
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
    return render_page(
        "model.html",
        site,
        page,
        model=model,
        provider=provider,
        content=content,
        request_text=request_text(content.example),
        response_text=annotated_json(content.example.response_json(), content.example.comments),
        same_kind=model_rows(related.same_kind, providers, site),
        same_provider=model_rows(related.same_provider, providers, site),
        collections=collections,
        replacement=related.replacement,
        calculator=calculator_view(model, site, names),
    )


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
