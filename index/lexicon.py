"""A segment's lexicon fields, stored as compressed blocks of sorted terms (``.lex``).

The side fields (:data:`index.schema.SIDE_FIELDS`: cross-script keys, the words as
written) are lexicons: many distinct terms, each with a few postings (one per source
file), read by term, by prefix and by Levenshtein automaton, never scored. In Whoosh's
term table each such term costs a hashed record of its own, 120-160 bytes on disk; they
took 37% of an index of 10,000 news documents. Here a segment writes them to one file of
their own: the terms in order, in blocks of up to :data:`BLOCK_TERMS` terms, each block
a zlib-compressed pickle of its terms and their postings, plus a directory of each
block's first term, about 6-9 bytes per term in all.

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

import pickle
import struct
import zlib
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator
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
#: 110,000-document index than of a 10,000-document one; 8 serve did-you-mean as fast.
CACHED_BLOCKS = 8

_MAGIC = b"PLX1"
_TAIL = struct.Struct("!Q4s")  # the directory's offset, the magic again
_FLOAT = struct.Struct("f")
_ZLIB_LEVEL = 6

#: A block as decoded: its terms, and per term its postings flattened
#: ``(docnum, weight, value, docnum, weight, value, ...)``.
Block = tuple[list[bytes], list[tuple[Any, ...]]]


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
        data = zlib.compress(pickle.dumps((self._terms, [tuple(p) for p in self._postings]), 5), _ZLIB_LEVEL)
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
        if magic != _MAGIC or dbfile.get(0, len(_MAGIC)) != _MAGIC or not len(_MAGIC) <= start <= length - _TAIL.size:
            raise ValueError("not a polyseek lexicon file")
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
            block = pickle.loads(zlib.decompress(self._file.get(offsets[i], lengths[i])))
            cache[key] = block
            if len(cache) > CACHED_BLOCKS:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return block

    def _find(self, fieldname: str, btext: bytes) -> tuple[list[bytes], list[tuple[Any, ...]], int] | None:
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

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        """``(fieldname, term)`` from the first term of ``fieldname`` at or after ``prefix``,
        then the terms of the fields that sort after it."""
        for fn, btext, _ in self._entries_from(fieldname, prefix):
            yield fn, btext

    def items_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[tuple[str, bytes], W3TermInfo]]:
        for fn, btext, postings in self._entries_from(fieldname, prefix):
            yield (fn, btext), _term_info(postings)

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
        for fn in sorted(self._fields):
            if fn < fieldname:
                continue
            firsts = self._fields[fn][0]
            start = b"" if fn > fieldname else prefix
            for i in range(max(bisect_right(firsts, start) - 1, 0), len(firsts)):
                terms, postings = self._block(fn, i)
                for j in range(bisect_left(terms, start), len(terms)):
                    yield fn, terms[j], postings[j]

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
        self._entries: Iterator[tuple[str, bytes, tuple[Any, ...]]] = iter(())
        self._text: Any = None
        self._postings: tuple[Any, ...] | None = None
        self.first()

    def first(self) -> Any:
        return self.find(b"")

    def find(self, term: Any) -> Any:
        """Move to the first term at or after ``term``; return it (None past the end)."""
        if not isinstance(term, bytes):
            term = self._fieldobj.to_bytes(term)
        self._entries = self._reader._entries_from(self._fieldname, term)
        return self.next()

    def next(self) -> Any:
        for fn, btext, postings in self._entries:
            if fn == self._fieldname:
                self._text, self._postings = self._fieldobj.from_bytes(btext), postings
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
        return None if self._postings is None else _term_info(self._postings)

    def is_valid(self) -> bool:
        return self._text is not None
