"""`build.py new PROVIDER/MODEL`: a commented skeleton record that passes `validate`.

Decision: the skeleton validates as it is. Its placeholder values are plain to see
(amounts of 0, 'TODO' in the description, the provider's website and the price
source) and every line to edit carries a `# TODO` comment. `validate` does not
flag TODO markers; `diff` does (a model added or changed with 'TODO' in a value
is a warning), so a pull request that forgets one is caught in review and fails
with `diff --strict`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.authoring.yamlout import MODEL_MODELINE, PROVIDER_MODELINE, scalar
from generator.catalog.load import SEGMENT_RE, is_reserved_name, parse_yaml

KIND_TEMPLATES: dict[str, dict[str, str]] = {
    "chat": {
        "modalities": "modalities:\n  input: [text]  # TODO: add image, audio or video if it takes them\n  output: [text]",
        "pricing": ("pricing:  # TODO: the list price in USD; add per_1m_cached_input_tokens if it caches\n"
                    "  - unit: per_1m_input_tokens\n    amount: 0  # TODO\n"
                    "  - unit: per_1m_output_tokens\n    amount: 0  # TODO"),
        "extra": ("context_window: 128000  # TODO: max input tokens\n"
                  "# max_output_tokens: 16384\n"
                  "capabilities:  # TODO: set what the model supports; left out means no\n"
                  "  streaming: true\n  tool_calling: false\n  vision: false\n  json_mode: false\n"
                  "  structured_outputs: false\n  prompt_caching: false\n  reasoning: false"),
    },
    "image_generation": {
        "modalities": "modalities:\n  input: [text]\n  output: [image]",
        "pricing": ("pricing:  # TODO: one component per size and quality, e.g. size: 1024x1024, quality: hd\n"
                    "  - unit: per_image\n    amount: 0  # TODO"),
        "extra": "image_sizes: [1024x1024]  # TODO: supported sizes; the first is used in examples",
    },
    "embeddings": {
        "modalities": "modalities:\n  input: [text]\n  output: [embedding]",
        "pricing": "pricing:\n  - unit: per_1m_input_tokens\n    amount: 0  # TODO",
        "extra": "context_window: 8192  # TODO: max input tokens\nembedding_dimensions: 1024  # TODO: vector length",
    },
    "text_to_speech": {
        "modalities": "modalities:\n  input: [text]\n  output: [audio]",
        "pricing": "pricing:\n  - unit: per_1m_characters\n    amount: 0  # TODO",
        "extra": "voices: [default]  # TODO: voice names; the first is used in examples",
    },
    "speech_to_text": {
        "modalities": "modalities:\n  input: [audio]\n  output: [text]",
        "pricing": "pricing:\n  - unit: per_minute\n    amount: 0  # TODO",
        "extra": "",
    },
    "video_generation": {
        "modalities": "modalities:\n  input: [text]\n  output: [video]",
        "pricing": ("pricing:  # TODO: one component per resolution, e.g. resolution: 1080p\n"
                    "  - unit: per_second\n    amount: 0  # TODO"),
        "extra": "video_durations: [5]  # TODO: clip lengths in seconds; the first is used in examples",
    },
}  # fmt: skip


class ScaffoldError(Exception):
    """The slug is not valid or the record already exists (a usage error)."""


@dataclass(frozen=True)
class Scaffolded:
    model: Path
    provider: Path | None  # set when a provider record was created too


def check_slug(slug: str) -> tuple[str, str]:
    provider, sep, model = slug.partition("/")
    if not sep or "/" in model:
        raise ScaffoldError(f"'{slug}' is not PROVIDER/MODEL, e.g. acme/acme-chat-1")
    for part, what in ((provider, "provider"), (model, "model")):
        if not SEGMENT_RE.match(part) or len(part) > 100 or ".." in part or is_reserved_name(part):
            raise ScaffoldError(f"{what} id '{part}' must be lowercase letters, digits, '.', '_' or '-', "
                                "starting and ending with a letter or digit (and not a reserved name)")  # fmt: skip
    return provider, model


def model_skeleton(provider: str, model: str, kind: str, today: dt.date) -> str:
    parts = KIND_TEMPLATES[kind]
    lines = [
        MODEL_MODELINE,
        f"# {provider}/{model}: fill in every TODO, then run `python build.py validate`.",
        '# Every field is documented in README.md ("Model fields").',
        f"name: {scalar(model)}  # TODO: the display name, e.g. 'Acme Chat 1'",
        "description: >-",
        f"  TODO: what {model} is, who makes it, when it was released and what it is good at.",
        "  The first paragraph is the summary on listing pages (Markdown, no raw HTML).",
        f"kind: {kind}",
        parts["modalities"],
        parts["pricing"],
        *([parts["extra"]] if parts["extra"] else []),
        "strengths: []  # short phrases, e.g. 'Long context'",
        "use_cases: []  # short phrases, e.g. 'Customer support'",
        "status: active  # or preview; deprecated needs sunset_date and replacement",
        f"release_date: {today.isoformat()}  # TODO: when {provider} released it",
        "price_source: https://example.com/TODO-pricing-page  # TODO: the provider's pricing page",
    ]
    return "\n".join(lines) + "\n"


def provider_skeleton(provider: str) -> str:
    name = provider.replace("-", " ").replace("_", " ").title()
    return "\n".join([
        PROVIDER_MODELINE,
        f"name: {name}  # TODO: the display name",
        "website: https://example.com/TODO  # TODO: the provider's home page",
        f"description: TODO one or two sentences about {name}.",
        "byok: false  # TODO: true if customers can bring their own key",
    ]) + "\n"  # fmt: skip


def scaffold(catalog: Path, slug: str, kind: str, today: dt.date) -> Scaffolded:
    """Write the skeleton (and the provider record when it is new); refuse to overwrite."""
    provider, model = check_slug(slug)
    model_path = catalog / "models" / provider / f"{model}.yaml"
    if model_path.exists():
        raise ScaffoldError(f"{model_path} already exists")
    if not (catalog / "site.yaml").exists():
        raise ScaffoldError(f"{catalog} has no site.yaml: pass --catalog with the catalog folder")
    provider_path = catalog / "providers" / f"{provider}.yaml"
    texts = {model_path: model_skeleton(provider, model, kind, today)}
    if not provider_path.exists():
        texts[provider_path] = provider_skeleton(provider)
    for text in texts.values():
        parse_yaml(text.encode("utf-8"))  # a template bug fails here, before anything is written
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Scaffolded(model_path, provider_path if provider_path in texts else None)


SITE_SKELETON = """\
# yaml-language-server: $schema=../generator/schema/site.schema.json
# A starter site.yaml written by `build.py import`: fill in every TODO (see README, "site.yaml fields").
name: TODO Gateway  # TODO
tagline: TODO one sentence on what the gateway offers.
url: https://example.com/  # TODO: where the site is served
docs_url: https://example.com/docs/  # TODO
api_base_url: https://api.example.com/v1  # TODO
auth:
  env_var: GATEWAY_API_KEY  # TODO
  key_placeholder: sk-...
