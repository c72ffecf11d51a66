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

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from roleatlas.catalog import load_catalog
from roleatlas.catalog.skills import load_skills
from roleatlas.insights.profile import DEGREE_LABELS, THEMES, TOOL_CATEGORIES, RoleProfile
from roleatlas.insights.stats import (
    BetaPrior,
    beta_binomial_prior,
    percentiles,
    shrink_share,
    two_proportion_z,
    wilson_interval,
)
from roleatlas.records import LEVELS
from roleatlas.store import Store
from roleatlas.store import insights as q

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

    @property
    def total(self) -> int:
        return sum(self.n.values())

    @property
    def roles_with_postings(self) -> int:
        return sum(1 for v in self.n.values() if v)

    def skill_prior(self, skill: str) -> BetaPrior | None:
        return beta_binomial_prior(
            [(self.skills[r].get(skill, 0), self.n[r]) for r in sorted(self.n)]
        )

    def degree_prior(self, level: str) -> BetaPrior | None:
        return beta_binomial_prior(
            [(self.degrees[r].get(level, 0), self.education_n[r]) for r in sorted(self.n)]
        )

    def skill_support(self, skill: str) -> int:
        return sum(self.skills[r].get(skill, 0) for r in self.n)


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
        self._families: dict[str, _Family] = {}
        self._examples: dict[tuple[str, str], list[str]] = {}

    def family(self, profile: RoleProfile) -> _Family | None:
        name = str(profile.role.get("family") or "")
        if not name:
            return None
        if name not in self._families:
            self._families[name] = _family_data(self.store, name)
        fam = self._families[name]
        return fam if fam.roles_with_postings >= 2 else None

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


def _skill_action(label: str, category: str, role: str | None) -> str:
    if category == "certification":
        verb = f"Earn {label}"
    elif category == "human-language":
        verb = f"Speak {label}"
    elif category in _EXPERIENCE_VERB:
        verb = f"Gain experience in {label}"
    else:
        verb = f"Learn {label}"
    return verb + (f" for {role}" if role else "")


def _skill_tips(ctx: _Context, pair: PairDistinctions) -> list[Tip]:
    """Skills that set one role of the pair apart: from the distinctions (log-odds z) when
    both roles stand on their own postings, else from family-pooled estimates."""
    by_id = {p.role["id"]: p for p in ctx.profiles}
    a, b = by_id[pair.a], by_id[pair.b]
    own = a.n_extracted >= TIP_MIN_N and b.n_extracted >= TIP_MIN_N
    tips: list[Tip] = []
    for owner, other, rows in ((a, b, pair.for_a), (b, a, pair.for_b)):
        if own:
            picked = []
            for d in rows:
                skill = ctx.catalog.get(d.skill)
                if skill is None or skill.category in _NOT_ACTIONS or abs(d.z) < _Z_CLEAR:
                    continue
                mine, theirs = (d.count_a, d.count_b) if owner is a else (d.count_b, d.count_a)
                if mine / owner.n_extracted - theirs / other.n_extracted < MIN_DIFFERENCE:
                    continue
                e_own = _estimate(owner.role["id"], mine, owner.n_extracted, None, lambda f: None)
                e_other = _estimate(
                    other.role["id"], theirs, other.n_extracted, None, lambda f: None
                )
                assert e_own is not None and e_other is not None
                picked.append((d.skill, abs(d.z), e_own, e_other, d.examples))
        else:
            picked = _pooled_distinctions(ctx, owner, other)
        for skill_id, z, mine_e, other_e, examples in picked[:SKILLS_PER_DIRECTION]:
            tips.append(_skill_tip(ctx, owner, other, skill_id, z, mine_e, other_e, examples))
    return tips


