"""Fit: how far one résumé is from each role, what it lacks, which open jobs fit it, and pay.

The **fit score** of a role is the share of the role's skill demand the résumé covers. A
role's demand is every catalog skill weighted by the number of its distinct postings
(``duplicate_of IS NULL``, boilerplate mentions left out) that ask for it, the counts of the
role's profile; soft skills and spoken languages (:data:`~roleatlas.insights.profile.
SOFT_CATEGORIES`) are left out, as they lead no list of the profile either::

    score = covered weight / total weight = Σ_{s in résumé} count_s / Σ_s count_s

Seen per posting, ``count_s`` sums ``t_p`` (the skills posting ``p`` asks for) and ``c_p``
(those of them in the résumé), so the score is a ratio estimator over the role's ``n``
postings; its 95% interval is the delta-method one, ``score ± 1.96 · se`` with
``se = sqrt(Σ (c_p - score · t_p)² / (n (n - 1))) / (Σ t_p / n)`` (clipped to 0-1). A person
can recompute the score from the role page's skill counts; the sums behind the interval are
in the JSON (``method.sums``). Roles with fewer than :data:`MIN_POSTINGS` postings read are
*thin*: shown with their score, flagged, never ranked.

Roles are **ranked** by a naive-Bayes score that also weighs how distinctive each skill is
(:func:`rank_score`): ``rank = w · ln(n_r / N) + Σ_{s in résumé} ln(θ_rs / p_s)``, where
``p_s`` is skill ``s``'s share of every role's demand, ``θ_rs = (count_rs + α · p_s) /
(total_r + α)`` the role's share shrunk toward ``p_s`` by ``α`` = :data:`RANK_SMOOTHING`
postings' worth of demand, and ``w`` = :data:`RANK_PRIOR`. A skill every role asks for adds
about 0, one the role asks for more than postings in general adds more, one it seldom asks
for counts against it. The settings were chosen on the dev families of ``roleatlas eval
fit`` (:data:`roleatlas.evaluate.fit.DEV_FAMILIES`); the coverage score stays what is shown.

A broader skill counts as covered (in the score, the rank and the gaps) when the résumé names
a narrower one the catalog links to it (``broader`` in the skill catalog: Docker →
Containerization, Amazon Web Services → Cloud computing); the report names the skill and line
that covered it.

Everything said about the résumé quotes the résumé line it came from (the
:class:`~roleatlas.resume.Resume` items' evidence); nothing is generated.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from roleatlas.catalog import Role, load_catalog
from roleatlas.catalog.skills import load_skills
from roleatlas.insights.jobs import job_query
from roleatlas.insights.pay import pay_breakdown
from roleatlas.insights.profile import DEGREE_LABELS, SOFT_CATEGORIES, make_share, role_profile
from roleatlas.insights.salaries import SMALL_N
from roleatlas.insights.stats import percentiles
from roleatlas.records import DEGREE_LEVELS, LEVEL_LABELS, LEVELS, Posting
from roleatlas.report.listing import format_listing, format_location
from roleatlas.resume.extract import experience_years
from roleatlas.resume.model import Evidence, Resume, ResumeJob, ResumeSkill
from roleatlas.store import Store
from roleatlas.store import insights as q
from roleatlas.store.search_feed import postings_by_key

if TYPE_CHECKING:
    from roleatlas.search import SearchIndex

__all__ = [
    "GAPS",
    "JOB_WEIGHTS",
    "MIN_LEVEL_N",
    "MIN_POSTINGS",
    "MIN_THIN_SHOWN",
    "EducationFit",
    "ExperienceFit",
    "FitResult",
    "FitTip",
    "LevelYears",
    "MatchedJob",
    "PayLayer",
    "RANK_PRIOR",
    "RANK_SMOOTHING",
    "RankModel",
    "RoleFit",
    "RoleGaps",
    "SkillGap",
    "covered_by",
    "demand_score",
    "display_line",
    "fit_resume",
    "rank_model",
    "rank_roles",
    "rank_score",
    "signed_pct",
    "skills_resume",
]

#: Postings read a role needs before it is ranked (fewer: listed as thin, flagged).
MIN_POSTINGS = SMALL_N
#: Postings a thin role needs to be listed at all (fewer: counted in a note).
MIN_THIN_SHOWN = 5
#: Postings at a level that state years of experience before that level's median is used.
MIN_LEVEL_N = 5
#: Missing skills listed per top role.
GAPS = 8
#: Weights of a matching job's score: skill overlap and text relevance (search index).
JOB_WEIGHTS = (0.7, 0.3)
#: Postings of each top role read as matching-job candidates (by skill overlap, and again
#: by text relevance from the search index).
CANDIDATES = 200
#: Ranked roles whose matched skills are listed.
SHOWN = 10
#: Postings' worth of all roles' demand each role's skill shares are shrunk toward in the
#: ranking score (α = this × the mean skills asked per posting); chosen on the dev families.
RANK_SMOOTHING = 300
#: Weight of ln(role's share of postings) in the ranking score; chosen on the dev families.
RANK_PRIOR = 0.5
_Z = 1.959964


# -- results -------------------------------------------------------------------------------
@dataclass(slots=True)
class RoleFit:
    """How much of ``role``'s skill demand the résumé covers (see the module docstring).

    ``covered``/``total`` are the covered and total demand weights (posting counts), ``n``
    the role's postings read; ``low``-``high`` the 95% delta-method interval; ``matched``
    the résumé's skills the role asks for, most asked first, each with its count and its
    ranking ``term``. ``rank`` is the ranking score (:func:`rank_score`) and
    ``rank_inputs`` what it is computed from: ``prior`` (``w · ln(n / postings)``),
    ``postings``, ``alpha``, ``total`` and, per résumé skill, ``count``, ``all_count`` (over
    every role, of ``all_demand``) and ``term``.
    """

    role: str
    name: str
    n: int
    covered: int
    total: int
    score: float
    low: float
    high: float
    thin: bool
    rank: float
    matched: list[dict[str, Any]] = field(default_factory=list)
    rank_inputs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class SkillGap:
    """A skill the role's postings ask for that the résumé does not name: ``count`` of ``n``
    postings (``share``, 95% Wilson ``low``-``high``), example postings and, when the pay
    premium model is available, its ``premium``."""

    skill: str
    label: str
    category: str
    count: int
    n: int
    share: float
    low: float
    high: float
    small_sample: bool
    examples: list[str] = field(default_factory=list)
    premium: dict[str, Any] | None = None


@dataclass(slots=True)
class EducationFit:
    """The résumé's highest degree against the minimum degree the role's postings state.

    ``distribution`` is the profile's education section (each level's share of the
    ``n`` postings that state a degree); ``met`` of them ask for no more than ``level``.
    ``level`` is ``None`` when no degree was read from the résumé (then ``met`` is None).
    """

    level: str | None
    evidence: Evidence | None
    n: int
    met: int | None
    distribution: list[dict[str, Any]]
    most_common: str | None


@dataclass(slots=True)
class LevelYears:
    """Years of experience asked for by the role's postings at one ``level``."""

    level: str
    n: int
    p25: float | None
    median: float | None
    p75: float | None
    cleared: int | None
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ExperienceFit:
    """The résumé's years of experience against the years asked per level, and the likely
    hiring ``level``: levels with at least :data:`MIN_LEVEL_N` postings stating years are
    walked from the least senior up, stopping at the first whose median ask the years do
    not reach; the last level reached is the likely one (the least senior such level when
    they reach none). ``None`` without years on the résumé or asks in the postings.

    ``doctoral_years`` of ``years`` were spent in positions of doctoral study (PhD
    candidate/student, doctoral researcher; ``doctoral_evidence`` quotes them): the likely
    level is then read from ``work_years`` (``years`` without them), and
    ``level_with_doctoral`` / ``reason_with_doctoral`` say where counting them too would
    put the résumé. ``cleared`` counts of the levels use ``work_years``.
    """

    years: float | None
    basis: str | None
    evidence: list[Evidence]
    levels: list[LevelYears]
    likely_level: str | None
    reason: str
    work_years: float | None = None
    doctoral_years: float | None = None
    doctoral_evidence: list[Evidence] = field(default_factory=list)
    level_with_doctoral: str | None = None
    reason_with_doctoral: str | None = None


