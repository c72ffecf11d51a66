"""File access shared by the source readers: existence checks, transparent gzip, stems.

Every reader opens its input through :func:`open_binary` (or :func:`read_bytes`), so a
``.gz`` file is decompressed whatever its name, and every file-level failure (missing file,
directory, unreadable gzip, unreadable bytes) becomes an :class:`~roleatlas.errors.InputError`
whose message names the file and the fix.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from roleatlas.errors import InputError
from roleatlas.limits import Limits, format_bytes

__all__ = [
    "GZIP_MAGIC",
    "Blanks",
    "Line",
    "LongLine",
    "check_file",
    "decode_text",
    "file_stem",
    "head_bytes",
    "is_gzip",
    "iter_lines",
    "open_binary",
    "read_bytes",
    "read_document",
    "reading",
    "too_large_file",
    "too_large_record",
]

GZIP_MAGIC = b"\x1f\x8b"

# What a truncated or corrupt gzip stream raises while it is being read.
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)

_BUFFER = 1 << 20


def check_file(path: Path) -> Path:
    """Return ``path`` if it names a readable regular file, else raise :class:`InputError`.

    Parameters
    ----------
    path : Path
        The input file.

    Returns
    -------
    Path
        The same path.

    Raises
    ------
    InputError
        If the path does not exist or is not a file.
    """
    if not path.exists():
        raise InputError(f"The input file '{path}' does not exist. Check the path and try again.")
    if not path.is_file():
        raise InputError(
            f"The input path '{path}' is not a file. Pass a file such as postings.jsonl.gz, "
            "not a directory."
        )
    return path


def is_gzip(path: Path) -> bool:
    """Whether ``path`` starts with the gzip magic bytes (whatever its name)."""
    try:
        with path.open("rb") as fh:
            return fh.read(2) == GZIP_MAGIC
    except OSError as exc:
        raise InputError(
            f"The input file '{path}' cannot be read ({exc}). Check its permissions."
        ) from exc


def _gzip_error(path: Path, exc: BaseException) -> InputError:
    return InputError(
        f"The input file '{path}' is not a readable gzip file ({exc}). Re-download or "
        "re-compress it, or pass the uncompressed file instead."
    )


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn gzip and I/O failures raised inside the block into :class:`InputError`."""
    try:
        yield
    except _GZIP_ERRORS as exc:
        raise _gzip_error(path, exc) from exc
    except OSError as exc:
        raise InputError(
            f"The input file '{path}' cannot be read ({exc}). Check the file and try again."
        ) from exc


