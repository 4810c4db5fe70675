"""The words of a model page: summary sentence, price lines, worked cost example,
feature matrix, snippets and the FAQ generated from the data.

Shared by the HTML page, its Markdown twin and llms-full.txt, so the three say
exactly the same thing. Prices are shown exactly as recorded ('$0.030').
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog.derive import example_total, worked_example
from generator.catalog.grammar import article, join_words
from generator.catalog.records import FEATURES, KindSpec, Model, Price, Provider, Site
from generator.catalog.registry import format_amount, format_total
from generator.render import examples
from generator.render.text import plain_text


@dataclass(frozen=True)
class PriceLine:
    label: str  # 'Input (prompts above 200K tokens)'
    amount: str  # '$2.50', exactly as recorded
    per: str  # 'per 1M input tokens'
    note: str  # the record's remark, or ''
    price: Price


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer: str
    is_markdown: bool  # the record's own answers are Markdown; generated ones are plain text


@dataclass(frozen=True)
class ModelContent:
    kind: KindSpec
    endpoint_url: str
    summary: str
    headline: tuple[PriceLine, ...]
    prices: tuple[PriceLine, ...]
    cost_example: str  # '1,000 images: $30.00'
    features: tuple[tuple[str, bool], ...]  # (label, supported)
    example: examples.Example
    curl: str
    python: str
    javascript: str
    faq: tuple[FaqEntry, ...]
    byok: str  # the BYOK policy for this provider, or why it is not offered


def price_line(price: Price) -> PriceLine:
    return PriceLine(price.label, format_amount(price.amount), price.spec.per, price.note or "", price)


def price_phrase(price: Price) -> str:
    """'$2.50 per 1M input tokens (prompts above 200K tokens)'."""
    text = f"{format_amount(price.amount)} {price.spec.per}"
    return f"{text} ({price.condition})" if price.condition else text


def cost_example(model: Model) -> str:
    """'1M input tokens + 1M output tokens: $12.50' or '1,000 images: $30.00'."""
    nouns = " + ".join(price.spec.quantity_noun for price, _ in worked_example(model))
    return f"{nouns}: {format_total(example_total(model))}"


def build_content(model: Model, provider: Provider, site: Site) -> ModelContent:
    """The content of one model's page, which its Markdown twin shows too (the two jobs
    declare it as the same part, so the engine builds it once)."""
    kind = site.kind(model.kind)
    example = examples.example_for(model, site)
    headline = tuple(price_line(p) for p in model.headline_prices)
    features = tuple((label, model.has(fid)) for fid, label in FEATURES)
    return ModelContent(
        kind=kind,
        endpoint_url=site.api_base_url + kind.endpoint,
        summary=summary_sentence(model, provider, site, kind),
        headline=headline,
        prices=tuple(price_line(p) for p in model.pricing),
        cost_example=cost_example(model),
        features=features,
        example=example,
        curl=examples.curl_snippet(example, site),
        python=examples.python_snippet(example, site),
        javascript=examples.javascript_snippet(example, site),
        faq=generated_faq(model, provider, site, kind, features)
        + tuple(FaqEntry(f.question, f.answer, True) for f in model.faq),
        byok=byok_text(provider, site),
    )


def summary_sentence(model: Model, provider: Provider, site: Site, kind: KindSpec) -> str:
    prices = " and ".join(price_phrase(p) for p in model.headline_prices)
    text = (
        f"{model.name} ({model.slug}) is {article(kind.noun)} {kind.noun} model from {provider.name}. "
        f"Pricing via {site.name}: {prices}. "
        f'Call it via {site.api_base_url}{kind.endpoint} — set model="{model.slug}".'
    )
    if model.use_cases:
        text += f" Best for: {', '.join(model.use_cases)}."
    return text


def byok_text(provider: Provider, site: Site) -> str:
    if provider.byok:
        return site.byok_text(provider.name)
    return f"Not for {provider.name} models: calls are billed through your {site.name} credits."


def generated_faq(
    model: Model, provider: Provider, site: Site, kind: KindSpec, features: tuple[tuple[str, bool], ...]
) -> tuple[FaqEntry, ...]:
    name = model.name
    entries = [
        FaqEntry(
            f"What is {name}?",
            f"{plain_text(model.description)} It is {article(kind.noun)} {kind.noun} model from {provider.name}, "
            f"accessible via {site.name}'s OpenAI-compatible API at slug {model.slug}.",
            False,
        ),
        FaqEntry(
            f"How much does {name} cost via {site.name}?",
            f"{'; '.join(price_phrase(p) for p in model.pricing)}. Example: {cost_example(model)}. "
            f"Pass-through plus a {site.fee_percent}% platform fee applied at top-up.",
            False,
        ),
        FaqEntry(
            f"How do I call {name} from my code?",
            f"Point the OpenAI SDK at {site.api_base_url} with your {site.name} key and set model to "
            f'"{model.slug}". The request and response shapes match OpenAI\'s {kind.endpoint} endpoint.',
            False,
        ),
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
