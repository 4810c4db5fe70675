"""HTML pages: one per model, plus the home page."""

from __future__ import annotations

from collections.abc import Iterator

from .. import urls
from ..derive import SiteIndex
from ..records import Model, Provider, Site
from . import Job
from .templating import render


def jobs(index: SiteIndex) -> Iterator[Job]:
    site = index.catalog.site
    yield Job(urls.output_path(urls.HOME), render_home, (site, index.models))
    for model in index.models:
        provider = index.catalog.providers[model.provider_id]
        yield Job(urls.output_path(urls.model(model.slug)), render_model_page, (site, provider, model))


def render_home(site: Site, models: tuple[Model, ...]) -> bytes:
    return render("home.html", site=site, models=models, page_url=urls.HOME)


def render_model_page(site: Site, provider: Provider, model: Model) -> bytes:
    return render("model.html", site=site, provider=provider, model=model, page_url=urls.model(model.slug))
