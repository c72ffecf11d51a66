"""Input sources: every module turns one kind of file into :class:`RawPosting` records.

========== ===========================================================================
format     module
========== ===========================================================================
jsonl      :mod:`roleatlas.sources.jsonl` (shared/data ``postings.jsonl.gz`` shape)
csv        :mod:`roleatlas.sources.csv` (column mapping and aliases)
listing    :mod:`roleatlas.sources.listing` (job-board text listings)
jsonld     :mod:`roleatlas.sources.jsonld` (schema.org JobPosting in HTML or JSON)
greenhouse :mod:`roleatlas.sources.ats`
lever      :mod:`roleatlas.sources.ats`
ashby      :mod:`roleatlas.sources.ats`
========== ===========================================================================

Contract shared by all readers, whatever the bytes: problems with one record are *yielded*
as :class:`~roleatlas.errors.RecordError` (with ``origin`` ``"path:line"`` or
``"path#index"``) so the caller can keep a rejects report and go on; problems with the whole
file (missing, unreadable gzip, unknown or mismatched format, past a size bound) *raise*
:class:`~roleatlas.errors.InputError` or :class:`~roleatlas.errors.UnknownFormatError`. No
other exception escapes a reader (the fuzz suite ``tests/test_fuzz_sources.py`` checks it).
Gzip is read transparently everywhere. Every ``RawPosting`` carries ``origin``. Every reader
takes ``limits`` (:class:`~roleatlas.limits.Limits`): line-based formats (JSON Lines, CSV)
hold at most one record of ``max_record_bytes`` in memory; document formats are read whole
and refused beyond ``max_document_bytes``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from roleatlas.errors import InputError, RecordError, UnknownFormatError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import RawPosting
from roleatlas.sources._detect import FORMATS, JSON_FORMATS, detect_format, sniff_format
from roleatlas.sources._io import check_file, head_bytes
from roleatlas.sources.ats import read_ashby, read_greenhouse, read_lever
from roleatlas.sources.csv import read_csv
from roleatlas.sources.jsonl import read_jsonl
from roleatlas.sources.jsonld import read_jsonld
from roleatlas.sources.listing import parse_listing_text, read_listing
from roleatlas.sources.parquet import read_parquet

__all__ = ["FORMATS", "detect_format", "parse_listing_text", "read_postings"]

_Reader = Callable[..., Iterator[RawPosting | RecordError]]

_READERS: dict[str, _Reader] = {
    "jsonl": read_jsonl,
    "listing": read_listing,
    "jsonld": read_jsonld,
    "greenhouse": read_greenhouse,
    "lever": read_lever,
    "ashby": read_ashby,
    "parquet": read_parquet,
}


def _check_format(path: Path, format: str, limits: Limits) -> str:
    name = format.strip().lower()
    if name not in FORMATS:
        raise UnknownFormatError(
            f"The input format must be one of: {', '.join(FORMATS)}. Got {format!r} instead."
        )
    sniffed, strong = sniff_format(path, limits=limits)
    if strong and sniffed != name:
        raise UnknownFormatError(
            f"The file '{path}' does not hold {name} input: its content is {sniffed}. "
            f"Pass --format {sniffed}, or leave --format out to detect the format."
        )
    if name in JSON_FORMATS:
        start = head_bytes(path, 4096).decode("utf-8-sig", errors="replace").lstrip()
        if start and start[0] not in "{[":
            looks = f", it looks like {sniffed} input" if sniffed else ""
            raise UnknownFormatError(
                f"The file '{path}' is not JSON{looks}, so it cannot be read as {name}. "
                "Pass the right --format, or leave --format out to detect the format."
            )
    return name


def read_postings(
    path: Path | str,
    format: str | None = None,
    *,
    csv_mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[RawPosting | RecordError]:
    """Read the postings of one input file, whatever its format.

    File-level problems raise at once, before the first record is read; record-level
    problems are yielded as :class:`RecordError` in file order among the postings.

    Parameters
    ----------
    path : Path or str
        The input file (plain or gzip-compressed).
    format : str, optional
        One of :data:`FORMATS`; detected from the content and name when left out. An
        explicit format that the content clearly contradicts is refused.
    csv_mapping : dict of str to str, optional
        For CSV input: RawPosting field → column name.
    source : str, optional
        Source name for postings that do not state one: JSON Lines records and CSV rows
        with a ``source`` keep theirs; for the other formats it replaces the name the
        reader derives (``"listing"``, ``"greenhouse:<board>"``, ``"jsonld:<host>"``).
    limits : Limits, optional
        Bounds on the bytes read per file and per record (see :class:`~roleatlas.limits.Limits`):
        a record (JSON line, CSV row) larger than ``max_record_bytes`` is a RecordError; a
        document file (JSON-LD, HTML, ATS JSON, listing text) larger than
        ``max_document_bytes``, or any file past ``max_file_bytes`` once decompressed,
        raises InputError.

    Returns
    -------
    Iterator of RawPosting or RecordError

    Raises
    ------
    InputError
        If the file is missing, unreadable or too large, or ``csv_mapping`` is given for
        input that is not CSV.
    UnknownFormatError
        If the format cannot be detected, is not one of :data:`FORMATS`, or does not match
        the content.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "jobs.jsonl"
    ...     _ = path.write_text('{"source": "demo", "id": "1", "title": "Data Engineer"}\\n[]\\n')
    ...     [type(item).__name__ for item in read_postings(path)]
    ['RawPosting', 'RecordError']
    """
    path = check_file(Path(path))
    if format is None:
        name = detect_format(path, limits=limits)
    else:
        name = _check_format(path, format, limits)
    if csv_mapping and name != "csv":
        raise InputError(
            f"A CSV column mapping was given but '{path}' is read as {name} input. Remove the "
            "mapping, or pass format='csv' (--format csv) if the file is CSV."
        )
    if name == "csv":
        return read_csv(path, mapping=csv_mapping, source=source, limits=limits)
    return _READERS[name](path, source=source, limits=limits)
