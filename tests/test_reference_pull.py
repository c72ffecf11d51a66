"""`pull` and `status`: from a mirror (a reduced copy of ../shared/data with real rows), over
HTTP (httpx.MockTransport serving files built here), and what a failure leaves behind."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from roleatlas.errors import InputError, StoreError
from roleatlas.reference import DATASETS, Progress, pull, status
from roleatlas.store import Store
from roleatlas.store import reference as ref

from .conftest import SHARED
from .reference_files import (
    AIJOBS_CSV,
    CROSSWALK_CSV,
    EP_TABLE_1_2,
    ESCO_CSV,
    ONET_TEXT_FILES,
    build_mini_mirror,
    oews_row,
    oews_zip,
    xlsx_bytes,
    zip_bytes,
)

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not available")


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    if not SHARED.exists():
        pytest.skip("../shared/data is not available")
    return build_mini_mirror(tmp_path_factory.mktemp("mirror"))


@pytest.fixture(scope="module")
def db(tmp_path_factory, mirror):
    """One store loaded from the mirror, for tests that only read."""
    home = tmp_path_factory.mktemp("home")
    with Store(home / "roleatlas.db").open() as store:
        pull(None, store, home, source_dir=mirror)
        yield store


@pytest.fixture
def loaded(tmp_path, mirror):
    """A store of its own, for tests that pull again."""
    with Store(tmp_path / "roleatlas.db").open() as store:
        pull(None, store, tmp_path, source_dir=mirror)
        yield store


# -- mirror --------------------------------------------------------------------------------
def test_pull_from_mirror_records_every_dataset(tmp_path, mirror):
    events: list[Progress] = []
    with Store(tmp_path / "db.sqlite").open() as store:
        results = pull(None, store, tmp_path, source_dir=mirror, progress=events.append)
        rows = status(store)
    assert [r.name for r in results] == [d.name for d in DATASETS]
    by_name = {r.name: r for r in results}
    assert by_name["onet"].version == "29.3"
    assert by_name["oews"].version == "May 2025"
    assert by_name["projections"].version == "2024-2034"
    assert by_name["aijobs"].version == "2025-01-19"
    assert by_name["esco"].version == "v1.1.1"
    assert by_name["crosswalk"].version == "1 (Sep-22)"
    assert by_name["aijobs"].tables == {"survey": 74301}
    assert by_name["projections"].tables == {"projections": 832}
    survey_file = mirror / "aijobs-salaries" / "salaries_2025-01-19.csv.gz"
    assert by_name["aijobs"].sha256 == hashlib.sha256(survey_file.read_bytes()).hexdigest()
    assert by_name["aijobs"].source == (mirror / "aijobs-salaries").resolve().as_uri()
    assert all(r["loaded"] for r in rows)
    oews = next(r for r in rows if r["name"] == "oews")
    assert oews["age_days"] == 0 and oews["rows"] == by_name["oews"].rows
    assert len(oews["files"]) == 4  # national, state, metro, footnotes
    assert {e.stage for e in events} >= {"parse", "write", "done"}
    assert not (tmp_path / "reference").exists()  # nothing copied from a mirror


def test_onet_queries(db):
    assert ref.onet_occupation(db, "15-2051.00")["title"] == "Data Scientists"
    assert ref.onet_occupation(db, "15-2051")["soc"] == "15-2051.00"
    hot = ref.onet_technology_skills(db, "15-2051.00", hot_only=True)
    assert len(hot) == 53
    assert "Python" in {t["example"] for t in hot}
    tools = ref.onet_technology_skills(db, "15-2051.00")
    assert tools[0]["hot_technology"] is True and tools[-1]["hot_technology"] is False
    tasks = ref.onet_tasks(db, "15-2051.00", limit=3)
    assert tasks[0]["task"] == (
        "Analyze, manipulate, or process large sets of data using statistical software."
    )
    assert len(ref.onet_tasks(db, "15-2051.00", limit=None)) == 16
    assert ref.onet_job_zone(db, "15-2051.00")["job_zone"] == 4
    assert ref.onet_alternate_titles(db, "15-2051.00", limit=2) == [
        "Analytics Consultant",
        "Applied Scientist",
    ]


def test_onet_education_has_labels_and_is_empty_without_survey_data(db):
    # O*NET has no education survey for 15-2051.00; Business Intelligence Analysts have one.
    assert ref.onet_education(db, "15-2051.00") == []
    rl = {e["label"]: e["share"] for e in ref.onet_education(db, "15-2051.01")}
    assert rl["Bachelor's Degree"] == 68.18
    assert rl["Master's Degree"] == 22.73
    assert len(rl) == 12
    with pytest.raises(InputError, match="RL, RW, PT or OJ"):
        ref.onet_education(db, "15-2051.01", scale="XX")


def test_oews_wages_national_and_state(db):
    national = ref.oews_wages(db, "15-2051.00")
    assert (national["occ_title"], national["tot_emp"], national["a_median"]) == (
        "Data Scientists",
        262440.0,
        120230.0,
    )
    assert (national["a_pct10"], national["a_pct90"], national["h_median"]) == (
        67240.0,
        199130.0,
        57.8,
    )
    assert national["flags"] == {} and national["top_code_annual"] == 239200.0
    assert national["top_code_hourly"] == 115.0
    california = ref.oews_wages(db, "15-2051", area="california")
    assert (california["area_code"], california["a_median"]) == ("0600000", 141590.0)
    assert ref.oews_wages(db, "15-2051", area="0600000")["tot_emp"] == 39310.0
    assert ref.oews_wages(db, "13-2011") is None  # not in the reduced mirror
    with pytest.raises(InputError, match="Unknown OEWS area 'Atlantis'"):
        ref.oews_wages(db, "15-2051", area="Atlantis")


def test_oews_markers_top_coded_and_not_available(db):
    ceo = ref.oews_wages(db, "11-1011", industry="622300")
    assert ceo["top_coded"] == ["a_pct90", "h_pct90"]
    assert ceo["a_pct90"] is None and ceo["a_pct75"] == 621830.0
    assert ceo["footnote_codes"] == ["5"]
    assert (
        "This wage is equal to or greater than $115.00 per hour or $239,200 per year."
        in (ceo["notes"])
    )
    teacher = ref.oews_wages(db, "25-1021")
    assert teacher["h_median"] is None and teacher["flags"]["h_median"] == "*"
    assert teacher["a_median"] == 96980.0


def test_oews_industries_one_level(db):
    top = ref.oews_industries(db, "15-2051", limit=3)
    assert [(i["industry_code"], i["tot_emp"]) for i in top] == [
        ("541000", 69730.0),
        ("551000", 28620.0),
        ("524000", 22510.0),
    ]
    assert round(top[0]["share"], 4) == 0.2657
    sectors = ref.oews_industries(db, "15-2051", limit=None, level="sector")
    assert (
        sectors[0]["industry_name"]
        == "Sector 54 - Professional, Scientific, and Technical Services"
    )
    # Sectors partition the occupation: their employment adds up to (nearly) the total.
    assert 0.99 < sum(i["share"] for i in sectors) <= 1.0
    with pytest.raises(InputError, match="Unknown industry level"):
        ref.oews_industries(db, "15-2051", level="naics2")


def test_projections_query(db):
    p = ref.projections(db, "15-2051.00")
    assert p == {
        "soc": "15-2051",
        "title": "Data scientists",
        "example_titles": [
            "Business Intelligence Developer",
            "Data Analytics Specialist",
            "Data Mining Analyst",
            "Data Visualization Developer",
        ],
        "base_year": 2024,
        "target_year": 2034,
        "employment_base": 245900,
        "employment_target": 328300,
        "change": 82500,
        "change_pct": 33.5,
        "openings_annual": 23400,
        "median_wage": 112590.0,
        "median_wage_top_coded": False,
        "education": "Bachelor's degree",
        "work_experience": "None",
        "ojt": "None",
    }
    assert ref.projections(db, "99-9999") is None


def test_survey_queries(db):
    stats = ref.survey_stats(db, ["Data Scientist"])
    assert (stats["n"], stats["p25"], stats["p50"], stats["p75"]) == (
        11669,
        110800.0,
        152000.0,
        195000.0,
    )
    narrow = ref.survey_stats(db, ["Data Scientist"], level="SE", country="us", remote=0, year=2024)
    assert (narrow["n"], narrow["p25"], narrow["p50"], narrow["p75"]) == (
        3743,
        133200.0,
        170000.0,
        218950.0,
    )
    entry = ref.survey_stats(db, ["Machine Learning Engineer"], level=["EN"])
    assert (entry["n"], entry["p25"], entry["p50"]) == (332, 112048.75, 138450.0)
    assert ref.survey_stats(db, [])["n"] == 0
    assert ref.survey_stats(db, ["No Such Title"])["p50"] is None
    by_level = ref.survey_breakdown(db, ["Data Scientist"], "experience_level")
    assert [g["experience_level"] for g in by_level] == ["SE", "MI", "EN", "EX"]
    assert sum(g["n"] for g in by_level) == 11669
    rows = ref.survey_rows(db, ["Data Scientist"], country="PL", limit=2)
    assert [r["employee_residence"] for r in rows] == ["PL", "PL"]
    assert rows[0]["salary_in_usd"] <= rows[1]["salary_in_usd"]
    assert ref.survey_title_counts(db)[:2] == [("Data Scientist", 11669), ("Data Engineer", 9505)]
    with pytest.raises(InputError, match="0, 50 or 100"):
        ref.survey_stats(db, ["Data Scientist"], remote=75)
    with pytest.raises(InputError, match="Cannot group"):
        ref.survey_breakdown(db, ["Data Scientist"], "salary")


def test_esco_queries(db):
    cross = ref.esco_crosswalk(db, "15-2051.00")
    assert cross[0] == {
        "esco_uri": "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30",
        "esco_title": "data scientist",
        "match_type": "exactMatch",
        "esco_code": "2511.4",
    }
    assert [c["match_type"] for c in cross][-1] == "broadMatch"
    occupation = ref.esco_occupation(db, "2511.4")
    assert occupation["label"] == "data scientist"
    assert ref.esco_occupation(db, occupation["uri"])["code"] == "2511.4"
    with pytest.raises(InputError, match="not an O\\*NET-SOC code"):
        ref.esco_crosswalk(db, "data scientist")


def test_status_lists_unloaded_datasets(tmp_path):
    with Store(tmp_path / "db.sqlite").open() as store:
        rows = status(store)
    assert [r["name"] for r in rows] == [d.name for d in DATASETS]
    assert not any(r["loaded"] for r in rows)
    assert "version" not in rows[0]


def test_unknown_dataset_and_missing_mirror_folder(tmp_path, store):
    with pytest.raises(InputError, match="Unknown reference data set 'bls'.*onet, oews"):
        pull(["bls"], store, tmp_path, source_dir=tmp_path)
    with pytest.raises(InputError, match="has no folder for 'esco'"):
        pull(["esco"], store, tmp_path, source_dir=tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        pull(["esco"], store, tmp_path, source_dir=tmp_path / "nope")


# -- failures keep the previous version ---------------------------------------------------------
def _copy(mirror: Path, dest: Path) -> Path:
    shutil.copytree(mirror, dest)
    return dest


def test_corrupted_file_keeps_previous_version(loaded, tmp_path, mirror):
    before = status(loaded)
    broken = _copy(mirror, tmp_path / "broken")
    survey = broken / "aijobs-salaries" / "salaries_2025-01-19.csv.gz"
    data = survey.read_bytes()
    survey.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError) as info:
        pull(["aijobs"], loaded, tmp_path, source_dir=broken)
    message = str(info.value)
    assert "aijobs" in message and "salaries_2025-01-19.csv.gz" in message
    assert "not a complete archive" in message and "roleatlas data pull aijobs" in message
    assert ref.survey_stats(loaded, ["Data Scientist"])["n"] == 11669
    assert status(loaded) == before


def test_failed_write_rolls_back(loaded, tmp_path, mirror):
    broken = _copy(mirror, tmp_path / "dup")
    national = broken / "bls-oews-2025" / "oews_may2025_national.csv.gz"
    lines = gzip.decompress(national.read_bytes()).decode("utf-8").splitlines()
    national.write_bytes(gzip.compress(("\n".join(lines + lines[1:3]) + "\n").encode("utf-8")))
    before = status(loaded)
    with pytest.raises(
        StoreError, match=r"'oews'.*Nothing was changed \(version May 2025 is still"
    ):
        pull(["oews"], loaded, tmp_path, source_dir=broken)
    assert ref.oews_wages(loaded, "15-2051")["a_median"] == 120230.0
    assert status(loaded) == before
    indexes = {
        r[0]
        for r in loaded.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'oews_wages'"
        )
    }
    assert indexes == {"oews_wages_key", "oews_wages_industries", "oews_wages_area_name"}


def test_reload_replaces_rows_not_adds(loaded, mirror, tmp_path):
    pull(["projections", "crosswalk"], loaded, tmp_path, source_dir=mirror)
    count = loaded.conn.execute("SELECT count(*) FROM projections").fetchone()[0]
    assert count == 832


# -- HTTP ----------------------------------------------------------------------------------
def _official_files() -> dict[str, bytes]:
    oews_parts = {
        "nat": [oews_row("99", "U.S.", 1, "000000", "cross-industry", 262440, 120230)],
        "st": [oews_row("6", "California", 2, "000000", "cross-industry", 29440, 145750)],
        "ma": [
            oews_row(
                "41940",
                "San Jose-Sunnyvale-Santa Clara, CA",
                4,
                "000000",
                "cross-industry",
                6150,
                190000,
            )
        ],  # fmt: skip
        "in4": [oews_row("99", "U.S.", 1, "541000", "3-digit", 69730, 126730)],
    }
    files = {
        "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip": zip_bytes(
            {f"db_29_3_text/{name}": text for name, text in ONET_TEXT_FILES.items()}
        ),
        "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx": xlsx_bytes(
            {"Table 1.2": EP_TABLE_1_2}
        ),
        "https://aijobs.net/salaries/download/salaries.csv": AIJOBS_CSV.encode("utf-8"),
        "https://ec.europa.eu/esco/download/ESCO%20dataset%20-%20v1.1.1%20-%20classification"
        "%20-%20en%20-%20csv.zip": zip_bytes({"occupations_en.csv": ESCO_CSV}),
        "https://esco.ec.europa.eu/system/files/2023-08/ONET_%28Occupations%29_0_updated.csv": (
            CROSSWALK_CSV.encode("utf-8")
        ),
    }
    for part, rows in oews_parts.items():
        files[f"https://www.bls.gov/oes/special-requests/oesm25{part}.zip"] = oews_zip(part, rows)
    return files


def _client(files: dict[str, bytes], seen: list[httpx.Request] | None = None) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        body = files.get(str(request.url))
        if body is None:
            return httpx.Response(404)
        return httpx.Response(200, content=body)

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_pull_over_http(tmp_path):
    files = _official_files()
    requests: list[httpx.Request] = []
    events: list[Progress] = []
    with Store(tmp_path / "db.sqlite").open() as store, _client(files, requests) as client:
        results = pull(None, store, tmp_path, client=client, progress=events.append)
        rows = {r["name"]: r for r in status(store)}
        assert ref.oews_wages(store, "15-2051")["a_median"] == 120230.0
        assert ref.oews_wages(store, "15-2051", area="California")["a_median"] == 145750.0
        metro = ref.oews_wages(store, "15-2051", area="San Jose-Sunnyvale-Santa Clara, CA")
        assert (metro["area_code"], metro["top_coded"]) == ("0041940", ["a_pct90"])
        assert ref.oews_industries(store, "15-2051")[0]["industry_code"] == "541000"
        assert ref.projections(store, "15-2051")["openings_annual"] == 23400
        assert ref.onet_tasks(store, "15-2051.00")[0]["task"] == "Build models."
        assert ref.survey_stats(store, ["Data Scientist"], country="US")["p50"] == 175000.0
        assert ref.esco_crosswalk(store, "15-2051.00")[0]["esco_code"] == "2511.4"
    assert {str(r.url) for r in requests} == set(files)
    by_name = {r.name: r for r in results}
    onet_zip = files["https://www.onetcenter.org/dl_files/database/db_29_3_text.zip"]
    assert by_name["onet"].sha256 == hashlib.sha256(onet_zip).hexdigest()
    assert rows["onet"]["sha256"] == hashlib.sha256(onet_zip).hexdigest()
    assert rows["onet"]["url"] == "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip"
    home = tmp_path / "reference"
    assert (home / "onet" / "29.3" / "db_29_3_text.zip").read_bytes() == onet_zip
    assert (home / "onet" / "29.3" / "db_29_3_text" / "db_29_3_text" / "Task Ratings.txt").exists()
    assert (home / "oews" / "May-2025" / "oesm25st" / "oesm25st" / "state_M2025_dl.xlsx").exists()
    # Several files: the checksum of their sha256sum manifest, and each file's own.
    manifest = "".join(
        f"{hashlib.sha256(files[f'https://www.bls.gov/oes/special-requests/oesm25{p}.zip']).hexdigest()}"
        f"  oesm25{p}.zip\n"
        for p in sorted(("nat", "st", "ma", "in4"))
    )
    assert by_name["oews"].sha256 == hashlib.sha256(manifest.encode()).hexdigest()
    assert len(rows["oews"]["files"]) == 4
    assert rows["aijobs"]["version"] == datetime.now(UTC).date().isoformat()
    assert rows["crosswalk"]["version"] == "1 (Sep-22)"
    downloads = [e for e in events if e.stage == "download" and e.dataset == "aijobs"]
    assert downloads[-1].done == len(AIJOBS_CSV.encode("utf-8"))
    assert "unpack" in {e.stage for e in events}


def test_http_failure_names_dataset_url_and_fix(tmp_path):
    files = _official_files()
    del files["https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"]
    with Store(tmp_path / "db.sqlite").open() as store, _client(files) as client:
        with pytest.raises(InputError) as info:
            pull(["projections"], store, tmp_path, client=client)
        assert not status(store)[2]["loaded"]
    message = str(info.value)
    assert "projections" in message and "HTTP 404" in message
    assert "occupation.xlsx" in message and "--from DIR" in message
    assert not list((tmp_path / "reference" / "projections").rglob("*.part"))


def test_http_truncated_download(tmp_path):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"work_year\n", headers={"content-length": "999"})

    with Store(tmp_path / "db.sqlite").open() as store:
        with httpx.Client(transport=httpx.MockTransport(handler)) as client:
            with pytest.raises(InputError, match="announced 999 bytes but sent 10"):
                pull(["aijobs"], store, tmp_path, client=client)


def test_http_corrupted_zip_keeps_previous_version(tmp_path):
    files = _official_files()
    url = "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip"
    with Store(tmp_path / "db.sqlite").open() as store:
        with _client(files) as client:
            pull(["onet"], store, tmp_path, client=client)
        files[url] = files[url][:100]
        with _client(files) as client, pytest.raises(InputError) as info:
            pull(["onet"], store, tmp_path, client=client)
        assert "onet reference file" in str(info.value)
        assert "db_29_3_text.zip" in str(info.value)
        assert "not a complete zip archive" in str(info.value)
        assert ref.onet_occupation(store, "15-2051.00")["title"] == "Data Scientists"


def test_zip_with_path_outside_is_refused(tmp_path):
    files = _official_files()
    url = "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip"
    files[url] = zip_bytes({"../../evil.txt": "x"})
    with Store(tmp_path / "db.sqlite").open() as store, _client(files) as client:
        with pytest.raises(InputError, match="path outside the archive"):
            pull(["onet"], store, tmp_path, client=client)
    assert not (tmp_path / "evil.txt").exists()


# -- the whole mirror ------------------------------------------------------------------------
@pytest.mark.slow
@needs_shared
def test_pull_whole_shared_mirror_under_a_minute(tmp_path):
    started = time.perf_counter()
    with Store(tmp_path / "db.sqlite").open() as store:
        results = pull(None, store, tmp_path, source_dir=SHARED)
        assert ref.oews_wages(store, "15-2051", area="Texas")["a_median"] == 122090.0
    elapsed = time.perf_counter() - started
    rows = {r.name: r.rows for r in results}
    assert rows == {
        "onet": 145200,
        "oews": 370182,
        "projections": 832,
        "aijobs": 74301,
        "esco": 3007,
        "crosswalk": 4253,
    }
    assert elapsed < 120  # < 60 s on an idle machine; CI machines are shared


def test_http_pull_removes_downloads_of_other_versions(tmp_path):
    old = tmp_path / "reference" / "esco" / "v1.0.9"
    old.mkdir(parents=True)
    (old / "occupations_en.csv").write_text("old", encoding="utf-8")
    with Store(tmp_path / "db.sqlite").open() as store, _client(_official_files()) as client:
        pull(["esco"], store, tmp_path, client=client)
    assert [p.name for p in (tmp_path / "reference" / "esco").iterdir()] == ["v1.1.1"]
