"""The SQLite store: the only module that writes SQL.

The database runs in WAL mode; the schema is versioned with ``PRAGMA user_version`` and
migrated on open. Writes happen in batches, one transaction each, so a crash leaves every
batch either fully written or not at all; ingest is keyed by ``(source, source_id)`` with a
content hash, so a rerun only adds what is missing. :meth:`Store.transaction` makes several
batches one transaction (each batch becomes a savepoint inside it): all of them land, or none.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from roleatlas.errors import SchemaVersionError, StoreError
from roleatlas.records import (
    EducationRequirement,
    ExperienceRequirement,
    Extraction,
    Location,
    Posting,
    Provenance,
    Responsibility,
    Salary,
    SkillMention,
    decode_spans,
    encode_spans,
)
from roleatlas.store import postgres as _pg
from roleatlas.store import sources as _sources
from roleatlas.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["WRITE_WAIT_SECONDS", "JobQuery", "Reject", "Store"]

#: How long a write (a batch, a transaction) waits for another connection's write to end.
WRITE_WAIT_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be ingested, with the reason and where it came from."""

    origin: str
    reason: str
    source: str | None = None
    source_id: str | None = None
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class JobQuery:
    """Filters for :meth:`Store.jobs`. ``None`` means "no filter"."""

    role: str | None = None
    level: str | None = None
    remote: bool | None = None
    country: str | None = None
    min_salary_usd: float | None = None
    source: str | None = None
    include_closed: bool = False
    limit: int | None = 20
    offset: int = 0


_POSTING_COLUMNS = (
    "source",
    "source_id",
    "content_hash",
    "norm_version",
    "title",
    "company",
    "description",
    "url",
    "posted_at",
    "role",
    "role_name",
    "level",
    "seniority_rank",
    "employment_type",
    "location_raw",
    "city",
    "region",
    "country",
    "workplace",
    "remote_scope",
    "salary_raw",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_annual_min",
    "salary_annual_max",
    "salary_usd_min",
    "salary_usd_max",
    "salary_flags",
    "salary_reason",
    "salary_json",
    "location_json",
    "provenance",
    "extra",
)

# Inserts set the extraction version in the same statement (no UPDATE of the new row after).
_INSERT_EXTRACTED_SQL = (
    f"INSERT INTO postings ({', '.join(_POSTING_COLUMNS)}, first_seen, last_seen, updated_at, "
    f"extract_version) VALUES ({', '.join('?' for _ in _POSTING_COLUMNS)}, ?, ?, ?, ?)"
)
_UPDATE_SQL = (
    "UPDATE postings SET "
    + ", ".join(f"{c} = ?" for c in _POSTING_COLUMNS[2:])
    + ", updated_at = ?, last_seen = coalesce(?, last_seen), closed_at = NULL "
    "WHERE source = ? AND source_id = ?"
)

#: An unchanged posting listed again: seen now; a closed one reopens (and its ``updated_at``
#: moves, so the search index picks the change up).
_SEEN_SQL = (
    "UPDATE postings SET last_seen = ?, updated_at = CASE WHEN closed_at IS NULL THEN "
    "updated_at ELSE ? END, closed_at = NULL WHERE source = ? AND source_id = ?"
)


def _extractor_version(stored: str) -> int:
    """The extractor version of a stored ``extract_version`` ("2:ab12cd34+spans" → 2)."""
    head = stored.split(":", 1)[0]
    return int(head) if head.isdigit() else 1


