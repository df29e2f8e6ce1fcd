"""A query's matcher tree on one segment, each of its terms looked up once.

Whoosh makes a query's matchers node by node: an ``Or`` or a :class:`searcher.bestof.BestOf`
orders its clauses by ``estimate_size`` (a Huffman-like tree, ``make_weighted_tree``), which
sums its terms' document frequencies again at each level of the tree, and a ``Term`` asks
the segment whether it has the term, then the term's record for its scorer (idf, best
score), then again for its postings.  On the 110,000-document index a title query has ~15
leaves a segment and Whoosh looked terms up ~6 times each (each through a few layers of
Python: the field's test, the text to bytes, the terms reader): 16% of a search's CPU went to
making the matchers, as much for a small segment as for the big one.

:func:`segment_matcher` makes the same tree (the same matcher classes in the same places,
the same scorers, the same weights for the tree's order) for the nodes polyseek's queries
are made of (``Term``, ``Or``, ``BestOf``), reading each term's record once; any other node
(phrases, required words, ranges) is made by Whoosh, and its size asked of Whoosh.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> from polyseek.searcher.compile import compile_query
    >>> from polyseek.searcher.query import parse_query
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> ix = SearchIndex.create(Path(tempfile.mkdtemp()) / "ix")
    >>> _ = ix.add_path(samples)
    >>> s = ix._current_searcher()
    >>> q = compile_query(parse_query("Olympic committee"), analyze_fn=s.schema["text"].analyzer.analyze).scoring
    >>> sub = s.leaf_searchers()[0][0]
    >>> repr(segment_matcher(q, sub, s.context())) == repr(q.matcher(sub, s.context()))
    True
    >>> ix.close()
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.matching import NullMatcher, WrappingMatcher
from whoosh.matching.binary import UnionMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.compound import CompoundQuery
from whoosh.reading import SegmentReader, TermInfo, TermNotFound
from whoosh.util import make_weighted_tree

from polyseek.searcher.bestof import BestOf, BestOfMatcher
from polyseek.searcher.fastpath import w3_leaf
from polyseek.searcher.scoring import BM25F, BM25FScorer

__all__ = ["reader_postings", "segment_matcher"]


def segment_matcher(q: Any, searcher: Any, context: Any = None) -> Any:
    """``q.matcher(searcher, context)`` for a searcher of one segment: the same tree, each term's
    record read once (Whoosh's own ``matcher`` for a searcher it cannot tell that of)."""
    reader = searcher.reader()
    if type(reader) is not SegmentReader or not searcher.is_atomic() or getattr(reader, "_terms", None) is None:
        return q.matcher(searcher, context)
    return _Builder(searcher, context).matcher(q)


def reader_postings(reader: Any, fieldname: str, text: str | bytes) -> Any:
    """``reader.postings(fieldname, text)`` (no scorer: positions, weights), a W3 list's first
    block header read from bytes (:func:`searcher.fastpath.w3_leaf`) when ``reader`` is one
    segment's; raises as Whoosh does for an absent term."""
    terms = getattr(reader, "_terms", None)
    if (
        type(reader) is not SegmentReader or terms is None or type(terms._codec).postings_reader is not W3Codec.postings_reader
        or reader.is_closed or fieldname not in reader.schema
    ):
        return reader.postings(fieldname, text)  # Whoosh's own (a closed reader, an unknown field: it raises)
    btext = reader._text_to_bytes(fieldname, text)
    info = terms.term_info(fieldname, btext)
    return _live(reader, _leaf(reader, info, reader.schema[fieldname].format, (fieldname, btext), None))


def _leaf(reader: Any, info: TermInfo, format_: Any, term: tuple[str, bytes], scorer: Any) -> Any:
    """The segment's matcher of a term's list, as its codec's ``postings_reader`` makes it (a
    W3 list's first block header read from bytes: :func:`searcher.fastpath.w3_leaf`)."""
    terms = reader._terms
    if info.is_inlined() or type(terms._codec).postings_reader is not W3Codec.postings_reader:
        return terms._codec.postings_reader(terms._postfile, info, format_, term=term, scorer=scorer)
    return w3_leaf(terms._postfile, info, format_, term, scorer)


def _live(reader: Any, m: Any) -> Any:
    """``m`` without the segment's deleted passages, as Whoosh's reader filters them."""
    deleted = reader.deleted_docs_set
    return FilterMatcher(m, deleted, exclude=True) if deleted else m


class _Builder:
    """One segment's matchers for one query: its terms' records and its nodes' sizes kept."""

    __slots__ = ("searcher", "context", "reader", "schema", "weighting", "infos", "sizes", "avgfl")

    def __init__(self, searcher: Any, context: Any) -> None:
        self.searcher = searcher
        self.context = context
        self.reader = searcher.reader()
        self.schema = searcher.schema
        # as Term.matcher and Searcher.postings choose it (a boolean context has none)
        self.weighting = (context.weighting if context is not None else None) or searcher.weighting
        self.infos: dict[tuple[str, bytes], TermInfo | None] = {}
        self.sizes: dict[int, int] = {}
        self.avgfl: dict[str, float] = {}

    def info(self, fieldname: str, btext: bytes) -> TermInfo | None:
        """The segment's record of a term (None if it does not hold it), read once."""
        key = (fieldname, btext)
        try:
            return self.infos[key]
        except KeyError:
            pass
        try:
            found: TermInfo | None = self.reader._terms.term_info(fieldname, btext)
        except (KeyError, TermNotFound):
            found = None
        self.infos[key] = found
        return found

    def size(self, q: Any) -> int:
        """``q.estimate_size(reader)``, each node's once."""
        key = id(q)
        got = self.sizes.get(key)
        if got is None:
            got = self.sizes[key] = self._size(q)
        return got

    def _size(self, q: Any) -> int:
        kind = type(q)
        if kind is wq.Term:
            btext = self._bytes(q)
            if btext is None:
                return q.estimate_size(self.reader)
            info = self.info(q.fieldname, btext)
            return info.doc_frequency() if info is not None else 0
        if (kind is wq.Or or kind is BestOf) and kind.estimate_size is CompoundQuery.estimate_size:
            return min(sum(self.size(sub) for sub in q.subqueries), self.reader.doc_count())
        return q.estimate_size(self.reader)

    def _bytes(self, q: wq.Term) -> bytes | None:
        """The term's bytes when Whoosh's ``Term`` would look it up as this module does (an
        indexed field of the schema, text it can encode), else None (Whoosh answers)."""
        field = self.schema[q.fieldname] if q.fieldname in self.schema else None
        if field is None or field.format is None:
            return None
        try:
            return field.to_bytes(q.text)
        except ValueError:
            return None

    def matcher(self, q: Any) -> Any:
        """Whoosh's matcher of ``q`` (the same classes, in the same tree)."""
        kind = type(q)
        if kind is wq.Term and not q.minquality:
            return self._term(q)
        if kind is BestOf and kind.matcher is CompoundQuery.matcher:
            subs = q.subqueries
            if len(subs) < 2:
                return self.matcher(subs[0]) if subs else NullMatcher()
            return self._tree(subs, BestOfMatcher, q.boost, tiebreak=q.tiebreak)
        if kind is wq.Or and kind.matcher is CompoundQuery.matcher and q.matcher_type == q.AUTO_MATCHER and not q.scale:
            subs = q.subqueries
            if len(subs) < 2:
                return self.matcher(subs[0]) if subs else NullMatcher()
            needs_current = self.context.needs_current if self.context is not None else True
            if len(subs) < q.TOO_MANY_CLAUSES and (needs_current or len(subs) == 2 or self.searcher.doc_count_all() > 5000):
                return self._tree(subs, UnionMatcher, q.boost)  # Whoosh's DefaultOr
        return q.matcher(self.searcher, self.context)

    def _tree(self, subs: list[Any], cls: type, boost: float, **kwargs: Any) -> Any:
        """Whoosh's ``CompoundQuery._tree_matcher`` with the sizes kept."""
        m = make_weighted_tree(cls, [(self.size(sub), self.matcher(sub)) for sub in subs], **kwargs)
        return WrappingMatcher(m, boost) if boost != 1.0 else m

    def _term(self, q: wq.Term) -> Any:
        """Whoosh's ``Term.matcher`` (``Searcher.postings``, ``SegmentReader.postings``)."""
        btext = self._bytes(q)
        if btext is None:
            return q.matcher(self.searcher, self.context)
        fieldname = q.fieldname
        info = self.info(fieldname, btext)
        if info is None:
            return NullMatcher()
        weighting = self.weighting
        field = self.schema[fieldname]
        if type(weighting) is BM25F and field.scorable:
            avgfl = self.avgfl.get(fieldname)
            if avgfl is None:  # a multi-segment searcher sums every segment's lengths to answer
                avgfl = self.avgfl[fieldname] = self.searcher.get_parent().avg_field_length(fieldname) or 1
            B = weighting._field_B.get(fieldname, weighting.B)
            scorer = BM25FScorer.of_term(self.searcher, fieldname, btext, B, weighting.K1, info, avgfl)
        else:
            scorer = weighting.scorer(self.searcher, fieldname, btext, qf=1)
        m = _leaf(self.reader, info, field.format, (fieldname, btext), scorer)
        m._polyseek_df = info.doc_frequency()  # for fastpath.leaf_doc_frequency
        m = _live(self.reader, m)
        return WrappingMatcher(m, boost=q.boost) if q.boost != 1.0 else m
