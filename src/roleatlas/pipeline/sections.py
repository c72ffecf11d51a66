"""Split a posting's text into sections and read whether a statement is required.

:func:`split_sections` cuts a description into contiguous :class:`Section` spans that cover
the whole text, each named with one of :data:`roleatlas.records.SECTIONS`:

=================  ==========================================================================
section            headings (any case, with or without ``:``, Markdown ``#``/``**``, HTML tags)
=================  ==========================================================================
responsibilities   Responsibilities, Duties, Key accountabilities, What you'll do, What you
                   will be doing, In this role you will, Your impact, Day to day, Job functions
requirements       Requirements, (Minimum / Basic / Required) Qualifications, Skills,
                   Experience, Education, What you'll need / bring, Who you are, About you,
                   What we're looking for, Must haves, The ideal candidate, Competencies
preferred          Preferred qualifications, Nice to have, Bonus points, Desired skills,
                   Pluses, Good to have, What sets you apart (any requirements heading with
                   ``preferred``, ``desired``, ``nice``, ``bonus``, ``plus`` or ``optional``)
benefits           Benefits, Perks, What we offer, Compensation, Salary, Total rewards, Why
                   join us, What's in it for you
company            About us, Who we are, About <Company>, About, Why <Company>?, Our mission /
                   culture / values, Company overview, EEO statement, Disclaimer; any line of
                   equal-opportunity boilerplate ("... is an equal opportunity employer"); and
                   any paragraph of company blurb (below)
summary            Job description, Summary, Overview, About the role / job / position, The
                   opportunity, Position summary; and the text before the first heading
title              the first line of a Hacker News post when it is a ``Company | Role | ...``
                   header
other              the whole text when it has no heading (free text)
=================  ==========================================================================

How a heading is recognised
---------------------------
A heading is a line of at most 9 words and 80 characters (without digits, without a final
full stop) that consists only of heading words: one or more *core* phrases ("qualifications",
"what you'll do", "about us") and *modifier* words ("key", "minimum", "basic", "your",
"job", "and", "&"). So "Minimum qualifications:" and "Roles & Key Responsibilities" are
headings but "Strong communication skills" and "Bachelor's (Preferred)" are not. A heading
may also start a line or follow a sentence end inline, when a colon ends it:
"Requirements: 5+ years of Python". A bullet line ("- Requirements") counts only with a colon.
Headings that are not recognised leave the current section unchanged, so sub-headings such as
"Technical skills:" inside a requirements section do not break it.

Equal-opportunity boilerplate is marked ``company`` line by line; the section before it
resumes on the next line, because the boilerplate also appears in the middle of posts.

Company blurbs without a heading are marked ``company`` paragraph by paragraph, and the section
before them resumes after the paragraph: an opening "At Acme, we ..." paragraph, an "Acme is a
..." introduction after a Hacker News header, a footer about growth and investors. A paragraph
(a run of lines between blank lines and headings, at most 1,500 characters, not a bulleted
list) is company text when it opens with "At <Company>, we/our", "<Company> is a/an/the", "We
are a", "Our mission/vision/story" or "Founded in", or names investors or funding ("our
investors include", "backed by", "raised $50M") -- and does not address the candidate or the
job ("you", "looking for", "role", "requirements", "years of", "degree" ...) nor name the stack
of the work ("we use", "frameworks", "stack"): such a paragraph is about the role and counts.

:func:`requirement_level` reads whether a span (a skill, degree or years statement) is required
(``True``), preferred (``False``) or not stated (``None``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from roleatlas.pipeline._terms import TERMS, non_overlapping
from roleatlas.records import SECTIONS

__all__ = [
    "UNCOUNTED_SECTIONS",
    "Section",
    "classify_heading",
    "mention_levels",
    "requirement_level",
    "section_at",
    "split_sections",
    "statement_bounds",
]


@dataclass(frozen=True, slots=True)
class Section:
    """A contiguous part of a posting's text.

    ``name`` is one of :data:`roleatlas.records.SECTIONS`; ``start``/``end`` are character
    offsets (``text[start:end]`` is the section, heading included); ``heading`` is the heading
    as written, without markup, or ``""`` for text before the first heading.
    """

    name: str
    start: int
    end: int
    heading: str = ""

    def __post_init__(self) -> None:
        if self.name not in SECTIONS:
            raise ValueError(
                f"A section name must be one of {', '.join(SECTIONS)}. Got {self.name!r} instead."
            )


@lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """``text.lower()``, computed once per text for the extractors that all search it."""
    return text.lower()


def folded(text: str) -> str | None:
    """``text.lower()`` when searching it with ``str.find`` finds exactly what a
    case-insensitive regex finds in ``text``; ``None`` otherwise.

    That holds unless lowering changes the length (offsets would shift: "İ") or the text holds
    one of the two letters that ``re.IGNORECASE`` equates with an ASCII letter although their
    lower case differs from it: dotless "ı" (i) and long "ſ" (s).

    Examples
    --------
    >>> folded("Nice To Have")
    'nice to have'
    >>> folded("Ph\u0131D") is None
    True
    """
    low = lowered(text)
    if len(low) != len(text) or "\u0131" in text or "\u017f" in text:
        return None
    return low


# --- heading vocabulary ------------------------------------------------------------------

# Core phrases, written after normalization (lower case, contractions expanded, "&" and "/"
# read as "and", punctuation removed).
_CORES: dict[str, tuple[str, ...]] = {
    "responsibilities": (
        "responsibilities", "responsibility", "duties", "duty", "accountabilities",
        "accountability", "tasks", "functions", "job functions", "essential functions",
        "what you will do", "what you will be doing", "what you will work on",
        "what will you do", "what you will be working on", "what you will achieve",
        "what the job involves", "what you do", "you will", "in this role you will",
        "in this role", "your role", "your impact", "your mission", "day to day",
        "a day in the life", "your day", "the work", "role and responsibilities",
        "roles and responsibilities", "how you will make an impact", "your job",
        "what you will be responsible for", "scope", "activities", "deliverables",
        "what we need you to do", "your tasks", "job duties",
    ),
    "requirements": (
        "qualifications", "qualification", "requirements", "requirement", "required",
        "requisites", "prerequisites", "skills", "skill set", "skillset", "experience",
        "education", "knowledge", "abilities", "competencies", "competency",
        "what you will need", "what you need", "what you bring", "what you will bring",
        "what we are looking for", "we are looking for", "what we look for",
        "who you are", "about you", "you have", "you are", "you bring", "what you have",
        "what you will have", "what you should know", "what you know",
        "must haves", "must have", "musts", "the ideal candidate", "ideal candidate",
        "ideal profile", "your profile", "profile", "your background", "background",
        "credentials", "certifications", "certification", "what it takes",
        "what you should have", "ksas", "knowledge skills and abilities", "expertise",
        "experience and education", "requirements and qualifications", "who we are looking for",
        "what you will need to succeed", "to be successful", "job requirements",
        "candidate requirements", "what we need", "what we are looking for in you",
    ),
    "preferred": (
        "preferred", "nice to have", "nice to haves", "nice to has", "bonus points",
        "bonus skills", "bonus qualifications", "bonus experience", "pluses", "plus",
        "a plus", "good to have", "desired", "desirable", "extra credit", "even better",
        "brownie points", "what sets you apart", "stand out", "to stand out", "ideally",
        "what would make you stand out", "it would be great if you have", "bonus if you have",
        "nice to haves but not required",
    ),
    "benefits": (
        "benefits", "benefit", "perks", "what we offer", "we offer", "what is in it for you",
        "compensation", "salary", "pay", "total rewards", "rewards", "why join us",
        "why work with us", "why you will love working here", "why you will love it here",
        "our offer", "the package", "package", "pay range", "salary range", "pay transparency",
        "what you will get", "what you get", "in return", "benefits and perks",
        "perks and benefits", "compensation and benefits", "our benefits",
    ),
    "company": (
        "about us", "who we are", "who are we", "about the company", "company overview",
        "company description", "company profile", "company information", "our company",
        "our story", "our mission", "our culture", "our values", "the company", "about the team",
        "the team", "our team", "what we do", "equal opportunity employer",
        "equal employment opportunity", "equal opportunity", "eeo statement", "eeo",
        "diversity", "diversity and inclusion", "disclaimer", "affirmative action",
        "company", "about the organization", "organization", "our commitment", "culture",
        "why us",
    ),
    "summary": (
        "job description", "description", "summary", "overview", "job summary",
        "position summary", "role summary", "about the role", "about this role", "about the job",
        "about the position", "about this position", "about the opportunity", "the role",
        "the position", "the opportunity", "position overview", "role overview", "purpose",
        "job purpose", "introduction", "the job", "objective", "position description",
        "role description", "job overview", "opportunity", "position", "role", "job details",
        "position purpose", "general summary", "basic function", "job profile",
    ),
}  # fmt: skip

# Words that may qualify a core phrase without changing its meaning.
_MODIFIERS = frozenset(
    "key primary main core essential basic minimum minimal general additional other specific "
    "technical professional job role position your our the a an this of for in and or with "
    "candidate educational relevant major important principal soft hard personal physical "
    "special functional detailed preferred desired desirable required nice bonus optional "
    "must typical expected top list some".split()
)
_PREFERRED_WORDS = frozenset("preferred desired desirable nice bonus optional".split())
_NOT_ABOUT = frozenset("you the this your our us".split())

_CORE_PHRASES: dict[tuple[str, ...], str] = {}
for _name, _phrases in _CORES.items():
    for _phrase in _phrases:
        _CORE_PHRASES.setdefault(tuple(_phrase.split()), _name)
_MAX_CORE = max(len(p) for p in _CORE_PHRASES)

_MARKUP_RE = re.compile(r"<[^<>]{1,30}>|&nbsp;|[*#_=~`|\[\]{}]")
_CONTRACTIONS = (
    ("\u2019", "'"), ("\u2018", "'"), ("what's", "what is"), ("'ll", " will"),
    ("'re", " are"), ("'s", ""), ("'ve", " have"), ("'d", " would"),
)  # fmt: skip
_WORD_RE = re.compile(r"[a-z]+")
_BAD_CHARS_RE = re.compile(r"[0-9$%]|\((?:required|preferred)\)", re.IGNORECASE)


def _words(heading: str) -> list[str]:
    low = heading.lower()
    for old, new in _CONTRACTIONS:
        low = low.replace(old, new)
    return _WORD_RE.findall(low)


@lru_cache(maxsize=8192)
def classify_heading(heading: str) -> str | None:
    """The section a heading names, or ``None`` when the text is not a known heading.

    Parameters
    ----------
    heading:
        The heading text, with or without markup and a final colon.

    Returns
    -------
    str or None
        A name from :data:`roleatlas.records.SECTIONS`.

    Examples
    --------
    >>> classify_heading("**Minimum Qualifications:**")
    'requirements'
    >>> classify_heading("Nice to have")
    'preferred'
    >>> classify_heading("Strong communication skills") is None
    True
    """
    words = _words(_MARKUP_RE.sub(" ", heading))
    if not words or len(words) > 12:
        return None
    found: list[str] = []
    preferred_word = False
    i = 0
    n = len(words)
    while i < n:
        for size in range(min(_MAX_CORE, n - i), 0, -1):
            name = _CORE_PHRASES.get(tuple(words[i : i + size]))
            if name is not None:
                found.append(name)
                i += size
                break
        else:
            word = words[i]
            if word in _MODIFIERS:
                preferred_word = preferred_word or word in _PREFERRED_WORDS
                i += 1
                continue
            # "About Acme", "Why Acme?", "About" alone: the company itself
            if words == ["about"]:
                return "company"
            if i == 0 and word in ("about", "why") and n <= 5 and words[1:2] != ["you"]:
                if n > 1 and words[1] not in _NOT_ABOUT:
                    return "company"
            return None
    if not found:
        return None
    # "Summary" words are weak: "Position requirements" is a requirements heading.
    strong = [name for name in found if name != "summary"] or found
    if "preferred" in strong or (
        preferred_word and strong[0] in ("requirements", "preferred", "summary")
    ):
        return "preferred"
    return strong[0]


# --- splitting ---------------------------------------------------------------------------

_BULLET_RE = re.compile(r"^(?:[-\u2022\u00b7\u25aa\u25cf\u2013\u2014>]|\*\s|\+\s|\d+[.)]\s)")
_FIRST_WORD_RE = re.compile(r"[A-Za-z]+")
_INLINE_PHRASE_RE = re.compile(r"[A-Za-z][A-Za-z '\u2019&/,-]{1,60}")
# Phrases that mark equal-opportunity boilerplate, searched in the lower-cased text.
_BOILERPLATE = TERMS.add((
    "equal opportunit", "equal employment opportunit", "affirmative action", "without regard to",
    "protected veteran", "eeo", "e-verify", "reasonable accommodation", "regardless of race",
    "drug-free workplace", "drug free workplace",
))  # fmt: skip
_SENTENCE_STARTS = (". ", "! ", "? ", "; ", "\n", "\t")
_MAX_HEADING_CHARS = 80


def _first_words() -> frozenset[str]:
    words = {phrase[0] for phrase in _CORE_PHRASES} | _MODIFIERS | {"about", "why"}
    return frozenset(words)


_FIRST_WORDS = _first_words()


@lru_cache(maxsize=16384)
def _standalone_heading(line: str) -> tuple[str, str] | None:
    """``(name, heading)`` when a whole line is a heading."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_HEADING_CHARS:
        return None
    first = _FIRST_WORD_RE.search(stripped)
    if first is None or first.group().lower() not in _FIRST_WORDS:
        return None
    if _BAD_CHARS_RE.search(stripped):
        return None
    clean = _MARKUP_RE.sub(" ", stripped).strip(" \t-:\u2013\u2014?!.")
    if not clean or stripped.endswith(".") and not stripped.endswith(":."):
        return None
    if _BULLET_RE.match(stripped) and not stripped.rstrip("*_ ").endswith(":"):
        return None
    name = classify_heading(clean)
    if name is None:
        return None
    return name, " ".join(clean.split())


