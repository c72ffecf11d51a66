"""``POST /api/v1/fit``: a résumé in, its fit out (the JSON of ``roleatlas fit --format json``).

The résumé is a multipart upload (field ``file``: PDF, DOCX, text, Markdown or JSON Resume),
a JSON Resume object as the body (``application/json``) or plain text (``text/plain``). The
body is read into memory up to the résumé size limit (``max_resume_bytes``, refused with 413
past it, before the rest is read), parsed in memory (never spooled to disk) and dropped with
the response: nothing of it is stored, and it is never logged.
"""

from __future__ import annotations

from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from roleatlas.api.deps import Resources, get_resources
from roleatlas.api.params import CountryCode, RoleId
from roleatlas.api.responses import ERRORS
from roleatlas.errors import InputError

__all__ = ["read_body", "resume_from_body", "router"]

router = APIRouter(tags=["fit"], responses=ERRORS)

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "PDF, DOCX, text, Markdown or JSON Resume.",
                        }
                    },
                }
            },
            "application/json": {
                "schema": {"type": "object", "description": "A JSON Resume (jsonresume.org)."}
            },
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, in memory; a 413 as soon as it passes ``limit`` bytes."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise HTTPException(
            413, f"The résumé is {int(length):,} bytes; the limit is {limit:,} bytes."
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"The résumé is over the limit of {limit:,} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _multipart_file(content_type: str, body: bytes) -> tuple[bytes, str | None]:
    """The ``file`` part of a multipart/form-data body: its bytes and file name."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise InputError("The multipart body could not be read. Send the résumé as field 'file'.")
    for part in message.iter_parts():
        assert isinstance(part, Message)
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            return data, part.get_filename()
    raise InputError("The upload has no field 'file'. Send the résumé as field 'file'.")


def resume_from_body(content_type: str, body: bytes, limits: Any) -> Any:
    """Read the résumé a request carries (see the module docstring) with ``limits``.

    Raises
    ------
    InputError
        For an empty body, a multipart body without ``file``, an unreadable résumé or an
        unsupported content type.
    """
    from roleatlas.resume.read import read_resume

    kind = content_type.split(";", 1)[0].strip().lower()
    if not body:
        raise InputError("The request has no résumé. Upload it as field 'file'.")
    if kind == "multipart/form-data":
        data, name = _multipart_file(content_type, body)
        if not data:
            raise InputError("The uploaded résumé file is empty.")
        return read_resume(data, filename=name or "resume", limits=limits)
    if kind == "application/json":
        return read_resume(body, filename="resume.json", format="json-resume", limits=limits)
    if kind in ("text/plain", "text/markdown"):
        fmt = "markdown" if kind == "text/markdown" else "text"
        return read_resume(body, filename="resume.txt", format=fmt, limits=limits)
    raise InputError(
        f"Send the résumé as multipart/form-data (field 'file'), application/json (JSON "
        f"Resume) or text/plain. Got content type {kind or 'none'!r}."
    )


def _fit(
    resources: Resources,
    content_type: str,
    body: bytes,
    roles: list[str] | None,
    country: str | None,
    remote: bool | None,
    limit: int,
) -> dict[str, Any]:
    from roleatlas.errors import StoreError
    from roleatlas.insights.fit import fit_resume
    from roleatlas.report.fit import to_json

    resume = resume_from_body(content_type, body, resources.settings.limits)
    try:
        index = resources.index()
    except StoreError:
        index = None  # matching jobs are then ranked by skill overlap alone (the notes say so)
    with resources.store() as store:
        result = fit_resume(
            store, resume, roles=roles, country=country, remote=remote, limit=limit, index=index
        )
    return to_json(result)


@router.post("/fit", response_model=None, summary="Fit a résumé to roles", openapi_extra=_BODY)
async def fit(
    request: Request,
    resources: Annotated[Resources, Depends(get_resources)],
    role: Annotated[
        list[RoleId] | None, Query(max_length=10, description="Only these role ids.")
    ] = None,
    country: Annotated[
        CountryCode | None, Query(description="Jobs and pay in this country (ISO code).")
    ] = None,
    remote: Annotated[bool | None, Query(description="true: remote jobs and pay only.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Matching jobs listed.")] = 10,
) -> JSONResponse:
    """Roles ranked by how much of their skill demand the résumé covers (with the interval
    their sample size implies), gaps with n and examples, the likely level, matching open
    jobs, expected pay in three layers and tips (``roleatlas.fit/1``). The résumé is
    processed in memory and never stored or logged."""
    limit_bytes = resources.settings.limits.max_resume_bytes
    body = await read_body(request, limit_bytes)
    content_type = request.headers.get("content-type", "")
    data = await run_in_threadpool(
        _fit, resources, content_type, body, list(role or []) or None, country, remote, limit
    )
    return JSONResponse(data)
