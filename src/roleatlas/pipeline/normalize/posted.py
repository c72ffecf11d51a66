"""Posted dates stated in a posting's text: "Date Posted: February 4, 2020", "Posted On:
Friday, March 13, 2020", "Posting Date : 6/16/2020", "Opening Date: 2020-03-26",
"posted 5 days ago".

Only a date next to a posting label counts (``posted``, ``date posted``, ``posted on``,
``posting date``, ``published``, ``opening date``, ``open date``, ``publication date``); a
closing date, an application deadline or a start date is never a posted date. Dates are read
as written in the text:

- ISO ``2020-03-26`` (also ``2020/03/26``);
- month names in English, full or short, in either order, with or without a weekday:
  ``February 4, 2020``, ``Thursday, March 19, 2020``, ``Mar 24 2020``, ``02 January, 2020``,
  ``3 May 2024``, ``Wed Sep 16 2020``;
- numbers ``6/16/2020``, ``16.06.2020``: day first when the source's country writes dates so
  (``day_first``) or when the first number is over 12; month first otherwise (US style). A
  numeric date that reads both ways (``5/6/2020``) is read as the convention says, with a
  lower confidence.

A relative date ("posted 5 days ago", "posted today", "posted yesterday", "posted 30+ days
ago") needs the day the page was read: it is used only when the source gives one
(``reference``); "30+" is a lower bound and is not read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["PostedReading", "posted_from_text"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_LABEL = (
    r"(?:date\s+posted|posted\s+date|posted\s+on|posting\s+date|date\s+of\s+posting|"
    r"job\s+posted|published(?:\s+on)?|publication\s+date|opening\s+date|open\s+date|"
    r"posted)"
)
_SEP = r"[\s:_*\-–]*"
_DATE_RE = re.compile(
    rf"(?<![A-Za-z0-9]){_LABEL}{_SEP}(?:{_WEEKDAY})(?P<date>"
    rf"(?P<iso>(?P<iy>(?:19|20)\d\d)[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}}))"
    rf"|(?P<mdy>(?P<mm>{_MONTH})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>(?:19|20)\d\d))"
    rf"|(?P<dmy>(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm>{_MONTH}),?\s+(?P<dy>(?:19|20)\d\d))"
    rf"|(?P<num>(?P<n1>\d{{1,2}})[/.\-](?P<n2>\d{{1,2}})[/.\-](?P<ny>(?:19|20)\d\d|\d\d))"
    r")(?!\d)",
    re.IGNORECASE,
)
_RELATIVE_RE = re.compile(
    r"\bposted\s*:?\s*(?:(?P<today>today|just\s+now)|(?P<yesterday>yesterday)"
    r"|(?P<n>\d{1,3})(?P<plus>\+)?\s*(?P<unit>hours?|days?|weeks?|months?)\s+ago)\b",
    re.IGNORECASE,
)
_UNIT_DAYS = {"hour": 0, "day": 1, "week": 7, "month": 30}
# The first words of the labels ("date posted", "posted", "posting date", "job posted",
# "published", "publication date", "opening date", "open date"), lower-cased: a labelled
# date starts where one of them is, so _DATE_RE is tried only there.
_LABEL_STARTS = ("date", "post", "job", "publi", "open")


@dataclass(frozen=True, slots=True)
class PostedReading:
    """A posted date read from text: ISO ``date`` (``YYYY-MM-DD``), the words that state it,
    how sure the reader is and the rule (``text:date``, ``text:relative``)."""

    date: str
    evidence: str
    confidence: float
    rule: str


def _as_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _read(match: re.Match[str], day_first: bool) -> tuple[dt.date | None, float]:
    if match.group("iso"):
        y, m, d = (int(match.group(g)) for g in ("iy", "im", "id"))
        return _as_date(y, m, d), 0.9
    if match.group("mdy"):
        month = _MONTHS[match.group("mm").lower().rstrip(".")]
        return _as_date(int(match.group("my")), month, int(match.group("md"))), 0.9
    if match.group("dmy"):
        month = _MONTHS[match.group("dm").lower().rstrip(".")]
        return _as_date(int(match.group("dy")), month, int(match.group("dd"))), 0.9
    a, b = int(match.group("n1")), int(match.group("n2"))
    year = int(match.group("ny"))
    year += 2000 if year < 100 else 0
    if a > 12 >= b:
        return _as_date(year, b, a), 0.85
    if b > 12 >= a:
        return _as_date(year, a, b), 0.85
    day, month = (a, b) if day_first else (b, a)
    return _as_date(year, month, day), 0.7 if a != b else 0.85


def _evidence(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start) : end].split())[:120]


def _aligned(text: str, lowered: str) -> str | None:
    """``lowered`` (``text.lower()``) when a word found in it is where an IGNORECASE pattern
    finds it in ``text``: same length, and none of the four characters IGNORECASE matches
    to an ASCII letter that lower() does not make one (long s, dotless i, Kelvin sign; the
    dotted I lengthens). Else ``None``."""
    if text.isascii():
        return lowered
    if len(lowered) != len(text) or "\u017f" in lowered or "\u0131" in lowered:
        return None
    return None if "\u212a" in text else lowered


def _matches(
    pattern: re.Pattern[str], text: str, low: str | None, words: tuple[str, ...]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches start with one of ``words``
    (any case): the pattern is tried only where ``low`` has one of them."""
    if low is None:
        yield from pattern.finditer(text)
        return
    starts: set[int] = set()
    for word in words:
        i = low.find(word)
        while i >= 0:
            starts.add(i)
            i = low.find(word, i + 1)
    pos = 0
    for start in sorted(starts):
        if start < pos:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            pos = match.end()


