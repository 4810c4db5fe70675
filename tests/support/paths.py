"""Where things are: the repository, the shipped catalog, the test fixtures and golden files."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL_CATALOG = ROOT / "catalog"
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
SITE_CATALOG = FIXTURES / "site_catalog"
GOLDEN_SITE = GOLDEN / "site"
