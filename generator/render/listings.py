"""The pages that list models: home, /models/, one page per provider, kind,
modality and collection, their directory pages, and the 404 page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from generator.catalog.derive import Collection, SiteIndex
from generator.catalog.records import FEATURES, MODALITIES, CollectionSpec, KindSpec, Model, Offer, Provider, Site
from generator.catalog.registry import DEFAULT_KIND
from generator.render import Job, each, filterindex, urls
from generator.render.content import byok_text
from generator.render.layout import Page, clip, page_links, render_page
from generator.render.paging import Pager, page_title, paginate
from generator.render.rows import (
    capability_ids,
    currencies_of,
    model_rows,
    offer_rows,
    offers_by_upstream,
    providers_of,
    sort_price,
)
from generator.render.structured import website
from generator.render.templating import render
from generator.render.text import plain_text

COMPARE_PRESELECT_LIMIT = 4  # a group page preselects its models on /compare/ up to this many


@dataclass(frozen=True)
class Card:
    """One card on the home page or a directory page."""

    name: str
    url: str
    description: str  # plain text
    count: int
    served: int = 0  # other makers' models a provider serves (as an upstream)


def jobs(index: SiteIndex) -> Iterator[Job]:
    site, providers = index.catalog.site, index.catalog.providers
    served = offers_by_upstream(index.models)
    entries = directory_cards(index, served)
    example = next((m.slug for m in index.by_kind.get(DEFAULT_KIND, index.models) if not m.is_deprecated), "")
    yield Job(urls.output_path(urls.HOME), render_home, (site, len(index.models), example, entries))
    currencies = currencies_of(index.models)
    pages = paginate(index.models, urls.MODELS)
    for pager, chunk in pages:
        args = (site, chunk, pager, tuple(providers.values()), currencies)
        yield Job(urls.output_path(pager.url), render_models, args)
    if len(pages) > 1:
        yield from model_filter_jobs(site, index.models, tuple(providers.values()))
    yield Job(urls.output_path(urls.NOT_FOUND), render_not_found, (site,))
    for name, (url, heading, intro) in DIRECTORIES.items():
        yield Job(urls.output_path(url), render_directory, (site, url, heading, intro, entries[name]))
    for provider in providers.values():
        offers = served.get(provider.id, ())
        named = tuple(providers[pid] for pid in sorted({provider.id} | {m.provider_id for m, _ in offers}))
        for pager, chunk in paginate(index.by_provider[provider.id], urls.provider(provider.id)):
            here = offers if pager.number == 1 else ()  # the first page lists what it serves of others
            yield Job(urls.output_path(pager.url), render_provider, (site, provider, chunk, pager, here, named))
    for kind in site.kinds:
        models = index.by_kind.get(kind.id, ())
        if not models:
            continue  # a kind the registry knows but this catalog does not serve has no page
        for pager, chunk in paginate(models, urls.kind(kind.id)):
            args = (site, kind, chunk, pager, providers_of(chunk, providers))
            yield Job(urls.output_path(pager.url), render_kind, args)
    for modality, models in index.by_modality.items():
        inputs = sum(1 for m in models if modality in m.input_modalities)
        outputs = sum(1 for m in models if modality in m.output_modalities)
        for pager, chunk in paginate(models, urls.modality(modality)):
            args = (site, modality, chunk, pager, providers_of(chunk, providers), inputs, outputs)
            yield Job(urls.output_path(pager.url), render_modality, args)
    for collection in index.collections.values():
        for pager, chunk in paginate(collection.models, urls.collection(collection.spec.id)):
            args = (site, collection.spec, chunk, pager, providers_of(chunk, providers))
            yield Job(urls.output_path(pager.url), render_collection, args)


# The two orders of a listing's row files (filterindex.py): by provider, and by kind then name.
MODEL_ORDERS = ("provider", "name")
MODEL_FILTER_FIELDS = ("provider", "kind", "modalities", "capabilities", "price", "search")


def model_filter_jobs(site: Site, models: tuple[Model, ...], providers: tuple[Provider, ...]) -> Iterator[Job]:
    """The filter index of /models/ and its row files (a listing of several pages only)."""
    plans = model_file_plans(site, models)
    files = []
    for order, plan in zip(MODEL_ORDERS, plans, strict=True):
        names = []
        for number, positions in enumerate(filterindex.members(plan), start=1):
            path = urls.filter_rows(urls.MODELS, order, number)
            names.append(path.rsplit("/", 1)[1])
            yield Job(path, render_model_rows, (site, path, tuple(models[p] for p in positions), providers))
        files.append(tuple(names))
    by_id = {p.id: p for p in providers}
    rows = each(filter_row, ((site, m, by_id[m.provider_id]) for m in models))
    args = (site, models, providers, tuple(files), plans)
    yield Job(urls.filter_index(urls.MODELS), render_model_filter_index, args, parts=(rows,))


def model_file_plans(site: Site, models: tuple[Model, ...]) -> tuple[tuple[int, ...], ...]:
    """Per order of MODEL_ORDERS, the row file of each model of the list."""
    kind_at = {k.id: i for i, k in enumerate(site.kinds)}
    at = range(len(models))
    names = [(kind_at.get(m.kind, len(kind_at)), m.name.casefold(), m.slug) for m in models]
    by_provider = sorted(at, key=lambda i: (models[i].provider_id, *names[i]))
    return filterindex.split((by_provider, sorted(at, key=names.__getitem__)))


def render_model_rows(site: Site, url: str, models: tuple[Model, ...], providers: tuple[Provider, ...]) -> bytes:
    """A row file of /models/: its rows as the listing renders them, linked from `url`."""
    page = Page(url, "", "")
    markup = render(
        "model_rows.html", site.theme.templates, rows=model_rows(models, providers, site), **page_links(site, page)
    )
    return filterindex.render_rows(markup.decode("utf-8"))


def render_model_filter_index(
    site: Site,
    models: tuple[Model, ...],
    providers: tuple[Provider, ...],
    files: tuple[tuple[str, ...], ...],
    plans: tuple[tuple[int, ...], ...],
    rows: list[tuple[filterindex.Value, ...]],
) -> bytes:
    """The filter index of /models/; `rows`: each model's (filter_row), in list order."""
    return filterindex.render_index(MODEL_FILTER_FIELDS, rows, files, plans)


