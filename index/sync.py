"""Bring the index in step with files on disk: add new, replace changed, drop vanished.

One run, under the index's writer lock, goes through four stages:

1. **scan** the roots: every supported file with its size and mtime (:func:`index.scan.scan`);
   what the walk leaves out is reported (see :mod:`corpus.files`);
2. **decide** per file against the index's records (:func:`plan`): unchanged when
   size and mtime match, otherwise a candidate; recorded files not found are vanished,
   except below a folder or file that could not be examined;
3. **read** each candidate (:func:`prepare`): hash it, and only if the content
   differs read and split it; a pure function of the file, so it could run in a
   worker process; small files are read a batch ahead of being written, and the
   batch's words analysed together (:func:`_read_ahead`);
4. **write** the results (:func:`apply`) in transactions of about
   ``commit_every`` passages. A changed file's old passages are deleted in the same
   commit that adds its new ones, together with its file record, so every commit
   (and whatever a ``kill -9`` leaves) is a consistent index, and the next run
   converges to the files on disk.

**One file never stops a run.** Everything done for one file (open, decode, parse,
split in :func:`prepare`; analyse in the writer) runs behind a fault barrier: an
unexpected exception (a bug, a library giving up) fails that file, with its path and a
one-line reason (the traceback is kept in :attr:`SyncStats.tracebacks`), and the run
goes on. A failure while analysing leaves the transaction's writer holding part of a
document, so that transaction is discarded and redone without the file.

Every source ends up indexed, *skipped* (left out on purpose: binary, empty, gone,
a link not followed; what was indexed from it is removed) or *failed* (could not be
read; what was indexed from it is kept). Passages and file records are keyed by the
path as found under the root, which is also :attr:`corpus.Document.source` (links
are kept as found, not resolved).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "docs").mkdir()
    >>> _ = (tmp / "docs" / "a.txt").write_text("Спортсмены готовятся к Олимпиаде.", encoding="utf-8")
    >>> _ = (tmp / "docs" / "b.txt").write_bytes(b"")
    >>> pix = PassageIndex.create(tmp / "ix")
    >>> stats = sync_paths(pix, [tmp / "docs"])
    >>> stats.added, stats.skipped, stats.skips[0].endswith("b.txt: empty file, nothing to index")
    (1, 1, True)
    >>> stats = reindex(pix)
    >>> stats.unchanged, stats.added, stats.as_dict()["failed"]
    (1, 0, 0)
"""

from __future__ import annotations

import dataclasses
import os
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from polyseek.corpus import CorpusError, Document, SkippedSource
from polyseek.corpus.jsonl_fields import JsonlFields
from polyseek.corpus.opening import open_source
from polyseek.index.errors import SourceFailedError, SourceReadError, one_line_reason
from polyseek.index.folder import DEFAULT_LOCK_TIMEOUT
from polyseek.index.scan import AS_TEXT, JSONL_FIELDS, MAX_FILE_SIZE, Scan, SourceFile, is_under, scan, walk_settings
from polyseek.index.scan import is_racy as _racy
from polyseek.index.sourcetable import SourceTable
from polyseek.index.stats import Progress, ProgressCallback, SyncStats, run_status
from polyseek.index.store import DEFAULT_COMMIT_EVERY, FileRecord, PassageIndex, PassageWriter, WriteSession

if TYPE_CHECKING:  # pragma: no cover - imported when a file is read
    from polyseek.corpus.readers import SourceStream



# -- 2. decide -------------------------------------------------------------


@dataclass(slots=True)
class Plan:
    """What to do: the files to read, in the walk's order (packed: :class:`index.sourcetable.SourceTable`),
    with the records of those indexed before (by their place); the vanished files to delete."""

    candidates: SourceTable = field(default_factory=SourceTable)
    records: dict[int, FileRecord] = field(default_factory=dict)
    unchanged: int = 0
    vanished: list[str] = field(default_factory=list)

    def candidate(self, place: int) -> tuple[SourceFile, FileRecord | None]:
        """The file to read at ``place``, and its record (None for a new file)."""
        return self.candidates[place], self.records.get(place)


def is_racy(rec: FileRecord) -> bool:
    """Whether ``rec``'s mtime is too close to when it was examined to trust size+mtime
    (within :data:`index.scan.RACY_WINDOW_NS`)."""
    return _racy(rec.mtime_ns, rec.checked_ns)


