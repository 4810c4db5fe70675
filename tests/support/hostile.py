"""The hostile catalogs of the security tests, built from tests/fixtures/xss/payloads.json.

- `place(payload)`: the payload in every string field (FIELDS) of a site.yaml, a provider
  and a model at once, validated; each error must refuse one field (a schema pattern or
  length), the other fields keep the payload (a `Placement`);
- `hostile_catalog_files(placements)`: one provider and one model per payload, the
  kitchen-sink records (many payloads per page, for the browser), the hostile logo, and
  a different payload in each site.yaml text;
- `site_catalog_files(placement)`: the payload in every site.yaml text (one value per field);

Used by tests/security/: test_xss.py (static scans), test_browser.py, test_paths.py and
test_fuzz.py (support.sites.render_in_memory renders them without writing).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from support.catalogs import check_catalog, valid_chat_model, valid_model, valid_provider, valid_site, write_files
from support.paths import FIXTURES
from support.sites import BUILD_DATE

from generator.catalog.problems import Problem

__all__ = ["BUILD_DATE"]  # the date the hostile catalogs are built with

KINDS = ("chat", "image_generation", "embeddings", "text_to_speech", "speech_to_text", "video_generation")
HOSTILE_LOGO = FIXTURES / "xss" / "logo.svg"  # published (sanitized) as the logo of provider k00


@dataclass(frozen=True)
class Payload:
    id: str
    text: str


@functools.cache
def payloads() -> tuple[Payload, ...]:
    doc = json.loads((FIXTURES / "xss" / "payloads.json").read_text(encoding="utf-8"))
    return tuple(Payload(p["id"], p["text"]) for p in doc["payloads"])


@dataclass(frozen=True)
class Field:
    record: str  # 'site', 'provider' or 'model'
    pointers: tuple[str, ...]  # where the payload goes; the first one names the field
    free_text: bool  # False: a schema pattern (slug, URL, id, date) decides what it holds

    @property
    def name(self) -> str:
        return f"{self.record} {self.pointers[0]}"

    def put(self, data: dict[str, Any], text: str) -> None:
        for pointer in self.pointers:
            *parents, last = pointer.strip("/").split("/")
            node: Any = data
            for part in parents:
                node = node[int(part)] if isinstance(node, list) else node[part]
            if isinstance(node, list):
                node[int(last)] = text
            else:
                node[last] = text


def _fields(record: str, free_text: bool, *pointers: str) -> list[Field]:
    return [Field(record, (p,), free_text) for p in pointers]


FIELDS: tuple[Field, ...] = (
    *_fields(
        "model",
        True,
        "/name",
        "/description",
        "/strengths/0",
        "/use_cases/0",
        "/faq/0/question",
        "/faq/0/answer",
        "/pricing/0/note",
        "/pricing/0/plausibility_note",
    ),
    *_fields("model", False, "/aliases/0", "/voices/0", "/price_source", "/slug", "/collections/0", "/release_date"),
    *_fields("provider", True, "/name", "/description"),
    *_fields("provider", False, "/website", "/logo"),
    *_fields(
        "site",
        True,
        "/name",
        "/tagline",
        "/fee_policy",
        "/byok_policy",
        "/errors/0/meaning",
        "/collections/0/name",
        "/collections/0/description",
    ),
    *(Field("site", tuple(f"/kinds/{kind}/{key}" for kind in KINDS), True) for key in ("label", "noun", "description")),
    *_fields(
        "site",
        False,
        "/url",
        "/docs_url",
        "/api_base_url",
        "/auth/env_var",
        "/auth/key_placeholder",
        "/errors/0/type",
        "/collections/0/id",
        "/kinds/chat/endpoint",
    ),
)


def base_records() -> dict[str, dict[str, Any]]:
    """Valid records with one of every text field the payloads go into."""
    model = valid_chat_model(
        strengths=["Fast answers"],
        use_cases=["Support bots"],
        faq=[{"question": "Is it fast?", "answer": "Yes."}],
        aliases=["chat-latest"],
        voices=["alloy"],
        collections=["frontier"],
    )
    model["pricing"][0] |= {"note": "text input", "plausibility_note": "as published"}
    site = valid_site(
        collections=[
            {
                "id": "frontier",
                "name": "Frontier models",
                "description": "The most capable model of each lab.",
                "models": ["acme/chat"],
            }
        ]
    )
    return {"site": site, "provider": valid_provider(byok=True), "model": model}


PATHS = {"site": "site.yaml", "provider": "providers/acme.yaml", "model": "models/acme/chat.yaml"}


@dataclass(frozen=True)
class Placement:
    payload: Payload
    records: dict[str, dict[str, Any]]  # site, provider, model with every accepted field set to the payload
    accepted: tuple[Field, ...]
    refused: dict[Field, Problem]  # the error that refuses each refused field


def _hostile(payload: Payload, fields: tuple[Field, ...]) -> dict[str, dict[str, Any]]:
    records = base_records()
    for field in fields:
        field.put(records[field.record], payload.text)
    return records


def _check(tmp: Path, records: dict[str, dict[str, Any]]) -> list[Problem]:
    catalog = write_files(tmp / "catalog", {PATHS[kind]: data for kind, data in records.items()})
    return [p for p in check_catalog(catalog) if p.is_error]


def _owner(problem: Problem) -> Field | None:
    kind = next((k for k, path in PATHS.items() if problem.file == f"catalog/{path}"), None)
    for field in FIELDS:
        if field.record == kind and any(
            problem.pointer in (p, p.rsplit("/", 1)[0]) or problem.pointer.startswith(p + "/") for p in field.pointers
        ):
            return field
    return None


def place(payload: Payload, tmp: Path) -> Placement:
    """Validate the payload in every field at once; each error must refuse one field."""
    problems = _check(tmp / "all", _hostile(payload, FIELDS))
    refused: dict[Field, Problem] = {}
    for problem in problems:
        owner = _owner(problem)
        assert owner is not None, f"{payload.id}: an error no field explains: {problem}"
        refused.setdefault(owner, problem)
    accepted = tuple(f for f in FIELDS if f not in refused)
    records = _hostile(payload, accepted)
    assert _check(tmp / "accepted", records) == [], f"{payload.id}: the accepted fields do not validate together"
    return Placement(payload, records, accepted, refused)


# ---------------------------------------------------------------- catalogs


def pid(index: int) -> str:
    return f"p{index:03d}"


def hostile_catalog_files(placed: tuple[Placement, ...]) -> dict[str, Any]:
    """One provider and one model per payload, the kitchen-sink records, and site.yaml with
    a different payload in each site field (the first one it accepts, from the field's index)."""
    site = base_records()["site"]
    site_fields = [f for f in FIELDS if f.record == "site"]
    for offset, field in enumerate(site_fields):
        chosen = next((p for p in placed[offset:] + placed[:offset] if field in p.accepted), None)
        if chosen is not None:
            field.put(site, chosen.payload.text)
    files: dict[str, Any] = {"site.yaml": site, **kitchen_sink_files(placed)}
    for index, placement in enumerate(placed):
        files[f"providers/{pid(index)}.yaml"] = placement.records["provider"]
        files[f"models/{pid(index)}/chat.yaml"] = placement.records["model"]
    site["collections"][0]["models"] = [path[7:-5] for path in files if path.startswith("models/")]
    return files


SINKS = 12  # kitchen-sink models and providers


def kitchen_sink_files(placed: tuple[Placement, ...]) -> dict[str, Any]:
    """Models and providers whose pages show many payloads each, so that the browser sees
    every payload in every page field in a few dozen pages: sink g takes every SINKS-th
    payload, one per list item, FAQ entry and price tier, all of them in its descriptions.
    Provider k00 has the hostile logo."""
    files: dict[str, Any] = {}
    for g in range(SINKS):
        group = placed[g::SINKS]

        def texts(record: str, pointer: str, group: tuple[Placement, ...] = group) -> list[str]:
            field = next(f for f in FIELDS if f.record == record and f.pointers[0] == pointer)
            return [p.payload.text for p in group if field in p.accepted]

        model, provider = base_records()["model"], base_records()["provider"]
        model |= {
            "name": texts("model", "/name")[0],
            "description": "\n\n".join(texts("model", "/description")),
            "strengths": texts("model", "/strengths/0"),
            "use_cases": texts("model", "/use_cases/0"),
        }
        questions, answers = set(texts("model", "/faq/0/question")), set(texts("model", "/faq/0/answer"))
        model["faq"] = [
            {
                "question": p.payload.text if p.payload.text in questions else f"Question {j}?",
                "answer": p.payload.text if p.payload.text in answers else "Yes.",
            }
            for j, p in enumerate(group)
        ]
        model["pricing"] += [
            {"unit": "per_1m_input_tokens", "amount": Decimal("1.00"), "above_tokens": 1000 + j, "note": note}
            for j, note in enumerate(texts("model", "/pricing/0/note"))
        ]
        provider |= {
            "name": texts("provider", "/name")[0],
            "description": "\n\n".join(texts("provider", "/description")),
        }
        files[f"providers/k{g:02d}.yaml"] = provider
        files[f"models/k{g:02d}/sink.yaml"] = model
    files["providers/k00.yaml"]["logo"] = "k00.svg"
    files["providers/k00.svg"] = HOSTILE_LOGO.read_bytes()
    return files


def site_catalog_files(placement: Placement) -> dict[str, Any]:
    """The payload in every site text; a benign provider and two benign models."""
    base = base_records()
    return {
        "site.yaml": placement.records["site"],
        "providers/acme.yaml": base["provider"],
        "models/acme/chat.yaml": base["model"],
        "models/acme/image-one.yaml": valid_model(),
    }
