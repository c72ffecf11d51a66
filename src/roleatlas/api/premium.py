"""``/api/v1/premium``: what each skill adds to posted pay (a thin face over
:func:`roleatlas.insights.premium.skill_premiums`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from roleatlas.api.deps import get_store
from roleatlas.api.params import CountryCode, Level, RoleId
from roleatlas.api.responses import ERRORS
from roleatlas.insights.premium import MIN_SUPPORT, skill_premiums
from roleatlas.report.premium import premium_json
from roleatlas.store import Store

__all__ = ["PremiumDocument", "SkillPremiumItem", "router"]

router = APIRouter(tags=["roles"], responses=ERRORS)


class SkillPremiumItem(BaseModel):
    skill: str = Field(description="Catalog skill id.")
    name: str
    category: str
    premium: float = Field(description="exp(beta) - 1 as a fraction: 0.08 is +8%.")
    low: float = Field(description="Lower end of the 95% interval (fraction).")
    high: float = Field(description="Upper end of the 95% interval (fraction).")
    beta: float = Field(description="Coefficient on log annual USD pay.")
    se: float = Field(description="Cluster-robust (by company) standard error of beta.")
    p_value: float
    q_value: float = Field(description="Benjamini–Hochberg adjusted p-value over the table.")
    n_with: int = Field(description="Postings that ask for the skill.")
    n_without: int = Field(description="Postings that do not.")
    companies_with: int
    small_sample: bool = Field(description="Fewer than 30 postings ask for the skill.")
    examples: list[str] = Field(description="Postings with the skill and a salary (source:id).")


class NotEstimatedItem(BaseModel):
    skill: str
    n_with: int
    reason: str


class PremiumDocument(BaseModel):
    """Skill pay premiums: an association between asking for a skill and posted pay."""

    filters: dict[str, str | None]
    pay: Literal["stated", "estimate", "all"]
    n: int = Field(description="Postings in the model.")
    companies: int
    fixed_effects: list[str]
    errors: str
    min_support: int
    min_companies: int
    skills: list[SkillPremiumItem] = Field(description="Highest premium first.")
    below_support: int
    not_estimated: list[NotEstimatedItem]
    caveat: str = Field(description="Association, not cause.")
    notes: list[str]


def _premium(
    store: Store,
    role: str | None,
    level: str | None,
    country: str | None,
    pay: str,
    min_support: int,
) -> dict[str, Any]:
    table = skill_premiums(
        store, role=role, level=level, country=country, pay=pay, min_support=min_support
    )
    return premium_json(table)


@router.get("/premium", response_model=PremiumDocument, summary="Skill pay premium")
async def premium(
    store: Annotated[Store, Depends(get_store)],
    role: Annotated[
        RoleId | None, Query(description="Catalog role id (see GET /api/v1/roles).")
    ] = None,
    level: Annotated[Level | None, Query(description="Seniority: EN, MI, SE or EX.")] = None,
    country: Annotated[
        CountryCode | None, Query(description="ISO 3166-1 alpha-2 country code.")
    ] = None,
    pay: Annotated[
        Literal["stated", "estimate", "all"],
        Query(description="stated: employer figures; estimate: board estimates; all: both."),
    ] = "stated",
    min_support: Annotated[
        int, Query(ge=2, le=10_000, description="Fewest postings with and without a skill.")
    ] = MIN_SUPPORT,
) -> Any:
    """For every skill with enough support, the difference in log annual USD posted pay
    between postings that ask for it and those that do not, at the same role, level,
    country and remote status (fixed effects), with a 95% interval clustered by company.
    An association, not a cause (the same figures as ``roleatlas premium --format json``)."""
    return await run_in_threadpool(_premium, store, role, level, country, pay, min_support)
