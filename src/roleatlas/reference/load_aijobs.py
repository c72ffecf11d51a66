"""Read the aijobs.net AI/ML/data salary survey (``salaries.csv``, CC0).

One row per answer: work_year, experience_level (EN/MI/SE/EX), employment_type
(FT/PT/CT/FL), job_title (free text), salary, salary_currency, salary_in_usd,
employee_residence and company_location (ISO 3166-1 alpha-2), remote_ratio (0/50/100),
company_size (S/M/L). Numbers are checked; a row that is not a number where one is expected
makes the whole file fail, since a half-read survey would bias every percentile.
"""

from __future__ import annotations

import re
from pathlib import Path

from roleatlas.reference._io import Header, Loaded, Table, bad_file, missing_file, read_csv, reading

__all__ = ["load_aijobs"]

DATASET = "aijobs"
COLUMNS = (
    "work_year",
    "experience_level",
    "employment_type",
    "job_title",
    "salary",
    "salary_currency",
    "salary_in_usd",
    "employee_residence",
    "remote_ratio",
    "company_location",
    "company_size",
)
_NUMERIC = frozenset({"work_year", "salary", "salary_in_usd", "remote_ratio"})


def _find(directory: Path) -> Path | None:
    files = sorted(
        p
        for p in directory.rglob("*")
        if p.is_file() and re.match(r"^salaries.*\.csv(\.gz)?$", p.name, re.IGNORECASE)
    )
    # Dated snapshots sort by date: take the newest.
    return files[-1] if files else None


def load_aijobs(directory: Path) -> Loaded:
    """Read the newest ``salaries*.csv[.gz]`` under ``directory``.

    Returns
    -------
    Loaded
        The ``survey`` table; the snapshot date from a file name such as
        ``salaries_2025-01-19.csv.gz`` as the version (``None`` when the name has none).

    Raises
    ------
    InputError
        When no survey file is found or a row cannot be read.
    """
    path = _find(directory)
    if path is None:
        raise missing_file(DATASET, directory / "salaries.csv")
    table = Table("survey", COLUMNS)
    with reading(DATASET, path):
        rows = read_csv(path)
        try:
            header = Header(next(rows), DATASET, path)
        except StopIteration:
            raise bad_file(DATASET, path, "is empty") from None
        at = [header.index(name) for name in COLUMNS]
        numeric = [name in _NUMERIC for name in COLUMNS]
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            values: list[object] = []
            for name, i, is_number in zip(COLUMNS, at, numeric, strict=True):
                text = row[i].strip()
                if not is_number:
                    values.append(text or None)
                    continue
                try:
                    values.append(int(float(text)) if text else None)
                except ValueError:
                    raise bad_file(
                        DATASET, path, f"has {text!r} in column {name!r} on line {line}"
                    ) from None
            table.rows.append(tuple(values))
    match = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
    return Loaded(tables=[table], version=match.group(1) if match else None, files=[path])
