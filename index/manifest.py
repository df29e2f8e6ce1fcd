"""A manifest of the file records, so that a reindex with nothing to do never opens the index.

Most ``polyseek reindex`` runs from cron find nothing new, changed or gone. Such a run
used to be three quarters imports (Whoosh, the analyzers, the searcher) and then reading
every file record through Whoosh. After each index or reindex run, under the writer lock
and after its last commit is durable, :func:`write_manifest` writes beside the index
every file record's source, size, mtime and when it was checked; the files the run
skipped for what they hold (empty, binary, no records...), each with its size, mtime,
when it was checked and the line reported; the roots and the settings; and which commit
they describe (the TOC's generation and the SHA-256 of its bytes, and the size of each
of its segments' files). The file is replaced durably (written, fsynced, renamed, the
folder fsynced).

:func:`reindex_without_changes` is what ``polyseek reindex`` tries first, without
importing Whoosh: under the writer lock, if the manifest is whole and describes the
current commit (its segments' files all there, each the size it was: what opening the
index checks, so a damaged index is still reported), the run's settings are the
recorded ones, and the walk of the roots (:func:`index.scan.scan`, as a full run walks
them) finds exactly the files recorded and skipped, each with its recorded size and
mtime and none racy (:func:`index.scan.is_racy`), the run has nothing to do: it returns
the statistics a full run would report (each skipped file skipped again, with the same
line) and writes the same status file. Any doubt (no manifest, another version's,
damaged, another commit since, a setting given that differs, a file new, changed, racy
or gone, a root gone, the lock held) returns None, and the full run decides: the
manifest is only ever a shortcut, never a source of truth. A commit that does not write
it (a library ``writer()``, ``optimize``) moves the generation, so the next reindex
takes the full path and writes it again.

Example:
    >>> import tempfile
    >>> from polyseek.index.store import PassageIndex
    >>> from polyseek.index.sync import sync_paths
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "docs").mkdir()
    >>> _ = (tmp / "docs" / "a.txt").write_text("Спортсмены готовятся к Олимпиаде.", encoding="utf-8")
    >>> import os
    >>> os.utime(tmp / "docs" / "a.txt", (1e9, 1e9))  # written long before it was indexed: not racy
    >>> pix = PassageIndex.create(tmp / "ix")
    >>> _ = sync_paths(pix, [tmp / "docs"])
    >>> pix.close()
    >>> reindex_without_changes(tmp / "ix").unchanged
    1
    >>> _ = (tmp / "docs" / "empty.txt").write_bytes(b"")
    >>> os.utime(tmp / "docs" / "empty.txt", (1e9, 1e9))
    >>> reindex_without_changes(tmp / "ix") is None  # a new file: the full run
    True
    >>> pix = PassageIndex.open(tmp / "ix")
    >>> sync_paths(pix, [tmp / "docs"]).skipped
    1
    >>> pix.close()
    >>> stats = reindex_without_changes(tmp / "ix")  # skipped again, for the same reason, without reading it
    >>> stats.unchanged, stats.skipped, stats.skips[0].endswith("empty.txt: empty file, nothing to index")
    (1, 1, True)
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from polyseek.corpus.jsonl_fields import JsonlFields
from polyseek.corpus.model import SkippedSource
from polyseek.index.folder import MANIFEST_FILE, current_toc, private_files, segment_files, write_status, writer_lock
from polyseek.index.fsync import replace_durably
from polyseek.index.scan import SourceFile, is_racy, scan, walk_settings
from polyseek.index.stats import SyncStats, run_status

__all__ = ["MANIFEST_VERSION", "Manifest", "read_manifest", "reindex_without_changes", "write_manifest"]

#: The manifest's format; a manifest of another format is not read (the full run rewrites it).
#: Raise it too when a reader stops skipping some content (a format learnt), so that files
#: recorded as skipped are read again.
MANIFEST_VERSION = 2
_MAGIC = b"polyseek-manifest"


@dataclass(frozen=True, slots=True)
class Manifest:
    """The file records of one commit (``generation``, ``toc``: the SHA-256 of its TOC;
    ``segments``: its segments' files -> size): source -> (size, mtime_ns, checked_ns); the
    roots (-> whether links are followed) and the settings (:meth:`index.store.PassageIndex.settings`);
    ``skipped``: the files its run skipped for their content, source -> (size, mtime_ns,
    checked_ns, the line the run reported)."""

    generation: int
    toc: str
    segments: dict[str, int]
    roots: dict[str, bool]
    settings: dict[str, str]
    files: dict[str, tuple[int, int, int]]
    skipped: dict[str, tuple[int, int, int, str]] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """The file's bytes: a header line (format, SHA-256 of the body), then the body as JSON."""
        body = json.dumps(
            {
                "generation": self.generation,
                "toc": self.toc,
                "segments": self.segments,
                "roots": self.roots,
                "settings": self.settings,
                "files": [[source, *rec] for source, rec in self.files.items()],
                "skipped": [[source, *rec] for source, rec in self.skipped.items()],
            },
            separators=(",", ":"),
        ).encode("ascii")  # names that are not UTF-8 (surrogates) escaped, and read back the same
        return b"%s %d %s\n%s" % (_MAGIC, MANIFEST_VERSION, hashlib.sha256(body).hexdigest().encode(), body)

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest | None:
        """The manifest ``data`` holds; None unless it is whole and of this format."""
        header, _, body = data.partition(b"\n")
        if header.split(b" ") != [_MAGIC, b"%d" % MANIFEST_VERSION, hashlib.sha256(body).hexdigest().encode()]:
            return None
        try:
            raw = json.loads(body)
            files = {source: (int(size), int(mtime), int(checked)) for source, size, mtime, checked in raw["files"]}
            roots = {str(root): bool(follow) for root, follow in raw["roots"].items()}
            settings = {str(name): str(value) for name, value in raw["settings"].items()}
            segments = {str(name): int(size) for name, size in raw["segments"].items()}
            skipped = {
                source: (int(size), int(mtime), int(checked), str(reason))
                for source, size, mtime, checked, reason in raw["skipped"]
            }
            return cls(int(raw["generation"]), str(raw["toc"]), segments, roots, settings, files, skipped)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def write_manifest(
    folder: Path,
    toc: tuple[int, str],
    roots: Mapping[str, bool],
    settings: Mapping[str, str],
    records: Iterable,
    durable: bool = True,
    skipped: Mapping[str, tuple[int, int, int, str]] | None = None,
) -> None:
    """Replace the manifest of ``folder`` with one of ``records`` (:class:`index.store.FileRecord`)
    as of the commit ``toc`` (:func:`index.folder.current_toc`) and the files its run
    ``skipped`` for their content (see :class:`Manifest`); call it under the writer lock,
    after that commit. Left as it is when it already says the same."""
    files = {rec.source: (rec.size, rec.mtime_ns, rec.checked_ns) for rec in records}
    left_out = {source: rec for source, rec in (skipped or {}).items() if source not in files}
    segments = segment_files(folder)
    if segments is None:
        return
    data = Manifest(toc[0], toc[1], segments, dict(roots), dict(settings), files, left_out).to_bytes()
    path = folder / MANIFEST_FILE
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    replace_durably(path, data, durable)


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of ``folder``; None if there is none, or it is not whole, or of another format."""
    try:
        data = (folder / MANIFEST_FILE).read_bytes()
    except OSError:
        return None
    return Manifest.from_bytes(data)


def _to_read(manifest: Manifest) -> Callable[[SourceFile], bool]:
    """Whether the full run would read a file found by the walk: new, another size or mtime
    than recorded, or racy (as :func:`index.sync.plan` decides); a file skipped last time
    for its content, unless it is as it was then."""
    files, skipped = manifest.files, manifest.skipped

    def changed(sf: SourceFile) -> bool:
        rec = files.get(sf.path) or skipped.get(sf.path)
        return rec is None or rec[0] != sf.size or rec[1] != sf.mtime_ns or is_racy(rec[1], rec[2])

    return changed


def reindex_without_changes(
    folder: str | Path,
    follow_links: bool | None = None,
    as_text: Iterable[str] | None = None,
    max_file_size: int | None = None,
    fields: JsonlFields | None = None,
    durable: bool = True,
) -> SyncStats | None:
    """The statistics of a reindex of ``folder``'s index that has nothing to do (the status
    file written as the full run writes it), without opening the index; None when there
    may be something to do: then run :func:`index.sync.reindex`. The arguments: as there.
    """
    started = time.perf_counter()
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest is None:
        return None
    try:
        with private_files(folder), writer_lock(folder) as held:
            if not held or current_toc(folder) != (manifest.generation, manifest.toc):
                return None
            if segment_files(folder) != manifest.segments:  # damaged, or a killed writer's leftovers
                return None
            now, before = walk_settings(
                sorted(manifest.roots), manifest.roots, manifest.settings, follow_links, as_text, max_file_size, fields
            )
            if now != before:
                return None
            found = scan(now.follow, now.as_text, now.max_file_size, now.fields, until=_to_read(manifest))
            if found.stopped or found.missing or len(found.files) != len(manifest.files) + len(manifest.skipped):
                return None  # a file new, changed or racy; a root or a file gone
            stats = SyncStats(unchanged=len(manifest.files))
            found.count_into(stats)
            for source in found.files:  # skipped again, in the order the full run reads them
                if (skip := manifest.skipped.get(source)) is not None:
                    stats.note(SkippedSource(skip[3]))
            stats.seconds = time.perf_counter() - started
            write_status(folder, run_status(found.walked, manifest.roots, now, stats), durable)
    except OSError:  # the lock file cannot be opened or locked: the full run says why
        return None
    return stats
