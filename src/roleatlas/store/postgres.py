"""PostgreSQL under the store: a connection that speaks the store's SQL.

:class:`~roleatlas.store.Store` writes its SQL once, in the dialect SQLite and PostgreSQL
share, with ``?`` parameters. When the store's target is a ``postgresql://`` URL it talks to
the server through :class:`PgConnection`, a `psycopg 3 <https://www.psycopg.org/psycopg3/>`_
connection wrapped to offer the part of :class:`sqlite3.Connection` the store uses
(``execute``, ``executemany``, ``in_transaction``, rows readable by position and by name), and
:func:`translate` rewrites the few SQLite-only forms the store uses:

- ``?`` parameters become ``%s`` (and a literal ``%`` becomes ``%%``);
- ``BEGIN IMMEDIATE`` (a writer) becomes ``BEGIN`` plus a transaction-level advisory lock, so
  writers take turns as they do on SQLite while readers never wait (MVCC);
- ``INSERT OR IGNORE`` / ``INSERT OR REPLACE`` become ``ON CONFLICT`` clauses;
- ``PRAGMA user_version`` reads and writes the ``roleatlas_schema`` table;
- ``x = ? COLLATE NOCASE`` compares ``lower()`` of both sides;
- ``INDEXED BY`` (a SQLite planner hint) is dropped and ``char()`` is ``chr()``;
- ``json_each(?)`` becomes ``json_array_elements_text(?::json)``;
- ``CROSS JOIN t ON ...`` (SQLite's inner join with a fixed order) becomes ``JOIN t ON ...``;
- every ``ORDER BY`` term sorts NULLs as SQLite does, first ascending and last descending
  (:func:`sqlite_null_order`; indexes are created in the same order).

Functions SQLite has and PostgreSQL lacks (``json_valid``, ``json_extract`` for ``$.key``
paths, ``group_concat``, ``total``, two-argument ``round`` of a double) are created once per
database by :data:`JSON_VALID` and :data:`PRELUDE`, so the queries themselves stay the same.
Schema migrations are the SQLite ones translated by :func:`translate_ddl`: text columns get the
``"C"`` collation, so text sorts by code point as on SQLite whatever the database's locale, and
a table without a primary key gets the ``rowid`` column SQLite gives it implicitly. Results are
read back as SQLite gives them (booleans as 0/1, integral ``numeric`` sums as ``int``).

Errors are raised as subclasses of :mod:`sqlite3`'s DB-API exception classes
(:class:`PgIntegrityError` is a :class:`sqlite3.IntegrityError`, and so on), so the store's
error handling, which names what failed and what was kept, is the same for both engines.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "JSON_VALID",
    "PRELUDE",
    "PRELUDE_VERSION",
    "PgConnection",
    "PgDatabaseError",
    "PgIntegrityError",
    "PgOperationalError",
    "connect",
    "is_url",
    "masked",
    "translate",
    "translate_ddl",
]

#: An arbitrary 64-bit key: the advisory lock every roleatlas writer of a database takes.
WRITE_LOCK_KEY = 7_207_316_351_093_411_001

#: Bump when :data:`PRELUDE` changes: an open store re-creates the functions then.
PRELUDE_VERSION = 2

#: ``json_valid``: a cast caught by an exception block. A block opens a subtransaction, which
#: a parallel query may not, so it is marked parallel unsafe (queries that call it run in
#: one process). ``pg_input_is_valid`` (PostgreSQL 16+) would avoid the block; Debian 12,
#: where the tests run, has 15.
JSON_VALID = r"""
CREATE OR REPLACE FUNCTION json_valid(t text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL UNSAFE AS $$
BEGIN
    IF t IS NULL THEN RETURN NULL; END IF;
    PERFORM t::json;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END $$;
"""

#: Functions the store's SQL uses that PostgreSQL lacks, in SQLite's meaning.
PRELUDE = r"""
CREATE TABLE IF NOT EXISTS roleatlas_schema (
    version INTEGER NOT NULL,
    prelude INTEGER NOT NULL
);
CREATE OR REPLACE FUNCTION json_extract(t text, path text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN json_valid(t) THEN
        (t::jsonb) #>> string_to_array(substr(path, 3), '.') END
$$;
CREATE OR REPLACE FUNCTION round(x double precision, digits integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT round(x::numeric, digits)::double precision
$$;
CREATE OR REPLACE FUNCTION roleatlas_join(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a || ',' || b $$;
CREATE OR REPLACE AGGREGATE group_concat(text) (SFUNC = roleatlas_join, STYPE = text);
CREATE OR REPLACE FUNCTION roleatlas_join(a text, b text, sep text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a || sep || b $$;
CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = roleatlas_join, STYPE = text);
CREATE OR REPLACE AGGREGATE total(double precision) (
    SFUNC = float8pl, STYPE = float8, INITCOND = '0'
);
CREATE OR REPLACE FUNCTION roleatlas_bump_generation() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE insight_generation SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END $$;
"""

# INSERT OR REPLACE needs the conflict target on PostgreSQL: the primary key of each table
# the store replaces rows of.
_CONFLICT_KEYS = {
    "insight_cache": ("key",),
    "reference_datasets": ("name",),
}


class PgDatabaseError(sqlite3.DatabaseError):
    """An error PostgreSQL (or the connection to it) reported; ``sqlstate`` is its code."""

    sqlstate: str | None = None


class PgIntegrityError(sqlite3.IntegrityError, PgDatabaseError):
    """A constraint (unique key, foreign key, not null) refused a write."""


class PgOperationalError(sqlite3.OperationalError, PgDatabaseError):
    """The server could not be reached, went away, or cancelled the statement."""


def is_url(target: object) -> bool:
    """Whether ``target`` names a PostgreSQL database (``postgresql://`` or ``postgres://``).

    >>> is_url("postgresql://localhost/roleatlas"), is_url("/tmp/roleatlas.db")
    (True, False)
    """
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def masked(url: str) -> str:
    """``url`` with its password replaced by ``***``, fit for messages and logs.

    >>> masked("postgresql://ra:secret@db.example:5432/roleatlas")
    'postgresql://ra:***@db.example:5432/roleatlas'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


# -- SQL translation -------------------------------------------------------------------------
_STRING_OR_MARK = re.compile(r"'(?:[^']|'')*'|\?|%")
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.I)
_NOCASE_EQ = re.compile(r"(\w+(?:\.\w+)?)\s*=\s*\?\s+COLLATE\s+NOCASE", re.I)
_JSON_EACH = re.compile(r"json_each\(\?\)", re.I)
_INDEXED_BY = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.I)
_CHAR = re.compile(r"\bchar\(", re.I)
_CROSS_JOIN_ON = re.compile(r"\bCROSS\s+JOIN\s+(\w+(?:\s+(?!ON\b)\w+)?)\s+ON\b", re.I)
_TRIGGER = re.compile(
    r"^\s*CREATE\s+TRIGGER\s+IF\s+NOT\s+EXISTS\s+(\w+)\s+AFTER\s+(INSERT|UPDATE|DELETE)\s+ON\s+"
    r"(\w+)\s+BEGIN\s+UPDATE\s+insight_generation\s+SET\s+value\s*=\s*value\s*\+\s*1\s+"
    r"WHERE\s+id\s*=\s*1\s*;\s*END\s*;?\s*$",
    re.I | re.S,
)


def _params(sql: str) -> str:
    """``?`` → ``%s`` and ``%`` → ``%%`` outside string literals (``%`` inside them too)."""

    def sub(match: re.Match[str]) -> str:
        token = match.group()
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        return token.replace("%", "%%")

    return _STRING_OR_MARK.sub(sub, sql)


_ORDER_BY = re.compile(r"'(?:[^']|'')*'|\bORDER\s+BY\b", re.I)
_CLAUSE_END = re.compile(r"\b(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|WINDOW)\b", re.I)
_HAS_NULLS = re.compile(r"\bNULLS\s+(FIRST|LAST)\s*$", re.I)
_DESC = re.compile(r"\bDESC\s*$", re.I)


def _order_terms(text: str) -> tuple[list[str], int]:
    """The comma-separated terms at the start of ``text`` and where they end: at a closing
    parenthesis of an enclosing expression, a clause keyword, or the end."""
    depth, start, terms, i = 0, 0, [], 0
    while i < len(text):
        char = text[i]
        if char == "'":
            i = text.index("'", i + 1) + 1
            while i < len(text) and text[i] == "'":  # an escaped quote
                i = text.index("'", i + 1) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif char == "," and depth == 0:
            terms.append(text[start:i])
            start = i + 1
        elif depth == 0 and (char.isalpha() and (i == 0 or not text[i - 1].isalnum())):
            if _CLAUSE_END.match(text, i):
                break
        i += 1
    terms.append(text[start:i])
    return terms, i


def _null_order(term: str) -> str:
    """SQLite sorts NULL before every value; PostgreSQL after: say SQLite's order."""
    body = term.rstrip()
    if not body or _HAS_NULLS.search(body):
        return term
    tail = term[len(body) :]
    return f"{body} NULLS {'LAST' if _DESC.search(body) else 'FIRST'}{tail}"


def sqlite_null_order(sql: str) -> str:
    """``sql`` with every ``ORDER BY`` term ordering NULLs as SQLite does (first ascending,
    last descending), unless the term says otherwise.

    >>> sqlite_null_order("SELECT a FROM t ORDER BY (b IS NULL), c DESC, d LIMIT 3")
    'SELECT a FROM t ORDER BY (b IS NULL) NULLS FIRST, c DESC NULLS LAST, d NULLS FIRST LIMIT 3'
    """
    out, pos = [], 0
    for match in _ORDER_BY.finditer(sql):
        if match.group().startswith("'"):
            continue
        terms, length = _order_terms(sql[match.end() :])
        out.append(sql[pos : match.end()])
        out.append(",".join(_null_order(t) for t in terms))
        pos = match.end() + length
    out.append(sql[pos:])
    return "".join(out)


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """The PostgreSQL form of one statement of the store's SQL (see the module docstring).

    Examples
    --------
    >>> translate("SELECT id FROM postings WHERE source = ? AND flags LIKE '%x%'")
    "SELECT id FROM postings WHERE source = %s AND flags LIKE '%%x%%'"
    >>> translate("INSERT OR IGNORE INTO sources (name) VALUES (?)")
    'INSERT INTO sources (name) VALUES (%s) ON CONFLICT DO NOTHING'
    """
    stripped = sql.strip().rstrip(";").strip()
    upper = stripped.upper()
    if upper == "PRAGMA USER_VERSION":
        return "SELECT coalesce((SELECT max(version) FROM roleatlas_schema), 0)"
    if upper.startswith("PRAGMA USER_VERSION"):
        version = int(stripped.split("=", 1)[1])
        return (
            f"UPDATE roleatlas_schema SET version = {version}; "
            f"INSERT INTO roleatlas_schema (version, prelude) SELECT {version}, "
            f"{PRELUDE_VERSION} WHERE NOT EXISTS (SELECT 1 FROM roleatlas_schema)"
        )
    if upper == "BEGIN IMMEDIATE":
        return f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"
    trigger = _TRIGGER.match(stripped)
    if trigger:
        name, event, table = trigger.groups()
        return (
            f"CREATE OR REPLACE TRIGGER {name} AFTER {event.upper()} ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION roleatlas_bump_generation()"
        )
    out = _NOCASE_EQ.sub(lambda m: f"lower({m.group(1)}) = lower(?)", stripped)
    out = _JSON_EACH.sub("json_array_elements_text(?::json)", out)
    # SQLite's CROSS JOIN ... ON is an inner join whose order the planner keeps
    out = _CROSS_JOIN_ON.sub(r"JOIN \1 ON", out)
    out = _INDEXED_BY.sub("", out)
    out = _CHAR.sub("chr(", out)
    out = sqlite_null_order(out)
    insert_or = _INSERT_OR.match(out)
    if insert_or:
        mode, table, columns = insert_or.groups()
        out = "INSERT INTO" + out[insert_or.start(2) - 1 :]
        if mode.upper() == "IGNORE":
            out += " ON CONFLICT DO NOTHING"
        else:
            keys = _CONFLICT_KEYS.get(table)
            if keys is None:
                raise PgDatabaseError(
                    f"INSERT OR REPLACE INTO {table}: no conflict key is known for this table "
                    "on PostgreSQL (add it to roleatlas.store.postgres._CONFLICT_KEYS)."
                )
            names = [c.strip() for c in columns.split(",")]
            sets = ", ".join(f"{c} = excluded.{c}" for c in names if c not in keys)
            out += f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
    return _params(out)


_COLUMN_TYPE = re.compile(
    r"([(,]\s*|ADD\s+COLUMN\s+)(\w+)\s+(INTEGER|REAL|TEXT|BLOB)\b(\s+PRIMARY\s+KEY)?"
)
_PG_TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "TEXT": 'TEXT COLLATE "C"',
             "BLOB": "BYTEA"}  # fmt: skip
_CREATE_INDEX = re.compile(r"\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+\w+\s+ON\s+\w+\s*\(", re.I)
_NOCASE_INDEX = re.compile(r"\((\w+)\s+COLLATE\s+NOCASE\)")


def _column(match: re.Match[str]) -> str:
    lead, name, kind, primary = match.groups()
    if name == "id" and kind == "INTEGER" and primary:
        return f"{lead}id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    return f"{lead}{name} {_PG_TYPES[kind]}{primary or ''}"


def translate_ddl(script: str) -> str:
    """The PostgreSQL form of a schema migration (types, identity keys, collations).

    >>> translate_ddl("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, share REAL)")
    'CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT COLLATE "C", share DOUBLE PRECISION)'
    """  # noqa: E501
    return ";".join(_statement(part) for part in script.split(";"))


def _statement(sql: str) -> str:
    out = _NOCASE_INDEX.sub(r"(lower(\1))", _COLUMN_TYPE.sub(_column, sql))
    index = _CREATE_INDEX.match(out)
    if index:
        # index columns in the NULL order the queries ask for (see sqlite_null_order)
        terms, length = _order_terms(out[index.end() :])
        rest = out[index.end() + length :]
        out = out[: index.end()] + ",".join(_null_order(t) for t in terms) + rest
    if re.match(r"\s*CREATE\s+TABLE\b", out, re.I) and "PRIMARY KEY" not in out.upper():
        # a table without a key has SQLite's implicit rowid, which queries order by
        # (insertion order): give it a real one, last, so positional INSERTs still fit
        close = out.rindex(")")
        rowid = "rowid BIGINT GENERATED ALWAYS AS IDENTITY"
        out = f"{out[:close].rstrip()},\n    {rowid}\n{out[close:]}"
    return out


# -- the connection --------------------------------------------------------------------------
def _error(exc: Exception) -> PgDatabaseError:
    import psycopg

    cls: type[PgDatabaseError]
    if isinstance(exc, psycopg.IntegrityError):
        cls = PgIntegrityError
    elif isinstance(exc, psycopg.OperationalError):
        cls = PgOperationalError
    else:
        cls = PgDatabaseError
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    out = cls(message)
    out.sqlstate = getattr(exc, "sqlstate", None)
    return out


class _Row(tuple):
    """A result row readable by position and by column name, like :class:`sqlite3.Row`."""

    __slots__ = ()
    _names: dict[str, int] = {}
    _keys: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._keys)


@functools.lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[_Row]:
    return type("Row", (_Row,), {"__slots__": (), "_names": {n: i for i, n in enumerate(names)},
                                 "_keys": names})  # fmt: skip


def _row_factory(cursor: Any) -> Any:
    description = cursor.description
    if description is None:
        return tuple
    cls = _row_class(tuple(d.name for d in description))
    return lambda values: cls(values)


class PgCursor:
    """The result of :meth:`PgConnection.execute`: iterable, ``fetchone``, ``fetchall``,
    ``rowcount`` and, after an ``INSERT`` into a table with an ``id``, ``lastrowid``."""

    def __init__(self, cursor: Any, lastrowid: int | None = None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone() if self._cursor.description else None
        except Exception as exc:
            raise _error(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall() if self._cursor.description else []
        except Exception as exc:
            raise _error(exc) from exc

    def __iter__(self) -> Iterator[Any]:
        if self._cursor.description is None:
            return iter(())
        return iter(self._cursor)


_INSERT_ID = re.compile(r"^\s*INSERT\s+INTO\s+(ingest_runs|sources|rejects)\b(?!.*\bRETURNING\b)",
                        re.I | re.S)  # fmt: skip


class PgConnection:
    """A psycopg 3 connection offering the part of :class:`sqlite3.Connection` the store uses.

    It runs in autocommit mode: the store's own ``BEGIN`` / ``COMMIT`` / ``SAVEPOINT``
    statements delimit transactions, exactly as on SQLite.
    """

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    @property
    def raw(self) -> Any:
        """The underlying :class:`psycopg.Connection`."""
        return self._conn

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self._conn.info.transaction_status != TransactionStatus.IDLE)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        query = translate(sql)
        returning = params is not None and _INSERT_ID.match(query) is not None
        if returning:
            query += " RETURNING id"
        try:
            cur = self._conn.execute(query, tuple(params) if params is not None else None)
            lastrowid = None
            if returning and cur.description is not None:
                row = cur.fetchone()
                lastrowid = None if row is None else int(row[0])
        except Exception as exc:
            import psycopg

            if isinstance(exc, psycopg.Error):
                raise _error(exc) from exc
            raise
        return PgCursor(cur, lastrowid)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        query = translate(sql)
        rows = [tuple(r) for r in rows]
        cur = self._conn.cursor()
        if not rows:
            return PgCursor(cur)
        try:
            cur.executemany(query, rows)
        except Exception as exc:
            import psycopg

            if isinstance(exc, psycopg.Error):
                raise _error(exc) from exc
            raise
        return PgCursor(cur)

    def copy_rows(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        """Send ``rows`` with ``COPY … FROM STDIN`` (``statement``): the fast bulk load."""
        import psycopg

        try:
            with self._conn.cursor() as cur, cur.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise _error(exc) from exc

    def close(self) -> None:
        self._conn.close()


def _adapters(conn: Any) -> None:
    """Read and write values as SQLite does: booleans as 0/1, integral sums as ``int``."""
    from decimal import Decimal

    from psycopg.adapt import Dumper, Loader
    from psycopg.types.numeric import Int8Dumper

    class IntBoolLoader(Loader):
        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    class SqliteNumericLoader(Loader):
        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            if "." in text or "e" in text or "E" in text or "N" in text:
                return float(text)
            return int(Decimal(text))

    class BoolAsIntDumper(Dumper):
        oid = Int8Dumper.oid

        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    conn.adapters.register_loader("bool", IntBoolLoader)
    conn.adapters.register_loader("numeric", SqliteNumericLoader)
    conn.adapters.register_dumper(bool, BoolAsIntDumper)


def connect(url: str) -> PgConnection:
    """Open ``url`` (``postgresql://user:password@host:port/database``) in autocommit mode.

    Raises
    ------
    PgOperationalError
        When psycopg is missing (install ``roleatlas[postgres]``) or the server cannot be
        reached; the message names the (masked) URL.
    """
    try:
        import psycopg
    except ImportError:
        raise PgOperationalError(
            "PostgreSQL needs the psycopg package: pip install 'roleatlas[postgres]'"
        ) from None
    try:
        conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=10)
    except psycopg.Error as exc:
        raise _error(exc) from exc
    _adapters(conn)
    return PgConnection(conn)


def ensure_prelude(conn: PgConnection) -> None:
    """Create (or update) :data:`PRELUDE` when the database lacks it or has an older one."""
    exists = conn.execute("SELECT to_regclass('roleatlas_schema') IS NOT NULL").fetchone()[0]
    if exists:
        found = conn.execute("SELECT max(prelude) FROM roleatlas_schema").fetchone()[0]
        if found is not None and int(found) >= PRELUDE_VERSION:
            return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.raw.execute(JSON_VALID)  # before PRELUDE: json_extract calls it
        conn.raw.execute(PRELUDE)
        conn.raw.execute(f"UPDATE roleatlas_schema SET prelude = {PRELUDE_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def catalog_triggers(conn: Any, prefix: str) -> set[str]:
    """Names of the triggers whose name starts with ``prefix`` (either engine)."""
    if isinstance(conn, PgConnection):
        rows = conn.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND starts_with(tgname, ?)",
            (prefix,),
        )
    else:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, ?) = ?",
            (len(prefix), prefix),
        )
    return {str(r[0]) for r in rows}


def catalog_indexes(conn: Any, table: str) -> list[tuple[str, str]]:
    """``(name, CREATE INDEX statement)`` of the explicitly created indexes of ``table``."""
    if isinstance(conn, PgConnection):
        rows = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.schemaname = current_schema() AND i.tablename = ? "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
            (table,),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        ).fetchall()
    return [(str(name), str(sql)) for name, sql in rows]


def catalog_columns(conn: Any, table: str) -> set[str]:
    """The column names of ``table`` (either engine)."""
    if isinstance(conn, PgConnection):
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ?",
            (table,),
        )
        return {str(r[0]) for r in rows}
    return {str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")}
