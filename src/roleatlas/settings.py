"""Settings: one table of names, defaults and help, resolved in one place.

Resolution order: default → ``ROLEATLAS_<NAME>`` environment variable → explicit value (a CLI
flag or a keyword argument). The data directory (``home``) holds the SQLite database and,
later, the pulled reference data.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from roleatlas.errors import ConfigError
from roleatlas.limits import Limits

__all__ = ["SETTINGS", "Setting", "Settings", "resolve_settings"]


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, type and a one-line help text.

    ``type`` is ``str``, ``int``, ``float`` or ``bool``. Numbers must be positive, or zero or
    more when ``zero_ok`` is set. Booleans read ``1/0``, ``true/false``, ``yes/no``, ``on/off``.
    """

    name: str
    default: Any
    help: str
    type: type = str
    zero_ok: bool = False


def _default_home() -> str:
    return platformdirs.user_data_dir("roleatlas", appauthor=False)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "home",
        None,
        "Data directory holding the database and pulled reference data "
        "(default: the platform's user data dir).",
    ),
    Setting("db_name", "roleatlas.db", "File name of the SQLite database inside the home."),
    Setting(
        "database_url",
        "",
        "A PostgreSQL database to use instead of the SQLite file "
        "(postgresql://user:password@host:port/database; needs roleatlas[postgres]).",
    ),
    Setting("batch_size", 500, "Postings written per transaction during ingest.", int),
    Setting(
        "api_token",
        "",
        "Token required by the API's ingest endpoint (empty: disabled; at least 16 characters).",
    ),
    Setting(
        "max_file_bytes",
        1 << 30,
        "Largest input file, counted after decompression (bytes); a larger file stops with "
        "an error that names this setting.",
        int,
    ),
    Setting(
        "max_record_bytes",
        4 << 20,
        "Largest single record (a JSON line, a CSV row); a larger record is rejected and "
        "the next one is read.",
        int,
    ),
    Setting(
        "max_document_bytes",
        64 << 20,
        "Largest file of a format that is parsed whole (an HTML page, a JSON-LD file, an ATS "
        "API response, a listing text), counted after decompression; a larger one is refused.",
        int,
    ),
    Setting(
        "max_description_chars",
        100_000,
        "Longest description kept; longer text is cut there and the posting is flagged "
        "(extra.description_truncated_from).",
        int,
    ),
    Setting(
        "max_mentions",
        1_000,
        "Most skill mentions stored per posting; the rest are dropped and the posting is flagged.",
        int,
    ),
    Setting(
        "max_resume_bytes",
        10 << 20,
        "Largest résumé file read by `roleatlas fit` and the fit API (bytes); a larger one is "
        "refused with an error that names this setting.",
        int,
    ),
    Setting(
        "index_lock_timeout",
        120,
        "Seconds a writer of the search index waits for another writer to finish.",
        int,
    ),
    Setting(
        "contact_url",
        "https://github.com/roleatlas/roleatlas",
        "Contact URL (or mailto:) put in the User-Agent of every request roleatlas sends, so a "
        "site operator can reach whoever runs the collector.",
    ),
    Setting(
        "allow_private_hosts",
        False,
        "Allow fetching URLs whose host resolves to a loopback, private, link-local or "
        "cloud-metadata address (tests and self-hosted boards); off by default.",
        bool,
    ),
    Setting(
        "host_delay",
        1.0,
        "Least seconds between two requests to the same host (a robots.txt Crawl-delay raises it).",
        float,
        zero_ok=True,
    ),
    Setting(
        "fetch_timeout",
        30.0,
        "Seconds to connect, to wait for each read, and to download one whole response.",
        float,
    ),
    Setting(
        "max_retries",
        3,
        "Retries of a request that got 429, 500, 502, 503, 504 or a timeout (0: no retry).",
        int,
        zero_ok=True,
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build with :func:`resolve_settings`."""

    home: Path
    db_name: str = "roleatlas.db"
    database_url: str = ""
    batch_size: int = 500
    api_token: str = ""
    max_file_bytes: int = 1 << 30
    max_record_bytes: int = 4 << 20
    max_document_bytes: int = 64 << 20
    max_description_chars: int = 100_000
    max_mentions: int = 1_000
    max_resume_bytes: int = 10 << 20
    index_lock_timeout: int = 120
    contact_url: str = "https://github.com/roleatlas/roleatlas"
    allow_private_hosts: bool = False
    host_delay: float = 1.0
    fetch_timeout: float = 30.0
    max_retries: int = 3
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.home / self.db_name

    @property
    def database(self) -> Path | str:
        """What :class:`~roleatlas.store.Store` opens: :attr:`database_url` when set, else
        the SQLite file :attr:`db_path`."""
        return self.database_url or self.db_path

    @property
    def limits(self) -> Limits:
        """The input bounds these settings set (see :class:`~roleatlas.limits.Limits`)."""
        return Limits(
            max_file_bytes=self.max_file_bytes,
            max_record_bytes=self.max_record_bytes,
            max_document_bytes=self.max_document_bytes,
            max_description_chars=self.max_description_chars,
            max_mentions=self.max_mentions,
            max_resume_bytes=self.max_resume_bytes,
        )


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    if setting.type is bool:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise ConfigError(
            f"The setting '{setting.name}' ({where}) must be one of 1/0, true/false, yes/no, "
            f"on/off. Got {value!r} instead."
        )
    if setting.type is int or setting.type is float:
        kind = "an integer" if setting.type is int else "a number"
        try:
            if isinstance(value, bool):
                raise TypeError
            number = setting.type(value)
        except (TypeError, ValueError):
            raise ConfigError(
                f"The setting '{setting.name}' ({where}) must be {kind}. Got {value!r} instead."
            ) from None
        if not math.isfinite(number):
            raise ConfigError(
                f"The setting '{setting.name}' ({where}) must be finite. Got {value!r} instead."
            )
        if number < 0 or (number == 0 and not setting.zero_ok):
            rule = "zero or more" if setting.zero_ok else "positive"
            raise ConfigError(
                f"The setting '{setting.name}' ({where}) must be {rule}. Got {number} instead."
            )
        return number
    return str(value)


def resolve_settings(environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Resolve every setting from defaults, the environment and explicit overrides.

    Parameters
    ----------
    environ:
        The environment to read ``ROLEATLAS_*`` variables from (default: ``os.environ``).
    **overrides:
        Explicit values (``None`` means "not given").

    Raises
    ------
    ConfigError
        If a name is unknown or a value is invalid.

    Examples
    --------
    >>> resolve_settings({}, home="/tmp/ra").db_path.as_posix()
    '/tmp/ra/roleatlas.db'
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name in overrides:
        if name not in _BY_NAME:
            raise ConfigError(
                f"Unknown setting {name!r}. Known settings: {', '.join(sorted(_BY_NAME))}."
            )
    for setting in SETTINGS:
        value: Any = setting.default
        where = "default"
        env_name = f"ROLEATLAS_{setting.name.upper()}"
        if env.get(env_name):
            value, where = env[env_name], f"environment variable {env_name}"
        if overrides.get(setting.name) is not None:
            value, where = overrides[setting.name], "explicit value"
        if value is not None:
            value = _coerce(setting, value, where)
        values[setting.name] = value
    home = Path(values.pop("home") or _default_home()).expanduser()
    if home.exists() and not home.is_dir():
        raise ConfigError(
            f"The roleatlas home {str(home)!r} exists but is not a directory. "
            "Pass --home with a directory path or set ROLEATLAS_HOME."
        )
    url = values.get("database_url") or ""
    if url and not url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(
            f"The database URL {url.split('@')[-1]!r} is not a PostgreSQL URL: it must start "
            "with postgresql:// (ROLEATLAS_DATABASE_URL or --db). Unset it to use the SQLite "
            "file in the home."
        )
    return Settings(home=home, **values)
