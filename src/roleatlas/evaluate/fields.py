"""Evaluate the field readers that work on a posting's text, against hand labels.

Three readers fill a field from the description when the source gives none:

- ``salary``: :func:`roleatlas.pipeline.normalize.salary_text.salary_from_text`;
- ``employment``: :func:`roleatlas.pipeline.normalize.employment.employment_from_text`;
- ``posted``: :func:`roleatlas.pipeline.normalize.posted.posted_from_text`.

The labels (``tests/data/field_labels.jsonl``) hold one JSON object per line: ``id``
(``"<source>:<row id>"`` of a ``postings-*/postings.jsonl.gz`` row), ``field``, ``split``
(``dev``: the rules were tuned on it; ``test``: read only to report), and ``expected``: the
value a careful reader takes from the text, or ``null`` when the text states none. A salary
is ``{"min", "max", "currency", "period"}`` (``currency`` ``null`` when the text names none),
an employment type one of :data:`~roleatlas.records.EMPLOYMENT_TYPES`, a posted date
``YYYY-MM-DD``. No posting text is kept: the data licences forbid copying it.

The postings were drawn by :func:`draw_sample` (seeded): for each field and each source
family, postings whose source leaves the field empty, half of them among those whose text
has a cue for the field (a currency sign, an employment word, a "posted" label) and half
among the rest, so that both what the reader finds and what it misses are measured. Few of
those state a value, so :func:`draw_positives` (seeded) adds test postings whose text has a
value cue (an amount with a currency, an employment word, a posting label before a date).

Scores per field and split:

- ``precision``: readings equal to the label / readings made;
- ``recall`` (coverage): readings equal to the label / postings whose label has a value;
- ``accuracy``: postings where the reading equals the label, ``None`` included / postings;
- ``precision_ci``, ``recall_ci``: Wilson 95% intervals of the two (:func:`wilson_interval`).

A salary reading equals its label when min and max are within 1% (an open end, ``null``,
only equals an open end) and currency and period agree.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError
from roleatlas.evaluate._io import family_rows, read_label_lines
from roleatlas.pipeline.normalize.employment import employment_from_text
from roleatlas.pipeline.normalize.posted import posted_from_text
from roleatlas.pipeline.normalize.salary_text import salary_from_text
from roleatlas.records import RawPosting
from roleatlas.sources.datasets import source_defaults, structured_salary_text

__all__ = [
    "FIELDS",
    "PER_FAMILY",
    "SOURCE_DIRS",
    "POSITIVES",
    "draw_positives",
    "draw_sample",
    "evaluate_fields",
    "source_family",
    "read_field",
    "read_labels",
    "wilson_interval",
]

#: The fields scored, in report order.
FIELDS = ("salary", "employment", "posted")

#: The data sets sampled, by family (folders under ``../shared/data``).
SOURCE_DIRS = {
    "glassdoor": "postings-glassdoor",
    "hn": "postings-hn-whoishiring",
    "ats": "postings-ats-ai",
    "google": "postings-google-careers",
    "adzuna": "postings-adzuna-uk",
    "nofluffjobs": "postings-nofluffjobs-pl",
}

_CUES = {
    "salary": re.compile(
        r"[$€£¥₹]|\b(?:USD|EUR|GBP|PLN|CAD|AUD|INR)\b|\d\s?[kK]\b|\bsalary\b|\bper\s+hour\b",
        re.IGNORECASE,
    ),
    "employment": re.compile(
        r"\b(?:full[\s-]?time|part[\s-]?time|permanent|contract|temporary|internship|"
        r"freelance|b2b|uop)\b",
        re.IGNORECASE,
    ),
    "posted": re.compile(r"\b(?:posted|published|posting\s+date|open(?:ing)?\s+date)\b", re.I),
}


_MONTH_CUE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"

#: Cues that the text states a value (a word next to an amount or a date), for
#: :func:`draw_positives`: broader than what the readers accept, so that misses show.
_VALUE_CUES = {
    "salary": re.compile(
        r"(?:[$€£]|\b(?:USD|EUR|GBP|PLN|CAD|AUD|CHF)\s?)\d[\d,.]*\s?[kK]?\s*(?:[A-Z]{3}\s*)?"
        r"(?:[-–]|to)\s*(?:[$€£]|[A-Z]{3}\s?)?\d"  # a range with a currency
        r"|\b(?:salary|compensation|pay|wages?|rate|base)\b[^.\n]{0,60}?"
        r"(?:[$€£]\s?\d|\b(?!40[13]\s?[kK])\d+\s?[kK]\b|\b(?:USD|EUR|GBP|PLN|CAD|AUD|CHF)\s?\d)"
        r"|\d\s*(?:per|/|an|a)\s*(?:hour|hr|year|yr|annum|month)\b",
        re.IGNORECASE,
    ),
    "employment": _CUES["employment"],
    "posted": re.compile(
        r"\b(?:posted|published|posting\s+date|open(?:ing)?\s+date)\b[^\n]{0,30}?"
        rf"(?:\d|\b{_MONTH_CUE}\b|\btoday\b|\byesterday\b)",
        re.IGNORECASE,
    ),
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "None"))


def _raw(row: dict[str, Any]) -> RawPosting:
    extra = row.get("extra") if isinstance(row.get("extra"), dict) else {}
    return RawPosting(
        source=str(row.get("source")),
        source_id=str(row.get("id")),
        description=row.get("description") if isinstance(row.get("description"), str) else None,
        extra=extra or {},
    )


def _field_missing(field: str, row: dict[str, Any]) -> bool:
    if field == "salary":
        return _blank(row.get("salary_text")) and structured_salary_text(_raw(row)) is None
    if field == "employment":
        return _blank(row.get("employment_type"))
    return _blank(row.get("posted_at"))


def read_field(field: str, row: dict[str, Any]) -> Any:
    """What the text reader of ``field`` reads from a data row (JSON-ready, as labelled).

    Raises
    ------
    EvaluationError
        If ``field`` is not one of :data:`FIELDS`.
    """
    raw = _raw(row)
    if field == "salary":
        found = salary_from_text(raw.description, default_currency=source_defaults(raw).currency)
        if found is None:
            return None
        s = found.salary
        return {"min": s.min_amount, "max": s.max_amount, "currency": s.currency,
                "period": s.period}  # fmt: skip
    if field == "employment":
        reading = employment_from_text(raw.description)
        return None if reading is None else reading.type
    if field == "posted":
        read_on = raw.extra.get("snapshot_date") or raw.extra.get("scraped_at")
        day_first = source_defaults(raw).country not in (None, "US")
        posted = posted_from_text(raw.description, reference=read_on, day_first=day_first)
        return None if posted is None else posted.date
    raise EvaluationError(f"Unknown field {field!r}. Choose one of: {', '.join(FIELDS)}.")


def _equal(field: str, got: Any, expected: Any) -> bool:
    if got is None or expected is None:
        return got is None and expected is None
    if field != "salary":
        return bool(got == expected)

    def close(a: Any, b: Any) -> bool:
        if a is None or b is None:  # an open end ("from $65,000", "up to 160 PLN")
            return a is None and b is None
        return bool(abs(a - b) <= 0.01 * max(abs(b), 1e-9))

    return (
        close(got["min"], expected["min"])
        and close(got["max"], expected["max"])
        and got["currency"] == expected["currency"]
        and got["period"] == expected["period"]
    )


def _rows(shared: Path, families: Iterable[str]) -> dict[str, dict[str, Any]]:
    return {
        f"{row.get('source')}:{row.get('id')}": row
        for _, _, row in family_rows(shared, families, SOURCE_DIRS)
    }


def source_family(key: str) -> str:
    """The family (a key of :data:`SOURCE_DIRS`) of a ``"<source>:<id>"`` posting key.

    Raises
    ------
    EvaluationError
        If the source belongs to no known family.
    """
    source = key.split(":", 1)[0]
    for family in SOURCE_DIRS:
        if source.startswith(family) or (family == "hn" and source.startswith("hackernews")):
            return family
    if source.startswith(("ashby", "greenhouse")):
        return "ats"
    raise EvaluationError(f"The label id {key!r} names no known source family.")


def read_labels(path: Path) -> list[dict[str, Any]]:
    """The labels of ``path`` (see the module docstring), checked.

    Raises
    ------
    EvaluationError
        If the file is missing or a line is not a label.
    """
    labels = []
    for line_no, line, label in read_label_lines(path, hint="tests/data/field_labels.jsonl"):
        if not isinstance(label, dict) or label.get("field") not in FIELDS:
            raise EvaluationError(
                f"Line {line_no} of {path} must be an object with 'field' one of "
                f"{', '.join(FIELDS)}. Got {line[:80]!r} instead."
            )
        if label.get("split") not in ("dev", "test") or "id" not in label:
            raise EvaluationError(
                f"Line {line_no} of {path} needs an 'id' and a 'split' of dev or test."
            )
        labels.append(label)
    return labels


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> list[float] | None:
    """The Wilson score interval (95% by default) of ``successes / trials``, rounded.

    >>> wilson_interval(40, 40)
    [0.912, 1.0]
    >>> wilson_interval(0, 0) is None
    True
    """
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return [round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3)]


def evaluate_fields(
    shared: Path, labels_path: Path, *, split: str = "all"
) -> dict[str, dict[str, Any]]:
    """Score each field reader on the labelled postings.

    Parameters
    ----------
    shared:
        The folder holding the ``postings-*`` data sets (``../shared/data``).
    labels_path:
        The labels (``tests/data/field_labels.jsonl``).
    split:
        ``dev``, ``test`` or ``all``.

    Returns
    -------
    dict
        Per field: ``n``, ``with_value`` (labels with a value), ``read`` (readings made),
        ``correct``, ``precision``, ``recall``, ``accuracy``, ``precision_ci`` and
        ``recall_ci`` (Wilson 95% intervals, ``[low, high]``) and ``misses`` (id, got,
        expected of each disagreement).

    Raises
    ------
    EvaluationError
        If the data or the labels cannot be read, or a labelled id is not in the data.
    """
    if split not in ("dev", "test", "all"):
        raise EvaluationError(f"The split must be dev, test or all. Got {split!r} instead.")
    labels = [lab for lab in read_labels(labels_path) if split in ("all", lab["split"])]
    rows = _rows(shared, (source_family(lab["id"]) for lab in labels))
    report: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        mine = sorted((lab for lab in labels if lab["field"] == field), key=lambda x: x["id"])
        n = with_value = read = correct = right = 0
        misses = []
        for label in mine:
            row = rows.get(label["id"])
            if row is None:
                raise EvaluationError(
                    f"The labelled posting {label['id']!r} is not in the data under {shared}."
                )
            got, expected = read_field(field, row), label.get("expected")
            same = _equal(field, got, expected)
            n += 1
            with_value += expected is not None
            read += got is not None
            correct += same and got is not None
            right += same
            if not same:
                misses.append({"id": label["id"], "got": got, "expected": expected})
        report[field] = {
            "n": n,
            "with_value": with_value,
            "read": read,
            "correct": correct,
            "precision": round(correct / read, 3) if read else None,
            "recall": round(correct / with_value, 3) if with_value else None,
            "accuracy": round(right / n, 3) if n else None,
            "precision_ci": wilson_interval(correct, read),
            "recall_ci": wilson_interval(correct, with_value),
            "misses": misses,
        }
    return report


#: Postings drawn per source family for each field (at least 60 per field in all: no
#: adzuna or nofluffjobs posting lacks a salary field, no HN posting a posted date).
PER_FAMILY = {"salary": 16, "employment": 12, "posted": 14}


def draw_sample(
    shared: Path, field: str, *, per_family: int | None = None, seed: int = 11
) -> list[tuple[str, str]]:
    """The postings to label for ``field``: ``(id, split)`` pairs, reproducibly.

    For each source family, ``per_family`` postings whose source leaves the field empty:
    half with a cue for the field in the text, half without (fewer when a family has too
    few); splits alternate dev/test within each family. The same data, field and seed give
    the same sample.
    """
    cue: Callable[[str], bool] = lambda text: _CUES[field].search(text) is not None  # noqa: E731
    rows = _rows(shared, SOURCE_DIRS)
    per_family = PER_FAMILY[field] if per_family is None else per_family
    picked: list[tuple[str, str]] = []
    for family in SOURCE_DIRS:
        pool = sorted(
            key
            for key, row in rows.items()
            if source_family(key) == family
            and _field_missing(field, row)
            and isinstance(row.get("description"), str)
        )
        rng = random.Random(f"{seed}:{field}:{family}")
        with_cue = [k for k in pool if cue(rows[k]["description"])]
        without = [k for k in pool if not cue(rows[k]["description"])]
        half = per_family // 2
        chosen = rng.sample(with_cue, min(half, len(with_cue)))
        rest = per_family - len(chosen)
        chosen += rng.sample(without, min(rest, len(without)))
        picked.extend((key, "dev" if i % 2 == 0 else "test") for i, key in enumerate(chosen))
    return picked


#: Postings drawn per field by :func:`draw_positives` (all in the test split).
POSITIVES = {"salary": 50, "employment": 52, "posted": 71}


def draw_positives(
    shared: Path, field: str, *, n: int | None = None, seed: int = 111
) -> list[tuple[str, str]]:
    """More test postings for ``field``, drawn among those likely to state a value.

    :func:`draw_sample` leaves few postings that state a value in the test split, so its
    precision and recall rest on a handful. This draw takes postings whose source leaves the
    field empty, whose text has a value cue (:data:`_VALUE_CUES`: a currency sign or code
    range, a pay word before an amount or an amount per period for salary; an employment word;
    a posting label a few characters before a number, a month or "today") and that
    :func:`draw_sample` did not pick. Each family's pool is shuffled (seeded) and the
    families give one posting in turn until ``n`` are drawn, so a larger ``n`` extends the
    same list. All are ``test``. Many still state nothing (a "$20M" round, "contract" in a
    benefits line): they are kept as negatives.
    """
    rows = _rows(shared, SOURCE_DIRS)
    n = POSITIVES[field] if n is None else n
    taken = {key for key, _ in draw_sample(shared, field)}
    queues: list[list[str]] = []
    for family in SOURCE_DIRS:
        pool = sorted(
            key
            for key, row in rows.items()
            if source_family(key) == family
            and key not in taken
            and _field_missing(field, row)
            and isinstance(row.get("description"), str)
            and _VALUE_CUES[field].search(row["description"]) is not None
        )
        random.Random(f"{seed}:{field}:{family}").shuffle(pool)
        if pool:
            queues.append(pool)
    picked: list[tuple[str, str]] = []
    while len(picked) < n and any(queues):
        for queue in queues:
            if queue and len(picked) < n:
                picked.append((queue.pop(0), "test"))
    return picked
