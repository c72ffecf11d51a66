"""The roleatlas exception tree.

Every error roleatlas raises on purpose derives from :class:`RoleatlasError`, so a face
(CLI, API, web) can translate all of them in one place::

    RoleatlasError
    ├── ConfigError           a setting or the data directory is invalid
    ├── InputError            input given by the user cannot be read
    │   ├── UnknownFormatError    a file's format cannot be detected or is not supported
    │   └── RecordError           one row/record of an input file is invalid (carries file + line)
    ├── NormalizeError        a normalizer was asked something it cannot answer
    ├── CatalogError          the role or skill catalog is malformed
    ├── StoreError            the database cannot be opened, migrated or written
    │   └── SchemaVersionError    the database was written by a newer roleatlas
    ├── EvaluationError       an evaluation data set is missing or malformed
    └── FetchError            a URL cannot be fetched politely and safely (carries url + status)

Messages name the offending value and say how to fix it.
"""

from __future__ import annotations

from datetime import datetime

__all__ = [
    "CatalogError",
    "ConfigError",
    "EvaluationError",
    "FetchError",
    "InputError",
    "NormalizeError",
    "RecordError",
    "RoleatlasError",
    "SchemaVersionError",
    "StoreError",
    "UnknownFormatError",
]


class RoleatlasError(Exception):
    """Base class of every error roleatlas raises on purpose."""


class ConfigError(RoleatlasError):
    """Raised when a setting has an invalid value or the data directory cannot be used."""


class InputError(RoleatlasError):
    """Raised when user-supplied input (a file, a flag value, a text) cannot be read."""


class UnknownFormatError(InputError):
    """Raised when the format of an input file cannot be detected, or ``--format`` names an
    unsupported format."""


class RecordError(InputError):
    """Raised when one record of an input cannot be turned into a posting.

    Parameters
    ----------
    message:
        What is wrong and how to fix it.
    origin:
        Where the record came from, as ``"path:line"`` (or ``"path#index"``).
    """

    def __init__(self, message: str, origin: str | None = None) -> None:
        self.origin = origin
        self.reason = message
        super().__init__(f"{origin}: {message}" if origin else message)


class NormalizeError(RoleatlasError):
    """Raised when a normalizer is called with something it cannot handle (for example a
    ``roleatlas normalize`` kind that does not exist)."""


class CatalogError(RoleatlasError):
    """Raised when the role or skill catalog file is malformed (missing fields, duplicate ids)."""


class StoreError(RoleatlasError):
    """Raised when the database cannot be opened, migrated or written."""


class SchemaVersionError(StoreError):
    """Raised when the database schema is newer than this version of roleatlas knows."""


class EvaluationError(RoleatlasError):
    """Raised when an evaluation data set is missing or does not have the expected shape."""


class FetchError(RoleatlasError):
    """Raised when a URL cannot be fetched: a refused scheme or private address, a robots.txt
    that disallows it, an HTTP error status, a response over ``max_document_bytes``, or a server
    that still fails (429, 5xx, timeouts) after the retries.

    Parameters
    ----------
    message:
        The URL, what went wrong and how to fix it.
    url:
        The URL that was being fetched (the redirect hop that failed, if any).
    status:
        The last HTTP status received, or ``None`` when no response came.
    retry_at:
        When the server said it may be retried (from ``Retry-After``), if it said so.
    """

    def __init__(
        self,
        message: str,
        url: str | None = None,
        status: int | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        self.url = url
        self.status = status
        self.retry_at = retry_at
        super().__init__(message)
