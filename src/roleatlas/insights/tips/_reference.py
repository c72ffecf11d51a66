"""Tips from the reference layers: salaries (postings, survey, BLS), O*NET, BLS outlook."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from roleatlas.insights.profile import RoleProfile
from roleatlas.insights.stats import (
    percentiles,
)
from roleatlas.insights.tips._base import (
    _LEVEL_WORDS,
    _US,
    SALARY_MIN_N,
    TIP_MIN_N,
    Tip,
    _Context,
    _level_strength,
    _money,
    _only,
    _reference_strength,
    _weakest,
)
from roleatlas.records import LEVELS
from roleatlas.store import insights as q

if TYPE_CHECKING:
    pass


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


def _survey_range(ctx: _Context, titles: list[str], level: str) -> dict[str, Any] | None:
    answers = q.survey_answers(ctx.store, titles, level=level, residence=_US)
    return _range([a[4] for a in answers]) if answers else None


def _posted_range(ctx: _Context, role: str, level: str) -> dict[str, Any]:
    """The quartiles of ``role``'s posted US salaries at ``level`` and its three newest
    postings with one."""
    us = [(k, m) for k, lv, c, m in q.salary_facts(ctx.store, role) if lv == level and c == _US]
    return {"range": _range([m for _, m in us]) if us else None, "examples": [k for k, _ in us[:3]]}


def _salary_tips(ctx: _Context) -> list[Tip]:
    """One "Expect $X-$Y" tip per role: at one level in the US, from postings when they have
    :data:`SALARY_MIN_N` figures, else the survey, else BLS wages of the mapped occupation."""
    level = _salary_level(ctx)
    tips = []
    for p in ctx.profiles:
        facts = q.cached(
            ctx.store,
            f"tips-posted|{p.role['id']}|{level}|{_US}",
            partial(_posted_range, ctx, p.role["id"], level),
        )
        posted = facts["range"]
        survey = p.salaries.survey
        surveyed = None
        if survey is not None:
            titles = list(survey.titles)
            surveyed = q.cached(
                ctx.store,
                f"tips-survey|{level}|{_US}|{chr(31).join(titles)}",
                partial(_survey_range, ctx, titles, level),
            )
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
            examples = list(facts["examples"])
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
