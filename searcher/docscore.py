"""Document-level evidence: BM25F over a whole document, computed from its passages.

The index holds passages, so Whoosh scores passages. A document whose evidence is
spread over several passages, or a long distractor with one lucky short passage, is
misjudged by its best passage alone. Here each candidate document gets a true BM25F
score (Robertson & Zaragoza): per query word, term frequencies of all its passages
plus the title's (weighted) are added *before* saturation, with the document's whole
length; a word's alternatives (the lemmas of a homonym, and at their lower weight its
spellings in other scripts, see :class:`searcher.compile.QueryWord`) count as the best of them.
Pairs of query words found near each other in a passage add to it (term proximity, read
from the positions of the candidates' passages only; a pair that the document's title holds
near is near as in its title, once: :func:`searcher.scoring.document_pair_proximity`). The
query's stop words count like words at their lower weight
(:data:`searcher.scoring.STOPWORD_WEIGHT`), not in proximity. The final score mixes it
with the best passage's score (Callan 1994).  Every formula and weight is
:mod:`searcher.scoring`'s; this module gathers the frequencies and lengths.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from whoosh.searching import Searcher

from polyseek.index.records import DOC_ID, TEXT, TITLE
from polyseek.searcher import fastpath
from polyseek.searcher.compile import QueryWord
from polyseek.searcher.matchers import reader_postings
from polyseek.searcher.positions import Blocks, per_document, term_positions
from polyseek.searcher.ranking import RankedDocument
from polyseek.searcher.scoring import (
    PROXIMITY_WEIGHT,
    best_alternative,
    bm25,
    combine,
    document_idf,
    document_length,
    document_pair_proximity,
    document_term_frequency,
    field_length,
    pair_proximity,
    proximity,
)

#: Above this many passages a term's document frequency is estimated, not counted.
EXACT_DF_LIMIT = 2000

#: Above this many candidate documents their passages are found through the whole doc_id
#: column, read once per reader (below, one term lookup per document).
GROUPS_FROM = 50

def document_frequency(
    searcher: Searcher,
    term: str,
    docs_per_passage: float,
    postings: Collection[int] | None = None,
    title_postings: Collection[int] | None = None,
) -> float:
    """In how many *documents* ``term`` occurs, in the text or in the title.

    The title is part of its document, so a word of a title that many documents share
    (the chapters of one book, the paragraphs of one article) is as common as they are
    many, and a word that only a title holds is not taken for a rare one.
    Whoosh counts passages; a name repeated over six passages of one document would
    look six times as common as it is. Rare terms (where idf matters) are counted
    exactly by their documents; for a term in more than :data:`EXACT_DF_LIMIT`
    passages the passage count is scaled by the index's documents-per-passage ratio.
    ``postings`` / ``title_postings``: the term's passages in ``text`` / ``title`` when the
    caller has read them (deleted ones included).
    """
    in_text, in_title = searcher.doc_frequency(TEXT, term), searcher.doc_frequency(TITLE, term)
    if in_text + in_title > EXACT_DF_LIMIT:
        return max(in_text, in_title) * docs_per_passage
    ids = [*_live_ids(searcher, TEXT, term, postings), *_live_ids(searcher, TITLE, term, title_postings)]
    return float(fastpath.count_distinct(searcher, DOC_ID, ids)) if ids else 0.0


def _live_ids(searcher: Searcher, fieldname: str, term: str, postings: Collection[int] | None) -> Collection[int]:
    """The live passages holding ``term`` in ``fieldname`` (``postings`` when already read)."""
    if postings is None:
        try:
            return list(searcher.reader().postings(fieldname, term).all_ids())
        except Exception:  # whoosh raises TermNotFound for an absent term
            return ()
    if not searcher.reader().has_deletions():
        return postings
    return set(postings).difference(fastpath.deleted_docnums(searcher))


def document_count(searcher: Searcher) -> int:
    """Documents in the index, as BM25's N: each segment's distinct ``doc_id`` values, summed
    (:func:`searcher.fastpath.segment_values`: each segment's ``doc_id`` terms counted, nothing
    read).  Deleted documents count until a merge drops their passages, and a replaced
    document counts in the segment of its old passages and in that of its new ones, as
    Lucene's document count does.  (Counted as distinct values over the whole index, from the
    runs' hashes, it took 0.81 s of a first query's 1.02 over a million documents after a 1%
    reindex; the per-segment sum takes microseconds.)
    """
    return max(1, fastpath.segment_values(searcher, DOC_ID))


def _term_frequencies(searcher: Searcher, fieldname: str, term: str, docnums: Sequence[int]) -> dict[int, float]:
    """Frequency of ``term`` in each of ``docnums`` (ascending) that contains it: a segment's
    blocks that hold a docnum are decoded whole and searched by bisection (Whoosh's
    ``skip_to`` steps through a block one posting at a time, which cost a stop word's long
    list most of a search)."""
    out: dict[int, float] = {}
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.doc_count_all()
        local = [n - offset for n in docnums if offset <= n < end]
        if not local:
            continue
        try:
            m = reader_postings(sub.reader(), fieldname, term)
        except Exception:  # whoosh raises TermNotFound for an absent term
            continue
        if not fastpath.is_w3_leaf(m):
            out.update((n + offset, w) for n, w in per_document(sub, fieldname, term, local, lambda m: m.weight()).items())
            continue
        for n, (_, weights), i in fastpath.postings_at(m, local, fastpath.block_postings):
            out[n + offset] = weights[i]
    return out


def _word_positions(
    searcher: Searcher,
    weighted: Sequence[dict[str, float]],
    tf: dict[str, dict[int, float]],
    blocks: Blocks,
    fieldname: str = TEXT,
) -> dict[int, dict[int, list[int]]]:
    """passage -> query word (its index) -> the word's positions in field ``fieldname`` (by its
    own terms; ``tf``: each term's frequency in that field by passage), for the passages that
    hold two query words or more there: positions are read for those only (``blocks``: the
    query's decoded posting blocks, :func:`searcher.positions.term_positions`).  With
    ``TITLE``, the passages are the documents' first ones, which hold their title."""
    own = [[t for t, w in alternatives.items() if w >= 1.0] for alternatives in weighted]
    present: dict[int, set[int]] = {}
    for i, terms in enumerate(own):
        for t in terms:
            for n in tf[t]:
                present.setdefault(n, set()).add(i)
    wanted = {n for n, words in present.items() if len(words) > 1}
    out: dict[int, dict[int, list[int]]] = {}
    for i, terms in enumerate(own):
        for t in terms:
            docnums = sorted(n for n in tf[t] if n in wanted)
            for n, where in (term_positions(searcher, fieldname, t, docnums, blocks) if docnums else {}).items():
                out.setdefault(n, {}).setdefault(i, []).extend(where)
    for words in out.values():
        for positions in words.values():
            positions.sort()
    return out


def _near_pairs(weighted: Sequence[dict[str, float]], idf: dict[str, float]) -> list[tuple[int, int, float]]:
    """``(word, other word, the rarer one's idf)`` for each pair of query words whose nearness
    counts (by their own terms, not their spellings in other scripts nor stop words, which
    weigh less than 1); none when the query
    has fewer than two such words or proximity weighs nothing."""
    own = [[t for t, w in alternatives.items() if w >= 1.0] for alternatives in weighted]
    words = [i for i, terms in enumerate(own) if terms]
    if PROXIMITY_WEIGHT <= 0 or len(words) < 2:
        return []
    word_idf = {i: max(idf[t] for t in own[i]) for i in words}
    return [
        (i, j, min(word_idf[i], word_idf[j]))
        for a, i in enumerate(words)
        for j in words[a + 1 :]
        if not set(own[i]) & set(own[j])
    ]


def _passages(searcher: Searcher, docs: Sequence[RankedDocument], masked: set[int] | None) -> dict[str, list[int]]:
    """doc_id -> the docnums of its live passages outside ``masked``, ascending."""
    # the doc_id column is read once per reader when many documents are looked up
    groups = fastpath.same_value(searcher, DOC_ID, [d.best.docnum for d in docs], build=len(docs) > GROUPS_FROM)
    if groups is None:  # a few documents: the run of their id around their best passage, or their postings
        out = {}
        for d in docs:
            run = _run_around(searcher, d.best.docnum, d.doc_id)
            if run is None:
                found = searcher.document_numbers(**{DOC_ID: d.doc_id})
                out[d.doc_id] = [n for n in found if not masked or n not in masked]
            else:
                out[d.doc_id] = _live(searcher, run, masked)
        return out
    return {d.doc_id: _live(searcher, groups[d.best.docnum], masked) for d in docs}


#: A document of more passages than this is found through its ``doc_id`` postings (a term
#: lookup), not by reading the ``doc_id`` column around its best passage.
RUN_SCAN_LIMIT = 64


def _run_around(searcher: Searcher, docnum: int, doc_id: str) -> range | None:
    """Every docnum of ``doc_id`` (deleted ones included) when they are the run of equal
    ``doc_id`` values around ``docnum`` (a document's passages are written one after the
    other), else None: the run is checked against the number of passages with that id
    (deleted ones too, until a merge drops them; the ``doc_id`` column's values counted once
    per reader, else the term's document frequency, which counts the same), so a document
    whose passages lie apart (replaced, in two segments) is never cut short."""
    expected = fastpath.value_count(searcher, DOC_ID, docnum)  # the passages with that id, in C once per reader
    if expected is None:
        expected = searcher.doc_frequency(DOC_ID, doc_id)
    if not 0 < expected <= RUN_SCAN_LIMIT:
        return None
    column = fastpath.column(searcher, DOC_ID)

    def value(n: int) -> str | None:
        try:
            return column[n]
        except IndexError:  # records after a segment's last passage may lie past its column's end
            return None

    lo, hi, end = docnum, docnum + 1, searcher.doc_count_all()
    while lo > 0 and hi - lo <= expected and value(lo - 1) == doc_id:
        lo -= 1
    while hi < end and hi - lo <= expected and value(hi) == doc_id:
        hi += 1
    return range(lo, hi) if hi - lo == expected else None


def _live(searcher: Searcher, docnums: Iterable[int], masked: set[int] | None) -> list[int]:
    """``docnums`` without the deleted ones and those in ``masked``."""
    deleted = fastpath.deleted_docnums(searcher) if searcher.reader().has_deletions() else frozenset()
    return [n for n in docnums if not (masked and n in masked) and n not in deleted]


def _known_or_read(
    searcher: Searcher, known: fastpath.Postings, fieldname: str, term: str, docnums: Sequence[int]
) -> dict[int, float]:
    """:func:`_term_frequencies`, from ``known`` postings when they hold the term."""
    weights = known.get((fieldname, term))
    if weights is None:
        return _term_frequencies(searcher, fieldname, term, docnums)
    return weights.weights_of(docnums)


def rescore(
    searcher: Searcher,
    words: Sequence[QueryWord],
    docs: Iterable[RankedDocument],
    masked: set[int] | None = None,
    postings: fastpath.Postings | None = None,
    blocks: Blocks | None = None,
) -> list[RankedDocument]:
    """``docs`` re-ranked by :func:`searcher.scoring.combine` of their BM25F and best-passage scores.

    ``postings``: the terms' postings when the caller has read them already
    (:func:`searcher.fastpath.top_passages`); the others are read here.  ``blocks``: the
    query's posting blocks decoded for positions (:func:`searcher.positions.term_positions`),
    kept there for its snippets.
    """
    docs = list(docs)
    if not docs or not words:
        return docs
    passages = _passages(searcher, docs, masked)
    every = sorted(n for ns in passages.values() for n in ns)
    heads = sorted(ns[0] for ns in passages.values() if ns)
    n_docs = document_count(searcher)
    n_passages = max(1, searcher.doc_count())
    avg_len = max(
        document_length([searcher.field_length(TEXT) / n_docs], searcher.field_length(TITLE) / n_passages), 1e-9
    )
    weighted = [word.weighted_terms() for word in words]
    terms = sorted({t for alternatives in weighted for t in alternatives})
    known = postings or {}
    text_tf = {t: _known_or_read(searcher, known, TEXT, t, every) for t in terms}
    title_tf = {t: _known_or_read(searcher, known, TITLE, t, heads) for t in terms}
    # A term that no candidate holds (often a word of a stem family) adds 0 to every document:
    # neither its idf nor its place in the sums is needed, but for the query's own words, whose
    # idf weighs their proximity.
    held = {t for t in terms if text_tf[t] or title_tf[t]}
    own = {t for alternatives in weighted for t, weight in alternatives.items() if weight >= 1.0}
    per_doc = n_docs / n_passages
    idf = {
        t: document_idf(document_frequency(searcher, t, per_doc, known.get((TEXT, t)), known.get((TITLE, t))), n_docs)
        for t in terms
        if t in held or t in own
    }
    pairs = _near_pairs(weighted, idf)
    near = _word_positions(searcher, weighted, text_tf, {} if blocks is None else blocks) if pairs else {}
    in_titles = _word_positions(searcher, weighted, title_tf, {} if blocks is None else blocks, TITLE) if pairs else {}
    out = []
    for d in docs:
        ns = passages[d.doc_id]
        if not ns:
            out.append(d)
            continue
        length = document_length(fastpath.field_lengths(searcher, TEXT, ns), field_length(searcher, ns[0], TITLE))
        score = 0.0
        titled = in_titles.get(ns[0])
        if pairs and (titled or any(n in near for n in ns)):
            score += proximity(
                [
                    (
                        document_pair_proximity((_pair_in(near.get(n), i, j) for n in ns), _pair_in(titled, i, j)),
                        pair_idf,
                    )
                    for i, j, pair_idf in pairs
                ],
                length,
                avg_len,
            )
        for alternatives in weighted:
            score += best_alternative([
                weight * bm25(
                    document_term_frequency([text_tf[t].get(n, 0.0) for n in ns], title_tf[t].get(ns[0], 0.0)),
                    length,
                    avg_len,
                    idf[t],
                )
                for t, weight in alternatives.items()
                if t in held
            ])
        out.append(RankedDocument(d.doc_id, combine(score, d.best.score, passages=len(ns)), d.best))
    out.sort(key=lambda d: (-d.score, d.doc_id))
    return out


def _pair_in(words: dict[int, list[int]] | None, i: int, j: int) -> float:
    """:func:`searcher.scoring.pair_proximity` of query words ``i`` and ``j`` in one passage
    (``words``: its query words' positions, from :func:`_word_positions`)."""
    if not words or i not in words or j not in words:
        return 0.0
    return pair_proximity(words[i], words[j])
