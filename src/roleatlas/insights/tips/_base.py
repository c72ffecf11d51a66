"""Shared parts of the tip builders: the Tip record, wording, strength rules, family pooling."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from roleatlas.catalog import load_catalog
from roleatlas.catalog.skills import load_skills
from roleatlas.insights.profile import RoleProfile
from roleatlas.insights.stats import (
    BetaPrior,
    beta_binomial_prior,
    shrink_share,
    wilson_interval,
)
from roleatlas.store import Store
from roleatlas.store import insights as q

if TYPE_CHECKING:
    pass


#: Read postings a role needs to stand on its own postings; below it, the family layer helps.
TIP_MIN_N = 20
#: Observations a salary range or a median of years needs to be shown from a layer.
SALARY_MIN_N = 10
#: Smallest difference in share (points) a tip about a difference reports.
MIN_DIFFERENCE = 0.10
#: Skill tips per direction of each pair.
SKILLS_PER_DIRECTION = 3
#: Share every compared role must reach for a skill to be a "learn it either way" tip.
CORE_SHARE = 0.5
#: Postings of the family (all its roles together) a skill needs to be scored by the family.
FAMILY_SUPPORT = 5
#: Evidence layers, most direct first (the ranking's second key).
LAYERS = ("postings", "family-pooled", "survey", "onet", "bls")
#: Strengths, strongest first.
STRENGTHS = ("strong", "moderate", "weak")
#: Tip kinds in the order ties are broken.
KINDS = (
    "skill",
    "core-skill",
    "education",
    "experience",
    "duty",
    "salary",
    "onet-task",
    "onet-education",
    "outlook",
)

_Z_CLEAR = 1.96
_Z_STRONG = 3.29
_STRONG_N = 30
_US = "US"
#: Skill categories that are not actions to take (shown in the skills section instead).
_NOT_ACTIONS = frozenset({"soft-skill"})
_EXPERIENCE_VERB = {"research", "domain", "business", "analytics"}
_LEVEL_WORDS = {"EN": "entry", "MI": "mid", "SE": "senior", "EX": "executive"}


@dataclass(slots=True)
class Tip:
    """A practical tip: ``action`` (short imperative), ``text`` (the action, then its
    numbers), the ``layer`` and ``strength`` of its ``evidence`` and example postings."""

    kind: str
    text: str
    evidence: dict[str, Any]
    examples: list[str] = field(default_factory=list)
    action: str = ""
    layer: str = "postings"
    strength: str = "weak"
    key: str = field(default="", repr=False, compare=False)


# -- formatting --------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{x:.0%}"


def _ci(low: float, high: float) -> str:
    return f"95% CI {low * 100:.0f}-{high * 100:.0f}%"


def _money(x: float) -> str:
    return f"${x / 1000:,.0f}K"


def _years(x: float) -> str:
    return f"{round(x, 1):g}"


def _only(n: int, noun: str, verb_one: str, verb_many: str) -> str:
    """ "no X posting states", "only 1 X posting states", "only 3 X postings state".

    >>> _only(0, "AI posting", "states", "state"), _only(3, "AI posting", "was read", "were read")
    ('no AI posting states', 'only 3 AI postings were read')
    """
    if n == 0:
        return f"no {noun} {verb_one}"
    return f"only 1 {noun} {verb_one}" if n == 1 else f"only {n} {noun}s {verb_many}"


def _postings(n: float) -> str:
    return "1 posting" if round(n) == 1 else f"{n:,.0f} postings"


def _level_strength(n: int, width: float | None = None, *, can_be_strong: bool = True) -> str:
    """Strength of a level (share, range, median) from ``n`` and, for shares, the interval
    width (see the module docstring)."""
    if width is not None:
        if can_be_strong and n >= _STRONG_N and width <= 0.30:
            return "strong"
        return "moderate" if n >= SALARY_MIN_N and width <= 0.50 else "weak"
    if can_be_strong and n >= _STRONG_N:
        return "strong"
    return "moderate" if n >= SALARY_MIN_N else "weak"


def _difference_strength(z: float, n_min: int, layer: str) -> str:
    if layer == "postings" and n_min >= TIP_MIN_N and abs(z) >= _Z_STRONG:
        return "strong"
    return "moderate" if abs(z) >= _Z_CLEAR else "weak"


def _reference_strength(profile: RoleProfile) -> str:
    return "weak" if profile.role["onet_approximate"] else "moderate"


def _weakest(strengths: Sequence[str]) -> str:
    return max(strengths, key=STRENGTHS.index)


# -- family pooling ----------------------------------------------------------------------
@dataclass(slots=True)
class _Family:
    """Read postings, skill and minimum-degree counts of every role of one family."""

    name: str
    n: dict[str, int]
    skills: dict[str, dict[str, int]]
    education_n: dict[str, int]
    degrees: dict[str, dict[str, int]]
    priors: dict[str, BetaPrior | None] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)  # skill → postings, all roles

    @property
    def total(self) -> int:
        return sum(self.n.values())

    @property
    def roles_with_postings(self) -> int:
        return sum(1 for v in self.n.values() if v)

    def skill_prior(self, skill: str) -> BetaPrior | None:
        # both compared roles of one family ask for the same priors
        if skill not in self.priors:
            self.priors[skill] = beta_binomial_prior(
                [(self.skills[r].get(skill, 0), self.n[r]) for r in sorted(self.n)]
            )
        return self.priors[skill]

    def degree_prior(self, level: str) -> BetaPrior | None:
        return beta_binomial_prior(
            [(self.degrees[r].get(level, 0), self.education_n[r]) for r in sorted(self.n)]
        )

    def skill_support(self, skill: str) -> int:
        if not self.support:
            for counts in self.skills.values():
                for name, count in counts.items():
                    self.support[name] = self.support.get(name, 0) + count
        return self.support.get(skill, 0)


def _family_data(store: Store, family: str) -> _Family:
    roles = [r.id for r in load_catalog() if r.family == family]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for role in roles:
            _, extracted = q.posting_counts(store, role)
            degrees = {lv: c for lv, (c, _) in q.degree_counts(store, role, 0).items()}
            out[role] = {
                "n": extracted,
                "skills": dict(q.role_skill_counts(store, role)) if extracted else {},
                "degrees": degrees,
            }
        return out

    data = q.cached(store, f"tips-family|{family}|{','.join(roles)}", compute)
    return _Family(
        family,
        {r: int(d["n"]) for r, d in data.items()},
        {r: {k: int(v) for k, v in d["skills"].items()} for r, d in data.items()},
        {r: sum(int(v) for v in d["degrees"].values()) for r, d in data.items()},
        {r: {k: int(v) for k, v in d["degrees"].items()} for r, d in data.items()},
    )


@dataclass(slots=True)
class _Estimate:
    """A role's share of postings with something: its own or shrunk towards its family."""

    role: str
    count: int
    n: int
    share: float
    low: float
    high: float
    pooled: BetaPrior | None = None
    family: _Family | None = None

    @property
    def layer(self) -> str:
        return "postings" if self.pooled is None else "family-pooled"

    @property
    def n_eff(self) -> float:
        return self.n + (self.pooled.strength if self.pooled else 0.0)

    def evidence(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "count": self.count,
            "n": self.n,
            "share": self.share,
            "low": self.low,
            "high": self.high,
        }
        if self.pooled is not None and self.family is not None:
            out["family"] = {
                "family": self.family.name,
                "roles": self.pooled.groups,
                "n": self.pooled.n,
                "share": self.pooled.mean,
                "strength": self.pooled.strength,
            }
        return out


