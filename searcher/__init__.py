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

import importlib
from typing import TYPE_CHECKING, Any

from polyseek.index.errors import IndexLockedError, IndexNotFoundError, IndexWriteError, PolyseekIndexError

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.index.stats import SyncStats
    from polyseek.searcher.api import SearchIndex
    from polyseek.searcher.query import QuerySyntaxError, parse_query
    from polyseek.searcher.results import Hit, IndexInfo, SearchResults
    from polyseek.searcher.snippets import Snippet

#: name -> the module that defines it, imported on first use (``polyseek.searcher.cli`` is
#: in this package: a ``polyseek reindex`` that finds nothing to do imports none of them)
_LAZY = {
    "SearchIndex": "polyseek.searcher.api",
    "QuerySyntaxError": "polyseek.searcher.query",
    "parse_query": "polyseek.searcher.query",
    "Hit": "polyseek.searcher.results",
    "IndexInfo": "polyseek.searcher.results",
    "SearchResults": "polyseek.searcher.results",
    "Snippet": "polyseek.searcher.snippets",
    "SyncStats": "polyseek.index.stats",
}

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
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
