"""A role profile or comparison as ONE self-contained HTML file.

No external assets: the stylesheet is inline and the charts are inline SVG (skill share bars
with their 95% Wilson intervals; salary ranges p25-p75 with the median marked). The content is
the document model of :mod:`roleatlas.report.compare`, so the HTML shows the same figures as
the Markdown and JSON reports.
"""

from __future__ import annotations

from html import escape
from typing import Any

from roleatlas.insights.compare import Comparison
from roleatlas.insights.profile import RoleProfile
from roleatlas.report.compare import Block, document

__all__ = ["bars_svg", "months_svg", "ranges_svg", "to_html"]

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1d2430}
h1{font-size:1.7rem}h2{border-bottom:2px solid #d8dee9;padding-bottom:.2rem;margin-top:2.2rem}
h3{margin-bottom:.3rem}table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.88rem}
th,td{border:1px solid #d8dee9;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f8}.note{background:#fff6e0;border-left:4px solid #e0a800;
padding:.4rem .7rem;margin:.5rem 0}figure{margin:.5rem 0 1.2rem}figcaption{font-size:.85rem;
color:#555}svg text{font:12px system-ui,sans-serif;fill:#1d2430}
"""

_BAR_W = 320
_LABEL_W = 230


def _fmt_k(x: float) -> str:
    return f"${x / 1000:,.0f}K"


def bars_svg(bars: list[dict[str, Any]]) -> str:
    """Horizontal share bars (0-100%) with the 95% interval as a whisker.

    Examples
    --------
    >>> bars_svg([{"label": "Python", "value": 0.5, "low": 0.3, "high": 0.7, "n": 10}])[:4]
    '<svg'
    """
    row = 22
    height = row * len(bars) + 24
    width = _LABEL_W + _BAR_W + 110
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" viewBox="0 0 {width} {height}">'
    ]
    for i, b in enumerate(bars):
        y = 8 + i * row
        w = _BAR_W * float(b["value"])
        lo, hi = _LABEL_W + _BAR_W * float(b["low"]), _LABEL_W + _BAR_W * float(b["high"])
        small = " (small sample)" if int(b["n"]) < 30 else ""
        parts += [
            f'<text x="{_LABEL_W - 6}" y="{y + 13}" text-anchor="end">'
            f"{escape(str(b['label'])[:32])}</text>",
            f'<rect x="{_LABEL_W}" y="{y + 2}" width="{w:.1f}" height="14" fill="#4c78a8">'
            f"<title>{escape(str(b['label']))}: {float(b['value']):.0%} of {b['n']}"
            f"{small}</title></rect>",
            f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{y + 9}" y2="{y + 9}" stroke="#1d2430"/>',
            f'<text x="{_LABEL_W + _BAR_W + 8}" y="{y + 13}">{float(b["value"]):.0%} '
            f"n={b['n']}{'*' if small else ''}</text>",
        ]
    parts.append(
        f'<text x="{_LABEL_W}" y="{height - 4}">0%</text>'
        f'<text x="{_LABEL_W + _BAR_W}" y="{height - 4}" text-anchor="end">100%</text></svg>'
    )
    return "".join(parts)


def ranges_svg(ranges: list[dict[str, Any]]) -> str:
    """Salary ranges: a bar from p25 to p75 with the median marked, one row per group.

    Groups without percentiles are left out. Survey rows are drawn in a second colour.
    """
    rows = [r for r in ranges if r.get("p25") is not None and r.get("p75") is not None]
    if not rows:
        return ""
    top = max(float(r["p75"]) for r in rows) * 1.05
    row = 22
    height = row * len(rows) + 24
    width = _LABEL_W + 100 + _BAR_W + 120
    left = _LABEL_W + 100

    def x(v: float) -> float:
        return left + _BAR_W * v / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" viewBox="0 0 {width} {height}">'
    ]
    for i, r in enumerate(rows):
        y = 8 + i * row
        colour = "#f58518" if r.get("layer") == "survey" else "#4c78a8"
        p25, p75 = float(r["p25"]), float(r["p75"])
        parts += [
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">'
            f"{escape(str(r['label'])[:48])}</text>",
            f'<rect x="{x(p25):.1f}" y="{y + 2}" width="{max(x(p75) - x(p25), 1):.1f}" '
            f'height="14" fill="{colour}"><title>{escape(str(r["label"]))}: p25 '
            f"{_fmt_k(p25)}, p75 {_fmt_k(p75)}, n={r['n']}</title></rect>",
        ]
        if r.get("p50") is not None:
            m = x(float(r["p50"]))
            parts.append(
                f'<line x1="{m:.1f}" x2="{m:.1f}" y1="{y}" y2="{y + 18}" stroke="#1d2430" '
                'stroke-width="2"/>'
            )
        small = "*" if int(r["n"]) < 30 else ""
        parts.append(
            f'<text x="{left + _BAR_W + 8}" y="{y + 13}">'
            f"{_fmt_k(float(r['p50'])) if r.get('p50') is not None else ''} n={r['n']}{small}"
            "</text>"
        )
    parts.append(
        f'<text x="{left}" y="{height - 4}">$0</text><text x="{left + _BAR_W}" '
        f'y="{height - 4}" text-anchor="end">{_fmt_k(top)}</text></svg>'
    )
    return "".join(parts)


def months_svg(months: list[dict[str, Any]]) -> str:
    """Postings per month as columns, months in order, each with its count as a tooltip.

    Examples
    --------
    >>> months_svg([{"month": "2026-01", "postings": 4}])[:4]
    '<svg'
    >>> months_svg([])
    ''
    """
    if not months:
        return ""
    top = max(int(m["postings"]) for m in months) or 1
    col = max(4, min(28, 720 // len(months)))
    plot_h = 120
    width = col * len(months) + 60
    height = plot_h + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" viewBox="0 0 {width} {height}">',
        f'<text x="0" y="12">{top:,}</text>',
    ]
    step = max(1, len(months) // 8)
    for i, m in enumerate(months):
        h = plot_h * int(m["postings"]) / top
        x = 40 + i * col
        parts.append(
            f'<rect x="{x}" y="{16 + plot_h - h:.1f}" width="{max(col - 2, 1)}" '
            f'height="{h:.1f}" fill="#4c78a8"><title>{escape(str(m["month"]))}: '
            f"{int(m['postings']):,} postings</title></rect>"
        )
        if i % step == 0:
            parts.append(f'<text x="{x}" y="{height - 6}">{escape(str(m["month"]))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _block(b: Block) -> str:
    if b.kind in ("h1", "h2", "h3"):
        return f"<{b.kind}>{escape(b.text)}</{b.kind}>"
    if b.kind == "p":
        return f"<p>{escape(b.text)}</p>"
    if b.kind == "note":
        return f'<div class="note">{escape(b.text)}</div>'
    if b.kind == "list":
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in b.items) + "</ul>"
    if b.kind == "table":
        head = "".join(f"<th>{escape(h)}</th>" for h in b.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in b.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if b.kind == "chart":
        kind = b.chart.get("type")
        if kind == "bars":
            svg = bars_svg(b.chart["bars"])
        elif kind == "months":
            svg = months_svg(b.chart.get("months", []))
        else:
            svg = ranges_svg(b.chart.get("ranges", []))
        if not svg:
            return ""
        small = " (* small sample, n &lt; 30)" if kind != "months" else ""
        caption = escape(b.text) + small
        return f"<figure>{svg}<figcaption>{caption}</figcaption></figure>"
    return ""


def to_html(obj: RoleProfile | Comparison) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no scripts)."""
    blocks = document(obj)
    title = blocks[0].text if blocks else "roleatlas"
    body = "\n".join(s for s in (_block(b) for b in blocks if b.kind != "chart" or b.chart) if s)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n{body}\n"
        "<footer><p>Generated by roleatlas. Figures show n; small samples (n &lt; 30) are "
        "flagged. Posting, survey and BLS figures are separate layers and never pooled."
        "</p></footer></body></html>\n"
    )