@dataclass(slots=True)
class PayLayer:
    """Annual USD pay of one layer (``postings``, ``survey`` or ``bls``), never pooled."""

    layer: str
    source: str
    level: str | None
    country: str | None
    n: int | None
    p25: float | None
    p50: float | None
    p75: float | None
    small_sample: bool
    examples: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass(slots=True)
class RoleGaps:
    """Gaps and expected pay for one of the top roles."""

    role: str
    name: str
    n: int
    gaps: list[SkillGap]
    education: EducationFit
    experience: ExperienceFit
    pay: list[PayLayer]
    #: Skills the role's postings ask for that the résumé covers only through a narrower
    #: skill (``skill``, ``label``, ``count``, ``n``, ``covered_by``: label and line of each).
    implied: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class MatchedJob:
    """An open posting ranked by fit: ``score`` = 0.7 · ``overlap`` + 0.3 · ``relevance``.

    Near-identical postings (same title and company, other places) are one entry: ``key``
    is the best-scored one, ``also`` the others' keys and ``places`` every location.

    ``overlap`` is the cosine of the two skill sets, shared / sqrt(asked × résumé skills),
    high only when the posting asks for much of what the résumé has and little else;
    ``relevance`` the search index's BM25 score
    for the résumé's skill names over the best hit of the same role (0 when the index is
    not used or did not find it). ``shared`` says why it matched, ``missing`` what it asks
    that the résumé lacks (catalog skill names, most asked in the role first).
    """

    key: str
    role: str
    listing: list[str]
    url: str | None
    score: float
    overlap: float
    relevance: float
    shared: list[str]
    missing: list[str]
    places: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FitTip:
    """An action tied to one gap (``kind``: ``skill``, ``education``, ``experience``) or a
    strength (``kind`` ``strength``); ``text`` holds its numbers and, for what the résumé
    says, the quoted line; ``evidence`` the figures."""

    kind: str
    role: str
    text: str
    evidence: dict[str, Any]
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FitResult:
    """Everything :func:`fit_resume` found (see docs/fit.md)."""

    resume: dict[str, Any]
    ranked: list[RoleFit]
    thin: list[RoleFit]
    top: list[RoleGaps]
    jobs: list[MatchedJob]
    tips: list[FitTip]
    filters: dict[str, Any]
    method: dict[str, Any]
    notes: list[str] = field(default_factory=list)


# -- the score ----------------------------------------------------------------------------
def demand_score(
    covered: float, total: float, n: int, sq: tuple[float, float, float] | None = None
) -> tuple[float, float, float]:
    """``(score, low, high)``: ``covered / total`` with its 95% delta-method interval.

    ``sq`` is ``(Σt², Σc², Σc·t)`` over the role's postings (see the module docstring);
    without it, or with fewer than two postings, the interval is ``(0, 1)``.

    Examples
    --------
    >>> [round(x, 3) for x in demand_score(50, 100, 10, (1000.0, 300.0, 500.0))]
    [0.5, 0.354, 0.646]
    >>> demand_score(0, 0, 0)
    (0.0, 0.0, 1.0)
    """
    if total <= 0:
        return 0.0, 0.0, 1.0
    score = covered / total
    if sq is None or n < 2:
        return score, 0.0, 1.0
    tt, cc, ct = sq
    resid = max(cc - 2 * score * ct + score * score * tt, 0.0)
    se = math.sqrt(resid / (n * (n - 1))) / (total / n)
    return score, max(0.0, score - _Z * se), min(1.0, score + _Z * se)


def _skill_counts(store: Store, role: str) -> dict[str, int]:
    """The role's skill posting counts (the profile's ``skill_counts``), cached in the store."""
    rows = q.cached(store, f"role_skill_counts|{role}", lambda: q.role_skill_counts(store, role))
    return {str(s): int(c) for s, c in rows}


def _soft_ids() -> list[str]:
    return sorted(s.id for s in load_skills() if s.category in SOFT_CATEGORIES)


def _resume_skills(resume: Resume) -> dict[str, ResumeSkill]:
    """The résumé's catalog skills (soft skills left out), each with its first evidence."""
    soft = set(_soft_ids())
    out: dict[str, ResumeSkill] = {}
    for s in sorted(resume.skills, key=lambda s: (s.evidence.line, s.skill)):
        if s.skill not in soft:
            out.setdefault(s.skill, s)
    return out


