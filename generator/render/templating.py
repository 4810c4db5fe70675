"""The one Jinja environment of a tuple of template folders: autoescape on,
StrictUndefined. The built-in templates/ is the last folder; a catalog's templates/
folder (its overrides, by name) comes first, and the built-in templates stay reachable
as 'builtin/<name>' (an override of base.html can extend builtin/base.html).

An override that fails (bad syntax, an undefined name, a missing include) is the
catalog's problem, not the generator's: it becomes a TemplateFailed carrying a Problem
that names the override's file and line.

The catalog comes from contributors (SECURITY.md), so a site with overrides renders in
Jinja's sandbox: a template can reach the values it is given, not Python's internals
(no `__globals__`, no `os`), so an override in a pull request cannot run code on the
build machine; and no file of the override folder may be a symlink that leaves the
catalog. (What an override writes into the page is markup, reviewed like templates/.)"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from generator.catalog.problems import Problem
from generator.catalog.registry import DEFAULT_CURRENCY, currency_name, format_money, format_total
from generator.paths import TEMPLATES
from generator.render import text, urls

BUILT_IN = (TEMPLATES,)
BUILTIN_PREFIX = "builtin"
OVERRIDE_HINT = "fix the override, or delete it to use the built-in template"


class TemplateFailed(Exception):
    """An override template failed; `problem` says where and why (picklable: it crosses
    from a render worker to the build)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


class Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox, and no way from a module (`urls`) to another: of a module, only its
    own functions (an lru_cache'd one too) and constants, so `urls.posixpath.os` is out of reach."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(value, ModuleType):
            return False
        if isinstance(obj, ModuleType) and not (
            isinstance(value, str | int | float | tuple | frozenset)
            or (callable(value) and getattr(value, "__module__", None) == obj.__name__)
        ):
            return False
        return super().is_safe_attribute(obj, attr, value)


def folders_of(overrides: str) -> tuple[Path, ...]:
    """The template folders of a site: its override folder ('' for none), then the built-in one."""
    return (Path(overrides), *BUILT_IN) if overrides else BUILT_IN


@cache
def environment(folders: tuple[Path, ...] = BUILT_IN) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(folder)) for folder in folders]
    loaders.append(jinja2.PrefixLoader({BUILTIN_PREFIX: jinja2.FileSystemLoader(str(TEMPLATES))}))
    kind = Sandbox if folders != BUILT_IN else jinja2.Environment
    env = kind(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # no stat() per template per page; the session calls forget_compiled() on a change
    )
    env.filters.update(
        money=format_money,  # amount|money(model.currency); USD when no currency is given
        currency_name=currency_name,
        total=format_total,
        markdown=text.markdown_html,
        json_script=text.json_script,
        thousands=lambda n: f"{n:,}",
    )
    env.globals.update(urls=urls, default_currency=DEFAULT_CURRENCY)
    return env


def forget_compiled() -> None:
    """Drop the compiled templates (the session calls this when the templates changed)."""
    environment.cache_clear()


def render(template: str, overrides: str = "", **context: Any) -> bytes:
    """`template` rendered, looked up in `overrides` (a folder; '' for none) first."""
    return render_markup(template, overrides, **context).encode("utf-8")


def render_markup(template: str, overrides: str = "", **context: Any) -> Markup:
    """`template` rendered as markup, to be placed in a page unescaped (a part of pages)."""
    try:
        return Markup(environment(folders_of(overrides)).get_template(template).render(**context))
    except Exception as exc:
        problem = override_problem(exc, overrides)
        if problem is None:
            raise
        raise TemplateFailed(problem) from None


def render_macro(template: str, macro: str, overrides: str = "", *args: Any) -> Markup:
    """A macro of `template` called with `args` (a part of pages: one item of a list)."""
    try:
        return Markup(getattr(environment(folders_of(overrides)).get_template(template).module, macro)(*args))
    except Exception as exc:
        problem = override_problem(exc, overrides)
        if problem is None:
            raise
        raise TemplateFailed(problem) from None


MARK = "\0"  # brackets a slot's name in a frame; no value of a page contains it
_SLOT = re.compile(f"{MARK}([^{MARK}]*){MARK}")


def slot(name: str) -> str:
    """The marker a frame is rendered with in place of the value `name` fills in."""
    return f"{MARK}{name}{MARK}"


@dataclass(frozen=True)
class Frame:
    """A template rendered once with a marker (`slot`) in place of each value that differs
    from page to page: its text between the markers, and which value goes in each gap.
    Filling it gives what rendering the template with those values gives, for a template
    that only prints each of them, escaped (as the built-in ones do; tests compare)."""

    texts: tuple[str, ...]  # one more than slots
    slots: tuple[str, ...]

    def fill(self, values: dict[str, str]) -> Markup:
        pieces = [self.texts[0]]
        for name, after in zip(self.slots, self.texts[1:], strict=True):
            pieces.append(escape(values[name]))
            pieces.append(after)
        return Markup("".join(pieces))


