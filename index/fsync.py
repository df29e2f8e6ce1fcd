"""fsync helpers without Whoosh: flush a file or a folder, replace a small file durably.

:mod:`index.durable` builds Whoosh's durable commits on them; the status file is replaced
with :func:`replace_durably`, also by a ``polyseek reindex`` that never imports Whoosh, and
the manifest (:mod:`index.manifest`, written as it is made) the same way with :func:`fsync_folder`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["fsync_folder", "fsync_path", "replace_durably"]


def fsync_path(path: str | Path) -> None:
    """Flush a file's data (written by any process) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(path: str | Path) -> None:
    """Flush a folder's entries (files created, renamed or removed in it) to the disk."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:  # some systems refuse to open folders; nothing more can be done there
        return
    try:
        os.fsync(fd)
    except OSError:  # a few file systems cannot fsync a folder (EINVAL); their renames are durable
        pass
    finally:
        os.close(fd)


def replace_durably(target: str | Path, data: bytes | Callable[[BinaryIO], bool], durable: bool = True) -> None:
    """Write ``data`` to ``target`` atomically: a temporary file, fsynced, renamed over it,
    and the folder fsynced (``durable=False``: without the fsyncs).  ``data`` may be a
    function that writes the file it is given and returns whether to replace ``target``
    (False: it is left as it is and the temporary file removed).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "status.json"
    >>> replace_durably(p, b"{}")
    >>> p.read_bytes()
    b'{}'
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            if callable(data):
                replace = data(fh)
            else:
                fh.write(data)
                replace = True
            if replace:
                fh.flush()
                if durable:
                    os.fsync(fh.fileno())
        if not replace:
            tmp.unlink()
            return
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_folder(target.parent)
