"""Worksheet rows of ``.xlsx`` workbooks as text, read with python-calamine.

BLS publishes OEWS and the Employment Projections tables as Excel workbooks. The loaders need
their cell values as text, nothing else (no styles or formulas), so each cell is turned back
into the text the workbook stores for it:

* strings as they are; numbers as Excel writes them without a format: whole numbers without a
  decimal point (``"155495730"``), others as the shortest text that reads back to the same
  float (``"33.54"``); booleans as ``"1"``/``"0"``;
* dates and times (calamine reads date-formatted cells as :mod:`datetime` values) in ISO 8601;
* empty cells as ``""``, trailing empty cells dropped, so an empty row is ``[]``.

python-calamine (MIT, a Rust reader) replaced a hand-written ``zipfile`` + ``iterparse`` reader
in 2026; the tables the loaders build are the same (``tests/test_reference_loaders.py``) and
it reads a workbook about 5x faster (``benchmarks/kept_libraries.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import python_calamine

__all__ = ["XlsxError", "cell_text", "iter_rows", "sheet_names"]

#: What python-calamine raises for a file that is not a readable workbook.
XlsxError = python_calamine.CalamineError

Cell = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta


def cell_text(value: Cell) -> str:
    """The text of one cell value as python-calamine returns it.

    Examples
    --------
    >>> cell_text(155495730.0), cell_text(33.54), cell_text(""), cell_text(True)
    ('155495730', '33.54', '', '1')
    >>> cell_text(dt.date(2025, 5, 1))
    '2025-05-01'
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    return value.isoformat()


def sheet_names(path: Path) -> list[str]:
    """Names of the worksheets of a workbook, in order.

    Raises
    ------
    XlsxError
        When the file is not a workbook.
    """
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        return list(book.sheet_names)


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[list[str]]:
    """Rows of one worksheet as lists of text cells (empty cells are ``""``).

    Row ``i`` of the result is row ``i + 1`` of the sheet and cell ``j`` is column ``j``
    (A = 0), also when the sheet's data starts lower or further right.

    Parameters
    ----------
    path:
        The ``.xlsx`` file.
    sheet:
        The sheet name; ``None`` reads the first sheet.

    Raises
    ------
    KeyError
        When the workbook has no sheet of that name (or no sheet at all).
    XlsxError
        When the file is not a workbook.
    """
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        names = book.sheet_names
        if sheet is None:
            if not names:
                raise KeyError("the workbook has no sheets")
            sheet = names[0]
        elif sheet not in names:
            raise KeyError(sheet)
        data = book.get_sheet_by_name(sheet)
        # python-calamine's iter_rows starts at row 1 of the sheet but at the first column
        # that holds data: put the leading empty columns back so that indexes are columns
        # (tests/test_reference_loaders.py checks both with a sheet whose data starts at C2).
        _top, left = data.start or (0, 0)
        pad = [""] * left
        for values in data.iter_rows():
            row = [*pad, *(cell_text(v) for v in values)]
            while row and row[-1] == "":
                row.pop()
            yield row
