"""Storage: the SQLite system of record (the only package that knows SQL)."""

from roleatlas.store.sqlite import JobQuery, Reject, Store

__all__ = ["JobQuery", "Reject", "Store"]
