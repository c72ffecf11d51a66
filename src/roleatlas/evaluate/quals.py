"""Evaluate the education and experience extractors on hand-labelled postings.

The labels are a tab-separated file (``tests/data/google_quals_labelled.tsv``) with the
columns ``id``, ``min_degree``, ``degree_or_equivalent``, ``experience_min_years`` and
``note``; lines that start with ``#`` are comments. Only posting ids and labels are stored:
each posting's description is read from a ``postings.jsonl.gz`` (for the Google sample,
``../shared/data/postings-google-careers``).

The extractors run on the whole description, exactly as at ingest (with its
"Responsibilities:", "Minimum qualifications:" and "Preferred qualifications:" headings), while
the labels describe the minimum qualifications only; so reading a preferred degree or preferred
years as required is an error here.

* :func:`evaluate_education` compares :func:`~roleatlas.pipeline.extract.education.minimum_degree`
  (``"none"`` when it returns ``None``) with ``min_degree``, and whether a required degree of
  that level accepts equivalent experience with ``degree_or_equivalent``.
* :func:`evaluate_experience` compares the minimum of
  :func:`~roleatlas.pipeline.extract.experience.overall_years` with ``experience_min_years``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError
from roleatlas.pipeline.extract.education import extract_education, minimum_degree
from roleatlas.pipeline.extract.experience import extract_experience, overall_years
from roleatlas.pipeline.sections import split_sections
from roleatlas.records import DEGREE_LEVELS

__all__ = ["evaluate_education", "evaluate_experience", "read_quals_labels"]

COLUMNS = ("id", "min_degree", "degree_or_equivalent", "experience_min_years", "note")
POSTINGS_FILE = "postings.jsonl.gz"


def read_quals_labels(path: Path | str) -> list[dict[str, Any]]:
    """Read and check a labelled qualifications file.

    Parameters
    ----------
    path:
        A TSV file with the header ``id min_degree degree_or_equivalent experience_min_years
        note``.

    Returns
    -------
    list of dict
        One dict per row: ``id``, ``min_degree`` (a level of
        :data:`~roleatlas.records.DEGREE_LEVELS`), ``or_equivalent`` (bool), ``years`` (float
        or ``None``), ``note``.

    Raises
    ------
    EvaluationError
        If the file cannot be read, lacks the header, has an unknown level, a
        ``degree_or_equivalent`` other than yes/no, a number that does not parse, a duplicate
        id, or no rows.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(
            f"Cannot read the labelled qualifications {str(path)!r}: {exc.strerror}. Pass a TSV "
            f"file with the columns {', '.join(COLUMNS)}."
        ) from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames is None or tuple(reader.fieldnames[: len(COLUMNS)]) != COLUMNS:
        raise EvaluationError(
            f"{str(path)!r} must start with the header {' '.join(COLUMNS)} (tab-separated). "
            f"Got {reader.fieldnames!r} instead."
        )
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        where = f"Row {number} of {str(path)!r}"
        posting_id = (row.get("id") or "").strip()
        if not posting_id:
            raise EvaluationError(f"{where} has no posting id. Fill in the id column.")
        if posting_id in seen:
            raise EvaluationError(f"{where} repeats the posting id {posting_id!r}. Keep one row.")
        seen.add(posting_id)
        level = (row.get("min_degree") or "").strip()
        if level not in DEGREE_LEVELS:
            raise EvaluationError(
                f"The min_degree of {where} must be one of {', '.join(DEGREE_LEVELS)}. "
                f"Got {level!r} instead."
            )
        equivalent = (row.get("degree_or_equivalent") or "").strip().lower()
        if equivalent not in ("yes", "no"):
            raise EvaluationError(
                f"The degree_or_equivalent of {where} must be 'yes' or 'no'. "
                f"Got {equivalent!r} instead."
            )
        raw_years = (row.get("experience_min_years") or "").strip()
        try:
            years = float(raw_years) if raw_years else None
        except ValueError:
            years = -1.0
        if years is not None and not 0 <= years <= 60:
            raise EvaluationError(
                f"The experience_min_years of {where} must be a number of years between 0 and "
                f"60, or empty. Got {raw_years!r} instead."
            )
        rows.append(
            {
                "id": posting_id,
                "min_degree": level,
                "or_equivalent": equivalent == "yes",
                "years": years,
                "note": (row.get("note") or "").strip(),
            }
        )
    if not rows:
        raise EvaluationError(f"{str(path)!r} has a header but no labelled postings.")
    return rows


def _descriptions(postings_path: Path | str, ids: set[str]) -> dict[str, str]:
    path = Path(postings_path)
    if path.is_dir():
        path = path / POSTINGS_FILE
    opener = gzip.open if path.suffix == ".gz" else open
    found: dict[str, str] = {}
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                posting_id = str(row.get("id", ""))
                if posting_id in ids:
                    description = row.get("description")
                    if not isinstance(description, str) or not description.strip():
                        raise EvaluationError(
                            f"Posting {posting_id!r} (line {number} of {str(path)!r}) has no "
                            "description. Remove it from the labels or fix the postings file."
                        )
                    found[posting_id] = description
    except (OSError, ValueError, AttributeError) as exc:
        raise EvaluationError(
            f"Cannot read postings from {str(path)!r} ({exc}). Pass the postings.jsonl.gz of "
            "the labelled postings (../shared/data/postings-google-careers) or its folder."
        ) from exc
    missing = sorted(ids - found.keys())
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise EvaluationError(
            f"{len(missing)} labelled postings are not in {str(path)!r}: {shown}. Pass the "
            "postings file the labels were made from."
        )
    return found


