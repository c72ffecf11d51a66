"""The web UI: server-rendered pages (Jinja2 + htmx, assets vendored) and a static export.

:func:`install` adds the pages to the API's FastAPI app (``roleatlas serve``);
:func:`build_site` writes role and comparison pages as static HTML (``roleatlas site build``).
Both render the same core results as the CLI and the API; see ``docs/web.md``.
"""

from roleatlas.web.pages import install
from roleatlas.web.site import build_site

__all__ = ["build_site", "install"]
