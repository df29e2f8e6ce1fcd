"""The file records a write session's manifest needs, kept as packed bytes, mostly on disk.

A session (:class:`index.store.WriteSession`) tracks every file record of its last commit
for the manifest it writes at the end (:mod:`index.manifest`): the records read when the
run began, then each commit's changes. Held as :class:`~index.store.FileRecord` objects
(a path, a SHA-256 in hex, a dict of languages, a float...) that was ~580 bytes a file,
61 MiB by the end of a first index of 110,000 ``.txt`` files: most of what such a run kept
for each file. A :class:`FileTable` keeps what the manifest uses, the source with its
size, mtime and when it was checked, as an append-only log of packed entries: up to
:data:`BUFFER_BYTES` in memory, the rest in an unlinked temporary file beside the index
(:class:`index.spill.SpilledBytes`), and an 8-byte hash a change. :meth:`FileTable.items`
replays the log as a dict updated change by change would hold it (a source put again keeps
its place, one dropped and put again goes last), reading it once when no source was changed
twice (a first index), twice otherwise, with a dict only of the sources changed more than once.

Example:
    >>> import tempfile
    >>> table = FileTable(tempfile.mkdtemp())
    >>> for source in ("a", "b", "c"):
    ...     table.put(source, 1, 2, 3)
    >>> table.put("a", 10, 20, 30)  # kept in its place
    >>> table.drop("b")
    >>> table.put("b", 4, 5, 6)  # dropped and put again: last
    >>> list(table.items())
    [('a', 10, 20, 30), ('c', 1, 2, 3), ('b', 4, 5, 6)]
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from pathlib import Path
from struct import Struct

from polyseek.index.spill import BUFFER_BYTES, SpilledBytes

__all__ = ["BUFFER_BYTES", "FileTable"]

#: An entry: put (1) or drop (0), size, mtime_ns, checked_ns, the source's length in bytes;
#: then the source, UTF-8 (a name's undecodable bytes, as surrogates, passed through).
_ENTRY = Struct("<Bqqqi")
_PUT, _DROP = 1, 0


def _encoded(source: str) -> bytes:
    return source.encode("utf-8", "surrogatepass")


class FileTable:
    """source -> (size, mtime_ns, checked_ns), in the order a dict updated by :meth:`put`
    and :meth:`drop` holds them, packed; beyond :data:`BUFFER_BYTES` in a temporary file in
    ``folder`` (in memory if the disk refuses: only the manifest, a shortcut, needs it)."""

    def __init__(self, folder: str | Path) -> None:
        self._log = SpilledBytes(folder, BUFFER_BYTES)
        self._hashes = array("q")  # hash(source) of each entry, in order

    def put(self, source: str, size: int, mtime_ns: int, checked_ns: int) -> None:
        """Record ``source`` (replacing its record, in its place, if it has one)."""
        self._append(_PUT, source, size, mtime_ns, checked_ns)

    def drop(self, source: str) -> None:
        """Forget ``source`` (if it has a record)."""
        self._append(_DROP, source, 0, 0, 0)

    def _append(self, op: int, source: str, size: int, mtime_ns: int, checked_ns: int) -> None:
        data = _encoded(source)
        self._hashes.append(hash(source))
        self._log.append(_ENTRY.pack(op, size, mtime_ns, checked_ns, len(data)) + data)

    def _entries(self) -> Iterator[tuple[int, str, int, int, int]]:
        """Every entry in order: (put or drop, source, size, mtime_ns, checked_ns)."""
        log, size, offset, end = self._log, _ENTRY.size, 0, len(self._log)
        while offset < end:
            op, length, mtime_ns, checked_ns, n = _ENTRY.unpack(log.read(offset, size))
            yield op, log.read(offset + size, n).decode("utf-8", "surrogatepass"), length, mtime_ns, checked_ns
            offset += size + n

    def items(self) -> Iterator[tuple[str, int, int, int]]:
        """(source, size, mtime_ns, checked_ns) of every source held, in the dict's order."""
        repeated = self._repeated()
        if not repeated:  # each source once: the puts are the records, in order
            for op, source, size, mtime_ns, checked_ns in self._entries():
                if op == _PUT:
                    yield source, size, mtime_ns, checked_ns
            return
        # the sources changed more than once (by hash, so also any that share one): where
        # each was put last after it was absent, and its last values
        final: dict[str, tuple[int, int, int, int] | None] = {}
        for i, (op, source, size, mtime_ns, checked_ns) in enumerate(self._entries()):
            if self._hashes[i] in repeated:
                now = final.get(source)
                if op == _DROP:
                    final[source] = None
                else:
                    final[source] = (i if now is None else now[0], size, mtime_ns, checked_ns)
        for i, (op, source, size, mtime_ns, checked_ns) in enumerate(self._entries()):
            if self._hashes[i] not in repeated:
                if op == _PUT:
                    yield source, size, mtime_ns, checked_ns
            elif (now := final[source]) is not None and now[0] == i:
                yield source, *now[1:]

    def _repeated(self) -> set[int]:
        """The hashes of more than one entry (a first index has none)."""
        hashes = sorted(self._hashes)
        return {a for a, b in zip(hashes, hashes[1:]) if a == b}

    def close(self) -> None:
        """Remove the temporary file and empty the table."""
        self._log.close()
        self._hashes = array("q")
