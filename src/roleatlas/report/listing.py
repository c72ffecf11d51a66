"""The job-board listing format.

A posting prints as two lines, as job boards show them::

    Senior Data Scientist @ murmuration | Remote (anywhere in the U.S.)
    Full Time · Senior-level / Expert · USD 120K - 150K
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from roleatlas.records import EMPLOYMENT_LABELS, LEVEL_LABELS, Location, Posting, Salary

__all__ = ["format_amount", "format_listing", "format_location", "format_salary", "posting_to_dict"]


_PERIOD_SUFFIX = {"hour": " / hour", "day": " / day", "week": " / week", "month": " / month"}


def format_amount(value: float) -> str:
    """A compact amount: thousands as ``K``, millions as ``M``.

    Examples
    --------
    >>> format_amount(120000), format_amount(52500), format_amount(45.5), format_amount(1.2e6)
    ('120K', '52.5K', '45.50', '1.2M')
    """
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
    if value >= 1000:
        return f"{value / 1000:.1f}".rstrip("0").rstrip(".") + "K"
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}"


def format_salary(salary: Salary | None) -> str | None:
    """``USD 120K - 150K`` (per year) or ``GBP 9 - 11 / hour``; ``None`` when not parsed.

    Estimates (Glassdoor's "(Glassdoor est.)") are marked ``(est.)``.

    Examples
    --------
    >>> format_salary(Salary(raw="x", min_amount=120e3, max_amount=150e3, currency="USD",
    ...                      period="year"))
    'USD 120K - 150K'
    """
    if salary is None or salary.min_amount is None:
        return None
    low = salary.min_amount
    high = salary.max_amount if salary.max_amount is not None else low
    amount = format_amount(low) if low == high else f"{format_amount(low)} - {format_amount(high)}"
    if "up_to" in salary.flags and low == high:
        amount = f"up to {amount}"
    currency = salary.currency or "?"
    estimated = " (est.)" if "estimated" in salary.flags else ""
    return f"{currency} {amount}{_PERIOD_SUFFIX.get(salary.period or '', '')}{estimated}"


def format_location(location: Location) -> str | None:
    """The location as the posting stated it, or as built from its normalized parts."""
    if location.raw:
        return location.raw.strip()
    parts = [p for p in (location.city, location.region, location.country) if p]
    if location.workplace == "remote":
        scope = f" ({location.remote_scope})" if location.remote_scope else ""
        return "Remote" + scope
    return ", ".join(parts) or None


def format_listing(posting: Posting) -> tuple[str, str]:
    """The two listing lines of ``posting``."""
    head = posting.title or "(untitled)"
    if posting.company:
        head += f" @ {posting.company}"
    where = format_location(posting.location)
    if where:
        head += f" | {where}"
    details = [
        EMPLOYMENT_LABELS.get(posting.employment_type or "", ""),
        LEVEL_LABELS.get(posting.level or "", ""),
        format_salary(posting.salary) or "",
    ]
    return head, " · ".join(d for d in details if d)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _flat(record: object) -> dict[str, Any]:
    """``dataclasses.asdict`` for a flat record (no nested dataclasses), without its deep copy."""
    cls = type(record)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(record))  # type: ignore[arg-type]
    return {name: getattr(record, name) for name in names}


def posting_to_dict(posting: Posting, *, description: bool = False) -> dict[str, Any]:
    """A JSON-ready dict of ``posting`` (the description only when asked)."""
    data: dict[str, Any] = {
        "source": posting.source,
        "source_id": posting.source_id,
        "title": posting.title,
        "company": posting.company,
        "url": posting.url,
        "posted_at": posting.posted_at,
        "role": posting.role,
        "role_name": posting.role_name,
        "level": posting.level,
        "level_label": LEVEL_LABELS.get(posting.level or ""),
        "seniority_rank": posting.seniority_rank,
        "employment_type": posting.employment_type,
        "location": _flat(posting.location),
        "salary": _flat(posting.salary) if posting.salary else None,
        "salary_display": format_salary(posting.salary),
        "listing": list(format_listing(posting)),
        "provenance": {k: _flat(v) for k, v in posting.provenance.items()},
    }
    if description:
        data["description"] = posting.description
    return data
