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
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

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

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest | None:
        """The manifest ``data`` holds (:func:`write_manifest`'s bytes); None unless it is whole and of this format."""
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
    records: Iterable[tuple[str, int, int, int]],
    durable: bool = True,
    skipped: Mapping[str, tuple[int, int, int, str]] | None = None,
) -> None:
    """Replace the manifest of ``folder`` with one of ``records`` (each file's source, size,
    mtime_ns and checked_ns: :meth:`index.filetable.FileTable.items`) as of the commit ``toc``
    (:func:`index.folder.current_toc`) and the files its run ``skipped`` for their content (see
    :class:`Manifest`); call it under the writer lock, after that commit. Left as it is when it
    already says the same.

    The file is a header line (format, SHA-256 of the body), then the body as JSON, written
    as ``records`` yields them, a few hundred at a time: made whole in memory, with the dict
    and lists it was made from, it took +46 MiB at the end of a run of 110,000 files (now +1)."""
    segments = segment_files(folder)
    if segments is None:
        return
    path = folder / MANIFEST_FILE
    body = _body(toc, segments, roots, settings, records, skipped or {})

    def write(fh: BinaryIO) -> bool:  # False: the manifest holds it already, left as it is
        header = _write_body(fh, body)
        return not _holds(path, header, fh.tell())

    replace_durably(path, write, durable)


#: Entries encoded at a time: one call of the encoder for a batch, not one for each.
_BATCH = 512
_HEADER_BYTES = len(b"%s %d %s\n" % (_MAGIC, MANIFEST_VERSION, b"0" * 64))


def _body(
    toc: tuple[int, str],
    segments: dict[str, int],
    roots: Mapping[str, bool],
    settings: Mapping[str, str],
    records: Iterable[tuple[str, int, int, int]],
    skipped: Mapping[str, tuple[int, int, int, str]],
) -> Iterator[bytes]:
    """The manifest's body in pieces: the JSON of the object :meth:`Manifest.from_bytes` reads,
    ``files`` one entry a record, ``skipped`` those of ``skipped`` that are not among them."""
    # names that are not UTF-8 (surrogates) escaped, and read back the same
    encode = json.JSONEncoder(separators=(",", ":")).encode
    head = {"generation": toc[0], "toc": toc[1], "segments": segments, "roots": dict(roots), "settings": dict(settings)}
    yield encode(head)[:-1].encode("ascii") + b',"files":['
    indexed = set()  # skipped files indexed since (a skip of an older run's)
    batch: list[list] = []
    comma = b""
    for record in records:
        if record[0] in skipped:
            indexed.add(record[0])
        batch.append(list(record))
        if len(batch) == _BATCH:
            yield comma + encode(batch)[1:-1].encode("ascii")
            batch, comma = [], b","
    if batch:
        yield comma + encode(batch)[1:-1].encode("ascii")
    left_out = [[source, *rec] for source, rec in skipped.items() if source not in indexed]
    yield b'],"skipped":' + encode(left_out).encode("ascii") + b"}"


def _write_body(fh: BinaryIO, body: Iterable[bytes]) -> bytes:
    """Write the manifest's header line and ``body`` to ``fh``; return the header."""
    digest = hashlib.sha256()
    fh.write(b" " * _HEADER_BYTES)  # its place: the body's digest is known at the end
    for piece in body:
        digest.update(piece)
        fh.write(piece)
    header = b"%s %d %s\n" % (_MAGIC, MANIFEST_VERSION, digest.hexdigest().encode())
    fh.seek(0)
    fh.write(header)
    fh.seek(0, os.SEEK_END)
    return header


def _holds(path: Path, header: bytes, size: int) -> bool:
    """Whether the file at ``path`` is a whole manifest of ``size`` bytes with ``header``
    (so with the same body: its digest is in the header)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size != size or fh.readline() != header:
                return False
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return False
    return header.split(b" ")[2] == digest.hexdigest().encode() + b"\n"


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
            found = scan(now.follow, now.as_text, now.max_file_size, now.fields, until=_to_read(manifest), folder=folder)
            if found.stopped or found.missing or len(found.files) != len(manifest.files) + len(manifest.skipped):
                return None  # a file new, changed or racy; a root or a file gone
            stats = SyncStats(unchanged=len(manifest.files))
            found.count_into(stats)
            for sf in found.files:  # skipped again, in the order the full run reads them
                if (skip := manifest.skipped.get(sf.path)) is not None:
                    stats.note(SkippedSource(skip[3]))
            stats.seconds = time.perf_counter() - started
            write_status(folder, run_status(found.walked, manifest.roots, now, stats), durable)
    except OSError:  # the lock file cannot be opened or locked: the full run says why
        return None
    return stats
