"""The HTML pages of the fixture catalog (tests/fixtures/site_catalog), rendered in
memory: the reference model's page section by section, one page of each kind, the
head of every page, the security rules, and that every link resolves."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.sites import REFERENCE_SLUG, SITE_CATALOG, build_site, fixture_html, fixture_pages, visible_text

from generator.render import urls

SITE_URL = "https://catalog.example.test/gateway/"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)


class Tags(HTMLParser):
    """Every start tag as (name, attrs) and the text of each <script>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag == "script":
            self._script = values
            self.scripts.append((values, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def html_pages() -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in fixture_pages().items() if path.endswith(".html")}


def page_of(slug: str) -> str:
    return fixture_html(urls.output_path(urls.model(slug)))


# ---------------------------------------------------------------- the reference page, section by section

# Each section of /work/shared/reference/model-page.txt and what our page must say there
# (quoted from the reference where we say the same thing; see the comments where we say more).
REFERENCE_SECTIONS: list[tuple[str, list[str]]] = [
    ("breadcrumb", ["Models", "ByteDance", "Bytedance Dreamina V3.1 Text To Image"]),
    ("name and provider", ["ByteDance", "Bytedance Dreamina V3.1 Text To Image", "image", "Compare"]),
    (
        "description",
        [
            "Dreamina showcases superior picture effects, with significant improvements in picture "
            "aesthetics, precise and diverse styles, and rich details."
        ],
    ),
    ("modalities and headline price", ["Modalities", "text", "image", "Per image", "$0.030"]),
    # the reference says "is a image model"; ours is grammatical
    (
        "summary",
        [
            "Bytedance Dreamina V3.1 Text To Image (bytedance/bytedance-dreamina-v3.1-text-to-image) is an "
            "image model from ByteDance. Pricing via AIgateway: $0.030 per image. Call it via "
            "https://api.aigateway.sh/v1/images/generations — set "
            'model="bytedance/bytedance-dreamina-v3.1-text-to-image". Best for: Marketing assets, '
            "Product mockups, Concept art."
        ],
    ),
    ("model id", ["model · bytedance/bytedance-dreamina-v3.1-text-to-image"]),
    (
        "use this model",
        [
            "Use this model",
            "curl https://api.aigateway.sh/v1/images/generations \\",
            '-H "Authorization: Bearer $AIGATEWAY_API_KEY" \\',
            '-H "Content-Type: application/json" \\',
            '"model":"bytedance/bytedance-dreamina-v3.1-text-to-image"',
        ],
    ),
    (
        "capabilities",
        [
            "Capabilities",
            "Strengths",
            "Text-to-image generation",
            "Creative control",
            "Use cases",
            "Marketing assets",
            "Product mockups",
            "Concept art",
            "Streaming ✗ No",
            "JSON mode ✗ No",
        ],
    ),
    (
        "pricing",
        [
            "Pricing",
            "Per image $0.030 per image",
            "1,000 images: $30.00",
            "You pay pass-through · 5% applied at credit top-up, not per-call.",
            "See API example",
            "Compare",
            "API reference",
        ],
    ),
    ("collections", ["More image models", "More from ByteDance", "Frontier models", "Free-tier models"]),
    (
        "api schema",
        [
            "API schema",
            "Call Bytedance Dreamina V3.1 Text To Image from any OpenAI SDK",
            "POST https://api.aigateway.sh/v1/images/generations",
            "application/json",
            "Authorization: Bearer sk-aig-...",
            "Request body",
            '"model": "bytedance/bytedance-dreamina-v3.1-text-to-image",',
            '"n": 1,',
            '"size": "1024x1024",',
            '"response_format": "url" // or "b64_json"',
            "Response",
            '"created":',
            '"url": "https://media.example.com/img/abc123.png"',
        ],
    ),
    (
        "quickstart",
        [
            "Quickstart",
            "from openai import OpenAI",
            'client = OpenAI(base_url="https://api.aigateway.sh/v1"',
            'r = client.images.generate(model="bytedance/bytedance-dreamina-v3.1-text-to-image"',
            'size="1024x1024"',
            "print(r.data[0].url)",
            'import OpenAI from "openai";',
        ],
    ),
    (
        "errors",
        [
            "Errors",
            "401 authentication_error Invalid or missing API key",
            "402 insufficient_credits Wallet empty (PAYG only)",
            "404 not_found Unknown model or endpoint",
            "429 rate_limit_error Over per-minute limit — see Retry-After header",
            "500 server_error Upstream provider failed (retryable)",
            "503 service_unavailable Upstream saturated (retryable)",
            "Full docs",
            "API reference",
            "OpenAPI spec",
            "llms.txt",
        ],
    ),
    (
        "faq",
        [
            "Frequently asked questions",
            "What is Bytedance Dreamina V3.1 Text To Image?",
            "How much does Bytedance Dreamina V3.1 Text To Image cost via AIgateway?",
            "How do I call Bytedance Dreamina V3.1 Text To Image from my code?",
            "Does Bytedance Dreamina V3.1 Text To Image support streaming, tool calling, vision,",
            "What are the best use cases for Bytedance Dreamina V3.1 Text To Image?",
            "Marketing assets, Product mockups, Concept art. Key strengths: Text-to-image generation; "
            "Creative control.",
            "Can I bring my own ByteDance API key (BYOK)?",
            "Yes. Attach a ByteDance key in your AIgateway dashboard and this model flips to pass-through — you "
            "pay ByteDance directly and AIgateway waives the 5% platform fee on those calls.",
        ],
    ),
]


@pytest.mark.parametrize(("section", "expected"), REFERENCE_SECTIONS, ids=[s for s, _ in REFERENCE_SECTIONS])
def test_reference_page_has_each_section(section: str, expected: list[str]) -> None:
    text = visible_text(page_of(REFERENCE_SLUG))
    missing = [phrase for phrase in expected if phrase not in text]
    assert not missing, f"section {section!r} lacks {missing}"


def test_reference_page_sections_come_in_the_reference_order() -> None:
    found = [visible_text(h) for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", page_of(REFERENCE_SLUG), re.S)]
    expected = [
        "Bytedance Dreamina V3.1 Text To Image",
        "Use this model",
        "Capabilities",
        "Strengths",
        "Use cases",
        "Features",
        "Pricing",
        "Collections and related models",
        "API schema",
        "Request body",
        "Response",
        "Quickstart",
        "Errors",
        "Frequently asked questions",
    ]
    assert [h for h in found if h in expected] == expected


def test_reference_page_links_docs_spec_llms_and_markdown_twin() -> None:
    links = {a["href"] for a in Tags(page_of(REFERENCE_SLUG)).find("a")}
    assert {
        "https://docs.aigateway.sh/",
        "../../../openapi.json",
        "../../../openapi.yaml",
        "../../../llms.txt",
        "index.md",
        "../../../compare/?models=" + REFERENCE_SLUG,
    } <= links


# ---------------------------------------------------------------- one page of each kind

KIND_PAGES = {
    "chat": (
        "openai/gpt-test",
        [
            "/chat/completions",
            "client.chat.completions.create(",
            "client.chat.completions.create({",
            "Input $1.25 per 1M input tokens",
            "Output $10.00 per 1M output tokens",
            "Input (prompts above 200K tokens) $2.50 per 1M input tokens long prompts",
            "1M input tokens + 1M output tokens: $12.50",
            "1,050,000 tokens",
            "gpt-test-2026-01-01",
        ],
    ),
    "image_generation": (
        REFERENCE_SLUG,
        ["/images/generations", "client.images.generate(", "$0.030 per image", "1,000 images: $30.00"],
    ),
    "embeddings": (
        "openai/embed-test",
        [
            "/embeddings",
            "client.embeddings.create(",
            "$0.020 per 1M input tokens",
            "// truncated: 1,536 numbers",
            "1M input tokens: $0.02",
        ],
    ),
    "text_to_speech": (
        "openai/tts-test",
        [
            "/audio/speech",
            "client.audio.speech.with_streaming_response.create(",
            "client.audio.speech.create(",
            "--output speech.mp3",
            "$15.000 per 1M characters",
            "The response body is the audio itself (audio/mpeg)",
            "Preview.",
        ],
    ),
    "speech_to_text": (
        "openai/whisper-test",
        [
            "/audio/transcriptions",
            "client.audio.transcriptions.create(",
            "-F 'file=@audio.mp3'",
            "multipart/form-data",
            '"file": "audio.mp3" // a file upload: the bytes of this file',
            "$0.006 per minute",
            "1 hour (60 minutes): $0.36",
        ],
    ),
    "video_generation": (
        "bytedance/seedance-2.0",
        [
            "/videos",
            "client.videos.create(",
            "Per second (480p) $0.1346",
            "Per second (4k) $1.5552",
            "1 minute (60 seconds): $8.076",
            '"seconds": "5"',
        ],
    ),
}


@pytest.mark.parametrize("kind", sorted(KIND_PAGES))
def test_each_kind_has_its_snippets_and_units(kind: str) -> None:
    slug, expected = KIND_PAGES[kind]
    text = visible_text(page_of(slug))
    missing = [phrase for phrase in expected if phrase not in text]
    assert not missing, f"{slug} lacks {missing}"
    assert text.count("Copy") >= 6  # model id, use-this-model curl, request, python, javascript, curl


def test_deprecated_page_names_sunset_and_links_replacement() -> None:
    html = page_of("openai/whisper-test")
    text = visible_text(html)
    assert (
        "Deprecated. Whisper Test stops being served on 2027-02-26. Use Listen Free (acme/listen-free) instead." in text
    )
    assert '<a href="../../acme/listen-free/">Listen Free</a>' in html
    assert "Is Whisper Test being retired?" in text


def test_record_markdown_is_rendered_and_markup_in_names_is_escaped() -> None:
    html = page_of("openai/gpt-test")
    assert "<strong>chat</strong>" in html
    assert '<a href="https://openai.com/" rel="nofollow noopener noreferrer">long context</a>' in html
    assert "<strong>$2.50</strong>" in html  # the record's own FAQ answer, Markdown
    provider_page = fixture_html("providers/acme/index.html")
    assert "Acme &lt;Labs&gt; &amp; Co" in provider_page and "<Labs>" not in provider_page


# ---------------------------------------------------------------- every page


@pytest.mark.parametrize("path", sorted(html_pages()))
def test_every_page_has_head_and_keeps_the_security_rules(path: str) -> None:
    html = html_pages()[path]
    tags = Tags(html)
    assert tags.find("meta", **{"http-equiv": "Content-Security-Policy"}) == [
        {"http-equiv": "Content-Security-Policy", "content": CSP}
    ]
    description = tags.find("meta", name="description")[0]["content"]
    assert 20 <= len(description) <= 160
    url = "" if path == "index.html" else path.removesuffix("index.html")
    assert tags.find("link", rel="canonical")[0]["href"] == SITE_URL + url
    assert {a["property"] for t, a in tags.tags if t == "meta" and "property" in a} >= {
        "og:title",
        "og:description",
        "og:url",
        "og:type",
        "og:site_name",
    }
    assert re.search(r"<title>[^<]{10,}</title>", html)
    for attrs, text in tags.scripts:
        assert attrs.get("src") or attrs.get("type") == "application/ld+json", f"inline script in {path}"
        if not attrs.get("src"):
            json.loads(text)
    assert "<style" not in html
    for tag, attrs in tags.tags:
        assert "style" not in attrs, f"style attribute on <{tag}> in {path}"
        assert not [a for a in attrs if a.startswith("on")], f"event handler on <{tag}> in {path}"
        assert not attrs.get("href", "").lower().startswith("javascript:")


def test_model_page_json_ld_has_product_offers_faq_and_breadcrumbs() -> None:
    scripts = [json.loads(text) for attrs, text in Tags(page_of("openai/gpt-test")).scripts if not attrs.get("src")]
    by_type = {item["@type"]: item for item in scripts}
    aggregate = by_type["Product"]["offers"]  # three upstreams serve gpt-test: one Offer each
    assert (aggregate["@type"], aggregate["offerCount"], aggregate["priceCurrency"]) == ("AggregateOffer", 3, "USD")
    assert (aggregate["lowPrice"], aggregate["highPrice"]) == ("1.10", "1.40")
    offers = {o["name"]: o for o in aggregate["offers"]}
    assert list(offers) == ["HostCo Cloud (us)", "OpenAI", "HostCo Cloud (eu)"]
    assert [o["price"] for o in offers.values()] == ["1.10", "1.25", "1.40"]
    assert [s["price"] for s in offers["OpenAI"]["priceSpecification"]] == ["1.25", "10.00", "0.125", "2.50"]
    assert offers["HostCo Cloud (eu)"]["seller"] == {"@type": "Organization", "name": "HostCo Cloud"}
    questions = [q["name"] for q in by_type["FAQPage"]["mainEntity"]]
    assert questions[-1] == "Why do long prompts cost more?" and len(questions) == 7
    crumbs = by_type["BreadcrumbList"]["itemListElement"]
    assert [c["item"] for c in crumbs] == [
        SITE_URL + "models/",
        SITE_URL + "providers/openai/",
        SITE_URL + "models/openai/gpt-test/",
    ]


def test_a_single_offer_model_has_one_json_ld_offer_per_price() -> None:
    scripts = [json.loads(text) for attrs, text in Tags(page_of("openai/embed-test")).scripts if not attrs.get("src")]
    offers = next(item for item in scripts if item["@type"] == "Product")["offers"]
    assert [(o["@type"], o["price"], o["priceCurrency"]) for o in offers] == [("Offer", "0.020", "USD")]


def test_not_found_page_links_absolutely() -> None:
    tags = Tags(fixture_html(urls.NOT_FOUND))
    for tag, attrs in tags.tags:
        for name in ("href", "src"):
            if name in attrs and attrs[name] != "#main":
                value = attrs[name]
                assert value.startswith(("https://", "/gateway/")), f"<{tag} {name}={value!r}> is relative"
    assert tags.find("link", rel="stylesheet")[0]["href"] == "/gateway/assets/site.css"


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole fixture site, with every renderer's files, so links to them can be checked."""
    out = tmp_path_factory.mktemp("fixture-site") / "site"
    build_site(SITE_CATALOG, out, jobs=0)
    return out


def test_every_relative_link_resolves_to_a_built_file(fixture_build: Path) -> None:
    broken = []
    for path in html_pages():
        if path == urls.NOT_FOUND:
            continue
        for tag, attrs in Tags(html_pages()[path]).tags:
            for name in ("href", "src"):
                value = attrs.get(name, "")
                if not value or value.startswith(("https:", "http:", "mailto:", "#")):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), value.split("?")[0].split("#")[0]))
                file = fixture_build / target
                if not (file.is_file() or (file / "index.html").is_file()):
                    broken.append(f"{path}: <{tag} {name}={value!r}>")
    assert not broken, "\n".join(broken)


