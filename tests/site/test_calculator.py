"""The cost calculator in a real browser (the built shipped catalog, its CSP in force): the
figures it shows for seeded random workloads on model pages of every kind and on compare
equal the cost engine's (generator.catalog.cost, formatted by format_total), its engine
port agrees with cost() on synthetic price lists with every rule the shipped data lack
(incremental context tiers, windows only, missing options), the choice survives a reload
through the address, the page without JavaScript keeps the worked example, and axe finds
nothing wrong with the calculator shown, in light and dark."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from support.axe import axe_context, axe_violations
from support.sites import BUILD_DATE, REAL_CATALOG, ServedSite, site_index

from generator.catalog.cost import CostError, Usage, cost
from generator.catalog.derive import SiteIndex
from generator.catalog.records import Model, Offer, model_from_data
from generator.catalog.registry import QUANTITY_UNITS, format_total
from generator.render.calculator import (
    CHOICE_OPTIONS,
    DAYS_PER_MONTH,
    offer_list,
    registry_data,
    shown_fields,
    tiers_of_list,
    usage_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = 20260515
DASH = "—"
COMPARED = ("openai/gpt-5.5", "anthropic/claude-sonnet-4-6", "openai/gpt-image-1.5")


@pytest.fixture(scope="module")
def index() -> SiteIndex:
    """The shipped catalog as the served site was built (its prices on the build date)."""
    return site_index(REAL_CATALOG, BUILD_DATE)


@pytest.fixture
def page(site_browser, built_site: ServedSite) -> Iterator[Any]:
    context = site_browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield tab
        assert not errors, errors  # a CSP violation or a script error shows up here
    finally:
        context.close()


def open_page(page: Any, site: ServedSite, path: str) -> Any:
    """Open a page with a calculator and wait until its script has shown it."""
    page.goto(site.url + path)
    page.wait_for_selector("#calculator-section", state="visible")
    return page


# ---------------------------------------------------------------- workloads and what they cost


def thresholds(pricing: tuple[Any, ...]) -> list[int]:
    return sorted({p.above_tokens for p in pricing if p.above_tokens})


def tokens(rng: random.Random, near: list[int]) -> int:
    pick = rng.random()
    if near and pick < 0.5:  # on a context tier's threshold (not above it), just above, or well above
        return rng.choice(near) + rng.choice([0, 0, 1, rng.randint(2, 60_000)])
    if pick < 0.6:
        return 0
    return rng.choice([rng.randint(1, 999), rng.randint(1_000, 30_000), rng.randint(30_000, 3_000_000)])


def random_values(rng: random.Random, offers: list[Offer], fields: set[str] | None = None) -> dict[str, str]:
    """Form values for the fields and options of `offers` (the price lists on screen)."""
    pricing = tuple(p for o in offers for p in o.pricing)
    keys = fields if fields is not None else {f.key for o in offers for f in shown_fields(o.pricing)}
    near = thresholds(pricing)
    values: dict[str, int] = {}
    draw = {
        "images": lambda: rng.randint(0, 12),
        "rerank": lambda: rng.randint(0, 12),
        "searches": lambda: rng.randint(0, 12),
        "tool_calls": lambda: rng.randint(0, 12),
        "seconds": lambda: rng.randint(0, 240),
        "minutes": lambda: rng.randint(0, 240),
        "chars": lambda: rng.randint(0, 400_000),
        "storage": lambda: rng.randint(0, 400_000),
    }
    for key in sorted(keys - {"cached", "write"}):
        values[key] = draw[key]() if key in draw else tokens(rng, near)  # the rest count tokens
    if "cached" in keys:
        values["cached"] = rng.choice([0, rng.randint(1, 100)])
    if "write" in keys:
        values["write"] = rng.randint(0, 100 - values.get("cached", 0))
    text = {k: str(v) for k, v in values.items()}
    for key, option in CHOICE_OPTIONS.items():
        offered = sorted({v for p in pricing if (v := getattr(p, option))})
        if offered:
            text[key] = rng.choice(offered)
    starts = sorted({p.window.start for p in pricing if p.window})
    if starts:
        text["at"] = rng.choice(["", *starts])
    text["n"] = str(rng.choice([0, 1, rng.randint(2, 500), rng.randint(500, 2_000_000)]))
    text["per"] = rng.choice(["day", "month"])
    return text


def expected_rows(model: Model, offer: Offer, values: dict[str, str], fee: Decimal) -> dict[str, dict[str, str]]:
    """Each tier's figures, as the cost engine prices the request and format_total shows them."""
    priced = model.as_offered(offer)
    usage = usage_of(values, offer.pricing)
    n = Decimal(values["n"])
    month = n * DAYS_PER_MONTH if values["per"] == "day" else n
    rows = {}
    for tier, _label in tiers_of_list(offer.pricing):
        periods = ("request", "day", "month", "fee") if fee else ("request", "day", "month")
        try:
            bill = cost(priced, usage, None if tier == "standard" else tier, values.get("at") or None, fee)
        except CostError:
            rows[tier] = dict.fromkeys(periods, DASH)
            continue
        figures = {"request": bill.total, "day": bill.total * n, "month": bill.total * month}
        figures |= {"fee": bill.total_with_fee * month} if fee else {}
        rows[tier] = {p: format_total(figures[p], offer.currency) for p in periods}
    return rows


def shown_rows(page: Any, body: str) -> dict[str, dict[str, str]]:
    return page.evaluate(
        """(body) => Object.fromEntries([...document.querySelectorAll(body + ' tr[data-tier]')].map(tr =>
             [tr.dataset.tier, Object.fromEntries([...tr.querySelectorAll('td')].map(td =>
               [td.dataset.period, td.textContent]))]))""",
        body,
    )


FILL = """(values) => {
  for (const [key, value] of Object.entries(values)) {
    const control = document.getElementById('calc-' + key);
    control.value = value;
    control.dispatchEvent(new Event(control.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
  }
}"""


def fill(page: Any, values: dict[str, str]) -> None:
    """Type each value into its field and tell the form, as typing does (the offer first: it
    decides which fields show); one round trip for the whole workload."""
    page.evaluate(FILL, {k: values[k] for k in sorted(values, key=lambda k: k != "offer")})


def address(page: Any) -> str:
    return page.evaluate("() => window.location.href")  # page.url follows replaceState only later


def workloads(index: SiteIndex) -> list[tuple[Model, Offer]]:
    """Every shipped model once, and a second time each one with a rule worth more cases:
    context tiers, cache writes, service tiers, options, time windows, offers, another currency."""
    rng = random.Random(SEED)
    plans = []
    for model in index.models:
        offers = list(model.all_offers)
        plans.append((model, rng.choice(offers)))
        special = any(
            p.above_tokens or p.tier or p.window or p.size or p.quality or p.resolution or p.cache_ttl
            for p in model.pricing
        )
        if special or len(offers) > 1 or model.currency != "USD":
            plans.append((model, rng.choice(offers)))
    return plans


def test_model_pages_show_what_the_cost_engine_charges_for_random_workloads(
    page: Any, built_site: ServedSite, index: SiteIndex
) -> None:
    rng = random.Random(SEED)
    fee = index.catalog.site.fee_percent
    plans = workloads(index)
    kinds = {m.kind for m, _ in plans}
    assert len(plans) >= 50 and len(kinds) == len({m.kind for m in index.models})
    assert any(m.currency != "USD" for m, _ in plans) and any(len(m.all_offers) > 1 for m, _ in plans)
    current = ""
    mismatches = []
    for model, offer in plans:
        if current != model.slug:
            open_page(page, built_site, f"models/{model.slug}/")
            current = model.slug
        values = random_values(rng, [offer])
        if len(model.all_offers) > 1:
            values["offer"] = offer.id
        fill(page, values)
        shown, expected = shown_rows(page, "#calc-rows"), expected_rows(model, offer, values, fee)
        if shown != expected:
            mismatches.append(f"{model.slug} {values}: shown {shown}, cost() {expected}")
    assert not mismatches, "\n".join(mismatches[:5])


