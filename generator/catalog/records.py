"""The typed core: frozen dataclasses built only from validated data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from generator.catalog.kinds.base import Kind
from generator.catalog.registry import CACHE_TTLS, DEFAULT_CURRENCY, KINDS, UNITS, Unit, tier_label

if TYPE_CHECKING:
    from generator.catalog.load import RawRecord

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
class Window:
    """A time of day, in UTC, during which a price applies; `end` may be past midnight."""

    start: str  # 'HH:MM'
    end: str

    def contains(self, time: str) -> bool:
        """Whether 'HH:MM' falls in [start, end)."""
        if self.start < self.end:
            return self.start <= time < self.end
        return time >= self.start or time < self.end

    def overlaps(self, other: Window) -> bool:
        """Whether the two share a minute of the day (either may wrap past midnight)."""
        return any(s1 < e2 and s2 < e1 for s1, e1 in self._minute_spans() for s2, e2 in other._minute_spans())

    def _minute_spans(self) -> list[tuple[int, int]]:
        """Half-open minute ranges of one day: two when the window wraps past midnight."""
        start, end = (int(t[:2]) * 60 + int(t[3:]) for t in (self.start, self.end))
        return [(start, end)] if start < end else [(start, 24 * 60), (0, end)]

    def __str__(self) -> str:
        return f"{self.start}–{self.end} UTC"


_IDENTITY_FIELDS = ("unit", "above_tokens", "size", "quality", "resolution", "tier", "cache_ttl", "window")


@dataclass(frozen=True)
class Price:
    unit: str
    amount: Decimal
    above_tokens: int | None = None
    size: str | None = None
    quality: str | None = None
    resolution: str | None = None
    note: str | None = None
    tier: str | None = None  # service tier (batch, flex, priority, or a named mode); None: standard
    cache_ttl: str | None = None  # cache-write lifetime: '5m' or '1h'
    window: Window | None = None  # off-peak and other time-of-day prices
    incremental: bool = False  # above_tokens prices only the tokens beyond it (else the whole request: a cliff)

    @property
    def spec(self) -> Unit:
        return UNITS[self.unit]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Price:
        """A price component as a record or an importer writes it (a dict). Every model's
        components are made by the checks and again by the records, so the fields are set
        in one step rather than through the frozen class's field-by-field __init__."""
        get = data.get
        window = get("window")
        price = object.__new__(cls)
        price.__dict__.update(
            unit=data["unit"],
            amount=Decimal(data["amount"]),
            above_tokens=get("above_tokens"),
            size=get("size"),
            quality=get("quality"),
            resolution=get("resolution"),
            note=get("note"),
            tier=get("tier"),
            cache_ttl=get("cache_ttl"),
            window=Window(window["start"], window["end"]) if window else None,
            incremental=get("above_tokens_rule") == "incremental",
        )
        return price

    @property
    def identity(self) -> tuple[Any, ...]:
        """What tells two components of one model apart; a model lists each at most once."""
        return (
            self.unit,
            self.above_tokens,
            self.size,
            self.quality,
            self.resolution,
            self.tier,
            self.cache_ttl,
            self.window,
        )

    def identity_as(self, **changes: Any) -> tuple[Any, ...]:
        """replace(self, **changes).identity, without making that component (the checks ask
        it of every component, for its standard-tier or base-price twin)."""
        values = self.__dict__
        return tuple(changes[name] if name in changes else values[name] for name in _IDENTITY_FIELDS)

    def _conditions(self, threshold: str) -> str:
        parts = [tier_label(self.tier)] if self.tier else []
        if self.cache_ttl:
            parts.append(f"{CACHE_TTLS.get(self.cache_ttl, self.cache_ttl)} cache")
        parts += [p for p in (self.size, self.quality, self.resolution) if p]
        if self.above_tokens:
            parts.append(threshold)
        if self.window:
            parts.append(str(self.window))
        return ", ".join(parts)

    @property
    def condition(self) -> str:
        """For readers: 'prompts above 200K tokens', '1024x1024, hd', 'Batch', '16:30–00:30 UTC' or ''."""
        count = compact_tokens(self.above_tokens or 0)
        return self._conditions(f"tokens beyond {count}" if self.incremental else f"prompts above {count} tokens")

    @property
    def exact_condition(self) -> str:
        """For authors comparing catalogs: 'above 200,000 tokens', '1024x1024, hd' or ''."""
        rule = " (incremental)" if self.incremental else ""
        return self._conditions(f"above {self.above_tokens or 0:,} tokens{rule}")

    @property
    def is_standard(self) -> bool:
        """The everyday price: standard tier, any time, no long-context tier."""
        return not self.above_tokens and self.tier is None and self.window is None

    @property
    def label(self) -> str:
        """'Input', 'Input (prompts above 200K tokens)', 'Per image (1024x1024, hd)'."""
        return f"{self.spec.label} ({self.condition})" if self.condition else self.spec.label


