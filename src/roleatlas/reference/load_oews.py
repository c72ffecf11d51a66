"""Read BLS Occupational Employment and Wage Statistics (OEWS) estimates.

Two layouts are read into one table, ``oews_wages`` (one row per area × industry × SOC):

* the official special-request workbooks (``national_M2025_dl.xlsx``, ``state_…``,
  ``MSA_…``, ``BOS_…``, ``nat3d_…``/``nat4d_…``/``natsector_…``): upper-case columns
  (``AREA``, ``NAICS``, ``I_GROUP``, ``OCC_CODE``, ``O_GROUP``, ``TOT_EMP`` …) and the BLS
  markers ``*`` (wage not available), ``**`` (employment not available), ``#`` (top-coded:
  the wage is at least the survey's ceiling) in the cells;
* the tidy CSV mirror built from the BLS flat files (``oews_may2025_*.csv[.gz]``), where
  every missing value is ``-`` and the reason is given per *row* as footnote codes
  (``4`` hourly or annual wage not published, ``5`` top-coded, ``8`` estimate not released).

Both end as numbers (``NULL`` when missing) plus a per-cell ``flags`` JSON object
(``{"a_pct90": "#"}``) with the official markers, so a query never has to know the layout.
The mirror's ``-`` cells are given markers like this: a whole hourly (or annual) side that is
``-`` under footnote 4 is ``*``; under footnote 5 the remaining wage dashes are ``#``; an
employment dash is ``**``; any other dash is ``*``.

Industry codes nest; ``industry_level`` says which level a row is:
``cross`` (``000000``, all industries and ownerships), ``ownership`` (``000001`` private
only, ``9990x1``/``999x0x`` government ownership views), ``sector`` (``31--34``; official
``I_GROUP`` "sector"), ``naics3`` (``541000``, and ``999000`` government), ``naics4``
(``541500``, ``3250A1``), ``naics5`` and ``naics6``. Within one level the industries
partition all employment, so their shares add up to (nearly) the cross-industry total.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path

from roleatlas.reference import _xlsx
from roleatlas.reference._io import (
    Header,
    Loaded,
    Table,
    bad_file,
    find_file,
    read_csv,
    reading,
)

__all__ = ["MARKERS", "WAGE_COLUMNS", "industry_level", "load_oews", "occupation_group"]

DATASET = "oews"

#: Numeric columns of ``oews_wages`` (store names; the official upper-case names are the
#: same words).
NUMERIC_COLUMNS = (
    "tot_emp",
    "emp_prse",
    "h_mean",
    "a_mean",
    "mean_prse",
    "h_pct10",
    "h_pct25",
    "h_median",
    "h_pct75",
    "h_pct90",
    "a_pct10",
    "a_pct25",
    "a_median",
    "a_pct75",
    "a_pct90",
    "jobs_1000",
    "loc_quotient",
)
HOURLY = ("h_mean", "h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90")
ANNUAL = ("a_mean", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90")
WAGE_COLUMNS = HOURLY + ANNUAL
_EMPLOYMENT = ("tot_emp", "emp_prse", "jobs_1000", "loc_quotient")

COLUMNS = (
    "area_type",
    "area_code",
    "area_name",
    "state_code",
    "industry_code",
    "industry_name",
    "industry_level",
    "occ_code",
    "occ_title",
    "occ_group",
    *NUMERIC_COLUMNS,
    "flags",
    "footnotes",
)

#: Meanings of the official cell markers (the ``#`` ceiling is replaced by the one the
#: files state when they state it).
MARKERS = {
    "*": "Wage estimate not available.",
    "**": "Employment estimate not available.",
    "#": "Wage equal to or greater than $115.00 per hour or $239,200 per year.",
    "~": "Fewer than 0.5 percent of establishments in the industry reported the occupation.",
}
_MARKER_VALUES = frozenset(MARKERS)

_AREA_TYPES = {"1": "N", "2": "S", "3": "S", "4": "M", "6": "M", "N": "N", "S": "S", "M": "M"}
_I_GROUPS = {
    "cross-industry": "cross",
    "cross-industry, ownership": "ownership",
    "sector": "sector",
    "3-digit": "naics3",
    "4-digit": "naics4",
    "5-digit": "naics5",
    "6-digit": "naics6",
}
#: USPS state abbreviation → FIPS code, for the official files' ``PRIM_STATE``.
_FIPS = dict(
    zip(
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
        "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY GU PR VI".split(),
        "01 02 04 05 06 08 09 10 11 12 13 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 "
        "32 33 34 35 36 37 38 39 40 41 42 44 45 46 47 48 49 50 51 53 54 55 56 66 72 78".split(),
        strict=True,
    )
)
_OWNERSHIP_CODES = frozenset({"000001"})
_MIRROR_RE = re.compile(r"^oews_.*\.csv(\.gz)?$", re.IGNORECASE)
_OFFICIAL_RE = re.compile(r"_dl\.xlsx$", re.IGNORECASE)


def industry_level(code: str) -> str:
    """The nesting level of an OEWS industry code (see the module docstring).

    Examples
    --------
    >>> [industry_level(c) for c in ("000000", "000001", "31--34", "541000", "541500",
    ...                              "3250A1", "541510", "541511", "999000", "999101")]
    ['cross', 'ownership', 'sector', 'naics3', 'naics4', 'naics4', 'naics5', 'naics6', \
'naics3', 'ownership']
    """
    if code == "000000":
        return "cross"
    if code in _OWNERSHIP_CODES or (code.startswith("999") and code != "999000"):
        return "ownership"
    if "-" in code:
        return "sector"
    if code.endswith("000"):
        return "naics3"
    if code.endswith("00") or code[4:5] == "A":
        return "naics4"
    if code.endswith("0"):
        return "naics5"
    return "naics6"


def occupation_group(code: str) -> str:
    """The SOC level of an occupation code: total, major, minor, broad or detailed.

    Examples
    --------
    >>> [occupation_group(c) for c in ("00-0000", "15-0000", "15-1200", "15-1250", "15-1252")]
    ['total', 'major', 'minor', 'broad', 'detailed']
    """
    if code == "00-0000":
        return "total"
    if code.endswith("0000"):
        return "major"
    if code.endswith("00"):
        return "minor"
    if code.endswith("0"):
        return "broad"
    return "detailed"


def _area_code(area_type: str, code: str) -> str:
    """Official area codes in the seven-digit form of the BLS flat files."""
    code = code.strip()
    if area_type == "N":
        return "0000000"
    if area_type == "S" and len(code) <= 2:
        return code.zfill(2) + "00000"
    return code.zfill(7)


class _Cells:
    """Parses the numeric cells of one file; errors name the file and line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def parse(self, raw: list[str], line: int) -> tuple[list[float | None], dict[str, str]]:
        values: list[float | None] = []
        flags: dict[str, str] = {}
        for name, text in zip(NUMERIC_COLUMNS, raw, strict=True):
            text = text.strip()
            if not text:
                values.append(None)
                continue
            try:
                values.append(float(text.replace(",", "")))
            except ValueError:
                if text not in _MARKER_VALUES and text != "-":
                    raise bad_file(
                        DATASET,
                        self.path,
                        f"has {text!r} in column {name!r} on line {line}; expected a number "
                        "or one of - * ** # ~",
                    ) from None
                values.append(None)
                flags[name] = text
        return values, flags


