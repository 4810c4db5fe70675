"""Is the site already up to date? The answer a no-change build needs, quickly.

A stamp digests every input file's path, size and modification time (catalog,
templates, the generator's own code) and the build settings, one `stat` per file
and no file read. It is remembered, with the identity of the site folder it produced
(write.site_identity: one more `stat`), only when no input was changed within two
seconds of taking it (a second change within one mtime tick could otherwise hide).
This module imports nothing heavy, so `build.py` with nothing to do answers before
loading YAML, Jinja or schemas. The caller holds the output lock (lock.py).
"""

from __future__ import annotations

from typing import NamedTuple

from generator import __version__
from generator.build import cache
from generator.build.config import Config
from generator.build.write import SiteIdentity, site_identity
from generator.paths import PACKAGE, TEMPLATES


def stamp_of(config: Config) -> str | None:
    settings = (
        __version__,
        str(config.catalog.resolve()),
        str(config.out.resolve()),
        config.base_url,
        config.build_date,
        config.strict,
    )
    return cache.input_stamp([config.catalog, TEMPLATES, PACKAGE], settings)


def _name(config: Config) -> str:
    return f"{config.out.name}.stamp"


class Freshness(NamedTuple):
    models: int | None  # the number of models of the site if nothing changed since it was built, else None
    stamp: str | None  # the stamp of the inputs now; None when an input changed too recently to trust


def up_to_date(config: Config, remembered: dict[str, object] | None = None) -> Freshness:
    """Is the site at `config.out` what the inputs would build? `remembered` is a
    session's memory (serve); otherwise the cache folder's."""
    stamp = stamp_of(config)
    if stamp is None or config.clean:
        return Freshness(None, stamp)
    entry = (remembered or {}).get(_name(config)) or cache.read(config.cache_dir, _name(config))
    if not isinstance(entry, tuple) or len(entry) != 3:
        return Freshness(None, stamp)
    last, site, models = entry
    fresh = last == stamp and site is not None and site == site_identity(config.out.absolute())
    return Freshness(models if fresh else None, stamp)


def describe_unchanged(out: object, seconds: float) -> str:
    return f"nothing changed: {out} is up to date ({seconds:.2f}s)"


def remember(
    config: Config, stamp: str | None, site: SiteIdentity | None, models: int, remembered: dict[str, object]
) -> None:
    """Record the stamp taken before a successful build of the live folder `site`, unless
    an input changed since."""
    if stamp is not None and stamp_of(config) == stamp:
        remembered[_name(config)] = (stamp, site, models)
        cache.write(config.cache_dir, _name(config), (stamp, site, models))
