"""Compare two or more roles: their profiles, what distinguishes each pair, and tips.

What distinguishes role A from role B is the log-odds ratio of each skill with an informative
Dirichlet prior (Monroe, Colaresi & Quinn 2008), computed over posting counts: ``y_a`` postings
of A mention the skill. The prior is the skill's count over all postings, rescaled to the mean
of the two roles' totals, so it weighs as much as one role's evidence (the background counts
postings mentioning the skill anywhere, boilerplate included). A distinction is kept only when
the raw shares point the same way as ``z``. Skills mentioned by
fewer than :data:`MIN_SUPPORT` postings of the two roles together are not scored.

Each distinguishing skill carries its pay premium within the role it is typical of
(:func:`roleatlas.insights.profile.premium_cells`: employer-stated pay, fixed effects for
level, country and remote), or the reason it has none.

Tips are actions a job seeker can take, each with its numbers, its evidence layer and its
strength; they are built by :mod:`roleatlas.insights.tips`, which draws on a role's family,
the aijobs survey, O*NET and BLS when the role has fewer than :data:`TIP_MIN_N` postings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from roleatlas.catalog.skills import load_skills
from roleatlas.errors import InputError
from roleatlas.insights.profile import RoleProfile, premium_cells, role_profile
from roleatlas.insights.stats import log_odds_dirichlet
from roleatlas.insights.tips import LAYERS, STRENGTHS, TIP_MIN_N, Tip, build_tips
from roleatlas.store import Store
from roleatlas.store import insights as q

__all__ = [
    "MIN_SUPPORT",
    "TIP_MIN_N",
    "Comparison",
    "Distinction",
    "PairDistinctions",
    "Tip",
    "compare_roles",
]

#: Postings (both roles together) a skill needs before it is scored as distinguishing.
MIN_SUPPORT = 5
#: |z| above which a distinction counts as clear (two-sided 95%).
Z_CLEAR = 1.96


@dataclass(slots=True)
class Distinction:
    """One skill's log-odds ratio between roles ``a`` and ``b`` (positive: typical of a).

    ``premium`` is the skill's pay premium within the role it is typical of, in the shape of
    :func:`~roleatlas.insights.profile.premium_cells` (``None`` when that role has no
    postings read).
    """

    skill: str
    label: str
    category: str
    delta: float
    z: float
    count_a: int
    n_a: int
    count_b: int
    n_b: int
    examples: list[str] = field(default_factory=list)
    premium: dict[str, Any] | None = None


@dataclass(slots=True)
class PairDistinctions:
    """Distinguishing skills of the pair ``a`` / ``b``: ``for_a`` most typical of a first."""

    a: str
    b: str
    for_a: list[Distinction]
    for_b: list[Distinction]


@dataclass(slots=True)
class Comparison:
    """Profiles of the compared roles (in the order asked), their pairwise distinctions and
    tips."""

    roles: list[str]
    profiles: list[RoleProfile]
    distinctions: list[PairDistinctions]
    tips: list[Tip]
    method: dict[str, Any]


def _distinctions(
    store: Store, a: RoleProfile, b: RoleProfile, prior: dict[str, int], limit: int
) -> PairDistinctions:
    catalog = load_skills()
    support = {
        s: a.skill_counts.get(s, 0) + b.skill_counts.get(s, 0)
        for s in sorted(set(a.skill_counts) | set(b.skill_counts))
    }
    scored = {s: prior[s] for s, c in support.items() if c >= MIN_SUPPORT and prior.get(s)}
    total_a, total_b = sum(a.skill_counts.values()), sum(b.skill_counts.values())
    size = (total_a + total_b) / 2 or None
    results = log_odds_dirichlet(a.skill_counts, b.skill_counts, scored, prior_size=size)

    def make(rows: list[Any], owner: RoleProfile) -> list[Distinction]:
        terms = [r.term for r in rows]
        examples = q.cached(
            store,
            f"skill_examples|{owner.role['id']}|{','.join(terms)}",
            lambda: q.skill_examples(store, owner.role["id"], terms),
        )
        premiums = premium_cells(store, owner.role["id"], terms)[1] if owner.n_extracted else {}
        out = []
        for r in rows:
            skill = catalog.get(r.term)
            if skill is None:
                continue
            out.append(
                Distinction(
                    r.term,
                    skill.name,
                    skill.category,
                    r.delta,
                    r.z,
                    r.count_a,
                    a.n_extracted,
                    r.count_b,
                    b.n_extracted,
                    examples.get(r.term, []),
                    premiums.get(r.term),
                )
            )
        return out

    n_a, n_b = max(a.n_extracted, 1), max(b.n_extracted, 1)
    # The prior pulls a small role towards the background rate, which can give a skill a
    # positive z for a role that never asks for it; keep only distinctions whose raw
    # shares point the same way.
    for_a = [r for r in results if r.z > 0 and r.count_a / n_a > r.count_b / n_b]
    for_b = [r for r in reversed(results) if r.z < 0 and r.count_b / n_b > r.count_a / n_a]
    return PairDistinctions(
        a.role["id"], b.role["id"], make(for_a[:limit], a), make(for_b[:limit], b)
    )


def compare_roles(store: Store, names: list[str], *, limit: int = 10) -> Comparison:
    """Compare two or more roles section by section.

    Parameters
    ----------
    store:
        An open store.
    names:
        Two or more role ids, names or aliases (resolved through the catalog).
    limit:
        Distinguishing skills per direction of each pair.

    Returns
    -------
    Comparison
        Profiles in the order given, distinctions for every pair, tips.

    Raises
    ------
    InputError
        When fewer than two distinct roles are given or a name is not in the catalog.
    """
    profiles: list[RoleProfile] = []
    for name in names:
        profile = role_profile(store, name)
        if any(p.role["id"] == profile.role["id"] for p in profiles):
            continue
        profiles.append(profile)
    if len(profiles) < 2:
        raise InputError(
            f"A comparison needs at least two different roles. Got {list(names)!r}; name "
            "another role, e.g. 'ML Scientist' and 'ML Research Engineer'."
        )
    prior = q.cached(store, "prior_skill_counts", lambda: q.prior_skill_counts(store))
    distinctions = [_distinctions(store, a, b, prior, limit) for a, b in combinations(profiles, 2)]
    tips = build_tips(store, profiles, distinctions)
    method = {
        "distinction": "log-odds ratio, informative Dirichlet prior (Monroe et al. 2008)",
        "prior": "skill counts over all postings, rescaled to the mean of the two roles' totals",
        "min_support": MIN_SUPPORT,
        "tip_min_n": TIP_MIN_N,
        "z_clear": Z_CLEAR,
        "interval": "Wilson score, 95%",
        "tip_layers": list(LAYERS),
        "tip_strengths": list(STRENGTHS),
        "premium": "exp(beta) - 1 of log annual USD employer-stated pay on asking for the "
        "skill, within the role, fixed effects for level, country and remote, errors "
        "clustered by company (docs/premium.md); an association, not a cause",
        "tip_shrinkage": "beta-binomial empirical Bayes towards the role family's share, "
        "prior strength fitted by the method of moments across the family's roles",
    }
    return Comparison([p.role["id"] for p in profiles], profiles, distinctions, tips, method)
