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


def _survey_layer(store: Store, role: Role) -> SurveySalaries | None:
    if not ref.loaded_version(store, "aijobs"):
        return None
    titles = list(role.aijobs_titles)
    own_n = int(ref.survey_stats(store, titles)["n"]) if titles else 0
    fallback = None
    if own_n < SMALL_N:
        family = _family_titles(role)
        if family and family != titles:
            titles, fallback = family, role.family
    overall = _survey_group("all", ref.survey_stats(store, titles))

    def breakdown(by: str, limit: int | None = None) -> list[SalaryGroup]:
        rows = ref.survey_breakdown(store, titles, by)[:limit]
        return [_survey_group(str(r[by]), r) for r in rows]

    by_level = {g.key: g for g in breakdown("experience_level")}
    by_year = sorted(breakdown("work_year"), key=lambda g: g.key)
    return SurveySalaries(
        titles,
        own_n,
        fallback,
        overall,
        [by_level[lv] for lv in LEVELS if lv in by_level],
        breakdown("remote_ratio"),
        breakdown("employee_residence", 5),
        by_year,
    )


def _bls_layer(store: Store, role: Role) -> list[BlsWages]:
    out = []
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
            )
        )
    return out


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
