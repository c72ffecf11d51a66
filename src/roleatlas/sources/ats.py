"""Job-board API responses saved to files: Greenhouse, Lever and Ashby.

Each reader takes the JSON the public board API returns, unchanged:

- Greenhouse: ``boards-api.greenhouse.io/v1/boards/<board>/jobs?content=true`` →
  ``{"jobs": [...]}``. ``content`` is entity-escaped HTML; pay comes from
  ``pay_input_ranges`` (``?pay_transparency=true``) or a ``currency_range`` metadata field.
- Lever: ``api.lever.co/v0/postings/<board>?mode=json`` → a list of postings with
  ``categories``, ``workplaceType``, ``salaryRange``, and the description split into
  ``description``, ``lists`` and ``additional``.
- Ashby: ``api.ashbyhq.com/posting-api/job-board/<board>?includeCompensation=true`` →
  ``{"jobs": [...]}`` with ``isRemote``, ``workplaceType`` and ``compensation``.

The source is ``"<ats>:<board>"`` when the board can be read from the posting URLs
(``job-boards.greenhouse.io/vercel/...``), else ``"<ats>"``. Lever and Ashby responses do
not name the company, so ``company`` is then the board name and ``extra["company_from"]`` is
``"board"``. When the API states a remote or hybrid workplace the location text says so
(``"Remote (Europe)"``) and ``extra["workplace"]`` holds it. Descriptions are turned from
HTML into text with paragraphs and list items as lines.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from roleatlas.errors import InputError, RecordError, UnknownFormatError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import RawPosting
from roleatlas.sources._html import html_to_text
from roleatlas.sources._io import check_file, decode_text, read_document
from roleatlas.sources._util import (
    as_number,
    as_text,
    format_pay,
    json_type,
    snippet,
    with_workplace,
)

__all__ = [
    "ashby_posting",
    "greenhouse_posting",
    "lever_posting",
    "parse_ashby",
    "parse_greenhouse",
    "parse_lever",
    "read_ashby",
    "read_greenhouse",
    "read_lever",
]

_GREENHOUSE_BOARD = re.compile(
    r"(?:job-boards|boards)(?:\.eu)?\.greenhouse\.io/(?:embed/job_app\?for=)?([A-Za-z0-9_-]+)"
)
_LEVER_BOARD = re.compile(r"jobs\.(?:eu\.)?lever\.co/([A-Za-z0-9_.-]+)")
_ASHBY_BOARD = re.compile(r"jobs\.ashbyhq\.com/([^/?#]+)")

# Lever salaryRange.interval and Ashby compensation intervals → pay period.
_INTERVALS = {
    "per-year-salary": "year",
    "per-month-salary": "month",
    "per-week-salary": "week",
    "per-day-wage": "day",
    "per-hour-wage": "hour",
    "1 year": "year",
    "1 month": "month",
    "1 week": "week",
    "1 day": "day",
    "1 hour": "hour",
}
_WORKPLACES = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "on-site": "onsite"}


def _board(pattern: re.Pattern[str], *urls: Any) -> str | None:
    for url in urls:
        if isinstance(url, str):
            match = pattern.search(url)
            if match:
                return match.group(1)
    return None


def _source(ats: str, board: str | None, source: str | None) -> str:
    if source:
        return source
    return f"{ats}:{board}" if board else ats


def _workplace(value: Any) -> str | None:
    text = as_text(value)
    if text is None:
        return None
    return _WORKPLACES.get(text.lower().replace("_", "-").replace(" ", ""))


def _iso_from_millis(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return as_text(value)
    try:
        moment = dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _items(value: Any) -> list[Any]:
    """A JSON array field as a list; anything else (null, text, a number) as none."""
    return value if isinstance(value, list) else []


def _missing_id(ats: str, job: Any, origin: str) -> RecordError | None:
    if not isinstance(job, dict):
        return RecordError(
            f"Each {ats} job must be a JSON object. Got {json_type(job)} '{snippet(job)}' instead.",
            origin=origin,
        )
    if as_text(job.get("id")) is None:
        return RecordError(
            f"The {ats} job has no 'id'. Save the API response unchanged. "
            f"Got '{snippet(job)}' instead.",
            origin=origin,
        )
    return None


# --- Greenhouse ---------------------------------------------------------------------------


def _greenhouse_pay(job: dict[str, Any]) -> tuple[str | None, Any]:
    ranges = job.get("pay_input_ranges")
    if isinstance(ranges, list):
        for pay in ranges:
            if not isinstance(pay, dict):
                continue
            low, high = as_number(pay.get("min_cents")), as_number(pay.get("max_cents"))
            text = format_pay(
                as_text(pay.get("currency_type")),
                low / 100 if low is not None else None,
                high / 100 if high is not None else None,
                None,
            )
            if text:
                return text, ranges
    metadata = job.get("metadata")
    if isinstance(metadata, list):
        for field in metadata:
            if not isinstance(field, dict) or field.get("value_type") != "currency_range":
                continue
            value = field.get("value")
            if isinstance(value, dict):
                text = format_pay(
                    as_text(value.get("unit")),
                    as_number(value.get("min_value")),
                    as_number(value.get("max_value")),
                    None,
                )
                if text:
                    return text, value
    return None, None


def greenhouse_posting(
    job: Any, *, origin: str, source: str | None = None
) -> RawPosting | RecordError:
    """Map one job of a Greenhouse job board response to a :class:`RawPosting`.

    Examples
    --------
    >>> job = {"id": 1, "title": "Data Engineer", "company_name": "Vercel",
    ...        "location": {"name": "Hybrid - London"},
    ...        "absolute_url": "https://job-boards.greenhouse.io/vercel/jobs/1",
    ...        "content": "&lt;p&gt;Build pipelines.&lt;/p&gt;"}
    >>> p = greenhouse_posting(job, origin="jobs.json#0")
    >>> p.source, p.location, p.description
    ('greenhouse:vercel', 'Hybrid - London', 'Build pipelines.')
    """
    problem = _missing_id("Greenhouse", job, origin)
    if problem is not None:
        return problem
    url = as_text(job.get("absolute_url"))
    board = _board(_GREENHOUSE_BOARD, url)
    location = job.get("location")
    content = job.get("content")
    description = html_to_text(html.unescape(content)) if isinstance(content, str) else None
    salary_text, pay = _greenhouse_pay(job)
    extra: dict[str, Any] = {}
    if board:
        extra["board"] = board
    departments = [
        d["name"] for d in _items(job.get("departments")) if isinstance(d, dict) and d.get("name")
    ]
    if departments:
        extra["departments"] = departments
    offices = [
        as_text(o.get("location")) or as_text(o.get("name"))
        for o in _items(job.get("offices"))
        if isinstance(o, dict)
    ]
    if any(offices):
        extra["offices"] = [o for o in offices if o]
    metadata = {
        str(m["name"]): m.get("value")
        for m in _items(job.get("metadata"))
        if isinstance(m, dict) and m.get("name") and m.get("value") not in (None, "", [])
    }
    if metadata:
        extra["metadata"] = metadata
    for key in ("requisition_id", "internal_job_id", "updated_at", "language"):
        if job.get(key) not in (None, ""):
            extra[key] = job[key]
    if pay is not None:
        extra["pay"] = pay
    employment = None
    for name, value in metadata.items():
        if re.search(r"employment type|time type|job type", name, re.IGNORECASE):
            employment = as_text(value)
            break
    return RawPosting(
        source=_source("greenhouse", board, source),
        source_id=str(as_text(job.get("id"))),
        title=as_text(job.get("title")),
        company=as_text(job.get("company_name")),
        location=as_text(location.get("name")) if isinstance(location, dict) else None,
        description=description,
        salary_text=salary_text,
        employment_type=employment,
        posted_at=as_text(job.get("first_published")) or as_text(job.get("updated_at")),
        url=url,
        extra=extra,
        origin=origin,
    )


def parse_greenhouse(
    data: Any, *, origin: str = "<greenhouse>", source: str | None = None
) -> list[RawPosting | RecordError]:
    """Map a decoded Greenhouse ``{"jobs": [...]}`` response to postings.

    Raises
    ------
    UnknownFormatError
        If ``data`` is not an object with a ``jobs`` list.
    """
    jobs = _jobs(data, "Greenhouse job board response", origin)
    return [
        greenhouse_posting(j, origin=f"{origin}#{i}", source=source) for i, j in enumerate(jobs)
    ]


# --- Lever --------------------------------------------------------------------------------


def _lever_description(job: dict[str, Any]) -> str | None:
    parts: list[str] = []
    for html_key, plain_key in (("opening", "openingPlain"), ("description", "descriptionPlain")):
        text = html_to_text(job.get(html_key)) if isinstance(job.get(html_key), str) else None
        text = text or as_text(job.get(plain_key))
        if text:
            parts.append(text)
    for item in _items(job.get("lists")):
        if not isinstance(item, dict):
            continue
        heading = as_text(item.get("text"))
        content = item.get("content")
        body = html_to_text(content) if isinstance(content, str) else None
        block = "\n".join(p for p in (heading, body) if p)
        if block:
            parts.append(block)
    additional = job.get("additional")
    text = html_to_text(additional) if isinstance(additional, str) else None
    text = text or as_text(job.get("additionalPlain"))
    if text:
        parts.append(text)
    return "\n\n".join(parts) or None


def lever_posting(job: Any, *, origin: str, source: str | None = None) -> RawPosting | RecordError:
    """Map one posting of a Lever postings response to a :class:`RawPosting`.

    Examples
    --------
    >>> job = {"id": "abc", "text": "ML Engineer", "workplaceType": "remote",
    ...        "categories": {"commitment": "Full-time", "location": "Berlin"},
    ...        "hostedUrl": "https://jobs.lever.co/acme/abc",
    ...        "salaryRange": {"min": 90000, "max": 120000, "currency": "EUR",
    ...                        "interval": "per-year-salary"}}
    >>> p = lever_posting(job, origin="lever.json#0")
    >>> p.source, p.company, p.location, p.salary_text
    ('lever:acme', 'acme', 'Remote (Berlin)', 'EUR 90000 - 120000 per year')
    """
    problem = _missing_id("Lever", job, origin)
    if problem is not None:
        return problem
    url = as_text(job.get("hostedUrl"))
    board = _board(_LEVER_BOARD, url, job.get("applyUrl"))
    categories = job.get("categories") if isinstance(job.get("categories"), dict) else {}
    workplace = _workplace(job.get("workplaceType"))
    extra: dict[str, Any] = {}
    if board:
        extra["board"] = board
        extra["company_from"] = "board"
    if workplace:
        extra["workplace"] = workplace
    for key, name in (("team", "team"), ("department", "department")):
        if as_text(categories.get(key)):
            extra[name] = categories[key]
    all_locations = categories.get("allLocations")
    if isinstance(all_locations, list) and len(all_locations) > 1:
        extra["locations"] = all_locations
    if as_text(job.get("country")):
        extra["country"] = job["country"]
    if as_text(job.get("applyUrl")):
        extra["apply_url"] = job["applyUrl"]
    salary_text = None
    pay = job.get("salaryRange")
    if isinstance(pay, dict):
        interval = as_text(pay.get("interval"))
        salary_text = format_pay(
            as_text(pay.get("currency")),
            as_number(pay.get("min")),
            as_number(pay.get("max")),
            _INTERVALS.get(interval.lower(), interval) if interval else None,
        )
        extra["salary_range"] = pay
    if isinstance(job.get("salaryDescription"), str):
        extra["salary_description"] = html_to_text(job["salaryDescription"])
    return RawPosting(
        source=_source("lever", board, source),
        source_id=str(as_text(job.get("id"))),
        title=as_text(job.get("text")),
        company=board,
        location=with_workplace(as_text(categories.get("location")), workplace),
        description=_lever_description(job),
        salary_text=salary_text,
        employment_type=as_text(categories.get("commitment")),
        posted_at=_iso_from_millis(job.get("createdAt")),
        url=url,
        extra=extra,
        origin=origin,
    )


def parse_lever(
    data: Any, *, origin: str = "<lever>", source: str | None = None
) -> list[RawPosting | RecordError]:
    """Map a decoded Lever postings list to postings.

    Raises
    ------
    UnknownFormatError
        If ``data`` is not a list.
    """
    if not isinstance(data, list):
        raise UnknownFormatError(
            f"'{origin}' is not a Lever postings response (a JSON array of postings). "
            f"Got {json_type(data)} instead. Check --format, or leave it out to detect it."
        )
    return [lever_posting(j, origin=f"{origin}#{i}", source=source) for i, j in enumerate(data)]


# --- Ashby --------------------------------------------------------------------------------


def _ashby_pay(compensation: Any) -> str | None:
    if not isinstance(compensation, dict):
        return None
    components = _items(compensation.get("summaryComponents"))
    for tier in _items(compensation.get("compensationTiers")):
        if isinstance(tier, dict):
            components = [*components, *_items(tier.get("components"))]
    for part in components:
        if not isinstance(part, dict):
            continue
        if (as_text(part.get("compensationType")) or "").lower() != "salary":
            continue
        interval = as_text(part.get("interval"))
        text = format_pay(
            as_text(part.get("currencyCode")),
            as_number(part.get("minValue")),
            as_number(part.get("maxValue")),
            _INTERVALS.get(interval.lower(), interval) if interval else None,
        )
        if text:
            return text
    return as_text(compensation.get("scrapeableCompensationSalarySummary")) or as_text(
        compensation.get("compensationTierSummary")
    )


def _camel_words(value: str | None) -> str | None:
    """``FullTime`` → ``Full Time``: Ashby's enum names, spelled as a person would."""
    if value is None:
        return None
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value)


