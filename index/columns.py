"""Whoosh's variable-length bytes column, written with memory that does not follow the segment.

Whoosh's ``VarBytesColumn`` writer keeps two growing arrays until the segment is
finished: every document's length and its offset (2-4 bytes each).  A segment's stored
fields and its ``doc_id`` column are written this way, so one big file, whose passages
all go into one segment, held ~11 bytes a passage in memory: ~30 MiB for the 2.8 million
passages of a 2 GB file (issue 13: memory must not grow with a single file).

:class:`SpilledVarBytesWriter` writes the same column file byte for byte.  It holds the
lengths of at most :data:`LENGTHS_HELD` documents and appends them to a temporary file
(unlinked from the start, in the index's folder) past that; the offsets are not kept at
all: they are the running sum of the lengths, computed while the column is finished.

Example:
    >>> import tempfile
    >>> from whoosh.columns import VarBytesColumn
    >>> from whoosh.filedb.filestore import FileStorage
    >>> storage = FileStorage(tempfile.mkdtemp())
    >>> w = SpilledVarBytesWriter(storage.create_file("c"), held=2)
    >>> for n, value in enumerate([b"a", b"", b"bcd", b"ef"]):
    ...     w.add(n, value)
    >>> w.add(5, b"g")  # document 4 has no value
    >>> w.finish(6)
    >>> w._dbfile.close()
    >>> f = storage.open_file("c")
    >>> reader = VarBytesColumn().reader(f, 0, storage.file_length("c"), 6)
    >>> [reader[n] for n in range(6)]
    [b'a', b'', b'bcd', b'ef', b'', b'g']
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from whoosh.columns import VarBytesColumn

__all__ = ["LENGTHS_HELD", "SpilledVarBytesWriter", "typecode_for"]

#: Document lengths a column writer holds before it appends them to its temporary file
#: (4 bytes each: 256 KiB).
LENGTHS_HELD = 1 << 16


def typecode_for(largest: int, longs: bool = False) -> str:
    """The array type Whoosh's ``GrowableArray`` ends with when ``largest`` is its largest
    number (it starts as ``"B"`` and widens on the first number that does not fit; past
    4 GiB to ``"q"`` if it allows longs).

    >>> [typecode_for(n) for n in (0, 255, 256, 65536, 2**31)], typecode_for(2**32, longs=True)
    (['B', 'B', 'H', 'i', 'I'], 'q')
    """
    if largest < 2**8:
        return "B"
    if largest < 2**16:
        return "H"
    if largest < 2**31:
        return "i"
    if largest < 2**32:
        return "I"
    if longs:
        return "q"
    raise OverflowError(f"{largest!r} is too big to fit in an array")  # as Whoosh's allow_longs=False


class SpilledVarBytesWriter(VarBytesColumn.Writer):
    """A ``VarBytesColumn`` writer that holds at most ``held`` documents' lengths in memory."""

    def __init__(self, dbfile: Any, allow_offsets: bool = True, cutoff: int = 2**15,
                 folder: str | None = None, held: int | None = None) -> None:
        self._dbfile = dbfile
        self._count = 0  # documents with a length noted
        self._offset_base = 0  # bytes written so far: the next document's offset
        self.allow_offsets = allow_offsets
        self.cutoff = cutoff
        self._held = array("I")
        self._held_limit = held or LENGTHS_HELD
        self._longest = 0
        self._last_offset = 0  # the offset of the last document noted (offsets only grow)
        self._spill: Any = None
        self._spilled = 0  # lengths in the temporary file
        self._folder = folder

    def __repr__(self) -> str:
        return "<SpilledVarBytes.Writer>"

    def _note(self, length: int) -> None:
        held = self._held
        held.append(length)  # OverflowError past 4 GiB, as Whoosh's array
        if length > self._longest:
            self._longest = length
        self._last_offset = self._offset_base
        self._count += 1
        if len(held) >= self._held_limit:
            if self._spill is None:
                import tempfile  # only a big segment's commit spills (a search imports this module)

                self._spill = tempfile.TemporaryFile(dir=self._folder)
            self._spill.write(held.tobytes())
            self._spilled += len(held)
            del held[:]

    def fill(self, docnum: int) -> None:
        while self._count < docnum:  # documents without a value: length 0 at the current offset
            self._note(0)

    def add(self, docnum: int, v: bytes) -> None:
        self.fill(docnum)
        self._dbfile.write(v)
        self._note(len(v))
        self._offset_base += len(v)

    def _pieces(self) -> Iterator[array]:
        """Every length noted, in pieces of at most ``held``, in document order."""
        if self._spill is not None:
            self._spill.seek(0)
            step = self._held_limit * self._held.itemsize
            for _ in range(0, self._spilled, self._held_limit):
                piece = array("I")
                piece.frombytes(self._spill.read(step))
                yield piece
        if self._held:
            yield self._held

    def finish(self, doccount: int) -> None:
        self.fill(doccount)
        dbfile = self._dbfile
        lengths_type = typecode_for(self._longest)
        for piece in self._pieces():
            dbfile.write_array(array(lengths_type, piece))
        # offsets only when there are many documents (Whoosh derives them from the lengths otherwise)
        write_offsets = self.allow_offsets and doccount > self.cutoff
        if write_offsets:
            offsets_type = typecode_for(self._last_offset)
            base = 0
            for piece in self._pieces():
                offsets = array(offsets_type, accumulate(piece, initial=base))
                base = offsets.pop()  # the next piece's first offset
                dbfile.write_array(offsets)
        dbfile.write(lengths_type.encode("ascii"))
        if write_offsets:
            dbfile.write(offsets_type.encode("ascii"))
            dbfile.write(b"X")
        if self._spill is not None:
            self._spill.close()
            self._spill = None
        del self._held[:]
