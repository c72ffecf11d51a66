"""Salary text → :class:`~roleatlas.records.Salary`.

Job boards write pay in many ways: ``$53K-$91K (Glassdoor est.)``, ``20000 - 30000/annum
20-30K``, ``Upto 9 per hour``, ``€50.000 - €70.000``, ``12 LPA``. :func:`parse_salary` reads one
such text into amounts, an ISO 4217 currency and a pay period, and :func:`annualize` turns the
amounts into a year's pay (and US dollars, with the dated table of
:mod:`roleatlas.pipeline.normalize.fx`).

How a text is read
------------------
1. Every number is read with what is attached to it: a currency (``$``, ``£``, ``A$``,
   ``EUR``, ``zł`` ...), a multiplier (``k``, ``M``, ``lakh``, ``LPA``) and a pay unit
   (``/hr``, ``per annum``, ``p.h.``, ``pcm`` ...). Counts such as ``46 hours`` or ``5 years``
   and the ``401k`` plan are not amounts.
2. Two neighbouring numbers joined by ``-``, ``to``, ``and`` or ``/`` form a range (``20 - 25k``
   shares the ``k``; ``30-45000`` reads as 30,000-45,000). A range written high to low is
   swapped when both ends are of a size (flag ``swapped``); otherwise the first amount is kept
   (flag ``range_rejected``), so ``min_amount <= max_amount`` always holds.
3. The first statement that looks like pay wins (a number with a currency, multiplier or
   unit, or one of 1,000 and more), so a trailing ``+ Tips (IRO 120 Per Month)`` or
   ``OTE 45K`` does not change the base pay; the extras become ``flags``. A lone amount
   restated at once as a range that starts with it (``37000/annum 37K to 47K``) is that range.
   Words just before a lone amount set ``up_to`` (``Upto 9``), ``from`` (``From $40``,
   ``10,000+``) or ``approximate`` (``c25k``); a bare ``to 35`` is a range whose lower bound
   is missing (``up_to`` and ``missing_min``).
4. The period is the unit attached to the amounts; else a unit word elsewhere in the text
   (if plausible for the amount); else ``default_period``; else it is inferred from the
   size of the amount (flag ``period_inferred``) or left unknown (flag ``period_unknown``).
5. Results outside plausible bounds (a year's pay over 5M USD or under 200 USD, an hourly
   rate under 1) are rejected with a ``reason``, never clipped; a later statement in the same
   text may then be used. Readings inside those bounds that still do not look like a salary
   (:func:`implausible_reason`: a year's pay under 5,000 or over 2M USD, over 500 USD an
   hour, a range whose top is over 6 times its bottom) are kept with the flag ``implausible``,
   which percentiles leave out.

Nothing is guessed when no amount is found: ``parse_salary("Competitive")`` returns a
:class:`Salary` with ``min_amount=None`` and a ``reason``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from roleatlas.errors import NormalizeError
from roleatlas.pipeline.normalize.fx import FX_DATE, USD_PER_UNIT
from roleatlas.records import Salary

__all__ = [
    "ADZUNA_PERIOD_FACTORS",
    "FLAGS",
    "FLAG_MAX_RANGE_RATIO",
    "FLAG_MAX_USD_HOUR",
    "FLAG_MAX_USD_YEAR",
    "FLAG_MIN_USD_YEAR",
    "PERIODS",
    "PERIOD_FACTORS",
    "annualize",
    "implausible_reason",
    "parse_salary",
]

#: The pay periods a :class:`Salary` can have, shortest first.
PERIODS = ("hour", "day", "week", "month", "year")

#: Periods per year, US full-time convention (40 h x 52 weeks; 5 days x 52 weeks).
PERIOD_FACTORS: Mapping[str, float] = {
    "hour": 2080.0,
    "day": 260.0,
    "week": 52.0,
    "month": 12.0,
    "year": 1.0,
}

#: Periods per year as Adzuna's ``SalaryNormalized`` computes them (40 h x 48 weeks; 5 days x
#: 48 weeks), read off the Adzuna UK rows: ``7.00 to 9.00 per hour`` → 15,360 = 8 x 1,920;
#: ``400.00 to 450.00 per week`` → 20,400 = 425 x 48; ``90 - 140/day`` → 27,600 = 115 x 240.
ADZUNA_PERIOD_FACTORS: Mapping[str, float] = {
    "hour": 1920.0,
    "day": 240.0,
    "week": 48.0,
    "month": 12.0,
    "year": 1.0,
}

#: Every flag :func:`parse_salary` can set, in the order it reports them.
FLAGS = (
    "estimated",  # "(Glassdoor est.)" or "(Employer est.)"
    "employer_estimate",  # "(Employer est.)"
    "employer_provided",  # "Employer Provided Salary:"
    "up_to",  # "Up to 45,000", "to 35 per hour"
    "from",  # "From $25 an hour", "10,000+"
    "approximate",  # "c25k", "around 24,000"
    "missing_min",  # a range with no (or a zero) lower bound: "to 35 per hour", "0 to 13"
    "swapped",  # the range was written high to low
    "range_rejected",  # "25,000 to 28,00": the second bound did not fit, the first was kept
    "base",
    "benefits",
    "tips",
    "bonus",
    "commission",
    "equity",
    "ote",
    "overtime",
    "pension",
    "car",
    "accommodation",
    "pro_rata",
    "negotiable",
    "competitive",
    "doe",
    "currency_default",  # no currency in the text; default_currency was used
    "period_default",  # no period in the text; default_period was used
    "period_inferred",  # no period in the text; inferred from the size of the amount
    "period_unknown",  # no period in the text and the size of the amount does not tell
    "from_description",  # read from the description (no salary field): salary_text.py
    "implausible",  # kept, but outside plausible pay: left out of percentiles
)
_FLAG_RANK = {name: i for i, name in enumerate(FLAGS)}

# Plausible yearly pay in US dollars; outside it a reading is rejected, never clipped.
_MAX_USD_YEAR = 5_000_000.0
_MIN_USD_YEAR = 200.0
# Inside those bounds but unlike a salary: kept with the flag ``implausible`` and left out
# of percentiles (a stipend, a bounty, a misread period). See :func:`implausible_reason`.
FLAG_MIN_USD_YEAR = 5_000.0
FLAG_MAX_USD_YEAR = 2_000_000.0
FLAG_MAX_USD_HOUR = 500.0
FLAG_MAX_RANGE_RATIO = 6.0
# A unit word not attached to the amount is believed only if the amount fits it (USD per
# period): "£25k + £200 per month car allowance" is not 25k a month.
_LOOSE_UNIT_RANGE = {
    "hour": (1.0, 500.0),
    "day": (20.0, 5_000.0),
    "week": (100.0, 20_000.0),
    "month": (300.0, 30_000.0),
    "year": (5_000.0, 5_000_000.0),
}
# No period anywhere: this many USD or more reads as a year; this many or fewer as an hour.
_INFER_YEAR_USD = 10_000.0
_INFER_HOUR_USD = 150.0

# --- vocabulary -----------------------------------------------------------------------------

# Currencies written with a bare "$": a default among these wins over USD ("$" on an
# Australian board is AUD).
_DOLLAR_CURRENCIES = frozenset({"USD", "AUD", "CAD", "HKD", "NZD", "SGD", "MXN"})
_NORDIC_KRONA = frozenset({"SEK", "NOK", "DKK"})
# Symbols and codes → ISO 4217; "$", "¥" and "kr" depend on the default currency.
_CURRENCY_WORDS = {
    **dict.fromkeys(("$", "dollar", "dollars"), "$"),
    **dict.fromkeys(("us$", "usd", "usd$"), "USD"),
    **dict.fromkeys(("a$", "au$", "aud"), "AUD"),
    **dict.fromkeys(("c$", "ca$", "cad"), "CAD"),
    **dict.fromkeys(("hk$", "hkd"), "HKD"),
    **dict.fromkeys(("nz$", "nzd"), "NZD"),
    **dict.fromkeys(("s$", "sgd"), "SGD"),
    **dict.fromkeys(("r$", "brl"), "BRL"),
    **dict.fromkeys(("mx$", "mxn"), "MXN"),
    **dict.fromkeys(("cn¥", "rmb", "cny"), "CNY"),
    **dict.fromkeys(("£", "gbp", "pound", "pounds"), "GBP"),
    **dict.fromkeys(("€", "eur", "euro", "euros"), "EUR"),
    **dict.fromkeys(("₹", "inr", "rs", "rs.", "rupees"), "INR"),
    **dict.fromkeys(("pln", "zł", "zl"), "PLN"),
    **dict.fromkeys(("ils", "nis", "₪"), "ILS"),
    **{code: code.upper() for code in ("jpy", "chf", "sek", "nok", "dkk", "zar")},
    "¥": "¥",
    "kr": "kr",
}
_NOT_LETTER = r"(?![^\W\d_])"
_CUR_POST = rf"""
    (?:usd|aud|cad|hkd|nzd|sgd|brl|mxn|cny|rmb|jpy|gbp|eur|euros?|inr|rupees|pln|zł|zl|chf
      |sek|nok|dkk|kr|zar|ils|nis|dollars?|pounds?|[€₪](?!\s?\d)){_NOT_LETTER}
