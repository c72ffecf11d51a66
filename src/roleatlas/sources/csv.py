"""CSV postings with a column mapping.

Columns are matched to :class:`~roleatlas.records.RawPosting` fields by ``mapping`` (field →
column name) and, for fields the mapping leaves out, by :data:`ALIASES`: header names are
compared after lower-casing and turning every run of other characters into ``_``, so
``Job Title``, ``job_title`` and ``jobTitle`` all name the title. Columns that map to no
field are kept in ``extra`` under their header name.

The delimiter (``,``, ``;``, tab or ``|``) is the one the header line uses most. Empty cells
are ``None``. A row needs a title or a description.

Ids: when a column maps to ``source_id`` its cells are the ids, and a row with an empty id
is rejected. When no column does, each row's id is ``"csv-"`` and a hash of the row's header
and cells. The id is then stable across runs and re-imports, and two identical rows get the
same id, so the store keeps one of them: an identical row is a duplicate, not a second
posting. Row numbers would change as soon as a row is added above.

Source: a column mapped to ``source`` when the row fills it, else the ``source`` argument,
else the file name without extensions (``glassdoor_jobs.csv.gz`` → ``glassdoor_jobs``).
"""

from __future__ import annotations

import csv
import operator
import re
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from roleatlas.errors import InputError, RecordError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import RAW_TEXT_FIELDS, RawPosting
from roleatlas.sources._io import (
    Blanks,
    LongLine,
    check_file,
    file_stem,
    head_bytes,
    iter_lines,
    open_binary,
    too_large_record,
)
from roleatlas.sources._util import stable_id

__all__ = ["ALIASES", "FIELDS", "normalize_header", "read_csv"]

#: RawPosting fields a column can map to (``id`` is accepted as a name of ``source_id``).
FIELDS = ("source", "source_id", *RAW_TEXT_FIELDS)

#: Normalized header names recognized for each field, first match wins. Taken from the
#: CSV files in shared/data (Glassdoor scrapes, Google careers, No Fluff Jobs, USAJOBS,
#: aijobs.net) and common export tools.
ALIASES: dict[str, tuple[str, ...]] = {
    "source": ("source", "source_name", "site", "board"),
    "source_id": (
        "source_id",
        "id",
        "job_id",
        "posting_id",
        "job_posting_id",
        "external_id",
        "control_number",
        "usajobs_control_number",
    ),
    "title": ("title", "job_title", "position", "position_title", "job_name", "role", "job"),
    "company": (
        "company",
        "company_name",
        "employer",
        "employer_name",
        "organization",
        "hiring_organization",
    ),
    "location": ("location", "job_location", "locations", "work_location"),
    "description": (
        "description",
        "job_description",
        "full_description",
        "description_text",
        "body",
    ),
    "salary_text": (
        "salary_text",
        "salary",
        "salary_estimate",
        "salary_raw",
        "base_salary",
        "salary_range",
        "pay",
        "compensation",
    ),
    "employment_type": (
        "employment_type",
        "job_type",
        "contract_type",
        "work_type",
        "schedule",
        "work_schedule",
    ),
    "seniority": ("seniority", "seniority_level", "experience_level", "job_level", "level"),
    "posted_at": (
        "posted_at",
        "date_posted",
        "posting_date",
        "posted",
        "published_at",
        "publication_date",
        "created_at",
        "open_date",
        "position_open_date",
    ),
    "url": ("url", "job_url", "link", "job_link", "posting_url", "apply_url", "usajobs_url"),
}

_DELIMITERS = (",", ";", "\t", "|")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Some exports hold whole pages in one cell; the stdlib default (128 KiB) is too small.
_FIELD_LIMIT = 1 << 24


