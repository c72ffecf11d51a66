"""Errors become one JSON shape under ``/api`` and an HTML (or plain) page elsewhere.

Every error of the app is translated here, in one place::

    {"error": {"type": "InputError", "message": "...", "status": 400}}

``type`` is the :class:`~roleatlas.errors.RoleatlasError` subclass, ``ValidationError`` for a
request that does not match the OpenAPI description, or the HTTP status name (``NotFound``,
``Unauthorized`` …). Outside ``/api`` the web package's ``app.state.html_error(request,
status, message)`` renders the page when it is installed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, PlainTextResponse, Response

from roleatlas.errors import (
    CatalogError,
    ConfigError,
    EvaluationError,
    InputError,
    NormalizeError,
    RoleatlasError,
    StoreError,
)

__all__ = ["error_response", "install_error_handlers", "status_name", "without_paths"]

log = logging.getLogger("roleatlas.api")

#: HTTP status of each error class; the first class an error is an instance of wins.
ERROR_STATUS: tuple[tuple[type[RoleatlasError], int], ...] = (
    (InputError, 400),
    (NormalizeError, 400),
    (StoreError, 503),
    (CatalogError, 500),
    (ConfigError, 500),
    (EvaluationError, 500),
)


def status_name(status: int) -> str:
    """``404`` → ``"NotFound"``.

    Examples
    --------
    >>> status_name(404), status_name(401), status_name(599)
    ('NotFound', 'Unauthorized', 'Error599')
    """
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return f"Error{status}"
    return "".join(word[:1].upper() + word[1:] for word in phrase.replace("-", " ").split())


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    type: str | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The error response for ``request``: JSON under ``/api``, a page elsewhere."""
    if _is_api(request):
        body: dict[str, Any] = {
            "type": type or status_name(status),
            "message": message,
            "status": status,
        }
        if details:
            body["details"] = details
        return JSONResponse({"error": body}, status_code=status, headers=headers)
    html_error = getattr(request.app.state, "html_error", None)
    if html_error is not None:
        response: Response = html_error(request, status, message)
        if headers:
            response.headers.update(headers)
        return response
    return PlainTextResponse(f"{status} {message}\n", status_code=status, headers=headers)


def _where(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if not parts:
        return "The request"
    kind = {"query": "query parameter", "path": "path parameter", "header": "header",
            "body": "form field", "cookie": "cookie"}.get(parts[0], parts[0])  # fmt: skip
    name = ".".join(parts[1:]) or parts[0]
    return f"The {kind} {name!r}"


#: Longest list of accepted values a message spells out; longer ones point at the schema.
_MAX_LISTED = 10


def _suggest_role(value: str) -> str:
    from roleatlas.catalog import load_catalog

    catalog = load_catalog()
    try:
        role = catalog.resolve(value)
    except InputError:
        close = [catalog.by_name(name) for name in catalog.suggest(value)]
        ids = ", ".join(f"{r.id!r} ({r.name})" for r in close if r is not None)
        hint = f"Did you mean {ids}? " if ids else ""
        return f"{hint}The API takes role ids, listed by GET /api/v1/roles"
    return f"Use the role id {role.id!r} ({role.name}): the API takes role ids, not names"


def _suggest_country(value: str) -> str:
    import pycountry

    try:
        code = str(pycountry.countries.lookup(value.strip()).alpha_2)
    except LookupError:
        return "It must be an ISO 3166-1 alpha-2 country code in capitals, e.g. US or GB"
    return f"Use the ISO 3166-1 alpha-2 code {code!r}"


def _suggest_case(value: str) -> str:
    return f"Values are upper case: use {value.strip().upper()!r}"


#: A closer hint for a value outside a parameter's enum (``role=Data Scientist`` → the id).
_SUGGEST: dict[str, Any] = {
    "role": _suggest_role,
    "country": _suggest_country,
    "level": _suggest_case,
}


def _enum_message(name: str, got: object, expected: str) -> str:
    """The message of a value outside a parameter's enum."""
    accepted = expected.count(", ") + 2 if " or " in expected else 1
    listed = (
        f"one of {expected}"
        if accepted <= _MAX_LISTED
        else (f"one of the {accepted} values listed in /openapi.json")
    )
    hint = ""
    suggest = _SUGGEST.get(name)
    if isinstance(got, str) and suggest is not None:
        if name != "level" or got.strip().upper() in expected:
            hint = f" {suggest(got)}."
    return f"must be {listed}.{hint}".rstrip(".")


def _validation_message(errors: Sequence[Any]) -> tuple[str, list[dict[str, Any]]]:
    details = []
    sentences = []
    for err in errors:
        loc = list(err.get("loc", ()))
        msg = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
        if err.get("type") in ("literal_error", "enum"):
            name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
            expected = str((err.get("ctx") or {}).get("expected", ""))
            msg = _enum_message(name, err.get("input"), expected)
        details.append({"loc": [str(p) for p in loc], "msg": msg, "type": str(err.get("type"))})
        got = err.get("input")
        got_text = "" if got is None or isinstance(got, dict) else f" (got {str(got)[:80]!r})"
        sentences.append(f"{_where(loc)} is invalid: {msg[:1].lower() + msg[1:]}{got_text}.")
    message = " ".join(sentences) or "The request is invalid."
    return message + " See /openapi.json for the accepted parameters.", details


def without_paths(message: str, home: object) -> str:
    """``message`` with the server's data directory written as ``$ROLEATLAS_HOME``: errors
    never show where the server keeps its files (upload paths are replaced where uploads are
    read, in :mod:`roleatlas.api.data`).

    Examples
    --------
    >>> without_paths("Cannot open '/srv/ra/roleatlas.db'.", "/srv/ra")
    "Cannot open '$ROLEATLAS_HOME/roleatlas.db'."
    """
    home_text = str(home or "").rstrip("/")
    return message.replace(home_text, "$ROLEATLAS_HOME") if home_text else message


async def _roleatlas_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RoleatlasError)
    status = next((code for cls, code in ERROR_STATUS if isinstance(exc, cls)), 500)
    if status >= 500:
        log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
    settings = getattr(request.app.state, "settings", None)
    message = without_paths(str(exc), getattr(settings, "home", None))
    return error_response(request, status, message, type=type(exc).__name__)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = str(exc.detail) if exc.detail else status_name(exc.status_code)
    if exc.status_code == 404 and message == "Not Found":
        message = (
            f"Nothing is at {request.url.path}. See /openapi.json for the API's routes."
            if _is_api(request)
            else f"There is no page at {request.url.path}."
        )
    elif exc.status_code == 405 and message == "Method Not Allowed":
        message = f"{request.method} is not allowed on {request.url.path}."
    return error_response(request, exc.status_code, message, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    message, details = _validation_message(exc.errors())
    return error_response(request, 422, message, type="ValidationError", details=details)


async def _server_error(request: Request, exc: Exception) -> Response:
    # Runs in Starlette's outermost middleware, outside the security headers: add them here.
    from roleatlas.api.security import SECURITY_HEADERS

    log.exception("Unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        request,
        500,
        "Unexpected server error; it has been logged. Please report it with the request.",
        type="InternalServerError",
        headers=dict(SECURITY_HEADERS),
    )


def install_error_handlers(app: FastAPI) -> None:
    """Route every error of ``app`` through :func:`error_response`."""
    app.add_exception_handler(RoleatlasError, _roleatlas_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