fee_percent: 0  # TODO
fee_policy: TODO one sentence on fees.
byok_policy: TODO bring-your-own-key text for {provider}.
kinds:
  chat: {label: Chat, noun: chat, endpoint: /chat/completions, description: Language models that answer a conversation of messages.}
  image_generation: {label: Image generation, noun: image, endpoint: /images/generations, description: Models that turn a text prompt into images.}
  embeddings: {label: Embeddings, noun: embedding, endpoint: /embeddings, description: Models that turn text into vectors.}
  text_to_speech: {label: Text to speech, noun: text-to-speech, endpoint: /audio/speech, description: Models that read text aloud.}
  speech_to_text: {label: Speech to text, noun: speech-to-text, endpoint: /audio/transcriptions, description: Models that transcribe audio into text.}
  video_generation: {label: Video generation, noun: video, endpoint: /videos, description: Models that turn a text prompt into a short video clip.}
errors:
  - {status: 401, type: authentication_error, meaning: Invalid or missing API key, retryable: false}
  - {status: 429, type: rate_limit_error, meaning: Over the rate limit, retryable: true}
collections: []
"""


def ensure_site(catalog: Path) -> Path | None:
    """Give a new catalog folder a starter site.yaml (validate needs one); None if it has one."""
    site = catalog / "site.yaml"
    if site.exists() or site.is_symlink():
        return None
    catalog.mkdir(parents=True, exist_ok=True)
    site.write_text(SITE_SKELETON, encoding="utf-8")
    return site