@dataclass(frozen=True)
class Offer:
    """One upstream that serves a model, with its own price list. A record's own pricing is
    its first offer (`own`); `offers:` in the record adds the others."""

    provider_id: str
    pricing: tuple[Price, ...]
    price_source: str
    currency: str = DEFAULT_CURRENCY
    status: str = "active"
    context_window: int | None = None
    max_output_tokens: int | None = None
    region: str | None = None
    note: str | None = None
    own: bool = False

    @property
    def id(self) -> str:
        """What `cost --offer` and the JSON API call it: 'groq', or 'bedrock@eu' with a region."""
        return f"{self.provider_id}@{self.region}" if self.region else self.provider_id


def headline_of(kind_id: str, pricing: tuple[Price, ...]) -> tuple[Price, ...]:
    """The one or two prices a reader looks for first in a price list: input and output for
    chat, per image for images, and so on (the kind's headline rule)."""
    kind = KINDS[kind_id]
    base = {p.unit: p for p in reversed(pricing) if p.is_standard}  # the first of each unit
    first = next((base[unit] for unit in kind.headline if unit in base), None)
    also = [base[unit] for unit in kind.headline_also if unit in base]
    return tuple([first, *also] if first is not None else also)


@dataclass(frozen=True)
class PricePeriod:
    """One price list of a record and the days it applies: [start, end), either open.
    `scheduled`: announced in the record as a change to come (it may have come by now)."""

    start: dt.date | None
    end: dt.date | None
    pricing: tuple[Price, ...]
    source: str  # where it was published: the pricing page, an archived copy, an announcement
    note: str | None = None
    scheduled: bool = False
    context_window: int | None = None  # the window in force then: the entry's, else the record's

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def price_periods(data: dict[str, Any]) -> tuple[PricePeriod, ...]:
    """A record's price over time, oldest first: `price_history`, the record's `pricing`
    (from the last history entry's `until` to the first scheduled change), then
    `scheduled_prices`. One period when the record carries neither."""
    history, scheduled = data.get("price_history", []), data.get("scheduled_prices", [])
    window = data.get("context_window")
    periods = [
        PricePeriod(
            _date(entry.get("from")),
            _date(entry["until"]),
            tuple(Price.from_data(p) for p in entry["pricing"]),
            entry["price_source"],
            entry.get("note"),
            context_window=entry.get("context_window", window),
        )
        for entry in history
    ]
    starts = [_date(entry["from"]) for entry in scheduled]
    listed_start = periods[-1].end if periods else None
    periods.append(
        PricePeriod(
            listed_start,
            starts[0] if starts else None,
            tuple(Price.from_data(p) for p in data["pricing"]),
            data["price_source"],
            context_window=window,
        )
    )
    for index, entry in enumerate(scheduled):
        periods.append(
            PricePeriod(
                starts[index],
                starts[index + 1] if index + 1 < len(starts) else None,
                tuple(Price.from_data(p) for p in entry["pricing"]),
                entry["announcement"],
                entry.get("note"),
                scheduled=True,
                context_window=entry.get("context_window", window),
            )
        )
    return tuple(periods)


