"""Skill pay premium: how much more postings that ask for a skill pay, at the same role,
level, country and remote status.

For every catalog skill with enough support, one regression over the postings the filters
select (an annual USD salary that is not flagged implausible, each job counted once)::

    log(annual USD midpoint) = beta * asks_for_skill
                               + role + level + country + remote  (fixed effects)
                               [+ stated-or-estimate, with ``pay="all"``] + error

and the premium is ``exp(beta) - 1``: "postings that ask for PyTorch pay 8% more than postings
of the same role, level, country and remote status that do not". It is an **association, not
a cause**: a skill travels with employers, industries and duties that pay differently, which
no posting-level model can separate from the skill itself.

Choices (docs/premium.md gives the reasons and the measured evaluation):

* **One regression per skill**, not one model with every skill: the question is "postings that
  ask for X against those that do not", and a joint model splits the effect of skills asked
  together (PyTorch and TensorFlow) between them. The fixed effects are absorbed once
  (Frisch–Waugh–Lovell: pay and every skill indicator are projected off the fixed-effect
  dummies), after which each skill's coefficient and standard error are a few vector products:
  all skills of the sample store take about 50 ms, against about 80 s for one statsmodels OLS
  per skill. The figures are the same to 1e-10 (``tests/test_insights_premium.py`` checks them
  against ``statsmodels``).
* **Cluster-robust standard errors by company** (CR1, the small-sample factor
  ``G/(G-1) · (N-1)/(N-K)``, t with ``G-1`` degrees of freedom), postings without a company each
  their own cluster: one employer writes all its postings from one template with one pay band,
  so its postings are not independent draws, and heteroskedasticity-robust (HC1) errors that
  treat them so are too narrow when a skill goes with a few employers (``roleatlas eval
  premium`` measures both).
* A skill needs ``min_support`` postings with it and without it, and its postings must come
  from at least ``min_companies`` *effective* companies (the inverse Herfindahl index of the
  postings' companies): a skill that one employer's template asks for measures that employer.
* **Board estimates apart**: Glassdoor's "(est.)" figures are the board's model of pay, not an
  employer's offer; ``pay="stated"`` (the default) reads employer-stated salaries only,
  ``"estimate"`` only the estimates, ``"all"`` both with a fixed effect for the kind.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from roleatlas.catalog.skills import load_skills
from roleatlas.errors import InputError
from roleatlas.insights.jobs import job_query
from roleatlas.store import Store
from roleatlas.store import insights as q

__all__ = [
    "ASSOCIATION",
    "ERRORS",
    "MIN_COMPANIES",
    "MIN_SUPPORT",
    "PAY_KINDS",
    "AbsorbedFit",
    "Design",
    "NotEstimated",
    "PremiumTable",
    "SkillPremium",
    "absorbed_ols",
    "design",
    "premium_from_dict",
    "premium_to_dict",
    "skill_premiums",
]

#: Fewest postings with the skill, and without it, for a premium to be estimated.
MIN_SUPPORT = 20
#: Fewest effective companies (inverse Herfindahl index) among the postings with the skill.
MIN_COMPANIES = 5
#: Example postings cited per skill.
EXAMPLES = 3
#: Salary kinds a premium can be read from (see :data:`roleatlas.store.insights.PAY_KINDS`).
PAY_KINDS = q.PAY_KINDS
#: The sentence every face shows with a premium.
ASSOCIATION = (
    "An association, not a cause: postings that ask for a skill differ in other ways (the "
    "employer, its industry, the duties) that these fixed effects do not hold fixed; learning "
    "the skill does not by itself promise this pay."
)
#: How the standard errors are computed, in words.
ERRORS = "cluster-robust by company (CR1, t with companies - 1 degrees of freedom)"


@dataclass(slots=True)
class SkillPremium:
    """The pay premium of one skill.

    ``premium``, ``low`` and ``high`` are fractions (0.08 is +8%): ``exp(beta) - 1`` and its
    95% interval; ``beta`` and ``se`` are on the log scale. ``q_value`` is the
    Benjamini–Hochberg adjusted p-value over every skill of the table (many skills are tested
    at once: about one in twenty of them looks "significant" by chance at p < 0.05).
    ``companies_with`` counts distinct employers among the postings with the skill
    (postings without a company count one each); ``examples`` are newest postings with the
    skill and a salary.
    """

    skill: str
    name: str
    category: str
    premium: float
    low: float
    high: float
    beta: float
    se: float
    p_value: float
    q_value: float
    n_with: int
    n_without: int
    companies_with: int
    small_sample: bool
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class NotEstimated:
    """A requested skill without a premium, and why (``n_with`` postings ask for it)."""

    skill: str
    n_with: int
    reason: str


@dataclass(slots=True)
class PremiumTable:
    """Skill premiums under ``filters`` (role id, level, country) from ``pay`` salaries.

    ``n`` postings enter the model, from ``companies`` named employers; ``fixed_effects`` names
    the factors the model holds fixed (a factor the filters fix to one value drops out);
    ``skills`` are ordered by premium, highest first (ties by skill id). ``below_support``
    counts the skills asked for by some posting that lack the support to be estimated;
    ``not_estimated`` lists the requested skills (``skills=`` argument) without a premium.
    """

    filters: dict[str, Any]
    pay: str
    n: int
    companies: int
    fixed_effects: list[str]
    errors: str
    min_support: int
    min_companies: int
    skills: list[SkillPremium]
    below_support: int
    not_estimated: list[NotEstimated]
    caveat: str
    notes: list[str] = field(default_factory=list)

    def get(self, skill: str) -> SkillPremium | None:
        """The premium of ``skill`` (a catalog id), or ``None`` when it was not estimated."""
        for item in self.skills:
            if item.skill == skill:
                return item
        return None


@dataclass(slots=True)
class AbsorbedFit:
    """Per-column OLS estimates with fixed effects absorbed (see :func:`absorbed_ols`)."""

    beta: np.ndarray
    se: np.ndarray
    df: int
    n: int
    k: int
    clusters: int


def _codes(values: list[Any]) -> np.ndarray:
    """Integer codes of ``values`` in sorted order of their text (deterministic)."""
    keys = sorted({str(v) for v in values})
    index = {k: i for i, k in enumerate(keys)}
    return np.fromiter((index[str(v)] for v in values), dtype=np.int64, count=len(values))


@dataclass(slots=True)
class Design:
    """The model's data for a set of postings (:func:`design`): ``y`` log annual USD pay,
    fixed-effect ``factors`` (codes) named ``fixed_effects`` (a factor with one value is left
    out), ``companies`` cluster codes (a posting without a company is its own cluster)."""

    y: np.ndarray
    factors: list[np.ndarray]
    fixed_effects: list[str]
    companies: np.ndarray
    company_names: list[str]


def design(rows: list[tuple[Any, ...]], pay: str) -> Design:
    """The :class:`Design` of :func:`roleatlas.store.insights.premium_rows` rows; ``pay``
    ``"all"`` adds a fixed effect for stated-or-estimate."""
    columns = [("role", 1), ("level", 2), ("country", 3), ("remote", 4)]
    if pay == "all":
        columns.append(("estimate", 7))
    factors = [_codes([r[col] for r in rows]) for _, col in columns]
    kept = [(name, f) for (name, _), f in zip(columns, factors, strict=True) if f.any()]
    companies = [r[5] if r[5] else f"\x00{r[0]}" for r in rows]
    return Design(
        np.log(np.array([r[6] for r in rows], dtype=float)),
        [f for _, f in kept],
        [name for name, _ in kept],
        _codes(companies),
        companies,
    )


def _basis(n: int, factors: list[np.ndarray]) -> np.ndarray:
    """An orthonormal basis of the intercept and the factors' dummies (first level dropped)."""
    columns = [np.ones(n)]
    for codes in factors:
        for level in range(1, int(codes.max(initial=0)) + 1):
            columns.append((codes == level).astype(float))
    dummies = np.column_stack(columns)
    # from the small Gram matrix (k x k): an SVD of the n x k dummies costs 100x more
    weights, vectors = np.linalg.eigh(dummies.T @ dummies)
    keep = weights > weights.max() * 1e-10
    return np.asarray(dummies @ (vectors[:, keep] / np.sqrt(weights[keep])))


