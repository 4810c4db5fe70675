"""llms.txt (parsed by the llmstxt.org reference parser), the Markdown twins of the
model pages and llms-full.txt: the same facts as the HTML pages, no raw HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from llms_txt import parse_llms_file

from generator.catalog.derive import SiteIndex
from generator.catalog.records import model_from_data
from generator.catalog.registry import format_money
from generator.render import urls
from generator.render.content import ModelContent, build_content
from generator.render.llms import SEPARATOR
from generator.render.offers import upstreams_of
from generator.render.twins import model_markdown, strip_html


def read(site_dir: Path, path: str) -> str:
    return (site_dir / path).read_text("utf-8")


def test_llms_txt_parses_with_the_reference_parser(site_dir: Path, index: SiteIndex) -> None:
    parsed = parse_llms_file(read(site_dir, urls.LLMS_TXT))
    site = index.catalog.site
    assert (parsed.title, parsed.summary) == (site.name, site.tagline)
    assert site.api_base_url in parsed.info
    assert list(parsed.sections)[-1] == "Optional"
    for items in parsed.sections.values():
        assert items and all(item["url"].startswith(site.url) and item["desc"] for item in items)


def test_llms_txt_lists_every_model_by_kind_and_by_provider(site_dir: Path, index: SiteIndex) -> None:
    sections = parse_llms_file(read(site_dir, urls.LLMS_TXT)).sections
    site = index.catalog.site
    twin = {m.slug: urls.absolute(site.url, urls.model_markdown(m.slug)) for m in index.models}
    for kind, models in index.by_kind.items():
        assert [i["url"] for i in sections[f"{site.kind(kind).label} models"]] == [twin[m.slug] for m in models]
    for provider_id, models in index.by_provider.items():
        if models:
            name = index.catalog.providers[provider_id].name
            assert [i["url"] for i in sections[f"Models by {name}"]] == [twin[m.slug] for m in models]


def test_every_llms_txt_link_is_a_built_file(site_dir: Path, index: SiteIndex) -> None:
    base = index.catalog.site.url
    links = [i["url"] for items in parse_llms_file(read(site_dir, urls.LLMS_TXT)).sections.values() for i in items]
    assert [u for u in links if not (site_dir / u.removeprefix(base)).is_file()] == []


class _Text(HTMLParser):
    """The visible text of a page, whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_text(site_dir: Path, slug: str) -> str:
    parser = _Text()
    parser.feed(read(site_dir, urls.output_path(urls.model(slug))))
    return parser.text()


def flat(text: str) -> str:
    return " ".join(text.split())


def offer_facts(content: ModelContent) -> list[str]:
    """What the Offers section says of each upstream (nothing for a single-offer model)."""
    facts = [content.listed_remark, content.offers_note] if content.offers else []
    for view in content.offers:
        facts += [view.provider.name, *view.headline, *(p.amount for p in view.prices), view.offer.note or ""]
    return [flat(f) for f in facts if f]


def test_twins_say_what_the_html_pages_say(site_dir: Path, index: SiteIndex) -> None:
    site = index.catalog.site
    for model in index.models:
        upstreams = upstreams_of(model, index.catalog.providers)
        content = build_content(model, index.catalog.providers[model.provider_id], site, *upstreams)
        twin, page = flat(read(site_dir, urls.model_markdown(model.slug))), page_text(site_dir, model.slug)
        facts = [
            content.summary,
            content.cost_example,
            site.fee_policy,
            content.byok,
            *(p.amount for p in content.prices),
            *(p.per for p in content.prices),
            *(flat(e.question) for e in content.faq),
            *(flat(e.answer) for e in content.faq if not e.is_markdown),
            *offer_facts(content),
        ]
        assert [f for f in facts if f not in twin] == [], model.slug
        assert [f for f in facts if f not in page] == [], model.slug
        for snippet in (content.curl, content.python, content.javascript):
            assert snippet in read(site_dir, urls.model_markdown(model.slug))
            assert flat(snippet) in page


def test_prices_in_twins_are_exactly_as_recorded(site_dir: Path, index: SiteIndex) -> None:
    for model in index.models:
        twin = read(site_dir, urls.model_markdown(model.slug))
        for price in model.pricing:
            amount = format_money(price.amount, model.currency)  # '$0.27', or 'CN¥4' in a CNY record
            assert re.search(rf"\| {re.escape(price.label)} \| {re.escape(amount)} \|", twin), (model.slug, amount)


def test_strip_html_removes_raw_html_but_keeps_markdown_and_code() -> None:
    text = (
        'Fast **and** [cheap](https://x.example/). <script>alert(1)</script><b onclick="x()">bold</b>'
        "<!-- note --> `<kbd>` stays\n\n```\n<div>code</div>\n```\n<img src=x onerror=alert(1)> a < b"
    )
    assert (
        strip_html(text)
        == "Fast **and** [cheap](https://x.example/). bold `<kbd>` stays\n\n```\n<div>code</div>\n```\n a < b"
    )