def test_compare_prices_one_workload_with_each_model(page: Any, built_site: ServedSite, index: SiteIndex) -> None:
    rng = random.Random(SEED + 1)
    fee = index.catalog.site.fee_percent
    models = [index.catalog.models[slug] for slug in COMPARED]
    open_page(page, built_site, f"compare/?models={','.join(COMPARED)}")
    assert page.locator("#calculator-section").is_visible()
    shown_keys = set(
        page.eval_on_selector_all("#calc-form [data-field]:not([hidden]) input", "es => es.map(e => e.name)")
    )
    assert {"in", "cached", "write", "out", "images"} <= shown_keys
    for _ in range(3):
        offers = [m.all_offers[0] for m in models]  # compare shows each model's cheapest offer
        values = random_values(rng, offers, shown_keys)
        fill(page, values)
        for model, offer in zip(models, offers, strict=True):
            body = f'tbody[data-group="{model.slug}@{offer.id}"]'
            assert page.locator(body + " th[scope=rowgroup]").inner_text() == model.name
            assert shown_rows(page, body) == expected_rows(model, offer, values, fee), (model.slug, values)


def form_values(page: Any) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#calc-form [name]')]"
        ".filter(e => !e.closest('[hidden]')).map(e => [e.name, e.value]))"
    )


def test_the_choice_is_kept_in_the_address_and_a_reload_restores_it(page: Any, built_site: ServedSite) -> None:
    open_page(page, built_site, "models/anthropic/claude-sonnet-4-6/")
    assert urlsplit(address(page)).query == ""  # untouched: the address stays as it was
    fill(page, {"in": "250000", "cached": "20", "write": "10", "out": "1200", "ttl": "1h", "n": "40", "per": "month"})
    assert urlsplit(address(page)).query == "in=250000&cached=20&write=10&out=1200&searches=0&ttl=1h&n=40&per=month"
    rows, values = shown_rows(page, "#calc-rows"), form_values(page)
    open_page(page, built_site, f"models/anthropic/claude-sonnet-4-6/?{urlsplit(address(page)).query}")
    assert form_values(page) == values and shown_rows(page, "#calc-rows") == rows
    assert page.locator("thead th[data-period=day]").is_hidden()  # a monthly volume has no daily figure

    open_page(page, built_site, f"compare/?models={','.join(COMPARED)}")
    fill(page, {"in": "5000", "images": "3", "n": "7"})
    shared = address(page)
    assert urlsplit(shared).query.startswith(f"models={','.join(COMPARED)}&in=5000&")
    groups = {slug: shown_rows(page, f'tbody[data-group^="{slug}@"]') for slug in COMPARED}
    open_page(page, built_site, shared[len(built_site.url) :])
    assert page.locator("#calc-in").input_value() == "5000" and page.locator("#calc-images").input_value() == "3"
    assert {slug: shown_rows(page, f'tbody[data-group^="{slug}@"]') for slug in COMPARED} == groups


def test_a_bad_number_is_a_problem_not_a_figure(page: Any, built_site: ServedSite) -> None:
    open_page(page, built_site, "models/anthropic/claude-sonnet-4-6/")
    fill(page, {"cached": "70", "write": "40"})
    assert page.locator("#calc-problem").inner_text() == "The cached and cache-write shares add up to more than 100%."
    assert page.locator("#calc-results").is_hidden()
    fill(page, {"write": "30"})
    assert page.locator("#calc-problem").is_hidden() and page.locator("#calc-results").is_visible()


def test_without_javascript_the_page_keeps_the_worked_example(site_browser, built_site: ServedSite) -> None:
    context = site_browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(built_site.url + "models/openai/gpt-5.5/")
        assert tab.locator("#calculator-section").is_hidden()
        assert (
            tab.locator(".example-cost").inner_text().startswith("Worked example: 1M input tokens + 1M output tokens:")
        )
    finally:
        context.close()


