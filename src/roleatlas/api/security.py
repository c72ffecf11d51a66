"""Security for every response (CSP and friends), the ingest token and the upload limit."""

from __future__ import annotations

import hmac
import json
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from roleatlas.api.deps import get_settings
from roleatlas.api.errors import status_name
from roleatlas.settings import Settings

__all__ = [
    "CSP",
    "MIN_TOKEN_LENGTH",
    "SECURITY_HEADERS",
    "SecurityHeadersMiddleware",
    "UploadLimitMiddleware",
    "require_token",
    "token_problem",
]

#: The Content-Security-Policy of every response: nothing but our own files runs or loads.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UploadLimitMiddleware:
    """Refuses an upload to ``path`` larger than ``limit`` bytes before reading its body.

    The size is read from ``Content-Length`` (every HTTP client sends it for a file upload;
    the server holds the body to it), so a request without one is refused with 411.
    """

    def __init__(self, app: ASGIApp, *, path: str, limit: int) -> None:
        self.app = app
        self.path = path
        self.limit = limit

    async def _refuse(self, send: Send, status: int, message: str) -> None:
        error = {"type": status_name(status), "message": message, "status": status}
        body = json.dumps({"error": error})
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body.encode())).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is None:
            await self._refuse(
                send,
                411,
                "Send the upload with a Content-Length header (curl -F and HTTP libraries "
                "do this for files).",
            )
            return
        try:
            size = int(length)
        except ValueError:
            size = -1
        if size < 0:
            await self._refuse(send, 400, f"The Content-Length header {length!r} is not a size.")
            return
        if size > self.limit:
            await self._refuse(
                send,
                413,
                f"The upload is {size:,} bytes; the limit is {self.limit:,} bytes. Split the "
                "file, or ingest it with the CLI (`roleatlas ingest FILE`).",
            )
            return
        await self.app(scope, receive, send)


_bearer = HTTPBearer(
    auto_error=False,
    description="The token set with ROLEATLAS_API_TOKEN on the server.",
)


#: Shortest API token the server accepts (shorter ones can be guessed).
MIN_TOKEN_LENGTH = 16
_MAKE_TOKEN = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def token_problem(settings: Settings) -> str | None:
    """Why uploads through the API are refused with these settings, or ``None`` when the
    token is usable. ``roleatlas serve`` prints it as a warning at start.

    Examples
    --------
    >>> from pathlib import Path
    >>> from roleatlas.settings import Settings
    >>> token_problem(Settings(home=Path("."), api_token="x" * 32)) is None
    True
    >>> print(token_problem(Settings(home=Path("."), api_token="secret")))  # doctest: +ELLIPSIS
    The API token (ROLEATLAS_API_TOKEN) is 6 characters long; it must have at least 16, ...
    """
    token = settings.api_token
    if not token:
        return (
            "Writing through the API is disabled: the server has no API token. Set "
            f"ROLEATLAS_API_TOKEN to a long random string (make one with `{_MAKE_TOKEN}`) "
            "in the server's environment and restart it, then send "
            "'Authorization: Bearer <token>'."
        )
    if len(token) < MIN_TOKEN_LENGTH:
        return (
            f"The API token (ROLEATLAS_API_TOKEN) is {len(token)} characters long; it must "
            f"have at least {MIN_TOKEN_LENGTH}, so writing through the API is disabled. Make "
            f"a new one with `{_MAKE_TOKEN}`, set it in the server's environment and restart "
            "the server."
        )
    return None


def require_token(
    settings: Annotated[Settings, Depends(get_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Allow the request only with ``Authorization: Bearer <settings.api_token>``.

    Raises
    ------
    HTTPException
        403 when the server has no usable token (none, or shorter than
        :data:`MIN_TOKEN_LENGTH`: writes through the API are off), 401 when the request
        carries no token or another one.
    """
    problem = token_problem(settings)
    if problem is not None:
        raise HTTPException(403, problem)
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise HTTPException(
            401,
            "This endpoint needs the API token: send 'Authorization: Bearer <token>' "
            "(the token is ROLEATLAS_API_TOKEN on the server).",
            headers=challenge,
        )
    if not hmac.compare_digest(
        credentials.credentials.encode("utf-8"), settings.api_token.encode("utf-8")
    ):
        raise HTTPException(401, "The bearer token is not the API token.", headers=challenge)
