"""Job search over the store: validate user filters and build a :class:`JobQuery`."""

from __future__ import annotations

import pycountry

from roleatlas.errors import InputError
from roleatlas.records import LEVELS
from roleatlas.store import JobQuery

__all__ = ["job_query"]


def job_query(
    *,
    role: str | None = None,
    level: str | None = None,
    remote: bool | None = None,
    country: str | None = None,
    min_salary_usd: float | None = None,
    limit: int | None = 20,
    include_closed: bool = False,
) -> JobQuery:
    """Validate job-search filters and resolve names to ids.

    ``role`` may be a catalog id or any name or alias of a role; ``country`` an ISO alpha-2 or
    alpha-3 code or a country name. Postings that their live source no longer lists (closed)
    are left out unless ``include_closed``.

    Raises
    ------
    InputError
        If a filter value is invalid; the message says which values are accepted.
    """
    role_id = None
    if role:
        from roleatlas.catalog import load_catalog

        role_id = load_catalog().resolve(role).id
    level_code = None
    if level:
        level_code = level.strip().upper()
        if level_code not in LEVELS:
            raise InputError(f"--level must be one of {', '.join(LEVELS)}. Got {level!r} instead.")
    country_code = None
    if country:
        try:
            found = pycountry.countries.lookup(country.strip())
        except LookupError:
            raise InputError(
                f"--country must be an ISO country code or name, e.g. US or GB. Got {country!r}."
            ) from None
        country_code = str(found.alpha_2)
    if min_salary_usd is not None and min_salary_usd < 0:
        raise InputError(f"--min-salary must be zero or more. Got {min_salary_usd} instead.")
    return JobQuery(
        role=role_id,
        level=level_code,
        remote=remote,
        country=country_code,
        min_salary_usd=min_salary_usd,
        limit=limit,
        include_closed=include_closed,
    )
