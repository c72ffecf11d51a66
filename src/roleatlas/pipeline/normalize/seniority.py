"""Seniority from job titles, stated labels and years of experience.

Levels are the four codes of the aijobs.net salary survey (:data:`roleatlas.records.LEVELS`):
``EN`` entry/junior, ``MI`` mid, ``SE`` senior/expert, ``EX`` executive/director. A
:class:`~roleatlas.records.Seniority` also keeps the finer ``rank`` word it came from, the rule
that produced it and a confidence.

How title words map to levels (:data:`RANK_LEVELS` is the full table):

=================================================  =====  ===================================
title words                                        level  rank
=================================================  =====  ===================================
intern, internship, co-op, student trainee         EN     ``intern``
trainee / apprentice / graduate, new grad          EN     ``trainee`` / ``apprentice`` /
                                                          ``graduate``
junior, jr, entry level                            EN     ``junior`` / ``entry``
"Associate X" (prefix: Associate Data Scientist)   EN     ``associate`` (0.7)
postdoc, postdoctoral, PhD student                 EN     ``postdoc`` / ``student``
mid, mid-level, regular, medior, intermediate      MI     ``mid``
"X Associate" (noun: Research Associate)           MI     ``associate`` (0.6)
assistant professor, lecturer, adjunct             MI     ``assistant_professor`` ...
supervisor, supervisory                            MI     ``supervisor`` (0.6; first-line)
people manager (Engineering Manager, Manager, X)   MI     ``manager`` (0.6)
senior, sr, snr; expert                            SE     ``senior`` / ``expert``
lead, tech lead, team leader                       SE     ``lead``
staff, principal, distinguished, technical fellow  SE     ``staff`` / ``principal`` / ...
associate / assistant director, AVP                SE     ``associate_director`` ...
associate professor, (full) professor              SE     ``associate_professor`` ...
head of, director, VP, president, chief, CxO       EX     ``head`` / ``director`` / ``vp`` ...
dean, department chair                             EX     ``dean`` / ``chair``
=================================================  =====  ===================================

Choices worth knowing:

* Academic ranks follow the seed's "Asst/Assoc Professor ... Mid-level": assistant professors
  and lecturers are ``MI``; associate and full professors are ``SE`` (tenured); postdocs are
  ``EN``; deans and chairs ``EX``.
* Role names are not ranks: "Product Manager", "Project Manager", "Account Executive",
  "Executive Assistant", "Staff Nurse", "Chief of Staff", "Member of Technical Staff" and
  "Data Entry" carry no seniority. Only people-manager titles ("Engineering Manager",
  "Data Science Manager", "Manager, Analytics") count as ``manager``. They are ``MI`` with
  confidence 0.6 because that is how people who hold them file them (aijobs "Manager": 1,356
  MI vs 1,118 SE; "Engineering Manager": 254 MI vs 118 SE; No Fluff Jobs: 23 Mid vs 17
  Senior/Expert); "Senior Manager" is ``SE``.
* Several words in a row modify each other: the highest rank names the ``rank`` and the
  highest level wins ("Senior Director" is a director, "Senior Staff" is staff, "Senior
  Manager" is a manager at ``SE``). Words joined by ``/``, ``&``, ``-``, "or" or a comma are
  alternatives and the lowest level wins: "Mid/Senior Developer" and "Regular & Senior" are
  ``MI``, as No Fluff Jobs labels them (31 of 32 "Mid/Senior" titles are labelled Mid).
* Ladder numbers are weaker (confidence 0.7) and only read after a role noun ("Data
  Scientist II", "Software Engineer 3") or as ``L3``-``L8``: 1/I → EN, 2/II → MI, 3/III and up
  → SE (Amazon-style ladders put "III" at senior); ``L3`` → EN, ``L4`` → MI, ``L5``+ → SE.
  They are used only when the title has no word cue.
* A title without any cue has level ``None``; it is never defaulted to ``MI``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from roleatlas.pipeline._terms import TERMS, term_key
from roleatlas.pipeline.sections import lowered
from roleatlas.records import LEVELS, Seniority

__all__ = [
    "RANK_LEVELS",
    "resolve_seniority",
    "seniority_from_text",
    "seniority_from_title",
    "seniority_from_years",
    "years_of_experience",
]

#: Each rank word and the level it maps to. Two ranks depend on use: ``associate`` is ``EN``
#: as a prefix ("Associate Data Scientist") but ``MI`` as a noun ("Research Associate"), and
#: ``fellow`` is ``EN`` for fellowship programmes (senior and technical fellows are
#: ``distinguished``).
RANK_LEVELS: dict[str, str] = {
    "intern": "EN",
    "trainee": "EN",
    "apprentice": "EN",
    "student": "EN",
    "graduate": "EN",
    "entry": "EN",
    "junior": "EN",
    "postdoc": "EN",
    "fellow": "EN",
    "associate": "EN",
    "level_1": "EN",
    "mid": "MI",
    "level_2": "MI",
    "lecturer": "MI",
    "adjunct": "MI",
    "assistant_professor": "MI",
    "supervisor": "MI",
    "manager": "MI",
    "senior": "SE",
    "level_3": "SE",
    "level_4": "SE",
    "level_5": "SE",
    "expert": "SE",
    "lead": "SE",
    "staff": "SE",
    "associate_professor": "SE",
    "principal": "SE",
    "full_professor": "SE",
    "distinguished": "SE",
    "associate_director": "SE",
    "assistant_vp": "SE",
    "head": "EX",
    "director": "EX",
    "dean": "EX",
    "chair": "EX",
    "executive": "EX",
    "vp": "EX",
    "president": "EX",
    "chief": "EX",
}

# Order used to pick the rank among stacked words ("Senior Director" -> director) and, among
# alternatives of one level, the lowest ("Senior/Staff" -> senior).
_ORDER = {
    rank: i
    for i, rank in enumerate(
        "intern student trainee apprentice graduate entry junior postdoc fellow associate "
        "level_1 mid level_2 supervisor lecturer adjunct assistant_professor senior level_3 "
        "level_4 level_5 expert lead staff principal distinguished manager associate_professor "
        "full_professor associate_director assistant_vp head director dean chair executive vp "
        "president chief".split()
    )
}
_LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}

_STATED_CONFIDENCE = 0.95
_TITLE_CONFIDENCE = 0.9
_YEARS_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class _Cue:
    key: str
    rank: str | None  # None: a blocker that consumes words carrying no seniority
    level: str | None
    confidence: float


def _cue(key: str, rank: str | None, confidence: float = _TITLE_CONFIDENCE) -> _Cue:
    return _Cue(key, rank, RANK_LEVELS[rank] if rank else None, confidence)


_ROLE_NOUNS = (
    r"engineers?|developers?|scientists?|analysts?|architects?|programmers?|specialists?|"
    r"consultants?|administrators?|designers?|researchers?|technicians?|statisticians?|"
    r"modelers?|associates?|managers?|representatives?|coordinators?|accountants?|"
    r"auditors?|economists?|writers?|testers?|sdets?|sres?|devs?|tech"
)
# Words after "staff" that make it a rank (Staff Engineer), not a role (Staff Nurse).
_STAFF_NEXT = (
    r"engineers?|engineering|software|data|machine|ml|ai|research|researchers?|scientists?|"
    r"developers?|architects?|product|designers?|security|infrastructure|back-?end|front-?end|"
    r"full[- ]?stack|fullstack|platform|site|sre|devops|cloud|mobile|ios|android|analytics|"
    r"analysts?|applied|systems|technical|ux|qa|test|quality|performance|firmware|embedded|"
    r"hardware|network|database|solutions|level|program|ops|mlops|deep|computer|quantitative"
)
# Disciplines whose "X Manager" is a people manager rather than a role name.
_MANAGED = (
    r"engineering|data|analytics|data science|science|machine learning|ml|ai|research|bi|"
    r"business intelligence|insights|software|development|technology|it|infrastructure|"
    r"platform|security|qa|quality assurance|devops|sre|team|department|group|mlops|"
    r"data engineering|data platform|data analytics|applied science|reporting"
)
_SEP = r"(?=\s*(?:$|[,;:/()&|\-–—]))"

_WORD_CUES: tuple[tuple[str, _Cue], ...] = (
    # blockers: role names that contain rank words
    (r"chief of staff", _cue("chief_of_staff", None)),
    (r"member of (?:the )?technical staff", _cue("mts", None)),
    (
        r"data entry|lead[- ]gen(?:eration)?|head ?(?:office|quarters)|head (?:chef|cook)",
        _cue("x", None),
    ),
    (r"executive (?:assistant|chef|search|protection|secretary|administrative)", _cue("x", None)),
    (r"(?:account|sales|client|business development) executive", _cue("x", None)),
    (
        r"associate(?:'s)? degree|associate (?:general )?counsel|subject matter expert",
        _cue("x", None),
    ),
    (r"associate staff", _cue("x", None)),
    (r"mid[- ]?(?:market|size[d]?|sized|west)", _cue("x", None)),
    (r"graduate (?:degree|education|school|level course)", _cue("x", None)),
    # executive
    (r"(?:chief [a-z&,/ ]{0,40}?officer|c-?level|c-?suite)", _cue("chief_officer", "chief")),
    (r"\b(?:ceo|cto|cfo|coo|cio|cdo|cpo|cmo|ciso|caio|cdao|cso)\b", _cue("cxo", "chief")),
    (r"chief", _cue("chief", "chief", 0.8)),
    (r"(?:assistant vice[- ]president|avp)", _cue("assistant_vp", "assistant_vp", 0.8)),
    (r"(?:senior |executive )?vice[- ]president|svp|evp|vp", _cue("vp", "vp")),
    (r"president", _cue("president", "president")),
    (r"senior executive service|executive[- ]level", _cue("executive", "executive")),
    (r"(?:associate|assistant) director", _cue("associate_director", "associate_director", 0.8)),
    (r"(?:managing |executive )?director", _cue("director", "director")),
    (r"(?:associate |assistant )?dean|provost", _cue("dean", "dean")),
    (r"(?:department |dept\.? )?chair(?:man|woman|person)?", _cue("chair", "chair", 0.8)),
    (r"head of|head\s*[,:–—-]", _cue("head_of", "head")),
    (
        r"(?:section|branch|division|department|unit|team|group|office|practice) head",
        _cue("head", "head"),
    ),
    # academic
    (r"assistant professor", _cue("assistant_professor", "assistant_professor")),
    (r"associate professor", _cue("associate_professor", "associate_professor")),
    (r"(?:full |distinguished |endowed )?professor", _cue("professor", "full_professor", 0.8)),
    (r"adjunct(?: faculty| instructor)?", _cue("adjunct", "adjunct", 0.7)),
    (r"lecturer", _cue("lecturer", "lecturer", 0.8)),
    (
        r"post-?doc(?:toral)?(?: (?:fellow|researcher|scholar|associate|research associate))?",
        _cue("postdoc", "postdoc"),
    ),
    (
        r"ph\.?d\.? (?:student|candidate|intern)|doctoral (?:student|candidate)|graduate student",
        _cue("student", "student"),
    ),
    (
        r"(?:technical|senior|distinguished|principal) fellow",
        _cue("fellow_senior", "distinguished", 0.8),
    ),
    (r"fellow(?:s|ship)?", _cue("fellow", "fellow", 0.7)),
    # senior ladder
    (
        r"distinguished (?:engineer|scientist|architect|researcher)",
        _cue("distinguished", "distinguished"),
    ),
    (r"principal", _cue("principal", "principal")),
    (rf"staff(?= (?:{_STAFF_NEXT})\b)|staff{_SEP}", _cue("staff", "staff")),
    (r"(?:tech(?:nical)? |team |group )?lead(?:er)?s?", _cue("lead", "lead")),
    (r"senior(?:[- ]level)?|sr\.?|snr\.?", _cue("senior", "senior")),
    (r"expert(?:[- ]level)?", _cue("expert", "expert", 0.7)),
    (
        rf"(?:{_MANAGED}) managers?|(?<=senior )managers?|(?<=sr\. )managers?|(?<=sr )managers?|"
        r"^managers?",
        _cue("manager", "manager", 0.6),
    ),
    (r"supervisory|supervisor", _cue("supervisor", "supervisor", 0.6)),
    # mid
    (r"mid(?:[- ]?level|[- ]?career)?|medior|intermediate|regular", _cue("mid", "mid")),
    # entry
    (r"associate" + _SEP, _cue("associate_noun", "associate", 0.6)),
    (r"associate", _cue("associate", "associate", 0.7)),
    (r"junior|jr\.?", _cue("junior", "junior")),
    (r"entry[- ]level|entry", _cue("entry", "entry")),
    (r"(?:new|recent|college|university) grad(?:uate)?s?|graduate", _cue("graduate", "graduate")),
    (r"trainee|apprentice(?:ship)?", _cue("trainee", "trainee")),
    (
        r"intern(?:s|ship|ships)?|co-?op|student (?:trainee|intern|assistant|worker)|"
        r"working student",
        _cue("intern", "intern"),
    ),
)
# "Associate" as a noun (Research Associate, Sr. Associate) is MI: aijobs files 854 of 1,026
# such rows as MI.
_NOUN_OVERRIDES = {"associate_noun": "MI"}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_LADDER_RE = re.compile(
    rf"\b(?:{_ROLE_NOUNS})\s*[-,]?\s*(?P<num>iv|v|i{{1,3}}|[1-5])\b(?!\.\d)"
    r"(?!\s*(?:years?|yrs?|\+|positions?|openings?|roles?|x\b))"
)
_L_LEVEL_RE = re.compile(r"\b[lL](?P<num>[3-8])\b")

_CUE_PATTERNS = tuple(
    (re.compile(rf"\b(?:{pattern})(?![A-Za-z])", re.IGNORECASE), cue) for pattern, cue in _WORD_CUES
)
_CUE_ORDER = {id(cue): i for i, (_, cue) in enumerate(_CUE_PATTERNS)}
# One search for all cues: most titles hold none, and then no pattern needs to run.
_ANY_CUE = re.compile(
    "|".join(rf"\b(?:{pattern})(?![A-Za-z])" for pattern, _ in _WORD_CUES), re.IGNORECASE
)
# Tier names of IT support ("L3 support") are not career ladders.
_SUPPORT_RE = re.compile(
    r"support|help ?desk|service desk|\bnoc\b|\bsoc\b|\bl[12]\b", re.IGNORECASE
)
_ALTERNATIVE_GAP = re.compile(r"^\s*$")


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    cue: _Cue


def _hits(text: str) -> list[_Hit]:
    if not _ANY_CUE.search(text):
        return []
    found: list[_Hit] = []
    for pattern, cue in _CUE_PATTERNS:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append(_Hit(m.start(), m.end(), cue))
    # longest match first at each position, then table order (more specific patterns first)
    found.sort(key=lambda h: (h.start, -(h.end - h.start), _CUE_ORDER[id(h.cue)]))
    chosen: list[_Hit] = []
    taken_until = -1
    for hit in found:
        if hit.start >= taken_until:
            chosen.append(hit)
            taken_until = hit.end
    return [h for h in chosen if h.cue.rank is not None]


def _level_of(cue: _Cue) -> str:
    return _NOUN_OVERRIDES.get(cue.key) or cue.level or "MI"


def _choose(text: str, hits: list[_Hit]) -> tuple[str, _Cue] | None:
    """Stack adjacent words (highest rank wins), then take the lowest alternative."""
    if not hits:
        return None
    stacks: list[list[_Hit]] = [[hits[0]]]
    for prev, hit in zip(hits, hits[1:], strict=False):
        if _ALTERNATIVE_GAP.match(text[prev.end : hit.start]):
            stacks[-1].append(hit)
        else:
            stacks.append([hit])
    heads: list[tuple[str, _Cue]] = []
    for stack in stacks:
        head = max(stack, key=lambda h: _ORDER[h.cue.rank or "mid"]).cue
        level = max((_level_of(h.cue) for h in stack), key=_LEVEL_ORDER.__getitem__)
        heads.append((level, head))
    return min(heads, key=lambda lc: (_LEVEL_ORDER[lc[0]], _ORDER[lc[1].rank or "mid"]))


def _ladder(text: str) -> Seniority | None:
    m = _LADDER_RE.search(text.lower())
    if m:
        raw = m.group("num")
        number = _ROMAN.get(raw) or int(raw)
        level = "EN" if number == 1 else "MI" if number == 2 else "SE"
        label = raw.upper() if raw in _ROMAN else raw
        return Seniority(level, f"level_{number}", f"title:ladder:{label}", 0.7)
    m = _L_LEVEL_RE.search(text)
    if m and not _SUPPORT_RE.search(text):
        number = int(m.group("num"))
        level = "EN" if number == 3 else "MI" if number == 4 else "SE"
        return Seniority(level, None, f"title:ladder:L{number}", 0.7)
    return None


@lru_cache(maxsize=65536)
def _from_title(title: str) -> tuple[str | None, str | None, str, float]:
    text = " ".join(title.split())
    chosen = _choose(text, _hits(text))
    if chosen is not None:
        level, cue = chosen
        return (level, cue.rank, f"title:word:{cue.key}", cue.confidence)
    ladder = _ladder(text)
    if ladder is not None:
        return (ladder.level, ladder.rank, ladder.rule, ladder.confidence)
    return (None, None, "", 0.0)


def seniority_from_title(title: str | None) -> Seniority:
    """Read the seniority words of a job title.

    Parameters
    ----------
    title:
        A job title as posted, in any case ("Sr. Data Scientist", "HEAD OF AI").

    Returns
    -------
    Seniority
        ``level`` in :data:`~roleatlas.records.LEVELS` and the ``rank`` word, with rule
        ``title:word:<cue>`` (or ``title:ladder:<II|3|L5>``) and its confidence; level ``None``,
        rule ``""`` and confidence 0 when the title has no seniority cue.

    Examples
    --------
    >>> seniority_from_title("Senior Data Scientist")
    Seniority(level='SE', rank='senior', rule='title:word:senior', confidence=0.9)
    >>> seniority_from_title("Head of Machine Learning").level
    'EX'
    >>> seniority_from_title("Mid/Senior Python Developer").level
    'MI'
    >>> seniority_from_title("Data Scientist II").rank
    'level_2'
    >>> seniority_from_title("Data Scientist").level is None
    True
    """
    if not title or not title.strip():
        return Seniority(None)
    return Seniority(*_from_title(title))


# --- stated labels -------------------------------------------------------------------------

_LABELS: dict[str, tuple[str, str | None]] = {}
for _level, _rank, _words in (
    (
        "EN",
        "entry",
        "en|entry|entry level|entry-level|entry-level / junior|beginner|not experienced",
    ),
    ("EN", "junior", "junior|jr|junior level|junior-level"),
    ("EN", "intern", "intern|internship|interns|student|working student|co-op"),
    ("EN", "trainee", "trainee|apprentice|apprenticeship"),
    ("EN", "graduate", "graduate|new grad|new graduate|recent graduate"),
    (
        "MI",
        "mid",
        "mi|mid|mid level|mid-level|mid-level / intermediate|intermediate|regular|medior",
    ),
    ("MI", "mid", "mid-senior|mid-senior level|mid/senior|experienced|experienced (non-manager)"),
    ("MI", "associate", "associate"),
    ("SE", "senior", "se|senior|senior level|senior-level|senior-level / expert|sr"),
    ("SE", "expert", "expert|expert level"),
    ("SE", "lead", "lead|team lead|tech lead"),
    ("SE", "staff", "staff"),
    ("SE", "principal", "principal"),
    ("SE", "manager", "manager|management|experienced manager"),
    ("EX", "executive", "ex|executive|executive level|executive-level|executive-level / director"),
    ("EX", "executive", "c-level|c-suite|senior executive"),
    ("EX", "director", "director|director level"),
    ("EX", "head", "head"),
    ("EX", "vp", "vp|vice president"),
    ("EX", "chief", "chief"),
):
    for _word in _words.split("|"):
        _LABELS[_word] = (_level, _rank)
_NO_LABEL = frozenset({"", "n/a", "na", "none", "not applicable", "unknown", "other", "-", "-1"})


def _label_key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split()).strip(" .:;,")


@lru_cache(maxsize=4096)
def _from_text(text: str) -> tuple[str | None, str | None, str, float]:
    key = _label_key(text)
    if key in _NO_LABEL:
        return (None, None, "", 0.0)
    if key in _LABELS:
        level, rank = _LABELS[key]
        return (level, rank, f"label:{key}", 1.0)
    for part in re.split(r"\s*[/,(|]\s*", key):
        if part in _LABELS:
            level, rank = _LABELS[part]
            return (level, rank, f"label:{part}", 0.9)
    read = _from_title(text)
    if read[0] is None:
        return (None, None, "", 0.0)
    return (read[0], read[1], read[2].replace("title:", "text:", 1), round(read[3] * 0.9, 3))


def seniority_from_text(text: str | None) -> Seniority:
    """Read a seniority label as a job board or data set states it.

    Understands the aijobs.net codes and labels (``EN``, ``"Mid-level / Intermediate"``,
    ``"Senior-level / Expert"``, ``"Executive-level / Director"``), No Fluff Jobs levels
    (Trainee, Junior, Mid, Senior, Expert), LinkedIn levels (Internship, Entry level,
    Associate, Mid-Senior level, Director, Executive) and plain words. Text that is not a
    known label is read like a title, with a lower confidence.

    Parameters
    ----------
    text:
        The stated label.

    Returns
    -------
    Seniority
        Rule ``label:<label>`` with confidence 1.0 for a known label (0.9 for a known part
        of it), ``text:word:<cue>`` for a title-like reading; level ``None`` for empty,
        ``"N/A"`` or unknown text.

    Examples
    --------
    >>> seniority_from_text("Senior-level / Expert")
    Seniority(level='SE', rank='senior', rule='label:senior-level / expert', confidence=1.0)
    >>> seniority_from_text("Trainee").level
    'EN'
    >>> seniority_from_text("EX").rank
    'executive'
    """
    if not text or not text.strip():
        return Seniority(None)
    return Seniority(*_from_text(text))


# --- years of experience -------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20,
}  # fmt: skip
_NUM = r"(?:\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + ")"
_YEARS_RE = re.compile(
    rf"(?P<pre>(?:at least|minimum(?: of)?|min\.?|over|more than|no less than|~|approx\.?)\s*)?"
    rf"\(?\b(?P<low>{_NUM})\s*"
    rf"(?:(?P<plus>\+|plus\b|or more\b)|\s*(?:-|–|—|to|/)\s*(?P<high>{_NUM})\s*\+?)?"
    r"\s*\+?[\s-]*(?:full\s+)?(?P<unit>years?|yrs?|months?)\b['’]?"
    r"(?!\s*(?:old|of age|ago|degree)\b)(?!-)",
    re.IGNORECASE,
)
_CONTEXT_AFTER = re.compile(
    r"^[^.;\n]{0,70}?\b(?:experience|exp\b|experienced|hands[- ]on|professional|industry|"
    r"commercial|background|track record|working|work\b|leadership|management|in (?:a|an|the) "
    r"(?:similar|related))",
    re.IGNORECASE,
)
_CONTEXT_BEFORE = re.compile(r"(?:experience|exp\.?|experienced)\b[^.;\n]{0,25}$", re.IGNORECASE)
_BAD_BEFORE = re.compile(
    r"(?:\bfor|\bpast|\blast|\bnext|\bsince|\bwithin|\bevery|\bover the|\bin the|\bafter|\bage|"
    r"\bgrew|\bfounded|\$)\s*(?:over|more than|almost|nearly)?\s*$",
    re.IGNORECASE,
)


_PLUS_ONLY_AFTER = re.compile(
    r"^\s*(?:$|[),.;:]|of\b|in\b|as\b|with\b|building|developing|doing|working|writing|"
    r"programming|coding|leading|managing|designing)",
    re.IGNORECASE,
)
_BAD_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:presence|history|heritage|in business|in the (?:market|industry|business)|"
    r"serving|of service|of excellence|of innovation|old|ago|running)",
    re.IGNORECASE,
)


_UNIT_RE = re.compile(r"(?<![A-Za-z])(?:years?|yrs?|months?)\b", re.IGNORECASE)
_UNIT_WORDS = TERMS.add(("year", "yr", "month"))


def _units(text: str) -> Iterator[re.Match[str]]:
    """``_UNIT_RE.finditer(text)``, matched only where the shared search found year/yr/month
    (extraction looks for the same words in the same description: one search serves both)."""
    low = lowered(text)
    if len(low) != len(text):  # lower() changed offsets (rare letters such as "İ")
        yield from _UNIT_RE.finditer(text)
        return
    found = TERMS.positions(low)
    for start in sorted(at for word in _UNIT_WORDS for at in found.get(word, ())):
        m = _UNIT_RE.match(text, start)
        if m is not None:
            yield m


def _year_statements(text: str) -> Iterator[re.Match[str]]:
    """Matches of :data:`_YEARS_RE`, searched only near the words year/yr/month (fast)."""
    for unit in _units(text):
        window = _YEARS_RE.finditer(text, max(0, unit.start() - 60), unit.end() + 30)
        for m in window:
            if m.span("unit") == unit.span():
                yield m
                break


def _number(word: str) -> float:
    return float(_NUMBER_WORDS.get(term_key(word), 0) or float(word))


def years_of_experience(text: str | None) -> tuple[float | None, float | None]:
    """The first years-of-experience requirement stated in a text.

    Reads "5+ years of experience", "3-5 years experience", "at least two years in a similar
    position", "Minimum 3 years experience", "(9+ years)", "Experience: 1+ years" and months
    ("6 months of experience" is 0.5). A number of years counts only next to an experience
    word, or with a ``+``; company history ("for over 20 years", "founded 10 years ago"),
    ages and degree lengths are skipped. When several statements exist, the first wins:
    postings list the minimum requirement before preferred ones.

    Parameters
    ----------
    text:
        A description or qualifications section.

    Returns
    -------
    tuple of (float or None, float or None)
        ``(min, max)``. ``max`` is set only when the text states an upper bound ("3-5
        years"); ``(None, None)`` when nothing is found. Values above 40 years are ignored.

    Examples
    --------
    >>> years_of_experience("5+ years of experience with Python")
    (5.0, None)
    >>> years_of_experience("We want 3-5 years experience in data analysis.")
    (3.0, 5.0)
    >>> years_of_experience("Serving clients for over 20 years.")
    (None, None)
    """
    if not text:
        return (None, None)
    text = text[:20000]
    for m in _year_statements(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if _BAD_BEFORE.search(before):
            continue
        after = text[m.end() : m.end() + 80]
        if _BAD_AFTER.search(after):
            continue
        plus = bool(m.group("plus")) or "+" in m.group(0)
        if not (
            _CONTEXT_AFTER.search(after)
            or _CONTEXT_BEFORE.search(before)
            or ((plus or m.group("pre") or m.group("high")) and _PLUS_ONLY_AFTER.search(after))
        ):
            continue
        factor = 1 / 12 if m.group("unit").lower().startswith("month") else 1.0
        low = round(_number(m.group("low")) * factor, 2)
        high = round(_number(m.group("high")) * factor, 2) if m.group("high") else None
        if low > 40 or (high is not None and (high > 40 or high < low)):
            continue
        return (low, high)
    return (None, None)


def seniority_from_years(min_years: float | None) -> Seniority:
    """The level that a minimum number of years of experience suggests.

    Thresholds: under 2 years → ``EN``; 2 to under 5 → ``MI``; 5 to under 10 → ``SE``
    (confidence 0.6); 10 or more → ``SE`` with confidence 0.5, because long experience
    requirements mark senior individual contributors as often as executives, and years alone
    never make an ``EX``.

    Parameters
    ----------
    min_years:
        The minimum years required, as :func:`years_of_experience` returns it.

    Returns
    -------
    Seniority
        Rule ``years:min:<n>`` with rank ``None``; level ``None`` when ``min_years`` is
        ``None`` or negative.

    Examples
    --------
    >>> seniority_from_years(3)
    Seniority(level='MI', rank=None, rule='years:min:3', confidence=0.6)
    >>> seniority_from_years(12).confidence
    0.5
    """
    if min_years is None or min_years < 0 or min_years != min_years:
        return Seniority(None)
    label = f"{min_years:g}"
    if min_years < 2:
        return Seniority("EN", None, f"years:min:{label}", _YEARS_CONFIDENCE)
    if min_years < 5:
        return Seniority("MI", None, f"years:min:{label}", _YEARS_CONFIDENCE)
    if min_years < 10:
        return Seniority("SE", None, f"years:min:{label}", _YEARS_CONFIDENCE)
    return Seniority("SE", None, f"years:min:{label}", 0.5)


def resolve_seniority(
    title: str | None, stated: str | None = None, description: str | None = None
) -> Seniority:
    """Combine the evidence about a posting's seniority.

    Precedence: a stated label (rule ``source:seniority``, confidence 0.95) over a title
    word (``title:...``, up to 0.9) over the years of experience in the description
    (``years:min:<n>``, 0.6 or less). When the stated level agrees with the title's, the
    title's finer rank is kept ("Staff ML Engineer" stated "Senior" gives rank ``staff``).

    Parameters
    ----------
    title:
        The posting title.
    stated:
        A seniority label the source states (``"Mid"``, ``"SE"``), if any.
    description:
        The description text, read for years of experience.

    Returns
    -------
    Seniority
        The strongest reading; level ``None`` (rule ``""``) when there is no evidence.

    Examples
    --------
    >>> resolve_seniority("Java Developer", stated="Senior").rule
    'source:seniority'
    >>> resolve_seniority("Lead Data Engineer").level
    'SE'
    >>> resolve_seniority("Data Analyst", description="2+ years of SQL experience").level
    'MI'
    """
    from_title = seniority_from_title(title)
    if stated:
        label = seniority_from_text(stated)
        if label.level is not None:
            rank = from_title.rank if from_title.level == label.level else label.rank
            return Seniority(label.level, rank, "source:seniority", _STATED_CONFIDENCE)
    if from_title.level is not None:
        return from_title
    if description:
        low, _ = years_of_experience(description)
        return seniority_from_years(low)
    return Seniority(None)