"""
_MULT_VALUE = {
    **dict.fromkeys(("k", "thousand"), 1e3),
    **dict.fromkeys(("m", "mm", "mn", "million"), 1e6),
    **dict.fromkeys(("lpa", "lakh", "lakhs", "lac", "lacs"), 1e5),
    **dict.fromkeys(("crore", "crores", "cr"), 1e7),
}
_INDIAN_MULT = frozenset({"lpa", "lakh", "lakhs", "lac", "lacs", "crore", "crores", "cr"})
_MULT = rf"""
    (?:(?:k|(?<=\d)mm?|mn|million|thousand|lpa|lakhs?|lacs?|crores?|cr){_NOT_LETTER})
"""
# Words for each period (English first; the others are common on European boards).
_PERIOD_WORDS = {
    "hour": ("hour", "hours", "hr", "hrs", "hora", "horas", "stunde", "heure"),
    "day": ("day", "days", "tag", "jour", "dia", "día", "dzień"),
    "week": ("week", "weeks", "wk", "wks", "woche", "semaine", "semana", "tydzień"),
    "month": (
        "month", "months", "mth", "mths", "mo", "mos", "mon", "monat", "mois", "mes", "mês",
        "miesiąc", "mies", "msc", "mån", "månad", "maand", "mnd",
    ),
    "year": (
        "year", "years", "yr", "yrs", "annum", "anum", "jahr", "an", "année", "año", "ano",
        "rok", "år", "jaar",
    ),
}  # fmt: skip
_ADVERBS = {
    "hour": ("hourly",),
    "day": ("daily",),
    "week": ("weekly",),
    "month": ("monthly", "pcm", "monatlich", "mensuel", "mensual", "mensal", "miesięcznie"),
    "year": ("annually", "yearly", "annual", "lpa", "jährlich", "annuel", "anual"),
}
_UNIT_WORDS = {
    word: period
    for table in (_PERIOD_WORDS, _ADVERBS)
    for period, words in table.items()
    for word in words
}
_ABBR_PERIOD = {"h": "hour", "d": "day", "w": "week", "m": "month", "y": "year", "a": "year"}
# Longest first, so "annum" is tried before "an".
_WORDS = "|".join(
    sorted((re.escape(w) for ws in _PERIOD_WORDS.values() for w in ws), key=len, reverse=True)
)
# "annual" only counts away from the number: "£500 annual bonus" is not a yearly pay of 500.
_ADVERB_WORDS = "|".join(w for ws in _ADVERBS.values() for w in ws if w != "annual")
_PER = r"(?:per|pro|par|por|al|na|each)"
# A pay unit attached to a number: "/hr", "per annum", "an hour", "p.h.", "8p/hr", "pcm".
_UNIT = rf"""
    (?:\s*/\s*(?P<uslash>{_WORDS}|h|d|w|m|y|a){_NOT_LETTER}
      |\s*(?<![^\W\d_]){_PER}\s+(?:calendar\s+)?(?P<uper>{_WORDS}){_NOT_LETTER}
      |\s+an?\s+(?P<ua>hour|day|week|month|year|yr){_NOT_LETTER}
      |\s*(?P<uabbr>p\.?\s?h\.?(?:r\.?)?|p/hr?|phr|p\.?/?d\.|pd|p/d|p\.?/?w\.?|p\.c\.m\.?
          |p\.m\.|p/m|p\.?/?a\.?|{_ADVERB_WORDS}){_NOT_LETTER})
