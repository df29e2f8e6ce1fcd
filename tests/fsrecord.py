"""Watch what a real commit does to the index folder, and what a power cut would leave of it.

:func:`recording` interposes on this process's ``open`` (for writing), ``os.rename``,
``os.replace``, ``os.remove``, ``os.unlink`` and ``os.fsync`` (every call goes through to
the real file system); after each call in the index folder it notes an :class:`Event`
with the folder's listing (name -> inode) and, for an fsync, what the file or folder
held at that moment. Writes made by other processes (indexing workers) show up in the
next listing.

What a power cut after event ``k`` leaves (:meth:`Recording.after_power_cut`), in two
models of a disk that keeps only what was fsynced:

- ``"synced"``: the names the folder had at its last fsync, each file with the bytes it
  had at its last fsync (empty if never fsynced);
- ``"ordered"``: every rename, creation and removal up to ``k`` (journalled metadata,
  as ext4 keeps it), each file with the bytes of its last fsync (empty if never; the
  classic zero-length file after a crash).

The state before the first event is taken as durable (the test starts from a finished,
durable commit).
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MODELS = ("synced", "ordered")


@dataclass(frozen=True)
class Event:
    """One call: ``kind`` is open, rename, remove, fsync or fsync-dir; ``names`` the file names involved."""

    kind: str
    names: tuple[str, ...]
    listing: dict[str, int]  # name -> inode after the call
    synced_listing: dict[str, int]  # the folder's entries as of its last fsync
    synced_data: dict[int, bytes]  # inode -> content as of its last fsync
    synced_sha: dict[str, str] = field(default_factory=dict)  # for fsync: name -> sha256 of what was synced
    shas: dict[str, str] = field(default_factory=dict)  # for rename: name -> sha256 of every file, after it
    renamed: bytes = b""  # for rename: the renamed file's content


@dataclass
class Recording:
    folder: Path
    start_listing: dict[str, int]
    start_data: dict[int, bytes]
    events: list[Event] = field(default_factory=list)

    def after_power_cut(self, k: int, model: str) -> dict[str, bytes]:
        """Files (name -> bytes) a power cut right after event ``k`` (0: before the first) leaves."""
        if k == 0:
            return {name: self.start_data.get(ino, b"") for name, ino in self.start_listing.items()}
        ev = self.events[k - 1]
        names = ev.synced_listing if model == "synced" else ev.listing
        return {name: ev.synced_data.get(ino, b"") for name, ino in names.items()}


def _listing(folder: Path) -> dict[str, int]:
    out = {}
    with os.scandir(folder) as it:
        for entry in it:
            with contextlib.suppress(FileNotFoundError):
                if entry.is_file(follow_symlinks=False):
                    out[entry.name] = entry.inode()
    return out


def _sha(path: Path) -> str:
    with contextlib.suppress(FileNotFoundError):
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return ""


def _in(folder: str, path) -> str | None:
    """The name of ``path`` if it is directly in ``folder``."""
    if isinstance(path, int) or path is None:
        return None
    path = os.path.abspath(os.fsdecode(path))
    return os.path.basename(path) if os.path.dirname(path) == folder else None


@contextlib.contextmanager
def recording(folder: Path) -> Iterator[Recording]:
    """Record the calls on ``folder`` made inside the block (see the module docstring)."""
    folder = folder.resolve()
    where = str(folder)
    listing = _listing(folder)
    rec = Recording(folder, listing, {ino: (folder / name).read_bytes() for name, ino in listing.items()})
    synced_listing = dict(listing)
    synced_data = dict(rec.start_data)
    real = {name: getattr(os, name) for name in ("rename", "replace", "remove", "unlink", "fsync")}
    real_open = builtins.open
    me = os.getpid()

    def note(kind: str, names: tuple[str, ...], **extra) -> None:
        if os.getpid() != me:  # a forked indexing worker: its files show up in the next listing
            return
        rec.events.append(Event(kind, names, _listing(folder), dict(synced_listing), dict(synced_data), **extra))

    def fsync(fd: int) -> None:
        real["fsync"](fd)
        if os.getpid() != me:
            return
        st = os.fstat(fd)
        path = os.readlink(f"/proc/self/fd/{fd}")
        if stat.S_ISDIR(st.st_mode):
            if path == where:
                synced_listing.clear()
                synced_listing.update(_listing(folder))
                note("fsync-dir", ())
            return
        name = _in(where, path)
        if name is None:
            return
        data = Path(path).read_bytes()  # the fd may be open for writing only
        synced_data[st.st_ino] = data
        note("fsync", (name,), synced_sha={name: hashlib.sha256(data).hexdigest()})

    def two_names(kind: str):
        def call(src, dst, *args, **kwargs):
            result = real[kind](src, dst, *args, **kwargs)
            names = (_in(where, src), _in(where, dst))
            if names[1] is not None and os.getpid() == me:
                shas = {n: _sha(folder / n) for n in _listing(folder)}
                note("rename", names, shas=shas, renamed=(folder / names[1]).read_bytes())
            return result

        return call

    def one_name(kind: str):
        def call(path, *args, **kwargs):
            result = real[kind](path, *args, **kwargs)
            if (name := _in(where, path)) is not None:
                note("remove", (name,))
            return result

        return call

    def opener(file, mode="r", *args, **kwargs):
        fh = real_open(file, mode, *args, **kwargs)
        if any(c in mode for c in "wax+") and (name := _in(where, file)) is not None:
            note("open", (name,))
        return fh

    patches = {
        "rename": two_names("rename"),
        "replace": two_names("replace"),
        "remove": one_name("remove"),
        "unlink": one_name("unlink"),
        "fsync": fsync,
    }
    for name, fn in patches.items():
        setattr(os, name, fn)
    builtins.open = opener
    try:
        yield rec
    finally:
        builtins.open = real_open
        for name, fn in real.items():
            setattr(os, name, fn)


def materialize(files: dict[str, bytes], folder: Path) -> Path:
    """Write ``files`` into a new ``folder`` (what a machine would find after rebooting)."""
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder
