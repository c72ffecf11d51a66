"""Postings from Apache Parquet files: one posting a row, columns named as JSON Lines fields.

A Parquet shard (from Spark, DuckDB, Polars or pandas) with the columns of a JSON Lines
record (``source``, ``id``, ``title``, ``company``, ``description`` …) is read row by row
through :func:`roleatlas.sources.jsonl.parse_jsonl_record`, so both formats give the same
postings. Dates and timestamps become ISO 8601 text, struct fields that are null are left
out (as a JSON object that lacks them); ``origin`` is ``"path:row"`` (1-based).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from roleatlas.errors import InputError, RecordError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import RawPosting
from roleatlas.sources._io import check_file
from roleatlas.sources.jsonl import parse_jsonl_record

__all__ = ["MAGIC", "read_parquet"]

#: The first (and last) four bytes of every Parquet file.
MAGIC = b"PAR1"
_BATCH_ROWS = 1_000


def read_parquet(
    path: Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawPosting | RecordError]:
    """Read the postings of a Parquet file (needs ``pyarrow``: ``roleatlas[parquet]``).

    Raises
    ------
    InputError
        If pyarrow is missing, the file is larger than ``limits.max_file_bytes`` or it is not
        a readable Parquet file.
    """
    check_file(path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputError(
            f"The file '{path}' is {size:,} bytes, more than max_file_bytes "
            f"({limits.max_file_bytes:,}). Split it, or raise ROLEATLAS_MAX_FILE_BYTES."
        )
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"Reading '{path}' needs the pyarrow package: pip install 'roleatlas[parquet]'."
        ) from None
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"The file '{path}' is not a readable Parquet file: {exc}.") from None
    # the bound on bytes read counts decompressed bytes, as for a .gz file: a small file
    # whose columns inflate past it is refused before any is read
    inflated = sum(
        parquet.metadata.row_group(i).total_byte_size
        for i in range(parquet.metadata.num_row_groups)
    )
    if inflated > limits.max_file_bytes:
        raise InputError(
            f"The file '{path}' decompresses to {inflated:,} bytes, more than max_file_bytes "
            f"({limits.max_file_bytes:,}). Split it, or raise ROLEATLAS_MAX_FILE_BYTES."
        )
    if source is not None and not source.strip():
        source = None
    return _rows(parquet, str(path), source, pa)


def _rows(
    parquet: Any, where: str, source: str | None, pa: Any
) -> Iterator[RawPosting | RecordError]:
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                record = {k: _plain(v) for k, v in row.items() if v is not None}
                yield parse_jsonl_record(record, origin=f"{where}:{number}", source=source)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(
            f"Reading '{where}' failed after {number:,} rows: {exc}. The file is damaged; "
            "write it again."
        ) from None


def _plain(value: Any) -> Any:
    """A Parquet value as JSON Lines would hold it: dates and times as ISO text, and structs
    without their null fields (a struct column has every key any row has; a JSON object has
    only its own)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
