"""The page routes: each parses its query, calls one core function and renders a template.

Handlers are plain functions, so FastAPI runs them in its thread pool (the core calls block on
SQLite). Errors are not caught here: :mod:`roleatlas.api.errors` turns them into the page
that :func:`html_error` renders.
"""

from __future__ import annotations

from http import HTTPStatus
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse, RedirectResponse, Response

from roleatlas.api.deps import get_index, get_settings, get_store
from roleatlas.catalog import Role, load_catalog
from roleatlas.errors import InputError
from roleatlas.insights.compare import compare_roles
from roleatlas.insights.pay import pay_breakdown
from roleatlas.insights.profile import role_profile
from roleatlas.search import SearchIndex, SearchQuery, search_postings
from roleatlas.search.query import MAX_OFFSET
from roleatlas.settings import Settings
from roleatlas.store import Store
from roleatlas.store.detail import posting_detail
from roleatlas.store.pay import role_posting_counts
from roleatlas.web.render import (
    ServerLinks,
    describe,
    environment,
    posting_refs,
    report_refs,
    report_view,
    role_groups,
)
from roleatlas.web.views import (
    COMPARISONS,
    EMPLOYMENT_OPTIONS,
    JOB_FILTERS,
    LEVEL_OPTIONS,
    SORT_OPTIONS,
    cell_examples,
    job_context,
    job_rows,
    pager,
    parse_date,
    parse_money,
    parse_page,
    parse_remote,
    parse_status,
    role_links,
    salaries_context,
)

__all__ = ["PER_PAGE", "html_error", "install", "router"]

#: Results per page of the job list.
PER_PAGE = 20

router = APIRouter(include_in_schema=False)
_LINKS = ServerLinks()
_NAV = [
    ("Search jobs", "/jobs", "jobs"),
    ("Roles", "/roles", "roles"),
    ("Compare", "/compare", "compare"),
    ("Salaries", "/salaries", "salaries"),
    ("Fit", "/fit", "fit"),
]

StoreDep = Annotated[Store, Depends(get_store)]
IndexDep = Annotated[SearchIndex, Depends(get_index)]
Text = Annotated[str | None, Query()]


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """``templates/name`` with the server's links and navigation."""
    context.setdefault("nav", None)
    page = (
        environment().get_template(name).render(links=_LINKS, site=False, nav_items=_NAV, **context)
    )
    return HTMLResponse(page, status_code=status)


#: Headings of the error page, written for people rather than HTTP clients.
_ERROR_TITLES = {
    400: "This request could not be used",
    404: "Page not found",
    500: "Something went wrong on our side",
    503: "The data is not available right now",
}


def html_error(request: Request, status: int, message: str) -> Response:
    """The error page (set as ``app.state.html_error`` for the API's error handlers).

    Written for people: what happened, then links to search, roles and comparisons (API
    clients under ``/api`` get the JSON error of :mod:`roleatlas.api.errors` instead).
    """
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return render(
        "error.html",
        status,
        title=_ERROR_TITLES.get(status, phrase),
        code=status,
        message=message,
        suggestions=[],
    )


def _resolve_role(name: str) -> Role | None:
    """The catalog role named ``name`` (id, name or alias), or None when there is none."""
    try:
        return load_catalog().resolve(name)
    except InputError:
        return None


def _unknown_role(request: Request, name: str, status: int) -> HTMLResponse:
    """The page for a role name the catalog does not know: the closest roles as links.

    A role in the path (``/roles/NAME``) links to the suggested role pages; a role in the
    query links to the same page with that value replaced by the suggestion.
    """
    catalog = load_catalog()
    in_path = request.url.path.startswith("/roles/")
    suggestions = []
    for display in catalog.suggest(name):
        found = catalog.by_name(display)
        if found is None:
            continue
        if in_path:
            href = _LINKS.role(found.id)
        else:
            params = [
                (k, found.id if k == "role" and v.strip() == name else v)
                for k, v in request.query_params.multi_items()
            ]
            href = f"{request.url.path}?{urlencode(params)}"
        suggestions.append((found.name, href))
    return render(
        "error.html",
        status,
        title="Role not found",
        code=status,
        message=f"There is no role called “{name}” in the catalog of roles.",
        suggestions=suggestions,
    )


def _comparison_links() -> list[tuple[str, str]]:
    catalog = load_catalog()
    out = []
    for a, b in COMPARISONS:
        ra, rb = catalog.get(a), catalog.get(b)
        if ra and rb:
            out.append((f"{ra.name} vs {rb.name}", _LINKS.compare([a, b])))
    return out


@router.get("/", response_class=HTMLResponse)
def home(store: StoreDep) -> HTMLResponse:
    return render(
        "home.html",
        title="Search AI, ML and data jobs",
        nav="home",
        total=store.count(),
        groups=role_groups(),
        comparisons=_comparison_links(),
    )