def _estimate(
    role: str,
    count: int,
    n: int,
    family: _Family | None,
    prior: Callable[[_Family], BetaPrior | None],
) -> _Estimate | None:
    """The role's own share when ``n >= TIP_MIN_N``; else its share shrunk towards its
    family's share when the family can be fitted; else ``None`` (a share of a handful of
    postings that nothing steadies is no ground for a tip)."""
    if n < TIP_MIN_N:
        fitted = prior(family) if family is not None else None
        if fitted is None or fitted.n < TIP_MIN_N:
            return None
        s = shrink_share(count, n, fitted)
        return _Estimate(role, count, n, s.share, s.low, s.high, fitted, family)
    low, high = wilson_interval(count, n)
    return _Estimate(role, count, n, count / n, low, high)


def _z(a: _Estimate, b: _Estimate) -> float:
    """z of the difference of two estimates. Each standard error is read off the side of
    its 95% interval (Wilson, or Wilson at the effective size when shrunk) that faces the
    other estimate, so a share of 0 or 1 from a few postings keeps the uncertainty it has.

    >>> e = _Estimate("a", 18, 20, 0.9, *wilson_interval(18, 20))
    >>> round(_z(e, _Estimate("b", 0, 2, 0.0, *wilson_interval(0, 2))), 2)
    2.57
    """
    hi, lo = (a, b) if a.share >= b.share else (b, a)
    se = math.hypot((hi.share - hi.low) / _Z_CLEAR, (lo.high - lo.share) / _Z_CLEAR)
    return 0.0 if se <= 0 else (a.share - b.share) / se


