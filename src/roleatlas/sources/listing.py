"""The job-board plain-text listing format (as aijobs.net-style boards print their lists).

Each posting is three lines::

    Senior Data Scientist
    @ murmuration | Remote (anywhere in the U.S.)
    Full Time Senior-level / Expert USD 120K - 150K

The third line holds employment-type words (``Full Time``, ``Internship``...), a level label
(one of :data:`~roleatlas.records.LEVEL_LABELS`) and a salary (``USD 120K - 150K``); any of
them, the location and the third line may be missing. Text copied from the board page often
runs lines together (``USD 100K - 130KSenior Data Scientist``), down to a whole page with no
line break at all; the parser splits such run-on text too. It also reads the forms roleatlas
prints (:func:`format_listing`)::

    Data Scientist @ murmuration | Remote · Full Time · Senior-level / Expert · USD 120K - 150K

    Data Scientist @ murmuration | Remote
    Full Time · Senior-level / Expert · USD 120K - 150K

How the text is split. Every ``@`` followed by a space (or starting a line) opens a posting:
its title is the text before it (the rest of the previous posting's last line, or the line
above). After the ``@`` come the company, ``|`` and the location, up to a line break, a
``·`` or the first metadata token. Metadata tokens are read greedily after that: a level
label and a salary are unmistakable, so they may touch the next title; an employment word
counts only when another token, a line break, a ``·``, the end, or an upper-case letter
directly after it (run-on text) follows it, so a title such as ``Contract Data Engineer``
is not eaten. Whatever is left before the next ``@`` is the next title.

When no metadata separates a location from the next title and no line break does either
(``...| BerlinSenior Data Scientist@ ...``), the split is where the case changes without a
space (``n|S``, ``)|S``, ``USA|Software``), skipping name prefixes such as ``Mc`` in
``McLean``. When there is no such place, both postings are rejected rather than guessed.

Text that belongs to no posting is reported as a :class:`~roleatlas.errors.RecordError`,
never dropped silently.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

from roleatlas.errors import RecordError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import LEVEL_LABELS, RawPosting
from roleatlas.sources._io import check_file, decode_text, read_document
from roleatlas.sources._util import snippet, stable_id

__all__ = ["EMPLOYMENT_WORDS", "format_listing", "parse_listing_text", "read_listing"]

#: Employment-type words of the metadata line, matched case-insensitively (``-`` or a space
#: between the words of ``Full Time``/``Part Time``).
EMPLOYMENT_WORDS = (
    "Full Time",
    "Part Time",
    "Contractor",
    "Contract",
    "Freelancer",
    "Freelance",
    "Internship",
    "Temporary",
    "Permanent",
    "Apprenticeship",
)

_EMPLOYMENT = "|".join(word.replace(" ", "[ -]?") for word in EMPLOYMENT_WORDS)
_LEVEL = "|".join(
    r"\s*/\s*".join(part.replace("-", "[- ]?") for part in label.split(" / "))
    for label in LEVEL_LABELS.values()
)
# "K" may touch a following title ("130KSenior"); "M" (millions) only when no letter follows,
# so the glued title "130000ML Engineer" keeps its "M".
_AMOUNT = r"\d[\d,]*(?:\.\d+)?(?:[Kk](?![a-z])|[Mm](?![A-Za-z]))?"
_SALARY = (
    rf"(?P<cur>[A-Z]{{3}}) ?{_AMOUNT}"
    rf"(?:\+|\s*[-–—]\s*(?:[A-Z]{{3}} ?)?{_AMOUNT})?"
)
# Employment words may be glued to the text before them ("murmurationFull Time"), never
# continued by a lower-case letter ("Contracts").
_META = re.compile(
    rf"(?P<emp>(?i:{_EMPLOYMENT}))(?![a-z])|(?P<lvl>(?i:{_LEVEL}))|(?P<sal>{_SALARY})"
)
_ANCHOR = re.compile(r"^[ \t]*@[ \t]*|@[ \t]+", re.MULTILINE)
_SEP = re.compile(r"[ \t]*[·•][ \t]*")
_PIPE = re.compile(r"[ \t]*\|[ \t]*")
_GAP = re.compile(r"[ \t]*(?:[·•][ \t]*)?")
_SPACES = re.compile(r"\s+")
_LEVEL_BY_KEY = {re.sub(r"[^a-z]", "", label.lower()): label for label in LEVEL_LABELS.values()}
# Name prefixes that put an upper-case letter inside a place name (McLean, LaGrange).
_NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von"})


@cache
def _currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@dataclass(slots=True)
class _Meta:
    employment: list[str] = field(default_factory=list)
    level: str | None = None
    salary: str | None = None
    end: int = 0

    def __bool__(self) -> bool:
        return bool(self.employment) or self.level is not None or self.salary is not None


def _valid(match: re.Match[str]) -> bool:
    if match.lastgroup == "sal":
        return match.group("cur") in _currencies()
    return True


def _meta_token(text: str, pos: int, end: int, memo: dict[int, bool]) -> re.Match[str] | None:
    """The metadata token starting exactly at ``pos``, if it counts as one.

    ``memo`` remembers the verdict for every employment word of a chain already walked, so
    a long chain is walked once, not once per word.
    """
    match = _META.match(text, pos, end)
    if match is None or not _valid(match):
        return None
    if match.lastgroup != "emp":
        return match
    if pos in memo:
        return match if memo[pos] else None
    # An employment word needs a terminator or another token after it; follow a chain of
    # employment words ("Full Time Internship") to what ends it.
    chain = [pos]
    probe = match
    while True:
        after = probe.end()
        if after >= end or text[after] == "\n" or text[after].isupper():
            verdict = True
            break
        gap = _GAP.match(text, after, end)
        assert gap is not None
        nxt = gap.end()
        if nxt >= end or text[nxt] == "\n" or "·" in gap.group() or "•" in gap.group():
            verdict = True
            break
        following = _META.match(text, nxt, end) if nxt > after else None
        if following is None or not _valid(following):
            verdict = False
            break
        if following.lastgroup != "emp":
            verdict = True
            break
        if nxt in memo:
            verdict = memo[nxt]
            break
        chain.append(nxt)
        probe = following
    for start in chain:
        memo[start] = verdict
    return match if verdict else None


def _first_meta(text: str, start: int, end: int, memo: dict[int, bool]) -> int | None:
    for match in _META.finditer(text, start, end):
        if _meta_token(text, match.start(), end, memo) is not None:
            return match.start()
    return None


def _read_meta(text: str, pos: int, end: int, memo: dict[int, bool]) -> _Meta:
    meta = _Meta(end=pos)
    cursor = pos
    while cursor < end:
        gap = _GAP.match(text, cursor, end)
        assert gap is not None
        match = _meta_token(text, gap.end(), end, memo)
        if match is None:
            break
        kind = match.lastgroup
        if kind == "emp":
            meta.employment.append(_SPACES.sub(" ", match.group()))
        elif kind == "lvl":
            if meta.level is not None:
                break
            meta.level = _LEVEL_BY_KEY[re.sub(r"[^a-z]", "", match.group().lower())]
        else:
            if meta.salary is not None:
                break
            meta.salary = _SPACES.sub(" ", match.group())
        cursor = meta.end = match.end()
    return meta


def _after_name_prefix(text: str, i: int) -> bool:
    """Whether ``text[:i]`` ends with a whole word such as ``Mc`` (McLean) or ``La``."""
    start = i
    while start > 0 and text[start - 1].isalpha() and i - start < 4:
        start -= 1
    whole = start == 0 or not text[start - 1].isalpha()
    return whole and text[start:i] in _NAME_PREFIXES


def _glue_point(text: str) -> int | None:
    """Where run-on text changes from one field to the next title, or ``None``."""
    for i in range(1, len(text)):
        left, here = text[i - 1], text[i]
        if not here.isupper():
            continue
        if left.islower() or left.isdigit() or left in ")]":
            if _after_name_prefix(text, i):
                continue
            return i
        if left.isupper() and i + 1 < len(text) and text[i + 1].islower():
            return i
    return None


@dataclass(slots=True)
class _Draft:
    title: str | None
    title_at: int
    anchor_at: int
    company: str | None = None
    location: str | None = None
    meta: _Meta = field(default_factory=_Meta)
    problem: str | None = None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _SPACES.sub(" ", text).strip()
    return text or None


class _Positions:
    """Line and column of a character offset."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def origin(self, base: str, offset: int) -> str:
        line = bisect.bisect_right(self._starts, offset) - 1
        column = offset - self._starts[line] + 1
        return f"{base}:{line + 1}" if column == 1 else f"{base}:{line + 1}:{column}"


