"""The typed core: frozen dataclasses built only from validated data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from generator.catalog.registry import KIND_HEADLINE_UNITS, UNITS, Unit

if TYPE_CHECKING:
    from generator.catalog.load import RawRecord

KINDS = ("chat", "image_generation", "embeddings", "text_to_speech", "speech_to_text", "video_generation")
MODALITIES = ("text", "image", "audio", "video", "embedding")
FEATURES: tuple[tuple[str, str], ...] = (
    ("streaming", "Streaming"),
    ("tool_calling", "Tool calling"),
    ("vision", "Vision"),
    ("json_mode", "JSON mode"),
    ("structured_outputs", "Structured outputs"),
    ("prompt_caching", "Prompt caching"),
    ("reasoning", "Reasoning"),
)


@dataclass(frozen=True)
class Price:
    unit: str
    amount: Decimal
    above_tokens: int | None = None
    size: str | None = None
    quality: str | None = None
    resolution: str | None = None
    note: str | None = None

    @property
    def spec(self) -> Unit:
        return UNITS[self.unit]

    @property
    def is_base(self) -> bool:
        """No tier, size, quality or resolution: the price most readers look for."""
        return not (self.above_tokens or self.size or self.quality or self.resolution)

    @property
    def condition(self) -> str:
        """'above 200K tokens', '1024x1024, hd', '1080p' or ''."""
        parts = [p for p in (self.size, self.quality, self.resolution) if p]
        if self.above_tokens:
            parts.append(f"prompts above {compact_tokens(self.above_tokens)} tokens")
        return ", ".join(parts)

    @property
    def label(self) -> str:
        """'Input', 'Input (prompts above 200K tokens)', 'Per image (1024x1024, hd)'."""
        return f"{self.spec.label} ({self.condition})" if self.condition else self.spec.label


@dataclass(frozen=True)
class Faq:
    question: str
    answer: str  # Markdown


@dataclass(frozen=True)
class Model:
    slug: str
    provider_id: str
    name: str
    description: str  # Markdown
    kind: str
    input_modalities: tuple[str, ...]
    output_modalities: tuple[str, ...]
    pricing: tuple[Price, ...]
    capabilities: tuple[tuple[str, bool], ...]  # every FEATURES id, in order
    strengths: tuple[str, ...]
    use_cases: tuple[str, ...]
    collections: tuple[str, ...]  # as declared in the record
    aliases: tuple[str, ...]
    status: str
    release_date: dt.date
    price_source: str
    faq: tuple[Faq, ...]
    source_file: str
    context_window: int | None = None
    max_output_tokens: int | None = None
    embedding_dimensions: int | None = None
    image_sizes: tuple[str, ...] = ()
    voices: tuple[str, ...] = ()
    video_durations: tuple[int, ...] = ()
    sunset_date: dt.date | None = None
    replacement: str | None = None

    @property
    def model_id(self) -> str:
        return self.slug.split("/", 1)[1]

    @property
    def is_free(self) -> bool:
        return all(p.amount == 0 for p in self.pricing)

    @property
    def is_deprecated(self) -> bool:
        return self.status == "deprecated"

    def has(self, feature: str) -> bool:
        return dict(self.capabilities).get(feature, False)

    @property
    def modalities(self) -> tuple[str, ...]:
        return tuple(m for m in MODALITIES if m in self.input_modalities or m in self.output_modalities)

    @property
    def headline_prices(self) -> tuple[Price, ...]:
        """The one or two prices a reader looks for first: input and output for chat,
        per image for images, and so on. Never empty for a valid record."""
        units = KIND_HEADLINE_UNITS[self.kind]
        if self.kind == "chat":
            units = ("per_1m_input_tokens", "per_1m_output_tokens")
        chosen = []
        for unit in units:
            match = next((p for p in self.pricing if p.unit == unit and not p.above_tokens), None)
            if match is not None:
                chosen.append(match)
                if self.kind != "chat":
                    break
        return tuple(chosen)


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    website: str
    description: str  # Markdown
    byok: bool
    logo: bytes | None = None  # the SVG as found; sanitized when rendered


@dataclass(frozen=True)
class KindSpec:
    id: str
    label: str
    noun: str
    endpoint: str
    description: str


@dataclass(frozen=True)
class ErrorSpec:
    status: int
    type: str
    meaning: str
    retryable: bool


@dataclass(frozen=True)
class CollectionSpec:
    id: str
    name: str
    description: str
    models: tuple[str, ...]
    rule: tuple[tuple[str, Any], ...]  # sorted (condition, value) pairs; empty: no rule


@dataclass(frozen=True)
class Site:
    name: str
    tagline: str
    url: str  # always ends in '/'
    docs_url: str
    api_base_url: str
    env_var: str
    key_placeholder: str
    fee_percent: Decimal
    fee_policy: str
    byok_policy: str
    kinds: tuple[KindSpec, ...]
    errors: tuple[ErrorSpec, ...]
    collections: tuple[CollectionSpec, ...]

    def kind(self, kind_id: str) -> KindSpec:
        return next(k for k in self.kinds if k.id == kind_id)

    def byok_text(self, provider_name: str) -> str:
        return self.byok_policy.replace("{provider}", provider_name)


@dataclass(frozen=True)
class Catalog:
    site: Site
    providers: dict[str, Provider]  # by id, sorted
    models: dict[str, Model]  # by slug, sorted

    def records(self) -> list[Site | Provider | Model]:
        """The site, every provider and every model."""
        return [self.site, *self.providers.values(), *self.models.values()]


def normalize_base_url(url: str) -> str:
    """Always ends in exactly one '/', so page URLs are base + relative path."""
    return url.rstrip("/") + "/"


def compact_tokens(count: int) -> str:
    """200000 -> '200K', 1048576 -> '1.05M', 128000 -> '128K'."""
    for size, suffix in ((1_000_000, "M"), (1_000, "K")):
        if count >= size:
            value = Decimal(count) / size
            text = f"{value:.2f}".rstrip("0").rstrip(".")
            return text + suffix
    return str(count)


# ---------------------------------------------------------------- building


RecordMemo = dict[tuple[str, str], tuple["RawRecord", Any]]  # (kind, ident) -> (the record it was built from, object)


def build_catalog(records: list[RawRecord], assets: dict[str, bytes], base_url: str | None = None,
                  memo: RecordMemo | None = None) -> Catalog:  # fmt: skip
    """Records -> Catalog. Only call with records that passed validation. With a memo
    (a `serve` session), a site, provider or model whose record is the very object of
    the previous build (the file was not parsed again) is that build's object, so what
    is remembered by identity (digests, pieces) stays valid; the memo is updated."""
    before = memo.copy() if memo is not None else {}
    built: RecordMemo = {}

    def reuse(record: RawRecord, make: Callable[[], Any], same: Callable[[Any], bool] = lambda _: True) -> Any:
        known = before.get((record.kind, record.ident))
        value = known[1] if known is not None and known[0] is record and same(known[1]) else make()
        built[(record.kind, record.ident)] = (record, value)
        return value

    site_raw = next(r for r in records if r.kind == "site")
    url = normalize_base_url(base_url or site_raw.data["url"])
    site = reuse(site_raw, lambda: _site(site_raw.data, url), lambda known: known.url == url)
    providers = {
        r.ident: reuse(
            r, lambda r=r: _provider(r.ident, r.data, assets), lambda known, r=r: known.logo == _logo(r.data, assets)
        )  # fmt: skip
        for r in sorted((r for r in records if r.kind == "provider"), key=lambda r: r.ident)
    }
    models = {
        r.ident: reuse(r, lambda r=r: model_from_data(r.ident, r.data, r.file))
        for r in sorted((r for r in records if r.kind == "model"), key=lambda r: r.ident)
    }
    if memo is not None:
        memo.clear()
        memo.update(built)
    return Catalog(site, providers, models)


def _site(data: dict[str, Any], url: str) -> Site:
    kinds = tuple(
        KindSpec(k, v["label"], v.get("noun", v["label"].lower()), v["endpoint"], v["description"])
        for k, v in sorted(data["kinds"].items(), key=lambda kv: KINDS.index(kv[0]))
    )
    errors = tuple(ErrorSpec(e["status"], e["type"], e["meaning"], e["retryable"]) for e in data["errors"])
    collections = tuple(
        CollectionSpec(c["id"], c["name"], c["description"], tuple(c.get("models", [])),
                       tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in c.get("rule", {}).items())))
        for c in data["collections"]
    )  # fmt: skip
    return Site(
        name=data["name"], tagline=data["tagline"], url=url, docs_url=data["docs_url"],
        api_base_url=data["api_base_url"], env_var=data["auth"]["env_var"],
        key_placeholder=data["auth"]["key_placeholder"], fee_percent=Decimal(data["fee_percent"]),
        fee_policy=data["fee_policy"], byok_policy=data["byok_policy"],
        kinds=kinds, errors=errors, collections=collections,
    )  # fmt: skip


def _provider(ident: str, data: dict[str, Any], assets: dict[str, bytes]) -> Provider:
    return Provider(ident, data["name"], data["website"], data["description"], data["byok"], _logo(data, assets))


def _logo(data: dict[str, Any], assets: dict[str, bytes]) -> bytes | None:
    return assets.get(data["logo"]) if "logo" in data else None


def model_from_data(slug: str, data: dict[str, Any], source_file: str = "") -> Model:
    capabilities = data.get("capabilities", {})
    sunset = data.get("sunset_date")
    return Model(
        slug=slug,
        provider_id=slug.split("/", 1)[0],
        name=data["name"],
        description=data["description"],
        kind=data["kind"],
        input_modalities=tuple(m for m in MODALITIES if m in data["modalities"]["input"]),
        output_modalities=tuple(m for m in MODALITIES if m in data["modalities"]["output"]),
        pricing=tuple(
            Price(
                p["unit"],
                Decimal(p["amount"]),
                p.get("above_tokens"),
                p.get("size"),
                p.get("quality"),
                p.get("resolution"),
                p.get("note"),
            )
            for p in data["pricing"]
        ),  # fmt: skip
        capabilities=tuple((f, bool(capabilities.get(f, False))) for f, _ in FEATURES),
        strengths=tuple(data.get("strengths", [])),
        use_cases=tuple(data.get("use_cases", [])),
        collections=tuple(data.get("collections", [])),
        aliases=tuple(data.get("aliases", [])),
        status=data["status"],
        release_date=dt.date.fromisoformat(data["release_date"]),
        price_source=data["price_source"],
        faq=tuple(Faq(f["question"], f["answer"]) for f in data.get("faq", [])),
        source_file=source_file,
        context_window=data.get("context_window"),
        max_output_tokens=data.get("max_output_tokens"),
        embedding_dimensions=data.get("embedding_dimensions"),
        image_sizes=tuple(data.get("image_sizes", [])),
        voices=tuple(data.get("voices", [])),
        video_durations=tuple(data.get("video_durations", [])),
        sunset_date=dt.date.fromisoformat(sunset) if sunset else None,
        replacement=data.get("replacement"),
    )
