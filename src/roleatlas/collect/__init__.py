"""Live collection: source kinds and the sources registry (fetching comes in a later step).

* :mod:`roleatlas.collect.kinds`: one class per kind of source (Greenhouse, Lever, Ashby,
  Workable, SmartRecruiters, RSS/Atom, sitemaps, JSON-LD pages, Hacker News), each
  recognizing its URLs, mapping them to a public API and parsing responses;
* :mod:`roleatlas.collect.registry`: kind discovery through the ``roleatlas.source_kinds``
  entry points, and adding, listing and removing sources (``roleatlas sources``).
"""

from roleatlas.collect.kinds import SourceKind
from roleatlas.collect.registry import (
    add_source,
    add_starter,
    available_kinds,
    list_sources,
    remove_source,
    resolve_source,
)

__all__ = [
    "SourceKind",
    "add_source",
    "add_starter",
    "available_kinds",
    "list_sources",
    "remove_source",
    "resolve_source",
]
