"""``BestOf``: Whoosh's disjunction-max with a correct score.

A query word with several terms (the lemmas of a Russian homonym, the two readings
of an Arabic ``لل`` word) scores as the best of its terms. Whoosh 2.7's
``DisjunctionMaxMatcher.score`` takes the max over *both* sub-matchers even when one
of them sits on a later document, so a passage could borrow the score of the next
passage that has the other term. ``BestOf`` only compares sub-matchers on the
current document.

Example:
    >>> import tempfile
    >>> from whoosh import fields, index, query
    >>> ix = index.create_in(tempfile.mkdtemp(), fields.Schema(t=fields.TEXT))
    >>> w = ix.writer(); w.add_document(t="alpha"); w.add_document(t="beta beta beta gamma"); w.commit()
    >>> with ix.searcher() as s:
    ...     alone = s.search(query.Term("t", "alpha"))[0].score
    ...     best = {h.docnum: h.score for h in s.search(BestOf([query.Term("t", "alpha"), query.Term("t", "beta")]))}
    >>> round(best[0], 6) == round(alone, 6)
    True
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.matching import DisjunctionMaxMatcher


class _BestOfMatcher(DisjunctionMaxMatcher):
    def score(self) -> float:
        a, b = self.a, self.b
        if not a.is_active():
            return b.score()
        if not b.is_active():
            return a.score()
        ida, idb = a.id(), b.id()
        if ida != idb:
            return a.score() if ida < idb else b.score()
        return max(a.score(), b.score())


class BestOf(wq.DisjunctionMax):
    """Matches any subquery; scores a document by its best-scoring subquery on it."""

    def _matcher(self, subs, searcher, context):
        reader = searcher.reader()
        return self._tree_matcher(
            subs, _BestOfMatcher, searcher, context, lambda q: q.estimate_size(reader), tiebreak=self.tiebreak
        )
