"""File access shared by the source readers: existence checks, transparent gzip, stems.

Every reader opens its input through :func:`open_binary` (or :func:`read_bytes`), so a
``.gz`` file is decompressed whatever its name, and every file-level failure (missing file,
directory, unreadable gzip, unreadable bytes) becomes an :class:`~roleatlas.errors.InputError`
whose message names the file and the fix.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from roleatlas.errors import InputError

__all__ = [
    "GZIP_MAGIC",
    "check_file",
    "decode_text",
    "file_stem",
    "head_bytes",
    "is_gzip",
    "open_binary",
    "read_bytes",
    "reading",
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
            return io.BufferedReader(gzip.GzipFile(filename=path, mode="rb"), _BUFFER)
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
