"""Opening a source to read it: only the regular file that was planned, never a hang, every read bounded.

Between the scan that finds a file and the read, anything can happen to its path: it
can be removed, replaced by a folder, by a FIFO, or by a symbolic link to a secret
outside every indexed root, or a folder above it can be swapped for such a link.
:func:`open_source` opens it so that none of that can trick or stall a run:

- **No links swapped in.** Without ``follow_links`` the last component is opened with
  ``O_NOFOLLOW``; and when ``real`` (the real path the file was planned at) is given,
  the real path of the *open descriptor* (``/proc/self/fd``, or ``F_GETPATH``) must be
  that path: a folder above replaced by a link is caught too. A file replaced by
  another regular file at the same place (an editor's atomic save) is read.
- **No hang.** The file is opened ``O_NONBLOCK`` and ``fstat`` on the descriptor must
  say regular file: a FIFO is never waited on, a device never read.
- **Bounded reads.** :meth:`OpenSource.read` and :meth:`OpenSource.sha256` read at most
  the size ``fstat`` gave when the file was opened: a file that grows while it is read
  (a log) is read up to that size, and the next run sees the rest (a pseudo-file
  whose size reads 0 is read to its end, at most :data:`UNSIZED_LIMIT` bytes).

Once a file is open and checked, and before any of its bytes are read, the audit
event ``corpus.open_source`` is raised with ``(path, fd)`` (see :func:`sys.audit`):
an audit hook can log what the indexer reads, and the tests pause a real run there.

What is refused raises :class:`~corpus.model.SkippedSource`; a file removed or
replaced by a folder is a :class:`VanishedSource` (one too). Other I/O errors
(permission denied) raise :class:`~corpus.model.CorpusError`.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Спортсмены готовятся", encoding="utf-8")
>>> with open_source(folder / "a.txt", follow_links=False) as src:
...     src.read().decode(), src.size
('Спортсмены готовятся', 39)
>>> os.mkfifo(folder / "b.txt")
>>> open_source(folder / "b.txt")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
polyseek.corpus.model.SkippedSource: .../b.txt: not a regular file (a FIFO); not read
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from .failpoints import failpoint
from .model import CorpusError, SkippedSource

__all__ = ["OpenSource", "VanishedSource", "open_source"]

#: Bytes asked of the kernel per read while hashing.
HASH_CHUNK = 1 << 20

#: Most bytes read from a file whose size reads 0 but that has content (``/proc`` files).
UNSIZED_LIMIT = 16 << 20

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class VanishedSource(SkippedSource):
    """The file was removed, or replaced by a folder, after it was found.

    >>> issubclass(VanishedSource, SkippedSource)
    True
    """


class OpenSource:
    """A source file open for reading: its descriptor and what ``fstat`` said when it was opened.

    Use it as a context manager (the descriptor is closed on exit).
    """

    def __init__(self, path: str, fd: int, st: os.stat_result) -> None:
        self.path = path
        self.fd = fd
        self.stat = st

    @property
    def size(self) -> int:
        """Bytes in the file when it was opened: no read goes past them."""
        return self.stat.st_size

    def chunks(self, chunk: int = HASH_CHUNK) -> Iterator[bytes]:
        """The bytes :meth:`read` returns, in pieces of at most ``chunk`` bytes."""
        limit = self.size or UNSIZED_LIMIT
        offset = 0
        while offset < limit and (part := os.pread(self.fd, min(chunk, limit - offset), offset)):
            offset += len(part)
            yield part

    def read(self) -> bytes:
        """The file's bytes: at most :attr:`size` of them (fewer if it was cut short since).

        A file whose size reads 0 (``/proc`` and ``/sys`` files) is read to its end, at
        most :data:`UNSIZED_LIMIT` bytes.
        """
        parts = list(self.chunks(self.size or 1 << 16))  # one read, the whole file, as a rule
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def sha256(self) -> str:
        """Hex SHA-256 of the bytes :meth:`read` returns, read in chunks."""
        digest = hashlib.sha256()
        for part in self.chunks():
            digest.update(part)
        return digest.hexdigest()

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> OpenSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_source(path: str | Path, *, follow_links: bool = True, real: str | None = None) -> OpenSource:
    """Open the regular file ``path`` for reading, without following links swapped in.

    ``follow_links=False`` refuses a symbolic link as the last component; ``real`` is
    the real path the file was planned at, which the open descriptor must have. See
    the module doc for what is refused and how.
    """
    name = str(path)
    failpoint("open", name)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(name, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise VanishedSource(f"{name}: no such file (vanished before it could be read)") from None
    except OSError as err:
        if err.errno == errno.ELOOP and not follow_links:
            raise SkippedSource(f"{name}: replaced by a symbolic link since the scan; not followed") from None
        if err.errno == errno.ELOOP:
            raise SkippedSource(f"{name}: symlink loop") from None
        if err.errno == errno.ENXIO:  # a socket
            raise SkippedSource(f"{name}: not a regular file; not read") from None
        raise CorpusError(f"{name}: cannot read ({err.strerror or err})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise VanishedSource(f"{name}: vanished (a folder now)")
        if not stat.S_ISREG(st.st_mode):
            kind = next((what for test, what in _KINDS if test(st.st_mode)), "special")
            raise SkippedSource(f"{name}: not a regular file ({kind}); not read")
        if real is not None and (where := _real_path(fd, name, st)) != real:
            if where.endswith(" (deleted)"):
                raise VanishedSource(f"{name}: no such file (vanished before it could be read)")
            raise SkippedSource(f"{name}: now leads to {where}, not the file planned at {real}; not read")
        sys.audit("corpus.open_source", name, fd)
    except BaseException:
        os.close(fd)
        raise
    return OpenSource(name, fd, st)


def _real_path(fd: int, name: str, st: os.stat_result) -> str:
    """Where the open descriptor ``fd`` really is (``name`` resolved when the system cannot tell)."""
    try:
        if sys.platform.startswith("linux"):
            return os.readlink(f"/proc/self/fd/{fd}")
        import fcntl

        if hasattr(fcntl, "F_GETPATH"):  # macOS, the BSDs
            return os.fsdecode(fcntl.fcntl(fd, fcntl.F_GETPATH, bytes(1024)).rstrip(b"\0"))
    except (OSError, ImportError):
        pass
    # No way to ask: resolve the name now, and accept it only if it is still the open file.
    resolved = os.path.realpath(name)
    try:
        now = os.stat(resolved)
    except OSError:
        return f"{resolved} (deleted)"
    return resolved if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino) else f"{resolved} (another file)"
