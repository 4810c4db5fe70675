"""What the official `openai` SDK raises for each error status of the gateway."""

from __future__ import annotations

import openai

EXPECTED_ERRORS: dict[int, type[openai.APIStatusError]] = {
    400: openai.BadRequestError,
    401: openai.AuthenticationError,
    403: openai.PermissionDeniedError,
    404: openai.NotFoundError,
    409: openai.ConflictError,
    422: openai.UnprocessableEntityError,
    429: openai.RateLimitError,
}


def expected_error(status: int) -> type[openai.APIStatusError]:
    """The SDK's class for a status: 5xx is InternalServerError, an unnamed 4xx (402) plain APIStatusError."""
    return EXPECTED_ERRORS.get(status, openai.InternalServerError if status >= 500 else openai.APIStatusError)
