"""Page contexts built from core results: the parts of each page that are not routing.

Every function takes the result of one core call (a posting and its extraction, a search
page, a pay breakdown) and returns the plain values a template shows; nothing here queries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup

from roleatlas.catalog import load_catalog
from roleatlas.catalog.skills import load_skills
from roleatlas.errors import InputError
from roleatlas.insights.pay import PayBreakdown, PayCell
from roleatlas.insights.phrases import counted_catalog_ranges, posting_phrases
from roleatlas.pipeline.normalize.employment import EMPLOYMENT_LABELS, EMPLOYMENT_TYPES
from roleatlas.records import LEVEL_LABELS, LEVELS, Extraction, Posting
from roleatlas.report.html import chart_html
from roleatlas.report.listing import format_listing, format_location, format_salary
from roleatlas.web.render import Links, Part
from roleatlas.web.sanitize import description_html

__all__ = [
    "COMPARISONS",
    "EMPLOYMENT_OPTIONS",
    "JOB_FILTERS",
    "LEVEL_OPTIONS",
    "SORT_OPTIONS",
    "cell_examples",
    "human_date",
    "job_context",
    "job_rows",
    "pager",
    "role_links",
    "parse_status",
    "parse_date",
    "parse_money",
    "parse_page",
    "parse_remote",
    "safe_url",
    "salaries_context",
]

LEVEL_OPTIONS = [(code, LEVEL_LABELS[code]) for code in LEVELS]
EMPLOYMENT_OPTIONS = [(code, EMPLOYMENT_LABELS[code]) for code in EMPLOYMENT_TYPES]
SORT_OPTIONS = [
    ("relevance", "Relevance"),
    ("newest", "Newest first"),
    ("salary", "Highest salary"),
]
#: Query parameters of the job search form, in form order.
JOB_FILTERS = (
    "q",
    "role",
    "level",
    "employment_type",
    "remote",
    "country",
    "min_salary",
    "posted_after",
    "status",
    "sort",
)
#: Comparisons offered on the home and compare pages (catalog ids).
COMPARISONS: list[tuple[str, str]] = [
    ("machine-learning-research-engineer", "machine-learning-scientist"),
    ("data-scientist", "data-engineer"),
    ("data-scientist", "data-analyst"),
    ("data-scientist", "machine-learning-engineer"),
    ("data-engineer", "analytics-engineer"),
    ("machine-learning-engineer", "mlops-engineer"),
    ("research-scientist", "applied-scientist"),
]

_NEED = {True: "required", False: "preferred", None: "not stated"}
_WORKPLACE = {True: "remote", False: "on site or hybrid", None: "any"}


# -- parsing form values (blank means "no filter") ------------------------------------------
def parse_status(value: str | None) -> bool:
    """Whether to include closed postings: ``"all"`` → True, blank or ``"open"`` → False.

    Examples
    --------
    >>> parse_status("all"), parse_status(""), parse_status("open")
    (True, False, False)
    """
    text = (value or "").strip().lower()
    if text in ("", "open"):
        return False
    if text == "all":
        return True
    raise InputError(f"status must be open or all. Got {value!r} instead.")


def parse_remote(value: str | None) -> bool | None:
    """``"true"`` → True, ``"false"`` → False, blank → None.

    Examples
    --------
    >>> parse_remote("true"), parse_remote(""), parse_remote("false")
    (True, None, False)
    """
    text = (value or "").strip().lower()
    if not text:
        return None
    if text in ("true", "1", "yes", "remote"):
        return True
    if text in ("false", "0", "no", "onsite"):
        return False
    raise InputError(f"remote must be true or false. Got {value!r} instead.")


def parse_money(value: str | None, name: str = "min_salary") -> float | None:
    """A non-negative amount from a form field (``"120000"``, ``"120,000"``), blank → None."""
    text = (value or "").strip().replace(",", "").replace("_", "")
    if not text:
        return None
    try:
        amount = float(text)
    except ValueError:
        raise InputError(
            f"{name} must be a yearly amount in USD such as 120000. Got {value!r} instead."
        ) from None
    if amount < 0 or amount != amount:
        raise InputError(f"{name} must be zero or more. Got {value!r} instead.")
    return amount


def parse_date(value: str | None, name: str = "posted_after") -> date | None:
    """An ISO date (``YYYY-MM-DD``) from a form field, blank → None."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{name} must be a date as YYYY-MM-DD. Got {value!r} instead.") from None


def parse_page(value: str | None) -> int:
    """A page number from 1, blank → 1."""
    text = (value or "").strip()
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise InputError(f"page must be a whole number from 1. Got {value!r} instead.")
    return int(text)


