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
from functools import lru_cache

from roleatlas.records import EMPLOYMENT_LABELS, EMPLOYMENT_TYPES

__all__ = [
    "EMPLOYMENT_LABELS",
    "EMPLOYMENT_TYPES",
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
