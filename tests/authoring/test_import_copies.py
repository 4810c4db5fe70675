"""One model at several hosts: copies folded into one record with offers (importers/copies.py),
on real LiteLLM 1.109.1 ids and entries (tests/fixtures/import/litellm.json)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from support.catalogs import check_catalog
from support.paths import FIXTURES

from generator.authoring.importers import format_summary, run_import
from generator.authoring.importers.common import ImportedModel
from generator.authoring.importers.copies import fold_copies, model_name
from generator.authoring.scaffold import ensure_site
from generator.authoring.yamlout import field_lines
from generator.catalog.load import parse_yaml

FIXTURE = FIXTURES / "import" / "litellm.json"
TODAY = dt.date(2026, 1, 15)
MAVERICK = "meta/llama-4-maverick-17b-128e-instruct"


@pytest.fixture
def imported(tmp_path: Path):
    catalog = tmp_path / "catalog"
    ensure_site(catalog)
    return catalog, run_import("litellm", FIXTURE, catalog, TODAY)


def record(catalog: Path, slug: str) -> dict:
    return parse_yaml((catalog / "models" / f"{slug}.yaml").read_bytes())[0]


def offer(data: dict, provider: str) -> dict:
    return next(o for o in data["offers"] if o["provider"] == provider)


# ---------------------------------------------------------------- the normalized name


@pytest.mark.parametrize(
    ("model_id", "org", "key"),
    [
        ("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "meta-llama", "llama-4-maverick-17b-128e-instruct"),
        ("Llama-4-Maverick-17B-128E-Instruct-FP8", None, "llama-4-maverick-17b-128e-instruct"),  # azure_ai
        ("meta/llama-4-maverick-17b-128e-instruct-maas", "meta", "llama-4-maverick-17b-128e-instruct"),  # vertex_ai
        ("meta.llama-4-maverick-17b-128e-instruct-fp8", "meta", "llama-4-maverick-17b-128e-instruct"),  # oci
        ("Llama-4-Maverick-17B-128E-Instruct", None, "llama-4-maverick-17b-128e-instruct"),  # sambanova
        ("@cf/meta/llama-4-scout-17b-16e-instruct", "meta", "llama-4-scout-17b-16e-instruct"),  # cloudflare
        ("accounts/fireworks/models/deepseek-v3", None, "deepseek-v3"),
        ("deepseek-ai/DeepSeek-V3", "deepseek-ai", "deepseek-v3"),
        ("Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8", "qwen", "qwen3-coder-480b-a35b-instruct"),  # together_ai
        ("qwen/qwen3-coder-480b-a35b-instruct-maas", "qwen", "qwen3-coder-480b-a35b-instruct"),  # vertex_ai
        ("google.gemma-3-12b-it", "google", "gemma-3-12b-it"),  # bedrock_converse
        ("zai-org/GLM-4.7-FP8", "zai-org", "glm-4.7"),  # gmi
        # a dot after anything but a known maker is part of the name
        ("us.meta.llama4-maverick-17b-instruct-v1:0", None, "us.meta.llama4-maverick-17b-instruct-v1:0"),
        # more than one '/' left: a path, not org/model
        ("fal-ai/flux/dev", None, "fal-ai/flux/dev"),
        ("ps/deepseek-v4-flash", "ps", "deepseek-v4-flash"),  # an org no maker is known for
    ],
)
def test_model_name_strips_only_the_hosts_decorations(model_id, org, key):
    name = model_name(model_id)
    assert (name.org, name.key) == (org, key)


def test_model_name_keeps_the_hosts_case_for_display():
    assert model_name("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8").display == (
        "Llama-4-Maverick-17B-128E-Instruct"
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8"),
        ("deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-V3-0324"),
        ("meta/llama-4-maverick-17b-16e-instruct-maas", "meta/llama-4-maverick-17b-128e-instruct-maas"),
        ("meta/llama-4-scout-17b-128e-instruct-maas", "meta/llama-4-scout-17b-16e-instruct-maas"),
        ("meta-llama/llama-4-maverick-17b", "meta-llama/llama-4-maverick-17b-128e-instruct-fp8"),  # watsonx
        ("accounts/fireworks/models/llama4-maverick-instruct-basic", "Llama-4-Maverick-17B-128E-Instruct"),
        ("meta.llama4-maverick-17b-instruct-v1:0", "meta.llama-4-maverick-17b-128e-instruct-fp8"),  # bedrock, oci
        ("codestral-2", "codestral-2@001"),  # vertex_ai: a version is not a decoration
        ("meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/Llama-3.3-70B-Instruct"),  # Turbo is not stripped
    ],
)
def test_different_sizes_versions_and_dates_never_share_a_key(one, other):
    assert model_name(one).key != model_name(other).key


# ---------------------------------------------------------------- folding


def copy_of(source_id: str, provider: str, model: str, amount: str) -> ImportedModel:
    data = {
        "name": model,
        "kind": "chat",
        "pricing": [{"unit": "per_1m_input_tokens", "amount": Decimal(amount)}],
        "context_window": 131072,
        "status": "active",
        "price_source": f"https://{provider}.example/pricing",
    }
    return ImportedModel(source_id, provider, model, data)


def test_copies_naming_two_makers_are_not_folded():
    entries = [
        copy_of("a/meta-llama/x-7b", "a", "meta-llama/x-7b", "1"),
        copy_of("b/Qwen/x-7b", "b", "Qwen/x-7b", "2"),
    ]
    folded, skips = fold_copies(entries, "a list")
    assert folded == entries and skips == []


def test_a_copy_with_an_unknown_org_stays_a_record_of_its_own():
    alone = copy_of("pinstripes/ps/x-7b", "pinstripes", "ps/x-7b", "3")
    entries = [copy_of("a/meta-llama/x-7b", "a", "meta-llama/x-7b", "1"), copy_of("b/x-7b", "b", "x-7b", "2"), alone]
    folded, _ = fold_copies(entries, "a list")
    assert alone in folded
    (record,) = [e for e in folded if e.copies]
    assert [c.source_id for c in record.copies] == ["a/meta-llama/x-7b", "b/x-7b"]
    assert (record.provider, record.data["upstream"], [o["provider"] for o in record.data["offers"]]) == (
        "meta",
        "a",
        ["b"],
    )


def test_one_record_per_model_under_its_maker_with_an_offer_per_other_host(imported):
    catalog, _ = imported
    maverick = record(catalog, MAVERICK)
    assert maverick["name"] == "Llama-4-Maverick-17B-128E-Instruct"
    # deepinfra sorts first of the hosts: its copy is the record's own pricing
    assert maverick["upstream"] == "deepinfra"
    assert maverick["pricing"] == [
        {"unit": "per_1m_input_tokens", "amount": Decimal("0.2")},
        {"unit": "per_1m_output_tokens", "amount": Decimal("0.8")},
    ]
    assert [o["provider"] for o in maverick["offers"]] == [
        "azure_ai",
        "lambda_ai",
        "novita",
        "oci",
        "sambanova",
        "vertex_ai",
        "watsonx",
    ]
    assert not list((catalog / "models").glob("*/*llama-4-maverick-17b-128e-instruct-fp8.yaml"))


def test_an_offer_carries_its_prices_source_and_only_the_limits_that_differ(imported):
    catalog, _ = imported
    maverick = record(catalog, MAVERICK)
    vertex = offer(maverick, "vertex_ai")  # vertex_ai/meta/llama-4-maverick-17b-128e-instruct-maas
    assert vertex["pricing"] == [
        {"unit": "per_1m_input_tokens", "amount": Decimal("0.35")},
        {"unit": "per_1m_output_tokens", "amount": Decimal("1.15")},
        {"unit": "per_1m_input_tokens", "amount": Decimal("0.175"), "tier": "batch"},
        {"unit": "per_1m_output_tokens", "amount": Decimal("0.575"), "tier": "batch"},
    ]
    assert (vertex["context_window"], vertex["max_output_tokens"]) == (1000000, 1000000)
    assert vertex["price_source"] == "https://cloud.google.com/gemini-enterprise-agent-platform/generative-ai/pricing"
    assert vertex["note"] == "Google Vertex AI lists it as meta/llama-4-maverick-17b-128e-instruct-maas."
    novita = offer(maverick, "novita")  # the record's 1,048,576-token window: not repeated
    assert "context_window" not in novita and novita["max_output_tokens"] == 8192


def test_a_copy_deprecated_at_its_host_is_a_deprecated_offer_with_the_date_in_its_note(imported):
    catalog, _ = imported
    azure = offer(record(catalog, MAVERICK), "azure_ai")  # deprecation_date 2026-11-19
    assert azure["status"] == "deprecated"
    assert azure["note"] == (
        "Azure AI Foundry lists it as Llama-4-Maverick-17B-128E-Instruct-FP8. Deprecated there: it retires on 2026-11-19."
    )


def test_the_makers_own_copy_is_the_records_pricing_without_an_upstream(imported):
    catalog, _ = imported
    v3 = record(catalog, "deepseek/deepseek-v3")  # deepseek/deepseek-v3 sold by DeepSeek itself
    assert "upstream" not in v3
    assert [(p["unit"], p["amount"]) for p in v3["pricing"]] == [
        ("per_1m_input_tokens", Decimal("0.27")),
        ("per_1m_output_tokens", Decimal("1.1")),
        ("per_1m_cached_input_tokens", Decimal("0.07")),
    ]
    assert [o["provider"] for o in v3["offers"]] == ["deepinfra", "fireworks_ai", "inferenceapis", "together_ai"]
    assert v3["name"] == "DeepSeek-V3"  # the case a host kept, not the maker API's lowercase id


def test_models_that_differ_in_size_or_date_stay_apart(imported):
    catalog, _ = imported
    dated = record(catalog, "deepseek/deepseek-v3-0324")
    assert (dated["upstream"], [o["provider"] for o in dated["offers"]]) == ("deepinfra", ["fireworks_ai"])
    sixteen = record(catalog, "meta/llama-4-maverick-17b-16e-instruct")  # vertex_ai's 16e: its own model
    assert (sixteen["upstream"], "offers" in sixteen) == ("vertex_ai", False)
    assert record(catalog, "meta/llama-4-maverick-17b")["upstream"] == "watsonx"
    assert (catalog / "models/fireworks_ai/accounts-fireworks-models-llama4-maverick-instruct-basic.yaml").exists()
    scout = record(catalog, "meta/llama-4-scout-17b-16e-instruct")
    assert scout["upstream"] == "cloudflare"
    assert [o["provider"] for o in scout["offers"]] == ["deepinfra", "together_ai", "vertex_ai"]


def test_every_host_gets_a_provider_record_and_the_record_names_every_copy(imported):
    catalog, _ = imported
    assert (catalog / "providers" / "meta.yaml").exists()
    for host in ("deepinfra", "lambda_ai", "sambanova", "oci", "watsonx", "azure_ai"):
        assert (catalog / "providers" / f"{host}.yaml").exists(), host
    assert not (catalog / "models" / "lambda_ai").exists()  # a host that only serves offers
    text = (catalog / "models" / f"{MAVERICK}.yaml").read_text()
    assert "# imported from litellm: deepinfra/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8\n" in text
    assert "# imported from litellm: vertex_ai/meta/llama-4-maverick-17b-128e-instruct-maas\n" in text
    assert [p for p in check_catalog(catalog) if p.is_error] == []


def test_a_second_id_at_one_host_is_skipped_with_the_reason(imported):
    _, report = imported
    reasons = {s.source_id: s.reason for s in report.skips}
    assert reasons["inferenceapis/deepseek-v3"] == (
        "a second id for one model at inferenceapis; inferenceapis/deepseek-ai/DeepSeek-V3 is imported"
    )


def test_an_offer_that_would_not_validate_is_skipped_and_the_rest_is_imported(imported):
    catalog, report = imported
    reasons = {s.source_id: s.reason for s in report.skips}
    # together_ai's 32,768-token window under ovhcloud's 127,000-token output limit
    assert reasons["together_ai/mistralai/Mistral-7B-Instruct-v0.3"] == (
        "would not validate: max_output_tokens (127,000) is larger than context_window (32,768) [kind-fields]"
    )
    # without it no copy names the maker: ovhcloud's stays the record it was
    assert record(catalog, "ovhcloud/mistral-7b-instruct-v0.3")["pricing"]


def test_the_summary_counts_the_folded_copies_and_the_skips(imported, tmp_path):
    catalog, report = imported
    summary = format_summary(report, FIXTURE, catalog)
    assert (
        "  folded         15 source entries into 4 record(s) as offers; 6 record(s) filed under the model's maker\n"
        in (summary)
    )
    assert "         1  a second id for one model at one host\n" in summary
    assert "         1  would not validate [kind-fields]\n" in summary
    assert report.plan.offers_folded == sum(len(record(catalog, s).get("offers", [])) for s in report.plan.placed)


# ---------------------------------------------------------------- importing again


def test_reimport_updates_offers_by_provider_and_keeps_what_a_human_wrote(imported):
    catalog, _ = imported
    path = catalog / "models" / f"{MAVERICK}.yaml"
    text = path.read_text()
    data = record(catalog, MAVERICK)
    vertex = next(i for i, o in enumerate(data["offers"]) if o["provider"] == "vertex_ai")
    novita = next(i for i, o in enumerate(data["offers"]) if o["provider"] == "novita")
    data["offers"][vertex]["pricing"][0]["amount"] = Decimal("0.3")
    data["offers"][vertex]["note"] = "Hand-written: Model Garden, serverless."
    del data["offers"][novita]
    lines = text.split("offers:\n")[0]  # keep the header and every field before offers as written
    path.write_text(lines + "\n".join(field_lines("offers", data["offers"])) + "\n")
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    assert report.plan.updated[MAVERICK] == ["new offer novita", "offer vertex_ai: per_1m_input_tokens $0.30 -> $0.35"]
    after = record(catalog, MAVERICK)
    assert offer(after, "vertex_ai")["note"] == "Hand-written: Model Garden, serverless."
    assert offer(after, "vertex_ai")["pricing"][0]["amount"] == Decimal("0.35")
    assert [o["provider"] for o in after["offers"]][-1] == "novita"  # a new host goes after the others
    assert [p for p in check_catalog(catalog) if p.is_error] == []


def test_offers_the_source_no_longer_lists_are_kept_and_reported(imported):
    catalog, _ = imported
    path = catalog / "models" / f"{MAVERICK}.yaml"
    text = path.read_text()
    (catalog / "providers" / "hostco.yaml").write_text(
        (catalog / "providers" / "lambda_ai.yaml").read_text().replace("Lambda Ai", "HostCo")
    )
    hand = (
        "  - provider: hostco\n    region: eu\n    pricing:\n      - unit: per_1m_input_tokens\n        amount: 0.1\n"
    )
    hand += (
        "      - unit: per_1m_output_tokens\n        amount: 0.4\n    price_source: https://hostco.example/pricing\n"
    )
    path.write_text(text + hand)
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    assert MAVERICK in report.plan.unchanged
    assert report.plan.kept[MAVERICK] == ["hostco@eu"]
    assert offer(record(catalog, MAVERICK), "hostco")["region"] == "eu"
    summary = format_summary(report, FIXTURE, catalog)
    assert f"  kept {MAVERICK}: not in the source, kept as written: hostco@eu\n" in summary


def test_a_hand_written_record_at_the_makers_slug_takes_its_own_hosts_copy_and_the_others_as_offers(tmp_path):
    catalog = tmp_path / "catalog"
    ensure_site(catalog)
    run_import("litellm", FIXTURE, catalog, TODAY)
    path = catalog / "models" / "meta" / "llama-4-scout-17b-16e-instruct.yaml"
    data = record(catalog, "meta/llama-4-scout-17b-16e-instruct")
    # a human wrote it: served by together_ai, no offers yet, their own words
    text = path.read_text().split("offers:\n")[0].replace("upstream: cloudflare", "upstream: together_ai")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("# imported from"))
    text = text.replace(data["description"], "Hand-written words about Scout.").replace(
        "  # TODO: describe the model", ""
    )
    text = text.replace("amount: 0.27", "amount: 0.5", 1)
    path.write_text(text)
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    changes = report.plan.updated["meta/llama-4-scout-17b-16e-instruct"]
    assert changes[0] == "per_1m_input_tokens $0.50 -> $0.18"  # together_ai's own price
    assert "new offer cloudflare" in changes and "new offer together_ai" not in changes
    after = record(catalog, "meta/llama-4-scout-17b-16e-instruct")
    assert after["description"] == "Hand-written words about Scout." and after["upstream"] == "together_ai"
    assert [o["provider"] for o in after["offers"]] == ["cloudflare", "deepinfra", "vertex_ai"]


def test_a_record_whose_own_host_is_not_in_the_source_keeps_its_pricing_and_says_so(imported):
    catalog, _ = imported
    path = catalog / "models" / "deepseek" / "deepseek-v3-0324.yaml"
    (catalog / "providers" / "groq.yaml").write_text(
        (catalog / "providers" / "lambda_ai.yaml").read_text().replace("Lambda Ai", "Groq")
    )
    path.write_text(path.read_text().replace("upstream: deepinfra", "upstream: groq"))
    report = run_import("litellm", FIXTURE, catalog, TODAY)
    assert report.plan.kept["deepseek/deepseek-v3-0324"] == ["groq (the record's own pricing)"]
    after = record(catalog, "deepseek/deepseek-v3-0324")
    assert after["pricing"][0]["amount"] == Decimal("0.24")  # deepinfra's price, as it was written
    assert [o["provider"] for o in after["offers"]] == ["fireworks_ai", "deepinfra"]
