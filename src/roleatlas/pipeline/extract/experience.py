"""Years of experience read out of a posting's text.

:func:`extract_experience` finds every statement of years of experience and returns one
:class:`~roleatlas.records.ExperienceRequirement` each; :func:`overall_years` reduces them to
the posting's overall requirement.

What is read
------------
* Numbers: "3+ years", "3 plus years", "3 or more years", "at least 5 years", "minimum of 7
  years", "2-4 years", "3 to 5 yrs", "2 or 3 years", "five years", "five (5) years", "1 year",
  "6 months" (0.5). ``max_years`` is set only for a range. Values over 40 are ignored, and
  "up to N years" is not a minimum and is skipped.
* A number of years counts when an experience word is near: "years of (relevant) experience",
  "years' experience", "Experience: 3 years", "years in a similar role", "years as a data
  scientist", "years working with", "post-graduate". A number with ``+``, "at least" or a range
  also counts before "of X" ("3+ years of Python"), and so does any "N years of X" inside a
  requirements or preferred section; Indeed's "SQL: 1 year (Preferred)" lines count there too.
* Not experience: company history and ages ("founded 20 years ago", "for over 25 years",
  "over 25 years in business", "children ages 3 years"), durations of study, contracts and
  benefits ("4-year degree", "2 years of tuition", "a 12-month apprenticeship", "2 years of
  college"), and anything in a ``company`` or ``benefits`` section.

``skill`` is the raw text of what the years are of, when it is a skill or field rather than a
role or setting: "3+ years of Python" → ``"Python"``, "5 years of experience in software
development" → ``"software development"``, "3 years of SQL experience" → ``"SQL"``; "5 years
of relevant work experience", "3 years as a data scientist" and "8 years of experience in a
technical role" have ``skill=None``. A later skill matcher may map the text to catalog ids.

``required`` comes from :func:`~roleatlas.pipeline.sections.requirement_level`; ``text`` is the
whole sentence or bullet of the statement.

The overall requirement (:func:`overall_years`)
-----------------------------------------------
Among the statements that are not preferred, alternatives are grouped and each group counts
with its smallest minimum; the overall requirement is the group with the largest minimum. A
posting that asks for "10 years of experience in sales" and "5 years managing teams" needs 10
years overall: the smaller numbers are sub-requirements inside the overall one. Two statements
are alternatives when they share one sentence that says "or" ("6 years of relevant experience
or 4 years of supply chain experience" → 4), or when consecutive statements each name a degree
("Bachelors & 2 years" / "Associates & 6 years" / "High school & 8 years" → 2). This is the
reading of our hand labels (``tests/data/google_quals_labelled.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from roleatlas.pipeline._terms import TERMS, non_overlapping, term_key
from roleatlas.pipeline.sections import (
    Section,
    lowered,
    requirement_level,
    section_at,
    split_sections,
    statement_bounds,
)
from roleatlas.records import ExperienceRequirement

__all__ = ["extract_experience", "overall_years"]

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20,
}  # fmt: skip
_NUM = r"(?:\d{1,2}(?:\.\d{1,2})?|" + "|".join(_NUMBER_WORDS) + r")"
_PAREN = r"(?:\s*\(\s*(?P<{}>\d{{1,2}})\s*\+?\s*\))?"
_YEARS_RE = re.compile(
    r"(?P<pre>\b(?:at least|(?:a )?minimum(?: of)?|min\.?|over|more than|no less than|"
    r"upwards of|up to|a total of|between)\s+)?"
    rf"\(?\b(?P<low>{_NUM}){_PAREN.format('lowp')}\s*"
    r"(?:(?P<plus>\+|plus\b|or more\b|or greater\b|or above\b)(?:\s*\(\s*\d{1,2}\s*\+?\s*\))?|"
    rf"\s*(?:-|\u2013|\u2014|to|or|and)\s*(?P<high>{_NUM}){_PAREN.format('highp')}\s*\+?)?"
    r"\s*\+?[\s-]*(?:full[\s-]+)?(?P<unit>years?|yrs?|months?)\b['\u2019]?(?:s\b)?"
    r"(?P<post>\s*(?:\+|plus\b|or more\b|minimum\b|min\b))?",
    re.IGNORECASE,
)
_UNIT_RE = re.compile(r"(?<![A-Za-z])(?:years?|yrs?|months?)\b", re.IGNORECASE)
_UNIT_WORDS = TERMS.add(("year", "yr", "month"))

_BAD_BEFORE = re.compile(
    r"(?:(?<!looking )(?<!seeking )(?<!searching )\bfor|\bpast|\blast|\bnext|\bsince|\bwithin|"
    r"\bevery|\bover the|\bin the|\bafter|\bages?|\baged|\bgrew|\bfounded|\bestablished|\$|"
    r"\bwe have|\bwe've|\bboasts?|\bcelebrat\w*|\bhistory of|\bwarranty|\bchildren|\bkids|"
    r"\bcontract(?: of| for)?|\bterm of|\bduration(?: of)?:?|\bperiod of|\blength of|\bnearly|"
    r"\bthe|\bour|\bits|\btheir|\bthrough|\bthe first|\bfirst|"
    r"\bonly|\bjust|\bin|\bof)\s*(?:over|more than|almost|nearly|about|around|approximately|the)?"
    r"\s*\(?$",
    re.IGNORECASE,
)
_BAD_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:age|old|ago|presence|history|heritage|in business|in the (?:market|"
    r"business)|serving|service|excellence|innovation|running|tuition|growth|"
    r"funding|runway|(?:our|the) company|warranty|anniversary|contract|term\b|"
    r"program|programme|degree|course|college|university|apprenticeship|fellowship|residency|"
    r"commitment|in a row|continuous|consecutive|from (?:now|today|the date)|later|earlier|"
    r"prior to (?:the )?(?:start|application)|school|study|studies|education|schooling|"
    r"coursework|full[- ]time (?:study|education)|bachelor|undergraduate|graduate (?:study|"
    r"school)|phd|doctora|period|probation|lease|guarantee|in operation|"
    r"in existence|young|running|straight|leave|parental|maternity|paternity|"
    r"subscription|membership|later|into|before|after|following|since|until|ahead)",
    re.IGNORECASE,
)
_EXPERIENCE_AFTER = re.compile(
    r"^[^.;\n]{0,80}?\b(?:experience|exp\b|xp\b|experienced|background|track record|hands[- ]on|"
    r"professional|industry|industrial|commercial|working|work\b|leadership|in (?:a|an|the) "
    r"(?:similar|related|relevant|comparable)|in (?:a |an )?(?:[\w/-]+ ){0,3}(?:role|position|"
    r"capacity|environment|setting|function)s?\b|as an?\b|post[- ]?(?:graduate|doctoral|"
    r"degree|phd|ms|bs|masters?)|of (?:relevant|related|progressive|direct)|practice|in "
    r"(?:industry|academia|the field|the industry))",
    re.IGNORECASE,
)
# Ages ("children ages 3 months to 3 years") and the second half of a spelled-out span.
_NOT_EXPERIENCE_BEFORE = re.compile(
    r"\b(?:tenure|average|median|typical|anniversary|history|founded|established|since|"
    r"old|aged?)\b[^.;\n]{0,30}$",
    re.IGNORECASE,
)
# Words that a match of _NOT_EXPERIENCE_BEFORE or _AGE_BEFORE contains.
_NOT_EXPERIENCE_WORDS = (
    "tenure", "average", "median", "typical", "anniversary", "history", "founded",
    "established", "since", "old", "age",
)  # fmt: skip
_AGE_WORDS = ("age", "month", "year", "yr", "week")
_AGE_BEFORE = re.compile(
    r"(?:\b(?:ages?|aged|age of)\s*(?:from|of|between)?|\b(?:months?|years?|yrs?|weeks?)\s*"
    r"(?:to|through|-|\u2013))\s*$",
    re.IGNORECASE,
)
_COMPANY_BEFORE = re.compile(
    r"\b(?:we|we've|we have|our|company|firm|team|business|organization|it|has|have|boasts?)"
    r"\b[^.;\n]{0,25}$|(?:^|[.!?]\s+)(?:with|for)\s*$",
    re.IGNORECASE,
)
_COMPANY_AFTER = re.compile(r"^[^.;\n]{0,80}?,\s*(?:we|our|the company)\b", re.IGNORECASE)
_EXPERIENCE_NEAR = re.compile(r"^[^.;\n]{0,40}?\bexperience\b", re.IGNORECASE)
_EXPERIENCE_BEFORE = re.compile(r"(?:experience|exp\.?|experienced)\b[^.;\n]{0,25}$", re.IGNORECASE)
_OF_AFTER = re.compile(
    r"^\s*(?:$|[),.;:]|of\s+\S|in\s+\S|with\b|as\b|using\b|on\b|building|developing|doing|"
    r"(?:is|are)\s+(?:required|preferred|a plus|desired|needed)|required|preferred|needed|"
    r"working|writing|programming|coding|leading|managing|designing|[A-Z])"
)
_NOT_INDEED_RE = re.compile(
    r"contract|length|duration|term\b|period|schedule|shift|probation|notice|age\b|warranty"
)
_INDEED_BEFORE = re.compile(r"(?:^|\n)[\t ]*(?P<skill>[^:\n]{1,60}):[\t ]*$")

_MODIFIER_WORDS = (
    "relevant related professional hands-on hands on industry work working practical proven "
    "commercial direct progressive full-time demonstrated solid strong combined overall total "
    "technical applied post-graduate postgraduate post-doctoral real-world production recent "
    "prior previous paid successful progressively responsible increasing responsibility "
    "significant substantial extensive deep direct recent directly closely full time minimum "
    "min overall real-world real world in-depth broad"
).split()
_MODIFIERS_RE = re.compile(
    r"^(?:(?:"
    + "|".join(re.escape(w) for w in sorted(set(_MODIFIER_WORDS), key=len)[::-1])
    + r")(?:\s+|$))+",
    re.IGNORECASE,
)
_EXPERIENCE_WORD_RE = re.compile(r"\b(?:experience|exp|xp)\b\.?", re.IGNORECASE)
_SKILL_LEAD_RE = re.compile(
    r"^\s*(?:of\s+|in\s+the\s+(?:field|area|areas)\s+of\s+|in\s+|with\s+|using\s+|on\s+|"
    r"working\s+(?:with|on|in)\s+|within\s+)",
    re.IGNORECASE,
)
_SKILL_CUT_RE = re.compile(
    r"\s+(?:such as|including|e\.g|i\.e|for|at|within|across|preferred|required|is|are|"
    r"or equivalent|with|where|which|that|who|to|from|and experience|in order|ideally|"
    r"preferably)\b|[,;:.()\[\]!?|]|\s[-\u2013\u2014]\s",
    re.IGNORECASE,
)
_NOT_SKILL_RE = re.compile(
    r"^(?:a|an|the|as|this|similar|any|one|some|both|all|multiple|various)\b|"
    r"\b(?:industry|role|roles|position|positions|environment|setting|capacity|company|firm|"
    r"organization|organisation|field|experience|years?|work|job|jobs|career|post|level|"
    r"environments|settings|companies|firms|agency|function|lieu|applicable|working|equivalent|"
    r"combination|related|relevant|progressive)\b",
    re.IGNORECASE,
)
_ALT_DEGREE_RE = re.compile(
    r"\b(?:B\.?S|B\.?A|M\.?S|M\.?A|MBA|Ph\.?\s?D|bachelor|master|doctorate|degree|"
    r"undergraduate|graduate|high school|diploma|GED|associates?\b|juris)",
    re.IGNORECASE,
)
_OR_RE = re.compile(r"\bor\b", re.IGNORECASE)
_SKIP_SECTIONS = frozenset({"company", "benefits"})
_DEMAND_WORDS = ("at least", "minimum", "a minimum", "min", "no less than", "between")
_LIST_SECTIONS = frozenset({"requirements", "preferred"})
_MAX_YEARS = 40.0


def _number(word: str | None, paren: str | None) -> float | None:
    if word is None:
        return None
    if paren is not None:
        return float(paren)
    key = term_key(word)
    return float(_NUMBER_WORDS[key]) if key in _NUMBER_WORDS else float(word)


def _statements(text: str) -> Iterator[re.Match[str]]:
    """Matches of :data:`_YEARS_RE`, searched only near the words year/yr/month (fast)."""
    low = lowered(text)
    if len(low) != len(text):  # lower() changed offsets (rare letters such as "İ")
        units = [m.start() for m in _UNIT_RE.finditer(text)]
    else:
        positions = TERMS.positions(low)
        found: set[int] = set()
        for word in _UNIT_WORDS:
            for at in non_overlapping(positions.get(word, []), len(word)):
                if at == 0 or not low[at - 1].isalpha():
                    found.add(at)
        units = sorted(found)
    last_end = -1
    for unit in units:
        for m in _YEARS_RE.finditer(text, max(0, unit - 70), unit + 40):
            if m.start("unit") == unit:
                if m.start() >= last_end:
                    last_end = m.end()
                    yield m
                break


def _skill(rest: str) -> str | None:
    """The skill or field that ``rest`` (the words after "N years") names, if any."""
    rest = rest.strip()
    experience = _EXPERIENCE_WORD_RE.search(rest)
    if experience is not None:
        before = _MODIFIERS_RE.sub("", rest[: experience.start()].strip())
        before = re.sub(r"^of\b\s*", "", before, flags=re.IGNORECASE)
        before = _MODIFIERS_RE.sub("", before).strip()
        if before:
            candidate = before
        else:
            after = rest[experience.end() :]
            lead = _SKILL_LEAD_RE.match(after)
            if lead is None:
                return None
            candidate = after[lead.end() :]
    else:
        lead = _SKILL_LEAD_RE.match(rest)
        if lead is None:
            return None
        candidate = _MODIFIERS_RE.sub("", rest[lead.end() :])
    cut = _SKILL_CUT_RE.search(candidate)
    if cut is not None:
        candidate = candidate[: cut.start()]
    words = candidate.split()
    while words and words[-1].lower() in ("work", "and", "or", "and/or", "in", "of", "with"):
        words.pop()
    if not words or len(words) > 6:
        return None
    skill = " ".join(words)
    if _NOT_SKILL_RE.search(skill):
        return None
    return skill


def _accept(text: str, m: re.Match[str], section: str) -> tuple[float, str | None] | None:
    """``(confidence, indeed_skill)`` when a years match is an experience statement."""
    start, end = m.start(), m.end()
    before = text[max(0, start - 40) : start]
    after = text[end : end + 100]
    pre = (m.group("pre") or "").lower().strip()
    if pre.startswith("up to"):
        return None
    demanded = pre.startswith(_DEMAND_WORDS)
    strong = demanded or bool(m.group("plus") or m.group("post") or m.group("high"))
    strong = strong or "+" in m.group()
    # The regexes that end at the number are searched only when a word they need is there
    # (case-insensitive: "ı" and "ſ" match "i" and "s" without lowering to them).
    low = before.lower()
    odd = "\u0131" in before or "\u017f" in before
    experience_before = "exp" in low and bool(_EXPERIENCE_BEFORE.search(before))
    experience = experience_before or bool(_EXPERIENCE_AFTER.match(after))
    if section in _SKIP_SECTIONS and not (strong and experience and not pre.startswith("over")):
        # company history ("With over 20 years of experience in ..."), unless the section was
        # misread and this is a requirement ("3-5 years of related experience")
        return None
    if (any(word in low for word in _AGE_WORDS) and _AGE_BEFORE.search(before)) or (
        not demanded
        and (odd or any(word in low for word in _NOT_EXPERIENCE_WORDS))
        and _NOT_EXPERIENCE_BEFORE.search(before)
    ):
        return None
    if (
        pre.startswith(("over", "more than"))
        and section not in _LIST_SECTIONS
        and (_COMPANY_BEFORE.search(before) or _COMPANY_AFTER.match(after))
    ):
        return None  # "With over 20 years of experience, we are ..."
    if not demanded and not experience_before and _BAD_BEFORE.search(before):
        return None
    bad = _BAD_AFTER.match(after)
    if bad is not None and not demanded and not _EXPERIENCE_NEAR.match(after[bad.end() :]):
        return None
    if (
        re.match(r"[\s-]*(?:old|of age|or older|or over)\b", after)
        or text[end - 1 : end + 1] == "y-"
    ):
        return None
    if experience:
        return 0.9, None
    if m.group("unit")[:1].lower() == "m":
        # "3 - 4 months" without an experience word is a contract or trial period
        return None
    if section in _LIST_SECTIONS:
        indeed = _INDEED_BEFORE.search(text, max(0, start - 62), start)
        if indeed is not None and indeed.end() == start:
            name = indeed.group("skill").strip(" -*\u2022")
            low = name.lower()
            if _NOT_INDEED_RE.search(low):
                return None
            skill = None if "experience" in low or low in ("total", "work", "years") else name
            return 0.8, skill
        return 0.7, None
    if strong and _OF_AFTER.match(after):
        return 0.7, None
    return None


def extract_experience(
    text: str | None, sections: list[Section] | None = None
) -> list[ExperienceRequirement]:
    """Every statement of years of experience in a posting.

    Parameters
    ----------
    text:
        The posting's description.
    sections:
        The result of :func:`~roleatlas.pipeline.sections.split_sections` for ``text``;
        computed when not given.

    Returns
    -------
    list of ExperienceRequirement
        In text order. ``confidence`` is 0.9 next to an experience word, 0.8 for an Indeed
        "Skill: N years" line and 0.7 for "N+ years of X" without one.

    Examples
    --------
    >>> [(r.min_years, r.max_years, r.skill) for r in extract_experience(
    ...     "3+ years of Python. We were founded 20 years ago.")]
    [(3.0, None, 'Python')]
    >>> r = extract_experience("Requirements:\\n2-4 years of experience in machine learning")[0]
    >>> (r.min_years, r.max_years, r.skill, r.required)
    (2.0, 4.0, 'machine learning', True)
    >>> extract_experience("Minimum of five years of relevant work experience")[0].min_years
    5.0
    """
    if not text:
        return []
    if sections is None:
        sections = split_sections(text)
    found: list[ExperienceRequirement] = []
    for m in _statements(text):
        section = section_at(sections, m.start())
        accepted = _accept(text, m, section)
        if accepted is None:
            continue
        confidence, indeed_skill = accepted
        factor = 1 / 12 if m.group("unit").lower().startswith("m") else 1.0
        low = _number(m.group("low"), m.group("lowp"))
        high = _number(m.group("high"), m.group("highp"))
        if low is None:
            continue
        low = round(low * factor, 2)
        high = round(high * factor, 2) if high is not None else None
        if low > _MAX_YEARS or (high is not None and (high > _MAX_YEARS or high < low)):
            continue
        lo, hi = statement_bounds(text, m.start(), m.end())
        rest = text[m.end() : hi]
        skill = indeed_skill if indeed_skill is not None else _skill(rest)
        found.append(
            ExperienceRequirement(
                min_years=low,
                max_years=high,
                skill=skill,
                required=requirement_level(text, m.start(), m.end(), section),
                text=" ".join(text[lo:hi].split()),
                confidence=confidence,
            )
        )
    return found


def _alternatives(a: ExperienceRequirement, b: ExperienceRequirement) -> bool:
    """Whether two consecutive statements are alternatives rather than sub-requirements."""
    if a.text == b.text:
        # one sentence: "6 years of relevant experience or 4 years of supply chain"
        return bool(_OR_RE.search(a.text))
    # paths that depend on the degree held: "Bachelors & 2 years" / "Associates & 6 years"
    return bool(_ALT_DEGREE_RE.search(a.text) and _ALT_DEGREE_RE.search(b.text))


def overall_years(reqs: list[ExperienceRequirement]) -> tuple[float, float | None] | None:
    """The overall years of experience a posting requires.

    Statements marked preferred (``required is False``) are left out. Alternatives (two
    statements of one sentence that says "or", or consecutive statements that each name a
    degree) count with the smallest minimum of their group; the overall requirement is the
    group with the largest minimum, because the smaller numbers are sub-requirements ("10
    years in sales, 5 of them managing teams").

    Parameters
    ----------
    reqs:
        The result of :func:`extract_experience`.

    Returns
    -------
    tuple or None
        ``(min_years, max_years)`` of the chosen statement (``max_years`` may be ``None``);
        ``None`` when no required statement exists.

    Examples
    --------
    >>> overall_years(extract_experience(
    ...     "7 years of relevant work experience.\\n5 years of experience in consulting."))
    (7.0, None)
    >>> overall_years(extract_experience(
    ...     "6 years of relevant experience or 4 years of supply chain experience."))
    (4.0, None)
    >>> overall_years(extract_experience("Nice to have: 3+ years of Go")) is None
    True
    """
    kept = [r for r in reqs if r.min_years is not None and r.required is not False]
    groups: list[list[ExperienceRequirement]] = []
    for req in kept:
        if groups and _alternatives(groups[-1][-1], req):
            groups[-1].append(req)
        else:
            groups.append([req])
    best: ExperienceRequirement | None = None
    for group in groups:
        smallest = min(group, key=lambda r: r.min_years or 0.0)
        if best is None or (smallest.min_years or 0.0) > (best.min_years or 0.0):
            best = smallest
    if best is None or best.min_years is None:
        return None
    return (best.min_years, best.max_years)
