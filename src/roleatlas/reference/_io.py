"""Shared plumbing of the reference loaders: tables of rows, file lookup, strict reading.

Loaders are pure functions from a directory to :class:`Loaded`; they read with the
:mod:`csv` module (plain or gzip) and turn every read failure (truncated gzip, bad UTF-8, a
missing column, a number that is not a number) into an :class:`~roleatlas.errors.InputError`
that names the data set, the file and the fix.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from xml.etree import ElementTree as ET

import python_calamine

from roleatlas.errors import InputError

__all__ = [
    "Header",
    "Loaded",
    "Table",
    "bad_file",
    "find_file",
    "missing_file",
    "open_text",
    "read_csv",
    "reading",
    "to_float",
]

csv.field_size_limit(1 << 24)


@dataclass(slots=True)
class Table:
    """Rows for one store table: ``columns`` names the values of each row tuple."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(slots=True)
class Loaded:
    """What a loader read: the tables, the release it found in the files (``None`` when the
    files do not say) and the files it read, for checksums."""

    tables: list[Table]
    version: str | None
    files: list[Path]

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def bad_file(dataset: str, path: Path | str, problem: str) -> InputError:
    """The error for a reference file that cannot be read, with the fix."""
    return InputError(
        f"The {dataset} reference file {str(path)!r} {problem}. The file may be truncated, "
        f"corrupted or from an unsupported release: delete it and run "
        f"'roleatlas data pull {dataset}' again, or fix the mirror passed with --from."
    )


def missing_file(dataset: str, path: Path | str) -> InputError:
    """The error for a reference file that is not where the loader looks."""
    return InputError(
        f"The {dataset} reference file {str(path)!r} is missing. Run 'roleatlas data pull "
        f"{dataset}' again, or add the file to the mirror passed with --from."
    )


@contextmanager
def reading(dataset: str, path: Path) -> Iterator[None]:
    """Turn low-level read failures of ``path`` into an :class:`InputError` naming it."""
    try:
        yield
    except InputError:
        raise
    except (EOFError, gzip.BadGzipFile, zlib.error, zipfile.BadZipFile) as exc:
        raise bad_file(dataset, path, f"is not a complete archive ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise bad_file(dataset, path, f"is not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise bad_file(dataset, path, f"is not valid CSV ({exc})") from exc
    except IndexError as exc:
        raise bad_file(dataset, path, "has a row with fewer cells than its header") from exc
    except (ET.ParseError, python_calamine.CalamineError) as exc:
        raise bad_file(dataset, path, f"is not a valid Excel workbook ({exc})") from exc
    except OSError as exc:
        raise bad_file(dataset, path, f"cannot be read ({exc.strerror or exc})") from exc


def find_file(directory: Path, *names: str) -> Path | None:
    """The shallowest file under ``directory`` called one of ``names`` (or ``name + '.gz'``).

    Earlier names win over later ones at the same depth; ties are broken by path.

    Examples
    --------
    >>> find_file(Path("/nonexistent"), "a.txt") is None
    True
    """
    if not directory.is_dir():
        return None
    wanted: dict[str, int] = {}
    for rank, name in enumerate(names):
        wanted.setdefault(name.lower(), rank)
        wanted.setdefault(name.lower() + ".gz", rank)
    best: tuple[int, int, str] | None = None
    found: Path | None = None
    for path in directory.rglob("*"):
        found_rank = wanted.get(path.name.lower())
        if found_rank is None or not path.is_file():
            continue
        key = (len(path.relative_to(directory).parts), found_rank, str(path))
        if best is None or key < best:
            best, found = key, path
    return found


def open_text(path: Path) -> TextIO:
    """Open a text file, gunzipping ``*.gz``; UTF-8 with an optional BOM, strict."""
    if path.suffix.lower() == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def read_csv(path: Path, *, delimiter: str = ",") -> Iterator[list[str]]:
    """Rows of a CSV (or, with ``delimiter="\\t"``, an unquoted TSV) file, header included."""
    with open_text(path) as fh:
        if delimiter == "\t":
            yield from csv.reader(fh, delimiter=delimiter, quoting=csv.QUOTE_NONE)
        else:
            yield from csv.reader(fh, delimiter=delimiter)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z*]+", " ", text.lower()).split())


class Header:
    """Column positions of a header row, looked up by name (case and punctuation ignored).

    Parameters
    ----------
    row:
        The header row.
    dataset, path:
        For error messages.

    Examples
    --------
    >>> h = Header(["O*NET-SOC Code", "Title"], "onet", Path("x.txt"))
    >>> h.index("o*net soc code"), h.get("missing")
    (0, None)
    """

    def __init__(self, row: Sequence[str], dataset: str, path: Path) -> None:
        self.names = [cell.strip() for cell in row]
        self.dataset = dataset
        self.path = path
        self._pos: dict[str, int] = {}
        self._cache: dict[tuple[str, ...], int | None] = {}
        for i, name in enumerate(self.names):
            self._pos.setdefault(_norm(name), i)

    def get(self, *names: str) -> int | None:
        """Position of the first of ``names`` present, or ``None``."""
        try:
            return self._cache[names]
        except KeyError:
            pass
        found = None
        for name in names:
            found = self._pos.get(_norm(name))
            if found is not None:
                break
        self._cache[names] = found
        return found

    def index(self, *names: str) -> int:
        """Position of the first of ``names`` present.

        Raises
        ------
        InputError
            When none is present; the message lists the columns the file has.
        """
        pos = self.get(*names)
        if pos is None:
            raise bad_file(
                self.dataset,
                self.path,
                f"has no column {names[0]!r} (columns: {', '.join(self.names[:30])})",
            )
        return pos


def to_float(text: str) -> float | None:
    """A number written by a statistics office, or ``None`` for an empty cell.

    Thousands separators and a leading ``$`` are ignored.

    Raises
    ------
    ValueError
        When the text is not a number.

    Examples
    --------
    >>> to_float("1,579.80"), to_float(""), to_float("$81,680")
    (1579.8, None, 81680.0)
    """
    text = text.strip()
    if not text:
        return None
    return float(text.replace(",", "").lstrip("$"))
