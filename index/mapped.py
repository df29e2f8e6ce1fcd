"""Segment files read through the memory map, not copied into memory.

Whoosh maps each compound segment file (``.seg``) with ``mmap``, then hands every part
of it (term table, postings, stored fields, lengths) to the readers as a ``BufferFile``,
whose constructor wraps the part in ``io.BytesIO``: and ``BytesIO(memoryview)`` copies
the bytes. So opening an index for search read every segment whole into private memory:
a search process needed about the index's size in anonymous memory, and its start-up
grew with the collection. :func:`install` makes a mapped segment hand out
:class:`MappedFile` s instead: the same reads, served from the page cache on demand
(shared between processes, given back by the kernel under pressure), nothing copied
but the bytes actually read.

Example (a compound segment, as polyseek writes them):
    >>> import tempfile
    >>> from whoosh import index
    >>> from whoosh.fields import ID, TEXT, Schema
    >>> install()
    >>> ix = index.create_in(tempfile.mkdtemp(), Schema(id=ID(stored=True), body=TEXT(stored=True)))
    >>> w = ix.writer()
    >>> w.add_document(id="a", body="олимпийский комитет")
    >>> w.commit(merge=False)
    >>> w = ix.writer()
    >>> w.add_document(id="b", body="Лозанна")
    >>> w.commit(optimize=True)   # one merged segment, written compound
    >>> with ix.searcher() as s:
    ...     (reader,) = [leaf for leaf, _ in s.reader().leaf_readers()]
    ...     type(reader._terms._dbfile).__name__, s.document(id="a")["body"]
    ('MappedFile', 'олимпийский комитет')
"""

from __future__ import annotations

import mmap
import os
import struct
from array import array
from typing import Any

from whoosh.columns import VarBytesColumn
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import StorageError
from whoosh.filedb.structfile import BufferFile

__all__ = ["MappedFile", "MappedNumbers", "MappedReader", "MappedVarBytesColumn", "install"]

#: The most :meth:`MappedReader.peek` returns (a posting block's header, a term's record).
PEEK_BYTES = 256


class MappedReader:
    """A read-only file over ``length`` bytes of ``source`` (an mmap) from ``offset``.

    >>> import mmap
    >>> m = mmap.mmap(-1, 16); m.write(b"line one\\nline 2\\n")
    16
    >>> f = MappedReader(m, 5, 11)
    >>> f.readline(), f.read(3), f.tell(), f.seek(-2, 2), f.read()
    (b'one\\n', b'lin', 7, 9, b'2\\n')
    """

    __slots__ = ("_source", "_offset", "_length", "_pos")

    def __init__(self, source: mmap.mmap, offset: int, length: int) -> None:
        self._source = source
        self._offset = offset
        self._length = length
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        start = self._pos
        end = self._length if n is None or n < 0 else min(self._length, start + n)
        if end <= start:
            return b""
        self._pos = end
        return self._source[self._offset + start : self._offset + end]

    def peek(self, n: int = 0) -> bytes:
        """:data:`PEEK_BYTES` bytes from the position on (fewer at the end; ``n`` is a hint, as
        for ``io.BufferedReader.peek``), without moving it.

        Python's unpickler reads a file that has ``peek`` ahead and then moves it past what it
        used, in two calls; without it, it calls ``read`` for every few bytes: a posting
        block's header (a small pickled tuple) took about 20 calls, 3.5x the time.

        >>> import mmap
        >>> m = mmap.mmap(-1, 8); m.write(b"abcdefgh")
        8
        >>> f = MappedReader(m, 2, 6)
        >>> f.peek(3), f.tell(), f.read(2)
        (b'cdefgh', 0, b'cd')
        """
        start = self._offset + self._pos
        return self._source[start : min(start + PEEK_BYTES, self._offset + self._length)]

    def readline(self, limit: int = -1) -> bytes:
        start = self._offset + self._pos
        stop = self._offset + self._length
        newline = self._source.find(b"\n", start, stop)
        end = stop if newline < 0 else newline + 1
        if limit is not None and limit >= 0:
            end = min(end, start + limit)
        return self.read(end - start)

    def seek(self, pos: int, whence: int = os.SEEK_SET) -> int:
        base = 0 if whence == os.SEEK_SET else self._pos if whence == os.SEEK_CUR else self._length
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        pass

    def flush(self) -> None:
        pass


