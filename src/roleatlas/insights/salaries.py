"""Salaries of a role in three layers that are kept apart and never pooled.

1. **postings**: annual USD salaries stated (or estimated by the board) in the role's postings,
   the midpoint of each posting's range, percentiles by experience level;
2. **survey**: the aijobs.net salary survey answers of the role's survey titles (falling back
   to the titles of the role's family when the role has fewer than :data:`SMALL_N` answers);
3. **bls**: BLS OEWS national annual wage percentiles of the mapped SOC occupations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from roleatlas.catalog import Role, load_catalog
from roleatlas.insights.stats import percentiles
from roleatlas.records import LEVELS
from roleatlas.store import Store
from roleatlas.store import insights as q
from roleatlas.store import reference as ref

__all__ = [
    "SMALL_N",
    "BlsWages",
    "SalaryGroup",
    "SurveySalaries",
    "RoleSalaries",
    "role_salaries",
    "salaries_from_dict",
]

#: Below this many observations a figure is flagged "small sample" (shown, never hidden).
SMALL_N = 30

_QS = (10, 25, 50, 75, 90)


@dataclass(slots=True)
class SalaryGroup:
    """Annual USD percentiles of one group (``key``: a level code, ``"all"``, a year …)."""

    key: str
    n: int
    p10: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    p90: float | None
    small_sample: bool
    examples: list[str] = field(default_factory=list)


def _group(key: str, values: list[float], examples: list[str] | None = None) -> SalaryGroup:
    pct = percentiles(values, _QS)
    return SalaryGroup(
        key,
        len(values),
        pct["p10"],
        pct["p25"],
        pct["p50"],
        pct["p75"],
        pct["p90"],
        len(values) < SMALL_N,
        list(examples or []),
    )


def _survey_group(key: str, stats: dict[str, Any]) -> SalaryGroup:
    n = int(stats["n"])
    return SalaryGroup(key, n, None, stats["p25"], stats["p50"], stats["p75"], None, n < SMALL_N)


@dataclass(slots=True)
class SurveySalaries:
    """aijobs.net survey salaries (``salary_in_usd``) of the role's titles.

    ``titles`` are the survey titles used; ``own_n`` the answers of the role's own titles;
    ``fallback_family`` names the role family whose titles were used instead when ``own_n``
    is below :data:`SMALL_N` (``None`` when the role's own titles were used).
    """

    titles: list[str]
    own_n: int
    fallback_family: str | None
    overall: SalaryGroup
    by_level: list[SalaryGroup]
    by_remote: list[SalaryGroup]
    by_country: list[SalaryGroup]
    by_year: list[SalaryGroup]
    source: str = "aijobs.net salary survey"


@dataclass(slots=True)
class BlsWages:
    """BLS OEWS national wages (annual, all industries) of one SOC occupation."""

    soc: str
    title: str
    employment: float | None
    a_pct10: float | None
    a_pct25: float | None
    a_median: float | None
    a_pct75: float | None
    a_pct90: float | None
    top_coded: list[str]
    top_code_annual: float | None
    source: str = "BLS OEWS"


@dataclass(slots=True)
class RoleSalaries:
    """The three salary layers of one role (see the module docstring)."""

    postings_all: SalaryGroup
    postings_by_level: list[SalaryGroup]
    postings_estimated: int
    survey: SurveySalaries | None
    bls: list[BlsWages]


def _postings_layer(store: Store, role: str) -> tuple[SalaryGroup, list[SalaryGroup], int]:
    rows = q.salary_rows(store, role)
    everything = _group("all", [r["mid"] for r in rows], [r["key"] for r in rows[:3]])
    by_level = []
    for level in (*LEVELS, None):
        sub = [r for r in rows if r["level"] == level]
        if sub:
            by_level.append(
                _group(level or "unknown", [r["mid"] for r in sub], [r["key"] for r in sub[:3]])
            )
    return everything, by_level, sum(1 for r in rows if r["estimated"])


def _family_titles(role: Role) -> list[str]:
    titles: list[str] = []
    for other in load_catalog():
        if other.family == role.family:
            titles.extend(t for t in other.aijobs_titles if t not in titles)
    return titles


def _survey_stats_group(key: str, values: list[float]) -> SalaryGroup:
    """Survey quartiles of sorted ``values`` (as ``store.reference.survey_stats``)."""
    n = len(values)
    return SalaryGroup(
        key,
        n,
        None,
        ref.percentile(values, 25),
        ref.percentile(values, 50),
        ref.percentile(values, 75),
        None,
        n < SMALL_N,
    )


def _survey_layer(store: Store, role: Role) -> SurveySalaries | None:
    version = ref.loaded_version(store, "aijobs")
    if not version:
        return None
    titles = list(role.aijobs_titles)
    answers = q.survey_answers(store, titles)
    own_n = len(answers)
    fallback = None
    if own_n < SMALL_N:
        family = _family_titles(role)
        if family and family != titles:
            titles, fallback = family, role.family
            answers = q.survey_answers(store, titles)
    overall = _survey_stats_group("all", [a[4] for a in answers])

    def breakdown(column: int, limit: int | None = None) -> list[SalaryGroup]:
        # groups in order of first answer, then largest first (as survey_breakdown)
        groups: dict[Any, list[float]] = {}
        for answer in answers:
            groups.setdefault(answer[column], []).append(answer[4])
        ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))[:limit]
        return [_survey_stats_group(str(k), v) for k, v in ranked]

    by_level = {g.key: g for g in breakdown(0)}
    by_year = sorted(breakdown(3), key=lambda g: g.key)
    return SurveySalaries(
        titles,
        own_n,
        fallback,
        overall,
        [by_level[lv] for lv in LEVELS if lv in by_level],
        breakdown(1),
        breakdown(2, 5),
        by_year,
        f"aijobs.net salary survey {version} (salary_in_usd)",
    )


def _bls_layer(store: Store, role: Role) -> list[BlsWages]:
    out: list[BlsWages] = []
    version = ref.loaded_version(store, "oews")
    if not version:
        return out
    source = f"BLS OEWS {version} national, all industries"
    seen: set[str] = set()
    for soc in role.onet_soc:
        if soc[:7] in seen:
            continue
        seen.add(soc[:7])
        row = ref.oews_wages(store, soc)
        if row is None:
            continue
        out.append(
            BlsWages(
                row["occ_code"],
                row["occ_title"],
                row["tot_emp"],
                row["a_pct10"],
                row["a_pct25"],
                row["a_median"],
                row["a_pct75"],
                row["a_pct90"],
                list(row["top_coded"]),
                row["top_code_annual"],
                source,
            )
        )
    return out


def salaries_from_dict(data: dict[str, Any]) -> RoleSalaries:
    """The :class:`RoleSalaries` of ``dataclasses.asdict(salaries)`` (e.g. read from JSON)."""

    def groups(items: list[dict[str, Any]]) -> list[SalaryGroup]:
        return [SalaryGroup(**g) for g in items]

    survey = data["survey"]
    return RoleSalaries(
        SalaryGroup(**data["postings_all"]),
        groups(data["postings_by_level"]),
        data["postings_estimated"],
        None
        if survey is None
        else SurveySalaries(
            survey["titles"],
            survey["own_n"],
            survey["fallback_family"],
            SalaryGroup(**survey["overall"]),
            groups(survey["by_level"]),
            groups(survey["by_remote"]),
            groups(survey["by_country"]),
            groups(survey["by_year"]),
            survey["source"],
        ),
        [BlsWages(**w) for w in data["bls"]],
    )


def role_salaries(store: Store, role: Role) -> RoleSalaries:
    """The three salary layers of ``role``.

    Parameters
    ----------
    store:
        An open store (reference data loaded for the survey and BLS layers).
    role:
        A catalog role.

    Returns
    -------
    RoleSalaries
        Every group carries its ``n`` and a ``small_sample`` flag (``n`` < :data:`SMALL_N`).
    """
    everything, by_level, estimated = _postings_layer(store, role.id)
    return RoleSalaries(
        everything, by_level, estimated, _survey_layer(store, role), _bls_layer(store, role)
    )
