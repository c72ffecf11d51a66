"""Small statistics used by the insights: proportions with intervals, percentiles and
log-odds ratios with an informative Dirichlet prior.

Pure functions over numbers; no data access.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from roleatlas.store.reference import percentile

__all__ = ["LogOdds", "log_odds_dirichlet", "percentiles", "wilson_interval"]


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default).

    Better than the normal approximation for small ``n`` and shares near 0 or 1.

    Raises
    ------
    ValueError
        If ``n`` is negative or ``successes`` is outside ``0..n``.

    Examples
    --------
    >>> [round(x, 3) for x in wilson_interval(8, 10)]
    [0.49, 0.943]
    >>> wilson_interval(0, 0)
    (0.0, 1.0)
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"Need 0 <= successes <= n. Got successes={successes}, n={n}.")
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class LogOdds:
    """The Monroe et al. log-odds ratio of one term between groups ``a`` and ``b``.

    ``delta`` is the log-odds ratio with the informative Dirichlet prior (positive: more
    typical of ``a``), ``variance`` its approximate variance and ``z`` = ``delta`` /
    sqrt(``variance``). ``count_a``/``count_b`` are the raw counts.
    """

    term: str
    delta: float
    variance: float
    z: float
    count_a: int
    count_b: int


def log_odds_dirichlet(
    counts_a: Mapping[str, int],
    counts_b: Mapping[str, int],
    prior: Mapping[str, float],
    *,
    prior_size: float | None = None,
) -> list[LogOdds]:
    """Log-odds ratios with an informative Dirichlet prior ("Fightin' Words").

    Monroe, Colaresi & Quinn (2008), eq. 16-22: for each term ``w`` with counts ``y_a``,
    ``y_b``, group totals ``n_a``, ``n_b`` and prior ``alpha_w`` (``alpha_0`` their sum)::

        delta = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
              - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
        variance ~= 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
        z = delta / sqrt(variance)

    Parameters
    ----------
    counts_a, counts_b:
        Term counts of each group (missing terms count 0).
    prior:
        Background counts (e.g. over all postings); only terms with a positive prior are
        scored.
    prior_size:
        ``alpha_0``: the prior is rescaled to sum to this. ``None`` keeps it as given.

    Returns
    -------
    list of LogOdds
        Most typical of ``a`` first (highest ``z``). A term whose odds are undefined (it
        is all of a group's counts and all of the prior) is left out.

    Examples
    --------
    >>> r = log_odds_dirichlet({"x": 10}, {"x": 2, "y": 8}, {"x": 1, "y": 1})
    >>> [(t.term, round(t.delta, 3), round(t.z, 3)) for t in r]
    [('x', 3.497, 5.368), ('y', -3.497, -3.317)]
    """
    # fsum: exact, so the result does not depend on the order of the terms
    total_prior = math.fsum(v for v in prior.values() if v > 0)
    if total_prior <= 0:
        return []
    scale = 1.0 if prior_size is None else prior_size / total_prior
    alpha = {t: v * scale for t, v in prior.items() if v > 0}
    alpha0 = math.fsum(alpha.values())
    n_a = sum(counts_a.values())
    n_b = sum(counts_b.values())
    out = []
    for term, a_w in alpha.items():
        y_a = counts_a.get(term, 0)
        y_b = counts_b.get(term, 0)
        rest_a = n_a + alpha0 - y_a - a_w
        rest_b = n_b + alpha0 - y_b - a_w
        if rest_a <= 0 or rest_b <= 0:
            continue
        delta = math.log((y_a + a_w) / rest_a) - math.log((y_b + a_w) / rest_b)
        variance = 1 / (y_a + a_w) + 1 / (y_b + a_w)
        out.append(LogOdds(term, delta, variance, delta / math.sqrt(variance), y_a, y_b))
    out.sort(key=lambda r: (-r.z, r.term))
    return out


def percentiles(
    values: Iterable[float], qs: Sequence[float] = (10, 25, 50, 75, 90)
) -> dict[str, float | None]:
    """Percentiles of ``values`` keyed ``p10``, ``p25`` …, interpolated linearly between the
    closest ranks (numpy's default); ``None`` when there are no values.

    Examples
    --------
    >>> percentiles([10, 20, 30, 40], (25, 50))
    {'p25': 17.5, 'p50': 25.0}
    >>> percentiles([], (50,))
    {'p50': None}
    """
    data = sorted(float(v) for v in values)
    out: dict[str, float | None] = {}
    for q in qs:
        if not 0 <= q <= 100:
            raise ValueError(f"A percentile must be between 0 and 100. Got {q} instead.")
        out[f"p{q:g}"] = percentile(data, q)
    return out
