"""One HTML page per model: every section of the reference page, for every kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.catalog.derive import SiteIndex
from generator.catalog.records import CollectionSpec, Model, Provider, Site
from generator.render import Job, urls
from generator.render.content import build_content
from generator.render.examples import Example
from generator.render.layout import Page, clip, model_rows, providers_of, render_page
from generator.render.structured import faq_page, product


@dataclass(frozen=True)
class CollectionLink:
    spec: CollectionSpec
    size: int
    has_model: bool


@dataclass(frozen=True)
class Neighbours:
    """Everything a model page shows about other records; a plain job argument."""

    same_kind: tuple[Model, ...]
    same_provider: tuple[Model, ...]
    providers: tuple[Provider, ...]  # of the models above
    collections: tuple[CollectionLink, ...]  # every collection of site.yaml
    replacement: Model | None


def jobs(index: SiteIndex) -> Iterator[Job]:
    site = index.catalog.site
    links: dict[tuple[bool, ...], tuple[CollectionLink, ...]] = {}
    for model in index.models:
        provider = index.catalog.providers[model.provider_id]
        path = urls.output_path(urls.model(model.slug))
        yield Job(path, render_model_page, (site, provider, model, neighbours(index, model, links)))


def neighbours(index: SiteIndex, model: Model, links: dict[tuple[bool, ...], tuple[CollectionLink, ...]]) -> Neighbours:
    """`links` shares one tuple of collection links among the models in the same
    collections (the engine digests each shared object once)."""
    related = index.related(model)
    replacement = index.replacement(model)
    shown = related.same_kind + related.same_provider + ((replacement,) if replacement else ())
    return Neighbours(
        same_kind=related.same_kind,
        same_provider=related.same_provider,
        providers=providers_of(shown, index.catalog.providers),
        collections=_collection_links(index, model, links),
        replacement=replacement,
    )


def _collection_links(index: SiteIndex, model: Model,
                      links: dict[tuple[bool, ...], tuple[CollectionLink, ...]]) -> tuple[CollectionLink, ...]:  # fmt: skip
    member = tuple(model in c for c in index.collections.values())
    if member not in links:
        links[member] = tuple(
            CollectionLink(c.spec, len(c.models), has)
            for c, has in zip(index.collections.values(), member, strict=True)
        )
    return links[member]


def render_model_page(site: Site, provider: Provider, model: Model, near: Neighbours) -> bytes:
    content = build_content(model, provider, site)
    url = urls.model(model.slug)
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
        same_kind=model_rows(near.same_kind, near.providers, site),
        same_provider=model_rows(near.same_provider, near.providers, site),
        collections=near.collections,
        replacement=near.replacement,
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
