"""Which source format a file holds, from its content first and its name second.

Content that is JSON is unambiguous: the shape of the first line (or of the whole document
when it spans several lines) tells JSON Lines, Greenhouse, Lever, Ashby and JSON-LD apart.
So is an HTML page with an ``application/ld+json`` script. Those are *strong* answers and
win over the file name (and refuse a contradicting ``--format``). Otherwise the extension
decides (``.csv``/``.tsv``, ``.jsonl``/``.ndjson``, ``.html``/``.htm``); failing that, weak
hints in the text (quoted JSON-LD scripts mean JSON-LD, a ``@ Company |`` line a listing, a
delimited first line CSV). ``.gz`` is looked through in every case.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from roleatlas.errors import UnknownFormatError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import LEVEL_LABELS
from roleatlas.sources._io import check_file, head_bytes
from roleatlas.sources._util import snippet

__all__ = ["FORMATS", "JSON_FORMATS", "detect_format", "sniff_format"]

#: The input formats, with a one-line description each (for ``--format`` help).
FORMATS: dict[str, str] = {
    "jsonl": "JSON Lines, one posting object a line (.jsonl, .jsonl.gz)",
    "csv": "CSV with a header line; columns found by name or mapped with --map",
    "listing": "job-board text: title / '@ Company | Location' / type, level and salary",
    "jsonld": "schema.org JobPosting JSON-LD in saved HTML pages, or extracted as .json",
    "greenhouse": 'Greenhouse job board API response {"jobs": [...]}',
    "lever": "Lever postings API response (a JSON array)",
    "ashby": 'Ashby job board API response {"jobs": [...]}',
    "parquet": "Apache Parquet, one posting a row, columns named as the JSON Lines fields",
}

#: Formats whose files must be JSON.
JSON_FORMATS = frozenset({"jsonl", "greenhouse", "lever", "ashby"})

_HEAD = 1 << 16
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "jsonld",
    ".htm": "jsonld",
    ".xhtml": "jsonld",
    ".parquet": "parquet",
}
_GREENHOUSE_KEYS = frozenset(
    {"absolute_url", "internal_job_id", "first_published", "requisition_id", "data_compliance"}
)
_ASHBY_KEYS = frozenset(
    {"jobUrl", "isRemote", "descriptionHtml", "isListed", "shouldDisplayCompensationOnJobPostings"}
)
_LEVER_KEYS = frozenset({"hostedUrl", "categories", "descriptionPlain", "createdAt", "lists"})
_JSONLD_KEYS = frozenset({"@context", "@type", "@graph"})
_LD_SCRIPT = re.compile(r"<script[^>]*application/ld\+json", re.IGNORECASE)
_LISTING_HINT = re.compile(
    r"^[ \t]*@[ \t]*\S|\S[ \t]*@[ \t]+[^\n@|]*\||"
    + "|".join(re.escape(label) for label in LEVEL_LABELS.values()),
    re.MULTILINE,
)


def _inner_suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def _classify(obj: Any, *, single_line: bool) -> str | None:
    if isinstance(obj, dict):
        if obj.keys() & _JSONLD_KEYS:
            return "jsonld"
        jobs = obj.get("jobs")
        if isinstance(jobs, list):
            first = next((job for job in jobs if isinstance(job, dict)), None)
            if first is not None:
                if first.keys() & _GREENHOUSE_KEYS:
                    return "greenhouse"
                if first.keys() & _ASHBY_KEYS:
                    return "ashby"
            if "meta" in obj:
                return "greenhouse"
            if "apiVersion" in obj:
                return "ashby"
            return None
        if single_line and ("id" in obj or "source_id" in obj):
            return "jsonl"
        return None
    if isinstance(obj, list):
        first = next((item for item in obj if isinstance(item, dict)), None)
        if first is None:
            return None
        if first.keys() & _JSONLD_KEYS:
            return "jsonld"
        if first.keys() & _LEVER_KEYS:
            return "lever"
    return None


def _json_shape(path: Path, text: str, complete: bool, limits: Limits) -> str | None:
    body = text.lstrip()
    first_line = body.split("\n", 1)[0]
    try:
        return _classify(json.loads(first_line, strict=False), single_line=True)
    except (ValueError, RecursionError):
        # Not one JSON value (or one nested too deeply to read): look at the whole file.
        pass
    # A pretty-printed document: its shape needs the whole of it, read up to the bound on
    # one document (a larger one is refused by its reader anyway).
    if not complete:
        bound = min(limits.max_document_bytes, limits.max_file_bytes)
        head = head_bytes(path, bound + 1)
        if len(head) > bound:
            return None
        text = head.decode("utf-8-sig", errors="replace")
    try:
        return _classify(json.loads(text, strict=False), single_line=False)
    except (ValueError, RecursionError):
        return None


def sniff_format(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, bool]:
    """Guess the format of ``path`` from its content alone.

    Parameters
    ----------
    path : Path
        The input file (``.gz`` is looked through).
    limits : Limits, optional
        Bound on the bytes read to tell the shape of a multi-line JSON document.

    Returns
    -------
    (str or None, bool)
        The format (``None`` when the content gives no hint) and whether the content
        settles it (JSON shapes and ``ld+json`` scripts do; text hints do not).

    Raises
    ------
    InputError
        If the file is missing or unreadable.
    """
    head = head_bytes(path, _HEAD)
    if head.startswith(b"PAR1"):  # Parquet's magic number (never gzipped: it compresses inside)
        return "parquet", True
    text = head.decode("utf-8-sig", errors="replace")
    body = text.lstrip()
    if not body:
        return None, False
    if body[0] in "{[":
        shape = _json_shape(path, text, len(head) < _HEAD, limits)
        return shape, shape is not None
    has_script = _LD_SCRIPT.search(text) is not None
    if body.startswith("<"):
        # An HTML page; only its JSON-LD can be read, and a JobPosting script settles it.
        return "jsonld", has_script
    if has_script:
        # Text that quotes JSON-LD scripts (the schema.org examples); a CSV of scraped
        # pages would too, so the file name may still say otherwise.
        return "jsonld", False
    if _LISTING_HINT.search(text):
        return "listing", False
    if _looks_delimited(body):
        return "csv", False
    return None, False


def _looks_delimited(text: str) -> bool:
    """A header line and a second line that both use the same delimiter."""
    lines = text.splitlines()
    if len(lines) < 2 or lines[0].startswith("#"):
        return False
    header, row = lines[0], lines[1]
    delimiter = max(",;\t|", key=header.count)
    count = header.count(delimiter)
    return count > 0 and row.count(delimiter) >= count


def detect_format(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> str:
    """The format of an input file, from its content and its name.

    Parameters
    ----------
    path : Path
        The input file; a ``.gz`` file is decompressed to look inside.
    limits : Limits, optional
        A JSON document is read whole to tell its shape only up to ``max_document_bytes``.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Raises
    ------
    InputError
        If the file is missing or unreadable.
    UnknownFormatError
        If neither the content nor the name tells the format.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "vercel.json"
    ...     _ = path.write_text('{"jobs": [{"id": 1, "absolute_url": "https://x"}]}')
    ...     detect_format(path)
    'greenhouse'
    """
    path = check_file(Path(path))
    sniffed, strong = sniff_format(path, limits=limits)
    if sniffed is not None and strong:
        return sniffed
    by_name = _EXTENSIONS.get(_inner_suffix(path))
    if by_name is not None:
        return by_name
    if sniffed is not None:
        return sniffed
    start = head_bytes(path, 200).decode("utf-8-sig", errors="replace")
    got = f"a file starting with '{snippet(start)}'" if start.strip() else "an empty file"
    raise UnknownFormatError(
        f"Cannot detect the format of '{path}'. Pass format='...' (--format) with one of: "
        f"{', '.join(FORMATS)}. Got {got} instead."
    )
