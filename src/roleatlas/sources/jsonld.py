"""schema.org ``JobPosting`` JSON-LD, inside HTML pages or as extracted JSON.

In a page, every ``<script type="application/ld+json">`` is read; a ``JobPosting`` may be
the script's object, an item of a list, inside ``@graph`` or nested in another object
(``WebPage.mainEntity``, ``ItemList.itemListElement``). A ``.json`` file may hold the
objects directly (one object, a list, or a ``@graph``).

Mapping to :class:`~roleatlas.records.RawPosting`:

- ``title`` (or ``name``), ``hiringOrganization.name``, ``datePosted``, ``url``;
- ``jobLocation``: the first place's address as ``"City, Region, Country"`` (every place in
  ``extra["locations"]`` when there are several; an ISO country code is written as the
  country's name, since ``"Berlin, BE, DE"`` would read as Belgium);
  ``jobLocationType: TELECOMMUTE`` makes it ``"Remote (...)"`` with
  ``applicantLocationRequirements`` as the place when there is no address, and sets
  ``extra["workplace"] = "remote"``;
- ``baseSalary`` (a ``MonetaryAmount``, or a bare number with ``salaryCurrency``):
  ``salary_text`` such as ``"USD 100000 - 120000 per year"`` and the values in
  ``extra["base_salary"]`` (``currency``, ``min``, ``max``, ``unit``);
- ``employmentType`` (text or list, joined with ``", "``); ``description`` from HTML to text;
- ``identifier`` (text, number or ``PropertyValue``) is the id, else ``url``, else a hash of
  the object;
- ``source`` is ``"jsonld:<host>"`` (host of the posting's url, else of the page's canonical
  URL) or ``"jsonld:<file stem>"``.

Other useful properties (``occupationalCategory``, ``educationRequirements``,
``experienceRequirements``, ``skills``, ``qualifications``, ``validThrough``...) are kept in
``extra`` as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pycountry
from selectolax.lexbor import LexborHTMLParser

from roleatlas.errors import RecordError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.records import RawPosting
from roleatlas.sources._html import html_to_text
from roleatlas.sources._io import check_file, decode_text, file_stem, read_document
from roleatlas.sources._util import (
    as_number,
    as_text,
    format_pay,
    host_of,
    snippet,
    stable_id,
    with_workplace,
)

__all__ = ["find_job_postings", "parse_jsonld", "posting_from_jsonld", "read_jsonld"]

_TOO_DEEP = (
    "{what} is nested too deeply to be read (arrays or objects inside each other thousands "
    "of levels deep). Flatten it, or remove it."
)

_EXTRA_KEYS = (
    "occupationalCategory",
    "relevantOccupation",
    "industry",
    "educationRequirements",
    "experienceRequirements",
    "experienceInPlaceOfEducation",
    "qualifications",
    "skills",
    "responsibilities",
    "jobBenefits",
    "incentiveCompensation",
    "workHours",
    "validThrough",
    "directApply",
    "specialCommitments",
    "estimatedSalary",
)


def read_jsonld(
    path: Path, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawPosting | RecordError]:
    """Read the JobPosting JSON-LD of an HTML page, or a JSON file of JSON-LD objects.

    Parameters
    ----------
    path : Path
        An ``.html`` page (or any text holding ``ld+json`` scripts) or a ``.json`` file.
    source : str, optional
        Source name for every posting instead of ``"jsonld:<host or stem>"``.
    limits : Limits, optional
        The page is one document, read whole: it may hold at most ``max_document_bytes``.

    Returns
    -------
    Iterator of RawPosting or RecordError
        One item per JobPosting, ``origin`` ``"path#index"``; a script that is not valid
        JSON, or a file without any JobPosting, is a RecordError.

    Raises
    ------
    InputError
        If the file is missing, unreadable or larger than ``limits.max_document_bytes``.
    """
    check_file(path)
    text = decode_text(
        read_document(path, limits, what="page or JSON-LD file"), path, errors="replace"
    )
    return iter(parse_jsonld(text, origin=str(path), source=source, name=file_stem(path)))


def parse_jsonld(
    text: str, *, origin: str = "<text>", source: str | None = None, name: str | None = None
) -> list[RawPosting | RecordError]:
    """Read every JobPosting in an HTML page or a JSON-LD document.

    Parameters
    ----------
    text : str
        HTML, or JSON (an object, a list or a ``@graph``).
    origin : str, default "<text>"
        Prefix of each result's ``origin`` (``"<origin>#<index>"``).
    source : str, optional
        Source name for every posting.
    name : str, optional
        Fallback for ``"jsonld:<name>"`` when a posting has no URL (the file stem).

    Returns
    -------
    list of RawPosting or RecordError

    Examples
    --------
    >>> page = '''<script type="application/ld+json">
    ... {"@context": "https://schema.org", "@type": "JobPosting", "title": "ML Engineer",
    ...  "hiringOrganization": {"name": "Acme"}, "identifier": {"value": "42"},
    ...  "url": "https://jobs.acme.com/42"}</script>'''
    >>> [p] = parse_jsonld(page)
    >>> p.source, p.source_id, p.title, p.company
    ('jsonld:jobs.acme.com', '42', 'ML Engineer', 'Acme')
    """
    results: list[RawPosting | RecordError] = []
    stripped = text.lstrip()
    page_host = None
    if stripped[:1] in ("{", "["):
        try:
            documents: list[Any] = [json.loads(stripped, strict=False)]
        except RecursionError:
            return [RecordError(_TOO_DEEP.format(what="The JSON-LD"), origin=origin)]
        except ValueError as exc:
            return [
                RecordError(
                    f"The JSON-LD is not valid JSON ({exc}). Fix the file, or save the HTML "
                    "page instead.",
                    origin=origin,
                )
            ]
    else:
        documents = []
        tree = LexborHTMLParser(text)
        page_host = host_of(_page_url(tree))
        for number, script in enumerate(tree.css("script"), 1):
            kind = (script.attributes.get("type") or "").strip().lower()
            if not kind.startswith("application/ld+json"):
                continue
            body = script.text(deep=True) or ""
            if not body.strip():
                continue
            try:
                documents.append(json.loads(body, strict=False))
            except RecursionError:
                results.append(
                    RecordError(
                        _TOO_DEEP.format(what=f"JSON-LD script {number}"),
                        origin=f"{origin}#script{number}",
                    )
                )
            except ValueError as exc:
                results.append(
                    RecordError(
                        f"JSON-LD script {number} is not valid JSON ({exc}); its postings "
                        f"cannot be read. Got '{snippet(body)}' instead.",
                        origin=f"{origin}#script{number}",
                    )
                )
    index = 0
    for document in documents:
        for obj in find_job_postings(document):
            where = f"{origin}#{index}"
            try:
                item = posting_from_jsonld(
                    obj, origin=where, source=source, fallback_name=page_host or name
                )
            except RecursionError:
                item = RecordError(_TOO_DEEP.format(what="The JobPosting"), origin=where)
            results.append(item)
            index += 1
    if index == 0 and not results:
        results.append(
            RecordError(
                "No schema.org JobPosting found. Save the posting's own page (it carries a "
                '<script type="application/ld+json"> block with "@type": "JobPosting"), or '
                "pass the right --format.",
                origin=origin,
            )
        )
    return results


def _page_url(tree: LexborHTMLParser) -> str | None:
    for selector, attribute in (
        ('link[rel="canonical"]', "href"),
        ('meta[property="og:url"]', "content"),
    ):
        node = tree.css_first(selector)
        if node is not None and node.attributes.get(attribute):
            return str(node.attributes[attribute])
    return None


def _is_job_posting(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(kinds, list):
        return False
    for kind in kinds:
        if isinstance(kind, str) and kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting":
            return True
    return False


def find_job_postings(document: Any) -> Iterator[dict[str, Any]]:
    """Every JobPosting object in a decoded JSON-LD document, in document order.

    A JobPosting's own properties are not searched for further postings.

    Examples
    --------
    >>> page = {"@type": "WebPage", "mainEntity": {"@type": "JobPosting", "title": "A"}}
    >>> doc = {"@graph": [page]}
    >>> [p["title"] for p in find_job_postings(doc)]
    ['A']
    """
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _is_job_posting(node):
                yield node
                continue
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _name(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        return as_text(value.get("name")) or as_text(value.get("@id"))
    return as_text(value)


def _address_text(place: Any) -> str | None:
    if isinstance(place, str):
        return as_text(place)
    if not isinstance(place, dict):
        return None
    address = place.get("address", place)
    if isinstance(address, list):
        address = _first(address)
    if isinstance(address, str):
        return as_text(address)
    if not isinstance(address, dict):
        return _name(place)
    parts: list[str] = []
    for key in ("addressLocality", "addressRegion", "addressCountry"):
        part = _name(address.get(key))
        if part and key == "addressCountry":
            part = _country_name(part)
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts) if parts else _name(place)


def _country_name(value: str) -> str:
    """An ISO country code as the country's name: "Berlin, BE, DE" would read as Belgium."""
    if len(value) not in (2, 3) or not value.isalpha() or not value.isupper():
        return value
    if len(value) == 2:
        country = pycountry.countries.get(alpha_2=value)
    else:
        country = pycountry.countries.get(alpha_3=value)
    if country is None:
        return value
    return str(getattr(country, "common_name", None) or country.name)