def filter_row(site: Site, model: Model, provider: Provider) -> tuple[filterindex.Value, ...]:
    """What one model's row in /models/ says to its filters (its data-* attributes): the
    search text in pieces, so that its provider's name and its kind's label are written once."""
    return (
        model.provider_id,
        model.kind,
        " ".join(model.modalities),
        " ".join(capability_ids(model)),
        sort_price(model),
        (model.name, _slug_pieces(model), provider.name, site.kind(model.kind).label, *model.aliases),
    )


def _slug_pieces(model: Model) -> filterindex.Piece:
    """A model's slug as its provider's id (written once in the index) and the rest."""
    rest = model.slug.removeprefix(model.provider_id)
    return (model.provider_id, rest) if rest != model.slug else model.slug


DIRECTORIES = {
    "providers": (
        urls.PROVIDERS,
        "Providers",
        "Every provider whose models the gateway serves, and every upstream that serves them.",
    ),
    "kinds": (urls.KINDS, "Kinds of model", "Each kind of model is served by one OpenAI-compatible endpoint."),
    "modalities": (urls.MODALITIES, "Modalities", "Models by what they read and what they produce."),
    "collections": (urls.COLLECTIONS, "Collections", "Hand-picked and rule-based sets of models."),
}


def directory_cards(
    index: SiteIndex, served: dict[str, tuple[tuple[Model, Offer], ...]]
) -> dict[str, tuple[Card, ...]]:
    """`served`: per provider, the offers it serves of other makers' models (rows.offers_by_upstream)."""
    site, providers = index.catalog.site, index.catalog.providers
    return {
        "providers": tuple(
            Card(
                p.name,
                urls.provider(p.id),
                plain_text(p.description),
                len(index.by_provider[p.id]),
                len({m.slug for m, _ in served.get(p.id, ())}),
            )
            for p in providers.values()
        ),
        "kinds": tuple(
            Card(k.label, urls.kind(k.id), k.description, len(index.by_kind[k.id]))
            for k in site.kinds
            if k.id in index.by_kind
        ),
        "modalities": tuple(
            Card(m, urls.modality(m), modality_description(m), len(models)) for m, models in index.by_modality.items()
        ),
        "collections": tuple(_collection_card(c) for c in index.collections.values()),
    }


def _collection_card(collection: Collection) -> Card:
    spec = collection.spec
    return Card(spec.name, urls.collection(spec.id), spec.description, len(collection.models))


def modality_description(modality: str) -> str:
    if modality == "embedding":
        return "Models that turn input into embedding vectors."
    return f"Models that read or produce {modality}."


def render_home(site: Site, model_count: int, example_slug: str, entries: dict[str, tuple[Card, ...]]) -> bytes:
    page = Page(urls.HOME, f"{site.name}: every model behind one API", clip(site.tagline), structured=(website(site),))
    return render_page("home.html", site, page, model_count=model_count, example_slug=example_slug, **entries)