def render_frame(template: str, overrides: str, slots: frozenset[str], **context: Any) -> Frame | None:
    """`template` rendered as a Frame of these slots, or None when a marker came out altered
    (the template did more with a value than print it: each page must render it)."""
    return frame_of(render_markup(template, overrides, **context), slots)


def frame_of(rendered: str, slots: frozenset[str]) -> Frame | None:
    """A rendered template as a Frame of these slots, or None when a marker came out altered."""
    pieces = _SLOT.split(rendered)
    texts, names = tuple(pieces[0::2]), tuple(pieces[1::2])
    if any(MARK in text for text in texts) or not set(names) <= slots:
        return None
    return Frame(texts, names)


def tojson(value: Any) -> Markup:
    """`value | tojson` as the templates write it (into an attribute, say)."""
    env = environment()
    return htmlsafe_json_dumps(value, dumps=env.policies["json.dumps_function"], **env.policies["json.dumps_kwargs"])


def is_overridden(overrides: str, names: tuple[str, ...]) -> bool:
    """Whether the override folder ('' for none) has a template of one of these names: a
    part of pages made from the built-in templates is then rendered in each page instead."""
    return bool(overrides) and any((Path(overrides) / name).is_file() for name in names)


def asset_source(name: str, overrides: str = "") -> str:
    """An asset's text as it is in the templates' assets/ folder (an override's first)."""
    env = environment(folders_of(overrides))
    return env.loader.get_source(env, f"assets/{name}")[0]  # type: ignore[union-attr]


def check_overrides(overrides: str) -> list[Problem]:
    """Compile every template of the override folder: each syntax error, with its line
    (or, first, each symlink that leaves the catalog)."""
    if not overrides:
        return []
    folder = Path(overrides)
    problems = _links_leaving(folder)
    if problems:
        return problems  # not one template is read through such a link
    env = environment(folders_of(overrides))
    for path in sorted(p for p in folder.rglob("*.html") if p.is_file()):
        try:
            env.get_template(path.relative_to(folder).as_posix())
        except Exception as exc:  # noqa: BLE001 - anything an override does wrong is its problem
            problem = override_problem(exc, overrides) or _problem(folder, path, None, exc)
            problems.append(problem)
    return problems


def _links_leaving(folder: Path) -> list[Problem]:
    """Each symlink under the override folder that resolves outside the catalog."""
    catalog = folder.resolve().parent
    problems = []
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(root) / name
            if path.is_symlink() and not _is_in(path, catalog):
                problems.append(
                    Problem(
                        _rel(folder, path),
                        None,
                        None,
                        "",
                        "this file is a symlink that points outside the catalog",
                        "replace the link with the file itself",
                        rule="symlink-outside",
                    )
                )
    return sorted(problems)


def override_problem(exc: BaseException, overrides: str) -> Problem | None:
    """The Problem of an exception raised by an override template, or None when no
    override is to blame (a bug of the generator's own templates or code)."""
    if not overrides:
        return None
    folder = Path(overrides).resolve()
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename and _is_in(Path(exc.filename), folder):
        return _problem(folder, Path(exc.filename), exc.lineno, exc)
    frame = _innermost_frame_in(exc.__traceback__, folder)
    if frame is None:
        return None
    return _problem(folder, Path(frame[0]), frame[1], exc)


def _innermost_frame_in(tb: TracebackType | None, folder: Path) -> tuple[str, int] | None:
    """Jinja rewrites a template's traceback so its frames carry the template's file and
    line: the last such frame in the override folder is where the override went wrong."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") and _is_in(Path(filename), folder):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _rel(folder: Path, path: Path) -> str:
    """Named as catalog problems are: relative to the catalog's parent folder."""
    base = folder.resolve().parent.parent
    for candidate in (path.parent.resolve() / path.name, path.resolve()):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _is_in(path: Path, folder: Path) -> bool:
    try:
        return folder in path.resolve().parents
    except (OSError, RuntimeError):
        return False


def _problem(folder: Path, path: Path, line: int | None, exc: BaseException) -> Problem:
    rel = _rel(folder, path)
    what = "syntax error" if isinstance(exc, jinja2.TemplateSyntaxError) else "error"
    detail = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    if isinstance(exc, jinja2.TemplateNotFound):
        detail = f"template '{exc.name}' not found"
    return Problem(rel, line, None, "", f"template {what}: {detail}", OVERRIDE_HINT, rule="template-error")
