"""One test per rule: the exact problem (file, line, column, pointer, message, hint,
severity) for every schema keyword message and every named check. Loader rules are in
test_load.py; the meta-tests at the end fail when a rule is added without a case here."""

from __future__ import annotations

import ast
import inspect
from decimal import Decimal as D

import jsonschema
import pytest
from support.catalogs import (
    CHAT,
    DEP,
    MODEL,
    PROVIDER,
    SITE,
    TWO,
    check_catalog,
    dump_yaml,
    valid_chat_model,
    valid_model,
    valid_provider,
    valid_site,
)  # fmt: skip
from support.loader_cases import LOADER_CASES, MODEL_TEXT, Case

from generator.catalog import checks, load, validate, yamlsafe
from generator.catalog.load import RawRecord
from generator.catalog.problems import ERROR, WARNING, Problem
from generator.catalog.registry import KINDS as KIND_UNITS

THREE, LISTEN = "models/acme/image-three.yaml", "models/acme/listen.yaml"
HOST = "providers/host.yaml"
IN, OUT = {"unit": "per_1m_input_tokens", "amount": D("1.00")}, {"unit": "per_1m_output_tokens", "amount": D("2.00")}
IMG = {"unit": "per_image", "amount": D("0.030")}
CACHED = {"unit": "per_1m_cached_input_tokens", "amount": D("0.50")}
WRITE = {"unit": "per_1m_cache_write_tokens", "amount": D("1.25")}
BATCH, INCREMENTAL = {"tier": "batch"}, {"above_tokens_rule": "incremental"}
NOTE = "Studio-grade 8K renders really cost this much."
STT = valid_model(name="Listen", kind="speech_to_text", modalities={"input": ["text"], "output": ["text"]},
                  pricing=[{"unit": "per_minute", "amount": D("0.006")}], image_sizes=None)  # fmt: skip
ALLOWED_SITE = "api_base_url, auth, byok_policy, collections, docs_url, errors, fee_percent, fee_policy, kinds, name, price_note, tagline, theme, url"
ALLOWED_PRICE = "above_tokens, above_tokens_rule, amount, cache_ttl, note, plausibility_note, quality, resolution, size, tier, unit, window"
SITE_ERRORS = valid_site()["errors"]
COLLECTIONS = valid_site()["collections"]
KINDS = valid_site()["kinds"]
HTML_HINT = "use Markdown instead: **bold**, [link](https://...), lists"
DUPLICATE_HINT = (
    "remove one, or tell them apart with tier, cache_ttl, window, above_tokens, size, quality or resolution"
)
COMMENT_HINT = "do what it asks, then delete the comment"
TWICE_HINT = "merge the two price lists, or tell them apart with region"


def _text(old: str, new: str) -> str:
    """valid_model() as YAML text with one edit: comments live only in the text."""
    assert old in MODEL_TEXT
    return MODEL_TEXT.replace(old, new)


def _window(start: str, end: str) -> dict:
    return {"window": {"start": start, "end": end}}


def _chat(*extra: dict, **overrides) -> dict:
    """The default chat model with more price components after its input and output prices."""
    return valid_chat_model(pricing=[IN, OUT, *extra], **overrides)


def _offered(*offers: dict, **overrides) -> dict:
    """The default chat model with offers from provider 'host' (each dict overrides the offer's defaults)."""
    base = {"provider": "host", "pricing": [IN, OUT], "price_source": "https://host.example/pricing"}
    return valid_chat_model(offers=[{**base, **offer} for offer in offers], **overrides)


def _past(start: str | None, until: str, amount: str = "2.00") -> dict:
    """A past price of the default chat model: input at `amount`, output as now."""
    entry = {"until": until, "pricing": [{**IN, "amount": D(amount)}, OUT], "price_source": "https://acme.example/old"}
    return {"from": start, **entry} if start else entry


def _next(start: str, amount: str = "0.50") -> dict:
    return {"from": start, "pricing": [{**IN, "amount": D(amount)}, OUT], "announcement": "https://acme.example/news"}


def _dated(history: list | None = None, scheduled: list | None = None) -> dict:
    extra = {"price_history": history} if history else {}
    return valid_chat_model(**extra, **({"scheduled_prices": scheduled} if scheduled else {}))


def _kinds(**changes: dict) -> dict:
    return {kind: {**spec, **changes.get(kind, {})} for kind, spec in KINDS.items()}


SCHEMA_CASES = [
    Case("unknown-field", "unknown-field", {MODEL: valid_model(capabilties={"vision": False})},
         [(MODEL, 19, 1, "/capabilties", "unknown field 'capabilties'", "did you mean 'capabilities'?", ERROR)]),
    Case("unknown-field-site", "unknown-field", {SITE: valid_site(look="dark")},
         [(SITE, 62, 1, "/look", "unknown field 'look'", f"remove it; allowed fields here: {ALLOWED_SITE}", ERROR)]),
    Case("unknown-field-nested", "unknown-field", {MODEL: valid_model(pricing=[{**IMG, "currency": "USD"}])},
         [(MODEL, 12, 3, "/pricing/0/currency", "unknown field 'currency'", f"remove it; allowed fields here: {ALLOWED_PRICE}", ERROR)]),
    Case("missing-field", "missing-field", {MODEL: valid_model(name=None)},
         [(MODEL, None, None, "", "missing required field 'name'", "add 'name:': Display name, e.g. 'GPT-4o'. Unique within the provider.", ERROR)]),
    Case("missing-field-deprecated", "missing-field", {MODEL: valid_model(status="deprecated")},
         [(MODEL, None, None, "", "missing required field 'sunset_date' for a deprecated model",
           "add 'sunset_date:': The date (YYYY-MM-DD) the model stops being served. Required when status is deprecated.", ERROR)]),
    Case("not-allowed", "not-allowed", {MODEL: valid_model(status="Active")},
         [(MODEL, 16, 1, "/status", "'Active' is not an allowed value for 'status'",
           "did you mean 'active'? allowed: active, preview, deprecated", ERROR)]),
    Case("not-allowed-item", "not-allowed", {MODEL: valid_model(modalities={"input": ["txt"], "output": ["image"]})},
         [(MODEL, 6, 5, "/modalities/input/0", "'txt' is not an allowed value for 'input[0]'",
           "did you mean 'text'? allowed: text, image, audio, video", ERROR)]),
    Case("wrong-type-quoted-amount", "wrong-type", {MODEL: valid_model(pricing=[{"unit": "per_image", "amount": "0.030"}])},
         [(MODEL, 11, 3, "/pricing/0/amount", "'amount' must be a number, not text ('0.030')",
           "write the number without quotes, e.g. amount: 0.030", ERROR)]),
    Case("wrong-type", "wrong-type", {PROVIDER: valid_provider(byok="yes")},
         [(PROVIDER, 4, 1, "/byok", "'byok' must be true or false, not text ('yes')",
           "Whether customers can bring their own key for this provider (BYOK).", ERROR)]),
    Case("bad-format", "bad-format", {MODEL: valid_model(price_source="http://acme.example/pricing")},
         [(MODEL, 18, 1, "/price_source", "'http://acme.example/pricing' is not a valid value for 'price_source'",
           "give the https URL of the provider's pricing page", ERROR)]),
    Case("out-of-range-negative-amount", "out-of-range", {MODEL: valid_model(pricing=[{**IMG, "amount": D("-0.5")}])},
         [(MODEL, 11, 3, "/pricing/0/amount", "'amount' is -0.5; it must be at least 0",
           "Amount per unit in the record's currency (USD unless `currency` says otherwise) as an exact decimal, written as in the source (0.030 stays 0.030). Non-negative.", ERROR)]),
    Case("bad-length", "bad-length", {MODEL: valid_model(description="Too short")},
         [(MODEL, 2, 1, "/description", "'description' has 9 characters; it must have at least 10",
           validate.load_schema("model")["properties"]["description"]["description"], ERROR)]),
    Case("bad-length-list", "bad-length", {MODEL: valid_model(pricing=[])},
         [(MODEL, 9, 1, "/pricing", "'pricing' has 0 entries; it must have at least 1",
           validate.load_schema("model")["properties"]["pricing"]["description"], ERROR)]),
    Case("duplicate-item", "duplicate-item", {MODEL: valid_model(image_sizes=["1024x1024", "1024x1024"])},
         [(MODEL, 14, 3, "/image_sizes/1", "'1024x1024' is listed twice in 'image_sizes'", "remove the repeated entry", ERROR)]),
]  # fmt: skip