@lru_cache(maxsize=16384)
def _inline_heading(phrase: str) -> tuple[str, str] | None:
    """``(name, heading)`` when the words before a colon are a heading."""
    m = _INLINE_PHRASE_RE.search(phrase)
    if m is None or m.end() != len(phrase.rstrip("*_ \t")):
        return None
    words = m.group().strip()
    first = _FIRST_WORD_RE.match(words)
    if first is None or first.group().lower() not in _FIRST_WORDS:
        return None
    if len(words.split()) > 9 or phrase[: m.start()].strip(" \t-*_\u2022\u00b7#"):
        return None
    name = classify_heading(words)
    return None if name is None else (name, " ".join(words.split()))


def _colon_headings(text: str) -> list[tuple[int, str, str]]:
    """Headings ended by a colon that start a line or follow a sentence."""
    found = []
    colon = text.find(":")
    while colon != -1:
        left = max(0, colon - 64)
        start = -1
        for sep in _SENTENCE_STARTS:
            at = text.rfind(sep, left, colon)
            if at != -1 and at + len(sep) > start:
                start = at + len(sep)
        if start == -1 and left == 0:
            start = 0
        if start != -1:
            heading = _inline_heading(text[start:colon])
            if heading is not None:
                found.append((start, heading[0], heading[1]))
        colon = text.find(":", colon + 1)
    return found