# ---------------------------------------------------------------- the engine port on synthetic lists


def synthetic(pricing: list[dict[str, Any]], kind: str = "chat") -> Model:
    data = {
        "name": "M",
        "description": "A model for tests.",
        "kind": kind,
        "modalities": {"input": ["text"], "output": ["text"]},
        "pricing": [{**p, "amount": Decimal(p["amount"])} for p in pricing],
        "status": "active",
        "release_date": "2025-01-01",
        "price_source": "https://example.com/pricing",
    }
    return model_from_data("acme/m", data)


def unit(name: str, amount: str, **conditions: Any) -> dict[str, Any]:
    return {"unit": name if name.startswith("per_") else f"per_1m_{name}_tokens", "amount": amount, **conditions}


INCREMENTAL = {"above_tokens_rule": "incremental"}
SYNTHETIC = {
    "incremental context tiers": synthetic(
        [
            unit("input", "1.25"),
            unit("input", "2.5", above_tokens=128000, **INCREMENTAL),
            unit("input", "3.75", above_tokens=256000, **INCREMENTAL),
            unit("cached_input", "0.125"),
            unit("cached_input", "0.25", above_tokens=128000, **INCREMENTAL),
            unit("output", "10"),
            unit("output", "15", above_tokens=128000, **INCREMENTAL),  # output is no prompt: billed whole
        ]
    ),
    "incremental tier without a base": synthetic(
        [unit("input", "2", above_tokens=1000, **INCREMENTAL), unit("output", "3")]
    ),
    "cliff without a base": synthetic([unit("input", "2", above_tokens=1000), unit("output", "3")]),
    "a tier pricing part of the units": synthetic(
        [
            unit("input", "3"),
            unit("output", "15"),
            unit("input", "1.5", tier="batch"),
            unit("output", "9", tier="priority"),
        ]
    ),
    "windows only, for one unit": synthetic(
        [
            unit("input", "0.27", window={"start": "16:30", "end": "00:30"}),
            unit("input", "0.55", window={"start": "00:30", "end": "16:30"}),
            unit("output", "1.10"),
            unit("output", "0.55", window={"start": "16:30", "end": "00:30"}),
        ]
    ),
    "cache lifetimes and a reasoning fallback": synthetic(
        [
            unit("input", "3"),
            unit("output", "15"),
            unit("cache_write", "3.75", cache_ttl="5m"),
            unit("cache_write", "6", cache_ttl="1h"),
        ]
    ),
    "sizes with and without a general price": synthetic(
        [
            {"unit": "per_image", "amount": "0.04", "size": "1024x1024", "quality": "hd"},
            {"unit": "per_image", "amount": "0.02", "size": "512x512"},
            {"unit": "per_image", "amount": "0.08", "quality": "hd"},
        ],
        kind="image_generation",
    ),
    "minutes of audio": synthetic([{"unit": "per_minute", "amount": "0.006"}], kind="speech_to_text"),
}


def random_usage(rng: random.Random, model: Model) -> tuple[Usage, str | None, str | None]:
    """A usage of the quantities the model prices (now and then one it does not), with options."""
    near = thresholds(model.pricing)
    units = {p.unit for p in model.pricing}
    draw = {
        "input_tokens": lambda: tokens(rng, near),
        "cached_tokens": lambda: tokens(rng, near) if rng.random() < 0.3 else 0,
        "cache_write_tokens": lambda: rng.choice([0, 0, rng.randint(1, 50_000)]),
        "output_tokens": lambda: tokens(rng, near),
        "reasoning_tokens": lambda: rng.choice([0, rng.randint(1, 9_999)]),
        "images": lambda: rng.randint(0, 5),
        "seconds": lambda: Decimal(rng.choice([0, 60, 120, 3600, 86400])),  # whole minutes: exact per minute
    }
    priced = [q for q in draw if any(u in units for u in QUANTITY_UNITS[q])]
    unpriced = [q for q in draw if q not in priced]
    chosen = priced + ([rng.choice(unpriced)] if rng.random() < 0.1 else [])
    options = {
        "size": rng.choice([None, "1024x1024", "512x512", "256x256"]),
        "quality": rng.choice([None, "hd"]),
        "cache_ttl": rng.choice([None, "5m", "1h"]),
    }
    tier = rng.choice([None, *sorted({p.tier for p in model.pricing if p.tier})])
    at = rng.choice([None, "00:00", "00:30", "12:00", "16:30", "23:59"])
    return Usage(**{q: draw[q]() for q in chosen}, **options), tier, at


