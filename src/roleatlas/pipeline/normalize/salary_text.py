"""Pay stated in a posting's free text, and the words that say an amount is not pay.

Many postings without a salary field state pay in their description: "The base pay range
for this role is between $138,900 and $256,500", "Salary: £45,000 - £55,000 per annum",
"USD 120K - 150K", "€60k–80k", "20 to 25 per hour". :func:`salary_from_text` finds such
statements and reads the one that is the base pay with
:func:`~roleatlas.pipeline.normalize.salary.parse_salary`.

How a description is read
-------------------------
1. Candidates are amounts written with a currency (``$``, ``£``, ``€``, ``USD`` ...), a
   ``k`` range (``120-150k``) or a period (``20 to 25 per hour``), alone or as a range.
2. An amount is **not pay** when the words touching it (same clause) name something else
   (:func:`not_pay_word`): a signing or sign-on bonus, a bonus, equity, stock, options or
   RSUs; funding (raised, Series A, seed, investors, valuation); revenue, ARR, MRR, GMV; a
   prize, hackathon, bounty, grant or award; a relocation package, an allowance, budget,
   reimbursement or a benefit stipend ("$1,000 equipment stipend"); or millions/billions.
3. An amount counts only with a pay word near it ("salary", "pay", "compensation", "base",
   "wage", "rate", "range", "OTE" ...) or a period attached to it ("per hour", "/yr").
4. The candidates are ranked: a base-pay phrase ("base salary", "base pay") +3, another pay
   word +2, a period attached +1, a range +2, words of total pay (OTE, total compensation,
   on-target earnings) -1; ties go to the earliest. The winner is parsed; a reading that
   fails or is rejected makes way for the next.

The result carries the flag ``from_description``, a ``rule`` starting with
``description:`` (``"description:salary:range"``) and a lower confidence than a salary
field; the words around the amount are returned as ``evidence``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from roleatlas.pipeline.normalize.salary import FLAGS, parse_salary
from roleatlas.records import Salary

__all__ = ["NOT_PAY_RE", "TextSalary", "not_pay_word", "salary_from_text"]

#: Words that make an amount something other than pay when they touch it (same clause).
NOT_PAY_RE = re.compile(
    r"\b(?:sign(?:ing|-on|\s+on)?[\s-]*(?:on\s+)?bonus(?:es)?|bonus(?:es)?|equity|stock|"
    r"options?|rsus?|shares?|raised?|raising|funding|funded|fundraise|series\s+[a-f]\b|seed|"
    r"valuation|valued|revenue|revenues|arr|mrr|gmv|aum|sales|prizes?|hackathons?|"
    r"grants?|investors?|investment|backed|customers|users|exits?|profitable|bounty|"
    r"bounties|referral|win|winners?|awards?|rewards?|relocation|relocate|allowance|"
    r"budget|reimburs\w*|401\s?\(?k\)?|match(?:ing)?|donat\w*|credits?|gift|expenses?|"
    r"limit|fund|trillion|loans?|debt|commuter|transit|parking|meals?|lunch|childcare|"
    r"contribut\w*|living\s+wage|"
    r"(?:equipment|office|learning|wellness|education|internet|phone|gym|coworking|"
    r"commuter|conference|fitness|setup|book|development|home)\s+stipends?|"
    r"stipends?\s+(?:for|to\s+(?:spend|use|cover)))\b",
    re.IGNORECASE,
)
# Pay words: a base-pay phrase ranks above the others.
_BASE_RE = re.compile(
    r"\bbase(?:\s+(?:salary|pay|compensation|rate|range|wage))?\b|\bannual\s+salary\b"
    r"|\bsalary\s+range\b|\bpay\s+range\b",
    re.IGNORECASE,
)
_PAY_RE = re.compile(
    r"\b(?:salary|salaries|compensation|comp|pay(?:ing|s)?|paid|wages?|rate|range|"
    r"earnings?|remuneration|gehalt|salaire|wynagrodzenie|stipend|hourly|annual(?:ly)?|"
    r"per\s+(?:year|annum|hour|month|day)|pay\s+band|band)\b",
    re.IGNORECASE,
)
_TOTAL_RE = re.compile(
    r"\b(?:ote|on[\s-]target|total\s+(?:target\s+)?(?:compensation|comp|cash|pay)|tc)\b",
    re.IGNORECASE,
)
# Amounts: a currency before or after the number, a multiplier, an optional range, a period.
_CODES = r"USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|INR|JPY|SGD|NZD|HKD|BRL|ILS|ZAR|CNY|MXN"
_CUR = rf"(?:(?:US|CA|AU|NZ|HK|S|C|A|R)?\$|[€£¥₹₪]|\b(?:{_CODES})\b)"
_NUM = r"(?:\d{1,3}(?:[,.']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_MULT = r"(?:\s?(?:[kK]|[mM]{1,2}|million|thousand|L|lakhs?|lacs?|LPA|crores?)(?![^\W\d_]))?"
_AFTER = rf"(?:\s?(?:\b(?:{_CODES})\b|€|zł|PLN))"
_ONE = rf"(?:{_CUR}\s?{_NUM}{_MULT}{_AFTER}?|{_NUM}{_MULT}{_AFTER}?)"
_SEP = r"\s*(?:-|–|—|to|and|until|bis)\s*"
_UNIT = (
    r"(?:\s*(?:/|per\b|an?\b|a\b)\s*(?:hour|hr|h|year|yr|annum|month|mo|day|week|wk)\b"
    r"|\s+(?:annually|hourly|yearly|monthly|per\s+annum|p\.a\.|pcm)(?![^\W\d_]))"
)
_AMOUNT_RE = re.compile(
    rf"(?<![\w.,$€£¥₹₪]){_ONE}(?:{_SEP}{_ONE})?(?P<unit>{_UNIT})?", re.IGNORECASE
)
_CUR_RE = re.compile(rf"{_CUR}|{_AFTER}", re.IGNORECASE)
_RANGE_RE = re.compile(rf"\d{_MULT}{_AFTER}?{_SEP}", re.IGNORECASE)
_K_RE = re.compile(r"\d\s?[kK](?![^\W\d_])")
# A cheap test before the amount regex: text without any of these states no pay.
_TRIGGER_RE = re.compile(
    rf"[$€£¥₹₪]|\b(?:{_CODES})\b|\d\s?[kK]\b|\bper\s+(?:hour|year|annum|month)\b|\bhourly\b",
    re.IGNORECASE,
)
# The same test without running a large case-insensitive alternation at every position:
# currency signs and "<digit> k" on the text, the words on a lower-cased copy (see _lower).
_CUR_CHAR_RE = re.compile(r"[$€£¥₹₪]")
_K_AFTER_DIGIT_RE = re.compile(r"[kK\u212a](?:(?<=\d.)|(?<=\d\s.))\b")  # \d\s?[kK]\b, k first
_CODES_LOW = tuple(_CODES.lower().split("|"))
# "\b<code>\b" at a place where str.find saw the code; the leading \b as a lookbehind
_CODE_LOW_RE = re.compile(rf"(?:{'|'.join(_CODES_LOW)})\b(?<!\w\w\w\w)")
_PER_LOW_RE = re.compile(r"per(?<!\w\w\w\w)\s+(?:hour|year|annum|month)\b")
_HOURLY_LOW_RE = re.compile(r"hourly(?<!\w\w\w\w\w\w\w)\b")
_CODE_SET = frozenset(_CODES_LOW)
# Where a digit run starts: an amount starts there, or at a currency sign or code before it.
_DIGIT_RUN_RE = re.compile(r"\d(?<!\d\d)")
_BIG_TAIL_RE = re.compile(
    r"\s?(?:m|mm|b|bn|million|billion|trillion)\b|\+?\s*(?:users|customers)\b", re.I
)
# Millions in a currency whose salaries never reach them: funding, revenue, a valuation.
_MILLIONS_RE = re.compile(r"[$€£]\s?\d[\d.,]*\s?(?:m|mm|million)(?![^\W\d_])", re.I)
_LAKH_RE = re.compile(r"(?<=\d)\s?L(?![^\W\d_])")
# Where the words "touching" an amount stop.
_CLAUSE_BEFORE_RE = re.compile(r"[.;!?|•(\n]\s|[,+]\s|\n")
_CLAUSE_AFTER_RE = re.compile(r"\s\+|[,(;|•\n]|\.\s|\b(?:plus|with)\b", re.IGNORECASE)

_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")

#: Longest description read (characters); pay is stated near the top or the end.
MAX_TEXT = 60_000


@dataclass(slots=True)
class TextSalary:
    """A salary read from free text: the :class:`Salary` and the words around the amount."""

    salary: Salary
    evidence: str
    score: int


def not_pay_word(before: str, after: str) -> str | None:
    """The word that makes an amount something other than pay, if any.

    Parameters
    ----------
    before, after:
        The text just before and just after the amount; only the clause touching the
        amount is read ("$180-200K, 0.5% equity" is pay: the comma ends the clause).

    Returns
    -------
    str or None
        The disqualifying word as written, or ``None`` when the amount may be pay.

    Examples
    --------
    >>> not_pay_word("Visa + ", " Signing Bonus")
    'Signing Bonus'
    >>> not_pay_word("We won a ", " prize")
    'prize'
    >>> not_pay_word("Salary: ", ", 0.5% equity") is None
    True
    """
    near_before = _CLAUSE_BEFORE_RE.split(before[-40:])[-1]
    near_after = _CLAUSE_AFTER_RE.split(after[:40])[0]
    for part in (near_after, near_before):
        match = NOT_PAY_RE.search(part)
        if match is not None:
            return match.group()
    if _BIG_TAIL_RE.match(after):
        return after.strip().split()[0]
    return None


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _lower(text: str) -> str | None:
    """``text.lower()`` when it has the same positions as ``text`` and its ASCII letters are
    exactly those an IGNORECASE pattern matches in ``text``; else ``None``.

    Besides ASCII only four characters match an ASCII letter under IGNORECASE (dotted and
    dotless i, long s, the Kelvin sign); "İ" is also the one character lower() lengthens.
    """
    if text.isascii():
        return text.lower()
    low = text.lower()
    if len(low) != len(text) or "\u017f" in low or "\u0131" in low or "\u212a" in text:
        return None
    return low


def _has_code(low: str) -> bool:
    """Whether ``\\b(?:USD|EUR|...)\\b`` (IGNORECASE) matches the text ``low`` lower-cases."""
    match = _CODE_LOW_RE.match
    for code in _CODES_LOW:
        i = low.find(code)
        while i >= 0:
            if match(low, i) is not None:
                return True
            i = low.find(code, i + 1)
    return False


def _triggered(text: str, low: str | None) -> bool:
    """``_TRIGGER_RE.search(text) is not None``, faster."""
    if low is None:
        return _TRIGGER_RE.search(text) is not None
    return (
        _CUR_CHAR_RE.search(text) is not None
        or _K_AFTER_DIGIT_RE.search(text) is not None
        or _PER_LOW_RE.search(low) is not None
        or ("hourly" in low and _HOURLY_LOW_RE.search(low) is not None)
        or _has_code(low)
    )


def _amounts(text: str, low: str | None) -> Iterator[re.Match[str]]:
    """``_AMOUNT_RE.finditer(text)``, trying the regex only where an amount may start: a
    digit run, a currency sign (up to two letters before "$": "US$") or a currency code
    (followed by at most one space and a digit run: "USD 120K")."""
    if low is None:
        yield from _AMOUNT_RE.finditer(text)
        return
    starts: set[int] = set()
    for match in _DIGIT_RUN_RE.finditer(text):
        start = match.start()
        starts.add(start)
        if start >= 3 and low[start - 3 : start] in _CODE_SET:
            starts.add(start - 3)
        elif start >= 4 and low[start - 1].isspace() and low[start - 4 : start - 1] in _CODE_SET:
            starts.add(start - 4)
    for match in _CUR_CHAR_RE.finditer(text):
        start = match.start()
        starts.add(start)
        if text[start] == "$":
            starts.update(i for i in (start - 1, start - 2) if i >= 0)
    pos = 0
    for start in sorted(starts):
        if start < pos:
            continue
        found = _AMOUNT_RE.match(text, start)
        if found is not None:
            yield found
            pos = found.end()


def _candidates(text: str, low: str | None = None) -> list[tuple[int, int, int, str]]:
    """``(score, start, end, evidence)`` of each amount that may be pay, in text order."""
    out: list[tuple[int, int, int, str]] = []
    for match in _amounts(text, low):
        start, end = match.span()
        span = match.group()
        has_unit = match.group("unit") is not None
        is_range = _RANGE_RE.search(span) is not None
        if not (_CUR_RE.search(span) or (is_range and (_K_RE.search(span) or has_unit))):
            continue
        if _MILLIONS_RE.search(span):
            continue
        line_start, line_end = _line_bounds(text, start, end)
        before = text[max(line_start, start - 120) : start]
        after = text[end : min(line_end, end + 60)]
        if not_pay_word(before, after) is not None:
            continue
        # the sentence around the amount: a pay word of the next sentence is not this one's
        near = (
            _SENTENCE_END_RE.split(before[-90:])[-1] + " " + _SENTENCE_END_RE.split(after)[0][:30]
        )
        score = 0
        if _BASE_RE.search(near):
            score += 3
        elif _PAY_RE.search(near):
            score += 2
        elif not has_unit:
            continue  # no pay word and no period: "a $50 gift card", "$2M in sales"
        score += int(has_unit) + 2 * int(is_range)
        if _TOTAL_RE.search(near):
            score -= 1
        evidence = " ".join(text[max(line_start, start - 90) : min(line_end, end + 30)].split())
        out.append((score, start, end, evidence))
    return out


def salary_from_text(text: str | None, *, default_currency: str | None = None) -> TextSalary | None:
    """Read the base pay a posting's description states.

    Parameters
    ----------
    text:
        The description (or any free text).
    default_currency:
        ISO 4217 code for amounts written without a currency (see
        :func:`~roleatlas.pipeline.normalize.salary.parse_salary`).

    Returns
    -------
    TextSalary or None
        The best-ranked pay statement that parses (see the module docstring), or ``None``
        when the text states none. Its salary has the flag ``from_description`` and a
        ``rule`` starting with ``description:``.

    Examples
    --------
    >>> found = salary_from_text(
    ...     "At Apple, the base pay range for this role is between $138,900 and $256,500, "
    ...     "and your base pay will depend on your skills.")
    >>> s = found.salary
    >>> s.min_amount, s.max_amount, s.currency, s.period, s.rule
    (138900.0, 256500.0, 'USD', 'year', 'description:salary:range')
    >>> salary_from_text("We raised $20M from top investors. Competitive salary.") is None
    True
    >>> salary_from_text("Join us! €10k signing bonus for every hire.") is None
    True
    """
    if not text:
        return None
    text = text[:MAX_TEXT]
    low = _lower(text)
    # Only a text with a currency, a "k" amount or a period may state pay (_TRIGGER_RE); the
    # test is made once an amount has been read, as most texts have no amount to read.
    ranked = sorted(_candidates(text, low), key=lambda c: (-c[0], c[1]))
    for score, start, end, evidence in ranked:
        # the words just before the amount set "up to", "from", "about" (no other number)
        lead = _CLAUSE_BEFORE_RE.split(text[max(0, start - 24) : start])[-1]
        if any(ch.isdigit() for ch in lead):
            lead = ""
        span = _LAKH_RE.sub(" lakh", text[start:end])  # "₹40L-60L"
        salary = parse_salary(lead + span, default_currency=default_currency)
        if salary is None or not salary.parsed or salary.period is None:
            continue
        if not _triggered(text, low):
            return None
        flags = sorted({*salary.flags, "from_description"}, key=FLAGS.index)
        salary = dataclasses.replace(
            salary,
            flags=tuple(flags),
            rule=f"description:{salary.rule}",
            confidence=round(min(salary.confidence, 0.95) * 0.85, 2),
        )
        return TextSalary(salary, evidence, score)
    return None