_EXTRACTION_TABLES = (
    "skill_mentions",
    "skill_spans",
    "education_requirements",
    "experience_requirements",
    "responsibilities",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _fields(record: Salary | Location) -> dict[str, Any]:
    # dataclasses.asdict deep-copies every value; these records hold only flat values
    return {name: getattr(record, name) for name in record.__slots__}


def _posting_row(posting: Posting, norm_version: int) -> tuple[Any, ...]:
    loc = posting.location
    sal = posting.salary
    return (
        posting.source,
        posting.source_id,
        posting.content_hash,
        norm_version,
        posting.title,
        posting.company,
        posting.description,
        posting.url,
        posting.posted_at,
        posting.role,
        posting.role_name,
        posting.level,
        posting.seniority_rank,
        posting.employment_type,
        loc.raw,
        loc.city,
        loc.region,
        loc.country,
        loc.workplace,
        loc.remote_scope,
        sal.raw if sal else None,
        sal.min_amount if sal else None,
        sal.max_amount if sal else None,
        sal.currency if sal else None,
        sal.period if sal else None,
        sal.annual_min if sal else None,
        sal.annual_max if sal else None,
        sal.usd_annual_min if sal else None,
        sal.usd_annual_max if sal else None,
        ",".join(sal.flags) if sal else None,
        sal.reason if sal else None,
        _dumps(_fields(sal)) if sal else None,
        _dumps(_fields(loc)),
        _dumps({k: [v.rule, v.confidence] for k, v in posting.provenance.items()}),
        _dumps(posting.extra),
    )


#: The posting columns dedup reads (:meth:`Store.iter_dedup_rows`, ``roleatlas batch --dedup``).
DEDUP_COLUMNS = ("id", "source", "source_id", "company", "title", "location_raw", "country",
                 "city", "description", "posted_at", "url")  # fmt: skip

_EXTRACTION_WIDTH = {
    "skill_mentions": 9,
    "skill_spans": 2,
    "education_requirements": 7,
    "experience_requirements": 7,
    "responsibilities": 5,
}


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def posting_row(posting: Posting, norm_version: int) -> tuple[Any, ...]:
    """The ``postings`` columns of :data:`_POSTING_COLUMNS` for ``posting`` (no id, no
    timestamps): what an insert writes, shared by ``roleatlas batch``."""
    return _posting_row(posting, norm_version)


def extraction_rows(items: Iterable[tuple[int, Extraction]]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of each extraction table for ``(posting id, extraction)`` pairs, in table
    column order (booleans as 0/1): what the store writes, shared by ``roleatlas batch``."""
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _EXTRACTION_WIDTH}
    mentions, spans = out["skill_mentions"], out["skill_spans"]
    education, experience = out["education_requirements"], out["experience_requirements"]
    duties = out["responsibilities"]
    for pid, ex in items:
        mentions.extend(
            (pid, m.skill, m.text, m.start, m.end, m.layer, m.section, _flag(m.required),
             m.confidence)
            for m in ex.skills
        )  # fmt: skip
        if ex.spans:
            spans.append((pid, encode_spans(ex.spans)))
        education.extend(
            (pid, e.level, _dumps(list(e.fields)), _flag(e.or_equivalent), _flag(e.required),
             e.text, e.confidence)
            for e in ex.education
        )  # fmt: skip
        experience.extend(
            (pid, e.min_years, e.max_years, e.skill, _flag(e.required), e.text, e.confidence)
            for e in ex.experience
        )
        duties.extend((pid, r.text, r.statement, r.verb, r.section) for r in ex.responsibilities)
    return out


def _row_posting(row: sqlite3.Row) -> Posting:
    loc_data = json.loads(row["location_json"]) if row["location_json"] else {"raw": None}
    salary = None
    if row["salary_json"]:
        sal_data = json.loads(row["salary_json"])
        sal_data["flags"] = tuple(sal_data.get("flags") or ())
        salary = Salary(**sal_data)
    provenance = {
        k: Provenance(rule=v[0], confidence=v[1]) for k, v in json.loads(row["provenance"]).items()
    }
    return Posting(
        source=row["source"],
        source_id=row["source_id"],
        title=row["title"],
        company=row["company"],
        description=row["description"],
        url=row["url"],
        posted_at=row["posted_at"],
        role=row["role"],
        role_name=row["role_name"],
        level=row["level"],
        seniority_rank=row["seniority_rank"],
        employment_type=row["employment_type"],
        location=Location(**loc_data),
        salary=salary,
        content_hash=row["content_hash"],
        provenance=provenance,
        extra=json.loads(row["extra"]),
    )


class Store:
    """A roleatlas database.

    Parameters
    ----------
    path:
        The SQLite file (created with its parent directory when missing), or ``":memory:"``.

    Examples
    --------
    >>> with Store(":memory:").open() as store:
    ...     store.count()
    0
    """

    def __init__(self, path: Path | str) -> None:
        self._url = str(path) if _pg.is_url(path) else None
        #: Where the data lives, for messages: the file, or the URL with its password masked.
        self.path: Path | str = _pg.masked(self._url) if self._url else path
        self._conn: sqlite3.Connection | None = None
        self._depth = 0  # open write blocks (transaction or savepoints) on this connection

    @property
    def engine(self) -> str:
        """``"postgresql"`` for a ``postgresql://`` URL, else ``"sqlite"``."""
        return "postgresql" if self._url else "sqlite"

    # -- lifecycle -------------------------------------------------------------------------
    def open(self) -> Store:
        """Connect, switch to WAL mode and apply pending migrations. Returns ``self``."""
        if self._url is not None:
            return self._open_postgres(self._url)
        target = str(self.path)
        if target != ":memory:":
            path = Path(target)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the data directory {str(path.parent)!r}: {exc.strerror}. "
                    "Pass --home with a writable directory or set ROLEATLAS_HOME."
                ) from exc
        try:
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Cannot open the database {target!r}: {exc}. If the file is not a roleatlas "
                "database, pass --home with another directory."
            ) from exc
        self._conn = conn
        self._migrate_or_close()
        return self

    def _open_postgres(self, url: str) -> Store:
        try:
            conn = _pg.connect(url)
            _pg.ensure_prelude(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Cannot open the PostgreSQL database {self.path!r}: {exc}. Check that the "
                "server is running and the URL (user, password, host, port, database) is "
                "right, or unset ROLEATLAS_DATABASE_URL to use the SQLite file."
            ) from exc
        self._conn = conn  # type: ignore[assignment]
        self._migrate_or_close()
        return self

    def _migrate_or_close(self) -> None:
        try:
            self._migrate()
        except BaseException:
            self.close()  # a store that failed to open holds no connection
            raise

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        if self._conn is None:
            self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("The store is not open. Call Store(path).open() first.")
        return self._conn

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"The database {str(self.path)!r} has schema version {current}, newer than this "
                f"roleatlas knows ({SCHEMA_VERSION}). Upgrade roleatlas or use another --home."
            )
        for version in range(current, SCHEMA_VERSION):
            self.conn.execute("BEGIN IMMEDIATE")
            if self.schema_version > version:  # another process migrated meanwhile
                self.conn.execute("COMMIT")
                continue
            script = MIGRATIONS[version]
            if self._url is not None:
                script = _pg.translate_ddl(script)
            try:
                for statement in _split_sql(script):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(
                    f"Migrating {str(self.path)!r} to schema version {version + 1} failed: {exc}."
                ) from exc

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Make every write inside the ``with`` block one transaction: committed when the
        block ends, rolled back entirely when it raises.

        Batches written inside it (:meth:`write_batch`, :meth:`start_run` …) become savepoints
        of this transaction, so nothing is visible to other connections until the end. The
        database's write lock is held for the whole block: other writers wait for it (up to
        the busy timeout).

        Examples
        --------
        >>> with Store(":memory:").open() as store:
        ...     try:
        ...         with store.transaction():
        ...             run = store.start_run(["a.jsonl"])
        ...             raise ValueError("the file was cut short")
        ...     except ValueError:
        ...         pass
        ...     store.conn.execute("SELECT count(*) FROM ingest_runs").fetchone()[0]
        0
        """
        with self._write("the transaction"):
            yield self

    @contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write unit: a transaction, or a savepoint inside an open one."""
        conn = self.conn
        name = f"w{self._depth}"
        nested = self._depth > 0
        waited_until = time.monotonic() + WRITE_WAIT_SECONDS
        while True:
            try:
                conn.execute(f"SAVEPOINT {name}" if nested else "BEGIN IMMEDIATE")
                break
            except sqlite3.DatabaseError as exc:
                # another connection holds the write lock (an upload is one long transaction):
                # each try waits the busy timeout; keep trying up to WRITE_WAIT_SECONDS
                busy = getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
                if busy and time.monotonic() < waited_until:
                    continue
                raise StoreError(
                    f"Cannot start writing {what} to {str(self.path)!r}: {exc}. Another "
                    "process is writing the database; try again when it has finished."
                ) from exc
        self._depth += 1
        try:
            yield conn
        except BaseException:
            self._depth -= 1
            if nested:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            elif conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        try:
            conn.execute(f"RELEASE {name}" if nested else "COMMIT")
        except sqlite3.DatabaseError:
            if not nested and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- writes ----------------------------------------------------------------------------
    def existing(self, source: str, source_ids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """Map each stored ``source_id`` of ``source`` to ``(content_hash, norm_version)``."""
        found: dict[str, tuple[str, int]] = {}
        ids = list(source_ids)
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" for _ in chunk)
            rows = self.conn.execute(
                f"SELECT source_id, content_hash, norm_version FROM postings "
                f"WHERE source = ? AND source_id IN ({marks})",
                (source, *chunk),
            )
            for sid, chash, version in rows:
                found[sid] = (chash, version)
        return found

    def write_batch(
        self,
        inserts: Iterable[Posting],
        updates: Iterable[Posting],
        rejects: Iterable[Reject],
        *,
        norm_version: int,
        run_id: int | None = None,
        extract_version: str | None = None,
        seen: Sequence[tuple[str, str]] = (),
        live: bool = False,
    ) -> None:
        """Write one batch in a single transaction: all of it lands, or none of it.

        Postings that carry an :class:`~roleatlas.records.Extraction` get their mentions
        replaced in the same transaction. ``live`` says the batch is a live source's listing
        (``roleatlas collect``): its postings get ``last_seen`` = now, which rows from files
        never have. ``seen`` are the keys of unchanged postings that a live source listed
        again: their ``last_seen`` moves to now and a closed one reopens.
        """
        now = _now()
        inserts, updates = list(inserts), list(updates)
        kept = (
            "the whole transaction is rolled back"
            if self._depth
            else "earlier batches are kept. Rerun the ingest to continue"
        )
        try:
            with self._write("a batch"):
                self._write_batch(
                    inserts, updates, rejects, now, norm_version, run_id, extract_version, seen,
                    now if live else None,
                )  # fmt: skip
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Writing a batch to {str(self.path)!r} failed: {exc}. Nothing of this batch "
                f"was stored; {kept}."
            ) from exc

    def _write_batch(
        self,
        inserts: list[Posting],
        updates: list[Posting],
        rejects: Iterable[Reject],
        now: str,
        norm_version: int,
        run_id: int | None,
        extract_version: str | None,
        seen: Sequence[tuple[str, str]],
        last_seen: str | None,
    ) -> None:
        conn = self.conn
        conn.executemany(
            _INSERT_EXTRACTED_SQL,
            [
                (
                    *_posting_row(p, norm_version),
                    now,
                    last_seen,
                    now,
                    extract_version if p.extraction is not None else None,
                )
                for p in inserts
            ],
        )
        conn.executemany(
            _UPDATE_SQL,
            [
                (*_posting_row(p, norm_version)[2:], now, last_seen, p.source, p.source_id)
                for p in updates
            ],
        )
        new = [(p.key, p.extraction) for p in inserts if p.extraction is not None]
        changed = [(p.key, p.extraction) for p in updates if p.extraction is not None]
        ids = self._posting_ids([key for key, _ in (*new, *changed)])
        if new:
            # rows inserted just now have no extraction rows to delete, and their version
            # was set by the insert
            self._write_extractions(
                [(ids[key], ex) for key, ex in new], extract_version, fresh=True
            )
        if changed:
            self._write_extractions([(ids[key], ex) for key, ex in changed], extract_version)
        if seen:
            conn.executemany(_SEEN_SQL, [(now, now, source, sid) for source, sid in seen])
        conn.executemany(
            "INSERT INTO rejects (origin, source, source_id, reason, raw, run_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin, reason) DO UPDATE SET "
            "run_id = excluded.run_id, raw = excluded.raw",
            [(r.origin, r.source, r.source_id, r.reason, r.raw, run_id, now) for r in rejects],
        )

    def _posting_ids(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Row ids of stored postings, one query per source and chunk (not one per posting)."""
        by_source: dict[str, list[str]] = {}
        for source, source_id in keys:
            by_source.setdefault(source, []).append(source_id)
        found: dict[tuple[str, str], int] = {}
        for source, source_ids in by_source.items():
            for start in range(0, len(source_ids), 900):
                chunk = source_ids[start : start + 900]
                marks = ",".join("?" for _ in chunk)
                rows = self.conn.execute(
                    "SELECT source_id, id FROM postings "
                    f"WHERE source = ? AND source_id IN ({marks})",
                    (source, *chunk),
                )
                found.update(((source, sid), int(pid)) for sid, pid in rows)
        return found

    def _write_extractions(
        self, items: Sequence[tuple[int, Extraction]], version: str | None, *, fresh: bool = False
    ) -> None:
        """Replace the extraction rows of postings (by row id) and set their version.

        ``fresh`` postings were inserted in the same transaction with their version: there
        is nothing to delete or update.
        """
        conn = self.conn
        if not fresh:
            ids = [(pid,) for pid, _ in items]
            for table in _EXTRACTION_TABLES:
                conn.executemany(f"DELETE FROM {table} WHERE posting_id = ?", ids)
        for table, rows in extraction_rows(items).items():
            marks = ", ".join("?" for _ in range(_EXTRACTION_WIDTH[table]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        if not fresh:
            conn.executemany(
                "UPDATE postings SET extract_version = ? WHERE id = ?",
                [(version, pid) for pid, _ in items],
            )

    def replace_extractions(
        self, items: Sequence[tuple[int, Extraction]], *, version: str | None
    ) -> None:
        """Replace the extraction of stored postings (by row id) in one transaction."""
        try:
            with self._write("extractions") as conn:
                self._write_extractions(items, version)
                # the posting changed for everything derived from it (the index syncs on it)
                now = _now()
                conn.executemany(
                    "UPDATE postings SET updated_at = ? WHERE id = ?",
                    [(now, pid) for pid, _ in items],
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Writing extractions to {str(self.path)!r} failed: {exc}. Nothing of this "
                "batch was changed; rerun the command to continue."
            ) from exc

    def iter_texts(
        self, batch_size: int = 500, *, stale_for: str | None = None
    ) -> Iterator[list[tuple[int, str | None, str | None]]]:
        """Batches of ``(row id, title, description)`` of stored postings, in id order.

        With ``stale_for``, only postings whose extraction version differs from it.
        """
        where = ""
        params: tuple[Any, ...] = ()
        if stale_for is not None:
            where, params = "(extract_version IS NULL OR extract_version != ?)", (stale_for,)
        for rows in self._by_id("id, title, description", batch_size, where, params):
            yield [(int(r[0]), r[1], r[2]) for r in rows]

    def _by_id(
        self, columns: str, batch_size: int, where: str = "", params: Sequence[Any] = ()
    ) -> Iterator[list[sqlite3.Row]]:
        """Batches of ``columns`` (the first is ``id``) of the postings matching ``where``,
        in row-id order, by keyset pagination (no OFFSET: each batch is one index range)."""
        last = 0
        sql = f"SELECT {columns} FROM postings WHERE id > ?"
        sql += f" AND {where}" if where else ""
        while True:
            rows = self.conn.execute(f"{sql} ORDER BY id LIMIT ?", (last, *params, batch_size))
            batch = rows.fetchall()
            if not batch:
                return
            yield batch
            last = int(batch[-1][0])

    def extraction(
        self, source: str, source_id: str, *, limit: int | None = None
    ) -> Extraction | None:
        """The stored extraction of one posting (``None`` if it was never extracted).

        With ``limit``, at most that many items of each kind (the first skill mentions in
        text order), so a posting stored with millions of mentions is read in bounded memory.
        """
        row = self.conn.execute(
            "SELECT id, extract_version FROM postings WHERE source = ? AND source_id = ?",
            (source, source_id),
        ).fetchone()
        if row is None or row[1] is None:
            return None
        pid = row[0]
        cap = "" if limit is None else f" LIMIT {max(0, int(limit))}"

        def q(sql: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
            return self.conn.execute(sql + cap, params)

        found = self.conn.execute(
            "SELECT spans FROM skill_spans WHERE posting_id = ?", (pid,)
        ).fetchone()
        spans = decode_spans(found[0] if found else None)
        return Extraction(
            skills=[
                SkillMention(
                    r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else bool(r[6]), r[7]
                )
                for r in q(
                    'SELECT skill, text, start, "end", layer, section, required, confidence '
                    "FROM skill_mentions WHERE posting_id = ? ORDER BY start, rowid",
                    (pid,),
                )
            ],
            education=[
                EducationRequirement(
                    r[0],
                    tuple(json.loads(r[1])),
                    bool(r[2]),
                    None if r[3] is None else bool(r[3]),
                    r[4],
                    r[5],
                )
                for r in q(
                    "SELECT level, fields, or_equivalent, required, text, confidence "
                    "FROM education_requirements WHERE posting_id = ? ORDER BY rowid",
                    (pid,),
                )
            ],
            experience=[
                ExperienceRequirement(
                    r[0], r[1], r[2], None if r[3] is None else bool(r[3]), r[4], r[5]
                )
                for r in q(
                    "SELECT min_years, max_years, skill, required, text, confidence "
                    "FROM experience_requirements WHERE posting_id = ? ORDER BY rowid",
                    (pid,),
                )
            ],
            responsibilities=[
                Responsibility(*r)
                for r in q(
                    "SELECT text, statement, verb, section FROM responsibilities "
                    "WHERE posting_id = ? ORDER BY rowid",
                    (pid,),
                )
            ],
            version=_extractor_version(row[1]),
            spans=spans[:limit] if limit is not None else spans,
        )

    def skill_counts(
        self,
        *,
        role: str | None = None,
        sources: Sequence[str] | None = None,
        include_boilerplate: bool = False,
    ) -> tuple[int, list[tuple[str, int]]]:
        """How many postings (of a role, from some sources) mention each catalog skill.

        Returns the number of postings considered and ``(skill id, postings)`` pairs, most
        frequent first. Mentions in company boilerplate and benefits do not count unless
        ``include_boilerplate``.
        """
        where = ["p.extract_version IS NOT NULL"]
        params: list[Any] = []
        if role is not None:
            where.append("p.role = ?")
            params.append(role)
        if sources:
            where.append(f"p.source IN ({','.join('?' for _ in sources)})")
            params.extend(sources)
        cond = " AND ".join(where)
        n = int(
            self.conn.execute(f"SELECT count(*) FROM postings p WHERE {cond}", params).fetchone()[0]
        )
        section = "" if include_boilerplate else "AND m.section NOT IN ('company', 'benefits')"
        rows = self.conn.execute(
            f"SELECT m.skill, count(DISTINCT m.posting_id) AS n FROM skill_mentions m "
            f"JOIN postings p ON p.id = m.posting_id WHERE {cond} AND m.skill IS NOT NULL "
            f"{section} GROUP BY m.skill ORDER BY n DESC, m.skill",
            params,
        )
        return n, [(str(skill), int(count)) for skill, count in rows]

    def start_run(self, paths: Sequence[str]) -> int:
        cur = self.conn.execute(
            "INSERT INTO ingest_runs (started_at, paths) VALUES (?, ?)", (_now(), _dumps(paths))
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.conn.execute(
            "UPDATE ingest_runs SET finished_at = ?, summary = ? WHERE id = ?",
            (_now(), _dumps(summary), run_id),
        )

    # -- reads -----------------------------------------------------------------------------
    def count(self, source: str | None = None) -> int:
        if source is None:
            return int(self.conn.execute("SELECT count(*) FROM postings").fetchone()[0])
        return int(
            self.conn.execute(
                "SELECT count(*) FROM postings WHERE source = ?", (source,)
            ).fetchone()[0]
        )

    def counts_by_source(self) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT source, count(*) FROM postings GROUP BY source ORDER BY source"
        )
        return {source: int(n) for source, n in rows}

    def rejects(self, run_id: int | None = None, limit: int | None = None) -> list[Reject]:
        sql = "SELECT origin, reason, source, source_id, raw FROM rejects"
        params: list[Any] = []
        if run_id is not None:
            sql += " WHERE run_id = ?"
            params.append(run_id)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [Reject(*row) for row in self.conn.execute(sql, params)]

    def get(self, source: str, source_id: str) -> Posting | None:
        row = self.conn.execute(
            "SELECT * FROM postings WHERE source = ? AND source_id = ?", (source, source_id)
        ).fetchone()
        return _row_posting(row) if row else None

    def locate(self, source: str, source_id: str) -> Posting | None:
        """:meth:`get`, also when the split between source and id was guessed wrong.

        A URL ``/jobs/{source}/{source_id}`` cannot tell ``a/b`` + ``1`` from ``a`` + ``b/1``
        (servers decode ``%2F`` before routing), and a key ``source:source_id`` cannot tell
        ``greenhouse:acme`` + ``7`` from ``greenhouse`` + ``acme:7``. When the id holds ``/``
        or ``:``, every other split at that character is tried too, left to right (at most
        32, each one indexed lookup).

        Examples
        --------
        >>> with Store(":memory:").open() as store:
        ...     store.locate("a", "b/1") is None
        True
        """
        found = self.get(source, source_id)
        for sep in ("/", ":"):
            if found is not None:
                break
            if sep not in source_id:
                continue
            parts = f"{source}{sep}{source_id}".split(sep)
            for cut in range(2, min(len(parts), 32)):
                found = self.get(sep.join(parts[:cut]), sep.join(parts[cut:]))
                if found is not None:
                    break
        return found

    def jobs(self, query: JobQuery) -> list[Posting]:
        """Postings matching ``query``, those with a salary first, then newest first."""
        return list(self.iter_jobs(query))

    def iter_jobs(self, query: JobQuery) -> Iterator[Posting]:
        where: list[str] = []
        params: list[Any] = []
        if query.role is not None:
            where.append("role = ?")
            params.append(query.role)
        if query.level is not None:
            where.append("level = ?")
            params.append(query.level)
        if query.remote is True:
            where.append("workplace = 'remote'")
        elif query.remote is False:
            where.append("(workplace IS NULL OR workplace != 'remote')")
        if query.country is not None:
            where.append("(country = ? OR remote_scope = ?)")
            params.extend([query.country, query.country])
        if query.min_salary_usd is not None:
            where.append("salary_usd_max >= ?")
            params.append(query.min_salary_usd)
        if query.source is not None:
            where.append("source = ?")
            params.append(query.source)
        if not query.include_closed:
            where.append("closed_at IS NULL")
        sql = "SELECT * FROM postings"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY (salary_usd_max IS NULL), posted_at DESC, id"
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params.extend([query.limit, query.offset])
        for row in self.conn.execute(sql, params):
            yield _row_posting(row)

    # -- posting lifecycle -----------------------------------------------------------------
    def close_missing(self, source: str, listed: Iterable[str]) -> int:
        """Close the open postings of ``source`` whose ids are not in ``listed`` (the ids a
        complete listing of the source holds now).

        Returns
        -------
        int
            How many postings were closed.
        """
        now = _now()
        with self._write("closed postings") as conn:
            cur = conn.execute(
                "UPDATE postings SET closed_at = ?, updated_at = ? WHERE source = ? AND "
                "closed_at IS NULL AND source_id NOT IN (SELECT value FROM json_each(?))",
                (now, now, source, _dumps(sorted(set(listed)))),
            )
        return int(cur.rowcount)

    def touch_open(self, source: str) -> int:
        """Mark every open posting of ``source`` seen now (its listing did not change)."""
        with self._write("seen postings") as conn:
            cur = conn.execute(
                "UPDATE postings SET last_seen = ? WHERE source = ? AND closed_at IS NULL",
                (_now(), source),
            )
        return int(cur.rowcount)

    def open_count(self, source: str) -> int:
        """How many postings of ``source`` are open."""
        row = self.conn.execute(
            "SELECT count(*) FROM postings WHERE source = ? AND closed_at IS NULL", (source,)
        ).fetchone()
        return int(row[0])

    # -- dedup -----------------------------------------------------------------------------
    def iter_dedup_rows(self, batch_size: int = 2000) -> Iterator[tuple[Any, ...]]:
        """``(id, source, source_id, company, title, location_raw, country, city,
        description, posted_at, url)`` of every posting, in row-id order."""
        for rows in self._by_id(", ".join(DEDUP_COLUMNS), batch_size):
            yield from (tuple(row) for row in rows)

    def write_duplicates(self, pairs: Iterable[tuple[int, int]]) -> int:
        """Replace every posting's ``duplicate_of`` with ``pairs`` of ``(posting id,
        canonical posting id)`` in one transaction (postings not named become canonical).

        Returns
        -------
        int
            How many postings are marked duplicates.
        """
        rows = [(canonical, pid) for pid, canonical in pairs]
        with self._write("duplicates") as conn:
            conn.execute("UPDATE postings SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
            conn.executemany("UPDATE postings SET duplicate_of = ? WHERE id = ?", rows)
        return len(rows)

    def cluster_members(self, source: str, source_id: str) -> list[tuple[str, str, str | None]]:
        """``(source, source_id, url)`` of every posting of the cluster ``source:source_id``
        belongs to (itself included; just itself when it has no duplicates), canonical first."""
        row = self.conn.execute(
            "SELECT id, duplicate_of FROM postings WHERE source = ? AND source_id = ?",
            (source, source_id),
        ).fetchone()
        if row is None:
            return []
        head = int(row[1] if row[1] is not None else row[0])
        rows = self.conn.execute(
            "SELECT source, source_id, url FROM postings WHERE id = ? OR duplicate_of = ? "
            "ORDER BY duplicate_of IS NOT NULL, source, source_id",
            (head, head),
        )
        return [(str(s), str(i), None if u is None else str(u)) for s, i, u in rows]

    # -- live sources (SQL in store/sources.py) --------------------------------------------
    def add_source(self, source: _sources.NewSource) -> _sources.SourceRow:
        """Store a live source; see :func:`roleatlas.store.sources.add_source`."""
        return _sources.add_source(self, source)

    def add_sources(self, sources: Iterable[_sources.NewSource]) -> tuple[list[str], list[str]]:
        """Store sources whose names are free; see :func:`roleatlas.store.sources.add_sources`."""
        return _sources.add_sources(self, sources)

    def list_sources(self, names: Sequence[str] | None = None) -> list[_sources.SourceRow]:
        """Every live source (or those named), by name."""
        return _sources.list_sources(self, names)

    def get_source(self, name: str) -> _sources.SourceRow | None:
        """The live source called ``name``, or ``None``."""
        return _sources.get_source(self, name)

    def remove_source(self, name: str) -> bool:
        """Delete a live source, never its postings; ``False`` when there is none."""
        return _sources.remove_source(self, name)

    def update_source_run(self, name: str, **fields: Any) -> None:
        """Record a run of a source; see :func:`roleatlas.store.sources.update_source_run`."""
        _sources.update_source_run(self, name, **fields)


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
