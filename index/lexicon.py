"""A segment's lexicon fields, stored as compressed blocks of sorted terms (``.lex``).

The side fields (:data:`index.schema.SIDE_FIELDS`: cross-script keys, the words as
written) are lexicons: many distinct terms, each with a few postings (one per source
file), read by term, by prefix and by Levenshtein automaton, never scored. In Whoosh's
term table each such term costs a hashed record of its own, 120-160 bytes on disk; they
took 37% of an index of 10,000 news documents. Here a segment writes them to one file of
their own: the terms in order, in blocks of up to :data:`BLOCK_TERMS` terms, plus a
directory of each block's first term, about 6-9 bytes per term in all.  A block is two
zlib streams: its terms with the length of each term's postings, then the postings, each
term's a ``marshal`` of its own (``PLX2``); a lookup decompresses the first, and the second
only when the term is there, and decodes the postings of that term alone.  A file written
before (``PLX1``: one pickle of the terms and every term's postings a block, 120-220 us to
decode at 110,000 documents, where a lookup of a present term now takes ~50 and of an
absent one ~20) is read as it is.

:class:`LexiconReader` answers what Whoosh's term table answers for these fields (a
term's postings as an inlined :class:`~whoosh.codec.whoosh3.W3TermInfo`, terms in order
from a prefix, a cursor for the Levenshtein automaton), so searching, merging and
deleting go through Whoosh unchanged (see :class:`index.codec.FastW3Codec`). It keeps
the directory in memory and a few decoded blocks; the blocks stay in the (mapped) file.

Example:
    >>> import io
    >>> from whoosh.filedb.structfile import BufferFile, StructFile
    >>> out = io.BytesIO()
    >>> w = LexiconWriter(StructFile(out))
    >>> w.start_field("words")
    >>> for term, doc, n in ((b"alpha", 0, 2.0), (b"alpha", 5, 1.0), (b"beta", 0, 1.0)):
    ...     w.add(term, doc, n, None)
    >>> w.finish_field(); data = w.finish()
    >>> lex = LexiconReader(BufferFile(data), len(data))
    >>> lex.field_names(), (("words", b"beta") in lex), lex.term_info("words", b"alpha").inlined_postings()
    (['words'], True, ((0, 5), (2.0, 1.0), (None, None)))
    >>> list(lex.terms_from("words", b"b"))
    [('words', b'beta')]
"""

from __future__ import annotations

import marshal
import pickle
import struct
import zlib
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import W3TermInfo

__all__ = ["BLOCK_POSTINGS", "BLOCK_TERMS", "LEXICON_EXT", "LexiconCursor", "LexiconReader", "LexiconWriter"]

#: Extension of a segment's lexicon file.
LEXICON_EXT = ".lex"
#: A block holds at most this many terms (measured on the side fields of 10,000 news
#: documents: 64 terms per block 7-10 bytes per term, 128 terms 6-9, 256 terms 5-7 but
#: twice the time to decode a block, which a lookup pays).
BLOCK_TERMS = 128
#: ... and is closed early once its terms have this many postings between them.
BLOCK_POSTINGS = 4096
#: Decoded blocks kept per reader (a Levenshtein walk revisits its neighbourhood). Blocks
#: fill up as a collection grows: 32 of them held about 5 MiB more in a search process of a
#: 110,000-document index than of a 10,000-document one; 8 serve did-you-mean as fast. (A
#: ``PLX2`` block is kept as its terms and its postings' bytes: 35 KiB at 110,000 documents
#: against a ``PLX1`` block's 121 KiB of objects; 32 of them made the first queries' lookups
#: no faster than 8.)
CACHED_BLOCKS = 8

_MAGIC = b"PLX2"
_MAGIC_V1 = b"PLX1"
_TAIL = struct.Struct("!Q4s")  # the directory's offset, the magic again
_HEAD = struct.Struct("!I")  # a PLX2 block: the length of its terms' stream
_FLOAT = struct.Struct("f")
_ZLIB_LEVEL = 6
#: The ``marshal`` version of a term's postings: 2, the last without references (from 3 on an
#: object met again is written as a reference, and whether it is depends on which objects
#: the writer was handed, not on the values: two writes of the same postings could differ;
#: the references' numbers compress worse than the values written again, too).
_MARSHAL_VERSION = 2