def period_at(periods: tuple[PricePeriod, ...], day: dt.date | None) -> int:
    """The index of the period in effect on `day`: the record's listed pricing when `day`
    is None or falls in a gap of the history."""
    listed = max(i for i, p in enumerate(periods) if not p.scheduled)
    if day is None:
        return listed
    return next((i for i, p in enumerate(periods) if p.contains(day)), listed)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


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
    currency: str = DEFAULT_CURRENCY  # ISO 4217 code of every amount in `pricing`
    apis: tuple[str, ...] = ()  # the kind's APIs it is served through (chat: chat_completions, responses)
    upstream: str | None = None  # the provider serving `pricing` when it is not the maker (absent: provider_id)
    offers: tuple[Offer, ...] = ()  # the other upstreams, in file order
    periods: tuple[PricePeriod, ...] = ()  # the price over time, oldest first; () without history or schedule
    current: int = 0  # the index in `periods` of the price in effect on the build's price date

    @property
    def price_history(self) -> tuple[PricePeriod, ...]:
        """The periods before the current price, oldest first."""
        return self.periods[: self.current]

    @property
    def upcoming(self) -> tuple[PricePeriod, ...]:
        """Announced changes still to come, soonest first."""
        return self.periods[self.current + 1 :]

    def at(self, day: dt.date) -> Model:
        """The model as it was (or will be) billed on `day`: that period's prices and source."""
        if not self.periods:
            return self
        index = period_at(self.periods, day)
        period = self.periods[index]
        return replace(
            self,
            pricing=period.pricing,
            price_source=period.source,
            context_window=period.context_window,
            current=index,
        )

    @property
    def own_offer(self) -> Offer:
        """The record's own pricing and limits, as an offer of its upstream."""
        return Offer(
            self.upstream or self.provider_id,
            self.pricing,
            self.price_source,
            self.currency,
            self.status,
            self.context_window,
            self.max_output_tokens,
            own=True,
        )

    @property
    def all_offers(self) -> tuple[Offer, ...]:
        """Every offer, cheapest first for the headline unit (ties: file order, own first);
        an offer in another currency than the record's comes after those it cannot be
        compared with."""
        offers = (self.own_offer, *self.offers)
        if len(offers) == 1:
            return offers

        def key(item: tuple[int, Offer]) -> tuple[Any, ...]:
            index, offer = item
            first = headline_of(self.kind, offer.pricing)[:1]
            amount = first[0].amount if first and first[0].unit == _lead_unit(self, offers) else None
            comparable = offer.currency == self.currency and amount is not None
            return (not comparable, offer.status == "deprecated", amount or Decimal(0), index)

        return tuple(offer for _, offer in sorted(enumerate(offers), key=key))

    @property
    def cheapest_offer(self) -> Offer:
        return self.all_offers[0]

    def offer(self, offer_id: str) -> Offer | None:
        """The offer `cost --offer` names: its id ('groq', 'bedrock@eu') or its provider."""
        offers = (self.own_offer, *self.offers)
        return next((o for o in offers if o.id == offer_id), None) or next(
            (o for o in offers if o.provider_id == offer_id), None
        )

    def as_offered(self, offer: Offer) -> Model:
        """This model as one offer sells it: its prices, currency and limits (for `cost`)."""
        if offer.own:
            return self
        return replace(
            self,
            pricing=offer.pricing,
            currency=offer.currency,
            price_source=offer.price_source,
            context_window=offer.context_window or self.context_window,
            max_output_tokens=offer.max_output_tokens or self.max_output_tokens,
            upstream=offer.provider_id,
            offers=(),
        )

    @property
    def model_id(self) -> str:
        return self.slug.split("/", 1)[1]

    @property
    def is_free(self) -> bool:
        return all(p.amount == 0 for p in self.pricing)

    @property
    def is_deprecated(self) -> bool:
        return self.status == "deprecated"

    def serves(self, api: str) -> bool:
        """Whether the gateway serves it through this API of its kind (`Kind.api` or one of `Kind.apis`)."""
        return api in self.apis

    def has(self, feature: str) -> bool:
        return dict(self.capabilities).get(feature, False)

    @property
    def modalities(self) -> tuple[str, ...]:
        return tuple(m for m in MODALITIES if m in self.input_modalities or m in self.output_modalities)

    @property
    def headline_prices(self) -> tuple[Price, ...]:
        """The one or two prices a reader looks for first: input and output for chat,
        per image for images, and so on (the kind's headline rule). Never empty for a
        valid record."""
        return headline_of(self.kind, self.pricing)

    @property
    def from_prices(self) -> tuple[Price, ...]:
        """The headline prices of the cheapest offer: what 'from $X' shows."""
        return headline_of(self.kind, self.cheapest_offer.pricing)


def _lead_unit(model: Model, offers: tuple[Offer, ...]) -> str | None:
    """The headline unit the offers are ranked by: the model's own, else the first offer's."""
    for offer in offers:
        first = headline_of(model.kind, offer.pricing)[:1]
        if first:
            return first[0].unit
    return None


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
class Link:
    label: str
    url: str  # an http(s) URL, or a path on this site starting with '/'