def _pooled_distinctions(
    ctx: _Context, owner: RoleProfile, other: RoleProfile
) -> list[tuple[str, float, _Estimate, _Estimate, list[str]]]:
    candidates: set[str] = set(owner.skill_counts) | set(other.skill_counts)
    for p in (owner, other):
        fam = ctx.family(p) if p.n_extracted < TIP_MIN_N else None
        if fam is not None:
            candidates |= {s for r in fam.skills.values() for s in r}
    out = []
    for skill_id in sorted(candidates):
        skill = ctx.catalog.get(skill_id)
        if skill is None or skill.category in _NOT_ACTIONS:
            continue
        mine, theirs = ctx.skill(owner, skill_id), ctx.skill(other, skill_id)
        if mine is None or theirs is None or mine.share - theirs.share < MIN_DIFFERENCE:
            continue
        # a role's own postings must not contradict the pooled estimate's direction
        if mine.n and theirs.n and mine.count / mine.n <= theirs.count / theirs.n:
            continue
        z = _z(mine, theirs)
        if z >= _Z_CLEAR:
            examples = ctx.skill_examples(owner.role["id"], skill_id) if mine.count else []
            out.append((skill_id, z, mine, theirs, examples))
    out.sort(key=lambda r: (-round(r[1], 9), r[0]))
    return out


def _skill_tip(
    ctx: _Context,
    owner: RoleProfile,
    other: RoleProfile,
    skill_id: str,
    z: float,
    mine: _Estimate,
    theirs: _Estimate,
    examples: list[str],
) -> Tip:
    skill = ctx.catalog.get(skill_id)
    assert skill is not None
    name, other_name = owner.role["name"], other.role["name"]
    action = _skill_action(skill.name, skill.category, name)
    layer = "family-pooled" if mine.pooled or theirs.pooled else "postings"
    if mine.pooled is None:
        lead = (
            f"asked for in {_pct(mine.share)} of its postings "
            f"({mine.count}/{mine.n}, {_ci(mine.low, mine.high)})"
        )
    else:
        lead = "asked for in " + _own_words(mine, name, "postings")
    text = (
        f"{action}: {lead} vs {_own_words(theirs, other_name, 'postings')}; z={z:.1f}."
        if theirs.pooled
        else f"{action}: {lead} vs {_pct(theirs.share)} of {other_name} postings "
        f"({theirs.count}/{theirs.n}); z={z:.1f}."
    )
    evidence = {
        "skill": skill_id,
        "role": owner.role["id"],
        "count": mine.count,
        "n": mine.n,
        "other_role": other.role["id"],
        "other_count": theirs.count,
        "other_n": theirs.n,
        "z": z,
        "roles": {owner.role["id"]: mine.evidence(), other.role["id"]: theirs.evidence()},
    }
    strength = _difference_strength(z, min(mine.n, theirs.n), layer)
    return Tip(
        "skill",
        text,
        evidence,
        list(examples[:3]),
        action,
        layer,
        strength,
        f"{owner.role['id']}|{other.role['id']}|{skill_id}",
    )


def _is_tool(ctx: _Context, skill_id: str) -> bool:
    skill = ctx.catalog.get(skill_id)
    return skill is not None and skill.category in TOOL_CATEGORIES


def _core_skill_tips(ctx: _Context, limit: int = 2) -> list[Tip]:
    """Skills every compared role asks for in at least :data:`CORE_SHARE` of its postings."""
    candidates = sorted(set().union(*(p.skill_counts for p in ctx.profiles)))
    for p in ctx.profiles:
        fam = ctx.family(p) if p.n_extracted < TIP_MIN_N else None
        if fam is not None:
            candidates = sorted(set(candidates) | {s for r in fam.skills.values() for s in r})
    scored: list[tuple[float, str, list[_Estimate]]] = []
    for skill_id in candidates:
        skill = ctx.catalog.get(skill_id)
        if skill is None or skill.category in _NOT_ACTIONS:
            continue
        estimates = [ctx.skill(p, skill_id) for p in ctx.profiles]
        if any(e is None or e.share < CORE_SHARE for e in estimates):
            continue
        found = [e for e in estimates if e is not None]
        scored.append((min(e.share for e in found), skill_id, found))
    scored.sort(key=lambda r: (-round(r[0], 9), r[1]))
    # one tool (language, framework, platform…) and one other skill, the most shared first
    tools = [r for r in scored if _is_tool(ctx, r[1])][:1]
    others = [r for r in scored if not _is_tool(ctx, r[1])][: limit - len(tools)]
    scored = sorted(tools + others, key=lambda r: (-round(r[0], 9), r[1]))
    either = "either role" if len(ctx.profiles) == 2 else "any of these roles"
    tips = []
    for _, skill_id, found in scored[:limit]:
        skill = ctx.catalog.get(skill_id)
        assert skill is not None
        action = _skill_action(skill.name, skill.category, None) + f" for {either}"
        names = {p.role["id"]: p.role["name"] for p in ctx.profiles}
        parts = [_own_words(e, names[e.role], "postings") for e in found]
        text = f"{action}: asked for in " + " and ".join(parts) + "."
        layer = "family-pooled" if any(e.pooled for e in found) else "postings"
        strength = _weakest(
            [
                _level_strength(e.n, e.high - e.low, can_be_strong=layer == "postings")
                if e.pooled is None
                else _level_strength(round(e.n_eff), e.high - e.low, can_be_strong=False)
                for e in found
            ]
        )
        examples = [x for e in found for x in ctx.skill_examples(e.role, skill_id)[:2]]
        tips.append(
            Tip(
                "core-skill",
                text,
                {
                    "skill": skill_id,
                    "n": min(e.n for e in found),
                    "roles": {e.role: e.evidence() for e in found},
                },
                examples,
                action,
                layer,
                strength,
                skill_id,
            )
        )
    return tips


def _education_tips(ctx: _Context) -> list[Tip]:
    """A degree level whose share differs between roles; else the usual minimum degree."""
    names = {p.role["id"]: p.role["name"] for p in ctx.profiles}
    tips: list[Tip] = []
    for level in ("phd", "master"):
        estimates = [ctx.degree(p, level) for p in ctx.profiles]
        found = [e for e in estimates if e is not None]
        if len(found) < 2:
            continue
        top = max(found, key=lambda e: (e.share, e.role))
        low = min(found, key=lambda e: (e.share, e.role))
        if top.share - low.share < MIN_DIFFERENCE:
            continue
        tips.append(_degree_tip(ctx, level, found, top, low, names))
    if tips:
        return tips
    # no level differs: the most common minimum degree of the roles together
    counts: dict[str, int] = {}
    for p in ctx.profiles:
        for s in p.education:
            counts[s.key] = counts.get(s.key, 0) + s.count
    if not counts:
        return tips
    level = max(counts, key=lambda lv: (counts[lv], lv))
    found = [e for e in (ctx.degree(p, level) for p in ctx.profiles) if e is not None]
    if len(found) < 2:
        return tips
    label = DEGREE_LABELS[level]
    action = "Hold at least a " + label if level != "none" else "Skip the degree worry"
    parts = [_own_words(e, names[e.role], "postings that state a degree") for e in found]
    text = f"{action}: it is the most common minimum, in " + "; ".join(parts) + "."
    return [_degree_result(ctx, "education", level, found, action, text)]


def _degree_tip(
    ctx: _Context,
    level: str,
    found: list[_Estimate],
    top: _Estimate,
    low: _Estimate,
    names: dict[str, str],
) -> Tip:
    label = DEGREE_LABELS[level]
    verb = "Plan on" if top.share >= 0.5 else "Consider"
    action = f"{verb} a {label} for {names[top.role]}"
    others = [e for e in found if e is not top]
    text = (
        f"{action}: a {label} is the minimum in "
        + _own_words(top, names[top.role], "postings that state a degree")
        + "; "
        + "; ".join(
            f"{_pct(e.share)} for {names[e.role]} ({e.count}/{e.n})"
            if e.pooled is None
            else _own_words(e, names[e.role], "postings that state a degree")
            for e in others
        )
        + "."
    )
    tip = _degree_result(ctx, "education", level, found, action, text)
    tip.strength = _difference_strength(_z(top, low), min(top.n, low.n), tip.layer)
    return tip


def _degree_result(
    ctx: _Context, kind: str, level: str, found: list[_Estimate], action: str, text: str
) -> Tip:
    layer = "family-pooled" if any(e.pooled for e in found) else "postings"
    strength = _weakest(
        [_level_strength(e.n, e.high - e.low, can_be_strong=layer == "postings") for e in found]
    )
    examples = [
        x for p in ctx.profiles for s in p.education if s.key == level for x in s.examples[:2]
    ]
    evidence = {
        "level": level,
        "n": min(e.n for e in found),
        "roles": {e.role: e.evidence() for e in found},
    }
    return Tip(kind, text, evidence, examples, action, layer, strength, level)


def _experience_tips(ctx: _Context) -> list[Tip]:
    """Median years of experience asked for, per role (the family's when a role has fewer
    than :data:`SALARY_MIN_N` postings stating years)."""
    rows: list[dict[str, Any]] = []
    examples: list[str] = []
    for p in ctx.profiles:
        own = q.experience_years(ctx.store, p.role["id"])
        layer, family, years = "postings", None, [y for _, y in own]
        if len(own) < SALARY_MIN_N:
            fam = ctx.family(p)
            if fam is not None:
                pooled = [
                    y
                    for r in sorted(fam.n)
                    if fam.n[r]
                    for _, y in q.experience_years(ctx.store, r)
                ]
                if len(pooled) >= SALARY_MIN_N:
                    layer, family, years = "family-pooled", fam.name, pooled
        if not years:
            continue
        pct = percentiles(years, (25, 50, 75))
        rows.append(
            {
                "role": p.role["id"],
                "name": p.role["name"],
                "layer": layer,
                "family": family,
                "own_n": len(own),
                "n": len(years),
                "median": pct["p50"],
                "p25": pct["p25"],
                "p75": pct["p75"],
            }
        )
        examples += [k for k, _ in own[:2]]
    if not rows:
        return []
    bars: dict[int, list[str]] = {}
    for r in rows:
        bars.setdefault(math.floor(float(r["median"])), []).append(r["name"])
    ordered = sorted(bars.items())
    if len(ordered) == 1:
        action = f"Show {ordered[0][0]}+ years of experience"
    else:
        action = "Show " + ", ".join(
            f"{years}+ years of experience for {' and '.join(names)}"
            if i == 0
            else f"{years}+ for {' and '.join(names)}"
            for i, (years, names) in enumerate(ordered)
        )
    parts = []
    for r in rows:
        span = f"p25-p75 {_years(r['p25'])}-{_years(r['p75'])}"
        if r["layer"] == "postings":
            parts.append(
                f"{r['name']} postings that state years ask for a median of "
                f"{_years(r['median'])} ({span}; n={r['n']})"
            )
        else:
            states = {0: "no", 1: "only 1"}.get(r["own_n"], f"only {r['own_n']}")
            states += " posting states" if r["own_n"] <= 1 else " postings state"
            parts.append(
                f"{states} years for {r['name']}, so across the "
                f"'{r['family']}' family postings ask for a median of {_years(r['median'])} "
                f"({span}; n={r['n']:,})"
            )
    layer = "family-pooled" if any(r["layer"] != "postings" for r in rows) else "postings"
    strength = _weakest(
        [_level_strength(r["n"], can_be_strong=r["layer"] == "postings") for r in rows]
    )
    evidence = {
        "n": min(int(r["n"]) for r in rows),
        "roles": {
            r["role"]: {k: r[k] for k in ("n", "own_n", "median", "p25", "p75", "family")}
            for r in rows
        },
    }
    text = f"{action}: " + "; ".join(parts) + "."
    return [Tip("experience", text, evidence, examples, action, layer, strength, "years")]