def test_every_fragment_link_has_its_target() -> None:
    for path, html in html_pages().items():
        ids = {a["id"] for _, a in Tags(html).tags if "id" in a}
        fragments = {a["href"][1:] for _, a in Tags(html).tags if a.get("href", "").startswith("#")}
        assert fragments <= ids, f"{path}: {fragments - ids}"


# ---------------------------------------------------------------- listing pages and data files


def test_models_page_is_a_complete_table_without_javascript() -> None:
    html = fixture_html("models/index.html")
    rows = re.findall(r'<tr data-provider="([^"]+)" data-kind="([^"]+)"', html)
    assert len(rows) == 8
    assert '<form class="filters" id="model-filters" role="search" aria-label="Filter models" hidden>' in html
    assert 'data-price="0.030"' in html and 'data-price="10.10"' in html  # gpt-test from its cheapest offer


def test_group_pages_list_their_models() -> None:
    assert "Listen Free" in fixture_html("collections/free-tier/index.html")
    assert "GPT Test" in fixture_html("collections/frontier/index.html")
    assert "Whisper Test" in fixture_html("kinds/speech-to-text/index.html")
    assert "Seedance 2.0" in fixture_html("modalities/video/index.html")
    assert "GPT Test" in fixture_html("collections/long-context/index.html")