def plan(found: Scan, known: dict[str, FileRecord]) -> Plan:
    """Compare the scan with the records: unchanged, to read, or vanished. The candidates
    wait where the scan's files did (:attr:`index.sourcetable.SourceTable.folder`)."""
    result = Plan(SourceTable(found.files.folder))
    unseen = dict.fromkeys(known)  # the recorded files the scan did not find, in the records' order
    for sf in found.files:
        rec = known.get(sf.path)
        if rec is not None:
            del unseen[sf.path]
        if rec and rec.size == sf.size and rec.mtime_ns == sf.mtime_ns and not is_racy(rec):
            result.unchanged += 1
            continue
        if rec is not None:
            result.records[len(result.candidates)] = rec
        result.candidates.append(sf)
    result.vanished = [
        source
        for source in unseen
        if any(is_under(source, r) for r in found.walked + found.missing)
        and not any(is_under(source, k) for k in found.kept)
    ]
    return result


# -- 3. read ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Replace:
    """New or changed content: (re)index what ``stream`` reads, then store :meth:`record`.

    The file is still open: its documents are read, decoded and split while they are
    written (:class:`corpus.readers.SourceStream`), so a big file is never held whole."""

    sf: SourceFile
    stream: SourceStream
    stat: os.stat_result
    checked_ns: int
    new: bool

    def record(self) -> FileRecord:
        """What the file looked like, once :attr:`stream` was read to its end."""
        stream, st = self.stream, self.stat
        return FileRecord(
            source=self.sf.path,
            root=self.sf.root,
            size=st.st_size,
            mtime_ns=st.st_mtime_ns,
            sha256=stream.sha256,
            documents=stream.documents,
            passages=stream.passages,
            languages=dict(stream.languages),
            indexed_at=time.time(),
            checked_ns=self.checked_ns,
        )


@dataclass(frozen=True, slots=True)
class Touch:
    """Same content under a new mtime (or a re-check): only the record changes.

    ``write``: False when the new record would tell the next run nothing more (the same size
    and mtime, and the mtime still too close to the check, or after it: a file dated in the
    future is read again on every run until its date has passed, and rewriting its record
    each time only deleted and re-added it, which made every run of a cron job merge the
    whole index)."""

    record: FileRecord
    write: bool = True


@dataclass(frozen=True, slots=True)
class Skipped:
    """Left out (gone since the scan, binary, empty): what was indexed from it goes.

    ``seen``: when the skip came from the file's content (empty, binary, no records...),
    its size and mtime as opened and when it was examined (``checked_ns``), which the
    manifest records so that the next reindex knows it unchanged (:mod:`index.manifest`);
    None when it came from the file's type or its being gone (then every run reads it again)."""

    source: str
    error: SkippedSource
    known: bool
    seen: tuple[int, int, int] | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """The file could not be read; an indexed earlier version stays as it was.

    ``detail``: the traceback, when the cause was an unexpected error."""

    error: CorpusError
    detail: str = ""


FileChange = Replace | Touch | Skipped | Failed


def prepare(sf: SourceFile, rec: FileRecord | None) -> FileChange:
    """Read one candidate file: hash it, and read and split it only if its content changed.

    The file is opened once (:func:`corpus.opening.open_source`): what is hashed and
    read is the regular file planned, as it was when opened, and its record holds the
    size and mtime of that open file. One removed or replaced by a folder since the
    scan is skipped as vanished; one replaced by a link, a FIFO or a device is skipped.

    Never raises for a problem of the file: an unexpected error (a bug, a library
    giving up on odd content) is a :class:`Failed` naming the file and the error.
    """
    try:
        return _prepare(sf, rec)
    except Exception as exc:
        error = CorpusError(f"{sf.path}: unexpected error ({one_line_reason(exc)}); rerun with -v for the traceback")
        return Failed(error, traceback.format_exc())


