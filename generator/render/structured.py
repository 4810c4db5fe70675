"""schema.org JSON-LD for pages: Product with an Offer per price, FAQPage,
BreadcrumbList, WebSite. Plain dicts; templates emit them with `json_script`."""

from __future__ import annotations

from typing import Any

from generator.catalog.records import Model, Provider, Site
from generator.catalog.registry import plain_decimal
from generator.render import urls
from generator.render.content import ModelContent
from generator.render.text import plain_text

CONTEXT = "https://schema.org"


def breadcrumb_list(site: Site, crumbs: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": urls.absolute(site.url, url)}
            for i, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def product(model: Model, provider: Provider, site: Site, content: ModelContent) -> dict[str, Any]:
    page = urls.absolute(site.url, urls.model(model.slug))
    return {
        "@context": CONTEXT,
        "@type": "Product",
        "name": model.name,
        "sku": model.slug,
        "description": plain_text(model.description),
        "category": content.kind.label,
        "brand": {"@type": "Brand", "name": provider.name},
        "url": page,
        "offers": [
            {
                "@type": "Offer",
                "name": line.label,
                "price": plain_decimal(line.price.amount),
                "priceCurrency": model.currency,
                "url": page,
                "availability": CONTEXT + ("/Discontinued" if model.is_deprecated else "/InStock"),
                "priceSpecification": {
                    "@type": "UnitPriceSpecification",
                    "price": plain_decimal(line.price.amount),
                    "priceCurrency": model.currency,
                    "unitText": line.per,
                },
            }
            for line in content.prices
        ],
    }


def faq_page(content: ModelContent) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": plain_text(entry.answer) if entry.is_markdown else entry.answer,
                },
            }
            for entry in content.faq
        ],
    }


def website(site: Site) -> dict[str, Any]:
    return {"@context": CONTEXT, "@type": "WebSite", "name": site.name, "url": site.url, "description": site.tagline}