def posted_from_text(
    text: str | None, *, reference: str | dt.date | None = None, day_first: bool = False
) -> PostedReading | None:
    """The posted date a posting's text states, if it states one.

    Parameters
    ----------
    text:
        The description (or any free text).
    reference:
        The day the page was read (ISO date or datetime), for "posted 5 days ago"; without
        it relative dates are not read. Dates after it are not read either.
    day_first:
        Read an ambiguous numeric date (``5/6/2020``) day first (most countries but the US).

    Returns
    -------
    PostedReading or None
        The first labelled date that is a real calendar date between 1995 and the reference
        day (or today), else the first relative date, else ``None``.

    Examples
    --------
    >>> posted_from_text("Data Scientist\\nDate Posted: February 4, 2020\\nAbout us").date
    '2020-02-04'
    >>> posted_from_text("Posting Date : 6/16/2020 COMPANY DESCRIPTION").date
    '2020-06-16'
    >>> posted_from_text("Posted 5 days ago", reference="2024-05-08").date
    '2024-05-03'
    >>> posted_from_text("Posted 5 days ago") is None
    True
    >>> posted_from_text("Closing Date: 2020-04-05") is None
    True
    """
    if not text:
        return None
    text = text[:50_000]
    ref: dt.date | None = None
    if isinstance(reference, dt.date):
        ref = reference
    elif reference:
        try:
            ref = dt.date.fromisoformat(str(reference)[:10])
        except ValueError:
            ref = None
    latest = ref or dt.date.today()
    lowered = text.lower()
    if "posted" not in lowered and "published" not in lowered and "date" not in lowered:
        return None
    low = _aligned(text, lowered)
    for match in _matches(_DATE_RE, text, low, _LABEL_STARTS):
        found, confidence = _read(match, day_first)
        if found is None or not (dt.date(1995, 1, 1) <= found <= latest):
            continue
        evidence = _evidence(text, match.start(), match.end())
        return PostedReading(found.isoformat(), evidence, confidence, "text:date")
    if ref is None:
        return None
    for match in _matches(_RELATIVE_RE, text, low, ("posted",)):
        if match.group("plus"):
            continue  # "30+ days ago" is a bound, not a date
        if match.group("today"):
            days = 0
        elif match.group("yesterday"):
            days = 1
        else:
            unit = match.group("unit").lower().rstrip("s")
            days = int(match.group("n")) * _UNIT_DAYS[unit]
        found = ref - dt.timedelta(days=days)
        evidence = _evidence(text, match.start(), match.end())
        return PostedReading(found.isoformat(), evidence, 0.7, "text:relative")
    return None