def absorbed_ols(
    y: np.ndarray,
    x: np.ndarray,
    factors: list[np.ndarray],
    groups: np.ndarray | None = None,
) -> AbsorbedFit:
    """Regress ``y`` on each column of ``x`` separately, with the same fixed effects.

    For each column ``j`` the model is ``y = beta_j * x[:, j] + intercept + dummies(factors)
    + e``; the dummies are absorbed once by projecting ``y`` and ``x`` off them
    (Frisch–Waugh–Lovell), which gives the full model's coefficient and robust variance
    exactly.

    Parameters
    ----------
    y:
        Outcome, shape ``(n,)``.
    x:
        Regressors, shape ``(n, k)``: one separate regression per column.
    factors:
        Fixed effects as integer codes ``0..m-1``, each shape ``(n,)``.
    groups:
        Cluster codes ``0..G-1`` for cluster-robust (CR1) errors, as statsmodels'
        ``cov_type="cluster"``; ``None`` for heteroskedasticity-robust HC1 errors.

    Returns
    -------
    AbsorbedFit
        ``beta`` and ``se`` per column (``nan`` for a column the fixed effects explain
        entirely), and ``df``, the degrees of freedom of the t distribution for intervals:
        ``G - 1`` clustered, ``n - K`` for HC1 (``K`` counts the intercept, the independent
        dummies and the regressor).

    Examples
    --------
    >>> y = np.log(np.array([100.0, 110.0, 200.0, 220.0]))
    >>> fit = absorbed_ols(y, np.array([[0.0], [1.0], [0.0], [1.0]]), [np.array([0, 0, 1, 1])])
    >>> round(float(np.exp(fit.beta[0]) - 1), 6)
    0.1
    """
    n = len(y)
    basis = _basis(n, factors)
    k = basis.shape[1] + 1
    y_t = y - basis @ (basis.T @ y)
    x_t = x - basis @ (basis.T @ x)
    ss = np.einsum("ij,ij->j", x_t, x_t)
    raw = np.einsum("ij,ij->j", x, x)
    identified = ss > 1e-9 * np.maximum(raw, 1.0)
    safe = np.where(identified, ss, 1.0)
    beta = (x_t.T @ y_t) / safe
    scores = x_t * (y_t[:, None] - x_t * beta)
    if groups is None:
        clusters = n
        meat = np.einsum("ij,ij->j", scores, scores)
        factor = n / (n - k) if n > k else math.nan
        df = n - k
    else:
        # per-cluster sums of the scores: sort once, add runs (np.add.at is 10x slower)
        order = np.argsort(groups, kind="stable")
        ordered = groups[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        clusters = len(starts)
        sums = np.add.reduceat(scores[order], starts, axis=0) if n else scores[:0]
        meat = np.einsum("ij,ij->j", sums, sums)
        enough = clusters > 1 and n > k
        factor = clusters / (clusters - 1) * (n - 1) / (n - k) if enough else math.nan
        df = clusters - 1
    se = np.sqrt(factor * meat) / safe
    nan = np.full_like(beta, np.nan)
    return AbsorbedFit(
        np.where(identified, beta, nan), np.where(identified, se, nan), df, n, k, clusters
    )


def _t_quantile_and_p(t: np.ndarray, df: int) -> tuple[float, np.ndarray]:
    # scipy.special's t distribution gives the same figures as scipy.stats.t (ppf and sf
    # call these functions) at a third of the import time (0.26 s against 0.8 s): role
    # pages and comparisons compute premiums on a cold cache
    from scipy import special  # type: ignore[import-untyped]  # statsmodels brings it

    if df < 1:
        return math.nan, np.full_like(t, np.nan)
    return float(special.stdtrit(df, 0.975)), np.asarray(2 * special.stdtr(df, -np.abs(t)))


def _bh(p: list[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values, in the order given."""
    m = len(p)
    order = sorted(range(m), key=lambda i: (p[i], i))
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        adjusted[i] = running
    return adjusted


def _effective(counts: Counter[str]) -> float:
    """The inverse Herfindahl index of postings per company: how many equal employers they
    amount to (10 postings from one employer: 1.0; from 10 employers: 10.0)."""
    total = sum(counts.values())
    return 1.0 / sum((c / total) ** 2 for c in counts.values() if c) if total else 0.0


def _compute(
    store: Store,
    role: str | None,
    level: str | None,
    country: str | None,
    pay: str,
    min_support: int,
    min_companies: int,
    wanted: list[str] | None,
) -> dict[str, Any]:
    rows = q.premium_rows(store, role=role, level=level, country=country, pay=pay)
    n = len(rows)
    data = design(rows, pay)
    companies = data.company_names
    asks: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        for skill in row[8].split(",") if row[8] else ():
            asks.setdefault(skill, []).append(i)
    catalog = load_skills()
    candidates = sorted(s for s in asks if s in catalog)
    if wanted is not None:
        candidates = [s for s in dict.fromkeys(wanted) if s in asks or s in catalog]

    all_counts = Counter(companies)
    chosen: list[str] = []
    skipped: dict[str, tuple[int, str]] = {}
    for skill in candidates:
        members = asks.get(skill, [])
        n_with = len(members)
        if n_with < min_support or n - n_with < min_support:
            skipped[skill] = (n_with, f"fewer than {min_support} postings with or without it")
            continue
        with_counts = Counter(companies[i] for i in members)
        eff_with = _effective(with_counts)
        eff_without = _effective(all_counts - with_counts)
        if min(eff_with, eff_without) < min_companies:
            skipped[skill] = (
                n_with,
                f"its postings come from fewer than {min_companies} effective companies "
                f"({eff_with:.1f})",
            )
            continue
        chosen.append(skill)

    items: list[dict[str, Any]] = []
    if chosen:
        x = np.zeros((n, len(chosen)))
        for j, skill in enumerate(chosen):
            x[asks[skill], j] = 1.0
        fit = absorbed_ols(data.y, x, data.factors, data.companies)
        crit, p = _t_quantile_and_p(fit.beta / fit.se, fit.df)
        for j, skill in enumerate(chosen):
            b, s = float(fit.beta[j]), float(fit.se[j])
            if not (math.isfinite(b) and math.isfinite(s) and math.isfinite(p[j])):
                reason = (
                    "the fixed effects explain it entirely"
                    if math.isnan(b)
                    else "too few postings or companies to estimate its error"
                )
                skipped[skill] = (len(asks[skill]), reason)
                continue
            meta = catalog.get(skill)
            members = asks[skill]
            items.append(
                {
                    "skill": skill,
                    "name": meta.name if meta else skill,
                    "category": meta.category if meta else "",
                    "premium": math.expm1(b),
                    "low": math.expm1(b - crit * s),
                    "high": math.expm1(b + crit * s),
                    "beta": b,
                    "se": s,
                    "p_value": float(p[j]),
                    "n_with": len(members),
                    "n_without": n - len(members),
                    "companies_with": len({companies[i] for i in members}),
                    "small_sample": len(members) < 30,
                    "examples": [rows[i][0] for i in members[:EXAMPLES]],
                }
            )
    for item, q_value in zip(items, _bh([i["p_value"] for i in items]), strict=True):
        item["q_value"] = q_value
    items.sort(key=lambda i: (-i["premium"], i["skill"]))
    not_estimated = (
        []
        if wanted is None
        else [
            {"skill": s, "n_with": skipped[s][0], "reason": skipped[s][1]}
            for s in dict.fromkeys(wanted)
            if s in skipped
        ]
        + [
            {"skill": s, "n_with": 0, "reason": "not a catalog skill"}
            for s in dict.fromkeys(wanted)
            if s not in asks and s not in catalog
        ]
    )
    notes = []
    if pay == "estimate":
        notes.append(
            "Board estimates (Glassdoor 'est.') are the board's model of pay, not an "
            "employer's offer; employer-stated salaries are analysed apart (--pay stated)."
        )
    if pay == "all":
        notes.append(
            "Employer-stated salaries and board estimates are pooled here, with a fixed "
            "effect for the kind; --pay stated (the default) reads employer figures only."
        )
    if items:
        notes.append(
            f"{len(items)} skills are tested at once: about one in twenty would show p < 0.05 "
            "by chance; q_value is the Benjamini–Hochberg adjusted p-value."
        )
    if n == 0:
        notes.append("No stored posting with a salary matches these filters.")
    return {
        "filters": {"role": role, "level": level, "country": country},
        "pay": pay,
        "n": n,
        "companies": len({r[5] for r in rows if r[5]}),
        "fixed_effects": data.fixed_effects,
        "errors": ERRORS,
        "min_support": min_support,
        "min_companies": min_companies,
        "skills": items,
        "below_support": sum(1 for s in skipped if s in asks),
        "not_estimated": not_estimated,
        "caveat": ASSOCIATION,
        "notes": notes,
    }


def premium_from_dict(data: dict[str, Any]) -> PremiumTable:
    """The :class:`PremiumTable` of ``dataclasses.asdict(table)`` (e.g. read from JSON)."""
    values = dict(data)
    values["skills"] = [SkillPremium(**s) for s in data["skills"]]
    values["not_estimated"] = [NotEstimated(**s) for s in data["not_estimated"]]
    return PremiumTable(**values)


def skill_premiums(
    store: Store,
    *,
    role: str | None = None,
    level: str | None = None,
    country: str | None = None,
    pay: str = "stated",
    min_support: int = MIN_SUPPORT,
    min_companies: int = MIN_COMPANIES,
    skills: list[str] | None = None,
) -> PremiumTable:
    """The pay premium of every skill with enough support (see the module docstring).

    Parameters
    ----------
    store:
        An open store with extracted postings.
    role, level, country:
        Filters, validated and resolved as the job search does
        (:func:`~roleatlas.insights.jobs.job_query`): a role id, name or alias, a level
        ``EN MI SE EX``, an ISO code or country name.
    pay:
        ``"stated"`` (employer-stated salaries, the default), ``"estimate"`` (board
        estimates) or ``"all"`` (both, with a fixed effect for the kind).
    min_support:
        Fewest postings with the skill, and without it.
    min_companies:
        Fewest effective companies among the postings with the skill.
    skills:
        Only these catalog skill ids (e.g. a résumé's gaps); those without a premium are
        listed in ``not_estimated`` with the reason.

    Returns
    -------
    PremiumTable
        Cached per store generation (:func:`roleatlas.store.insights.cached`).

    Raises
    ------
    InputError
        If a filter, ``pay`` or a threshold is invalid.

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     table = skill_premiums(s, role="Data Scientist")
    >>> table.filters["role"], table.n, table.skills
    ('data-scientist', 0, [])
    """
    if pay not in PAY_KINDS:
        raise InputError(f"--pay must be one of {', '.join(PAY_KINDS)}. Got {pay!r} instead.")
    if min_support < 2 or min_companies < 1:
        raise InputError(
            f"min_support must be 2 or more and min_companies 1 or more. Got {min_support} "
            f"and {min_companies} instead."
        )
    query = job_query(role=role, level=level, country=country, limit=None)
    wanted = None if skills is None else sorted(dict.fromkeys(skills))
    key = (
        f"premium|{query.role}|{query.level}|{query.country}|{pay}|{min_support}|"
        f"{min_companies}|{'' if wanted is None else ','.join(wanted)}|{wanted is None}"
    )
    data = q.cached(
        store,
        key,
        lambda: _compute(
            store, query.role, query.level, query.country, pay, min_support, min_companies, wanted
        ),
    )
    return premium_from_dict(data)


def premium_to_dict(table: PremiumTable) -> dict[str, Any]:
    """``table`` as JSON-ready data (the shape of ``GET /api/v1/premium``)."""
    return asdict(table)
