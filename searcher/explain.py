"""Why a query found nothing, in one line a user can act on.

In order: the query has nothing to look for (only exclusions, only filters, only stop
words: which ones, and that quotes search for them); or what it looks for is there but
was left out: only in page furniture (how many documents ``--include-boilerplate``
finds), only outside the ``lang:``/``date:`` filters, or only in excluded documents.
Each count is one more pass over the query's postings, made only when nothing was found.

Example:
    >>> from polyseek.analyzers import analyze
    >>> from polyseek.searcher.query import parse_query
    >>> from polyseek.searcher.compile import compile_query
    >>> def why(q):
    ...     return nothing_to_look_for(parse_query(q), compile_query(parse_query(q), analyze_fn=analyze), analyze)
    >>> why("the of")
    'only stop words: the, of (words too common to search for; in quotes they are: "the of")'
    >>> why("-дзюдо lang:ru")
    'the query only excludes or filters (-word, NOT word, lang:, date:); add a word to search for'
"""

from __future__ import annotations

import dataclasses

from whoosh.searching import Searcher

from polyseek.searcher.compile import AnalyzeFn, CompiledQuery
from polyseek.searcher.query import ParsedQuery
from polyseek.searcher.ranking import search_and_count


def nothing_to_look_for(parsed: ParsedQuery, cq: CompiledQuery, analyze_fn: AnalyzeFn) -> str | None:
    """Why a query whose compiled form has nothing to score found nothing, or None."""
    if cq.scoring is not None:
        return None
    positive = [c for c in parsed.clauses if not c.excluded]
    if not positive:
        if parsed.clauses or parsed.langs or parsed.dates:
            return "the query only excludes or filters (-word, NOT word, lang:, date:); add a word to search for"
        return "the query has no words"
    stop = [t.surface for c in positive if not c.prefix for t in analyze_fn(c.text, "query") if t.stopword]
    if stop:
        words = ", ".join(dict.fromkeys(stop))
        return f'only stop words: {words} (words too common to search for; in quotes they are: "{" ".join(stop)}")'
    return None


def left_out(searcher: Searcher, cq: CompiledQuery) -> str | None:
    """Why a query that looked for something found nothing: what it would find without
    the furniture mask, the filters or the exclusions (the first that finds something)."""
    if cq.scoring is None:
        return None
    if not cq.include_boilerplate:
        n, exact = count_documents(searcher, dataclasses.replace(cq, include_boilerplate=True))
        if n:
            return f"found only in page furniture (related headlines, subscribe lines): --include-boilerplate finds {_docs(n, exact)}"
    if cq.filter is not None:
        n, exact = count_documents(searcher, dataclasses.replace(cq, filter=None))
        if n:
            return f"{_docs(n, exact)} {_verb(n)} outside the filters (lang:, date:, --lang)"
    if cq.exclude is not None:
        n, exact = count_documents(searcher, dataclasses.replace(cq, exclude=None))
        if n:
            return f"{_docs(n, exact)} {_verb(n)}, but each contains an excluded word (-word, NOT word)"
    return None


def count_documents(searcher: Searcher, cq: CompiledQuery) -> tuple[int, bool]:
    """How many documents ``cq`` matches, and whether exactly (counted up to
    :data:`searcher.limits.TOTAL_EXACT_UP_TO`, at least that many past it)."""
    _, n, exact = search_and_count(searcher, cq, 1, count=True)
    return n, exact


def _docs(n: int, exact: bool = True) -> str:
    if not exact:
        return f"at least {n:,} documents"
    return f"{n} document{'s' if n != 1 else ''}"


def _verb(n: int) -> str:
    return "matches" if n == 1 else "match"
