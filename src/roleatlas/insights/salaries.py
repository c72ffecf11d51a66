"""Salaries of a role in three layers that are kept apart and never pooled.

1. **postings**: annual USD salaries stated (or estimated by the board) in the role's postings,
   the midpoint of each posting's range, percentiles by experience level;
2. **survey**: the aijobs.net salary survey answers of the role's survey titles (falling back
   to the titles of the role's family when the role has fewer than :data:`SMALL_N` answers);
3. **bls**: BLS OEWS national annual wage percentiles of the mapped SOC occupations.

Every percentile of the postings and survey layers, here and in :mod:`roleatlas.insights.pay`
(the salaries page), comes from :func:`salary_group`, and both modules choose a role's
survey titles with :func:`survey_titles`: one statistic, one figure, in every face.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    "salary_group",
    "survey_titles",
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


def salary_group(
    key: str, values: Iterable[float], examples: list[str] | None = None
) -> SalaryGroup:
    """Annual USD p10, p25, median, p75 and p90 of ``values`` with their ``n``.

    The one function that computes a salary statistic: the profile and comparison
    (:func:`role_salaries`) and the salaries page (:func:`roleatlas.insights.pay.pay_breakdown`)
    both call it, so the same answers give the same figures everywhere. Percentiles
    interpolate linearly between the closest ranks (:func:`~roleatlas.insights.stats.percentiles`);
    they are ``None`` when there are no values.

    Examples
    --------
    >>> g = salary_group("all", [100.0, 200.0, 300.0, 400.0, 500.0])
    >>> (g.n, g.p10, g.p50, g.p90, g.small_sample)
    (5, 140.0, 300.0, 460.0, True)
    """
    data = [float(v) for v in values]
    pct = percentiles(data, _QS)
    return SalaryGroup(
        key,
        len(data),
        pct["p10"],
        pct["p25"],
        pct["p50"],
        pct["p75"],
        pct["p90"],
        len(data) < SMALL_N,
        list(examples or []),
    )


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
    #: Postings whose salary is flagged ``implausible``: left out of the postings layer.
    postings_implausible: int = 0


def _postings_layer(store: Store, role: str) -> tuple[SalaryGroup, list[SalaryGroup], int]:
    rows = q.salary_rows(store, role)
    everything = salary_group("all", [r["mid"] for r in rows], [r["key"] for r in rows[:3]])
    by_level = []
    for level in (*LEVELS, None):
        sub = [r for r in rows if r["level"] == level]
        if sub:
            by_level.append(
                salary_group(
                    level or "unknown", [r["mid"] for r in sub], [r["key"] for r in sub[:3]]
                )
            )
    return everything, by_level, sum(1 for r in rows if r["estimated"])


def _family_titles(role: Role) -> list[str]:
    titles: list[str] = []
    for other in load_catalog():
        if other.family == role.family:
            titles.extend(t for t in other.aijobs_titles if t not in titles)
    return titles


def survey_titles(store: Store, role: Role) -> tuple[list[str], int, str | None]:
    """The aijobs survey titles whose answers stand for ``role``.

    Returns
    -------
    (titles, own_n, fallback_family)
        The role's own survey titles and ``fallback_family`` ``None``; or, when the role's
        titles have fewer than :data:`SMALL_N` answers with a USD salary (``own_n``), the
        titles of every role of its family and the family's name.
    """
    titles = list(role.aijobs_titles)
    own_n = len(q.survey_answers(store, titles))
    if own_n < SMALL_N:
        family = _family_titles(role)
        if family and family != titles:
            return family, own_n, role.family
    return titles, own_n, None


def _survey_layer(store: Store, role: Role) -> SurveySalaries | None:
    version = ref.loaded_version(store, "aijobs")
    if not version:
        return None
    titles, own_n, fallback = survey_titles(store, role)
    answers = q.survey_answers(store, titles)
    overall = salary_group("all", [a[4] for a in answers])

    def breakdown(column: int, limit: int | None = None) -> list[SalaryGroup]:
        # largest group first, ties by the group's value
        groups: dict[Any, list[float]] = {}
        for answer in answers:
            groups.setdefault(answer[column], []).append(answer[4])
        ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))[:limit]
        return [salary_group(str(k), v) for k, v in ranked]

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
        data.get("postings_implausible", 0),
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
        everything,
        by_level,
        estimated,
        _survey_layer(store, role),
        _bls_layer(store, role),
        q.implausible_salary_count(store, role.id),
    )