def normalize_header(name: str) -> str:
    """The comparable form of a header name.

    Examples
    --------
    >>> normalize_header("Job Title"), normalize_header("usajobsControlNumber")
    ('job_title', 'usajobs_control_number')
    """
    name = _CAMEL.sub("_", name.strip())
    return _NON_WORD.sub("_", name.lower()).strip("_")


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which header position feeds which field; the rest go to ``extra``."""

    columns: dict[str, int]
    extra: tuple[tuple[int, str], ...]
    header: tuple[str, ...]


def _sniff_delimiter(path: Path) -> str:
    if path.name.lower().removesuffix(".gz").endswith(".tsv"):
        return "\t"
    head = head_bytes(path, 1 << 16).decode("utf-8-sig", errors="replace")
    first = head.split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _plan(header: list[str], mapping: Mapping[str, str], path: Path) -> _Plan:
    names = [h.strip() for h in header]
    normalized = [normalize_header(h) for h in names]
    columns: dict[str, int] = {}
    used: set[int] = set()
    for field, column in mapping.items():
        if column in names:
            index = names.index(column)
        elif normalize_header(column) in normalized:
            index = normalized.index(normalize_header(column))
        else:
            raise InputError(
                f"The CSV mapping sends '{field}' to column '{column}', which is not in the "
                f"header of '{path}'. Use one of its columns: {', '.join(map(repr, names))}."
            )
        columns[field] = index
        used.add(index)
    for field, aliases in ALIASES.items():
        if field in columns:
            continue
        for alias in aliases:
            if alias in normalized and normalized.index(alias) not in used:
                index = normalized.index(alias)
                columns[field] = index
                used.add(index)
                break
    if "title" not in columns and "description" not in columns:
        raise InputError(
            f"Cannot find a title or description column in '{path}'. Map one, for example "
            "csv_mapping={'title': 'Job Name'} (--map title='Job Name'). "
            f"Got the columns {', '.join(map(repr, names))} instead."
        )
    extra = tuple((i, name or f"column_{i + 1}") for i, name in enumerate(names) if i not in used)
    return _Plan(columns=columns, extra=extra, header=tuple(names))


def _check_mapping(mapping: Mapping[str, str] | None) -> dict[str, str]:
    checked: dict[str, str] = {}
    for field, column in (mapping or {}).items():
        key = "source_id" if field == "id" else field
        if key not in FIELDS:
            raise InputError(
                f"The CSV mapping key '{field}' is not a posting field. Use one of: "
                f"{', '.join(FIELDS)}."
            )
        if not isinstance(column, str) or not column.strip():
            raise InputError(
                f"The CSV mapping for '{field}' must name a column. Got {column!r} instead."
            )
        checked[key] = column
    return checked


def read_csv(
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[RawPosting | RecordError]:
    """Read postings from a CSV file (``.gz`` is decompressed transparently).

    Parameters
    ----------
    path : Path
        The CSV file; the first non-blank line is the header.
    mapping : dict of str to str, optional
        RawPosting field → column name, for columns the aliases do not recognize.
    source : str, optional
        Source name for the rows that do not state one in a ``source`` column.
    limits : Limits, optional
        A row larger than ``max_record_bytes`` is a RecordError; reading past
        ``max_file_bytes`` raises InputError.

    Returns
    -------
    Iterator of RawPosting or RecordError
        One item per non-blank row; ``origin`` is ``"path:line"`` with the line the row
        starts on. A row whose quote is never closed is rejected on its first line and the
        lines after it are read as rows again, so it does not swallow the rest of the file.

    Raises
    ------
    InputError
        If the file is missing, its header is not UTF-8 or cannot be read, the mapping
        names an unknown field or column, or no column holds a title or a description.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "jobs.csv"
    ...     _ = path.write_text("Job Title,Company,Salary\\nData Analyst,Acme,$50K\\n")
    ...     [(p.title, p.company, p.salary_text) for p in read_csv(path, source="demo")]
    [('Data Analyst', 'Acme', '$50K')]
    """
    check_file(path)
    checked = _check_mapping(mapping)
    delimiter = _sniff_delimiter(path)
    _raise_field_limit(limits)
    rows = _rows(path, delimiter, limits)
    header = _read_header(path, rows)
    plan = _plan(header, checked, path)
    name = source.strip() if source and source.strip() else None
    return _iter_csv(path, rows, plan, name)


def _raise_field_limit(limits: Limits) -> None:
    # A process-wide setting of the csv module, raised (never lowered) so that the row bound
    # (max_record_bytes), not the stdlib default of 128 KiB, decides what is too large.
    wanted = max(_FIELD_LIMIT, limits.max_record_bytes + 16)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def _read_header(path: Path, rows: Generator[tuple[int, list[str] | str]]) -> list[str]:
    first = next(rows, None)
    if first is not None and isinstance(first[1], str):
        rows.close()
        raise InputError(
            f"The header line of the CSV file '{path}' (line {first[0]}) cannot be read: {first[1]}"
        )
    header = first[1] if first is not None else None
    if not isinstance(header, list) or not any(cell.strip() for cell in header):
        raise InputError(
            f"The CSV file '{path}' has no header line. Add a first line naming the columns, "
            "for example 'title,company,location,description'."
        )
    return header


def _decode(data: bytes, number: int) -> tuple[str, str | None]:
    """The text of line ``number`` and, when it is not UTF-8, why (the text has U+FFFD)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", "replace"), (
            f"The row is not UTF-8 text ({exc.reason} at byte {exc.start + 1} of line "
            f"{number}). Re-save the file as UTF-8 and try again."
        )


def _probe(text: str, delimiter: str, *, inside: bool) -> tuple[bool, list[str] | str]:
    """Parse one line alone: whether the row ends with it, and its cells (or the error).

    With ``inside`` the line is read as the continuation of a quoted field. The csv reader
    asks for a next line only while a quoted field is open; a sentinel second line tells
    whether it did.
    """
    feed = iter(('"' + text if inside else text, ""))
    try:
        row = next(csv.reader(feed, delimiter=delimiter), [])
    except csv.Error as exc:
        return True, f"The row cannot be read as CSV ({exc}). Check its quoting."
    return operator.length_hint(feed) == 1, row