@router.get("/jobs", response_class=HTMLResponse, response_model=None)
def jobs(
    request: Request,
    store: StoreDep,
    index: IndexDep,
    q: Text = None,
    role: Text = None,
    level: Text = None,
    employment_type: Text = None,
    remote: Text = None,
    country: Text = None,
    min_salary: Text = None,
    posted_after: Text = None,
    status: Text = None,
    sort: Text = None,
    page: Text = None,
) -> Response:
    """The job list; an htmx request (not a history restore) gets only the results."""
    given = (
        q, role, level, employment_type, remote, country, min_salary, posted_after, status, sort
    )  # fmt: skip
    form = {k: (v or "").strip() for k, v in zip(JOB_FILTERS, given, strict=True)}
    chosen = None
    if form["role"]:
        chosen = _resolve_role(form["role"])
        if chosen is None:
            return _unknown_role(request, form["role"], 400)
        form["role"] = chosen.id
    number = parse_page(page)
    offset = (number - 1) * PER_PAGE
    if offset > MAX_OFFSET:
        raise InputError(
            f"page {number} is beyond the last page that can be shown; add filters instead."
        )
    query = SearchQuery(
        text=form["q"] or None,
        role=form["role"] or None,
        level=form["level"] or None,
        employment_type=form["employment_type"] or None,
        remote=parse_remote(form["remote"]),
        country=form["country"] or None,
        min_salary_usd=parse_money(form["min_salary"]),
        posted_after=parse_date(form["posted_after"]),
        include_closed=parse_status(form["status"]),
        sort=form["sort"] or "relevance",
        limit=PER_PAGE,
        offset=offset,
    )
    total, postings = search_postings(store, index, query)
    fragment = "HX-Request" in request.headers and (
        "HX-History-Restore-Request" not in request.headers
    )
    context = {
        "total": total,
        "jobs": job_rows(postings, _LINKS),
        "fragment": fragment,
        **pager("/jobs", form, total, number, PER_PAGE),
    }
    if fragment:
        response = render("_results.html", **context)
    else:
        title = f"Jobs matching “{form['q']}”" if form["q"] else "Jobs"
        response = render(
            "jobs.html",
            title=title,
            nav="jobs",
            form=form,
            groups=role_groups(),
            levels=LEVEL_OPTIONS,
            employment_types=EMPLOYMENT_OPTIONS,
            sorts=SORT_OPTIONS,
            see_also=role_links(chosen.id, _LINKS, skip="jobs") if chosen else [],
            **context,
        )
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/jobs/{source}/{source_id:path}", response_class=HTMLResponse)
def job(
    source: str,
    source_id: str,
    store: StoreDep,
    settings: Annotated[Settings, Depends(get_settings)],
) -> HTMLResponse:
    found = posting_detail(
        store,
        source,
        source_id,
        max_chars=settings.max_description_chars,
        max_items=settings.max_mentions,
    )
    if found is None:
        raise HTTPException(
            404,
            f"No posting {source}:{source_id} is stored. Search for it on the jobs page.",
        )
    context = job_context(found.posting, found.extraction, _LINKS)
    return render(
        "job.html",
        nav="jobs",
        see_also=role_links(found.posting.role, _LINKS) if found.posting.role else [],
        description_truncated=found.description_truncated,
        extraction_truncated=found.extraction_truncated,
        max_chars=settings.max_description_chars,
        same_job=[
            (label, href)
            for label, href, key in (
                (f"{s} {i}", _LINKS.job(f"{s}:{i}"), (s, i)) for s, i, _ in found.same_job
            )
            if href is not None and key != (found.posting.source, found.posting.source_id)
        ],
        **context,
    )


@router.get("/roles", response_class=HTMLResponse)
def roles(store: StoreDep) -> HTMLResponse:
    counts = role_posting_counts(store)
    groups = [
        (
            family,
            [{"id": r.id, "name": r.name, "n": counts.get(r.id, 0), "definition": r.definition}
             for r in rs],
        )
        for family, rs in role_groups()
    ]  # fmt: skip
    return render(
        "roles.html", title="Roles", nav="roles", groups=groups, total_roles=len(load_catalog())
    )


@router.get("/roles/{role}", response_class=HTMLResponse, response_model=None)
def role(request: Request, role: str, store: StoreDep) -> Response:
    found = _resolve_role(role)
    if found is None:  # a role named in the path is a page: missing → 404
        return _unknown_role(request, role, 404)
    if found.id != role:
        return RedirectResponse(_LINKS.role(found.id), status_code=308)
    profile = role_profile(store, found)
    view = report_view(profile, _LINKS, report_refs(store, profile))
    pickers = [("Other role", None, "Choose a role")]
    return render(
        "report.html",
        title=found.name,
        nav="roles",
        kind="role",
        view=view,
        groups=role_groups(),
        pickers=pickers,
        hidden_role=found.id,
        see_also=role_links(found.id, _LINKS, skip="role"),
        meta_description=describe(profile),
        other_formats=[("This profile as JSON (full evidence)", f"/api/v1/roles/{found.id}")],
    )


