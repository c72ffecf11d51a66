"""Pay by role × level × country × remote, from postings, with the survey layer beside it.

Two layers are kept apart and never pooled (as in :mod:`roleatlas.insights.salaries`):

1. **postings**: the midpoint of each posting's annual USD range, percentiles per cell of
   role × level × country × remote, and over everything the filters select;
2. **survey**: the aijobs.net salary survey answers of the role's titles under the same
   filters (level → ``experience_level``, country → ``employee_residence``, remote →
   ``remote_ratio``), when a role is given and the survey is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from roleatlas.catalog import Role, load_catalog
from roleatlas.insights.jobs import job_query
from roleatlas.insights.salaries import salary_group, survey_titles
from roleatlas.store import Store
from roleatlas.store import pay as q
from roleatlas.store import reference as ref

__all__ = ["PayBreakdown", "PayCell", "SurveyPay", "pay_breakdown"]

#: Example postings cited per cell.
EXAMPLES = 3


@dataclass(slots=True)
class PayCell:
    """Annual USD percentiles of one cell; ``None`` in a key field means "all" (the overall
    figure) or, for ``level`` and ``country`` of a cell, "not stated"."""

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
    small_sample: bool
    estimated: int
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SurveyPay:
    """aijobs.net survey answers (``salary_in_usd``) of the role's titles under the filters.

    ``titles`` are the survey titles used; ``own_n`` the answers of the role's own titles
    (unfiltered); ``fallback_family`` names the family whose titles were used instead when
    ``own_n`` is below :data:`~roleatlas.insights.salaries.SMALL_N`; ``remote_ratios`` are
    the survey remote ratios matched (100 remote, 50 hybrid, 0 on site).
    """

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


@dataclass(slots=True)
class PayBreakdown:
    """Pay under the resolved ``filters`` (role id, level, country, remote)."""

    filters: dict[str, Any]
    overall: PayCell
    cells: list[PayCell]
    survey: SurveyPay | None
    notes: list[str] = field(default_factory=list)


def _cell(
    role: str | None,
    level: str | None,
    country: str | None,
    remote: bool | None,
    rows: list[dict[str, Any]],
) -> PayCell:
    # the same statistic as the profile's salaries (one function, one figure)
    g = salary_group("cell", [r["mid"] for r in rows])
    name = None
    if role is not None:
        found = load_catalog().get(role)
        name = found.name if found else None
    return PayCell(
        role,
        name,
        level,
        country,
        remote,
        g.n,
        g.p10,
        g.p25,
        g.p50,
        g.p75,
        g.p90,
        g.small_sample,
        sum(1 for r in rows if r["estimated"]),
        [r["key"] for r in rows[:EXAMPLES]],
    )


def _survey(
    store: Store, role: Role, level: str | None, country: str | None, remote: bool | None
) -> SurveyPay | None:
    if not ref.loaded_version(store, "aijobs"):
        return None
    titles, own_n, fallback = survey_titles(store, role)
    ratios = None if remote is None else ([100] if remote else [0, 50])
    values: list[float] = []
    for ratio in ratios or (None,):
        rows = ref.survey_rows(store, titles, level=level, country=country, remote=ratio)
        values.extend(float(r["salary_in_usd"]) for r in rows if r["salary_in_usd"] is not None)
    g = salary_group("survey", values)
    return SurveyPay(
        titles,
        own_n,
        fallback,
        level,
        country,
        ratios,
        g.n,
        g.p10,
        g.p25,
        g.p50,
        g.p75,
        g.p90,
        g.small_sample,
    )


def _cells(rows: Iterable[dict[str, Any]]) -> tuple[list[PayCell], list[dict[str, Any]]]:
    cells: list[PayCell] = []
    everything: list[dict[str, Any]] = []

    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        return (r["role"], r["level"], r["country"], r["remote"])

    for (role, level, country, remote), group in groupby(rows, key=key):
        items = list(group)
        everything.extend(items)
        cells.append(_cell(role, level, country, remote, items))
    return cells, everything


def pay_breakdown(
    store: Store,
    *,
    role: str | None = None,
    level: str | None = None,
    country: str | None = None,
    remote: bool | None = None,
) -> PayBreakdown:
    """Posted pay per role × level × country × remote, plus the survey where it applies.

    Filters are validated and resolved with the job search's rules
    (:func:`roleatlas.insights.jobs.job_query`): ``role`` is an id, name or alias, ``level``
    one of ``EN MI SE EX``, ``country`` an ISO code or name.

    Returns
    -------
    PayBreakdown
        ``overall`` over every posting the filters select and one :class:`PayCell` per cell,
        largest first; every figure carries its ``n`` and a ``small_sample`` flag. ``survey``
        is set when a role is given and the aijobs survey is loaded.

    Raises
    ------
    InputError
        If a filter is invalid (an unknown role's message suggests close names).
    """
    query = job_query(role=role, level=level, remote=remote, country=country, limit=None)
    cells, everything = _cells(
        q.pay_rows(store, role=query.role, level=query.level, country=query.country, remote=remote)
    )
    cells.sort(key=lambda c: -c.n)  # stable: ties keep the (role, level, country) order
    # newest examples first; ties keep the cells' order (as each cell cites its postings)
    everything.sort(key=lambda r: r["posted_at"] or "", reverse=True)
    overall = _cell(query.role, query.level, query.country, remote, everything)
    notes: list[str] = []
    survey = None
    if query.role is not None:
        found = load_catalog().get(query.role)
        if found is not None:
            survey = _survey(store, found, query.level, query.country, remote)
            if survey is not None and survey.fallback_family:
                notes.append(
                    f"The aijobs survey has {survey.own_n} answers for {found.name}'s titles; "
                    f"survey figures use the titles of the whole '{survey.fallback_family}' "
                    "family instead."
                )
    left_out = q.implausible_pay_count(
        store, role=query.role, level=query.level, country=query.country, remote=remote
    )
    if left_out:
        notes.append(
            f"{left_out} posting{'s' if left_out != 1 else ''} with an implausible salary "
            "(a year's pay under $5,000 or over $2M, over $500 an hour, or a range more than "
            "6 times wide) are kept on the posting but left out of these figures."
        )
    if not everything:
        notes.append("No stored posting with a salary matches these filters.")
    filters = {
        "role": query.role,
        "level": query.level,
        "country": query.country,
        "remote": remote,
    }
    return PayBreakdown(filters, overall, cells, survey, notes)