def _mirror_flags(flags: dict[str, str], footnotes: set[str]) -> dict[str, str]:
    """Turn the mirror's ``-`` cells into official markers using the row's footnotes."""
    if not flags:
        return flags
    dashes = {k for k, v in flags.items() if v == "-"}
    if not dashes:
        return flags
    out = {k: v for k, v in flags.items() if v != "-"}
    if "4" in footnotes:
        for side in (HOURLY, ANNUAL):
            if all(c in dashes for c in side):
                for c in side:
                    out[c] = "*"
                dashes.difference_update(side)
    for c in dashes:
        if c in _EMPLOYMENT:
            out[c] = "**"
        elif "5" in footnotes:
            out[c] = "#"
        else:
            out[c] = "*"
    return out


def _read_mirror(path: Path, table: Table) -> None:
    cells = _Cells(path)
    with reading(DATASET, path):
        rows = read_csv(path)
        try:
            header = Header(next(rows), DATASET, path)
        except StopIteration:
            raise bad_file(DATASET, path, "is empty") from None
        a_type, a_code, a_name, st, ind, ind_name, occ_at, occ_title, notes_at = (
            header.index(name)
            for name in (
                "area_type",
                "area_code",
                "area_name",
                "state_code",
                "industry_code",
                "industry_name",
                "occ_code",
                "occ_title",
                "footnotes",
            )
        )
        numeric = itemgetter(*(header.index(name) for name in NUMERIC_COLUMNS))
        levels: dict[str, str] = {}
        groups: dict[str, str] = {}
        append = table.rows.append
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            raw = numeric(row)
            flags: dict[str, str] = {}
            values: list[float | None]
            try:
                # Fast path: most rows hold only numbers and empty cells.
                values = [float(x) if x else None for x in raw]
            except ValueError:
                values, flags = cells.parse(list(raw), line)
            notes = row[notes_at]
            if flags:
                flags = _mirror_flags(flags, set(notes.split(";")) if notes else set())
            area_type = _AREA_TYPES.get(row[a_type])
            if area_type is None:
                raise bad_file(DATASET, path, f"has area type {row[a_type]!r} on line {line}")
            industry, occ = row[ind], row[occ_at]
            level = levels.get(industry)
            if level is None:
                level = levels[industry] = industry_level(industry)
            group = groups.get(occ)
            if group is None:
                group = groups[occ] = occupation_group(occ)
            append(
                (
                    area_type,
                    row[a_code],
                    row[a_name],
                    row[st] or None,
                    industry,
                    row[ind_name],
                    level,
                    occ,
                    row[occ_title],
                    group,
                    *values,
                    json.dumps(flags, sort_keys=True) if flags else None,
                    notes or None,
                )
            )


