"""Tips from the compared roles' postings (family-pooled when thin).

Skills, degrees, years of experience and duties.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from roleatlas.insights.profile import DEGREE_LABELS, THEMES, TOOL_CATEGORIES, RoleProfile
from roleatlas.insights.stats import (
    percentiles,
    two_proportion_z,
)
from roleatlas.insights.tips._base import (
    _EXPERIENCE_VERB,
    _NOT_ACTIONS,
    _Z_CLEAR,
    CORE_SHARE,
    MIN_DIFFERENCE,
    SALARY_MIN_N,
    SKILLS_PER_DIRECTION,
    TIP_MIN_N,
    Tip,
    _ci,
    _Context,
    _difference_strength,
    _Estimate,
    _estimate,
    _level_strength,
    _own_words,
    _pct,
    _weakest,
    _years,
    _z,
)
from roleatlas.store import insights as q

if TYPE_CHECKING:
    from roleatlas.insights.compare import PairDistinctions


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


def _years_asked(ctx: _Context, roles: tuple[str, ...]) -> dict[str, Any]:
    """Years of experience asked by the postings of ``roles`` pooled: ``n``, quartiles and
    the two newest postings (of a single role), kept in the derived-figure cache (at a
    million postings the rows take a tenth of a second to read)."""

    def compute() -> dict[str, Any]:
        rows = [row for role in roles for row in q.experience_years(ctx.store, role)]
        pct = percentiles([y for _, y in rows], (25, 50, 75)) if rows else {}
        return {
            "n": len(rows),
            **{k: pct.get(k) for k in ("p25", "p50", "p75")},
            "examples": [k for k, _ in rows[:2]] if len(roles) == 1 else [],
        }

    result: dict[str, Any] = q.cached(ctx.store, f"tips-years|{','.join(roles)}", compute)
    return result


def _experience_tips(ctx: _Context) -> list[Tip]:
    """Median years of experience asked for, per role (the family's when a role has fewer
    than :data:`SALARY_MIN_N` postings stating years)."""
    rows: list[dict[str, Any]] = []
    examples: list[str] = []
    for p in ctx.profiles:
        own = _years_asked(ctx, (p.role["id"],))
        layer, family, years = "postings", None, own
        if own["n"] < SALARY_MIN_N:
            fam = ctx.family(p)
            if fam is not None:
                pooled = _years_asked(ctx, tuple(r for r in sorted(fam.n) if fam.n[r]))
                if pooled["n"] >= SALARY_MIN_N:
                    layer, family, years = "family-pooled", fam.name, pooled
        if not years["n"]:
            continue
        rows.append(
            {
                "role": p.role["id"],
                "name": p.role["name"],
                "layer": layer,
                "family": family,
                "own_n": own["n"],
                "n": years["n"],
                "median": years["p50"],
                "p25": years["p25"],
                "p75": years["p75"],
            }
        )
        examples += own["examples"]
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
