"""Run every evaluation task and write the results table (``docs/evaluation.md``).

``roleatlas eval report --shared ../shared/data`` regenerates the table; each row names the
data, the metric, our figure on the data we tuned on (``value``), our figure on the untouched
test split where the task reports one (``test``) and the goal from the issue that asked for it.
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
    """One line of the results table.

    ``value`` is the figure on the data the code was (or may have been) tuned on: the dev or
    validation split, else the whole labelled sample. ``test`` is the figure on a split kept
    untouched while tuning; ``None`` when the task reports no test figure. An ``int`` is a
    count and is printed as one.
    """

    task: str
    data: str
    metric: str
    value: float | None
    goal: str
    note: str = ""
    test: float | None = None


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
    from roleatlas.evaluate.spans import (
        SPAN_LAYERS,
        default_layer_name,
        evaluate_spans,
        layer_predictor,
    )
    from roleatlas.pipeline.extract import SPANS_BY_DEFAULT
    from roleatlas.pipeline.extract.span_tagger import default_span_tagger

    tagger = default_span_tagger()
    chosen = tagger.info.get("cv", {}).get(str(tagger.recall_bias), {})
    rows = []
    for layer in SPAN_LAYERS:
        r = evaluate_spans(shared / "skillspan", split="dev", predictor=layer_predictor(layer))
        name = default_layer_name() if layer == "default" else f"{layer} layer"
        merged = r["merged"]
        untouched = layer == "tagger" or (layer == "default" and SPANS_BY_DEFAULT)
        if untouched:
            # the tagger is fitted on train, its one setting chosen by cross-validation on
            # train; what ingest stores adds the catalog mentions its phrases leave out.
            # Nothing of either was fitted or chosen on SkillSpan dev: the untouched column.
            sentences = f"dev ({r['sentences']} sentences, untouched), {name}"
            if layer == "tagger":
                data = f"skillspan: train 3-fold CV (tuned on) / {sentences}"
                loose, strict = chosen.get("loose"), chosen.get("strict")
            else:
                data, loose, strict = f"skillspan {sentences}", None, None
            rows += [
                Row("skill spans", data, "loose F1 (skill+knowledge)", loose, "≥ 0.72",
                    test=merged["loose"]["f1"]),
                Row("skill spans", data, "strict F1 (skill+knowledge)", strict, "≥ 0.50",
                    test=merged["strict"]["f1"]),
            ]  # fmt: skip
            for kind in ("skill", "knowledge"):
                rows.append(Row("skill spans", data, f"loose F1 ({kind}), dev", None, "",
                                note=f"strict {r[kind]['strict']['f1']:.3f}",
                                test=r[kind]["loose"]["f1"]))  # fmt: skip
            continue
        data = f"skillspan dev ({r['sentences']} sentences), {name}"
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


def _catalog_skills(shared: Path, labels: Path) -> list[Row]:
    from roleatlas.evaluate.catalog_skills import evaluate_catalog_skills

    r = evaluate_catalog_skills(shared, labels / "catalog_skill_labels.jsonl")
    dev, test = r["dev"], r["test"]
    data = (f"catalog_skill_labels.jsonl ({dev['postings']} dev / {test['postings']} test "
            "postings, 6 sources), default extraction")  # fmt: skip
    return [
        Row("catalog skills", data, "precision of counted catalog skills", dev["precision"], "",
            test=test["precision"]),
        Row("catalog skills", data, "recall of asked catalog skills", dev["recall"], "",
            test=test["recall"]),
        Row("catalog skills", data, "asked skills the catalog holds", dev["coverage"], "",
            test=test["coverage"]),
        Row("catalog skills", data, "asked skills outside the catalog, per posting",
            dev["misses_per_posting"], "", test=test["misses_per_posting"]),
    ]  # fmt: skip


def _linking(shared: Path) -> list[Row]:
    from roleatlas.evaluate.linking import cross_validate_linking, load_linking_linker

    bench = shared / "decorte-esco-skill-benchmark"
    linker = load_linking_linker(bench)
    backend = linker.backend_
    r = cross_validate_linking(bench, linker, silver_dir=shared / "techwolf-vacancy-job2skill")
    rows = []
    for name, result in r["backends"].items():
        for subset in ("combined", "tech", "house"):
            m = result[subset]
            data = (f"decorte validation, {subset} ({m['n']} sentences), {name} linker; test = "
                    "settings chosen on the other subset")  # fmt: skip
            shipped, untouched = m["shipped"], m["untouched"]
            rows += [
                Row("skill linking", data, "R@5 per sentence", shipped["recall_at_k"],
                    "≥ 0.50" if subset == "combined" and name == backend else "",
                    test=untouched["recall_at_k"]),
                Row("skill linking", data, "any gold in top 5", shipped["hit_at_k"], "",
                    test=untouched["hit_at_k"]),
                Row("skill linking", data, "MRR", shipped["mrr"], "", test=untouched["mrr"]),
            ]  # fmt: skip
    silver = r.get("silver") or {}
    for label, m in (silver.get("figures") or {}).items():
        if label.endswith("shipped"):
            data = (f"TechWolf titles → skills ({m['n']} titles, silver: model-derived), "
                    f"{label.split()[0]} linker, nothing chosen on it")  # fmt: skip
            rows += [
                Row("skill linking (silver)", data, "P@5", None, "", test=m["precision_at_k"]),
                Row("skill linking (silver)", data, "any gold in top 5", None, "",
                    test=m["hit_at_k"]),
            ]  # fmt: skip
    return rows


def _hn(shared: Path, labels: Path) -> list[Row]:
    from roleatlas.evaluate.hn import evaluate_hn

    folder, gold = shared / "postings-hn-whoishiring", labels / "hn_labels.jsonl"
    dev, test = evaluate_hn(folder, gold, split="dev"), evaluate_hn(folder, gold, split="test")
    data = f"hn_labels.jsonl ({dev['rows']} dev / {test['rows']} test postings)"
    rows = [
        Row("HN header", data, metric, dev[key], "", test=test[key])
        for metric, key in (
            ("company exact match", "company"),
            ("roles in the header line, precision", "roles_precision"),
            ("roles in the header line, recall", "roles_recall"),
            ("location match", "location"),
            ("remote exact match", "remote"),
            ("salary exact (min and max within 1%, same currency and period)", "salary_exact"),
            ("has salary, precision", "salary_precision"),
            ("has salary, recall", "salary_recall"),
        )
    ]
    rows.append(
        Row(
            "HN header",
            f"postings-hn-whoishiring ({dev['postings']} rows)",
            f"share of rows without a title ({dev['without_title']} rows; whole file, not split)",
            dev["without_title_share"],
            "",
            test=test["without_title_share"],
        )
    )
    return rows


def _dedup(shared: Path, labels: Path) -> list[Row]:
    from roleatlas.evaluate.dedup import evaluate_dedup, load_items

    items = load_items(shared)  # read once; each split clusters all postings again
    gold = labels / "dedup_pairs.jsonl"
    dev = evaluate_dedup(shared, gold, "dev", items=items)
    test = evaluate_dedup(shared, gold, "test", items=items)
    data = (
        f"dedup_pairs.jsonl ({dev['pairs']} dev / {test['pairs']} test pairs), "
        f"{dev['postings']} postings-* rows, threshold {dev['threshold']}"
    )

    def counts(r: dict[str, Any], wrong: str) -> str:
        return f"{r['tp']}/{r['tp'] + r[wrong]}"

    return [
        Row("dedup", data, "pairwise precision", dev["precision"], "",
            note=f"dev {counts(dev, 'fp')}, test {counts(test, 'fp')}", test=test["precision"]),
        Row("dedup", data, "pairwise recall", dev["recall"], "",
            note=f"dev {counts(dev, 'fn')}, test {counts(test, 'fn')}", test=test["recall"]),
        Row("dedup", data,
            f"clusters of all postings ({dev['multi_clusters']} with >1 posting; not split)",
            dev["clusters"], "", test=test["clusters"]),
    ]  # fmt: skip


def _fields(shared: Path, labels: Path) -> list[Row]:
    from roleatlas.evaluate.fields import evaluate_fields

    gold = labels / "field_labels.jsonl"
    dev = evaluate_fields(shared, gold, split="dev")
    test = evaluate_fields(shared, gold, split="test")
    rows = []
    for field, name in (("salary", "salary in text"), ("employment", "employment type in text"),
                        ("posted", "posted date in text")):  # fmt: skip
        d, t = dev[field], test[field]
        data = (
            f"field_labels.jsonl ({d['n']} dev / {t['n']} test postings; "
            f"{d['with_value']} / {t['with_value']} state one)"
        )
        rows += [Row(name, data, metric, d[key], "", test=t[key])
                 for metric, key in (("precision", "precision"), ("recall (coverage)", "recall"),
                                     ("accuracy (none included)", "accuracy"))]  # fmt: skip
    return rows


def _resumes(shared: Path) -> list[Row]:
    from roleatlas.evaluate.resumes import evaluate_resumes

    folder = shared / "resumes"
    dev, test = evaluate_resumes(folder, split="dev"), evaluate_resumes(folder, split="test")
    data = f"DataTurks résumés ({dev['resumes']} dev / {test['resumes']} test)"
    rows = []
    for item, label in (("skills", "skills"), ("degrees", "degrees"), ("titles", "titles held")):
        for metric in ("precision", "recall"):
            rows.append(
                Row("résumé reading", data, f"{label} {metric}", dev[item][metric], "",
                    test=test[item][metric])
            )  # fmt: skip
    rows.append(
        Row("résumé reading", data, "years of experience within ±1 year",
            dev["years"]["within_1"], "", note=f"{dev['years']['resumes']} dev / "
            f"{test['years']['resumes']} test résumés with a label",
            test=test["years"]["within_1"])
    )  # fmt: skip
    return rows


TASKS: dict[str, Callable[[Path, Path], list[Row]]] = {
    "salary": lambda s, _: _salary(s),
    "titles": _titles,
    "quals": _quals,
    "skills": lambda s, _: _skills(s),
    "catalog": _catalog_skills,
    "linking": lambda s, _: _linking(s),
    "hn": _hn,
    "dedup": _dedup,
    "fields": _fields,
    "resumes": lambda s, _: _resumes(s),
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


def _cell(value: float | None) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def render_markdown(rows: list[Row], meta: dict[str, Any]) -> str:
    """The results table as Markdown."""
    lines = [
        "# Evaluation results",
        "",
        f"Generated on {date.today().isoformat()} by `roleatlas eval report --shared "
        "../shared/data --out docs/evaluation.md`; do not edit by hand. Each figure is measured "
        "on the labelled data named in its row (see `../shared/data/*/PROVENANCE.md`).",
        "",
        "**dev (tuned on)** is the figure on data the code was, or may have been, tuned "
        "against: the dev or validation split where the data has one, else the whole labelled "
        "sample. **test (untouched)** is the figure on a split kept aside while tuning; only "
        "the tasks that report one fill it (HN header, dedup, fields in text, résumé reading, "
        "catalog skills; the span tagger and what ingest stores by default (its phrases with "
        "the catalog mentions), whose test column is SkillSpan dev, never used to fit or "
        "choose them, and the tagger's dev column its cross-validation on the train split; "
        "skill linking, whose test column is each subset scored with the settings chosen on "
        "the other). The held-aside test splits of SkillSpan and Decorte are not in "
        "../shared/data. Rows marked *not split* do not depend on the split and show the same "
        "figure twice.",
        "",
        "| task | data | metric | dev (tuned on) | test (untouched) | goal |",
        "|---|---|---|---:|---:|---|",
    ]
    for r in rows:
        note = f" ({r.note})" if r.note else ""
        test = "" if r.test is None else _cell(r.test)
        lines.append(
            f"| {r.task} | {r.data} | {r.metric}{note} | {_cell(r.value)} | {test} | {r.goal} |"
        )
    lines += [
        "",
        "Seconds per task: " + ", ".join(f"{k} {v}" for k, v in meta.items()),
        "",
        "How each set was drawn and labelled, the matching rules and the detailed tables: "
        "[evaluation-notes.md](evaluation-notes.md). Figures that need a store of postings "
        "(role from skills and from résumés, the planted pay premium) are in "
        "[fit.md](fit.md#evaluation) and [premium.md](premium.md).",
        "",
    ]
    return "\n".join(lines)
