"""Render a fit (:class:`~roleatlas.insights.fit.FitResult`) as JSON, Markdown, text or HTML.

The same document model as role profiles and comparisons (:class:`~roleatlas.report.compare.
Block`): :func:`document` builds the blocks once and every renderer (and the web page) walks
them, so each face shows the same figures. Charts are ``grouped-bars`` (fit scores with their
intervals; each top role's gaps), drawn by :mod:`roleatlas.report.html`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from roleatlas.insights.fit import (
    FitResult,
    PayLayer,
    RoleFit,
    RoleGaps,
    display_line,
    signed_pct,
)
from roleatlas.insights.profile import DEGREE_LABELS
from roleatlas.records import LEVEL_LABELS

# The block renderers of the profile and comparison reports, reused as they are (one
# rendering of each block kind in every report).
from roleatlas.report.compare import Block, _money, _pct, blocks_to_markdown, blocks_to_text
from roleatlas.report.html import page_html

__all__ = ["SCHEMA", "document", "example_keys", "to_html", "to_json", "to_markdown", "to_text"]

#: Identifies the JSON layout; bumped on any incompatible change.
SCHEMA = "roleatlas.fit/1"

PostingRefs = Mapping[str, tuple[str, str | None]]


def to_json(result: FitResult) -> dict[str, Any]:
    """The whole fit as a JSON-ready dict (``schema`` first)."""
    return {"schema": SCHEMA, **asdict(result)}


def _n(n: int | None, small: bool = False) -> str:
    if n is None:
        return "n/a"
    return f"{n:,}" + (" (small sample)" if small else "")


def _fit_row(rank: int | str, f: RoleFit) -> list[str]:
    return [
        str(rank),
        f.name,
        _pct(f.score),
        f"{_pct(f.low)}-{_pct(f.high)}",
        f"{f.covered:,} / {f.total:,}",
        f"{f.rank:+.2f} ({f.rank_inputs.get('prior', 0.0):+.2f} for its postings)",
        _n(f.n, f.thin),
        ", ".join(
            m["label"]
            + (f" (via {m['via'][0]})" if m.get("via") else "")
            + ("" if m.get("term") is None else f" {m['term']:+.2f}")
            for m in f.matched[:5]
        ),
    ]


_FIT_HEAD = [
    "rank",
    "role",
    "fit",
    "95% CI",
    "covered / total demand",
    "rank score",
    "postings",
    "you have (rank term)",
]


def _fit_chart(fits: list[RoleFit]) -> Block:
    groups = [
        {
            "label": f.name,
            # n is the role's postings (the sample behind the interval; < 30 is flagged),
            # not its demand weight, which the chart would call postings.
            "values": [{"value": f.score, "low": f.low, "high": f.high, "count": None, "n": f.n}],
        }
        for f in fits
    ]
    series = [
        {
            "key": "fit",
            "name": "Fit; postings of the roles shown",
            "n": sum(f.n for f in fits),
        }
    ]
    return Block(
        "chart",
        text="Fit: share of each role's skill demand the résumé covers",
        chart={"type": "grouped-bars", "unit": "share", "series": series, "groups": groups},
    )


def _resume(result: FitResult) -> list[Block]:
    r = result.resume
    out = [Block("h2", "What the résumé shows")]
    if r["skills"]:
        out.append(Block("p", "Skills and tools read from the résumé, each with its line:"))
        out.append(
            Block(
                "list",
                items=[
                    f"{s['label']} (line {s['line']}: {display_line(s['text'])})"
                    for s in r["skills"]
                ],
            )
        )
        if r.get("implied"):
            out.append(
                Block(
                    "p",
                    "Broader skills these imply, counted as covered (in the fit, the rank "
                    "and the gaps) through the skill catalog's links:",
                )
            )
            out.append(Block("list", items=[f"{s['label']} ({s['text']})" for s in r["implied"]]))
    else:
        out.append(Block("note", "No catalog skill or tool was read from the résumé."))
    if r["degrees"]:
        out.append(Block("p", "Degrees:"))
        out.append(
            Block(
                "list",
                items=[
                    f"{DEGREE_LABELS.get(d['level'], d['level'])}"
                    + (f" in {d['field']}" if d["field"] else "")
                    + f" (line {d['line']}: {display_line(d['text'])})"
                    for d in r["degrees"]
                ],
            )
        )
    if r["jobs"]:
        out.append(Block("p", "Positions held:"))
        out.append(
            Block(
                "list",
                items=[
                    f"{display_line(j['title'])} (line {j['line']}: {display_line(j['text'])})"
                    for j in r["jobs"]
                ],
            )
        )
    years = r["years_experience"] if r["years_experience"] is not None else r["stated_years"]
    if years is not None:
        basis = "from dated work history" if r["years_experience"] is not None else "as stated"
        doctoral = ""
        if r.get("doctoral_years") and r["years_experience"] is not None:
            lines = "; ".join(f"line {d['line']}: {display_line(d['text'])}" for d in r["doctoral"])
            doctoral = f", of which {r['doctoral_years']:g} years doctoral study ({lines})"
        out.append(Block("p", f"Years of experience: {years:g} ({basis}{doctoral})."))
    out += [Block("note", w) for w in r["warnings"]]
    return out


def _ranking(result: FitResult) -> list[Block]:
    out = [
        Block("h2", "Roles ranked by fit"),
        Block(
            "p",
            "Fit is the share of a role's skill demand the résumé covers: each skill weighted "
            "by how many of the role's postings ask for it (covered / total demand), with the "
            "95% interval its number of postings implies. Roles are ordered by a rank score "
            "that also weighs how distinctive each skill is: half the log of the role's share "
            "of postings, plus for each skill on the résumé the log of how much more (or "
            "less) often the role asks for it than all postings do (its term; the role's "
            "shares shrunk toward all postings' by "
            f"{result.method.get('rank_smoothing_postings', 0)} postings). Roles with fewer "
            f"than {result.method['min_postings']} postings are listed apart, not ranked.",
        ),
    ]
    if not result.ranked and not result.thin:
        out.append(Block("note", "No role could be scored."))
        return out
    shown = result.ranked[:10]
    if shown:
        out.append(_fit_chart(shown))
        out.append(
            Block("table", headers=_FIT_HEAD, rows=[_fit_row(i, f) for i, f in enumerate(shown, 1)])
        )
    if result.thin:
        out.append(Block("h3", "Roles with few postings (not ranked; most postings first)"))
        out.append(
            Block("table", headers=_FIT_HEAD, rows=[_fit_row("-", f) for f in result.thin[:10]])
        )
        if len(result.thin) > 10:
            out.append(Block("note", f"{len(result.thin) - 10} more roles with few postings."))
    return out


def _pay_rows(layers: list[PayLayer]) -> list[list[str]]:
    return [
        [
            p.layer,
            LEVEL_LABELS.get(p.level or "", "all levels"),
            p.country or "all countries",
            _n(p.n, p.small_sample),
            _money(p.p25),
            _money(p.p50),
            _money(p.p75),
            ", ".join(p.examples),
            p.source + (f"; {p.note}" if p.note else ""),
        ]
        for p in layers
    ]


def _scope(scope: str, g: RoleGaps) -> str:
    """A premium's scope as a reader says it: the role's name when estimated within it."""
    return f"within {g.name}" if scope == g.role else scope


def _role_section(g: RoleGaps) -> list[Block]:
    out = [Block("h2", f"{g.name}: gaps, level and pay")]
    if g.gaps:
        out.append(
            Block(
                "chart",
                text=f"Most-asked skills of {g.name} missing from the résumé",
                chart={
                    "type": "grouped-bars",
                    "unit": "share",
                    "series": [{"key": g.role, "name": g.name, "n": g.n}],
                    "groups": [
                        {
                            "label": s.label,
                            "values": [
                                {
                                    "value": s.share,
                                    "low": s.low,
                                    "high": s.high,
                                    "count": s.count,
                                    "n": s.n,
                                }
                            ],
                        }
                        for s in g.gaps
                    ],  # fmt: skip
                },
            )
        )
        headers = ["skill", "share", "95% CI", "postings / n", "premium", "examples"]
        rows = []
        for s in g.gaps:
            premium = "n/a"
            if s.premium is not None:
                p = s.premium
                premium = (
                    f"{signed_pct(p['premium'])} ({signed_pct(p['low'])} to "
                    f"{signed_pct(p['high'])}; {_scope(p['scope'], g)})"
                )
            rows.append(
                [
                    s.label,
                    _pct(s.share),
                    f"{_pct(s.low)}-{_pct(s.high)}",
                    f"{s.count} / {_n(s.n, s.small_sample)}",
                    premium,
                    ", ".join(s.examples),
                ]
            )
        out += [
            Block("h3", "Skills asked for that the résumé lacks"),
            Block("table", headers=headers, rows=rows),
        ]
    else:
        out.append(Block("note", "The résumé names every skill this role's postings ask for."))
    if g.implied:
        out.append(
            Block(
                "p",
                "Asked for and covered through a narrower skill on the résumé (not gaps): "
                + "; ".join(
                    f"{i['label']} ({i['count']}/{i['n']} postings; {i['text']})" for i in g.implied
                )
                + ".",
            )
        )
    e = g.education
    out.append(Block("h3", "Education"))
    if e.n:
        out.append(
            Block(
                "table",
                headers=["minimum degree", "share", "postings / n", "examples"],
                rows=[
                    [
                        d["label"],
                        _pct(d["share"]),
                        f"{d['count']} / {_n(d['n'], d['n'] < 30)}",
                        ", ".join(d["examples"]),
                    ]
                    for d in e.distribution
                ],  # fmt: skip
            )
        )
        if e.level is not None and e.evidence is not None and e.met is not None:
            out.append(
                Block(
                    "p",
                    f"Résumé: {DEGREE_LABELS[e.level]} (line {e.evidence.line}: "
                    f"{display_line(e.evidence.text)}); it meets the minimum of "
                    f"{e.met}/{e.n} postings ({e.met / e.n:.0%}).",
                )
            )
        else:
            out.append(Block("note", "No degree was read from the résumé."))
    else:
        out.append(Block("note", "No posting of this role states a degree."))
    x = g.experience
    out.append(Block("h3", "Experience and likely level"))
    if x.levels:
        out.append(
            Block(
                "table",
                headers=[
                    "level",
                    "postings",
                    "p25 years",
                    "median years",
                    "p75 years",
                    "your years clear",
                    "examples",
                ],
                rows=[
                    [
                        LEVEL_LABELS[lv.level],
                        _n(lv.n, lv.n < 30),
                        f"{lv.p25:g}" if lv.p25 is not None else "n/a",
                        f"{lv.median:g}" if lv.median is not None else "n/a",
                        f"{lv.p75:g}" if lv.p75 is not None else "n/a",
                        "n/a" if lv.cleared is None else f"{lv.cleared}/{lv.n}",
                        ", ".join(lv.examples),
                    ]
                    for lv in x.levels
                ],
            )  # fmt: skip
        )
    if x.years is not None:
        ev = "; ".join(f"line {v.line}: {display_line(v.text)}" for v in x.evidence[:3])
        doctoral = ""
        if x.doctoral_years:
            lines = "; ".join(f"line {v.line}: {display_line(v.text)}" for v in x.doctoral_evidence)
            doctoral = (
                f", of which {x.doctoral_years:g} years doctoral study ({lines}); "
                f"{x.work_years:g} years outside it"
            )
        out.append(
            Block(
                "p",
                f"Résumé: {x.years:g} years ({x.basis}{'; ' + ev if ev else ''}){doctoral}. "
                + ("The years columns count the years outside doctoral study." if doctoral else ""),
            )
        )
    level = LEVEL_LABELS.get(x.likely_level or "", None)
    out.append(
        Block("p" if level else "note", (f"Likely level: {level}. " if level else "") + x.reason)
    )
    if x.reason_with_doctoral:
        out.append(Block("p", x.reason_with_doctoral))
    out.append(Block("h3", "Expected pay (annual USD; layers never pooled)"))
    out.append(
        Block(
            "table",
            headers=[
                "layer",
                "level",
                "country",
                "n",
                "p25",
                "median",
                "p75",
                "examples",
                "source",
            ],
            rows=_pay_rows(g.pay),
        )
    )
    return out


def _jobs(result: FitResult) -> list[Block]:
    out = [Block("h2", "Matching jobs")]
    if not result.jobs:
        out.append(
            Block("note", "No open posting of the top roles shares a skill with the résumé.")
        )
        return out
    out.append(
        Block(
            "p",
            "Open postings of the top roles, ranked by skill overlap (70%) and text relevance "
            "from the search index (30%).",
        )
    )
    items = []
    for j in result.jobs:
        item = f"{j.listing[0]} — fit {j.score:.2f}; shares {', '.join(j.shared) or 'none'}"
        if j.missing:
            item += f"; also asks {', '.join(j.missing[:6])}"
        item += f" [{j.key}]"
        if j.also:
            item += f" (same job elsewhere: {', '.join(j.also[:5])}"
            item += f" and {len(j.also) - 5} more)" if len(j.also) > 5 else ")"
        items.append(item)
    out.append(Block("list", items=items, links=[j.url for j in result.jobs]))
    return out


def _tips(result: FitResult) -> list[Block]:
    out = [Block("h2", "Tips")]
    if not result.tips:
        out.append(Block("note", "No data supports a tip for this résumé yet."))
        return out
    items = []
    for t in result.tips:
        item = t.text
        if t.examples:
            item += f" Examples: {', '.join(t.examples)}."
        items.append(item)
    out.append(Block("list", items=items))
    return out


def document(result: FitResult) -> list[Block]:
    """The fit report as blocks, section by section."""
    names = ", ".join(f.name for f in result.ranked[:3]) or "no ranked role"
    blocks = [Block("h1", f"Fit: {names}")]
    blocks += [Block("note", n) for n in result.notes]
    # The answer first: the ranking, then what was read from the résumé (a long list that
    # filled the whole first screen of the web page), then each top role's detail.
    blocks += _ranking(result) + _resume(result)
    for g in result.top:
        blocks += _role_section(g)
    blocks += _jobs(result) + _tips(result)
    blocks += [
        Block("h2", "Privacy"),
        Block(
            "p", "The résumé was read in memory for this report; roleatlas stores nothing of it."
        ),
    ]
    return blocks


def example_keys(result: FitResult) -> set[str]:
    """Every posting key the report cites (to name them by title)."""
    keys: set[str] = {j.key for j in result.jobs}
    keys.update(k for j in result.jobs for k in j.also[:5])
    for g in result.top:
        keys.update(k for s in g.gaps for k in s.examples)
        keys.update(k for d in g.education.distribution for k in d["examples"])
        keys.update(k for lv in g.experience.levels for k in lv.examples)
        keys.update(k for p in g.pay for k in p.examples)
    keys.update(k for t in result.tips for k in t.examples)
    return keys


def to_text(result: FitResult, width: int = 100) -> str:
    """The report as plain terminal text (control characters stripped from every text)."""
    return blocks_to_text(document(result), width)


def to_markdown(result: FitResult, postings: PostingRefs | None = None) -> str:
    """The report as GitHub-flavoured Markdown (charts left out; data escaped)."""
    return blocks_to_markdown(document(result), postings)


def to_html(result: FitResult, postings: PostingRefs | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no scripts)."""
    return page_html(document(result), postings, "Nothing of the résumé is stored.")
