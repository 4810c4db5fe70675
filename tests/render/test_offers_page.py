"""A model served by several upstreams (issue 13), on its page, its Markdown twin, llms.txt
and llms-full.txt: the fixture's gpt-test is sold by OpenAI (its own pricing, $1.25 in),
HostCo Cloud in the US ($1.10, the cheapest, with smaller limits and a note) and HostCo
Cloud in the EU ($1.40, preview). A single-offer model's page has no Offers section, and
renaming an upstream renders the pages that name it again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support.sites import SITE_CATALOG, build_site, fixture_html, render_in_memory, visible_text

from generator.render import urls

SLUG = "openai/gpt-test"


def page() -> str:
    return fixture_html(urls.output_path(urls.model(SLUG)))


def section(html: str, ident: str) -> str:
    match = re.search(rf'<section aria-labelledby="{ident}">.*?</section>', html, re.S)
    assert match, f"no section {ident}"
    return match.group(0)


def offer_rows(html: str) -> list[str]:
    """The visible text of each row of the offers table, in order."""
    table = re.search(r'<table class="offers">.*?</table>', html, re.S).group(0)
    body = table.split("<tbody>", 1)[1]
    return [visible_text(row) for row in re.findall(r"<tr\b.*?</tr>", body, re.S)]


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in render_in_memory(SITE_CATALOG).items()}


def test_the_offers_table_lists_every_upstream_cheapest_first() -> None:
    rows = offer_rows(section(page(), "offers"))
    assert rows == [
        "HostCo Cloud (us) cheapest $1.10 $9.00 400,000 (listed: 1,050,000) 64,000 (listed: 128,000) "
        "FP8 weights; no long-context tier. source: prices of HostCo Cloud (us)",
        "OpenAI listed price $1.25 $10.00 1,050,000 128,000 source: prices of OpenAI",
        "HostCo Cloud (eu) preview $1.40 $11.00 1,050,000 128,000 source: prices of HostCo Cloud (eu)",
    ]


def test_the_offers_table_links_each_upstream_and_its_source_and_marks_what_differs() -> None:
    offers = section(page(), "offers")
    assert offers.count('href="../../../providers/hostco/"') == 2 and 'href="../../../providers/openai/"' in offers
    sources = re.findall(r'<a href="(https://[^"]+)" rel="nofollow noopener noreferrer">source', offers)
    assert sources == [
        "https://hostco.example/pricing",
        "https://openai.com/api/pricing/",
        "https://hostco.example/pricing/eu",
    ]
    differing = re.findall(r'<td class="differs"><strong>([0-9,]+)</strong>', offers)
    assert differing == ["400,000", "64,000"]  # only hostco@us's limits differ from the record's
    assert '<tr id="offer-hostco-us" class="cheapest">' in offers
    assert '<caption id="offers-caption">The 3 upstreams that serve GPT Test, cheapest first;' in offers
    heads = re.findall(r'<th scope="col">([^<]+)', offers.split("<tbody>", 1)[0])
    assert [h.strip() for h in heads] == [
        "Upstream",
        "Input",
        "Output",
        "Context window",
        "Max output",
        "Note",
        "Source",
    ]
    assert "routes each request for openai/gpt-test to the upstream chosen for it" in visible_text(offers)
    assert "the “from” price at the top of the page is the cheapest offer's (HostCo Cloud (us))" in visible_text(offers)


def test_each_other_offer_has_its_whole_price_list_in_a_details() -> None:
    offers = section(page(), "offers")
    details = re.findall(r'<details class="offer-prices">.*?</details>', offers, re.S)
    assert [visible_text(d) for d in details] == [
        "Every price of HostCo Cloud (us) Every price of GPT Test at HostCo Cloud (us), in US dollars "
        "Component Price Unit Input $1.10 per 1M input tokens Output $9.00 per 1M output tokens",
        "Every price of HostCo Cloud (eu) Every price of GPT Test at HostCo Cloud (eu), in US dollars "
        "Component Price Unit Input $1.40 per 1M input tokens Output $11.00 per 1M output tokens "
        "Cached input $0.14 per 1M cached input tokens",
    ]
    assert all('<table class="prices">' in d for d in details)  # the one price-table partial
    assert "Note</th>" not in "".join(details)  # a Note column only where a price has a note


def test_the_headline_says_from_the_cheapest_offer() -> None:
    html = page()
    head = re.search(r'<header class="model-head">.*?</header>', html, re.S).group(0)
    text = visible_text(head)
    assert "Input from $1.10 per 1M input tokens" in text and "Output from $9.00 per 1M output tokens" in text
    assert "$1.25" not in text
    assert "Pricing via AIgateway: offered by 3 upstreams, from $1.10 per 1M input tokens and $9.00" in text
    pricing = visible_text(section(html, "pricing"))
    assert pricing.startswith(
        "Pricing These are the listed prices of OpenAI; it is offered by 3 upstreams, from $1.10 per 1M input "
        "tokens and $9.00 per 1M output tokens at HostCo Cloud (us). See Offers. "
    )
    assert "Input $1.25 per 1M input tokens" in pricing  # the record's own list stays the Pricing table


def test_the_faq_price_answer_names_the_offers() -> None:
    text = visible_text(page())
    assert (
        "(prompts above 200K tokens). These are the listed prices of OpenAI; it is offered by 3 upstreams, "
        "from $1.10 per 1M input tokens and $9.00 per 1M output tokens at HostCo Cloud (us). Example:"
    ) in text


@pytest.mark.parametrize("slug", ["openai/embed-test", "acme/euro-tiers", "openai/tts-test"])
def test_a_single_offer_page_has_no_offers_section(slug: str) -> None:
    html = fixture_html(urls.output_path(urls.model(slug)))
    assert 'id="offers"' not in html and "upstreams" not in html and "listed-remark" not in html
    assert ">from <" not in html and "from <span" not in html


def test_the_twin_has_the_offers_table_and_each_price_list(outputs: dict[str, str]) -> None:
    twin = outputs[urls.model_markdown(SLUG)]
    offers = twin.split("## Offers\n", 1)[1].split("\n## ", 1)[0]
    hostco = "https://catalog.example.test/gateway/providers/hostco/"
    assert (
        "| Upstream | Input (per 1M input tokens) | Output (per 1M output tokens) | Context window | Max output "
        "| Note | Source |\n|---|---|---|---|---|---|---|\n"
        f"| [HostCo Cloud]({hostco}) (us) · cheapest | $1.10 | $9.00 | **400,000** (listed: 1,050,000) "
        "| **64,000** (listed: 128,000) | FP8 weights; no long-context tier. "
        "| [https://hostco.example/pricing](https://hostco.example/pricing) |\n"
        "| [OpenAI](https://catalog.example.test/gateway/providers/openai/) · listed price | $1.25 | $10.00 "
        "| 1,050,000 | 128,000 |  | [https://openai.com/api/pricing/](https://openai.com/api/pricing/) |\n"
        f"| [HostCo Cloud]({hostco}) (eu) · preview | $1.40 | $11.00 | 1,050,000 | 128,000 |  "
        "| [https://hostco.example/pricing/eu](https://hostco.example/pricing/eu) |\n"
    ) in offers
    assert (
        "### Every price of HostCo Cloud (eu)\n\n| Price | Amount (USD) | Per | Note |\n|---|---|---|---|\n"
        "| Input | $1.40 | per 1M input tokens |  |\n| Output | $11.00 | per 1M output tokens |  |\n"
        "| Cached input | $0.14 | per 1M cached input tokens |  |"
    ) in offers
    assert "### Every price of HostCo Cloud (us)" in offers and "### Every price of OpenAI" not in offers
    assert twin.index("## Pricing") < twin.index("## Offers") < twin.index("## Features")
    assert "> GPT Test (openai/gpt-test) is a chat model from OpenAI. Pricing via AIgateway: offered by 3" in twin


def test_a_single_offer_twin_has_no_offers_section(outputs: dict[str, str]) -> None:
    twin = outputs[urls.model_markdown("acme/euro-tiers")]
    assert "## Offers" not in twin and "upstreams" not in twin and "listed prices of" not in twin


def test_llms_txt_says_from_and_llms_full_lists_each_offer(outputs: dict[str, str]) -> None:
    llms = outputs[urls.LLMS_TXT]
    assert (
        "openai/gpt-test by OpenAI; offered by 3 upstreams, from $1.10 per 1M input tokens and "
        "$9.00 per 1M output tokens"
    ) in llms
    assert "openai/embed-test by OpenAI; $0.020 per 1M input tokens" in llms  # one offer: as before
    full = outputs[urls.LLMS_FULL_TXT]
    for shown in (
        "(us) · cheapest | $1.10 | $9.00 |",
        "(eu) · preview | $1.40 | $11.00 |",
        "[https://hostco.example/pricing/eu](https://hostco.example/pricing/eu)",
    ):
        assert full.count(shown) == 1, shown


def test_renaming_an_upstream_renders_the_pages_that_name_it_again(tmp_path: Path) -> None:
    """HostCo makes no model, so only gpt-test's page and twin (and listings) name it: the
    page must depend on it, or an incremental build would keep the old name."""
    catalog = tmp_path / "catalog"
    shutil.copytree(SITE_CATALOG, catalog)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_site(catalog, out, cache=cache)
    page_file = out / urls.output_path(urls.model(SLUG))
    twin_file = out / urls.model_markdown(SLUG)
    assert "HostCo Cloud" in page_file.read_text("utf-8")
    record = catalog / "providers" / "hostco.yaml"
    record.write_text(record.read_text("utf-8").replace("name: HostCo Cloud", "name: Hostly"), "utf-8")
    report = build_site(catalog, out, cache=cache)
    assert report.write is not None and report.reused > 0  # an incremental build, not a clean one
    for output in (page_file, twin_file):
        text = output.read_text("utf-8")
        assert "Hostly (us)" in text and "HostCo Cloud" not in text, output.name