def _own_words(e: _Estimate, name: str, what: str) -> str:
    """How an estimate reads: "42% of X postings (13/31, 95% CI 26-60%)" or, shrunk, "an
    estimated 38% of X postings (95% CI …; its own 1/3 pooled with the 'ai-ml' family's …)"."""
    if e.pooled is None or e.family is None:
        return f"{_pct(e.share)} of {name} {what} ({e.count}/{e.n}, {_ci(e.low, e.high)})"
    own = "no postings of its own, so" if e.n == 0 else f"{e.count}/{e.n} of its own,"
    return (
        f"an estimated {_pct(e.share)} of {name} {what} ({_ci(e.low, e.high)}; {own} pooled "
        f"with the '{e.family.name}' family's {_pct(e.pooled.mean)} of n={e.pooled.n:,} "
        f"across {e.pooled.groups} roles, weighted as {_postings(e.pooled.strength)})"
    )


# -- builders ----------------------------------------------------------------------------
class _Context:
    """What the builders share: the store, the profiles and the families' data."""

    def __init__(self, store: Store, profiles: list[RoleProfile]) -> None:
        self.store = store
        self.profiles = profiles
        self.catalog = load_skills()
        self._families: dict[str, _Family | None] = {}
        self._examples: dict[tuple[str, str], list[str]] = {}

    def family(self, profile: RoleProfile) -> _Family | None:
        name = str(profile.role.get("family") or "")
        if not name:
            return None
        if name not in self._families:
            fam = _family_data(self.store, name)
            self._families[name] = fam if fam.roles_with_postings >= 2 else None
        return self._families[name]

    def skill(self, p: RoleProfile, skill: str) -> _Estimate | None:
        family = self.family(p) if p.n_extracted < TIP_MIN_N else None
        return _estimate(
            p.role["id"],
            p.skill_counts.get(skill, 0),
            p.n_extracted,
            family,
            lambda f: f.skill_prior(skill) if f.skill_support(skill) >= FAMILY_SUPPORT else None,
        )

    def degree(self, p: RoleProfile, level: str) -> _Estimate | None:
        count = next((s.count for s in p.education if s.key == level), 0)
        family = self.family(p) if p.education_n < TIP_MIN_N else None
        return _estimate(
            p.role["id"], count, p.education_n, family, lambda f: f.degree_prior(level)
        )

    def skill_examples(self, role: str, skill: str) -> list[str]:
        key = (role, skill)
        if key not in self._examples:
            self._examples[key] = q.skill_examples(self.store, role, [skill]).get(skill, [])
        return self._examples[key]
