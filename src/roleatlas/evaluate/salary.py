"""Evaluate the salary parser: Adzuna's gold annual salaries, and parse coverage of any feed.

:func:`evaluate_salary` reads a folder laid out like ``shared/data/postings-adzuna-uk``: a
``postings.jsonl.gz`` whose rows carry the advertiser's ``salary_text`` and Adzuna's
``extra.salary_normalized_gbp_per_year``. Each text is parsed with ``default_currency="GBP"``
and annualized the way Adzuna does it, read off the rows themselves:

- the midpoint of the range (``7.00 to 9.00 per hour`` → 8.00);
- hour x 1,920, day x 240, week x 48, month x 12 (:data:`ADZUNA_PERIOD_FACTORS`);
- a range with no lower bound counts it as 0 (``to 35 per hour`` → 33,600 = 17.5 x 1,920;
  ``0 to 13 per hour`` → 12,480), while ``Up to 9 per hour`` is 9 (17,280);
- amounts are not converted between currencies (``$40000 to $45000 per year`` → 42,500).

:func:`salary_coverage` reports, for any ``postings.jsonl.gz``, how many rows carry a salary
text and how many of those parse.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError
from roleatlas.evaluate._io import read_jsonl_rows
from roleatlas.pipeline.normalize.salary import ADZUNA_PERIOD_FACTORS, parse_salary
from roleatlas.records import Salary

__all__ = ["adzuna_annual", "evaluate_salary", "salary_coverage"]

POSTINGS_FILE = "postings.jsonl.gz"
_MAX_FAILURES = 20


def adzuna_annual(salary: Salary | None) -> float | None:
    """The annual figure Adzuna's ``SalaryNormalized`` would give for ``salary``.

    ``salary`` must have been parsed with :data:`ADZUNA_PERIOD_FACTORS`. A range with no
    lower bound (flag ``missing_min``) counts that bound as 0, as Adzuna does.

    Examples
    --------
    >>> from roleatlas.pipeline.normalize.salary import parse_salary
    >>> adzuna_annual(parse_salary("7.00 to 9.00 per hour", factors=ADZUNA_PERIOD_FACTORS))
    15360.0
    >>> adzuna_annual(parse_salary("to 35 per hour", factors=ADZUNA_PERIOD_FACTORS))
    33600.0
    """
    if salary is None or salary.annual_min is None or salary.annual_max is None:
        return None
    low = 0.0 if "missing_min" in salary.flags else salary.annual_min
    return (low + salary.annual_max) / 2


def evaluate_salary(data_dir: Path | str) -> dict[str, Any]:
    """Score the salary parser against Adzuna's normalized annual salaries.

    Parameters
    ----------
    data_dir:
        A folder holding ``postings.jsonl.gz`` shaped like ``shared/data/postings-adzuna-uk``.

    Returns
    -------
    dict
        ``rows``; ``parsed`` (rows with an annual figure); ``coverage`` (parsed / rows);
        ``within_1pct`` and ``within_5pct`` (share of **all** rows whose annual figure is
        within 1% / 5% of the gold value); ``failures`` (the first 20 rows outside 1%, as
        ``{id, text, expected, got, reason}``); ``path``.

    Raises
    ------
    EvaluationError
        If the file is missing or unreadable, or a row lacks ``salary_text`` or
        ``extra.salary_normalized_gbp_per_year``.
    """
    path = _postings_path(data_dir)
    rows = parsed = within_1 = within_5 = 0
    failures: list[dict[str, Any]] = []
    for line_no, row in read_jsonl_rows(path, like="shared/data/postings-adzuna-uk"):
        text = row.get("salary_text")
        expected = _gold(row, path, line_no)
        if not isinstance(text, str):
            raise EvaluationError(
                f"Row {line_no} of {path} has no 'salary_text' (got {text!r}). The salary "
                "evaluation needs rows shaped like shared/data/postings-adzuna-uk."
            )
        rows += 1
        salary = parse_salary(text, default_currency="GBP", factors=ADZUNA_PERIOD_FACTORS)
        got = adzuna_annual(salary)
        if got is not None:
            parsed += 1
            error = abs(got - expected) / expected if expected else abs(got)
            within_1 += error <= 0.01
            within_5 += error <= 0.05
            if error <= 0.01:
                continue
        if len(failures) < _MAX_FAILURES:
            failures.append(
                {
                    "id": row.get("id", f"line {line_no}"),
                    "text": text,
                    "expected": expected,
                    "got": None if got is None else round(got, 2),
                    "reason": salary.reason if salary is not None else "empty text",
                }
            )
    if rows == 0:
        raise EvaluationError(f"{path} has no rows. Point the evaluation at a non-empty file.")
    return {
        "path": str(path),
        "rows": rows,
        "parsed": parsed,
        "coverage": round(parsed / rows, 4),
        "within_1pct": round(within_1 / rows, 4),
        "within_5pct": round(within_5 / rows, 4),
        "failures": failures,
    }


def salary_coverage(path: Path | str, *, default_currency: str | None = None) -> dict[str, Any]:
    """How many rows of a postings file state a salary, and how many of those parse.

    Parameters
    ----------
    path:
        A ``postings.jsonl.gz`` (or a folder holding one) whose rows may have ``salary_text``.
    default_currency:
        Passed to :func:`~roleatlas.pipeline.normalize.salary.parse_salary`.

    Returns
    -------
    dict
        ``rows``; ``with_salary_text`` and ``text_share`` (of rows); ``parsed`` and
        ``parse_share`` (of rows with text); ``annualized`` and ``annualized_share`` (parsed
        with a known period, of rows with text); ``periods`` and ``currencies`` (counts over
        parsed rows); ``unparsed`` (the first 20 texts that did not parse, with the reason);
        ``path``.

    Raises
    ------
    EvaluationError
        If the file is missing or is not JSON Lines.
    """
    path = _postings_path(path)
    rows = with_text = parsed = annualized = 0
    periods: Counter[str] = Counter()
    currencies: Counter[str] = Counter()
    unparsed: list[dict[str, Any]] = []
    for line_no, row in read_jsonl_rows(path, like="shared/data/postings-adzuna-uk"):
        rows += 1
        text = row.get("salary_text")
        if not isinstance(text, str) or not text.strip():
            continue
        with_text += 1
        salary = parse_salary(text, default_currency=default_currency)
        if salary is not None and salary.parsed:
            parsed += 1
            annualized += salary.annual_min is not None
            periods[salary.period or "unknown"] += 1
            currencies[salary.currency or "unknown"] += 1
        elif len(unparsed) < _MAX_FAILURES:
            reason = salary.reason if salary is not None else "empty text"
            unparsed.append(
                {"id": row.get("id", f"line {line_no}"), "text": text, "reason": reason}
            )
    return {
        "path": str(path),
        "rows": rows,
        "with_salary_text": with_text,
        "text_share": round(with_text / rows, 4) if rows else 0.0,
        "parsed": parsed,
        "parse_share": round(parsed / with_text, 4) if with_text else 0.0,
        "annualized": annualized,
        "annualized_share": round(annualized / with_text, 4) if with_text else 0.0,
        "periods": dict(periods.most_common()),
        "currencies": dict(currencies.most_common()),
        "unparsed": unparsed,
    }


def _postings_path(path: Path | str) -> Path:
    path = Path(path)
    if path.is_dir():
        path = path / POSTINGS_FILE
    if not path.is_file():
        raise EvaluationError(
            f"The salary evaluation data {path} does not exist. Pass a folder laid out like "
            f"shared/data/postings-adzuna-uk, holding {POSTINGS_FILE}."
        )
    return path


def _gold(row: dict[str, Any], path: Path, line_no: int) -> float:
    extra = row.get("extra")
    value = extra.get("salary_normalized_gbp_per_year") if isinstance(extra, dict) else None
    try:
        gold = float(value) if value is not None else None
    except (TypeError, ValueError):
        gold = None
    if gold is None:
        raise EvaluationError(
            f"Row {line_no} of {path} has no numeric 'extra.salary_normalized_gbp_per_year' "
            f"(got {value!r}). The salary evaluation needs rows shaped like "
            "shared/data/postings-adzuna-uk, which carry Adzuna's normalized salary."
        )
    return gold