def render_models(
    site: Site, models: tuple[Model, ...], pager: Pager, providers: tuple[Provider, ...], currencies: tuple[str, ...]
) -> bytes:
    """`currencies`: of the whole catalog, which the intro and the filters speak of."""
    page = Page(
        pager.url,
        page_title("All models: prices, context and capabilities", pager),
        clip(f"Every model {site.name} serves, with its price, context window, modalities and capabilities."),
        crumbs=(("Models", urls.MODELS),),
    )
    present = {m for model in models for m in model.modalities}
    return render_page(
        "models.html",
        site,
        page,
        rows=model_rows(models, providers, site),
        pager=pager,
        providers=providers,
        kinds=site.kinds,
        modalities=tuple(m for m in MODALITIES if m in present),
        features=FEATURES,
        currencies=currencies,
    )


def render_directory(site: Site, url: str, heading: str, intro: str, entries: tuple[Card, ...]) -> bytes:
    page = Page(url, heading, clip(intro), crumbs=((heading, url),))
    return render_page("directory.html", site, page, heading=heading, intro=intro, entries=entries)


def _listing(
    template: str,
    site: Site,
    page: Page,
    models: tuple[Model, ...],
    pager: Pager,
    providers: tuple[Provider, ...],
    caption: str,
    **context: object,
) -> bytes:
    slugs = tuple(m.slug for m in models) if 2 <= pager.total <= COMPARE_PRESELECT_LIMIT else ()
    page = replace(page, url=pager.url, title=page_title(page.title, pager))
    return render_page(
        template,
        site,
        page,
        heading=page.title,
        rows=model_rows(models, providers, site),
        pager=pager,
        caption=caption,
        compare_slugs=slugs,
        **{"show_provider": True, "show_kind": True, **context},
    )


def render_provider(
    site: Site,
    provider: Provider,
    models: tuple[Model, ...],
    pager: Pager,
    served: tuple[tuple[Model, Offer], ...],
    named: tuple[Provider, ...],
) -> bytes:
    """`served`: the offers this provider serves of other makers' models (on the first page);
    `named`: this provider and those makers."""
    url = urls.provider(provider.id)
    title = f"{provider.name} models"
    page = Page(
        url, title, clip(plain_text(provider.description)), crumbs=(("Providers", urls.PROVIDERS), (title, url))
    )
    return _listing(
        "provider.html",
        site,
        page,
        models,
        pager,
        (provider,),
        f"Every {provider.name} model",
        provider=provider,
        byok=byok_text(provider, site),
        show_provider=False,
        served=offer_rows(served, named),
        served_models=len({m.slug for m, _ in served}),
    )


def render_kind(
    site: Site, kind: KindSpec, models: tuple[Model, ...], pager: Pager, providers: tuple[Provider, ...]
) -> bytes:
    url = urls.kind(kind.id)
    title = f"{kind.label} models"
    page = Page(url, title, clip(kind.description), crumbs=(("Kinds", urls.KINDS), (title, url)))
    return _listing(
        "kind.html", site, page, models, pager, providers, f"Every {kind.noun} model", kind=kind, show_kind=False
    )


def render_modality(
    site: Site,
    modality: str,
    models: tuple[Model, ...],
    pager: Pager,
    providers: tuple[Provider, ...],
    inputs: int,
    outputs: int,
) -> bytes:
    url = urls.modality(modality)
    title = f"{modality.capitalize()} models"
    page = Page(
        url, title, clip(modality_description(modality)), crumbs=(("Modalities", urls.MODALITIES), (title, url))
    )
    return _listing(
        "modality.html",
        site,
        page,
        models,
        pager,
        providers,
        f"Every model that reads or produces {modality}",
        modality=modality,
        inputs=inputs,
        outputs=outputs,
    )


def render_collection(
    site: Site, spec: CollectionSpec, models: tuple[Model, ...], pager: Pager, providers: tuple[Provider, ...]
) -> bytes:
    url = urls.collection(spec.id)
    page = Page(url, spec.name, clip(spec.description), crumbs=(("Collections", urls.COLLECTIONS), (spec.name, url)))
    return _listing(
        "collection.html", site, page, models, pager, providers, f"Every model in {spec.name}", collection=spec
    )


def render_not_found(site: Site) -> bytes:
    page = Page(urls.NOT_FOUND, "Page not found", "There is no page at this address.", is_anywhere=True)
    return render_page("404.html", site, page)