def compare_entries() -> dict[str, dict]:
    """Every model's compare file, by slug."""
    pages = fixture_pages()
    prefix = urls.COMPARE_MODELS
    return {p[len(prefix) : -len(".json")]: json.loads(b) for p, b in pages.items() if p.startswith(prefix)}


def test_compare_data_has_exact_decimal_strings() -> None:
    models = compare_entries()
    assert len(models) == 8 and all(slug == m["slug"] for slug, m in models.items())
    gpt = models["openai/gpt-test"]
    assert [p["amount"] for p in gpt["prices"]] == ["1.25", "10.00", "0.125", "2.50"]
    assert gpt["prices"][0]["display"] == "$1.25" and gpt["context_window"] == 1050000
    assert models[REFERENCE_SLUG]["prices"][0]["amount"] == "0.030"
    assert models[REFERENCE_SLUG]["url"] == "../../../models/" + REFERENCE_SLUG + "/"  # from its own file


def test_pricing_csv_has_every_price_exactly() -> None:
    lines = fixture_pages()[urls.PRICING_CSV].decode("utf-8").splitlines()
    assert lines[0] == (
        "slug,model,provider,kind,unit,component,condition,amount,currency,per,note,"
        "tier,cache_ttl,window,above_tokens_rule,offer,upstream"
    )
    assert len(lines) == 1 + 13 + 17 + 5  # gpt-test's two HostCo offers add 2 + 3 rows
    assert (
        f"{REFERENCE_SLUG},Bytedance Dreamina V3.1 Text To Image,ByteDance,Image generation,per_image,"
        "Per image,,0.030,USD,per image,,,,,,bytedance,bytedance"
    ) in lines
    assert (
        "openai/gpt-test,GPT Test,OpenAI,Chat,per_1m_input_tokens,Input,prompts above 200K tokens,2.50,USD,"
        "per 1M input tokens,long prompts,,,,cliff,openai,openai"
    ) in lines
    assert (
        "openai/gpt-test,GPT Test,OpenAI,Chat,per_1m_input_tokens,Input,,1.10,USD,per 1M input tokens,,,,,,hostco@us,hostco"
        in lines
    )


