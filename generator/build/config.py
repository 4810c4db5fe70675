"""The frozen build configuration: paths, base URL, jobs and the build date."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

OVERRIDES = "templates"  # the catalog's folder of template overrides (catalog/load.py: TEMPLATES_FOLDER)


@dataclass(frozen=True)
class Config:
    catalog: Path = Path("catalog")
    out: Path = Path("site")
    base_url: str | None = None  # overrides site.yaml's url when given
    jobs: int = 0  # 0: the number of CPUs
    cache: Path | None = None  # None: .cache beside the output folder
    strict: bool = False
    clean: bool = False
    build_date: date | None = None  # from SOURCE_DATE_EPOCH; None: derived from the data
    wait: bool = True  # another build holds the output's lock: wait for it (else fail at once: LockBusy)

    @property
    def price_date(self) -> date:
        """The day whose prices are current: the build date, else today in UTC, so that a
        scheduled change goes live by rebuilding on or after its day."""
        return self.build_date or datetime.now(tz=UTC).date()

    @property
    def overrides(self) -> Path | None:
        """The catalog's templates/ folder, whose files override the built-in templates by
        name, when it has one (absolute: the renderers look templates up in it)."""
        folder = self.catalog / OVERRIDES
        return folder.resolve() if folder.is_dir() else None

    @property
    def cache_dir(self) -> Path:
        return self.cache if self.cache is not None else self.out.parent / ".cache"


def build_date_from_env(environ: dict[str, str] | None = None) -> date | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as a UTC date, or None."""
    value = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC).date()
    except (ValueError, OverflowError, OSError):
        return None
