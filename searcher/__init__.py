"""polyseek: full-text search for mixed Russian, Arabic and English text.

The library's front door. Example:

    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     results = ix.search("Kazakhstan swimmer")
    ...     print(results.hits[0].snippet.mark("[", "]")[:0] + results.hits[0].lang)
    en
"""

from typing import TYPE_CHECKING, Any

from polyseek.index import IndexLockedError, IndexNotFoundError, IndexWriteError, PolyseekIndexError
from polyseek.searcher.api import SearchIndex
from polyseek.searcher.query import QuerySyntaxError, parse_query
from polyseek.searcher.results import Hit, IndexInfo, SearchResults
from polyseek.searcher.snippets import Snippet

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.index import SyncStats

__all__ = [
    "Hit",
    "IndexInfo",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexWriteError",
    "PolyseekIndexError",
    "QuerySyntaxError",
    "SearchIndex",
    "SearchResults",
    "Snippet",
    "SyncStats",
    "parse_query",
]


def __getattr__(name: str) -> Any:
    if name == "SyncStats":  # index.sync: imported for indexing, not by a search
        from polyseek.index.sync import SyncStats

        return SyncStats
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
