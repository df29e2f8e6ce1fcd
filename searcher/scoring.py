"""Every ranking formula and weight polyseek uses, in one place.

The fast path (:mod:`searcher.fastpath`), Whoosh's own search (through :func:`weighting`)
and document rescoring (:mod:`searcher.docscore`) all score with the functions here.

A field length that is missing (a passage whose title has no words, such as ``***``:
Whoosh stores no length byte for it and its reader then answers ``None``) reads as 0
everywhere (:func:`field_length`).

Example:
    >>> BM25_K1, BM25_B
    (1.2, 0.75)
"""

from __future__ import annotations

from typing import Any

from whoosh import scoring as whoosh_scoring

#: BM25 parameters (Lucene's defaults).
BM25_K1 = 1.2
BM25_B = 0.75


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


class BM25FScorer(whoosh_scoring.BM25FScorer):
    """Whoosh's BM25F scorer reading a missing field length as 0 (:func:`field_length`)."""

    def __init__(self, searcher: Any, fieldname: str, text: bytes, B: float, K1: float, qf: float = 1) -> None:
        super().__init__(searcher, fieldname, text, B, K1, qf=qf)
        self.dfl = lambda docnum: field_length(searcher, docnum, fieldname)


class BM25F(whoosh_scoring.BM25F):
    """Whoosh's BM25F with :class:`BM25FScorer` (the formula is Whoosh's ``bm25``)."""

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