CHECK_CASES = [
    Case("slug-matches-path", "slug-matches-path", {MODEL: valid_model(slug="acme/other")},
         [(MODEL, 19, 1, "/slug", "slug 'acme/other' does not match the file path, which gives 'acme/image-one'",
           "set slug: acme/image-one, or move the file to catalog/models/acme/other.yaml", ERROR)]),
    Case("provider-exists", "provider-exists", {"models/nobody/x.yaml": valid_model(name="X")},
         [("models/nobody/x.yaml", None, None, "", "provider 'nobody' has no record",
           "create catalog/providers/nobody.yaml (name, website, description, byok)", ERROR)]),
    Case("unique-names-name", "unique-names", {TWO: valid_model()},
         [(TWO, 1, 1, "/name", "display name 'Acme Image One' is already used by acme/image-one",
           "give each model of a provider its own name, e.g. add the version or size", ERROR)]),
    Case("unique-names-alias-is-id", "unique-names", {TWO: valid_model(name="Two", aliases=["image-one"])},
         [(TWO, 20, 3, "/aliases/0", "alias 'image-one' is already a model's id", "remove the alias or rename it", ERROR)]),
    Case("unique-names-alias-twice", "unique-names",
         {MODEL: valid_model(aliases=["snap"]), TWO: valid_model(name="Two", aliases=["snap"])},
         [(TWO, 20, 3, "/aliases/0", "alias 'snap' is already an alias of acme/image-one", "remove the alias or rename it", ERROR)]),
    Case("unique-names-own-id", "unique-names", {MODEL: valid_model(aliases=["image-one"])},
         [(MODEL, 20, 3, "/aliases/0", "alias 'image-one' repeats the model's own id", "remove it", WARNING)]),
    Case("collections-exist", "collections-exist", {MODEL: valid_model(collections=["fronteir"])},
         [(MODEL, 20, 3, "/collections/0", "collection 'fronteir' is not defined in site.yaml", "did you mean 'frontier'?", ERROR)]),
    Case("collections-exist-no-match", "collections-exist", {MODEL: valid_model(collections=["zzz"])},
         [(MODEL, 20, 3, "/collections/0", "collection 'zzz' is not defined in site.yaml",
           "define it in catalog/site.yaml, or use one of: free-tier, frontier", ERROR)]),
    Case("collection-members-exist-id-twice", "collection-members-exist", {SITE: valid_site(collections=[*COLLECTIONS, COLLECTIONS[0]])},
         [(SITE, 62, 3, "/collections/2/id", "collection id 'frontier' is defined twice", "rename one", ERROR)]),
    Case("collection-members-exist-model", "collection-members-exist",
         {SITE: valid_site(collections=[{**COLLECTIONS[0], "models": ["acme/image-one", "acme/nope"]}])},
         [(SITE, 58, 5, "/collections/0/models/1", "collection 'frontier' lists 'acme/nope', which has no record",
           "add catalog/models/acme/nope.yaml or remove the entry", ERROR)]),
    Case("collection-members-exist-provider", "collection-members-exist",
         {SITE: valid_site(collections=[{**COLLECTIONS[1], "rule": {"providers": ["acme", "nobody"]}}])},
         [(SITE, 59, 7, "/collections/0/rule/providers/1", "rule names provider 'nobody', which has no record",
           "use a provider id: the file name of a catalog/providers/*.yaml record", ERROR)]),
    Case("replacement-missing", "replacement", {MODEL: valid_model(**DEP)},
         [(MODEL, 16, 1, "/status", "a deprecated model should name its replacement",
           "add replacement: <provider>/<model> so readers know what to move to", WARNING)]),
    Case("replacement-not-deprecated", "replacement", {MODEL: valid_model(replacement="acme/image-two"), TWO: valid_model(name="Two")},
         [(MODEL, 19, 1, "/replacement", "replacement is set but the model is not deprecated",
           "set status: deprecated with a sunset_date, or remove replacement", WARNING)]),
    Case("replacement-itself", "replacement", {MODEL: valid_model(**DEP, replacement="acme/image-one")},
         [(MODEL, 20, 1, "/replacement", "a model cannot replace itself", "name a different model", ERROR)]),
    Case("replacement-no-record", "replacement", {MODEL: valid_model(**DEP, replacement="acme/nope")},
         [(MODEL, 20, 1, "/replacement", "replacement 'acme/nope' has no record",
           "add catalog/models/acme/nope.yaml or name an existing model", ERROR)]),
    Case("replacement-deprecated", "replacement", {MODEL: valid_model(**DEP, replacement="acme/image-two"),
                                                   TWO: valid_model(name="Two", **DEP, replacement="acme/image-three"),
                                                   THREE: valid_model(name="Three")},
         [(MODEL, 20, 1, "/replacement", "replacement 'acme/image-two' is itself deprecated",
           "point at the model that replaces it", WARNING)]),
    Case("logo", "logo", {PROVIDER: valid_provider(logo="acme.svg")},
         [(PROVIDER, 5, 1, "/logo", "logo 'acme.svg' is not in catalog/providers/",
           "add catalog/providers/acme.svg (an SVG file) or remove the field", ERROR)]),
    Case("logo-present", "logo", {PROVIDER: valid_provider(logo="acme.svg"), "providers/acme.svg": b"<svg/>"}, []),
    Case("unused-provider", "unused-provider", {"providers/idle.yaml": valid_provider(name="Idle")},
         [("providers/idle.yaml", None, None, "", "provider 'idle' has no models",
           "add models under catalog/models/idle/ or delete the record", WARNING)]),
    Case("units-fit-kind", "units-fit-kind", {MODEL: valid_model(pricing=[IMG, {"unit": "per_second", "amount": D("0.10")}])},
         [(MODEL, 12, 3, "/pricing/1/unit", "unit 'per_second' does not fit an image_generation model",
           "use one of: per_image, per_1m_input_tokens, per_1m_output_tokens, per_1m_cached_input_tokens, "
           "per_1m_input_image_tokens, per_1m_output_image_tokens", ERROR)]),
    Case("headline-price", "headline-price", {MODEL: valid_model(pricing=[IN])},
         [(MODEL, 9, 1, "/pricing", "an image_generation model needs a base price in per_image or per_1m_output_tokens",
           "add a component without above_tokens in that unit", ERROR)]),
    Case("headline-price-chat-output", "headline-price", {CHAT: valid_chat_model(pricing=[IN])},
         [(CHAT, 9, 1, "/pricing", "a chat model needs a per_1m_output_tokens price",
           "add the output price (amount: 0 if output is free)", ERROR)]),
    Case("amounts-plausible-too-high", "amounts-plausible", {MODEL: valid_model(pricing=[{**IMG, "amount": D("150")}])},
         [(MODEL, 11, 3, "/pricing/0/amount", "implausible amount: $150.00 per image is above $100.00",
           "check the unit: a per-1K or per-token price may have been multiplied; "
           "if it is right, add plausibility_note: <why> to this component", ERROR)]),
    Case("amounts-plausible-too-low", "amounts-plausible", {CHAT: valid_chat_model(pricing=[{**IN, "amount": D("0.0001")}, OUT])},
         [(CHAT, 11, 3, "/pricing/0/amount", "implausible amount: $0.0001 per 1M input tokens is below $0.001",
           "check the unit: this looks like a per-token price; multiply by 1,000,000; "
           "if it is right, add plausibility_note: <why> to this component", ERROR)]),
    Case("amounts-plausible-acknowledged", "amounts-plausible",
         {MODEL: valid_model(pricing=[{**IMG, "amount": D("150"), "plausibility_note": NOTE}])}, []),
    Case("amounts-plausible-needless-note", "amounts-plausible", {MODEL: valid_model(pricing=[{**IMG, "plausibility_note": NOTE}])},
         [(MODEL, 12, 3, "/pricing/0/plausibility_note", "plausibility_note is not needed: the amount is in the usual range",
           "remove it", WARNING)]),
    Case("duplicate-prices", "duplicate-prices", {MODEL: valid_model(pricing=[IMG, IMG])},
         [(MODEL, 12, 3, "/pricing/1", "the same price component (unit per_image) is listed twice; first at /pricing/0",
           DUPLICATE_HINT, ERROR)]),
    Case("duplicate-prices-tier", "duplicate-prices", {CHAT: _chat({**IN, **BATCH}, {**IN, **BATCH})},
         [(CHAT, 17, 3, "/pricing/3", "the same price component (unit per_1m_input_tokens) is listed twice; first at /pricing/2",
           DUPLICATE_HINT, ERROR)]),
    Case("duplicate-prices-tier-apart", "duplicate-prices",  # a batch and a standard price of one unit are two prices
         {CHAT: _chat({**IN, **BATCH, "amount": D("0.50")}, {**WRITE, "cache_ttl": "5m"}, {**WRITE, "cache_ttl": "1h"},
                      {**IN, **_window("16:30", "00:30")})}, []),
    Case("price-conditions-field", "price-conditions", {CHAT: valid_chat_model(pricing=[{**IN, "size": "1024x1024"}, OUT])},
         [(CHAT, 12, 3, "/pricing/0/size", "'size' does not apply to unit per_1m_input_tokens",
           "remove it, or use a unit it applies to", ERROR)]),
    Case("price-conditions-beyond-context", "price-conditions",
         {CHAT: valid_chat_model(pricing=[IN, OUT, {**IN, "amount": D("2.00"), "above_tokens": 200000}])},
         [(CHAT, 16, 3, "/pricing/2/above_tokens", "tier above 200,000 tokens is beyond the context window (128,000)",
           "check the tier threshold or the context_window", ERROR)]),
    Case("price-conditions-no-base", "price-conditions", {CHAT: valid_chat_model(pricing=[IN, {**OUT, "above_tokens": 100000}])},
         [(CHAT, 14, 3, "/pricing/1/above_tokens", "a tier above 100,000 tokens needs a base per_1m_output_tokens price",
           "add the same unit without above_tokens for shorter prompts", ERROR)]),
    Case("price-conditions-no-base-in-tier", "price-conditions", {CHAT: _chat({**IN, **BATCH, "above_tokens": 100000})},
         [(CHAT, 17, 3, "/pricing/2/above_tokens", "a tier above 100,000 tokens needs a base per_1m_input_tokens price (Batch)",
           "add the same unit without above_tokens for shorter prompts", ERROR)]),
    Case("price-conditions-beyond-context-any-unit-and-tier", "price-conditions",
         {CHAT: _chat({**WRITE, **BATCH, "cache_ttl": "1h"}, {**WRITE, **BATCH, "cache_ttl": "1h", "above_tokens": 128000})},
         [(CHAT, 22, 3, "/pricing/3/above_tokens", "tier above 128,000 tokens is beyond the context window (128,000)",
           "check the tier threshold or the context_window", ERROR)]),
    Case("price-conditions-cache-ttl", "price-conditions", {CHAT: valid_chat_model(pricing=[{**IN, "cache_ttl": "1h"}, OUT])},
         [(CHAT, 12, 3, "/pricing/0/cache_ttl", "'cache_ttl' does not apply to unit per_1m_input_tokens",
           "remove it, or use a unit it applies to", ERROR)]),
    Case("price-conditions-rule-without-tier", "price-conditions", {CHAT: valid_chat_model(pricing=[{**IN, **INCREMENTAL}, OUT])},
         [(CHAT, 12, 3, "/pricing/0/above_tokens_rule", "above_tokens_rule is set but above_tokens is not",
           "add above_tokens: <tokens> where the tier starts, or remove above_tokens_rule", ERROR)]),
    Case("price-conditions-incremental-not-prompt", "price-conditions",
         {CHAT: _chat({**OUT, "amount": D("3.00"), "above_tokens": 100000, **INCREMENTAL})},
         [(CHAT, 17, 3, "/pricing/2/above_tokens_rule",
           "an incremental tier does not apply to unit per_1m_output_tokens: it does not count prompt tokens",
           "remove above_tokens_rule: once the prompt is longer, all of this unit is priced at this amount", ERROR)]),
    Case("price-conditions-incremental-prompt", "price-conditions",
         {CHAT: _chat({**IN, "amount": D("2.00"), "above_tokens": 100000, **INCREMENTAL},
                      {**WRITE, "cache_ttl": "1h"}, {**WRITE, "cache_ttl": "1h", "above_tokens": 100000})}, []),
    Case("price-windows-empty", "price-windows", {CHAT: _chat({**IN, "amount": D("0.50"), **_window("16:30", "16:30")})},
         [(CHAT, 16, 3, "/pricing/2/window", "window 16:30–16:30 ends when it starts: it covers no time",
           "set end to the minute the price stops applying; a price for the whole day needs no window", ERROR)]),
    Case("price-windows-overlap-across-midnight", "price-windows",
         {CHAT: _chat({**IN, "amount": D("0.50"), **_window("22:00", "06:00")}, {**IN, "amount": D("0.25"), **_window("05:59", "08:00")})},
         [(CHAT, 21, 3, "/pricing/3/window", "window 05:59–08:00 UTC overlaps 22:00–06:00 UTC of /pricing/2",
           "make the windows meet without sharing a minute: one's end is the next one's start", ERROR)]),
    Case("price-windows-meet", "price-windows",  # and a window of another tier may overlap
         {CHAT: _chat({**IN, "amount": D("0.50"), **_window("22:00", "06:00")}, {**IN, "amount": D("0.75"), **_window("06:00", "22:00")},
                      {**IN, **BATCH, "amount": D("0.50")}, {**IN, **BATCH, "amount": D("0.25"), **_window("23:00", "01:00")})}, []),
    Case("window-has-default", "window-has-default", {CHAT: _chat({**IN, **BATCH, "amount": D("0.50"), **_window("16:30", "00:30")})},
         [(CHAT, 17, 3, "/pricing/2/window", "Input (Batch, 16:30–00:30 UTC) has no price outside its window",
           "add the same component without window: the price at every other time of day", ERROR)]),
    Case("discount-tiers", "discount-tiers", {CHAT: _chat({**IN, **BATCH, "amount": D("1.50")})},
         [(CHAT, 15, 3, "/pricing/2/amount", "Input (Batch) at $1.50 is above Input at $1.00 (/pricing/0)",
           "check both amounts: batch is sold below the standard price", WARNING)]),
    Case("discount-tiers-currency", "discount-tiers", {CHAT: _chat({**OUT, "tier": "flex", "amount": D("2.50")}, currency="EUR")},
         [(CHAT, 15, 3, "/pricing/2/amount", "Output (Flex) at €2.50 is above Output at €2.00 (/pricing/1)",
           "check both amounts: flex is sold below the standard price", WARNING)]),
    Case("discount-tiers-priority", "discount-tiers", {CHAT: _chat({**IN, "tier": "priority", "amount": D("1.50")})}, []),
    Case("cache-read-price", "cache-read-price", {CHAT: _chat({**CACHED, "amount": D("1.50")})},
         [(CHAT, 15, 3, "/pricing/2/amount", "Cached input at $1.50 is above Input at $1.00 (/pricing/0)",
           "check both amounts: a cache read is sold below the input price", WARNING)]),
    Case("cache-read-price-per-tier", "cache-read-price",  # compared within its tier: batch input is 0.50
         {CHAT: _chat({**IN, **BATCH, "amount": D("0.50")}, {**CACHED, **BATCH, "amount": D("0.75")}, CACHED)},
         [(CHAT, 18, 3, "/pricing/3/amount", "Cached input (Batch) at $0.75 is above Input (Batch) at $0.50 (/pricing/2)",
           "check both amounts: a cache read is sold below the input price", WARNING)]),
    Case("currency", "currency", {CHAT: valid_chat_model(currency="ABC")},
         [(CHAT, 22, 1, "/currency", "'ABC' is not an ISO 4217 currency code",
           "write the code of the currency the provider bills in, e.g. USD, EUR or CNY", ERROR)]),
    Case("currency-iso", "currency", {CHAT: valid_chat_model(currency="CNY")}, []),
    Case("modalities-fit-kind-output", "modalities-fit-kind", {MODEL: valid_model(modalities={"input": ["text"], "output": ["text"]})},
         [(MODEL, 7, 3, "/modalities/output", "an image_generation model must list image as an output",
           "add image to modalities.output, or change kind", ERROR)]),
    Case("modalities-fit-kind-audio", "modalities-fit-kind", {LISTEN: STT},
         [(LISTEN, 5, 3, "/modalities/input", "a speech_to_text model must take audio input", "add audio to modalities.input", ERROR)]),
    Case("modalities-fit-kind-vision", "modalities-fit-kind", {CHAT: valid_chat_model(capabilities={"vision": True})},
         [(CHAT, 17, 3, "/capabilities/vision", "vision is true but image is not an input modality",
           "add image to modalities.input, or set vision: false", ERROR)]),
    Case("kind-fields", "kind-fields", {MODEL: valid_model(voices=["alloy"])},
         [(MODEL, 19, 1, "/voices", "'voices' does not apply to an image_generation model", "remove it", WARNING)]),
    Case("kind-fields-context", "kind-fields", {CHAT: valid_chat_model(context_window=None)},
         [(CHAT, None, None, "", "a chat model needs context_window", "add context_window: <tokens>", ERROR)]),
    Case("kind-fields-max-output", "kind-fields", {CHAT: valid_chat_model(max_output_tokens=200000)},
         [(CHAT, 15, 1, "/max_output_tokens", "max_output_tokens (200,000) is larger than context_window (128,000)",
           "check both numbers", ERROR)]),
    Case("dates", "dates", {MODEL: valid_model(release_date="2025-02-30")},
         [(MODEL, 17, 1, "/release_date", "'2025-02-30' is not a real date", "write a calendar date as YYYY-MM-DD", ERROR)]),
    Case("dates-order", "dates", {MODEL: valid_model(**{**DEP, "sunset_date": "2025-01-01"})},
         [(MODEL, 19, 1, "/sunset_date", "sunset_date is before release_date", "check both dates", ERROR)]),
    Case("dates-sunset-active", "dates", {MODEL: valid_model(sunset_date="2026-01-01")},
         [(MODEL, 19, 1, "/sunset_date", "sunset_date is set but status is not deprecated",
           "set status: deprecated, or remove sunset_date", WARNING)]),
    Case("placeholders-comment", "placeholders", {MODEL: _text("status: active", "status: active  # TODO: check it")},
         [(MODEL, 16, 17, "/status", "a TODO comment is left here: # TODO: check it", COMMENT_HINT, WARNING)]),
    Case("placeholders-comment-own-line", "placeholders", {MODEL: MODEL_TEXT + "# TODO: add the FAQ\n"},
         [(MODEL, 19, 1, "", "a TODO comment is left here: # TODO: add the FAQ", COMMENT_HINT, WARNING)]),
    Case("placeholders-amount", "placeholders", {MODEL: _text("amount: 0.030", "amount: 0  # TODO")},
         [(MODEL, 11, 3, "/pricing/0/amount", "amount 0 is a placeholder: its line says TODO",
           "write the price from the provider's pricing page (keep 0 only if it is free), then delete the comment", WARNING)]),
    Case("placeholders-url", "placeholders", {MODEL: valid_model(price_source="https://example.com/pricing")},
         [(MODEL, 18, 1, "/price_source", "'https://example.com/pricing' is a placeholder address (example.com)",
           "give the https URL of the provider's pricing page", WARNING)]),
    Case("placeholders-url-and-comment", "placeholders",  # one line, one placeholder
         {PROVIDER: dump_yaml(valid_provider(website="https://www.example.com/")).replace("\ndescription", "  # TODO\ndescription")},
         [(PROVIDER, 2, 1, "/website", "'https://www.example.com/' is a placeholder address (example.com)",
           "give the provider's https home page", WARNING)]),
    Case("placeholders-text", "placeholders", {PROVIDER: valid_provider(description="TODO: describe Acme.")},
         [(PROVIDER, 3, 1, "/description", "'TODO: describe Acme.' is placeholder text: it says TODO", "write the real text", WARNING)]),
    Case("placeholders-none", "placeholders",
         {PROVIDER: valid_provider(website="https://notexample.com/", description="Acme sells TODOs lists; free is 0."),
          MODEL: _text("amount: 0.030", "amount: 0  # free while in preview")}, []),
    Case("markdown-has-no-html", "markdown-has-no-html", {MODEL: valid_model(description="A <b>bold</b> picture model.")},
         [(MODEL, 2, 1, "/description", "raw HTML in Markdown is removed from the published page", HTML_HINT, WARNING)]),
    Case("markdown-has-no-html-faq", "markdown-has-no-html",
         {MODEL: valid_model(faq=[{"question": "Is it fast?", "answer": "Yes.<script>alert(1)</script>"}])},
         [(MODEL, 21, 3, "/faq/0/answer", "raw HTML in Markdown is removed from the published page", HTML_HINT, WARNING)]),
    Case("markdown-has-no-html-not-html", "markdown-has-no-html",
         {PROVIDER: valid_provider(description="Cheaper when a < b; docs at <https://acme.example/> or <me@acme.example>.")}, []),
    Case("offer-providers-missing", "offer-providers", {CHAT: _offered({"provider": "nobody"})},
         [(CHAT, 23, 3, "/offers/0/provider", "upstream 'nobody' has no provider record",
           "create catalog/providers/nobody.yaml (name, website, description, byok), or fix the id", ERROR)]),
    Case("offer-providers-upstream", "offer-providers", {CHAT: valid_chat_model(upstream="nowhere")},
         [(CHAT, 22, 1, "/upstream", "upstream 'nowhere' has no provider record",
           "create catalog/providers/nowhere.yaml (name, website, description, byok), or fix the id", ERROR)]),
    Case("offer-providers-twice", "offer-providers", {HOST: valid_provider(name="Host"), CHAT: _offered({}, {}, upstream="host")},
         [(CHAT, 23, 3, "/offers/0/provider", "'host' is offered twice; the first is the record's own pricing", TWICE_HINT, ERROR),
          (CHAT, 30, 3, "/offers/1/provider", "'host' is offered twice; the first is the record's own pricing", TWICE_HINT, ERROR)]),
    Case("offer-providers-regions", "offer-providers",
         {HOST: valid_provider(name="Host"), CHAT: _offered({"region": "us"}, {"region": "eu"})}, []),
    Case("units-fit-kind-offer", "units-fit-kind", {HOST: valid_provider(name="Host"), CHAT: _offered({"pricing": [IN, OUT, IMG]})},
         [(CHAT, 29, 5, "/offers/0/pricing/2/unit", "unit 'per_image' does not fit a chat model",
           "use one of: " + ", ".join(KIND_UNITS["chat"].units), ERROR)]),
    Case("headline-price-offer", "headline-price", {HOST: valid_provider(name="Host"), CHAT: _offered({"pricing": [OUT]})},
         [(CHAT, 24, 3, "/offers/0/pricing", "a chat model needs a base price in per_1m_input_tokens",
           "add a component without above_tokens in that unit", ERROR)]),
    Case("duplicate-prices-offer", "duplicate-prices", {HOST: valid_provider(name="Host"), CHAT: _offered({"pricing": [IN, OUT, IN]})},
         [(CHAT, 29, 5, "/offers/0/pricing/2",
           "the same price component (unit per_1m_input_tokens) is listed twice; first at /offers/0/pricing/0", DUPLICATE_HINT, ERROR)]),
    Case("price-conditions-offer-window", "price-conditions",
         {HOST: valid_provider(name="Host"), CHAT: _offered({"pricing": [IN, OUT, {**IN, "amount": D("2"), "above_tokens": 64000}], "context_window": 32000})},
         [(CHAT, 31, 5, "/offers/0/pricing/2/above_tokens", "tier above 64,000 tokens is beyond the context window (32,000)",
           "check the tier threshold or the context_window", ERROR)]),
    Case("cache-read-price-offer", "cache-read-price",
         {HOST: valid_provider(name="Host"), CHAT: _offered({"pricing": [IN, OUT, {**CACHED, "amount": D("3")}]})},
         [(CHAT, 30, 5, "/offers/0/pricing/2/amount", "Cached input at $3.00 is above Input at $1.00 (/offers/0/pricing/0)",
           "check both amounts: a cache read is sold below the input price", WARNING)]),
    Case("currency-offer", "currency", {HOST: valid_provider(name="Host"), CHAT: _offered({"currency": "XYZ"})},
         [(CHAT, 30, 3, "/offers/0/currency", "'XYZ' is not an ISO 4217 currency code",
           "write the code of the currency the provider bills in, e.g. USD, EUR or CNY", ERROR)]),
    Case("kind-fields-offer-limits", "kind-fields",
         {HOST: valid_provider(name="Host"), CHAT: _offered({"max_output_tokens": 500000})},
         [(CHAT, 30, 3, "/offers/0/max_output_tokens", "max_output_tokens (500,000) is larger than context_window (128,000)",
           "check both numbers", ERROR)]),
    Case("placeholders-amount-offer", "placeholders",
         {HOST: valid_provider(name="Host"),
          CHAT: dump_yaml(_offered({"pricing": [{**IN, "amount": D("0")}, OUT]})).replace("amount: 0\n", "amount: 0  # TODO\n")},
         [(CHAT, 26, 5, "/offers/0/pricing/0/amount", "amount 0 is a placeholder: its line says TODO",
           "write the price from the provider's pricing page (keep 0 only if it is free), then delete the comment", WARNING)]),
    Case("price-history-overlap", "price-history",
         {CHAT: _dated(history=[_past("2025-01-01", "2025-06-01"), _past("2025-05-01", "2025-09-01", "0.90")])}, [(CHAT, 31, 3, "/price_history/1/from", "from 2025-05-01 is before /price_history/0 ends (2025-06-01): past prices overlap",
           "list past prices oldest first; each starts on or after the previous one's until", ERROR)]),
    Case("price-history-until-before-from", "price-history",
         {CHAT: _dated(history=[_past("2025-06-01", "2025-01-01")])}, [(CHAT, 24, 3, "/price_history/0/until", "until 2025-01-01 is not after from 2025-06-01",
           "until is the day the next price took effect: a later day than from", ERROR)]),
    Case("price-history-from-missing", "price-history",
         {CHAT: _dated(history=[_past(None, "2025-01-01"), _past(None, "2025-06-01", "0.90")])}, [(CHAT, 30, 3, "/price_history/1", "only the oldest past price may leave out from", "add from: <the day it took effect>", ERROR)]),
    Case("price-history-schedule-early", "price-history",
         {CHAT: _dated(history=[_past("2025-01-01", "2025-06-01")], scheduled=[_next("2025-03-01")])}, [(CHAT, 32, 3, "/scheduled_prices/0/from", "from 2025-03-01 is not after the last past price's until (2025-06-01)",
           "list scheduled changes soonest first, each after the current price took effect", ERROR)]),
    Case("price-history-no-change", "price-history",
         {CHAT: _dated(history=[_past("2025-01-01", "2025-06-01", "1.00")])}, [(CHAT, 23, 3, "/price_history/0", "/price_history/0 and /pricing are the same prices: that records no change",
           "remove the entry, or write the prices that changed", WARNING)]),
    Case("price-history-valid", "price-history",
         {CHAT: _dated(history=[_past(None, "2025-01-01", "3"), _past("2025-01-01", "2025-06-01")], scheduled=[_next("2027-01-15")])}, []),
    Case("units-fit-kind-history", "units-fit-kind",
         {CHAT: _dated(history=[{**_past("2025-01-01", "2025-06-01"), "pricing": [IN, OUT, IMG]}])}, [(CHAT, 30, 5, "/price_history/0/pricing/2/unit", "unit 'per_image' does not fit a chat model",
           "use one of: " + ", ".join(KIND_UNITS["chat"].units), ERROR)]),
    Case("price-conditions-history-window", "price-conditions",
         {CHAT: _dated(history=[{**_past("2025-01-01", "2025-06-01"), "pricing": [IN, OUT, {**IN, "amount": D("6"), "above_tokens": 200000}]}])},
         [(CHAT, 32, 5, "/price_history/0/pricing/2/above_tokens", "tier above 200,000 tokens is beyond the context window (128,000)",
           "check the tier threshold or the context_window, or give this entry the context_window in force then", ERROR)]),
    Case("price-conditions-history-own-window", "price-conditions",
         {CHAT: _dated(history=[{**_past("2025-01-01", "2025-06-01"), "context_window": 1000000,
                                 "pricing": [IN, OUT, {**IN, "amount": D("6"), "above_tokens": 200000}]}])}, []),
    Case("money-in-prose", "money-in-prose",
         {CHAT: valid_chat_model(description="Costs $30 per 1M tokens, $2.5 cached; batch $0.030 and $1,234.50 stay as they are.")},
         [(CHAT, 2, 1, "/description", "$30, $2.5 are not written as money",
           "write $30.00, $2.50: at least two decimals, as every price on the site", WARNING)]),
    Case("money-in-prose-faq", "money-in-prose",
         {CHAT: valid_chat_model(faq=[{"question": "Is it €5 a month?", "answer": "No: it costs €5.00 per 1M tokens."}])},
         [(CHAT, 23, 3, "/faq/0/question", "€5 is not written as money",
           "write €5.00: at least two decimals, as every price on the site", WARNING)]),
    Case("dates-history", "dates", {CHAT: _dated(history=[_past("2025-02-30", "2025-06-01")])}, [(CHAT, 23, 3, "/price_history/0/from", "'2025-02-30' is not a real date", "write a calendar date as YYYY-MM-DD", ERROR)]),
    Case("unused-provider-upstream", "unused-provider", {HOST: valid_provider(name="Host"), CHAT: valid_chat_model(upstream="host")}, []),
    Case("site-tables-status", "site-tables", {SITE: valid_site(errors=[*SITE_ERRORS, {**SITE_ERRORS[0], "type": "again"}])},
         [(SITE, 52, 3, "/errors/2/status", "status 401 is listed twice in errors", "merge it with /errors/0", ERROR)]),
    Case("site-tables-endpoint", "site-tables", {SITE: valid_site(kinds=_kinds(embeddings={"endpoint": "/chat/completions"}))},
         [(SITE, 26, 5, "/kinds/embeddings/endpoint", "endpoint /chat/completions is also used by chat",
           "each kind needs its own endpoint", ERROR)]),
    Case("theme-file", "theme-file", {SITE: valid_site(theme={"logo": "theme/logo.svg", "stylesheet": "theme/brand.css"})},
         [(SITE, 63, 3, "/theme/logo", "logo 'theme/logo.svg' is not a readable file in the catalog",
           "add catalog/theme/logo.svg (an SVG or PNG file) or remove the setting", ERROR),
          (SITE, 64, 3, "/theme/stylesheet", "stylesheet 'theme/brand.css' is not a readable file in the catalog",
           "add catalog/theme/brand.css (a CSS file) or remove the setting", ERROR)]),
    Case("theme-file-present", "theme-file", {SITE: valid_site(theme={"logo": "theme/logo.svg"}), "theme/logo.svg": b"<svg/>"}, []),
    Case("theme-contrast-light", "theme-contrast", {SITE: valid_site(theme={"colors": {"light": {"brand": "#8ab4f8"}}})},
         [(SITE, 65, 7, "/theme/colors/light/brand", "brand #8ab4f8 has 1.97:1 contrast on the surface colour #f6f8fa "
           "(light scheme); WCAG AA needs 4.5:1 for text", "darken it to at least #58739f (needs 4.5:1, has 1.97:1)", WARNING)]),
    Case("theme-contrast-dark", "theme-contrast",
         {SITE: valid_site(theme={"colors": {"dark": {"brand": "#8ab4f8", "header_background": "#ABC", "brand_text": "#0b57d0"}}})},
         [(SITE, 66, 7, "/theme/colors/dark/header_background", "header_background #aabbcc has 1.07:1 contrast behind the "
           "navigation links #8ab4f8 (dark scheme); WCAG AA needs 4.5:1 for text",
           "darken it to at least #40464d (needs 4.5:1, has 1.07:1)", WARNING),
          (SITE, 67, 7, "/theme/colors/dark/brand_text", "brand_text #0b57d0 has 3.03:1 contrast on brand #8ab4f8 "
           "(dark scheme); WCAG AA needs 4.5:1 for text", "darken it to at least #08409a (needs 4.5:1, has 3.03:1)", WARNING)]),
    Case("theme-contrast-passing", "theme-contrast", {SITE: valid_site(theme={"colors": {
         "light": {"brand": "#0b57d0", "brand_text": "#fff", "header_background": "#1b1f24", "header_text": "#ffffff"},
         "dark": {"brand": "#8ab4f8"}}})}, []),
]  # fmt: skip