def test_pricing_csv_defuses_spreadsheet_formulas() -> None:
    from generator.render.pricelist import csv_cell

    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and csv_cell("0.030") == "0.030"


def test_pricing_page_shows_every_price_as_recorded() -> None:
    text = visible_text(fixture_html("pricing/index.html"))
    for shown in ("$0.030", "from $1.10", "$0.020", "$15.000", "$0.1346", "$1.5552", "$0.00", "$0.006", "€0.20"):
        assert shown in text, shown


def _shown_json(html: str, block_id: str) -> object:
    """The JSON of a code block on a page, without its '// remark' comments."""
    import html as html_lib

    text = re.search(rf'<pre id="{block_id}"[^>]*><code>(.*?)</code></pre>', html, re.S).group(1)
    return json.loads(re.sub(r"   // .*$", "", html_lib.unescape(text), flags=re.M))


def test_api_schema_matches_the_openapi_examples(fixture_build: Path) -> None:
    """Each endpoint's example in openapi.json is the one its model's page shows."""
    spec = json.loads((fixture_build / urls.OPENAPI_JSON).read_text(encoding="utf-8"))
    checked = 0
    for path, item in spec["paths"].items():
        for operation in item.values():
            for content_type, media in operation.get("requestBody", {}).get("content", {}).items():
                (example,) = media["examples"].values()
                html = page_of(example["summary"])
                assert f"<code>POST https://api.aigateway.sh/v1{path}</code>" in html
                assert f"<code>{content_type}</code>" in html
                assert _shown_json(html, "api-request") == example["value"]
                success = operation["responses"]["200"]["content"]
                if "application/json" in success:
                    (response,) = success["application/json"]["examples"].values()
                    assert _shown_json(html, "api-response") == response["value"]
                checked += 1
    assert checked == 6