def _read_official(path: Path, seen: set[tuple[str, str, str]], table: Table) -> bool:
    """Read one special-request workbook; ``False`` when it is not an estimates sheet."""
    cells = _Cells(path)
    with reading(DATASET, path):
        rows = _xlsx.iter_rows(path)
        header: Header | None = None
        for row in rows:
            if any(c.strip().upper() == "OCC_CODE" for c in row):
                header = Header(row, DATASET, path)
                break
        if header is None:
            return False
        area_at = header.index("AREA")
        title_at = header.index("AREA_TITLE", "AREA_NAME")
        occ_at = header.index("OCC_CODE")
        occ_title_at = header.index("OCC_TITLE")
        optional = {
            name: header.get(*names)
            for name, names in (
                ("area_type", ("AREA_TYPE",)),
                ("state", ("PRIM_STATE", "ST")),
                ("naics", ("NAICS",)),
                ("naics_title", ("NAICS_TITLE",)),
                ("i_group", ("I_GROUP",)),
                ("o_group", ("O_GROUP", "OCC_GROUP")),
            )
        }
        numeric = [header.get(name) for name in NUMERIC_COLUMNS]
        width = len(header.names)
        for line, row in enumerate(rows, start=2):
            if not row or len(row) <= occ_at:
                continue
            row = row + [""] * (width - len(row))

            def cell(name: str, row: list[str] = row) -> str:
                at = optional[name]
                return "" if at is None else row[at].strip()

            industry = cell("naics") or "000000"
            raw_type = cell("area_type") if optional["area_type"] is not None else "N"
            area_type = _AREA_TYPES.get(raw_type)
            if area_type is None:
                raise bad_file(DATASET, path, f"has AREA_TYPE {raw_type!r} on line {line}")
            area = _area_code(area_type, row[area_at])
            occ = row[occ_at].strip()
            key = (area, industry, occ)
            if key in seen or not occ:
                continue
            seen.add(key)
            values, flags = cells.parse(["" if i is None else row[i] for i in numeric], line)
            state = cell("state")
            table.rows.append(
                (
                    area_type,
                    area,
                    row[title_at].strip(),
                    area[:2] if area_type == "S" else _FIPS.get(state, state or None),
                    industry,
                    cell("naics_title") or None,
                    _I_GROUPS.get(cell("i_group").lower()) or industry_level(industry),
                    occ,
                    row[occ_title_at].strip(),
                    cell("o_group").lower() or occupation_group(occ),
                    *values,
                    json.dumps(flags, sort_keys=True) if flags else None,
                    None,
                )
            )
    return True


