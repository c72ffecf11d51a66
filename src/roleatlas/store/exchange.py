"""The store's tables as files: export to Parquet or CSV, and load Parquet back.

:func:`export_tables` writes one file per table (``postings.parquet``, ``skill_mentions.parquet``
…) and a ``manifest.json`` naming each table's file, row count and columns with their types.
DuckDB, Polars, pandas and Spark read the files as they are. Rows are read in pages of the
table's primary key (or SQLite's ``rowid``, which the PostgreSQL store keeps as a column), so
memory stays flat at any size, and the files are the same from a SQLite and a PostgreSQL store
holding the same data.

:func:`load_tables` brings an export (or the output of ``roleatlas batch``, which has the same
layout) into an empty store: a new SQLite file or PostgreSQL database. It refuses a store that
already holds postings rather than guess how to merge row ids; to add postings to a store that
has some, ingest their source files.

Examples
--------
>>> import tempfile
>>> from roleatlas.store import Store
>>> with tempfile.TemporaryDirectory() as tmp, Store(":memory:").open() as store:
...     summary = export_tables(store, tmp, format="csv", tables=["postings"])
...     summary["tables"]["postings"]["rows"], sorted(p.name for p in Path(tmp).iterdir())
(0, ['manifest.json', 'postings.csv'])
"""

from __future__ import annotations

import csv
import functools
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from roleatlas import __version__
from roleatlas.errors import InputError, StoreError
from roleatlas.store.postgres import PgConnection
from roleatlas.store.schema import SCHEMA_VERSION
from roleatlas.store.sqlite import Store

__all__ = [
    "FORMATS",
    "MANIFEST",
    "arrow_schema",
    "arrow_table",
    "export_tables",
    "load_tables",
    "table_schema",
]

FORMATS = ("parquet", "csv")
MANIFEST = "manifest.json"
PAGE_ROWS = 50_000

#: Tables that hold no data of their own: the schema version and the derived-figure cache.
_INTERNAL = frozenset({"insight_cache", "insight_generation", "roleatlas_schema"})
_ARROW_TYPES = {"INTEGER": "int64", "REAL": "float64", "TEXT": "string", "BLOB": "binary"}