def _split_title(text: str, start: int, end: int) -> tuple[str | None, int, list[tuple[int, str]]]:
    """Split the text before an ``@`` into (title, title offset, leftover pieces)."""
    piece = text[start:end]
    if "\n" not in piece:
        title = _clean(piece)
        offset = start + len(piece) - len(piece.lstrip())
        return title, offset, []
    pieces: list[tuple[int, str]] = []
    offset = start
    for line in piece.split("\n"):
        if line.strip():
            pieces.append((offset + len(line) - len(line.lstrip()), line.strip()))
        offset += len(line) + 1
    if not pieces:
        return None, end, []
    title_at, title = pieces.pop()
    return _clean(title), title_at, pieces


def parse_listing_text(text: str, *, origin: str = "<text>") -> list[RawPosting | RecordError]:
    """Parse job-board listing text into postings.

    Parameters
    ----------
    text : str
        Listing text in the three-line form, the printed one-line or two-line forms, or
        any of them run together.
    origin : str, default "<text>"
        Name of the text for ``origin`` (``"<origin>:line"``, or ``"<origin>:line:column"``
        for a posting that starts inside a line).

    Returns
    -------
    list of RawPosting or RecordError
        In text order. Postings have ``source="listing"`` and ``source_id`` a stable hash
        of (title, company, location); text that belongs to no posting is a RecordError.

    Examples
    --------
    >>> [posting] = parse_listing_text(
    ...     "Senior Data Scientist\\n@ murmuration | Remote (anywhere in the U.S.)\\n"
    ...     "Full Time Senior-level / Expert USD 120K - 150K"
    ... )
    >>> posting.company, posting.seniority, posting.salary_text
    ('murmuration', 'Senior-level / Expert', 'USD 120K - 150K')
    """
    return list(_parse(text, origin))


