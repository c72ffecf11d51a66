"""``/api/v1/roles``, ``/api/v1/compare`` and ``/api/v1/salaries``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from roleatlas.api.deps import get_store
from roleatlas.api.models import ComparisonDocument, RoleList, Salaries
from roleatlas.api.params import CountryCode, Level, RoleId
from roleatlas.api.responses import ERRORS, NOT_FOUND
from roleatlas.catalog import Role, load_catalog
from roleatlas.errors import InputError
from roleatlas.insights.compare import compare_roles
from roleatlas.insights.pay import pay_breakdown
from roleatlas.insights.profile import role_profile
from roleatlas.report.compare import to_json
from roleatlas.store import Store
from roleatlas.store.pay import role_posting_counts

__all__ = ["MAX_COMPARE", "router"]

router = APIRouter(tags=["roles"], responses=ERRORS)

#: Most roles one comparison may hold.
MAX_COMPARE = 6

_DOCUMENT: dict[int | str, dict[str, Any]] = {
    200: {"model": ComparisonDocument, "description": "roleatlas.comparison/1"}
}


def _roles(store: Store) -> dict[str, Any]:
    counts = role_posting_counts(store)
    roles = [
        {
            "id": r.id,
            "name": r.name,
            "family": r.family,
            "definition": r.definition,
            "aliases": list(r.aliases),
            "postings": counts.get(r.id, 0),
        }
        for r in load_catalog()
    ]
    return {"total_postings": sum(counts.values()), "roles": roles}


@router.get("/roles", response_model=RoleList, summary="The role catalog")
async def list_roles(store: Annotated[Store, Depends(get_store)]) -> Any:
    """Every catalog role with its definition, aliases and number of stored postings."""
    return await run_in_threadpool(_roles, store)


def _resolve(name: str) -> Role:
    try:
        return load_catalog().resolve(name)
    except InputError as exc:  # a role named in the path is a resource: missing → 404
        raise HTTPException(404, str(exc)) from exc


@router.get(
    "/roles/{role}",
    response_model=None,
    summary="A role's profile",
    responses={**_DOCUMENT, **NOT_FOUND},
)
async def get_role(
    store: Annotated[Store, Depends(get_store)],
    role: Annotated[str, Path(max_length=200, description="Role id, name or alias.")],
) -> JSONResponse:
    """The role's profile from postings and public data, every figure with its n and source
    (the JSON of ``roleatlas role NAME --format json``). An unknown role is a 404 whose
    message suggests close names."""
    found = _resolve(role)
    profile = await run_in_threadpool(role_profile, store, found)
    return JSONResponse(to_json(profile))


@router.get("/compare", response_model=None, summary="Compare roles", responses=_DOCUMENT)
async def compare(
    store: Annotated[Store, Depends(get_store)],
    role: Annotated[
        list[RoleId],
        Query(
            min_length=2,
            max_length=MAX_COMPARE,
            description="Two or more different catalog role ids (repeat the parameter).",
            json_schema_extra={"uniqueItems": True},
        ),
    ],
) -> JSONResponse:
    """Roles compared section by section, with distinguishing skills for every pair and
    tips that carry their numbers (the JSON of ``roleatlas compare A B --format json``)."""
    twice = sorted({r for r in role if role.count(r) > 1})
    if twice and len(set(role)) > 1:  # one role only is compare_roles' own, clearer error
        raise InputError(
            f"Each role may be named once; {', '.join(map(repr, twice))} is named more than "
            "once. Drop the repeats."
        )
    comparison = await run_in_threadpool(compare_roles, store, list(role))
    return JSONResponse(to_json(comparison))


def _salaries(
    store: Store, role: str | None, level: str | None, country: str | None, remote: bool | None
) -> dict[str, Any]:
    breakdown = pay_breakdown(store, role=role, level=level, country=country, remote=remote)
    return asdict(breakdown)


@router.get("/salaries", response_model=Salaries, summary="Pay by role, level, country, remote")
async def salaries(
    store: Annotated[Store, Depends(get_store)],
    role: Annotated[
        RoleId | None, Query(description="Catalog role id (see GET /api/v1/roles).")
    ] = None,
    level: Annotated[Level | None, Query(description="Seniority: EN, MI, SE or EX.")] = None,
    country: Annotated[
        CountryCode | None, Query(description="ISO 3166-1 alpha-2 country code.")
    ] = None,
    remote: Annotated[
        bool | None, Query(description="true: remote only; false: on-site and hybrid only.")
    ] = None,
) -> Any:
    """Annual USD pay from postings per role × level × country × remote cell, with n,
    percentiles and a small-sample flag, plus the aijobs.net survey under the same filters
    when a role is given."""
    return await run_in_threadpool(_salaries, store, role, level, country, remote)
