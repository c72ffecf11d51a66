"""Tests for roleatlas.collect.registry and the sources table (store/sources.py)."""

from __future__ import annotations

import gzip
import json
import sqlite3
from collections.abc import Iterator
from importlib import metadata
from urllib.parse import quote

import pytest

from roleatlas.collect import registry
from roleatlas.collect.kinds import BUILTIN_KINDS, SourceKind
from roleatlas.collect.registry import (
    add_source,
    add_starter,
    available_kinds,
    load_starter,
    remove_source,
    resolve_source,
)
from roleatlas.errors import CatalogError, ConfigError, InputError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.pipeline.guard import check_source_name
from roleatlas.pipeline.normalize import normalize_posting
from roleatlas.records import Posting, RawPosting
from roleatlas.store import Store
from roleatlas.store.schema import MIGRATIONS
from tests.conftest import shared_path

# --- the starter registry ---------------------------------------------------------------------


def test_starter_registry_has_100_valid_unique_boards():
    boards = load_starter()
    assert len(boards) >= 100
    kinds = available_kinds()
    names = [kinds[b.kind].default_name(b.token) for b in boards]
    assert all(check_source_name(n) is None for n in names)
    assert len(set(names)) == len(names)
    assert len({(b.kind, b.token.lower()) for b in boards}) == len(boards)
    assert len({b.name for b in boards}) == len(boards)
    for board in boards:
        assert board.name.strip() == board.name and "%" not in board.name, board
    by_token = {(b.kind, b.token): b.name for b in boards}
    assert by_token[("greenhouse", "anthropic")] == "Anthropic"
    assert by_token[("ashby", "PrimeIntellect")] == "Prime Intellect"
    assert by_token[("ashby", "Forward Financing")] == "Forward Financing"
    for lab in ("cohere", "elevenlabs", "character", "worldlabs", "physicalintelligence"):
        assert ("ashby", lab) in by_token, lab


def test_starter_tokens_occur_in_the_shared_snapshot():
    path = shared_path("postings-ats-ai", "postings.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        seen = {json.loads(line)["source"] for line in lines}
    missing = [b for b in load_starter() if f"{b.kind}-{quote(b.token, safe='')}" not in seen]
    assert missing == []


def test_starter_file_errors():
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_starter("boards = [")
    with pytest.raises(CatalogError, match="Entry 1 .* kind, token and name"):
        load_starter('boards = [{ kind = "ashby", token = "x" }]')


# --- add, list, remove ----------------------------------------------------------------------------


def test_add_list_get_remove(store: Store):
    added = add_source(store, "https://jobs.ashbyhq.com/cohere")
    assert (added.name, added.kind, added.display_name, added.verified, added.enabled) == (
        "ashby:cohere",
        "ashby",
        "Cohere",  # from the starter list
        False,
        True,
    )
    assert (added.interval_seconds, added.next_due_at, added.last_run_at) == (21600, None, None)
    add_source(store, "http://127.0.0.1:9/boards/acme", kind="lever", name="local-acme")
    assert [s.name for s in store.list_sources()] == ["ashby:cohere", "local-acme"]
    assert store.get_source("local-acme").api_url == "http://127.0.0.1:9/boards/acme"  # type: ignore[union-attr]
    removed = remove_source(store, "ashby:cohere")
    assert removed.name == "ashby:cohere"
    assert [s.name for s in store.list_sources()] == ["local-acme"]
    with pytest.raises(InputError, match="no source named 'ashby:cohere'.*sources list"):
        remove_source(store, "ashby:cohere")


def test_duplicates_are_refused_unless_renamed(store: Store):
    add_source(store, "https://boards.greenhouse.io/anthropic")
    with pytest.raises(InputError, match="'greenhouse:anthropic' exists already.*--name"):
        add_source(store, "https://job-boards.greenhouse.io/anthropic")
    with pytest.raises(InputError, match="collected already as the source 'gh-anthropic'"):
        store.remove_source("greenhouse:anthropic")
        add_source(store, "https://boards.greenhouse.io/anthropic", name="gh-anthropic")
        add_source(store, "https://boards.greenhouse.io/anthropic")
    again = add_source(store, "https://boards.greenhouse.io/anthropic", name="anthropic-2")
    assert again.api_url == store.get_source("gh-anthropic").api_url  # type: ignore[union-attr]


def _posting(source: str, source_id: str) -> Posting:
    return normalize_posting(RawPosting(source=source, source_id=source_id, title="ML Engineer"))


def test_remove_keeps_postings(store: Store):
    add_source(store, "https://jobs.lever.co/acme")
    posting = _posting("lever:acme", "1")
    store.write_batch([posting], [], [], norm_version=1)
    assert store.get_source("lever:acme").postings == 1  # type: ignore[union-attr]
    removed = remove_source(store, "lever:acme")
    assert removed.postings == 1
    assert store.count("lever:acme") == 1


def test_update_source_run(store: Store):
    add_source(store, "https://jobs.lever.co/acme")
    store.update_source_run(
        "lever:acme",
        status="ok",
        counts={"fetched": 3, "new": 3},
        verified=True,
        open_postings=3,
        etag='"abc"',
        next_due_at="2026-01-01T06:00:00+00:00",
        ran_at="2026-01-01T00:00:00+00:00",
    )
    source = store.get_source("lever:acme")
    assert source is not None
    assert (source.verified, source.last_status, source.last_counts, source.open_postings) == (
        True,
        "ok",
        {"fetched": 3, "new": 3},
        3,
    )
    assert (source.etag, source.next_due_at, source.last_run_at) == (
        '"abc"',
        "2026-01-01T06:00:00+00:00",
        "2026-01-01T00:00:00+00:00",
    )
    store.update_source_run("lever:acme", status="error", error="HTTP 500")
    source = store.get_source("lever:acme")
    assert source is not None
    assert (source.verified, source.last_error, source.etag) == (True, "HTTP 500", '"abc"')
    with pytest.raises(InputError, match="no source named 'nope'"):
        store.update_source_run("nope", status="ok")


def test_add_starter_skips_present_boards(store: Store):
    add_source(store, "https://jobs.ashbyhq.com/cohere")
    add_source(store, "https://boards.greenhouse.io/anthropic", name="anthropic")
    result = add_starter(store)
    total = len(load_starter())
    assert len(result.added) == total - 2
    assert result.skipped == ["ashby:cohere", "greenhouse:anthropic"]
    sources = store.list_sources()
    assert len(sources) == total
    starter = [s for s in sources if s.added_from == "starter"]
    assert len(starter) == total - 2 and not any(s.verified for s in starter)
    assert add_starter(store).added == []


def test_sources_table_migrates_an_existing_database(tmp_path):
    path = tmp_path / "db.sqlite"
    ours = next(i for i, sql in enumerate(MIGRATIONS) if "CREATE TABLE sources" in sql)
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:ours]:  # a database written before the sources table
        for statement in filter(str.strip, script.split(";")):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {ours}")
    conn.commit()
    conn.close()
    with Store(path).open() as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.list_sources() == []


