"""Pay by role × level × country × remote over literal postings (and the survey layer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleatlas.errors import InputError
from roleatlas.insights.pay import pay_breakdown
from roleatlas.records import Location, Posting, Salary
from roleatlas.reference import pull
from roleatlas.store import Store
from roleatlas.store.pay import pay_rows, role_posting_counts
from tests.conftest import shared_path

DS = "data-scientist"
DA = "data-analyst"


def _posting(
    sid: str,
    role: str | None,
    low: float | None,
    high: float | None,
    *,
    level: str | None = "SE",
    country: str | None = "US",
    workplace: str | None = None,
    remote_scope: str | None = None,
    estimated: bool = False,
    posted_at: str | None = "2025-01-01",
) -> Posting:
    salary = None
    if low is not None or high is not None:
        salary = Salary(
            raw="x",
            min_amount=low,
            max_amount=high,
            currency="USD",
            period="year",
            annual_min=low,
            annual_max=high,
            usd_annual_min=low,
            usd_annual_max=high,
            flags=("estimated",) if estimated else (),
        )
    return Posting(
        source="t",
        source_id=sid,
        title="Data Scientist",
        company="Acme",
        description="",
        url=None,
        posted_at=posted_at,
        role=role,
        role_name=None,
        level=level,
        seniority_rank=None,
        employment_type="full_time",
        location=Location(
            raw=None, country=country, workplace=workplace, remote_scope=remote_scope
        ),
        salary=salary,
        content_hash=sid,
    )


def _postings() -> list[Posting]:
    out = [
        # data scientists, senior, US on site: midpoints 100k, 110k, 120k, 130k
        _posting("ds-us-1", DS, 90e3, 110e3, posted_at="2025-01-04"),
        _posting("ds-us-2", DS, 100e3, 120e3, estimated=True, posted_at="2025-01-03"),
        _posting("ds-us-3", DS, 120e3, 120e3, posted_at="2025-01-02"),
        _posting("ds-us-4", DS, 130e3, None, posted_at=None),  # only a minimum stated
        # remote data scientist, no country but a US remote scope: counts under US, remote
        _posting("ds-rem", DS, 140e3, 160e3, country=None, workplace="remote", remote_scope="US"),
        # mid-level data scientist in GB
        _posting("ds-gb", DS, 50e3, 70e3, level="MI", country="GB"),
        # an analyst, and postings that never count: no salary, no role
        _posting("da-1", DA, 60e3, 80e3, level=None),
        _posting("ds-nopay", DS, None, None),
        _posting("norole", None, 200e3, 220e3),
    ]
    return out


@pytest.fixture
def pay_store(store: Store) -> Store:
    store.write_batch(_postings(), [], [], norm_version=1)
    return store


def test_rows_are_grouped_by_cell(pay_store: Store) -> None:
    rows = list(pay_rows(pay_store, role=DS))
    cells = [(r["level"], r["country"], r["remote"]) for r in rows]
    assert cells == [("MI", "GB", False)] + [("SE", "US", False)] * 4 + [("SE", "US", True)]
    assert {r["key"] for r in rows} == {f"t:{k}" for k in
                                        ("ds-us-1", "ds-us-2", "ds-us-3", "ds-us-4", "ds-rem",
                                         "ds-gb")}  # fmt: skip
    only_min = next(r for r in rows if r["key"] == "t:ds-us-4")
    assert only_min["mid"] == 130e3


def test_breakdown_cells_and_percentiles(pay_store: Store) -> None:
    pay = pay_breakdown(pay_store, role="Data Scientist")
    assert pay.filters == {"role": DS, "level": None, "country": None, "remote": None}
    assert pay.overall.n == 6
    assert [(c.level, c.country, c.remote, c.n) for c in pay.cells] == [
        ("SE", "US", False, 4),
        ("MI", "GB", False, 1),
        ("SE", "US", True, 1),
    ]
    us = pay.cells[0]
    assert (us.role, us.role_name) == (DS, "Data Scientist")
    # midpoints 100k, 110k, 120k, 130k: linear interpolation between ranks
    assert (us.p10, us.p25, us.p50, us.p75, us.p90) == (103e3, 107.5e3, 115e3, 122.5e3, 127e3)
    assert us.estimated == 1 and us.small_sample is True
    assert us.examples == ["t:ds-us-1", "t:ds-us-2", "t:ds-us-3"]  # newest first
    assert pay.survey is None  # no survey loaded in this store
    # the overall cites the newest postings of every cell
    assert pay.overall.examples[0] == "t:ds-us-1"


def test_filters(pay_store: Store) -> None:
    remote = pay_breakdown(pay_store, role=DS, remote=True)
    assert [c.country for c in remote.cells] == ["US"] and remote.overall.p50 == 150e3
    assert remote.overall.examples == remote.cells[0].examples == ["t:ds-rem"]
    gb_only = pay_breakdown(pay_store, role=DS, country="GB")
    assert gb_only.overall.examples == gb_only.cells[0].examples
    onsite = pay_breakdown(pay_store, role=DS, remote=False)
    assert onsite.overall.n == 5
    gb = pay_breakdown(pay_store, country="United Kingdom")
    assert gb.filters["country"] == "GB"
    assert [(c.role, c.n) for c in gb.cells] == [(DS, 1)]
    everything = pay_breakdown(pay_store)
    assert {c.role for c in everything.cells} == {DS, DA}
    assert everything.overall.n == 7  # the posting without a role is not counted
    senior = pay_breakdown(pay_store, level="se")
    assert senior.filters["level"] == "SE" and senior.overall.n == 5


def test_empty_result_says_so(pay_store: Store) -> None:
    pay = pay_breakdown(pay_store, role="ml-engineer", country="DE")
    assert pay.overall.n == 0 and pay.overall.p50 is None and pay.cells == []
    assert pay.notes == ["No stored posting with a salary matches these filters."]


def test_invalid_filters(pay_store: Store) -> None:
    with pytest.raises(InputError, match="Did you mean"):
        pay_breakdown(pay_store, role="data scienst")
    with pytest.raises(InputError, match="EN, MI, SE, EX"):
        pay_breakdown(pay_store, level="XX")
    with pytest.raises(InputError, match="ISO country code"):
        pay_breakdown(pay_store, country="Atlantis")


def test_role_posting_counts(pay_store: Store) -> None:
    assert role_posting_counts(pay_store) == {DS: 7, DA: 1}


def test_survey_layer(pay_store: Store, tmp_path: Path) -> None:
    shared = shared_path()
    pull(["aijobs"], pay_store, tmp_path, source_dir=shared)
    pay = pay_breakdown(pay_store, role=DS, level="SE", country="US", remote=True)
    survey = pay.survey
    assert survey is not None
    assert "Data Scientist" in survey.titles and survey.fallback_family is None
    assert (survey.level, survey.employee_residence, survey.remote_ratios) == ("SE", "US", [100])
    assert survey.n > 30 and survey.p10 is not None and survey.p90 is not None
    assert survey.p10 <= survey.p50 <= survey.p90  # type: ignore[operator]
    everyone = pay_breakdown(pay_store, role=DS)
    assert everyone.survey is not None and everyone.survey.n > survey.n
    onsite = pay_breakdown(pay_store, role=DS, level="SE", country="US", remote=False)
    assert onsite.survey is not None and onsite.survey.remote_ratios == [0, 50]
    assert onsite.survey.n + survey.n <= everyone.survey.n