CASES = SCHEMA_CASES + CHECK_CASES


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case, write_catalog) -> None:
    catalog = write_catalog(case.files)
    expected = [Problem(f"catalog/{f}", *rest, rule=case.rule) for f, *rest in case.expect]
    assert [p for p in check_catalog(catalog) if p.rule == case.rule] == expected


def test_the_default_catalog_is_clean(write_catalog) -> None:
    assert check_catalog(write_catalog({CHAT: valid_chat_model(), LISTEN: None})) == []


def test_schema_errors_keep_a_record_out_of_the_checks(write_catalog) -> None:
    """A record with a schema error is not checked further (checks trust types), but it still exists."""
    catalog = write_catalog({MODEL: valid_model(kind="image", pricing=[{"unit": "per_image", "amount": "x"}])})
    assert [p.rule for p in check_catalog(catalog)] == ["not-allowed", "wrong-type"]


@pytest.mark.parametrize(("files", "rules"), [
    ({PROVIDER: ""}, ["empty-file"]),  # not also "provider 'acme' has no record"
    ({MODEL: "name: [\n"}, ["yaml-syntax"]),  # not also "provider 'acme' has no models"
    ({MODEL: valid_model(**DEP, replacement="acme/image-two"), TWO: "kind: !foo x\n"}, ["forbidden-tag"]),
])  # fmt: skip
def test_a_broken_file_is_reported_once(files: dict, rules: list[str], write_catalog) -> None:
    assert [p.rule for p in check_catalog(write_catalog(files))] == rules


