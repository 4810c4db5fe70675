"""Rerank: models that score documents by relevance to a query (/rerank, the Cohere and
Jina shape). The OpenAI SDKs have no call for it, so its quickstarts are plain HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.catalog.kinds.base import JSON, Example, Kind, Operation, Skeleton, Snippet
from generator.catalog.kinds.schema import INT, NUM, STR, obj, ref

if TYPE_CHECKING:
    from generator.catalog.records import Model

QUERY = "What does an API gateway do?"
DOCUMENTS = [
    "An API gateway routes, secures and meters calls to many backend APIs.",
    "Sourdough bread needs a starter, flour, water and salt.",
    "A load balancer spreads traffic across servers.",
]


def example(model: Model, endpoint: str) -> Example:
    body = {"model": model.slug, "query": QUERY, "documents": DOCUMENTS, "top_n": 2}
    response = {
        "id": "rerank-abc123",
        "model": model.slug,
        "results": [{"index": 0, "relevance_score": 0.98}, {"index": 2, "relevance_score": 0.31}],
        "usage": {"search_units": 1},
    }
    return Example("rerank", "POST", endpoint, JSON, body, {}, JSON, response, {})


SCHEMAS = {
    "RerankRequest": obj(
        ["model", "query", "documents"],
        model=ref("RerankModelId"),
        query=STR,
        documents={
            "type": "array",
            "minItems": 1,
            "items": {"anyOf": [STR, obj(["text"], text=STR)]},
            "description": "The texts to score: strings, or objects with a `text`.",
        },
        top_n={"type": "integer", "minimum": 1, "description": "Return only the best this many (default: all)."},
        return_documents={"type": "boolean", "default": False},
        max_tokens_per_doc={"type": "integer", "minimum": 1},
    ),
    "RerankResponse": obj(
        ["results"],
        id=STR,
        model=STR,
        results={
            "type": "array",
            "description": "Most relevant first; `index` is the document's position in the request.",
            "items": obj(
                ["index", "relevance_score"],
                index=INT,
                relevance_score=NUM,
                document={"anyOf": [STR, obj(["text"], text=STR)]},
            ),
        },
        usage=obj([], search_units=INT, total_tokens=INT),
        meta={"type": "object"},
    ),
}

KIND = Kind(
    id="rerank",
    label="Rerank",
    noun="rerank",
    endpoint="/rerank",
    description="Models that order documents by their relevance to a query.",
    units=("per_1k_rerank_searches", "per_1m_input_tokens"),
    headline=("per_1k_rerank_searches", "per_1m_input_tokens"),
    outputs=("text",),
    fields=("context_window",),
    sdk=False,
    example=example,
    operation=Operation(
        "Rerank", "createRerank", "RerankRequest", {"application/json": ref("RerankResponse")}, SCHEMAS
    ),
    python=Snippet(
        ("model", "query", "documents", "top_n"),
        (
            "request = urllib.request.Request(url, data=json.dumps({args}).encode(), headers=headers)",
            "with urllib.request.urlopen(request) as response:",
            "    r = json.load(response)",
            'print(r["results"][0]["index"], r["results"][0]["relevance_score"])',
        ),
    ),
    javascript=Snippet(
        ("model", "query", "documents", "top_n"),
        (
            'const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({args}) });',
            "const r = await response.json();",
            "console.log(r.results[0].index, r.results[0].relevance_score);",
        ),
    ),
    skeleton=Skeleton(
        modalities="modalities:\n  input: [text]\n  output: [text]",
        pricing="pricing:\n  - unit: per_1k_rerank_searches\n    amount: 0  # TODO: per 1,000 searches",
    ),
)
