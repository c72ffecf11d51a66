"""The REST API (FastAPI): a thin face over the same core calls as the CLI.

``create_app()`` builds the app; ``roleatlas serve`` runs it with uvicorn. Routes are under
``/api/v1`` and described at ``/openapi.json``.
"""

from roleatlas.api.app import create_app

__all__ = ["create_app"]
