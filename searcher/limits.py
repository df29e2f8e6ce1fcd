"""What one query may cost: every bound on a query's size, in one place.

Each step of a search costs in proportion to the query's size (its characters are
parsed and analysed; each searched word is looked up across scripts, read and scored)
or to the results asked for, so the size is bounded as Lucene bounds a boolean query's
clauses (``IndexSearcher.maxClauseCount``): a query over :data:`MAX_QUERY_CHARS`
characters or :data:`MAX_QUERY_WORDS` searched words is refused with a
:class:`QueryTooLargeError` that says so (the CLI prints it on one line, exit code 2),
before any index work.  Did-you-mean (:mod:`searcher.suggest`) has bounds of its own.

A search counts its matching documents exactly up to :data:`TOTAL_EXACT_UP_TO` and then
stops counting: ``total`` is then a lower bound (``SearchResults.total_exact`` is false,
the command line says "at least"), as Elasticsearch's ``track_total_hits`` (10,000 by
default) and Lucene's total-hits threshold do.  Counting every document of a query whose
words are common reads and maps every posting of them, the largest share of such a
search's cost on a large index; ``search(..., exact_total=True)`` (``--exact-total``) asks
for the exact number anyway.

Example:
    >>> check_query_chars("олимпийский комитет")
    >>> check_query_chars("а" * (MAX_QUERY_CHARS + 1))
    Traceback (most recent call last):
    ...
    polyseek.searcher.limits.QueryTooLargeError: the query has 10,001 characters; polyseek searches at most 10,000 (shorten it)
"""

from __future__ import annotations

from polyseek.searcher.query import QuerySyntaxError

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "TOTAL_EXACT_UP_TO",
    "QueryTooLargeError",
    "check_query_chars",
    "check_query_words",
]

#: Characters of query text (a query longer than this is refused before it is parsed).
MAX_QUERY_CHARS = 10_000

#: Searched words (stop words not counted; a phrase counts its words, ``date:`` filters one each).
MAX_QUERY_WORDS = 256

#: Matching documents counted exactly; past this many, a search's ``total`` is a lower bound.
TOTAL_EXACT_UP_TO = 10_000


class QueryTooLargeError(QuerySyntaxError):
    """A query over :data:`MAX_QUERY_CHARS` characters or :data:`MAX_QUERY_WORDS` words."""


def check_query_chars(raw: str) -> None:
    """Raise :class:`QueryTooLargeError` if ``raw`` has more than :data:`MAX_QUERY_CHARS` characters."""
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryTooLargeError(
            f"the query has {len(raw):,} characters; polyseek searches at most {MAX_QUERY_CHARS:,} (shorten it)"
        )


def check_query_words(count: int) -> None:
    """Raise :class:`QueryTooLargeError` if a query searches more than :data:`MAX_QUERY_WORDS` words.

    >>> check_query_words(MAX_QUERY_WORDS + 1)
    Traceback (most recent call last):
    ...
    polyseek.searcher.limits.QueryTooLargeError: the query has more than 256 words to search; polyseek searches at most 256 (shorten it)
    """
    if count > MAX_QUERY_WORDS:
        raise QueryTooLargeError(
            f"the query has more than {MAX_QUERY_WORDS:,} words to search; "
            f"polyseek searches at most {MAX_QUERY_WORDS:,} (shorten it)"
        )