@functools.cache
def table_schema() -> dict[str, dict[str, Any]]:
    """Every data table of the current schema: its columns as ``(name, SQL type)`` and the
    columns rows are paged and ordered by (its primary key, else ``rowid``)."""
    out: dict[str, dict[str, Any]] = {}
    with Store(":memory:").open() as store:
        names = [
            str(r[0])
            for r in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        for name in names:
            if name in _INTERNAL:
                continue
            info = list(store.conn.execute(f"PRAGMA table_info({name})"))
            columns = [(str(c[1]), str(c[2]).upper() or "TEXT") for c in info]
            key = [str(c[1]) for c in sorted(info, key=lambda c: c[5]) if c[5]]
            parents = {str(r[2]) for r in store.conn.execute(f"PRAGMA foreign_key_list({name})")}
            out[name] = {"columns": columns, "key": key or ["rowid"], "parents": parents}
    return out


def _load_order(tables: Sequence[str]) -> list[str]:
    """``tables`` with every table after the tables its foreign keys point to."""
    schema = table_schema()
    done: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        for parent in sorted(schema[name]["parents"]):
            if parent in tables and parent != name:
                visit(parent)
        done.append(name)

    for name in sorted(tables):
        visit(name)
    return done


def _pages(store: Store, table: str) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``table`` (its schema's columns), in key order, a page at a time."""
    spec = table_schema()[table]
    columns = [c for c, _ in spec["columns"]]
    key = spec["key"]
    extra = [k for k in key if k not in columns]  # rowid: read to page by, not exported
    select = ", ".join([*(f'"{c}"' for c in columns), *extra])
    order = ", ".join(key)
    last: tuple[Any, ...] | None = None
    while True:
        if last is None:
            sql = f"SELECT {select} FROM {table} ORDER BY {order} LIMIT ?"
            params: tuple[Any, ...] = (PAGE_ROWS,)
        else:
            marks = ", ".join("?" for _ in key)
            sql = (
                f"SELECT {select} FROM {table} WHERE ({order}) > ({marks}) ORDER BY {order} LIMIT ?"
            )
            params = (*last, PAGE_ROWS)
        rows = [tuple(r) for r in store.conn.execute(sql, params).fetchall()]
        if not rows:
            return
        positions = [columns.index(k) if k in columns else len(columns) + extra.index(k)
                     for k in key]  # fmt: skip
        last = tuple(rows[-1][i] for i in positions)
        yield [r[: len(columns)] for r in rows]
        if len(rows) < PAGE_ROWS:
            return


def export_tables(
    store: Store,
    out_dir: Path | str,
    *,
    format: str = "parquet",
    tables: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Write the store's tables to ``out_dir`` as ``<table>.parquet`` or ``<table>.csv``, and
    ``manifest.json``.

    Parameters
    ----------
    store:
        An open store (SQLite or PostgreSQL).
    out_dir:
        The folder to write (created; files of the same names are replaced).
    format:
        ``"parquet"`` (typed columns; needs ``pyarrow``: ``pip install 'roleatlas[parquet]'``)
        or ``"csv"`` (a header row; an empty field is NULL).
    tables:
        Only these tables (default: every data table).

    Returns
    -------
    dict
        The manifest: ``schema_version``, ``format`` and per table ``file``, ``rows`` and
        ``columns`` (name and SQL type).

    Raises
    ------
    InputError
        For an unknown format or table, or when ``pyarrow`` is missing for Parquet.
    """
    if format not in FORMATS:
        raise InputError(f"Unknown export format {format!r}; use one of: {', '.join(FORMATS)}.")
    schema = table_schema()
    chosen = list(schema) if tables is None else list(dict.fromkeys(tables))
    unknown = [t for t in chosen if t not in schema]
    if unknown:
        raise InputError(
            f"Unknown table(s) {', '.join(map(repr, unknown))}; the store's tables are: "
            f"{', '.join(schema)}."
        )
    if format == "parquet":
        _arrow()  # fail before writing anything when pyarrow is missing
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "roleatlas": __version__,
        "schema_version": SCHEMA_VERSION,
        "format": format,
        "tables": {},
    }
    for table in chosen:
        columns = schema[table]["columns"]
        path = out / f"{table}.{format}"
        tmp = path.with_name(path.name + ".part")
        rows = 0
        if format == "parquet":
            _, pq = _arrow()
            types = arrow_schema(columns)
            with pq.ParquetWriter(tmp, types, compression="zstd") as writer:
                for page in _pages(store, table):
                    writer.write_table(arrow_table(page, types))
                    rows += len(page)
        else:
            with tmp.open("w", newline="", encoding="utf-8") as fh:
                writer_csv = csv.writer(fh)
                writer_csv.writerow([c for c, _ in columns])
                for page in _pages(store, table):
                    writer_csv.writerows(page)
                    rows += len(page)
        tmp.replace(path)
        manifest["tables"][table] = {
            "file": path.name,
            "rows": rows,
            "columns": [[c, t] for c, t in columns],
        }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def arrow_schema(columns: Sequence[tuple[str, str]]) -> Any:
    """The Arrow schema of table columns given as ``(name, SQL type)``."""
    import pyarrow as pa

    return pa.schema([(c, _ARROW_TYPES.get(t, "string")) for c, t in columns])


def arrow_table(rows: Sequence[tuple[Any, ...]], schema: Any) -> Any:
    """``rows`` (tuples in ``schema``'s column order) as an Arrow table of ``schema``."""
    import pyarrow as pa

    data: list[Any] = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
    arrays = [pa.array(col, type=f.type) for col, f in zip(data, schema, strict=True)]
    return pa.table(arrays, schema=schema)


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            "Parquet needs the pyarrow package: pip install 'roleatlas[parquet]' (or export "
            "with --format csv)."
        ) from None
    return pa, pq


def load_tables(store: Store, in_dir: Path | str) -> dict[str, int]:
    """Load a Parquet export (``manifest.json`` and its files) into an empty store.

    Every table is loaded in one transaction: all of it lands, or nothing does. On
    PostgreSQL the rows go in with ``COPY`` and the identity sequences move past the loaded
    ids, so later ingests number on from there.

    Returns
    -------
    dict
        Rows loaded per table.

    Raises
    ------
    InputError
        When the folder has no manifest, the export is CSV, of another schema version, or a
        file is missing or does not match the manifest.
    StoreError
        When the store already holds postings, or the write fails (nothing is kept then).
    """
    folder = Path(in_dir)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise InputError(
            f"{str(folder)!r} has no {MANIFEST}: give a folder written by 'roleatlas export "
            "--format parquet' or 'roleatlas batch'."
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        tables = dict(manifest["tables"])
        version = int(manifest["schema_version"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{str(manifest_path)!r} is not a roleatlas manifest: {exc}.") from None
    if manifest.get("format") != "parquet":
        raise InputError(
            f"{str(folder)!r} holds a {manifest.get('format')!r} export; load reads Parquet "
            "(export again with --format parquet)."
        )
    if version != SCHEMA_VERSION:
        raise InputError(
            f"{str(folder)!r} was written with schema version {version}; this roleatlas has "
            f"{SCHEMA_VERSION}. Export it again with this version."
        )
    schema = table_schema()
    for table, entry in tables.items():
        if table not in schema:
            raise InputError(f"{str(manifest_path)!r} names an unknown table {table!r}.")
        if not (folder / str(entry.get("file", ""))).exists():
            raise InputError(f"{str(folder)!r} lacks {entry.get('file')!r} (table {table!r}).")
    held = store.count()
    if held:
        raise StoreError(
            f"The store {str(store.path)!r} already holds {held} postings; load fills an empty "
            "store (a new --home or --db). To add postings to this one, ingest their files."
        )
    pa, _ = _arrow()
    import pyarrow.dataset as ds

    loaded: dict[str, int] = {}
    conn = store.conn
    try:
        with store.transaction():
            for table in _load_order(list(tables)):
                entry = tables[table]
                wanted = [c for c, _ in schema[table]["columns"]]
                # a file (export) or a folder of part files (batch on Spark)
                parquet = ds.dataset(folder / entry["file"], format="parquet")
                have = parquet.schema.names
                if sorted(have) != sorted(wanted):
                    raise InputError(
                        f"{entry['file']!r} has the columns {have}; the table {table!r} has "
                        f"{wanted}."
                    )
                conn.execute(f"DELETE FROM {table}")  # reference rows of a fresh store
                count = 0
                for batch in parquet.to_batches(columns=wanted, batch_size=PAGE_ROWS):
                    rows = list(zip(*(col.to_pylist() for col in batch.columns), strict=True))
                    _insert(conn, table, wanted, rows)
                    count += len(rows)
                if count != int(entry.get("rows", count)):
                    raise InputError(
                        f"{entry['file']!r} holds {count} rows; the manifest says {entry['rows']}."
                    )
                loaded[table] = count
            if isinstance(conn, PgConnection):
                for table, spec in schema.items():
                    if "id" in [c for c, _ in spec["columns"]] and spec["key"] == ["id"]:
                        conn.execute(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                        )
    except (OSError, pa.ArrowException) as exc:
        raise InputError(
            f"Reading {str(folder)!r} failed: {exc}. Nothing was loaded; export the tables again."
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"Loading {str(folder)!r} into {str(store.path)!r} failed: {exc}. Nothing was loaded."
        ) from exc
    return loaded


def _insert(conn: Any, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    if isinstance(conn, PgConnection):
        conn.copy_rows(f"COPY {table} ({names}) FROM STDIN", rows)
        return
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
