"""What a résumé says: skills, degrees, positions and years of experience, each with its line.

:func:`extract_resume` reads plain text (as :mod:`roleatlas.resume.read` produces it) into a
:class:`~roleatlas.resume.model.Resume`. Nothing is inferred beyond the text: every item quotes
the 1-based line it came from.

What is read
------------
* **Sections.** A short line that is a known heading ("WORK EXPERIENCE", "## Education",
  "Technical Skills:") starts a section (``work``, ``education``, ``skills``, ``projects``,
  ``other``); lines before the first heading are the ``header``.
* **Skills and tools**: the posting extractor (:func:`~roleatlas.pipeline.extract.skills.
  default_matcher`, the same catalog and rules) over the whole text; one
  :class:`~roleatlas.resume.model.ResumeSkill` per catalog skill, quoting the first line that
  names it, with the skill's first ESCO URI when the catalog links one. Headings, the
  employer pieces of a position line, date ranges ("– Present" followed by "Research on ..."
  is not "present research") and domain words that end an organisation's name ("Northgrove
  Logistics", "Healthcare Partners") name no skill.
* **Degrees**: the posting degree words (:mod:`roleatlas.pipeline.extract.education`) plus the
  résumé spellings postings rarely use (B.Tech, B.E./BE, BCA, BBA, B.Com, M.Tech, M.E., MCA,
  M.Com, PGDM, "Bachelor/Master of ...", "Post Graduate", HSC/SSC/CBSE/12th, "Higher/Senior
  Secondary"). The field is the first field word after the degree on its line, normalized to
  :data:`~roleatlas.pipeline.extract.education.FIELDS` ("Electronics" and "Mechanical" read as
  engineering). Lines of the work and projects sections are skipped (a job description that
  names an MBA is not a degree held). "Pursuing", "expected", "in progress" or an end date
  after ``today`` mark a degree ``in_progress``. One item per (level, field).
* **Positions.** A date range ("Jan 2019 – Present", "2017-2020", "03/2018 - 06/2021",
  "July 2011 to December 2014", "2019.03 – now") outside the education section dates a
  position. Its title is the most title-like piece of the range's line or of the three lines
  before it (then one line after): a catalog role (:func:`~roleatlas.pipeline.normalize.title.
  match_title`) beats a phrase ending in a title word (engineer, analyst, intern ...); lines
  with e-mail addresses, URLs or more than 10 words are never titles. ``current`` is set by
  "Present", "Current", "Now", "Till date" and the like. The header's first title-like line
  ("Senior Data Scientist - Acme") is kept apart as ``Resume.headline``.
* **Years of experience** (:func:`experience_years`): the union of the dated positions' spans,
  overlaps counted once, up to ``today``. A month is counted whole ("Jan 2019 – Mar 2019" is 3
  months); a year without a month reads as its middle (so "2017-2020" is 3 years) and a range
  inside one year as 4 months.
* **Stated years**: "5+ years of experience", "total experience of 4.5 years", "Experience: 3
  Years 6 Months", "18 months of experience"; the largest statement with "total"/"overall",
  else the largest one.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from roleatlas.pipeline.extract.education import FIELDS, _degree_matches, _is_degree
from roleatlas.resume.model import Evidence, Resume, ResumeDegree, ResumeJob, ResumeSkill

__all__ = [
    "degree_of_line",
    "experience_years",
    "extract_resume",
    "parse_date_range",
    "section_kinds",
    "stated_years",
    "title_role",
]

# ------------------------------------------------------------------------------ sections

_HEADINGS: dict[str, str] = {}
for _kind, _words in {
    "work": """experience|work experience|professional experience|employment|employment history|
        work history|career history|professional background|relevant experience|internships|
        internship|internship experience|experience summary|professional summary of experience|
        career|industry experience|positions held|positions|work|employment details|
        organizational experience|organisational experience|company details|research experience|
        teaching experience|professional experience and projects|experience details""",
    "education": """education|educational qualification|educational qualifications|academic
        qualification|academic qualifications|qualifications|qualification|academics|academic
        background|academic details|academic profile|education and training|education &
        training|educational background|educational details|scholastic profile|education details|
        academic credentials|degrees""",
    "skills": """skills|technical skills|key skills|core competencies|competencies|technologies|
        tools|it skills|skill set|skillset|technical proficiency|technical expertise|expertise|
        skills and tools|skills & tools|tools and technologies|tools & technologies|software skills|
        programming languages|languages and tools|technical skill set|areas of expertise|
        computer skills|additional skills|technical summary""",
    "projects": """projects|academic projects|personal projects|key projects|project details|
        project experience|projects undertaken|selected projects|side projects|project""",
    "other": """summary|profile|professional summary|career objective|objective|about me|about|
        certifications|certification|certificates|courses|training|trainings|awards|honors|
        honours|achievements|accomplishments|publications|additional information|personal
        details|personal information|personal profile|languages|interests|hobbies|volunteer|
        volunteering|references|declaration|strengths|extracurricular activities|activities|
        links|contact|professional certifications|awards and honors|patents|talks|
        personal data""",
}.items():
    for _word in _words.split("|"):
        _HEADINGS[" ".join(_word.split())] = _kind

_HEADING_STRIP_RE = re.compile(r"^[#*_=\-\s•▪■●◆◦>|]+|[#*_=\-\s:•▪■●◆◦|]+$")


def _heading(line: str) -> str | None:
    """The section a heading line starts, or ``None`` when the line is not a heading."""
    if len(line) > 60:
        return None
    key = _HEADING_STRIP_RE.sub("", line).casefold().replace("&amp;", "&")
    key = " ".join(key.split())
    return _HEADINGS.get(key)


def section_kinds(lines: list[str]) -> list[str]:
    """The section of each line: ``header`` until the first heading, then the heading's kind.

    Examples
    --------
    >>> section_kinds(["Ada", "EXPERIENCE", "Data Scientist", "Education:", "BSc"])
    ['header', 'work', 'work', 'education', 'education']
    """
    kinds: list[str] = []
    current = "header"
    for line in lines:
        kind = _heading(line)
        if kind is not None:
            current = kind
        kinds.append(current)
    return kinds


# ------------------------------------------------------------------------------ dates

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "febr": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"


def _date_re(p: str) -> str:
    """A date: "Jan 2019", "January, 2019", "Sept. '19", "2019-03", "03/2018", "2019"."""
    return (
        rf"(?:(?P<{p}mon>{_MONTH})\.?,?\s*(?P<{p}my>(?:19|20)\d{{2}}|['’]\d{{2}})"
        rf"|(?P<{p}ym_y>(?:19|20)\d{{2}})\s*[/.-]\s*(?P<{p}ym_m>\d{{1,2}})(?:[/.-]\d{{1,2}})?(?!\d)"
        rf"|(?<!\d)(?P<{p}my_m>\d{{1,2}})\s*[/.-]\s*(?P<{p}my_y>(?:19|20)\d{{2}})"
        rf"|(?P<{p}y>(?:19|20)\d{{2}}))"
    )


_PRESENT = (
    r"(?P<present>present|current(?:ly)?|now|today|till\s+date|to\s+date|till\s+now|date|"
    r"ongoing|continuing|running)"
)
_RANGE_RE = re.compile(
    r"(?<![\w/.])"
    + _date_re("s_")
    + r"\s*(?:[-–—~→]+|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*(?:"
    + _date_re("e_")
    + "|"
    + _PRESENT
    + r")(?![\w/])",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(
    r"\b(?:since|from)\s+" + _date_re("s_") + r"(?![\w/])(?!\s*(?:[-–—]|to\b))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Range:
    start: str  # ISO "YYYY-MM" or "YYYY"
    end: str | None
    current: bool
    span: tuple[int, int]  # offsets in the line


def _date_of(m: re.Match[str], p: str) -> str | None:
    if m.group(f"{p}mon"):
        month = _MONTHS[m.group(f"{p}mon").lower()]
        year_text = m.group(f"{p}my")
        year = int(year_text) if year_text[0].isdigit() else 2000 + int(year_text[1:])
        if year > date.today().year + 10:
            year -= 100
        return f"{year}-{month:02d}"
    for y, mo in ((f"{p}ym_y", f"{p}ym_m"), (f"{p}my_y", f"{p}my_m")):
        if m.group(y):
            month = int(m.group(mo))
            return f"{m.group(y)}-{month:02d}" if 1 <= month <= 12 else None
    return m.group(f"{p}y")


def parse_date_range(line: str) -> list[_Range]:
    """The date ranges of one line, in order.

    Examples
    --------
    >>> [(r.start, r.end, r.current) for r in parse_date_range("Analyst, Jan 2019 – Present")]
    [('2019-01', None, True)]
    >>> [(r.start, r.end) for r in parse_date_range("03/2018 - 06/2021 | 2014-2016")]
    [('2018-03', '2021-06'), ('2014', '2016')]
    """
    found: list[_Range] = []
    for m in _RANGE_RE.finditer(line):
        start = _date_of(m, "s_")
        if start is None:
            continue
        if m.group("present"):
            word = " ".join(m.group("present").lower().split())
            if word == "date" and not re.search(r"\b(?:till|to)\s*$", line[: m.start("present")]):
                continue
            found.append(_Range(start, None, True, m.span()))
            continue
        if start < "1960":
            continue
        end = _date_of(m, "e_")
        if end is None or end[:4] < start[:4] or (len(end) == len(start) == 7 and end < start):
            continue
        found.append(_Range(start, end, False, m.span()))
    if not found and len(line.split()) <= 12:  # not "baking bread since 1931" prose
        for m in _SINCE_RE.finditer(line):
            start = _date_of(m, "s_")
            if start is not None and start >= "1960":
                found.append(_Range(start, None, True, m.span()))
    return found


def _months(iso: str, *, end: bool) -> float:
    """Month index of an ISO date: a month counts whole; a bare year reads as mid-year."""
    year = int(iso[:4])
    if len(iso) >= 7:
        return year * 12 + int(iso[5:7]) - (0 if end else 1)
    return year * 12 + 6.0


def experience_years(
    jobs: Iterable[ResumeJob], *, today: date | None = None
) -> tuple[float | None, list[Evidence]]:
    """Years of experience: the union of the jobs' dated spans (overlaps once), up to ``today``.

    Returns ``(None, [])`` when no job is dated. The evidence lists the lines whose spans count.

    Examples
    --------
    >>> ev = Evidence(1, "x")
    >>> jobs = [ResumeJob("A", None, "2018-01", "2019-12", False, ev),
    ...         ResumeJob("B", None, "2019-01", None, True, ev)]
    >>> experience_years(jobs, today=date(2021, 1, 1))[0]
    3.0
    """
    today = today or date.today()
    now = today.year * 12 + today.month - 1 + (today.day - 1) / 31
    spans: list[tuple[float, float]] = []
    evidence: list[Evidence] = []
    for job in jobs:
        if job.start is None:
            continue
        lo = _months(job.start, end=False)
        if job.end is None:
            if not job.current:
                continue
            hi = now
        else:
            hi = min(_months(job.end, end=True), now)
        if hi <= lo and len(job.start) == 4 and (job.end is None or len(job.end) == 4):
            lo, hi = lo - 2, lo + 2  # a range inside one year: 4 months around its middle
        if hi <= lo:
            continue
        spans.append((lo, hi))
        if job.evidence not in evidence:
            evidence.append(job.evidence)
    if not spans:
        return None, []
    spans.sort()
    total = 0.0
    cur_lo, cur_hi = spans[0]
    for lo, hi in spans[1:]:
        if lo > cur_hi:
            total += cur_hi - cur_lo
            cur_lo, cur_hi = lo, hi
        else:
            cur_hi = max(cur_hi, hi)
    total += cur_hi - cur_lo
    return round(total / 12, 1), sorted(evidence, key=lambda e: e.line)


# ------------------------------------------------------------------------------ stated years

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_NUM = r"(?:\d{1,2}(?:\.\d{1,2})?|" + "|".join(_NUMBER_WORDS) + r")"
_DURATION = (
    rf"(?P<n>{_NUM})\s*(?:\+|plus)?\s*(?P<unit>years?|yrs?|months?)\.?(?:['’]s?)?"
    r"(?:\s*(?:and|,)?\s*(?P<m>\d{1,2})\s*(?:months?|mos?)\b)?"
)
_EXP_WORDS = (
    r"(?:total|overall|rich|extensive|professional|work|working|industry|industrial|relevant|"
    r"it|hands[- ]on|experience|exp|of|in|the|a|an|over|about|around|nearly|almost|more|than|"
    r"having|with|is|:|-|–)"
)
_STATED_RE = re.compile(
    rf"\b{_DURATION}\s+(?:of\s+)?(?:(?:total|overall|rich|extensive|professional|work|"
    r"industry|industrial|relevant|it|hands[- ]on|cumulative|combined)\s+)*(?P<w1>experience|"
    r"exp\b)"
    rf"|\b(?P<w2>experience|exp\.?)\b(?:\s+{_EXP_WORDS})*?\s*[:\-–]?\s*"
    + _DURATION.replace("P<", "P<b"),
    re.IGNORECASE,
)
_TOTAL_RE = re.compile(r"\b(?:total|overall|cumulative|combined)\b", re.IGNORECASE)


def _years_value(n: str, unit: str, months: str | None) -> float:
    value = float(_NUMBER_WORDS[n.lower()]) if n.lower() in _NUMBER_WORDS else float(n)
    if unit.lower().startswith("m"):
        value /= 12
    if months:
        value += int(months) / 12
    return value


def parse_duration(text: str) -> float | None:
    """Years in a duration ("4.5 years", "18 Months", "3 Years 6 Months", "2yrs").

    Examples
    --------
    >>> parse_duration("3 Years 6 Months"), parse_duration("18 Months "), parse_duration("2yrs.")
    (3.5, 1.5, 2.0)
    """
    m = re.search(_DURATION, text, re.IGNORECASE)
    if m is None:
        return None
    return round(_years_value(m.group("n"), m.group("unit"), m.group("m")), 1)


def stated_years(lines: list[str]) -> tuple[float | None, Evidence | None]:
    """The years of experience a résumé states ("5+ years of experience"), with its line.

    Among the statements, the largest one that says "total" or "overall" wins, else the
    largest; values over 50 years are ignored.
    """
    best: tuple[bool, float, int] | None = None
    for number, line in enumerate(lines, start=1):
        for m in _STATED_RE.finditer(line):
            if m.group("n"):
                value = _years_value(m.group("n"), m.group("unit"), m.group("m"))
            else:
                value = _years_value(m.group("bn"), m.group("bunit"), m.group("bm"))
            if not 0 < value <= 50:
                continue
            key = (bool(_TOTAL_RE.search(line)), value, -number)
            if best is None or key > best:
                best = key
    if best is None:
        return None, None
    line_no = -best[2]
    return round(best[1], 1), Evidence(line_no, lines[line_no - 1].strip())


# ------------------------------------------------------------------------------ titles

_TITLE_WORDS = frozenset(
    """engineer engineers developer developers scientist analyst analysts manager consultant
    intern internship architect administrator admin specialist coordinator associate executive
    officer designer tester programmer director head researcher assistant trainee lead leader
    professor lecturer teacher fellow representative technician supervisor advisor adviser
    owner founder co-founder cofounder cto ceo cfo coo vp president partner accountant auditor
    clerk agent operator controller strategist writer editor instructor tutor postdoc
    postdoctoral expert sde dba qa devops freelancer contractor principal staff member
    secretary counsellor counselor mentor scholar student apprentice faculty economist
    statistician mathematician physicist chemist biologist technologist steward trainer
    accountants support""".split()
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z+#.\-]*")
_NOT_TITLE_RE = re.compile(r"@|https?://|www\.|\.com\b|\d{5,}|\b(?:email|phone|mobile)\b", re.I)
_SPLIT_RE = re.compile(r"\s+[-–—|•·]\s+|\s*[|•·]\s*|\t+|,\s+|\s+at\s+|\s+@\s+|\(|\)|:\s+")
_BULLET_RE = re.compile(r"^[\s*•▪■●◆◦>\-–#]+")


@functools.lru_cache(maxsize=4096)
def title_role(title: str) -> str | None:
    """The catalog role of a title held (``None`` when the catalog has none).

    Examples
    --------
    >>> title_role("Senior ML Engineer"), title_role("Process Specialist")
    ('machine-learning-engineer', None)
    """
    from roleatlas.pipeline.normalize.title import match_title

    return match_title(title).role


_AS_RE = re.compile(
    r"^(?:currently\s+)?(?:working|worked|employed|serving|joined)\s+as\s+(?:an?\s+)?", re.I
)
_PROSE_END = frozenset("a an the with of in on for and or to during from by".split())
_PROSE_RE = re.compile(r"\b(?:committee|during|member of|year|years|responsible)\b", re.I)


def _title_score(piece: str) -> int:
    """3: a catalog role; 2: holds a title word; 0: not a title (or reads as prose)."""
    words = _WORD_RE.findall(piece)
    if not words or len(piece.split()) > 8 or len(piece) > 80:
        return 0
    if words[-1].lower() in _PROSE_END or _PROSE_RE.search(piece):
        return 0
    lowered = [w.lower().strip(".-") for w in words]
    if not (_TITLE_WORDS & set(lowered)):
        return 0
    if title_role(piece) is not None:
        return 3
    return 2


def _candidates(line: str, cut: tuple[int, int] | None = None) -> list[str]:
    if _NOT_TITLE_RE.search(line) or len(line.split()) > 10 and cut is None:
        return []
    if cut is not None:
        line = line[: cut[0]] + " | " + line[cut[1] :]
    line = _BULLET_RE.sub("", line).strip(" *_")
    pieces = [_AS_RE.sub("", p.strip(" *_-–,.;")) for p in _SPLIT_RE.split(line)]
    pieces = [re.sub(r"(?:\s+\S*\d\S*)+$", "", p) for p in pieces]  # "... Engineer 01st"
    return [p for p in pieces if p and not any(c.isdigit() for c in p[:1])]


def _best_title(candidates: Iterable[str]) -> str | None:
    best: tuple[int, str] | None = None
    for piece in candidates:
        score = _title_score(piece)
        if score and (best is None or score > best[0]):
            best = (score, piece)
    return best[1] if best else None


def _job_title(
    lines: list[str], index: int, cut: tuple[int, int], stops: set[int]
) -> tuple[str, int] | None:
    """The title of the position dated on line ``index`` and the 0-based line it is on."""
    title = _best_title(_candidates(lines[index], cut))
    if title is not None:
        return title, index
    seen = 0
    j = index - 1
    found: list[tuple[int, str, int]] = []
    while j >= 0 and seen < 3 and j not in stops:
        if lines[j].strip():
            seen += 1
            piece = _best_title(_candidates(lines[j]))
            if piece is not None:
                found.append((_title_score(piece), piece, j))
        j -= 1
    if found:
        score, piece, j = max(found, key=lambda f: (f[0], f[2]))
        return piece, j
    for j in range(index + 1, min(len(lines), index + 3)):
        if j in stops or not lines[j].strip():
            continue
        piece = _best_title(_candidates(lines[j]))
        if piece is not None:
            return piece, j
        break
    return None


# ------------------------------------------------------------------------------ degrees

_EXTRA_DEGREE_RE = re.compile(
    r"(?P<master>\bM\.?\s?Tech\b\.?|\bMCA\b|\bM\.E\.|\bM\.?\s?Com\b\.?|\bPGDM\b|\bPGDBA\b|"
    r"\bM\.?\s?Pharm\b|\bM\.?\s?Phil\b|\bpost[- ]?graduat(?:e|ion)\b|\bmasters?\s+of\b|"
    r"\bmasters?\s+in\b|\bM\.?S\.?\s+in\b|\bME\b(?=\s*(?:in\b|\(|,|-|–))|"
    r"\bM\.?\s?B\.?\s?A\b)"
    r"|(?P<bachelor>\bB\.?\s?Tech\b\.?|\bB-Tech\b|\bB\.?\s?E\b\.?(?=\s*(?:in\b|\(|,|-|–|$))|"
    r"\bBCA\b|\bBBA\b|\bBBM\b|\bB\.?\s?Com\b\.?|\bB\.?\s?Pharm\b|\bB\.?\s?Arch\b|\bMBBS\b|"
    r"\bbachelors?\s+(?:of|in)\b|\bB\.?\s?Sc\b\.?|\bB\.?S\.?\s+in\b|\bgraduat(?:e|ion)\s+in\b)"
    r"|(?P<phd>\bdoctor of philosophy\b|\bph\.?\s?d\b)"
    r"|(?P<high_school>\bH\.?S\.?C\b\.?|\bS\.?S\.?C\b\.?|\bC\.?B\.?S\.?E\b|\bI\.?C\.?S\.?E\b|"
    r"\b(?:10|12)th\b|\b(?:higher|senior)\s+secondary\b|\bsecondary school\b|"
    r"\bintermediate\b(?=\s*(?:\(|education|board|-|–|,|$))|\bmatriculation\b|\bhigh school\b)",
    re.IGNORECASE,
)
_IN_PROGRESS_RE = re.compile(
    r"\bpursuing\b|\bexpected\b|\bin progress\b|\bongoing\b|\bcurrently\b|\bcandidate\b|"
    r"\b(?:to|till)\s+(?:present|date|now)\b|[-–]\s*present\b",
    re.IGNORECASE,
)
_EXTRA_FIELDS = {
    "electronics": "engineering", "electrical": "engineering", "mechanical": "engineering",
    "civil": "engineering", "telecommunication": "engineering", "instrumentation": "engineering",
    "ece": "engineering", "eee": "engineering", "cse": "computer science",
    "computer applications": "computer science", "computer application": "computer science",
    "computer": "computer science", "commerce": "business", "management studies": "business",
    "human resource": "business", "human resources": "business", "accountancy": "finance",
}  # fmt: skip
_FIELD_WORDS: dict[str, str] = {}
for _study, _names in FIELDS.items():
    if _study.startswith("related"):
        continue
    for _name in _names:
        _FIELD_WORDS.setdefault(_name, _study)
for _name, _study in _EXTRA_FIELDS.items():
    _FIELD_WORDS.setdefault(_name, _study)
_FIELD_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(_FIELD_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_UPPER_ONLY = frozenset({"cs", "it", "mis", "ee", "ece", "eee", "cse"})
_RANK = {"high_school": 1, "associate": 2, "bachelor": 3, "master": 4, "phd": 5}


def _field(text: str) -> str | None:
    for m in _FIELD_RE.finditer(text):
        word = m.group()
        key = " ".join(word.lower().split())
        if key in _UPPER_ONLY and word != word.upper():
            continue
        return _FIELD_WORDS.get(key)
    return None


def _levels(line: str) -> list[tuple[str, int, int]]:
    """``(level, start, end)`` of each degree named on ``line``, in order, not overlapping."""
    found: list[tuple[str, int, int]] = []
    for m in _degree_matches(line):
        group = next(
            (g for g in ("phd", "master", "bachelor", "associate", "high_school") if m.group(g)),
            None,
        )
        if group is not None and _is_degree(line, m, group):
            found.append((group, m.start(), m.end()))
    for m in _EXTRA_DEGREE_RE.finditer(line):
        if any(s < m.end() and m.start() < e for _, s, e in found):
            continue
        group = next(g for g in ("master", "bachelor", "phd", "high_school") if m.group(g))
        found.append((group, m.start(), m.end()))
    found.sort(key=lambda f: f[1])
    return found


def degree_of_line(
    text: str, evidence: Evidence, *, today: date | None = None
) -> ResumeDegree | None:
    """The highest degree named in ``text`` (one line), or ``None``.

    Examples
    --------
    >>> d = degree_of_line("M.Sc. Data Science, 2019", Evidence(3, "M.Sc. Data Science, 2019"))
    >>> (d.level, d.field)
    ('master', 'data science')
    """
    degrees = _line_degrees(text, evidence, today or date.today())
    return max(degrees, key=lambda d: _RANK.get(d.level, 0)) if degrees else None


def _line_degrees(line: str, evidence: Evidence, today: date) -> list[ResumeDegree]:
    levels = _levels(line)
    if not levels:
        return []
    progress = bool(_IN_PROGRESS_RE.search(line))
    for r in parse_date_range(line):
        if r.end is not None and int(r.end[:4]) > today.year:
            progress = True
    out: list[ResumeDegree] = []
    for i, (level, _start, end) in enumerate(levels):
        stop = levels[i + 1][1] if i + 1 < len(levels) else len(line)
        field = _field(line[end:stop]) or (_field(line[end:]) if stop < len(line) else None)
        out.append(ResumeDegree(level, field, evidence, in_progress=progress))
    # "B.Tech/M.Tech in CS": a degree followed directly by another shares its field
    for i in range(len(out) - 1, 0, -1):
        if out[i - 1].field is None and out[i].field is not None:
            gap = line[levels[i - 1][2] : levels[i][1]]
            if len(gap.strip(" /,&-–")) == 0 or gap.strip().lower() in ("or", "and"):
                prev = out[i - 1]
                out[i - 1] = ResumeDegree(prev.level, out[i].field, prev.evidence, prev.in_progress)
    return out


# ------------------------------------------------------------------------------ the résumé


def _evidence(lines: list[str], index: int) -> Evidence:
    return Evidence(index + 1, lines[index].strip())


#: Words that end an organisation's name ("Acme Robotics Pvt Ltd", "Deep Learning Labs").
_ORG_RE = re.compile(
    r"\b(?:[A-Z][\w&'.-]*\s+){1,5}(?:Inc|Ltd|LLC|L\.L\.C|GmbH|Corp|Corporation|Pvt|Limited|"
    r"PLC|Pty|Labs|Co)\b\.?"
)
#: "Company - Acme Robotics", "Employer: …": the rest of the line names an organisation.
_COMPANY_LABEL_RE = re.compile(
    r"^[\s*•▪■●◆◦>\-–]*(?:company|employer|organi[sz]ation|client)(?:\s+name)?\s*[-:–—]\s*",
    re.I,
)
_PIECE_SEP_RE = re.compile(r"\s+[-–—|•·]\s+|\s*[|•·]\s*|\t+|,\s+|\s+@\s+")
_AT_RE = re.compile(r"\s+at\s+")
_PAREN_RE = re.compile(r"\([^()]*\)")


def _company_spans(line: str, title: str | None) -> list[tuple[int, int]]:
    """Spans of ``line`` naming an organisation, not a skill held: on a position line (the
    line of a job's ``title``) every piece but the title ("Title, Company", "Company — Title",
    "Title at Company"; parenthesised notes kept); anywhere, names ending in Inc, Ltd, Labs
    …, and the value of a "Company -" label.

    Examples
    --------
    >>> line = "Machine Learning Engineer, Acme Robotics"
    >>> [line[a:b] for a, b in _company_spans(line, "Machine Learning Engineer")]
    ['Acme Robotics']
    """
    spans = [m.span() for m in _ORG_RE.finditer(line)]
    label = _COMPANY_LABEL_RE.match(line)
    if label:
        spans.append((label.end(), len(line)))
    if title:
        at = title.find(" at ")
        # separators inside parentheses ("Data Scientist (Python, SQL)") split nothing
        flat = _PAREN_RE.sub(lambda m: "(" + "x" * (len(m.group()) - 2) + ")", line)
        cuts = [m.span() for m in _PIECE_SEP_RE.finditer(flat)]
        start = 0
        pieces: list[tuple[int, int]] = []
        for a, b in [*cuts, (len(line), len(line))]:
            pieces.append((start, a))
            start = b
        for a, b in pieces:
            text = line[a:b]
            if title in text or text.strip(" *_-–,.;") in title:
                m = _AT_RE.search(text) if at < 0 else None
                if m is not None and text.find(title) < m.start():
                    spans.append((a + m.end(), b))  # "ML Engineer at Acme Robotics"
                continue
            paren = text.find("(")
            spans.append((a, a + paren if paren >= 0 else b))
    return spans


#: A capitalized word (two characters or more, not an initial "D.") right before a domain
#: word that makes them one name ("Northgrove Logistics"), unless it is a function word or a
#: seniority or a label ("In Healthcare", "Senior Retail Analyst", "Domain Knowledge Retail").
_NAME_BEFORE_RE = re.compile(r"(?<![\w&'’.-])([A-Z][\w&'’.-]*\w) $")
_NOT_NAME_WORDS = frozenset(
    """a an the and or of in at for from to on by with into across within including our my
    their his her senior sr junior jr lead head chief principal staff associate assistant
    global vp domain domains knowledge industry industries sector sectors expertise experience
    skills area areas""".split()
)
#: A word after a domain word that makes it an organisation's name ("Healthcare Partners").
_ORG_WORD_AFTER_RE = re.compile(
    r"[ \t]+(?=[A-Z])(?i:group|partners|solutions|holdings|company|corporation|corp|inc|ltd|"
    r"llc|gmbh|ab|ag|sa|labs?|agency|network|systems|technologies|associates|ventures|capital|"
    r"international|co)\b"
)
#: A name goes on ("Reverse Logistics Application", "Walmart Retail Sales Forecasting"): a
#: title-case phrase, not an employer, whose names end in their domain word.
_NAME_GOES_ON_RE = re.compile(r"[ \t]+[A-Z]")


def _in_org_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalized mention ``text[start:end]`` ends an organisation's name: right
    after another capitalized word and not followed by one ("Northgrove Logistics, Malmö",
    "Acme Financial Services"), or followed by a company word ("Healthcare Partners").

    Examples
    --------
    >>> text = "Data Scientist\\nNorthgrove Logistics, 2017 – 2019"
    >>> _in_org_name(text, 26, 35), _in_org_name("In Logistics, ...", 3, 12)
    (True, False)
    >>> _in_org_name("Reverse Logistics Application", 8, 17)
    False
    """
    if not text[start : start + 1].isupper():
        return False
    if _ORG_WORD_AFTER_RE.match(text, end):
        return True
    if _NAME_GOES_ON_RE.match(text, end):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    before = _NAME_BEFORE_RE.search(text, line_start, start)
    return before is not None and before.group(1).casefold() not in _NOT_NAME_WORDS


