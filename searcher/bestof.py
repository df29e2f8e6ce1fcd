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
from whoosh.matching import DisjunctionMaxMatcher, NullMatcher


class BestOfMatcher(DisjunctionMaxMatcher):
    """Whoosh's ``DisjunctionMaxMatcher``, scoring only the sub-matchers on the current document."""

    def replace(self, minquality=0):
        # Whoosh 2.7's version drops *both* sides when one of them runs out during the
        # replacement, losing the other side's remaining matches (and the best hits with them).
        a, b = self.a, self.b
        a_active, b_active = a.is_active(), b.is_active()
        if minquality:  # a side whose best score is below the bar cannot decide any score above it
            a_active = a_active and a.max_quality() >= minquality
            b_active = b_active and b.max_quality() >= minquality
        if not (a_active and b_active):
            return b.replace(minquality) if b_active else a.replace(minquality) if a_active else NullMatcher()
        a, b = a.replace(minquality), b.replace(minquality)
        a_active, b_active = a.is_active(), b.is_active()
        if not (a_active and b_active):
            return b if b_active else a if a_active else NullMatcher()
        if a is not self.a or b is not self.b:
            return self.__class__(a, b, tiebreak=self.tiebreak)
        return self

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
            subs, BestOfMatcher, searcher, context, lambda q: q.estimate_size(reader), tiebreak=self.tiebreak
        )
