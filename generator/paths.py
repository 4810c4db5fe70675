"""Where the generator's own files are: the templates and the record schemas.

Imports nothing, so the no-change fast path and `validate` can know these paths
without loading the template engine.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE.parent / "templates"  # Jinja2 templates and the site's assets
SCHEMAS = PACKAGE / "schema"  # JSON Schemas of catalog records (also published under /schema/)
