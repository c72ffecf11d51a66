"""SVG charts of the HTML report and the web pages (roleatlas.report.html), on hand-made data
shaped like the document model's chart dicts."""

from __future__ import annotations

import re

import pytest

from roleatlas.report.html import (
    bars_svg,
    chart_html,
    grouped_bars_svg,
    grouped_ranges_svg,
    line_svg,
    nice_ticks,
    ranges_svg,
    wrap_label,
)

SERIES = [
    {"key": "machine-learning-research-engineer", "name": "ML Research Engineer", "n": 31},
    {"key": "machine-learning-scientist", "name": "ML Scientist", "n": 41},
]
GROUPED_BARS = {
    "type": "grouped-bars",
    "unit": "share",
    "series": SERIES,
    "groups": [
        {
            "label": "Machine learning research",
            "values": [
                {"value": 0.84, "low": 0.67, "high": 0.93, "count": 26, "n": 31},
                {"value": 0.22, "low": 0.12, "high": 0.37, "count": 9, "n": 41},
            ],
        },
        {
            "label": "Natural language processing and large language models in production",
            "values": [None, {"value": 0.1, "low": 0.04, "high": 0.23, "count": 4, "n": 41}],
        },
    ],
}
GROUPED_RANGES = {
    "type": "grouped-ranges",
    "unit": "usd",
    "series": SERIES,
    "groups": [
        {
            "label": "Senior-level / Expert",
            "values": [
                {"p25": 180e3, "p50": 215e3, "p75": 262e3, "n": 12, "layer": "postings"},
                {"p25": 138e3, "p50": 170e3, "p75": 214e3, "n": 211, "layer": "survey"},
            ],
        },
        {"label": "Entry-level / Junior", "values": [None, None]},  # nothing: left out
    ],
}
LINE = {
    "type": "line",
    "unit": "usd",
    "x": "year",
    "series": [
        {
            "key": "machine-learning-scientist",
            "name": "ML Scientist",
            "points": [
                {"x": 2023, "y": 158e3, "n": 386},
                {"x": 2024, "y": 165e3, "n": 500},
                {"x": 2025, "y": 181e3, "n": 6},
            ],
        }
    ],
}

LABELS = [
    "Machine Learning Scientist · survey Entry-level / Junior",
    "Communication skills and stakeholder management",
    "Python",
    "Extraordinarilylongsingleword tokenization",
]


def _texts(svg: str) -> list[str]:
    """Every text line drawn (tspans and plain texts, without tooltips)."""
    svg = re.sub(r"<title>.*?</title>", "", svg)
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<t(?:ext|span)\b[^>]*>([^<]*)", svg)]


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("width", [10, 16, 24, 40])
def test_labels_are_never_cut_inside_a_word(label: str, width: int) -> None:
    lines = wrap_label(label, width)
    assert 1 <= len(lines) <= 2
    words = label.split()
    for line in lines:
        assert len(line) <= width
        for word in line.removesuffix("…").split():
            # a whole word of the label, or the start of a word longer than a whole line
            assert word in words or any(len(w) > width for w in words)
    if " ".join(lines) != label:  # shortened: says so with "…"
        assert any(line.endswith("…") for line in lines)


def test_nice_ticks() -> None:
    assert nice_ticks(0, 1, 4) == [0, 0.25, 0.5, 0.75, 1]
    assert nice_ticks(0, 262_000, 6) == [0, 50e3, 100e3, 150e3, 200e3, 250e3, 300e3]
    assert nice_ticks(0, 180_000, 4) == [0, 50e3, 100e3, 150e3, 200e3]


def test_bars_have_share_ticks_and_full_labels_in_tooltips() -> None:
    bars = [
        {"label": LABELS[1], "value": 0.3, "low": 0.2, "high": 0.4, "n": 31},
        {"label": "Python", "value": 0.5, "low": 0.3, "high": 0.7, "n": 10},
    ]
    for compact in (False, True):
        svg = bars_svg(bars, compact=compact)
        texts = _texts(svg)
        for tick in ("0%", "25%", "50%", "75%", "100%"):
            assert tick in texts
        assert f"<title>{LABELS[1]}: 30% of 31" in svg
        assert "50% n=10*" in texts
        assert not any(t.endswith(("Entr", "stakeh")) for t in texts)
    assert 'class="chart-compact" width="340"' in bars_svg(bars, compact=True)


def test_salary_axis_has_round_ticks() -> None:
    svg = ranges_svg([{"label": "SE", "p25": 100e3, "p50": 120e3, "p75": 262e3, "n": 40}])
    texts = _texts(svg)
    assert [t for t in texts if t.startswith("$") and "n=" not in t] == [
        "$0", "$50K", "$100K", "$150K", "$200K", "$250K", "$300K",
    ]  # fmt: skip


def test_grouped_bars_one_chart_for_the_roles() -> None:
    svg = grouped_bars_svg(GROUPED_BARS)
    assert "ML Research Engineer (n=31)" in svg and "ML Scientist (n=41)" in svg
    assert svg.count('fill="#4c78a8"') >= 2 and svg.count('fill="#f58518"') >= 2
    assert "84% (26/31)" in svg and "22% (9/41)" in svg
    assert "no figure for ML Research Engineer" in svg
    long = GROUPED_BARS["groups"][1]["label"]
    assert f"<title>{long}: no figure" in svg  # the full label, though it is wrapped


def test_grouped_ranges_side_by_side_by_level() -> None:
    svg = grouped_ranges_svg(GROUPED_RANGES)
    assert "Entry-level" not in svg  # a level without figures is left out
    assert "$215K n=12*" in svg and "$170K n=211" in svg
    assert 'stroke-dasharray="3 2"' in svg  # the survey layer is drawn apart
    assert "light, dashed: aijobs.net survey" in svg
    assert "ML Scientist (survey): p25 $138K, median $170K, p75 $214K, n=211" in svg


def test_line_has_points_with_n() -> None:
    svg = line_svg(LINE)
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 3
    assert "ML Scientist, 2025: $181K median (n=6, small sample)" in svg
    assert 'fill="#ffffff"' in svg  # the small sample is a hollow point
    texts = _texts(svg)
    assert {"2023", "2024", "2025", "386", "500", "6*"} <= set(texts)


@pytest.mark.parametrize("chart", [GROUPED_BARS, GROUPED_RANGES, LINE])
def test_chart_html_draws_both_layouts(chart: dict) -> None:
    html = chart_html(chart, "A caption")
    assert html.startswith('<div class="svgchart w720">')
    assert html.count("<svg") == 2
    assert html.count('role="img" aria-label="A caption"') == 2
    wide, compact = re.findall(r'<svg [^>]*class="chart-(\w+)" width="(\d+)"', html)
    assert wide == ("wide", "720") and compact == ("compact", "340")


def test_unknown_or_empty_charts_draw_nothing() -> None:
    assert chart_html({"type": "pie", "slices": [1]}, "x") == ""
    assert chart_html({"type": "grouped-bars", "series": SERIES, "groups": []}, "x") == ""
    assert chart_html({"type": "line", "series": []}, "x") == ""
    assert chart_html({}, "x") == ""


def test_hostile_labels_are_escaped() -> None:
    chart = {**GROUPED_BARS, "series": [{"key": "a", "name": "<script>x</script>", "n": 1}]}
    chart["groups"] = [{"label": "<img src=x>", "values": [{"value": 0.5, "n": 1}]}]
    html = chart_html(chart, '"><b>')
    assert "<script>" not in html and "<img" not in html and '"><b>' not in html
