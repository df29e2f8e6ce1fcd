"""polyseek: full-text search for mixed Russian, Arabic and English text.

Everything polyseek installs lives under this one name: ``polyseek.analyzers``,
``polyseek.corpus``, ``polyseek.index`` and ``polyseek.searcher`` (each stage of the
pipeline, in that order), so a project with its own ``index.py`` or ``searcher.py`` keeps
working beside it. The library's front door is :class:`SearchIndex`:

    >>> import tempfile
    >>> from pathlib import Path
    >>> import polyseek.corpus
    >>> from polyseek import SearchIndex
    >>> samples = Path(polyseek.corpus.__file__).parent / "samples"  # the bundled sample corpus
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     print(ix.search("Kazakhstan swimmer").hits[0].lang)
    en

In the repository the four stages keep their own top-level folders (``analyzers/``,
``corpus/``, ``index/``, ``searcher/``); an installed copy holds them under ``polyseek/``
(``pyproject.toml`` maps one onto the other). Run from a checkout, this package reaches
the folders beside it, so tests and benchmarks use the checkout's code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

_checkout = Path(__file__).resolve().parent.parent
if (_checkout / "pyproject.toml").is_file() and (_checkout / "searcher" / "__init__.py").is_file():
    __path__.append(str(_checkout))  # a checkout: polyseek.searcher is ./searcher

# first: every stage imports Whoosh, and this spares it urllib.request and asyncio (when it does)
from polyseek.whoosh_imports import install as install_light_whoosh  # noqa: E402

install_light_whoosh()

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.searcher import (
        Hit,
        IndexInfo,
        IndexLockedError,
        IndexNotFoundError,
        IndexWriteError,
        PolyseekIndexError,
        QuerySyntaxError,
        SearchIndex,
        SearchResults,
        Snippet,
        SyncStats,
        parse_query,
    )

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
    """The public API of :mod:`polyseek.searcher`, imported on first use (``polyseek --help`` stays fast)."""
    if name in __all__:
        import polyseek.searcher as searcher

        return getattr(searcher, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