"""
# Thousands grouped with "," (20,036.50), "." (50.000,00), "'" (120'000), a space (15 000) or
# the Indian way (12,00,000); else a plain number with an optional decimal part ("11.00",
# European "28,00"). The leading "\d" lets the regex engine skip quickly to digits.
_NUM = r"""
    \d(?<![\d.,]\d)
    (?:\d{0,2}(?:,\d{3})+(?:\.\d{1,2})?(?!\d)
      |\d?(?:,\d{2})+,\d{3}(?:\.\d{1,2})?(?!\d)
      |\d{0,2}(?:\.\d{3})+(?:,\d{1,2})?(?!\d)
      |\d{0,2}(?:['’]\d{3})+(?!\d)
      |\d{0,2}(?:\x20\d{3})+(?![\d.,])
      |\d*(?:[.,]\d+)?)
"""
# The lookaheads before the optional parts only save time: most numbers have none of them.
_AMOUNT_RE = re.compile(
    rf"""
    (?P<num>{_NUM})
    (?:(?=\s?[kmltc])\s?(?P<mult>{_MULT}))?
    (?:(?=\s?[^\W\d_€₪])\s?(?P<post>{_CUR_POST}))?
    (?:(?=\s*[/\w])(?P<unit>{_UNIT}))?
    (?P<plus>\+(?!\s*[^\W\d_]))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Currency words only written after a number ("50 euros"), never before it.
_POST_ONLY = frozenset({"dollar", "dollars", "pound", "pounds", "euro", "euros", "rupees", "kr"})
# A count, not an amount: "46 Hours p.w.", "5+ years", "20%".
_QUANTITY_RE = re.compile(
    r"\s*\+?\s*(?:hours?|hrs?\b|days?\b|weeks?\b|months?\b|years?\b|yrs?\b|yoe\b|employees"
    r"|people|staff\b|%|percent|sq\b|miles\b|km\b|users\b|customers\b|engineers\b)",
    re.IGNORECASE,
)
# "-", "to", "and", "20/25k"; also "7.46 plus enhancements to 9.25".
_RANGE_SEP_RE = re.compile(
    r"\s*(?:(?:plus|\+)\s+[a-z]+\s+)?(?:-{1,2}|~|/|to|and|until|till)\s*", re.IGNORECASE
)
# A unit word anywhere in the text, for amounts that have none attached.
_LOOSE_UNIT_RE = re.compile(
    rf"""(?:
        /\s*(?P<s>{_WORDS})
      | (?<![^\W\d_]){_PER}\s+(?:calendar\s+)?(?P<w>{_WORDS})
      | (?<![^\W\d_])an?\s+(?P<e>hour|day|week|month|year)
      | (?<![^\W\d_])(?P<a>{_ADVERB_WORDS}|annual|p\.a\.|pa|p\.h\.|ph)
    ){_NOT_LETTER}""",
    re.IGNORECASE | re.VERBOSE,
)
# A currency named anywhere in the text, for amounts that carry none.
_LOOSE_CURRENCY_RE = re.compile(
    r"(?<![a-z])(usd|gbp|eur|aud|cad|hkd|nzd|sgd|inr|pln|chf|sek|nok|dkk|jpy|cny|brl|mxn|zar"
    r"|ils)(?![a-z])|[$£€₹₪]",
    re.IGNORECASE,
)
_UP_TO_RE = re.compile(
    r"(?:up\s*-?\s*to|upto|up\s+til|max(?:imum)?|no\s+more\s+than|not\s+more\s+than)"
    r"\s*(?:of\s*)?[:.]?\s*$",
    re.IGNORECASE,
)
_BARE_TO_RE = re.compile(r"(?<![a-z])to\s*:?\s*$", re.IGNORECASE)
_FROM_RE = re.compile(
    r"(?:from|starting\s+(?:at|from)|starts?\s+at|min(?:imum)?|at\s+least|in\s+excess\s+of)"
    r"\s*(?:of\s*)?[:.]?\s*$",
    re.IGNORECASE,
)
_APPROX_RE = re.compile(
    r"(?:(?<![a-z])c\.?|circa|around|approx(?:\.|imately)?|about|~|in\s+the\s+region\s+of"
    r"|(?<![a-z])iro)\s*$",
    re.IGNORECASE,
)
# Flags from single words (looked up in a set) and from phrases (substring tests): much
# faster than one regex of alternatives tried at every position.
_FLAG_WORDS = {
    **dict.fromkeys(("benefits", "benefit", "bens", "perks"), "benefits"),
    **dict.fromkeys(("tips", "tip", "gratuity", "gratuities"), "tips"),
    **dict.fromkeys(("bonus", "bonuses"), "bonus"),
    **dict.fromkeys(("commission", "commissions", "comm", "comms"), "commission"),
    **dict.fromkeys(("equity", "stock", "rsu", "rsus", "options"), "equity"),
    **dict.fromkeys(("pension", "pensions"), "pension"),
    **dict.fromkeys(("negotiable", "neg", "ono"), "negotiable"),
    **dict.fromkeys(("base", "basic"), "base"),
    **{word: word for word in ("ote", "overtime", "car", "competitive", "doe")},
    "accommodation": "accommodation",
}
_FLAG_PHRASES = (
    ("glassdoor est", "estimated"),
    ("employer est", "employer_estimate"),
    ("employer provided", "employer_provided"),
    ("live in", "accommodation"),
    ("live-in", "accommodation"),
    ("pro rata", "pro_rata"),
    ("pro-rata", "pro_rata"),
    ("on target earnings", "ote"),
    ("on experience", "doe"),  # "depending (up)on experience"
    ("d.o.e", "doe"),
    ("o.n.o", "negotiable"),
)
_PACKAGE_RE = re.compile(
    r"(?:plus|\+|excellent|good|great|attractive|generous)\s+(?:\w+\s+)?package"
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_LAKH_RE = re.compile(r"(?<=\d)\s?L(?![^\W\d_])")
# Words without which _LOOSE_UNIT_RE cannot match (a cheap test before the costly regex).
_LOOSE_TRIGGERS = frozenset(_UNIT_WORDS) | {"pa", "ph", "p", "a", "h"}
# Dashes, minus signs and odd spaces → ASCII, one character for one (offsets stay valid).
# So are the letters that the IGNORECASE patterns match for ASCII ones but that ``str.lower``
# does not turn into them (long s, dotless i, dotted capital I, Kelvin sign): else "per hourſ"
# matches a unit and its word is not in the tables.
_TRANSLATE = str.maketrans(
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u00a0\u2009\u202f\t\n\r"
    "\u017f\u0131\u0130\u212a",
    "----------      siIK",
)


@dataclass(slots=True)
class _Token:
    """One number and what is attached to it."""

    start: int
    end: int
    value: float
    mult: str | None
    currency: str | None  # ISO code, or "$", "¥", "kr" until the default is known
    unit: str | None  # a period
    plus: bool
    qualifies: bool  # looks like pay on its own


@dataclass(slots=True)
class _Statement:
    """A single amount or a range, before currency and period are settled."""

    low: _Token
    high: _Token | None
    flags: set[str]


def parse_salary(
    text: str | None,
    *,
    default_currency: str | None = None,
    default_period: str | None = None,
    factors: Mapping[str, float] = PERIOD_FACTORS,
) -> Salary | None:
    """Read a pay statement such as ``"$53K-$91K (Glassdoor est.)"``.

    Parameters
    ----------
    text:
        The salary text as the posting gave it.
    default_currency:
        ISO 4217 code used when the text names no currency. It is also the country hint for
        a bare ``$``: when it is a dollar currency (AUD, CAD, HKD, NZD, SGD, MXN) a bare ``$``
        means it; otherwise ``$`` means USD.
    default_period:
        One of :data:`PERIODS`, used when the text names no period.
    factors:
        Periods per year for ``annual_*``; :data:`PERIOD_FACTORS` by default.

    Returns
    -------
    Salary or None
        ``None`` only when ``text`` is ``None`` or blank. When no plausible amount is found,
        a :class:`Salary` with ``min_amount=None`` and ``reason`` set.

    Raises
    ------
    NormalizeError
        If ``default_currency`` is not a 3-letter code, ``default_period`` is not one of
        :data:`PERIODS`, or ``factors`` lacks the period found.

    Examples
    --------
    >>> s = parse_salary("$53K-$91K (Glassdoor est.)")
    >>> s.min_amount, s.max_amount, s.currency, s.period, s.flags, s.rule
    (53000.0, 91000.0, 'USD', 'year', ('estimated', 'period_inferred'), 'salary:range')
    >>> s = parse_salary("Upto 9 per hour", default_currency="GBP")
    >>> s.min_amount, s.max_amount, s.period, s.annual_max, s.flags
    (9.0, 9.0, 'hour', 18720.0, ('up_to', 'currency_default'))
    >>> parse_salary("12 LPA").annual_min, parse_salary("12 LPA").currency
    (1200000.0, 'INR')
    >>> parse_salary("Competitive").reason
    "no amount found in 'Competitive'"
    """
    if text is None or not text.strip():
        return None
    default_currency = _check_currency(default_currency)
    if default_period is not None and default_period not in PERIODS:
        raise NormalizeError(
            f"The default_period must be one of {', '.join(PERIODS)}. "
            f"Got {default_period!r} instead."
        )
    clean = text.translate(_TRANSLATE)
    if "₹" in clean or "INR" in clean.upper():
        clean = _LAKH_RE.sub(" lakh", clean)  # "₹70L – ₹90L"
    flags, period_words = _text_flags(clean)
    statements = _statements(clean, _tokens(clean), period_words)
    if not statements:
        reason = f"no amount found in {_clip(text)!r}"
        return Salary(raw=text, flags=_ordered(flags), reason=reason, rule="salary:none")
    first_rejection: Salary | None = None
    for index, statement in enumerate(statements):
        salary = _build(
            text, clean, statement, statements[index + 1 :], flags, period_words,
            default_currency, default_period, factors,
        )  # fmt: skip
        if salary.parsed:
            return salary
        first_rejection = first_rejection or salary
    assert first_rejection is not None
    return first_rejection


def annualize(salary: Salary, factors: Mapping[str, float] = PERIOD_FACTORS) -> Salary:
    """Fill ``annual_*`` and ``usd_annual_*`` of ``salary`` with the given period factors.

    Parameters
    ----------
    salary:
        A parsed salary; an unparsed one or one without a period is returned unchanged.
    factors:
        Periods per year for each of :data:`PERIODS`: :data:`PERIOD_FACTORS` (US full-time,
        hour x 2,080) or :data:`ADZUNA_PERIOD_FACTORS` (hour x 1,920), or your own.

    Returns
    -------
    Salary
        A new :class:`Salary`; ``salary`` itself is not changed.

    Raises
    ------
    NormalizeError
        If ``factors`` has no factor for the salary's period.

    Examples
    --------
    >>> s = parse_salary("7.00 to 9.00 per hour", default_currency="GBP")
    >>> s.annual_mid, s.usd_annual_min, s.fx_date
    (16640.0, 18607.68, '2024')
    >>> annualize(s, ADZUNA_PERIOD_FACTORS).annual_mid
    15360.0
    """
    if salary.min_amount is None or salary.max_amount is None or salary.period is None:
        return salary
    annual_min, annual_max, usd_min, usd_max, fx_date = _annual(
        salary.min_amount, salary.max_amount, salary.period, salary.currency, factors
    )
    return dataclasses.replace(
        salary,
        annual_min=annual_min,
        annual_max=annual_max,
        usd_annual_min=usd_min,
        usd_annual_max=usd_max,
        fx_date=fx_date,
    )


# --- helpers --------------------------------------------------------------------------------


def _annual(
    low: float, high: float, period: str, currency: str | None, factors: Mapping[str, float]
) -> tuple[float, float, float | None, float | None, str | None]:
    factor = factors.get(period)
    if factor is None:
        raise NormalizeError(
            f"The period factors have no entry for {period!r}. "
            f"Give a factor for each of {', '.join(PERIODS)}."
        )
    annual_min, annual_max = round(low * factor, 2), round(high * factor, 2)
    rate = USD_PER_UNIT.get(currency or "")
    if rate is None:
        return annual_min, annual_max, None, None, None
    return annual_min, annual_max, round(annual_min * rate, 2), round(annual_max * rate, 2), FX_DATE


def _check_currency(code: str | None) -> str | None:
    if code is None or code in USD_PER_UNIT:
        return code
    upper = code.strip().upper()
    if len(upper) != 3 or not upper.isalpha():
        raise NormalizeError(
            "The default_currency must be a 3-letter ISO 4217 code such as 'GBP'. "
            f"Got {code!r} instead."
        )
    return upper


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _ordered(flags: set[str]) -> tuple[str, ...]:
    return tuple(sorted(flags, key=_FLAG_RANK.__getitem__))


def _text_flags(clean: str) -> tuple[set[str], bool]:
    """The flags named in the text, and whether it has a word that may be a pay period."""
    lower = clean.lower()
    words = set(_WORD_RE.findall(lower))
    flags = {_FLAG_WORDS[w] for w in words if w in _FLAG_WORDS}
    flags.update(flag for phrase, flag in _FLAG_PHRASES if phrase in lower)
    if "package" in lower and _PACKAGE_RE.search(lower):
        flags.add("benefits")
    if "employer_estimate" in flags:
        flags.add("estimated")
    return flags, not words.isdisjoint(_LOOSE_TRIGGERS)


def _number(raw: str) -> float:
    """``"20,036"`` → 20036; ``"50.000"`` → 50000; ``"28,00"`` → 28.0; ``"15 000"`` → 15000."""
    raw = raw.replace(" ", "").replace("'", "").replace("’", "")
    if "," in raw and "." in raw:
        if raw.rfind(",") > raw.rfind("."):  # 1.234,56
            raw = raw.replace(".", "").replace(",", ".")
        else:  # 1,234.56
            raw = raw.replace(",", "")
    elif "," in raw:
        head, _, tail = raw.rpartition(",")
        if len(tail) == 3:  # thousands
            raw = raw.replace(",", "")
        else:  # decimal comma
            raw = head.replace(",", "") + "." + tail
    elif raw.count(".") > 1 or ("." in raw and len(raw.rpartition(".")[2]) == 3):
        raw = raw.replace(".", "")  # 50.000 → thousands
    return float(raw)


def _unit_of(match: re.Match[str]) -> str | None:
    if match.group("unit") is None:
        return None
    word = match.group("uslash") or match.group("uper") or match.group("ua")
    if word is None:
        word = match.group("uabbr")
    word = word.lower()
    if word in _UNIT_WORDS:
        return _UNIT_WORDS[word]
    # "\s" in the pattern matches any space ("p\u3000h"), so keep the letters, not "not ' '"
    letters = "".join(filter(str.isalpha, word))
    if letters in _UNIT_WORDS:  # "p.c.m." → "pcm"
        return _UNIT_WORDS[letters]
    if len(letters) == 1:
        return _ABBR_PERIOD[letters]
    return _ABBR_PERIOD[letters[1]]  # "ph", "p.h.", "phr", "pd", "pw", "p.m.", "pa"


def _pre_currency(clean: str, num_start: int) -> tuple[int, str] | None:
    """The currency written just before a number ("$", "US$", "EUR ", "Rs."), as (start, word).

    Plain string checks, not a regex: this runs once per number.
    """
    k = num_start - 1
    while k >= 0 and num_start - k <= 2 and clean[k] in " :":
        k -= 1
    if k < 0:
        return None
    char = clean[k]
    if char in "£€₹₪":
        return k, char
    if char not in "$¥." and not char.isalpha():
        return None
    end = k + 1
    if char in "$¥.":
        k -= 1
    j = k + 1
    while j > 0 and k - j < 2 and clean[j - 1].isalpha():
        j -= 1
    word = clean[j:end].lower()
    if j < end - 1 and (j == 0 or not clean[j - 1].isalpha()):
        if (word in _CURRENCY_WORDS and word not in _POST_ONLY) or word == "rs.":
            return j, word
    return (end - 1, char) if char in "$¥" else None


def _tokens(clean: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _AMOUNT_RE.finditer(clean):
        num_start, end = match.span()
        num, mult, post, unit_text, plus = match.group("num", "mult", "post", "unit", "plus")
        pre = _pre_currency(clean, num_start)
        if pre is None and num_start and clean[num_start - 1].isalpha():
            # "H1B", "mp3": a number inside a word is not pay; "c25k" (circa) is.
            before = clean[num_start - 2] if num_start > 1 else " "
            if clean[num_start - 1] not in "cC" or before.isalpha():
                continue
        mult_key = mult.lower() if mult else None
        unit = _unit_of(match) if unit_text else None
        if pre is None and post is None:
            if num == "401" and (mult_key == "k" or clean.startswith("(k)", end)):
                continue  # the 401(k) retirement plan
            if unit is None and mult_key is None and _QUANTITY_RE.match(clean, end):
                continue  # "46 Hours p.w.", "5+ years"
        value = _number(num)
        if mult_key is not None:
            value *= _MULT_VALUE[mult_key]
            if mult_key == "lpa":
                unit = "year"
        # A code after the number beats a symbol before it.
        word = post.strip().lower() if post else (pre[1] if pre else None)
        currency = _CURRENCY_WORDS[word] if word else None
        if currency is None and mult_key in _INDIAN_MULT:
            currency = "INR"
        year_like = mult is None and len(num) == 4 and num[:2] in ("19", "20")
        qualifies = bool(pre or post or mult or unit) or (value >= 1000 and not year_like)
        start = pre[0] if pre else num_start
        tokens.append(_Token(start, end, value, mult_key, currency, unit, bool(plus), qualifies))
    return tokens


def _compatible_currency(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return (a == "$" and b in _DOLLAR_CURRENCIES) or (b == "$" and a in _DOLLAR_CURRENCIES)


def _scaled(token: _Token, factor: float, mult: str | None) -> _Token:
    return _Token(
        token.start, token.end, token.value * factor, mult, token.currency, token.unit,
        token.plus, token.qualifies,
    )  # fmt: skip


def _pair(low: _Token, high: _Token) -> _Statement | None:
    """Two tokens joined by a range word, or ``None`` if they cannot be one range."""
    if low.unit and high.unit and low.unit != high.unit:
        return None
    if not _compatible_currency(low.currency, high.currency):
        return None
    flags: set[str] = set()
    # A multiplier written once covers both ends: "20 - 25k", "€45K-€60", "12-15 LPA".
    if high.mult and not low.mult and low.value < 1000:
        low = _scaled(low, _MULT_VALUE[high.mult], high.mult)
    elif low.mult and not high.mult and high.value < 1000:
        high = _scaled(high, _MULT_VALUE[low.mult], low.mult)
    elif (
        not low.mult
        and not high.mult
        and 0 < low.value < 1000 <= high.value
        and low.value * 1000 <= high.value < low.value * 10_000
    ):  # "30-45000", "$154-190,000"
        low = _scaled(low, 1000.0, None)
    if low.value == 0:
        return _Statement(high, None, {"up_to", "missing_min"})
    if high.value < low.value:
        if high.value < low.value / 2:
            return None
        low, high = high, low
        flags.add("swapped")
    return _Statement(low, high, flags)


def _statements(
    clean: str, tokens: list[_Token], period_words: bool, loose: bool = False
) -> list[_Statement]:
    """Group tokens into ranges and single amounts that look like pay.

    With ``loose``, small bare numbers count too; that second pass runs only when the first
    finds nothing and the text names a period: "Hourly rate 12-14", "7.00 to Competitive per
    hour".
    """
    statements: list[_Statement] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        statement: _Statement | None = None
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if (loose or token.qualifies or nxt.qualifies) and _RANGE_SEP_RE.fullmatch(
                clean, token.end, nxt.start
            ):
                statement = _pair(token, nxt)
                if statement is not None:
                    i += 2
                elif nxt.value < token.value:  # "25,000 to 28,00 per year"
                    statement = _Statement(token, None, {"range_rejected"})
                    i += 2
        if statement is None:
            i += 1
            if not (loose or token.qualifies):
                continue
            statement = _Statement(token, None, set())
        statements.append(statement)
    if not (statements or loose) and tokens and period_words and _LOOSE_UNIT_RE.search(clean):
        return _statements(clean, tokens, period_words, loose=True)[:1]
    return statements


def _prefix_flags(clean: str, statement: _Statement) -> set[str]:
    before = clean[max(0, statement.low.start - 24) : statement.low.start]
    if statement.high is not None:
        return {"approximate"} if _APPROX_RE.search(before) else set()
    if _UP_TO_RE.search(before):
        return {"up_to"}
    if _BARE_TO_RE.search(before):
        return {"up_to", "missing_min"}
    if _FROM_RE.search(before) or statement.low.plus:
        return {"from"}
    if _APPROX_RE.search(before):
        return {"approximate"}
    return set()


def _resolve_currency(raw: str | None, default: str | None) -> str | None:
    if raw == "$":
        return default if default in _DOLLAR_CURRENCIES else "USD"
    if raw == "¥":
        return "CNY" if default == "CNY" else "JPY"
    if raw == "kr":
        return default if default in _NORDIC_KRONA else None
    return raw


def _loose_period(clean: str, statement: _Statement, usd_amount: float) -> str | None:
    """A unit word elsewhere in the text (after the amount first), if the amount fits it."""
    after = statement.high.end if statement.high is not None else statement.low.end
    matches = sorted(_LOOSE_UNIT_RE.finditer(clean), key=lambda m: m.start() < after)
    for match in matches:
        word = match.group("s") or match.group("w") or match.group("e") or match.group("a")
        word = word.lower()
        period = _UNIT_WORDS.get(word) or _ABBR_PERIOD[word.replace(".", "")[1]]
        low, high = _LOOSE_UNIT_RANGE[period]
        if low <= usd_amount <= high:
            return period
    return None


def _build(
    raw: str,
    clean: str,
    statement: _Statement,
    following: list[_Statement],
    text_flags: set[str],
    period_words: bool,
    default_currency: str | None,
    default_period: str | None,
    factors: Mapping[str, float],
) -> Salary:
    # "37000/annum 37K to 47K": a lone amount restated at once as a range is that range.
    if statement.high is None and following:
        nxt = following[0]
        if nxt.high is not None and nxt.low.value == statement.low.value:
            statement = nxt
    flags = text_flags | statement.flags | _prefix_flags(clean, statement)
    low, high = statement.low, statement.high or statement.low
    confidence = 0.95 if statement.high is not None else 0.9
    if flags & {"up_to", "from", "range_rejected", "missing_min"}:
        confidence = 0.8

    raw_currency = high.currency or low.currency
    if raw_currency == "$" and low.currency not in (None, "$"):
        raw_currency = low.currency  # "A$120K - $150K"
    if raw_currency is None:
        loose = _LOOSE_CURRENCY_RE.search(clean)
        if loose is not None:
            raw_currency = _CURRENCY_WORDS[loose.group().lower()]
            confidence -= 0.05
    currency = _resolve_currency(raw_currency, default_currency)
    if currency is None and raw_currency is None and default_currency is not None:
        currency = default_currency
        flags.add("currency_default")
        confidence -= 0.05
    rate = USD_PER_UNIT.get(currency or "", 1.0)  # unknown currency: judge sizes as dollars

    period = high.unit or low.unit
    if period is None and period_words:
        period = _loose_period(clean, statement, low.value * rate)
    if period is None and default_period is not None:
        period = default_period
        flags.add("period_default")
        confidence -= 0.1
    if period is None:
        if low.value * rate >= _INFER_YEAR_USD:
            period = "year"
        elif high.value * rate <= _INFER_HOUR_USD:
            period = "hour"
        flags.add("period_unknown" if period is None else "period_inferred")
        confidence -= 0.4 if period is None else 0.15

    if statement.high is not None:
        rule = "salary:range"
    elif "up_to" in flags:
        rule = "salary:up_to"
    elif "from" in flags:
        rule = "salary:from"
    else:
        rule = "salary:single"
    low_amount, high_amount = round(low.value, 2), round(high.value, 2)
    reason = _implausible(low_amount, high_amount, currency, period, rate)
    if reason is not None:
        return Salary(
            raw=raw, currency=currency, period=period, flags=_ordered(flags), reason=reason,
            rule="salary:rejected",
        )  # fmt: skip
    annual: tuple[float | None, float | None, float | None, float | None, str | None]
    annual = (None, None, None, None, None)
    if period is not None:
        annual = _annual(low_amount, high_amount, period, currency, factors)
    known_rate = currency is not None and currency in USD_PER_UNIT
    if period and known_rate and implausible_reason(low_amount, high_amount, period, rate):
        flags.add("implausible")
    return Salary(
        raw=raw,
        min_amount=low_amount,
        max_amount=high_amount,
        currency=currency,
        period=period,
        annual_min=annual[0],
        annual_max=annual[1],
        usd_annual_min=annual[2],
        usd_annual_max=annual[3],
        fx_date=annual[4],
        flags=_ordered(flags),
        rule=rule,
        confidence=round(max(confidence, 0.05), 2),
    )


def implausible_reason(low: float, high: float, period: str, usd_rate: float) -> str | None:
    """Why a parsed amount, although kept, does not look like a salary (``None`` if it does).

    A year's pay under :data:`FLAG_MIN_USD_YEAR` or over :data:`FLAG_MAX_USD_YEAR` US
    dollars, an hourly rate over :data:`FLAG_MAX_USD_HOUR` dollars, or a range whose top is
    more than :data:`FLAG_MAX_RANGE_RATIO` times its bottom. :func:`parse_salary` sets the
    flag ``implausible`` on such readings; percentiles leave them out.

    Examples
    --------
    >>> implausible_reason(1000, 1000, "month", 1.0) is None
    True
    >>> implausible_reason(10, 10, "month", 1.0)
    'about 120 USD a year, under 5,000'
    >>> implausible_reason(10_000, 70_000, "year", 1.0)
    'the top of the range is 7.0 times its bottom (over 6)'
    """
    factor = PERIOD_FACTORS.get(period, 1.0)
    low_usd, high_usd = low * factor * usd_rate, high * factor * usd_rate
    if high_usd > FLAG_MAX_USD_YEAR:
        return f"about {high_usd:,.0f} USD a year, over {FLAG_MAX_USD_YEAR:,.0f}"
    if low_usd < FLAG_MIN_USD_YEAR:
        return f"about {low_usd:,.0f} USD a year, under {FLAG_MIN_USD_YEAR:,.0f}"
    if period == "hour" and high * usd_rate > FLAG_MAX_USD_HOUR:
        return f"an hourly rate of about {high * usd_rate:,.0f} USD, over {FLAG_MAX_USD_HOUR:g}"
    if low > 0 and high / low > FLAG_MAX_RANGE_RATIO:
        return (
            f"the top of the range is {high / low:.1f} times its bottom "
            f"(over {FLAG_MAX_RANGE_RATIO:g})"
        )
    return None


def _implausible(
    low: float, high: float, currency: str | None, period: str | None, rate: float
) -> str | None:
    if period is None:
        return None
    if period == "hour" and low < 1:
        return f"an hourly rate of {low:g} is implausibly low (under 1)"
    factor = PERIOD_FACTORS[period]
    unit = f"{currency + ' ' if currency else ''}per {period}"
    if high * factor * rate > _MAX_USD_YEAR:
        return (
            f"{high:,.0f} {unit} is about {high * factor * rate:,.0f} USD a year, "
            f"implausibly high (over {_MAX_USD_YEAR:,.0f})"
        )
    if low * factor * rate < _MIN_USD_YEAR:
        return (
            f"{low:,.2f} {unit} is about {low * factor * rate:,.0f} USD a year, "
            f"implausibly low (under {_MIN_USD_YEAR:,.0f})"
        )
    return None