def ashby_posting(job: Any, *, origin: str, source: str | None = None) -> RawPosting | RecordError:
    """Map one job of an Ashby job board response to a :class:`RawPosting`.

    Examples
    --------
    >>> job = {"id": "j1", "title": "Data Scientist", "location": "Europe", "isRemote": True,
    ...        "employmentType": "FullTime", "jobUrl": "https://jobs.ashbyhq.com/linear/j1"}
    >>> p = ashby_posting(job, origin="ashby.json#0")
    >>> p.source, p.location, p.employment_type
    ('ashby:linear', 'Remote (Europe)', 'Full Time')
    """
    problem = _missing_id("Ashby", job, origin)
    if problem is not None:
        return problem
    url = as_text(job.get("jobUrl"))
    board = _board(_ASHBY_BOARD, url, job.get("applyUrl"))
    workplace = _workplace(job.get("workplaceType"))
    if job.get("isRemote") is True and workplace is None:
        workplace = "remote"
    extra: dict[str, Any] = {}
    if board:
        extra["board"] = board
        extra["company_from"] = "board"
    if workplace:
        extra["workplace"] = workplace
    for key, name in (
        ("department", "department"),
        ("team", "team"),
        ("applyUrl", "apply_url"),
        ("isListed", "is_listed"),
    ):
        if job.get(key) not in (None, ""):
            extra[name] = job[key]
    secondary = [
        as_text(s.get("location")) if isinstance(s, dict) else as_text(s)
        for s in _items(job.get("secondaryLocations"))
    ]
    if any(secondary):
        extra["secondary_locations"] = [s for s in secondary if s]
    address = job.get("address")
    if isinstance(address, dict) and isinstance(address.get("postalAddress"), dict):
        extra["postal_address"] = address["postalAddress"]
    compensation = job.get("compensation")
    if isinstance(compensation, dict) and any(compensation.values()):
        extra["compensation"] = compensation
    body = job.get("descriptionHtml")
    description = html_to_text(body) if isinstance(body, str) else None
    return RawPosting(
        source=_source("ashby", board, source),
        source_id=str(as_text(job.get("id"))),
        title=as_text(job.get("title")),
        company=board,
        location=with_workplace(as_text(job.get("location")), workplace),
        description=description or as_text(job.get("descriptionPlain")),
        salary_text=_ashby_pay(compensation),
        employment_type=_camel_words(as_text(job.get("employmentType"))),
        posted_at=as_text(job.get("publishedAt")),
        url=url,
        extra=extra,
        origin=origin,
    )