def _theme_title(key: str, label: str) -> str:
    """The theme's name as the Responsibilities section shows it (named from its duties)."""
    name = label.split(":")[0].split(" (")[0].strip()
    if not name and key in THEMES:
        return THEMES[key][0]
    return name


def _duty_tips(ctx: _Context, pair: PairDistinctions) -> list[Tip]:
    """The duty theme most typical of each role of the pair (postings layer only)."""
    by_id = {p.role["id"]: p for p in ctx.profiles}
    a, b = by_id[pair.a], by_id[pair.b]
    tips = []
    for owner, other in ((a, b), (b, a)):
        theirs = {s.key: s for s in other.responsibilities}
        best = None
        # every theme of a role shares one n: its postings with verb-led duties
        n_b = other.responsibilities[0].n if other.responsibilities else 0
        for s in owner.responsibilities:
            if s.n < TIP_MIN_N or n_b < TIP_MIN_N:
                continue
            t = theirs.get(s.key)
            count_b = t.count if t else 0
            if s.share - count_b / n_b < MIN_DIFFERENCE:
                continue
            z = two_proportion_z(s.count, s.n, count_b, n_b)
            if z >= _Z_CLEAR and (best is None or (z, s.key) > (best[0], best[1].key)):
                best = (z, s, count_b)
        if best is None:
            continue
        z, s, count_b = best
        title = _theme_title(s.key, s.label)
        action = f"Prepare to {title[0].lower()}{title[1:]} as a {owner.role['name']}"
        text = (
            f"{action}: {_pct(s.share)} of {owner.role['name']} postings with stated duties "
            f"ask for it ({s.count}/{s.n}, {_ci(s.low, s.high)}) vs {_pct(count_b / n_b)} of "
            f"{other.role['name']} ({count_b}/{n_b}); z={z:.1f}."
        )
        evidence = {
            "theme": s.key,
            "role": owner.role["id"],
            "count": s.count,
            "n": s.n,
            "other_role": other.role["id"],
            "other_count": count_b,
            "other_n": n_b,
            "z": z,
        }
        strength = _difference_strength(z, min(s.n, n_b), "postings")
        tips.append(
            Tip(
                "duty",
                text,
                evidence,
                list(s.examples[:3]),
                action,
                "postings",
                strength,
                f"{owner.role['id']}|{other.role['id']}|{s.key}",
            )
        )
    return tips


def _salary_level(ctx: _Context) -> str:
    """The level salary tips speak of: senior, unless no compared role has senior figures,
    then the level with the most figures across layers (a stable tie-break by level)."""
    counts = dict.fromkeys(LEVELS, 0)
    for p in ctx.profiles:
        for g in p.salaries.postings_by_level:
            if g.key in counts:
                counts[g.key] += g.n
        if p.salaries.survey:
            for g in p.salaries.survey.by_level:
                if g.key in counts:
                    counts[g.key] += g.n
    if counts["SE"]:
        return "SE"
    best = max(LEVELS, key=lambda lv: (counts[lv], -LEVELS.index(lv)))
    return best if counts[best] else "SE"


def _range(values: list[float]) -> dict[str, Any]:
    pct = percentiles(values, (25, 50, 75))
    return {"n": len(values), "p25": pct["p25"], "p50": pct["p50"], "p75": pct["p75"]}