def _boilerplate_lines(text: str) -> list[int]:
    """Start offsets of lines with equal-opportunity boilerplate."""
    low = lowered(text)
    found = TERMS.positions(low)
    starts = set()
    for phrase in _BOILERPLATE:
        for at in non_overlapping(found.get(phrase, []), len(phrase)):
            if phrase != "eeo" or (
                not low[at - 1 : at].isalpha() and not low[at + 3 : at + 4].isalpha()
            ):
                starts.add(text.rfind("\n", 0, at) + 1)
    return sorted(starts)


# Company paragraphs: prose that speaks for the company ("At Acme, we ...", "Acme is a ...",
# "Our mission is ...", who invested in it) and not to the candidate. The funding and
# candidate cues are written in lower case and searched in the lowered text.
_NAME = r"[A-Z][\w.&'\u2019-]*"
_COMPANY_OPENING_RE = re.compile(
    rf"(?:At\s+{_NAME}(?:\s+{_NAME}){{0,3}},\s+(?:we|our|we['\u2019](?:re|ve))\b|"
    r"(?!(?:This|That|These|Those|It|There|Here|Who|What|Which|Each|Every|Your|The)\b)"
    rf"{_NAME}(?:\s+{_NAME}){{0,3}}\s+(?:is|are)\s+(?:a|an|the)\s|"
    r"We(?:['\u2019]re|\s+are)\s+(?:a|an|the)\s|Our\s+(?:mission|vision|story)\b|Founded\s+in\b)"
)
_FUNDING_RE = re.compile(
    r"\binvestors?\s+(?:include|including|such\s+as|like)\b|\bour\s+investors\b|"
    r"\binvestor\s+base\b|\bbacked\s+by\b|\bventure-backed\b|\bfunded\s+by\b|"
    r"\braised\b[^.\n]{0,60}?(?:funding|[$\u20ac\u00a3]|million|billion|series)|\bfunding\s+round|"
    r"\bseries\s+[a-f]\s+(?:round|funding|start-?up|company)\b",
)
# Every funding cue holds one of these words: a paragraph without one needs no regex search.
_FUNDING_WORDS = TERMS.add(("invest", "backed", "funded", "raised", "funding", "series"))
# Words that address the candidate or the job, or name the stack of the work ("We specialize
# in NodeJS-based frameworks": the tools of the work count): a paragraph with one is not
# company boilerplate.
_CANDIDATE_RE = re.compile(
    r"\byou\b|\byou['\u2019]|\byour\b|\blooking\s+(?:for|to)\b|\bseeking\b|\bhiring\b|"
    r"\bcandidates?\b|\brole\b|\bposition\b|\b(?:this|the)\s+job\b|\bresponsib|\brequire|"
    r"\bqualifications?\b|\bneeds?\b|\bapply\b|\bapplicants?\b|\bdegree\b|\byears\s+of\b|"
    r"\bstack\b|\bcodebase\b|\bframeworks?\b|\bwe\s+(?:use|specialize|work\s+(?:with|in))\b|"
    r"\bbuilt\s+(?:with|on|in)\b",
)
_BLANK_LINES_RE = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
_NON_SPACE_RE = re.compile(r"\S")
# A longer run of text is a whole description without blank lines, not one paragraph.
_MAX_PARAGRAPH_CHARS = 1500


