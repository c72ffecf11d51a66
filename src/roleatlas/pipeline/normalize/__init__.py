"""Normalize a :class:`RawPosting` into a :class:`Posting`, field by field with provenance.

Each field comes from one pure normalizer (``normalize_title``, ``normalize_seniority``,
``normalize_employment``, ``normalize_location``, ``normalize_salary``); this module only
composes them and records which rule produced each value.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from roleatlas.errors import NormalizeError, RecordError
from roleatlas.pipeline.normalize.company import normalize_company
from roleatlas.pipeline.normalize.employment import (
    employment_from_text,
    employment_from_title,
    parse_employment_type,
    primary_employment_type,
)
from roleatlas.pipeline.normalize.fx import fx_day, salary_at
from roleatlas.pipeline.normalize.location import parse_location
from roleatlas.pipeline.normalize.posted import posted_from_text
from roleatlas.pipeline.normalize.salary import parse_salary
from roleatlas.pipeline.normalize.salary_text import salary_from_text
from roleatlas.pipeline.normalize.seniority import resolve_seniority
from roleatlas.pipeline.normalize.title import match_title
from roleatlas.records import Location, Posting, Provenance, RawPosting
from roleatlas.sources.datasets import source_defaults, structured_salary_text

__all__ = ["NORMALIZE_KINDS", "NORM_VERSION", "normalize_posting", "normalize_text"]

#: Bump when a normalizer changes its output, so that the next ingest renormalizes stored rows.
#: 2: company names normalized (ratings, labels, slugs; the raw name kept in extra).
#: 3: salary, employment type and posted date read from the description when the source
#: gives none; implausible salaries flagged; board slugs named as the description writes them.
NORM_VERSION = 3

# Keys of ``extra`` that may carry the day a page was read (for "posted 5 days ago").
_READ_DATE_KEYS = ("snapshot_date", "scraped_at", "scrape_date", "fetched_at")


def normalize_posting(raw: RawPosting, content_hash: str | None = None) -> Posting:
    """Normalize one raw posting.

    ``content_hash`` may pass ``raw.content_hash()`` when the caller has already computed it.

    Raises
    ------
    RecordError
        If the posting has neither a title nor a description (nothing to normalize).
    """
    if not (raw.title or raw.description):
        raise RecordError(
            f"Posting {raw.source_id!r} of source {raw.source!r} has neither a title nor a "
            "description. Add at least one of them.",
            raw.origin,
        )
    defaults = source_defaults(raw)
    provenance: dict[str, Provenance] = {}

    role = role_name = None
    title_seniority = None
    if raw.title:
        match = match_title(raw.title)
        role, role_name = match.role, match.role_name
        title_seniority = match.seniority
        if role is not None:
            provenance["role"] = Provenance(f"title:{match.method}", round(match.score, 3))

    seniority = resolve_seniority(raw.title, stated=raw.seniority, description=raw.description)
    if seniority.level is None and title_seniority is not None and title_seniority.level:
        seniority = title_seniority
    if seniority.level is not None or seniority.rank is not None:
        provenance["level"] = Provenance(seniority.rule, seniority.confidence)

    types = parse_employment_type(raw.employment_type)
    rule = "source:employment_type"
    title_type = employment_from_title(raw.title)
    if title_type and title_type not in types:
        types = (*types, title_type)
        rule = "title:employment"
    employment = primary_employment_type(types)
    if employment is not None:
        provenance["employment_type"] = Provenance(rule, 0.95 if rule.startswith("source") else 0.8)
    evidence: dict[str, str] = {}
    if employment is None:
        reading = employment_from_text(raw.description)
        if reading is not None:
            employment = reading.type
            provenance["employment_type"] = Provenance(reading.rule, reading.confidence)
            evidence["employment_evidence"] = reading.evidence

    location = (
        parse_location(raw.location, default_country=defaults.country)
        if raw.location
        else Location(
            raw=None, country=defaults.country, rule="source:default" if defaults.country else ""
        )
    )
    if location.rule:
        provenance["location"] = Provenance(location.rule, location.confidence)

    salary_text = raw.salary_text or structured_salary_text(raw)
    salary = parse_salary(salary_text, default_currency=defaults.currency) if salary_text else None
    if salary is None or not salary.parsed:
        found = salary_from_text(raw.description, default_currency=defaults.currency)
        if found is not None:
            salary = found.salary
            evidence["salary_evidence"] = found.evidence
    if salary is not None and salary.parsed:
        provenance["salary"] = Provenance(salary.rule, salary.confidence)

    posted_at = raw.posted_at
    if not posted_at:
        read_on = next((raw.extra[k] for k in _READ_DATE_KEYS if raw.extra.get(k)), None)
        day_first = defaults.country not in (None, "US")
        posted = posted_from_text(raw.description, reference=read_on, day_first=day_first)
        if posted is not None:
            posted_at = posted.date
            provenance["posted_at"] = Provenance(posted.rule, posted.confidence)
            evidence["posted_evidence"] = posted.evidence

    if salary is not None and salary.parsed:
        # US dollars at the rate of the salary's own date: posted, else the day the page was
        # read (first seen), else the newest ECB rate (fx.salary_at)
        read = next((str(raw.extra[k]) for k in _READ_DATE_KEYS if raw.extra.get(k)), None)
        salary, fx_rule = salary_at(salary, fx_day(posted_at) or fx_day(read))
        if fx_rule is not None:
            provenance["salary_usd"] = fx_rule

    company = normalize_company(
        raw.company, source=raw.source, url=raw.url, description=raw.description
    )
    extra = {**raw.extra, **evidence} if evidence else raw.extra
    if company is not None and company.name != raw.company:
        provenance["company"] = Provenance(company.rule, 0.9)
    if (company.name if company else None) != raw.company and raw.company:
        extra = {**extra, "company_raw": raw.company}

    return Posting(
        source=raw.source,
        source_id=raw.source_id,
        title=raw.title,
        company=company.name if company is not None else None,
        description=raw.description,
        url=raw.url,
        posted_at=posted_at,
        role=role,
        role_name=role_name,
        level=seniority.level,
        seniority_rank=seniority.rank,
        employment_type=employment,
        location=location,
        salary=salary,
        content_hash=content_hash or raw.content_hash(),
        provenance=provenance,
        extra=extra,
    )


#: The kinds of text ``roleatlas normalize`` understands.
NORMALIZE_KINDS = ("title", "salary", "location", "listing", "employment", "seniority")


def normalize_text(kind: str, text: str) -> list[dict[str, Any]]:
    """Normalize one piece of text of the given ``kind`` into JSON-ready dicts.

    ``listing`` may hold several postings and returns one dict per posting; every other kind
    returns exactly one dict.

    Raises
    ------
    NormalizeError
        If ``kind`` is not one of :data:`NORMALIZE_KINDS`.
    """
    if kind == "title":
        match = match_title(text)
        data = asdict(match)
        data["level"] = match.seniority.level
        return [data]
    if kind == "salary":
        salary = parse_salary(text)
        return [asdict(salary) if salary else {"raw": text, "reason": "empty text"}]
    if kind == "location":
        return [asdict(parse_location(text))]
    if kind == "employment":
        types = parse_employment_type(text)
        return [{"raw": text, "types": list(types), "primary": primary_employment_type(types)}]
    if kind == "seniority":
        return [asdict(resolve_seniority(text, stated=text))]
    if kind == "listing":
        from roleatlas.report.listing import posting_to_dict
        from roleatlas.sources.listing import parse_listing_text

        out: list[dict[str, Any]] = []
        for item in parse_listing_text(text):
            if isinstance(item, RecordError):
                out.append({"error": item.reason, "origin": item.origin})
            else:
                out.append(posting_to_dict(normalize_posting(item)))
        return out
    raise NormalizeError(
        f"Unknown normalize kind {kind!r}. Choose one of: {', '.join(NORMALIZE_KINDS)}."
    )
