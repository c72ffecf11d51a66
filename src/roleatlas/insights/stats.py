"""Small statistics used by the insights: proportions with intervals, percentiles,
log-odds ratios with an informative Dirichlet prior, and empirical-Bayes shrinkage of a
share towards its group's share (beta-binomial, prior fitted by the method of moments).

Pure functions over numbers; no data access.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from roleatlas.store.reference import percentile

__all__ = [
    "BetaPrior",
    "LogOdds",
    "ShrunkShare",
    "beta_binomial_prior",
    "log_odds_dirichlet",
    "percentiles",
    "shrink_share",
    "two_proportion_z",
    "wilson_interval",
]


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
    return _wilson(successes, n, z)


def _wilson(successes: float, n: float, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of ``successes`` of ``n`` (both may be fractional)."""
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


def two_proportion_z(count_a: int, n_a: int, count_b: int, n_b: int) -> float:
    """The z statistic of the difference of two shares, with the pooled standard error.

    Positive when group ``a``'s share is higher; 0.0 when either ``n`` is 0 or the pooled
    share is 0 or 1 (no variation to test).

    Examples
    --------
    >>> round(two_proportion_z(18, 20, 4, 24), 2)
    4.84
    >>> two_proportion_z(3, 3, 0, 0)
    0.0
    """
    if n_a <= 0 or n_b <= 0:
        return 0.0
    pooled = (count_a + count_b) / (n_a + n_b)
    if pooled <= 0.0 or pooled >= 1.0:
        return 0.0
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return (count_a / n_a - count_b / n_b) / se


@dataclass(frozen=True, slots=True)
class BetaPrior:
    """A beta prior of a share fitted across ``groups`` groups with ``n`` observations.

    ``mean`` is the pooled share (all successes over all observations) and ``strength`` the
    prior's weight in pseudo-observations (``alpha + beta``): a group's share is shrunk
    towards ``mean`` as if ``strength`` more observations at ``mean`` had been made.
    ``rho`` is the fitted intra-group correlation ``1 / (strength + 1)`` before capping.
    """

    mean: float
    strength: float
    rho: float
    groups: int
    n: int


def beta_binomial_prior(
    counts: Sequence[tuple[int, int]], *, max_strength: float | None = None
) -> BetaPrior | None:
    """Fit a beta prior to ``(successes, n)`` of several groups by the method of moments.

    The groups' shares ``p_i = k_i / n_i`` are modelled as beta-binomial with mean ``mu`` and
    intra-group correlation ``rho = 1 / (M + 1)``, ``M`` the prior strength. With
    ``N = sum(n_i)``, ``mu = sum(k_i) / N`` and ``S = sum(n_i (p_i - mu)^2)`` (``I`` groups),

        E[S] = mu (1 - mu) ((I - 1) + rho (N - sum(n_i^2) / N - (I - 1)))

    (Kleinman 1973, weights ``n_i``), so ``rho`` is solved from the observed ``S`` and
    ``M = 1 / rho - 1``. When the shares vary no more than sampling alone explains
    (``rho <= 0``), or all groups agree exactly, the groups look alike and the prior gets the
    largest strength allowed, ``max_strength`` (default ``N``: never more weight than all the
    observations behind the mean). ``rho >= 1`` (groups entirely different) gives ``M = 0``,
    no shrinkage.

    Parameters
    ----------
    counts:
        ``(successes, n)`` of each group; groups with ``n == 0`` are ignored.
    max_strength:
        Cap of the prior strength (default: the total ``N``).

    Returns
    -------
    BetaPrior or None
        ``None`` with fewer than two groups with observations (nothing to fit).

    Raises
    ------
    ValueError
        If a group has ``successes`` outside ``0..n``.

    Examples
    --------
    Three groups of 10 with shares 0.2, 0.5 and 0.8 vary more than sampling explains:

    >>> prior = beta_binomial_prior([(2, 10), (5, 10), (8, 10)])  # S = 1.8, rho = 5.2 / 18
    >>> round(prior.mean, 3), round(prior.strength, 2), prior.groups, prior.n
    (0.5, 2.46, 3, 30)

    Groups that agree get the largest strength (full pooling):

    >>> beta_binomial_prior([(5, 10), (10, 20)]).strength
    30.0
    >>> beta_binomial_prior([(3, 10)]) is None
    True
    """
    groups = [(k, n) for k, n in counts if n > 0]
    for k, n in groups:
        if not 0 <= k <= n:
            raise ValueError(f"Need 0 <= successes <= n in every group. Got ({k}, {n}).")
    if len(groups) < 2:
        return None
    total = sum(n for _, n in groups)
    mean = sum(k for k, _ in groups) / total
    cap = float(total) if max_strength is None else float(max_strength)
    dof = len(groups) - 1
    denom = total - math.fsum(n * n for _, n in groups) / total - dof
    spread = mean * (1 - mean)
    if spread <= 0.0 or denom <= 0.0:
        return BetaPrior(mean, cap, 0.0, len(groups), total)
    s = math.fsum(n * (k / n - mean) ** 2 for k, n in groups)
    rho = (s / spread - dof) / denom
    if rho <= 0.0:
        strength = cap
    elif rho >= 1.0:
        strength = 0.0
    else:
        strength = min(cap, 1.0 / rho - 1.0)
    return BetaPrior(mean, strength, rho, len(groups), total)


@dataclass(frozen=True, slots=True)
class ShrunkShare:
    """A share shrunk towards a prior: ``count`` of ``n`` own observations, ``prior_mean``
    and ``prior_strength`` of the prior, the posterior mean ``share`` and a 95% interval
    ``low``-``high`` (Wilson at the effective size ``n + prior_strength``)."""

    count: int
    n: int
    share: float
    low: float
    high: float
    prior_mean: float
    prior_strength: float

    @property
    def weight(self) -> float:
        """The weight of the group's own observations in ``share`` (0-1)."""
        total = self.n + self.prior_strength
        return self.n / total if total else 0.0


def shrink_share(count: int, n: int, prior: BetaPrior) -> ShrunkShare:
    """The empirical-Bayes estimate of one group's share under a beta prior.

    The posterior mean of a beta-binomial, ``(count + M * mu) / (n + M)``: a group with few
    observations lands near the prior mean ``mu``, one with many near its own share. The
    interval is the Wilson score interval of ``count + M * mu`` successes in ``n + M``
    observations, a close and well-behaved stand-in for the posterior beta's 95% interval.

    Raises
    ------
    ValueError
        If ``count`` is outside ``0..n``.

    Examples
    --------
    One posting of three asks for a skill that 40% of the family's postings ask for; with a
    prior worth 12 postings the estimate is (1 + 12 * 0.4) / (3 + 12):

    >>> s = shrink_share(1, 3, BetaPrior(0.4, 12.0, 0.077, 5, 900))
    >>> round(s.share, 3), round(s.weight, 2), [round(x, 2) for x in (s.low, s.high)]
    (0.387, 0.2, [0.19, 0.63])
    """
    if n < 0 or not 0 <= count <= n:
        raise ValueError(f"Need 0 <= count <= n. Got count={count}, n={n}.")
    size = n + prior.strength
    if size <= 0:
        return ShrunkShare(count, n, prior.mean, 0.0, 1.0, prior.mean, prior.strength)
    successes = count + prior.strength * prior.mean
    low, high = _wilson(successes, size)
    return ShrunkShare(count, n, successes / size, low, high, prior.mean, prior.strength)
