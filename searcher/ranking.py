"""Rank passages with BM25F and group them into documents.

A document is ranked by its best passage, plus a small share of the evidence of its
other matching passages (passage-level evidence combined with document-level
evidence, after Callan 1994). Exclusions drop whole documents. Passages marked as
page furniture (``boilerplate``) are masked out unless the query includes them.
Queries of the shapes :mod:`searcher.fastpath` scores exactly are ranked and counted
term at a time (the same hits and scores as Whoosh's search, sooner); any other shape
goes to Whoosh's search.

Example:
    >>> doc_score([3.0, 1.0, 0.5], other_weight=0.1)
    3.15
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from whoosh import query as wq
from whoosh import scoring
from whoosh.searching import Searcher

from searcher import fastpath
from searcher.compile import CompiledQuery

#: BM25 parameters (Lucene's defaults).
BM25_K1 = 1.2
BM25_B = 0.75

#: Share of a document's other matching passages added to its best passage's score.
OTHER_PASSAGES_WEIGHT = 0.1


def weighting() -> scoring.WeightingModel:
    """The BM25F weighting used for every search."""
    return scoring.BM25F(B=BM25_B, K1=BM25_K1)


def doc_score(passage_scores: Sequence[float], other_weight: float | None = None) -> float:
    """Best passage score plus ``other_weight`` (default :data:`OTHER_PASSAGES_WEIGHT`) times the sum of the others."""
    if other_weight is None:
        other_weight = OTHER_PASSAGES_WEIGHT
    ordered = sorted(passage_scores, reverse=True)
    return round(ordered[0] + other_weight * sum(ordered[1:]), 10) if ordered else 0.0


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


def masked_docnums(searcher: Searcher, cq: CompiledQuery) -> set[int] | None:
    """Passages that may not match: every passage of an excluded document, and furniture."""
    masked: set[int] = set()
    if cq.exclude is not None:
        doc_ids = {searcher.stored_fields(n)["doc_id"] for n in searcher.docs_for_query(cq.exclude)}
        masked.update(n for d in doc_ids for n in searcher.document_numbers(doc_id=d))
    if not cq.include_boilerplate:
        masked.update(searcher.docs_for_query(wq.Term("boilerplate", True)))
    return masked or None


def search_passages(
    searcher: Searcher, cq: CompiledQuery, limit: int, masked: set[int] | None = None
) -> list[RankedPassage]:
    """The ``limit`` best passages (after exclusions and filters), best first.

    ``masked`` is :func:`masked_docnums` when the caller has it already.
    """
    return search_and_count(searcher, cq, limit, masked, count=False)[0]


def search_and_count(
    searcher: Searcher, cq: CompiledQuery, limit: int, masked: set[int] | None = None, count: bool = True
) -> tuple[list[RankedPassage], int]:
    """:func:`search_passages` and (if ``count``) :func:`count_documents`, in one pass over the postings."""
    if cq.scoring is None or searcher.doc_count_all() == 0:  # no segment yet: no column to read
        return [], 0
    if masked is None:
        masked = masked_docnums(searcher, cq)
    # term at a time when the query allows it: Whoosh's own hits, faster (searcher/fastpath.py)
    allow = fastpath.matching_docnums(searcher, cq.filter) if cq.filter is not None else None
    matched: set[int] = set()
    top = fastpath.top_passages(searcher, cq.scoring, limit, allow=allow, deny=masked, matched=matched)
    if top is None:
        results = searcher.search(cq.scoring, limit=limit, filter=cq.filter, mask=masked)
        top = [(hit.docnum, hit.score) for hit in results]
        matched = _matching(searcher, cq, allow, masked) if count else matched
    total = fastpath.count_distinct(searcher, "doc_id", matched) if count else 0
    doc_ids = searcher.reader().column_reader("doc_id")
    return [RankedPassage(docnum, score, doc_ids[docnum]) for docnum, score in top], total


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
    """Documents ranked by their passages' combined evidence, best first."""
    by_doc: dict[str, list[RankedPassage]] = {}
    for p in passages:
        by_doc.setdefault(p.doc_id, []).append(p)
    docs = [
        RankedDocument(doc_id, doc_score([p.score for p in ps]), max(ps, key=lambda p: p.score))
        for doc_id, ps in by_doc.items()
    ]
    docs.sort(key=lambda d: (-d.score, d.doc_id))
    return docs


def count_documents(searcher: Searcher, cq: CompiledQuery, masked: set[int] | None = None) -> int:
    """How many documents match (every matching passage, not just the top ones)."""
    if cq.scoring is None or searcher.doc_count_all() == 0:
        return 0
    if masked is None:
        masked = masked_docnums(searcher, cq)
    allow = fastpath.matching_docnums(searcher, cq.filter) if cq.filter is not None else None
    return fastpath.count_distinct(searcher, "doc_id", _matching(searcher, cq, allow, masked))