def _prepare(sf: SourceFile, rec: FileRecord | None) -> FileChange:
    checked_ns = time.time_ns()
    seen = None  # the open file's size and mtime, once it is open
    try:
        opened = open_source(sf.path, follow_links=sf.follow_links, real=sf.real or None)
        try:
            st = opened.stat
            seen = (st.st_size, st.st_mtime_ns, checked_ns)
            if rec is not None and rec.sha256 == opened.sha256():
                opened.close()
                touched = dataclasses.replace(rec, size=st.st_size, mtime_ns=st.st_mtime_ns, checked_ns=checked_ns)
                same = rec.size == touched.size and rec.mtime_ns == touched.mtime_ns
                return Touch(touched, write=not (same and is_racy(touched)))
            from polyseek.corpus.readers import SourceStream  # only for a file that changed: decoders, HTML...

            stream = SourceStream(opened, sf.path, sf.as_text, sf.fields)
        except BaseException:
            opened.close()
            raise
        stream.start()  # what fails the file as a whole fails it here, before anything is written
    except SkippedSource as exc:
        return Skipped(sf.path, exc, known=rec is not None, seen=seen)
    except CorpusError as exc:
        return Failed(exc)
    except OSError as exc:
        return Failed(CorpusError(f"{sf.path}: cannot read ({exc.strerror or exc})"))
    return Replace(sf, stream, st, checked_ns, new=rec is None)


#: Files read ahead of being written, at most (each holds its descriptor until it is written) ...
AHEAD_FILES = 128
#: ... and bytes of them (by the scan's sizes; a batch ends with the file that reaches them,
#: of which only the first part is read, as before): their words are analysed together before
#: the files are written one by one (:meth:`index.store.PassageWriter.learn_words`), as a
#: JSONL file's part's are.
AHEAD_BYTES = 1_000_000


def _read_ahead(w: PassageWriter, todo: Plan, start: int, failed: set[int], ahead: dict[int, FileChange]) -> None:
    """Read the candidates from ``start`` on (:func:`prepare`; up to :data:`AHEAD_FILES` files
    and :data:`AHEAD_BYTES` bytes, those whose place is in ``failed`` passed over) into ``ahead``
    (their place in ``todo.candidates`` -> the change), and have ``w`` analyse their words together.

    Reading a batch of small files one after another, then analysing their new words in one
    go, costs less than reading, analysing and writing each file in turn (3,000 news files:
    about 5 % of the command's CPU, most of it the words' first analysis)."""
    end, size = start, 0
    while end < len(todo.candidates) and end - start < AHEAD_FILES and size < AHEAD_BYTES:
        if end not in failed:
            sf, rec = todo.candidate(end)
            ahead[end] = prepare(sf, rec)
            size += sf.size
        end += 1
    read = [change for change in ahead.values() if isinstance(change, Replace)]
    if len(read) > 1:  # one file's words are analysed as it is written, as they were
        w.learn_words(doc for change in read for doc in change.stream.first_part)


def _let_go(ahead: dict[int, FileChange]) -> None:
    """Close the files read ahead and not written (a discarded transaction's redo reads them again)."""
    for change in ahead.values():
        if isinstance(change, Replace):
            change.stream.close()
    ahead.clear()


# -- 4. write --------------------------------------------------------------


def _changes_index(change: FileChange) -> bool:
    """Whether ``change`` changes the index (a failed file, or a new one skipped, does not)."""
    return not isinstance(change, Failed) and not (isinstance(change, Skipped) and not change.known)


def _parts(change: Replace) -> Iterator[list[Document]]:
    """The parts of a changed file, read as they are written. A problem met after the
    first part (an I/O error, an unexpected error) is a :class:`SourceReadError`: the
    transaction, which holds part of the file, is redone without it, so an indexed
    earlier version stays."""
    path = change.sf.path
    try:
        yield from change.stream.parts()
    except CorpusError as exc:
        raise SourceReadError(path, exc) from None
    except OSError as exc:
        raise SourceReadError(path, CorpusError(f"{path}: cannot read ({exc.strerror or exc})")) from None
    except Exception as exc:
        reason = f"{path}: unexpected error ({one_line_reason(exc)}); rerun with -v for the traceback"
        raise SourceReadError(path, CorpusError(reason), traceback.format_exc()) from None


def apply(w: PassageWriter, change: Replace | Touch | Skipped, stats: SyncStats) -> None:
    """Write one file's change into the open transaction and count it."""
    if isinstance(change, Replace):
        if not change.new:
            w.delete_source(change.sf.path)
        try:
            for part in _parts(change):
                stats.passages += w.add_documents(part)
        finally:
            change.stream.close()
        stats.note_bad_records(change.stream.bad)
        w.put_file_record(change.record(), new=change.new)
        if change.new:
            stats.added += 1
        else:
            stats.updated += 1
    elif isinstance(change, Touch):
        if change.write:
            w.put_file_record(change.record)
        stats.unchanged += 1
    elif change.known:
        w.delete_source(change.source)
        stats.deleted += 1


