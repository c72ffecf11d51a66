"""Pydantic models of the API's responses, so ``/openapi.json`` says what each route returns.

They mirror the dicts the core's renderers build (:func:`~roleatlas.report.listing.
posting_to_dict`, :func:`~roleatlas.report.extraction.extraction_to_dict`,
:meth:`~roleatlas.pipeline.run.IngestSummary.to_dict`); the API never builds these values
itself.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ComparisonDocument",
    "DataStatus",
    "ErrorBody",
    "ErrorDetail",
    "Extraction",
    "Health",
    "IngestResult",
    "JobDetail",
    "JobItem",
    "JobSearch",
    "Posting",
    "RoleList",
    "RoleSummary",
    "Salaries",
]


class ErrorDetail(BaseModel):
    type: str = Field(
        description="The error class (e.g. InputError) or HTTP status name (e.g. NotFound)."
    )
    message: str = Field(description="What is wrong and how to fix it.")
    status: int = Field(description="The HTTP status code, repeated.")
    details: list[dict[str, Any]] | None = Field(
        default=None, description="Per-parameter problems of a request that failed validation."
    )


class ErrorBody(BaseModel):
    """The one error shape of every ``/api`` route."""

    error: ErrorDetail


class Health(BaseModel):
    status: str
    version: str


class Provenance(BaseModel):
    rule: str
    confidence: float


class Location(BaseModel):
    raw: str | None
    city: str | None
    region: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2 code.")
    workplace: str | None = Field(description="onsite, hybrid, remote or null (unknown).")
    remote_scope: str | None = Field(description="Where a remote worker may live.")
    rule: str
    confidence: float


class Salary(BaseModel):
    raw: str
    min_amount: float | None
    max_amount: float | None
    currency: str | None
    period: str | None
    annual_min: float | None
    annual_max: float | None
    usd_annual_min: float | None
    usd_annual_max: float | None
    fx_date: str | None
    flags: list[str]
    reason: str | None
    rule: str
    confidence: float


class Posting(BaseModel):
    source: str
    source_id: str
    title: str | None
    company: str | None
    url: str | None
    posted_at: str | None
    role: str | None = Field(description="Catalog role id.")
    role_name: str | None
    level: str | None = Field(description="EN, MI, SE or EX.")
    level_label: str | None
    seniority_rank: str | None
    employment_type: str | None
    location: Location
    salary: Salary | None
    salary_display: str | None = Field(description="e.g. 'USD 120K - 150K'.")
    listing: list[str] = Field(description="The two job-board listing lines.")
    provenance: dict[str, Provenance]


class JobItem(Posting):
    href: str = Field(
        description="Path of the posting's detail in this API, parts percent-encoded."
    )


class JobSearch(BaseModel):
    total: int = Field(description="Postings matching the filters (not only this page).")
    limit: int
    offset: int
    took_ms: float = Field(description="Time spent searching and loading the page.")
    items: list[JobItem]


class SkillMention(BaseModel):
    skill: str | None = Field(description="Skill catalog id; null for a span outside it.")
    text: str
    start: int = Field(description="Offset in the description (in the title for section 'title').")
    end: int
    layer: str
    section: str
    required: bool | None
    confidence: float


class Education(BaseModel):
    level: str
    fields: list[str]
    or_equivalent: bool
    required: bool | None
    text: str
    confidence: float


class Experience(BaseModel):
    min_years: float | None
    max_years: float | None
    skill: str | None
    required: bool | None
    text: str
    confidence: float


class Responsibility(BaseModel):
    text: str
    statement: str
    verb: str | None
    section: str


class SkillPhrase(BaseModel):
    start: int = Field(description="Offset in the description.")
    end: int
    kind: Literal["SKILL", "KNOWLEDGE"] = Field(
        description="SKILL (what a person does) or KNOWLEDGE (what a person knows)."
    )


class Extraction(BaseModel):
    version: int | str
    skills: list[SkillMention]
    education: list[Education]
    experience: list[Experience]
    responsibilities: list[Responsibility]
    spans: list[SkillPhrase] = Field(
        description="The span tagger's skill and knowledge phrases, catalogued or not "
        "(docs/spans.md); empty when the posting was extracted without it (--no-spans)."
    )


class SameJob(BaseModel):
    source: str
    source_id: str
    href: str = Field(description="This API's URL of the posting.")
    url: str | None = Field(description="The original posting's URL, when the source gave one.")


class JobDetail(JobItem):
    description: str | None = Field(
        description="At most the server's max_description_chars characters."
    )
    extra: dict[str, Any] = Field(description="Source-specific fields (company size, sector …).")
    extraction: Extraction | None = Field(description="Null when the posting was not extracted.")
    description_truncated: bool = Field(
        description="The stored description is longer and was cut for this answer."
    )
    extraction_truncated: bool = Field(
        description="An extraction list was cut at max_mentions items (or mentions past the "
        "cut description were left out)."
    )
    extra_truncated: bool = Field(
        description="The source fields were too large to return and were left out."
    )
    same_job: list[SameJob] = Field(
        description="Every posting of this job across sources and reposts (`roleatlas dedup`), "
        "canonical first, this one included; just this one when it has no duplicates."
    )


class RoleSummary(BaseModel):
    id: str
    name: str
    family: str
    definition: str
    aliases: list[str]
    postings: int = Field(description="Stored postings of this role.")


class RoleList(BaseModel):
    total_postings: int = Field(description="Stored postings with a catalog role.")
    roles: list[RoleSummary]


class ComparisonDocument(BaseModel):
    """A role profile or comparison: schema ``roleatlas.comparison/1`` (docs/comparison.md)."""

    model_config = ConfigDict(extra="allow")

    schema_: str = Field(alias="schema", description="roleatlas.comparison/1")
    kind: str = Field(description="profile or comparison")
    roles: list[str]
    profiles: list[dict[str, Any]]
    distinctions: list[dict[str, Any]]
    tips: list[dict[str, Any]]
    method: dict[str, Any]


class PayCell(BaseModel):
    role: str | None
    role_name: str | None
    level: str | None
    country: str | None
    remote: bool | None
    n: int
    p10: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    p90: float | None
    small_sample: bool = Field(description="n below 30: shown, but read with care.")
    estimated: int = Field(description="Postings whose salary is the board's estimate.")
    examples: list[str] = Field(description="Example postings as 'source:source_id'.")


class SurveyPay(BaseModel):
    titles: list[str]
    own_n: int
    fallback_family: str | None
    level: str | None
    employee_residence: str | None
    remote_ratios: list[int] | None
    n: int
    p10: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    p90: float | None
    small_sample: bool


class PayFilters(BaseModel):
    role: str | None
    level: str | None
    country: str | None
    remote: bool | None


class Salaries(BaseModel):
    currency: str = "USD"
    period: str = "year"
    measure: str = Field(
        default="midpoint of each posting's annual USD range",
        description="What one observation is.",
    )
    filters: PayFilters
    overall: PayCell
    cells: list[PayCell] = Field(description="One cell per role × level × country × remote.")
    survey: SurveyPay | None = Field(
        description="aijobs.net survey answers under the same filters (role given, data loaded)."
    )
    notes: list[str]


class ReferenceDataset(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    title: str
    licence: str
    loaded: bool
    version: str | None = None
    rows: int | None = None
    age_days: int | None = None


class IndexStatus(BaseModel):
    docs: int | None = Field(description="Documents in the search index (null: not built).")


class DataStatus(BaseModel):
    postings: int
    by_source: dict[str, int]
    index: IndexStatus
    reference: list[ReferenceDataset]


class SourceCounts(BaseModel):
    new: int
    updated: int
    unchanged: int
    rejected: int


class Reject(BaseModel):
    origin: str
    source: str | None
    source_id: str | None
    reason: str


class IngestResult(BaseModel):
    paths: list[str]
    run_id: int | None
    new: int
    updated: int
    unchanged: int
    rejected: int
    total: int
    seconds: float
    per_source: dict[str, SourceCounts]
    rejects: list[Reject] = Field(description="The first 50 rejects (all are in the database).")
    indexed: int | None = Field(
        description="Search-index documents added or replaced (null: the update failed)."
    )
    index_error: str | None = Field(
        default=None,
        description="Why the search index could not be updated; the postings are stored and "
        "the server catches up on a later search.",
    )