def _salary_tips(ctx: _Context) -> list[Tip]:
    """One "Expect $X-$Y" tip per role: at one level in the US, from postings when they have
    :data:`SALARY_MIN_N` figures, else the survey, else BLS wages of the mapped occupation."""
    level = _salary_level(ctx)
    tips = []
    for p in ctx.profiles:
        us = [
            (k, m)
            for k, lv, c, m in q.salary_facts(ctx.store, p.role["id"])
            if lv == level and c == _US
        ]
        posted = _range([m for _, m in us]) if us else None
        survey = p.salaries.survey
        answers: list[float] = []
        if survey is not None:
            answers = [
                a[4]
                for a in q.survey_answers(ctx.store, list(survey.titles))
                if a[0] == level and a[2] == _US
            ]
        surveyed = _range(answers) if answers else None
        name = p.role["name"]
        scope = f"at {_LEVEL_WORDS[level]} level in the US"
        evidence: dict[str, Any] = {
            "role": p.role["id"],
            "level": level,
            "country": _US,
            "postings": posted,
            "survey": None,
            "bls": None,
        }
        if surveyed is not None and survey is not None:
            evidence["survey"] = {
                **surveyed,
                "own_n": survey.own_n,
                "fallback_family": survey.fallback_family,
            }
        survey_note = ""
        if survey is not None and survey.fallback_family:
            survey_note = (
                f", answers for the whole '{survey.fallback_family}' family's titles: only "
                f"{survey.own_n} for {name}'s own"
            )
        if posted and posted["n"] >= SALARY_MIN_N:
            layer, main = "postings", posted
            strength = _level_strength(posted["n"])
            extra = (
                f"; survey layer {_money(surveyed['p25'])}-{_money(surveyed['p75'])} "
                f"(n={surveyed['n']}{survey_note})"
                if surveyed
                else ""
            )
            text_src = f"postings layer n={posted['n']} (median {_money(posted['p50'])}){extra}"
            examples = [k for k, _ in us[:3]]
        elif surveyed and surveyed["n"] >= SALARY_MIN_N:
            layer, main = "survey", surveyed
            strength = _level_strength(
                surveyed["n"], can_be_strong=survey is not None and not survey.fallback_family
            )
            extra = f"; postings layer n={posted['n']} only" if posted else ""
            text_src = (
                f"aijobs.net survey layer n={surveyed['n']} (median {_money(surveyed['p50'])}"
                f"{survey_note}){extra}"
            )
            examples = []
        else:
            tip = _bls_salary_tip(p, posted, surveyed, evidence)
            if tip is not None:
                tips.append(tip)
            continue
        assert main["p25"] is not None and main["p75"] is not None
        evidence["n"] = main["n"]
        action = f"Expect {_money(main['p25'])}-{_money(main['p75'])} {scope} for {name}"
        text = f"{action} (p25-p75 of annual USD): {text_src}."
        tips.append(Tip("salary", text, evidence, examples, action, layer, strength, p.role["id"]))
    return tips


def _bls_salary_tip(
    p: RoleProfile,
    posted: dict[str, Any] | None,
    surveyed: dict[str, Any] | None,
    evidence: dict[str, Any],
) -> Tip | None:
    wages = [w for w in p.salaries.bls if w.a_pct25 is not None and w.a_pct75 is not None]
    if not wages:
        return None
    w = wages[0]
    assert w.a_pct25 is not None and w.a_pct75 is not None
    employment = int(w.employment or 0)
    if not employment:
        return None
    name = p.role["name"]
    approx = " (an approximate mapping)" if p.role["onet_approximate"] else ""
    action = f"Expect {_money(w.a_pct25)}-{_money(w.a_pct75)} in the US for {name}"
    thin = []
    if posted:
        thin.append(f"postings layer n={posted['n']}")
    if surveyed:
        thin.append(f"survey layer n={surveyed['n']}")
    few = f"; too few figures for the role itself ({', '.join(thin)})" if thin else ""
    text = (
        f"{action} (p25-p75 of annual wages, all levels): BLS OEWS for {w.soc} {w.title}"
        f"{approx}, n={employment:,} employed{few}."
    )
    evidence = {
        **evidence,
        "level": None,
        "n": employment,
        "bls": {
            "soc": w.soc,
            "n": employment,
            "p25": w.a_pct25,
            "p50": w.a_median,
            "p75": w.a_pct75,
        },
    }
    return Tip("salary", text, evidence, [], action, "bls", _reference_strength(p), p.role["id"])


