"""The one Jinja environment: autoescape on, StrictUndefined, templates/ on disk."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator.catalog.registry import DEFAULT_CURRENCY, currency_name, format_money, format_total
from generator.paths import TEMPLATES
from generator.render import text, urls


@cache
def environment(folder: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
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


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")