def _implied(named: dict[str, ResumeSkill]) -> dict[str, list[ResumeSkill]]:
    """Broader catalog skills the résumé's ``named`` skills imply and it does not name
    (soft skills left out), each with the named skills that imply it, first line first."""
    soft = frozenset(_soft_ids())
    out: dict[str, list[ResumeSkill]] = {}
    for s in sorted(named.values(), key=lambda s: (s.evidence.line, s.skill)):
        for broad in _broader(s.skill, soft):
            if broad not in named:
                out.setdefault(broad, []).append(s)
    return out


def _broader(skill: str, soft: frozenset[str]) -> list[str]:
    """The broader catalog skills ``skill`` implies, those in ``soft`` left out."""
    catalog = load_skills()
    return [b for b in catalog.broader(skill) if b not in soft and b in catalog]


def with_broader(skills: Iterable[str]) -> set[str]:
    """``skills`` plus every broader catalog skill they imply (soft skills left out): the
    skill set the score, the rank and the gaps of :func:`fit_resume` see.

    Examples
    --------
    >>> sorted(with_broader({"docker"}))[:2]
    ['containerization', 'docker']
    """
    soft = frozenset(_soft_ids())
    out = set(skills)
    for skill in list(out):
        out.update(_broader(skill, soft))
    return out


def _with_implied(
    named: dict[str, ResumeSkill], implied: dict[str, list[ResumeSkill]]
) -> dict[str, ResumeSkill]:
    """``named`` plus one entry per implied skill, carrying its first narrower skill's line."""
    catalog = load_skills()
    have = dict(named)
    for broad, via in implied.items():
        skill = catalog.get(broad)
        assert skill is not None
        esco = skill.esco[0] if skill.esco else None
        have[broad] = ResumeSkill(broad, skill.name, skill.category, esco, via[0].evidence)
    return have


def covered_by(via: list[ResumeSkill], limit: int = 3) -> str:
    """``"covered by Kubernetes (line 21), Docker (line 28)"``: what implied a broader skill.

    Examples
    --------
    >>> ev = Evidence(12, "Docker")
    >>> covered_by([ResumeSkill("docker", "Docker", "mlops-devops", None, ev)])
    'covered by Docker (line 12)'
    """
    parts = [f"{s.label} (line {s.evidence.line})" for s in via[:limit]]
    more = f" and {len(via) - limit} more" if len(via) > limit else ""
    return "covered by " + ", ".join(parts) + more


_MARKS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def display_line(text: str) -> str:
    """A résumé line for display: Markdown bold marks (``**``/``__``) dropped, spaces folded.

    Examples
    --------
    >>> display_line("**M.Sc. in CS**, Chalmers __2017__  (snake_case kept)")
    'M.Sc. in CS, Chalmers 2017 (snake_case kept)'
    """
    return " ".join(_MARKS.sub(r"\2", text).split())


def signed_pct(x: float) -> str:
    """A signed whole percentage that never reads ``-0%``.

    Examples
    --------
    >>> signed_pct(-0.004), signed_pct(0.052), signed_pct(-0.12)
    ('0%', '+5%', '-12%')
    """
    value = round(x * 100)
    return "0%" if value == 0 else f"{value:+d}%"


@dataclass(slots=True)
class RankModel:
    """What the ranking score reads: each role's skill ``counts`` and extracted postings
    ``totals`` (every role with postings, thin ones included), every role's demand summed per
    skill (``background``), its total (``demand``), the postings (``postings``) and the
    smoothing ``alpha`` in demand units. Built by :func:`rank_model`."""

    counts: dict[str, dict[str, int]]
    totals: dict[str, int]
    background: dict[str, int]
    demand: int
    postings: int
    alpha: float
    role_demand: dict[str, int]


def rank_model(
    counts: dict[str, dict[str, int]],
    totals: dict[str, int],
    *,
    smoothing: float = RANK_SMOOTHING,
) -> RankModel:
    """The :class:`RankModel` of roles' skill ``counts`` (soft skills already left out)
    and extracted postings ``totals``.

    Examples
    --------
    >>> m = rank_model({"a": {"python": 8, "sql": 2}, "b": {"sql": 10}}, {"a": 10, "b": 10})
    >>> m.background, m.demand, m.postings, m.alpha
    ({'python': 8, 'sql': 12}, 20, 20, 300.0)
    """
    background: dict[str, int] = {}
    role_demand: dict[str, int] = {}
    for role, row in counts.items():
        if totals.get(role, 0) <= 0:
            continue
        role_demand[role] = sum(row.values())
        for skill, c in row.items():
            background[skill] = background.get(skill, 0) + c
    demand = sum(role_demand.values())
    postings = sum(totals.get(r, 0) for r in role_demand)
    alpha = smoothing * demand / postings if postings else 0.0
    return RankModel(counts, totals, background, demand, postings, alpha, role_demand)


def rank_score(
    model: RankModel,
    role: str,
    skills: Iterable[str],
    *,
    prior: float = RANK_PRIOR,
    terms: bool = False,
) -> tuple[float, dict[str, Any]]:
    """``(rank, inputs)``: the ranking score of ``role`` for a résumé holding ``skills``.

    ``rank = prior · ln(n_r / N) + Σ_s ln(θ_rs / p_s)`` over the résumé's skills some
    posting asks for (``p_s > 0``); see the module docstring. ``inputs`` holds the prior
    term and, with ``terms``, each skill's count, all-role count and term.

    Examples
    --------
    >>> m = rank_model({"a": {"python": 8, "sql": 2}, "b": {"sql": 10}}, {"a": 10, "b": 10},
    ...                smoothing=1)
    >>> round(rank_score(m, "a", ["python"])[0], 3), round(rank_score(m, "b", ["python"])[0], 3)
    (0.3, -2.744)
    """
    n = model.totals.get(role, 0)
    row = model.counts.get(role, {})
    total = model.role_demand.get(role, 0)
    head = prior * math.log(n / model.postings) if n and model.postings else 0.0
    score = head
    rows: list[dict[str, Any]] = []
    for skill in sorted(skills):
        all_count = model.background.get(skill, 0)
        if not all_count:
            continue
        p = all_count / model.demand
        count = row.get(skill, 0)
        term = math.log((count + model.alpha * p) / (total + model.alpha) / p)
        score += term
        if terms:
            rows.append(
                {"skill": skill, "count": count, "all_count": all_count, "term": round(term, 4)}
            )
    inputs: dict[str, Any] = {"prior": round(head, 4)}
    if terms:
        rows.sort(key=lambda r: (-r["term"], r["skill"]))
        inputs.update(
            postings=n,
            all_postings=model.postings,
            total=total,
            all_demand=model.demand,
            alpha=round(model.alpha, 3),
            prior_weight=prior,
            skills=rows,
        )
    return score, inputs


