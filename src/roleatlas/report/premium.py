"""Renderers of a skill pay premium table (:mod:`roleatlas.insights.premium`): plain text,
Markdown, JSON-ready data and CSV. They never query; every one states that a premium is an
association, not a cause.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from roleatlas.insights.premium import PremiumTable, SkillPremium
from roleatlas.report.escape import markdown_escape, spreadsheet_safe, terminal_safe

__all__ = ["CSV_COLUMNS", "premium_csv", "premium_json", "premium_markdown", "premium_text"]

#: Columns of :func:`premium_csv`; fractions (0.08 is +8%) as in the JSON.
CSV_COLUMNS = (
    "skill",
    "name",
    "category",
    "premium",
    "low",
    "high",
    "p_value",
    "q_value",
    "n_with",
    "n_without",
    "companies_with",
    "examples",
)

_PAY = {
    "stated": "employer-stated salaries",
    "estimate": "board estimates (Glassdoor 'est.')",
    "all": "employer-stated salaries and board estimates",
}


def _pct(value: float) -> str:
    """``+8%``, ``-3.5%``: whole percents from 10% up, one decimal below."""
    percent = value * 100
    return f"{percent:+.0f}%" if abs(percent) >= 10 else f"{percent:+.1f}%"


def _scope(table: PremiumTable) -> str:
    f = table.filters
    parts = [f["role"] or "all roles"]
    if f["level"]:
        parts.append(f"level {f['level']}")
    if f["country"]:
        parts.append(f["country"])
    return ", ".join(parts)


def _method(table: PremiumTable) -> str:
    fixed = ", ".join(table.fixed_effects) or "none"
    return (
        f"Log annual USD pay of {table.n} postings ({table.companies} companies, "
        f"{_PAY[table.pay]}); fixed effects: {fixed}; 95% intervals {table.errors}. Skills "
        f"with at least {table.min_support} postings with and without them and "
        f"{table.min_companies} effective companies; {table.below_support} others lack "
        "the support."
    )


def _interval(item: SkillPremium) -> str:
    return f"[{_pct(item.low)}, {_pct(item.high)}]"


def premium_text(table: PremiumTable) -> str:
    """``table`` as terminal text: a heading, one aligned row per skill, the method and the
    caveat. Data is passed through :func:`~roleatlas.report.escape.terminal_safe`."""
    lines = [terminal_safe(f"Skill pay premium: {_scope(table)}"), ""]
    if table.skills:
        width = max(len(terminal_safe(s.name)) for s in table.skills)
        width = max(width, len("skill"))
        lines.append(
            f"{'skill':<{width}}  {'premium':>8}  {'95% interval':<16}  {'with':>5}  "
            f"{'without':>7}  {'p':>6}"
        )
        for s in table.skills:
            small = "  (small sample)" if s.small_sample else ""
            lines.append(
                f"{terminal_safe(s.name):<{width}}  {_pct(s.premium):>8}  {_interval(s):<16}  "
                f"{s.n_with:>5}  {s.n_without:>7}  {s.p_value:>6.3f}{small}"
            )
    else:
        lines.append("No skill has the support for a premium under these filters.")
    lines += ["", terminal_safe(_method(table)), terminal_safe(table.caveat)]
    lines += [terminal_safe(n) for n in table.notes]
    for item in table.not_estimated:
        lines.append(terminal_safe(f"{item.skill}: not estimated: {item.reason}."))
    return "\n".join(lines) + "\n"


def premium_markdown(table: PremiumTable) -> str:
    """``table`` as a Markdown section with a table; every data text escaped."""
    out = [f"## Skill pay premium: {markdown_escape(_scope(table))}", ""]
    out.append(f"> {markdown_escape(table.caveat)}")
    out.append("")
    if table.skills:
        out.append("| skill | premium | 95% interval | with | without | p | q | examples |")
        out.append("|---|--:|---|--:|--:|--:|--:|---|")
        for s in table.skills:
            examples = ", ".join(f"`{markdown_escape(k)}`" for k in s.examples)
            out.append(
                f"| {markdown_escape(s.name)} | {_pct(s.premium)} | {_interval(s)} | "
                f"{s.n_with} | {s.n_without} | {s.p_value:.3f} | {s.q_value:.3f} | {examples} |"
            )
    else:
        out.append("No skill has the support for a premium under these filters.")
    out += ["", markdown_escape(_method(table))]
    for note in table.notes:
        out += ["", markdown_escape(note)]
    for item in table.not_estimated:
        out += ["", markdown_escape(f"{item.skill}: not estimated: {item.reason}.")]
    return "\n".join(out) + "\n"


def premium_json(table: PremiumTable) -> dict[str, Any]:
    """``table`` as JSON-ready data (the body of ``GET /api/v1/premium``)."""
    return asdict(table)


def premium_csv(table: PremiumTable) -> str:
    """One row per skill (:data:`CSV_COLUMNS`); text cells are spreadsheet-safe, example
    posting keys joined with spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in table.skills:
        writer.writerow(
            [
                spreadsheet_safe(terminal_safe(s.skill)),
                spreadsheet_safe(terminal_safe(s.name)),
                spreadsheet_safe(terminal_safe(s.category)),
                f"{s.premium:.6f}",
                f"{s.low:.6f}",
                f"{s.high:.6f}",
                f"{s.p_value:.6g}",
                f"{s.q_value:.6g}",
                s.n_with,
                s.n_without,
                s.companies_with,
                spreadsheet_safe(terminal_safe(" ".join(s.examples))),
            ]
        )
    return buffer.getvalue()