# ---------------------------------------------------------------- issue 12: pricing as billed

FEATURE_SLUG = "acme/euro-tiers"  # the fixture model with every pricing feature, in EUR


def test_model_page_shows_every_pricing_feature() -> None:
    html = fixture_html(f"models/{FEATURE_SLUG}/index.html")
    text = visible_text(html)
    groups = re.findall(r'<th scope="rowgroup" colspan="4" class="price-group-title">([^<]+)</th>', html)
    assert groups == ["Standard", "Batch tier", "Flex tier"]  # standard first, then each tier
    for shown in (
        "Input (Batch) €1.00 per 1M input tokens",
        "Output (Flex) €4.80 per 1M output tokens may queue",
        "Cache write (5-minute cache) €2.50",
        "Cache write (1-hour cache, prompts above 200K tokens) €6.00",
        "Input (tokens beyond 200K) €3.00",
        "Input (16:30–00:30 UTC) €1.00",
        "Web search €10.00 per 1,000 web searches",
        "Reasoning €8.00 per 1M reasoning tokens",
        "Image input €2.50",
        "Image output €30.00",
        "Off-peak: 16:30–00:30 UTC:",
        "Tokens beyond 200K (incremental): only the prompt tokens past 200K",
        "Prompts above 200K tokens (cliff): once a prompt is longer than 200K tokens",
        "Prices are in euros (EUR)",
        "Worked example: 1M input tokens + 1M output tokens: €10.80",  # 200K at €2 + 800K at €3, + €8
        "Pricing via AIgateway: €2.00 per 1M input tokens and €8.00 per 1M output tokens",
        "€1.00 per 1M input tokens (Batch)",  # the FAQ's price answer
    ):
        assert shown in text, shown
    assert "$" not in re.search(r'<section aria-labelledby="pricing">.*?</section>', html, re.S).group(0)
    assert '"priceCurrency":"EUR"' in html and '"priceCurrency":"USD"' not in html  # the JSON-LD offers
    assert "in euros, standard prices first, then each service tier</caption>" in html


