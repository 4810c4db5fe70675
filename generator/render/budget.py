"""The size budget of every output file: aggregates are sized for their readers.

At 10,000 models no single output file may pass MAX_OUTPUT_BYTES. An agent cannot read
a 60 MB llms-full.txt, a browser should not fetch megabytes to draw one table, and an
OpenAI client listing models wants a few fields per model. An aggregate that would pass
the budget keeps what its reader needs to choose and links the rest (each model's own
files hold its whole record); the README says what each aggregate holds.
"""

from __future__ import annotations

MAX_OUTPUT_BYTES = 8_000_000  # 8 MB, in bytes as written (not MiB)


def fits(size: int) -> bool:
    """Whether a file of `size` bytes is within the budget (read at call time, so a test can lower it)."""
    return size <= MAX_OUTPUT_BYTES


def size_phrase() -> str:
    """The budget in words: '8 MB'."""
    return f"{MAX_OUTPUT_BYTES / 1_000_000:g} MB"
