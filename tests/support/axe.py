"""axe-core in a Playwright page: the one way the browser tests run it."""

from __future__ import annotations

from typing import Any

from support.sites import AXE_JS

_RUN = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
)


def axe_context(browser: Any, scheme: str) -> Any:
    """A browser context in `scheme` ('light' or 'dark') that lets axe be injected (the CSP would block it)."""
    return browser.new_context(color_scheme=scheme, bypass_csp=True)


def axe_violations(page: Any) -> list[str]:
    """Inject axe into the loaded page and return its violations, one line each ('id: targets')."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(_RUN)