def _parse(text: str, base: str) -> Iterator[RawPosting | RecordError]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    positions = _Positions(text)
    anchors = list(_ANCHOR.finditer(text))
    if not anchors:
        if text.strip():
            yield RecordError(
                "No posting found. A listing has a title line, then '@ Company | Location', "
                f"then the employment type, level and salary. Got '{snippet(text)}' instead.",
                origin=positions.origin(base, len(text) - len(text.lstrip())),
            )
        return
    title, title_at, leftovers = _split_title(text, 0, anchors[0].start())
    drafts: list[_Draft] = []
    orphans: list[tuple[int, str]] = list(leftovers)
    for k, anchor in enumerate(anchors):
        draft = _Draft(title=title, title_at=title_at, anchor_at=anchor.start())
        drafts.append(draft)
        stop = anchors[k + 1].start() if k + 1 < len(anchors) else len(text)
        last = k + 1 == len(anchors)
        tail_at = _read_fields(text, anchor.end(), stop, draft, last)
        if tail_at is None:
            # Run-on text with nothing to split on: the next title is unknown too.
            title, title_at = None, stop
            continue
        if last:
            rest = text[tail_at:stop]
            if rest.strip():
                orphans.append((tail_at + len(rest) - len(rest.lstrip()), rest.strip()))
            break
        title, title_at, leftovers = _split_title(text, tail_at, stop)
        orphans.extend(leftovers)
    yield from _emit(drafts, orphans, positions, base)


def _read_fields(text: str, start: int, stop: int, draft: _Draft, last: bool) -> int | None:
    """Fill company, location and metadata from ``text[start:stop]``.

    Returns where the next title's text begins, or ``None`` when run-on text cannot be split.
    """
    newline = text.find("\n", start, stop)
    line_end = stop if newline == -1 else newline
    cuts = [line_end]
    sep = _SEP.search(text, start, line_end)
    if sep is not None:
        cuts.append(sep.start())
    memo: dict[int, bool] = {}
    meta_at = _first_meta(text, start, line_end, memo)
    if meta_at is not None:
        cuts.append(meta_at)
    cut = min(cuts)
    head = text[start:cut]
    pipe = _PIPE.search(head)
    company, location = (head[: pipe.start()], head[pipe.end() :]) if pipe else (head, None)
    tail_at = cut
    meta = _read_meta(text, cut, line_end, memo) if cut < line_end else _Meta(end=cut)
    if not meta and newline != -1:
        # The three-line and two-line forms: metadata on the following line.
        below = newline + 1
        while below < stop and text[below] in " \t\n":
            below += 1
        meta = _read_meta(text, below, stop, memo)
    if meta:
        tail_at = meta.end
    elif newline != -1:
        tail_at = newline
    elif not last and cut == line_end:
        # Run-on without metadata: the next title is glued to the last field.
        glued, is_location = (location, True) if location is not None else (company, False)
        point = _glue_point(glued.rstrip())
        if point is None or not glued[:point].strip():
            draft.company, draft.location = _clean(company), _clean(location)
            draft.problem = (
                "Cannot tell where this posting ends and the next title begins. Put each "
                "posting on its own lines."
            )
            return None
        head_len = len(head) - len(glued)
        tail_at = start + head_len + point
        if is_location:
            location = glued[:point]
        else:
            company = glued[:point]
    draft.company = _clean(company)
    draft.location = _clean(location)
    draft.meta = meta
    return tail_at