def _skills(
    text: str, lines: list[str], titles: dict[int, str | None] | None = None
) -> list[ResumeSkill]:
    from roleatlas.pipeline.extract.skills import default_matcher

    matcher = default_matcher()
    catalog = matcher.catalog_
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    seen: set[str] = set()
    out: list[ResumeSkill] = []
    masked: dict[int, list[tuple[int, int]]] = {}
    for start, end, skill_id, _conf in matcher.spans(text):
        if skill_id in seen:
            continue
        skill = catalog.get(skill_id)
        if skill is None:
            continue
        index = bisect.bisect_right(starts, start) - 1
        if _heading(lines[index]) is not None:
            continue  # a section heading ("PUBLICATIONS", "Skills") names no skill held
        if index not in masked:
            masked[index] = _company_spans(lines[index], (titles or {}).get(index)) + [
                r.span for r in parse_date_range(lines[index])
            ]
        at = start - starts[index]
        if any(a <= at < b for a, b in masked[index]):
            continue  # "Acme Robotics" is where they worked, "Present" is a date
        if skill.category == "domain" and _in_org_name(text, start, end):
            continue  # "Northgrove Logistics" is an employer, not a domain known
        seen.add(skill_id)
        out.append(
            ResumeSkill(
                skill=skill.id,
                label=skill.name,
                category=skill.category,
                esco_uri=skill.esco[0] if skill.esco else None,
                evidence=_evidence(lines, index),
            )
        )
    return out


