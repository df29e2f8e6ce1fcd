"""Every ranking formula and weight polyseek uses, in one place (as bm25s keeps its scoring).

A search ranks in two stages (see docs/how-it-works.md, Ranking):

1. **Passages**, BM25F over the passage text and the document title.  Whoosh's matchers
   (:func:`weighting`) and the term-at-a-time fast path (:mod:`searcher.fastpath`) both
   score a term with :func:`bm25` (the fast path a posting list at once through
   :func:`bm25_postings`: the same operations on the same floats), an idf of
   :func:`passage_idf`, title terms weighted :func:`field_weight`, a word's spellings in
   other scripts :data:`CROSS_SCRIPT_WEIGHT`.  A word scores as the best of its
   alternatives (lemmas of a homonym, readings, other-script spellings), a passage as
   the sum of its words.
2. **Documents** (:mod:`searcher.docscore`): a true BM25F over each candidate's passages,
   :func:`document_term_frequency` and :func:`document_length` put into :func:`bm25` with
   :func:`document_idf`, plus the :func:`proximity` of pairs of query words near each other
   (:func:`pair_proximity`, :func:`document_pair_proximity`), the query's stop words at :data:`STOPWORD_WEIGHT` and a Russian
   word's stem family (its derived words) at :data:`STEM_FAMILY_WEIGHT`, mixed with the best
   passage's score by :func:`combine`.

A field length that is missing (a passage whose title has no words, such as ``***``:
Whoosh stores no length byte for it and its reader then answers ``None``) reads as 0
everywhere (:func:`field_length`).

Example:
    >>> round(bm25(tf=2.0, length=100.0, avg_length=100.0, idf=1.0), 6)
    1.375
    >>> combine(doc=4.0, passage=2.0, doc_weight=0.5)
    3.0
    >>> round(combine(doc=4.0, passage=2.0), 6), round(combine(doc=4.0, passage=2.0, passages=3), 6)
    (3.6, 3.4)
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh import scoring as whoosh_scoring
from whoosh.util.numeric import byte_to_length

from polyseek.index.records import TITLE

__all__ = [
    "BM25_B",
    "BYTE_LENGTHS",
    "BM25_K1",
    "CROSS_SCRIPT_WEIGHT",
    "DOC_WEIGHT",
    "MULTI_PASSAGE_DOC_WEIGHT",
    "DOCUMENT_TITLE_WEIGHT",
    "TITLE_WEIGHT",
    "BM25F",
    "BM25FScorer",
    "PROXIMITY_WEIGHT",
    "PROXIMITY_WINDOW",
    "STEM_FAMILY_WEIGHT",
    "STOPWORD_WEIGHT",
    "best_alternative",
    "bm25",
    "bm25_bound",
    "bm25_postings",
    "bm25_norm",
    "combine",
    "document_idf",
    "document_length",
    "document_pair_proximity",
    "document_term_frequency",
    "field_length",
    "field_weight",
    "length_norms",
    "pair_proximity",
    "passage_idf",
    "proximity",
    "weighting",
]

#: BM25 parameters (Lucene's defaults).
BM25_K1 = 1.2
BM25_B = 0.75

#: Weight of a title match in a *passage*'s score (the stage that picks candidates). Every
#: passage carries its document's title, so a headline that repeats the query's words lifts
#: each passage of its document: at 1.0 the hard collections' headline distractors cost
#: xquad-ar-hard 1.4 points (docs/relevance.md).
TITLE_WEIGHT = 0.25

#: Weight of the title in a *document*'s BM25F score: the title is part of its document, its
#: words count as the text's, in the term frequencies, the length and the idf
#: (:func:`searcher.docscore.document_frequency`). 0.25 here, chosen on XQuAD, lost on every
#: collection measured since (docs/relevance.md).
DOCUMENT_TITLE_WEIGHT = 1.0

#: Weight of a match of a word's spelling in another script (a transliteration is weaker
#: evidence than the word as written).
CROSS_SCRIPT_WEIGHT = 0.5

#: Weight of term proximity in a document's score: pairs of query words found near each
#: other (within :data:`PROXIMITY_WINDOW` words) in one passage (Rasolofo & Savoy 2003).
#: 0.6 against 0.3: up on 12 of the 14 collections, down on xquad-en (0.0013) and arcd (0.0003);
#: chosen on any two languages, up on most of the third's (docs/relevance.md, issue 11's ninth pass).
PROXIMITY_WEIGHT = 0.6

#: Weight of a query's stop words (*after*, *most*, *после*, ``بعد``) in a document's score: they
#: match nothing and pick no candidate, but among the candidates a document that also holds
#: them gains this share of what a word would give (BM25 with the document idf, so *the*
#: gives next to nothing). Lucene searches them as words (weight 1), which cost xquad-en 0.6
#: points; 0.3 was chosen leave-one-out (docs/relevance.md).
STOPWORD_WEIGHT = 0.3

#: Weight of a Russian query word's stem family in a document's score: the index's words
#: that begin with the word's Snowball stem but its last letter (derived words: *строительные*
#: / *строительство*, *используется* / *использование*; :func:`searcher.prefix.stem_family`).
#: Like stop words they match nothing and pick no candidate; a family word counts as one of
#: the word's alternatives (the best of them) at this share of a word. Chosen on xquad-ru and
#: xquad-ru-articles among 0.25, 0.5, 0.75 and 1, held out on the others (docs/relevance.md,
#: issue 11's seventh pass). 0: no family is looked up.
STEM_FAMILY_WEIGHT = 0.5

#: How far apart (in words, stop words included) two query words still count as near.
PROXIMITY_WINDOW = 5

#: Share of the document-level BM25F score in a document's final score (the rest is its best
#: passage), for a document of one passage (the two scores describe the same text).
DOC_WEIGHT = 0.8

#: The same share for a document of more than one passage: its best passage is the focused
#: evidence that the document score, normalised by the whole document's length, dilutes.
#: 0.7 against 0.8 (issue 11's tenth pass, docs/relevance.md): up on the article collections
#: (xquad-en-articles-hard +0.0087, xquad-ru-articles-hard +0.0071, arcd-articles-hard
#: +0.0059), down where one-paragraph documents compete with long news distractors
#: (xquad-ar-hard -0.0033, arcd-hard -0.0028); chosen on any two languages, up on most of
#: the third's collections.
MULTI_PASSAGE_DOC_WEIGHT = 0.7

#: The field length each of Whoosh's length bytes stands for (byte 0: none stored, 0 words):
#: what :func:`field_length` answers for a passage of that byte.
BYTE_LENGTHS = [0, *map(byte_to_length, range(1, 256))]


# -- one term ------------------------------------------------------------------------------


def bm25_norm(length: float, avg_length: float, k1: float | None = None, b: float | None = None) -> float:
    """The length part of BM25's denominator: ``k1 * ((1 - b) + b * length / avg_length)``
    (``k1``, ``b``: :data:`BM25_K1`, :data:`BM25_B` as they are when called).

    >>> bm25_norm(0, 10.0) == BM25_K1 * (1 - BM25_B)
    True
    """
    k1 = BM25_K1 if k1 is None else k1
    b = BM25_B if b is None else b
    return k1 * ((1 - b) + b * length / avg_length)


def bm25(
    tf: float, length: float, avg_length: float, idf: float, k1: float | None = None, b: float | None = None
) -> float:
    """One term's BM25 score: ``idf * tf * (k1 + 1) / (tf + norm)`` (Whoosh's ``bm25``, the
    same operations in the same order, so the same float); 0 for a term that does not occur.

    >>> bm25(0.0, 5.0, 10.0, 2.0)
    0.0
    """
    if tf <= 0:
        return 0.0
    k1 = BM25_K1 if k1 is None else k1
    return idf * ((tf * (k1 + 1)) / (tf + bm25_norm(length, avg_length, k1, b)))


def length_norms(avg_length: float, k1: float | None = None, b: float | None = None) -> tuple[float, ...]:
    """:func:`bm25_norm` for each of Whoosh's 256 field-length bytes (byte 0: no length, 0 words),
    kept for the last few average lengths (a search scores many lists with the same one).

    >>> norms = length_norms(10.0)
    >>> len(norms), norms[0] == bm25_norm(0, 10.0), norms[5] == bm25_norm(byte_to_length(5), 10.0)
    (256, True, True)
    """
    return _length_norms(avg_length, BM25_K1 if k1 is None else k1, BM25_B if b is None else b)


@functools.lru_cache(maxsize=64)
def _length_norms(avg_length: float, k1: float, b: float) -> tuple[float, ...]:
    return tuple(bm25_norm(length, avg_length, k1, b) for length in BYTE_LENGTHS)


def bm25_postings(
    docnums: Iterable[int],
    tfs: Iterable[float],
    length_bytes: bytes,
    avg_length: float,
    idf: float,
    k1: float | None = None,
    b: float | None = None,
) -> list[float]:
    """:func:`bm25` of every posting of a term at once: the documents, their frequencies
    (each > 0, as in a posting list) and every document's Whoosh length byte (indexed by
    document number); :func:`length_norms` computed once, not per posting.

    >>> from whoosh.util.numeric import length_to_byte
    >>> lengths = bytes([length_to_byte(7), 0, length_to_byte(100)])
    >>> bm25_postings([0, 1, 2], [1.0, 2.0, 3.0], lengths, 20.0, 1.5) == [
    ...     bm25(1.0, 7, 20.0, 1.5), bm25(2.0, 0, 20.0, 1.5), bm25(3.0, byte_to_length(length_to_byte(100)), 20.0, 1.5)]
    True
    """
    norms = length_norms(avg_length, k1, b)
    k1p1 = (BM25_K1 if k1 is None else k1) + 1
    return [idf * ((tf * k1p1) / (tf + norms[length_bytes[d]])) for d, tf in zip(docnums, tfs)]


def bm25_bound(
    max_tf: float, min_length: float, avg_length: float, idf: float, k1: float | None = None, b: float | None = None
) -> float:
    """The most :func:`bm25` can give a posting whose frequency is at most ``max_tf`` in a
    field of at least ``min_length`` words: it grows with the frequency and falls with the
    length (a posting list's or a block's bound, from the largest frequency and the shortest
    field Whoosh records for it; see :mod:`searcher.maxscore`).

    >>> bm25_bound(3.0, 5, 10.0, 2.0) >= max(bm25(tf, n, 10.0, 2.0) for tf in (1.0, 2.0, 3.0) for n in (5, 8, 40))
    True
    """
    return bm25(max_tf, min_length, avg_length, idf, k1, b)


def passage_idf(df: int, n: int) -> float:
    """The idf of a term in ``df`` of ``n`` passages, for passage scores (Whoosh's:
    ``log(n / (df + 1)) + 1``).

    >>> round(passage_idf(9, 100), 4)
    3.3026
    """
    return math.log(n / (df + 1)) + 1


def document_idf(df: float, n: int) -> float:
    """The idf of a term in ``df`` of ``n`` documents, for document scores (Lucene's BM25 idf,
    never negative).

    >>> round(document_idf(9, 100), 4)
    2.3638
    """
    df = min(df, n)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def field_weight(fieldname: str) -> float:
    """How much a match in ``fieldname`` weighs against one in the passage text.

    >>> field_weight("text"), field_weight("title")
    (1.0, 0.25)
    """
    return TITLE_WEIGHT if fieldname == TITLE else 1.0


def field_length(searcher: Any, docnum: int, fieldname: str) -> int:
    """How many words field ``fieldname`` of passage ``docnum`` has; 0 when none is stored.

    Whoosh's reader answers ``None`` for a document whose field had no words and the
    default (here 0) for a segment without any length of that field.

    >>> import tempfile
    >>> from whoosh import fields, index
    >>> ix = index.create_in(tempfile.mkdtemp(), fields.Schema(t=fields.TEXT))
    >>> w = ix.writer(); w.add_document(t="one two"); w.add_document(t="... ,,"); w.commit()
    >>> with ix.searcher() as s:
    ...     s.doc_field_length(1, "t"), field_length(s, 0, "t"), field_length(s, 1, "t")
    (None, 2, 0)
    """
    return searcher.doc_field_length(docnum, fieldname, 0) or 0


# -- a whole document ----------------------------------------------------------------------


def document_term_frequency(
    text_tfs: Iterable[float], title_tf: float, title_weight: float | None = None
) -> float:
    """A term's frequency in a document: over all its passages, plus its title's weighted
    (BM25F adds the fields' frequencies before saturation; default :data:`DOCUMENT_TITLE_WEIGHT`).

    >>> document_term_frequency([1.0, 2.0], 4.0), document_term_frequency([1.0, 2.0], 4.0, 0.25)
    (7.0, 4.0)
    """
    return sum(text_tfs) + (DOCUMENT_TITLE_WEIGHT if title_weight is None else title_weight) * title_tf


def document_length(
    text_lengths: Iterable[float], title_length: float, title_weight: float | None = None
) -> float:
    """A document's length for BM25F: its passages' words plus its title's, weighted.

    >>> document_length([10, 20], 4)
    34.0
    """
    return sum(text_lengths) + (DOCUMENT_TITLE_WEIGHT if title_weight is None else title_weight) * title_length


def pair_proximity(first: Sequence[int], second: Sequence[int], window: int | None = None) -> float:
    """How near two words are in one passage, from their positions (each ascending): for
    each occurrence of ``first``, ``1 / d**2`` for the nearest occurrence of ``second`` at
    ``d`` words (1 <= d <= ``window``); 0 when they are never that near.

    >>> pair_proximity([3, 20], [4, 9]), pair_proximity([3], [10])
    (1.0, 0.0)
    >>> round(pair_proximity([0, 10], [2, 12]), 4)
    0.5
    """
    window = PROXIMITY_WINDOW if window is None else window
    total = 0.0
    for p in first:
        i = bisect.bisect_left(second, p)
        d = min((abs(second[j] - p) for j in (i - 1, i) if 0 <= j < len(second)), default=window + 1)
        if 0 < d <= window:
            total += 1.0 / (d * d)
    return total


def document_pair_proximity(in_passages: Iterable[float], in_title: float) -> float:
    """How near two query words are in a document: their :func:`pair_proximity` summed over
    its passages, or, when its title holds them near (``in_title``, their
    :func:`pair_proximity` in the title), the title's, once, however often its text repeats
    them. A text that repeats its title's name states the document's topic, which each of an
    article's passages has by its title; what sets one passage apart is the question's
    *other* words near the name (issue 11's fourteenth pass, docs/relevance.md).

    >>> document_pair_proximity([2.0, 1.25], 0.0), document_pair_proximity([2.0, 1.25], 0.25)
    (3.25, 0.25)
    """
    return in_title if in_title > 0 else sum(in_passages)


def proximity(
    pairs: Iterable[tuple[float, float]], length: float, avg_length: float, weight: float | None = None
) -> float:
    """A document's proximity score from its query-word pairs ``(pair proximity summed over
    its passages, the rarer word's idf)``: each saturated as a BM25 term frequency is, with the
    document's length (Rasolofo & Savoy 2003), times ``weight``.

    >>> proximity([(0.0, 2.0)], 10, 10)
    0.0
    >>> proximity([(1.0, 2.0)], 10, 10, weight=1.0) == bm25(1.0, 10, 10, 2.0)
    True
    """
    weight = PROXIMITY_WEIGHT if weight is None else weight
    return weight * sum(bm25(near, length, avg_length, idf) for near, idf in pairs)


def best_alternative(scores: Sequence[float]) -> float:
    """A word's score from its alternatives' (lemmas, readings, spellings): the best one.

    >>> best_alternative([0.5, 1.5]), best_alternative([])
    (1.5, 0.0)
    """
    return max(scores, default=0.0)


def combine(doc: float, passage: float, doc_weight: float | None = None, passages: int = 1) -> float:
    """A document's final score: ``doc_weight`` of its BM25F score plus the rest of its best
    passage's; by default :data:`DOC_WEIGHT` for a document of one passage,
    :data:`MULTI_PASSAGE_DOC_WEIGHT` for one of more ``passages``."""
    if doc_weight is None:
        doc_weight = DOC_WEIGHT if passages <= 1 else MULTI_PASSAGE_DOC_WEIGHT
    return doc_weight * doc + (1 - doc_weight) * passage


# -- Whoosh's search -----------------------------------------------------------------------


class BM25FScorer(whoosh_scoring.BM25FScorer):
    """Whoosh's BM25F scorer scoring with :func:`bm25`, a missing field length read as 0
    (:func:`field_length`)."""

    def __init__(self, searcher: Any, fieldname: str, text: bytes, B: float, K1: float, qf: float = 1) -> None:
        super().__init__(searcher, fieldname, text, B, K1, qf=qf)
        self.dfl = lambda docnum: field_length(searcher, docnum, fieldname)

    @classmethod
    def of_term(
        cls, searcher: Any, fieldname: str, text: bytes, B: float, K1: float, info: Any, avgfl: float, qf: float = 1
    ) -> BM25FScorer:
        """The scorer ``__init__`` makes, from the term's record ``info`` in ``searcher``'s
        segment (read by the caller: Whoosh's ``setup`` reads it again) and ``avgfl``, the
        field's average length in ``searcher.get_parent()`` (or 1), as ``__init__`` reads it."""
        scorer = cls.__new__(cls)
        scorer.idf = searcher.get_parent().idf(fieldname, text)
        scorer.avgfl = avgfl
        scorer.B, scorer.K1, scorer.qf = B, K1, qf
        scorer.dfl = lambda docnum: field_length(searcher, docnum, fieldname)
        scorer._maxquality = scorer._score(info.max_weight(), info.min_length())
        return scorer

    def _score(self, weight: float, length: float) -> float:
        return bm25(weight, length, self.avgfl, self.idf, self.K1, self.B)


class BM25F(whoosh_scoring.BM25F):
    """Whoosh's BM25F weighting model with :class:`BM25FScorer` and :func:`passage_idf`."""

    def idf(self, searcher: Any, fieldname: str, text: bytes) -> float:
        parent = searcher.get_parent()
        return passage_idf(parent.doc_frequency(fieldname, text), parent.doc_count_all())

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: float = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return whoosh_scoring.WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        return BM25FScorer(searcher, fieldname, text, B, self.K1, qf=qf)


def weighting() -> BM25F:
    """The BM25F weighting used for every search.

    >>> weighting().K1 == BM25_K1 and weighting().B == BM25_B
    True
    """
    return BM25F(B=BM25_B, K1=BM25_K1)
