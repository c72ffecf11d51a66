"""Render a role profile or a comparison as JSON, Markdown or terminal text.

All three renderers (and :mod:`roleatlas.report.html`) walk the same document model built by
:func:`document`: a list of :class:`Block` (headings, paragraphs, notes, tables, lists and
chart data), so every face shows the same figures. The JSON is the full evidence structure
(schema in docs/comparison.md).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from roleatlas.insights.compare import Comparison
from roleatlas.insights.profile import RoleProfile, Share
from roleatlas.insights.salaries import SalaryGroup
from roleatlas.records import LEVEL_LABELS
from roleatlas.report.escape import markdown_escape, markdown_link, safe_url, terminal_safe

__all__ = ["SCHEMA", "Block", "document", "to_json", "to_markdown", "to_rich", "to_text"]

#: Identifies the JSON layout; bumped on any incompatible change.
SCHEMA = "roleatlas.comparison/1"

_SMALL = "small sample"


@dataclass(slots=True)
class Block:
    """One element of a report.

    ``kind`` is ``h1``, ``h2``, ``h3``, ``p``, ``note``, ``list``, ``table`` or ``chart``;
    ``text`` holds the text of headings, paragraphs and notes; ``items`` the list items;
    ``headers``/``rows`` the table; ``chart`` the chart data (``{"type": "bars" | "ranges",
    ...}``); ``links`` the URL of each list item, where it has one (a related posting's page).

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


def _share_table(shares: list[Share], label: str) -> Block:
    return Block(
        "table",
        headers=[label, "share", "95% CI", "postings / n", "examples"],
        rows=[
            [
                s.label,
                _pct(s.share),
                f"{_pct(s.low)}-{_pct(s.high)}",
                f"{s.count} / {_n(s.n, s.small_sample)}",
                _ex(s.examples),
            ]
            for s in shares
        ],
    )


def _bars(title: str, shares: list[Share]) -> Block:
    return Block(
        "chart",
        text=title,
        chart={
            "type": "bars",
            "bars": [
                {"label": s.label, "value": s.share, "low": s.low, "high": s.high, "n": s.n}
                for s in shares
            ],
        },
    )


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


# -- sections -------------------------------------------------------------------------------
def _definitions(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Definitions")]
    for p in profiles:
        out += [_head(p), Block("p", p.definition)]
        if p.data_sentence:
            out.append(Block("p", "From postings: " + p.data_sentence))
        out += [Block("note", n) for n in p.notes]
    return out


def _responsibilities(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Responsibilities")]
    for p in profiles:
        out.append(_head(p))
        if p.responsibilities:
            out.append(
                Block(
                    "p",
                    "Themes of the duties stated in postings (share of the "
                    f"{p.responsibilities[0].n:,} postings with verb-led duties):",
                )
            )
            out.append(_share_table(p.responsibilities[:8], "theme"))
        elif not p.no_postings:
            out.append(Block("note", "No responsibility statements were read from postings."))
        if p.onet_tasks:
            out.append(Block("p", f"O*NET tasks ({p.onet_tasks[0]['source']}):"))
            out.append(Block("list", items=[t["task"] for t in p.onet_tasks[:6]]))
    return out


def _skills(profiles: list[RoleProfile], comparison: Comparison | None) -> list[Block]:
    out = [Block("h2", "Required skills")]
    for p in profiles:
        out += [
            _head(p),
            _share_table(p.skills, "skill"),
            _bars(f"{p.role['name']}: skills", p.skills[:10]),
        ]
    out.append(Block("h2", "Tools and software"))
    for p in profiles:
        out += [
            _head(p),
            _share_table(p.tools, "tool"),
            _bars(f"{p.role['name']}: tools", p.tools[:10]),
        ]
        hot = [t for t in p.onet_technology if t.get("hot_technology")]
        if hot:
            out.append(Block("p", f"O*NET Hot Technologies ({hot[0]['source']}):"))
            out.append(Block("p", ", ".join(dict.fromkeys(t["example"] for t in hot[:20]))))
    if comparison:
        names = {p.role["id"]: p.role["name"] for p in profiles}
        for pair in comparison.distinctions:
            a, b = names[pair.a], names[pair.b]
            out.append(Block("h3", f"What distinguishes {a} from {b}"))
            out.append(
                Block(
                    "p",
                    "Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008); "
                    "|z| >= 1.96 is a clear difference.",
                )
            )
            rows = [
                [
                    f"{d.label} ({a if d.z > 0 else b})",
                    f"{d.z:+.2f}",
                    f"{d.count_a} / {_n(d.n_a)}",
                    f"{d.count_b} / {_n(d.n_b)}",
                    _ex(d.examples),
                ]
                for d in (*pair.for_a, *pair.for_b)
            ]
            out.append(
                Block("table", headers=["skill (typical of)", "z", a, b, "examples"], rows=rows)
            )
    return out


def _education(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Educational backgrounds")]
    for p in profiles:
        out.append(_head(p))
        if p.education:
            out.append(Block("p", "Minimum degree required, postings that state one:"))
            out.append(_share_table(p.education, "degree"))
        elif not p.no_postings:
            out.append(Block("note", "No posting of this role states a degree."))
        if p.onet_education:
            src = p.onet_education[0]["source"]
            items = [
                f"{str(e['label']).split(' - ')[0]}: {e['share']:.0f}% (n={_n(e['n'])})"
                for e in p.onet_education
                if e["share"]
            ]
            out += [Block("p", f"O*NET education levels ({src}):"), Block("list", items=items)]
        for e in p.bls_education:
            out.append(
                Block(
                    "p", f"BLS typical entry education ({e['soc']} {e['title']}): {e['education']}."
                )
            )
    return out


def _industries(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Common industries")]
    for p in profiles:
        out.append(_head(p))
        if p.bls_industries:
            out.append(Block("p", "BLS OEWS national employment by industry:"))
            out.append(
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
                        for i in p.bls_industries
                    ],
                )
            )
        if p.posting_industries:
            out.append(Block("p", "Company industries stated in postings:"))
            out.append(_share_table(p.posting_industries[:8], "industry"))
    return out


def _outlook(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Outlook")]
    for p in profiles:
        out.append(_head(p))
        for proj in p.projections:
            out.append(
                Block(
                    "p",
                    f"{proj['source']} ({proj['soc']} {proj['title']}): employment "
                    f"{proj['change_pct']:+.1f}% from {proj['employment_base']:,} to "
                    f"{proj['employment_target']:,}; {proj['openings_annual']:,} openings a "
                    "year on average.",
                )
            )
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
        survey = p.salaries.survey
        if survey and survey.by_year:
            out.append(Block("p", "aijobs.net survey median salary by year:"))
            out.append(
                Block(
                    "list",
                    items=[
                        f"{g.key}: {_money(g.p50)} (n={_n(g.n, g.small_sample)})"
                        for g in survey.by_year
                    ],
                )
            )
    return out


def _salaries(profiles: list[RoleProfile]) -> list[Block]:
    out = [Block("h2", "Salaries")]
    chart: list[dict[str, Any]] = []
    for p in profiles:
        s = p.salaries
        out.append(_head(p))
        out.append(Block("p", "Postings (annual USD, midpoint of the stated range):"))
        if s.postings_all.n:
            groups = [*s.postings_by_level, s.postings_all]
            out.append(Block("table", headers=_SAL_HEAD, rows=_salary_rows(groups, LEVEL_LABELS)))
            if s.postings_estimated:
                out.append(Block("note", f"{s.postings_estimated} of these are board estimates."))
            chart += [
                {
                    "label": f"{p.role['name']} · {LEVEL_LABELS.get(g.key, g.key)}",
                    "n": g.n,
                    "p25": g.p25,
                    "p50": g.p50,
                    "p75": g.p75,
                    "layer": "postings",
                }
                for g in groups
            ]
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
            chart += [
                {
                    "label": f"{p.role['name']} · survey {LEVEL_LABELS.get(g.key, g.key)}",
                    "n": g.n,
                    "p25": g.p25,
                    "p50": g.p50,
                    "p75": g.p75,
                    "layer": "survey",
                }
                for g in sv.by_level
            ]
        for w in s.bls:
            out.append(
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
            )
    if chart:
        out.append(
            Block(
                "chart",
                text="Salary ranges (p25-p75, median marked)",
                chart={"type": "ranges", "ranges": chart},
            )
        )
    return out


def _tips(comparison: Comparison | None) -> list[Block]:
    if comparison is None:
        return []
    out = [Block("h2", "Practical tips")]
    if not comparison.tips:
        out.append(
            Block(
                "note",
                "No tip passes the minimum sample size "
                f"(n >= {comparison.method.get('tip_min_n')} per role).",
            )
        )
    items = [
        t.text + (f" Examples: {_ex(t.examples)}." if t.examples else "") for t in comparison.tips
    ]
    if items:
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
def _md_item(text: str, url: str | None) -> str:
    """A list item; a related posting's item links to the posting (http(s) URLs only)."""
    return markdown_link(text, url) if safe_url(url) else markdown_escape(text, block=True)


def to_markdown(obj: RoleProfile | Comparison) -> str:
    """The report as GitHub-flavoured Markdown (charts are left out).

    Every text is escaped with :func:`~roleatlas.report.escape.markdown_escape`, so posting
    data (titles, companies, locations, industries…) renders as the text it is, never as HTML,
    links or formatting; links to postings are http(s) only.
    """
    lines: list[str] = []
    marks = {"h1": "#", "h2": "##", "h3": "###"}
    for b in document(obj):
        if b.kind in marks:
            lines += [f"{marks[b.kind]} {markdown_escape(b.text)}", ""]
        elif b.kind == "p":
            lines += [markdown_escape(b.text, block=True), ""]
        elif b.kind == "note":
            lines += [f"> **Note:** {markdown_escape(b.text)}", ""]
        elif b.kind == "list":
            links = b.links or [None] * len(b.items)
            lines += [f"- {_md_item(i, u)}" for i, u in zip(b.items, links, strict=True)] + [""]
        elif b.kind == "table":
            lines.append("| " + " | ".join(markdown_escape(h) for h in b.headers) + " |")
            lines.append("|" + "---|" * len(b.headers))
            lines += ["| " + " | ".join(markdown_escape(c) for c in r) + " |" for r in b.rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_text(obj: RoleProfile | Comparison, width: int = 100) -> str:
    """The report as plain terminal text (aligned tables, no markup).

    Control characters and escape sequences are dropped from every text
    (:func:`~roleatlas.report.escape.terminal_safe`), so data cannot drive the terminal.
    """
    lines: list[str] = []
    for b in document(obj):
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
            widths = [min(max(len(r[i]) for r in cells), 40) for i in range(len(b.headers))]
            for r in cells:
                lines.append(
                    "  "
                    + "  ".join(c[:40].ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _cell(text: str) -> str:
    """A table cell on one line, without control characters."""
    return " ".join(terminal_safe(text).split())


def to_rich(obj: RoleProfile | Comparison) -> Any:
    """A ``rich`` renderable of the report (Markdown), for the terminal."""
    from rich.markdown import Markdown

    return Markdown(to_markdown(obj))
