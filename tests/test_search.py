import gzip
import json
from datetime import date

import pytest

from roleatlas.errors import InputError, StoreError
from roleatlas.pipeline.run import ingest
from roleatlas.search import (
    SearchIndex,
    SearchQuery,
    build_index,
    index_dir,
    index_exists,
    search_postings,
    sync_index,
)
from roleatlas.search.index import _posted
from roleatlas.store import JobQuery, Store

from .conftest import shared_path

SOURCES = {  # real postings: US/AU Glassdoor, HN (remote, dated), Polish IT ads, UK Adzuna
    "postings-glassdoor": 200,
    "postings-hn-whoishiring": 150,
    "postings-nofluffjobs-pl": 150,
    "postings-adzuna-uk": 100,
}
EDITED = 3  # postings of the first ingest that come back changed in the second


def read_rows():
    rows = []
    for folder, n in SOURCES.items():
        with gzip.open(shared_path(folder, "postings.jsonl.gz"), "rt", encoding="utf-8") as fh:
            for _, line in zip(range(n), fh, strict=False):
                row = json.loads(line)
                # one posting a row: without its HTML, an HN row is not split per role
                row.get("extra", {}).pop("text_html", None)
                rows.append(row)
    return rows


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A store filled by two ingests, with the index built after the first and synced after
    the second (which adds postings and changes three already indexed)."""
    tmp = tmp_path_factory.mktemp("search")
    rows = read_rows()
    first = [r for i, r in enumerate(rows) if i % 3]
    second = [r for i, r in enumerate(rows) if not i % 3]
    edited = []
    for day, r in enumerate(first[:EDITED], 1):
        r = dict(r)
        r["title"] = "Quokka Wrangler"
        r["posted_at"] = f"2024-05-0{day}T12:00:00Z"
        r["description"] = (r.get("description") or "") + "\nYou will wrangle quokkas."
        edited.append(r)
    home = tmp / "home"
    with Store(home / "roleatlas.db").open() as store:
        ingest([write_jsonl(tmp / "first.jsonl", first)], store)
        built = build_index(store, index_dir(home))
        summary = ingest([write_jsonl(tmp / "second.jsonl", second + edited)], store)
        synced = sync_index(store, index_dir(home))
        yield {
            "store": store,
            "home": home,
            "index": SearchIndex.open(index_dir(home)),
            "built": built,
            "first": first,
            "summary": summary,
            "synced": synced,
            "edited": [(r["source"], r["id"]) for r in edited],
        }


def keys(index, **filters):
    result = index.search(SearchQuery(limit=1000, **filters))
    found = [(h.source, h.source_id) for h in result.hits]
    assert result.total == len(found)
    assert len(set(found)) == len(found)
    return set(found)


def all_postings(store):
    return store.jobs(JobQuery(limit=None))


def skill_keys(store, skill):
    rows = store.conn.execute(
        "SELECT DISTINCT p.source, p.source_id FROM skill_mentions m JOIN postings p "
        "ON p.id = m.posting_id WHERE m.skill = ? AND m.section NOT IN ('company', 'benefits')",
        (skill,),
    )
    return {(r[0], r[1]) for r in rows}


def test_build_then_sync_indexes_every_posting_once(corpus):
    store, index = corpus["store"], corpus["index"]
    assert corpus["built"] == len(corpus["first"])
    assert (corpus["summary"].new, corpus["summary"].updated) == (200, EDITED)
    assert corpus["synced"] == 200 + EDITED
    assert store.count() == 600
    assert index.count() == 600  # the edited postings were replaced, not added twice
    assert keys(index) == {(p.source, p.source_id) for p in all_postings(store)}


def test_sync_replaces_changed_postings(corpus):
    index = corpus["index"]
    found = keys(index, text="quokka wrangler")
    assert found == set(corpus["edited"])
    source, source_id = corpus["edited"][0]
    old_title = next(r["title"] for r in corpus["first"] if r["id"] == source_id)
    assert (source, source_id) not in keys(index, text=f'title:"{old_title}"')


def test_sync_without_changes_does_nothing(corpus):
    assert sync_index(corpus["store"], index_dir(corpus["home"])) == 0
    assert corpus["index"].count() == 600


def test_rebuild_equals_sync(corpus, tmp_path):
    store, synced = corpus["store"], corpus["index"]
    assert build_index(store, tmp_path / "rebuilt") == 600
    rebuilt = SearchIndex.open(tmp_path / "rebuilt")
    for filters in (
        {},
        {"text": "python"},
        {"text": "quokka"},
        {"skills": ("sql",)},
        {"country": "GB"},
        {"min_salary_usd": 50_000},
        {"remote": True},
    ):
        assert keys(rebuilt, **filters) == keys(synced, **filters), filters


def test_keyword_search_ranks_title_matches_first(corpus):
    result = corpus["index"].search(SearchQuery(text="data scientist", limit=5))
    assert result.total > 20
    total, postings = search_postings(
        corpus["store"], corpus["index"], SearchQuery(text="data scientist", limit=5)
    )
    assert total == result.total
    assert [(p.source, p.source_id) for p in postings] == [
        (h.source, h.source_id) for h in result.hits
    ]
    assert all("data scien" in (p.title or "").lower() for p in postings)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_keyword_search_stems_and_excludes(corpus):
    index = corpus["index"]
    assert keys(index, text="engineers") == keys(index, text="engineer")
    everything, engineers = keys(index), keys(index, text="engineer")
    assert keys(index, text="-engineer") == everything - engineers


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"role": "data-scientist"}, lambda p: p.role == "data-scientist"),
        ({"role": "Data Scientist"}, lambda p: p.role == "data-scientist"),
        ({"level": "se"}, lambda p: p.level == "SE"),
        ({"employment_type": "full_time"}, lambda p: p.employment_type == "full_time"),
        ({"employment_type": "Contract"}, lambda p: p.employment_type == "contract"),
        ({"remote": True}, lambda p: p.location.workplace == "remote"),
        ({"remote": False}, lambda p: p.location.workplace != "remote"),
        (
            {"country": "US"},
            lambda p: p.location.country == "US" or "US" in (p.location.remote_scope or ""),
        ),
        ({"country": "Poland"}, lambda p: p.location.country == "PL"),
        (
            {"min_salary_usd": 100_000},
            lambda p: (
                p.salary is not None
                and p.salary.usd_annual_max is not None
                and p.salary.usd_annual_max >= 100_000
            ),
        ),
        (
            {"min_salary_usd": 40_000, "max_salary_usd": 60_000},
            lambda p: (
                p.salary is not None
                and p.salary.usd_annual_max is not None
                and p.salary.usd_annual_max >= 40_000
                and p.salary.usd_annual_min <= 60_000
            ),
        ),
        (
            {"posted_after": date(2019, 11, 1), "posted_before": date(2019, 11, 1)},
            lambda p: (p.posted_at or "").startswith("2019-11-01"),
        ),
        ({"posted_after": date(2019, 11, 2)}, lambda p: (p.posted_at or "") >= "2019-11-02"),
        ({"posted_before": date(2024, 5, 2)}, lambda p: "" < (p.posted_at or "") < "2024-05-03"),
    ],
)
def test_each_filter_matches_what_the_store_holds(corpus, filters, expected):
    want = {(p.source, p.source_id) for p in all_postings(corpus["store"]) if expected(p)}
    assert want, "the sample should hold postings of every filter"
    assert keys(corpus["index"], **filters) == want


def test_filters_combine_with_keywords(corpus):
    index = corpus["index"]
    both = keys(index, text="python", country="US", level="SE")
    assert both == keys(index, text="python") & keys(index, country="US") & keys(index, level="SE")
    assert both


def test_skill_ids_are_exact_terms(corpus):
    store, index = corpus["store"], corpus["index"]
    cpp, c = skill_keys(store, "cpp"), skill_keys(store, "c")
    assert cpp and c and cpp - c  # postings asking for C++ but not for C
    assert keys(index, skills=("cpp",)) == cpp
    assert keys(index, skills=("c",)) == c
    assert keys(index, skills=("C++",)) == cpp  # names and aliases resolve to the id
    assert not (cpp - c) & keys(index, skills=("c",))
    assert keys(index, skills=("cpp", "python")) == cpp & skill_keys(store, "python")
    # typed as a keyword, C++ is the skill too, not the letter c
    assert keys(index, text="c++") == cpp
    assert keys(index, text="C#") == skill_keys(store, "csharp")


def test_boilerplate_mentions_do_not_count_as_skills(corpus):
    store, index = corpus["store"], corpus["index"]
    row = store.conn.execute(
        "SELECT p.source, p.source_id, m.skill FROM skill_mentions m JOIN postings p "
        "ON p.id = m.posting_id WHERE m.section IN ('company', 'benefits') AND NOT EXISTS "
        "(SELECT 1 FROM skill_mentions o WHERE o.posting_id = m.posting_id "
        "AND o.skill = m.skill AND o.section NOT IN ('company', 'benefits')) LIMIT 1"
    ).fetchone()
    assert row is not None
    assert (row[0], row[1]) not in keys(index, skills=(row[2],))


def test_sorting_and_pages(corpus):
    store, index = corpus["store"], corpus["index"]
    _, newest = search_postings(store, index, SearchQuery(sort="newest", limit=30))
    dates = [p.posted_at for p in newest if p.posted_at]
    assert dates and dates == sorted(dates, reverse=True)
    assert newest[0].posted_at is not None
    _, paid = search_postings(store, index, SearchQuery(sort="salary", limit=30))
    pay = [p.salary.usd_annual_max for p in paid]
    assert None not in pay and pay == sorted(pay, reverse=True)
    first = index.search(SearchQuery(text="engineer", limit=10))
    second = index.search(SearchQuery(text="engineer", limit=10, offset=10))
    assert first.total == second.total > 20
    assert not {h.source_id for h in first.hits} & {h.source_id for h in second.hits}


@pytest.mark.parametrize(
    "text",
    [
        "AND OR (((",
        "title:",
        '"unterminated',
        "'",
        '"',
        "-",
        "NOT",
        "a:b:c",
        "posted:>2020",
        "salary_usd_max:[a TO",
        "IN [a b]",
        "\\",
        "c++ && ||",
        '"senior c++ developer"',
        "<script>alert(1)</script>",
        "\x00",
        "😀",
    ],
)
def test_hostile_text_never_raises(corpus, text):
    result = corpus["index"].search(SearchQuery(text=text))
    assert result.total >= 0 and len(result.hits) <= 20


def test_unparsable_text_falls_back_to_its_words(corpus):
    index = corpus["index"]
    assert keys(index, text="python AND (((") == keys(index, text="python")
    assert keys(index, text="scientist OR") == keys(index, text="scientist")


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"level": "XX"}, "level must be one of EN, MI, SE, EX"),
        ({"country": "Narnia"}, "country must be an ISO country code"),
        ({"country": "ZZ"}, "country must be an ISO country code"),
        ({"employment_type": "gig"}, "employment_type must be one of"),
        ({"min_salary_usd": -1}, "min_salary_usd must be a number"),
        ({"min_salary_usd": 9, "max_salary_usd": 1}, "is above max_salary_usd"),
        ({"posted_after": date(2024, 2, 1), "posted_before": date(2024, 1, 1)}, "later than"),
        ({"posted_after": "2024-01-01"}, "posted_after must be a date"),
        ({"posted_before": date(9999, 1, 1)}, "posted_before must be a day between 1900"),
        ({"skills": ("notaskillatall",)}, "Unknown skill 'notaskillatall'"),
        ({"role": "astronaut chef"}, "Unknown role 'astronaut chef'"),
        ({"sort": "best"}, "sort must be one of relevance, newest, salary"),
        ({"limit": 0}, "limit must be between 1 and 1000"),
        ({"offset": -1}, "offset must be between 0 and 10000"),
        ({"text": "x" * 1001}, "the limit is 1000"),
    ],
)
def test_invalid_filter_values_raise_input_error(corpus, filters, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        corpus["index"].search(SearchQuery(**filters))


def test_missing_index_says_how_to_build_it(tmp_path):
    assert not index_exists(tmp_path / "index")
    with pytest.raises(StoreError, match=r"no search index .* Build it with `roleatlas index`"):
        SearchIndex.open(tmp_path / "index")


def test_damaged_index_says_to_rebuild(tmp_path):
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "CURRENT").write_text("gen-gone\n")
    with pytest.raises(StoreError, match=r"roleatlas index --rebuild"):
        SearchIndex.open(tmp_path / "index")


def small_store(tmp_path, rows):
    store = Store(tmp_path / "roleatlas.db").open()
    ingest([write_jsonl(tmp_path / "rows.jsonl", rows)], store)
    return store


def test_failed_rebuild_keeps_the_previous_index(tmp_path):
    rows = read_rows()[:40]
    with small_store(tmp_path, rows) as store:
        path = index_dir(tmp_path)
        assert sync_index(store, path) == 40  # no index yet: sync builds one
        index = SearchIndex.open(path)

        def crash(done, total):
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            build_index(store, path, progress=crash)
        assert sorted(p.name for p in path.iterdir() if not p.name.startswith("gen-")) == [
            ".lock",  # the writers' lock file stays (empty); the lock itself is released
            "CURRENT",
        ]
        assert index.count() == 40
        assert SearchIndex.open(path).search(SearchQuery()).total == 40


def test_open_index_follows_syncs_and_rebuilds(tmp_path):
    rows = read_rows()
    with small_store(tmp_path, rows[:30]) as store:
        path = index_dir(tmp_path)
        build_index(store, path)
        index = SearchIndex.open(path)
        assert index.count() == 30
        ingest([write_jsonl(tmp_path / "more.jsonl", rows[30:50])], store)
        assert sync_index(store, path) == 20
        assert index.count() == 50
        assert index.search(SearchQuery()).total == 50
        build_index(store, path)
        assert [p.name for p in path.iterdir()].count("CURRENT") == 1
        assert len([p for p in path.iterdir() if p.name.startswith("gen-")]) == 1
        assert index.search(SearchQuery()).total == 50


def test_index_of_an_empty_store(store, tmp_path):
    assert build_index(store, tmp_path / "index") == 0
    result = SearchIndex.open(tmp_path / "index").search(SearchQuery(text="python"))
    assert (result.total, result.hits) == (0, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-11-01T16:51:29Z", "2019-11-01T16:51:29+00:00"),
        ("2024-03-05", "2024-03-05T00:00:00+00:00"),
        ("2024-03-05 some text", "2024-03-05T00:00:00+00:00"),
        ("2024-03-05T10:00:00+02:00", "2024-03-05T08:00:00+00:00"),
        ("last week", None),
        (None, None),
    ],
)
def test_posted_dates_are_read_as_utc(text, expected):
    value = _posted(text)
    assert (value.isoformat() if value else None) == expected


# -- writers wait for each other (issue 9, item 4) --------------------------------------------
def test_two_syncs_at_once_both_succeed(tmp_path):
    """Two ingests finishing together: each syncs the index from its own connection; the
    second waits for the first instead of failing with LockBusy."""
    import threading

    rows = read_rows()[:120]
    with small_store(tmp_path, rows[:40]) as store:
        path = index_dir(tmp_path)
        assert sync_index(store, path) == 40
        ingest([write_jsonl(tmp_path / "more.jsonl", rows[40:])], store)
    results, errors = [], []
    start = threading.Barrier(4)

    def sync():
        try:
            with Store(tmp_path / "roleatlas.db").open() as own:
                start.wait()
                results.append(sync_index(own, path, lock_timeout=60))
        except Exception as exc:  # collected: the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=sync) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [0, 0, 0, 80]  # one indexed the new postings, the rest found none
    index = SearchIndex.open(path)
    assert index.count() == 120
    assert index.state["max_id"] == 120


def test_two_processes_syncing_at_once_both_succeed(tmp_path):
    import subprocess
    import sys

    rows = read_rows()[:60]
    with small_store(tmp_path, rows) as store:
        path = index_dir(tmp_path)
        assert sync_index(store, path) == 60
        rows2 = [dict(r, title=f"Zyxquokka {i}") for i, r in enumerate(rows[:30])]
        ingest([write_jsonl(tmp_path / "changed.jsonl", rows2)], store)
    code = (
        "import sys; from roleatlas.store import Store; "
        "from roleatlas.search import sync_index; "
        "s = Store(sys.argv[1]).open(); print(sync_index(s, sys.argv[2], lock_timeout=60))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path / "roleatlas.db"), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    assert sorted(int(out) for out, _ in outs) == [0, 0, 30]
    assert SearchIndex.open(path).count() == 60
    with Store(tmp_path / "roleatlas.db").open() as store:
        found = search_postings(store, SearchIndex.open(path), SearchQuery(text="zyxquokka"))
    assert found[0] == 30


def test_a_writer_held_too_long_is_a_clear_error(tmp_path):
    import fcntl

    rows = read_rows()[:20]
    with small_store(tmp_path, rows) as store:
        path = index_dir(tmp_path)
        sync_index(store, path)
        ingest([write_jsonl(tmp_path / "more.jsonl", read_rows()[20:25])], store)
        with open(path / ".lock", "w") as held:  # another process is writing the index
            fcntl.flock(held, fcntl.LOCK_EX)
            with pytest.raises(StoreError, match="roleatlas index") as failed:
                sync_index(store, path, lock_timeout=0.3)
            assert "postings are stored" in str(failed.value)
            with pytest.raises(StoreError, match="more than 0.3 s"):
                build_index(store, path, lock_timeout=0.3)
        assert sync_index(store, path, lock_timeout=0.3) == 5  # released: it goes through


def test_tantivy_lock_busy_is_retried(tmp_path, monkeypatch):
    """A writer that does not take our lock (tantivy's own LockBusy) is waited for too."""
    import tantivy

    rows = read_rows()[:20]
    with small_store(tmp_path, rows) as store:
        path = index_dir(tmp_path)
        sync_index(store, path)
        ingest([write_jsonl(tmp_path / "more.jsonl", read_rows()[20:22])], store)
        real = tantivy.Index.writer
        calls = []

        def busy_twice(self, *args, **kwargs):
            calls.append(1)
            if len(calls) <= 2:
                raise ValueError("Failed to acquire Lockfile: LockBusy.")
            return real(self, *args, **kwargs)

        monkeypatch.setattr(tantivy.Index, "writer", busy_twice)
        assert sync_index(store, path, lock_timeout=10) == 2
        assert len(calls) == 3


def test_index_is_stale_compares_watermarks(tmp_path):
    from roleatlas.search import index_is_stale

    rows = read_rows()[:30]
    with small_store(tmp_path, rows[:20]) as store:
        path = index_dir(tmp_path)
        assert index_is_stale(store, path)  # no index at all
        sync_index(store, path)
        assert not index_is_stale(store, path)
        ingest([write_jsonl(tmp_path / "more.jsonl", rows[20:])], store)
        assert index_is_stale(store, path)
        sync_index(store, path)
        assert not index_is_stale(store, path)
