"""Bounds on what one input may cost: bytes read, record size, text kept, rows written.

Every reader and the ingest driver take a :class:`Limits`; the defaults are the settings'
defaults (``ROLEATLAS_MAX_FILE_BYTES`` and friends, see ``docs/cli.md``), so a hostile or
broken file (a gzip bomb, a 50 MB JSON line, a 20 MB description) costs bounded time, memory
and disk whatever its bytes. Limits are plain values: no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "Limits", "format_bytes"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Input bounds.

    Parameters
    ----------
    max_file_bytes:
        Largest input file, counted after decompression. Reading past it raises
        :class:`~roleatlas.errors.InputError` (the records before it are read normally).
    max_record_bytes:
        Largest single record of a line format: a JSON line, a CSV row. A larger record is
        rejected as a :class:`~roleatlas.errors.RecordError` and reading goes on with the
        next one.
    max_document_bytes:
        Largest file of a document format (an HTML page with JSON-LD, a JSON-LD file, an ATS
        API response, a listing text), which is parsed whole: a larger file raises
        :class:`~roleatlas.errors.InputError`.
    max_description_chars:
        Longest description kept; the rest is cut and the posting flagged with
        ``extra["description_truncated_from"]`` (the original length).
    max_mentions:
        Most skill mentions stored for one posting; a posting cut there is flagged with
        ``extra["mentions_truncated_from"]``.
    max_extra_depth:
        Deepest nesting of a record's ``extra`` JSON kept; a deeper record is rejected.
    max_resume_bytes:
        Largest résumé file (PDF, DOCX, text, JSON Resume) read by
        :func:`~roleatlas.resume.read.read_resume`; a larger one raises
        :class:`~roleatlas.errors.InputError`.
    """

    max_file_bytes: int = 1 << 30
    max_record_bytes: int = 4 << 20
    max_document_bytes: int = 64 << 20
    max_description_chars: int = 100_000
    max_mentions: int = 1_000
    max_extra_depth: int = 32
    max_resume_bytes: int = 10 << 20


#: The bounds used when a caller passes none (the settings' defaults).
DEFAULT_LIMITS = Limits()


def format_bytes(size: int) -> str:
    """A byte count for messages.

    Examples
    --------
    >>> format_bytes(4 << 20), format_bytes(1 << 30), format_bytes(1500)
    ('4 MiB', '1 GiB', '1,500 bytes')
    """
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift} {unit}"
    return f"{size:,} bytes"