def _load(labels_tsv: Path | str, postings_path: Path | str) -> list[tuple[dict[str, Any], str]]:
    labels = read_quals_labels(labels_tsv)
    descriptions = _descriptions(postings_path, {row["id"] for row in labels})
    return [(row, descriptions[row["id"]]) for row in labels]


def evaluate_education(labels_tsv: Path | str, postings_path: Path | str) -> dict[str, Any]:
    """Score the education extractor on labelled postings.

    Parameters
    ----------
    labels_tsv:
        The labelled TSV (:func:`read_quals_labels`).
    postings_path:
        The ``postings.jsonl.gz`` holding the labelled postings, or its folder.

    Returns
    -------
    dict
        ``n``; ``level_correct`` and ``level_accuracy`` (minimum degree level); ``confusion``
        (expected level → predicted level → count); ``per_level`` (expected level → ``n``,
        ``correct``); ``or_equivalent_correct`` and ``or_equivalent_accuracy``; ``misses``:
        ``{id, expected, got, expected_or_equivalent, got_or_equivalent, note}`` for every
        posting with a wrong level or or-equivalent reading.

    Raises
    ------
    EvaluationError
        If the labels or the postings cannot be read or do not match.
    """
    confusion: dict[str, Counter[str]] = {}
    level_correct = equivalent_correct = 0
    misses: list[dict[str, Any]] = []
    rows = _load(labels_tsv, postings_path)
    for label, description in rows:
        reqs = extract_education(description, split_sections(description))
        got = minimum_degree(reqs) or "none"
        got_equivalent = got != "none" and any(
            r.or_equivalent for r in reqs if r.required is not False and r.level == got
        )
        confusion.setdefault(label["min_degree"], Counter())[got] += 1
        level_ok = got == label["min_degree"]
        equivalent_ok = got_equivalent == label["or_equivalent"]
        level_correct += level_ok
        equivalent_correct += equivalent_ok
        if not (level_ok and equivalent_ok):
            misses.append(
                {
                    "id": label["id"],
                    "expected": label["min_degree"],
                    "got": got,
                    "expected_or_equivalent": label["or_equivalent"],
                    "got_or_equivalent": got_equivalent,
                    "note": label["note"],
                }
            )
    n = len(rows)
    per_level = {
        level: {"n": sum(counts.values()), "correct": counts[level]}
        for level, counts in sorted(confusion.items(), key=lambda kv: DEGREE_LEVELS.index(kv[0]))
    }
    return {
        "n": n,
        "level_correct": level_correct,
        "level_accuracy": round(level_correct / n, 4),
        "confusion": {level: dict(counts) for level, counts in confusion.items()},
        "per_level": per_level,
        "or_equivalent_correct": equivalent_correct,
        "or_equivalent_accuracy": round(equivalent_correct / n, 4),
        "misses": misses,
    }


def evaluate_experience(labels_tsv: Path | str, postings_path: Path | str) -> dict[str, Any]:
    """Score the experience extractor on labelled postings.

    Parameters
    ----------
    labels_tsv:
        The labelled TSV (:func:`read_quals_labels`).
    postings_path:
        The ``postings.jsonl.gz`` holding the labelled postings, or its folder.

    Returns
    -------
    dict
        ``n``; ``exact`` and ``exact_match``: postings whose overall minimum equals the label,
        a missing value matching an empty label; ``with_years``: for postings labelled with
        years, ``n``, ``exact``, ``exact_match``, ``coverage`` (share given any value) and
        ``mae`` (mean absolute error in years where a value was given); ``without_years``:
        ``n`` and ``false_positives`` (a value given where none is required); ``misses``:
        ``{id, expected, got, note}``.

    Raises
    ------
    EvaluationError
        If the labels or the postings cannot be read or do not match.
    """
    exact = with_n = with_exact = covered = without_n = false_positives = 0
    errors: list[float] = []
    misses: list[dict[str, Any]] = []
    rows = _load(labels_tsv, postings_path)
    for label, description in rows:
        overall = overall_years(extract_experience(description, split_sections(description)))
        got = overall[0] if overall is not None else None
        expected = label["years"]
        ok = got == expected
        exact += ok
        if expected is None:
            without_n += 1
            false_positives += got is not None
        else:
            with_n += 1
            with_exact += ok
            if got is not None:
                covered += 1
                errors.append(abs(got - expected))
        if not ok:
            misses.append(
                {"id": label["id"], "expected": expected, "got": got, "note": label["note"]}
            )
    n = len(rows)
    return {
        "n": n,
        "exact": exact,
        "exact_match": round(exact / n, 4),
        "with_years": {
            "n": with_n,
            "exact": with_exact,
            "exact_match": round(with_exact / with_n, 4) if with_n else None,
            "coverage": round(covered / with_n, 4) if with_n else None,
            "mae": round(sum(errors) / len(errors), 3) if errors else None,
        },
        "without_years": {"n": without_n, "false_positives": false_positives},
        "misses": misses,
    }