def rank_roles(
    sums: dict[str, tuple[int, int, int, int, int]],
    totals: dict[str, int],
    counts: dict[str, dict[str, int]] | None = None,
    skills: Iterable[str] = (),
    *,
    roles: Iterable[str] | None = None,
) -> tuple[list[RoleFit], list[RoleFit]]:
    """Roles ranked by :func:`rank_score` of ``skills`` against every role's skill
    ``counts``, each with its coverage from :func:`roleatlas.store.insights.fit_sums` and
    postings read per role: ``(ranked, thin)``. Ties go to the role with more postings, then
    by id. Without ``counts`` every rank score is the prior alone.

    Examples
    --------
    >>> ranked, thin = rank_roles({"data-analyst": (10, 5, 20, 5, 10)}, {"data-analyst": 40})
    >>> [(r.role, r.score, r.thin) for r in ranked], thin
    ([('data-analyst', 0.5, False)], [])
    """
    catalog = load_catalog()
    wanted = set(roles) if roles is not None else None
    model = rank_model(counts or {}, totals)
    have = sorted(set(skills))
    fits: list[RoleFit] = []
    for role_id in sorted(set(totals) | set(sums)):
        if wanted is not None and role_id not in wanted:
            continue
        role = catalog.get(role_id)
        if role is None:
            continue
        n = totals.get(role_id, 0)
        t, c, tt, cc, ct = sums.get(role_id, (0, 0, 0, 0, 0))
        if n == 0 or t == 0:
            continue
        score, low, high = demand_score(c, t, n, (tt, cc, ct))
        rank, inputs = rank_score(model, role_id, have, terms=True)
        fit = RoleFit(
            role_id, role.name, n, c, t, score, low, high, n < MIN_POSTINGS, round(rank, 4)
        )
        fit.rank_inputs = inputs
        fits.append(fit)
    fits.sort(key=lambda f: (-f.rank, -f.n, f.role))
    return [f for f in fits if not f.thin], [f for f in fits if f.thin]


# -- a résumé from text (evaluation, and before a reader is available) ----------------------
def skills_resume(text: str, *, format: str = "text") -> Resume:
    """A :class:`Resume` holding only the catalog skills found in ``text``, each with its line.

    The catalog skill extractor of postings (dictionary layer), run on the whole text; used
    to rank roles from a posting's description as if it were a résumé (``roleatlas eval
    fit``). :func:`roleatlas.resume.read.read_resume` reads degrees, jobs and years too.
    """
    from roleatlas.pipeline.extract.skills import default_matcher

    catalog = load_skills()
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    lines = text.split("\n")
    skills: list[ResumeSkill] = []
    seen: set[str] = set()
    for start, _end, skill_id, _conf in default_matcher().spans(text):
        skill = catalog.get(skill_id)
        if skill is None or skill_id in seen:
            continue
        seen.add(skill_id)
        line = bisect.bisect_right(starts, start)
        evidence = Evidence(line, lines[line - 1].strip())
        esco = skill.esco[0] if skill.esco else None
        skills.append(ResumeSkill(skill_id, skill.name, skill.category, esco, evidence))
    return Resume(text=text, format=format, skills=skills)


# -- gaps ---------------------------------------------------------------------------------
def _premiums(store: Store, role: str, skills: list[str]) -> dict[str, dict[str, Any]]:
    """The pay premium of each of ``skills`` (:func:`roleatlas.insights.premium.
    skill_premiums`, employer-stated salaries): within ``role`` when its postings support
    it, otherwise over every role (role as a fixed effect); ``scope`` says which."""
    from roleatlas.insights.premium import ASSOCIATION, skill_premiums

    out: dict[str, dict[str, Any]] = {}
    if not skills:
        return out
    for scope in (role, None):
        wanted = [s for s in skills if s not in out]
        if not wanted:
            break
        table = skill_premiums(store, role=scope, skills=wanted)
        for s in wanted:
            found = table.get(s)
            if found is None:
                continue
            out[s] = {
                "premium": found.premium,
                "low": found.low,
                "high": found.high,
                "n_with": found.n_with,
                "n_without": found.n_without,
                "scope": scope or "all roles",
                "pay": table.pay,
                "caveat": ASSOCIATION,
            }
    return out


def _degree(resume: Resume) -> tuple[str | None, Evidence | None]:
    best: tuple[int, str, Evidence] | None = None
    for d in resume.degrees:
        if d.level not in DEGREE_LEVELS:
            continue
        rank = DEGREE_LEVELS.index(d.level)
        if best is None or rank > best[0]:
            best = (rank, d.level, d.evidence)
    return (best[1], best[2]) if best else (None, None)


def _education(store: Store, role: str, resume: Resume) -> EducationFit:
    level, evidence = _degree(resume)
    counts = q.degree_counts(store, role)
    n = sum(c for c, _ in counts.values())
    distribution = [
        {
            "level": lv,
            "label": DEGREE_LABELS[lv],
            "count": counts[lv][0],
            "n": n,
            "share": counts[lv][0] / n if n else 0.0,
            "examples": counts[lv][1],
        }
        for lv in DEGREE_LEVELS
        if lv in counts
    ]
    met = None
    if level is not None:
        rank = DEGREE_LEVELS.index(level)
        met = sum(c for lv, (c, _) in counts.items() if DEGREE_LEVELS.index(lv) <= rank)
    common: str | None = None
    if n:
        common = str(max(distribution, key=lambda d: (d["count"], d["level"]))["level"])
    return EducationFit(level, evidence, n, met, distribution, common)


