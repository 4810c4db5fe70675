"""Rules on identity and references: slugs, names, collections, replacements, logos, providers."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.checks import Context, _provider_of, at, check
from generator.catalog.load import RawRecord
from generator.catalog.problems import WARNING, Problem, did_you_mean

# ---------------------------------------------------------------- identity


@check
def check_slug_matches_path(ctx: Context) -> Iterator[Problem]:
    for slug, model in ctx.models.items():
        written = model.data.get("slug")
        if written is not None and written != slug:
            yield at(
                model,
                "/slug",
                f"slug '{written}' does not match the file path, which gives '{slug}'",
                f"set slug: {slug}, or move the file to catalog/models/{written}.yaml",
            )


@check
def check_provider_exists(ctx: Context) -> Iterator[Problem]:
    for slug, model in ctx.models.items():
        provider = _provider_of(slug)
        if provider not in ctx.existing_providers:
            yield at(
                model,
                "",
                f"provider '{provider}' has no record",
                f"create catalog/providers/{provider}.yaml (name, website, description, byok)",
            )


@check
def check_offer_providers(ctx: Context) -> Iterator[Problem]:
    """`upstream` and every offer's provider name a provider record; a model lists each
    upstream (and region) once, its own pricing included."""
    for slug, model in ctx.models.items():
        upstream = model.data.get("upstream")
        if upstream is not None and upstream not in ctx.existing_providers:
            yield _no_provider(model, "/upstream", upstream)
        seen = {(upstream or _provider_of(slug), None): "the record's own pricing"}
        for index, offer in enumerate(model.data.get("offers", [])):
            provider = offer["provider"]
            if provider not in ctx.existing_providers:
                yield _no_provider(model, f"/offers/{index}/provider", provider)
            key = (provider, offer.get("region"))
            if key in seen:
                where = f" in {key[1]}" if key[1] else ""
                yield at(
                    model,
                    f"/offers/{index}/provider",
                    f"'{provider}'{where} is offered twice; the first is {seen[key]}",
                    "merge the two price lists, or tell them apart with region",
                )
            seen.setdefault(key, f"/offers/{index}")


def _no_provider(model: RawRecord, pointer: str, provider: str) -> Problem:
    return at(
        model,
        pointer,
        f"upstream '{provider}' has no provider record",
        f"create catalog/providers/{provider}.yaml (name, website, description, byok), or fix the id",
    )


@check
def check_unique_names(ctx: Context) -> Iterator[Problem]:
    """Display names and aliases are unique within a provider; an alias may not be another model's id."""
    seen: dict[tuple[str, str], str] = {}
    for slug in sorted(ctx.models):
        model, provider = ctx.models[slug], _provider_of(slug)
        key = (provider, model.data["name"].strip().casefold())
        if key in seen:
            yield at(
                model,
                "/name",
                f"display name '{model.data['name']}' is already used by {seen[key]}",
                "give each model of a provider its own name, e.g. add the version or size",
            )
        else:
            seen[key] = slug
    ids: dict[str, str] = {slug: slug for slug in ctx.existing_models}
    for slug in sorted(ctx.models):
        model, provider = ctx.models[slug], _provider_of(slug)
        for index, alias in enumerate(model.data.get("aliases", [])):
            full = f"{provider}/{alias}"
            if full in ids and ids[full] != slug:
                owner = ids[full]
                what = "a model's id" if owner == full else f"an alias of {owner}"
                yield at(
                    model, f"/aliases/{index}", f"alias '{alias}' is already {what}", "remove the alias or rename it"
                )
            elif full == slug:
                yield at(
                    model, f"/aliases/{index}", f"alias '{alias}' repeats the model's own id", "remove it", WARNING
                )
            else:
                ids[full] = slug


# ---------------------------------------------------------------- references


def _collection_ids(ctx: Context) -> set[str]:
    return {c["id"] for c in ctx.site.data["collections"]} if ctx.site else set()


@check
def check_collections_exist(ctx: Context) -> Iterator[Problem]:
    if ctx.site is None:
        return
    known = _collection_ids(ctx)
    for model in ctx.models.values():
        for index, name in enumerate(model.data.get("collections", [])):
            if name not in known:
                hint = (
                    did_you_mean(name, known)
                    or f"define it in catalog/site.yaml, or use one of: {', '.join(sorted(known))}"
                )
                yield at(model, f"/collections/{index}", f"collection '{name}' is not defined in site.yaml", hint)


@check
def check_collection_members_exist(ctx: Context) -> Iterator[Problem]:
    if ctx.site is None:
        return
    seen: set[str] = set()
    for c_index, collection in enumerate(ctx.site.data["collections"]):
        base = f"/collections/{c_index}"
        if collection["id"] in seen:
            yield at(ctx.site, f"{base}/id", f"collection id '{collection['id']}' is defined twice", "rename one")
        seen.add(collection["id"])
        for index, slug in enumerate(collection.get("models", [])):
            if slug not in ctx.existing_models:
                yield at(
                    ctx.site,
                    f"{base}/models/{index}",
                    f"collection '{collection['id']}' lists '{slug}', which has no record",
                    f"add catalog/models/{slug}.yaml or remove the entry",
                )
        for index, provider in enumerate(collection.get("rule", {}).get("providers", [])):
            if provider not in ctx.existing_providers:
                yield at(
                    ctx.site,
                    f"{base}/rule/providers/{index}",
                    f"rule names provider '{provider}', which has no record",
                    "use a provider id: the file name of a catalog/providers/*.yaml record",
                )


@check
def check_replacement(ctx: Context) -> Iterator[Problem]:
    for slug, model in ctx.models.items():
        data = model.data
        replacement = data.get("replacement")
        deprecated = data["status"] == "deprecated"
        if replacement is None:
            if deprecated:
                yield at(
                    model,
                    "/status",
                    "a deprecated model should name its replacement",
                    "add replacement: <provider>/<model> so readers know what to move to",
                    WARNING,
                )
            continue
        if not deprecated:
            yield at(
                model,
                "/replacement",
                "replacement is set but the model is not deprecated",
                "set status: deprecated with a sunset_date, or remove replacement",
                WARNING,
            )
        if replacement == slug:
            yield at(model, "/replacement", "a model cannot replace itself", "name a different model")
        elif replacement not in ctx.existing_models:
            yield at(
                model,
                "/replacement",
                f"replacement '{replacement}' has no record",
                f"add catalog/models/{replacement}.yaml or name an existing model",
            )
        elif replacement in ctx.models and ctx.models[replacement].data["status"] == "deprecated":
            yield at(
                model,
                "/replacement",
                f"replacement '{replacement}' is itself deprecated",
                "point at the model that replaces it",
                WARNING,
            )


@check
def check_logo(ctx: Context) -> Iterator[Problem]:
    for provider in ctx.providers.values():
        logo = provider.data.get("logo")
        if logo is not None and logo not in ctx.assets:
            yield at(
                provider,
                "/logo",
                f"logo '{logo}' is not in catalog/providers/",
                f"add catalog/providers/{logo} (an SVG file) or remove the field",
            )


@check
def check_unused_provider(ctx: Context) -> Iterator[Problem]:
    used = {_provider_of(slug) for slug in ctx.existing_models}
    for model in ctx.models.values():
        used.update([model.data.get("upstream")] + [o["provider"] for o in model.data.get("offers", [])])
    for provider_id, provider in sorted(ctx.providers.items()):
        if provider_id not in used:
            yield at(
                provider,
                "",
                f"provider '{provider_id}' has no models",
                f"add models under catalog/models/{provider_id}/ or delete the record",
                WARNING,
            )