class MappedFile(BufferFile):
    """Whoosh's ``BufferFile`` over part of a mapped segment, without ``BytesIO``'s copy."""

    def __init__(self, source: mmap.mmap, offset: int, length: int, name: str | None = None, onclose: Any = None) -> None:
        self._buf = memoryview(source)[offset : offset + length]
        self._name = name
        self.file = MappedReader(source, offset, length)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False


def _open_file(self: CompoundStorage, name: str, *args: Any, **kwargs: Any) -> BufferFile:
    if self.is_closed:
        raise StorageError("Storage was closed")
    offset, length = self.range(name)
    if self._source:
        return MappedFile(self._source, offset, length, name=name)
    return _whoosh_open_file(self, name, *args, **kwargs)


_whoosh_open_file = CompoundStorage.open_file


def install() -> None:
    """Make mapped compound segments hand out :class:`MappedFile` s (idempotent)."""
    CompoundStorage.open_file = _open_file  # type: ignore[method-assign]


def release_pages(reader: Any) -> None:
    """Give back the pages of ``reader``'s mapped segments that the process has touched
    (they stay in the page cache; a later read maps them again): a pass that reads every
    term of a big index, such as the word cache's pruning, then does not hold the term
    tables in its resident memory.  Segments not mapped (or a system without
    ``madvise``) are left as they are."""
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if advice is None:
        return
    for leaf, _ in reader.leaf_readers():
        storage = getattr(leaf, "_storage", None)
        source = getattr(getattr(storage, "a", storage), "_source", None)
        if isinstance(source, mmap.mmap):
            try:
                source.madvise(advice)
            except (OSError, ValueError):
                pass  # closed meanwhile, or refused: only memory


class MappedNumbers:
    """An array that Whoosh wrote (big-endian, ``typecode``'s size on the writing machine: 8
    bytes for ``"l"``/``"L"`` here) read in place from ``buf``, a number at a time, not copied.

    >>> data = array("I", [3, 70000, 5]); data.byteswap()
    >>> numbers = MappedNumbers(memoryview(data.tobytes()), "I")
    >>> len(numbers), numbers[1], numbers[-1], list(numbers)
    (3, 70000, 5, [3, 70000, 5])
    """

    __slots__ = ("_buf", "_size", "_unpack", "_format")

    def __init__(self, buf: memoryview, typecode: str) -> None:
        size = array(typecode).itemsize
        code = {1: "b", 2: "h", 4: "i", 8: "q"}[size]
        self._format = ">" + (code.upper() if typecode.isupper() else code)
        self._buf, self._size, self._unpack = buf, size, struct.Struct(self._format).unpack_from

    def __len__(self) -> int:
        return len(self._buf) // self._size

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("index out of range")
        return self._unpack(self._buf, index * self._size)[0]

    def __iter__(self) -> Any:
        return (n for (n,) in struct.iter_unpack(self._format, self._buf))


class MappedVarBytesColumn(VarBytesColumn):
    """Whoosh's ``VarBytesColumn`` whose reader, over a mapped segment (:class:`MappedFile`),
    reads each value's offset and length where they lie (:class:`MappedNumbers`) instead of
    copying both arrays when it is made: 6 bytes a document that a search process would
    otherwise hold for a column it reads a few values of (the stored fields of its hits:
    11 MiB at a million documents).  Over a file that is not mapped, Whoosh's reader."""

    class Reader(VarBytesColumn.Reader):
        def _read_offsets_and_lengths(self) -> None:
            buf = getattr(self._dbfile, "_buf", None)
            last = self._basepos + self._length - 1
            if not isinstance(buf, memoryview) or chr(buf[last]) != "X":  # offsets not written: derived
                super()._read_offsets_and_lengths()
                return
            self.had_stored_offsets = True
            lens_code, offsets_code = chr(buf[last - 2]), chr(buf[last - 1])
            count = self._doccount
            offsets_start = last - 2 - count * array(offsets_code).itemsize
            lengths_start = offsets_start - count * array(lens_code).itemsize
            self._offsets = MappedNumbers(buf[offsets_start : last - 2], offsets_code)
            self._lengths = MappedNumbers(buf[lengths_start:offsets_start], lens_code)
