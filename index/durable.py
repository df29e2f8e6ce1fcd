"""Durable commits: a commit that returned survives a power cut or a kernel crash.

Whoosh writes a commit as new segment files plus a new table of contents (TOC) written
to a temporary name and renamed into place, but never calls ``fsync``: after a power
cut the TOC can name segment data that never reached the disk (on ext4 the renamed
TOC survives while the files it names come back empty). Here, as SQLite and Lucene do:

1. every file of every segment the new TOC names is fsynced, then the folder (so
   their names are on disk too);
2. the new TOC is written to its temporary name and fsynced;
3. it is renamed into place (atomic), and the folder is fsynced again: from here the
   new state is the one a crash leaves;
4. only then are the files of the previous state removed (Whoosh's ``clean_files``).

:class:`DurableFileStorage` does steps 2-3 (for every ``rename_file``: Whoosh uses it
for TOCs only) and offers :meth:`~DurableFileStorage.sync_files`;
:class:`DurableSegmentWriter` does step 1 before Whoosh writes its TOC. Small files
beside the index are replaced the same way with :func:`replace_durably`.

``durable=False`` skips every fsync (an index written so can lose its last commits,
or be left unreadable, by a power cut; a ``kill -9`` still cannot harm it).

Example:
    >>> import tempfile
    >>> from whoosh.fields import ID, Schema
    >>> from whoosh.index import FileIndex
    >>> storage = DurableFileStorage(tempfile.mkdtemp())
    >>> ix = FileIndex.create(storage, Schema(id=ID(stored=True)))
    >>> w = DurableSegmentWriter(ix)
    >>> w.add_document(id="a")
    >>> w.commit()
    >>> with ix.searcher() as s:
    ...     s.document(id="a")
    {'id': 'a'}
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from polyseek.index.fsync import fsync_folder, fsync_path, replace_durably
from polyseek.index.integrity import write_sums

__all__ = ["DurableFileStorage", "DurableSegmentWriter", "fsync_folder", "fsync_path", "replace_durably"]


class DurableFileStorage(FileStorage):
    """Whoosh's ``FileStorage`` whose renames (of TOCs) are durable: the file is fsynced
    before it is renamed and the folder after (``durable=False``: plain ``FileStorage``)."""

    def __init__(self, path: str | Path, durable: bool = True, **kwargs) -> None:
        super().__init__(str(path), **kwargs)
        self.durable = durable

    def sync_files(self, names: Iterable[str]) -> None:
        """fsync the named files, then the folder (nothing if not durable)."""
        if not self.durable:
            return
        for name in names:
            fsync_path(self._fpath(name))
        fsync_folder(self.folder)

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        if self.durable:
            fsync_path(self._fpath(oldname))
        super().rename_file(oldname, newname, safe=safe)
        if self.durable:
            fsync_folder(self.folder)

    def temp_storage(self, name: str | None = None) -> FileStorage:
        """Scratch space (sorting pools): never part of a commit, so never fsynced."""
        return FileStorage.temp_storage(self, name)


class DurableSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` whose commit writes each new segment's checksums (see
    :mod:`index.integrity`) and makes every segment file the new TOC names durable
    before the TOC is written (the TOC itself through :class:`DurableFileStorage`).

    Segments written by other processes (see :mod:`index.pipeline`) are synced here too:
    an fsync flushes a file's data whoever wrote it.
    """

    def _commit_toc(self, segments: list) -> None:
        storage = self.storage
        write_sums(storage, segments)
        if getattr(storage, "durable", False):
            prefixes = tuple(f"{seg.segment_id()}." for seg in segments)
            storage.sync_files(sorted(name for name in storage.list() if name.startswith(prefixes)))
        super()._commit_toc(segments)
