"""``/api/v1/health``, ``/api/v1/data/status`` and ``/api/v1/ingest``."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi.concurrency import run_in_threadpool

from roleatlas import __version__
from roleatlas.api.deps import Resources, get_resources, get_store
from roleatlas.api.errors import without_paths
from roleatlas.api.models import DataStatus, Health, IngestResult
from roleatlas.api.params import FormatName
from roleatlas.api.responses import ERRORS, INGEST_ERRORS
from roleatlas.api.security import require_token
from roleatlas.errors import RoleatlasError, StoreError
from roleatlas.settings import Settings
from roleatlas.store import Store

__all__ = ["router"]

router = APIRouter(tags=["data"], responses=ERRORS)


@router.get("/health", response_model=Health, summary="Liveness")
async def health() -> Any:
    """Answers without touching the database (a baseline for load tests)."""
    return {"status": "ok", "version": __version__}


def _status(resources: Resources, store: Store) -> dict[str, Any]:
    from roleatlas.reference import status

    by_source = store.counts_by_source()
    return {
        "postings": sum(by_source.values()),
        "by_source": by_source,
        "index": {"docs": resources.index_docs()},
        "reference": status(store),
    }


@router.get("/data/status", response_model=DataStatus, summary="What is stored")
async def data_status(
    resources: Annotated[Resources, Depends(get_resources)],
    store: Annotated[Store, Depends(get_store)],
) -> Any:
    """Postings per source, search-index size, and which reference datasets are loaded
    (version, rows, age), as ``roleatlas data status --json``."""
    return await run_in_threadpool(_status, resources, store)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _upload_name(filename: str | None) -> str:
    """A safe local name that keeps the upload's extensions (format detection reads them).

    Examples
    --------
    >>> _upload_name("../../etc/jobs 2024.jsonl.gz"), _upload_name(None), _upload_name("..")
    ('jobs_2024.jsonl.gz', 'upload', 'upload')
    """
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", base).strip("._")[:120]
    return name or "upload"


def _public(text: str, path: Path, name: str) -> str:
    """``text`` with the upload's temporary path replaced by the uploaded file's name: the
    one place that keeps server paths out of upload errors and rejects.

    Examples
    --------
    >>> _public("'/tmp/u-1/jobs.jsonl:3' in /tmp/u-1", Path("/tmp/u-1/jobs.jsonl"), "jobs.jsonl")
    "'jobs.jsonl:3' in the upload"
    """
    return text.replace(str(path), name).replace(str(path.parent), "the upload")


def _ingest(
    settings: Settings, path: Path, name: str, format: str | None, source: str | None
) -> dict[str, Any]:
    """Ingest one uploaded file in one transaction through a connection of its own, then
    sync the index (a failed sync is reported, not raised: the postings are committed)."""
    from roleatlas.pipeline.run import ingest
    from roleatlas.search import index_dir, sync_index

    with Store(settings.database).open() as store:
        try:
            summary = ingest(
                [path],
                store,
                format=format,
                source=source,
                batch_size=settings.batch_size,
                limits=settings.limits,
                atomic=True,
            )
        except RoleatlasError as exc:
            exc.args = (f"{_public(str(exc), path, name)} Nothing of the upload was stored.",)
            raise
        indexed: int | None = None
        index_error: str | None = None
        try:
            indexed = sync_index(
                store, index_dir(settings.home), lock_timeout=settings.index_lock_timeout
            )
        except StoreError as exc:
            index_error = without_paths(
                f"{exc} The postings are stored; the server brings the index up to date "
                "on a later search.",
                settings.home,
            )
    data = summary.to_dict()
    data["paths"] = [name]
    for reject in data["rejects"]:  # say "jobs.jsonl:3", not the temporary path
        reject["origin"] = _public(str(reject["origin"]), path, name)
        reject["reason"] = _public(str(reject["reason"]), path, name)
    data["indexed"] = indexed
    data["index_error"] = index_error
    return data


@router.post(
    "/ingest",
    response_model=IngestResult,
    summary="Upload postings",
    dependencies=[Depends(require_token)],
    responses=INGEST_ERRORS,
)
async def ingest_upload(
    resources: Annotated[Resources, Depends(get_resources)],
    file: Annotated[
        UploadFile,
        File(description="Postings: JSON Lines, CSV, HTML with JSON-LD, ATS JSON (.gz too)."),
    ],
    # Optional without a null branch in the schema: a multipart form has no null, and
    # clients (schemathesis too) would send the text "null" for one.
    format: Annotated[
        FormatName,
        Form(description="Force the format instead of detecting it."),
    ] = None,  # type: ignore[assignment]
    source: Annotated[
        str,
        Form(
            # empty is allowed: a form sends empty fields, and FastAPI reads them as absent
            pattern=r"^([A-Za-z0-9][A-Za-z0-9._:+@-]{0,99})?$",
            description="Source name for records that do not state one (letters, digits and "
            ". _ : + @ -; empty: none).",
        ),
    ] = None,  # type: ignore[assignment]
) -> Any:
    """Store the uploaded postings (idempotent, as ``roleatlas ingest``) and update the search
    index. Needs ``Authorization: Bearer <token>``. Rows that cannot be read are listed as
    rejects; a file that cannot be read to its end (unknown format, cut short, over a
    limit) is a 400 and changes nothing: an upload is stored in one transaction. A failed
    index update does not fail the upload: ``index_error`` says what happened."""
    limit = resources.max_upload_bytes
    if file.size is not None and file.size > limit:
        raise HTTPException(
            413, f"The upload is {file.size:,} bytes; the limit is {limit:,} bytes."
        )
    name = _upload_name(file.filename)
    with tempfile.TemporaryDirectory(prefix="roleatlas-upload-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            await run_in_threadpool(shutil.copyfileobj, file.file, out)
        async with resources.ingest_lock:
            result = await run_in_threadpool(
                _ingest, resources.settings, path, name, format or None, source or None
            )
    return result  # the open index sees the sync by itself (SearchIndex.refresh)
