"""``/api/v1/jobs``: search postings and read one with its extraction."""

from __future__ import annotations

import re
import time
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BeforeValidator, WithJsonSchema

from roleatlas.api.deps import get_index, get_settings, get_store
from roleatlas.api.models import JobDetail, JobSearch
from roleatlas.api.params import CountryCode, EmploymentType, Level, RoleId
from roleatlas.api.responses import ERRORS, NOT_FOUND
from roleatlas.records import Posting
from roleatlas.report.extraction import extraction_to_dict
from roleatlas.report.listing import posting_to_dict
from roleatlas.search import SearchIndex, SearchQuery, search_postings
from roleatlas.settings import Settings
from roleatlas.store import Store
from roleatlas.store.detail import posting_detail

__all__ = ["MAX_PAGE", "job_href", "router"]

router = APIRouter(tags=["jobs"], responses=ERRORS)

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: object) -> object:
    # pydantic would also read a number as a Unix time ("0" is 1970-01-01): only days count
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise ValueError("must be a day written YYYY-MM-DD")
    if not 1900 <= int(value[:4]) <= 2200:  # the index stores dates as 64-bit nanoseconds
        raise ValueError("must be a day between the years 1900 and 2200")
    return value


#: A calendar day as ``YYYY-MM-DD`` and nothing else, between the years 1900 and 2200.
IsoDay = Annotated[
    date,
    BeforeValidator(_iso_day),
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^(19\d\d|2[01]\d\d|2200)-\d\d-\d\d$"}
    ),
]

#: Most postings one page of the API returns.
MAX_PAGE = 100


def job_href(source: str, source_id: str) -> str:
    """The API path of one posting, each part percent-encoded (ids may hold ``/?#``).

    Examples
    --------
    >>> job_href("src", "a/b?c#d")
    '/api/v1/jobs/src/a%2Fb%3Fc%23d'
    """
    return f"/api/v1/jobs/{quote(source, safe='')}/{quote(source_id, safe='')}"


def _item(posting: Posting) -> dict[str, Any]:
    data = posting_to_dict(posting)
    data["href"] = job_href(posting.source, posting.source_id)
    return data


def _search(store: Store, index: SearchIndex, query: SearchQuery) -> dict[str, Any]:
    started = time.perf_counter()
    total, postings = search_postings(store, index, query)
    return {
        "total": total,
        "limit": query.limit,
        "offset": query.offset,
        "took_ms": round((time.perf_counter() - started) * 1000, 3),
        "items": [_item(p) for p in postings],
    }


@router.get("/jobs", response_model=JobSearch, summary="Search postings")
async def search_jobs(
    store: Annotated[Store, Depends(get_store)],
    index: Annotated[SearchIndex, Depends(get_index)],
    q: Annotated[
        str | None,
        Query(
            max_length=1000,
            description="Keywords over title, company, description and skills.",
        ),
    ] = None,
    role: Annotated[
        RoleId | None,
        Query(description="Catalog role id (see GET /api/v1/roles)."),
    ] = None,
    level: Annotated[Level | None, Query(description="Seniority: EN, MI, SE or EX.")] = None,
    employment_type: Annotated[EmploymentType | None, Query(description="Employment type.")] = None,
    remote: Annotated[
        bool | None,
        Query(description="true: remote postings only; false: on-site and hybrid only."),
    ] = None,
    country: Annotated[
        CountryCode | None,
        Query(description="ISO 3166-1 alpha-2 code; also matches a remote scope naming it."),
    ] = None,
    min_salary: Annotated[
        float | None,
        Query(ge=0, le=1e9, description="Annual USD; keeps postings whose range reaches it."),
    ] = None,
    max_salary: Annotated[
        float | None,
        Query(ge=0, le=1e9, description="Annual USD; keeps postings whose range starts below."),
    ] = None,
    posted_after: Annotated[IsoDay | None, Query(description="Inclusive day, YYYY-MM-DD.")] = None,
    posted_before: Annotated[IsoDay | None, Query(description="Inclusive day, YYYY-MM-DD.")] = None,
    skill: Annotated[
        list[str] | None,
        Query(
            max_length=20,
            description="Skill id, name or alias asked for (repeatable: all must match).",
        ),
    ] = None,
    include_closed: Annotated[
        bool,
        Query(description="Also postings their live source no longer lists (closed)."),
    ] = False,
    sort: Annotated[
        Literal["relevance", "newest", "salary"],
        Query(description="relevance (newest without keywords), newest or salary."),
    ] = "relevance",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Postings per page.")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000, description="Postings to skip.")] = 0,
) -> Any:
    """Postings matching keywords and filters, each with its two job-board listing lines.

    Filter values follow the CLI's rules: an unknown role or skill is a 400 error whose
    message suggests close names.
    """
    query = SearchQuery(
        text=q,
        role=role,
        level=level,
        employment_type=employment_type,
        remote=remote,
        country=country,
        min_salary_usd=min_salary,
        max_salary_usd=max_salary,
        posted_after=posted_after,
        posted_before=posted_before,
        skills=tuple(skill or ()),
        include_closed=include_closed,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return await run_in_threadpool(_search, store, index, query)


def _detail(store: Store, settings: Settings, source: str, source_id: str) -> dict[str, Any]:
    found = posting_detail(
        store,
        source,
        source_id,
        max_chars=settings.max_description_chars,
        max_items=settings.max_mentions,
    )
    if found is None:
        raise HTTPException(
            404,
            f"No posting {source}:{source_id} is stored. Find postings' source and source_id "
            "with GET /api/v1/jobs.",
        )
    posting, extraction = found.posting, found.extraction
    data = posting_to_dict(posting, description=True)
    data["href"] = job_href(posting.source, posting.source_id)
    data["extra"] = posting.extra
    data["extraction"] = None if extraction is None else extraction_to_dict(extraction)
    data["description_truncated"] = found.description_truncated
    data["extraction_truncated"] = found.extraction_truncated
    data["extra_truncated"] = found.extra_truncated
    data["same_job"] = [
        {"source": s, "source_id": i, "href": job_href(s, i), "url": u}
        for s, i, u in found.same_job
    ]
    return data


@router.get(
    "/jobs/{source}/{source_id:path}",
    response_model=JobDetail,
    summary="One posting with its extraction",
    responses=NOT_FOUND,
)
async def job_detail(
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    source: str,
    source_id: str,
) -> Any:
    """The posting with its description, source fields and what extraction read out of it:
    skills with character offsets, education, experience and responsibilities.

    Follow the ``href`` of a search result: ids may hold ``/``, ``?`` or ``#`` and are
    percent-encoded there. Bounded: the description is cut at the server's
    ``max_description_chars`` and each extraction list at ``max_mentions`` items (the
    ``*_truncated`` fields say so)."""
    return await run_in_threadpool(_detail, store, settings, source, source_id)
