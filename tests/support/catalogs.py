"""Builders of catalogs for the tests: valid records, written to disk, and checked in-process.

- `valid_model(**overrides)`, `valid_chat_model(...)`, `valid_provider(...)`, `valid_site(...)`:
  plain dicts of valid records; an override replaces a top-level key, `None` deletes it.
- `write_files(catalog, files)`: writes {relative path: dict | str | bytes | None} under `catalog`.
- `write_catalog(catalog, files)`: the same over the defaults: site.yaml + providers/acme.yaml
  + models/acme/image-one.yaml (the `write_catalog` fixture writes it under tmp_path/catalog).
- `check_catalog(catalog)`: load -> validate in-process -> sorted list of Problems.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator.catalog.load import load_catalog
from generator.catalog.problems import Problem, promote_warnings, sort_problems
from generator.catalog.validate import validate_catalog

MODEL = "models/acme/image-one.yaml"  # where write_catalog puts valid_model()
PROVIDER = "providers/acme.yaml"
SITE = "site.yaml"
TWO, CHAT = "models/acme/image-two.yaml", "models/acme/chat.yaml"  # more model paths tests use
DEP = {"status": "deprecated", "sunset_date": "2026-01-01"}  # overrides for a deprecated model


# ---------------------------------------------------------------- YAML with exact decimals


class CatalogDumper(yaml.SafeDumper):
    """yaml.safe_dump, plus `Decimal` written as its plain text: Decimal('0.030') -> 0.030."""

    def ignore_aliases(self, data: Any) -> bool:  # a dict used twice is written twice, not as *id001
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in text else "int"), text)


CatalogDumper.add_representer(Decimal, _represent_decimal)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=CatalogDumper, sort_keys=False, allow_unicode=True, width=1000)


# ---------------------------------------------------------------- valid records


def _with(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# Line numbers in catalog/test_validate.py follow from this key order (dump_yaml keeps it).
_IMAGE_MODEL: dict[str, Any] = {
    "name": "Acme Image One",  # line 1
    "description": "Acme Image One turns a text prompt into a picture.",
    "kind": "image_generation",
    "modalities": {"input": ["text"], "output": ["image"]},  # lines 4-8
    "pricing": [{"unit": "per_image", "amount": Decimal("0.030")}],  # lines 9-11
    "image_sizes": ["1024x1024"],  # lines 12-13
    "capabilities": {"streaming": False},  # lines 14-15
    "status": "active",  # line 16
    "release_date": "2025-08-01",  # line 17
    "price_source": "https://acme.example/pricing",  # line 18
}

_CHAT_MODEL: dict[str, Any] = {
    "name": "Acme Chat",
    "description": "Acme Chat answers questions in a conversation.",
    "kind": "chat",
    "modalities": {"input": ["text"], "output": ["text"]},
    "pricing": [
        {"unit": "per_1m_input_tokens", "amount": Decimal("1.00")},
        {"unit": "per_1m_output_tokens", "amount": Decimal("2.00")},
    ],
    "context_window": 128000,
    "max_output_tokens": 8192,
    "capabilities": {"streaming": True, "tool_calling": True},
    "status": "active",
    "release_date": "2025-06-01",
    "price_source": "https://acme.example/pricing",
}

_PROVIDER: dict[str, Any] = {
    "name": "Acme",
    "website": "https://acme.example/",
    "description": "Acme builds the test models of this catalog.",
    "byok": False,
}

_KIND = {
    "label": "Chat",
    "noun": "chat",
    "endpoint": "/chat/completions",
    "description": "Language models that answer a conversation of messages.",
}

_SITE: dict[str, Any] = {
    "name": "AIgateway",
    "tagline": "One OpenAI-compatible API for chat, image, embedding, speech and video models.",
    "url": "https://aigateway.sh/",
    "docs_url": "https://docs.aigateway.sh/",
    "api_base_url": "https://api.aigateway.sh/v1",
    "auth": {"env_var": "AIGATEWAY_API_KEY", "key_placeholder": "sk-aig-..."},
    "fee_percent": 5,
    "fee_policy": "You pay pass-through; 5% applied at credit top-up, not per-call.",
    "byok_policy": "Attach a {provider} key and you pay {provider} directly, without the platform fee.",
    "kinds": {
        "chat": _KIND,
        "image_generation": {
            "label": "Image generation",
            "noun": "image",
            "endpoint": "/images/generations",
            "description": "Models that turn a text prompt into images.",
        },
        "embeddings": {
            "label": "Embeddings",
            "noun": "embedding",
            "endpoint": "/embeddings",
            "description": "Models that turn text into vectors for search.",
        },
        "text_to_speech": {
            "label": "Text to speech",
            "noun": "text-to-speech",
            "endpoint": "/audio/speech",
            "description": "Models that read text aloud in a chosen voice.",
        },
        "speech_to_text": {
            "label": "Speech to text",
            "noun": "speech-to-text",
            "endpoint": "/audio/transcriptions",
            "description": "Models that transcribe an audio file into text.",
        },
        "video_generation": {
            "label": "Video generation",
            "noun": "video",
            "endpoint": "/videos",
            "description": "Models that turn a text prompt into a short video clip.",
        },
    },
    "errors": [
        {"status": 401, "type": "authentication_error", "meaning": "Invalid or missing API key", "retryable": False},
        {"status": 429, "type": "rate_limit_error", "meaning": "Over per-minute limit", "retryable": True},
    ],
    "collections": [
        {
            "id": "frontier",
            "name": "Frontier models",
            "description": "The most capable model of each lab.",
            "models": [],
        },
        {
            "id": "free-tier",
            "name": "Free-tier models",
            "description": "Models you can call at no cost.",
            "rule": {"free": True},
        },
    ],
}


def valid_model(**overrides: Any) -> dict[str, Any]:
    """A valid image_generation model (slug acme/image-one when written by write_catalog)."""
    return _with(_IMAGE_MODEL, overrides)


def valid_chat_model(**overrides: Any) -> dict[str, Any]:
    """A valid chat model: input and output token prices, context window."""
    return _with(_CHAT_MODEL, overrides)


def valid_provider(**overrides: Any) -> dict[str, Any]:
    return _with(_PROVIDER, overrides)


def valid_site(**overrides: Any) -> dict[str, Any]:
    """The shape of catalog/site.yaml, shortened."""
    return _with(_SITE, overrides)


def default_files() -> dict[str, Any]:
    return {SITE: valid_site(), PROVIDER: valid_provider(), MODEL: valid_model()}


# ---------------------------------------------------------------- catalogs on disk


def write_files(catalog: Path, files: dict[str, Any]) -> Path:
    """Write {relative path: dict | str | bytes | None} under `catalog`; None writes nothing."""
    catalog.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        if content is None:
            continue
        path = catalog / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(dump_yaml(content).encode("utf-8"))
    return catalog


def write_catalog(catalog: Path, files: dict[str, Any] | None = None, *, defaults: bool = True) -> Path:
    """The default files (unless `defaults=False`) updated by `files`; a `None` value removes a default file."""
    layout = default_files() if defaults else {}
    layout.update(files or {})
    return write_files(catalog, layout)


def check_catalog(catalog: Path, strict: bool = False) -> list[Problem]:
    """load -> validate in-process: the sorted problems `validate` reports (as pipeline.check)."""
    loaded = load_catalog(catalog)
    problems = loaded.problems + validate_catalog(loaded)
    return sort_problems(promote_warnings(problems) if strict else problems)
