"""Search requests and results, and checking a request's filter values.

:class:`SearchQuery` is what every face (CLI, API, web) builds from user input;
:func:`checked` validates it once, so a wrong filter value becomes an
:class:`~roleatlas.errors.InputError` that names the value and the accepted ones. Keyword text
is never an error: see :func:`roleatlas.search.index.SearchIndex.search`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from datetime import date

from roleatlas.errors import InputError
from roleatlas.records import LEVELS

__all__ = [
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_TEXT",
    "SORTS",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "checked",
]

#: Orders a search can ask for.
SORTS = ("relevance", "newest", "salary")
#: Most hits one page may hold.
MAX_LIMIT = 1000
#: Deepest page start: top-k collection costs grow with offset + limit.
MAX_OFFSET = 10_000
#: Longest keyword text, in characters.
MAX_TEXT = 1000

_ISO2 = re.compile(r"^[A-Za-z]{2}$")


@dataclass(frozen=True)
class SearchQuery:
    """One search: keyword text plus filters, an order and a page.

    ``None`` (or an empty tuple) means "no filter". ``skills`` are catalog skill ids (names
    and aliases are resolved too) that must all be asked for by the posting; mentions in
    company boilerplate and benefits do not count. ``country`` matches the posting's country
    or a remote scope naming it (as :meth:`roleatlas.store.Store.jobs` does). The salary
    bounds (annual USD) keep postings whose ``[min, max]`` range overlaps them; postings
    without a USD salary are dropped when either is set. ``posted_after`` and
    ``posted_before`` are inclusive days. Closed postings (no longer listed by their live
    source) are left out unless ``include_closed``. ``sort="relevance"`` without text orders
    by newest.
    """

    text: str | None = None
    role: str | None = None
    level: str | None = None
    employment_type: str | None = None
    remote: bool | None = None
    country: str | None = None
    min_salary_usd: float | None = None
    max_salary_usd: float | None = None
    posted_after: date | None = None
    posted_before: date | None = None
    skills: tuple[str, ...] = ()
    include_closed: bool = False
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class SearchHit:
    """One matching posting. ``score`` is the relevance score (0.0 when sorted by a field)."""

    source: str
    source_id: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    """A page of hits; ``total`` counts every matching posting, not just this page."""

    total: int
    hits: list[SearchHit]
    took_ms: float


def _salary(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or math.isnan(value) or value < 0:
        raise InputError(f"{name} must be a number of USD per year, zero or more. Got {value!r}.")
    return float(value)


def checked(query: SearchQuery) -> SearchQuery:
    """``query`` with its filter values validated and put in their stored form.

    Levels are upper-cased, countries become ISO alpha-2 codes (names and alpha-3 codes are
    accepted), roles and skills may be given by name or alias and become catalog ids, blank
    strings mean "no filter".

    Raises
    ------
    InputError
        If a filter value is invalid (also an unknown role or skill); the message names it
        and the accepted values.

    Examples
    --------
    >>> checked(SearchQuery(level="se", country="gb", skills=("C++",))).skills
    ('cpp',)
    """
    changes: dict[str, object] = {}
    text = query.text.strip() if query.text else None
    if text and len(text) > MAX_TEXT:
        raise InputError(
            f"The search text is {len(text)} characters long; the limit is {MAX_TEXT}. "
            "Use fewer words."
        )
    changes["text"] = text or None
    role = (query.role or "").strip()
    if role:
        from roleatlas.catalog import load_catalog

        catalog = load_catalog()
        changes["role"] = role if role in catalog else catalog.resolve(role).id
    else:
        changes["role"] = None
    level = (query.level or "").strip().upper()
    if level and level not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}. Got {query.level!r} instead.")
    changes["level"] = level or None
    employment = (query.employment_type or "").strip().lower().replace("-", "_").replace(" ", "_")
    if employment:
        from roleatlas.pipeline.normalize.employment import EMPLOYMENT_TYPES

        if employment not in EMPLOYMENT_TYPES:
            raise InputError(
                f"employment_type must be one of {', '.join(EMPLOYMENT_TYPES)}. "
                f"Got {query.employment_type!r} instead."
            )
    changes["employment_type"] = employment or None
    changes["country"] = _country(query.country)
    low = _salary("min_salary_usd", query.min_salary_usd)
    high = _salary("max_salary_usd", query.max_salary_usd)
    if low is not None and high is not None and low > high:
        raise InputError(
            f"min_salary_usd ({low:g}) is above max_salary_usd ({high:g}). Swap them or drop one."
        )
    changes["min_salary_usd"], changes["max_salary_usd"] = low, high
    after, before = query.posted_after, query.posted_before
    for name, value in (("posted_after", after), ("posted_before", before)):
        if value is not None and not isinstance(value, date):
            raise InputError(f"{name} must be a date (YYYY-MM-DD). Got {value!r} instead.")
        if value is not None and not 1900 <= value.year <= 2200:
            # the index stores dates as 64-bit nanoseconds since 1970, which end in 2262
            raise InputError(f"{name} must be a day between 1900 and 2200. Got {value} instead.")
    if after is not None and before is not None and after > before:
        raise InputError(
            f"posted_after ({after}) is later than posted_before ({before}); no posting can match."
        )
    changes["skills"] = _skills(query.skills)
    if query.sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}. Got {query.sort!r} instead.")
    if not 1 <= query.limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}. Got {query.limit!r} instead.")
    if not 0 <= query.offset <= MAX_OFFSET:
        raise InputError(
            f"offset must be between 0 and {MAX_OFFSET}. Got {query.offset!r} instead; "
            "narrow the search with filters to see later postings."
        )
    return dataclasses.replace(query, **changes)  # type: ignore[arg-type]


def _country(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    import pycountry

    try:
        if _ISO2.match(text):  # the common case; lookup() would also try names
            found = pycountry.countries.get(alpha_2=text.upper())
            if found is None:
                raise LookupError(text)
        else:
            found = pycountry.countries.lookup(text)
    except LookupError:
        raise InputError(
            f"country must be an ISO country code or name, e.g. US or GB. Got {value!r} instead."
        ) from None
    return str(found.alpha_2)


def _skills(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(values, str):  # a bare string would be read letter by letter
        values = (values,)
    names = [v.strip() for v in values if v and v.strip()]
    if not names:
        return ()
    from roleatlas.catalog.skills import load_skills

    catalog = load_skills()
    ids: list[str] = []
    for name in names:
        skill_id = name if name in catalog else catalog.resolve(name).id
        if skill_id not in ids:
            ids.append(skill_id)
    return tuple(ids)
