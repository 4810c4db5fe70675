"""The words of a model page: summary sentence, price lines (prices.py), its offers
(offers.py), its price over time (history.py), worked cost example, feature matrix,
snippets and the FAQ generated from the data.

Shared by the HTML page, its Markdown twin and llms-full.txt, so the three say
exactly the same thing. Prices are shown exactly as recorded ('$0.030').
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog.derive import example_cost, worked_example
from generator.catalog.grammar import article, join_words
from generator.catalog.records import FEATURES, KindSpec, Model, Provider, Site
from generator.catalog.registry import DEFAULT_CURRENCY, KINDS, currency_name, format_total
from generator.render import examples
from generator.render.history import PriceHistory, ScheduledChange, price_history, scheduled_changes
from generator.render.offers import (
    OfferView,
    has_offers,
    listed_remark,
    offer_columns,
    offer_views,
    offered_phrase,
    routing_note,
)
from generator.render.prices import PriceGroup, PriceLine, price_groups, price_line, price_notes, price_phrase
from generator.render.text import plain_text


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer: str
    is_markdown: bool  # the record's own answers are Markdown; generated ones are plain text


@dataclass(frozen=True)
class ApiQuickstart:
    """A further API the model is served through (chat's Responses API), shown beside the kind's own."""

    label: str  # 'Responses API'
    endpoint: str  # '/responses'
    python: str
    javascript: str
    curl: str


@dataclass(frozen=True)
class ModelContent:
    kind: KindSpec
    endpoint_url: str
    summary: str
    description: str  # the record's Markdown description as plain text (FAQ, JSON-LD)
    headline: tuple[PriceLine, ...]
    prices: tuple[PriceLine, ...]
    price_groups: tuple[PriceGroup, ...]  # the same lines, by service tier, standard first
    price_notes: tuple[tuple[str, str], ...]  # (term, meaning) of each time window and context tier
    currency: str  # ISO 4217 code of every amount
    currency_name: str  # 'US dollars', 'euros'
    cost_example: str  # '1,000 images: $30.00'
    features: tuple[tuple[str, bool], ...]  # (label, supported)
    example: examples.Example
    curl: str
    python: str
    javascript: str
    sdk: bool  # the quickstarts call the official OpenAI SDKs (else plain HTTP)
    api_quickstarts: tuple[ApiQuickstart, ...]
    faq: tuple[FaqEntry, ...]
    byok: str  # the BYOK policy for this provider, or why it is not offered
    offers: tuple[OfferView, ...]  # every offer, cheapest first; empty when the record is the only one
    offer_columns: tuple[tuple[str, str], ...]  # (label, per) of each headline price the offers show
    headline_from: bool  # the headline is the cheapest offer's ('from $1.10'), not the record's own
    listed_remark: str  # whose prices the record's own are, and where it is cheapest; '' without offers
    offers_note: str  # under the offers: where a request goes, what 'from' means; '' without offers
    history: PriceHistory | None  # the price over time; None when the record has one price list
    scheduled: tuple[ScheduledChange, ...]  # announced changes still to come, soonest first


def cost_example(model: Model) -> str:
    """'1M input tokens + 1M output tokens: $12.50' or '1,000 images: $30.00', with the
    context tier the example's prompt reaches: '...: $17.50 (prompts above 200K tokens)'."""
    nouns = " + ".join(price.spec.quantity_noun for price, _ in worked_example(model))
    bill = example_cost(model)
    tiers = sorted({line.price.condition for line in bill.lines if line.price.above_tokens})
    reached = f" ({', '.join(tiers)})" if tiers else ""
    return f"{nouns}: {format_total(bill.total, model.currency)}{reached}"


def build_content(model: Model, provider: Provider, site: Site, *upstreams: Provider) -> ModelContent:
    """The content of one model's page, which its Markdown twin shows too (the two jobs
    declare it as the same part, so the engine builds it once). `upstreams`: the providers
    of the model's offers besides its maker (`upstreams_of`), each an argument of its own so
    the part is known by the identity of its records."""
    kind = site.kind(model.kind)
    example = examples.example_for(model, site)
    offers = offer_views(model, provider, upstreams)
    cheapest = model.cheapest_offer
    headline = tuple(price_line(p, cheapest.currency) for p in model.from_prices)
    prices = tuple(price_line(p, model.currency) for p in model.pricing)
    features = tuple((label, model.has(fid)) for fid, label in FEATURES)
    cost = cost_example(model)
    description = plain_text(model.description)
    return ModelContent(
        kind=kind,
        endpoint_url=site.api_base_url + kind.endpoint,
        summary=summary_sentence(model, provider, site, kind),
        description=description,
        headline=headline,
        prices=prices,
        price_groups=price_groups(prices),
        price_notes=price_notes(model.pricing),
        currency=model.currency,
        currency_name=currency_name(model.currency),
        cost_example=cost,
        features=features,
        example=example,
        curl=examples.curl_snippet(example, site),
        python=examples.python_snippet(example, site),
        javascript=examples.javascript_snippet(example, site),
        sdk=KINDS[model.kind].sdk,
        api_quickstarts=api_quickstarts(model, site),
        faq=generated_faq(model, provider, site, kind, features, offers, cost, description)
        + tuple(FaqEntry(f.question, f.answer, True) for f in model.faq),
        byok=byok_text(provider, site),
        offers=offers,
        offer_columns=offer_columns(model) if offers else (),
        headline_from=bool(offers),
        listed_remark=listed_remark(model, offers),
        offers_note=routing_note(model, offers, site.name) if offers else "",
        history=price_history(model),
        scheduled=scheduled_changes(model),
    )


def api_quickstarts(model: Model, site: Site) -> tuple[ApiQuickstart, ...]:
    return tuple(
        ApiQuickstart(
            api.label,
            api.endpoint,
            examples.python_snippet(example, site, api.python),
            examples.javascript_snippet(example, site, api.javascript),
            examples.curl_snippet(example, site),
        )
        for api, example in examples.api_examples(model, site)
    )


def summary_sentence(model: Model, provider: Provider, site: Site, kind: KindSpec) -> str:
    if has_offers(model):
        prices = offered_phrase(model)
    else:
        prices = " and ".join(price_phrase(p, model.currency) for p in model.headline_prices)
    text = (
        f"{model.name} ({model.slug}) is {article(kind.noun)} {kind.noun} model from {provider.name}. "
        f"Pricing via {site.name}: {prices}. "
        f'Call it via {site.api_base_url}{kind.endpoint} — set model="{model.slug}".'
    )
    if model.use_cases:
        text += f" Best for: {', '.join(model.use_cases)}."
    return text


def how_to_call(model: Model, site: Site, kind: KindSpec) -> str:
    """The FAQ's answer: through the OpenAI SDK, or plain HTTP for a kind it has no call for."""
    if not KINDS[model.kind].sdk:
        return (
            f"Send a POST request to {site.api_base_url}{kind.endpoint} with your {site.name} key as a bearer token "
            f'and model set to "{model.slug}", from any HTTP client: the OpenAI SDKs have no call for this endpoint.'
        )
    further = "".join(
        f" It is served through the {a.label} ({a.endpoint}) too." for a, _ in examples.api_examples(model, site)
    )
    return (
        f"Point the OpenAI SDK at {site.api_base_url} with your {site.name} key and set model to "
        f'"{model.slug}". The request and response shapes match OpenAI\'s {kind.endpoint} endpoint.{further}'
    )


def currency_remark(model: Model) -> str:
    """' Prices are in euros, ...' for a model not priced in the default currency; else ''."""
    if model.currency == DEFAULT_CURRENCY:
        return ""
    return f" Prices are in {currency_name(model.currency)} ({model.currency}), as billed, never converted."


def byok_text(provider: Provider, site: Site) -> str:
    if provider.byok:
        return site.byok_text(provider.name)
    return f"Not for {provider.name} models: calls are billed through your {site.name} credits."


def generated_faq(
    model: Model,
    provider: Provider,
    site: Site,
    kind: KindSpec,
    features: tuple[tuple[str, bool], ...],
    offers: tuple[OfferView, ...] = (),
    cost: str | None = None,
    description: str | None = None,
) -> tuple[FaqEntry, ...]:
    """`cost`: the worked example (`cost_example`), and `description` the record's as plain
    text, when the caller has them already."""
    name = model.name
    listed = f" {listed_remark(model, offers)}" if offers else ""  # whose prices these are, with offers
    entries = [
        FaqEntry(
            f"What is {name}?",
            f"{plain_text(model.description) if description is None else description} It is {article(kind.noun)} {kind.noun} model from {provider.name}, "
            f"accessible via {site.name}'s OpenAI-compatible API at slug {model.slug}.",
            False,
        ),
        FaqEntry(
            f"How much does {name} cost via {site.name}?",
            f"{'; '.join(price_phrase(p, model.currency) for p in model.pricing)}.{listed} "
            f"Example: {cost if cost is not None else cost_example(model)}. Pass-through plus a {site.fee_percent}% platform fee applied at top-up.{currency_remark(model)}",
            False,
        ),
        FaqEntry(f"How do I call {name} from my code?", how_to_call(model, site, kind), False),
        FaqEntry(
            f"Does {name} support {join_words([label.lower() if label != 'JSON mode' else label for label, _ in features])}?",
            " ".join(f"{label} — {'yes' if ok else 'no'}." for label, ok in features),
            False,
        ),
    ]
    if model.use_cases or model.strengths:
        answer = f"{', '.join(model.use_cases)}." if model.use_cases else ""
        if model.strengths:
            answer += f" Key strengths: {'; '.join(model.strengths)}."
        entries.append(FaqEntry(f"What are the best use cases for {name}?", answer.strip(), False))
    byok_answer = f"Yes. {site.byok_text(provider.name)}" if provider.byok else f"No. {byok_text(provider, site)}"
    entries.append(FaqEntry(f"Can I bring my own {provider.name} API key (BYOK)?", byok_answer, False))
    if model.is_deprecated and model.sunset_date:
        move = f" Move to {model.replacement}." if model.replacement else ""
        entries.append(
            FaqEntry(
                f"Is {name} being retired?",
                f"Yes. {name} is deprecated and stops being served on {model.sunset_date.isoformat()}.{move}",
                False,
            )
        )
    return tuple(entries)
