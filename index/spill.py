"""Bytes appended in order and read back by offset, mostly on disk.

The packed logs of :mod:`index.filetable` (a write session's file records) and
:mod:`index.sourcetable` (the files a run's scan found) hold an entry a file: at 110,000
files, megabytes a run would otherwise keep in memory to its end.  :class:`SpilledBytes`
keeps up to a buffer's worth in memory and appends the rest to an unlinked temporary file in
a folder (the index's); without a folder, or once the disk refuses, everything stays in
memory (both logs only save memory: the run goes on either way).

Example:
    >>> import tempfile
    >>> log = SpilledBytes(tempfile.mkdtemp(), buffer_bytes=4)
    >>> for chunk in (b"abc", b"defg", b"hi"):
    ...     log.append(chunk)
    >>> log.read(2, 5), len(log), log.spilled, log.in_memory
    (b'cdefg', 9, 7, 2)
    >>> log.close()
    >>> len(log)
    0
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import BinaryIO

__all__ = ["BUFFER_BYTES", "SpilledBytes"]

#: Bytes held in memory before they are appended to the temporary file.
BUFFER_BYTES = 1 << 20
#: Bytes read from the temporary file at a time (the logs are mostly read in order).
_READ_BYTES = 1 << 16


class SpilledBytes:
    """Bytes appended in order: up to ``buffer_bytes`` in memory, the rest in an unlinked
    temporary file in ``folder`` (all in memory without a folder, or if the disk refuses)."""

    def __init__(self, folder: str | Path | None = None, buffer_bytes: int = BUFFER_BYTES) -> None:
        self.folder = None if folder is None else Path(folder)
        self._limit = buffer_bytes
        self._refused = folder is None
        self._buffer = bytearray()
        self._file: BinaryIO | None = None
        self.spilled = 0  # bytes in the temporary file; the buffer's come after them
        self._block = (0, b"")  # the offset and bytes of the last block read from the file

    def __len__(self) -> int:
        return self.spilled + len(self._buffer)

    @property
    def in_memory(self) -> int:
        """Bytes held in memory."""
        return len(self._buffer)

    @property
    def on_disk(self) -> bool:
        """Whether a temporary file was made."""
        return self._file is not None

    def append(self, data: bytes) -> None:
        """Add ``data`` after the bytes held."""
        self._buffer += data
        if len(self._buffer) >= self._limit and not self._refused:
            self._flush()

    def _flush(self) -> None:
        """Append the buffer to the temporary file (kept in memory if the disk refuses)."""
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(dir=self.folder)
            self._file.seek(self.spilled)
            self._file.write(self._buffer)
            self._file.flush()
        except OSError:
            self._refused = True
            return
        self.spilled += len(self._buffer)
        self._buffer = bytearray()

    def read(self, offset: int, n: int) -> bytes:
        """The ``n`` bytes from ``offset`` (fewer at the end)."""
        if offset >= self.spilled:
            start = offset - self.spilled
            return bytes(self._buffer[start : start + n])
        if offset + n > self.spilled:  # across the file's end and the buffer
            return self.read(offset, self.spilled - offset) + self.read(self.spilled, offset + n - self.spilled)
        start, block = self._block
        if not start <= offset <= offset + n <= start + len(block):
            assert self._file is not None
            self._file.seek(offset)
            start, block = offset, self._file.read(max(n, _READ_BYTES))
            self._block = (start, block)
        return block[offset - start : offset - start + n]

    def close(self) -> None:
        """Remove the temporary file and hold nothing."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None
        self._buffer = bytearray()
        self.spilled = 0
        self._block = (0, b"")