def parse_ashby(
    data: Any, *, origin: str = "<ashby>", source: str | None = None
) -> list[RawPosting | RecordError]:
    """Map a decoded Ashby ``{"jobs": [...]}`` response to postings.

    Raises
    ------
    UnknownFormatError
        If ``data`` is not an object with a ``jobs`` list.
    """
    jobs = _jobs(data, "Ashby job board response", origin)
    return [ashby_posting(j, origin=f"{origin}#{i}", source=source) for i, j in enumerate(jobs)]


# --- files --------------------------------------------------------------------------------


def _jobs(data: Any, what: str, origin: str) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("jobs"), list):
        return list(data["jobs"])
    got = (
        f"an object with the keys {', '.join(map(repr, list(data)[:6]))}"
        if isinstance(data, dict)
        else json_type(data)
    )
    raise UnknownFormatError(
        f"'{origin}' is not a {what} (a JSON object with a 'jobs' list). Got {got} instead. "
        "Check --format, or leave it out to detect it."
    )


def _load_json(path: Path, limits: Limits) -> Any:
    check_file(path)
    text = decode_text(read_document(path, limits, what="API response"), path)
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise InputError(
            f"The input file '{path}' is nested too deeply to be read (arrays or objects "
            "inside each other thousands of levels deep); it is not an API response as "
            "saved. Save the API response unchanged and try again."
        ) from exc
    except ValueError as exc:
        raise InputError(
            f"The input file '{path}' is not valid JSON ({exc}). Save the API response "
            "unchanged and try again."
        ) from exc


