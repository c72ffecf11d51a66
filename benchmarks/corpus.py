"""A roleatlas store of any size, made of RESAMPLED REAL POSTINGS, for benchmarks.

``build_corpus(n)`` returns a roleatlas home whose store holds ``n`` postings and the
reference data of ``../shared/data``. The postings are not synthetic: they are the ~11.7k real
postings of ``../shared/data/postings-*/postings.jsonl.gz`` (ingested once, with their
extractions), resampled at the SQL level:

* ``n`` at most the real count: a deterministic pseudo-random subset of the real postings;
* ``n`` above it: every real posting, plus copies. Copy round ``k`` inserts each real posting
  again (the last round a deterministic pseudo-random subset) with the source id
  ``<source_id>~r<k>``, row id ``id + k * stride``, the same text, role, salary and
  extraction rows (skill mentions, education, experience, responsibilities, re-keyed to the
  new row id), and ``posted_at`` moved back by 0-59 days (dated postings only) so monthly
  series are not spikes.

So figures are the real corpus's shares and distributions, repeated: the data is real, its
size is not. Results are cached by ``n`` under ``benchmarks/.cache/`` (gitignored), so the
second call is instant; the cache is keyed on the input files and the pipeline versions.
Treat a cached home as read-only (pass ``home`` for a private copy you may change).

Usage: ``python benchmarks/corpus.py N [--home DIR]`` (e.g. ``1000000``; about 8 GB).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from roleatlas.pipeline.extract import extract_version
from roleatlas.pipeline.normalize import NORM_VERSION
from roleatlas.pipeline.run import ingest
from roleatlas.reference.pull import pull
from roleatlas.settings import resolve_settings
from roleatlas.store import Store

__all__ = ["CACHE", "SHARED", "build_corpus"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CACHE = ROOT / "benchmarks" / ".cache"
#: Bumped when the resampling itself changes, so cached corpora are rebuilt.
CORPUS_VERSION = 1
_EXTRACTION_TABLES = (
    "skill_mentions",
    "education_requirements",
    "experience_requirements",
    "responsibilities",
)
_MANIFEST = "corpus.json"


def _db_path(home: Path) -> Path:
    return resolve_settings(home=str(home)).db_path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _fingerprint(shared: Path) -> dict[str, object]:
    files = sorted(shared.glob("postings-*/postings.jsonl.gz"))
    if not files:
        raise SystemExit(f"No postings under {shared}/postings-*/postings.jsonl.gz.")
    return {
        "corpus_version": CORPUS_VERSION,
        "norm_version": NORM_VERSION,
        "extract_version": extract_version(),
        "shared": str(shared.resolve()),
        # content, not mtime: the shared data is unpacked afresh each session
        "files": [[str(f.relative_to(shared)), f.stat().st_size, _sha256(f)] for f in files],
    }


def _manifest_ok(home: Path, expected: dict[str, object]) -> bool:
    try:
        found = json.loads((home / _MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    return bool(found == expected and _db_path(home).exists())


@contextmanager
def _locked(name: str) -> Iterator[None]:
    """One builder per cache entry at a time (other helpers import this module too)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _log(msg: str) -> None:
    print(f"[corpus] {msg}", file=sys.stderr, flush=True)


def _base(shared: Path) -> Path:
    """The real postings (with extractions) and the reference data, ingested once."""
    expected = {"kind": "base", **_fingerprint(shared)}
    home = CACHE / "base"
    with _locked("base"):
        if _manifest_ok(home, expected):
            return home
        tmp = CACHE / "base.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        started = time.perf_counter()
        with Store(_db_path(tmp)).open() as store:
            pull(None, store, tmp, source_dir=shared)
            _log(f"reference data loaded in {time.perf_counter() - started:.0f} s")
            summary = ingest(sorted(shared.glob("postings-*/postings.jsonl.gz")), store)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _log(f"base: {summary.total:,} postings in {time.perf_counter() - started:.0f} s")
        (tmp / _MANIFEST).write_text(json.dumps(expected, indent=1))
        shutil.rmtree(home, ignore_errors=True)
        tmp.rename(home)
    return home


def _pick(alias: str, k: int) -> str:
    """A deterministic pseudo-random order of row ids for round ``k`` (no RANDOM())."""
    return f"(({alias}.id * 2654435761 + {k} * 40503) % 4294967296)"