@router.get("/compare", response_class=HTMLResponse, response_model=None)
def compare(
    request: Request, store: StoreDep, role: Annotated[list[str] | None, Query()] = None
) -> Response:
    """The comparison of two or three roles, or the role pickers when fewer are chosen."""
    chosen = [r.strip() for r in role or [] if r and r.strip()]
    for name in chosen:
        if _resolve_role(name) is None:
            return _unknown_role(request, name, 400)
    groups = role_groups()
    if len(chosen) < 2:
        return render(
            "compare_pick.html",
            title="Compare roles",
            nav="compare",
            groups=groups,
            pickers=_pickers(chosen),
            comparisons=_comparison_links(),
        )
    comparison = compare_roles(store, chosen)
    view = report_view(comparison, _LINKS, report_refs(store, comparison))
    api = "/api/v1" + _LINKS.compare(comparison.roles)
    return render(
        "report.html",
        title=view.title.removeprefix("Compare: "),
        nav="compare",
        kind="compare",
        view=view,
        groups=groups,
        pickers=_pickers(comparison.roles),
        hidden_role=None,
        see_also=[link for r in comparison.roles for link in role_links(r, _LINKS)[:3]],
        meta_description=describe(comparison),
        other_formats=[("This comparison as JSON (full evidence)", api)],
    )


def _pickers(chosen: list[str]) -> list[tuple[str, str | None, str | None]]:
    """Three role selects: first, second and an optional third, preselected."""
    picked = [*chosen[:3], None, None, None]
    return [
        ("First role", picked[0], "Choose a role"),
        ("Second role", picked[1], "Choose a role"),
        ("Third role (optional)", picked[2], "No third role"),
    ]


@router.get("/salaries", response_class=HTMLResponse, response_model=None)
def salaries(
    request: Request,
    store: StoreDep,
    role: Text = None,
    level: Text = None,
    country: Text = None,
    remote: Text = None,
) -> Response:
    form = {
        "role": (role or "").strip(),
        "level": (level or "").strip(),
        "country": (country or "").strip(),
        "remote": (remote or "").strip(),
    }
    if form["role"] and _resolve_role(form["role"]) is None:
        return _unknown_role(request, form["role"], 400)
    pay = pay_breakdown(
        store,
        role=form["role"] or None,
        level=form["level"] or None,
        country=form["country"] or None,
        remote=parse_remote(form["remote"]),
    )
    form["role"] = pay.filters["role"] or ""
    form["level"] = pay.filters["level"] or ""
    return render(
        "salaries.html",
        title="Salaries",
        nav="salaries",
        form=form,
        groups=role_groups(),
        levels=LEVEL_OPTIONS,
        see_also=role_links(form["role"], _LINKS, skip="salaries") if form["role"] else [],
        **salaries_context(pay, _LINKS, postings=posting_refs(store, cell_examples(pay))),
    )


@router.get("/fit", response_class=HTMLResponse)
def fit_form(settings: Annotated[Settings, Depends(get_settings)]) -> HTMLResponse:
    """The résumé upload form."""
    return render(
        "fit.html",
        title="Fit a résumé to roles",
        nav="fit",
        view=None,
        max_mb=settings.limits.max_resume_bytes / 2**20,
    )


@router.post("/fit", response_class=HTMLResponse)
async def fit_page(request: Request) -> HTMLResponse:
    """The fit of an uploaded résumé (read in memory, never stored or logged)."""
    from fastapi.concurrency import run_in_threadpool

    from roleatlas.api.deps import get_resources
    from roleatlas.api.fit import read_body

    resources = get_resources(request)
    body = await read_body(request, resources.settings.limits.max_resume_bytes)
    content_type = request.headers.get("content-type", "")
    view = await run_in_threadpool(_fit_view, resources, content_type, body)
    return render(
        "fit.html",
        title=view.title,
        nav="fit",
        view=view,
        max_mb=resources.settings.limits.max_resume_bytes / 2**20,
    )


def _fit_view(resources: Any, content_type: str, body: bytes) -> Any:
    from roleatlas.api.fit import resume_from_body
    from roleatlas.errors import StoreError
    from roleatlas.insights.fit import fit_resume
    from roleatlas.report.fit import example_keys
    from roleatlas.web.fit import fit_view

    resume = resume_from_body(content_type, body, resources.settings.limits)
    try:
        index = resources.index()
    except StoreError:
        index = None
    with resources.store() as store:
        result = fit_resume(store, resume, index=index)
        refs = posting_refs(store, example_keys(result))
    return fit_view(result, _LINKS, refs)


def install(app: FastAPI) -> None:
    """Add the pages and ``/static`` to ``app`` and set ``app.state.html_error``."""
    static = files("roleatlas.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(router)
    app.state.html_error = html_error
