"""A segment merged into a commit's new one: its postings streamed from its files, term by term.

Whoosh merges a segment (``SegmentWriter.add_reader``) by walking its terms, looking each
one up again in the term table by key (a hash and a probe), reading the term's postings
through a matcher one posting at a time, and adding every posting to the writer's pool,
which sorts them together with the new documents' postings and spills them to disk as
runs past its memory limit.  Merging an index's batches that way cost what indexing their
postings had cost: 17.1 s of CPU to merge the 7 segments of 3,000 news documents that took
19.2 s to index, and at 110,000 documents about 365 s, half of the whole first index.

But a segment's terms come in order from its term table, each term's postings are in
document order, and the merged documents are numbered after every document of the pool.
So :func:`segment_terms` reads the term table in order (each term's record as it goes,
no lookups), a term's postings a block at a time (inlined ones straight from the record),
renumbers them in one list, and hands them out a term at a time, each read only when the
merge takes it (giving back the pages of
the mapped segment it has read, every :data:`RELEASE_EVERY` terms); the pool
(:meth:`index.speedups.GroupedPostingPool.add_stream`) merges these streams with its own
postings while the segment is written.  Nothing of a merged segment is pooled, sorted or
spilled, and the segment written holds exactly what Whoosh's merge writes.

Example:
    >>> import tempfile
    >>> from whoosh import index
    >>> from whoosh.fields import ID, TEXT, Schema
    >>> from whoosh.reading import SegmentReader
    >>> ix = index.create_in(tempfile.mkdtemp(), Schema(id=ID(stored=True), body=TEXT))
    >>> with ix.writer() as w:
    ...     w.add_document(id="a", body="two words"); w.add_document(id="b", body="two more")
    >>> with ix.writer() as w:
    ...     _ = w.delete_by_term("id", "a")
    >>> reader = SegmentReader(ix.storage, ix.schema, ix._segments()[0])
    >>> from array import array
    >>> docmap = array("i", [-1, 10])  # the deleted document, and the live one numbered in the new segment
    >>> [(f, t, [p[2] for p in read()]) for f, t, read in segment_terms(reader, ix.schema, 10, docmap)]
    [('body', b'more', [10]), ('body', b'two', [10]), ('body', b'words', []), ('id', b'a', []), ('id', b'b', [10])]
    >>> reader.close()
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, repeat
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher, W3TermsReader

from polyseek.index.codec import Posting, term_of
from polyseek.index.mapped import release_pages

__all__ = ["PIECE_POSTINGS", "RELEASE_EVERY", "segment_terms"]

#: A merged segment's mapped pages read so far are given back after this many terms: the
#: streams of a merge are all open until it ends, and a first index of 110,000 documents
#: merged 23 segments (450 MB) at once: 756 MiB peak RSS, most of it their pages (333 MiB
#: giving them back every 4,096 terms).  Optimizing 22 segments of 10,000 documents: peak
#: RSS 128 MiB never, 55 every 4,096 terms, 45 every 512; CPU the same (29.3-29.6 s).
RELEASE_EVERY = 512

#: A term of more postings than this is handed to the merge in pieces of about this many
#: (whole blocks), each read when the merge takes it: a list read whole is held as a list of
#: tuples (~180 bytes a posting), and a term in most passages of a million documents' segment
#: (a word every text has; a language) made a merge's peak (see docs/performance.md).
PIECE_POSTINGS = 16384


def segment_terms(
    reader: Any, schema: Any, startdoc: int, docmap: Sequence[int] | None
) -> Iterator[tuple[str, bytes, Callable[[], list[Posting]]]]:
    """``reader``'s terms (a Whoosh ``SegmentReader``), in term order, as ``(fieldname, term
    bytes, read)``: ``read()`` gives the term's postings as Whoosh's ``add_reader`` pools them,
    ``[(fieldname, term bytes, docnum, weight, value), ...]`` in the same order, renumbered by
    ``docmap`` (each old number's new one, -1 for a deleted document, whose postings are left
    out: a term whose documents were all deleted reads as ``[]``) or, without deletions, from
    ``startdoc``.  Each term's postings are read when the merge takes them: a merge of many
    segments holds each one's next term, not its postings (a word in every passage, read from
    23 segments at once, held 23 lists of thousands of postings)."""
    terms = reader._terms
    postfile = terms._postfile
    block = reader._codec._blocklimit  # the segment's own (128 in segments written before 512)
    piece_postings = -(-PIECE_POSTINGS // block) * block  # a piece is whole blocks

    def renumbered(fieldname: str, btext: bytes, ids: Sequence[int], weights: Iterable[float], values: Iterable[Any]) -> list[Posting]:
        if docmap is None:
            return [(fieldname, btext, startdoc + d, w, v) for d, w, v in zip(ids, weights, values)]
        return [(fieldname, btext, docmap[d], w, v) for d, w, v in zip(ids, weights, values) if docmap[d] >= 0]

    def read(fieldname: str, btext: bytes, info: Any, flat: tuple[Any, ...] | None) -> list[Posting]:
        """A term held in its record: a lexicon field's (its postings flattened) or an inlined one."""
        if flat is not None:
            return renumbered(fieldname, btext, flat[0::3], flat[1::3], flat[2::3])
        return renumbered(fieldname, btext, *_inlined(info))

    def read_piece(fieldname: str, btext: bytes, blocks: _Blocks, count: int | None) -> list[Posting]:
        return renumbered(fieldname, btext, *blocks.read(count))

    def pieces(fieldname: str, btext: bytes, info: Any) -> Iterator[Callable[[], list[Posting]]]:
        """A term's list in the postings file in pieces of about :data:`PIECE_POSTINGS` (whole
        blocks), each read when taken, one after the other (the last one reads what is left: a
        list of at most that many is one piece)."""
        blocks = _Blocks(postfile, info, schema[fieldname].format)
        for _ in range(-(-info.doc_frequency() // piece_postings) - 1):
            yield functools.partial(read_piece, fieldname, btext, blocks, piece_postings)
        yield functools.partial(read_piece, fieldname, btext, blocks, None)

    for n, (fieldname, btext, info, flat) in enumerate(_entries(terms), 1):
        if n % RELEASE_EVERY == 0:
            release_pages(reader)
        if fieldname not in schema:
            continue
        if flat is None and not info.is_inlined():
            for piece in pieces(fieldname, btext, info):
                yield fieldname, btext, piece
        else:
            yield fieldname, btext, functools.partial(read, fieldname, btext, info, flat)
    release_pages(reader)


def _entries(terms: Any) -> Iterator[tuple[str, bytes, Any, tuple[Any, ...] | None]]:
    """A segment's terms in order as ``(fieldname, term bytes, term info, None)`` from its
    term table and ``(fieldname, term bytes, None, flattened postings)`` from its lexicon file
    (:class:`index.lexicon.LexiconReader`: ``docnum, weight, value, ...``, what the term info
    it would build holds; building them was 7% of a merge)."""
    lexicon = getattr(terms, "_lexicon", None)
    if lexicon is None:  # a segment written before the lexicon file, or by Whoosh's codec
        return ((f, b, info, None) for (f, b), info in terms.items())
    table = ((f, b, info, None) for (f, b), info in W3TermsReader.items(terms))
    return heapq.merge(table, ((f, b, None, flat) for f, b, flat in lexicon.entries()), key=term_of)


def _inlined(info: Any) -> tuple[Any, Any, Any]:
    """An inlined term record's postings, each weight and value as Whoosh's ``ListMatcher``
    gives them (1.0 without weights, ``""`` without values)."""
    ids, weights, values = info.inlined_postings()
    return ids, (weights if weights else repeat(1.0)), (values if values else repeat(""))


class _Blocks:
    """A term's blocks in the postings file, read in order a few at a time (:meth:`read`), as
    Whoosh's ``W3LeafMatcher`` decodes them (its docnum deltas summed in C, not in a generator)."""

    def __init__(self, postfile: Any, info: Any, format_: Any) -> None:
        self._postfile, self._info, self._format = postfile, info, format_
        self._matcher: Any = None  # made by the first read: walking the terms reads nothing
        self._done = False

    def read(self, count: int | None) -> tuple[list[int], list[float], list[Any]]:
        """The next blocks' docnums, weights and values, up to the first block that brings
        them to ``count`` or more (None: every block left); nothing once the last is read."""
        ids: list[int] = []
        weights: list[float] = []
        values: list[Any] = []
        m = self._matcher
        while not self._done and (count is None or len(ids) < count):
            if m is None:  # at the term's first block
                offset, length = self._info.extent()
                m = self._matcher = W3LeafMatcher(self._postfile, offset, length, self._format)
            else:
                m._goto(m._nextoffset)
            m._read_data()
            ids.extend(accumulate(m._data[0]))
            m._read_weights()
            weights.extend(m._weights)
            m._read_values()
            values.extend(m._values)
            self._done = m._lastblock
        return ids, weights, values