def test_unmapped_schema_keyword_is_still_located_and_readable() -> None:
    record = RawRecord("model", "a/b", "catalog/models/a/b.yaml", {"n": 3}, {"/n": (4, 1)})
    error = next(jsonschema.Draft202012Validator({"properties": {"n": {"multipleOf": 2}}}).iter_errors(record.data))
    assert list(validate._explain(record, error)) == [
        Problem("catalog/models/a/b.yaml", 4, 1, "/n", "3 is not a multiple of 2", "", ERROR, "schema-multipleOf")
    ]


# ---------------------------------------------------------------- every rule has a case


def _rules_in_source(module: object) -> set[str]:
    """Rule names written in a module: rule= keywords, the rule argument of the problem
    constructors, and `rule = ...` assignments."""
    positions = {"_FileProblem": 2, "FileProblem": 2, "_fail": 3, "_at": 4, "Problem": 7}
    found: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        values: list[ast.expr] = []
        if isinstance(node, ast.Call):
            values += [kw.value for kw in node.keywords if kw.arg == "rule"]
            index = positions.get(getattr(node.func, "id", getattr(node.func, "attr", "")))
            if index is not None and len(node.args) > index:
                values.append(node.args[index])
        elif isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
            pairs = (
                zip(target.elts, value.elts, strict=False)
                if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
                else [(target, value)]
            )
            values += [v for t, v in pairs if getattr(t, "id", "") == "rule"]
        found.update(v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return found


def _asserted(cases: list[Case]) -> set[str]:
    return {case.rule for case in cases if case.expect}


def test_every_check_has_a_test() -> None:
    rules = {checks.rule_name(fn) for fn in checks.CHECKS}
    assert len(rules) == len(checks.CHECKS)
    assert rules - _asserted(CHECK_CASES) == set()


def test_every_loader_rule_has_a_test() -> None:
    rules = _rules_in_source(load) | _rules_in_source(yamlsafe)
    assert {"duplicate-key", "unreadable", "tab-indent", "yaml-syntax"} <= rules  # the scan finds every style
    assert rules - _asserted(LOADER_CASES) == set()


def test_every_schema_message_has_a_test() -> None:
    rules = _rules_in_source(validate)
    assert len(rules) == 8
    assert rules - _asserted(SCHEMA_CASES) == set()