def open_binary(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, decompressing gzip transparently.

    The caller closes the returned stream (use it in a ``with`` block).

    Raises
    ------
    InputError
        If the file is missing, is a directory or cannot be opened.
    """
    check_file(path)
    with reading(path):
        if is_gzip(path):
            # GzipFile buffers on its own; another BufferedReader around it only adds a copy
            # (it made reading a gzip bomb of blank lines twice as slow).
            return cast(BinaryIO, gzip.GzipFile(filename=path, mode="rb"))
        return path.open("rb", buffering=_BUFFER)


def read_bytes(path: Path) -> bytes:
    """Read the whole (decompressed) content of ``path``."""
    with open_binary(path) as fh, reading(path):
        return fh.read()


def head_bytes(path: Path, size: int = 1 << 16) -> bytes:
    """Read at most ``size`` decompressed bytes from the start of ``path`` (for sniffing)."""
    with open_binary(path) as fh, reading(path):
        return fh.read(size)


def decode_text(data: bytes, path: Path, *, errors: str = "strict") -> str:
    """Decode file bytes as UTF-8 (a leading BOM is dropped).

    Raises
    ------
    InputError
        If ``errors="strict"`` and the bytes are not UTF-8.
    """
    try:
        return data.decode("utf-8-sig", errors=errors)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The input file '{path}' is not UTF-8 text ({exc.reason} at byte {exc.start}). "
            "Re-save it as UTF-8 and try again."
        ) from exc


def file_stem(path: Path) -> str:
    """The file name without ``.gz`` and without its last extension.

    Examples
    --------
    >>> file_stem(Path("data/glassdoor_jobs.csv.gz"))
    'glassdoor_jobs'
    >>> file_stem(Path("page.html"))
    'page'
    """
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = Path(name).stem
    return stem or name


# --- bounded reading ----------------------------------------------------------------------

_CHUNK = 1 << 20
_BOM = b"\xef\xbb\xbf"


def _space_end(chunk: bytes, pos: int) -> int:
    """Where the run of whitespace (as ``bytes.isspace``) starting at ``pos`` ends.

    ``bytes.lstrip`` on windows that double in size: a long run (a bomb of blank lines) is
    crossed in C at memory speed, and a short one costs a short copy only.
    """
    end = len(chunk)
    width = 64
    while True:
        window = chunk[pos : pos + width]
        rest = len(window.lstrip())
        if rest or pos + width >= end:
            return pos + len(window) - rest
        pos += width
        width *= 2


def too_large_file(path: Path, limits: Limits) -> InputError:
    """The error for a file whose decompressed content passes ``limits.max_file_bytes``."""
    return InputError(
        f"The input file '{path}' is larger than {format_bytes(limits.max_file_bytes)} once "
        "decompressed (ROLEATLAS_MAX_FILE_BYTES); the records before that point were read. "
        "Split the file, or raise ROLEATLAS_MAX_FILE_BYTES if it is genuine."
    )


def too_large_record(size: int, limits: Limits, what: str = "record") -> str:
    """The reason given for a record larger than ``limits.max_record_bytes``."""
    return (
        f"The {what} is larger than {format_bytes(limits.max_record_bytes)} "
        f"(ROLEATLAS_MAX_RECORD_BYTES): it has at least {size:,} bytes, so it was skipped "
        "without being read. Shorten it, or raise ROLEATLAS_MAX_RECORD_BYTES if it is genuine."
    )


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a file, with its line break (none on a last line without one)."""

    number: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Blanks:
    """A run of whitespace-only lines starting at line ``number`` (``data`` holds them)."""

    number: int
    data: bytes


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line longer than ``max_record_bytes``: skipped, never held in memory.

    ``size`` is its length without the line break and ``quotes`` how many ``"`` it holds
    (CSV needs the parity to know whether a quoted field runs on).
    """

    number: int
    size: int
    quotes: int


def iter_lines(
    fh: BinaryIO, path: Path, limits: Limits, *, blanks: bool = False
) -> Iterator[Line | Blanks | LongLine]:
    """The lines of a binary stream, with bounded memory and C-speed blank runs.

    Reads 1 MiB at a time. A line never costs more than ``limits.max_record_bytes`` of
    memory: a longer one is reported as :class:`LongLine` and skipped up to its line break.
    Whitespace-only lines are skipped without a Python step per line (line numbers are kept
    by counting line breaks), or, with ``blanks=True``, reported as :class:`Blanks` runs of
    at most one chunk each. Without ``blanks`` the leading whitespace of a line is dropped.
    A leading UTF-8 byte order mark is dropped.

    Parameters
    ----------
    fh : BinaryIO
        The (decompressed) stream.
    path : Path
        The file, for error messages.
    limits : Limits
        ``max_record_bytes`` bounds a line, ``max_file_bytes`` the whole stream.

    Raises
    ------
    InputError
        Once more than ``limits.max_file_bytes`` bytes have been read, or when the stream
        cannot be read (a damaged gzip file).

    Examples
    --------
    >>> import io
    >>> stream = io.BytesIO(b'{"a": 1}\\n\\n  \\n{"b": 2}')
    >>> [(line.number, line.data) for line in iter_lines(stream, Path("x"), Limits())]
    [(1, b'{"a": 1}\\n'), (4, b'{"b": 2}')]
    """
    limit = limits.max_record_bytes
    number = 1
    parts: list[bytes] = []
    size = 0  # bytes of the current line so far, line break excluded
    long = False
    quotes = 0
    total = 0
    first = True
    while True:
        with reading(path):
            chunk = fh.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limits.max_file_bytes:
            raise too_large_file(path, limits)
        pos = 0
        if first:
            first = False
            if chunk.startswith(_BOM):
                pos = len(_BOM)
        end = len(chunk)
        while pos < end:
            if size == 0 and not parts and not long:
                # At a line start: take the run of whitespace-only lines in one step.
                stop = _space_end(chunk, pos) if chunk[pos] in b" \t\n\r\x0b\x0c" else pos
                newline = chunk.rfind(b"\n", pos, stop)
                if newline >= 0:
                    if blanks:
                        yield Blanks(number, chunk[pos : newline + 1])
                    number += chunk.count(b"\n", pos, newline + 1)
                    pos = newline + 1
                if not blanks:
                    pos = stop
                if pos >= end:
                    break
            newline = chunk.find(b"\n", pos)
            stop = end if newline < 0 else newline + 1
            length = stop - pos - (newline >= 0)
            if not long and size + length > limit:
                long = True
                quotes = sum(part.count(b'"') for part in parts)
                parts = []
            if long:
                quotes += chunk.count(b'"', pos, stop)
            else:
                parts.append(chunk[pos:stop])
            size += length
            pos = stop
            if newline >= 0:
                yield LongLine(number, size, quotes) if long else Line(number, b"".join(parts))
                number += 1
                parts = []
                size = 0
                long = False
    if long:
        yield LongLine(number, size, quotes)
    elif parts:
        yield Line(number, b"".join(parts))


def read_document(path: Path, limits: Limits, *, what: str = "document") -> bytes:
    """Read the whole (decompressed) content of a one-document file, bounded.

    The document formats (HTML pages, JSON-LD files, ATS responses, listing text) are
    parsed as a whole, so the whole file is one record: it may hold at most
    ``limits.max_document_bytes``.

    Raises
    ------
    InputError
        If the file is missing, unreadable or larger than ``limits.max_document_bytes``.
    """
    bound = min(limits.max_document_bytes, limits.max_file_bytes)
    with open_binary(path) as fh, reading(path):
        data = fh.read(bound + 1)
    if len(data) > bound:
        setting = (
            "ROLEATLAS_MAX_DOCUMENT_BYTES"
            if bound == limits.max_document_bytes
            else "ROLEATLAS_MAX_FILE_BYTES"
        )
        raise InputError(
            f"The input file '{path}' is larger than {format_bytes(bound)} once decompressed "
            f"({setting}), the bound on a whole {what}, which is read at once. Split it into "
            f"smaller files, or raise {setting} if it is genuine."
        )
    return data
