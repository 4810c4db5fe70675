"""Where the generator's own files are: the templates and the record schemas.

Imports nothing, so the no-change fast path and `validate` can know these paths
without loading the template engine.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SCHEMAS = PACKAGE / "schema"  # JSON Schemas of catalog records (also published under /schema/)


def _templates() -> Path:
    """Jinja2 templates and the site's assets: inside the package in a wheel (setuptools maps
    the checkout's top-level templates/ to generator/templates/), beside it in a checkout or an
    editable install. The package's own copy is looked for first: a site-packages folder may
    hold another distribution's top-level `templates`."""
    installed = PACKAGE / "templates"
    return installed if installed.is_dir() else PACKAGE.parent / "templates"


TEMPLATES = _templates()