# --- entry-point discovery ----------------------------------------------------------------------


class TaleoKind(SourceKind):
    """A third-party kind: one class."""

    name = "taleo"
    complete = True
    url_shapes = ("https://<company>.taleo.net/careersection/<section>",)

    def match(self, url: str) -> str | None:
        host = url.split("/")[2] if "://" in url else ""
        return host.split(".")[0] if host.endswith(".taleo.net") else None

    def api_url(self, token: str) -> str:
        return f"https://{token}.taleo.net/careersection/rest/jobboard"

    def parse(
        self, body: bytes, *, source: str, origin: str, limits: Limits = DEFAULT_LIMITS
    ) -> Iterator[RawPosting]:
        for i, job in enumerate(json.loads(body)):
            yield RawPosting(source=source, source_id=str(job["id"]), origin=f"{origin}#{i}")


def _entry_points(*extra: metadata.EntryPoint):
    def fake(**params):
        assert params == {"group": "roleatlas.source_kinds"}
        builtin = [
            metadata.EntryPoint(
                cls.name, f"roleatlas.collect.kinds:{cls.__name__}", params["group"]
            )
            for cls in BUILTIN_KINDS
        ]
        return metadata.EntryPoints([*builtin, *extra])

    return fake


def test_a_third_party_kind_is_found_through_its_entry_point(monkeypatch, store: Store):
    point = metadata.EntryPoint("taleo", f"{__name__}:TaleoKind", "roleatlas.source_kinds")
    monkeypatch.setattr(registry.metadata, "entry_points", _entry_points(point))
    kinds = available_kinds()
    assert "taleo" in kinds and list(kinds)[:1] == ["ashby"]
    source = add_source(store, "https://acme.taleo.net/careersection/2/jobsearch.ftl")
    assert (source.name, source.kind, source.api_url) == (
        "taleo:acme",
        "taleo",
        "https://acme.taleo.net/careersection/rest/jobboard",
    )
    assert "taleo: https://<company>.taleo.net" in registry.supported_shapes(kinds)


def test_builtins_work_without_package_metadata(monkeypatch):
    monkeypatch.setattr(registry.metadata, "entry_points", lambda **_: metadata.EntryPoints([]))
    assert resolve_source("https://jobs.lever.co/acme").kind == "lever"
    assert len(available_kinds()) == len(BUILTIN_KINDS)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (f"{__name__}:NotAKind", "not a subclass"),
        ("roleatlas_missing_plugin:Kind", "cannot be loaded"),
        (f"{__name__}:ClashingKind", "named 'lever'"),
    ],
)
def test_broken_plugins_are_named(monkeypatch, value, message):
    point = metadata.EntryPoint("broken", value, "roleatlas.source_kinds")
    monkeypatch.setattr(registry.metadata, "entry_points", _entry_points(point))
    with pytest.raises(ConfigError, match=f"'broken'.*{message}"):
        available_kinds()


class NotAKind:
    name = "nope"


class ClashingKind(TaleoKind):
    name = "lever"
