"""One model, several hosts: the copies of a model a source lists under several providers
('deepinfra/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8', 'azure_ai/Llama-4-Maverick-
17B-128E-Instruct-FP8', 'vertex_ai/meta/llama-4-maverick-17b-128e-instruct-maas') become one
record under the model's maker: the maker's own copy (else the first host's) is the record's
pricing, with `upstream` naming its host when that is not the maker, and every other copy is
an offer.

Conservative on purpose: two ids are one model only when `model_name` gives them the same
key, the maker is named by an org prefix `MAKERS` knows ('meta-llama/', 'Qwen/', 'google.'),
and no copy names another known maker. A copy whose org prefix is unknown ('ps/...') stays
a record of its own; a group no copy names a known maker of is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.authoring.importers.common import ImportedModel, Skip, slugify
from generator.authoring.importers.providers import provider_info
from generator.catalog.registry import DEFAULT_CURRENCY

# The org prefix as hosts write it (casefolded) -> the maker's provider id in the catalog.
MAKERS = {
    "meta-llama": "meta",
    "meta": "meta",
    "deepseek-ai": "deepseek",
    "deepseek": "deepseek",
    "google": "google",
    "mistralai": "mistral",
    "mistral": "mistral",
    "qwen": "alibaba",
    "zai-org": "zai",
    "zai": "zai",
}
# Hosts that are a maker's own API under another id (LiteLLM's 'gemini' is Google's Gemini
# API); a host whose id is the maker's ('deepseek', 'mistral', 'zai') needs no entry.
MAKER_HOSTS = {"gemini": "google", "dashscope": "alibaba", "meta_llama": "meta"}
# Path prefixes a host puts before every model id: Fireworks' account path, Cloudflare's
# '@cf/' and '@hf/', OpenInfer's '@oi/'.
HOST_PREFIXES = ("accounts/fireworks/models/", "@cf/", "@hf/", "@oi/")
# Suffixes a host adds to the maker's name: Vertex AI's 'model as a service', the FP8
# quantization most hosts serve (the offer's note keeps the host's own id).
DECORATIONS = ("-maas", "-fp8")
_LIMITS = ("context_window", "max_output_tokens")


@dataclass(frozen=True)
class ModelName:
    org: str | None  # the org prefix, casefolded ('meta-llama'); None when the id names none
    key: str  # what every copy of one model shares: 'llama-4-maverick-17b-128e-instruct'
    display: str  # the same name as the host cases it: 'Llama-4-Maverick-17B-128E-Instruct'


def model_name(model_id: str) -> ModelName:
    """A host's model id -> its org prefix and the name every copy of the model shares.

    Strips only what is known to be the host's, not the model's: a host's path prefix
    ('accounts/fireworks/models/', '@cf/'), one org segment ('meta-llama/', 'Qwen/', or a
    known maker before a dot: 'meta.', 'google.'), and the decorations '-maas' and '-fp8';
    then casefolds. Everything else must match exactly, so sizes, expert counts, versions
    and dates keep models apart ('17b-16e' is not '17b-128e', 'deepseek-v3' is not
    'deepseek-v3-0324', 'v1:0' is not 'v1'). An id with more than one '/' left is a path
    ('fal-ai/flux/dev'), not org/model: it keeps its whole id as its key and names no org.
    """
    name = model_id.strip()
    for prefix in HOST_PREFIXES:
        if name.casefold().startswith(prefix):
            name = name[len(prefix) :]
            break
    org = None
    parts = name.split("/")
    if len(parts) > 2 or not all(parts):
        return ModelName(None, model_id.strip().casefold(), model_id.strip())
    if len(parts) == 2:
        org, name = parts[0].casefold(), parts[1]
    else:
        head, dot, rest = name.partition(".")
        if dot and rest and head.casefold() in MAKERS:
            org, name = head.casefold(), rest
    stripped = True
    while stripped:
        stripped = False
        for decoration in DECORATIONS:
            if name.casefold().endswith(decoration) and len(name) > len(decoration):
                name, stripped = name[: -len(decoration)], True
    return ModelName(org, name.casefold(), name)


def host_of(entry: ImportedModel) -> str:
    """The provider id of the host serving a copy (the slug's provider an import gives it)."""
    return slugify(entry.provider)


def is_makers_own(entry: ImportedModel, provider_id: str) -> bool:
    """Does this copy come from `provider_id` itself (the maker's own API counts)?"""
    return host_of(entry) == provider_id or MAKER_HOSTS.get(entry.provider) == provider_id


def fold_copies(entries: list[ImportedModel], label: str) -> tuple[list[ImportedModel], list[Skip]]:
    """Every entry, with the copies of one model of a known maker replaced by one folded
    entry (its `copies` the host entries, the record's own first); and a skip for each
    second id of one model at one host."""
    groups: dict[tuple[str, str], list[tuple[ImportedModel, ModelName]]] = {}
    for entry in entries:
        name = model_name(entry.model)
        groups.setdefault((entry.data["kind"], name.key), []).append((entry, name))
    result: list[ImportedModel] = []
    skips: list[Skip] = []
    for members in groups.values():
        maker = _maker(members)
        if maker is None:
            result += [entry for entry, _ in members]
            continue
        result += [entry for entry, name in members if name.org is not None and name.org not in MAKERS]
        copies = [(entry, name) for entry, name in members if name.org is None or name.org in MAKERS]
        copies, repeated = _one_per_host(copies)
        skips += repeated
        result.append(_folded(maker, copies, label))
    return result, skips


def _maker(members: list[tuple[ImportedModel, ModelName]]) -> str | None:
    """The one known maker the copies' org prefixes name; None for none, or for two."""
    makers = {MAKERS[name.org] for _, name in members if name.org in MAKERS}
    return makers.pop() if len(makers) == 1 else None


def _one_per_host(
    copies: list[tuple[ImportedModel, ModelName]],
) -> tuple[list[tuple[ImportedModel, ModelName]], list[Skip]]:
    """A host listing one model under two ids ('inferenceapis/deepseek-v3' and
    'inferenceapis/deepseek-ai/DeepSeek-V3') is one offer: the first id by name is kept."""
    kept: dict[str, tuple[ImportedModel, ModelName]] = {}
    skips = []
    for entry, name in sorted(copies, key=lambda c: (host_of(c[0]), c[0].source_id)):
        first = kept.setdefault(host_of(entry), (entry, name))[0]
        if first is not entry:
            skips.append(
                Skip(entry.source_id, f"a second id for one model at {host_of(entry)}; {first.source_id} is imported")
            )
    return list(kept.values()), skips


def _folded(maker: str, copies: list[tuple[ImportedModel, ModelName]], label: str) -> ImportedModel:
    """One entry for the model: the maker's own active copy leads, else the first active
    host's, else the first host's; the rest follow by host id."""
    ordered = [entry for entry, _ in copies]  # by host id
    active = [e for e in ordered if e.data.get("status") != "deprecated"] or ordered
    lead = next((e for e in active if is_makers_own(e, maker)), active[0])
    ordered = [lead, *(e for e in ordered if e is not lead)]
    names = {id(e): n for e, n in copies}
    # the name as the maker cases it ('DeepSeek-V3') where a host kept the case, else the lead's
    name = next((names[id(e)] for e in ordered if names[id(e)].display != names[id(e)].key), names[id(lead)])
    info = provider_info(maker)
    folded = ImportedModel(
        lead.source_id,
        maker,
        name.key,
        {},
        info.name,
        info.website,
        todo=dict(lead.todo),
        copies=ordered,
    )
    folded.data = record_data(folded, name.display, label)
    return folded


def record_data(folded: ImportedModel, display: str, label: str) -> dict[str, Any]:
    """The new record of a folded entry: the lead copy's fields under the maker, its host
    as `upstream` unless that is the maker, and an offer for every other copy."""
    lead, *others = folded.copies
    data = dict(lead.data)
    data["name"] = display[:120] or data["name"]
    if "description" in lead.todo:
        data["description"] = f"{data['name']}, made by {folded.provider_name}. Imported from {label}."
    if not is_makers_own(lead, folded.provider):
        data["upstream"] = host_of(lead)
    if others:
        data["offers"] = [offer_of(copy, data) for copy in others]
    return data


def offer_of(copy: ImportedModel, record: dict[str, Any]) -> dict[str, Any]:
    """A copy as an offer of `record`: its host, prices and source, and its limits, status
    and currency where they differ from the record's. The note names the host's own id,
    which tells a quantized copy ('...-FP8') from the maker's weights."""
    data = copy.data
    offer: dict[str, Any] = {"provider": host_of(copy), "pricing": data["pricing"]}
    currency = data.get("currency", DEFAULT_CURRENCY)
    if currency != record.get("currency", DEFAULT_CURRENCY):
        offer["currency"] = currency
    for key in _LIMITS:
        if key in data and data[key] != record.get(key):
            offer[key] = data[key]
    if data.get("status") in ("preview", "deprecated"):
        offer["status"] = data["status"]
    offer["price_source"] = data["price_source"]
    note = f"{copy.provider_name or host_of(copy)} lists it as {copy.model}."
    if data.get("status") == "deprecated" and data.get("sunset_date"):
        note += f" Deprecated there: it retires on {data['sunset_date']}."  # an offer has no sunset_date
    offer["note"] = note[:300]
    return offer