def _resume_years(resume: Resume) -> tuple[float | None, str | None, list[Evidence]]:
    if resume.years_experience is not None:
        return resume.years_experience, "dated work history", list(resume.years_evidence)
    if resume.stated_years is not None:
        ev = [resume.stated_years_evidence] if resume.stated_years_evidence else []
        return resume.stated_years, "stated", ev
    return None, None, []


#: A position of doctoral study: "PhD candidate/student/researcher", "doctoral researcher",
#: "doctoral candidate" ("postdoctoral" is work, not study).
_DOCTORAL = re.compile(
    r"(?<![\w-])(?<!post )(?<!post-)(?:ph\.?\s?d\.?|doctoral|doctorate)\s+"
    r"(?:candidate|student|researcher|research\s+(?:student|fellow|assistant)|fellow)\b",
    re.IGNORECASE,
)


def _is_doctoral(job: ResumeJob) -> bool:
    return bool(_DOCTORAL.search(job.title) or _DOCTORAL.search(job.evidence.text))


def _doctoral(resume: Resume) -> tuple[float, list[Evidence]]:
    """Years of ``resume``'s dated work history spent in doctoral study (the years its
    positions of doctoral study add to the union of all positions), with their lines."""
    doctoral = [j for j in resume.jobs if _is_doctoral(j)]
    if not doctoral or resume.years_experience is None:
        return 0.0, []
    every, _ = experience_years(resume.jobs)
    rest, _ = experience_years([j for j in resume.jobs if not _is_doctoral(j)])
    years = round(max((every or 0.0) - (rest or 0.0), 0.0), 1)
    return years, [j.evidence for j in doctoral]


def _choose_level(usable: list[LevelYears], years: float) -> tuple[LevelYears, str]:
    """Walk ``usable`` levels from the least senior and stop at the first whose median ask
    ``years`` do not reach: the last one reached (never one past a level not reached)."""
    chosen: LevelYears | None = None
    stop: LevelYears | None = None
    for lv in usable:
        assert lv.median is not None
        if lv.median > years:
            stop = lv
            break
        chosen = lv
    if chosen is None:
        first = usable[0]
        return first, (
            f"{years:g} years are below the median ask of every level; the least senior "
            f"with data is {LEVEL_LABELS[first.level]} ({first.median:g} years, n={first.n})"
        )
    reason = (
        f"{years:g} years reach the median ask at {LEVEL_LABELS[chosen.level]} "
        f"({chosen.median:g} years, n={chosen.n})"
    )
    if stop is not None:
        reason += (
            f"; {LEVEL_LABELS[stop.level]} asks a median {stop.median:g} (n={stop.n}), "
            "which they do not reach"
        )
    return chosen, reason


def _experience(
    store: Store, role: str, resume: Resume, doctoral: tuple[float, list[Evidence]] = (0.0, [])
) -> ExperienceFit:
    years, basis, evidence = _resume_years(resume)
    doc_years, doc_evidence = doctoral if basis == "dated work history" else (0.0, [])
    work = None if years is None else round(max(years - doc_years, 0.0), 1)
    rows = q.experience_by_level(store, role)
    levels: list[LevelYears] = []
    for level in LEVELS:
        asked = [y for _, lv, y in rows if lv == level]
        if not asked:
            continue
        pct = percentiles(asked, (25, 50, 75))
        cleared = None if work is None else sum(1 for y in asked if y <= work)
        keys = [k for k, lv, _ in rows if lv == level][:3]
        levels.append(
            LevelYears(level, len(asked), pct["p25"], pct["p50"], pct["p75"], cleared, keys)
        )
    usable = [lv for lv in levels if lv.n >= MIN_LEVEL_N and lv.median is not None]
    if years is None or work is None:
        return ExperienceFit(
            None, None, [], levels, None, "No years of experience were read from the résumé."
        )
    out = ExperienceFit(years, basis, evidence, levels, None, "", work)
    if doc_years:
        out.doctoral_years = doc_years
        out.doctoral_evidence = doc_evidence
    if not usable:
        out.reason = f"Fewer than {MIN_LEVEL_N} postings per level state years of experience."
        return out
    chosen, reason = _choose_level(usable, work)
    out.likely_level = chosen.level
    if doc_years:
        with_doc, reason_doc = _choose_level(usable, years)
        out.level_with_doctoral = with_doc.level
        out.reason = f"Not counting the {doc_years:g} years of doctoral study, {reason}."
        out.reason_with_doctoral = (
            f"Counting the doctoral study as experience too, {reason_doc}: "
            f"{LEVEL_LABELS[with_doc.level]}."
        )
    else:
        out.reason = reason + "."
    return out


def _pay(
    store: Store, role: Role, level: str | None, country: str | None, remote: bool | None
) -> list[PayLayer]:
    where = country or "all countries"
    pay = pay_breakdown(store, role=role.id, level=level, country=country, remote=remote)
    o = pay.overall
    layers = [
        PayLayer(
            "postings",
            "postings (midpoint of the stated annual USD range)",
            level,
            country,
            o.n,
            o.p25,
            o.p50,
            o.p75,
            o.small_sample,
            list(o.examples),
            f"{o.estimated} board estimates" if o.estimated else None,
        )
    ]
    s = pay.survey
    if s is not None:
        note = f"titles of the '{s.fallback_family}' family" if s.fallback_family else None
        layers.append(
            PayLayer(
                "survey",
                "aijobs.net salary survey (salary_in_usd)",
                level,
                country,
                s.n,
                s.p25,
                s.p50,
                s.p75,
                s.small_sample,
                [],
                note,
            )
        )
    profile = role_profile(store, role)
    for w in profile.salaries.bls:
        layers.append(
            PayLayer(
                "bls",
                f"{w.source}: {w.soc} {w.title}",
                None,
                "US",
                None,
                w.a_pct25,
                w.a_median,
                w.a_pct75,
                False,
                [],
                "all levels; employment "
                + (f"{w.employment:,.0f}" if w.employment is not None else "n/a")
                + ("" if where == "US" else "; national US wages"),
            )
        )
    return layers