def _marker_texts(directory: Path) -> dict[str, str]:
    """Marker meanings, with the ``#`` ceiling stated by ``field_descriptions.xlsx``."""
    texts = dict(MARKERS)
    path = find_file(directory, "field_descriptions.xlsx")
    if path is None:
        return texts
    with reading(DATASET, path):
        for row in _xlsx.iter_rows(path):
            for cell in row:
                match = re.match(r"^\s*(\*\*|\*|#|~)\s*[=:-]?\s*(.+)$", cell, re.DOTALL)
                if match and match.group(1) in texts and len(match.group(2)) > 10:
                    texts[match.group(1)] = " ".join(match.group(2).split())
    return texts


def _footnotes(directory: Path, files: list[Path]) -> Table:
    table = Table("oews_footnotes", ("code", "text"))
    markers = _marker_texts(directory)
    path = find_file(directory, "footnotes.csv")
    if path is not None:
        files.append(path)
        with reading(DATASET, path):
            rows = read_csv(path)
            try:
                header = Header(next(rows), DATASET, path)
            except StopIteration:
                raise bad_file(DATASET, path, "is empty") from None
            code_at = header.index("footnote_code", "code")
            text_at = header.index("footnote_text", "text")
            for row in rows:
                if row:
                    table.rows.append((row[code_at].strip(), row[text_at].strip()))
        # The mirror states the ceiling as footnote 5; use its wording for "#".
        for code, text in table.rows:
            if code == "5" and "greater than" in text:
                markers["#"] = text
    table.rows.extend(sorted(markers.items()))
    return table


def _sources(directory: Path) -> Iterator[tuple[str, Path]]:
    paths = sorted(p for p in directory.rglob("*") if p.is_file())
    mirror = [p for p in paths if _MIRROR_RE.match(p.name)]
    # The national × industry file repeats every row of the cross-industry one.
    if any("national" in p.name and "crossindustry" not in p.name for p in mirror):
        mirror = [p for p in mirror if "crossindustry" not in p.name]
    for path in mirror:
        yield "mirror", path
    if mirror:
        return
    for path in paths:
        if _OFFICIAL_RE.search(path.name):
            yield "official", path


def _version(files: list[Path]) -> str | None:
    for path in files:
        match = re.search(r"(?:may|_M)(\d{4})", path.name, re.IGNORECASE)
        if match:
            return f"May {match.group(1)}"
    return None


def load_oews(directory: Path) -> Loaded:
    """Read every OEWS estimates file under ``directory``.

    Parameters
    ----------
    directory:
        A folder holding the mirror's ``oews_*.csv[.gz]`` files and ``footnotes.csv``, or
        the unpacked official ``*_dl.xlsx`` workbooks.

    Returns
    -------
    Loaded
        Tables ``oews_wages`` and ``oews_footnotes``; the survey month ("May 2025") from
        the file names.

    Raises
    ------
    InputError
        When no estimates file is found or one cannot be read.
    """
    wages = Table("oews_wages", COLUMNS)
    seen: set[tuple[str, str, str]] = set()
    files: list[Path] = []
    for kind, path in _sources(directory):
        if kind == "mirror":
            _read_mirror(path, wages)
            files.append(path)
        elif _read_official(path, seen, wages):
            files.append(path)
    if not files:
        raise bad_file(
            DATASET,
            directory,
            "holds no OEWS estimates (expected oews_*.csv[.gz] or the official *_dl.xlsx files)",
        )
    version = _version(files)
    footnotes = _footnotes(directory, files)
    return Loaded(tables=[wages, footnotes], version=version, files=files)
