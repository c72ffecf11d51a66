"""Practical tips for a comparison: actions a job seeker can take, each with its evidence.

Every tip is an action ("Learn PyTorch for …", "Plan on a PhD for …", "Expect $150K-$210K …",
"Show 4+ years of experience") followed by the numbers behind it. A tip carries its
``kind``, the ``action`` (a short imperative), the full ``text`` (the action first), the
``layer`` its figures come from, a ``strength``, the ``evidence`` (counts, ``n``, shares,
intervals; every figure with its ``n``) and, where the layer is postings, example postings
(``"source:source_id"``).

Layers
------
``postings``
    The compared roles' own postings (a role with at least :data:`TIP_MIN_N` read postings,
    or the figure's own minimum, stands on them).
``family-pooled``
    A role with fewer postings borrows strength from the postings of its catalog ``family``:
    its share is shrunk towards the family's share by empirical Bayes (below). The text says
    how many postings of its own the role has and how many the family adds.
``survey``
    The aijobs.net salary survey answers of the role's survey titles (of its family's titles
    when the role's own have too few answers; the text says so).
``onet``
    O*NET tasks and education of the role's mapped occupation.
``bls``
    BLS OEWS wages and Employment Projections of the mapped occupation.

Empirical-Bayes shrinkage
-------------------------
For a skill (or a minimum degree), each role ``i`` of the family with read postings gives
``(k_i, n_i)``: postings asking for it of postings read. A beta prior with mean ``mu`` (the
family's pooled share) and strength ``M`` (pseudo-postings) is fitted to these pairs by the
method of moments (:func:`~roleatlas.insights.stats.beta_binomial_prior`); the role's share is
the posterior mean ``(k + M * mu) / (n + M)`` with a Wilson interval at ``n + M``
(:func:`~roleatlas.insights.stats.shrink_share`). Roles of a family that ask for the skill
alike give a strong prior (little of the role's own figure survives at small ``n``); roles that
differ give a weak one. A family with fewer than two roles with postings cannot be fitted and
the role's own postings are used as they are.

Strength
--------
``strong``
    Postings layer only. A difference between roles with ``|z| >= 3.29`` (p < 0.001) and
    every role's ``n >= TIP_MIN_N``; or a level (a share, a salary range, a median) from
    ``n >= 30`` observations whose 95% interval, for a share, is at most 30 points wide.
``moderate``
    A difference with ``|z| >= 1.96``; a level from ``n >= 10`` (salary and experience) or
    with an interval at most 50 points wide (shares); the survey layer at ``n >= 30`` when it
    had to use the family's titles (never strong); any family-pooled tip meeting these; O*NET
    and BLS figures of an occupation the catalog maps the role to exactly.
``weak``
    Everything else: small ``n``, wide intervals, ``|z| < 1.96``, O*NET and BLS figures of an
    approximate mapping.

Ranking
-------
Tips are ordered by strength (strong first), then layer (in the order above), then kind
(:data:`KINDS`), then a stable key naming the role and subject, so the order is a function of
the data alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleatlas.insights.profile import RoleProfile
from roleatlas.insights.tips._base import (
    KINDS,
    LAYERS,
    SALARY_MIN_N,
    STRENGTHS,
    TIP_MIN_N,
    Tip,
    _Context,
)
from roleatlas.insights.tips._postings import (
    _core_skill_tips,
    _duty_tips,
    _education_tips,
    _experience_tips,
    _skill_tips,
)
from roleatlas.insights.tips._reference import _onet_tips, _outlook_tips, _salary_tips
from roleatlas.store import Store

if TYPE_CHECKING:
    from roleatlas.insights.compare import PairDistinctions


__all__ = [
    "KINDS",
    "LAYERS",
    "SALARY_MIN_N",
    "STRENGTHS",
    "TIP_MIN_N",
    "Tip",
    "build_tips",
    "rank_tips",
]


def rank_tips(tips: list[Tip]) -> list[Tip]:
    """``tips`` by strength, then layer, then kind, then their stable key (see the module
    docstring); each tip once.

    Examples
    --------
    >>> tips = [Tip("salary", "b", {"n": 1}, layer="survey", strength="moderate", key="b"),
    ...         Tip("skill", "a", {"n": 1}, layer="postings", strength="moderate", key="a"),
    ...         Tip("outlook", "c", {"n": 1}, layer="bls", strength="strong", key="c")]
    >>> [t.text for t in rank_tips(tips)]
    ['c', 'a', 'b']
    """
    seen: set[tuple[str, str]] = set()
    out = []
    for t in sorted(
        tips,
        key=lambda t: (
            STRENGTHS.index(t.strength),
            LAYERS.index(t.layer),
            KINDS.index(t.kind) if t.kind in KINDS else len(KINDS),
            t.key,
            t.text,
        ),
    ):
        if (t.kind, t.key) in seen:
            continue
        seen.add((t.kind, t.key))
        out.append(t)
    return out


def build_tips(
    store: Store, profiles: list[RoleProfile], distinctions: list[PairDistinctions]
) -> list[Tip]:
    """Practical tips for a comparison of ``profiles``, ranked (see the module docstring).

    Parameters
    ----------
    store:
        The open store the profiles come from (read for family figures, salaries by level
        and country, years of experience and example postings).
    profiles:
        The compared roles' profiles.
    distinctions:
        Distinguishing skills of every pair (:func:`roleatlas.insights.compare.compare_roles`).

    Returns
    -------
    list of Tip
        Every tip with its layer, strength and evidence (each figure with its ``n``).
    """
    ctx = _Context(store, profiles)
    tips: list[Tip] = []
    for pair in distinctions:
        tips += _skill_tips(ctx, pair)
        tips += _duty_tips(ctx, pair)
    tips += _core_skill_tips(ctx)
    tips += _education_tips(ctx)
    tips += _experience_tips(ctx)
    tips += _salary_tips(ctx)
    tips += _onet_tips(ctx)
    tips += _outlook_tips(ctx)
    return rank_tips(tips)