def _gaps(
    store: Store, role: str, n: int, counts: dict[str, int], have: set[str], limit: int
) -> list[SkillGap]:
    catalog = load_skills()
    soft = set(_soft_ids())
    missing = sorted(
        ((s, c) for s, c in counts.items() if s not in have and s not in soft and s in catalog),
        key=lambda sc: (-sc[1], sc[0]),
    )[:limit]
    examples = q.skill_examples(store, role, [s for s, _ in missing])
    premiums = _premiums(store, role, [s for s, _ in missing])
    out = []
    for skill_id, count in missing:
        skill = catalog.get(skill_id)
        assert skill is not None
        share = make_share(skill_id, skill.name, count, n, examples.get(skill_id))
        out.append(
            SkillGap(
                skill_id,
                skill.name,
                skill.category,
                count,
                n,
                share.share,
                share.low,
                share.high,
                share.small_sample,
                share.examples,
                premiums.get(skill_id),
            )
        )
    return out


# -- matching jobs ------------------------------------------------------------------------
#: Longest keyword text sent to the search index (its own limit is 1,000 characters).
_TEXT_BUDGET = 990


def _search_text(names: list[tuple[str, str]]) -> str | None:
    """An OR query of the résumé's skills: names as phrases (``skills:"id"`` for names the
    text tokenizer would break, like C++), within :data:`_TEXT_BUDGET` characters."""
    parts: list[str] = []
    size = 0
    for skill_id, name in names:
        clean = name.replace('"', " ").strip()
        term = f'skills:"{skill_id}"' if not clean.replace(" ", "").isalnum() else f'"{clean}"'
        if size + len(term) + 4 > _TEXT_BUDGET:
            break
        parts.append(term)
        size += len(term) + 4
    return " OR ".join(parts) or None


def _matching_jobs(
    store: Store,
    index: SearchIndex | None,
    roles: list[RoleFit],
    have: dict[str, ResumeSkill],
    demand: dict[str, dict[str, int]],
    likely: dict[str, str | None],
    *,
    country: str | None,
    remote: bool | None,
    limit: int,
) -> tuple[list[MatchedJob], list[str]]:
    from roleatlas.search import SearchQuery

    catalog = load_skills()
    soft = _soft_ids()
    skills = sorted(have)
    notes: list[str] = []
    candidates: dict[int, str] = {}
    relevance: dict[int, float] = {}
    for fit in roles:
        for pid in q.fit_candidates(
            store, fit.role, skills, soft, country=country, remote=remote, limit=CANDIDATES
        ):
            candidates.setdefault(pid, fit.role)
        if index is None:
            continue
        order = sorted(have, key=lambda s: (-demand[fit.role].get(s, 0), s))
        text = _search_text([(s, have[s].label) for s in order])
        if text is None:
            continue
        query = SearchQuery(
            text=text, role=fit.role, country=country, remote=remote, limit=CANDIDATES
        )
        hits = index.search(query).hits
        best = max((h.score for h in hits), default=0.0)
        ids = q.posting_ids(store, [(h.source, h.source_id) for h in hits])
        for h in hits:
            hit_id = ids.get((h.source, h.source_id))
            if hit_id is None or best <= 0:
                continue
            candidates.setdefault(hit_id, fit.role)
            relevance[hit_id] = max(relevance.get(hit_id, 0.0), h.score / best)
    if index is None:
        notes.append(
            "The search index is not built: matching jobs are ranked by skill overlap only "
            "(run `roleatlas index`)."
        )
    asked = q.posting_skill_sets(store, sorted(candidates), soft)
    w_overlap, w_text = JOB_WEIGHTS
    scored = []
    for pid, role in candidates.items():
        wants = asked.get(pid, set())
        shared = wants & set(have)
        overlap = len(shared) / math.sqrt(len(wants) * len(have)) if wants else 0.0
        rel = relevance.get(pid, 0.0)
        scored.append((w_overlap * overlap + w_text * rel, pid, role, overlap, rel, wants, shared))
    keys = q.posting_keys(store, [s[1] for s in scored])
    scored.sort(key=lambda s: (-s[0], keys.get(s[1], "")))
    out: list[MatchedJob] = []
    groups: dict[tuple[str, str], MatchedJob] = {}
    below = merged = 0
    batch = max(limit * 5, 20)
    for start in range(0, len(scored), batch):
        if len(out) >= limit:
            break
        chunk = [s for s in scored[start : start + batch] if s[1] in keys]
        found = postings_by_key(
            store,
            [tuple(keys[s[1]].split(":", 1)) for s in chunk],  # type: ignore[misc]
        )
        for score, pid, role, overlap, rel, wants, shared in chunk:
            source, source_id = keys[pid].split(":", 1)
            posting = found.get((source, source_id))
            if posting is None:
                continue
            if _below_level(posting, likely.get(role)):
                below += 1
                continue
            place = format_location(posting.location) or "place not stated"
            same = (_fold(posting.title), _fold(posting.company))
            group = groups.get(same) if posting.title and posting.company else None
            if group is not None:
                merged += 1
                group.also.append(keys[pid])
                if place not in group.places:
                    group.places.append(place)
                    title = f"{posting.title} @ {posting.company}"
                    group.listing[0] = f"{title} | {'; '.join(group.places)}"
                continue
            if len(out) >= limit:
                continue
            weight = demand.get(role, {})

            def labels(ids: Iterable[str], weight: dict[str, int] = weight) -> list[str]:
                ordered = sorted(ids, key=lambda s: (-weight.get(s, 0), s))
                return [catalog.get(s).name if catalog.get(s) else s for s in ordered]  # type: ignore[union-attr]

            head, details = format_listing(posting)
            job = MatchedJob(
                keys[pid],
                role,
                [head, details],
                posting.url,
                round(score, 4),
                round(overlap, 4),
                round(rel, 4),
                labels(shared),
                labels(wants - shared),
                [place],
            )
            out.append(job)
            if posting.title and posting.company:
                groups[same] = job
    if below:
        notes.append(
            f"{below} matching posting(s) clearly below the likely level (two or more levels "
            "below it, or internships when the likely level is Mid-level or above) are left "
            "out of the matching jobs."
        )
    if merged:
        notes.append(
            f"{merged} near-identical posting(s) (same title and company, another place) are "
            "listed under one entry with their places."
        )
    return out, notes


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


_INTERN = re.compile(r"\b(?:intern|internship|trainee|apprentice)\b", re.IGNORECASE)


