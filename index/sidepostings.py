"""The side fields' postings held as three lists per field while a writer adds documents.

A side field (:class:`index.fields.SideField`: ``translit``, ``words``) has a posting per
file and word: the word's count in the file.  Through Whoosh's pool each posting is a tuple
``(field, term bytes, docnum, weight, value)`` made as the file is added, sorted with every
other posting at each of the pool's spills, written to a run, read back and merged term by
term with the other runs (a folder of 3,000 news files: 505,110 of them, a third of the
postings the pool holds, each term's pieces merged from 7 runs).

:class:`SidePostings` keeps instead, per field, three lists as the documents come: the
terms (the analyzer's strings, most of them the very objects its caches hold), the
document numbers and the counts, each file's appended at once (``list += dict``); about 24
bytes a posting against the ~170 of a pooled tuple.  Its postings are sorted once, when
the segment is written (:meth:`SidePostings.groups`: a field's postings ordered by term,
stably, so each term's stay in document order; a string's code points sort as its UTF-8
bytes do), and made into the pool's groups of postings then, a slice at a time: exactly the
postings Whoosh's pool gives, weights from :func:`index.fields.count_weights` and values
``pack_uint(count)`` (shared among postings of one count: :class:`~index.codec.FastW3Codec`'s
lexicon file and posting blocks ``marshal`` them in format 2, which writes a value again
rather than a reference to it, so the bytes are a value per posting's; Whoosh's own codec
pickles a block's values, a shared one once).  Past :data:`HELD_BYTES_OF_POOL` of its pool's
memory limit, the writer spills them as a run (see
:meth:`index.speedups.GroupedPostingPool.add_side`).

Example:
    >>> side = SidePostings()
    >>> side.add("words", 1.0, 0, {"томас": 1, "бах": 2})
    >>> side.add("words", 1.0, 1, {"бах": 1})
    >>> side.add("translit", 1.0, 1, {})  # a file without names
    >>> [(f, t.decode(), [p[2:4] for p in ps]) for f, t, ps in side.groups()]
    [('words', 'бах', [(0, 2.0), (1, 1.0)]), ('words', 'томас', [(0, 1.0)])]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

from whoosh.system import pack_uint

from polyseek.index.codec import Group, term_of
from polyseek.index.fields import SHARED_COUNTS, count_weights

__all__ = ["BYTES_PER_POSTING", "HELD_BYTES_OF_POOL", "SLICE_POSTINGS", "SidePostings", "pool_size"]

#: What a posting held costs: three list slots (the docnum, count and term objects are
#: shared: a file's docnum, small ints, the analyzer's cached strings).
BYTES_PER_POSTING = 24
#: The side postings held are spilled past this share of the pool's memory limit (its own
#: estimate): 32 MB -> 16 MB, about 700,000 postings.
HELD_BYTES_OF_POOL = 0.5
#: Postings made into tuples at once when the groups are taken: bounds what they add to
#: the commit's memory (~80 bytes a tuple) to ~5 MB.
SLICE_POSTINGS = 1 << 16
#: A posting's value per count below :data:`index.fields.SHARED_COUNTS`.
_VALUES = tuple(pack_uint(n) for n in range(SHARED_COUNTS))
#: ``PostingPool.add``'s size estimate of a side-field posting, without its field name and
#: term: a tuple, its docnum, weight and value (``pack_uint``: 4 bytes); see :func:`pool_size`.
_POSTING_SIZE = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21 + 4


def pool_size(fieldname: str, counts: Mapping[str, int]) -> int:
    """Whoosh's ``PostingPool.add`` estimate of the postings of ``counts`` (term -> count)
    in field ``fieldname``, summed: the figure the pool adds up for them as tuples (each
    term's UTF-8 bytes counted twice).

    >>> from whoosh.writing import PostingPool
    >>> pool = PostingPool(None, None)
    >>> for term, n in {"бах": 2, "a": 1}.items():
    ...     pool.add(("words", term.encode(), 0, float(n), pack_uint(n)))
    >>> pool.currentsize == pool_size("words", {"бах": 2, "a": 1})
    True
    """
    return (_POSTING_SIZE + len(fieldname)) * len(counts) + 2 * len("".join(counts).encode("utf-8"))


class SidePostings:
    """A writer's side-field postings, three lists per field (see the module docstring)."""

    def __init__(self) -> None:
        #: field name -> (terms, docnums, counts), a posting each, in the order they came
        self._fields: dict[str, tuple[list[str], list[int], list[int]]] = {}
        #: field name -> its format's field boost (the weight of a count of 1)
        self._boosts: dict[str, float] = {}
        #: the postings held
        self.held = 0

    @property
    def fieldnames(self) -> set[str]:
        """The fields this has held postings of."""
        return set(self._boosts)

    def add(self, fieldname: str, boost: float, docnum: int, counts: Mapping[str, int]) -> None:
        """Document ``docnum``'s postings of field ``fieldname`` (its format's field boost
        ``boost``): each term of ``counts`` with its count (documents in increasing order)."""
        lists = self._fields.get(fieldname)
        if lists is None:
            lists = self._fields[fieldname] = ([], [], [])
            self._boosts.setdefault(fieldname, boost)
        terms, docnums, ns = lists
        terms += counts
        ns += counts.values()
        docnums += itertools.repeat(docnum, len(counts))
        self.held += len(counts)

    def groups(self) -> Iterator[Group]:
        """The postings held, a term at a time in order, field by field, as the pool's groups:
        ``(field name, term bytes, [(field name, term bytes, docnum, weight, value), ...])``
        (a term's postings may come as consecutive groups); then none are held."""
        fields, self._fields, self.held = self._fields, {}, 0
        for fieldname in sorted(fields):
            yield from _field_groups(fieldname, *fields.pop(fieldname), self._boosts[fieldname])


def _field_groups(fieldname: str, terms: list[str], docnums: list[int], ns: list[int], boost: float) -> Iterator[Group]:
    """One field's postings (as :class:`SidePostings` holds them) as groups, in order.

    The distinct terms are encoded and sorted as bytes, and the postings by their term's
    rank, stably (each term's stay in document order): the bytes are made together and
    compared where they lie, ints compare faster still, while the strings, the analyzer's,
    lie all over the heap (a folder of 3,000 files, run alone: the commit 0.6-1.6 s longer
    than main's with the distinct strings sorted, within 0.1 s of it with their bytes).
    """
    encoded = {term: term.encode("utf-8") for term in set(terms)}
    distinct = sorted(encoded.values())  # bytes made together: compared where they lie
    rank = dict(zip(distinct, itertools.count()))
    ranks = list(map(rank.__getitem__, map(encoded.__getitem__, terms)))
    del encoded, rank
    order = sorted(range(len(ranks)), key=ranks.__getitem__)
    weights = count_weights(boost)
    shared = max(ns, default=0) < SHARED_COUNTS
    for start in range(0, len(order), SLICE_POSTINGS):
        part = order[start : start + SLICE_POSTINGS]
        counts = list(map(ns.__getitem__, part))
        if shared:
            values = list(map(_VALUES.__getitem__, counts))
            weighted = list(map(weights.__getitem__, counts))
        else:
            values = list(map(pack_uint, counts))
            weighted = [weights[n] if n < SHARED_COUNTS else float(n) * boost for n in counts]
        postings = list(
            zip(
                itertools.repeat(fieldname),
                map(distinct.__getitem__, map(ranks.__getitem__, part)),
                map(docnums.__getitem__, part),
                weighted,
                values,
            )
        )
        for (field, btext), group in itertools.groupby(postings, key=term_of):
            yield field, btext, list(group)
