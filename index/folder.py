"""The index folder without Whoosh: its files' names, its current commit, the writer lock.

What a ``polyseek reindex`` that finds nothing to do needs of the index (see
:mod:`index.manifest`) before it would import Whoosh: which table of contents (TOC) is
the current one, and the writer lock, which it takes as every writer does (an OS
``flock`` on Whoosh's lock file, so Whoosh's own writers respect it too).

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> current_toc(folder) is None
    True
    >>> _ = (folder / "_MAIN_3.toc").write_bytes(b"toc")
    >>> _ = (folder / "_MAIN_12.toc").write_bytes(b"newer toc")
    >>> current_toc(folder)[0]
    12
    >>> with writer_lock(folder) as held:
    ...     held
    True
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from polyseek.index.fsync import replace_durably

__all__ = [
    "DEFAULT_LOCK_TIMEOUT", "INDEX_NAME", "LOCK_NAME", "MANIFEST_FILE", "STATUS_FILE",
    "current_toc", "private_files", "segment_files", "read_status", "write_status", "writer_lock",
]

#: Seconds a writer waits for the lock unless told otherwise.
DEFAULT_LOCK_TIMEOUT = 5.0

#: Whoosh's name for the one index in the folder (``whoosh.index._DEF_INDEX_NAME``), its
#: lock's name, and polyseek's files beside it: the last run's status and the manifest.
INDEX_NAME = "MAIN"
LOCK_NAME = "WRITELOCK"
STATUS_FILE = "polyseek-status.json"
MANIFEST_FILE = "polyseek-manifest"

#: A committed TOC's name, as Whoosh writes it (``whoosh.index.TOC._pattern``), and a
#: segment's file's (``TOC._segment_pattern``; the lock, ``MAIN_WRITELOCK``, has no dot).
_TOC = re.compile(rf"^_{INDEX_NAME}_([0-9]+)\.toc$")
_SEGMENT_FILE = re.compile(rf"^{INDEX_NAME}_[0-9a-z]+\.")


def current_toc(folder: str | Path) -> tuple[int, str] | None:
    """The current commit: its generation and the SHA-256 of its TOC's bytes (None: no TOC,
    or it was replaced while being read). Two commits never have the same TOC bytes: each
    names its own new segment (random names)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    generations = [int(m.group(1)) for name in names if (m := _TOC.match(name))]
    if not generations:
        return None
    generation = max(generations)
    try:
        data = Path(folder, f"_{INDEX_NAME}_{generation}.toc").read_bytes()
    except OSError:
        return None
    import hashlib  # a search never asks: ~3 ms less to start

    return generation, hashlib.sha256(data).hexdigest()


def segment_files(folder: str | Path) -> dict[str, int] | None:
    """Each segment file in ``folder`` (a writer holding the lock has removed those of older
    commits: they are the current commit's) and its size; None if the folder cannot be read."""
    sizes = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if _SEGMENT_FILE.match(entry.name):
                    sizes[entry.name] = entry.stat(follow_symlinks=False).st_size
    except OSError:
        return None
    return sizes


@contextlib.contextmanager
def writer_lock(folder: str | Path) -> Iterator[bool]:
    """Try the index's writer lock once, without waiting: the block gets True while it is
    held (released after), False when another process holds it (or it cannot be taken).

    The same lock as :func:`index.store._locked` (Whoosh's ``FcntlLock``: ``flock`` on
    ``MAIN_WRITELOCK``); the holder's pid is written into it, as there.
    """
    try:
        fd = os.open(Path(folder, f"{INDEX_NAME}_{LOCK_NAME}"), os.O_CREAT | os.O_WRONLY, 0o666)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            yield False
            return
        with contextlib.suppress(OSError):  # who holds it, for another writer's message; best effort
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def private_files(path: Path) -> Iterator[None]:
    """In a private index folder (no access for group and others), create files 0600.

    The process's umask gains 0077 for the block (all writing happens under the
    lock, in this block), so files of a folder shared on purpose keep the modes the
    user's umask gives. The umask is per process: a thread creating files elsewhere
    meanwhile gets the stricter mask too.
    """
    try:
        private = os.stat(path).st_mode & 0o077 == 0
    except OSError:
        private = False
    if not private:
        yield
        return
    old = os.umask(0o077)
    os.umask(old | 0o077)
    try:
        yield
    finally:
        os.umask(old)


def read_status(folder: str | Path) -> dict | None:
    """What the last completed index/reindex run wrote (see :func:`write_status`), or None."""
    try:
        status = json.loads(Path(folder, STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) else None


def write_status(folder: str | Path, status: dict, durable: bool = True) -> bool:
    """Save ``status`` (a run's :func:`index.stats.run_status`) beside the index, replaced
    durably (``durable=False``: without fsync); False if the disk refused."""
    try:
        replace_durably(Path(folder, STATUS_FILE), json.dumps(status, ensure_ascii=False).encode(), durable)
    except OSError:
        return False
    return True
