"""Full-text and filtered search over the store's postings (a derived tantivy index).

The index lives in ``home/index`` and is rebuilt with :func:`build_index` or kept in step
with :func:`sync_index`; see ``docs/search.md``.
"""

from roleatlas.search.index import (
    INDEX_VERSION,
    SearchIndex,
    build_index,
    index_dir,
    index_exists,
    index_is_stale,
    search_postings,
    sync_index,
)
from roleatlas.search.query import SORTS, SearchHit, SearchQuery, SearchResult, checked

__all__ = [
    "INDEX_VERSION",
    "SORTS",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "SearchResult",
    "build_index",
    "checked",
    "index_dir",
    "index_exists",
    "index_is_stale",
    "search_postings",
    "sync_index",
]
