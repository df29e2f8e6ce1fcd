"""Whoosh's W3 segment format, written with less Python work per term and per posting.

A commit spends most of its time in Whoosh's ``FieldWriter.add_postings``: a loop over
every posting of the new segment that calls four methods per posting (the field length,
``add``, ``add_posting``, which also runs four ``isinstance`` assertions) and, per term,
pickles and zlib-compresses its posting blocks.  :class:`FastW3Codec` writes the same
format (a Whoosh 2.7 reader reads it, but for the lexicon fields and the marshalled
blocks, last below) with these changes:

- **one-posting lists in the term table**, written there directly.  Most terms of a segment have one posting
  (names, numbers, rare inflections, every passage id).  Whoosh's codec can keep short lists inline
  (``inlinelimit``) and its readers serve them, but its writer calls a method that does
  not exist (``set_inline`` for ``set_inlined``), so the option is off by default; here
  it works, for lists of one posting;
- **small blocks stored uncompressed.**  Whoosh means to skip zlib for a block under 20
  bytes but overwrites that decision on the next line; here blocks under
  :data:`COMPRESS_MIN_BYTES` are stored as they are (each block records whether it is
  compressed, readers check), which also spares searches a ``zlib.decompress``;
- **a lean posting loop**: the field-length table is fetched once per field, term order
  is checked once per term, and postings are appended without re-checking their types
  (they come from Whoosh's own sorted pool);
- **a lean term table writer** (:class:`_TermIndex`): one write per term, the file
  position kept in Python instead of asked of the file twice per term, the key's MD5
  hash taken from the digest's bytes (the same number Whoosh parses from its hex form);
- **lexicon fields in a file of their own**: the terms of a field whose type says
  ``lexicon_file = True`` (the side fields, :class:`index.fields.SideField`) go to the
  segment's ``.lex`` file (:mod:`index.lexicon`: sorted, in compressed blocks, 6-9
  bytes a term) instead of the term table (120-160 bytes a term); the segment's terms
  reader serves them from there, so searches, merges and deletions see the same terms
  and postings.  A segment records this in its pickled codec (``_lexicon``): segments
  written before it keep their side fields in the term table and are read as they are;
- **stored fields compressed against a dictionary** of the segment's first documents
  (:mod:`index.stored`), recorded likewise (``_stored_dictionary``);
- **a posting block's data marshalled, not pickled** (``_marshal_blocks``): the same
  ``(docnum deltas, weights, values)`` tuple, written by ``marshal`` (format
  :data:`MARSHAL_VERSION`) where Whoosh pickles it with protocol 2, which writes each
  value (a posting's positions) as a latin-1 string, a call of ``codecs.encode`` and a
  memo number of its own.  Of the 33,914 blocks of 3,000 news documents' commit: 0.29 s
  to pickle and 0.51 to compress (7.8 MB written) against 0.04 and 0.26 (4.4 MB).  Every
  reader tells the two apart by the first byte (:func:`block_data`: protocol 2 begins
  with its ``PROTO`` opcode, 0x80, which is no ``marshal`` type), so segments written
  before, or by Whoosh's codec, are read as they are;
- **posting blocks of 512 postings** (:data:`BLOCK_POSTINGS`), where Whoosh writes 128: a
  search decodes a common word's list block by block, and in Python each block costs its
  header, its decompression and its unmarshalling whatever its size.  Over a million
  documents the ranking took 0.75-0.77x the CPU, a search's p95 0.78-0.81x, and the index
  was 8 % smaller (docs/performance.md); every reader reads a block of any size.

The postings (documents, weights, values) are exactly Whoosh's; the codec object is
pickled into the table of contents with each segment: keep it importable as
``polyseek.index.codec.FastW3Codec`` (indexes of 0.1.0 name it
``index.codec.FastW3Codec``: :mod:`polyseek.index.legacy_names` reads them).

Example:
    >>> import tempfile
    >>> from whoosh import index
    >>> from whoosh.fields import ID, TEXT, Schema
    >>> from whoosh.writing import SegmentWriter
    >>> ix = index.create_in(tempfile.mkdtemp(), Schema(id=ID(stored=True), body=TEXT))
    >>> w = SegmentWriter(ix, codec=FastW3Codec())
    >>> w.add_document(id="a", body="rare common")
    >>> w.add_document(id="b", body="common")
    >>> w.commit()
    >>> with ix.searcher() as s:
    ...     r = s.reader()
    ...     [r.term_info("body", t).is_inlined() for t in ("rare", "common")], s.document(id="b")
    ([True, False], {'id': 'b'})
"""

from __future__ import annotations

import heapq
import itertools
import marshal
import operator
import struct
import zlib
from array import array
from copy import copy
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from hashlib import md5
from pickle import dumps, loads
from typing import Any