def _onet_tips(ctx: _Context) -> list[Tip]:
    """For roles with fewer than :data:`TIP_MIN_N` postings: the mapped occupation's most
    important O*NET task (with the incumbents who rated it) and its usual education."""
    tips: list[Tip] = []
    for p in ctx.profiles:
        if p.n_extracted >= TIP_MIN_N:
            continue
        name = p.role["name"]
        strength = _reference_strength(p)
        task = next((t for t in p.onet_tasks if t.get("incumbents_responding")), None)
        if task is not None:
            statement = str(task["task"]).rstrip(".")
            action = f"Prepare to {statement[0].lower()}{statement[1:]}"
            importance = task.get("importance")
            rated = f"importance {importance:.1f} of 5, " if importance is not None else ""
            text = (
                f"{action}: the most important task of {task['source']} ({rated}"
                f"n={int(task['incumbents_responding'])} incumbents responding), which {name} "
                f"maps to; {_only(p.n_extracted, f'{name} posting', 'was read', 'were read')}."
            )
            tips.append(
                Tip(
                    "onet-task",
                    text,
                    {
                        "role": p.role["id"],
                        "soc": task["soc"],
                        "task_id": task["task_id"],
                        "importance": importance,
                        "n": int(task["incumbents_responding"]),
                    },
                    [],
                    action,
                    "onet",
                    strength,
                    f"{p.role['id']}|{task['task_id']}",
                )
            )
        rows = [e for e in p.onet_education if e.get("share") and e.get("n")]
        if rows and p.education_n < TIP_MIN_N:
            top = max(rows, key=lambda e: (float(e["share"]), -int(e["category"])))
            label = str(top["label"]).split(" - ")[0].split(" (")[0]
            action = f"Aim for a {label.lower()} for {name}"
            text = (
                f"{action}: {float(top['share']):.0f}% of the respondents for {top['source']} "
                f"report it as the education the job requires (n={int(top['n'])}), which "
                f"{name} maps to; {_only(p.education_n, f'{name} posting', 'states', 'state')} "
                "a degree."
            )
            tips.append(
                Tip(
                    "onet-education",
                    text,
                    {
                        "role": p.role["id"],
                        "soc": top["soc"],
                        "category": int(top["category"]),
                        "share": float(top["share"]) / 100,
                        "n": int(top["n"]),
                    },
                    [],
                    action,
                    "onet",
                    strength,
                    f"{p.role['id']}|education",
                )
            )
    return tips


def _outlook_tips(ctx: _Context) -> list[Tip]:
    """BLS projected change of each mapped occupation (once per occupation)."""
    by_soc: dict[str, tuple[dict[str, Any], list[RoleProfile]]] = {}
    for p in ctx.profiles:
        for proj in p.projections[:1]:  # the role's primary occupation
            entry = by_soc.setdefault(str(proj["soc"]), (proj, []))
            if p not in entry[1]:
                entry[1].append(p)
    tips = []
    for soc in sorted(by_soc):
        proj, roles = by_soc[soc]
        base = proj.get("employment_base")
        change = proj.get("change_pct")
        if not base or change is None:
            continue
        names = " and ".join(p.role["name"] for p in roles)
        maps = "map" if len(roles) > 1 else "maps"
        trend = "growing" if change > 0 else "shrinking" if change < 0 else "steady"
        action = f"Expect {trend} demand for {names}"
        openings = proj.get("openings_annual")
        text = (
            f"{action}: BLS projects employment in {soc} {proj['title']} (which {names} "
            f"{maps} to) to change {change:+.1f}% from {proj['base_year']} to "
            f"{proj['target_year']} (n={int(base):,} employed in {proj['base_year']}"
            + (f"; {int(openings):,} openings a year" if openings else "")
            + ")."
        )
        strength = _weakest([_reference_strength(p) for p in roles])
        evidence = {
            "soc": soc,
            "roles": [p.role["id"] for p in roles],
            "change_pct": change,
            "openings_annual": openings,
            "base_year": proj["base_year"],
            "target_year": proj["target_year"],
            "n": int(base),
        }
        tips.append(Tip("outlook", text, evidence, [], action, "bls", strength, soc))
    return tips


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
