"""Builders and fixtures for the foundation tests (loader, validator, `validate` CLI).

- `valid_model(**overrides)`, `valid_chat_model(...)`, `valid_provider(...)`, `valid_site(...)`:
  plain dicts of valid records; an override replaces a top-level key, `None` deletes it.
- `write_catalog(files)`: writes site.yaml + providers/acme.yaml + models/acme/image-one.yaml
  (the defaults) plus `files` ({relative path: dict | str | bytes | None}) under tmp_path/catalog.
- `run_validate(catalog, *args)`: `build.py validate` in a subprocess -> (exit code, stdout, stderr).
- `check_catalog(catalog)`: the same check in-process -> sorted list of Problems.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings as hypothesis_settings

from generator.catalog.load import load_catalog
from generator.catalog.problems import Problem, promote_warnings, sort_problems
from generator.catalog.validate import validate_catalog

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"

MODEL = "models/acme/image-one.yaml"  # where write_catalog puts valid_model()
PROVIDER = "providers/acme.yaml"
SITE = "site.yaml"
TWO, CHAT = "models/acme/image-two.yaml", "models/acme/chat.yaml"  # more model paths tests use
DEP = {"status": "deprecated", "sunset_date": "2026-01-01"}  # overrides for a deprecated model


# Property tests run a fixed number of examples in CI; HYPOTHESIS_PROFILE=thorough runs many more (SECURITY.md).
hypothesis_settings.register_profile("ci", max_examples=100, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=5_000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_catalog: reads the shipped catalog/ directory (its content may change)")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/* from the current output (review the diff like code)")  # fmt: skip


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


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


# Line numbers in test_rules.py follow from this key order (dump_yaml keeps it).
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

_KIND = {"label": "Chat", "noun": "chat", "endpoint": "/chat/completions",
         "description": "Language models that answer a conversation of messages."}  # fmt: skip

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
    },  # fmt: skip
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
    ],  # fmt: skip
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


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[..., Path]:
    """write(files, defaults=True) -> tmp_path/catalog. A `None` value removes a default file."""

    def write(files: dict[str, Any] | None = None, *, defaults: bool = True) -> Path:
        layout = default_files() if defaults else {}
        layout.update(files or {})
        return write_files(tmp_path / "catalog", layout)

    return write


def run_validate(catalog: Path | str, *args: str, timeout: float = 60) -> tuple[int, str, str]:
    """`python build.py validate --catalog CATALOG ARGS` in a subprocess, so that a crash,
    a traceback on stderr or a hang is caught as such."""
    command = [sys.executable, str(ROOT / "build.py"), "validate", "--catalog", str(catalog), *args]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, env=env)  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def run_cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """generator.cli.main in-process -> (exit code, stdout, stderr)."""
    from generator.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_catalog(catalog: Path, strict: bool = False) -> list[Problem]:
    """load -> validate in-process: the sorted problems `validate` reports (as pipeline.check)."""
    loaded = load_catalog(catalog)
    problems = loaded.problems + validate_catalog(loaded)
    return sort_problems(promote_warnings(problems) if strict else problems)


# ---------------------------------------------------------------- the shipped catalog, built once


@pytest.fixture(scope="session")
def index():
    """The shipped catalog's SiteIndex."""
    from generator.build.config import Config
    from generator.build.pipeline import index_of

    return index_of(Config(catalog=Path(__file__).resolve().parent.parent / "catalog"))[0]


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The shipped catalog built once per session (see linkcheck.shared_site)."""
    from linkcheck import shared_site

    return shared_site()
