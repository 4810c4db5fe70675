"""Display names and home pages for provider ids the sources use.

A provider an import creates needs a name and an https website. Well-known ids
get their real ones; any other id gets a name made from the id and a website the
importer passes in (the source's page about it), marked TODO for a human to check.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProviderInfo:
    name: str
    website: str
    known: bool


KNOWN: dict[str, tuple[str, str]] = {
    "openai": ("OpenAI", "https://openai.com"),
    "azure": ("Azure OpenAI", "https://azure.microsoft.com/products/ai-services/openai-service"),
    "azure_ai": ("Azure AI Foundry", "https://ai.azure.com"),
    "anthropic": ("Anthropic", "https://www.anthropic.com"),
    "google": ("Google", "https://ai.google.dev"),
    "gemini": ("Google Gemini API", "https://ai.google.dev"),
    "vertex_ai": ("Google Vertex AI", "https://cloud.google.com/vertex-ai"),
    "bedrock": ("Amazon Bedrock", "https://aws.amazon.com/bedrock"),
    "bedrock_converse": ("Amazon Bedrock (Converse)", "https://aws.amazon.com/bedrock"),
    "amazon": ("Amazon", "https://aws.amazon.com/ai/generative-ai/nova"),
    "mistral": ("Mistral AI", "https://mistral.ai"),
    "mistralai": ("Mistral AI", "https://mistral.ai"),
    "cohere": ("Cohere", "https://cohere.com"),
    "deepseek": ("DeepSeek", "https://www.deepseek.com"),
    "xai": ("xAI", "https://x.ai"),
    "x-ai": ("xAI", "https://x.ai"),
    "groq": ("Groq", "https://groq.com"),
    "together_ai": ("Together AI", "https://www.together.ai"),
    "fireworks_ai": ("Fireworks AI", "https://fireworks.ai"),
    "perplexity": ("Perplexity", "https://www.perplexity.ai"),
    "deepinfra": ("DeepInfra", "https://deepinfra.com"),
    "replicate": ("Replicate", "https://replicate.com"),
    "fal_ai": ("fal", "https://fal.ai"),
    "deepgram": ("Deepgram", "https://deepgram.com"),
    "elevenlabs": ("ElevenLabs", "https://elevenlabs.io"),
    "voyage": ("Voyage AI", "https://www.voyageai.com"),
    "meta-llama": ("Meta", "https://www.llama.com"),
    "meta": ("Meta", "https://www.llama.com"),
    "openrouter": ("OpenRouter", "https://openrouter.ai"),
    "alibaba": ("Alibaba Cloud", "https://www.alibabacloud.com"),
    "qwen": ("Qwen", "https://qwenlm.github.io"),
    "dashscope": ("Alibaba Cloud DashScope", "https://www.alibabacloud.com/product/modelstudio"),
    "moonshotai": ("Moonshot AI", "https://www.moonshot.ai"),
    "z-ai": ("Z.ai", "https://z.ai"),
    "zai": ("Z.ai", "https://z.ai"),
    "nvidia": ("NVIDIA", "https://www.nvidia.com"),
    "databricks": ("Databricks", "https://www.databricks.com"),
    "cloudflare": ("Cloudflare Workers AI", "https://developers.cloudflare.com/workers-ai"),
    "ollama": ("Ollama", "https://ollama.com"),
    "watsonx": ("IBM watsonx", "https://www.ibm.com/watsonx"),
    "stability": ("Stability AI", "https://stability.ai"),
    "black-forest-labs": ("Black Forest Labs", "https://bfl.ai"),
}


def provider_info(provider_id: str, fallback_website: str = "") -> ProviderInfo:
    """Name and website for a provider id as a source writes it."""
    if provider_id in KNOWN:
        name, website = KNOWN[provider_id]
        return ProviderInfo(name, website, True)
    name = (
        " ".join(
            part.capitalize() if part.islower() else part
            for part in provider_id.replace("_", " ").replace("-", " ").split()
        )
        or provider_id
    )
    website = fallback_website or f"https://docs.litellm.ai/docs/providers/{provider_id}"
    return ProviderInfo(name[:80], website, False)
