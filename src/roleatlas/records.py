"""Plain records that flow through the pipeline.

``RawPosting`` is what a source reads; ``Posting`` is the normalized record that the store
keeps. Every normalized field carries its provenance: which rule produced it and how sure we
are (``Provenance``). Records are plain dataclasses, never DataFrames.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEGREE_LEVELS",
    "EducationRequirement",
    "ExperienceRequirement",
    "Extraction",
    "LEVELS",
    "EMPLOYMENT_LABELS",
    "EMPLOYMENT_TYPES",
    "LEVEL_LABELS",
    "Location",
    "Posting",
    "Provenance",
    "RAW_TEXT_FIELDS",
    "RawPosting",
    "Salary",
    "Responsibility",
    "SECTIONS",
    "Seniority",
    "SkillMention",
    "SkillSpan",
    "decode_spans",
    "encode_spans",
    "TitleMatch",
]

#: The free-text fields of a :class:`RawPosting`, in reading order.
RAW_TEXT_FIELDS = (
    "title",
    "company",
    "location",
    "description",
    "salary_text",
    "employment_type",
    "seniority",
    "posted_at",
    "url",
)

#: Seniority codes as the aijobs.net salary survey uses them.
LEVELS = ("EN", "MI", "SE", "EX")

#: Canonical employment codes, in canonical order.
EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "temporary", "internship", "freelance")

#: Display labels of the employment codes.
EMPLOYMENT_LABELS = {
    "full_time": "Full Time",
    "part_time": "Part Time",
    "contract": "Contract",
    "temporary": "Temporary",
    "internship": "Internship",
    "freelance": "Freelance",
}

#: Display labels of the seniority codes, as job boards print them.
LEVEL_LABELS = {
    "EN": "Entry-level / Junior",
    "MI": "Mid-level / Intermediate",
    "SE": "Senior-level / Expert",
    "EX": "Executive-level / Director",
}


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a normalized value came from.

    ``rule`` names the rule or source (``"source:field"`` when the input stated it, for
    example ``"source:employment_type"``, ``"title:word:senior"``, ``"salary:range"``);
    ``confidence`` is between 0 and 1.
    """

    rule: str
    confidence: float = 1.0


@dataclass(slots=True)
class RawPosting:
    """A posting as a source read it, before any normalization.

    ``source`` names the feed or data set (``"glassdoor"``); ``source_id`` is unique within it.
    ``origin`` says where it was read (``"path:line"``), for error messages.
    """

    source: str
    source_id: str
    title: str | None = None
    company: str | None = None
    location: str | None = None
    description: str | None = None
    salary_text: str | None = None
    employment_type: str | None = None
    seniority: str | None = None
    posted_at: str | None = None
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    origin: str | None = None

    def content_hash(self) -> str:
        """A stable hash of the content (not of ``origin``): equal content, equal hash."""
        payload = (
            self.source,
            self.source_id,
            self.title,
            self.company,
            self.location,
            self.description,
            self.salary_text,
            self.employment_type,
            self.seniority,
            self.posted_at,
            self.url,
            self.extra,
        )
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.blake2b(blob.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(slots=True)
class Salary:
    """A parsed pay statement.

    Amounts are in ``currency`` per ``period`` (``hour``, ``day``, ``week``, ``month``,
    ``year``). ``annual_*`` convert to a year with the period factors of
    :mod:`roleatlas.pipeline.normalize.salary`; ``usd_annual_*`` convert that with a dated FX
    table (``fx_date``). When the text cannot be parsed, amounts are ``None`` and ``reason``
    says why; nothing is guessed. ``min_amount <= max_amount`` always holds.
    """

    raw: str
    min_amount: float | None = None
    max_amount: float | None = None
    currency: str | None = None
    period: str | None = None
    annual_min: float | None = None
    annual_max: float | None = None
    usd_annual_min: float | None = None
    usd_annual_max: float | None = None
    fx_date: str | None = None
    flags: tuple[str, ...] = ()
    reason: str | None = None
    rule: str = ""
    confidence: float = 0.0

    @property
    def parsed(self) -> bool:
        return self.min_amount is not None

    @property
    def annual_mid(self) -> float | None:
        if self.annual_min is None or self.annual_max is None:
            return None
        return (self.annual_min + self.annual_max) / 2


@dataclass(slots=True)
class Location:
    """A normalized place of work.

    ``country`` is an ISO 3166-1 alpha-2 code; ``region`` a subdivision code or name
    (``"NY"``, ``"England"``); ``workplace`` is ``onsite``, ``hybrid`` or ``remote`` (``None``
    when unknown); ``remote_scope`` says where a remote worker may live: a country code,
    a region name such as ``"EU"`` or ``"worldwide"``.
    """

    raw: str | None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    workplace: str | None = None
    remote_scope: str | None = None
    rule: str = ""
    confidence: float = 0.0


@dataclass(slots=True)
class Seniority:
    """A seniority reading: ``level`` is one of :data:`LEVELS` (or ``None``); ``rank`` is the
    finer word it came from (``intern``, ``junior``, ``senior``, ``staff``, ``principal``,
    ``lead``, ``head``, ``director``, ``assistant_professor`` ...)."""

    level: str | None
    rank: str | None = None
    rule: str = ""
    confidence: float = 0.0


@dataclass(slots=True)
class TitleMatch:
    """The canonical role of a job title.

    ``role`` is a catalog id (``"data-scientist"``) or ``None`` when the title is outside the
    catalog; ``method`` is ``exact``, ``alias``, ``fuzzy`` or ``none``; ``cleaned`` is the title
    after removing seniority words, levels, locations, req ids and parentheses.
    """

    raw: str
    cleaned: str
    role: str | None
    role_name: str | None
    method: str
    score: float
    seniority: Seniority


@dataclass(slots=True)
class Posting:
    """A normalized posting, as the store keeps it."""

    source: str
    source_id: str
    title: str | None
    company: str | None
    description: str | None
    url: str | None
    posted_at: str | None
    role: str | None
    role_name: str | None
    level: str | None
    seniority_rank: str | None
    employment_type: str | None
    location: Location
    salary: Salary | None
    content_hash: str
    provenance: dict[str, Provenance] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    extraction: Extraction | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.source_id)