#: A block as decoded: its terms, and per term its postings flattened
#: ``(docnum, weight, value, docnum, weight, value, ...)``.
Block = tuple[list[bytes], Sequence[tuple[Any, ...]]]


class _PackedPostings(Sequence):
    """A ``PLX2`` block's postings: decompressed when a term's are first asked for, each
    term's decoded when asked for."""

    __slots__ = ("_packed", "_raw", "_ends")

    def __init__(self, packed: bytes | memoryview, ends: list[int]) -> None:
        self._packed: bytes | memoryview | None = packed
        self._raw = b""
        self._ends = ends  # term j's postings are raw[ends[j]:ends[j + 1]]

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, j: int) -> tuple[Any, ...]:  # type: ignore[override]
        if self._packed is not None:
            self._raw, self._packed = zlib.decompress(self._packed), None
        ends = self._ends
        return marshal.loads(self._raw[ends[j] : ends[j + 1]])


def _decode_block(data: bytes) -> Block:
    """A ``PLX2`` block's terms, and its postings as :class:`_PackedPostings`."""
    start = _HEAD.size + _HEAD.unpack_from(data)[0]
    terms, lengths = pickle.loads(zlib.decompress(memoryview(data)[_HEAD.size : start]))
    ends = list(accumulate(struct.unpack(f"<{len(terms)}I", lengths), initial=0))
    return terms, _PackedPostings(memoryview(data)[start:], ends)


class LexiconWriter:
    """Writes the lexicon file of one segment; the postings of each field come in term
    order and, within a term, in document order (as Whoosh's pool yields them)."""

    def __init__(self, dbfile: Any) -> None:
        self._file = dbfile
        dbfile.write(_MAGIC)
        self._pos = len(_MAGIC)
        self._directory: dict[str, tuple[list[bytes], list[int], list[int], int]] = {}
        self._field: str | None = None
        self._terms: list[bytes] = []
        self._postings: list[list[Any]] = []
        self._in_block = 0
        self._count = 0

    def start_field(self, fieldname: str) -> None:
        if fieldname in self._directory:
            raise ValueError(f"field {fieldname!r} written twice")
        self._field = fieldname
        self._directory[fieldname] = ([], [], [], 0)
        self._count = 0

    def add(self, btext: bytes, docnum: int, weight: float, value: bytes | None) -> None:
        """One posting of ``btext`` (terms in order; a term's postings in document order)."""
        weight = _FLOAT.unpack(_FLOAT.pack(weight))[0]  # as Whoosh's term table keeps weights
        terms = self._terms
        if terms and terms[-1] == btext:
            self._postings[-1].extend((docnum, weight, value or None))
        else:
            if terms and btext < terms[-1]:
                raise ValueError(f"terms out of order: {terms[-1]!r} .. {btext!r}")
            if len(terms) >= BLOCK_TERMS or self._in_block >= BLOCK_POSTINGS:
                self._write_block()
            self._terms.append(btext)
            self._postings.append([docnum, weight, value or None])
            self._count += 1
        self._in_block += 1

    def _write_block(self) -> None:
        if not self._terms:
            return
        assert self._field is not None
        postings = [marshal.dumps(tuple(p), _MARSHAL_VERSION) for p in self._postings]
        sizes = struct.pack(f"<{len(postings)}I", *map(len, postings))
        head = zlib.compress(pickle.dumps((self._terms, sizes), 5), _ZLIB_LEVEL)
        data = _HEAD.pack(len(head)) + head + zlib.compress(b"".join(postings), _ZLIB_LEVEL)
        firsts, offsets, lengths, _ = self._directory[self._field]
        firsts.append(self._terms[0])
        offsets.append(self._pos)
        lengths.append(len(data))
        self._file.write(data)
        self._pos += len(data)
        self._terms, self._postings, self._in_block = [], [], 0

    def finish_field(self) -> None:
        self._write_block()
        if self._field is not None:
            firsts, offsets, lengths, _ = self._directory[self._field]
            self._directory[self._field] = (firsts, offsets, lengths, self._count)
        self._field = None

    def _tail(self) -> bytes:
        self.finish_field()
        directory = pickle.dumps(self._directory, 5)
        return directory + _TAIL.pack(self._pos, _MAGIC)

    def close(self) -> None:
        """Write the directory and close the file."""
        self._file.write(self._tail())
        self._file.close()

    def finish(self) -> bytes:
        """Write the directory and return the file's bytes (the file must be in memory)."""
        self._file.write(self._tail())
        return self._file.file.getvalue()


