"""Does the skill pay premium find a premium that is there, and only then?

A planted-effect simulation on the real postings (``roleatlas eval premium``): the design
is real (each posting's role, level, country, remote status, company and log annual USD
pay, the rows :func:`roleatlas.insights.premium.skill_premiums` reads); only the skill is
made up. In each of ``draws`` seeded draws:

* a **planted** skill is given to a random half of the postings, whose pay is raised by
  ``planted`` (+15%): the 95% interval should cover +15% in about 95% of draws;
* a **placebo** skill is given to another random half with no change in pay: its interval
  should exclude 0 (a false positive) in about 5% of draws.

Both are drawn twice: per **posting** (the brief's design) and per **company** (every
posting of a company asks for the skill or none does, as when one employer's template names
it). Each draw is estimated with the premium's cluster-robust errors and with HC1 errors, so
the report shows why the premium clusters by company: company-level skills make HC1
intervals too narrow.

Adding ``log(1 + planted)`` to the pay of the postings with the skill shifts the OLS
coefficient by exactly that amount and leaves the residuals unchanged, so every draw is
estimated from the real pay at once (one fit of all draws' columns; the test checks that
this equals refitting the planted pay).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from roleatlas.errors import EvaluationError, InputError
from roleatlas.insights.jobs import job_query
from roleatlas.insights.premium import PAY_KINDS, absorbed_ols, design
from roleatlas.store import Store
from roleatlas.store import insights as q

__all__ = ["DRAWS", "PLANTED", "SEED", "evaluate_premium", "planted_coverage"]

#: Default number of draws, planted premium and seed of ``roleatlas eval premium``.
DRAWS = 200
PLANTED = 0.15
SEED = 20240612


def _halves(rng: np.random.Generator, units: np.ndarray, draws: int) -> np.ndarray:
    """``(n, draws)`` 0/1 columns: in each draw a random half of the units (postings, or
    companies with all their postings) has the skill."""
    count = int(units.max(initial=-1)) + 1
    out = np.zeros((len(units), draws))
    for d in range(draws):
        chosen = np.zeros(count, dtype=bool)
        chosen[rng.permutation(count)[: count // 2]] = True
        out[:, d] = chosen[units]
    return out


def _summary(
    beta: np.ndarray,
    se: np.ndarray,
    df: int,
    planted: float,
    placebo_beta: np.ndarray,
    placebo_se: np.ndarray,
) -> dict[str, Any]:
    from scipy import stats  # type: ignore[import-untyped]

    crit = float(stats.t.ppf(0.975, df))
    shift = math.log1p(planted)
    estimate = beta + shift
    covered = (estimate - crit * se <= shift) & (shift <= estimate + crit * se)
    false_positive = np.abs(placebo_beta) > crit * placebo_se
    draws = len(beta)

    def share(flags: np.ndarray) -> float:
        return float(flags.mean())

    coverage = share(covered)
    fp = share(false_positive)
    return {
        "coverage": round(coverage, 4),
        "coverage_mc_se": round(math.sqrt(coverage * (1 - coverage) / draws), 4),
        "placebo_false_positive": round(fp, 4),
        "placebo_mc_se": round(math.sqrt(fp * (1 - fp) / draws), 4),
        "mean_estimate": round(float(np.mean(np.expm1(estimate))), 4),
        "mean_interval_width": round(
            float(np.mean(np.expm1(estimate + crit * se) - np.expm1(estimate - crit * se))), 4
        ),
        "df": df,
    }


def planted_coverage(
    y: np.ndarray,
    factors: list[np.ndarray],
    companies: np.ndarray,
    *,
    draws: int = DRAWS,
    planted: float = PLANTED,
    seed: int = SEED,
) -> dict[str, Any]:
    """Coverage of a planted premium and false positives of a placebo (module docstring).

    Parameters
    ----------
    y:
        Log annual pay, shape ``(n,)``.
    factors:
        Fixed-effect codes, as for :func:`~roleatlas.insights.premium.absorbed_ols`.
    companies:
        Company codes ``0..G-1`` (a posting without a company has its own code).
    draws, planted, seed:
        Number of draws, the planted premium (0.15 is +15%) and the random seed.

    Returns
    -------
    dict
        ``posting_level`` and ``company_level`` assignments, each with ``cluster`` and
        ``hc1`` errors: ``coverage`` of the planted premium by the 95% interval,
        ``placebo_false_positive`` (the share of placebo intervals excluding 0), their Monte
        Carlo standard errors, ``mean_estimate`` and ``mean_interval_width`` of the planted
        premium (as fractions).
    """
    rng = np.random.default_rng(seed)
    postings = np.arange(len(y))
    out: dict[str, Any] = {}
    for name, units in (("posting_level", postings), ("company_level", companies)):
        x = _halves(rng, units, 2 * draws)  # planted columns, then placebo columns
        out[name] = {}
        for errors, groups in (("cluster", companies), ("hc1", None)):
            fit = absorbed_ols(y, x, factors, groups)
            out[name][errors] = _summary(
                fit.beta[:draws],
                fit.se[:draws],
                fit.df,
                planted,
                fit.beta[draws:],
                fit.se[draws:],
            )
    return out


def evaluate_premium(
    store: Store,
    *,
    role: str | None = None,
    pay: str = "stated",
    draws: int = DRAWS,
    planted: float = PLANTED,
    seed: int = SEED,
) -> dict[str, Any]:
    """Run :func:`planted_coverage` on the stored postings the premium reads.

    Parameters
    ----------
    store:
        An open store with extracted postings that have salaries.
    role:
        Only this role's postings (id, name or alias); ``None``: every role.
    pay:
        ``stated``, ``estimate`` or ``all``, as :func:`~roleatlas.insights.premium.skill_premiums`.

    Raises
    ------
    EvaluationError
        If fewer than 50 postings (or 10 companies) have a usable salary.
    InputError
        If a filter is invalid.
    """
    if pay not in PAY_KINDS:
        raise InputError(f"--pay must be one of {', '.join(PAY_KINDS)}. Got {pay!r} instead.")
    if draws < 10:
        raise InputError(f"--draws must be 10 or more. Got {draws} instead.")
    query = job_query(role=role, limit=None)
    rows = q.premium_rows(store, role=query.role, pay=pay)
    data = design(rows, pay)
    clusters = int(data.companies.max(initial=-1)) + 1
    if len(rows) < 50 or clusters < 10:
        raise EvaluationError(
            f"The premium evaluation needs 50 postings with a {pay} salary from 10 companies; "
            f"the store has {len(rows)} from {clusters}. Ingest postings with salaries "
            "(e.g. ../shared/data/postings-*) first."
        )
    result = planted_coverage(
        data.y, data.factors, data.companies, draws=draws, planted=planted, seed=seed
    )
    return {
        "role": query.role,
        "pay": pay,
        "n": len(rows),
        "companies": len({r[5] for r in rows if r[5]}),
        "clusters": clusters,
        "fixed_effects": data.fixed_effects,
        "draws": draws,
        "planted": planted,
        "seed": seed,
        **result,
    }