def _run(
    session: WriteSession,
    roots: list[str],
    follow_links: bool | None,
    progress: ProgressCallback | None,
    commit_every: int,
    as_text: Iterable[str] | None = None,
    max_file_size: int | None = None,
    fields: JsonlFields | None = None,
) -> SyncStats:
    started = time.perf_counter()
    stats = SyncStats()
    known = session.file_records()
    recorded = session.follow_links_by_root()
    settings = session.settings()
    now, was = walk_settings(roots, recorded, settings, follow_links, as_text, max_file_size, fields)
    follow = now.follow
    found = scan(follow, now.as_text, now.max_file_size, now.fields, folder=session.folder)
    todo = plan(found, known)
    # what the plan leaves to read lives on in todo (packed, its records until their files are
    # committed); the scan's files and the records (a reindex's unchanged files: all of them)
    # go now, not at the end of the run
    del known
    found.files.close()
    stats.unchanged = todo.unchanged
    found.count_into(stats)

    # Bookkeeping first, in its own commit: from then on a crash still remembers new roots.
    with session.begin(parallel=False) as w:
        if now.as_text != was.as_text:
            w.put_setting(AS_TEXT, ",".join(now.as_text))
        if now.max_file_size != was.max_file_size:
            w.put_setting(MAX_FILE_SIZE, str(now.max_file_size or ""))
        if now.fields != was.fields:
            w.put_setting(JSONL_FIELDS, str(now.fields))
        for root in roots:
            if root in found.missing:
                if root not in recorded:
                    stats.note(CorpusError(f"{root}: no such file or folder"))
                    continue
                w.delete_root(root)
                lost = sum(1 for s in todo.vanished if is_under(s, root))
                stats.note(
                    CorpusError(
                        f"{root}: no longer exists; its {lost} indexed files were removed "
                        f"(run `polyseek index {root}` when it is back)"
                    )
                )
            elif root in found.walked and recorded.get(root) != follow[root]:
                w.put_root(root, follow_links=follow[root])
        for source in todo.vanished:
            w.delete_source(source)
            stats.deleted += 1

    if progress and todo.candidates:
        progress(Progress(0, len(todo.candidates), 0, ""))
    first = 0  # the first candidate of the next transaction
    failed: set[int] = set()  # the places of the candidates whose analysis failed: left out when a transaction is redone
    skipped: dict[str, tuple[int, int, int, str]] = {}  # skipped for their content, as committed: for the manifest
    ahead: dict[int, FileChange] = {}  # files read ahead of being written (see _read_ahead)
    try:
        while first < len(todo.candidates):
            before = stats.copy()
            try:
                done = _transaction(session, todo, first, failed, stats, progress, commit_every, skipped, ahead)
            except SourceFailedError as exc:  # discarded: redo it without that source
                stats = before
                failed.add(_place(todo.candidates, exc.source, first))
                if isinstance(exc, SourceReadError):
                    stats.note(exc.error, exc.detail)
                else:
                    stats.note(CorpusError(f"{exc}; rerun with -v for the traceback"), exc.detail)
                continue
            # committed: never read again (a redo starts at ``first``); their records let go
            for place in range(first, done):
                todo.records.pop(place, None)
            first = done
    finally:
        _let_go(ahead)
        todo.candidates.close()
    stats.seconds = time.perf_counter() - started
    all_roots = session.follow_links_by_root()
    session.write_status(run_status(found.walked + found.missing, all_roots, now, stats))
    session.write_manifest(skipped)  # for the next reindex, read without opening the index (index.manifest)
    return stats


def _place(candidates: SourceTable, source: str, first: int) -> int:
    """The place of ``source`` among ``candidates`` from ``first`` on (the failed transaction's)."""
    return next(place for place in range(first, len(candidates)) if candidates[place].path == source)