def _emit(
    drafts: list[_Draft], orphans: list[tuple[int, str]], positions: _Positions, base: str
) -> Iterator[RawPosting | RecordError]:
    items: list[tuple[int, RawPosting | RecordError]] = []
    for offset, piece in orphans:
        items.append(
            (
                offset,
                RecordError(
                    "This text belongs to no posting. Each posting needs its title right before "
                    f"its '@ Company' part; remove or fix the text. Got '{snippet(piece)}' "
                    "instead.",
                    origin=positions.origin(base, offset),
                ),
            )
        )
    for draft in drafts:
        at = draft.title_at if draft.title else draft.anchor_at
        where = positions.origin(base, at)
        if draft.problem is not None:
            items.append((at, RecordError(draft.problem, origin=where)))
            continue
        if not draft.title:
            items.append(
                (
                    at,
                    RecordError(
                        "The posting has no title. Put the job title on the line before "
                        f"'@ {draft.company or 'Company'}'.",
                        origin=where,
                    ),
                )
            )
            continue
        meta = draft.meta
        posting = RawPosting(
            source="listing",
            source_id=stable_id(draft.title, draft.company, draft.location),
            title=draft.title,
            company=draft.company,
            location=draft.location,
            employment_type=" ".join(meta.employment) or None,
            seniority=meta.level,
            salary_text=meta.salary,
            origin=where,
        )
        items.append((at, posting))
    items.sort(key=lambda item: item[0])
    for _, item in items:
        yield item


def read_listing(
    path: Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawPosting | RecordError]:
    """Read a listing text file (``.gz`` is decompressed transparently).

    Parameters
    ----------
    path : Path
        The text file.
    source : str, optional
        Source name for every posting instead of ``"listing"``.
    limits : Limits, optional
        The text is parsed as a whole (postings may run together), so the file may hold at
        most ``max_document_bytes``.

    Returns
    -------
    Iterator of RawPosting or RecordError
        As :func:`parse_listing_text`, with ``origin`` ``"path:line"``.

    Raises
    ------
    InputError
        If the file is missing, unreadable, not UTF-8 or larger than
        ``limits.max_document_bytes``.
    """
    check_file(path)
    text = decode_text(read_document(path, limits, what="listing text"), path)
    items = parse_listing_text(text, origin=str(path))
    name = source.strip() if source and source.strip() else None
    if name is not None:
        for item in items:
            if isinstance(item, RawPosting):
                item.source = name
    return iter(items)


def format_listing(posting: RawPosting, *, form: str = "lines") -> str:
    """Print a posting in one of the listing forms :func:`parse_listing_text` reads back.

    Parameters
    ----------
    posting : RawPosting
        The posting; title, company, location, employment type, seniority and salary text
        are printed.
    form : {"lines", "line", "two-line"}
        ``"lines"``: the board's three lines; ``"line"``: one line with `` · `` between the
        parts; ``"two-line"``: header line, then the `` · `` separated metadata.

    Returns
    -------
    str
        The text, without a final line break.

    Raises
    ------
    ValueError
        If ``form`` is not one of the three forms.

    Examples
    --------
    >>> posting = RawPosting(source="listing", source_id="1", title="Data Engineer",
    ...     company="murmuration", location="Remote", employment_type="Full Time",
    ...     seniority="Mid-level / Intermediate", salary_text="USD 100K - 130K")
    >>> print(format_listing(posting, form="line"))
    Data Engineer @ murmuration | Remote · Full Time · Mid-level / Intermediate · USD 100K - 130K
    """
    at = f"@ {posting.company or ''}".rstrip()
    if posting.location:
        at = f"{at} | {posting.location}"
    meta = [p for p in (posting.employment_type, posting.seniority, posting.salary_text) if p]
    title = posting.title or ""
    if form == "lines":
        return "\n".join([title, at, *([" ".join(meta)] if meta else [])])
    if form == "line":
        return " · ".join([f"{title} {at}", *meta])
    if form == "two-line":
        return "\n".join([f"{title} {at}", *([" · ".join(meta)] if meta else [])])
    raise ValueError(f"The listing form must be 'lines', 'line' or 'two-line'. Got {form!r}.")