def _below_level(posting: Posting, likely: str | None) -> bool:
    """Whether ``posting`` is clearly below the ``likely`` hiring level: its level two or
    more below it, or an internship when the likely level is Mid-level or above."""
    if likely not in LEVELS:
        return False
    rank = LEVELS.index(likely)
    intern = (
        posting.employment_type == "internship"
        or posting.seniority_rank == "intern"
        or bool(_INTERN.search(posting.title or ""))
    )
    if intern and rank >= LEVELS.index("MI"):
        return True
    return posting.level in LEVELS and LEVELS.index(posting.level) <= rank - 2


# -- tips ---------------------------------------------------------------------------------
def _quote(ev: Evidence | None) -> str:
    if ev is None:
        return ""
    text = display_line(ev.text)
    if len(text) > 120:
        text = text[:120].rsplit(" ", 1)[0] + "…"
    return f'line {ev.line}: "{text}"'


def _tips(
    result_top: list[RoleGaps], ranked: list[RoleFit], have: dict[str, ResumeSkill]
) -> list[FitTip]:
    tips: list[FitTip] = []
    fits = {f.role: f for f in ranked}
    for g in result_top:
        fit = fits.get(g.role)
        lead = [m for m in fit.matched if m["skill"] in have] if fit is not None else []
        if lead:
            m = lead[0]
            ev = have[m["skill"]].evidence
            tips.append(
                FitTip(
                    "strength",
                    g.role,
                    f"Lead with {m['label']} for {g.name}: your résumé names it ({_quote(ev)}) "
                    f"and {m['count'] / g.n:.0%} of its postings ask for it ({m['count']}/{g.n}).",
                    {"skill": m["skill"], "count": m["count"], "n": g.n, "line": ev.line},
                )
            )
        for gap in g.gaps[:2]:
            text = (
                f"Add {gap.label} for {g.name}: {gap.share:.0%} of its postings ask for it "
                f"({gap.count}/{gap.n}, 95% CI {gap.low:.0%}-{gap.high:.0%}) and it is not "
                "in your résumé."
            )
            if gap.premium is not None:
                p = gap.premium
                scope = f"within {g.name}" if p["scope"] == g.role else p["scope"]
                text += (
                    f" Postings asking for it pay {signed_pct(p['premium'])} (95% CI "
                    f"{signed_pct(p['low'])} to {signed_pct(p['high'])}, {p['n_with']} "
                    f"postings with it, {scope}): an association, not a cause."
                )
            tips.append(
                FitTip(
                    "skill",
                    g.role,
                    text,
                    {"skill": gap.skill, "count": gap.count, "n": gap.n, "share": gap.share},
                    gap.examples,
                )
            )
        e = g.education
        if e.n and e.most_common is not None:
            common = e.most_common
            c = next(d for d in e.distribution if d["level"] == common)
            if e.level is None:
                tips.append(
                    FitTip(
                        "education",
                        g.role,
                        f"State your degree: {c['share']:.0%} of {g.name} postings that state "
                        f"one ask for at least a {DEGREE_LABELS[common]} ({c['count']}/{e.n}); "
                        "no degree was read from your résumé.",
                        {"level": common, "count": c["count"], "n": e.n},
                        list(c["examples"]),
                    )
                )
            elif e.met is not None and e.met < e.n:
                tips.append(
                    FitTip(
                        "education",
                        g.role,
                        f"Your {DEGREE_LABELS[e.level]} ({_quote(e.evidence)}) meets the "
                        f"minimum of {e.met}/{e.n} {g.name} postings that state a degree "
                        f"({e.met / e.n:.0%}); the most common minimum is a "
                        f"{DEGREE_LABELS[common]} ({c['count']}/{e.n}).",
                        {"level": e.level, "met": e.met, "n": e.n},
                        list(c["examples"]),
                    )
                )
        x = g.experience
        if x.likely_level is not None and x.years is not None:
            at = next(lv for lv in x.levels if lv.level == x.likely_level)
            quote = _quote(x.evidence[0]) if x.evidence else ""
            years = f"{x.years:g} years ({x.basis}{'; ' + quote if quote else ''})"
            if x.doctoral_years:
                years = (
                    f"{x.work_years:g} years outside doctoral study (of {x.years:g} years; "
                    f"{x.doctoral_years:g} in doctoral study, "
                    + "; ".join(_quote(e) for e in x.doctoral_evidence[:2])
                    + ")"
                )
            text = (
                f"Apply at {LEVEL_LABELS[at.level]} for {g.name}: {x.reason} Your {years} "
                f"clear the ask of {at.cleared}/{at.n} postings at that level."
            )
            if x.reason_with_doctoral:
                text += " " + x.reason_with_doctoral
            tips.append(
                FitTip(
                    "experience",
                    g.role,
                    text,
                    {
                        "level": at.level,
                        "years": x.work_years,
                        "cleared": at.cleared,
                        "n": at.n,
                        "doctoral_years": x.doctoral_years,
                        "level_with_doctoral": x.level_with_doctoral,
                    },
                    list(at.examples),
                )
            )
    return tips


