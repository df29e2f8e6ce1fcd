"""How many documents match, counted from the posting lists without a set of passages.

A counted search reports how many documents (distinct ``doc_id``) its matching passages
belong to.  It used to collect every matching passage in a set (the union of the query's
lists, less the deleted and masked passages), then map that set to documents: at 110,000
documents a query whose expansions bring a common word (*Бывшие*: the lemma *быть*, 47,622
passages; 50,048 documents match) built a set of ~60,000 passages and looked each up again,
about 15 ms of a 65 ms search.  A :class:`DocumentCount` maps each list's passages straight
to a number standing for their document (:func:`searcher.fastpath.value_ordinals`), with
every deleted or masked passage mapped to -1, so the lists go into one set of documents:
the same count, from one pass in C over each list.

The per-segment numbers are kept per index state, for the set of masked passages searches
share (the page furniture of :func:`searcher.ranking.furniture`); a search with exclusions
(another masked set) makes its own.  Numbering every passage's document is a pass over the
whole ``doc_id`` column (0.15 s of CPU at 110,000 documents, most of what a search process's
first query cost beyond its cost at 10,000): until a reader's searches have looked up a
quarter of its passages (:func:`searcher.fastpath.may_look_up`), a count keeps the passages
added and looks their values up in the column instead, so a process that asks one query
(the command line) never makes the numbers.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> from polyseek.searcher.fastpath import count_distinct, matching_docnums
    >>> from polyseek.searcher.compile import compile_query
    >>> from polyseek.searcher.query import parse_query
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> ix = SearchIndex.create(Path(tempfile.mkdtemp()) / "ix")
    >>> _ = ix.add_path(samples)
    >>> s = ix._current_searcher()
    >>> q = compile_query(parse_query("Olympic committee"), analyze_fn=s.schema["text"].analyzer.analyze).scoring
    >>> documents = DocumentCount.of(s, "doc_id", None)
    >>> for segment, (sub, offset) in enumerate(s.leaf_searchers()):
    ...     documents.add(segment, [d - offset for d in matching_docnums(s, q) if offset <= d < offset + sub.doc_count_all()])
    >>> documents.total() == count_distinct(s, "doc_id", matching_docnums(s, q)) > 0
    True
    >>> ix.close()
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import Any

from polyseek.searcher.fastpath import may_look_up, remember, remembered, value_ordinals, values_at

__all__ = ["DocumentCount", "live_ordinals"]

#: The number a deleted or masked passage maps to (never a document's).
GONE = -1


def live_ordinals(searcher: Any, fieldname: str, masked: Collection[int] | None) -> list[array]:
    """Per segment, its docnum -> the number of its value of column ``fieldname``
    (:func:`searcher.fastpath.value_ordinals`), :data:`GONE` for a deleted passage or one
    of ``masked`` (global docnums).  Kept per reader for the last ``masked`` set asked for
    (the same object: searches without exclusions share the furniture set).

    Arrays, 4 bytes a passage.  Lists whose passages of one document shared an int object
    counted a common word's passages faster (the 60 title queries at 110,000 documents:
    0.8 against 1.5-1.8 ms a search, when the lists were made from arrays of the column's
    numbers; looking 10,000 passages up 0.43 against 0.74 ms, 60,000 the same) but held a
    pointer a passage and an int a document, with the whole reader's list: 7.5 MiB of a
    search process at 110,000 documents against 2."""
    reader = searcher.reader()
    key = f"{fieldname}\0live"
    cached = remembered(reader).get(key)
    if cached is not None and cached[0] is masked:
        return cached[1]
    ordinals = value_ordinals(searcher, fieldname)
    out: list[array] = []
    for sub, offset in searcher.leaf_searchers():
        count = sub.doc_count_all()
        numbers = ordinals[offset : offset + count]  # a copy
        leaf = sub.reader()
        if leaf.has_deletions():
            for d in leaf.deleted_docs_set:
                numbers[d] = GONE
        for d in masked or ():
            if offset <= d < offset + count:
                numbers[d - offset] = GONE
        out.append(numbers)
    remember(reader, {key: (masked, out)})
    return out


class DocumentCount:
    """The documents of the passages added, segment by segment (deleted and masked ones
    left out): :meth:`add` each matching passage at least once, then :meth:`total`.

    ``up_to``: count exactly up to this many documents and stop once more are found
    (:attr:`full`: the total is then ``up_to``, a lower bound,
    :data:`searcher.limits.TOTAL_EXACT_UP_TO`); None counts them all."""

    __slots__ = ("_numbers", "_found", "up_to", "full")

    def __init__(self, numbers: list[array], up_to: int | None = None) -> None:
        self._numbers = numbers
        self._found: set[int] = set()
        self.up_to = up_to
        #: whether more than ``up_to`` documents were found (later passages are not looked at)
        self.full = False

    @classmethod
    def of(cls, searcher: Any, fieldname: str, masked: Collection[int] | None, up_to: int | None = None) -> DocumentCount:
        """A count of the distinct values of column ``fieldname`` over the passages of
        ``searcher`` that are neither deleted nor in ``masked`` (global docnums): on the
        reader's numbers, or, before the reader's searches have looked up enough passages to
        build them (:func:`searcher.fastpath.may_look_up`), by looking the passages up."""
        if may_look_up(searcher, fieldname, 0):
            return _LookedUp(searcher, fieldname, masked, up_to)
        return cls(live_ordinals(searcher, fieldname, masked), up_to)

    def add(self, segment: int, docnums: Iterable[int]) -> None:
        """Passages of the ``segment``-th segment (its own docnums; repeats do not count twice)."""
        if self.full:
            return
        docnums = docnums if isinstance(docnums, (tuple, list)) else tuple(docnums)
        numbers, found, up_to = self._numbers[segment], self._found, self.up_to
        step = max(len(docnums), 1) if up_to is None else max(up_to, 1024)
        for start in range(0, len(docnums), step):  # a long list in pieces, to stop when full
            piece = docnums[start : start + step]
            if len(piece) > 1:  # one C call for every lookup
                found.update(itemgetter(*piece)(numbers))
            else:
                found.add(numbers[piece[0]])
            if up_to is not None and len(found) - (GONE in found) > up_to:
                self.full = True
                return

    def total(self) -> int:
        """How many documents the passages added belong to (:attr:`up_to` when :attr:`full`)."""
        if self.full:
            assert self.up_to is not None
            return self.up_to
        return len(self._found) - (GONE in self._found)


class _LookedUp(DocumentCount):
    """A :class:`DocumentCount` that keeps the passages added per segment and looks their
    values up in the column when asked for the total (a process that asks one query never
    numbers every passage)."""

    __slots__ = ("searcher", "fieldname", "masked", "passages")

    def __init__(self, searcher: Any, fieldname: str, masked: Collection[int] | None, up_to: int | None = None) -> None:
        super().__init__([], up_to)
        self.searcher, self.fieldname, self.masked = searcher, fieldname, masked
        self.passages: list[set[int]] = [set() for _ in searcher.leaf_searchers()]

    def add(self, segment: int, docnums: Iterable[int]) -> None:
        self.passages[segment].update(docnums)

    def total(self) -> int:
        live: list[tuple[Any, set[int]]] = []
        for (sub, offset), found in zip(self.searcher.leaf_searchers(), self.passages):
            leaf = sub.reader()
            if leaf.has_deletions():
                found.difference_update(leaf.deleted_docs_set)
            if self.masked:
                found.difference_update(d - offset for d in self.masked if offset <= d < offset + sub.doc_count_all())
            live.append((leaf, found))
        may_look_up(self.searcher, self.fieldname, sum(len(found) for _, found in live))  # counted
        values: set[Any] = set()
        up_to = self.up_to
        for leaf, found in live:
            if not found:
                continue
            pieces = [found] if up_to is None or len(found) <= up_to else _pieces(found, up_to)
            for piece in pieces:  # a segment's passages in pieces, to stop when full
                values.update(values_at(self.searcher, self.fieldname, piece, leaf))
                if up_to is not None and len(values) > up_to:
                    self.full = True
                    return up_to
        return len(values)


def _pieces(docnums: set[int], size: int) -> Iterator[list[int]]:
    """``docnums`` in lists of ``size``."""
    it = iter(docnums)
    while piece := list(islice(it, size)):
        yield piece
