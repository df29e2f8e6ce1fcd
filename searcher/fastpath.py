"""Term-at-a-time evaluation of Whoosh queries: the same top passages and counts, sooner.

Whoosh answers a query document at a time: a tree of matchers (one per term, unions
above them) advances in step through the postings, a handful of Python method calls per
posting and tree node.  A query of common words on the scale index (``said dlrs``: 39,000
matching passages) took ~85 ms to rank and another ~100 ms to count its documents that
way.  This module reads each term's postings block by block (arrays, not calls), scores
a whole posting list at once, and combines the lists as the matcher tree says:

- :func:`top_passages`: the ``limit`` best passages with their scores, **exactly** as
  Whoosh scores every passage (``Searcher.search(q, limit=None)``: same docnums, same
  float scores, best first, lower docnum first among equals), for trees made of unions,
  :class:`searcher.bestof.BestOf` nodes and BM25F terms, the shape of every plain word
  query (a homonym's lemmas, an Arabic word's readings and a word's spellings in other
  scripts are ``BestOf``).  The scores are summed in Whoosh's order (each union adds its
  left side to its right), so they are equal bit for bit; a ``BestOf`` takes the max over
  the sub-matchers that match the passage, as its matcher does.  (Whoosh's own
  ``search(q, limit)`` prunes with block qualities and, once it has turned a union into
  an "and maybe" matcher, can skip a better passage: a few queries in a hundred on the
  scale index lost one of their 30 best.)  Other trees (phrases, required words, Whoosh's
  plain ``DisjunctionMax``) return None: the caller asks Whoosh.  The postings it read
  can be kept for :func:`searcher.docscore.rescore`.
- :func:`matching_docnums`: every matching passage, for any tree (unions, intersections,
  "and maybe", phrases through Whoosh's own matcher), to count documents.
- :func:`count_distinct`, :func:`value_ordinals`, :func:`same_value`: documents (distinct
  ``doc_id``) of many passages, through the column read once per reader; a reader's first
  searches look their passages' values up one by one instead (:func:`may_look_up`).

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
    >>> top_passages(s, q, 5) == [(h.docnum, h.score) for h in s.search(q, limit=5)]
    True
    >>> len(matching_docnums(s, q)) == len(list(s.docs_for_query(q)))
    True
    >>> ix.close()
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import struct
import weakref
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from marshal import loads as unmarshal
from operator import itemgetter
from pickle import dumps, loads
from typing import TYPE_CHECKING, Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.columns import MultiColumnReader, TranslatingColumnReader
from whoosh.matching import mcore, wrappers
from whoosh.matching.binary import AndMaybeMatcher, IntersectionMatcher, UnionMatcher
from whoosh.matching.combo import ArrayUnionMatcher
from whoosh.util.numeric import byte_to_length

from polyseek.index.codec import block_data
from polyseek.searcher.bestof import BestOfMatcher
from polyseek.searcher.doctables import ReaderRuns, reader_runs
from polyseek.searcher.scoring import BYTE_LENGTHS, BM25FScorer, bm25_postings, field_length
from polyseek.searcher.termpostings import TermPostings

if TYPE_CHECKING:
    from polyseek.searcher.doccount import DocumentCount

__all__ = [
    "Postings", "column", "count_distinct", "deleted_docnums", "field_lengths", "leaf_doc_frequency",
    "matching_docnums", "same_value", "may_look_up", "top_passages", "tables_made", "value_count", "value_ordinals",
    "value_runs", "values_at",
]

Scores = dict[int, float]

#: ``(field, term) -> {global docnum: weight}``: the postings of the terms a query read.
Postings = dict[tuple[str, str], TermPostings]

#: ``id(leaf matcher) -> (docnums, weights)`` or ``(docnums, weights, scores)``: posting lists
#: already read from a segment (and scored).
Read = dict[int, tuple[Any, ...]]


#: A W3 block's length, before its header (Whoosh's ``read_int``).
_BLOCK_LENGTH = struct.Struct("!i")
_INT_SIZE = _BLOCK_LENGTH.size


class Unsupported(Exception):
    """The matcher tree has a node whose scores this module does not reproduce."""


# -- postings ---------------------------------------------------------------------------


def is_w3_leaf(m: Any) -> bool:
    """Whether ``m`` reads a posting list of a W3 segment block by block."""
    return type(m).__name__ == "W3LeafMatcher" and hasattr(m, "_read_ids") and hasattr(m, "_next_block")


def _tuple_closed(count: int, memo: int) -> bytes:
    """The bytes protocol 2 writes after the items of a tuple of ``count`` (TUPLE after a MARK,
    or TUPLE1-3 for up to three) memoized as object ``memo`` (BINPUT): in a W3 block, where
    the docnum deltas (object 0) and a tuple of weights (object 1) end."""
    return (b"t" if count > 3 else bytes([0x84 + count])) + b"q" + bytes([memo])


def numbers_and_weights(data: bytes, compressed: int, count: int) -> tuple[tuple[int, ...], Any] | None:
    """``(docnum deltas, weights)`` of a W3 posting block (``data`` as stored, ``count``
    postings; ``compressed``: its zlib level, 0 if stored as it is) without its values, or None
    when the block is not laid out as expected.

    Whoosh pickles a block as one tuple whose last part is every posting's value (for a
    field with positions, each posting's positions as a pickled string of its own); a
    ranking needs the first two parts only, and unpickling the values took about 9 in 10
    parts of the time (``benchmarks/posting_decode.py``). So only the beginning of the
    block is decompressed (at most 5 bytes a delta and 9 a weight), and the pickle is cut
    where the weights end and closed as a pair: the same objects, by Whoosh's own
    unpickler. The weights are as Whoosh stores them: a tuple, one float for all, or None
    (all 1.0).  A block written by ``marshal`` (:mod:`index.codec`) is read likewise, its
    deltas and then its weights (:func:`_marshalled_head`).

    >>> from pickle import dumps
    >>> block = dumps(((3, 1, 4, 2), (1.0, 2.0, 1.0, 3.0), (b"a", b"b", b"c", b"d")), 2)
    >>> numbers_and_weights(zlib.compress(block), True, 4)
    ((3, 1, 4, 2), (1.0, 2.0, 1.0, 3.0))
    >>> numbers_and_weights(dumps(((3, 1, 4, 2), None, None), 2), False, 4)
    ((3, 1, 4, 2), None)
    >>> numbers_and_weights(dumps(((3, 1), 2.0, None), 2), False, 2)  # one weight for all
    ((3, 1), 2.0)
    >>> numbers_and_weights(b"not a block", False, 4) is None
    True
    >>> import marshal
    >>> numbers_and_weights(zlib.compress(marshal.dumps(((3, 1), (1.0, 2.0), (b"a", b"b")), 2)), True, 2)
    ((3, 1), (1.0, 2.0))
    """
    if count < 1:
        return None
    head = zlib.decompressobj().decompress(data, 16 + 14 * count) if compressed else data
    if head[:1] != b"\x80":  # no pickle's PROTO: marshalled
        return _marshalled_head(head, count)
    after_deltas = _tuple_closed(count, 0)
    at = head.find(after_deltas)
    if at < 0:
        return None
    at += len(after_deltas)
    kind = head[at : at + 1]
    tupled = at + 9 * count + (1 if count > 3 else 0)  # where a tuple of weights (floats, 9 bytes each) ends
    if head[tupled : tupled + 3] == _tuple_closed(count, 1) and kind == (b"(" if count > 3 else b"G"):
        cut = tupled + 3
    elif kind == b"G":  # one float for every posting
        cut = at + 9
    elif kind == b"N":  # every weight 1.0
        cut = at + 1
    else:
        return None
    if cut > len(head):
        return None
    try:
        pair = loads(bytes(head[:cut]) + b"\x86.")  # TUPLE2, STOP
    except Exception:  # not the layout above after all: the caller reads the block whole
        return None
    if type(pair) is not tuple or len(pair) != 2:
        return None
    deltas, weights = pair
    if type(deltas) is not tuple or len(deltas) != count:
        return None
    if not (weights is None or type(weights) is float or (type(weights) is tuple and len(weights) == count)):
        return None
    return deltas, weights


#: A marshalled block's first bytes: a tuple (``marshal`` format 2) of three.
_MARSHALLED_TRIPLE = b"(" + (3).to_bytes(4, "little")


def _marshalled_head(head: Any, count: int) -> tuple[tuple[int, ...], Any] | None:
    """``(docnum deltas, weights)`` from the first bytes of a block ``marshal`` wrote (format 2,
    :data:`index.codec.MARSHAL_VERSION`): its tuple's header, the deltas' tuple (5 bytes
    an int below 2**31, which a docnum's delta is), then the weights; None if ``head`` holds
    less or other than that (the caller reads the block whole).

    >>> import marshal
    >>> _marshalled_head(marshal.dumps(((3, 1), 2.0, (b"a", b"b")), 2)[:30], 2)
    ((3, 1), 2.0)
    >>> _marshalled_head(marshal.dumps(((3, 1), (1.0, 2.0), None), 2)[:20], 2) is None  # cut short
    True
    """
    if head[:5] != _MARSHALLED_TRIPLE:
        return None
    try:
        deltas = unmarshal(head[5:])  # the bytes after the deltas' tuple are ignored
        if type(deltas) is not tuple or len(deltas) != count or max(deltas) >= 2**31:
            return None
        weights = unmarshal(head[10 + 5 * count :])
    except (EOFError, ValueError, TypeError):
        return None
    if not (weights is None or type(weights) is float or (type(weights) is tuple and len(weights) == count)):
        return None
    return deltas, weights


def _read_numbers_and_weights(m: Any) -> bool:
    """Set a W3 leaf's docnums and weights of its current block as Whoosh's ``_read_ids`` and
    ``_read_weights`` would, from :func:`numbers_and_weights`; False if it cannot."""
    data = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
    got = numbers_and_weights(data, m._compression, m._blocklength)
    if got is None:
        return False
    deltas, weights = got
    m._ids = tuple(accumulate(deltas))  # the deltas summed in C (Whoosh sums them in a generator)
    if weights is None:  # as Whoosh's _read_weights: 32-bit floats for a minified weight
        m._weights = array("f", (1.0,)) * m._blocklength
    elif type(weights) is float:
        m._weights = array("f", (weights,)) * m._blocklength
    else:
        m._weights = weights
    return True


def skip_to_block_holding(m: Any, docnum: int) -> None:
    """Move a W3 leaf to the first of its blocks that ends at or past ``docnum`` (skipping
    whole blocks unread; Whoosh's ``skip_to`` steps through each posting)."""
    while m.is_active() and docnum > m._maxid:
        next_block(m)


def postings_at(
    m: Any, docnums: Sequence[int], read: Callable[[Any], tuple[Sequence[int], Any]]
) -> Iterator[tuple[int, Any, int]]:
    """``(docnum, block, i)`` for each of ``docnums`` (ascending) that W3 leaf ``m`` holds:
    ``block`` as ``read(m)`` gives it (its docnums first), ``i`` the posting's index in it;
    the blocks that hold none of them are skipped unread, each other one read once and
    searched by bisection (Whoosh's ``skip_to`` steps through a block posting by posting)."""
    ids: Sequence[int] = ()
    block: Any = None
    for n in docnums:
        if not m.is_active():
            break
        if n > m.block_max_id():
            skip_to_block_holding(m, n)
            if not m.is_active():
                break
            ids = ()
        if not ids:
            block = read(m)
            ids = block[0]
        i = bisect_left(ids, n)
        if i < len(ids) and ids[i] == n:
            yield n, block, i


#: A W3 block's header (its info tuple, pickled) fits in this many bytes.
_HEADER_WINDOW = 64


def next_block(m: Any) -> None:
    """Move a W3 leaf to its next block, as Whoosh's ``_next_block``, the block's header read
    from bytes: Whoosh unpickles it from the postings file through a Python-level ``read``
    per opcode (~8 us a block; a common word's list has hundreds).  Both writers (Whoosh's
    and :mod:`index.codec`'s) pickle the header with protocol 2, so its length is that of
    the tuple pickled again; when those bytes are not the file's, Whoosh reads it."""
    if m._atend or m._lastblock:
        m._next_block()  # at the end (or past it: Whoosh raises)
        return
    goto_block(m, m._nextoffset)


def goto_block(m: Any, position: int) -> None:
    """Move a W3 leaf to the block at ``position`` of its postings file, as Whoosh's ``_goto``,
    the header read from bytes (:func:`next_block`)."""
    window = m._postfile.get(position, _INT_SIZE + _HEADER_WINDOW)
    try:
        info = loads(window[_INT_SIZE:])  # the bytes after the header are ignored
        header = dumps(info, 2)
        blocklength, maxid, maxweight, compression, minlength, maxlength = info
    except Exception:  # not a header as written above: Whoosh reads it
        header = b""
    if not header or not window.startswith(header, _INT_SIZE):
        m._goto(position)
        return
    (length,) = _BLOCK_LENGTH.unpack_from(window)
    if length < 0:
        m._lastblock = True
        length = -length
    m._data = m._ids = m._weights = m._values = None
    m._i = 0
    m._nextoffset = position + _INT_SIZE + length
    m._dataoffset = position + _INT_SIZE + len(header)
    m._blocklength, m._maxid, m._maxweight, m._compression = blocklength, maxid, maxweight, compression
    m._minlength, m._maxlength = byte_to_length(minlength), byte_to_length(maxlength)


def w3_leaf(postfile: Any, info: Any, format_: Any, term: tuple[str, bytes], scorer: Any) -> Any:
    """Whoosh's ``W3LeafMatcher`` of a term's list (``info``: its record, not inlined), as the
    W3 codec's ``postings_reader`` makes it, its first block's header read from bytes
    (:func:`goto_block`; Whoosh unpickles it from the file through a ``read`` per opcode)."""
    offset, length = info.extent()
    if postfile.get(offset, len(WHOOSH3_HEADER_MAGIC)) != WHOOSH3_HEADER_MAGIC:
        return W3LeafMatcher(postfile, offset, length, format_, term=term, scorer=scorer)  # Whoosh raises
    m = W3LeafMatcher.__new__(W3LeafMatcher)  # what __init__ sets, then reset()'s first block
    m._postfile, m._startoffset, m._length, m.format, m._term, m._byteids, m.scorer = (
        postfile, offset, length, format_, term, None, scorer,
    )
    m._fixedsize = format_.fixed_value_size()
    m._baseoffset = offset + len(WHOOSH3_HEADER_MAGIC)
    m._blocklength = m._maxid = m._maxweight = m._compression = m._minlength = m._maxlength = None
    m._lastblock = m._atend = False
    goto_block(m, m._baseoffset)
    return m


def block_postings(m: Any) -> tuple[Any, Any]:
    """``(docnums, weights)`` of a W3 leaf's current block from where it stands (not moved)."""
    i = m._i
    if m._ids is None and m._data is None and not m._byteids and _read_numbers_and_weights(m):
        pass  # the block's values are left unread (Whoosh reads them if it is asked for them)
    elif m._ids is None and m._data is None and not m._byteids:
        # the block's deltas summed in C (Whoosh's _read_ids sums them in a generator)
        m._read_data()
        m._ids = tuple(accumulate(m._data[0]))  # type: ignore[index]  # read just above
    elif m._ids is None:
        m._read_ids()
    if m._weights is None:
        m._read_weights()
    return (m._ids[i:], m._weights[i:]) if i else (m._ids, m._weights)


def block_at(m: Any, start: int, end: int, compression: int, count: int) -> tuple[Any, Any]:
    """``(docnums, weights)`` of the W3 block of leaf ``m`` whose data (``compression``:
    zlib or not) is ``start:end`` of its postings file, ``count`` postings (as Whoosh's
    ``_read_ids`` and ``_read_weights`` decode it, without moving the matcher)."""
    data = m._postfile.get(start, end - start)
    got = numbers_and_weights(data, compression, count)
    ids, weights = got if got is not None else block_data(zlib.decompress(data) if compression else data)[:2]
    if not m._byteids:
        ids = tuple(accumulate(ids))
    if weights is None:
        weights = (1.0,) * count
    elif isinstance(weights, float):
        weights = (weights,) * count
    return ids, weights


def leaf_postings(m: Any) -> tuple[list[int], list[float]]:
    """``(docnums, weights)`` of a leaf matcher from where it stands on, a block at a time."""
    ids: list[int] = []
    weights: list[float] = []
    if is_w3_leaf(m):
        while m.is_active():
            block_ids, block_weights = block_postings(m)
            ids.extend(block_ids)
            weights.extend(block_weights)
            next_block(m)
        return ids, weights
    if type(m) is mcore.ListMatcher:  # a one-posting list stored in the term table (index/codec.py)
        ids = list(m._ids[m._i :])
        if m._all_weights:
            return ids, [m._all_weights] * len(ids)
        if m._weights:
            return ids, list(m._weights[m._i :])
        return ids, [1.0] * len(ids)
    while m.is_active():  # any other leaf: the generic (slower) way
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def _length_bytes(searcher: Any, fieldname: str) -> tuple[bytes, int] | None:
    """The segment's field-length bytes (one per document), read in one go once per reader
    (every list a search scores asks for them: copied per list, they cost a search ~30
    copies of a byte per passage, 4-5 ms at 110,000 documents), or None."""
    reader = searcher.reader()
    key = f"{fieldname}\0lengths"
    kept = remembered(reader).get(key)
    if kept is None:
        kept = _read_length_bytes(reader, fieldname)
        if kept is not None:
            remember(reader, {key: kept})
    return kept


def _read_length_bytes(reader: Any, fieldname: str) -> tuple[bytes, int] | None:
    perdoc = getattr(reader, "_perdoc", None)
    cached = getattr(perdoc, "_cached_reader", None)
    if cached is None:
        return None
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    column = cached(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None or not all(hasattr(column, a) for a in ("_dbfile", "_basepos", "_count", "_fixedlen")):
        return None
    if column._fixedlen != 1:
        return None
    return column._dbfile.get(column._basepos, column._count), column._count


def field_lengths(searcher: Any, fieldname: str, docnums: Sequence[int]) -> list[int]:
    """:func:`searcher.scoring.field_length` of each of ``docnums`` (global), from each
    segment's length bytes (:func:`_length_bytes`, read once per reader; a docnum past its
    column's end has none: 0) instead of a reader call per passage (through the multi-segment
    reader, its segment's per-document reader, its length column)."""
    key = f"{fieldname}\0segment lengths"
    segments = remembered(searcher.reader()).get(key)
    if segments is None:
        segments = [(offset, _length_bytes(sub, fieldname)) for sub, offset in _segments(searcher)]
        remember(searcher.reader(), {key: segments})
    starts = [offset for offset, _ in segments]
    out: list[int] = []
    for n in docnums:
        offset, got = segments[bisect_right(starts, n) - 1]
        if got is None:
            out.append(field_length(searcher, n, fieldname))
        else:
            lengths, count = got
            out.append(BYTE_LENGTHS[lengths[n - offset]] if n - offset < count else 0)
    return out


class _Sink:
    """Where :func:`top_passages` keeps the postings it reads (see its ``postings``)."""

    def __init__(self, postings: Postings) -> None:
        self.postings = postings
        self.offset = 0
        self.complete = True  # False once a term was read from anywhere but its first posting

    def add(self, term: tuple[str, Any], ids: list[int], weights: list[float]) -> None:
        fieldname, text = term
        key = (fieldname, text.decode("utf-8") if isinstance(text, bytes) else text)
        kept = self.postings.get(key)
        if kept is None:
            kept = self.postings[key] = TermPostings()
        kept.add(self.offset, ids, weights)


@dataclass(slots=True)
class LeafContext:
    """What scoring one posting list needs: its scorer and term, and every document's length
    byte of its field (``count`` of them)."""

    scorer: Any
    term: tuple[str, Any]
    lengths: bytes
    count: int


def leaf_context(m: Any, searcher: Any) -> LeafContext:
    """The :class:`LeafContext` of a BM25F leaf (kept on the matcher); raises :class:`Unsupported`."""
    ctx = getattr(m, "_polyseek_leaf", None)
    if ctx is not None:
        return ctx
    scorer = m._scorer if type(m) is mcore.ListMatcher else getattr(m, "scorer", None)
    if type(scorer) is not BM25FScorer:  # polyseek's (a missing length reads as 0)
        raise Unsupported("leaf without polyseek's BM25F scorer")
    term = m.term() if hasattr(m, "term") else None
    if not term:
        raise Unsupported("leaf without a term")
    lengths = _length_bytes(searcher, term[0])
    if lengths is None:
        raise Unsupported("no length column")
    ctx = LeafContext(scorer, term, lengths[0], lengths[1])
    with contextlib.suppress(AttributeError):
        m._polyseek_leaf = ctx
    return ctx


def leaf_doc_frequency(m: Any, searcher: Any) -> int:
    """How many postings a BM25F leaf's list has in ``searcher``'s segment: as
    :func:`searcher.matchers.segment_matcher` read it from the term's record when it made the
    leaf, else asked of the segment."""
    known = getattr(m, "_polyseek_df", None)
    return known if known is not None else searcher.doc_frequency(*leaf_context(m, searcher).term)


def _scored(ctx: LeafContext, ids: Sequence[int], weights: Sequence[float], boost: float = 1.0) -> Scores:
    scores = _score_list(ctx, ids, weights)
    return dict(zip(ids, scores if boost == 1.0 else [s * boost for s in scores]))


def _score_list(ctx: LeafContext, ids: Sequence[int], weights: Sequence[float]) -> list[float]:
    """The scores of postings ``ids`` (ascending) with their ``weights``, in their order."""
    raw = ctx.lengths
    if ids and ids[-1] >= ctx.count:  # documents past the column's end have no length: 0
        raw = bytes(raw) + bytes(ids[-1] + 1 - ctx.count)
    scorer = ctx.scorer
    return bm25_postings(ids, weights, raw, scorer.avgfl, scorer.idf, scorer.K1, scorer.B)


def _leaf_scores(
    m: Any, searcher: Any, sink: _Sink | None = None, read: Read | None = None, boost: float = 1.0
) -> Scores:
    """``{docnum: score * boost}`` of a BM25F leaf, each score what ``m.score()`` would return
    (``read``: the postings to score, by ``id`` of their leaf; a leaf not in it has none)."""
    ctx = leaf_context(m, searcher)
    if read is not None:
        got = read.get(id(m))
        if got is None:
            return {}
        if len(got) > 2:  # scored already
            return dict(zip(got[0], got[2] if boost == 1.0 else [s * boost for s in got[2]]))
        ids, weights = got[0], got[1]
    else:
        listed = leaf_postings(m)
        if sink is not None:
            sink.add(ctx.term, *listed)
        ids, weights = listed
    return _scored(ctx, ids, weights, boost)


def leaf_scores(m: Any, searcher: Any, ids: Sequence[int], weights: Sequence[float]) -> list[float]:
    """The scores of a BM25F leaf's postings ``ids`` (ascending) with their ``weights``."""
    return _score_list(leaf_context(m, searcher), ids, weights)


# -- scoring trees ----------------------------------------------------------------------


def _scores(
    m: Any, searcher: Any, sink: _Sink | None = None, read: Read | None = None, boost: float = 1.0
) -> Scores:
    """``{docnum: score}`` of every document matcher ``m`` matches, Whoosh's scores
    (``sink``: where to keep each term's postings; ``read``: score these postings, by ``id``
    of their leaf, instead of reading the matchers; ``boost``: a boost from above, only for
    a leaf under filters (:func:`_leaf_below`), applied as each posting is scored: the same
    floats as Whoosh's ``score() * boost``)."""
    if isinstance(m, mcore.NullMatcherClass) or (read is None and not m.is_active()):
        return {}
    kind = type(m)
    if kind is UnionMatcher:
        left = _scores(m.a, searcher, sink, read)
        right = _scores(m.b, searcher, sink, read)
        if len(left) < len(right):
            out = dict(right)
            for d, s in left.items():
                r = out.get(d)
                out[d] = s if r is None else s + r
            return out
        for d, s in right.items():
            a = left.get(d)
            left[d] = s if a is None else a + s
        return left
    if kind is BestOfMatcher:  # the best of the sub-matchers that match the document
        left = _scores(m.a, searcher, sink, read)
        right = _scores(m.b, searcher, sink, read)
        if len(left) < len(right):
            left, right = right, left
        for d, s in right.items():
            a = left.get(d)
            if a is None or s > a:
                left[d] = s
        return left
    if kind is ArrayUnionMatcher:  # Whoosh's union for small segments
        if read is not None:
            raise Unsupported("a preloaded union cannot be scored on postings read elsewhere")
        if sink is not None:  # its sub-matchers no longer stand at their first postings
            sink.complete = False
        union_boost = m._boost
        out = _first_window(m)  # already summed by Whoosh when the matcher was made
        for sub in m._submatchers:  # the rest, each sub-matcher's scores added in order
            for d, s in _scores(sub, searcher, sink).items():
                out[d] = out.get(d, 0) + s * union_boost
        return out
    if kind is wrappers.FilterMatcher:  # deleted documents of the segment
        ids, exclude = m._ids, m._exclude
        child = _scores(m.child, searcher, sink, read, boost)
        kept = _without(child, ids) if exclude else {d: s for d, s in child.items() if d in ids}
        return kept if m.boost == 1.0 else {d: s * m.boost for d, s in kept.items()}
    if kind is wrappers.WrappingMatcher:
        if m.boost != 1.0 and boost == 1.0 and _leaf_below(m.child):
            return _scores(m.child, searcher, sink, read, m.boost)  # boosted as each posting is scored
        child = _scores(m.child, searcher, sink, read, boost)
        return child if m.boost == 1.0 else {d: s * m.boost for d, s in child.items()}
    if isinstance(m, mcore.LeafMatcher) or kind is mcore.ListMatcher:
        return _leaf_scores(m, searcher, sink, read, boost)
    raise Unsupported(kind.__name__)


def _without(scores: Scores, gone: Collection[int]) -> Scores:
    """``scores`` (changed in place) without the docnums ``gone`` (a segment's deleted passages).

    Fewer scores than deleted passages: those deleted found by ``frozenset.intersection``
    (one pass in C) and dropped, not a new dict of the rest built in Python.  More: each
    deleted passage dropped.  (The big segment of the 110,000-document index has 2,494
    deleted passages, filtered off each of a query's lists: the 60 title queries' 790
    lists, 250,000 scores, 0.6 -> 0.3 ms a search.)"""
    if len(scores) < len(gone) and isinstance(gone, (set, frozenset)):
        gone = gone.intersection(scores)
    for d in gone:
        scores.pop(d, None)
    return scores


def _leaf_below(m: Any) -> bool:
    """Whether ``m`` is a leaf, or a leaf under filters that have no boost of their own (a
    boost above it can then be applied to each posting's score as it is computed)."""
    while type(m) is wrappers.FilterMatcher and m.boost == 1.0:
        m = m.child
    return isinstance(m, mcore.LeafMatcher) or type(m) is mcore.ListMatcher


def scores_read(m: Any, searcher: Any, read: Read) -> Scores:
    """``{docnum: score}`` of matcher ``m``'s tree on the postings ``read`` (by ``id`` of their
    leaf matcher; a leaf not in it has none), summed as exhaustive scoring sums them."""
    return _scores(m, searcher, None, read)


def _first_window(m: ArrayUnionMatcher) -> Scores:
    """Scores an ``ArrayUnionMatcher`` accumulated on creation (its sub-matchers moved past them)."""
    a, offset = m._a, m._offset
    return {offset + i: a[i] for i in range(m._limit - offset) if a[i] > 0}


def _segments(searcher: Any) -> list[tuple[Any, int]]:
    return searcher.leaf_searchers()


def top_passages(
    searcher: Any,
    q: Any,
    limit: int,
    allow: Collection[int] | None = None,
    deny: Collection[int] | None = None,
    matched: set[int] | None = None,
    postings: Postings | None = None,
    prune: bool = False,
    documents: DocumentCount | None = None,
) -> list[tuple[int, float]] | None:
    """``[(docnum, score)]`` of the ``limit`` best documents, as ``searcher.search(q, limit)``.

    ``allow``/``deny``: global docnums to keep/drop (Whoosh's ``filter``/``mask``).
    ``matched``: a set to receive every docnum that matched (after ``allow``/``deny``).
    ``postings``: a dict to receive the whole postings (global docnum -> weight, deleted
    passages included) of each term the query read, when it could read them whole.
    ``prune``: skip the postings that cannot make the top ``limit`` (:mod:`searcher.maxscore`:
    the same passages and scores); ``matched`` then receives only the matching passages
    that were read (a lower bound), and ``postings`` nothing.
    ``documents``: instead of ``matched``, a :class:`searcher.doccount.DocumentCount` made
    with ``deny`` (and no ``allow``) to receive every matching passage: the lists go to it
    as they were read, without a set of the passages, until it is ``full``.
    Returns None when the query's matcher tree is not one this module scores exactly
    (``matched`` and ``postings`` are then left empty).
    """
    from polyseek.searcher.matchers import segment_matcher  # imported here: it imports this module

    context = searcher.context()
    candidates: list[tuple[int, float]] = []
    sink = _Sink(postings) if postings is not None and not prune else None
    try:
        for segment, (sub, offset) in enumerate(_segments(searcher)):
            denied = _denied(offset, sub.doc_count_all(), deny)
            keep = _keeper(offset, allow, denied)
            m = segment_matcher(q, sub, context)
            if prune:
                from polyseek.searcher.maxscore import best_passages  # imported here: it imports this module

                seen: set[int] | None = set() if matched is not None or documents is not None else None
                top = best_passages(m, sub, limit, keep, seen)
                if top is not None:
                    if matched is not None and seen:
                        matched.update(map(offset.__add__, seen) if offset else seen)
                    if documents is not None and seen:
                        documents.add(segment, seen)
                    candidates.extend((offset + d, s) for d, s in top)
                    continue
            if sink is not None:
                sink.offset = offset
            if not prune:
                from polyseek.searcher.candidates import segment_top  # imported here: it imports this module

                kept = (lambda found: _kept(found, offset, allow, denied)) if keep is not None else None
                into = functools.partial(documents.add, segment) if documents is not None and not documents.full else None
                got = segment_top(m, sub, limit, sink.add if sink is not None else None, kept, matched is not None, into)
                if got is not None:
                    found, matching = got
                    if matching is not None and matched is not None:
                        _add_kept(matched, matching, offset, allow, denied)
                    candidates.extend(best(found, limit, offset))
                    continue
            found = _scores(m, sub, sink)
            if keep is not None:
                found = _kept(found, offset, allow, denied)
            if matched is not None:
                matched.update(map(offset.__add__, found) if offset else found)
            if documents is not None:
                documents.add(segment, found)
            candidates.extend(best(found, limit, offset))
    except Unsupported:
        if matched is not None:
            matched.clear()
        if postings is not None:
            postings.clear()
        return None
    if sink is not None and not sink.complete:
        sink.postings.clear()
    candidates.sort(key=_rank_key)
    return candidates[:limit]


def _denied(offset: int, count: int, deny: Collection[int] | None) -> set[int]:
    """The segment docnums (``offset``, ``count`` documents) of the global docnums ``deny``."""
    return {d - offset for d in deny if offset <= d < offset + count} if deny else set()


def _keeper(offset: int, allow: Collection[int] | None, denied: set[int]) -> Callable[[int], bool] | None:
    """Segment docnum -> whether it may be a hit (in ``allow``, global; not in ``denied``, of the segment)."""
    if allow is None and not denied:
        return None
    if allow is None:
        return lambda d: d not in denied
    return lambda d: d not in denied and d + offset in allow


def _kept(found: Scores, offset: int, allow: Collection[int] | None, denied: set[int]) -> Scores:
    """``found`` (a segment's scores, changed in place) without what :func:`_keeper` drops."""
    if allow is None and len(denied) < len(found):  # the fewer lookups: each denied docnum dropped
        for d in denied:
            found.pop(d, None)
        return found
    return {d: s for d, s in found.items() if d not in denied and (allow is None or d + offset in allow)}


def _add_kept(matched: set[int], matching: set[int], offset: int, allow: Collection[int] | None, denied: set[int]) -> None:
    """Add to ``matched`` (global docnums) the segment docnums ``matching`` (changed) that
    :func:`_keeper` keeps."""
    if denied:
        matching.difference_update(denied)
    if allow is not None:
        matching = {d for d in matching if d + offset in allow}
    matched.update(map(offset.__add__, matching) if offset else matching)


def _rank_key(item: tuple[int, float]) -> tuple[float, int]:
    return -item[1], item[0]


def best(scores: Scores, limit: int, offset: int = 0) -> list[tuple[int, float]]:
    """The ``limit`` best ``(offset + docnum, score)``, highest scores first, lower docnum
    first among equal scores (Whoosh's TopCollector)."""
    if len(scores) > limit:
        threshold = heapq.nlargest(limit, scores.values())[-1]
        out = [(offset + d, s) for d, s in scores.items() if s >= threshold]
    else:
        out = [(offset + d, s) for d, s in scores.items()]
    out.sort(key=_rank_key)
    return out[:limit]


# -- matching sets ----------------------------------------------------------------------


def _ids(m: Any) -> set[int]:
    """Every docnum matcher ``m`` matches (unscored)."""
    if isinstance(m, mcore.NullMatcherClass) or not m.is_active():
        return set()
    kind = type(m)
    if isinstance(m, UnionMatcher):  # DisjunctionMaxMatcher too: it matches the union
        return _ids(m.a) | _ids(m.b)
    if kind is ArrayUnionMatcher:
        return set(_first_window(m)).union(*(_ids(sub) for sub in m._submatchers))
    if kind is IntersectionMatcher:
        return _ids(m.a) & _ids(m.b)
    if kind is AndMaybeMatcher:
        return _ids(m.a)
    if kind is wrappers.FilterMatcher:
        child = _ids(m.child)
        return child & m._ids if not m._exclude else child - m._ids
    if kind is wrappers.WrappingMatcher:
        return _ids(m.child)
    if is_w3_leaf(m):
        return set(leaf_postings(m)[0])
    return set(m.all_ids())  # phrases and anything else: Whoosh's own way


def matching_docnums(searcher: Any, q: Any) -> set[int]:
    """Global docnums of every document ``q`` matches (``set(searcher.docs_for_query(q))``)."""
    from polyseek.searcher.matchers import segment_matcher  # imported here: it imports this module

    context = searcher.boolean_context()
    out: set[int] = set()
    for sub, offset in _segments(searcher):
        ids = _ids(segment_matcher(q, sub, context))
        out.update(ids if not offset else (offset + d for d in ids))
    return out


def _column_values(reader: Any, fieldname: str) -> list[Any]:
    """The raw value of column ``fieldname`` for each document of a segment, read in one go."""
    column = reader.column_reader(fieldname, translate=False)
    attrs = ("_dbfile", "_basepos", "_offsets", "_lengths")
    if type(column).__name__ != "Reader" or not all(hasattr(column, a) for a in attrs):
        return [column[n] for n in range(reader.doc_count_all())]
    offsets, lengths = column._offsets, column._lengths
    if not len(offsets):
        return [b""] * reader.doc_count_all()
    data = column._dbfile.get(column._basepos, offsets[-1] + lengths[-1])
    return [data[o : o + n] for o, n in zip(offsets, lengths)]


#: reader -> what :func:`remember` keeps for it (column ordinals, length bytes, ...).
_ordinals: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def remembered(reader: Any) -> dict[str, Any]:
    """What :func:`remember` keeps for ``reader`` (key -> value; empty if nothing)."""
    try:
        return _ordinals.get(reader, {})
    except TypeError:
        return {}


def remember(reader: Any, values: dict[str, Any]) -> None:
    """Keep ``values`` (key -> value) for as long as ``reader`` lives (a reader never changes:
    a commit makes a new one); a reader that cannot be weakly referenced keeps nothing."""
    with contextlib.suppress(TypeError):
        _ordinals.setdefault(reader, {}).update(values)


def value_runs(searcher: Any, fieldname: str) -> ReaderRuns | None:
    """The runs of equal values of column ``fieldname`` over the reader's segments
    (:func:`searcher.doctables.reader_runs`), made once per reader; None when the segments were
    not written with them (the tables are then made from the column)."""
    reader = searcher.reader()
    key = f"{fieldname}\0runs"
    cached = remembered(reader)
    if key in cached:
        return cached[key]
    runs = reader_runs(searcher, fieldname)
    remember(reader, {key: runs})
    return runs


def value_ordinals(searcher: Any, fieldname: str) -> array:
    """Global docnum -> a number standing for its value of column ``fieldname`` (equal values,
    equal numbers), made once per reader: distinct values are then counted on small ints.
    From the segments' runs of equal values when they were written with them
    (:func:`value_runs`), else from the column's every value; an array, 4 bytes a passage."""
    reader = searcher.reader()
    cached = remembered(reader)
    if fieldname in cached:
        return cached[fieldname]
    runs = value_runs(searcher, fieldname)
    out: array
    if runs is not None:
        out = runs.ordinals()
    else:
        numbers: dict[Any, int] = {}
        out = array("i")
        for sub, _ in _segments(searcher):
            out.extend([numbers.setdefault(v, len(numbers)) for v in _column_values(sub.reader(), fieldname)])
    remember(reader, {fieldname: out})
    return out


def value_count(searcher: Any, fieldname: str, docnum: int) -> int | None:
    """How many docnums (deleted ones included) have global docnum ``docnum``'s value of column
    ``fieldname``, from the runs of equal values (:func:`value_runs`) or :func:`value_ordinals`
    counted once per reader; None when neither is made yet (:func:`may_look_up`: the caller
    asks the term's document frequency, which counts the same) or the column does not cover
    every docnum (a segment's records after its last value)."""
    reader = searcher.reader()
    key = f"{fieldname}\0counts"
    cached = remembered(reader)
    runs: ReaderRuns | None = cached.get(f"{fieldname}\0runs")
    if runs is not None:  # counted on the runs of docnum's value
        return runs.count_at(docnum)
    if key in cached:
        counts = cached[key]
    elif fieldname not in cached:
        return None
    else:
        ordinals = value_ordinals(searcher, fieldname)
        counts = None
        if len(ordinals) == searcher.doc_count_all():
            # the numbers first appear in ascending order (value_ordinals), so the counter's
            # keys are 0, 1, 2, ... in that order
            counts = array("i", Counter(ordinals).values())
        remember(reader, {key: counts})
    return None if counts is None else counts[value_ordinals(searcher, fieldname)[docnum]]


def segment_values(searcher: Any, fieldname: str) -> int:
    """How many distinct non-empty values column ``fieldname`` takes in each segment (deleted
    docnums included), summed over the segments, once per reader: each segment's terms of
    ``fieldname`` counted (``fieldname`` an ID field, one term a value; ``index.codec``'s
    ``term_count``: two bisections of the segment's term table, nothing read), or its column's
    values in a segment of another codec.  A value in two segments (a replaced document's id,
    its old passages deleted, until a merge drops them) counts in each, as Lucene's document
    count for BM25 counts a deleted document until a merge."""
    key = f"{fieldname}\0per segment"
    cached = remembered(searcher.reader())
    if key in cached:
        return cached[key]
    count = 0
    for sub, _ in _segments(searcher):
        leaf = sub.reader()
        terms: Any = getattr(leaf, "_terms", None)
        in_table = terms.term_count(fieldname) if hasattr(terms, "term_count") else None
        count += in_table if in_table is not None else len(set(_column_values(leaf, fieldname)) - {b""})
    remember(searcher.reader(), {key: count})
    return count


def same_value(searcher: Any, fieldname: str, docnums: Collection[int], build: bool = True) -> dict[int, array] | None:
    """For each of ``docnums``, every docnum (deleted ones included) with the same value of
    column ``fieldname``, ascending (the inverse of :func:`value_ordinals`, kept per reader,
    or found from the runs of equal values, :func:`value_runs`; None if neither is made yet
    and ``build`` is false)."""
    reader = searcher.reader()
    key = f"{fieldname}\0groups"
    cached = remembered(reader)
    runs: ReaderRuns | None = cached.get(f"{fieldname}\0runs")
    if runs is None and key not in cached:
        if not build:
            return None
        runs = value_runs(searcher, fieldname)
    if runs is not None:  # each docnum's runs
        return {n: runs.group_at(n) for n in docnums}
    if key not in cached:
        ordinals = value_ordinals(searcher, fieldname)
        counts = [0] * (max(ordinals, default=-1) + 1)
        for o in ordinals:
            counts[o] += 1
        starts = array("i", [0])
        starts.extend(accumulate(counts))
        grouped = array("i", sorted(range(len(ordinals)), key=ordinals.__getitem__))  # stable: ascending
        cached = {key: (ordinals, starts, grouped)}
        remember(reader, cached)
    ordinals, starts, grouped = cached[key]
    return {n: grouped[starts[ordinals[n]] : starts[ordinals[n] + 1]] for n in docnums}


def deleted_docnums(searcher: Any) -> frozenset[int]:
    """Global docnums of every deleted passage, read once per reader (``reader.is_deleted``
    costs a method call per docnum on a reader of several segments)."""
    reader = searcher.reader()
    key = "\0deleted"
    cached = remembered(reader)
    if key in cached:
        return cached[key]
    out = frozenset(
        offset + d if offset else d
        for leaf, offset in reader.leaf_readers()
        if leaf.has_deletions()
        for d in leaf.deleted_docs_set
    )
    remember(reader, {key: out})
    return out


def column(searcher: Any, fieldname: str) -> Any:
    """The reader of column ``fieldname`` (global docnum -> value), made once per reader, over
    the segments' raw column readers that :func:`values_at` reads (a reader holds each
    document's offset and length: made twice, they were 11 MiB more at a million documents).

    (Making one is not free: a column of fewer than 32,768 values, as small segments have,
    derives its offsets from its lengths in a Python loop.)
    """
    reader = searcher.reader()
    key = f"{fieldname}\0reader"
    cached = remembered(reader)
    if key in cached:
        return cached[key]
    translate = searcher.schema[fieldname].from_column_value
    parts = [(TranslatingColumnReader(_raw_column(sub.reader(), fieldname), translate), first)
             for sub, first in _segments(searcher)]
    out = MultiColumnReader([part for part, _ in parts], [first for _, first in parts])
    remember(reader, {key: out})
    return out


def _raw_column(segment: Any, fieldname: str) -> Any:
    """Segment reader ``segment``'s reader of column ``fieldname``, its values untranslated
    (a default-valued one where the segment has no such column), made once per segment."""
    key = f"{fieldname}\0raw"
    out = remembered(segment).get(key)
    if out is None:
        out = segment.column_reader(fieldname, translate=False)
        remember(segment, {key: out})
    return out


def count_distinct(searcher: Any, fieldname: str, docnums: Collection[int]) -> int:
    """How many distinct values the column ``fieldname`` takes over ``docnums`` (global)."""
    if not docnums:
        return 0
    if may_look_up(searcher, fieldname, len(docnums)):
        return len(values_at(searcher, fieldname, docnums))
    if len(docnums) == 1:
        return 1
    return len(set(itemgetter(*docnums)(value_ordinals(searcher, fieldname))))  # one C call for every lookup


#: Before a reader builds :func:`value_ordinals` (a pass over every passage's value: 0.1 s of a
#: first query at 110,000 documents), its searches look the values of their passages up one
#: by one, until they have looked up this share of its passages: a search process that asks
#: one query (the command line) never builds them, one that asks many builds them once the
#: lookups have cost about as much (at most about twice what building them first would).
LOOK_UP_SHARE = 0.25


def may_look_up(searcher: Any, fieldname: str, count: int) -> bool:
    """Whether ``count`` passages' values of column ``fieldname`` are to be looked up one by one
    (:func:`values_at`) rather than through the reader's tables (:func:`value_runs` or
    :func:`value_ordinals`; the lookups are counted)."""
    if tables_made(searcher, fieldname):
        return False
    reader = searcher.reader()
    key = f"{fieldname}\0looked up"
    spent = remembered(reader).get(key, 0) + count
    remember(reader, {key: spent})
    return spent < LOOK_UP_SHARE * searcher.doc_count_all()


def tables_made(searcher: Any, fieldname: str) -> bool:
    """Whether the reader's tables of column ``fieldname`` are made (:func:`value_runs` or
    :func:`value_ordinals`): its counts no longer look values up (:func:`may_look_up`)."""
    cached = remembered(searcher.reader())
    return fieldname in cached or cached.get(f"{fieldname}\0runs") is not None


def values_at(searcher: Any, fieldname: str, docnums: Collection[int], segment: Any = None) -> set[Any]:
    """The distinct raw values of column ``fieldname`` at ``docnums``: global docnums, or the
    docnums of the segment reader ``segment``."""
    if segment is None:
        ordered = sorted(docnums)
        out: set[Any] = set()
        for sub, first in _segments(searcher):
            lo, hi = bisect_left(ordered, first), bisect_left(ordered, first + sub.doc_count_all())
            if lo < hi:
                out.update(values_at(searcher, fieldname, [d - first for d in ordered[lo:hi]], sub.reader()))
        return out
    column = _raw_column(segment, fieldname)
    if type(column).__name__ != "Reader" or not all(hasattr(column, a) for a in ("_dbfile", "_basepos", "_offsets", "_lengths")):
        return {column[n] for n in docnums}
    offsets, lengths, base, get = column._offsets, column._lengths, column._basepos, column._dbfile.get
    known = len(offsets)
    if len(docnums) * 16 < known:  # a few: each read where it lies
        return {get(base + offsets[n], lengths[n]) if n < known else b"" for n in docnums}
    data = get(base, offsets[-1] + lengths[-1])  # many: the column's bytes in one read
    return {data[offsets[n] : offsets[n] + lengths[n]] if n < known else b"" for n in docnums}
