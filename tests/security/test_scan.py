"""The shipped site passes the static scanner of the security tests (support/scan.py;
its own tests are in test_scanner.py)."""

from __future__ import annotations

import pytest
from support.scan import csp_of, scan_output

pytestmark = pytest.mark.slow  # scans every output of the shipped site


def test_every_output_of_the_shipped_site_passes_the_scan(built_site) -> None:
    """The site as shipped: every page carries the CSP, every inline script is JSON-LD."""
    root = built_site.root
    outputs = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    findings = [f for path, data in outputs.items() if path != ".catalog-build" for f in scan_output(path, data)]
    assert findings == [], "\n".join(map(str, findings[:20]))
    pages = [data.decode() for path, data in outputs.items() if path.endswith(".html")]
    assert len(pages) > 50 and all(csp_of(page) for page in pages)
    assert sum(page.count('<script type="application/ld+json">') for page in pages) > 50
