"""Evaluate the Hacker News "Who is hiring?" parser against hand labels.

:func:`evaluate_hn` reads a folder laid out like ``shared/data/postings-hn-whoishiring``
(``postings.jsonl.gz`` with ``extra.text_html``, ``extra.header_line`` and ``extra.thread``),
rebuilds the HN API item of each row, parses it with
:func:`roleatlas.sources.hn.parse_hn_comment` and compares the first posting of each labelled
row with the gold fields of ``tests/data/hn_labels.jsonl`` (one JSON object per line: ``id``,
``split`` (``dev``/``test``), ``company``, ``roles``, ``location``, ``remote``, ``salary``;
no posting text, the data licence forbids copying it). Scores:

- ``company``: exact match after case folding and collapsing spaces (both ``None`` counts);
- ``roles``: set precision and recall over the roles **named in the header line** (gold
  roles follow the same rule; roles the parser finds in the body are not scored), after
  case folding and dropping parentheses;
- ``location``: both ``None``, equal text, or both parsed by
  :func:`~roleatlas.pipeline.normalize.location.parse_location` to the same country and
  city (the city may be missing on one side only if the countries agree and neither names
  a city);
- ``remote``: exact (``True``/``False``/``None``);
- ``salary``: ``has_salary`` precision/recall, and ``exact`` (share of all rows whose
  parsed min and max are within 1% of the gold ones and the currency and period agree, or
  both have no salary).

The share of postings without a title is counted over the whole data file (every row).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError
from roleatlas.evaluate._io import read_jsonl_rows
from roleatlas.pipeline.normalize.location import parse_location
from roleatlas.pipeline.normalize.salary import parse_salary
from roleatlas.records import RawPosting
from roleatlas.sources.hn import item_from_row as row_item
from roleatlas.sources.hn import parse_hn_comment

__all__ = ["evaluate_hn", "row_item"]

POSTINGS_FILE = "postings.jsonl.gz"
_JOBSTORIES = "HN /jobstories"


def _norm(text: str | None) -> str | None:
    if text is None:
        return None
    value = " ".join(text.casefold().split()).strip(" .,")
    return value or None


def _role_key(text: str) -> str:
    text = re.sub(r"\([^()]*\)", " ", text.casefold())
    return " ".join(re.sub(r"[^\w/&+#.-]+", " ", text).split())


def _location_match(got: str | None, gold: str | None) -> bool:
    if got is None or gold is None:
        return got is None and gold is None
    if _norm(got) == _norm(gold):
        return True
    a, b = parse_location(got), parse_location(gold)
    if a.country is None or a.country != b.country:
        return False
    return a.city == b.city or a.city is None or b.city is None


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.01 * max(abs(b), 1.0)


def _salary_match(got: dict[str, Any] | None, gold: dict[str, Any] | None) -> bool:
    if got is None or gold is None:
        return got is None and gold is None
    return (
        _close(got["min"], gold.get("min"))
        and _close(got["max"], gold.get("max"))
        and got["currency"] == gold.get("currency")
        and got["period"] == gold.get("period")
    )


def _parsed_salary(posting: RawPosting | None) -> dict[str, Any] | None:
    if posting is None or not posting.salary_text:
        return None
    salary = parse_salary(posting.salary_text)
    if salary is None or not salary.parsed:
        return None
    return {"min": salary.min_amount, "max": salary.max_amount,
            "currency": salary.currency, "period": salary.period}  # fmt: skip


def _read_rows(path: Path) -> dict[str, dict[str, Any]]:
    like = "shared/data/postings-hn-whoishiring"
    return {
        row["id"]: row
        for _, row in read_jsonl_rows(path, like=like)
        if isinstance(row.get("id"), str)
    }


def _read_labels(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise EvaluationError(
            f"The HN labels file {path} does not exist. Pass tests/data/hn_labels.jsonl."
        )
    labels = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(
                f"Line {line_no} of {path} is not valid JSON ({exc.msg})."
            ) from exc
        if isinstance(row, dict) and "id" in row:
            labels.append(row)
    return labels


def _first(row: dict[str, Any]) -> RawPosting | None:
    result = parse_hn_comment(row_item(row), thread_id=0)
    if isinstance(result, list) and result:
        return result[0]
    return None


def evaluate_hn(
    data_dir: Path | str, labels_path: Path | str, split: str = "test"
) -> dict[str, Any]:
    """Score the HN header parser on the labelled rows of one split.

    Parameters
    ----------
    data_dir : Path or str
        A folder holding ``postings.jsonl.gz`` shaped like ``shared/data/postings-hn-whoishiring``.
    labels_path : Path or str
        The gold labels (``tests/data/hn_labels.jsonl``).
    split : str, optional
        ``"dev"``, ``"test"`` or ``"all"``.

    Returns
    -------
    dict
        ``split``, ``rows``; ``company``, ``location``, ``remote`` (accuracy);
        ``roles_precision``, ``roles_recall``; ``salary_exact``, ``salary_precision``,
        ``salary_recall``; ``postings`` (rows in the data file), ``without_title`` and
        ``without_title_share`` (rows whose first posting has no title, or that are not
        read as postings), ``stored_without_title`` (rows whose stored heuristic ``title``
        is empty); ``errors`` (the first 30 disagreements per field).

    Raises
    ------
    EvaluationError
        If a file is missing or unreadable, ``split`` is unknown, or a labelled id is not in
        the data.
    """
    if split not in ("dev", "test", "all"):
        raise EvaluationError(f"The split must be 'dev', 'test' or 'all'. Got {split!r} instead.")
    path = Path(data_dir)
    if path.is_dir():
        path = path / POSTINGS_FILE
    if not path.is_file():
        raise EvaluationError(
            f"The HN evaluation data {path} does not exist. Pass a folder laid out like "
            f"shared/data/postings-hn-whoishiring, holding {POSTINGS_FILE}."
        )
    rows = _read_rows(path)
    labels = [
        g for g in _read_labels(Path(labels_path)) if split == "all" or g.get("split") == split
    ]
    counts = {"company": 0, "location": 0, "remote": 0, "salary_exact": 0}
    role_tp = role_pred = role_gold = 0
    sal_tp = sal_pred = sal_gold = 0
    errors: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("company", "roles", "location", "remote", "salary")
    }

    def miss(field: str, gid: str, got: Any, gold: Any) -> None:
        if len(errors[field]) < 30:
            errors[field].append({"id": gid, "got": got, "gold": gold})

    for gold in labels:
        gid = gold["id"]
        row = rows.get(gid)
        if row is None:
            raise EvaluationError(f"The labelled posting {gid!r} is not in {path}.")
        posting = _first(row)
        extra = posting.extra if posting is not None else {}
        company = posting.company if posting is not None else None
        if _norm(company) == _norm(gold.get("company")):
            counts["company"] += 1
        else:
            miss("company", gid, company, gold.get("company"))
        header_roles = extra.get("roles", []) if extra.get("roles_from") == "header" else []
        got_roles = {_role_key(r) for r in header_roles}
        gold_roles = {_role_key(r) for r in gold.get("roles") or []}
        role_tp += len(got_roles & gold_roles)
        role_pred += len(got_roles)
        role_gold += len(gold_roles)
        if got_roles != gold_roles:
            miss("roles", gid, sorted(got_roles), sorted(gold_roles))
        location = posting.location if posting is not None else None
        if _location_match(location, gold.get("location")):
            counts["location"] += 1
        else:
            miss("location", gid, location, gold.get("location"))
        remote = extra.get("remote")
        if remote == gold.get("remote"):
            counts["remote"] += 1
        else:
            miss("remote", gid, remote, gold.get("remote"))
        got_salary = _parsed_salary(posting)
        gold_salary = gold.get("salary")
        sal_pred += got_salary is not None
        sal_gold += gold_salary is not None
        sal_tp += got_salary is not None and gold_salary is not None
        if _salary_match(got_salary, gold_salary):
            counts["salary_exact"] += 1
        else:
            miss("salary", gid, got_salary, gold_salary)
    n = len(labels)
    if n == 0:
        raise EvaluationError(f"No labelled rows in split {split!r} of {labels_path}.")
    without = sum(1 for row in rows.values() if (p := _first(row)) is None or not p.title)
    stored_without = sum(1 for row in rows.values() if not row.get("title"))
    return {
        "split": split,
        "rows": n,
        "company": round(counts["company"] / n, 4),
        "roles_precision": round(role_tp / role_pred, 4) if role_pred else 1.0,
        "roles_recall": round(role_tp / role_gold, 4) if role_gold else 1.0,
        "location": round(counts["location"] / n, 4),
        "remote": round(counts["remote"] / n, 4),
        "salary_exact": round(counts["salary_exact"] / n, 4),
        "salary_precision": round(sal_tp / sal_pred, 4) if sal_pred else 1.0,
        "salary_recall": round(sal_tp / sal_gold, 4) if sal_gold else 1.0,
        "postings": len(rows),
        "without_title": without,
        "without_title_share": round(without / len(rows), 4) if rows else 0.0,
        "stored_without_title": stored_without,
        "errors": errors,
    }
