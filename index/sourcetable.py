"""The files a run's scan found, packed, mostly on disk: what the run keeps of each until it reads it.

A run (:mod:`index.sync`) walks its roots first and reads the files after, in the walk's
order. Held as a dict of :class:`SourceFile` (a frozen dataclass, its path, two ints), then
the plan's list of (file, record) tuples, that was ~440 bytes a file, made while nothing
else was being made: at 110,000 ``.txt`` files, ~44 MiB of pymalloc's arenas, which
the objects made later in the run filled as the plan was let go, so that they were still
held at the run's peak (memray). A :class:`SourceTable` keeps each file as a packed entry:
up to :data:`BUFFER_BYTES` in memory, the rest in an unlinked temporary file beside the
index (:class:`index.spill.SpilledBytes`), with 8 bytes a file of sizes (the bytes left to read decide whether a transaction
starts workers) and the place of one entry in :data:`MARK_EVERY`. Entries are read back as
:class:`SourceFile` one at a time, in order (the run's way) or by their place.

Example:
    >>> import tempfile
    >>> table = SourceTable(tempfile.mkdtemp())
    >>> table.append(SourceFile("/data/a.txt", "/data", 12, 1_700_000_000, "/data/a.txt"))
    >>> table.append(SourceFile("/data/b.txt", "/data", 30, 1_700_000_001, "/mnt/b.txt", follow_links=True))
    >>> first = table[0]
    >>> len(table), list(table.sizes), table[1].real, first.real is first.path  # one string for both
    (2, [12, 30], '/mnt/b.txt', True)
    >>> [sf.path for sf in table]
    ['/data/a.txt', '/data/b.txt']
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from struct import Struct

from polyseek.corpus.jsonl_fields import JsonlFields
from polyseek.index.spill import BUFFER_BYTES, SpilledBytes

__all__ = ["BUFFER_BYTES", "MARK_EVERY", "SourceFile", "SourceTable"]

#: The place of one entry in this many is kept: reading an entry out of order skips fewer.
MARK_EVERY = 64

#: An entry: the walk it came from (its place in the table's list of walks), whether its
#: real path is its path, its size, its mtime_ns, the lengths in bytes of its path and of its
#: real path (none when it is its path); then both, UTF-8 (undecodable bytes passed through).
_ENTRY = Struct("<HBqqII")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A supported file found under a root, as ``stat`` saw it during the scan.

    ``real`` is its real path then (its path below the root's real path unless links
    are followed), the one place it may be read from (see :func:`corpus.opening.open_source`).
    """

    path: str
    root: str
    size: int
    mtime_ns: int
    real: str = ""
    follow_links: bool = False
    as_text: tuple[str, ...] = ()  # suffixes read as plain text
    fields: JsonlFields | None = None  # the field names of JSONL records


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class SourceTable:
    """:class:`SourceFile` entries in the order appended, packed; beyond :data:`BUFFER_BYTES`
    in a temporary file in ``folder`` (all in memory without one, or if the disk refuses).

    ``sizes``: each entry's size, by its place."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = None if folder is None else Path(folder)
        self.sizes = array("q")
        self._log = SpilledBytes(folder, BUFFER_BYTES)
        self._marks = array("q")  # where entries 0, MARK_EVERY, 2 * MARK_EVERY... start
        self._walks: list[tuple[str, bool, tuple[str, ...], JsonlFields | None]] = []
        self._walk_ids: dict[tuple[str, bool, tuple[str, ...], JsonlFields | None], int] = {}
        self._next = (0, 0)  # the place and offset of the entry after the last one read

    def __len__(self) -> int:
        return len(self.sizes)

    def append(self, sf: SourceFile) -> None:
        """Add ``sf`` after the entries already held."""
        walk = (sf.root, sf.follow_links, sf.as_text, sf.fields)
        if (kind := self._walk_ids.get(walk)) is None:
            kind = self._walk_ids[walk] = len(self._walks)
            self._walks.append(walk)
        same = sf.real == sf.path
        path, real = _encoded(sf.path), b"" if same else _encoded(sf.real)
        if len(self.sizes) % MARK_EVERY == 0:
            self._marks.append(len(self._log))
        self._log.append(_ENTRY.pack(kind, same, sf.size, sf.mtime_ns, len(path), len(real)) + path + real)
        self.sizes.append(sf.size)

    def __getitem__(self, place: int) -> SourceFile:
        if not 0 <= place < len(self.sizes):
            raise IndexError(place)
        offset = self._offset(place)
        kind, same, size, mtime_ns, path_bytes, real_bytes = _ENTRY.unpack(self._log.read(offset, _ENTRY.size))
        names = self._log.read(offset + _ENTRY.size, path_bytes + real_bytes)
        self._next = (place + 1, offset + _ENTRY.size + path_bytes + real_bytes)
        path = _decoded(names[:path_bytes])
        real = path if same else _decoded(names[path_bytes:])
        root, follow_links, as_text, fields = self._walks[kind]
        return SourceFile(path, root, size, mtime_ns, real, follow_links, as_text, fields)

    def __iter__(self) -> Iterator[SourceFile]:
        for place in range(len(self.sizes)):
            yield self[place]

    def _offset(self, place: int) -> int:
        """Where entry ``place`` starts: after the last one read, or found from the mark before it."""
        at, offset = self._next
        if at != place:
            at, offset = place - place % MARK_EVERY, self._marks[place // MARK_EVERY]
            while at < place:
                *_, path_bytes, real_bytes = _ENTRY.unpack(self._log.read(offset, _ENTRY.size))
                offset += _ENTRY.size + path_bytes + real_bytes
                at += 1
        return offset

    def close(self) -> None:
        """Remove the temporary file and empty the table."""
        self._log.close()
        self.sizes = array("q")
        self._marks = array("q")
        self._next = (0, 0)
