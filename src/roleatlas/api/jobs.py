"""``/api/v1/jobs``: search postings and read one with its extraction."""

from __future__ import annotations

import re
import time
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BeforeValidator

from roleatlas.api.deps import get_index, get_store
from roleatlas.api.models import JobDetail, JobSearch
from roleatlas.api.responses import ERRORS, NOT_FOUND
from roleatlas.report.extraction import extraction_to_dict
from roleatlas.report.listing import posting_to_dict
from roleatlas.search import SearchIndex, SearchQuery, search_postings
from roleatlas.store import Store

__all__ = ["MAX_PAGE", "router"]

router = APIRouter(tags=["jobs"], responses=ERRORS)

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: object) -> object:
    # pydantic would also read a number as a Unix time ("0" is 1970-01-01): only days count
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise ValueError("must be a day written YYYY-MM-DD")
    if not 1900 <= int(value[:4]) <= 2200:  # the index stores dates as 64-bit nanoseconds
        raise ValueError("must be a day between the years 1900 and 2200")
    return value


#: A calendar day as ``YYYY-MM-DD`` and nothing else.
IsoDay = Annotated[date, BeforeValidator(_iso_day)]

#: Most postings one page of the API returns.
MAX_PAGE = 100


def _search(store: Store, index: SearchIndex, query: SearchQuery) -> dict[str, Any]:
    started = time.perf_counter()
    total, postings = search_postings(store, index, query)
    return {
        "total": total,
        "limit": query.limit,
        "offset": query.offset,
        "took_ms": round((time.perf_counter() - started) * 1000, 3),
        "items": [posting_to_dict(p) for p in postings],
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
        str | None, Query(max_length=200, description="Catalog role id, name or alias.")
    ] = None,
    level: Annotated[
        str | None, Query(max_length=20, description="Seniority: EN, MI, SE or EX.")
    ] = None,
    employment_type: Annotated[
        str | None,
        Query(
            max_length=40,
            description="full_time, part_time, contract, temporary, internship or freelance.",
        ),
    ] = None,
    remote: Annotated[
        bool | None,
        Query(description="true: remote postings only; false: on-site and hybrid only."),
    ] = None,
    country: Annotated[
        str | None,
        Query(max_length=100, description="ISO country code or name (also matches remote scope)."),
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
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return await run_in_threadpool(_search, store, index, query)


def _detail(store: Store, source: str, source_id: str) -> dict[str, Any]:
    posting = store.get(source, source_id)
    if posting is None:
        raise HTTPException(
            404,
            f"No posting {source}:{source_id} is stored. Find postings' source and source_id "
            "with GET /api/v1/jobs.",
        )
    data = posting_to_dict(posting, description=True)
    data["extra"] = posting.extra
    extraction = store.extraction(source, source_id)
    data["extraction"] = None if extraction is None else extraction_to_dict(extraction)
    return data


@router.get(
    "/jobs/{source}/{source_id:path}",
    response_model=JobDetail,
    summary="One posting with its extraction",
    responses=NOT_FOUND,
)
async def job_detail(
    store: Annotated[Store, Depends(get_store)],
    source: str,
    source_id: str,
) -> Any:
    """The posting with its description, source fields and what extraction read out of it:
    skills with character offsets, education, experience and responsibilities."""
    return await run_in_threadpool(_detail, store, source, source_id)