class LexiconReader:
    """The terms and postings of a lexicon file (see the module docstring)."""

    def __init__(self, dbfile: Any, length: int) -> None:
        if length < len(_MAGIC) + _TAIL.size:
            raise ValueError(f"lexicon file of {length} bytes is too short")
        self._file = dbfile
        start, magic = _TAIL.unpack(dbfile.get(length - _TAIL.size, _TAIL.size))
        if (
            magic not in (_MAGIC, _MAGIC_V1)
            or dbfile.get(0, len(_MAGIC)) != magic
            or not len(_MAGIC) <= start <= length - _TAIL.size
        ):
            raise ValueError("not a polyseek lexicon file")
        self._compact = magic == _MAGIC
        self._fields: dict[str, tuple[list[bytes], list[int], list[int], int]] = pickle.loads(
            dbfile.get(start, length - _TAIL.size - start)
        )
        self._cache: OrderedDict[tuple[str, int], Block] = OrderedDict()

    # -- blocks -----------------------------------------------------------------------
    def _block(self, fieldname: str, i: int) -> Block:
        key = (fieldname, i)
        cache = self._cache
        block = cache.get(key)
        if block is None:
            _, offsets, lengths, _ = self._fields[fieldname]
            data = self._file.get(offsets[i], lengths[i])
            block = _decode_block(data) if self._compact else pickle.loads(zlib.decompress(data))
            cache[key] = block
            if len(cache) > CACHED_BLOCKS:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return block

    def _find(self, fieldname: str, btext: bytes) -> tuple[list[bytes], Sequence[tuple[Any, ...]], int] | None:
        """The block holding ``btext`` and its place there, or None."""
        directory = self._fields.get(fieldname)
        if directory is None:
            return None
        i = bisect_right(directory[0], btext) - 1
        if i < 0:
            return None
        terms, postings = self._block(fieldname, i)
        j = bisect_left(terms, btext)
        if j < len(terms) and terms[j] == btext:
            return terms, postings, j
        return None

    # -- what Whoosh's term table answers --------------------------------------------
    def field_names(self) -> list[str]:
        return list(self._fields)

    def has_field(self, fieldname: str) -> bool:
        return fieldname in self._fields

    def term_count(self, fieldname: str) -> int:
        return self._fields[fieldname][3] if fieldname in self._fields else 0

    def block_bytes(self, fieldname: str) -> int:
        """Bytes of the field's blocks in the file."""
        return sum(self._fields[fieldname][2]) if fieldname in self._fields else 0

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return self._find(*term) is not None

    def term_info(self, fieldname: str, btext: bytes) -> W3TermInfo:
        """The term's statistics with its postings inlined; KeyError if it is not here."""
        found = self._find(fieldname, btext)
        if found is None:
            raise KeyError(f"{fieldname}:{btext!r}")
        return _term_info(found[1][found[2]])

    def frequency(self, fieldname: str, btext: bytes) -> float:
        return self.term_info(fieldname, btext).weight()

    def doc_frequency(self, fieldname: str, btext: bytes) -> int:
        found = self._find(fieldname, btext)
        if found is None:
            raise KeyError(f"{fieldname}:{btext!r}")
        return len(found[1][found[2]]) // 3

    def terms_from(self, fieldname: str, prefix: bytes, one_field: bool = False) -> Iterator[tuple[str, bytes]]:
        """``(fieldname, term)`` from the first term of ``fieldname`` at or after ``prefix``,
        then the terms of the fields that sort after it (``one_field``: not those)."""
        for fn, terms, _, j in self._places_from(fieldname, prefix, one_field):
            yield fn, terms[j]

    def items_from(
        self, fieldname: str, prefix: bytes, one_field: bool = False
    ) -> Iterator[tuple[tuple[str, bytes], W3TermInfo]]:
        """:meth:`terms_from`, each term with its postings as a term info."""
        for fn, terms, postings, j in self._places_from(fieldname, prefix, one_field):
            yield (fn, terms[j]), _term_info(postings[j])

    def terms(self) -> Iterator[tuple[str, bytes]]:
        return self.terms_from("", b"")

    def items(self) -> Iterator[tuple[tuple[str, bytes], W3TermInfo]]:
        return self.items_from("", b"")

    def entries(self) -> Iterator[tuple[str, bytes, tuple[Any, ...]]]:
        """Every term in order as ``(fieldname, term bytes, flattened postings)``: ``(docnum,
        weight, value, docnum, ...)``, what :meth:`term_info`'s inlined postings hold (a merge
        reads them so, without a term info for each)."""
        return self._entries_from("", b"")

    def _entries_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes, tuple[Any, ...]]]:
        for fn, terms, postings, j in self._places_from(fieldname, prefix):
            yield fn, terms[j], postings[j]

    def _places_from(
        self, fieldname: str, prefix: bytes, one_field: bool = False
    ) -> Iterator[tuple[str, list[bytes], Sequence[tuple[Any, ...]], int]]:
        """``(fieldname, block's terms, block's postings, j)`` for each term from ``prefix`` on, as
        :meth:`terms_from` walks them (``one_field``: ``fieldname``'s alone): a caller decodes
        the postings it needs (``postings[j]``)."""
        for fn in sorted(self._fields):
            if fn < fieldname or (one_field and fn != fieldname):
                continue
            firsts = self._fields[fn][0]
            start = b"" if fn > fieldname else prefix
            for i in range(max(bisect_right(firsts, start) - 1, 0), len(firsts)):
                terms, postings = self._block(fn, i)
                for j in range(bisect_left(terms, start), len(terms)):
                    yield fn, terms, postings, j

    def cursor(self, fieldname: str, fieldobj: Any) -> LexiconCursor:
        return LexiconCursor(self, fieldname, fieldobj)

    def close(self) -> None:
        self._cache.clear()
        self._file.close()


