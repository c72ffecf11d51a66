"""Shared fixtures: paths to ../shared/data, temporary stores."""

from __future__ import annotations

import itertools
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from roleatlas.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data; skips the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "roleatlas.db").open() as s:
        yield s


#: A PostgreSQL server the tests may create databases on (a role with CREATEDB). `.ci/run`
#: installs and starts one and sets this; see docs/postgres.md to start one by hand.
POSTGRES_ENV = "ROLEATLAS_TEST_POSTGRES"
_POSTGRES_HINT = (
    f"no PostgreSQL server for the tests: set {POSTGRES_ENV}=postgresql://USER:PASSWORD@"
    "localhost/postgres (a role that may CREATE DATABASE). To start one on Debian: "
    "apt-get install postgresql && pg_ctlcluster 15 main start (docs/postgres.md)"
)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of the test PostgreSQL server; skips (saying how to start one) without it."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.skip(_POSTGRES_HINT)
    pytest.importorskip("psycopg", reason="PostgreSQL tests need roleatlas[postgres]")
    return url


@pytest.fixture
def pg_url(postgres_server: str) -> Iterator[str]:
    """A URL of a new, empty PostgreSQL database, dropped after the test."""
    yield from new_postgres_database(postgres_server)


def new_postgres_database(server: str) -> Iterator[str]:
    """Create a database on ``server``, yield its URL, drop it (with its connections)."""
    import psycopg

    name = f"roleatlas_test_{os.getpid()}_{next(_DB_NUMBERS)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_DB_NUMBERS = itertools.count()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
