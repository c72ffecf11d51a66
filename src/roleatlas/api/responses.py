"""Documented error responses, shared by the routes (so /openapi.json lists them)."""

from __future__ import annotations

from typing import Any

from roleatlas.api.models import ErrorBody

__all__ = ["ERRORS", "INGEST_ERRORS", "NOT_FOUND"]


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


#: Errors any ``/api/v1`` route can answer with.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("A parameter value is not accepted (the message names it and the fix)."),
    422: _error("The request does not match the parameters described here."),
    503: _error("The database or search index cannot be used right now."),
}

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _error("No such item.")}

INGEST_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("No bearer token, or not the API token."),
    403: _error("The server has no API token: writing through the API is disabled."),
    411: _error("The upload has no Content-Length."),
    413: _error("The upload is larger than the limit."),
}