def _resample(db: Path, n: int) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -1000000")
        conn.execute("PRAGMA temp_store = FILE")
        conn.execute("PRAGMA foreign_keys = ON")
        base_n, stride = conn.execute("SELECT count(*), max(id) FROM postings").fetchone()
        if n <= base_n:
            conn.execute("BEGIN")
            conn.execute(
                f"DELETE FROM postings WHERE id NOT IN (SELECT p.id FROM postings p "
                f"ORDER BY {_pick('p', 0)} LIMIT ?)",
                (n,),
            )
            conn.execute("COMMIT")
        else:
            _copies(conn, n, base_n, stride)
        if n <= base_n:
            conn.execute("VACUUM")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _copies(conn: sqlite3.Connection, n: int, base_n: int, stride: int) -> None:
    # Secondary indexes and triggers are dropped for the bulk insert and recreated after:
    # building an index once by sorting is far cheaper than 38M random B-tree inserts.
    tables = ("postings", *_EXTRACTION_TABLES)
    marks = ", ".join("?" for _ in tables)
    saved = conn.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND tbl_name IN ({marks}) AND sql IS NOT NULL",
        tables,
    ).fetchall()
    for kind, name, _ in saved:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    cols = [r[1] for r in conn.execute("PRAGMA table_info(postings)")]
    moved = {
        "id": "p.id + :k * :stride",
        "source_id": "p.source_id || '~r' || :k",
        "posted_at": (
            "CASE WHEN p.posted_at IS NULL OR length(p.posted_at) < 10 THEN p.posted_at "
            "ELSE strftime('%Y-%m-%dT%H:%M:%SZ', p.posted_at, "
            "printf('-%d days', (p.id * 7919 + :k * 104729) % 60)) END"
        ),
    }
    select = ", ".join(moved.get(c, f"p.{c}") for c in cols)
    # Copies are appended after the real rows, so a rowid range reads only real rows (the
    # posting_id indexes are dropped during the load; without the range every round would
    # scan all earlier copies).
    last = {t: conn.execute(f"SELECT max(rowid) FROM {t}").fetchone()[0] or 0 for t in tables}
    extra = n - base_n
    rounds = -(-extra // base_n)
    for k in range(1, rounds + 1):
        take = min(base_n, extra - (k - 1) * base_n)
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("CREATE TEMP TABLE pick (id INTEGER PRIMARY KEY)")
        conn.execute(
            f"INSERT INTO pick SELECT p.id FROM postings p WHERE p.id <= :stride "
            f"ORDER BY {_pick('p', k)} LIMIT :take",
            {"stride": stride, "take": take},
        )
        conn.execute(
            f"INSERT INTO postings ({', '.join(cols)}) SELECT {select} FROM pick "
            f"CROSS JOIN postings p ON p.id = pick.id ORDER BY p.id",
            {"k": k, "stride": stride},
        )
        for table in _EXTRACTION_TABLES:
            tcols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            sel = ", ".join(
                "t.posting_id + :k * :stride" if c == "posting_id" else f't."{c}"' for c in tcols
            )
            names = ", ".join(f'"{c}"' for c in tcols)
            conn.execute(
                f"INSERT INTO {table} ({names}) SELECT {sel} FROM {table} t "
                f"JOIN pick ON pick.id = t.posting_id WHERE t.rowid <= :last ORDER BY t.rowid",
                {"k": k, "stride": stride, "last": last[table]},
            )
        conn.execute("DROP TABLE pick")
        conn.execute("COMMIT")
        if k == 1 or k % 10 == 0 or k == rounds:
            _log(f"round {k}/{rounds}: {take:,} copies in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    for kind, _, sql in saved:
        if kind == "index":
            conn.execute(sql)
    for kind, _, sql in saved:
        if kind == "trigger":
            conn.execute(sql)
    # Fire the (recreated) change triggers once, so anything derived from the store and
    # cached inside it (see store/insights.py) knows the postings changed.
    conn.execute("UPDATE postings SET role = role WHERE id = (SELECT min(id) FROM postings)")
    _log(f"indexes rebuilt in {time.perf_counter() - started:.0f} s")


def build_corpus(n: int, home: Path | None = None, *, shared: Path = SHARED) -> Path:
    """A roleatlas home whose store holds ``n`` resampled real postings + reference data.

    Parameters
    ----------
    n:
        Postings wanted (at least 1). Up to the real count (~11.7k) a subset of the real
        postings; above it the real postings plus copies with ``~r<k>`` source ids.
    home:
        Where to put the home. By default the shared cache ``benchmarks/.cache/n<n>/``
        (treat it as read-only); a given ``home`` gets a private copy.
    shared:
        The data folder holding ``postings-*/postings.jsonl.gz`` and the reference data.

    Returns
    -------
    Path
        The home directory; its database is ``resolve_settings(home=...).db_path``.
    """
    if n < 1:
        raise ValueError(f"build_corpus needs n >= 1 postings. Got {n}.")
    base = _base(shared)
    expected = {"kind": "corpus", "n": n, **_fingerprint(shared)}
    cached = CACHE / f"n{n}"
    with _locked(f"n{n}"):
        if not _manifest_ok(cached, expected):
            tmp = CACHE / f"n{n}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            started = time.perf_counter()
            shutil.copyfile(_db_path(base), _db_path(tmp))
            with Store(_db_path(tmp)).open():  # pending migrations run on the small store
                pass
            _resample(_db_path(tmp), n)
            (tmp / _MANIFEST).write_text(json.dumps(expected, indent=1))
            shutil.rmtree(cached, ignore_errors=True)
            tmp.rename(cached)
            size = _db_path(cached).stat().st_size
            _log(f"n={n:,}: built in {time.perf_counter() - started:.0f} s, {size / 1e9:.2f} GB")
    if home is None or Path(home).resolve() == cached.resolve():
        return cached
    home = Path(home)
    if not _manifest_ok(home, expected):
        home.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_db_path(cached), _db_path(home))
        shutil.copyfile(cached / _MANIFEST, home / _MANIFEST)
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="postings wanted, e.g. 1000000")
    parser.add_argument("--home", type=Path, default=None, help="copy the store here")
    args = parser.parse_args()
    started = time.perf_counter()
    home = build_corpus(args.n, args.home)
    db = _db_path(home)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        count = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    print(
        f"{home}  ({count:,} postings, {db.stat().st_size / 1e9:.2f} GB, "
        f"{time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