ENGINE = """async ([url, registry, cases]) => {
  const m = await import(url);
  return cases.map(c => {
    const usage = Object.assign({}, c.options, {quantities: Object.fromEntries(
      Object.entries(c.quantities).map(([k, v]) => [k, BigInt(v)]))});
    try {
      return m.money(m.cost(registry, c.prices, usage, c.tier, c.at).total, '$');
    } catch (error) {
      if (error instanceof m.CostError) { return null; }
      throw error;
    }
  });
}"""


def test_the_engine_port_agrees_with_cost_on_every_rule(page: Any, built_site: ServedSite, index: SiteIndex) -> None:
    rng = random.Random(SEED + 2)
    registry = registry_data(index.catalog.site)
    cases, expected = [], []
    for name, model in SYNTHETIC.items():
        prices = offer_list(model.own_offer, name)["prices"]
        for _ in range(12):
            usage, tier, at = random_usage(rng, model)
            quantities = {k: str(v) for k, v in usage.quantities().items()}
            options = {"size": usage.size, "quality": usage.quality, "resolution": None, "cache_ttl": usage.cache_ttl}
            cases.append({"prices": prices, "quantities": quantities, "options": options, "tier": tier, "at": at})
            try:
                expected.append((name, format_total(cost(model, usage, tier, at).total)))
            except CostError:
                expected.append((name, None))
    open_page(page, built_site, "models/openai/gpt-5.5/")
    shown = page.evaluate(ENGINE, [built_site.url + "assets/calculator.js", registry, cases])
    assert list(zip((name for name, _ in expected), shown, strict=True)) == expected
    priced = [e for _, e in expected if e is not None]
    assert len(priced) > len(expected) // 2 and len(priced) < len(expected)  # both outcomes are exercised


def test_money_follows_format_total(page: Any, built_site: ServedSite) -> None:
    amounts = ["0", "0.5", "2.50", "0.030", "0.00875", "15", "1234.5", "1000000", "0.000000125", "987654321.0100"]
    open_page(page, built_site, "models/openai/gpt-5.5/")
    shown = page.evaluate(
        "async ([url, amounts]) => { const m = await import(url);"
        " return amounts.map(a => m.money(m.decimal(a), 'CN¥')); }",
        [built_site.url + "assets/calculator.js", amounts],
    )
    assert shown == [format_total(Decimal(a), "CNY") for a in amounts]


# ---------------------------------------------------------------- accessibility


CALCULATOR_PAGES = {
    "image model with sizes and qualities": "models/openai/gpt-image-1.5/",
    "model with offers": "models/meta/llama-4-scout/",
    "model with time windows, in yuan": "models/deepseek/deepseek-reasoner/",
    "video by resolution": "models/google/veo-3.1/",
    "compare, three models": f"compare/?models={','.join(COMPARED)}&in=300000&images=2",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_the_calculator_shown(site_browser, built_site: ServedSite, scheme: str) -> None:
    context = axe_context(site_browser, scheme)
    tab = context.new_page()
    found = {}
    try:
        for name, path in CALCULATOR_PAGES.items():
            open_page(tab, built_site, path)
            violations = axe_violations(tab)
            if violations:
                found[name] = violations
    finally:
        context.close()
    assert not found, json.dumps(found, indent=1)
