"""Employment types (full time, contract, internship ...) from stated text and titles.

Canonical codes are :data:`EMPLOYMENT_TYPES`: ``full_time``, ``part_time``, ``contract``,
``temporary``, ``internship``, ``freelance``. The reader understands what sources write:

* words and their spellings: "Full Time", "Full-time", "FULLTIME", "FullTime", "full_time",
  "Part time", "Contract", "Contractor", "Contract-to-hire", "Temp", "Temporary",
  "Fixed term", "Seasonal", "Short Term", "Locum", "Intern", "Internship", "co-op",
  "Freelance";
* codes: aijobs.net ``FT``/``PT``/``CT``/``FL`` and schema.org ``FULL_TIME``,
  ``CONTRACTOR``, ``TEMPORARY``, ``INTERN``, ``PER_DIEM``;
* ``permanent``/``perm`` (Adzuna ``ContractTime``, Lever "Permanent"), read as ``full_time``
  unless the text also says part time;
* federal schedules: "Intermittent" is ``part_time``; "Term" (a whole field) ``temporary``;
* HN header fragments ("Full time | Remote", "Full-time, interns/co-ops").

Two-letter codes are read only when the whole field is made of codes ("FT", "FT/CT"), so
"Ft. Lauderdale" or "PT/ET hours" are never employment types.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from roleatlas.records import EMPLOYMENT_LABELS, EMPLOYMENT_TYPES

__all__ = [
    "EMPLOYMENT_LABELS",
    "EMPLOYMENT_TYPES",
    "EmploymentReading",
    "employment_from_text",
    "employment_from_title",
    "parse_employment_type",
    "primary_employment_type",
]

# Most specific first: an internship that is also full time is reported as an internship.
_SPECIFICITY = ("internship", "contract", "temporary", "freelance", "part_time", "full_time")

_CODES = {
    "ft": "full_time",
    "pt": "part_time",
    "ct": "contract",
    "fl": "freelance",
    "tmp": "temporary",
    "fulltime": "full_time",
    "parttime": "part_time",
    "term": "temporary",
}

_WORDS: tuple[tuple[str, str], ...] = (
    (r"full[\s_-]*time|fulltime|permanent|perm", "full_time"),
    (r"part[\s_-]*time|parttime|intermittent|per[\s_-]*diem", "part_time"),
    (
        r"fixed[\s_-]*term(?:\s+contract)?|temporary|temp|seasonal|short[\s_-]*term|locum",
        "temporary",
    ),
    (r"contract(?:[\s_-]*to[\s_-]*(?:hire|perm(?:anent)?))?|contractors?|c2h|1099", "contract"),
    (r"intern(?:s|ship|ships)?|co-?ops?|working[\s_-]*student|werkstudent", "internship"),
    (r"freelance(?:r|rs)?|free[\s_-]lance", "freelance"),
)
_WORD_RE = re.compile(
    "|".join(f"(?P<{code}_{i}>\\b(?:{pattern})\\b)" for i, (pattern, code) in enumerate(_WORDS)),
    re.IGNORECASE,
)
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CODE_SPLIT_RE = re.compile(r"[\s/,;|+&]+")


def _code_of(group_name: str) -> str:
    return group_name.rsplit("_", 1)[0]


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[str, ...]:
    tokens = [t for t in _CODE_SPLIT_RE.split(text.strip().lower()) if t]
    if tokens and all(t in _CODES for t in tokens):
        found = {_CODES[t] for t in tokens}
    else:
        # "FullTime" (Ashby) and "PartTime" read as two words
        spaced = _CAMEL_RE.sub(" ", text)
        found = set()
        for m in _WORD_RE.finditer(spaced):
            if m.lastgroup:
                found.add(_code_of(m.lastgroup))
        if "part_time" in found and re.search(r"\bperm(?:anent)?\b", spaced, re.IGNORECASE):
            # "Permanent part time": permanent says nothing about hours here
            if not re.search(r"full[\s_-]*time|fulltime", spaced, re.IGNORECASE):
                found.discard("full_time")
    return tuple(code for code in EMPLOYMENT_TYPES if code in found)


def parse_employment_type(text: str | None) -> tuple[str, ...]:
    """Read the employment types a text states.

    Parameters
    ----------
    text:
        An employment-type field or header fragment ("Full-time", "permanent / full_time",
        "FT", "Full time | Remote", "Contract or Permanent").

    Returns
    -------
    tuple of str
        The codes of :data:`EMPLOYMENT_TYPES` that the text names, each once, in canonical
        order (not order of appearance), so that equal statements give equal tuples; ``()``
        when none is named ("N/A", empty).

    Examples
    --------
    >>> parse_employment_type("permanent / full_time")
    ('full_time',)
    >>> parse_employment_type("Part-time/Full-Time")
    ('full_time', 'part_time')
    >>> parse_employment_type("CT")
    ('contract',)
    >>> parse_employment_type("Full time, interns/co-ops")
    ('full_time', 'internship')
    >>> parse_employment_type("N/A")
    ()
    """
    if not text or not text.strip():
        return ()
    return _parse(text[:500])


def primary_employment_type(types: tuple[str, ...] | list[str]) -> str | None:
    """The most specific of several employment types.

    Specificity: internship > contract > temporary > freelance > part_time > full_time. A
    full-time internship is an internship; "Full-time or Contract" is a contract offer.

    Parameters
    ----------
    types:
        Codes as :func:`parse_employment_type` returns them; unknown codes are ignored.

    Returns
    -------
    str or None
        One code, or ``None`` when ``types`` has no known code.

    Examples
    --------
    >>> primary_employment_type(("full_time", "internship"))
    'internship'
    >>> primary_employment_type(()) is None
    True
    """
    for code in _SPECIFICITY:
        if code in types:
            return code
    return None


# In a title only explicit forms count: "Contract Specialist" is a role, "(Contract)" a type.
_TITLE_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:intern(?:s|ship|ships)?|co-?op|student trainee|summer student|working student|"
            r"werkstudent)\b",
            re.IGNORECASE,
        ),
        "internship",
    ),
    (re.compile(r"\bfreelance(?:r)?\b", re.IGNORECASE), "freelance"),
    (
        re.compile(
            r"(?:[(\[|,–—-]\s*|\b)(?<!term )(?:contract(?:[\s-]*to[\s-]*hire)?|contractor|c2h)"
            r"\s*(?:role|position|basis|only)?\s*(?=$|[)\]|,–—-])|"
            r"\bcontract[\s-]*to[\s-]*hire\b|\b\d+[\s-]*months?\s+"
            r"contract\b",
            re.IGNORECASE,
        ),
        "contract",
    ),
    (
        re.compile(
            r"\b(?:temporary|temp|fixed[\s-]*term|seasonal|locum|term\s+nte|temp\s+promotion)\b",
            re.IGNORECASE,
        ),
        "temporary",
    ),
    (re.compile(r"\bpart[\s-]*time\b", re.IGNORECASE), "part_time"),
    (re.compile(r"\bfull[\s-]*time\b", re.IGNORECASE), "full_time"),
)


# Words every pattern of _TITLE_RES contains (lowercased): an ASCII title without any of them
# states no employment type, which spares the six searches for most titles.
_TITLE_HINTS = (
    "intern", "coop", "co-op", "student", "freelance", "contract", "c2h", "temp", "fixed",
    "seasonal", "locum", "term", "part", "full",
)  # fmt: skip


def employment_from_title(title: str | None) -> str | None:
    """The employment type a job title states, if any.

    Only explicit forms count: "Cloud Consultant Intern", "Student Trainee (Economics)",
    "Data Engineer - Contract", "Economic Assistant (Spanish) - Part-time", "(Term NTE 4
    Years)", "Freelance Writer". Role names that contain the words ("Contract Specialist",
    "Contracts Manager", "Internal Auditor") give ``None``.

    Parameters
    ----------
    title:
        A job title.

    Returns
    -------
    str or None
        The most specific code found, or ``None``.

    Examples
    --------
    >>> employment_from_title("Cloud Consultant Intern")
    'internship'
    >>> employment_from_title("Data Engineer 5 - Contract")
    'contract'
    >>> employment_from_title("Contract Specialist") is None
    True
    """
    if not title:
        return None
    title = title[:500]
    if title.isascii():  # case-insensitive matching of ASCII text is plain lowercasing
        low = title.lower()
        if not any(hint in low for hint in _TITLE_HINTS):
            return None
    found = [code for pattern, code in _TITLE_RES if pattern.search(title)]
    return primary_employment_type(tuple(found))


# --- employment type stated in a description -----------------------------------------------

_TYPE_WORDS = (
    r"full[\s-]?time|part[\s-]?time|permanent|contract(?:[\s-]to[\s-]hire)?|contractor|"
    r"temporary|temp|fixed[\s-]term|freelance|seasonal|internship|intern|co-?op|locum"
)
# "Job Type: Full-time", "Employment type - Contract", "Type of contract: B2B", "Schedule:".
_LABEL_RE = re.compile(
    r"(?:^|\n)[^\S\n]*[-*•]?[^\S\n]*(?:(?:job|employment|position|contract|work|engagement|"
    r"role|hire|opportunity|time|work)[^\S\n]*types?|type[^\S\n]+of[^\S\n]+(?:employment|"
    r"contract|position|role|job)|forms?[^\S\n]+of[^\S\n]+(?:employment|cooperation)|"
    r"employment|schedule|job[^\S\n]+status|status)[^\S\n]*[:\-–][^\S\n]*"
    r"(?P<value>[^\n]{2,80})"
    # a label alone on its line, the value on the next: "Schedule\nFull Time"
    r"|(?:^|\n)[^\S\n]*(?:(?:job|employment|position|time|work)[^\S\n]+types?|schedule)"
    r"[^\S\n]*:?[^\S\n]*\n[^\S\n]*(?P<next>[^\n]{2,40})(?=\n|$)",
    re.IGNORECASE,
)
# "this full-time position", "on a permanent basis", "a 6-month contract role", "UoP".
_PHRASE_RE = re.compile(
    rf"\b(?P<value>(?:\d+[\s-]*(?:months?|weeks?)[\s-]+)?(?:{_TYPE_WORDS})|b2b)[\s-]+"
    r"(?:(?:w2|1099|employment|remote|hybrid|on-?site|salaried|paid|summer|research)[\s-]+)?"
    r"(?:position|role|opportunity|job|contract|basis|employment|assignment|vacancy|post|"
    r"engagement|internship|cooperation|hire|gig|hours|shifts?|sessions?)\b"
    r"(?!\s+(?:experience|management|review|negotiation|law|manager|specialist|lifecycle))"
    # unambiguous on their own
    r"|\b(?P<alone>contract[\s-]to[\s-]hire|c2h)\b"
    # "seeking a full-time Product Owner", "hiring a part-time designer"
    r"|\b(?:seeking|hiring|looking\s+for|recruiting)\s+(?:an?\s+|two\s+|several\s+)?"
    rf"(?:experienced\s+|talented\s+)?(?P<hired>{_TYPE_WORDS})\b",
    re.IGNORECASE,
)
_INTERNSHIP_RE = re.compile(
    r"\b(?:this|the|our|paid|summer|fall|spring|winter|\d+[\s-]*(?:month|week))[\s-]+"
    r"intern(?:ship)?(?:\s+(?:position|role))?\b(?!\s+(?:experience|projects?\b|program))",
    re.IGNORECASE,
)
_POLISH_FT_RE = re.compile(r"\bUoP\b|umow[aęy]\s+o\s+prac[eę]|\bemployment\s+contract\b", re.I)
_BOILERPLATE_RE = re.compile(
    r"eligib|equal\s+opportunity|benefits?\s+(?:for|to)\s|applications\s+from|people\s+seeking",
    re.IGNORECASE,
)
# Words just before a phrase that make it about something else: "does not create an
# employment contract", "enrolled in a full-time degree", "2+ years full time employment".
_NOT_THIS_JOB_RE = re.compile(
    r"\b(?:not|no|nor|education|degree|enrolled|student|school|studies|years?|yrs)\b[^.;\n]*$",
    re.IGNORECASE,
)
# A short line that is only an employment statement: "Full Time", "Contractor - W2".
_LINE_FILLER = frozenset(
    "w2 w-2 1099 c2c corp to hire only position role job basis remote hybrid onsite on-site "
    "office schedule employment type and or with benefits months month weeks week".split()
)
_LINE_SPLIT_RE = re.compile(r"[\s,/&|()\[\]:;.–—-]+")
# Where a posting's own statement usually sits; past it, phrases read as less sure.
_HEAD_CHARS = 800


@dataclass(frozen=True, slots=True)
class EmploymentReading:
    """An employment type read from free text: the code, the words that state it, how sure
    the reader is, and the rule (``text:label``, ``text:phrase``, ``text:line``)."""

    type: str
    evidence: str
    confidence: float
    rule: str


def _types_of(value: str) -> tuple[str, ...]:
    types = set(parse_employment_type(value))
    if re.search(r"\bb2b\b", value, re.IGNORECASE):
        types.add("contract")
    if _POLISH_FT_RE.search(value):
        types.add("full_time")
    return tuple(code for code in EMPLOYMENT_TYPES if code in types)


def _short_line_types(line: str) -> tuple[str, ...]:
    stripped = line.strip(" \t-*•#")
    if not stripped or len(stripped) > 50:
        return ()
    rest = _WORD_RE.sub(" ", _CAMEL_RE.sub(" ", stripped))
    words = [w for w in _LINE_SPLIT_RE.split(rest.lower()) if w and not w.isdigit()]
    if any(w not in _LINE_FILLER for w in words):
        return ()
    return parse_employment_type(stripped)


def _clip_evidence(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return " ".join(line.split())[:160]


# The regexes above cost about 0.2 ms each on a 2,500-character description when run over the
# whole text. On ASCII text they run only near the words every match must hold (found at C
# speed): the phrase patterns within a few words of one of _PHRASE_KEYS, the label pattern on
# the lines around a label word. A test checks the result is that of the whole-text scan.
_PHRASE_KEYS = (
    "full", "part", "perman", "contract", "temp", "fixed", "freelanc", "seasonal", "intern",
    "co-op", "coop", "locum", "b2b", "c2h", "uop", "employment", "seeking", "hiring",
    "looking", "recruiting",
)  # fmt: skip
# a phrase starts at most this far before its key ("hiring an experienced full-time", "a
# 12-month contract") and is decided within this far after it (lookaheads included)
_PHRASE_SPAN = (48, 120)
# a label word as _LABEL_RE needs it, matched at a found key in the lower-cased text
_LABEL_KEYS = ("type", "form", "employment", "schedule", "status")
_LABEL_KEY_RE = re.compile(r"types?\b|forms?\s+of\b|employment\s*[:\-–]|schedule\b|status\b")
# label words written together with the next: "jobtype", "EmploymentType"
_GLUED = ("job", "employment", "position", "contract", "work", "engagement", "role", "hire",
          "opportunity", "time")  # fmt: skip


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _windows(low: str, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    before, after = _PHRASE_SPAN
    spans = []
    for key in keys:
        at = low.find(key)
        while at >= 0:
            if not (at and low[at - 1].isalpha()):  # not inside a word ("department")
                spans.append((max(0, at - before), min(len(low), at + len(key) + after)))
            at = low.find(key, at + 1)
    return _merge(spans)


def _label_windows(low: str) -> list[tuple[int, int]]:
    spans = []
    for key in _LABEL_KEYS:
        at = low.find(key)
        while at >= 0:
            glued = at and low[at - 1].isalpha()
            if (not glued or low[max(0, at - 12) : at].endswith(_GLUED)) and _LABEL_KEY_RE.match(
                low, at
            ):
                # whole lines: from the line before to the line after, newlines included
                start = low.rfind("\n", 0, max(0, low.rfind("\n", 0, at)))
                end = low.find("\n", at)
                end = -1 if end < 0 else low.find("\n", end + 1)
                spans.append((max(0, start), len(low) if end < 0 else end + 1))
            at = low.find(key, at + 1)
    return _merge(spans)


# the words each pattern's matches hold
_KEYS: dict[str, tuple[str, ...]] = {
    "phrase": _PHRASE_KEYS,
    "internship": ("intern",),
    "polish": ("uop", "umow", "employment"),
}


def _scan(pattern: re.Pattern[str], text: str, low: str, kind: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, run only near the words its matches need.

    ``low`` is ``text.lower()`` when that keeps every index, else ``""``: then the whole text
    is scanned.
    """
    if not low:
        yield from pattern.finditer(text)
        return
    windows = _label_windows(low) if kind == "label" else _windows(low, _KEYS[kind])
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


