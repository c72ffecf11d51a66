"""Small statistics: Wilson intervals, percentiles and Monroe et al. log-odds."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roleatlas.insights.stats import (
    BetaPrior,
    beta_binomial_prior,
    log_odds_dirichlet,
    percentiles,
    shrink_share,
    two_proportion_z,
    wilson_interval,
)


def test_wilson_interval_unchanged() -> None:
    assert [round(x, 3) for x in wilson_interval(8, 10)] == [0.49, 0.943]
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_log_odds_by_hand() -> None:
    # Group a: x=10, y=0 (n_a=10); group b: x=2, y=8 (n_b=10); prior alpha_x = alpha_y = 1.
    # x: delta = log(11 / (10 + 2 - 10 - 1)) - log(3 / (10 + 2 - 2 - 1)) = log 11 - log(1/3)
    #    variance = 1/11 + 1/3
    # y: delta = log(1 / 11) - log(9 / 3); variance = 1/1 + 1/9
    result = {r.term: r for r in log_odds_dirichlet({"x": 10}, {"x": 2, "y": 8}, {"x": 1, "y": 1})}
    x, y = result["x"], result["y"]
    assert x.delta == pytest.approx(math.log(11) - math.log(1 / 3))
    assert x.variance == pytest.approx(1 / 11 + 1 / 3)
    assert x.z == pytest.approx(3.4965 / math.sqrt(1 / 11 + 1 / 3), abs=1e-3)
    assert y.delta == pytest.approx(math.log(1 / 11) - math.log(3))
    assert y.z == pytest.approx(-3.317, abs=1e-3)
    assert (x.count_a, x.count_b, y.count_a, y.count_b) == (10, 2, 0, 8)


def test_log_odds_prior_is_rescaled() -> None:
    # Rescaling {x: 50, y: 50} to alpha_0 = 2 gives the hand example above.
    scaled = log_odds_dirichlet({"x": 10}, {"x": 2, "y": 8}, {"x": 50, "y": 50}, prior_size=2)
    assert scaled[0].term == "x" and scaled[0].z == pytest.approx(5.368, abs=1e-3)


def test_log_odds_ignores_terms_without_prior() -> None:
    found = log_odds_dirichlet({"x": 1, "z": 5}, {"x": 1, "y": 2}, {"x": 1, "y": 1})
    assert sorted(r.term for r in found) == ["x", "y"]
    # one-term vocabulary: the odds of group b are undefined, so nothing is scored
    assert log_odds_dirichlet({"x": 1, "z": 5}, {"x": 1}, {"x": 1}) == []
    assert log_odds_dirichlet({"x": 1}, {"x": 1}, {}) == []


@given(
    st.dictionaries(st.sampled_from("abcd"), st.integers(0, 50)),
    st.dictionaries(st.sampled_from("abcd"), st.integers(0, 50)),
)
def test_log_odds_is_antisymmetric(a: dict[str, int], b: dict[str, int]) -> None:
    prior = {t: 1.0 for t in "abcd"}
    ab = {r.term: r.z for r in log_odds_dirichlet(a, b, prior)}
    ba = {r.term: r.z for r in log_odds_dirichlet(b, a, prior)}
    for term, z in ab.items():
        assert z == pytest.approx(-ba[term])


def test_percentiles() -> None:
    assert percentiles([10, 20, 30, 40], (25, 50, 75)) == {"p25": 17.5, "p50": 25.0, "p75": 32.5}
    assert percentiles([5], (10, 90)) == {"p10": 5.0, "p90": 5.0}
    assert percentiles([], (50,)) == {"p50": None}
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentiles([1], (120,))


def test_beta_binomial_prior_by_hand() -> None:
    # shares 0.2, 0.5, 0.8 of 10 each: mu = 0.5, S = 10 * (0.09 + 0 + 0.09) = 1.8,
    # rho = (1.8 / 0.25 - 2) / (30 - 300 / 30 - 2) = 5.2 / 18, M = 1 / rho - 1
    prior = beta_binomial_prior([(2, 10), (5, 10), (8, 10)])
    assert prior is not None
    assert prior.mean == pytest.approx(0.5)
    assert prior.rho == pytest.approx(5.2 / 18)
    assert prior.strength == pytest.approx(18 / 5.2 - 1)
    assert (prior.groups, prior.n) == (3, 30)


def test_beta_binomial_prior_edges() -> None:
    # groups that agree exactly: full pooling, capped at N (or the cap given)
    assert beta_binomial_prior([(5, 10), (10, 20)]).strength == 30.0  # type: ignore[union-attr]
    assert beta_binomial_prior([(5, 10), (10, 20)], max_strength=7).strength == 7.0  # type: ignore[union-attr]
    # every group all or nothing: no shrinkage at all
    assert beta_binomial_prior([(0, 20), (20, 20)]).strength == 0.0  # type: ignore[union-attr]
    # a share of 0 everywhere has no spread to fit: full pooling at 0
    zero = beta_binomial_prior([(0, 5), (0, 8)])
    assert zero is not None and (zero.mean, zero.strength) == (0.0, 13.0)
    # fewer than two groups with observations: nothing to fit
    assert beta_binomial_prior([(3, 10), (0, 0)]) is None
    with pytest.raises(ValueError, match="0 <= successes <= n"):
        beta_binomial_prior([(11, 10), (1, 10)])


def test_shrink_share_moves_towards_the_prior() -> None:
    prior = BetaPrior(0.4, 12.0, 1 / 13, 5, 900)
    small = shrink_share(1, 3, prior)
    assert small.share == pytest.approx((1 + 12 * 0.4) / 15)
    assert small.weight == pytest.approx(0.2)
    large = shrink_share(100, 300, prior)
    assert abs(large.share - 1 / 3) < abs(small.share - 1 / 3) + 1e-12
    assert large.low < large.share < large.high
    none = shrink_share(0, 0, prior)
    assert none.share == pytest.approx(0.4) and none.weight == 0.0
    with pytest.raises(ValueError, match="0 <= count <= n"):
        shrink_share(4, 3, prior)


def test_two_proportion_z() -> None:
    # pooled 22/44 = 0.5; se = sqrt(0.25 * (1/20 + 1/24))
    z = two_proportion_z(18, 20, 4, 24)
    assert z == pytest.approx((0.9 - 4 / 24) / math.sqrt(0.25 * (1 / 20 + 1 / 24)))
    assert two_proportion_z(4, 24, 18, 20) == pytest.approx(-z)
    assert two_proportion_z(5, 5, 3, 3) == 0.0
