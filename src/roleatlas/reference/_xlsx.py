"""A small streaming reader of ``.xlsx`` worksheets, with the standard library only.

BLS publishes OEWS and the Employment Projections tables as Excel workbooks. We need their
cell values as text, nothing else (no styles, formulas or dates), so a workbook is read as
what it is: a zip of XML parts. Rows stream through :func:`xml.etree.ElementTree.iterparse`,
so the 80 MB OEWS all-data sheet does not have to fit in memory as a tree.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

__all__ = ["iter_rows", "sheet_names"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COL_RE = re.compile(r"[A-Z]+")


def _column(ref: str) -> int:
    """Zero-based column index of a cell reference such as ``"AB12"``."""
    match = _COL_RE.match(ref)
    if match is None:
        raise ValueError(f"bad cell reference {ref!r}")
    number = 0
    for letter in match.group():
        number = number * 26 + ord(letter) - 64
    return number - 1


def _text(element: ET.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_MAIN}t"))


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    strings: list[str] = []
    with book.open("xl/sharedStrings.xml") as fh:
        for _event, elem in ET.iterparse(fh):
            if elem.tag == f"{_MAIN}si":
                strings.append(_text(elem))
                elem.clear()
    return strings


def _sheets(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part name inside the zip, in workbook order."""
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    found: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        found[sheet.get("name", "")] = posixpath.normpath(part)
    return found


def sheet_names(path: Path) -> list[str]:
    """Names of the worksheets of a workbook, in order."""
    with zipfile.ZipFile(path) as book:
        return list(_sheets(book))


def iter_rows(path: Path, sheet: str | None = None) -> Iterator[list[str]]:
    """Rows of one worksheet as lists of text cells (empty cells are ``""``).

    Parameters
    ----------
    path:
        The ``.xlsx`` file.
    sheet:
        The sheet name; ``None`` reads the first sheet.

    Raises
    ------
    KeyError
        When the workbook has no sheet of that name.
    zipfile.BadZipFile, xml.etree.ElementTree.ParseError
        When the file is not a workbook.
    """
    with zipfile.ZipFile(path) as book:
        sheets = _sheets(book)
        if sheet is None:
            if not sheets:
                raise KeyError("the workbook has no sheets")
            part = next(iter(sheets.values()))
        else:
            part = sheets[sheet]
        shared = _shared_strings(book)
        with book.open(part) as fh:
            for _event, elem in ET.iterparse(fh):
                if elem.tag != f"{_MAIN}row":
                    continue
                cells: dict[int, str] = {}
                for position, cell in enumerate(elem.iter(f"{_MAIN}c")):
                    ref = cell.get("r")
                    col = _column(ref) if ref else position
                    kind = cell.get("t")
                    if kind == "inlineStr":
                        cells[col] = _text(cell)
                        continue
                    value = cell.find(f"{_MAIN}v")
                    if value is None or value.text is None:
                        continue
                    cells[col] = shared[int(value.text)] if kind == "s" else value.text
                elem.clear()
                yield [cells.get(i, "") for i in range(max(cells) + 1)] if cells else []