def _term_info(flat: tuple[Any, ...]) -> W3TermInfo:
    """An inlined term info for a term's flattened postings, as Whoosh's writer makes it."""
    ids, weights, values = flat[0::3], flat[1::3], flat[2::3]
    total = _FLOAT.unpack(_FLOAT.pack(sum(weights)))[0]
    info = W3TermInfo(total, len(ids), 0, 0, max(max(weights), 0), ids[0], ids[-1])
    info.set_inlined(ids, weights, values)
    return info


class LexiconCursor:
    """Whoosh's field cursor (what its Levenshtein automaton walks) over one lexicon field."""

    def __init__(self, reader: LexiconReader, fieldname: str, fieldobj: Any) -> None:
        self._reader = reader
        self._fieldname = fieldname
        self._fieldobj = fieldobj
        self._entries: Iterator[tuple[str, list[bytes], Sequence[tuple[Any, ...]], int]] = iter(())
        self._text: Any = None
        self._postings: tuple[Sequence[tuple[Any, ...]], int] | None = None  # the term's block's, its place
        self.first()

    def first(self) -> Any:
        return self.find(b"")

    def find(self, term: Any) -> Any:
        """Move to the first term at or after ``term``; return it (None past the end)."""
        if not isinstance(term, bytes):
            term = self._fieldobj.to_bytes(term)
        self._entries = self._reader._places_from(self._fieldname, term)
        return self.next()

    def next(self) -> Any:
        for fn, terms, postings, j in self._entries:
            if fn == self._fieldname:
                self._text, self._postings = self._fieldobj.from_bytes(terms[j]), (postings, j)
                return self._text
            break
        self._text = self._postings = None
        self._entries = iter(())
        return None

    def text(self) -> Any:
        return self._text

    def term(self) -> Any:
        return self._text

    def term_info(self) -> W3TermInfo | None:
        if self._postings is None:
            return None
        postings, j = self._postings
        return _term_info(postings[j])

    def is_valid(self) -> bool:
        return self._text is not None