import whoosh.codec.whoosh3
from whoosh.codec.base import OutOfOrderError
from whoosh.filedb.filetables import HashWriter, OrderedHashWriter
from whoosh.filedb.structfile import StructFile
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3PerDocReader,
    W3PerDocWriter,
    W3PostingsWriter,
    W3TermInfo,
    W3TermsReader,
)
from whoosh.system import IS_LITTLE, pack_int, pack_long, pack_ushort
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

from polyseek.index.columns import typecode_for
from polyseek.index.lexicon import LEXICON_EXT, LexiconReader, LexiconWriter
from polyseek.index.stored import DictionaryPerDocReader, DictionaryPerDocWriter

__all__ = ["BLOCK_POSTINGS", "COMPRESS_MIN_BYTES", "MARSHAL_VERSION", "FastW3Codec", "PostingGroups", "block_data"]

#: Posting blocks whose data (pickled or marshalled) is shorter than this are not compressed.
#: Measured on the 87,017 pickled blocks of 64+ bytes of a folder of 3,000 news files: zlib
#: took 1.13 s for all, 0.77 s for those of 128+ bytes (58% of the blocks are smaller), for
#: 3% more bytes; marshalled (the JSONL file's 33,914 blocks), 128 or 256 changed zlib's
#: time by 0.06 s for 16% more bytes at 256.
COMPRESS_MIN_BYTES = 128

#: Postings per block of a posting list (Whoosh's codec writes 128; see the module docstring).
BLOCK_POSTINGS = 512

_FLOAT = struct.Struct("f")
_LENGTHS = struct.Struct("!ii")  # a hash file record's key and value lengths
_POINTER = struct.Struct("!Iq")  # a hash table slot: the key's hash and its record's position
#: A field length byte's length (Whoosh's ``byte_to_length``; 0 for the byte 0, a field
#: the document lacks), for tables of length bytes (:class:`index.speedups.FieldLengthTables`).
LENGTH_OF_BYTE: list[int] = [byte_to_length(b) if b else 0 for b in range(256)]
#: Term table entries (16 bytes each) a segment writer holds in memory before it appends
#: them to a temporary file (see :class:`_TermIndex`).
TERM_ENTRIES_HELD = 1 << 20
_TERMINFO = W3TermInfo._struct
#: The ``marshal`` format of a block's data: 2, the last without references to objects met
#: before (from 3 on, an object held elsewhere too is written as one, so the bytes would
#: depend on who else holds a value); its ints are 5 bytes each, its floats binary.
MARSHAL_VERSION = 2
_PICKLE_PROTO = 0x80  # the first byte of a protocol 2 pickle


def block_data(raw: Any) -> Any:
    """A posting block's data, uncompressed, as its tuple: ``marshal`` ed (this codec's, see
    the module docstring) or pickled (Whoosh's; also a term record's inlined postings).

    >>> data = ((3, 1), (1.0, 2.0), (b"\\x00", b"\\xff"))
    >>> block_data(marshal.dumps(data, MARSHAL_VERSION)) == block_data(dumps(data, 2)) == data
    True
    """
    return loads(raw) if raw[0] == _PICKLE_PROTO else marshal.loads(raw)


# Whoosh's own readers (a leaf matcher's ``_read_data``, a term record's inlined postings)
# unpickle with this module's ``loads``: every segment with marshalled blocks was written by
# this codec, so this module is imported (its codec unpickled) before one of them is read.
whoosh.codec.whoosh3.loads = block_data

#: ``(fieldname, term bytes, docnum, weight, value)``: a posting as Whoosh's pool yields it.
Posting = tuple[str, bytes, int, float, Any]
#: ``(fieldname, term bytes, [postings])``: consecutive postings of one term, in order.
Group = tuple[str, bytes, list]
#: A posting's (or a group's) field name and term bytes: what orders them.
term_of = operator.itemgetter(0, 1)


def _deltas(ids: Any) -> tuple[int, ...]:
    """Ascending docnums as a block stores them: each the difference from the one before
    (Whoosh's ``delta_encode``, a generator: a Python step an id).

    >>> _deltas([3, 5, 9])
    (3, 2, 4)
    """
    return tuple(map(operator.sub, ids, itertools.chain((0,), ids)))


class PostingGroups:
    """A pool's postings a term at a time: ``groups`` yields :data:`Group` s in order (one
    term's postings may come as several consecutive groups).  Iterating gives the postings
    one by one, as Whoosh's ``PostingPool.iter_postings`` does, for any other consumer;
    :class:`_FieldWriter` takes the groups whole (a term's postings added as lists, not
    one call per posting).

    >>> groups = PostingGroups(iter([("f", b"a", [("f", b"a", 0, 1.0, b"")]), ("f", b"b", [("f", b"b", 1, 2.0, b"")])]))
    >>> [p[:3] for p in groups]
    [('f', b'a', 0), ('f', b'b', 1)]
    """

    def __init__(self, groups: Iterable[Group]) -> None:
        self.groups = groups

    def __iter__(self) -> Iterator[Posting]:
        return itertools.chain.from_iterable(postings for _, _, postings in self.groups)


