"""Read the BLS Employment Projections occupation table (2024–2034 and later cycles).

Two shapes are read: the CSV export of data.bls.gov/projections/occupationProj (columns
"Occupation Title", "Occupation Code", "Employment 2024" … "trCode"; the title cell carries
example job titles after ``*``), and Table 1.2 of the official ``occupation.xlsx`` workbook
(a title row, then "2024 National Employment Matrix title", "… code", "Occupation type",
"Employment, 2024" …; only "Line item" rows are detailed occupations). Columns are matched
by their words, so both shapes land in one ``projections`` table. Employment and openings
stay in thousands, as BLS publishes them; a median wage of ">=239,200" is stored as 239200
with ``median_wage_top_coded = 1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from roleatlas.reference import _xlsx
from roleatlas.reference._io import Loaded, Table, bad_file, read_csv, reading, to_float

__all__ = ["load_projections"]

DATASET = "projections"
COLUMNS = (
    "soc",
    "title",
    "example_titles",
    "base_year",
    "target_year",
    "emp_base",
    "emp_target",
    "change_num",
    "change_pct",
    "openings",
    "median_wage",
    "median_wage_top_coded",
    "education",
    "education_code",
    "work_experience",
    "work_experience_code",
    "ojt",
    "ojt_code",
)
_SOC_RE = re.compile(r"^\d{2}-\d{4}$")
_MISSING = frozenset({"", "n/a", "na", "—", "-", "(1)", "(2)", "(3)", "(4)", "(5)"})


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


class _Columns:
    """Positions of the projection columns in one header row, found by their words."""

    def __init__(self, header: list[str], path: Path) -> None:
        words = [_words(h) for h in header]
        self.path = path
        self.header = header
        self.years: tuple[int, int] | None = None
        emp: list[tuple[int, int]] = []
        self.at: dict[str, int] = {}
        for i, w in enumerate(words):
            match = re.fullmatch(r"employment (\d{4})", w)
            if match:
                emp.append((int(match.group(1)), i))
                continue
            rules = (
                ("title", w.startswith("occupation title") or w.endswith("matrix title")),
                ("soc", w.startswith("occupation code") or w.endswith("matrix code")),
                ("type", w == "occupation type"),
                ("change_pct", "employment" in w and "change" in w and "percent" in w),
                ("change_num", "employment" in w and "change" in w and "percent" not in w),
                ("openings", "openings" in w),
                ("median_wage", "median annual wage" in w),
                ("education_code", w == "education code"),
                ("education", "education" in w and "code" not in w),
                ("work_experience_code", w == "workex code"),
                ("work_experience", "work experience" in w),
                ("ojt_code", w == "trcode"),
                ("ojt", "on the job training" in w),
            )
            for name, hit in rules:
                if hit and name not in self.at:
                    self.at[name] = i
                    break
        if len(emp) >= 2:
            emp.sort()
            self.at["emp_base"], self.at["emp_target"] = emp[0][1], emp[-1][1]
            self.years = (emp[0][0], emp[-1][0])

    @property
    def complete(self) -> bool:
        return self.years is not None and all(
            k in self.at for k in ("title", "soc", "change_pct", "openings", "median_wage")
        )

    def missing(self) -> list[str]:
        wanted = ("title", "soc", "emp_base", "change_pct", "openings", "median_wage")
        return [k for k in wanted if k not in self.at]


def _cell(row: list[str], at: int | None) -> str:
    return row[at].strip() if at is not None and at < len(row) else ""


def _number(row: list[str], at: int | None, name: str, path: Path, line: int) -> float | None:
    text = _cell(row, at)
    if text.lower() in _MISSING:
        return None
    try:
        return to_float(text)
    except ValueError:
        raise bad_file(
            DATASET, path, f"has {text!r} in column {name!r} on line {line}, not a number"
        ) from None


def _wage(text: str, path: Path, line: int) -> tuple[float | None, int]:
    text = text.strip()
    if text.lower() in _MISSING:
        return None, 0
    top = text.startswith((">=", "≥", ">"))
    try:
        return to_float(text.lstrip(">=≥ ")), int(top)
    except ValueError:
        raise bad_file(
            DATASET, path, f"has median wage {text!r} on line {line}, not a number"
        ) from None


def _code(row: list[str], at: int | None) -> int | None:
    text = _cell(row, at)
    return int(text) if text.isdigit() else None


def _text(row: list[str], at: int | None) -> str | None:
    text = _cell(row, at)
    return None if text.lower() in _MISSING else text


def _parse(rows: Iterator[list[str]], path: Path) -> Table | None:
    """The projections in ``rows``, or ``None`` when no header row with the projection
    columns is found in the first 20 rows."""
    table = Table("projections", COLUMNS)
    cols: _Columns | None = None
    for line, row in enumerate(rows, start=1):
        if cols is None:
            candidate = _Columns(row, path)
            if candidate.complete:
                cols = candidate
            elif line > 20:
                break
            continue
        at = cols.at
        soc = _cell(row, at["soc"])
        if not _SOC_RE.match(soc):
            continue  # notes, footnotes and blank rows around the table
        if "type" in at and _cell(row, at["type"]).lower() != "line item":
            continue
        title, _, examples = _cell(row, at["title"]).partition("*")
        years = cols.years or (0, 0)
        wage, top = _wage(_cell(row, at["median_wage"]), path, line)
        table.rows.append(
            (
                soc,
                title.strip(),
                "\n".join(e.strip() for e in examples.split("*") if e.strip()) or None,
                years[0],
                years[1],
                _number(row, at.get("emp_base"), "employment", path, line),
                _number(row, at.get("emp_target"), "employment", path, line),
                _number(row, at.get("change_num"), "employment change", path, line),
                _number(row, at.get("change_pct"), "employment percent change", path, line),
                _number(row, at.get("openings"), "openings", path, line),
                wage,
                top,
                _text(row, at.get("education")),
                _code(row, at.get("education_code")),
                _text(row, at.get("work_experience")),
                _code(row, at.get("work_experience_code")),
                _text(row, at.get("ojt")),
                _code(row, at.get("ojt_code")),
            )
        )
    if cols is None:
        return None
    if not table.rows:
        raise bad_file(DATASET, path, "has no occupation rows")
    return table


def _candidates(directory: Path) -> list[Path]:
    paths = sorted(p for p in directory.rglob("*") if p.is_file())
    csvs = [p for p in paths if re.search(r"\.csv(\.gz)?$", p.name, re.IGNORECASE)]
    books = [p for p in paths if p.suffix.lower() == ".xlsx"]
    return csvs + books


def load_projections(directory: Path) -> Loaded:
    """Read the Employment Projections occupation table under ``directory``.

    Parameters
    ----------
    directory:
        A folder with the EP CSV export or the official ``occupation.xlsx``.

    Returns
    -------
    Loaded
        The ``projections`` table; the projection span ("2024-2034") as the version.

    Raises
    ------
    InputError
        When no file has the projection columns, or a value cannot be read.
    """
    tried = []
    for path in _candidates(directory):
        tried.append(path.name)
        table: Table | None = None
        with reading(DATASET, path):
            if path.suffix.lower() != ".xlsx":
                table = _parse(read_csv(path), path)
            elif "Table 1.2" in _xlsx.sheet_names(path):
                table = _parse(_xlsx.iter_rows(path, "Table 1.2"), path)
        if table is not None:
            first = table.rows[0]
            return Loaded(tables=[table], version=f"{first[3]}-{first[4]}", files=[path])
    found = f" (read {', '.join(tried)})" if tried else ""
    raise bad_file(
        DATASET,
        directory,
        "holds no projections table with the columns occupation code, employment by year, "
        f"percent change, openings and median wage{found}; expected the EP CSV export or "
        "occupation.xlsx with its sheet 'Table 1.2'",
    )