def _unclosed(line: int) -> str:
    return (
        f'The row has a quote (") opened on line {line} that is never closed, so the rest '
        "of the file would be read into one cell. Close the quote, or double a quote that "
        'is part of the text (""); the lines after it were read as rows of their own.'
    )


def _rows(
    path: Path, delimiter: str, limits: Limits, *, after: int = 0
) -> Generator[tuple[int, list[str] | str]]:
    """The rows of a CSV file as ``(line, cells)``, or ``(line, reason)`` for a bad row.

    A row spans several lines only while a quoted field is open; it is held in memory up to
    ``max_record_bytes``, then followed to its end without being kept. When input ends inside
    a quote, the row is rejected and the file is read again from the line after its first
    line, one line per row (no line after it closed a quote, so no row there spans lines).
    """
    bound = limits.max_record_bytes
    single = after > 0
    pieces: list[str] = []
    start = 0
    size = 0
    problem: str | None = None
    skipping = False
    with open_binary(path) as fh:
        for line in iter_lines(fh, path, limits, blanks=True):
            if line.number <= after:
                continue
            if not pieces and not skipping:
                if isinstance(line, Blanks):
                    continue
                if isinstance(line, LongLine):
                    if line.quotes % 2 and not single:
                        # Its quote stays open: follow the row to where it closes.
                        start, skipping, size = line.number, True, line.size
                    else:
                        yield line.number, too_large_record(line.size, limits, "row")
                    continue
                text, problem = _decode(line.data, line.number)
                if not text.strip():
                    continue
                ends, row = _probe(text, delimiter, inside=False)
                if ends:
                    yield line.number, problem or row
                    continue
                if single:
                    yield line.number, _unclosed(line.number)
                    continue
                pieces, start, size = [text], line.number, len(line.data)
                continue
            # Inside a quoted field of the row that began on line `start`.
            if isinstance(line, LongLine):
                size += line.size
                ends = line.quotes % 2 == 1
                pieces, skipping = [], True
            else:
                size += len(line.data)
                text, bad = _decode(line.data, line.number)
                problem = problem or bad
                # A run of blank lines cannot close a quote.
                ends = not isinstance(line, Blanks) and _probe(text, delimiter, inside=True)[0]
                if size > bound:
                    pieces, skipping = [], True
                elif not skipping:
                    pieces.append(text)
            if not ends:
                continue
            if skipping:
                yield start, too_large_record(size, limits, "row")
            elif problem is not None:
                yield start, problem
            else:
                try:
                    yield start, next(csv.reader(iter(pieces), delimiter=delimiter), [])
                except csv.Error as exc:
                    yield start, f"The row cannot be read as CSV ({exc}). Check its quoting."
            pieces, size, problem, skipping = [], 0, None, False
    if pieces or skipping:
        yield start, _unclosed(start)
        yield from _rows(path, delimiter, limits, after=start)


def _iter_csv(
    path: Path,
    rows: Iterator[tuple[int, list[str] | str]],
    plan: _Plan,
    source: str | None,
) -> Iterator[RawPosting | RecordError]:
    where = str(path)
    stem = file_stem(path)
    width = len(plan.header)
    for number, row in rows:
        origin = f"{where}:{number}"
        if isinstance(row, str):
            yield RecordError(row, origin=origin)
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield _row_to_posting(row, plan, width, source, stem, origin)


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    value = row[index].strip()
    return value or None


def _row_to_posting(
    row: list[str], plan: _Plan, width: int, source: str | None, stem: str, origin: str
) -> RawPosting | RecordError:
    if len(row) > width:
        return RecordError(
            f"The row has {len(row)} cells but the header has {width}. Quote the cells that "
            "contain the delimiter.",
            origin=origin,
        )
    columns = plan.columns
    values = {field: _cell(row, index) for field, index in columns.items()}
    if values.get("title") is None and values.get("description") is None:
        return RecordError(
            "The row has neither a title nor a description. Fill one of them or remove the row.",
            origin=origin,
        )
    if "source_id" in columns:
        source_id = values["source_id"]
        if source_id is None:
            column = plan.header[columns["source_id"]]
            return RecordError(
                f"The id column '{column}' is empty in this row. Give the row an id or drop "
                "the column to let ids be derived from the row content.",
                origin=origin,
            )
    else:
        source_id = "csv-" + stable_id(plan.header, row)
    name = values.get("source") or source or stem
    extra = {key: row[i].strip() for i, key in plan.extra if i < len(row) and row[i].strip()}
    return RawPosting(
        source=name,
        source_id=source_id,
        title=values.get("title"),
        company=values.get("company"),
        location=values.get("location"),
        description=values.get("description"),
        salary_text=values.get("salary_text"),
        employment_type=values.get("employment_type"),
        seniority=values.get("seniority"),
        posted_at=values.get("posted_at"),
        url=values.get("url"),
        extra=extra,
        origin=origin,
    )