@dataclass(frozen=True)
class ThemeFile:
    path: str  # as site.yaml names it, e.g. 'theme/logo.svg'
    data: bytes  # as found; an SVG is sanitized when published

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Theme:
    """site.yaml's `theme`, its files read, and the catalog's template overrides. The
    empty Theme is the built-in look."""

    logo: ThemeFile | None = None
    favicon: ThemeFile | None = None
    stylesheet: ThemeFile | None = None
    light: tuple[tuple[str, str], ...] = ()  # (setting, '#rrggbb'), sorted: brand, brand_text, header_...
    dark: tuple[tuple[str, str], ...] = ()
    nav: tuple[Link, ...] = ()
    footer_links: tuple[Link, ...] = ()
    templates: str = ""  # the catalog's templates/ folder (absolute) when it has one; '' when not

    @property
    def has_colors(self) -> bool:
        return bool(self.light or self.dark)


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
    price_note: str  # the footer's sentence on currency and fee; empty: no such sentence
    byok_policy: str
    kinds: tuple[KindSpec, ...]
    errors: tuple[ErrorSpec, ...]
    collections: tuple[CollectionSpec, ...]
    theme: Theme = Theme()

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


RecordObject = Site | Provider | Model
MakeObject = Callable[["RawRecord", tuple[Any, ...]], RecordObject]


def build_catalog(
    records: list[RawRecord],
    assets: dict[str, bytes],
    base_url: str | None = None,
    make: MakeObject | None = None,
    price_date: dt.date | None = None,
    templates: str = "",
) -> Catalog:
    """Records -> Catalog. Only call with records that passed validation. Each object is
    `make(record, inputs_of(record))`, by default `record_object` (a `serve` session
    passes one that hands back the previous build's object for an unchanged record).
    `price_date`: the day whose prices are current (see `model_from_data`); `templates`:
    the folder of template overrides, if any (the site's theme carries it to the renderers)."""
    make = make or record_object
    site_raw = next(r for r in records if r.kind == "site")
    url = normalize_base_url(base_url or site_raw.data["url"])
    objects = {(r.kind, r.ident): make(r, inputs_of(r, url, assets, price_date, templates)) for r in records}
    return Catalog(
        site=objects[("site", site_raw.ident)],
        providers={ident: obj for (kind, ident), obj in sorted(objects.items()) if kind == "provider"},
        models={ident: obj for (kind, ident), obj in sorted(objects.items()) if kind == "model"},
    )


def inputs_of(
    record: RawRecord, url: str, assets: dict[str, bytes], price_date: dt.date | None = None, templates: str = ""
) -> tuple[Any, ...]:
    """What a record's object is made of besides the record: the site's URL, its theme's
    files and template overrides, a provider's logo, the price date of a model with price
    history or scheduled changes."""
    if record.kind == "site":
        theme = record.data.get("theme", {})
        files = tuple((theme[f], assets.get(theme[f])) for f in THEME_FILES if f in theme)
        return (url, files, templates)
    if record.kind == "provider":
        return (_logo(record.data, assets),)
    if "price_history" in record.data or "scheduled_prices" in record.data:
        return (price_date,)
    return ()


def record_object(record: RawRecord, inputs: tuple[Any, ...]) -> RecordObject:
    """The Site, Provider or Model of one validated record."""
    if record.kind == "site":
        return _site(record.data, *inputs)
    if record.kind == "provider":
        return Provider(
            record.ident,
            record.data["name"],
            record.data["website"],
            record.data["description"],
            record.data["byok"],
            inputs[0],
        )
    return model_from_data(record.ident, record.data, record.file, inputs[0] if inputs else None)


def _site(
    data: dict[str, Any], url: str, files: tuple[tuple[str, bytes | None], ...] = (), templates: str = ""
) -> Site:
    kinds = tuple(_kind_spec(kind, data.get("kinds", {}).get(kind.id)) for kind in KINDS.values())
    errors = tuple(ErrorSpec(e["status"], e["type"], e["meaning"], e["retryable"]) for e in data["errors"])
    collections = tuple(
        CollectionSpec(
            c["id"],
            c["name"],
            c["description"],
            tuple(c.get("models", [])),
            tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in c.get("rule", {}).items())),
        )
        for c in data["collections"]
    )
    return Site(
        name=data["name"],
        tagline=data["tagline"],
        url=url,
        docs_url=data["docs_url"],
        api_base_url=data["api_base_url"],
        env_var=data["auth"]["env_var"],
        key_placeholder=data["auth"]["key_placeholder"],
        fee_percent=Decimal(data["fee_percent"]),
        fee_policy=data["fee_policy"],
        price_note=data.get("price_note", ""),
        byok_policy=data["byok_policy"],
        kinds=kinds,
        errors=errors,
        collections=collections,
        theme=_theme(data.get("theme", {}), dict(files), templates),
    )