def test_compare_data_shows_every_pricing_feature() -> None:
    model = json.loads(fixture_pages()[urls.compare_model_json(FEATURE_SLUG)])
    assert model["currency"] == "EUR" and model["price_text"] == "€2.00 / 1M input · €8.00 / 1M output"
    assert model["sort_price"] == "10.00"
    prices = {p["label"]: p for p in model["prices"]}
    assert all(isinstance(p["amount"], str) and p["currency"] == "EUR" for p in prices.values())
    assert prices["Input (Batch)"]["tier"] == "batch" and prices["Input (Batch)"]["display"] == "€1.00"
    assert (prices["Output (Flex)"]["tier"], prices["Output (Flex)"]["note"]) == ("flex", "may queue")
    write = prices["Cache write (1-hour cache, prompts above 200K tokens)"]
    assert (write["cache_ttl"], write["above_tokens"], write["above_tokens_rule"]) == ("1h", 200000, "cliff")
    assert prices["Input (tokens beyond 200K)"]["above_tokens_rule"] == "incremental"
    assert prices["Input (16:30–00:30 UTC)"]["window"] == {"start": "16:30", "end": "00:30"}
    assert prices["Web search"]["amount"] == "10.00" and prices["Reasoning"]["amount"] == "8.00"
    assert "tier" not in prices["Input"] and "window" not in prices["Input"]


def test_pricing_page_and_csv_show_every_pricing_feature() -> None:
    html = fixture_html("pricing/index.html")
    text = visible_text(html)
    assert "in its own currency (EUR, USD), never converted; sorting by price sorts within each currency" in text
    assert "Euro Tiers Acme <Labs> & Co €2.00 €8.00 €0.20 €2.50 €4.00 €2.50 €3.00 €6.00 5 more" in text
    assert '<td class="price" data-value="4.00" data-currency="EUR">€4.00</td>' in html  # the 1-hour cache write
    for tier, shown in (("batch", "Euro Tiers Acme <Labs> & Co €1.00 €4.00"), ("flex", "€1.20 €4.80")):
        assert shown in visible_text(fixture_html(f"pricing/{tier}/index.html")), tier
    lines = fixture_pages()[urls.PRICING_CSV].decode("utf-8").splitlines()
    mine = [line for line in lines if line.startswith(FEATURE_SLUG + ",")]
    assert len(mine) == 17 and all(",EUR," in line for line in mine)
    assert (
        f"{FEATURE_SLUG},Euro Tiers,Acme <Labs> & Co,Chat,per_1m_cache_write_tokens,Cache write,"
        '"1-hour cache, prompts above 200K tokens",6.00,EUR,per 1M cache-write tokens,,,1h,,cliff,acme,acme'
    ) in mine  # the offer and upstream columns come last: the record's own offer
    assert any(line.endswith(",,,16:30-00:30,,acme,acme") for line in mine)
    assert any(line.endswith(",may queue,flex,,,,acme,acme") for line in mine)
    assert any(line.endswith(",,,,,incremental,acme,acme") for line in mine)


def test_listings_sort_by_price_within_a_currency_and_say_so() -> None:
    from support.sites import site_index

    chat = site_index(SITE_CATALOG).cheapest_first["chat"]
    assert [m.slug for m in chat] == ["openai/gpt-test", FEATURE_SLUG]  # €10 is not below $11.25: USD first
    html = fixture_html("models/index.html")
    assert "in their own currency (EUR, USD), never converted." in html
    assert "headline price in its own unit and currency; sorting by price sorts within each currency." in html
    assert '<td data-value="10.00" data-currency="EUR">€2.00 / 1M input · €8.00 / 1M output</td>' in html
    assert "Prices in their own currency (EUR, USD)" in fixture_html("kinds/chat/index.html")
    assert "Prices in their own currency" not in fixture_html("kinds/embeddings/index.html")


def test_a_single_currency_catalog_says_its_currency(tmp_path: Path) -> None:
    import shutil

    from support.sites import render_in_memory

    catalog = tmp_path / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    (catalog / "models" / f"{FEATURE_SLUG}.yaml").unlink()
    outputs = render_in_memory(catalog)
    models, pricing = outputs["models/index.html"].decode(), outputs["pricing/index.html"].decode()
    assert "Prices are the providers' own, in US dollars.</p>" in models and "Max price (USD)" in models
    assert "exactly as the provider publishes it, in US dollars." in pricing
    assert "data-currency" not in models + pricing and "sorts within" not in models + pricing
