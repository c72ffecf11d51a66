"""Read the O*NET database (text release, or the same files converted from Excel).

The files are tab-separated with a header row; they may sit in a subfolder (the official zip
unpacks to ``db_29_3_text/``) and may be gzipped. Columns are looked up by name, so the
Excel conversion's extra ``Title`` column does not matter. ``Task Ratings`` (importance and
relevance of each task) is read when present; the shared mirror lacks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from roleatlas.reference._io import (
    Header,
    Loaded,
    Table,
    bad_file,
    find_file,
    missing_file,
    read_csv,
    reading,
)

__all__ = ["load_onet"]

DATASET = "onet"
_SOC_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
#: Scales of "Education, Training, and Experience" kept (category distributions).
_ETE_SCALES = ("RL", "RW", "PT", "OJ")


def _rows(path: Path) -> Iterator[tuple[Header, list[str]]]:
    rows = read_csv(path, delimiter="\t")
    try:
        header = Header(next(rows), DATASET, path)
    except StopIteration:
        raise bad_file(DATASET, path, "is empty") from None
    for row in rows:
        if row:
            yield header, row


def _require(directory: Path, name: str) -> Path:
    path = find_file(directory, f"{name}.txt")
    if path is None:
        raise missing_file(DATASET, directory / f"{name}.txt")
    return path


def _soc(value: str, path: Path, line: int) -> str:
    soc = value.strip()
    if not _SOC_RE.match(soc):
        raise bad_file(
            DATASET, path, f"has O*NET-SOC code {soc!r} on line {line} (expected '15-2051.00')"
        )
    return soc


def _num(value: str, path: Path, line: int, column: str) -> float | None:
    text = value.strip()
    if not text or text.lower() == "n/a":
        return None
    try:
        return float(text)
    except ValueError:
        raise bad_file(
            DATASET, path, f"has {text!r} in column {column!r} on line {line}, not a number"
        ) from None


def _flag(value: str) -> int | None:
    text = value.strip().upper()
    return None if not text else int(text == "Y")


def _table(
    path: Path, name: str, columns: tuple[str, ...], spec: tuple[tuple[str, ...], ...]
) -> Table:
    """Read ``path`` into a table whose first column is the O*NET-SOC code and the others are
    text columns found under the header names in ``spec`` (``None`` when absent)."""
    table = Table(name, columns)
    with reading(DATASET, path):
        positions: list[int | None] | None = None
        soc_at = 0
        for line, (header, row) in enumerate(_rows(path), start=2):
            if positions is None:
                soc_at = header.index("O*NET-SOC Code")
                positions = [header.get(*names) for names in spec]
            table.rows.append(
                (
                    _soc(row[soc_at], path, line),
                    *(None if p is None or p >= len(row) else row[p].strip() or None
                      for p in positions),
                )
            )  # fmt: skip
    return table


def _tasks(path: Path, ratings: dict[tuple[str, int], dict[str, float]]) -> Table:
    table = Table(
        "onet_tasks",
        ("soc", "task_id", "task", "task_type", "incumbents_responding", "importance", "relevance"),
    )
    with reading(DATASET, path):
        for line, (header, row) in enumerate(_rows(path), start=2):
            soc = _soc(row[header.index("O*NET-SOC Code")], path, line)
            task_id = _num(row[header.index("Task ID")], path, line, "Task ID")
            if task_id is None:
                raise bad_file(DATASET, path, f"has no Task ID on line {line}")
            type_at = header.get("Task Type")
            inc_at = header.get("Incumbents Responding")
            rating = ratings.get((soc, int(task_id)), {})
            table.rows.append(
                (
                    soc,
                    int(task_id),
                    row[header.index("Task")].strip(),
                    (row[type_at].strip() or None) if type_at is not None else None,
                    _num(row[inc_at], path, line, "Incumbents Responding")
                    if inc_at is not None
                    else None,
                    rating.get("IM"),
                    rating.get("RT"),
                )
            )
    return table


def _task_ratings(path: Path | None) -> dict[tuple[str, int], dict[str, float]]:
    """Importance (IM, 1-5) and relevance (RT, % of respondents) of each task."""
    found: dict[tuple[str, int], dict[str, float]] = {}
    if path is None:
        return found
    with reading(DATASET, path):
        for line, (header, row) in enumerate(_rows(path), start=2):
            scale = row[header.index("Scale ID")].strip()
            if scale not in ("IM", "RT"):
                continue
            soc = _soc(row[header.index("O*NET-SOC Code")], path, line)
            task_id = _num(row[header.index("Task ID")], path, line, "Task ID")
            value = _num(row[header.index("Data Value")], path, line, "Data Value")
            if task_id is not None and value is not None:
                found.setdefault((soc, int(task_id)), {})[scale] = value
    return found


def _technology(path: Path) -> Table:
    table = Table(
        "onet_technology_skills",
        ("soc", "example", "commodity_code", "commodity_title", "hot_technology", "in_demand"),
    )
    with reading(DATASET, path):
        for line, (header, row) in enumerate(_rows(path), start=2):
            hot_at, demand_at = header.get("Hot Technology"), header.get("In Demand")
            code = _num(row[header.index("Commodity Code")], path, line, "Commodity Code")
            table.rows.append(
                (
                    _soc(row[header.index("O*NET-SOC Code")], path, line),
                    row[header.index("Example")].strip(),
                    None if code is None else int(code),
                    row[header.index("Commodity Title")].strip(),
                    _flag(row[hot_at]) if hot_at is not None else None,
                    _flag(row[demand_at]) if demand_at is not None else None,
                )
            )
    return table


def _education(path: Path) -> Table:
    table = Table(
        "onet_education", ("soc", "scale_id", "category", "share", "n", "recommend_suppress")
    )
    with reading(DATASET, path):
        for line, (header, row) in enumerate(_rows(path), start=2):
            scale = row[header.index("Scale ID")].strip()
            if scale not in _ETE_SCALES:
                continue
            category = _num(row[header.index("Category")], path, line, "Category")
            if category is None:
                continue
            n_at, sup_at = header.get("N"), header.get("Recommend Suppress")
            table.rows.append(
                (
                    _soc(row[header.index("O*NET-SOC Code")], path, line),
                    scale,
                    int(category),
                    _num(row[header.index("Data Value")], path, line, "Data Value"),
                    _num(row[n_at], path, line, "N") if n_at is not None else None,
                    _flag(row[sup_at]) if sup_at is not None and sup_at < len(row) else None,
                )
            )
    return table


def _education_categories(path: Path) -> Table:
    table = Table("onet_education_categories", ("scale_id", "category", "label"))
    with reading(DATASET, path):
        for line, (header, row) in enumerate(_rows(path), start=2):
            scale = row[header.index("Scale ID")].strip()
            category = _num(row[header.index("Category")], path, line, "Category")
            if scale in _ETE_SCALES and category is not None:
                label = row[header.index("Category Description")].strip()
                table.rows.append((scale, int(category), label))
    return table


def _job_zones(path: Path) -> Table:
    table = Table("onet_job_zones", ("soc", "job_zone"))
    with reading(DATASET, path):
        for line, (header, row) in enumerate(_rows(path), start=2):
            zone = _num(row[header.index("Job Zone")], path, line, "Job Zone")
            if zone is not None:
                soc = _soc(row[header.index("O*NET-SOC Code")], path, line)
                table.rows.append((soc, int(zone)))
    return table


def _job_zone_reference(path: Path) -> Table:
    columns = ("name", "experience", "education", "job_training", "examples", "svp_range")
    names = ("Name", "Experience", "Education", "Job Training", "Examples", "SVP Range")
    table = Table("onet_job_zone_reference", ("job_zone", *columns))
    with reading(DATASET, path):
        for line, (header, row) in enumerate(_rows(path), start=2):
            zone = _num(row[header.index("Job Zone")], path, line, "Job Zone")
            if zone is None:
                continue
            values = []
            for name in names:
                at = header.get(name)
                values.append(row[at].strip() if at is not None and at < len(row) else None)
            table.rows.append((int(zone), *values))
    return table


def _version(directory: Path, data_file: Path) -> str | None:
    readme = find_file(directory, "Read Me.txt")
    if readme is not None:
        with reading(DATASET, readme):
            match = re.search(r"O\*NET\s+(\d+\.\d+)\s+Database", readme.read_text("utf-8"))
        if match:
            return match.group(1)
    match = re.search(r"(?:db_|onet-)(\d+)[._](\d+)", str(data_file))
    return f"{match.group(1)}.{match.group(2)}" if match else None


def load_onet(directory: Path) -> Loaded:
    """Read the O*NET files under ``directory``.

    Parameters
    ----------
    directory:
        A folder holding the O*NET text files (``Occupation Data.txt`` ...), directly or in
        a subfolder, plain or gzipped.

    Returns
    -------
    Loaded
        Tables ``onet_occupations``, ``onet_tasks``, ``onet_technology_skills``,
        ``onet_education``, ``onet_education_categories``, ``onet_job_zones``,
        ``onet_job_zone_reference`` and ``onet_alternate_titles``; the release number from
        ``Read Me.txt`` when present.

    Raises
    ------
    InputError
        When a required file is missing or cannot be read.
    """
    files = {
        name: _require(directory, name)
        for name in (
            "Occupation Data",
            "Task Statements",
            "Technology Skills",
            "Education, Training, and Experience",
            "Education, Training, and Experience Categories",
            "Job Zones",
            "Job Zone Reference",
            "Alternate Titles",
        )
    }
    ratings_path = find_file(directory, "Task Ratings.txt")
    tables = [
        _table(
            files["Occupation Data"],
            "onet_occupations",
            ("soc", "title", "description"),
            (("Title",), ("Description",)),
        ),
        _tasks(files["Task Statements"], _task_ratings(ratings_path)),
        _technology(files["Technology Skills"]),
        _education(files["Education, Training, and Experience"]),
        _education_categories(files["Education, Training, and Experience Categories"]),
        _job_zones(files["Job Zones"]),
        _job_zone_reference(files["Job Zone Reference"]),
        _table(
            files["Alternate Titles"],
            "onet_alternate_titles",
            ("soc", "title", "short_title", "sources"),
            (("Alternate Title",), ("Short Title",), ("Source(s)", "Sources")),
        ),
    ]
    read = list(files.values()) + ([ratings_path] if ratings_path else [])
    return Loaded(tables=tables, version=_version(directory, files["Occupation Data"]), files=read)