def _company_paragraphs(text: str, cuts: list[int], standalone: set[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of the paragraphs that speak for the company, not to the candidate.

    A paragraph is a run of lines between blank lines and headings (at most
    :data:`_MAX_PARAGRAPH_CHARS` characters), not a bulleted list. It is company text when it
    opens with "At <Company>, we/our", "<Company> is a/an/the", "We are a", "Our
    mission/vision/story" or "Founded in", or names investors or funding, and it addresses
    neither the candidate nor the job ("you", "looking for", "this role", "requirements" ...)
    nor names the stack of the work ("we use", "frameworks").
    """
    # the cue patterns are written in lower case and searched in the lowered text (faster than
    # ignoring case); "low" may be longer than "text" ("İ"), so blocks are lowered one by one then
    low = lowered(text)
    same = len(low) == len(text)
    found_terms = TERMS.positions(low)
    funding = sorted(at for word in _FUNDING_WORDS for at in found_terms.get(word, ()))
    bounds = sorted({0, *cuts, *(m.end() for m in _BLANK_LINES_RE.finditer(text))})
    bounds.append(len(text))
    found: list[tuple[int, int]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        while start in standalone and start < end:  # skip a heading line
            line_end = text.find("\n", start, end)
            start = end if line_end == -1 else line_end + 1
        if end - start > _MAX_PARAGRAPH_CHARS:
            continue
        first = _NON_SPACE_RE.search(text, start, end)
        if first is None or _BULLET_RE.match(text[first.start() : first.start() + 3]):
            continue
        lead = first.start()
        piece = ""
        if _COMPANY_OPENING_RE.match(text, lead, end) is None:
            if same:
                k = bisect_left(funding, start)
                if k == len(funding) or funding[k] >= end:
                    continue
            piece = low[start:end] if same else text[start:end].lower()
            if _FUNDING_RE.search(piece) is None:
                continue
        piece = piece or (low[start:end] if same else text[start:end].lower())
        if _CANDIDATE_RE.search(piece) is None:
            found.append((lead, end))
    return found


def split_sections(text: str) -> list[Section]:
    """Cut a posting's text into named sections that cover it.

    Parameters
    ----------
    text:
        A description: plain text with line breaks, text derived from Markdown or HTML, or free
        text (Hacker News).

    Returns
    -------
    list of Section
        Sections in text order; each starts where the previous one ends, the first at 0 and
        the last ends at ``len(text)``. Empty for an empty text. Text before the first heading
        is ``summary`` (``other`` when the text has no heading at all).

    Examples
    --------
    >>> text = "We build maps.\\nRequirements:\\nPython\\nNice to have:\\nRust"
    >>> [(s.name, s.heading) for s in split_sections(text)]
    [('summary', ''), ('requirements', 'Requirements'), ('preferred', 'Nice to have')]
    >>> [s.name for s in split_sections("Acme | ML Engineer | Remote\\nWe use PyTorch.")]
    ['title', 'other']
    """
    if not text:
        return []
    # (offset, name, heading, end of a company block or -1 for a heading)
    marks: list[tuple[int, str, str, int]] = []
    offset = 0
    for line in text.split("\n"):
        if len(line) <= _MAX_HEADING_CHARS + 20:
            found = _standalone_heading(line)
            if found is not None:
                marks.append((offset, found[0], found[1], -1))
        offset += len(line) + 1
    standalone = {mark[0] for mark in marks}
    if ":" in text:
        for start, name, heading in _colon_headings(text):
            line_start = text.rfind("\n", 0, start) + 1
            if line_start in standalone and not text[line_start:start].strip():
                continue
            marks.append((start, name, heading, -1))
    has_headings = bool(marks)
    for line_start in _boilerplate_lines(text):
        line_end = text.find("\n", line_start)
        marks.append((line_start, "company", "", len(text) if line_end == -1 else line_end + 1))
    first_end = text.find("\n")
    title_line = (first_end != -1 and first_end < 300 and text.count("|", 0, first_end) >= 1) or (
        first_end == -1 and len(text) < 300 and text.count("|") >= 1
    )
    cuts = [mark[0] for mark in marks] + ([first_end + 1] if title_line and first_end != -1 else [])
    for start, end in _company_paragraphs(text, cuts, standalone):
        marks.append((start, "company", "", end))
    marks.sort(key=lambda mark: (mark[0], mark[3] != -1))

    sections: list[Section] = []
    current = "summary" if has_headings else "other"
    current_heading = ""
    position = 0
    if title_line:
        end = first_end + 1 if first_end != -1 else len(text)
        sections.append(Section("title", 0, end))
        position = end
    for offset, name, heading, block_end in marks:
        if offset < position:
            continue
        if block_end != -1:
            if current == "company":
                continue
            if offset > position:
                sections.append(Section(current, position, offset, current_heading))
            sections.append(Section("company", offset, block_end))
            position = block_end
            continue
        if offset > position:
            sections.append(Section(current, position, offset, current_heading))
        position = offset
        current, current_heading = name, heading
    if position < len(text):
        sections.append(Section(current, position, len(text), current_heading))
    return sections


def section_at(sections: list[Section], offset: int) -> str:
    """The name of the section that holds a character offset.

    Parameters
    ----------
    sections:
        The result of :func:`split_sections`.
    offset:
        A character offset in the same text.

    Returns
    -------
    str
        The section name; ``"other"`` when ``sections`` is empty or the offset is outside them.

    Examples
    --------
    >>> sections = split_sections("Intro.\\nBenefits:\\nDental")
    >>> section_at(sections, 20)
    'benefits'
    """
    if not sections or offset < sections[0].start or offset >= sections[-1].end:
        return "other"
    index = bisect_right(sections, offset, key=lambda s: s.start) - 1
    return sections[index].name if index >= 0 else "other"


# --- required or preferred ---------------------------------------------------------------

_CUE_RE = re.compile(
    r"(?P<pref>not (?:a )?(?:required|mandatory|necessary|essential|a must)|"
    r"nice[- ]to[- ]haves?|\bbonus\b|(?:\ba|\bbig|\bhuge|\bmajor|\bdefinite|\bstrong|"
    r"\badded|\bextra)\s+plus\b|\bpluses\b|\bprefer(?:red|ably|able)?\b|\bpreference\b|"
    r"\bideally\b|\bdesir(?:able|ed)\b|\badvantage(?:ous)?\b|\boptional\b|"
    r"\bwould be (?:great|nice|helpful|beneficial)\b|\bbeneficial\b)|"
    r"(?P<req>\bmust\b|\brequired\b|\bminimum\b|\bmandatory\b|\brequirement\b|\bat least\b)",
    re.IGNORECASE,
)
# A sentence ends at ". " (not after a one-letter abbreviation such as "B.S." or "e.g."),
# "!", "?", ";", a line break or an inline bullet.
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)(?<![.\s(][A-Za-z][.!?])|[;\n\u2022]|\s\*\s")
_CLAUSE_END_RE = re.compile(
    r"[.!?](?=\s|$)(?<![.\s(][A-Za-z][.!?])|[;,()\n\u2022]|\s\*\s|\s[-\u2013\u2014]\s"
)
_WINDOW = 300


def statement_bounds(text: str, start: int, end: int, clause: bool = False) -> tuple[int, int]:
    """The sentence, bullet or clause around ``text[start:end]``.

    Parameters
    ----------
    text:
        The text that was read.
    start, end:
        A span of it.
    clause:
        Stop at commas and parentheses too.

    Returns
    -------
    tuple of int
        ``(lo, hi)`` with ``lo <= start`` and ``hi >= end``; at most 300 characters either
        side of the span.

    Examples
    --------
    >>> text = "Python. A B.S. in CS, MS preferred; Rust"
    >>> lo, hi = statement_bounds(text, 10, 14)
    >>> text[lo:hi]
    ' A B.S. in CS, MS preferred'
    >>> lo, hi = statement_bounds(text, 10, 14, clause=True)
    >>> text[lo:hi]
    ' A B.S. in CS'
    """
    # a line break always ends a statement; and at most 300 characters either side
    left = max(text.rfind("\n", max(0, start - _WINDOW), start) + 1, start - _WINDOW, 0)
    right = text.find("\n", end, end + _WINDOW)
    right = min(len(text), end + _WINDOW) if right == -1 else right
    starts, ends = _boundaries(text, clause)
    i = bisect_right(ends, start) - 1
    lo = ends[i] if i >= 0 and ends[i] >= left else left
    j = bisect_left(starts, end)
    hi = starts[j] if j < len(starts) and starts[j] < right else right
    return lo, max(hi, end)


# Requirement levels are read for every skill mention of a posting: the boundaries and cues
# of a text are found once (one scan each) and looked up by bisection.
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PUNCT_RE = re.compile(r"[.!?;\n\u2022*]")
_CLAUSE_PUNCT_RE = re.compile(r"[.!?;\n\u2022*,()\-\u2013\u2014]")


@lru_cache(maxsize=32)
def _boundaries(text: str, clause: bool) -> tuple[list[int], list[int]]:
    """Starts and ends of the matches of :data:`_SENTENCE_END_RE` (or
    :data:`_CLAUSE_END_RE`), found with a one-character scan and checked in Python (fast)."""
    starts: list[int] = []
    ends: list[int] = []
    size = len(text)
    for m in (_CLAUSE_PUNCT_RE if clause else _PUNCT_RE).finditer(text):
        i = m.start()
        if ends and i < ends[-1]:
            continue  # inside " * " or " - "
        ch = text[i]
        if ch in ".!?":
            if i + 1 < size and not text[i + 1].isspace():
                continue
            if (
                i >= 2
                and text[i - 1] in _ASCII_LETTERS
                and (text[i - 2] in ".(" or text[i - 2].isspace())
            ):
                continue  # "B.S.", "e.g.", "(a."
            starts.append(i)
            ends.append(i + 1)
        elif ch == "*" or ch in "-\u2013\u2014":
            if 0 < i < size - 1 and text[i - 1].isspace() and text[i + 1].isspace():
                if ends and ends[-1] > i - 1:
                    continue
                starts.append(i - 1)
                ends.append(i + 2)
        else:
            starts.append(i)
            ends.append(i + 1)
    return starts, ends


# Every cue contains one of these; matching :data:`_CUE_RE` only around them is ~10x faster
# than scanning the whole text with it.
_CUE_TRIGGERS = TERMS.add((
    "not ", "nice", "bonus", "plus", "prefer", "ideally", "desir", "advantage", "optional",
    "would be", "beneficial", "must", "requir", "minimum", "mandatory", "at least",
))  # fmt: skip
_WORD_STARTS_RE = re.compile(r"\b\w")


def _cue_matches(text: str) -> list[re.Match[str]]:
    low = lowered(text)
    if len(low) != len(text):  # lower() changed offsets (rare letters such as "İ")
        return list(_CUE_RE.finditer(text))
    starts: set[int] = set()
    positions = TERMS.positions(low)
    # Every cue starts with its trigger, except "a plus", "big plus" ...: only "plus" needs
    # the word starts before it (all triggers do when the text holds letters such as "ı"
    # that match case-insensitively without lowering to the trigger's letters).
    exact = folded(text) is not None
    for trigger in _CUE_TRIGGERS:
        before = trigger == "plus" or not exact
        for at in positions.get(trigger, ()):
            if before:
                # the trigger's word and the words before it ("a big plus")
                starts.update(
                    m.start() for m in _WORD_STARTS_RE.finditer(text, max(0, at - 12), at)
                )
            starts.add(at)
    found: list[re.Match[str]] = []
    end = -1
    for start in sorted(starts):
        if start < end:
            continue
        m = _CUE_RE.match(text, start)
        if m is not None:
            found.append(m)
            end = m.end()
    return found


@lru_cache(maxsize=32)
def _cues(text: str) -> tuple[list[int], list[int], list[bool]]:
    found = [(m.start(), m.end(), m.group("pref") is None) for m in _cue_matches(text)]
    return [a for a, _, _ in found], [b for _, b, _ in found], [v for _, _, v in found]


def _nearest_cue(text: str, start: int, end: int, lo: int, hi: int) -> bool | None:
    starts, ends, values = _cues(text)
    best: tuple[int, bool] | None = None
    for k in range(bisect_left(starts, lo), len(starts)):
        if ends[k] > hi:
            break
        if starts[k] < end and ends[k] > start:
            distance = 0
        else:
            distance = start - ends[k] if ends[k] <= start else starts[k] - end
        if best is None or distance < best[0]:
            best = (distance, values[k])
    return None if best is None else best[1]


def requirement_level(
    text: str,
    start: int,
    end: int,
    section: str,
    *,
    clause: bool = False,
    bounds: tuple[int, int] | None = None,
) -> bool | None:
    """Whether the statement at ``text[start:end]`` is required, preferred or not stated.

    Rules, first match wins:

    1. the span is in a ``preferred`` section → ``False``;
    2. a cue in the same sentence or bullet: "nice to have", "bonus", "a plus", "preferred",
       "prefer", "preferably", "ideally", "desirable", "desired", "advantage", "optional",
       "not required" → ``False``; "must", "required", "minimum", "mandatory", "at least" →
       ``True``. When both kinds occur, the cue nearest to the span wins;
    3. the span is in a ``requirements`` section → ``True``;
    4. otherwise ``None``.

    Parameters
    ----------
    text:
        The text that was read.
    start, end:
        The span of the statement (a skill, degree or years mention).
    section:
        The name of the section that holds the span (:func:`section_at`).
    clause:
        Read cues only in the clause of the span (up to a comma) instead of the whole
        sentence: used when one sentence holds several statements ("High school diploma,
        bachelor's degree preferred").
    bounds:
        Read cues only in ``text[bounds[0]:bounds[1]]`` (it must hold the span): the caller
        knows the part of the sentence that belongs to the statement.

    Returns
    -------
    bool or None
        ``True`` required, ``False`` preferred, ``None`` not stated.

    Examples
    --------
    >>> text = "Experience with Spark is a plus."
    >>> requirement_level(text, 16, 21, "requirements")
    False
    >>> requirement_level("PhD required", 0, 3, "other")
    True
    >>> requirement_level("We use Go.", 7, 9, "summary") is None
    True
    """
    if section == "preferred":
        return False
    lo, hi = bounds if bounds is not None else statement_bounds(text, start, end, clause=clause)
    cue = _nearest_cue(text, start, end, lo, hi)
    if cue is not None:
        return cue
    if section == "requirements":
        return True
    return None


#: Sections whose mentions never count, so their requirement level is not read.
#: Sections whose mentions are stored but never counted (company boilerplate, benefits).
UNCOUNTED_SECTIONS = frozenset({"company", "benefits"})


def mention_levels(
    text: str, sections: list[Section], spans: list[tuple[int, int]]
) -> list[tuple[str, bool | None]]:
    """The section and requirement level of many spans of one text at once.

    Gives for each span what ``section_at(sections, start)`` and ``requirement_level(text,
    start, end, section)`` give, except that spans in ``company`` and ``benefits`` sections
    get ``None`` (boilerplate never counts, so its level is not read). One pass with the
    sentence bounds and cues looked up inline: an extraction reads a level for every skill
    mention, often several hundred per posting.

    Parameters
    ----------
    text:
        The text that was read.
    sections:
        The result of :func:`split_sections` for ``text``.
    spans:
        ``(start, end)`` pairs, in any order.

    Returns
    -------
    list of tuple of (str, bool or None)
        ``(section name, required)`` per span, in the order of ``spans``.

    Examples
    --------
    >>> text = "Requirements:\\nPython\\nSpark a plus\\nBenefits:\\nPython courses"
    >>> mention_levels(text, split_sections(text), [(14, 20), (21, 26), (44, 50)])
    [('requirements', True), ('requirements', False), ('benefits', None)]
    """
    if not spans:
        return []
    size = len(text)
    sec_starts = [s.start for s in sections]
    first = sections[0].start if sections else 0
    last = sections[-1].end if sections else 0
    b_starts, b_ends = _boundaries(text, False)
    n_bounds = len(b_starts)
    c_starts, c_ends, c_values = _cues(text)
    n_cues = len(c_starts)
    rfind, find = text.rfind, text.find
    out: list[tuple[str, bool | None]] = []
    append = out.append
    for start, end in spans:
        if not sections or start < first or start >= last:
            name = "other"
        else:
            index = bisect_right(sec_starts, start) - 1
            name = sections[index].name if index >= 0 else "other"
        if name in UNCOUNTED_SECTIONS:
            append((name, None))
            continue
        if name == "preferred":
            append((name, False))
            continue
        # statement_bounds(text, start, end), inlined. Every line break lies inside a
        # boundary, so when the span is not inside one and the nearest boundaries are within
        # the window, they are the bounds and the line-break searches can be skipped.
        i = bisect_right(b_ends, start) - 1
        if (
            i >= 0
            and b_ends[i] >= start - _WINDOW
            and (i + 1 >= n_bounds or b_starts[i + 1] >= start)
        ):
            lo = b_ends[i]
        else:
            left = max(rfind("\n", max(0, start - _WINDOW), start) + 1, start - _WINDOW, 0)
            lo = b_ends[i] if i >= 0 and b_ends[i] >= left else left
        j = bisect_left(b_starts, end)
        if j < n_bounds and b_starts[j] < end + _WINDOW and (j == 0 or b_ends[j - 1] <= end):
            hi = b_starts[j]
        else:
            right = find("\n", end, end + _WINDOW)
            if right == -1:
                right = min(size, end + _WINDOW)
            hi = b_starts[j] if j < n_bounds and b_starts[j] < right else right
            if hi < end:
                hi = end
        # _nearest_cue(text, start, end, lo, hi), inlined
        cue: bool | None = None
        best = -1
        for k in range(bisect_left(c_starts, lo), n_cues):
            if c_ends[k] > hi:
                break
            if c_starts[k] < end and c_ends[k] > start:
                distance = 0
            else:
                distance = start - c_ends[k] if c_ends[k] <= start else c_starts[k] - end
            if best == -1 or distance < best:
                best, cue = distance, c_values[k]
        if cue is None and name == "requirements":
            cue = True
        append((name, cue))
    return out