def _degrees(lines: list[str], kinds: list[str], today: date) -> list[ResumeDegree]:
    out: list[ResumeDegree] = []
    seen: set[tuple[str, str | None]] = set()
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind in ("work", "projects") or not line.strip() or len(line) > 300:
            continue
        for degree in _line_degrees(line, _evidence(lines, index), today):
            key = (degree.level, degree.field)
            if (degree.level, None) in seen and degree.field is None:
                continue
            if key not in seen:
                seen.add(key)
                out.append(degree)
    return out


def _jobs(
    lines: list[str], kinds: list[str], titles: dict[int, str | None] | None = None
) -> list[ResumeJob]:
    stops = {i for i, line in enumerate(lines) if _heading(line) is not None}
    dated = [(i, parse_date_range(line)) for i, line in enumerate(lines)]
    dated = [(i, ranges) for i, ranges in dated if ranges and kinds[i] != "education"]
    if any(kinds[i] == "work" for i, _ in dated):
        # with a work section, only its dates (and the header's) date positions
        dated = [(i, r) for i, r in dated if kinds[i] in ("work", "header")]
    date_lines = {i for i, _ in dated}
    jobs: list[ResumeJob] = []
    for index, ranges in dated:
        if _line_degrees(lines[index], Evidence(0, ""), date.today()):
            continue  # "B.Sc. Physics, 2014-2017" in a résumé without sections
        first = ranges[0]
        found = _job_title(lines, index, first.span, stops | (date_lines - {index}))
        title = found[0] if found is not None else None
        if found is not None and titles is not None:
            titles[found[1]] = found[0]
        evidence = _evidence(lines, index)
        for r in ranges[:1]:
            jobs.append(
                ResumeJob(
                    title=title or "",
                    role=title_role(title) if title else None,
                    start=r.start,
                    end=r.end,
                    current=r.current,
                    evidence=evidence,
                )
            )
    return jobs