# -- dates and links ---------------------------------------------------------------------------
def human_date(value: str | None) -> dict[str, str] | None:
    """A stored date or timestamp as people read it, with its ISO value for ``<time>``.

    Examples
    --------
    >>> human_date("2026-05-05T20:14:31Z")
    {'text': '5 May 2026', 'iso': '2026-05-05T20:14:31Z'}
    >>> human_date("2026-05-05"), human_date(""), human_date("May 2026")
    ({'text': '5 May 2026', 'iso': '2026-05-05'}, None, {'text': 'May 2026', 'iso': ''})
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        day = datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return {"text": text, "iso": ""}  # not a date we can read: shown as stored
    return {"text": f"{day.day} {day.strftime('%B')} {day.year}", "iso": text}


def role_links(role_id: str, links: Links, skip: str | None = None) -> list[tuple[str, str]]:
    """Links from anything about one role to its other pages: profile, jobs, salaries and
    the comparisons offered with it (pages the face does not have are left out, and the
    kind ``skip`` — ``"role"``, ``"jobs"`` or ``"salaries"``, the page showing them)."""
    catalog = load_catalog()
    role = catalog.get(role_id)
    if role is None:
        return []
    pages = {
        "role": (f"{role.name}: role profile", links.role(role.id)),
        "jobs": (f"{role.name} jobs", links.jobs(role.id)),
        "salaries": (f"{role.name} salaries", links.salaries(role.id)),
    }
    out = [link for kind, link in pages.items() if kind != skip]
    for a, b in COMPARISONS:
        if role.id in (a, b):
            other = catalog.get(b if a == role.id else a)
            if other is not None:
                out.append((f"{role.name} vs {other.name}", links.compare([a, b])))
    return [(label, href) for label, href in out if href]


# -- jobs ------------------------------------------------------------------------------------
def job_rows(postings: Sequence[Posting], links: Links) -> list[dict[str, Any]]:
    """The result list: the listing lines of each posting and its link."""
    rows = []
    for p in postings:
        head, details = format_listing(p)
        rows.append(
            {
                "head": head,
                "details": details,
                "href": links.job(f"{p.source}:{p.source_id}"),
                "role_name": p.role_name,
                "posted_at": human_date(p.posted_at),
                "source": p.source,
            }
        )
    return rows


def pager(path: str, form: dict[str, str], total: int, page: int, per_page: int) -> dict[str, Any]:
    """Page numbers and previous/next links that keep the form's filters."""
    pages = max(1, -(-total // per_page))
    kept = [(k, v) for k, v in form.items() if v]

    def href(n: int) -> str:
        return f"{path}?" + urlencode([*kept, ("page", str(n))])

    first = (page - 1) * per_page + 1
    return {
        "page": page,
        "pages": pages,
        "first": first,
        "last": min(total, page * per_page),
        "prev_href": href(page - 1) if page > 1 else None,
        "next_href": href(page + 1) if page < pages else None,
    }


def safe_url(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _years(min_years: float | None, max_years: float | None) -> str:
    span = f"{min_years:g}" if min_years is not None else "?"
    if max_years is not None and max_years != min_years:
        span += f"–{max_years:g}"
    return span + (" year" if span == "1" else " years")


def job_context(posting: Posting, extraction: Extraction | None, links: Links) -> dict[str, Any]:
    """The job page: listing lines, facts, highlighted description and what was extracted."""
    head, details = format_listing(posting)
    catalog = load_skills()
    mentions = extraction.skills if extraction else []
    by_skill: dict[str, dict[str, Any]] = {}
    for m in mentions:
        skill = catalog.get(m.skill) if m.skill else None
        name = skill.name if skill else f"{m.text} (not in the catalog)"
        entry = by_skill.setdefault(
            m.skill or m.text.lower(), {"name": name, "needs": set(), "sections": []}
        )
        entry["needs"].add(m.required)
        if m.section not in entry["sections"]:
            entry["sections"].append(m.section)
    skills = []
    for entry in by_skill.values():
        need = next(v for v in (True, False, None) if v in entry["needs"])
        counted = any(s not in ("company", "benefits") for s in entry["sections"])
        skills.append(
            {
                "name": entry["name"],
                "need": _NEED[need],
                "section": ", ".join(s.replace("_", " ") for s in entry["sections"]),
                "counted": counted,
                "rank": (not counted, [True, False, None].index(need), entry["name"].lower()),
            }
        )
    skills.sort(key=lambda s: s["rank"])
    education = []
    experience = []
    responsibilities = []
    if extraction:
        for e in extraction.education:
            text = e.level.replace("_", " ")
            if e.fields:
                text += " in " + ", ".join(e.fields)
            extra = [_NEED[e.required]] + (["or equivalent experience"] if e.or_equivalent else [])
            education.append(f"{text} ({'; '.join(extra)})")
        for x in extraction.experience:
            what = f" of {x.skill}" if x.skill else ""
            experience.append(f"{_years(x.min_years, x.max_years)}{what} ({_NEED[x.required]})")
        responsibilities = [r.statement or r.text for r in extraction.responsibilities]
    # the span tagger's phrases that no counted catalog mention covers, as `roleatlas skills
    # --uncatalogued` counts them across postings
    phrases = [
        {"text": written, "kind": kind.lower()}
        for _, written, kind in posting_phrases(
            posting.description or "",
            extraction.spans if extraction else [],
            counted_catalog_ranges(mentions),
        )
    ]
    return {
        "title": posting.title or "(untitled posting)",
        "posting": posting,
        "head": head,
        "details": details,
        "location": format_location(posting.location),
        "employment": EMPLOYMENT_LABELS.get(posting.employment_type or ""),
        "level": LEVEL_LABELS.get(posting.level or ""),
        "salary": format_salary(posting.salary),
        "role_href": links.role(posting.role) if posting.role else None,
        "original_url": safe_url(posting.url),
        "original_host": urlsplit(safe_url(posting.url) or "").hostname or "",
        "posted": human_date(posting.posted_at),
        "skills": skills,
        "phrases": phrases,
        "extracted": extraction is not None,
        "description": description_html(posting.description, mentions),
        "education": education,
        "experience": experience,
        "responsibilities": responsibilities,
    }


# -- salaries --------------------------------------------------------------------------------
def cell_examples(pay: PayBreakdown, cells: int = 60) -> list[str]:
    """Keys of the example postings the salaries page shows."""
    return sorted({k for c in pay.cells[:cells] for k in c.examples})


def _money(x: float | None) -> str:
    return "n/a" if x is None else f"${x:,.0f}"


def _n(n: int, small: bool) -> str:
    return f"{n:,}" + (" (small sample)" if small else "")


def _cell_label(c: PayCell) -> str:
    return " · ".join(
        [
            c.role_name or "any role",
            LEVEL_LABELS.get(c.level or "", "level not stated"),
            c.country or "country not stated",
            _WORKPLACE[c.remote],
        ]
    )


def salaries_context(
    pay: PayBreakdown,
    links: Links,
    *,
    cells: int = 60,
    postings: Mapping[str, tuple[str, str | None]] | None = None,
) -> dict[str, Any]:
    """The salaries page: overall and survey rows, the cell table and its chart.

    ``postings`` (:func:`roleatlas.web.render.posting_refs` of :func:`cell_examples`) names
    each example posting by its title.
    """
    titles = {k: t for k, (t, _) in (postings or {}).items()}
    o = pay.overall
    overall = [
        {
            "label": "postings",
            "figures": [_n(o.n, o.small_sample), *map(_money, (o.p10, o.p25, o.p50, o.p75, o.p90))],
        }
    ]
    notes = list(pay.notes)
    if o.estimated:
        notes.append(f"{o.estimated} of the {o.n} posted salaries are board estimates.")
    if pay.survey is not None:
        s = pay.survey
        overall.append(
            {
                "label": "aijobs.net survey",
                "figures": [
                    _n(s.n, s.small_sample),
                    *map(_money, (s.p10, s.p25, s.p50, s.p75, s.p90)),
                ],
            }
        )
    rows = []
    for c in pay.cells[:cells]:
        rows.append(
            {
                "role": c.role_name or "role not recognised",
                "role_href": links.role(c.role) if c.role else None,
                "level": LEVEL_LABELS.get(c.level or "", "not stated"),
                "country": c.country or "not stated",
                "workplace": _WORKPLACE[c.remote] if c.remote is not None else "not stated",
                "n": _n(c.n, c.small_sample),
                "p25": _money(c.p25),
                "p50": _money(c.p50),
                "p75": _money(c.p75),
                "examples": [
                    [Part(titles.get(k, k), href, str(i) if href else None)]
                    for i, (k, href) in enumerate(((k, links.job(k)) for k in c.examples), 1)
                ],
            }
        )
    ranges = [
        {"label": _cell_label(c), "n": c.n, "p25": c.p25, "p50": c.p50, "p75": c.p75}
        for c in pay.cells[:15]
    ]
    svg = chart_html({"type": "ranges", "ranges": ranges}, "Posted pay ranges per cell")
    chart = Markup(svg) if svg else None
    return {"overall": overall, "cells": rows, "chart": chart, "notes": notes}
