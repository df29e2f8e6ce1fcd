"""What one query works with, taken once from the searcher it opened.

A query reads one committed state of the index: its searcher, the analyzer whose
settings are pinned in that state's schema, which fields that state has (an older index
lacks some) and the query compiled against them.  :class:`QueryContext` holds the four,
so that no step of the query reads the index's table of contents again (a writer may
commit and remove it meanwhile) and none falls back to the process-wide analyzer.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     ctx = QueryContext.of(ix._current_searcher())
    ...     [t.terms for t in ctx.analyze("Олимпийского комитета", "query")], ctx.features.dates
    ([('олимпийский',), ('комитет',)], True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from polyseek.index.records import TEXT, IndexFeatures
from polyseek.searcher.compile import CompiledQuery
from polyseek.searcher.cross_script import AnalyzeFn

__all__ = ["QueryContext"]


@dataclass(frozen=True, slots=True)
class QueryContext:
    """A query's searcher, the analyzer and features of the state it opened, and the compiled query."""

    searcher: Any  #: a Whoosh searcher over one committed state
    analyze: AnalyzeFn  #: ``analyze(text, mode)`` with that state's analyzer settings
    features: IndexFeatures
    query: CompiledQuery | None = None

    @classmethod
    def of(cls, searcher: Any) -> QueryContext:
        """The context of a query on ``searcher`` (its schema read once, from the searcher)."""
        schema = searcher.schema
        return cls(searcher, schema[TEXT].analyzer.analyze, IndexFeatures.of(schema.names()))

    def compiled(self, query: CompiledQuery) -> QueryContext:
        """This context with its compiled query."""
        return dataclasses.replace(self, query=query)
