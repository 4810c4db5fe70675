"""The benchmark's synthetic catalogs (benchmarks/synth.py) for tests that need many models:
real shipped records copied under new slugs."""

from __future__ import annotations

import sys

from support.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))  # benchmarks/ is scripts, not a package
from synth import make_catalog  # noqa: E402

__all__ = ["make_catalog"]