def _read(
    parse: Callable[..., list[RawPosting | RecordError]],
    path: Path,
    source: str | None,
    limits: Limits,
) -> Iterator[RawPosting | RecordError]:
    name = source.strip() if source and source.strip() else None
    return iter(parse(_load_json(path, limits), origin=str(path), source=name))


def read_greenhouse(
    path: Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawPosting | RecordError]:
    """Read a saved Greenhouse job board response (``.gz`` is decompressed transparently).

    Parameters
    ----------
    path : Path
        The JSON file.
    source : str, optional
        Source name for every posting instead of ``"greenhouse:<board>"``.
    limits : Limits, optional
        The response is one document, read whole: it may hold at most
        ``max_document_bytes``.

    Returns
    -------
    Iterator of RawPosting or RecordError
        One item per job, ``origin`` ``"path#index"``.

    Raises
    ------
    InputError
        If the file is missing, not JSON, nested too deeply or larger than
        ``limits.max_document_bytes``.
    UnknownFormatError
        If the JSON is not a Greenhouse ``{"jobs": [...]}`` response.
    """
    return _read(parse_greenhouse, path, source, limits)


def read_lever(
    path: Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawPosting | RecordError]:
    """Read a saved Lever postings response; see :func:`read_greenhouse`."""
    return _read(parse_lever, path, source, limits)


def read_ashby(
    path: Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawPosting | RecordError]:
    """Read a saved Ashby job board response; see :func:`read_greenhouse`."""
    return _read(parse_ashby, path, source, limits)
