"""Rules on site.yaml's tables: error statuses and kind endpoints."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog.checks import Context, at, check
from generator.catalog.problems import Problem
from generator.catalog.registry import (
    KINDS,
)

# ---------------------------------------------------------------- site.yaml


@check
def check_site_tables(ctx: Context) -> Iterator[Problem]:
    if ctx.site is None:
        return
    statuses: dict[int, int] = {}
    for index, entry in enumerate(ctx.site.data["errors"]):
        if entry["status"] in statuses:
            yield at(
                ctx.site,
                f"/errors/{index}/status",
                f"status {entry['status']} is listed twice in errors",
                f"merge it with /errors/{statuses[entry['status']]}",
            )
        statuses.setdefault(entry["status"], index)
    given = ctx.site.data.get("kinds", {})
    effective = [(kind, spec["endpoint"], True) for kind, spec in given.items()]
    effective += [(kind.id, kind.endpoint, False) for kind in KINDS.values() if kind.id not in given]
    endpoints: dict[str, str] = {}
    for kind, endpoint, stated in effective:
        if endpoint in endpoints:
            first = endpoints[endpoint]
            where, other = (kind, first) if stated else (first, f"{kind} (by default)")
            message = f"endpoint {endpoint} is also used by {other}"
            yield at(ctx.site, f"/kinds/{where}/endpoint", message, "each kind needs its own endpoint")
        endpoints.setdefault(endpoint, kind)