def _headline(lines: list[str], kinds: list[str]) -> ResumeJob | None:
    """The title a résumé's header gives its writer ("Senior Data Scientist - Acme")."""
    seen = 0
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind != "header" or seen >= 6:
            return None
        if not line.strip():
            continue
        seen += 1
        if parse_date_range(line):
            continue
        title = _best_title(_candidates(line))
        if title is not None:
            return ResumeJob(title, title_role(title), None, None, False, _evidence(lines, index))
    return None


def extract_resume(text: str, *, format: str = "text", today: date | None = None) -> Resume:  # noqa: A002
    """Read skills, degrees, positions and years of experience out of a résumé's text.

    Parameters
    ----------
    text:
        The résumé as plain text; ``Evidence.line`` numbers index ``text.split("\\n")``.
    format:
        The format it was read from (kept on the result).
    today:
        Reference date for "Present", degrees in progress and years of experience.

    Examples
    --------
    >>> text = "Data Scientist, Acme (2019-03 – 2021-02)\\nPython, SQL\\nMSc Statistics"
    >>> r = extract_resume(text, today=date(2024, 1, 1))
    >>> [s.skill for s in r.skills], r.years_experience, [(d.level, d.field) for d in r.degrees]
    (['python', 'sql', 'statistics'], 2.0, [('master', 'statistics')])
    >>> (r.jobs[0].title, r.jobs[0].role, r.jobs[0].evidence.line)
    ('Data Scientist', 'data-scientist', 1)
    """
    today = today or date.today()
    lines = text.split("\n")
    kinds = section_kinds(lines)
    titles: dict[int, str | None] = {}
    jobs = _jobs(lines, kinds, titles)
    headline = _headline(lines, kinds)
    if headline is not None:
        titles.setdefault(headline.evidence.line - 1, headline.title)
    years, years_evidence = experience_years(jobs, today=today)
    stated, stated_evidence = stated_years(lines)
    resume = Resume(
        text=text,
        format=format,
        skills=_skills(text, lines, titles),
        degrees=_degrees(lines, kinds, today),
        jobs=[job for job in jobs if job.title],
        years_experience=years,
        years_evidence=years_evidence,
        stated_years=stated,
        stated_years_evidence=stated_evidence,
        headline=headline,
    )
    untitled = sum(1 for job in jobs if not job.title)
    if untitled:
        resume.warnings.append(
            f"{untitled} dated position(s) without a recognizable title; their dates still "
            "count towards years of experience."
        )
    if not jobs:
        resume.warnings.append("No dated work history found; years of experience are unknown.")
    return resume