class _PostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer with working inlining, small blocks uncompressed, no asserts."""

    # set by Whoosh's W3PostingsWriter (untyped)
    _maxweight: float
    _minlength: int | None
    _maxlength: int
    _terminfo: Any
    #: Whether blocks are written with ``marshal`` (see the module docstring), not pickled.
    _marshal = False

    def add_posting(self, id_: int, weight: float, vbytes: bytes, length: int | None = None) -> None:
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def add_many(self, ids: tuple[int, ...], weights: tuple[float, ...], values: tuple[Any, ...], table: bytes | None) -> None:
        """``add_posting`` for each posting of one term (in document order), a block at a
        time: ids, weights and values as columns (tuples), each document's field length
        byte in ``table`` (None: the field has no lengths).  The blocks and their statistics
        are exactly those of one ``add_posting`` per posting."""
        limit = self._blocklimit
        n = len(ids)
        start = 0
        while start < n:
            held = len(self._ids)
            if held >= limit:
                self._write_block()
                held = 0
            end = min(n, start + limit - held)
            if start or end < n:
                i, w, v = ids[start:end], weights[start:end], values[start:end]
            else:
                i, w, v = ids, weights, values
            self._ids.extend(i)
            self._weights.extend(w)
            top = max(w)
            if top > self._maxweight:
                self._maxweight = top
            self._values.extend(filter(None, v))  # add_posting keeps only non-empty values
            if table is not None:
                # LENGTH_OF_BYTE grows with the byte: the extreme bytes give the extreme lengths
                found = bytes(map(table.__getitem__, i))
                longest = max(found)
                if longest:
                    shortest = min(found) or min(filter(None, found))
                    if self._minlength is None or LENGTH_OF_BYTE[shortest] < self._minlength:
                        self._minlength = LENGTH_OF_BYTE[shortest]
                    if LENGTH_OF_BYTE[longest] > self._maxlength:
                        self._maxlength = LENGTH_OF_BYTE[longest]
            start = end

    def _mini_ids(self) -> tuple[int, ...]:
        # Whoosh's: the ids as deltas (its delta_encode is a generator: a Python step an id)
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        return _deltas(ids)

    def _mini_weights(self) -> Any:
        # Whoosh's: None if every weight is 1.0, the weight if all are the same, else all
        weights = self._weights
        n = len(weights)
        if weights.count(1.0) == n:
            return None
        if weights.count(weights[0]) == n:
            return weights[0]
        return tuple(weights)

    def finish_postings(self) -> W3TermInfo:
        # _FieldWriter writes one-posting terms itself; this keeps Whoosh's inlining working
        # for any other caller of start_term/add/finish_term (its own would fail, see above)
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        ids, values = self._ids, self._values
        # values as a block reader returns them: None each for a format without values
        terminfo.set_inlined(ids, self._weights, values if len(values) == len(ids) else (None,) * len(ids))
        self._terminfo = None
        return terminfo

    def _write_block(self, last: bool = False) -> None:
        # Whoosh's _write_block, with the compression threshold it means to have
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = marshal.dumps(data, MARSHAL_VERSION) if self._marshal else dumps(data, 2)
        comp = self._compression if len(databytes) >= COMPRESS_MIN_BYTES else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        info = (len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength), length_to_byte(self._maxlength))
        infobytes = dumps(info, 2)
        blocklength = len(infobytes) + len(databytes)
        postfile.write_int(-blocklength if last else blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class _TermIndex(OrderedHashWriter):
    """Whoosh's ordered hash file of terms, adding a term with less Python work and memory.

    The records, hashes (MD5, Whoosh's ``hashtype`` 0), buckets and position index are
    exactly what :class:`~whoosh.filedb.filetables.OrderedHashWriter` writes.  Whoosh keeps
    each term's hash and position as a tuple of two ints in a list until the file is
    closed, about 120 bytes a term: for a merged segment of a large index (millions of
    terms) hundreds of MB at the commit's peak.  Here each of the 256 buckets is an
    ``array`` of the two numbers, 16 bytes a term, and past :data:`TERM_ENTRIES_HELD`
    terms the arrays are appended to a temporary file (unlinked from the start, in the
    index's folder) and read back one bucket at a time when the table is written: a
    segment of millions of terms (a 2 GB file's) holds at most ~16 MiB of them.  The
    position of every term, which Whoosh keeps in a growing array for ``closest_key``
    (4-8 bytes a term), goes to the same file and is written out a piece at a time.
    """

    _pos = 0
    _lastpos = 0  # the position of the last term added
    _held = 0  # entries in the arrays
    _spill: Any = None  # the temporary file, once the arrays overflowed
    _spilled: list[list[tuple[int, int]]]  # per bucket: (offset, length) of its pieces in the file
    _positions_spilled: list[tuple[int, int]]  # the same for the terms' positions (``index``)
    _folder: str | None = None
    lastkey: bytes
    buckets: list[array]  # type: ignore[assignment]  # Whoosh's: lists of (hash, position)

    @classmethod
    def adopt(cls, writer: OrderedHashWriter, folder: str | None = None) -> _TermIndex:
        """Take over a fresh ``OrderedHashWriter`` (its header already written); overflow goes
        to a temporary file in ``folder`` (the system's temporary folder if None)."""
        if writer.hashtype != 0 or len(writer.index) or any(writer.buckets):
            raise ValueError("only a fresh MD5 OrderedHashWriter can be adopted")
        writer.__class__ = cls
        writer._pos = writer.dbfile.tell()
        writer.buckets = [array("Q") for _ in range(256)]  # hash, position, hash, position...
        writer._spilled = [[] for _ in range(256)]
        writer.index = array("Q")  # type: ignore[assignment]  # Whoosh's: a GrowableArray
        writer._positions_spilled = []
        writer._folder = folder
        return writer  # type: ignore[return-value]

    def _spill_buckets(self) -> None:
        """Append every bucket's array to the temporary file and empty it."""
        if self._spill is None:
            import tempfile  # only a big segment's commit spills (a search imports this module)

            self._spill = tempfile.TemporaryFile(dir=self._folder)
        spill = self._spill
        for flat, pieces in zip((*self.buckets, self.index), (*self._spilled, self._positions_spilled)):
            if flat:
                data = flat.tobytes()
                pieces.append((spill.tell(), len(data)))
                spill.write(data)
                del flat[:]
        self._held = 0

    def _bucket(self, n: int) -> array:
        """Bucket ``n``'s entries: its pieces in the temporary file, then its array."""
        if not self._spilled[n]:
            return self.buckets[n]
        flat = array("Q")
        for offset, length in self._spilled[n]:
            self._spill.seek(offset)
            flat.frombytes(self._spill.read(length))
        flat.extend(self.buckets[n])
        return flat

    def _positions(self) -> Iterator[array]:
        """The terms' positions in order: the pieces in the temporary file, then the array."""
        for offset, length in self._positions_spilled:
            self._spill.seek(offset)
            piece = array("Q")
            piece.frombytes(self._spill.read(length))
            yield piece
        yield self.index  # type: ignore[misc]

    def _write_hashes(self) -> None:
        # Whoosh's HashWriter._write_hashes, its entries read from the arrays
        dbfile = self.dbfile
        null = (0, 0)
        for n in range(256):
            flat = self._bucket(n)
            pos = dbfile.tell()
            numslots = len(flat)  # two numbers an entry: twice the entries, as Whoosh sizes it
            self.directory.append((pos, numslots))
            hashtable = [null] * numslots
            for hashval, position in zip(flat[0::2], flat[1::2]):
                slot = (hashval >> 8) % numslots
                while hashtable[slot] != null:
                    slot = (slot + 1) % numslots
                hashtable[slot] = (hashval, position)
            dbfile.write(b"".join(_POINTER.pack(h, position) for h, position in hashtable))

    def _write_extras(self) -> None:
        # Whoosh's OrderedHashWriter._write_extras: the extras, then the positions as one
        # array of the type Whoosh's GrowableArray("H") would have grown to
        count = len(self.index) + sum(length for _, length in self._positions_spilled) // 8
        typecode = "H" if self._lastpos < 2**16 else typecode_for(self._lastpos, longs=True)
        self.extras["indextype"] = typecode
        self.extras["indexlen"] = count
        HashWriter._write_extras(self)
        for piece in self._positions():
            self.dbfile.write_array(array(typecode, piece))
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        pos = self._lastpos = self._pos
        self.index.append(pos)
        record = _LENGTHS.pack(len(key), len(value)) + key + value
        self.dbfile.write(record)
        self._pos = pos + len(record)
        h = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
        self.buckets[h & 255].extend((h, pos))
        self.lastkey = key
        self._held += 1
        if self._held >= TERM_ENTRIES_HELD:
            self._spill_buckets()


class _PositionedFile(StructFile):
    """A ``StructFile`` being written that keeps its position in Python.

    Whoosh's postings writer asks the postings file where it is at the start and the end
    of every term written to it (``tell()``: two method calls and an ``lseek`` system call,
    2 % of indexing 3,000 news documents); the position is the bytes written so far.  Every
    write of a ``StructFile`` goes through :meth:`write` except ``write_array`` of a real
    file, which goes through it here too.
    """

    _pos = 0

    @classmethod
    def adopt(cls, f: Any) -> Any:
        """Take over ``f`` if it is a plain ``StructFile`` (else leave it as it is)."""
        if type(f) is StructFile:
            f.__class__ = cls
            f._pos = f.file.tell()
        return f

    def write(self, data: Any) -> Any:
        self._pos += len(data)
        return self.file.write(data)

    def tell(self) -> int:
        return self._pos

    def seek(self, *args: Any) -> int:
        self._pos = self.file.seek(*args)
        return self._pos

    def write_array(self, arry: Any) -> None:
        if IS_LITTLE:
            arry = copy(arry)
            arry.byteswap()
        self.write(arry.tobytes())


class _FieldWriter(W3FieldWriter):
    """``add_postings`` with the per-posting work cut down (see the module docstring)."""

    _tindex: Any
    _postfile: Any

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        super().__init__(codec, storage, segment)
        self._tindex = _TermIndex.adopt(self._tindex, getattr(storage, "folder", None))
        self._postfile = _PositionedFile.adopt(self._postfile)
        self._lexicon = LexiconWriter(self._create_file(LEXICON_EXT)) if getattr(codec, "_lexicon", False) else None

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Posting]) -> None:
        table_of = getattr(lengths, "length_bytes", None)
        if isinstance(items, PostingGroups) and table_of is not None:
            self._add_groups(schema, table_of, items.groups)
            return
        dfl = lengths.doc_field_length if lengths else None
        lastfn: str | None = None
        lasttext: bytes | None = None
        add: Any = None
        table: Any = None
        to_lexicon: Any = None  # the lexicon file's add, while the field is a lexicon field
        # a term's first posting waits here: if the term has no second one, it is written
        # straight into the term table (see _add_single)
        first: tuple[int, float, Any, int] | None = None
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lastfn is not None:
                    if fieldname < lastfn:
                        raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                    self._end_field(to_lexicon, lambda: self._end_term(lasttext, first))
                    first = None
                lastfn, lasttext = fieldname, None
                to_lexicon = self._begin_field(schema, fieldname)
                if to_lexicon is None:
                    add = self._postwriter.add_posting
                    table = table_of(fieldname) if table_of is not None else None
            if docnum == -1:  # Whoosh's marker for spelling words: no posting
                continue
            if to_lexicon is not None:
                to_lexicon(btext, docnum, weight, value)
                continue
            if table is not None:
                length = LENGTH_OF_BYTE[table[docnum]]
            elif table_of is not None or dfl is None:  # a field without lengths
                length = 0
            else:
                length = dfl(docnum, fieldname) or 0
            if value is None:
                value = b""
            if btext != lasttext:
                if lasttext is not None and btext < lasttext:
                    raise OutOfOrderError(f"Term {fieldname}:{lasttext!r} .. {fieldname}:{btext!r}")
                self._end_term(lasttext, first)
                first = (docnum, weight, value, length)
                lasttext = btext
                continue
            if first is not None:  # a second posting: the term is written the usual way
                self.start_term(btext)
                add(*first)
                first = None
            add(docnum, weight, value, length)
        if lastfn is not None:
            self._end_field(to_lexicon, lambda: self._end_term(lasttext, first))

    def _end_field(self, to_lexicon: Any, end_term: Callable[[], None]) -> None:
        """Finish the field being written: the lexicon file's (``to_lexicon``: its ``add``, as
        :meth:`_begin_field` gave it), or its last term (``end_term``) and the term table's."""
        if to_lexicon is not None:
            self._lexicon.finish_field()  # type: ignore[union-attr]
        else:
            end_term()
            self.finish_field()

    def _begin_field(self, schema: Any, fieldname: str) -> Any:
        """Start writing ``fieldname``: the lexicon file's ``add`` for a lexicon field, else
        None (its terms go to the term table and the postings file)."""
        fieldobj = schema[fieldname]
        lexicon = self._lexicon
        if lexicon is not None and getattr(fieldobj, "lexicon_file", False):
            lexicon.start_field(fieldname)
            return lexicon.add
        self.start_field(fieldname, fieldobj)
        return None

    def _add_groups(self, schema: Any, table_of: Any, groups: Iterable[Group]) -> None:
        """``add_postings`` of a pool's postings a term at a time (:class:`PostingGroups`),
        the field lengths from ``table_of(fieldname)`` (``FieldLengthTables.length_bytes``).

        A term's postings are taken as columns (``zip``); a term of one posting goes into the
        term table (:meth:`_add_single`), a term of one block (up to the block limit, :data:`BLOCK_POSTINGS`:
        all but 0.3 % of the multi-posting terms of 3,000 news documents) is written
        whole by :meth:`_add_block_term`, a longer one through the postings writer a block at
        a time (:meth:`_PostingsWriter.add_many`): the bytes ``add_postings`` writes."""
        lastfn: str | None = None
        lasttext: bytes | None = None
        to_lexicon: Any = None  # the lexicon file's add, while the field is a lexicon field
        add_many: Any = None
        table: bytes | None = None
        limit = 0  # the postings writer's block limit
        # the term's postings while they fit in one block, as columns (ids, weights, values);
        # None once they go through the postings writer (streaming)
        held: tuple[tuple, tuple, tuple] | None = None
        for fieldname, btext, postings in groups:
            if fieldname != lastfn:
                if lastfn is not None:
                    if fieldname < lastfn:
                        raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                    self._end_field(to_lexicon, lambda: self._end_held(lasttext, held, table))
                lastfn, lasttext, held = fieldname, None, None
                to_lexicon = self._begin_field(schema, fieldname)
                if to_lexicon is None:
                    add_many = self._postwriter.add_many
                    limit = self._postwriter._blocklimit
                    table = table_of(fieldname)
            if to_lexicon is not None:
                for _, _, docnum, weight, value in postings:
                    if docnum != -1:  # Whoosh's marker for spelling words: no posting
                        to_lexicon(btext, docnum, weight, value)
                continue
            _, _, ids, weights, values = zip(*postings)
            if -1 in ids:  # Whoosh's marker for spelling words: no posting
                postings = [posting for posting in postings if posting[2] != -1]
                if not postings:
                    continue
                _, _, ids, weights, values = zip(*postings)
            if btext != lasttext:
                if lasttext is not None and btext < lasttext:  # type: ignore[operator]
                    raise OutOfOrderError(f"Term {fieldname}:{lasttext!r} .. {fieldname}:{btext!r}")
                self._end_held(lasttext, held, table)
                lasttext = btext
                if len(ids) <= limit:
                    held = (ids, weights, values)
                    continue
                held = None
                self.start_term(btext)
            elif held is not None:  # the term's next piece (from the next run)
                ids, weights, values = held[0] + ids, held[1] + weights, held[2] + values
                if len(ids) <= limit:
                    held = (ids, weights, values)
                    continue
                held = None
                self.start_term(btext)
            add_many(ids, weights, values, table)
        if lastfn is not None:
            self._end_field(to_lexicon, lambda: self._end_held(lasttext, held, table))

    def _end_held(self, btext: bytes | None, held: tuple[tuple, tuple, tuple] | None, table: bytes | None) -> None:
        """Finish the term ``btext`` (None: no term yet) of :meth:`_add_groups`: its ``held``
        postings written whole, or (None) the postings writer's term finished."""
        if btext is None:
            return
        if held is None:
            self.finish_term()
            return
        ids, weights, values = held
        if len(ids) == 1:
            docnum = ids[0]
            self._add_single(btext, docnum, weights[0], values[0] or b"", LENGTH_OF_BYTE[table[docnum]] if table is not None else 0)
        else:
            self._add_block_term(btext, ids, weights, values, table)

    def _add_block_term(self, btext: bytes, ids: tuple, weights: tuple, values: tuple, table: bytes | None) -> None:
        """Write a term of 2 to ``blocklimit`` postings: what ``start_term``, ``add`` per posting
        and ``finish_term`` write for it (one block, the last, and its term record), without
        the postings writer's and ``W3TermInfo``'s objects and method calls.  Measured on the
        commit of 3,000 news documents (30,000 such terms): see docs/performance.md."""
        postfile = self._postfile
        start = postfile.tell()
        stored = array("f", weights)  # the weights as the block keeps them
        n = len(ids)
        if stored.count(1.0) == n:
            mini_weights: Any = None
        elif stored.count(stored[0]) == n:
            mini_weights = stored[0]
        else:
            mini_weights = tuple(stored)
        fixed = self._format.fixed_value_size()
        kept = tuple(filter(None, values))  # add_posting keeps only non-empty values
        if fixed is None or fixed < 0:
            mini_values: Any = kept
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(kept)
        data = (_deltas(ids), mini_weights, mini_values)
        databytes = marshal.dumps(data, MARSHAL_VERSION) if self._postwriter._marshal else dumps(data, 2)
        comp = self._postwriter._compression if len(databytes) >= COMPRESS_MIN_BYTES else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        top = max(weights)
        maxweight = top if top > 0 else 0  # the block's, from 0, of the weights as given
        minbyte = maxbyte = 0
        if table is not None:
            # a length's byte is its table byte (length_to_byte(LENGTH_OF_BYTE[b]) == b), and
            # 0 (no length) counts for neither extreme
            found = bytes(map(table.__getitem__, ids))
            maxbyte = max(found)
            if maxbyte:
                minbyte = min(found) or min(filter(None, found))
        infobytes = dumps((n, ids[-1], maxweight, comp, minbyte, maxbyte), 2)
        postfile.write(WHOOSH3_HEADER_MAGIC)
        postfile.write(pack_int(-(len(infobytes) + len(databytes))))
        postfile.write(infobytes)
        postfile.write(databytes)
        info = _TERMINFO.pack(False, sum(stored), n, minbyte, maxbyte, maxweight, ids[0], ids[-1])
        self._tindex.add(pack_ushort(self._fieldid) + btext, info + pack_long(start) + pack_int(postfile.tell() - start))

    def _end_term(self, btext: bytes | None, first: tuple[int, float, Any, int] | None) -> None:
        """Finish the term ``btext`` (None: no term yet): a single waiting posting goes into
        the term table, a longer list through the postings writer."""
        if first is not None:
            self._add_single(btext, *first)  # type: ignore[arg-type]
        elif btext is not None:
            self.finish_term()

    def _add_single(self, btext: bytes, docnum: int, weight: float, value: bytes, length: int) -> None:
        """Write a term with one posting: what ``start_term``, ``add`` and ``finish_term`` write
        for it (an inlined :class:`W3TermInfo`), without the postings writer."""
        weight32 = _FLOAT.unpack(_FLOAT.pack(weight))[0]  # as the writer's float array keeps it
        info = _TERMINFO.pack(
            True,  # inlined
            weight32,  # total weight
            1,  # document frequency
            length_to_byte(length) if length else 0,
            length_to_byte(length),
            weight if weight > 0 else 0,  # max weight
            docnum,
            docnum,
        )
        postings = dumps(((docnum,), (weight32,), (value or None,)), 2)
        self._tindex.add(pack_ushort(self._fieldid) + btext, info + postings)


    def close(self) -> None:
        super().close()
        if self._lexicon is not None:
            self._lexicon.close()


#: Term-table lookups a segment's terms reader remembers (forgotten all at once when full).
#: A search asks the table about each of its terms about three times per segment: whether
#: the segment has it, its document frequency (Whoosh orders a query's clauses by it), its
#: record (for the matcher); each answer cost a hash of the term and a probe of the table.
LOOKUPS_KEPT = 256


class _TermsReader(W3TermsReader):
    """Whoosh's terms reader, with the lexicon fields served from the segment's lexicon file,
    and its last term-table lookups remembered (:data:`LOOKUPS_KEPT`)."""

    def __init__(self, codec: Any, dbfile: Any, length: int, postfile: Any, lexicon: LexiconReader) -> None:
        super().__init__(codec, dbfile, length, postfile)
        self._lexicon = lexicon
        self._in_lexicon = frozenset(lexicon.field_names())
        self._lookups: dict[bytes, tuple[int, int] | None] = {}

    def _lookup(self, key: bytes) -> tuple[int, int] | None:
        """``(data position, data length)`` of term-table key ``key``, or None if it is absent."""
        lookups = self._lookups
        try:
            return lookups[key]
        except KeyError:
            pass
        found = next(iter(self._tindex.ranges_for_key(key)), None)
        if len(lookups) >= LOOKUPS_KEPT:
            lookups.clear()
        lookups[key] = found
        return found

    def _range_for_key(self, fieldname: str, tbytes: bytes) -> tuple[int, int]:
        found = self._lookup(self._keycoder(fieldname, tbytes))
        if found is None:
            raise KeyError((fieldname, tbytes))
        return found

    def _table_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        """The term table's terms from ``(fieldname, prefix)`` on (its fields in name order)."""
        if fieldname not in self._fieldmap:
            later = [name for name in self._fieldmap if name > fieldname]
            if not later:
                return iter(())
            fieldname, prefix = min(later), b""
        return super().terms_from(fieldname, prefix)

    def __contains__(self, term: Any) -> bool:
        if term[0] in self._in_lexicon:
            return term in self._lexicon
        return self._lookup(self._keycoder(*term)) is not None

    def indexed_field_names(self) -> list[str]:  # type: ignore[override]
        return [*self._fieldmap, *self._in_lexicon]

    def cursor(self, fieldname: str, fieldobj: Any) -> Any:
        if fieldname in self._in_lexicon:
            return self._lexicon.cursor(fieldname, fieldobj)
        return super().cursor(fieldname, fieldobj)

    def terms(self) -> Iterator[tuple[str, bytes]]:
        return heapq.merge(super().terms(), self._lexicon.terms())

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        if fieldname in self._in_lexicon:  # the field's terms, then the later fields' (seldom read on)
            return chain(self._lexicon.terms_from(fieldname, prefix, one_field=True), self._later(fieldname, self.terms_from))
        return heapq.merge(self._table_from(fieldname, prefix), self._lexicon.terms_from(fieldname, prefix))

    def items(self) -> Iterator[tuple[tuple[str, bytes], W3TermInfo]]:
        return heapq.merge(super().items(), self._lexicon.items(), key=lambda item: item[0])

    def items_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[tuple[str, bytes], W3TermInfo]]:
        if fieldname in self._in_lexicon:  # the field's items, then the later fields' (seldom read on)
            return chain(self._lexicon.items_from(fieldname, prefix, one_field=True), self._later(fieldname, self.items_from))
        table = ((term, self.term_info(*term)) for term in self._table_from(fieldname, prefix))
        return heapq.merge(table, self._lexicon.items_from(fieldname, prefix), key=lambda item: item[0])

    def _later(self, fieldname: str, read_from: Callable[[str, bytes], Iterator[Any]]) -> Iterator[Any]:
        """``read_from`` the first field after ``fieldname`` on, begun only when it is reached:
        a prefix of a lexicon field (a cross-script lookup's key) is read without a merge
        with the term table's later fields (none in polyseek's schema: the merge's set-up
        and its step per term were the cost, 23-27 us a prefix against 17)."""
        later = [name for name in (*self._fieldmap, *self._in_lexicon) if name > fieldname]
        if later:
            yield from read_from(min(later), b"")

    def term_info(self, fieldname: str, tbytes: bytes) -> W3TermInfo:
        if fieldname in self._in_lexicon:
            try:
                return self._lexicon.term_info(fieldname, tbytes)
            except KeyError:
                raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None
        found = self._lookup(self._keycoder(fieldname, tbytes))
        if found is None:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return W3TermInfo.from_bytes(self._dbfile.get(*found))

    def term_count(self, fieldname: str) -> int | None:
        """How many terms ``fieldname`` has in the term table, from two bisections of its ordered
        index (a field's keys are its number, two bytes, then the term: they lie between its
        number's first key and the next number's), no term read; None for a lexicon field."""
        if fieldname in self._in_lexicon:
            return None
        number = self._fieldmap.get(fieldname)
        if number is None:
            return 0
        return self._keys_before(pack_ushort(number + 1)) - self._keys_before(pack_ushort(number))

    def _keys_before(self, key: bytes) -> int:
        """How many keys of the term table sort before ``key`` (the bisection of Whoosh's
        ``OrderedHashReader.closest_key_pos``, its rank instead of its position)."""
        table = self._tindex
        at, size, position, key_at = table.indexbase, table.indexsize, table._get_pos, table.key_at
        lo, hi = 0, table.indexlen
        while lo < hi:
            mid = (lo + hi) // 2
            if key_at(position(at + mid * size)) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        if fieldname in self._in_lexicon:
            return self._lexicon.frequency(fieldname, tbytes)
        return super().frequency(fieldname, tbytes)

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        if fieldname in self._in_lexicon:
            return self._lexicon.doc_frequency(fieldname, tbytes)
        return super().doc_frequency(fieldname, tbytes)

    def close(self) -> None:
        super().close()
        self._lexicon.close()


class FastW3Codec(W3Codec):
    """Whoosh's W3 codec, written by :class:`_FieldWriter` and :class:`_PostingsWriter`,
    lexicon fields in a file of their own (read by :class:`_TermsReader`)."""

    #: Whether this codec's segments keep their lexicon fields in a ``.lex`` file, and
    #: compress their stored fields against a dictionary (:mod:`index.stored`); segments
    #: written before either existed unpickle their codec without the attribute: False.
    _lexicon = False
    _stored_dictionary = False
    #: Whether this codec's segments' posting blocks are marshalled (see the module docstring).
    _marshal_blocks = False

    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_POSTINGS, inlinelimit=2)  # lists shorter than 2 postings are inlined
        self._lexicon = True
        self._stored_dictionary = True
        self._marshal_blocks = True

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)

    def per_document_writer(self, storage: Any, segment: Any) -> W3PerDocWriter:
        if not self._stored_dictionary:
            return super().per_document_writer(storage, segment)
        return DictionaryPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        if not self._stored_dictionary:
            return super().per_document_reader(storage, segment)
        return DictionaryPerDocReader(storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> W3TermsReader:
        if not self._lexicon:
            return super().terms_reader(storage, segment)
        name = segment.make_filename(self.TERMS_EXT)
        terms = storage.open_file(name)
        postings = segment.open_file(storage, self.POSTS_EXT)
        lexname = segment.make_filename(LEXICON_EXT)
        lexicon = LexiconReader(storage.open_file(lexname), storage.file_length(lexname))
        return _TermsReader(self, terms, storage.file_length(name), postings, lexicon)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        writer = _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
        writer._marshal = self._marshal_blocks
        return writer