def _transaction(
    session: WriteSession,
    todo: Plan,
    first: int,
    failed: set[int],
    stats: SyncStats,
    progress: ProgressCallback | None,
    commit_every: int,
    skipped: dict[str, tuple[int, int, int, str]],
    ahead: dict[int, FileChange],
) -> int:
    """Read and write the candidates from ``first`` on in one transaction until it holds
    ``commit_every`` passages; commit it and return the index of the next candidate.
    The files it skipped for their content go into ``skipped`` (source -> size, mtime,
    when examined, the reason) once it is committed.  Files are read a batch ahead
    (:func:`_read_ahead`): what was read for the next transaction stays in ``ahead``;
    a discarded transaction closes what it holds.

    Raises :class:`SourceFailedError` (the transaction discarded) when analysing a
    source fails; the candidates whose place is in ``failed`` are passed over.
    """
    skipped_here: dict[str, tuple[int, int, int, str]] = {}
    # begun before the first file is read: a parallel transaction forks its workers now,
    # while this process is small (forked later, each would start with a copy of the file);
    # a small job (what is left to read is below index.pipeline.MIN_JOB_BYTES) starts none
    sizes = todo.candidates.sizes
    left = sum(sizes[first:]) - sum(sizes[place] for place in failed if place >= first)
    w = session.begin(source_bytes=left)
    try:
        done = first
        while done < len(todo.candidates):
            sf = todo.candidates[done]
            if done not in failed:
                if done not in ahead:
                    _read_ahead(w, todo, done, failed, ahead)
                change = ahead.pop(done)
                if isinstance(change, (Skipped, Failed)):
                    stats.note(change.error, getattr(change, "detail", ""))
                if isinstance(change, Skipped) and change.seen is not None:
                    skipped_here[change.source] = (*change.seen, change.error.args[0])
                if _changes_index(change):
                    apply(w, change, stats)  # type: ignore[arg-type]  # _changes_index: not Failed
            done += 1
            if progress:
                progress(Progress(done, len(todo.candidates), stats.passages, sf.path))
            if w.passages >= commit_every:
                break
        w.commit()
    except BaseException:
        w.abort()
        _let_go(ahead)
        raise
    skipped.update(skipped_here)
    return done


def _absolute(paths: Iterable[str | Path]) -> list[str]:
    return list(dict.fromkeys(str(Path(p).expanduser().resolve()) for p in paths))


def sync_paths(
    pix: PassageIndex,
    paths: Iterable[str | Path],
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    progress: ProgressCallback | None = None,
    commit_every: int = DEFAULT_COMMIT_EVERY,
    follow_links: bool | None = None,
    jobs: int = 1,
    as_text: Iterable[str] | None = None,
    max_file_size: int | None = None,
    fields: JsonlFields | None = None,
) -> SyncStats:
    """Index ``paths`` (files or folders) and remember them as roots for :func:`reindex`.

    Already indexed files under them are only re-read if they changed; indexed
    files that are no longer there are removed. Symlinks below a path are followed
    only with ``follow_links`` (see :mod:`corpus.files`); the choice is remembered
    per path, and ``None`` keeps what was chosen last time (no, for a new path).
    ``jobs`` > 1 analyses passages in worker processes (``0``: one per core), see :mod:`index.pipeline`.
    ``as_text``: suffixes (``.log``) to read as plain text besides polyseek's own, for every
    path of the index from now on (remembered; ``None`` keeps what was given last time).
    ``max_file_size``: files larger than this many bytes are skipped (what was indexed from
    them is removed), for every path from now on (remembered; ``0``: no limit again;
    ``None``: as last time, at first none). ``fields``: the field names of JSONL records
    (:class:`corpus.jsonl.JsonlFields`; remembered, ``None``: as last time, at first the usual names).
    """
    roots = _absolute(paths)
    with pix.write_session(lock_timeout, jobs=jobs) as session:
        return _run(session, roots, follow_links, progress, commit_every, as_text, max_file_size, fields)


def reindex(
    pix: PassageIndex,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    progress: ProgressCallback | None = None,
    commit_every: int = DEFAULT_COMMIT_EVERY,
    follow_links: bool | None = None,
    jobs: int = 1,
    as_text: Iterable[str] | None = None,
    max_file_size: int | None = None,
    fields: JsonlFields | None = None,
) -> SyncStats:
    """Rescan every recorded root: the periodic job.

    Each root is walked as it was last indexed (following links or not) unless
    ``follow_links`` says otherwise for all of them (and is then remembered); ``as_text``,
    ``max_file_size``, ``fields``: see :func:`sync_paths`.
    """
    with pix.write_session(lock_timeout, jobs=jobs) as session:
        return _run(session, session.roots(), follow_links, progress, commit_every, as_text, max_file_size, fields)