def test_a_record_with_raw_html_gives_a_twin_without_it(index: SiteIndex) -> None:
    some = index.models[0]
    data = {
        "name": "Tricky",
        "kind": "chat",
        "modalities": {"input": ["text"], "output": ["text"]},
        "description": 'Good <script>steal()</script><iframe src="https://evil.example/"></iframe>model.',
        "pricing": [{"unit": "per_1m_input_tokens", "amount": "0.030"}],
        "context_window": 1000,
        "status": "active",
        "release_date": "2025-01-01",
        "price_source": "https://acme.example/",
        "faq": [{"question": "Safe?", "answer": "<a href='javascript:x'>Yes</a>, **very**."}],
    }
    model = model_from_data(f"{some.provider_id}/tricky", data)
    twin = model_markdown(index.catalog.site, index.catalog.providers[some.provider_id], model)
    assert "<script" not in twin and "<iframe" not in twin and "<a " not in twin and "steal()" not in twin
    assert "Good model." in twin and "Yes, **very**." in twin and "$0.030" in twin


def test_llms_full_holds_every_twin(site_dir: Path, index: SiteIndex) -> None:
    full = read(site_dir, urls.LLMS_FULL_TXT)
    parts = full.split(SEPARATOR)
    assert parts[1:] == [read(site_dir, urls.model_markdown(m.slug)) for m in index.models]
    assert "&lt;" not in full and "&amp;" not in full  # Markdown, never HTML-escaped text


def test_llms_txt_and_the_twin_show_every_pricing_feature() -> None:
    from support.sites import SITE_CATALOG, render_in_memory

    outputs = render_in_memory(SITE_CATALOG)
    llms = outputs[urls.LLMS_TXT].decode("utf-8")
    assert "exact prices (each model's own currency: EUR, USD, as recorded)" in llms
    assert "acme/euro-tiers, chat; €2.00 per 1M input tokens; €8.00 per 1M output tokens" in llms
    twin = outputs[urls.model_markdown("acme/euro-tiers")].decode("utf-8")
    for shown in (
        "### Standard\n\n| Price | Amount (EUR) | Per | Note |",
        "### Batch tier\n\n| Price | Amount (EUR) | Per | Note |\n|---|---|---|---|\n| Input (Batch) | €1.00 |",
        "### Flex tier",
        "| Output (Flex) | €4.80 | per 1M output tokens | may queue |",
        "| Cache write (1-hour cache, prompts above 200K tokens) | €6.00 |",
        "| Input (tokens beyond 200K) | €3.00 |",
        "| Input (16:30–00:30 UTC) | €1.00 |",
        "| Web search | €10.00 | per 1,000 web searches |",
        "| Reasoning | €8.00 |",
        "| Image output | €30.00 |",
        "Prices are in euros (EUR), as billed; never converted.",
        "- **Off-peak: 16:30–00:30 UTC:**",
        "- **Tokens beyond 200K (incremental):**",
        "- **Prompts above 200K tokens (cliff):**",
        "Example: 1M input tokens + 1M output tokens: €10.80 (tokens beyond 200K).",
        "€1.20 per 1M input tokens (Flex)",  # the FAQ's price answer
    ):
        assert shown in twin, shown
    assert "$" not in twin.split("## Pricing", 1)[1].split("## Features", 1)[0]
    assert "| Price | Amount (USD) | Per | Note |" in outputs[urls.model_markdown("openai/gpt-test")].decode("utf-8")


HOSTILE_EDGES = (
    "java",
    "script:alert(1)",
    "javascript:x",
    "data:",
    "text/html,x",
    "<",
    "b>",
    "&#106;",
    "{: on",
    "click=x}",
    "&amp",
)


def test_llms_full_compact_form_is_the_whole_text_made_safe_at_once(
    index: SiteIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compact form is made Markdown-safe a block of lines at a time; with lines that
    hold and end with the pieces of every pattern markdown_safe knows, it is byte for byte
    the whole text made safe in one go."""
    from generator.render import budget, llms
    from generator.render.llms import compact_chunks, kind_sections
    from generator.render.text import markdown_safe

    site, models = index.catalog.site, index.models
    items = [
        f"- [{HOSTILE_EDGES[i % len(HOSTILE_EDGES)]}](x) {HOSTILE_EDGES[(i + 3) % len(HOSTILE_EDGES)]}"
        for i in range(len(models))
    ]  # fmt: skip: every line starts as compact_item's do
    monkeypatch.setattr(llms, "LINES_PER_BLOCK", 2)
    chunks = list(compact_chunks(site, models, items))
    assert len(chunks) > len(models) // 2  # really made safe in blocks
    head = b"".join(chunks).decode("utf-8").split("\n\n## ")[0]
    raw = "\n\n".join([head, *kind_sections(site, models, items)]) + "\n"
    whole = markdown_safe(raw)
    assert b"".join(chunks) == whole.encode("utf-8")
    assert f"larger than {budget.size_phrase()}" in head and whole != raw  # the hostile pieces were rewritten


def test_llms_full_chooses_its_form_from_the_sizes_before_reading_any_twin(index: SiteIndex) -> None:
    from generator.render import Inputs, budget
    from generator.render.llms import render_llms_full

    site, models = index.catalog.site, index.models
    read: list[int] = []

    def twins():
        for i, _m in enumerate(models):
            read.append(i)
            yield b"twin"

    over = Inputs([budget.MAX_OUTPUT_BYTES] * len(models), twins())
    compact = b"".join(render_llms_full(site, models, ["- x"] * len(models), over))
    assert read == [] and compact.startswith(f"# {site.name} model catalog".encode())
    fits = Inputs([4] * len(models), twins())
    full = b"".join(render_llms_full(site, models, ["- x"] * len(models), fits))
    assert read == list(range(len(models))) and full.count(b"twin") == len(models)