#: Posting sections a mention can sit in.
SECTIONS = ("title", "summary", "responsibilities", "requirements", "preferred", "benefits",
            "company", "other")  # fmt: skip

#: Degree levels, lowest to highest.
DEGREE_LEVELS = ("none", "high_school", "associate", "bachelor", "master", "phd")


@dataclass(frozen=True, slots=True)
class SkillMention:
    """One skill or tool found in a posting.

    ``skill`` is a catalog id (``"python"``) or ``None`` for a span the learned layer found
    outside the catalog (then ``text`` is the span). ``start``/``end`` are character offsets
    in the text that was read. ``layer`` is ``dictionary`` or ``learned``; ``section`` one of
    :data:`SECTIONS`; ``required`` is ``True`` (required), ``False`` (preferred / nice to have)
    or ``None`` (not stated).
    """

    skill: str | None
    text: str
    start: int
    end: int
    layer: str = "dictionary"
    section: str = "other"
    required: bool | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class SkillSpan:
    """A skill or knowledge phrase the span layer marked in a description, catalogued or not
    ("design and implement REST APIs", "machine learning"), as SkillSpan annotates them.

    ``start``/``end`` are character offsets in the description; ``kind`` is ``SKILL`` or
    ``KNOWLEDGE``.
    """

    start: int
    end: int
    kind: str


def encode_spans(spans: list[SkillSpan]) -> str:
    """The compact text the store keeps for a posting's spans: ``start-end-K`` joined by
    spaces (``K`` is ``S`` for a skill, ``K`` for knowledge).

    Examples
    --------
    >>> encode_spans([SkillSpan(0, 6, "KNOWLEDGE"), SkillSpan(10, 30, "SKILL")])
    '0-6-K 10-30-S'
    >>> decode_spans('0-6-K 10-30-S')[1]
    SkillSpan(start=10, end=30, kind='SKILL')
    """
    return " ".join(f"{s.start}-{s.end}-{s.kind[0]}" for s in spans)


def decode_spans(text: str | None) -> list[SkillSpan]:
    """The spans :func:`encode_spans` wrote (``[]`` for ``None`` or ``""``)."""
    out = []
    for item in (text or "").split():
        start, end, kind = item.split("-")
        out.append(SkillSpan(int(start), int(end), "SKILL" if kind == "S" else "KNOWLEDGE"))
    return out


@dataclass(frozen=True, slots=True)
class EducationRequirement:
    """A degree a posting asks for: ``level`` in :data:`DEGREE_LEVELS`, the fields of study,
    whether equivalent experience is accepted, and whether it is required or preferred."""

    level: str
    fields: tuple[str, ...] = ()
    or_equivalent: bool = False
    required: bool | None = None
    text: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class ExperienceRequirement:
    """Years of experience asked for, overall (``skill`` is ``None``) or for one skill."""

    min_years: float | None
    max_years: float | None = None
    skill: str | None = None
    required: bool | None = None
    text: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Responsibility:
    """One duty of the job: the original sentence or bullet and a short verb-led statement."""

    text: str
    statement: str
    verb: str | None = None
    section: str = "responsibilities"


@dataclass(slots=True)
class Extraction:
    """Everything read out of one posting's text."""

    skills: list[SkillMention] = field(default_factory=list)
    education: list[EducationRequirement] = field(default_factory=list)
    experience: list[ExperienceRequirement] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    version: int = 1
    spans: list[SkillSpan] = field(default_factory=list)
