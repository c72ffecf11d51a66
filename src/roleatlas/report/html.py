"""A role profile or comparison as ONE self-contained HTML file, and the SVG charts of every
HTML face.

No external assets: the stylesheet is inline and the charts are inline SVG. The content is the
document model of :mod:`roleatlas.report.compare`, so the HTML shows the same figures as the
Markdown and JSON reports.

Charts (:func:`chart_html` dispatches on the chart's ``type``; an unknown type draws nothing):

* ``bars``: skill shares of one role, with the 95% Wilson interval as a whisker;
* ``grouped-bars``: skill shares of the compared roles on one chart, one colour per role;
* ``ranges``: salary ranges p25-p75 with the median marked, one row per group;
* ``grouped-ranges``: salary ranges by level, the compared roles side by side;
* ``line``: a yearly trend (survey pay by year), each point with its n;
* ``months``: postings per month.

Each chart is drawn twice, a wide and a compact layout, and the stylesheet shows the one that
fits its container (a CSS container query), so chart text is drawn at its own size (12 px) on
a 1280 px screen and on a 390 px phone instead of being scaled down to ~5 px. Labels are
wrapped at word boundaries onto two lines; a longer label ends with "…" after a whole word and
keeps its full text in the ``<title>`` tooltip. Axes have round ticks (0/25/50/75/100% for
shares, $25K/$50K/$100K steps for pay).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from roleatlas.insights.compare import Comparison
from roleatlas.insights.profile import RoleProfile
from roleatlas.report.compare import Block, document
from roleatlas.report.escape import safe_url

__all__ = [
    "CHART_CSS",
    "PostingRefs",
    "bars_svg",
    "chart_html",
    "grouped_bars_svg",
    "grouped_ranges_svg",
    "line_svg",
    "months_svg",
    "page_html",
    "nice_ticks",
    "ranges_svg",
    "to_html",
    "wrap_label",
]

#: Example postings named in a report: ``source:source_id`` → (title and company, original
#: posting URL or None). Filled from the store by the face that renders the report.
PostingRefs = Mapping[str, tuple[str, str | None]]

#: Styles every chart needs, whichever page holds it (the web stylesheet repeats them).
CHART_CSS = """
.svgchart{container-type:inline-size;max-width:100%}
.svgchart svg{display:block;max-width:100%;height:auto}
.svgchart .chart-compact{display:none}
@container (max-width:719px){.w720>.chart-wide{display:none}.w720>.chart-compact{display:block}}
@container (max-width:539px){.w540>.chart-wide{display:none}.w540>.chart-compact{display:block}}
svg text{font:12px system-ui,sans-serif;fill:#1d2430}svg .tick{fill:#4a5568}
svg .grid{stroke:#d8dee9}svg .axis{stroke:#4a5568}
"""

_CSS = (
    """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1d2430}
h1{font-size:1.7rem}h2{border-bottom:2px solid #d8dee9;padding-bottom:.2rem;margin-top:2.2rem}
h3{margin-bottom:.3rem}.table-wrap{overflow-x:auto;max-width:100%;margin:.5rem 0 1rem}
table{border-collapse:collapse;font-size:.88rem}
th,td{border:1px solid #d8dee9;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f8}.note{background:#fff6e0;border-left:4px solid #e0a800;
padding:.4rem .7rem;margin:.5rem 0}figure{margin:.5rem 0 1.2rem}figcaption{font-size:.85rem;
color:#555}a{color:#0b57d0}li{overflow-wrap:anywhere}
.example{display:inline-block;min-width:1.6em;text-align:center}
td:has(>.example){white-space:nowrap}
@media (max-width:40rem){body{margin:1rem auto;font-size:16px}h1{font-size:1.4rem}
table{font-size:.82rem}}
"""
    + CHART_CSS
)

#: Width of one character of 12 px chart text, on the wide side (DejaVu Sans, the widest of
#: the usual system-ui fonts), so that a wrapped label always fits its column.
_CHAR_W = 7.0
_LINE_H = 15
#: Natural widths of the two layouts; the wide one is 540 for per-role charts (they sit in a
#: column of a comparison) and 720 for the charts across the roles.
_COMPACT_W = 340
_SERIES = ("#4c78a8", "#f58518", "#54a24b", "#b279a2")
_SURVEY = "#f58518"
_POSTINGS = "#4c78a8"


# -- small helpers ---------------------------------------------------------------------------
def _fmt_k(x: float) -> str:
    """``$120K``; ``$1.2M`` from a million.

    Examples
    --------
    >>> _fmt_k(120_000), _fmt_k(87_500), _fmt_k(1_250_000), _fmt_k(0)
    ('$120K', '$88K', '$1.25M', '$0')
    """
    if x >= 1e6:
        return f"${x / 1e6:,.2f}".rstrip("0").rstrip(".") + "M"
    if x == 0:
        return "$0"
    return f"${x / 1000:,.0f}K"


def _pct(x: float) -> str:
    return f"{x:.0%}"


def wrap_label(text: str, max_chars: int, lines: int = 2) -> list[str]:
    """``text`` on at most ``lines`` lines of ``max_chars`` characters, broken at spaces.

    A label that does not fit ends with "…" after its last whole word (a single word longer
    than a line is the only thing ever cut inside).

    Examples
    --------
    >>> wrap_label("Machine Learning Scientist · survey Entry-level", 24)
    ['Machine Learning', 'Scientist · survey…']
    >>> wrap_label("Python", 24)
    ['Python']
    >>> wrap_label("Supercalifragilistic", 8, lines=1)
    ['Superca…']
    """
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars or not current:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    truncated = len(out) > lines
    out = out[:lines] or [""]
    last = out[-1]
    if len(last) > max_chars:  # one word longer than a line
        out[-1] = last[: max_chars - 1] + "…"
    elif truncated:
        kept = last.split()
        while kept and len(" ".join(kept)) + 1 > max_chars:
            kept.pop()
        out[-1] = (" ".join(kept) or last[: max_chars - 1]) + "…"
    return [(line[: max_chars - 1] + "…") if len(line) > max_chars else line for line in out]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high``: steps of 1, 2, 2.5 or 5 × 10^k.

    Examples
    --------
    >>> nice_ticks(0, 262_000)
    [0.0, 50000.0, 100000.0, 150000.0, 200000.0, 250000.0, 300000.0]
    >>> nice_ticks(0, 1, 4)
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> nice_ticks(118_000, 171_000, 4)
    [100000.0, 120000.0, 140000.0, 160000.0, 180000.0]
    """
    if high <= low:
        high = low + 1
    power = 10 ** math.floor(math.log10((high - low) / max(count, 1)))
    best: tuple[float, float, float, float] | None = None
    for scale in (power / 10, power, power * 10):
        for m in (1, 2, 2.5, 5):
            step = m * scale
            first = math.floor(low / step) * step
            last = math.ceil(high / step) * step
            intervals = round((last - first) / step)
            score = (abs(intervals - count), -step)
            if best is None or score < (best[0], best[1]):
                best = (score[0], score[1], first, last)
    assert best is not None
    step, first, last = -best[1], best[2], best[3]
    n = round((last - first) / step)
    return [float(round(first + i * step, 10)) for i in range(n + 1)]


def _lines(x: float, y: float, lines: Sequence[str], anchor: str = "start") -> str:
    """A ``<text>`` of one or more lines starting at baseline ``y``."""
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    if len(lines) == 1:
        return f'<text x="{x:.1f}" y="{y:.1f}"{anchor_attr}>{escape(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else _LINE_H}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}"{anchor_attr}>{spans}</text>'


def _open(width: float, height: float, layout: str) -> str:
    w, h = math.ceil(width), math.ceil(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-{layout}" width="{w}" '
        f'height="{h}" viewBox="0 0 {w} {h}" role="img">'
    )


def _axis(
    ticks: Sequence[float],
    x: Callable[[float], float],
    y_top: float,
    y_axis: float,
    fmt: Callable[[float], str],
) -> str:
    """Vertical grid lines at ``ticks`` from ``y_top`` to ``y_axis``, labels below."""
    parts = []
    for i, t in enumerate(ticks):
        px = x(t)
        anchor = "start" if i == 0 and len(ticks) > 1 and px < 20 else "middle"
        parts.append(
            f'<line class="grid" x1="{px:.1f}" x2="{px:.1f}" y1="{y_top:.1f}" '
            f'y2="{y_axis:.1f}" stroke="#d8dee9"/>'
            f'<text class="tick" x="{px:.1f}" y="{y_axis + 14:.1f}" text-anchor="{anchor}">'
            f"{escape(fmt(t))}</text>"
        )
    return "".join(parts)


def _legend(entries: Sequence[tuple[str, str]], width: float, y: float) -> tuple[str, float]:
    """Swatches and names, flowed onto as many lines as ``width`` needs; returns the SVG and
    the height used."""
    parts = []
    x, line = 0.0, 0
    for colour, name in entries:
        label = wrap_label(name, int((width - 18) // _CHAR_W), 1)[0]
        w = 18 + len(label) * _CHAR_W + 14
        if x > 0 and x + w > width:
            x, line = 0.0, line + 1
        yy = y + line * 18
        parts.append(
            f'<rect x="{x:.1f}" y="{yy:.1f}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 17:.1f}" y="{yy + 10.5:.1f}">{escape(label)}'
            f"<title>{escape(name)}</title></text>"
        )
        x += w
    return "".join(parts), (line + 1) * 18


def _small(n: Any) -> str:
    return "*" if n is not None and int(n) < 30 else ""


def _count(n: Any) -> str:
    return "?" if n is None else f"{int(n):,}"


# -- bars ------------------------------------------------------------------------------------
def bars_svg(bars: list[dict[str, Any]], *, compact: bool = False) -> str:
    """Horizontal share bars (0-100%) with the 95% interval as a whisker.

    Examples
    --------
    >>> svg = bars_svg([{"label": "Python", "value": 0.5, "low": 0.3, "high": 0.7, "n": 10}])
    >>> svg[:4], "50% n=10*" in svg, ">75%<" in svg
    ('<svg', True, True)
    """
    if not bars:
        return ""
    width = _COMPACT_W if compact else 540
    label_w = 0 if compact else 180
    value_w = 92
    left = label_w + (0 if compact else 8)
    plot_w = width - left - (18 if compact else value_w + 6)
    max_chars = int(((width - value_w) if compact else label_w) // _CHAR_W)
    rows = []
    y = 6.0
    for b in bars:
        lines = wrap_label(str(b["label"]), max_chars)
        if compact:
            h = len(lines) * _LINE_H + 16
        else:
            h = max(24, len(lines) * _LINE_H + 8)
        rows.append((b, lines, y, h))
        y += h
    axis_y = y + 2
    height = axis_y + 20

    def x(v: float) -> float:
        return left + plot_w * min(max(v, 0.0), 1.0)

    parts = [_open(width, height, "compact" if compact else "wide")]
    parts.append(_axis([0, 0.25, 0.5, 0.75, 1.0], x, 2, axis_y, _pct))
    for b, lines, top, h in rows:
        value, n = float(b["value"]), b["n"]
        note = " (small sample)" if _small(n) else ""
        figure = f"{_pct(value)} n={_count(n)}{_small(n)}"
        if compact:
            bar_y = top + len(lines) * _LINE_H + 1
            label = _lines(0, top + 11, lines)
            fig = f'<text x="{width:.1f}" y="{top + 11:.1f}" text-anchor="end">{figure}</text>'
        else:
            bar_y = top + (h - 14) / 2
            label = _lines(label_w, top + h / 2 + 4 - (len(lines) - 1) * _LINE_H / 2, lines, "end")
            fig = f'<text x="{left + plot_w + 8:.1f}" y="{bar_y + 11:.1f}">{figure}</text>'
        lo, hi = x(float(b.get("low", value))), x(float(b.get("high", value)))
        parts.append(
            f"<g><title>{escape(str(b['label']))}: {_pct(value)} of {n}{note}, 95% interval "
            f"{_pct(float(b.get('low', value)))}-{_pct(float(b.get('high', value)))}</title>"
            f"{label}"
            f'<rect x="{left:.1f}" y="{bar_y:.1f}" width="{max(x(value) - left, 0):.1f}" '
            f'height="{12 if compact else 14}" fill="{_POSTINGS}"/>'
            f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{bar_y + 6:.1f}" y2="{bar_y + 6:.1f}" '
            f'stroke="#1d2430" stroke-width="1.5"/>{fig}</g>'
        )
    parts.append(
        f'<line class="axis" x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{axis_y:.1f}" '
        f'y2="{axis_y:.1f}" stroke="#4a5568"/></svg>'
    )
    return "".join(parts)


def grouped_bars_svg(chart: dict[str, Any], *, compact: bool = False) -> str:
    """Shares of several roles per group (a skill), one coloured bar per role.

    ``chart`` is ``{"series": [{"key", "name", "n"}], "groups": [{"label", "values":
    [{"value", "low", "high", "count", "n"} | None per series]}]}``.

    Examples
    --------
    >>> chart = {"series": [{"key": "a", "name": "A", "n": 40}, {"key": "b", "name": "B",
    ...          "n": 12}], "groups": [{"label": "PyTorch", "values": [{"value": 0.6,
    ...          "low": 0.45, "high": 0.73, "count": 24, "n": 40}, None]}]}
    >>> svg = grouped_bars_svg(chart)
    >>> "60% (24/40)" in svg, "no figure for B" in svg
    (True, True)
    """
    series = list(chart.get("series") or [])
    groups = [g for g in chart.get("groups") or [] if any(v for v in g.get("values") or [])]
    if not series or not groups:
        return ""
    width = _COMPACT_W if compact else 720
    label_w = 0 if compact else 200
    value_w = 96
    left = label_w + (0 if compact else 8)
    plot_w = width - left - value_w
    bar_h, gap = 12, 3
    legend, legend_h = _legend(
        [
            (_SERIES[i % len(_SERIES)], f"{s['name']} (n={s.get('n', '?')})")
            for i, s in enumerate(series)
        ],
        width,
        2,
    )
    y = legend_h + 8
    top_plot = y
    rows = []
    max_chars = int(((width - 8) if compact else label_w) // _CHAR_W)
    for g in groups:
        lines = wrap_label(str(g["label"]), max_chars)
        bars_h = len(series) * (bar_h + gap)
        h = (
            (len(lines) * _LINE_H + 2 + bars_h + 8)
            if compact
            else max(bars_h, len(lines) * 15) + 10
        )
        rows.append((g, lines, y, h))
        y += h
    axis_y = y
    height = axis_y + 20

    def x(v: float) -> float:
        return left + plot_w * min(max(v, 0.0), 1.0)

    parts = [_open(width, height, "compact" if compact else "wide"), legend]
    parts.append(_axis([0, 0.25, 0.5, 0.75, 1.0], x, top_plot, axis_y, _pct))
    for g, lines, top, _h in rows:
        label = str(g["label"])
        if compact:
            parts.append(_lines(0, top + 11, lines))
            bars_top = top + len(lines) * _LINE_H + 2
        else:
            bars_h = len(series) * (bar_h + gap)
            parts.append(
                _lines(label_w, top + bars_h / 2 + 4 - (len(lines) - 1) * _LINE_H / 2, lines, "end")
            )
            bars_top = top
        values = list(g.get("values") or [])
        for i, s in enumerate(series):
            v = values[i] if i < len(values) else None
            by = bars_top + i * (bar_h + gap)
            colour = _SERIES[i % len(_SERIES)]
            name = escape(str(s["name"]))
            if not v or v.get("value") is None:
                parts.append(
                    f"<g><title>{escape(label)}: no figure for {name}</title>"
                    f'<text class="tick" x="{left + 2:.1f}" y="{by + 10:.1f}">'
                    f"{'no figure' if compact else f'no figure for {name}'}</text></g>"
                )
                continue
            value = float(v["value"])
            n = v.get("n")
            count = v.get("count")
            lo, hi = x(float(v.get("low", value))), x(float(v.get("high", value)))
            shown = f"{_pct(value)}" + (f" ({count}/{n})" if count is not None else f" n={n}")
            parts.append(
                f"<g><title>{escape(label)}, {name}: {_pct(value)} of {n} postings"
                f"{' (small sample)' if _small(n) else ''}, 95% interval "
                f"{_pct(float(v.get('low', value)))}-{_pct(float(v.get('high', value)))}</title>"
                f'<rect x="{left:.1f}" y="{by:.1f}" width="{max(x(value) - left, 0):.1f}" '
                f'height="{bar_h}" fill="{colour}"/>'
                f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{by + 6:.1f}" y2="{by + 6:.1f}" '
                f'stroke="#1d2430" stroke-width="1.5"/>'
                f'<text x="{left + plot_w + 6:.1f}" y="{by + 10:.1f}">{shown}{_small(n)}</text>'
                "</g>"
            )
    parts.append(
        f'<line class="axis" x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{axis_y:.1f}" '
        f'y2="{axis_y:.1f}" stroke="#4a5568"/></svg>'
    )
    return "".join(parts)


# -- ranges ----------------------------------------------------------------------------------
def _range_ticks(values: Sequence[float], compact: bool) -> list[float]:
    top = max(values) if values else 1.0
    return nice_ticks(0, top, 4 if compact else 6)


def ranges_svg(ranges: list[dict[str, Any]], *, compact: bool = False) -> str:
    """Salary ranges: a bar from p25 to p75 with the median marked, one row per group.

    Groups without percentiles are left out. Survey rows are drawn in a second colour.

    Examples
    --------
    >>> svg = ranges_svg([{"label": "SE", "p25": 100e3, "p50": 120e3, "p75": 150e3, "n": 40}])
    >>> "$120K n=40" in svg, ">$50K<" in svg, ">$150K<" in svg
    (True, True, True)
    """
    rows_in = [r for r in ranges if r.get("p25") is not None and r.get("p75") is not None]
    if not rows_in:
        return ""
    width = _COMPACT_W if compact else 720
    label_w = 0 if compact else 250
    value_w = 0 if compact else 110
    left = label_w + (0 if compact else 8)
    plot_w = width - left - value_w - 20
    ticks = _range_ticks([float(r["p75"]) for r in rows_in], compact)
    span = ticks[-1] or 1.0
    layers = sorted({str(r.get("layer") or "postings") for r in rows_in})
    legend, legend_h = ("", 0.0)
    if len(layers) > 1:
        legend, legend_h = _legend(
            [(_SURVEY if layer == "survey" else _POSTINGS, layer) for layer in layers], width, 2
        )
    max_chars = int(((width - 110) if compact else label_w) // _CHAR_W)
    y = legend_h + 6
    top_plot = y
    rows = []
    for r in rows_in:
        lines = wrap_label(str(r["label"]), max_chars)
        h = (len(lines) * _LINE_H + 18) if compact else max(24, len(lines) * _LINE_H + 8)
        rows.append((r, lines, y, h))
        y += h
    axis_y = y + 2
    height = axis_y + 20

    def x(v: float) -> float:
        return left + plot_w * min(max(v / span, 0.0), 1.0)

    parts = [_open(width, height, "compact" if compact else "wide"), legend]
    parts.append(_axis(ticks, x, top_plot, axis_y, _fmt_k))
    for r, lines, top, h in rows:
        colour = _SURVEY if r.get("layer") == "survey" else _POSTINGS
        p25, p75 = float(r["p25"]), float(r["p75"])
        p50 = float(r["p50"]) if r.get("p50") is not None else None
        n = r.get("n")
        figure = f"{_fmt_k(p50) if p50 is not None else ''} n={_count(n)}{_small(n)}".strip()
        if compact:
            bar_y = top + len(lines) * _LINE_H + 2
            label = _lines(0, top + 11, lines)
            fig = f'<text x="{width:.1f}" y="{top + 11:.1f}" text-anchor="end">{figure}</text>'
        else:
            bar_y = top + (h - 14) / 2
            label = _lines(label_w, top + h / 2 + 4 - (len(lines) - 1) * _LINE_H / 2, lines, "end")
            fig = f'<text x="{left + plot_w + 8:.1f}" y="{bar_y + 11:.1f}">{figure}</text>'
        median = ""
        if p50 is not None:
            m = x(p50)
            median = (
                f'<line x1="{m:.1f}" x2="{m:.1f}" y1="{bar_y - 2:.1f}" y2="{bar_y + 16:.1f}" '
                'stroke="#1d2430" stroke-width="2"/>'
            )
        parts.append(
            f"<g><title>{escape(str(r['label']))}: p25 {_fmt_k(p25)}, "
            f"median {_fmt_k(p50) if p50 is not None else 'n/a'}, p75 {_fmt_k(p75)}, n={n}"
            f"{' (small sample)' if _small(n) else ''}</title>{label}"
            f'<rect x="{x(p25):.1f}" y="{bar_y:.1f}" width="{max(x(p75) - x(p25), 2):.1f}" '
            f'height="14" fill="{colour}"/>{median}{fig}</g>'
        )
    parts.append(
        f'<line class="axis" x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{axis_y:.1f}" '
        f'y2="{axis_y:.1f}" stroke="#4a5568"/></svg>'
    )
    return "".join(parts)


def grouped_ranges_svg(chart: dict[str, Any], *, compact: bool = False) -> str:
    """Salary ranges by group (a level), the series (roles) side by side in their colours.

    ``chart`` is ``{"series": [{"key", "name", "n"}], "groups": [{"label", "values":
    [{"p25", "p50", "p75", "n", "layer"} | None per series]}]}``; survey figures are drawn
    lighter and say "survey".

    Examples
    --------
    >>> chart = {"series": [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}],
    ...          "groups": [{"label": "Senior", "values": [{"p25": 150e3, "p50": 180e3,
    ...          "p75": 210e3, "n": 45, "layer": "postings"}, {"p25": 120e3, "p50": 140e3,
    ...          "p75": 170e3, "n": 9, "layer": "survey"}]}]}
    >>> svg = grouped_ranges_svg(chart)
    >>> "$180K n=45" in svg, "$140K n=9*" in svg, ">$200K<" in svg, "dashed: aijobs" in svg
    (True, True, True, True)
    """
    series = list(chart.get("series") or [])
    groups = []
    for g in chart.get("groups") or []:
        values = [
            v if v and v.get("p25") is not None and v.get("p75") is not None else None
            for v in g.get("values") or []
        ]
        if any(values):
            groups.append((g, values))
    if not series or not groups:
        return ""
    width = _COMPACT_W if compact else 720
    label_w = 0 if compact else 190
    value_w = 124
    left = label_w + (0 if compact else 8)
    plot_w = width - left - value_w
    ticks = _range_ticks([float(v["p75"]) for _, values in groups for v in values if v], compact)
    span = ticks[-1] or 1.0
    entries = [(_SERIES[i % len(_SERIES)], str(s["name"])) for i, s in enumerate(series)]
    if any(v and v.get("layer") == "survey" for _, values in groups for v in values):
        entries.append(("#d8dee9", "light, dashed: aijobs.net survey"))
    legend, legend_h = _legend(entries, width, 2)
    bar_h, gap = 12, 4
    y = legend_h + 8
    top_plot = y
    rows = []
    max_chars = int(((width - 8) if compact else label_w) // _CHAR_W)
    for g, values in groups:
        lines = wrap_label(str(g["label"]), max_chars)
        bars_h = len(series) * (bar_h + gap)
        h = (
            (len(lines) * _LINE_H + 2 + bars_h + 8)
            if compact
            else max(bars_h, len(lines) * 15) + 10
        )
        rows.append((g, values, lines, y, h))
        y += h
    axis_y = y
    height = axis_y + 20

    def x(v: float) -> float:
        return left + plot_w * min(max(v / span, 0.0), 1.0)

    parts = [_open(width, height, "compact" if compact else "wide"), legend]
    parts.append(_axis(ticks, x, top_plot, axis_y, _fmt_k))
    for g, values, lines, top, _h in rows:
        label = str(g["label"])
        bars_h = len(series) * (bar_h + gap)
        if compact:
            parts.append(_lines(0, top + 11, lines))
            bars_top = top + len(lines) * _LINE_H + 2
        else:
            parts.append(
                _lines(label_w, top + bars_h / 2 + 4 - (len(lines) - 1) * _LINE_H / 2, lines, "end")
            )
            bars_top = top
        for i, s in enumerate(series):
            v = values[i] if i < len(values) else None
            by = bars_top + i * (bar_h + gap)
            name = escape(str(s["name"]))
            if v is None:
                parts.append(
                    f"<g><title>{escape(label)}, {name}: no salary figures</title>"
                    f'<text class="tick" x="{left + 2:.1f}" y="{by + 10:.1f}">no figures</text>'
                    "</g>"
                )
                continue
            p25, p75 = float(v["p25"]), float(v["p75"])
            p50 = float(v["p50"]) if v.get("p50") is not None else None
            n = v.get("n")
            survey = v.get("layer") == "survey"
            colour = _SERIES[i % len(_SERIES)]
            shown = f"{_fmt_k(p50) if p50 is not None else ''} n={_count(n)}{_small(n)}".strip()
            median = ""
            if p50 is not None:
                m = x(p50)
                median = (
                    f'<line x1="{m:.1f}" x2="{m:.1f}" y1="{by - 2:.1f}" y2="{by + bar_h + 2:.1f}" '
                    'stroke="#1d2430" stroke-width="2"/>'
                )
            opacity = ' fill-opacity="0.45" stroke-dasharray="3 2"' if survey else ""
            parts.append(
                f"<g><title>{escape(label)}, {name} ({'survey' if survey else 'postings'}): "
                f"p25 {_fmt_k(p25)}, median {_fmt_k(p50) if p50 is not None else 'n/a'}, p75 "
                f"{_fmt_k(p75)}, n={n}{' (small sample)' if _small(n) else ''}</title>"
                f'<rect x="{x(p25):.1f}" y="{by:.1f}" width="{max(x(p75) - x(p25), 2):.1f}" '
                f'height="{bar_h}" fill="{colour}" stroke="{colour}"{opacity}/>{median}'
                f'<text x="{left + plot_w + 6:.1f}" y="{by + 10:.1f}">{shown}</text></g>'
            )
    parts.append(
        f'<line class="axis" x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{axis_y:.1f}" '
        f'y2="{axis_y:.1f}" stroke="#4a5568"/></svg>'
    )
    return "".join(parts)


# -- line ------------------------------------------------------------------------------------
def line_svg(chart: dict[str, Any], *, compact: bool = False) -> str:
    """A trend per series: points joined by a line, each point with its n.

    ``chart`` is ``{"unit": "usd" | "share", "series": [{"key", "name", "points": [{"x",
    "y", "n"}]}]}``. Points with n < 30 are drawn hollow; the n of every point is written
    under the x axis, one row per series.

    Examples
    --------
    >>> chart = {"unit": "usd", "series": [{"key": "a", "name": "A", "points": [
    ...     {"x": 2023, "y": 150e3, "n": 120}, {"x": 2024, "y": 160e3, "n": 12}]}]}
    >>> svg = line_svg(chart)
    >>> "2024: $160K median (n=12, small sample)" in svg, "<polyline" in svg
    (True, True)
    """
    series = [s for s in chart.get("series") or [] if s.get("points")]
    points = [p for s in series for p in s["points"] if p.get("y") is not None]
    if not points:
        return ""
    usd = chart.get("unit", "usd") == "usd"
    fmt = _fmt_k if usd else _pct
    xs = sorted({p["x"] for p in points}, key=lambda v: (str(type(v)), v))
    width = _COMPACT_W if compact else 720
    left, right = 46.0, 12.0 if compact else 60.0
    legend, legend_h = _legend(
        [(_SERIES[i % len(_SERIES)], str(s["name"])) for i, s in enumerate(series)], width, 2
    )
    top = legend_h + 10
    plot_h = 150.0 if compact else 190.0
    axis_y = top + plot_h
    ys = [float(p["y"]) for p in points]
    ticks = nice_ticks(min(ys), max(ys), 4)
    lo, hi = ticks[0], ticks[-1]
    plot_w = width - left - right
    step = plot_w / max(len(xs) - 1, 1) if len(xs) > 1 else 0.0
    pad = 14.0 if len(xs) > 1 else plot_w / 2

    def px(v: Any) -> float:
        return left + pad + xs.index(v) * (step - 2 * pad / max(len(xs) - 1, 1))

    def py(v: float) -> float:
        return axis_y - plot_h * (v - lo) / ((hi - lo) or 1.0)

    n_rows_y = axis_y + 34
    height = n_rows_y + len(series) * 16 + 4
    parts = [_open(width, height, "compact" if compact else "wide"), legend]
    for t in ticks:
        yy = py(t)
        parts.append(
            f'<line class="grid" x1="{left:.1f}" x2="{width - right:.1f}" y1="{yy:.1f}" '
            f'y2="{yy:.1f}" stroke="#d8dee9"/>'
            f'<text class="tick" x="{left - 4:.1f}" y="{yy + 4:.1f}" text-anchor="end">'
            f"{escape(fmt(t))}</text>"
        )
    every = max(1, math.ceil(len(xs) * 38 / plot_w))
    for i, v in enumerate(xs):
        if i % every == 0 or i == len(xs) - 1:
            parts.append(
                f'<text class="tick" x="{px(v):.1f}" y="{axis_y + 16:.1f}" '
                f'text-anchor="middle">{escape(str(v))}</text>'
            )
    parts.append(f'<text class="tick" x="0" y="{n_rows_y - 2:.1f}">n</text>')
    ends: list[tuple[float, float, Any]] = []
    for i, s in enumerate(series):
        colour = _SERIES[i % len(_SERIES)]
        pts = sorted(
            (p for p in s["points"] if p.get("y") is not None), key=lambda p: xs.index(p["x"])
        )
        if len(pts) > 1:
            coords = " ".join(f"{px(p['x']):.1f},{py(float(p['y'])):.1f}" for p in pts)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
            )
        row_y = n_rows_y + i * 16 + 12
        parts.append(f'<rect x="12" y="{row_y - 10:.1f}" width="10" height="10" fill="{colour}"/>')
        for p in pts:
            cx, cy = px(p["x"]), py(float(p["y"]))
            n = p.get("n")
            small = bool(_small(n))
            fill = "#ffffff" if small else colour
            parts.append(
                f"<g><title>{escape(str(s['name']))}, {escape(str(p['x']))}: "
                f"{escape(fmt(float(p['y'])))} median (n={n}"
                f"{', small sample' if small else ''})</title>"
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{fill}" stroke="{colour}" '
                'stroke-width="2"/></g>'
            )
            if xs.index(p["x"]) % every == 0 or p["x"] == xs[-1]:
                parts.append(
                    f'<text class="tick" x="{cx:.1f}" y="{row_y:.1f}" text-anchor="middle">'
                    f"{'' if n is None else f'{int(n):,}'}{'*' if small else ''}</text>"
                )
        if pts and not compact:
            ends.append((py(float(pts[-1]["y"])) + 4, px(pts[-1]["x"]) + 8, pts[-1]["y"]))
    # the last value of each series beside its end point, moved apart when they would overlap
    placed: list[float] = []
    for y_end, x_end, value in sorted(ends):
        y_end = max(y_end, placed[-1] + 14) if placed else y_end
        placed.append(y_end)
        parts.append(f'<text x="{x_end:.1f}" y="{y_end:.1f}">{escape(fmt(float(value)))}</text>')
    parts.append(
        f'<line class="axis" x1="{left:.1f}" x2="{width - right:.1f}" y1="{axis_y:.1f}" '
        f'y2="{axis_y:.1f}" stroke="#4a5568"/></svg>'
    )
    return "".join(parts)


# -- months ----------------------------------------------------------------------------------
def months_svg(months: list[dict[str, Any]], *, compact: bool = False) -> str:
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
    most = max(int(m["postings"]) for m in months) or 1
    ticks = nice_ticks(0, most, 3)
    if any(t != int(t) for t in ticks):  # counts: whole-number ticks only
        ticks = nice_ticks(0, most, most)
    top = ticks[-1] or 1
    left = 40
    room = (_COMPACT_W if compact else 540) - left - 4
    col = max(3.0, min(28.0, room / len(months)))
    plot_h = 110 if compact else 130
    width = left + col * len(months) + 4
    height = plot_h + 40
    parts = [_open(width, height, "compact" if compact else "wide")]
    for t in ticks:
        yy = 8 + plot_h - plot_h * t / top
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width:.1f}" y1="{yy:.1f}" y2="{yy:.1f}" '
            f'stroke="#d8dee9"/><text class="tick" x="{left - 4}" y="{yy + 4:.1f}" '
            f'text-anchor="end">{int(t):,}</text>'
        )
    every = max(1, math.ceil(len(months) * 62 / (col * len(months))))
    for i, m in enumerate(months):
        h = plot_h * int(m["postings"]) / top
        x = left + i * col
        parts.append(
            f'<rect x="{x:.1f}" y="{8 + plot_h - h:.1f}" width="{max(col - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="{_POSTINGS}"><title>{escape(str(m["month"]))}: '
            f"{int(m['postings']):,} postings</title></rect>"
        )
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{x:.1f}" y="{height - 12}">{escape(str(m["month"]))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


# -- dispatch --------------------------------------------------------------------------------
def _draw(chart: dict[str, Any], compact: bool) -> str:
    kind = chart.get("type")
    if kind == "bars":
        return bars_svg(chart.get("bars") or [], compact=compact)
    if kind == "ranges":
        return ranges_svg(chart.get("ranges") or [], compact=compact)
    if kind == "months":
        return months_svg(chart.get("months") or [], compact=compact)
    if kind == "grouped-bars":
        return grouped_bars_svg(chart, compact=compact)
    if kind == "grouped-ranges":
        return grouped_ranges_svg(chart, compact=compact)
    if kind == "line":
        return line_svg(chart, compact=compact)
    return ""


def chart_html(chart: dict[str, Any], label: str) -> str:
    """A chart of the document model as HTML: its wide and compact SVG in a wrapper whose
    stylesheet (:data:`CHART_CSS`) shows the layout that fits; ``""`` for an unknown type or
    a chart without data. ``label`` becomes each SVG's accessible name.

    Examples
    --------
    >>> html = chart_html({"type": "bars", "bars": [{"label": "SQL", "value": 0.4,
    ...     "low": 0.3, "high": 0.5, "n": 50}]}, "Skills")
    >>> html.count("<svg"), 'aria-label="Skills"' in html
    (2, True)
    >>> chart_html({"type": "pie"}, "x"), chart_html({"type": "bars", "bars": []}, "x")
    ('', '')
    """
    wide = _draw(chart, False)
    if not wide:
        return ""
    compact = _draw(chart, True)
    name = f'role="img" aria-label="{escape(label)}"'
    size = "w540" if chart.get("type") in ("bars", "months") else "w720"
    wide = wide.replace('role="img"', name, 1)
    compact = compact.replace('role="img"', name, 1)
    return f'<div class="svgchart {size}">{wide}{compact}</div>'


# -- the report ------------------------------------------------------------------------------
def _key_pattern(refs: PostingRefs | None) -> re.Pattern[str] | None:
    if not refs:
        return None
    keys = sorted(refs, key=lambda k: (-len(k), k))
    return re.compile("(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")


def _linked(text: str, refs: PostingRefs | None, pattern: re.Pattern[str] | None) -> str:
    """``text`` escaped, each example posting key shown as its title (a link when it has an
    original URL)."""
    if pattern is None or refs is None:
        return escape(text)
    out = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        title, url = refs[m.group(1)]
        href = _href(url)
        out.append(f'<a href="{href}">{escape(title)}</a>' if href else escape(title))
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _href(url: str | None) -> str | None:
    """An http(s) URL for an ``href`` attribute (escaped), or None."""
    target = safe_url(url)
    return escape(target.replace("\\&", "&")) if target else None


def _numbered(text: str, refs: PostingRefs | None, pattern: re.Pattern[str] | None) -> str:
    """An examples cell: the cited postings as numbered links titled with the posting."""
    if pattern is None or refs is None:
        return escape(text)
    keys = pattern.findall(text)
    if not keys:
        return escape(text)
    out = []
    for i, key in enumerate(keys, 1):
        title, url = refs[key]
        href = _href(url)
        out.append(
            f'<a class="example" href="{href}" title="{escape(title)}" '
            f'aria-label="Example posting {i}: {escape(title)}">{i}</a>'
            if href
            else f'<span class="example" title="{escape(title)}">{i}</span>'
        )
    return " ".join(out)


def _block(
    b: Block, refs: PostingRefs | None = None, pattern: re.Pattern[str] | None = None
) -> str:
    if b.kind in ("h1", "h2", "h3"):
        return f"<{b.kind}>{escape(b.text)}</{b.kind}>"
    if b.kind == "p":
        return f"<p>{_linked(b.text, refs, pattern)}</p>"
    if b.kind == "note":
        return f'<div class="note">{_linked(b.text, refs, pattern)}</div>'
    if b.kind == "list":
        links = b.links or [None] * len(b.items)
        items = []
        for item, url in zip(b.items, links, strict=False):
            href = _href(url)
            if href:
                m = re.match(r"^(.*) \[([^\[\]]+)\]$", item, re.S)
                text = m.group(1) if m else item
                items.append(f'<li><a href="{href}">{escape(text)}</a></li>')
            else:
                items.append(f"<li>{_linked(item, refs, pattern)}</li>")
        return "<ul>" + "".join(items) + "</ul>"
    if b.kind == "table":
        head = "".join(f"<th>{escape(h)}</th>" for h in b.headers)
        at = b.headers.index("examples") if "examples" in b.headers else -1
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{_numbered(c, refs, pattern) if i == at else _linked(c, refs, pattern)}</td>"
                for i, c in enumerate(r)
            )
            + "</tr>"
            for r in b.rows
        )
        return (
            f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>"
        )
    if b.kind == "chart":
        svg = chart_html(b.chart, b.text)
        if not svg:
            return ""
        small = " (* small sample, n &lt; 30)" if b.chart.get("type") != "months" else ""
        return f"<figure>{svg}<figcaption>{escape(b.text)}{small}</figcaption></figure>"
    return ""


def to_html(obj: RoleProfile | Comparison, postings: PostingRefs | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no scripts).

    Parameters
    ----------
    obj:
        A role profile or a comparison.
    postings:
        Titles and original URLs of the example postings the report cites
        (``source:source_id`` → (title and company, URL or None)); each cited posting is then
        shown by its title and links to its original posting. Without it the keys are shown.
    """
    return page_html(document(obj), postings)


def page_html(blocks: list[Block], postings: PostingRefs | None = None, footer: str = "") -> str:
    """One self-contained HTML page of a document model (inline CSS and SVG, no scripts):
    what every report's ``to_html`` returns. ``footer`` adds a sentence to the footer."""
    title = blocks[0].text if blocks else "roleatlas"
    pattern = _key_pattern(postings)
    body = "\n".join(
        s
        for s in (_block(b, postings, pattern) for b in blocks if b.kind != "chart" or b.chart)
        if s
    )
    extra = f" {escape(footer)}" if footer else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n{body}\n"
        "<footer><p>Generated by roleatlas. Figures show n; small samples (n &lt; 30) are "
        "flagged. Posting, survey and BLS figures are separate layers and never pooled."
        f"{extra}</p></footer></body></html>\n"
    )
