"""The postings of a term as a ranking read them: global docnum -> weight, without a dictionary.

:func:`polyseek.searcher.fastpath.top_passages` reads every posting of a query's terms and
hands them to :func:`polyseek.searcher.docscore.rescore`, which looks up the weights of the
candidate documents' passages only: a few hundred lookups against tens of thousands of
postings for a common word.  A :class:`TermPostings` keeps the ascending lists as they were
read (one per segment) and finds a docnum by bisection, instead of building a dictionary
of every posting (which cost a search 7 ms for a query of 75,000 postings).

Example:
    >>> tp = TermPostings()
    >>> tp.add(0, [2, 5, 9], [1.0, 2.0, 1.0])
    >>> tp.add(100, [0, 3], [3.0, 1.0])  # a second segment, its docnums from 100
    >>> tp.get(5), tp.get(103), tp.get(6), 100 in tp, len(tp), list(tp)
    (2.0, 1.0, None, True, 5, [2, 5, 9, 100, 103])
    >>> tp.weights_of([2, 3, 9, 100])
    {2: 1.0, 9: 1.0, 100: 3.0}
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence

__all__ = ["TermPostings"]


class TermPostings(Mapping[int, float]):
    """One term's postings, global docnum -> weight, as ascending lists per segment."""

    __slots__ = ("_parts",)

    def __init__(self) -> None:
        self._parts: list[tuple[int, Sequence[int], Sequence[float]]] = []

    def add(self, offset: int, ids: Sequence[int], weights: Sequence[float]) -> None:
        """Add a segment's postings (``ids`` ascending, from global docnum ``offset``); a
        segment's list given again (a term twice in a query) is the same: kept once."""
        if all(start != offset for start, _, _ in self._parts):
            self._parts.append((offset, ids, weights))

    def get(self, docnum: int, default: float | None = None) -> float | None:  # type: ignore[override]
        for offset, ids, weights in self._parts:
            n = docnum - offset
            i = bisect_left(ids, n)
            if i < len(ids) and ids[i] == n:
                return weights[i]
        return default

    def __getitem__(self, docnum: int) -> float:
        found = self.get(docnum)
        if found is None:
            raise KeyError(docnum)
        return found

    def __contains__(self, docnum: object) -> bool:
        return isinstance(docnum, int) and self.get(docnum) is not None

    def __iter__(self) -> Iterator[int]:
        for offset, ids, _ in self._parts:
            yield from (map(offset.__add__, ids) if offset else ids)

    def __len__(self) -> int:
        return sum(len(ids) for _, ids, _ in self._parts)

    def weights_of(self, docnums: Sequence[int]) -> dict[int, float]:
        """``{docnum: weight}`` of those of ``docnums`` (ascending) that have a posting."""
        out: dict[int, float] = {}
        for offset, ids, weights in self._parts:
            lo = 0
            for d in docnums:
                n = d - offset
                if n < 0:
                    continue
                i = bisect_left(ids, n, lo)
                if i == len(ids):
                    break
                if ids[i] == n:
                    out[d] = weights[i]
                lo = i
        return out
