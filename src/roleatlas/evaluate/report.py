"""Run every evaluation task and write the results table (``docs/evaluation.md``).

``roleatlas eval report --shared ../shared/data`` regenerates the table; each row names the
data, the metric, our figure and the goal from the issue that asked for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["Row", "evaluation_rows", "render_markdown"]


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    task: str
    data: str
    metric: str
    value: float | None
    goal: str
    note: str = ""


def _salary(shared: Path) -> list[Row]:
    from roleatlas.evaluate.salary import evaluate_salary

    r = evaluate_salary(shared / "postings-adzuna-uk")
    data = f"postings-adzuna-uk ({r['rows']} rows)"
    return [
        Row("salary", data, "share within 1% of gold annual GBP", r["within_1pct"], "≥ 0.97"),
        Row("salary", data, "share within 5%", r["within_5pct"], ""),
        Row("salary", data, "coverage", r["coverage"], ""),
    ]


def _titles(shared: Path, labels: Path) -> list[Row]:
    from roleatlas.evaluate.titles import evaluate_titles

    r = evaluate_titles(labels / "titles_labelled.tsv", postings_dir=shared)
    data = f"titles_labelled.tsv ({r['n']} titles, 7 sources)"
    return [
        Row("title → role", data, "accuracy", r["accuracy"], "≥ 0.95"),
        Row("title → role", data, "accuracy, titles with a role", r["with_role"]["accuracy"], ""),
        Row("title → role", data, "accuracy, titles outside the catalog",
            r["without_role"]["accuracy"], ""),
    ]  # fmt: skip


def _quals(shared: Path, labels: Path) -> list[Row]:
    from roleatlas.evaluate.quals import evaluate_education, evaluate_experience

    rows = []
    for name, folder, goal in (
        ("google_quals_labelled.tsv", "postings-google-careers", "≥ 0.90"),
        ("glassdoor_quals_labelled.tsv", "postings-glassdoor", ""),
    ):
        postings = shared / folder / "postings.jsonl.gz"
        edu = evaluate_education(labels / name, postings)
        exp = evaluate_experience(labels / name, postings)
        data = f"{name} ({edu['n']} postings)"
        rows += [
            Row("education", data, "degree level accuracy", edu["level_accuracy"], goal),
            Row("education", data, "or-equivalent accuracy", edu["or_equivalent_accuracy"], ""),
            Row("experience", data, "overall min years exact match", exp["exact_match"], goal),
        ]
    return rows


def _skills(shared: Path) -> list[Row]:
    from roleatlas.evaluate.spans import SPAN_LAYERS, evaluate_spans, layer_predictor

    rows = []
    for layer in SPAN_LAYERS:
        r = evaluate_spans(shared / "skillspan", split="dev", predictor=layer_predictor(layer))
        data = f"skillspan dev ({r['sentences']} sentences), {layer} layer"
        merged = r["merged"]
        rows += [
            Row("skill spans", data, "loose F1 (skill+knowledge)", merged["loose"]["f1"],
                "≥ 0.65" if layer == "learned" else ""),
            Row("skill spans", data, "strict F1 (skill+knowledge)", merged["strict"]["f1"],
                "≥ 0.45" if layer == "learned" else ""),
        ]  # fmt: skip
        for kind in ("skill", "knowledge"):
            rows.append(Row("skill spans", data, f"loose F1 ({kind})",
                            r[kind]["loose"]["f1"], "", note=f"strict {r[kind]['strict']['f1']:.3f}"))  # noqa: E501  # fmt: skip
    return rows


def _linking(shared: Path) -> list[Row]:
    from roleatlas.evaluate.linking import evaluate_linking

    r = evaluate_linking(shared / "decorte-esco-skill-benchmark", split="validation")
    backend = r["linker"]["backend"]
    rows = []
    for subset in ("combined", "tech", "house"):
        m = r[subset]
        data = f"decorte validation, {subset} ({m['n']} sentences), {backend} linker"
        rows += [
            Row("skill linking", data, "R@5 per sentence", m["recall_at_k"],
                "≥ 0.50" if subset == "combined" else ""),
            Row("skill linking", data, "any gold in top 5", m["hit_at_k"], ""),
            Row("skill linking", data, "MRR", m["mrr"], ""),
        ]  # fmt: skip
    return rows


TASKS: dict[str, Callable[[Path, Path], list[Row]]] = {
    "salary": lambda s, _: _salary(s),
    "titles": _titles,
    "quals": _quals,
    "skills": lambda s, _: _skills(s),
    "linking": lambda s, _: _linking(s),
}


def evaluation_rows(
    shared: Path, labels: Path, tasks: list[str] | None = None
) -> tuple[list[Row], dict[str, Any]]:
    """Run the evaluation tasks; returns the rows and the seconds each task took.

    ``shared`` is the folder laid out like ``../shared/data``; ``labels`` the folder holding
    the hand-labelled samples (``tests/data`` in a source checkout).
    """
    rows: list[Row] = []
    meta: dict[str, Any] = {}
    for name in tasks or list(TASKS):
        started = time.perf_counter()
        rows += TASKS[name](shared, labels)
        meta[name] = round(time.perf_counter() - started, 1)
    return rows, meta


def render_markdown(rows: list[Row], meta: dict[str, Any]) -> str:
    """The results table as Markdown."""
    lines = [
        "# Evaluation results",
        "",
        f"Generated on {date.today().isoformat()} by `roleatlas eval report --shared "
        "../shared/data --out docs/evaluation.md`; do not edit by hand. Each figure is measured "
        "on the labelled data named in its row (see `../shared/data/*/PROVENANCE.md`); the "
        "held-aside test splits are not used.",
        "",
        "| task | data | metric | value | goal |",
        "|---|---|---|---:|---|",
    ]
    for r in rows:
        value = "—" if r.value is None else f"{r.value:.3f}"
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.task} | {r.data} | {r.metric}{note} | {value} | {r.goal} |")
    lines += ["", "Seconds per task: " + ", ".join(f"{k} {v}" for k, v in meta.items()), ""]
    return "\n".join(lines)
