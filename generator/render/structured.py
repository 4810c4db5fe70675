"""schema.org JSON-LD for pages: Product with an Offer per price (or, for a model several
upstreams serve, an AggregateOffer of one Offer per upstream), FAQPage, BreadcrumbList,
WebSite. Plain dicts; templates emit them with `json_script`. Prices are strings."""

from __future__ import annotations

from typing import Any

from generator.catalog.records import Model, Provider, Site
from generator.catalog.registry import plain_decimal
from generator.render import urls
from generator.render.content import ModelContent, PriceLine
from generator.render.offers import OfferView
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
    if content.offers:
        offers: list[dict[str, Any]] | dict[str, Any] = aggregate_offer(model, content.offers, page)
    else:
        offers = [price_offer(line, model.currency, model.is_deprecated, page) for line in content.prices]
    return {
        "@context": CONTEXT,
        "@type": "Product",
        "name": model.name,
        "sku": model.slug,
        "description": content.description,
        "category": content.kind.label,
        "brand": {"@type": "Brand", "name": provider.name},
        "url": page,
        "offers": offers,
    }


def availability(is_deprecated: bool) -> str:
    return CONTEXT + ("/Discontinued" if is_deprecated else "/InStock")


def unit_price(line: PriceLine, currency: str) -> dict[str, Any]:
    return {
        "@type": "UnitPriceSpecification",
        "price": plain_decimal(line.price.amount),
        "priceCurrency": currency,
        "unitText": line.per,
    }


def price_offer(line: PriceLine, currency: str, is_deprecated: bool, page: str) -> dict[str, Any]:
    """One price of a single-offer model, as an Offer."""
    return {
        "@type": "Offer",
        "name": line.label,
        "price": plain_decimal(line.price.amount),
        "priceCurrency": currency,
        "url": page,
        "availability": availability(is_deprecated),
        "priceSpecification": unit_price(line, currency),
    }


def aggregate_offer(model: Model, views: tuple[OfferView, ...], page: str) -> dict[str, Any]:
    """Every upstream's offer, each priced at its first headline price (every component in its
    priceSpecification). lowPrice and highPrice span the offers that can be compared with the
    cheapest: the same currency and first headline unit (the ones Model.all_offers ranks)."""
    lead = views[0].headline_prices[:1]
    amounts = sorted(
        v.headline_prices[0].price.amount
        for v in views
        if lead
        and v.headline_prices
        and v.offer.currency == views[0].offer.currency
        and v.headline_prices[0].price.unit == lead[0].price.unit
    )
    span = {"lowPrice": plain_decimal(amounts[0]), "highPrice": plain_decimal(amounts[-1])} if amounts else {}
    return {
        "@type": "AggregateOffer",
        "offerCount": len(views),
        "priceCurrency": views[0].offer.currency,
        **span,
        "offers": [upstream_offer(model, view, page) for view in views],
    }


def upstream_offer(model: Model, view: OfferView, page: str) -> dict[str, Any]:
    """One upstream's offer: its name and seller, its first headline price, every component."""
    first = view.headline_prices[:1]
    return {
        "@type": "Offer",
        "name": view.name,
        **({"price": plain_decimal(first[0].price.amount)} if first else {}),
        "priceCurrency": view.offer.currency,
        "seller": {"@type": "Organization", "name": view.provider.name},
        "url": page,
        "availability": availability(model.is_deprecated or view.offer.status == "deprecated"),
        "priceSpecification": [unit_price(line, view.offer.currency) for line in view.prices],
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
