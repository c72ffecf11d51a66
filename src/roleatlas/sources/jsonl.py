"""JSON Lines postings: one JSON object a line, plain or gzip-compressed.

The shape is the one of ``shared/data/postings-*/postings.jsonl.gz``::

    {"source": "glassdoor", "id": "gd-1", "title": "Data Scientist", "company": "Acme",
     "location": "Austin, TX", "posted_at": null, "employment_type": null,
     "seniority": null, "salary_text": "$53K-$91K (Glassdoor est.)",
     "description": "...", "url": null, "extra": {"rating": "3.8"}}

``id`` (or ``source_id``) is required. ``source`` is required unless the caller names a
source (``source=...``, ``--source``) for the lines that do not state one. Keys that are not
fields of :class:`~roleatlas.records.RawPosting` are kept in ``extra``. Blank lines are
skipped; a line that cannot be read (not JSON, nested too deeply, longer than
``ROLEATLAS_MAX_RECORD_BYTES``) becomes a :class:`~roleatlas.errors.RecordError` and the
next line is read.

Why not fall back to the file name when ``source`` is missing: every shared data file is
called ``postings.jsonl.gz``, so the stem would merge unrelated data sets under one source
and let their ids collide.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from roleatlas.errors import RecordError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import RAW_TEXT_FIELDS, RawPosting
from roleatlas.sources._io import (
    Line,
    LongLine,
    check_file,
    iter_lines,
    open_binary,
    too_large_record,
)
from roleatlas.sources._util import json_type, snippet

__all__ = ["parse_jsonl_record", "read_jsonl"]

_TEXT_FIELDS = RAW_TEXT_FIELDS
_KNOWN_KEYS = frozenset({"source", "id", "source_id", "extra", *_TEXT_FIELDS})


def read_jsonl(
    path: Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawPosting | RecordError]:
    """Read a JSON Lines file of postings (``.gz`` is decompressed transparently).

    Parameters
    ----------
    path : Path
        The ``.jsonl`` or ``.jsonl.gz`` file.
    source : str, optional
        Source name for the lines that have no ``source`` of their own.
    limits : Limits, optional
        A line longer than ``max_record_bytes`` is a RecordError (skipped without being
        held in memory); reading past ``max_file_bytes`` raises InputError.

    Returns
    -------
    Iterator of RawPosting or RecordError
        One item per non-blank line, in file order; ``origin`` is ``"path:line"``.

    Raises
    ------
    InputError
        If the file is missing, is not a readable gzip file or is larger than
        ``limits.max_file_bytes`` (raised while iterating when the damage is past the
        start of the file).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "jobs.jsonl"
    ...     _ = path.write_text('{"source": "demo", "id": "1", "title": "ML Engineer"}\\n')
    ...     [p.title for p in read_jsonl(path)]
    ['ML Engineer']
    """
    check_file(path)
    if source is not None and not source.strip():
        source = None
    return _iter_jsonl(path, source, limits)


def _iter_jsonl(
    path: Path, source: str | None, limits: Limits
) -> Iterator[RawPosting | RecordError]:
    where = str(path)
    loads = json.loads
    with open_binary(path) as fh:
        for line in iter_lines(fh, path, limits):
            origin = f"{where}:{line.number}"
            if not isinstance(line, Line):
                assert isinstance(line, LongLine)
                yield RecordError(too_large_record(line.size, limits, "line"), origin=origin)
                continue
            try:
                obj = loads(line.data)
            except RecursionError:
                yield RecordError(
                    "The line is nested too deeply to be read (arrays or objects inside each "
                    "other thousands of levels deep). Flatten the record, or remove the line.",
                    origin=origin,
                )
                continue
            except ValueError as exc:
                # JSONDecodeError and UnicodeDecodeError are both ValueErrors, and so is an
                # integer with too many digits.
                yield RecordError(
                    f"The line is not valid JSON ({exc}). Fix or remove the line. "
                    f"Got '{snippet(line.data.decode('utf-8', 'replace'))}' instead.",
                    origin=origin,
                )
                continue
            yield parse_jsonl_record(obj, origin=origin, source=source)


def parse_jsonl_record(
    obj: Any, *, origin: str | None = None, source: str | None = None
) -> RawPosting | RecordError:
    """Turn one decoded JSON Lines record into a :class:`RawPosting`.

    Parameters
    ----------
    obj : object
        The decoded JSON value of one line.
    origin : str, optional
        Where the record was read (``"path:line"``).
    source : str, optional
        Source name to use when the record has no ``source`` of its own.

    Returns
    -------
    RawPosting or RecordError
        The posting, or the reason it cannot be read.

    Examples
    --------
    >>> parse_jsonl_record({"source": "demo", "id": 7, "title": "Data Analyst"}).source_id
    '7'
    >>> print(parse_jsonl_record({"title": "Data Analyst"}, source="demo"))
    The record has no 'id'. Add an 'id' field that is unique within its source.
    """
    if type(obj) is not dict:
        return RecordError(
            "Each line must be a JSON object with at least 'source' and 'id'. "
            f"Got {json_type(obj)} '{snippet(obj)}' instead.",
            origin=origin,
        )
    source_id = obj.get("id")
    if source_id is None:
        source_id = obj.get("source_id")
    if type(source_id) is not str:
        if isinstance(source_id, int) and not isinstance(source_id, bool):
            source_id = str(source_id)
        elif source_id is not None:
            return RecordError(
                "The 'id' must be a string or an integer. "
                f"Got {json_type(source_id)} '{snippet(source_id)}' instead.",
                origin=origin,
            )
    if not source_id:
        return RecordError(
            "The record has no 'id'. Add an 'id' field that is unique within its source.",
            origin=origin,
        )
    name = obj.get("source")
    if name is None or name == "":
        name = source
    if not name:
        return RecordError(
            "The record has no 'source'. Add a 'source' field naming the data set, or pass "
            "source='name' (--source name) to name it for the whole file.",
            origin=origin,
        )
    if type(name) is not str:
        return RecordError(
            f"The 'source' must be a string. Got {json_type(name)} '{snippet(name)}' instead.",
            origin=origin,
        )
    extra = obj.get("extra")
    if extra is None:
        extra = {}
    elif type(extra) is not dict:
        return RecordError(
            f"The 'extra' field must be a JSON object. Got {json_type(extra)} "
            f"'{snippet(extra)}' instead.",
            origin=origin,
        )
    values: dict[str, str | None] = {}
    for key in _TEXT_FIELDS:
        value = obj.get(key)
        if value is not None and type(value) is not str:
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            else:
                return RecordError(
                    f"The '{key}' field must be a string or null. Got {json_type(value)} "
                    f"'{snippet(value)}' instead.",
                    origin=origin,
                )
        values[key] = value
    unknown = obj.keys() - _KNOWN_KEYS
    if unknown:
        extra = dict(extra)
        for key in sorted(unknown):
            extra.setdefault(key, obj[key])
    return RawPosting(
        source=name,
        source_id=source_id,
        title=values["title"],
        company=values["company"],
        location=values["location"],
        description=values["description"],
        salary_text=values["salary_text"],
        employment_type=values["employment_type"],
        seniority=values["seniority"],
        posted_at=values["posted_at"],
        url=values["url"],
        extra=extra,
        origin=origin,
    )
