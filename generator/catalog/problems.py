"""The one error record of the project, and its text, JSON and GitHub formats.

Every stage reports trouble as `Problem` values; nothing raises for bad input.
The pipeline collects them and reports them once.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input: where it is, what it is, how to fix it."""

    file: str  # relative to the catalog's parent directory, '/'-separated
    line: int | None  # 1-based; None when the problem is about the whole file
    column: int | None  # 1-based
    pointer: str  # JSON pointer into the record, '' for the whole record
    message: str
    hint: str = ""
    severity: str = ERROR
    rule: str = ""  # the name of the check that found it, e.g. 'unknown-field'

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class ProblemsFound(Exception):
    """Raised by the pipeline (never by a stage) when the input has errors."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """A hint naming the closest allowed word, or '' when nothing is close."""
    match = difflib.get_close_matches(str(word), sorted(map(str, choices)), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File, then line, then column: the order a reader fixes them in."""
    return sorted(
        set(problems),
        key=lambda p: (p.file, p.line or 0, p.column or 0, p.pointer, p.message),
    )


def promote_warnings(problems: Iterable[Problem]) -> list[Problem]:
    """--strict: every warning becomes an error."""
    return [Problem(**{**asdict(p), "severity": ERROR}) if p.severity == WARNING else p for p in problems]


def count(problems: Iterable[Problem]) -> dict[str, int]:
    problems = list(problems)
    errors = sum(1 for p in problems if p.is_error)
    return {"errors": errors, "warnings": len(problems) - errors}


def format_text(problems: list[Problem], files_checked: int) -> str:
    lines = []
    for p in problems:
        where = f" at {p.pointer}" if p.pointer else ""
        lines.append(f"{p.location()}: {p.severity}: {p.message}{where} [{p.rule}]")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    c = count(problems)
    lines.append(f"{files_checked} file(s) checked: {c['errors']} error(s), {c['warnings']} warning(s)")
    return "\n".join(lines) + "\n"


def format_json(problems: list[Problem], files_checked: int) -> str:
    doc = {
        "problems": [asdict(p) for p in problems],
        "summary": {"files": files_checked, **count(problems)},
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _escape_github(value: str, *, is_property: bool) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem], files_checked: int) -> str:
    """GitHub Actions workflow commands: annotations on the changed lines."""
    lines = []
    for p in problems:
        props = [f"file={_escape_github(p.file, is_property=True)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
            if p.column is not None:
                props.append(f"col={p.column}")
        props.append(f"title={_escape_github(p.rule or p.severity, is_property=True)}")
        message = p.message + (f" at {p.pointer}" if p.pointer else "")
        if p.hint:
            message += f"\nhint: {p.hint}"
        command = "error" if p.is_error else "warning"
        lines.append(f"::{command} {','.join(props)}::{_escape_github(message, is_property=False)}")
    c = count(problems)
    lines.append(f"{files_checked} file(s) checked: {c['errors']} error(s), {c['warnings']} warning(s)")
    return "\n".join(lines) + "\n"


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