def _places(value: Any) -> list[str]:
    places = value if isinstance(value, list) else [value]
    texts = [_address_text(place) for place in places]
    return [text for text in texts if text]


def _salary(obj: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
    base = _first(obj.get("baseSalary"))
    if base is None:
        return None, None
    currency = as_text(obj.get("salaryCurrency"))
    unit = None
    low = high = None
    if isinstance(base, dict):
        currency = as_text(base.get("currency")) or currency
        value = _first(base.get("value"))
        unit = as_text(base.get("unitText"))
        if isinstance(value, dict):
            unit = as_text(value.get("unitText")) or unit
            low = as_number(value.get("minValue"))
            high = as_number(value.get("maxValue"))
            single = as_number(value.get("value"))
            if low is None and high is None:
                low = high = single
        else:
            low = high = as_number(value)
    else:
        low = high = as_number(base)
    if low is None and high is None:
        raw = as_text(base) if not isinstance(base, dict) else None
        return raw, {"raw": base}
    structured = {"currency": currency, "min": low, "max": high, "unit": unit}
    return format_pay(currency, low, high, unit), structured


def _identifier(obj: dict[str, Any]) -> str | None:
    value = _first(obj.get("identifier"))
    if isinstance(value, dict):
        return as_text(value.get("value")) or as_text(value.get("@id"))
    return as_text(value)


def posting_from_jsonld(
    obj: dict[str, Any],
    *,
    origin: str | None = None,
    source: str | None = None,
    fallback_name: str | None = None,
) -> RawPosting | RecordError:
    """Map one schema.org JobPosting object to a :class:`RawPosting`.

    Parameters
    ----------
    obj : dict
        The decoded JobPosting.
    origin : str, optional
        Where it was read.
    source : str, optional
        Source name to use instead of ``"jsonld:<host>"``.
    fallback_name : str, optional
        Host or file stem for the source name when the posting has no URL.

    Returns
    -------
    RawPosting or RecordError
        A RecordError when the object has neither a title nor a description.
    """
    title = as_text(obj.get("title")) or as_text(obj.get("name"))
    description = obj.get("description")
    description = html_to_text(description) if isinstance(description, str) else None
    if title is None and description is None:
        return RecordError(
            "The JobPosting has neither a 'title' nor a 'description'. Add one of them. "
            f"Got '{snippet(obj)}' instead.",
            origin=origin,
        )
    url = as_text(obj.get("url"))
    extra: dict[str, Any] = {}
    places = _places(obj.get("jobLocation"))
    if len(places) > 1:
        extra["locations"] = places
    applicants = _places(obj.get("applicantLocationRequirements"))
    if applicants:
        extra["applicant_locations"] = applicants
    location = places[0] if places else None
    kinds = obj.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and k.strip().upper() == "TELECOMMUTE" for k in kinds):
        extra["workplace"] = "remote"
        location = with_workplace(location or ", ".join(applicants) or None, "remote")
    salary_text, base_salary = _salary(obj)
    if base_salary is not None:
        extra["base_salary"] = base_salary
    employment = obj.get("employmentType")
    if isinstance(employment, list):
        employment = ", ".join(t for t in (as_text(e) for e in employment) if t)
    for key in _EXTRA_KEYS:
        if obj.get(key) not in (None, "", [], {}):
            extra[key] = obj[key]
    name = source
    if not name:
        name = "jsonld:" + (host_of(url) or fallback_name or "unknown")
    source_id = _identifier(obj) or url or "jsonld-" + stable_id(obj)
    return RawPosting(
        source=name,
        source_id=source_id,
        title=title,
        company=_name(obj.get("hiringOrganization")),
        location=location,
        description=description,
        salary_text=salary_text,
        employment_type=as_text(employment),
        posted_at=as_text(obj.get("datePosted")),
        url=url,
        extra=extra,
        origin=origin,
    )