def employment_from_text(text: str | None) -> EmploymentReading | None:
    """The employment type a posting's description states, if it states one.

    Meant for postings whose source gives no employment type. Three kinds of statement
    count, strongest first: a label ("Job Type: Full-time", "Type of contract: B2B",
    "Employment: permanent"); a phrase that says what this job is ("this full-time
    position", "on a permanent basis", "a 6-month contract role", "our summer internship",
    "UoP"/"employment contract" on Polish boards); a short line that is only such words
    ("Full Time", "Contractor - W2"). Boilerplate is skipped: words such as "full-time
    employees", "a full-time degree program" or "equal opportunity ... full-time" are not
    statements about the job. Within a kind the earliest statement wins; phrases and lines
    in the first 800 characters (the headline and first lines) are surer than later ones.

    Parameters
    ----------
    text:
        The description.

    Returns
    -------
    EmploymentReading or None
        The most specific type of the chosen statement (see
        :func:`primary_employment_type`), with the statement as ``evidence``.

    Examples
    --------
    >>> employment_from_text("Great team.\\nJob Type: Contract\\nPay: $50/hour").type
    'contract'
    >>> r = employment_from_text("We are hiring for a 6-month internship in Berlin.")
    >>> r.type, r.rule
    ('internship', 'text:phrase')
    >>> employment_from_text("All full-time employees receive benefits.") is None
    True
    """
    if not text:
        return None
    text = text[:20_000]
    low = text.lower()
    if len(low) != len(text):  # "İ" lowers to two characters: indexes would shift
        low = ""
    for match in _scan(_LABEL_RE, text, low, "label"):
        group = "value" if match.group("value") is not None else "next"
        types = _types_of(match.group(group))
        if types:
            code = primary_employment_type(types)
            assert code is not None
            evidence = _clip_evidence(text, match.start(group), match.end(group))
            return EmploymentReading(code, evidence, 0.9, "text:label")
    hits: list[tuple[int, str, str, str]] = []
    for pattern, kind in (
        (_PHRASE_RE, "phrase"),
        (_INTERNSHIP_RE, "internship"),
        (_POLISH_FT_RE, "polish"),
    ):
        for match in _scan(pattern, text, low, kind):
            evidence = _clip_evidence(text, match.start(), match.end())
            if _BOILERPLATE_RE.search(evidence):
                continue
            if _NOT_THIS_JOB_RE.search(text, max(0, match.start() - 45), match.start()):
                continue
            groups = match.groupdict()
            value = groups.get("value") or groups.get("alone") or groups.get("hired")
            value = value or match.group()
            types = _types_of(value) or (("internship",) if pattern is _INTERNSHIP_RE else ())
            code = primary_employment_type(types)
            if code is not None:
                hits.append((match.start(), code, evidence, "text:phrase"))
    if hits:
        start, code, evidence, rule = min(hits)
        return EmploymentReading(code, evidence, 0.85 if start < _HEAD_CHARS else 0.75, rule)
    offset = 0
    # later lines are list items, not headers; "A | B | Full-Time, Onsite" headers count
    for line in re.split(r"\n|\s\|\s", text[:_HEAD_CHARS]):
        types = _short_line_types(line)
        if types:
            code = primary_employment_type(types)
            assert code is not None
            return EmploymentReading(code, " ".join(line.split()), 0.8, "text:line")
        offset += len(line) + 1
    return None
