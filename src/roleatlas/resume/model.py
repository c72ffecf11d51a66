"""What roleatlas reads from a résumé: each item with the résumé line it came from.

Nothing about the person is invented: every item quotes its line (``line`` is 1-based in the
plain text the reader produced, ``text`` is that line as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Resume", "ResumeDegree", "ResumeJob", "ResumeSkill", "Evidence"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an item was read: the 1-based line number and the line's text."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class ResumeSkill:
    """A catalog skill or tool the résumé names (same catalog ids as postings)."""

    skill: str  # catalog id, e.g. "pytorch"
    label: str  # catalog display name, e.g. "PyTorch"
    category: str  # catalog category
    esco_uri: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ResumeDegree:
    """A degree held: ``level`` is one of records.DEGREE_LEVELS (bachelor, master, phd, ...)."""

    level: str
    field: str | None
    evidence: Evidence
    #: The résumé says the degree is not finished yet ("pursuing", "expected 2026", an end
    #: date after the reading date).
    in_progress: bool = False


@dataclass(frozen=True, slots=True)
class ResumeJob:
    """A position held: the title as written, its catalog role (if any) and dates."""

    title: str
    role: str | None  # catalog role id
    start: str | None  # ISO "YYYY-MM" or "YYYY"
    end: str | None  # ISO, or None for "present"/unknown
    current: bool
    evidence: Evidence


@dataclass(slots=True)
class Resume:
    """A résumé as roleatlas reads it. ``text`` is the plain text the items' lines index."""

    text: str
    format: str  # "pdf" | "docx" | "text" | "markdown" | "json-resume"
    skills: list[ResumeSkill] = field(default_factory=list)
    degrees: list[ResumeDegree] = field(default_factory=list)
    jobs: list[ResumeJob] = field(default_factory=list)
    #: Years of experience from dated work history (overlaps merged), with the lines used.
    years_experience: float | None = None
    years_evidence: list[Evidence] = field(default_factory=list)
    #: Years the résumé states outright ("5+ years of experience"), when it does.
    stated_years: float | None = None
    stated_years_evidence: Evidence | None = None
    warnings: list[str] = field(default_factory=list)
    #: The title the résumé's header gives its writer ("Senior Data Scientist - Acme"), kept
    #: apart from ``jobs`` because it has no dates; ``None`` when the header names none.
    headline: ResumeJob | None = None
