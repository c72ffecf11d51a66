"""Render a role profile or a comparison as JSON, Markdown or terminal text.

All three renderers (and :mod:`roleatlas.report.html`) walk the same document model built by
:func:`document`: a list of :class:`Block` (headings, paragraphs, notes, tables, lists and
chart data), so every face shows the same figures. The JSON is the full evidence structure
(schema in docs/comparison.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from roleatlas.catalog.skills import load_skills
from roleatlas.insights.compare import Comparison
from roleatlas.insights.profile import SOFT_CATEGORIES, TOOL_CATEGORIES, RoleProfile, Share
from roleatlas.insights.salaries import SalaryGroup
from roleatlas.insights.stats import wilson_interval
from roleatlas.records import LEVEL_LABELS, LEVELS
from roleatlas.report.escape import markdown_escape, markdown_link, safe_url, terminal_safe

__all__ = [
    "SCHEMA",
    "Block",
    "blocks_to_markdown",
    "blocks_to_text",
    "document",
    "to_json",
    "to_markdown",
    "to_rich",
    "to_text",
]

#: Identifies the JSON layout; bumped on any incompatible change.
SCHEMA = "roleatlas.comparison/1"

_SMALL = "small sample"


@dataclass(slots=True)
class Block:
    """One element of a report.

    ``kind`` is ``h1``, ``h2``, ``h3``, ``p``, ``note``, ``list``, ``table`` or ``chart``;
    ``text`` holds the text of headings, paragraphs and notes (a chart's caption); ``items``
    the list items; ``headers``/``rows`` the table; ``links`` the URL of each list item,
    where it has one (a related posting's page); ``chart`` the chart data, one of:

    * ``{"type": "bars", "bars": [{"label", "value", "low", "high", "n"}]}``: shares of one
      role (kept for callers that build it; the reports emit ``grouped-bars``).
    * ``{"type": "grouped-bars", "unit": "share", "series": [{"key": role id, "name": role
      name, "n": postings read}], "groups": [{"label": skill, "values": [{"value": share,
      "low", "high": 95% Wilson interval, "count", "n"} | None per series]}]}``: skill shares
      of every role of the report on one chart (one series for a profile); ``None`` when
      the role has no postings read.
    * ``{"type": "ranges", "ranges": [{"label", "n", "p25", "p50", "p75", "layer"}]}``.
    * ``{"type": "grouped-ranges", "unit": "usd", "series": [...as above...], "groups":
      [{"label": level and layer, "values": [{"p25", "p50", "p75", "n", "layer": "postings"
      | "survey"} | None per series]}]}``: annual USD salary ranges by level, the roles side
      by side; layers are separate groups and never pooled.
    * ``{"type": "line", "unit": "usd", "x": "year", "series": [{"key", "name", "points":
      [{"x": year, "y": median, "n"}]}]}``: aijobs survey median pay by year.
    * ``{"type": "months", "months": [{"month", "postings"}], "n"}``: postings by month.

    All text is plain text, data included: each renderer escapes it for its format.
    """

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    chart: dict[str, Any] = field(default_factory=dict)
    links: list[str | None] = field(default_factory=list)


def _parts(obj: RoleProfile | Comparison) -> tuple[list[RoleProfile], Comparison | None]:
    if isinstance(obj, Comparison):
        return obj.profiles, obj
    return [obj], None


def to_json(obj: RoleProfile | Comparison) -> dict[str, Any]:
    """The full evidence of a profile or comparison as a JSON-ready dict.

    Examples
    --------
    >>> from roleatlas.insights.compare import Comparison
    >>> to_json(Comparison([], [], [], [], {}))["schema"]
    'roleatlas.comparison/1'
    """
    profiles, comparison = _parts(obj)
    return {
        "schema": SCHEMA,
        "kind": "comparison" if comparison else "profile",
        "roles": [p.role["id"] for p in profiles],
        "profiles": [asdict(p) for p in profiles],
        "distinctions": [asdict(d) for d in comparison.distinctions] if comparison else [],
        "tips": [asdict(t) for t in comparison.tips] if comparison else [],
        "method": dict(comparison.method) if comparison else {},
    }


# -- formatting helpers ---------------------------------------------------------------------
def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


def _money(x: float | None) -> str:
    return "n/a" if x is None else f"${x:,.0f}"


def _n(n: int | float | None, small: bool | None = None) -> str:
    if n is None:
        return "n/a"
    flag = (n < 30) if small is None else small
    return f"{n:,.0f}" + (f" ({_SMALL})" if flag else "")


def _ex(keys: list[str]) -> str:
    return ", ".join(keys)


def _premium(cell: Mapping[str, Any] | None) -> str:
    """A pay premium cell, kept short for narrow screens: ``+8% [2%, 14%] n=120/300``
    (postings with a stated salary that ask for the skill / that do not), or ``n/a`` and
    why (:func:`roleatlas.insights.profile.premium_cells`).

    >>> _premium({"premium": 0.081, "low": -0.02, "high": 0.14, "n_with": 120, "n_without": 300})
    '+8% [-2%, 14%] n=120/300'
    >>> _premium({"premium": 0.08, "low": -0.004, "high": 0.17, "n_with": 100, "n_without": 295})
    '+8% [-0.4%, 17%] n=100/295'
    >>> _premium({"premium": None, "reason": "fewer than 20 postings with or without it"})
    'n/a (too few)'
    """

    def pct(x: float, sign: str = "") -> str:
        # a figure that rounds to 0% keeps one decimal: "-0%" would hide which side it is on
        return f"{x:{sign}.1%}" if x and round(x * 100) == 0 else f"{x:{sign}.0%}"

    if cell is None:
        return "n/a"
    if cell.get("premium") is None:
        reason = str(cell.get("reason") or "")
        if reason.startswith("fewer than") and "postings" in reason:
            return "n/a (too few)"
        if "companies" in reason:
            return "n/a (few employers)"
        return "n/a (not estimated)"
    return (
        f"{pct(cell['premium'], '+')} [{pct(cell['low'])}, {pct(cell['high'])}] "
        f"n={cell['n_with']}/{cell['n_without']}"
    )


def _premium_note(profiles: list[RoleProfile], within: str) -> Block:
    """The sentence under every table with a pay premium column."""
    models = [p.premium for p in profiles if p.premium is not None]
    effects = [
        e for e in ("level", "country", "remote") if any(e in m["fixed_effects"] for m in models)
    ]
    held = " and ".join([", ".join(effects[:-1]), effects[-1]] if len(effects) > 1 else effects)
    support = models[0]["min_support"] if models else 20
    return Block(
        "p",
        f"Pay premium: what postings that ask for the skill pay over those that do not, "
        f"{within}, in employer-stated pay, with fixed effects for "
        f"{held or 'level, country and remote'} (95% CI; n = postings with a stated salary "
        f"with / without the skill; n/a: under {support} either way, or too few employers). "
        "An association, not a cause. Method: docs/premium.md.",
    )


def _share_table(shares: list[Share], label: str, premium: bool = False) -> Block:
    return Block(
        "table",
        headers=[
            label,
            "share",
            "95% CI",
            "postings / n",
            *(["pay premium"] if premium else []),
            "examples",
        ],
        rows=[
            [
                s.label,
                _pct(s.share),
                f"{_pct(s.low)}-{_pct(s.high)}",
                f"{s.count} / {_n(s.n, s.small_sample)}",
                *([_premium(s.premium)] if premium else []),
                _ex(s.examples),
            ]
            for s in shares
        ],
    )


def _series(profiles: list[RoleProfile]) -> list[dict[str, Any]]:
    return [{"key": p.role["id"], "name": p.role["name"], "n": p.n_extracted} for p in profiles]


def _share_value(p: RoleProfile, skill: str) -> dict[str, Any] | None:
    """A role's share of postings asking for ``skill`` (``None``: no postings read)."""
    n = p.n_extracted
    if not n:
        return None
    count = p.skill_counts.get(skill, 0)
    low, high = wilson_interval(count, n)
    return {"value": count / n, "low": low, "high": high, "count": count, "n": n}


#: Skills on a grouped skill chart.
CHART_SKILLS = 10


def _skill_chart(
    title: str,
    profiles: list[RoleProfile],
    lists: list[list[Share]],
    leading: Sequence[tuple[str, str]] = (),
) -> Block | None:
    """One ``grouped-bars`` chart of the roles' shares of the skills in ``leading`` (the
    pair's distinguishing skills) and then of the most asked for in ``lists``, at most
    :data:`CHART_SKILLS`, largest share first (ties by label)."""
    chosen: dict[str, str] = {}
    for key, label in leading:
        if len(chosen) < CHART_SKILLS // 2:
            chosen.setdefault(key, label)
    asked = sorted(
        {(s.key, s.label): s.share for shares in lists for s in shares}.items(),
        key=lambda kv: (-kv[1], kv[0][1], kv[0][0]),
    )
    for (key, label), _ in asked:
        if len(chosen) >= CHART_SKILLS:
            break
        chosen.setdefault(key, label)
    if not chosen:
        return None
    rows = [(label, [_share_value(p, key) for p in profiles]) for key, label in chosen.items()]
    rows.sort(key=lambda r: (-max((v["value"] for v in r[1] if v), default=0.0), r[0]))
    groups = [{"label": label, "values": values} for label, values in rows]
    chart: dict[str, Any] = {"type": "grouped-bars", "unit": "share", "series": _series(profiles)}
    return Block("chart", text=title, chart={**chart, "groups": groups})


def _salary_rows(groups: list[SalaryGroup], label: dict[str, str] | None = None) -> list[list[str]]:
    return [
        [
            (label or {}).get(g.key, g.key),
            _n(g.n, g.small_sample),
            _money(g.p10),
            _money(g.p25),
            _money(g.p50),
            _money(g.p75),
            _money(g.p90),
            _ex(g.examples),
        ]
        for g in groups
    ]


_SAL_HEAD = ["group", "n", "p10", "p25", "median", "p75", "p90", "examples"]


def _head(p: RoleProfile) -> Block:
    small = f", {_SMALL}" if p.n_postings < 30 else ""
    return Block("h3", f"{p.role['name']} ({p.n_postings:,} postings{small})")


def _names(profiles: list[RoleProfile]) -> str:
    names = [p.role["name"] for p in profiles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _reference(
    profiles: list[RoleProfile],
    parts_of: Callable[[RoleProfile], list[tuple[str, list[Block]]]],
) -> tuple[dict[str, list[Block]], list[Block]]:
    """Reference blocks (O*NET, BLS) of each role, shown once per occupation.

    ``parts_of(profile)`` gives a role's blocks per occupation code. When roles map to the
    same occupation, its blocks (identical for each) are shown once, after the roles' own
    figures, under a heading that names the roles and the code; the rest stays in each
    role's part. Returns the blocks per role id and the shared blocks.
    """
    parts = {p.role["id"]: parts_of(p) for p in profiles}
    holders: dict[tuple[str, int], list[RoleProfile]] = {}
    kinds: list[tuple[str, list[Block]]] = []
    for p in profiles:
        for soc, blocks in parts[p.role["id"]]:
            if not blocks:
                continue
            index = next(
                (i for i, (code, seen) in enumerate(kinds) if code == soc and seen == blocks),
                len(kinds),
            )
            if index == len(kinds):
                kinds.append((soc, blocks))
            holders.setdefault((soc, index), []).append(p)
    own: dict[str, list[Block]] = {p.role["id"]: [] for p in profiles}
    # one heading per set of roles, naming every code they share
    groups: dict[tuple[str, ...], tuple[list[RoleProfile], list[str], list[Block]]] = {}
    for (soc, index), members in holders.items():
        blocks = kinds[index][1]
        if len(members) < 2:
            own[members[0].role["id"]] += blocks
            continue
        key = tuple(p.role["id"] for p in members)
        _, codes, shown = groups.setdefault(key, (members, [], []))
        codes.append(soc)
        shown += blocks
    shared: list[Block] = []
    for members, codes, blocks in groups.values():
        shared += [Block("h3", f"Shared by {_names(members)} ({', '.join(codes)})"), *blocks]
    return own, shared


# -- sections -------------------------------------------------------------------------------
def _definitions(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Definitions")]
    for p in profiles:
        out += [_head(p), Block("p", p.definition)]
        if p.data_sentence:
            out.append(Block("p", "From postings: " + p.data_sentence))
        if p.role.get("onet_none_close"):
            out.append(
                Block(
                    "p",
                    "No close O*NET occupation: O*NET tasks, technologies, education, BLS "
                    "industries, outlook and wages are not shown for this role.",
                )
            )
        elif p.onet_tasks:
            approx = " (approximate)" if p.role.get("onet_approximate") else ""
            titles = dict.fromkeys(t["source"].split(" (")[0] for t in p.onet_tasks)
            out.append(Block("p", f"Mapped occupation{approx}: {'; '.join(titles)}."))
        out += [Block("note", n) for n in p.notes]
    if len(profiles) > 1:
        # roles whose first (nearest) occupation is the same get the same reference blocks
        socs: dict[str, list[RoleProfile]] = {}
        for p in profiles:
            if not p.role.get("onet_none_close") and p.role["onet_soc"]:
                socs.setdefault(p.role["onet_soc"][0], []).append(p)
        for soc, members in socs.items():
            if len(members) > 1:
                out.append(
                    Block(
                        "note",
                        f"{_names(members)} map to the same O*NET occupation ({soc}): its "
                        "tasks, technologies, education, industries, outlook and wages are "
                        'shown once in each section, under "Shared by".',
                    )
                )
    return out


def _quotes(p: RoleProfile) -> Block | None:
    items = [
        f"{theme.label}: “{q['text']}” [{q['key']}]"
        for theme in p.responsibilities[:8]
        for q in theme.quotes
    ]
    return Block("list", items=items) if items else None


def _per_soc(items: list[Any], soc_of: Callable[[Any], str]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for item in items:
        out.setdefault(soc_of(item), []).append(item)
    return out


def _onet_tasks(p: RoleProfile) -> list[tuple[str, list[Block]]]:
    return [
        (
            soc,
            [
                Block("p", f"O*NET tasks ({tasks[0]['source']}):"),
                Block("list", items=[t["task"] for t in tasks[:6]]),
            ],
        )
        for soc, tasks in _per_soc(p.onet_tasks, lambda t: t["soc"]).items()
    ]


def _responsibilities(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Responsibilities")]
    own, shared = _reference(profiles, _onet_tasks)
    for p in profiles:
        out.append(_head(p))
        if p.responsibilities:
            out.append(
                Block(
                    "p",
                    "Themes of the duties stated in postings, named after what their duties "
                    "most often say (share of the "
                    f"{p.responsibilities[0].n:,} postings with verb-led duties):",
                )
            )
            out.append(_share_table(p.responsibilities[:8], "theme"))
            quotes = _quotes(p)
            if quotes:
                out += [Block("p", "In the postings' words (one or two duties per theme):"), quotes]
        elif not p.no_postings:
            out.append(Block("note", "No responsibility statements were read from postings."))
        out += own[p.role["id"]]
    return out + shared


def _hot_technologies(p: RoleProfile) -> list[tuple[str, list[Block]]]:
    hot = [t for t in p.onet_technology if t.get("hot_technology")]
    return [
        (
            soc,
            [
                Block("p", f"O*NET Hot Technologies ({items[0]['source']}):"),
                Block("p", ", ".join(dict.fromkeys(t["example"] for t in items[:20]))),
            ],
        )
        for soc, items in _per_soc(hot, lambda t: t["soc"]).items()
    ]


def _soft(p: RoleProfile) -> list[Block]:
    if not p.soft_skills:
        return []
    items = ", ".join(f"{s.label} {_pct(s.share)} ({s.count}/{s.n})" for s in p.soft_skills[:8])
    return [Block("p", f"Soft skills and languages, listed apart: {items}.")]


def _distinction_rows(items: list[Any], a: str, b: str, premium: bool = False) -> list[list[str]]:
    return [
        [
            f"{d.label} ({a if d.z > 0 else b})",
            f"{d.z:+.2f}",
            f"{d.count_a} / {_n(d.n_a)}",
            f"{d.count_b} / {_n(d.n_b)}",
            *([_premium(d.premium)] if premium else []),
            _ex(d.examples),
        ]
        for d in items
    ]


def _has_premium(profiles: list[RoleProfile]) -> bool:
    """Whether the profiles carry pay premiums (JSON written before they existed does not)."""
    return any(p.premium is not None for p in profiles)


def _skills(profiles: list[RoleProfile], comparison: Comparison | None) -> list[Block]:
    out = [Block("h2", "Required skills")]
    premium = _has_premium(profiles)
    for p in profiles:
        out += [_head(p), _share_table(p.skills, "skill", p.premium is not None), *_soft(p)]
    if premium:  # once, under the last role's table
        out.append(_premium_note(profiles, "within the same role"))
    leading: list[tuple[str, str]] = []
    if comparison:
        names = {p.role["id"]: p.role["name"] for p in profiles}
        for pair in comparison.distinctions:
            a, b = names[pair.a], names[pair.b]
            found = [*pair.for_a, *pair.for_b]
            hard = [d for d in found if d.category not in SOFT_CATEGORIES]
            soft = [d for d in found if d.category in SOFT_CATEGORIES]
            leading += [
                (d.skill, d.label) for d in sorted(hard, key=lambda d: (-abs(d.z), d.skill))
            ]
            out.append(Block("h3", f"What distinguishes {a} from {b}"))
            out.append(
                Block(
                    "p",
                    "Technical skills and tools, by log-odds ratio with an informative "
                    "Dirichlet prior (Monroe et al. 2008); |z| >= 1.96 is a clear difference.",
                )
            )
            out.append(
                Block(
                    "table",
                    headers=[
                        "skill (typical of)",
                        "z",
                        a,
                        b,
                        *(["pay premium"] if premium else []),
                        "examples",
                    ],
                    rows=_distinction_rows(hard, a, b, premium),
                )
            )
            if premium and hard:
                out.append(_premium_note(profiles, "within the role the skill is typical of"))
            if soft:
                out.append(
                    Block(
                        "p",
                        "Soft skills and languages that differ (listed apart): "
                        + "; ".join(
                            f"{d.label} ({a if d.z > 0 else b}, z={d.z:+.2f}, "
                            f"{d.count_a}/{d.n_a} vs {d.count_b}/{d.n_b})"
                            for d in soft
                        )
                        + ".",
                    )
                )
    chart = _skill_chart(
        "Skills asked for: share of postings (95% CI)",
        profiles,
        [p.skills for p in profiles],
        [(k, lab) for k, lab in leading if k not in _tool_keys(profiles)],
    )
    if chart:
        out.append(chart)
    out.append(Block("h2", "Tools and software"))
    own, shared = _reference(profiles, _hot_technologies)
    for i, p in enumerate(profiles):
        out += [_head(p), _share_table(p.tools, "tool", p.premium is not None)]
        if premium and i == len(profiles) - 1:  # once, under the last role's table
            out.append(_premium_note(profiles, "within the same role"))
        out += own[p.role["id"]]
    chart = _skill_chart(
        "Tools asked for: share of postings (95% CI)",
        profiles,
        [p.tools for p in profiles],
        [(k, lab) for k, lab in leading if k in _tool_keys(profiles)],
    )
    if chart:
        out.append(chart)
    return out + shared


def _tool_keys(profiles: list[RoleProfile]) -> set[str]:
    catalog = load_skills()
    keys = {k for p in profiles for k in p.skill_counts}
    return {k for k in keys if (s := catalog.get(k)) is not None and s.category in TOOL_CATEGORIES}


def _reference_education(p: RoleProfile) -> list[tuple[str, list[Block]]]:
    out: list[tuple[str, list[Block]]] = []
    for soc, levels in _per_soc(p.onet_education, lambda e: e["soc"]).items():
        items = [
            f"{str(e['label']).split(' - ')[0]}: {e['share']:.0f}% (n={_n(e['n'])})"
            for e in levels
            if e["share"]
        ]
        src = levels[0]["source"]
        out.append(
            (soc, [Block("p", f"O*NET education levels ({src}):"), Block("list", items=items)])
        )
    for e in p.bls_education:
        text = f"BLS typical entry education ({e['soc']} {e['title']}): {e['education']}."
        out.append((e["soc"], [Block("p", text)]))
    return out


def _education(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Educational backgrounds")]
    own, shared = _reference(profiles, _reference_education)
    for p in profiles:
        out.append(_head(p))
        if p.education:
            out.append(Block("p", "Minimum degree required, postings that state one:"))
            out.append(_share_table(p.education, "degree"))
        elif not p.no_postings:
            out.append(Block("note", "No posting of this role states a degree."))
        out += own[p.role["id"]]
    return out + shared


def _bls_industries(p: RoleProfile) -> list[tuple[str, list[Block]]]:
    return [
        (
            soc,
            [
                Block("p", f"BLS OEWS national employment by industry ({soc}):"),
                Block(
                    "table",
                    headers=["SOC", "industry", "employment", "share of SOC"],
                    rows=[
                        [
                            i["soc"],
                            str(i["industry_name"]),
                            f"{i['tot_emp']:,.0f}",
                            _pct(i["share"]),
                        ]
                        for i in items
                    ],
                ),
            ],
        )
        for soc, items in _per_soc(p.bls_industries, lambda i: i["soc"]).items()
    ]


def _industries(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Common industries")]
    own, shared = _reference(profiles, _bls_industries)
    for p in profiles:
        out.append(_head(p))
        out += own[p.role["id"]]
        if p.posting_industries:
            out.append(Block("p", "Company industries stated in postings:"))
            out.append(_share_table(p.posting_industries[:8], "industry"))
    return out + shared


def _projections(p: RoleProfile) -> list[tuple[str, list[Block]]]:
    return [
        (
            proj["soc"],
            [
                Block(
                    "p",
                    f"{proj['source']} ({proj['soc']} {proj['title']}): employment "
                    f"{proj['change_pct']:+.1f}% from {proj['employment_base']:,} to "
                    f"{proj['employment_target']:,}; {proj['openings_annual']:,} openings a "
                    "year on average.",
                )
            ],
        )
        for proj in p.projections
    ]


def _survey_years(profiles: list[RoleProfile]) -> list[Block]:
    """aijobs survey median pay by year: a ``line`` chart and the same figures as a table."""
    series = []
    years: set[str] = set()
    for p in profiles:
        survey = p.salaries.survey
        if survey is None or not survey.by_year:
            continue
        years.update(g.key for g in survey.by_year)
        family = f" ({survey.fallback_family} family)" if survey.fallback_family else ""
        series.append(
            {
                "key": p.role["id"],
                "name": p.role["name"] + family,
                "points": [
                    {"x": int(g.key), "y": g.p50, "n": g.n}
                    for g in survey.by_year
                    if g.key.isdigit() and g.p50 is not None
                ],
            }
        )
    if not series:
        return []
    with_survey = [p for p in profiles if p.salaries.survey and p.salaries.survey.by_year]
    rows = []
    for year in sorted(years):
        row = [year]
        for p in with_survey:
            assert p.salaries.survey is not None
            g = next((g for g in p.salaries.survey.by_year if g.key == year), None)
            row.append("n/a" if g is None else f"{_money(g.p50)} (n={_n(g.n, g.small_sample)})")
        rows.append(row)
    title = "aijobs.net survey median salary by year"
    return [
        Block("h3", title),
        Block(
            "chart",
            text=f"{title} (annual USD)",
            chart={"type": "line", "unit": "usd", "x": "year", "series": series},
        ),
        Block("table", headers=["year", *(p.role["name"] for p in with_survey)], rows=rows),
    ]


def _outlook(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Outlook")]
    own, shared = _reference(profiles, _projections)
    for p in profiles:
        out.append(_head(p))
        out += own[p.role["id"]]
        dated = sum(m["postings"] for m in p.posting_months)
        if dated:
            out.append(
                Block(
                    "p",
                    f"Postings by month opened (posted, or first seen by a collect; "
                    f"n={_n(dated)} of {p.n_postings:,} postings have such a date):",
                )
            )
            out.append(
                Block(
                    "table",
                    headers=["month", "postings", "share of dated"],
                    rows=[
                        [m["month"], f"{m['postings']:,}", _pct(m["postings"] / dated)]
                        for m in p.posting_months
                    ],
                )
            )
            out.append(
                Block(
                    "chart",
                    text=f"{p.role['name']}: postings by month (n={dated:,})",
                    chart={"type": "months", "months": p.posting_months, "n": dated},
                )
            )
        elif not p.no_postings:
            out.append(Block("note", "No posting of this role has a date: no monthly counts."))
    return out + shared + _survey_years(profiles)


def _level_label(key: str) -> str:
    return LEVEL_LABELS.get(key, "all levels" if key == "all" else key)


def _salary_chart(profiles: list[RoleProfile]) -> Block | None:
    """A ``grouped-ranges`` chart: per level and layer (postings, then survey), each role's
    p25-p75 and median side by side."""
    layers: list[tuple[str, str, dict[str, dict[str, SalaryGroup]]]] = []
    for layer in ("postings", "survey"):
        by_level: dict[str, dict[str, SalaryGroup]] = {}
        for p in profiles:
            s = p.salaries
            if layer == "postings":
                groups = [*s.postings_by_level, s.postings_all] if s.postings_all.n else []
            else:
                groups = [*s.survey.by_level, s.survey.overall] if s.survey else []
            for g in groups:
                if g.n and g.p50 is not None:
                    by_level.setdefault(g.key, {})[p.role["id"]] = g
        order = [*LEVELS, "unknown", "all"]
        for key in sorted(by_level, key=lambda k: (order.index(k) if k in order else 99, k)):
            layers.append((layer, key, by_level))
    if not layers:
        return None
    groups_out = []
    for layer, key, by_level in layers:
        values: list[dict[str, Any] | None] = []
        for p in profiles:
            found = by_level[key].get(p.role["id"])
            values.append(
                None
                if found is None
                else {
                    "p25": found.p25,
                    "p50": found.p50,
                    "p75": found.p75,
                    "n": found.n,
                    "layer": layer,
                }
            )
        groups_out.append({"label": f"{_level_label(key)} · {layer}", "values": values})
    return Block(
        "chart",
        text="Salary ranges by level (annual USD, p25-p75, median marked)",
        chart={
            "type": "grouped-ranges",
            "unit": "usd",
            "series": _series(profiles),
            "groups": groups_out,
        },
    )


def _bls_wages(p: RoleProfile) -> list[tuple[str, list[Block]]]:
    return [
        (
            w.soc,
            [
                Block(
                    "p",
                    f"BLS OEWS {w.soc} {w.title} (national, all industries): p10 "
                    f"{_money(w.a_pct10)}, p25 {_money(w.a_pct25)}, median "
                    f"{_money(w.a_median)}, p75 {_money(w.a_pct75)}, p90 {_money(w.a_pct90)}"
                    + (
                        f" (top-coded at {_money(w.top_code_annual)}: {', '.join(w.top_coded)})"
                        if w.top_coded
                        else ""
                    )
                    + f"; employment {_n(w.employment)}.",
                )
            ],
        )
        for w in p.salaries.bls
    ]


def _salaries(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Salaries")]
    own, shared = _reference(profiles, _bls_wages)
    for p in profiles:
        s = p.salaries
        out.append(_head(p))
        out.append(Block("p", "Postings (annual USD, midpoint of the stated range):"))
        if s.postings_all.n:
            groups = [*s.postings_by_level, s.postings_all]
            out.append(Block("table", headers=_SAL_HEAD, rows=_salary_rows(groups, LEVEL_LABELS)))
            if s.postings_estimated:
                out.append(Block("note", f"{s.postings_estimated} of these are board estimates."))
        else:
            out.append(Block("note", "No posting of this role states a salary."))
        if s.survey:
            sv = s.survey
            src = "aijobs.net survey (salary_in_usd)"
            if sv.fallback_family:
                src += (
                    f"; only {sv.own_n} answers for this role's titles, so the figures are for "
                    f"the '{sv.fallback_family}' family"
                )
            out.append(Block("p", src + ":"))
            rows = _salary_rows([sv.overall, *sv.by_level], LEVEL_LABELS)
            rows += _salary_rows(sv.by_remote, {"0": "on site", "50": "hybrid", "100": "remote"})
            rows += _salary_rows(sv.by_country)
            out.append(Block("table", headers=_SAL_HEAD[:-1], rows=[r[:-1] for r in rows]))
        out += own[p.role["id"]]
    chart = _salary_chart(profiles)
    return out + ([chart] if chart else []) + shared


_TIP_LAYERS = {
    "postings": "postings",
    "family-pooled": "role family's postings, pooled",
    "survey": "aijobs.net survey",
    "onet": "O*NET",
    "bls": "BLS",
}


def _tips(comparison: Comparison | None) -> list[Block]:
    """Tips, strongest first: the action and its numbers (``text``), then the evidence
    layer and strength, then the example postings."""
    if comparison is None:
        return []
    out = [
        Block("h2", "Practical tips"),
        Block(
            "p",
            "Actions drawn from the evidence above, strongest first; each names its layer. "
            "A role with few postings borrows from its role family (empirical-Bayes "
            "shrinkage), the aijobs.net survey, O*NET and BLS, and says so.",
        ),
    ]
    if not comparison.tips:
        out.append(Block("note", "No data supports a tip for these roles yet."))
        return out
    items = []
    for t in comparison.tips:
        layer = _TIP_LAYERS.get(t.layer, t.layer)
        item = f"{t.text} [Evidence: {layer}; {t.strength}.]"
        if t.examples:
            item += f" Examples: {_ex(t.examples)}."
        items.append(item)
    out.append(Block("list", items=items))
    return out


def _related(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Related jobs")]
    for p in profiles:
        out.append(_head(p))
        if not p.related:
            out.append(Block("note", "No postings of this role are stored."))
        else:
            out.append(
                Block(
                    "list",
                    items=[
                        f"{r['listing'][0]} — {r['listing'][1]} [{r['key']}]" for r in p.related
                    ],
                    links=[r.get("url") for r in p.related],
                )
            )
    return out


def document(obj: RoleProfile | Comparison) -> list[Block]:
    """The report of a profile or comparison as a list of blocks, section by section."""
    profiles, comparison = _parts(obj)
    title = " vs ".join(p.role["name"] for p in profiles)
    return [
        Block("h1", ("Compare: " if comparison else "Role: ") + title),
        *_definitions(profiles),
        *_responsibilities(profiles),
        *_skills(profiles, comparison),
        *_education(profiles),
        *_industries(profiles),
        *_outlook(profiles),
        *_salaries(profiles),
        *_tips(comparison),
        *_related(profiles),
    ]


# -- renderers ------------------------------------------------------------------------------
def _posting_pattern(postings: Mapping[str, Any] | None) -> re.Pattern[str] | None:
    """A pattern matching every example posting key of ``postings`` (longest first)."""
    if not postings:
        return None
    keys = sorted(postings, key=lambda k: (-len(k), k))
    return re.compile("(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")


def _md_piece(text: str, block: bool) -> str:
    """Escaped text that keeps the spaces at its ends (it sits between links)."""
    core = markdown_escape(text, block=block)
    if not core:
        return " " if text and text.isspace() else ""
    return (" " if text[:1].isspace() else "") + core + (" " if text[-1:].isspace() else "")


def _md_text(
    text: str,
    postings: Mapping[str, tuple[str, str | None]] | None,
    pattern: re.Pattern[str] | None,
    *,
    block: bool = False,
) -> str:
    """``text`` escaped, each cited posting key replaced by the posting's title, linked to
    its original posting when it has an http(s) URL."""
    if pattern is None or postings is None:
        return markdown_escape(text, block=block)
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(_md_piece(text[pos : m.start()], block and pos == 0))
        title, url = postings[m.group(1)]
        out.append(markdown_link(title, url))
        pos = m.end()
    out.append(_md_piece(text[pos:], block and pos == 0))
    return "".join(out).strip()


def _md_item(
    text: str,
    url: str | None,
    postings: Mapping[str, tuple[str, str | None]] | None = None,
    pattern: re.Pattern[str] | None = None,
) -> str:
    """A list item; a related posting's item (``listing [key]``) links to the posting
    (http(s) URLs only) and drops the key; other items show cited postings by title."""
    if safe_url(url):
        m = re.match(r"^(.*) \[([^\[\]]+)\]$", text, re.S)
        return markdown_link(m.group(1) if m else text, url)
    return _md_text(text, postings, pattern, block=True)


def to_markdown(
    obj: RoleProfile | Comparison,
    postings: Mapping[str, tuple[str, str | None]] | None = None,
) -> str:
    """The report as GitHub-flavoured Markdown (charts are left out).

    Every text is escaped with :func:`~roleatlas.report.escape.markdown_escape`, so posting
    data (titles, companies, locations, industries…) renders as the text it is, never as HTML,
    links or formatting; links to postings are http(s) only.

    Parameters
    ----------
    obj:
        A role profile or a comparison.
    postings:
        Titles and original URLs of the cited example postings (``source:source_id`` →
        (title and company, URL or None), e.g. from
        :func:`roleatlas.web.render.posting_refs`): each cited posting is then written as its
        title, linked to the original posting. Without it the keys are written.
    """
    return blocks_to_markdown(document(obj), postings)


def blocks_to_markdown(
    blocks: list[Block], postings: Mapping[str, tuple[str, str | None]] | None = None
) -> str:
    """Markdown of a document model (charts left out; data escaped): what every report's
    ``to_markdown`` returns. ``postings`` as in :func:`to_markdown`."""
    pattern = _posting_pattern(postings)
    lines: list[str] = []
    marks = {"h1": "#", "h2": "##", "h3": "###"}
    for b in blocks:
        if b.kind in marks:
            lines += [f"{marks[b.kind]} {markdown_escape(b.text)}", ""]
        elif b.kind == "p":
            lines += [_md_text(b.text, postings, pattern, block=True), ""]
        elif b.kind == "note":
            lines += [f"> **Note:** {_md_text(b.text, postings, pattern)}", ""]
        elif b.kind == "list":
            links = b.links or [None] * len(b.items)
            lines += [
                f"- {_md_item(i, u, postings, pattern)}"
                for i, u in zip(b.items, links, strict=True)
            ] + [""]
        elif b.kind == "table":
            lines.append("| " + " | ".join(markdown_escape(h) for h in b.headers) + " |")
            lines.append("|" + "---|" * len(b.headers))
            lines += [
                "| " + " | ".join(_md_text(c, postings, pattern) for c in r) + " |" for r in b.rows
            ]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_text(obj: RoleProfile | Comparison, width: int = 100) -> str:
    """The report as plain terminal text (aligned tables, no markup).

    Control characters and escape sequences are dropped from every text
    (:func:`~roleatlas.report.escape.terminal_safe`), so data cannot drive the terminal.
    """
    return blocks_to_text(document(obj), width)


def _cut(cell: str, cap: int) -> str:
    """A text-table cell of at most ``cap`` characters: its first list item when it is a
    list, else its start, with an ellipsis saying something was left out."""
    if len(cell) <= cap:
        return cell
    first = cell.split(", ")[0]
    if first != cell and len(first) <= cap - 3:
        return first + ", …"
    return cell[: cap - 1] + "…"


def blocks_to_text(blocks: list[Block], width: int = 100, *, cap: int = 60) -> str:
    """Plain terminal text of a document model: what every report's ``to_text`` returns.

    Control characters and escape sequences are dropped from every text. Table columns are
    cut at ``cap`` characters to keep rows aligned, at a list item when they can be (a key cut
    in half names no posting), except the last, which nothing follows.
    """
    lines: list[str] = []
    for b in blocks:
        text = terminal_safe(b.text)
        if b.kind == "h1":
            lines += [text.upper(), "=" * min(len(text), width), ""]
        elif b.kind == "h2":
            lines += ["", text, "-" * len(text)]
        elif b.kind == "h3":
            lines += ["", text]
        elif b.kind == "p":
            lines.append(text)
        elif b.kind == "note":
            lines.append(f"! {text}")
        elif b.kind == "list":
            lines += [f"  - {terminal_safe(i)}" for i in b.items]
        elif b.kind == "table":
            cells = [[_cell(c) for c in r] for r in (b.headers, *b.rows)]
            last = len(b.headers) - 1
            cells = [[c if i == last else _cut(c, cap) for i, c in enumerate(r)] for r in cells]
            widths = [max(len(r[i]) for r in cells) for i in range(len(b.headers))]
            for r in cells:
                lines.append(
                    "  "
                    + "  ".join(
                        c if i == last else c.ljust(w)
                        for i, (c, w) in enumerate(zip(r, widths, strict=True))
                    ).rstrip()
                )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _cell(text: str) -> str:
    """A table cell on one line, without control characters."""
    return " ".join(terminal_safe(text).split())


def to_rich(obj: RoleProfile | Comparison) -> Any:
    """A ``rich`` renderable of the report (Markdown), for the terminal."""
    from rich.markdown import Markdown

    return Markdown(to_markdown(obj))
