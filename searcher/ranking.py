"""Rank passages with BM25F (the formulas: :mod:`searcher.scoring`) and group them into documents.

Passages are grouped into candidate documents by their best passage;
:mod:`searcher.docscore` then re-scores the candidates with document-level evidence.
Exclusions drop whole documents. Passages marked as
page furniture (``boilerplate``) are masked out unless the query includes them.
Queries of the shapes :mod:`searcher.fastpath` scores exactly are ranked and counted
term at a time (the same hits and scores as Whoosh's search, sooner); any other shape
goes to Whoosh's search.

Example:
    >>> docs = group_documents([RankedPassage(7, 2.0, "a"), RankedPassage(3, 3.0, "b"), RankedPassage(9, 2.5, "a")])
    >>> [(d.doc_id, d.score, d.best.docnum) for d in docs]
    [('b', 3.0, 3), ('a', 2.5, 9)]
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.searching import Searcher

from polyseek.index.records import BOILERPLATE, DOC_ID
from polyseek.searcher import fastpath
from polyseek.searcher.compile import CompiledQuery
from polyseek.searcher.doccount import DocumentCount
from polyseek.searcher.limits import TOTAL_EXACT_UP_TO


#: Whether a ranking without a count (``rank_documents``, ``batch``) skips the postings that
#: cannot reach the top (:mod:`searcher.maxscore`: the same hits).  Off: on the 41,000-document
#: scale index it took 0.80x the CPU of scoring every posting for two-word title queries but
#: 1.08x for random n-grams and XQuAD questions, whose blocks all hold candidates
#: (``benchmarks/pruning.py``, docs/performance.md).  A count needs every matching passage.
PRUNE = False


@dataclass(frozen=True, slots=True)
class RankedPassage:
    docnum: int
    score: float
    doc_id: str


@dataclass(frozen=True, slots=True)
class RankedDocument:
    doc_id: str
    score: float
    best: RankedPassage


#: reader -> its furniture passages (a reader never changes; a commit makes a new one).
_furniture: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def furniture(searcher: Searcher) -> set[int]:
    """Every live passage marked as page furniture, read once per reader (a search would
    otherwise read the whole list each time). Shared by every search: never change it."""
    reader = searcher.reader()
    with contextlib.suppress(KeyError, TypeError):
        return _furniture[reader]
    found = set(searcher.docs_for_query(wq.Term(BOILERPLATE, True)))
    with contextlib.suppress(TypeError):  # a reader that cannot be weakly referenced: not kept
        _furniture[reader] = found
    return found


def masked_docnums(searcher: Searcher, cq: CompiledQuery) -> set[int] | None:
    """Passages that may not match: every passage of an excluded document, and furniture
    (without exclusions, the set :func:`furniture` keeps: never change it)."""
    kept = set() if cq.include_boilerplate else furniture(searcher)
    if cq.exclude is None:
        return kept or None
    masked = set(kept)
    doc_ids = {searcher.stored_fields(n)[DOC_ID] for n in searcher.docs_for_query(cq.exclude)}
    masked.update(n for d in doc_ids for n in searcher.document_numbers(**{DOC_ID: d}))
    return masked or None


def search_and_count(
    searcher: Searcher,
    cq: CompiledQuery,
    limit: int,
    masked: set[int] | None = None,
    count: bool = True,
    postings: fastpath.Postings | None = None,
    count_up_to: int | None = TOTAL_EXACT_UP_TO,
) -> tuple[list[RankedPassage], int, bool]:
    """The ``limit`` best passages (after exclusions and filters), best first, and (if ``count``)
    how many documents match, in one pass over the postings (``masked``: :func:`masked_docnums`
    when the caller has it already), and whether that number is exact: documents are counted
    up to ``count_up_to`` (None: all of them), a lower bound past it (:mod:`searcher.limits`).

    ``postings`` receives the terms' postings when they were read term at a time (see
    :func:`searcher.fastpath.top_passages`), for :func:`searcher.docscore.rescore`.
    """
    if cq.scoring is None or searcher.doc_count_all() == 0:  # no segment yet: no column to read
        return [], 0, True
    if masked is None:
        masked = masked_docnums(searcher, cq)
    # term at a time when the query allows it: Whoosh's own hits, faster (searcher/fastpath.py)
    allow = fastpath.matching_docnums(searcher, cq.filter) if cq.filter is not None else None
    # the documents counted from the lists as they are read (searcher/doccount.py), or from
    # the set of matching passages under a filter
    documents = DocumentCount.of(searcher, DOC_ID, masked, count_up_to) if count and allow is None else None
    matched: set[int] = set()
    top = fastpath.top_passages(
        searcher, cq.scoring, limit, allow=allow, deny=masked, matched=matched if count and documents is None else None,
        postings=postings, prune=PRUNE and not count, documents=documents,
    )
    if top is None:
        results = searcher.search(cq.scoring, limit=limit, filter=cq.filter, mask=masked)
        top = [(hit.docnum, hit.score) for hit in results]
        matched = _matching(searcher, cq, allow, masked) if count else matched
        documents = None
    exact = True
    if documents is not None:
        total, exact = documents.total(), not documents.full
    else:
        total = fastpath.count_distinct(searcher, DOC_ID, matched) if count else 0
    doc_ids = fastpath.column(searcher, DOC_ID)
    return [RankedPassage(docnum, score, doc_ids[docnum]) for docnum, score in top], total, exact


def _matching(searcher: Searcher, cq: CompiledQuery, allow: set[int] | None, masked: set[int] | None) -> set[int]:
    """Every passage the query matches, within ``allow`` (None: all) and outside ``masked``."""
    assert cq.scoring is not None
    matching = fastpath.matching_docnums(searcher, cq.scoring)
    if allow is not None:
        matching &= allow
    if masked:
        matching -= masked
    return matching


def group_documents(passages: Sequence[RankedPassage]) -> list[RankedDocument]:
    """One candidate per document, scored by its best passage, best first."""
    best: dict[str, RankedPassage] = {}
    for p in passages:
        if p.doc_id not in best or p.score > best[p.doc_id].score:
            best[p.doc_id] = p
    docs = [RankedDocument(doc_id, p.score, p) for doc_id, p in best.items()]
    docs.sort(key=lambda d: (-d.score, d.doc_id))
    return docs
