"""The FastAPI application: ``create_app`` wires settings, routes, errors and security.

Routes live in :mod:`roleatlas.api.jobs`, :mod:`roleatlas.api.roles` and
:mod:`roleatlas.api.data`, each a thin face over one core call; the web pages are added by
:func:`roleatlas.web.install` when that package is present.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from roleatlas import __version__
from roleatlas.api import data, fit, jobs, premium, roles
from roleatlas.api.deps import MAX_UPLOAD_BYTES, Resources
from roleatlas.api.errors import install_error_handlers
from roleatlas.api.security import SecurityHeadersMiddleware, UploadLimitMiddleware
from roleatlas.settings import Settings, resolve_settings

__all__ = ["API_PREFIX", "create_app"]

#: Every API route lives under this prefix; a new incompatible version gets a new one.
API_PREFIX = "/api/v1"

_DESCRIPTION = """\
Job postings and public labour-market data as evidence about AI, ML and data roles:
search postings, read one with what extraction found, profile and compare roles, pay by
role × level × country × remote, and upload postings (with the API token).

Every error has one shape: `{"error": {"type", "message", "status"}}`.
"""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    resources = app.state.resources
    resources.start()  # a stale or missing index catches up in the background
    yield
    resources.close()


def create_app(
    settings: Settings | None = None, *, max_upload_bytes: int = MAX_UPLOAD_BYTES
) -> FastAPI:
    """Build the app.

    Parameters
    ----------
    settings:
        Resolved settings (default: :func:`~roleatlas.settings.resolve_settings` from the
        environment). The store and search index under ``settings.home`` are opened on
        first use; when the app starts, a background thread brings the index up to date
        with the store (searches wait for it).
    max_upload_bytes:
        Largest file ``POST /api/v1/ingest`` accepts.

    Examples
    --------
    >>> from roleatlas.settings import resolve_settings
    >>> app = create_app(resolve_settings({}, home="/tmp/roleatlas-doc"))
    >>> app.openapi()["info"]["title"]
    'roleatlas API'
    """
    settings = settings or resolve_settings()
    app = FastAPI(
        title="roleatlas API",
        version=__version__,
        description=_DESCRIPTION,
        openapi_url="/openapi.json",
        # The interactive docs pages load scripts from a CDN, which the CSP forbids (and which
        # would not work offline); docs/api.md documents the routes instead.
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.resources = Resources(settings, max_upload_bytes)
    ingest_path = f"{API_PREFIX}/ingest"
    app.add_middleware(UploadLimitMiddleware, path=ingest_path, limit=max_upload_bytes)
    app.add_middleware(SecurityHeadersMiddleware)  # added last: wraps every other layer
    install_error_handlers(app)
    for module in (jobs, roles, data, fit, premium):
        app.include_router(module.router, prefix=API_PREFIX)
    _install_web(app)
    return app


def _install_web(app: FastAPI) -> None:
    try:
        from roleatlas.web import install
    except ImportError as exc:
        if exc.name != "roleatlas.web":  # a dependency of the web package is missing: say so
            raise
        return  # no web package (or no install() yet): the API alone
    install(app)