THEME_FILES = ("logo", "favicon", "stylesheet")
THEME_COLORS = ("brand", "brand_text", "header_background", "header_text")


def _theme(data: dict[str, Any], files: dict[str, bytes | None], templates: str) -> Theme:
    def file(setting: str) -> ThemeFile | None:
        path = data.get(setting)
        found = files.get(path) if path else None
        return ThemeFile(path, found) if path and found is not None else None

    def colors(scheme: str) -> tuple[tuple[str, str], ...]:
        given = data.get("colors", {}).get(scheme, {})
        return tuple((name, full_hex(given[name])) for name in THEME_COLORS if name in given)

    def links(setting: str) -> tuple[Link, ...]:
        return tuple(Link(link["label"], link["url"]) for link in data.get(setting, []))

    return Theme(
        logo=file("logo"),
        favicon=file("favicon"),
        stylesheet=file("stylesheet"),
        light=colors("light"),
        dark=colors("dark"),
        nav=links("nav"),
        footer_links=links("footer_links"),
        templates=templates,
    )


def full_hex(color: str) -> str:
    """'#ABC' -> '#aabbcc', '#0B57D0' -> '#0b57d0'."""
    digits = color[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _kind_spec(kind: Kind, given: dict[str, str] | None) -> KindSpec:
    """How site.yaml describes a kind; a kind it leaves out is described as the registry says."""
    if given is None:
        return KindSpec(kind.id, kind.label, kind.noun, kind.endpoint, kind.description)
    return KindSpec(
        kind.id, given["label"], given.get("noun", given["label"].lower()), given["endpoint"], given["description"]
    )


def _logo(data: dict[str, Any], assets: dict[str, bytes]) -> bytes | None:
    return assets.get(data["logo"]) if "logo" in data else None


def model_from_data(slug: str, data: dict[str, Any], source_file: str = "", price_date: dt.date | None = None) -> Model:
    """`price_date`: the day whose price is current (a scheduled change on or before it is
    in effect); None: the record's `pricing`."""
    capabilities = data.get("capabilities", {})
    sunset = data.get("sunset_date")
    periods = price_periods(data) if "price_history" in data or "scheduled_prices" in data else ()
    current = period_at(periods, price_date) if periods else 0
    period = periods[current] if periods else None
    return Model(
        slug=slug,
        provider_id=slug.split("/", 1)[0],
        name=data["name"],
        description=data["description"],
        kind=data["kind"],
        input_modalities=tuple(m for m in MODALITIES if m in data["modalities"]["input"]),
        output_modalities=tuple(m for m in MODALITIES if m in data["modalities"]["output"]),
        pricing=period.pricing if period else tuple(Price.from_data(p) for p in data["pricing"]),
        capabilities=tuple((f, bool(capabilities.get(f, False))) for f, _ in FEATURES),
        strengths=tuple(data.get("strengths", [])),
        use_cases=tuple(data.get("use_cases", [])),
        collections=tuple(data.get("collections", [])),
        aliases=tuple(data.get("aliases", [])),
        status=data["status"],
        release_date=dt.date.fromisoformat(data["release_date"]),
        price_source=period.source if period else data["price_source"],
        faq=tuple(Faq(f["question"], f["answer"]) for f in data.get("faq", [])),
        source_file=source_file,
        context_window=period.context_window if period else data.get("context_window"),
        max_output_tokens=data.get("max_output_tokens"),
        embedding_dimensions=data.get("embedding_dimensions"),
        image_sizes=tuple(data.get("image_sizes", [])),
        voices=tuple(data.get("voices", [])),
        video_durations=tuple(data.get("video_durations", [])),
        sunset_date=dt.date.fromisoformat(sunset) if sunset else None,
        replacement=data.get("replacement"),
        currency=data.get("currency", DEFAULT_CURRENCY),
        apis=tuple(data.get("apis", [KINDS[data["kind"]].api] if KINDS[data["kind"]].api else [])),
        upstream=data.get("upstream"),
        offers=tuple(_offer(o, data.get("currency", DEFAULT_CURRENCY)) for o in data.get("offers", [])),
        periods=periods,
        current=current,
    )


def _offer(data: dict[str, Any], currency: str) -> Offer:
    return Offer(
        data["provider"],
        tuple(Price.from_data(p) for p in data["pricing"]),
        data["price_source"],
        data.get("currency", currency),
        data.get("status", "active"),
        data.get("context_window"),
        data.get("max_output_tokens"),
        data.get("region"),
        data.get("note"),
    )