# -- the whole fit ------------------------------------------------------------------------
def fit_resume(
    store: Store,
    resume: Resume,
    *,
    roles: list[str] | None = None,
    country: str | None = None,
    remote: bool | None = None,
    limit: int = 10,
    top: int = 3,
    index: SearchIndex | None = None,
) -> FitResult:
    """Rank roles by how much of their demand ``resume`` covers, then gaps, jobs and pay.

    Parameters
    ----------
    store:
        An open store with extracted postings (and reference data for the pay layers).
    resume:
        A résumé as read by :func:`roleatlas.resume.read.read_resume` (or built in code).
    roles:
        Only these roles (ids, names or aliases); default every role with postings.
    country, remote:
        Filters of the matching jobs and the pay layers (ISO code or name; remote only,
        or on-site and hybrid only).
    limit:
        Matching jobs listed.
    top:
        Top-ranked roles that get gaps, pay and tips.
    index:
        The search index, for the text relevance of matching jobs (optional).

    Returns
    -------
    FitResult

    Raises
    ------
    InputError
        For an unknown role or an invalid filter.
    """
    catalog = load_catalog()
    wanted = [catalog.resolve(r).id for r in roles] if roles else None
    query = job_query(country=country, remote=remote)
    named = _resume_skills(resume)
    implied = _implied(named)
    have = _with_implied(named, implied)
    soft = _soft_ids()
    totals = {r: e for r, (_, e) in q.role_posting_totals(store).items() if e}
    sums = q.fit_sums(store, sorted(have), soft)
    skip = set(soft)
    all_counts = {
        r: {s: c for s, c in _skill_counts(store, r).items() if s not in skip} for r in totals
    }
    ranked, thin = rank_roles(sums, totals, all_counts, have, roles=wanted)
    leaders = ranked[:top] if ranked else thin[:top]
    # Thin roles read as a list: the tiniest (1 posting at 67%) would lead it by rank or
    # score alone, so they are left out (roles asked for by name stay) and the rest go by n.
    asked_for = set(wanted or ())
    hidden = {f.role for f in thin if f.n < MIN_THIN_SHOWN and f.role not in asked_for}
    thin = sorted(
        (f for f in thin if f.role not in hidden), key=lambda f: (-f.n, f.name.casefold(), f.role)
    )
    notes: list[str] = []
    if hidden:
        notes.append(
            f"{len(hidden)} role(s) with fewer than {MIN_THIN_SHOWN} postings read are not "
            "listed (too few postings to say anything)."
        )
    if not have:
        notes.append(
            "No catalog skill was read from the résumé: every fit score is 0 and no job matches."
        )
    if wanted:
        missing = [r for r in wanted if r not in {f.role for f in (*ranked, *thin)}]
        for r in missing:
            found = catalog.get(r)
            notes.append(f"{found.name if found else r} has no extracted postings: not scored.")
    demand: dict[str, dict[str, int]] = {}
    shown = {f.role for f in (*leaders, *ranked[:SHOWN], *thin[:SHOWN])}
    for fit in {f.role: f for f in (*ranked, *thin, *leaders)}.values():
        if fit.role in shown:
            counts = _skill_counts(store, fit.role)
            demand[fit.role] = counts
            terms = {t["skill"]: t["term"] for t in fit.rank_inputs.get("skills", [])}
            fit.matched = [
                {
                    "skill": s,
                    "label": have[s].label,
                    "count": counts.get(s, 0),
                    "term": terms.get(s),
                    "line": have[s].evidence.line,
                    "via": [v.label for v in implied.get(s, [])],
                }
                for s in sorted(have, key=lambda s: (-counts.get(s, 0), s))
                if counts.get(s, 0)
            ]
    if not ranked and thin:
        notes.append(
            f"No role has {MIN_POSTINGS} or more postings read: the thin roles are shown, "
            "not ranked."
        )
    gaps: list[RoleGaps] = []
    doctoral = _doctoral(resume)
    for fit in leaders:
        role = catalog.get(fit.role)
        assert role is not None
        experience = _experience(store, fit.role, resume, doctoral)
        counts = demand[fit.role]
        gaps.append(
            RoleGaps(
                fit.role,
                fit.name,
                fit.n,
                _gaps(store, fit.role, fit.n, counts, set(have), GAPS),
                _education(store, fit.role, resume),
                experience,
                _pay(store, role, experience.likely_level, query.country, remote),
                [
                    {
                        "skill": s,
                        "label": have[s].label,
                        "count": counts[s],
                        "n": fit.n,
                        "covered_by": [
                            {"skill": v.skill, "label": v.label, "line": v.evidence.line}
                            for v in implied[s]
                        ],
                        "text": covered_by(implied[s]),
                    }
                    for s in sorted(implied, key=lambda s: (-counts.get(s, 0), s))
                    if counts.get(s, 0)
                ],
            )
        )
    jobs, job_notes = (
        _matching_jobs(
            store,
            index,
            leaders,
            have,
            demand,
            {g.role: g.experience.likely_level for g in gaps},
            country=query.country,
            remote=remote,
            limit=limit,
        )
        if have
        else ([], [])
    )
    notes += job_notes
    summary = {
        "format": resume.format,
        "skills": [
            {
                "skill": s.skill,
                "label": s.label,
                "category": s.category,
                "line": s.evidence.line,
                "text": s.evidence.text,
            }
            for s in named.values()
        ],  # fmt: skip
        "implied": [
            {
                "skill": broad,
                "label": have[broad].label,
                "covered_by": [
                    {"skill": v.skill, "label": v.label, "line": v.evidence.line} for v in via
                ],
                "text": covered_by(via),
            }
            for broad, via in implied.items()
        ],
        "degrees": [
            {"level": d.level, "field": d.field, "line": d.evidence.line, "text": d.evidence.text}
            for d in resume.degrees
        ],
        "jobs": [
            {
                "title": j.title,
                "role": j.role,
                "start": j.start,
                "end": j.end,
                "current": j.current,
                "line": j.evidence.line,
                "text": j.evidence.text,
            }
            for j in resume.jobs
        ],  # fmt: skip
        "years_experience": resume.years_experience,
        "doctoral_years": doctoral[0] or None,
        "doctoral": [{"line": e.line, "text": e.text} for e in doctoral[1]],
        "stated_years": resume.stated_years,
        "warnings": list(resume.warnings),
    }
    method = {
        "score": "covered demand / total demand; demand = catalog skills (soft skills and "
        "spoken languages left out) weighted by the role's distinct postings asking for them",
        "interval": "95% delta-method interval of the ratio over the role's postings",
        "rank": "roles are ordered by prior_weight * ln(postings / all postings) + sum over "
        "the résumé's skills of ln(theta / p), p = the skill's share of all roles' demand, "
        "theta = (count + alpha * p) / (total + alpha); inputs per role in rank_inputs",
        "rank_smoothing_postings": RANK_SMOOTHING,
        "rank_prior_weight": RANK_PRIOR,
        "min_postings": MIN_POSTINGS,
        "min_thin_shown": MIN_THIN_SHOWN,
        "implied": "a broader catalog skill counts as covered when the résumé names a "
        "narrower one linked to it (the skill catalog's broader field)",
        "min_level_n": MIN_LEVEL_N,
        "job_score": "0.7 * shared / sqrt(asked * resume skills) + 0.3 * BM25 / best BM25 "
        "of the role's search",
        "gap_interval": "Wilson score, 95%",
        "sums": {r: list(v) for r, v in sorted(sums.items())},
    }
    return FitResult(
        summary,
        ranked,
        thin,
        gaps,
        jobs,
        _tips(gaps, [*ranked, *thin], named),
        {"roles": wanted, "country": query.country, "remote": remote, "top": top},
        method,
        notes,
    )
