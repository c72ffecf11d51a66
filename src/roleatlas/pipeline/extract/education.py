"""Degree requirements read out of a posting's text.

:func:`extract_education` finds each degree a posting asks for and returns one
:class:`~roleatlas.records.EducationRequirement` per degree level and statement (sentence or
bullet); :func:`minimum_degree` reduces them to the lowest level a candidate must hold.

How degrees are read
--------------------
===========  ==============================================================================
level        words
===========  ==============================================================================
phd          PhD, Ph.D., doctorate, doctoral degree, DPhil; JD / Juris Doctor (a professional
             doctorate: BLS files it with doctoral degrees as "doctoral or professional")
master       Master's, Masters, MS, M.S., MSc, MA, MBA, MEng, MPH, MFA; "advanced degree",
             "graduate degree", "postgraduate degree" (the lowest advanced degree is a master's)
bachelor     Bachelor's, BA, BS, B.S., BSc, B.Eng, B.Tech, LLB, undergraduate degree,
             baccalaureate, four-year / college / university degree; a bare "degree in X",
             "relevant / quantitative degree", "degree required" or "degree holder"
             (confidence 0.6) when the statement names no other degree
associate    Associate's degree, Associate of Arts/Science, AA/AAS, two-year degree
high_school  high school diploma / education / graduate, GED, secondary school
none         "no degree required", "degree not required", "without a degree"
===========  ==============================================================================

* The bare abbreviations BA, BS, MA and MS count only in a degree context: next to another
  degree ("BA/BS", "MS or PhD"), or followed by "degree", "in", "from", "with", "required",
  "preferred", "or", a slash or the end of the statement. So "MS Excel", "MS SQL Server",
  "Boston, MA" and "BA team" are not degrees.
* Statements about being a student ("currently enrolled in a Bachelor's program", "pursuing
  an MBA", "PhD students", "graduating in 2019") and mentions in ``company``/``benefits``
  sections ("tuition reimbursement towards a Master's") are not requirements and are skipped.
* ``BS/MS/PhD in CS`` gives three requirements (bachelor, master, phd) with the same fields;
  :func:`minimum_degree` reads it as "at least a bachelor's".
* ``or_equivalent`` is set when the statement accepts experience instead of the degree: "or
  equivalent (practical / work / professional) experience", "equivalent combination of
  education and experience", "in lieu of a degree", or a bare "or equivalent" after a
  bachelor's or higher (confidence 0.8); also when another statement of the posting accepts
  experience instead ("Experience accepted in lieu of degree"). "High school diploma or
  equivalent" (a GED) and "or foreign equivalent" (a degree) do not set it.
* Required or preferred comes from :func:`~roleatlas.pipeline.sections.requirement_level`; when
  one statement names several degrees, each reads the cues between the degree before it and
  the degree after it ("High school diploma or GED, undergraduate degree preferred": the
  diploma is required, the degree preferred); degrees joined by "/" or "or" ("MS/PhD
  preferred") share their cues.

Fields of study are normalized to :data:`FIELDS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from roleatlas.pipeline._terms import TERMS, non_overlapping, term_key
from roleatlas.pipeline.sections import (
    Section,
    folded,
    lowered,
    requirement_level,
    section_at,
    split_sections,
    statement_bounds,
)
from roleatlas.records import DEGREE_LEVELS, EducationRequirement

__all__ = ["FIELDS", "extract_education", "minimum_degree"]

_RANK = {level: i for i, level in enumerate(DEGREE_LEVELS)}

_APOS = r"(?:'s|\u2019s|s)?"
_DEGREE_RE = re.compile(
    # phd
    r"(?P<phd>\b[Pp][Hh]\.?\s?[Dd]\b\.?(?:'?s\b)?|\bPHD\b|(?i:\bdoctorate\b|\bdoctoral degree\b|"
    r"\bd\.?phil\b|\bjuris doctor\b)|\bJ\.D\.|\bJD\b(?=\s*(?:degree|or equivalent|/|,? or\b))|"
    r"(?i:\bdoctor of)(?! medicine)|博士)"
    # master
    rf"|(?P<master>(?i:\bmaster{_APOS}(?= degree|\s+(?:of|in)\b)|(?<!scrum )(?<!agile )\bmasters\b"
    r"(?=\s*(?:degree|in\b|of\b|or\b|and\b|/|,|\+|\)|preferred|required|level|program|\.|;|$))|"
    r"\bmaster['\u2019]s\b|"
    r"\bm\.?sc\b\.?|\bmba\b|\bm\.eng\b|\bmeng\b|\bmphil\b|\bmph\b|\bmfa\b|"
    r"\b(?:advanced|graduate|post-?graduate|higher|postgraduate) degree|"
    r"\bgraduate-level degree)|\bM\.S\.?|\bM\.A\.|\bMS\b|\bMA\b|修士)"
    # bachelor
    rf"|(?P<bachelor>(?i:\bbachelor{_APOS}|\bbaccalaureate\b|\bundergraduate degree\b|"
    r"\bb\.?sc\b\.?|\bb\.eng\b|\bbeng\b|\bb\.?tech\b|\bllb\b|\b(?:four|4)[- ]year (?:college |"
    r"university )?degree|\bcollege degree\b|\buniversity degree\b)|\bB\.S\.?|\bB\.A\.?|\bBS\b|"
    r"\bBA\b|\bB\.E\.|学士)"
    # associate
    rf"|(?P<associate>(?i:\bassociate{_APOS} degree\b|\bassociate{_APOS} of (?:arts|science|"
    r"applied)|\bassociates?\b(?= or bachelor| degree)|\b(?:two|2)[- ]year (?:college )?degree)"
    r"|\bA\.A\.S?\.?|\bAAS\b)"
    # high school
    r"|(?P<high_school>(?i:\bhigh[- ]school(?= diploma| degree| graduate| education| "
    r"equivalen|\s*/|\s+or\b|\s*\(|\s*$|\s*[,.;])|\bGED\b|\bsecondary school\b|\bHS diploma\b))"
    # no degree
    r"|(?P<none>(?i:\bno (?:college |university |formal )?degrees? (?:is |are )?(?:required|"
    r"necessary|needed)|\bdegrees? (?:is |are )?not (?:required|necessary|needed)|"
    r"\bwithout a (?:college |university )?degree\b|\bdegree optional\b))"
    # a bare degree
    r"|(?P<degree>(?i:\b(?:a|relevant|related|tertiary|technical|academic|appropriate|"
    r"science|stem|quantitative|engineering|computer science|business)\s+degree\b|"
    r"\bdegree(?= in\b| or equivalent| from an? accredited| holder|\s*(?:is )?required)))"
)
_LEVEL_GROUPS = ("phd", "master", "bachelor", "associate", "high_school", "none", "degree")

# Abbreviations that also mean other things (MS Excel, Boston MA, BA team).
_AMBIGUOUS = frozenset({"MS", "MA", "BS", "BA", "M.S", "B.S", "B.A", "JD"})
_ABBREV_AFTER_RE = re.compile(
    r"(?:'s|\u2019s)?\s*(?:/|\bor\b|\band\b|&|,\s*(?:[BM]\.?[AS]|Ph|MBA|or)|\bdegrees?\b|\bin\b|"
    r"\bfrom\b|\bwith\b|\brequired\b|\bpreferred\b|\bis\b|\bcandidates?\b|\bholders?\b|"
    r"\blevel\b|\bplus\b|\+|\(|\bprogram|\.\s|\.?$|;|\n|-\s|\u2013|:)"
)
_STATE_RE = re.compile(r"\b[A-Z][a-z]+\s*,\s*$")
_STRONG_AFTER_RE = re.compile(
    r"(?:'s|\u2019s)?\s*(?:degree|in\b|/|or\b|preferred|required|\+|from\b)", re.IGNORECASE
)
_ENROLLED_RE = re.compile(
    r"\benroll(?:ed|ing)\b|\bpursuing\b|\bstudents?\b|\bcurrently (?:in|attending|working "
    r"towards?)\b|\bgraduating\b|\bexpected graduation\b|\bworking towards?\b|\bcandidates? "
    r"for\b|\bin progress\b|\bprogram(?:me)? (?:upon|after)\b|\breturn(?:ing)? to (?:the|an|a) "
    r"(?:degree |\w+ )?program|\bnew grads? program|"
    r"\b(?:PhD|Ph\.D\.?|MBA|masters?|bachelors?|undergrad(?:uate)?)\s+(?:level\s+)?"
    r"(?:intern|interns|internship|residency|researcher intern)\b",
    re.IGNORECASE,
)
_NOT_REQUIREMENT_RE = re.compile(
    r"tuition|reimburse|scholarship|sponsor(?:ship)? (?:for|of) (?:a |your )?(?:master|phd)|"
    r"team (?:of|includes|with) (?:\w+ ){0,3}ph\.?d|founded by|our (?:team|founders|staff)",
    re.IGNORECASE,
)
_EQUIVALENT_RE = re.compile(
    r"equivalent (?:practical |professional |relevant |related |work |industry |job[- ]related "
    r"|technical |military |hands-on )*(?:experience|work)|equivalent combination|"
    r"combination of [\w ,]{0,40}(?:education|degree|training)[\w ,]{0,40}experience|"
    r"in lieu of (?:a |the )?(?:degree|education|bachelor)|experience in lieu|"
    r"or (?:relevant|related|comparable|commensurate|equivalent|significant) (?:work |"
    r"professional |industry |practical )?experience|(?:years|experience) (?:may|can|will) "
    r"(?:be )?(?:substitute|considered in place|accepted in lieu)|"
    r"equivalent (?:practical )?experience|実務経験でも可|同等の実務経験",
    re.IGNORECASE,
)
_BARE_EQUIVALENT_RE = re.compile(
    r"\bor (?:an? )?equivalent\b(?!\s+(?:\w+\s+)?(?:degree|qualification|diploma|"
    r"certificat|credential|international|foreign|from|in\b))",
    re.IGNORECASE,
)
_SKIP_SECTIONS = frozenset({"company", "benefits", "title"})
# What may stand between two degrees that are alternatives of one requirement.
_JOIN_RE = re.compile(
    r"(?:['\u2019]?s)?\.?\s*(?:degrees?\s*)?(?:/|,|\bor\b|\band\b|&|\+)?\s*"
    r"(?:an?\s+|the\s+)?\Z",
    re.IGNORECASE,
)
_AT_LEAST_BACHELOR = frozenset({"bachelor", "master", "phd"})
_POSTING_EQUIVALENT_RE = re.compile(
    r"in lieu of (?:a |the |an )?(?:[\w'\u2019]+ )?degree|"
    r"combination of (?:relevant )?(?:education|training)[\w ,]{0,40}experience|"
    r"experience (?:may be |will be |is )?(?:accepted|considered|substituted) (?:in lieu of|for|"
    r"in place of) (?:a |the )?(?:[\w'\u2019]+ )?(?:degree|education)|"
    r"equivalent (?:work |practical |professional )?experience (?:will|may|can) be (?:considered|"
    r"accepted|substituted)",
    re.IGNORECASE,
)

#: Fields of study and the words that name them, most specific first.
FIELDS: dict[str, tuple[str, ...]] = {
    "computer science": (
        "computer science", "computer sciences", "cs", "comp sci", "computing",
        "software engineering", "computer information science", "informatics",
    ),
    "data science": (
        "data science", "data analytics", "analytics", "machine learning",
        "artificial intelligence", "data-related", "business analytics",
    ),
    "statistics": ("statistics", "biostatistics", "statistical", "actuarial science"),
    "mathematics": ("mathematics", "math", "maths", "applied mathematics", "applied math"),
    "operations research": ("operations research", "operation research", "operational research",
                            "industrial engineering"),
    "physics": ("physics", "astrophysics"),
    "engineering": (
        "engineering", "electrical engineering", "mechanical engineering", "computer engineering",
        "chemical engineering", "civil engineering", "ee", "ece",
    ),
    "economics": ("economics", "econometrics", "quantitative finance", "financial engineering"),
    "information systems": ("information systems", "information technology", "mis", "it",
                            "information science", "information management"),
    "business": ("business", "business administration", "management", "commerce",
                 "marketing", "supply chain"),
    "finance": ("finance", "accounting", "financial"),
    "life sciences": ("biology", "bioinformatics", "computational biology", "life sciences",
                      "life science", "biomedical", "genetics", "chemistry", "biochemistry",
                      "neuroscience", "epidemiology", "public health"),
    "social sciences": ("psychology", "social science", "social sciences", "sociology",
                        "cognitive science", "anthropology", "political science",
                        "linguistics", "computational linguistics"),
    "human-computer interaction": ("human-computer interaction", "human computer interaction",
                                   "hci", "design", "human factors"),
    "related quantitative field": (
        "quantitative field", "quantitative discipline", "quantitative", "analytical field",
        "analytical discipline", "stem", "related quantitative field", "numerate",
    ),
    "related technical field": ("technical field", "technical discipline", "related technical",
                                "technical degree", "scientific field", "science"),
    "related field": ("related field", "related fields", "related discipline", "related area",
                      "relevant field", "similar field", "related degree"),
}  # fmt: skip

_FIELD_WORDS: dict[str, str] = {}
for _field, _words in FIELDS.items():
    for _word in _words:
        _FIELD_WORDS.setdefault(_word, _field)
_FIELD_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(_FIELD_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# Words that are fields only when written in capitals (CS, IT, MIS, EE, STEM).
_UPPER_ONLY = frozenset({"cs", "it", "mis", "ee", "ece", "stem"})


def _fields(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for m in _FIELD_RE.finditer(text):
        word = m.group()
        key = term_key(word)
        if key in _UPPER_ONLY and word != word.upper():
            continue
        field = _FIELD_WORDS[key]
        if field not in found:
            found.append(field)
    return tuple(found)


# Substrings that every degree match contains: searching them with str.find and matching
# :data:`_DEGREE_RE` only at the word starts around them is ~20x faster than a full scan.
_LOWER_TRIGGERS = TERMS.add((
    "degree", "bachelor", "master", "phd", "ph.d", "doctor", "mba", "b.s", "m.s", "b.a", "m.a",
    "bsc", "msc", "high school", "high-school", "associate", "undergrad", "baccalaureate", "llb",
    "juris", "j.d", "phil", "b.e", "b.tech", "btech", "beng", "meng", "mph", "mfa", "ph. d",
    "secondary school",
    "\u5b66\u58eb", "\u4fee\u58eb", "\u535a\u58eb", "a.a",
))  # fmt: skip
_CASE_TRIGGERS = ("BS", "BA", "MS", "MA", "JD", "AAS", "PHD", "GED", "HS ", "B.E.")
_CASE_TRIGGER_RE = re.compile("|".join(re.escape(t) for t in _CASE_TRIGGERS))
_WORD_START_RE = re.compile(r"[A-Za-z]*\Z")
_WORD_RE = re.compile(r"\b[A-Za-z0-9]")


def _degree_matches(text: str) -> list[re.Match[str]]:
    """The matches of :data:`_DEGREE_RE` in ``text``, leftmost first, not overlapping."""
    starts: set[int] = set()
    low = lowered(text)
    hits: list[tuple[int, bool]] = []  # (offset of a trigger, whether it is "degree")
    positions = TERMS.positions(low)
    for trigger in _LOWER_TRIGGERS:
        offsets = positions.get(trigger)
        if offsets:
            degree = trigger == "degree"
            hits.extend((at, degree) for at in non_overlapping(offsets, len(trigger)))
    # the capitalized triggers: one regex scan is faster than a find per trigger (capitals are
    # rare), searched again from the next character so that overlapping triggers are all found
    m = _CASE_TRIGGER_RE.search(text)
    while m is not None:
        hits.append((m.start(), False))
        m = _CASE_TRIGGER_RE.search(text, m.start() + 1)
    for at, degree in hits:
        # the word start, and up to three words before ("no college degree")
        lo = max(0, at - 40)
        chunk = text[lo:at]
        word = _WORD_START_RE.search(chunk)
        starts.add(lo + word.start() if word is not None else at)
        if degree:
            starts.update(lo + m.start() for m in _WORD_RE.finditer(chunk))
    found: list[re.Match[str]] = []
    end = -1
    for start in sorted(starts):
        if start < end:
            continue
        m = _DEGREE_RE.match(text, start)
        if m is not None and m.end() > m.start():
            found.append(m)
            end = m.end()
    return found


def _is_degree(text: str, m: re.Match[str], level: str) -> bool:
    token = m.group().rstrip(".")
    if token not in _AMBIGUOUS:
        return True
    before = text[max(0, m.start() - 30) : m.start()]
    after = text[m.end() : m.end() + 30]
    degree_after = _STRONG_AFTER_RE.match(after)
    if token in ("MA", "MS") and (
        (_STATE_RE.search(before) and not degree_after) or re.match(r"\s*,?\s*\d{5}", after)
    ):
        # "Boston, MA", "Jackson, MS 39201": a US state
        return False
    if before.endswith(("-", "#", "@", "_")):
        return False  # "#LI-MS" (a recruiter tag), "user@MS"
    if token == "JD":
        return True
    return bool(_ABBREV_AFTER_RE.match(after)) or before.rstrip().endswith("/")


def _cue_windows(
    text: str, lo: int, hi: int, matches: list[re.Match[str]]
) -> list[tuple[int, int]]:
    """For each degree match, the part of its sentence whose cues apply to it.

    Degrees joined by "/", "or", "and" or a comma ("BS/MS/PhD", "Master's or PhD") share one
    window; otherwise each degree owns the text from the previous degree to the next one, so
    "Masters in economics, statistics, or related field required, PhD preferred" reads the
    master's as required and the PhD as preferred.
    """
    units: list[list[int]] = []
    for i, m in enumerate(matches):
        if units and _JOIN_RE.match(text, matches[i - 1].end(), m.start()):
            units[-1].append(i)
        else:
            units.append([i])
    windows: list[tuple[int, int]] = [(lo, hi)] * len(matches)
    for k, unit in enumerate(units):
        start = lo if k == 0 else matches[units[k - 1][-1]].end()
        end = hi if k == len(units) - 1 else matches[units[k + 1][0]].start()
        for i in unit:
            windows[i] = (min(start, matches[i].start()), max(end, matches[i].end()))
    return windows


def extract_education(
    text: str | None, sections: list[Section] | None = None
) -> list[EducationRequirement]:
    """The degrees a posting asks for.

    Parameters
    ----------
    text:
        The posting's description.
    sections:
        The result of :func:`~roleatlas.pipeline.sections.split_sections` for ``text``;
        computed when not given.

    Returns
    -------
    list of EducationRequirement
        In text order, one per degree level and statement. ``text`` is the statement (sentence
        or bullet) it was read from; ``confidence`` is 0.6 for a bare "degree", 0.8 for a
        bare "or equivalent", else 0.9.

    Examples
    --------
    >>> reqs = extract_education("Minimum qualifications:\\nBA/BS degree in Computer Science "
    ...                          "or equivalent practical experience.")
    >>> [(r.level, r.fields, r.or_equivalent, r.required) for r in reqs]
    [('bachelor', ('computer science',), True, True)]
    >>> [r.level for r in extract_education("MS Excel and Power BI. Boston, MA")]
    []
    >>> [(r.level, r.required) for r in extract_education("BS required, MS preferred.")]
    [('bachelor', True), ('master', False)]
    """
    if not text:
        return []
    if sections is None:
        sections = split_sections(text)
    # statement (lo, hi) -> its degree matches, in text order
    statements: dict[tuple[int, int], list[tuple[str, re.Match[str]]]] = {}
    for m in _degree_matches(text):
        level = next(g for g in _LEVEL_GROUPS if m.group(g) is not None)
        if not _is_degree(text, m, level):
            continue
        if section_at(sections, m.start()) in _SKIP_SECTIONS:
            continue
        bounds = statement_bounds(text, m.start(), m.end())
        statements.setdefault(bounds, []).append((level, m))
    found: list[EducationRequirement] = []
    for (lo, hi), matches in statements.items():
        sentence = text[lo:hi]
        if _ENROLLED_RE.search(sentence) or _NOT_REQUIREMENT_RE.search(sentence):
            continue
        if any(group != "degree" for group, _ in matches):
            matches = [(group, m) for group, m in matches if group != "degree"]
        equivalent = bool(_EQUIVALENT_RE.search(sentence))
        bare_equivalent = not equivalent and bool(_BARE_EQUIVALENT_RE.search(sentence))
        fields = _fields(text[matches[0][1].start() : hi])
        windows = _cue_windows(text, lo, hi, [m for _, m in matches])
        seen: set[str] = set()
        for (group, m), window in zip(matches, windows, strict=True):
            if group in seen:
                continue
            seen.add(group)
            level = "bachelor" if group == "degree" else group
            section = section_at(sections, m.start())
            required = requirement_level(text, m.start(), m.end(), section, bounds=window)
            if group == "none":
                found.append(EducationRequirement("none", (), False, True, sentence.strip(), 0.9))
                continue
            or_equivalent = equivalent or (bare_equivalent and _RANK[level] >= _RANK["bachelor"])
            confidence = 0.6 if group == "degree" else 0.8 if bare_equivalent else 0.9
            found.append(
                EducationRequirement(
                    level=level,
                    fields=fields,
                    or_equivalent=or_equivalent,
                    required=required,
                    text=sentence.strip(),
                    confidence=confidence,
                )
            )
    return _posting_equivalence(text, sections, found)


def _posting_equivalence(
    text: str, sections: list[Section], found: list[EducationRequirement]
) -> list[EducationRequirement]:
    """Mark degrees ``or_equivalent`` when another statement of the posting accepts experience
    instead ("Experience accepted in lieu of degree", "3+ years of experience, or equivalent
    combination of education and experience")."""
    if not any(r.level in _AT_LEAST_BACHELOR and not r.or_equivalent for r in found):
        return found
    for m in _posting_equivalent_matches(text):
        if section_at(sections, m.start()) in _SKIP_SECTIONS:
            continue
        return [
            replace(r, or_equivalent=True, confidence=min(r.confidence, 0.8))
            if r.level in _AT_LEAST_BACHELOR and not r.or_equivalent and r.required is not False
            else r
            for r in found
        ]
    return found


# Every match of :data:`_POSTING_EQUIVALENT_RE` starts with one of these (in lower case).
_POSTING_EQUIVALENT_STARTS = TERMS.add(
    ("in lieu of ", "combination of ", "experience ", "equivalent ")
)


def _posting_equivalent_matches(text: str) -> Iterator[re.Match[str]]:
    """``_POSTING_EQUIVALENT_RE.finditer(text)``, matched only where a match can start
    (several times faster than scanning the whole text with the case-insensitive regex)."""
    low = folded(text)
    if low is None:
        yield from _POSTING_EQUIVALENT_RE.finditer(text)
        return
    found = TERMS.positions(low)
    starts = [at for prefix in _POSTING_EQUIVALENT_STARTS for at in found.get(prefix, ())]
    end = -1
    for start in sorted(starts):
        if start < end:
            continue
        m = _POSTING_EQUIVALENT_RE.match(text, start)
        if m is not None:
            end = m.end()
            yield m


def minimum_degree(reqs: list[EducationRequirement]) -> str | None:
    """The lowest degree level a candidate must hold.

    Preferred requirements (``required is False``) are left out; requirements whose level of
    need is not stated (``None``) count as required. Alternatives are read as "at least the
    lowest": "BS/MS/PhD" and "Master's or PhD" give ``bachelor`` and ``master``. A statement
    that no degree is needed gives ``none``.

    Parameters
    ----------
    reqs:
        The result of :func:`extract_education`.

    Returns
    -------
    str or None
        A level of :data:`~roleatlas.records.DEGREE_LEVELS`; ``None`` when no degree is
        required.

    Examples
    --------
    >>> minimum_degree(extract_education("Requirements: BS/MS/PhD in Statistics"))
    'bachelor'
    >>> minimum_degree(extract_education("PhD preferred")) is None
    True
    """
    levels = [r.level for r in reqs if r.required is not False and r.level in _RANK]
    if not levels:
        return None
    return min(levels, key=_RANK.__getitem__)
