"""Open, create and write a polyseek index (a Whoosh index of passages).

Writing happens in a :class:`WriteSession`, which holds the index's writer lock
(an OS file lock: the kernel drops it when the process dies, however it dies) for
one or more transactions. Each transaction is one Whoosh commit: a new segment,
deletions recorded in a new table of contents (TOC), and the TOC renamed into
place, so readers see either the whole transaction or none of it. A commit is
durable when it returns (fsynced before the rename, see :mod:`index.durable`)
unless the index was opened with ``durable=False``.

Example:
    >>> import tempfile
    >>> from polyseek.corpus import read_file
    >>> from pathlib import Path
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "a.txt").write_text("Олимпийский комитет собрался в Лозанне.", encoding="utf-8")
    >>> pix = PassageIndex.create(tmp / "ix")
    >>> with pix.writer() as w:
    ...     w.add_documents(read_file(tmp / "a.txt"))
    1
    >>> pix.passage_count()
    1
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import MERGE_SMALL, OPTIMIZE, SegmentWriter

from polyseek.analyzers.analysis import remember_stopwords
from polyseek.analyzers.chains import (
    ARABIC_FUNCTION_TERMS,
    REMEMBERED,
    WORD,
    attach_store,
    detach_store,
    lasting_values,
    save_dropped,
    value_marks,
)
from polyseek.analyzers.still_used import UsedWords
from polyseek.index.durable import DurableFileStorage, fsync_folder
from polyseek.index.errors import (
    IndexCorruptError,
    IndexLockedError,
    IndexNotFoundError,
    IndexWriteError,
    PolyseekIndexError,
    blamed_on,
    one_line_reason,
)
from polyseek.index.folder import (
    DEFAULT_LOCK_TIMEOUT,
    INDEX_NAME,
    LOCK_NAME,
    MANIFEST_FILE,
    STATUS_FILE,
    current_toc,
    private_files,
    read_status,
    write_status,
)
from polyseek.index.integrity import check_segments
from polyseek.index.legacy_names import install as read_old_package_names
from polyseek.index.mapped import install as map_segments_without_copying
from polyseek.index.mapped import release_pages
from polyseek.index.records import LANG, TEXT, TITLE, passage_fields
from polyseek.index.schema import KIND_FILE, KIND_PASSAGE, KIND_ROOT, KIND_SETTING, SIDE_FIELDS, build_schema, side_text
from polyseek.index.wordcache import WordCache

# A search process reads segments through their memory map instead of copying them (index.mapped).
map_segments_without_copying()
# Indexes of versions up to 0.1.0 name our classes by their old top-level modules (index.legacy_names).
read_old_package_names()

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.corpus import Document
    from polyseek.index.filetable import FileTable
    from polyseek.index.pipeline import ParallelIndexer

#: Passages written before a transaction is committed (bounds the work a crash loses).
DEFAULT_COMMIT_EVERY = 10_000

assert INDEX_NAME == whoosh_index._DEF_INDEX_NAME  # index.folder reads Whoosh's file names without Whoosh
_TOC_TEMP = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.toc\.")

#: A segment with more than this share of deleted documents, when they are also more
#: than :data:`MIN_DELETED_OF_INDEX` of all documents, is rewritten at the next commit.
MAX_DELETED_SHARE = 0.25
MIN_DELETED_OF_INDEX = 0.05

#: A commit that adds at most this share of the largest segment's live documents is a
#: *small* one (a reindex of a few changed files): it keeps the index at two segments
#: (see :func:`merge_policy`), and the segments beside the largest may hold this share of it.
SMALL_SHARE = 0.05

#: After small commits, the largest segment is rewritten once more than this share of it is deleted.
SMALL_DELETED_SHARE = 0.10
#: Segments bigger than :data:`SMALL_SHARE` of the largest (a first index's batches, or small
#: commits' segments that outgrew that share) that small commits leave beside the largest...
MIDDLE_SEGMENTS = 2
#: ... and once there would be more, merge into one while together they hold at most this
#: share of the largest; past it, every segment is merged into one.
MIDDLE_SHARE = 0.25

#: The word cache's pruning gives back the term table pages it read after this many terms
#: (each lookup maps a few 64 KiB runs: the pass then holds ~20 MiB of them, not the tables).
RELEASE_EVERY = 256

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileRecord:
    """What an indexed source file looked like when it was indexed.

    ``checked_ns`` is the wall-clock time (ns) just before the file was examined;
    a file whose ``mtime_ns`` is that close to it may have been changed again
    within the file system's timestamp resolution, so it is hashed next time.
    """

    source: str
    root: str
    size: int
    mtime_ns: int
    sha256: str
    documents: int
    passages: int
    languages: dict[str, int] = field(default_factory=dict)
    indexed_at: float = 0.0
    checked_ns: int = 0


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe_write_error(exc: OSError, path: Path) -> str:
    """A one-line message for an error while writing the index, naming the next step."""
    kept = "the index still holds its last committed state"
    if exc.errno == errno.ENOSPC:
        return f"no space left on device while writing the index at {path}; {kept}; free some space and rerun"
    if exc.errno == errno.EDQUOT:
        return f"disk quota exceeded while writing the index at {path}; {kept}; free some space and rerun"
    if exc.errno == errno.EFBIG:
        return f"file too large while writing the index at {path} (file size limit, see ulimit -f); {kept}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"permission denied writing the index at {path}; {kept}; check the directory's owner and permissions"
    return f"could not write the index at {path}: {exc.strerror or exc}; {kept}"


def _read_damaged(path: Path, fn: Callable[[], T], what: str = "its table of contents") -> T:
    """``fn()`` (reading ``what``): bytes that cannot be decoded, or a file missing although
    no commit happened meanwhile (the TOC that names it is still the latest), are damage.

    A committing writer deletes the previous TOC and merged segments; a reader that listed
    the directory just before can find them gone: then it retries, and the next listing
    names a complete, newer generation.
    """
    storage = FileStorage(str(path))
    for attempt in range(20):
        generation = whoosh_index.TOC._latest_generation(storage, INDEX_NAME)
        try:
            return fn()
        except FileNotFoundError as exc:
            if whoosh_index.TOC._latest_generation(storage, INDEX_NAME) == generation or attempt == 19:
                raise IndexCorruptError(path, f"{Path(exc.filename or '?').name} is missing") from None
            time.sleep(0.01 * (attempt + 1))
        except OSError:
            raise
        except Exception as exc:  # noqa: BLE001 - Whoosh fails in many ways on damaged bytes
            raise IndexCorruptError(path, f"{what} cannot be read: {one_line_reason(exc, 120)}") from None
    raise AssertionError("unreachable")


def merge_policy(writer: SegmentWriter, segments: list) -> list:
    """Which segments a commit merges into its new one (it returns those it leaves as they are).

    A search pays per segment (each term is looked up, each word's spellings in other
    scripts found, in every segment), so segments must stay few; merging costs what the
    merged segments hold (Whoosh reads and writes every posting: about what indexing them
    cost), so a small commit must not rewrite the index.

    - **A small commit** (at most :data:`SMALL_SHARE` of the largest segment's live
      documents, as a periodic reindex of a few changed files is) merges the smallest
      segments into its own while together they stay within that share: see
      :func:`_small_commit_merges`.
    - **A big commit** (a first index, in batches): Whoosh's ``MERGE_SMALL`` (small
      segments merge on a Fibonacci schedule), and a segment is rewritten without its
      deleted documents once they are more than :data:`MAX_DELETED_SHARE` of it and
      :data:`MIN_DELETED_OF_INDEX` of the index.
    """
    if not segments:
        return segments
    largest = max(segments, key=lambda seg: seg.doc_count())
    room = SMALL_SHARE * largest.doc_count()
    added = writer.docnum - writer.docbase
    if added <= room:  # a small commit
        merged = _small_commit_merges(segments, largest, room, added)
        for seg in merged:
            _merge_into(writer, seg)
        return [seg for seg in segments if seg not in merged]
    total = sum(seg.doc_count_all() for seg in segments) or 1
    remaining = MERGE_SMALL(writer, segments)
    kept = []
    for seg in remaining:
        dead_docs = seg.deleted_count()
        if dead_docs > MAX_DELETED_SHARE * seg.doc_count_all() and dead_docs > MIN_DELETED_OF_INDEX * total:
            _merge_into(writer, seg)
        else:
            kept.append(seg)
    return kept


def _small_commit_merges(segments: list, largest: Any, room: float, added: int) -> list:
    """The segments a small commit of ``added`` documents merges (``room``: :data:`SMALL_SHARE`
    of ``largest``'s live documents), in three tiers:

    - the *small* ones, the smallest first while they and the commit fit in ``room``: the
      newest small segment holds the last commits, each rewriting at most a twentieth of
      the index;
    - the *middle* ones, each too big for that (a first index's other batches, or a small
      segment that outgrew the room): left as they are, up to :data:`MIDDLE_SEGMENTS`; one
      with more than :data:`SMALL_DELETED_SHARE` deleted is rewritten; past that count they
      are merged into one while they hold at most :data:`MIDDLE_SHARE` of the largest;
    - every segment, without its deleted documents, when more than that would be merged or
      more than :data:`SMALL_DELETED_SHARE` of the largest is deleted (replaced and removed
      files): a rewrite of the index once every few dozen runs of a few files.

    Before the middle tier, a small commit beside a first index's several batches merged
    them all: the first reindex after ``polyseek index`` of 100 files cost 67% of the index.
    """
    if _mostly_deleted(largest):
        return segments
    others = sorted((seg for seg in segments if seg is not largest), key=lambda seg: seg.doc_count())
    small, total = [], added
    for seg in others:
        if total + seg.doc_count() > room:
            break
        small.append(seg)
        total += seg.doc_count()
    rest = others[len(small) :]
    middle = [seg for seg in rest if not _mostly_deleted(seg)]
    small += [seg for seg in rest if _mostly_deleted(seg)]
    if len(middle) > MIDDLE_SEGMENTS:
        if sum(seg.doc_count() for seg in middle) > MIDDLE_SHARE * largest.doc_count():
            return segments
        small += middle
    return small


def _mostly_deleted(segment) -> bool:
    """More than :data:`SMALL_DELETED_SHARE` of ``segment``'s documents are deleted."""
    return segment.deleted_count() > SMALL_DELETED_SHARE * segment.doc_count_all()


def _merge_into(writer: SegmentWriter, segment) -> None:
    """Add ``segment``'s live documents to the segment ``writer`` is writing."""
    reader = SegmentReader(writer.storage, writer.schema, segment)
    writer.add_reader(reader)
    reader.close()


def _index_write(method: Callable[..., T]) -> Callable[..., T]:
    """Report an OS error while writing the index as :class:`IndexWriteError` (the transaction is discarded)."""

    @functools.wraps(method)
    def wrapper(self: PassageWriter, *args, **kwargs) -> T:
        try:
            return method(self, *args, **kwargs)
        except OSError as exc:
            self.abort()
            raise IndexWriteError(describe_write_error(exc, self._path)) from None

    return wrapper


def _side_texts(documents: Iterable[Document]) -> dict[str, str]:
    """Each source of ``documents`` -> the text of all its words there
    (:func:`~polyseek.index.schema.side_text`), which the side fields of its first passage
    index (see SIDE_FIELDS)."""
    by_source: dict[str, list[Document]] = {}
    for doc in documents:
        by_source.setdefault(doc.source, []).append(doc)
    texts = {}
    for source, docs in by_source.items():
        with blamed_on(source):
            texts[source] = side_text(docs)
    return texts


class PassageWriter:
    """One transaction: add and remove passages and bookkeeping records, then commit.

    Use it as a context manager (committed when the block ends, discarded if it
    raises) or call :meth:`commit` / :meth:`abort`. Nothing is visible to readers
    before the commit, and a process killed before it leaves the index as it was.
    With a ``pipeline`` (see :mod:`index.pipeline`) passages are analysed and written by
    worker processes into segments of their own, which join this transaction's commit.
    """

    def __init__(
        self,
        writer: SegmentWriter,
        index_path: Path,
        pipeline: ParallelIndexer | None = None,
        words: WordCache | None = None,
        on_commit: Callable[[list[tuple]], None] | None = None,
    ) -> None:
        self._w = writer
        self._path = index_path
        self._pipeline = pipeline
        self._words = words
        self._on_commit = on_commit
        #: the bookkeeping changes, in order (``("file", FileRecord)``, ``("gone", source)``,
        #: ``("root", root, follow_links)``, ``("unroot", root)``, ``("setting", name, value)``),
        #: handed to ``on_commit`` once committed
        self.bookkeeping: list[tuple] = []
        self.changed = False
        self.passages = 0

    # -- changes ---------------------------------------------------------
    @_index_write
    def add_documents(self, documents: Iterable[Document]) -> int:
        """Index every passage of ``documents``; return how many."""
        if self._pipeline is not None:  # analysed and written by worker processes
            n = self._pipeline.add_documents(documents)
            self.changed = True
            self.passages += n
            return n
        n = 0
        documents = list(documents)
        vocabulary = _side_texts(documents)
        for doc in documents:
            with blamed_on(doc.source):
                n += self._add_document(doc, vocabulary)
        self.changed = True
        self.passages += n
        return n

    def learn_words(self, documents: Iterable[Document]) -> None:
        """Analyse ahead, together, the words that the side fields of ``documents`` (several
        files' about to be added) will ask for, so that adding each file finds them analysed
        (the same terms: only the caches fill sooner; see ``_SideFieldAnalyzer.learn``).
        Nothing with a pipeline (its workers analyse what they add).  A word whose analysis
        fails here is left for its own file, which fails with it."""
        if self._pipeline is not None:
            return
        texts = list(_side_texts(documents).values())
        schema = self._w.schema
        for name in SIDE_FIELDS:
            learn = getattr(schema[name].analyzer, "learn", None) if name in schema else None
            if learn is not None:
                with contextlib.suppress(Exception):
                    learn(texts)

    def _add_document(self, doc: Document, vocabulary: dict[str, str]) -> int:
        from polyseek.corpus.failpoints import failpoint  # imported here: a search never writes

        for p in doc.passages:
            side = dict.fromkeys(SIDE_FIELDS, vocabulary.pop(doc.source)) if doc.source in vocabulary else {}
            self._w.add_document(**passage_fields(doc, p), **side)
            failpoint("analyse", doc.source)  # a test hook: after a passage is in the writer
        return len(doc.passages)

    @_index_write
    def delete_source(self, source: str) -> None:
        """Remove every passage read from the file ``source`` and its file record."""
        self._w.delete_by_term("source", source)
        self.bookkeeping.append(("gone", source))
        self.changed = True

    @_index_write
    def put_file_record(self, rec: FileRecord, new: bool = False) -> None:
        """Record (or replace) what ``rec.source`` looked like when indexed.

        ``new``: no record of ``rec.source`` is committed (the caller read the records under
        this session's lock), so there is none to look up and replace: the record is added.
        """
        write = self._w.add_document if new else self._w.update_document
        write(
            kind=KIND_FILE,
            pid=f"file:{rec.source}",
            source=rec.source,
            root=rec.root,
            size=rec.size,
            mtime_ns=rec.mtime_ns,
            sha256=rec.sha256,
            documents=rec.documents,
            passages=rec.passages,
            doc_lang=dict(rec.languages),
            indexed_at=rec.indexed_at or time.time(),
            checked_ns=rec.checked_ns,
        )
        self.bookkeeping.append(("file", rec))
        self.changed = True

    @_index_write
    def put_root(self, root: str, follow_links: bool = False) -> None:
        """Remember ``root`` as a path that ``reindex`` rescans, following links below it or not."""
        self._w.update_document(kind=KIND_ROOT, pid=f"root:{root}", root=root, follow_links=follow_links)
        self.bookkeeping.append(("root", root, follow_links))
        self.changed = True

    @_index_write
    def put_setting(self, name: str, value: str) -> None:
        """Remember the setting ``name`` (``""``: forget it; see :meth:`PassageIndex.settings`)."""
        if value:
            self._w.update_document(kind=KIND_SETTING, pid=f"setting:{name}", root=value)
        else:
            self._w.delete_by_term("pid", f"setting:{name}")
        self.bookkeeping.append(("setting", name, value))
        self.changed = True

    @_index_write
    def delete_root(self, root: str) -> None:
        """Forget ``root`` (its files are removed separately with :meth:`delete_source`)."""
        self._w.delete_by_term("pid", f"root:{root}")
        self.bookkeeping.append(("unroot", root))
        self.changed = True

    # -- ending ----------------------------------------------------------
    def commit(self, optimize: bool = False) -> None:
        """Make the changes visible atomically; without changes (and no ``optimize``) write nothing.

        Raises :class:`IndexWriteError` if the disk refuses; the last committed
        state is then still the index's state.
        """
        if not (self.changed or optimize):
            self.abort()
            return
        storage, w = self._w.storage, self._w
        segments: list = []
        if self._pipeline is not None:
            try:
                segments = self._pipeline.finish()
            except BaseException as exc:
                self.abort()
                if isinstance(exc, OSError):
                    raise IndexWriteError(describe_write_error(exc, self._path)) from None
                raise
        if segments:  # the workers' segments join the commit as they are
            mergetype = lambda writer, existing: merge_policy(writer, existing) + segments  # noqa: E731
        else:
            mergetype = OPTIMIZE if optimize else merge_policy
        from polyseek.index.speedups import gc_paused  # imported with the writer

        try:
            with gc_paused():  # the segment's postings: many objects, no cycles
                w.commit(mergetype=mergetype)
        except OSError as exc:
            committed = whoosh_index.TOC._latest_generation(storage, INDEX_NAME) >= w.generation
            if not committed:
                self._discard()
                raise IndexWriteError(describe_write_error(exc, self._path)) from None
            # The new TOC is in place; only tidying up after it failed.
            with contextlib.suppress(Exception):
                w._tempstorage.destroy()
            w.is_closed = True
        if self._on_commit is not None:
            self._on_commit(self.bookkeeping)

    def abort(self) -> None:
        """Discard every change of this transaction."""
        if self._pipeline is not None:
            pipeline, self._pipeline = self._pipeline, None
            pipeline.cancel()
        if not self._w.is_closed:
            self._discard()

    def _discard(self) -> None:
        if self._pipeline is not None:
            pipeline, self._pipeline = self._pipeline, None
            pipeline.cancel()
        w = self._w
        with contextlib.suppress(Exception):
            w.cancel()
        w.is_closed = True
        with contextlib.suppress(Exception):
            w._tempstorage.destroy()
        # Whoosh leaves the cancelled segment's files behind; on a full disk they matter.
        prefix = w.newsegment.segment_id() + "."
        for name in os.listdir(self._path):
            if name.startswith(prefix):
                with contextlib.suppress(OSError):
                    os.remove(self._path / name)

    def __enter__(self) -> PassageWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
            return
        self.abort()
        if isinstance(exc, OSError):
            raise IndexWriteError(describe_write_error(exc, self._path)) from None


class WriteSession:
    """The writer lock held across several transactions (see :meth:`PassageIndex.write_session`).

    ``jobs`` > 1 analyses and writes each transaction's passages in that many processes
    once ``start_chars`` characters of passage text are waiting (see :mod:`index.pipeline`),
    unless the transaction is known to be small; after a transaction that went parallel,
    the next ones do from their start.
    """

    def __init__(self, pix: PassageIndex, jobs: int = 1, start_chars: int | None = None) -> None:
        from polyseek.index.pipeline import resolve_jobs  # writing only: never imported by a search

        self._pix = pix
        self._jobs = resolve_jobs(jobs)
        self._start_chars = start_chars
        self._pipeline: ParallelIndexer | None = None  # the last transaction's
        # the index's file records (what the manifest needs of them), roots and settings as
        # of the last commit, once read (kept up to date by each commit's bookkeeping)
        self._records: FileTable | None = None
        self._roots: dict[str, bool] | None = None
        self._settings: dict[str, str] | None = None

    def begin(self, parallel: bool = True, source_bytes: int | None = None) -> PassageWriter:
        """Start a transaction (commit or abort it, or use it as a context manager);
        ``parallel=False``: without worker processes (bookkeeping, optimizing), as when
        ``source_bytes`` (the size of the files it will read, if known) is below
        :data:`index.pipeline.MIN_JOB_BYTES`."""
        from polyseek.index.pipeline import MIN_JOB_BYTES, POOL_MB, ParallelIndexer
        from polyseek.index.speedups import segment_writer

        pix = self._pix
        try:
            w = segment_writer(pix._ix, POOL_MB)
        except OSError as exc:
            raise IndexWriteError(describe_write_error(exc, pix.path)) from None
        pipeline = None
        if source_bytes is not None and source_bytes < MIN_JOB_BYTES:
            parallel = False
        if self._jobs > 1 and parallel:
            if self._pipeline is not None and self._pipeline.started:
                self._start_chars = 0  # a big job: its later transactions go parallel at once
            direct = PassageWriter(w, pix.path).add_documents
            pipeline = ParallelIndexer(pix.path, pix._ix.indexname, self._jobs, direct, start_chars=self._start_chars)
            self._pipeline = pipeline
        return PassageWriter(w, pix.path, pipeline, pix.word_cache(), self._committed)

    @property
    def folder(self) -> Path:
        """The index's folder (where a run's temporary files go)."""
        return self._pix.path

    def file_records(self) -> dict[str, FileRecord]:
        """Every indexed source file (see :meth:`PassageIndex.file_records`)."""
        records = self._pix.file_records()
        self._records = _file_table(self._pix.path, records.values())
        return records

    def roots(self) -> list[str]:
        return sorted(self.follow_links_by_root())

    def follow_links_by_root(self) -> dict[str, bool]:
        roots = self._pix.follow_links_by_root()
        self._roots = dict(roots)
        return roots

    def settings(self) -> dict[str, str]:
        settings = self._pix.settings()
        self._settings = dict(settings)
        return settings

    def _committed(self, bookkeeping: list[tuple]) -> None:
        """A transaction committed ``bookkeeping`` (see :attr:`PassageWriter.bookkeeping`)."""
        records, roots, settings = self._records, self._roots, self._settings
        deleted = False
        for change in bookkeeping:
            kind = change[0]
            if kind == "file" and records is not None:
                rec = change[1]
                records.put(rec.source, rec.size, rec.mtime_ns, rec.checked_ns)
            elif kind == "gone":
                deleted = True
                if records is not None:
                    records.drop(change[1])
            elif kind == "root" and roots is not None:
                roots[change[1]] = change[2]
            elif kind == "unroot" and roots is not None:
                roots.pop(change[1], None)
            elif kind == "setting" and settings is not None:
                if change[2]:
                    settings[change[1]] = change[2]
                else:
                    settings.pop(change[1], None)
        if deleted and self._pix._words is not None:  # the session's word cache (write_session opened it)
            self._pix._words.passages_deleted()

    def write_status(self, status: dict) -> bool:
        """Save ``status`` (the last run's statistics) beside the index; False if the disk refused."""
        return write_status(self._pix.path, status, self._pix.durable)

    def write_manifest(self, skipped: Mapping[str, tuple[int, int, int, str]] | None = None) -> None:
        """Write the manifest of the last commit (:mod:`index.manifest`): its file records,
        roots and settings (as this session read them, with what its commits changed; read
        from the index if it has not), and ``skipped``: the files the run skipped for their
        content (source -> size, mtime, when examined, the reason); a disk that refuses
        leaves the old one, which names an older commit and so is not used."""
        pix = self._pix
        toc = current_toc(pix.path)
        if toc is None:
            return
        records = self._records if self._records is not None else _file_table(pix.path, pix.file_records().values())
        roots = self._roots if self._roots is not None else pix.follow_links_by_root()
        settings = self._settings if self._settings is not None else pix.settings()
        from polyseek.index.manifest import write_manifest  # writing only: a search never imports it

        with contextlib.suppress(OSError):
            write_manifest(pix.path, toc, roots, settings, records.items(), pix.durable, skipped or {})


def _file_table(folder: Path, records: Iterable[FileRecord]) -> FileTable:
    """``records`` as the manifest needs them (:mod:`index.filetable`), in their order."""
    from polyseek.index.filetable import FileTable  # writing only: a search never imports it

    table = FileTable(folder)
    for rec in records:
        table.put(rec.source, rec.size, rec.mtime_ns, rec.checked_ns)
    return table


class PassageIndex:
    """A polyseek index directory.

    ``durable=False`` (on :meth:`create`, :meth:`open`, :meth:`open_or_create`) commits
    without fsync: faster, but a power cut or kernel crash can lose the last commits or
    leave the index unreadable (see :mod:`index.durable`).
    """

    def __init__(self, ix: whoosh_index.FileIndex, path: Path) -> None:
        self._ix = ix
        self.path = path
        self._words: WordCache | None = None
        self._words_settings: Any = None
        self._arabic_seen = False  # a write session met Arabic words (their stop words are kept too)

    @property
    def durable(self) -> bool:
        """Whether commits are fsynced before they return."""
        return bool(getattr(self._ix.storage, "durable", False))

    # -- opening ---------------------------------------------------------
    @staticmethod
    def exists(path: str | Path) -> bool:
        """True if ``path`` holds a polyseek index (a committed TOC)."""
        p = Path(path)
        return p.is_dir() and whoosh_index.TOC._latest_generation(FileStorage(str(p)), INDEX_NAME) >= 0

    @classmethod
    def create(cls, path: str | Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, durable: bool = True) -> PassageIndex:
        """Create a new, empty index at ``path`` (replacing one that is there)."""
        p = Path(path)
        try:
            _make_folder(p, durable)
            with _locked(p, lock_timeout):
                storage = DurableFileStorage(p, durable=durable)
                ix = FileIndex.create(storage, build_schema(), INDEX_NAME)
        except OSError as exc:
            raise IndexWriteError(describe_write_error(exc, p)) from None
        return cls(ix, p)

    @classmethod
    def open(cls, path: str | Path, durable: bool = True, check: bool = True) -> PassageIndex:
        """Open an existing index; raise :class:`IndexNotFoundError` if there is none, and
        :class:`IndexCorruptError` if its table of contents cannot be read or (``check``)
        a file it names is missing or not the size it was written with."""
        p = Path(path)
        if not cls.exists(p):
            raise IndexNotFoundError(
                f"no polyseek index at {p}; create one with: polyseek index PATH --index {p}"
            )
        storage = DurableFileStorage(p, durable=durable)
        pix = cls(_read_damaged(p, lambda: FileIndex(storage, indexname=INDEX_NAME)), p)
        if check:
            pix.check(full=False)
        return pix

    @classmethod
    def open_or_create(
        cls, path: str | Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, durable: bool = True
    ) -> PassageIndex:
        """Open the index at ``path``, creating it first if it does not exist."""
        p = Path(path)
        if cls.exists(p):
            return cls.open(p, durable=durable)
        try:
            _make_folder(p, durable)
            with _locked(p, lock_timeout):
                if not cls.exists(p):  # another process may have created it meanwhile
                    FileIndex.create(DurableFileStorage(p, durable=durable), build_schema(), INDEX_NAME)
        except OSError as exc:
            raise IndexWriteError(describe_write_error(exc, p)) from None
        return cls.open(p, durable=durable)

    # -- reading ---------------------------------------------------------
    def word_cache(self, schema: Any = None) -> WordCache | None:
        """The index's word cache (:mod:`polyseek.index.wordcache`), consulted from now on by
        the analyzers for the index's settings; None for an index whose analyzer has none."""
        if self._words is None:
            settings = getattr(getattr((schema or self.schema)[TEXT], "analyzer", None), "settings", None)
            if settings is None:
                return None
            self._words = WordCache(self.path, settings, self.durable)
            self._words_settings = settings
        attach_store(self._words_settings, self._words)  # again: another index may be attached since
        return self._words

    def _keep_words(self, words: WordCache, values: dict[str, dict[str, Any]]) -> None:
        """Values full caches drop during a write session: held for the word cache file."""
        if not self._arabic_seen:
            self._arabic_seen = any(entry[0] == "ar" for entry in values.get(WORD, {}).values())
        with contextlib.suppress(OSError):  # only a cache: a full disk costs time later
            words.keep(values)

    def _save_words(self, words: WordCache, marks: dict[str, int]) -> None:
        """At the end of a write session: what its caches gained (and still hold, the rest
        was kept as they dropped it) goes to the word cache file."""
        settings = self._words_settings
        values = lasting_values(settings, marks)
        if words.get(REMEMBERED, ARABIC_FUNCTION_TERMS) is None and (
            self._arabic_seen or any(entry[0] == "ar" for entry in values[WORD].values()) or self._holds_arabic()
        ):
            # searches ask for them (cross-script matching); saved with a mark, so that later
            # sessions need not analyse them again (nor load stopwordsiso's lists), and their
            # terms as one value (chains.REMEMBERED)
            stop = remember_stopwords(settings, "ar")
            terms = tuple(sorted({term for entry in stop.values() for term in entry[1]}))
            values = {**lasting_values(settings, marks), REMEMBERED: {"ar": True, ARABIC_FUNCTION_TERMS: terms}}
            values[WORD] = {**values[WORD], **stop}  # also those this process knew before the session
        with contextlib.ExitStack() as stack, contextlib.suppress(OSError):
            words.save(values, lambda: self._used_words(stack))

    def _holds_arabic(self) -> bool:
        """Whether the index has Arabic passages (a process whose caches knew their words before
        the write session gains none of them, and an index written before their terms were kept
        as one value gets it at its next write session)."""
        with contextlib.suppress(Exception), self._ix.reader() as reader:
            return reader.doc_frequency(LANG, "ar") > 0
        return False

    def _used_words(self, stack: contextlib.ExitStack) -> UsedWords:
        """What the word cache's pruning keeps: the words whose terms a passage of the
        index's last commit has in its text or title (the reader is closed by ``stack``)."""
        reader = stack.enter_context(self._ix.reader())
        # a deleted passage's terms stay in its segment until a merge: a term is live for sure
        # where more passages have it than the segment has deleted, else its postings tell
        leaves = [(leaf, leaf.doc_count_all() - leaf.doc_count()) for leaf, _ in reader.leaf_readers()]
        found: dict[str, bool] = {}  # many words share a lemma (the last 100,000 terms asked)

        def in_index(term: str) -> bool:
            live = found.get(term)
            if live is None:
                if len(found) >= 100_000:
                    found.clear()
                if len(found) % RELEASE_EVERY == 0:
                    # lookups land all over the term tables: without this the pass holds the
                    # tables resident, growing with the index (29 MiB of a 150 MB file's)
                    release_pages(reader)
                live = found[term] = any(
                    (name, term) in leaf and (leaf.doc_frequency(name, term) > dead or leaf.postings(name, term).is_active())
                    for leaf, dead in leaves
                    for name in (TEXT, TITLE)
                )
            return live

        return UsedWords(in_index)

    def searcher(self, weighting=None) -> Searcher:
        """A Whoosh searcher over the last committed state (close it when done)."""
        kwargs = {"weighting": weighting} if weighting else {}
        searcher = _read_damaged(self.path, lambda: self._ix.searcher(**kwargs), "its segments")
        self.word_cache(searcher.schema)
        return searcher

    def fresh_searcher(self, current: Searcher | None, weighting=None) -> Searcher:
        """``current`` if the index has not changed since it was opened, else a new searcher.

        Whoosh's own ``Searcher.refresh()`` reuses segment readers and, in
        whoosh-reloaded 2.7.5, keeps readers of segments the new TOC dropped and
        the old deletion sets: it returns replaced passages as well as the new
        ones. Opening afresh costs a little more and is always right.
        """
        if current is not None:
            latest = whoosh_index.TOC._latest_generation(self._ix.storage, INDEX_NAME)
            if current.reader().generation() == latest:
                return current
            current.close()
        return self.searcher(weighting)

    @property
    def schema(self):
        return self._ix.schema

    def generation(self) -> int:
        """Number of the last commit (changes whenever a transaction commits)."""
        return whoosh_index.TOC._latest_generation(self._ix.storage, INDEX_NAME)

    def passage_count(self) -> int:
        with self.searcher() as s:
            return sum(1 for _ in s.document_numbers(kind=KIND_PASSAGE))

    def file_records(self) -> dict[str, FileRecord]:
        """Every indexed source file, keyed by its absolute path."""
        out: dict[str, FileRecord] = {}
        with self.searcher() as s:
            for f in s.documents(kind=KIND_FILE):
                out[f["source"]] = FileRecord(
                    source=f["source"],
                    root=f.get("root", ""),
                    size=f.get("size", 0),
                    mtime_ns=f.get("mtime_ns", 0),
                    sha256=f.get("sha256", ""),
                    documents=f.get("documents", 0),
                    passages=f.get("passages", 0),
                    languages=dict(f.get("doc_lang") or {}),
                    indexed_at=f.get("indexed_at", 0.0),
                    checked_ns=f.get("checked_ns", 0),
                )
        return out

    def roots(self) -> list[str]:
        """The paths the user asked to index, in sorted order."""
        return sorted(self.follow_links_by_root())

    def follow_links_by_root(self) -> dict[str, bool]:
        """Each path the user asked to index, and whether links below it are followed."""
        with self.searcher() as s:
            return {f["root"]: bool(f.get("follow_links", False)) for f in s.documents(kind=KIND_ROOT)}

    def settings(self) -> dict[str, str]:
        """The index's settings (:data:`AS_TEXT`: ``polyseek index --text-ext``,
        :data:`MAX_FILE_SIZE`: ``--max-file-size``), as given last."""
        with self.searcher() as s:
            return {f["pid"].removeprefix("setting:"): f.get("root", "") for f in s.documents(kind=KIND_SETTING)}

    def as_text(self) -> tuple[str, ...]:
        """The suffixes besides polyseek's own read as plain text (``polyseek index --text-ext``)."""
        from polyseek.index.scan import AS_TEXT

        value = self.settings().get(AS_TEXT, "")
        return tuple(value.split(",")) if value else ()

    def _toc(self):
        return _read_damaged(self.path, self._ix._read_toc)

    def check(self, full: bool = True) -> int:
        """Raise :class:`IndexCorruptError` if a file of the index is missing, cut short or
        (``full``: every file read) altered; return the number of segments checked.

        A commit made meanwhile by another writer is checked instead.
        """
        for _ in range(3):
            toc = self._toc()
            problems = check_segments(self._ix.storage, toc.segments, full=full)
            if not problems:
                return len(toc.segments)
            if self.generation() == toc.generation:  # not a commit that removed what it replaced
                more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
                raise IndexCorruptError(self.path, problems[0] + more)
        raise IndexCorruptError(self.path, problems[0])

    def segment_count(self) -> int:
        """Number of Whoosh segments (kept bounded by :func:`merge_policy`)."""
        return len(self._toc().segments)

    def deleted_count(self) -> int:
        """Deleted documents still taking space in segments (purged by merges and ``optimize``)."""
        return sum(seg.deleted_count() for seg in self._toc().segments)

    def size_bytes(self) -> int:
        """Bytes on disk used by the index directory."""
        total = 0
        for p in self.path.iterdir():
            with contextlib.suppress(OSError):  # a concurrent commit may remove it meanwhile
                if p.is_file():
                    total += p.stat().st_size
        return total

    def read_status(self) -> dict | None:
        """What the last completed index/reindex run wrote (see :meth:`WriteSession.write_status`)."""
        return read_status(self.path)

    # -- writing ---------------------------------------------------------
    @contextlib.contextmanager
    def write_session(
        self, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, jobs: int = 1, start_chars: int | None = None
    ) -> Iterator[WriteSession]:
        """Hold the writer lock for the block, waiting up to ``lock_timeout`` seconds for it.

        Only one writer runs at a time. The lock is an OS file lock, released by
        the kernel however the process ends, so a killed writer never blocks the
        next. On entry, files a killed writer left behind are removed. An index
        made before a field it needs existed is refused with a one-line message
        (it can still be searched). ``jobs`` > 1: each transaction's passages are indexed
        in that many processes (``0``: one per core), see :mod:`index.pipeline`.
        """
        if set(build_schema().names()) - set(self.schema.names()):
            raise PolyseekIndexError(
                f"the index at {self.path} was made by an older polyseek; "
                f"rebuild it: remove {self.path} and run polyseek index again"
            )
        with _locked(self.path, lock_timeout):
            self._remove_leftovers()
            words = self.word_cache()
            marks = value_marks(self._words_settings) if words is not None else {}
            self._arabic_seen = False
            if words is not None:  # what full caches drop meanwhile is kept for the file (WordCache.keep)
                save_dropped(self._words_settings, marks, lambda values: self._keep_words(words, values))
                words.writing = True
            try:
                yield WriteSession(self, jobs, start_chars)
            finally:
                if words is not None:  # the words this session analysed, for the next runs
                    try:
                        self._save_words(words, marks)
                    finally:
                        words.writing = False
                        save_dropped(self._words_settings, None, None)

    @contextlib.contextmanager
    def writer(
        self,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        optimize: bool = False,
        jobs: int = 1,
        start_chars: int | None = None,
    ) -> Iterator[PassageWriter]:
        """One transaction under the lock: committed when the block ends, discarded if it raises.

        ``jobs`` and ``start_chars``: see :meth:`write_session`.
        """
        with self.write_session(lock_timeout, jobs, start_chars) as session:
            w = session.begin(parallel=not optimize)
            try:
                yield w
            except BaseException as exc:
                w.abort()
                if isinstance(exc, OSError):
                    raise IndexWriteError(describe_write_error(exc, self.path)) from None
                raise
            w.commit(optimize=optimize)

    def optimize(self, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        """Merge every segment into one and purge deleted documents."""
        with self.writer(lock_timeout=lock_timeout, optimize=True):
            pass

    def _remove_leftovers(self) -> None:
        """Delete segments, TOCs and temp files no committed TOC refers to (call under the lock)."""
        storage = self._ix.storage
        toc = self._toc()
        try:
            whoosh_index.clean_files(storage, INDEX_NAME, toc.generation, toc.segments)
            for name in os.listdir(self.path):
                if _TOC_TEMP.match(name) or name.startswith((f".{STATUS_FILE}.", f".{MANIFEST_FILE}.")):
                    with contextlib.suppress(OSError):
                        os.remove(self.path / name)
            import shutil  # writing only: shutil brings bz2 and lzma

            shutil.rmtree(self.path / f"{INDEX_NAME}.tmp", ignore_errors=True)
            WordCache.remove_leftovers(self.path)
        except OSError:
            pass  # tidying only: a read-only directory fails later with a clear message

    def close(self) -> None:
        """Release resources (the index stays on disk)."""
        if self._words is not None:
            detach_store(self._words_settings, self._words)
            self._words.close()
        self._ix.close()


#: Writer locks this process holds. A forked child (an indexing worker) closes its copies
#: at once: a ``flock`` lock is freed only when every descriptor of it is closed, so a
#: child that kept one would hold the index after this process died.
_HELD_LOCKS: set = set()


def _drop_inherited_locks() -> None:
    for lock in _HELD_LOCKS:
        with contextlib.suppress(OSError, TypeError):
            os.close(lock.fd)
        lock.fd = None
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


def _make_folder(path: Path, durable: bool) -> None:
    """Create the index folder (and its parents); durably: its name is fsynced into its parent.

    A new index folder is private (0700, and its files 0600: see :func:`index.folder.private_files`):
    it holds the text of every file indexed. An existing folder keeps its mode.
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    if path in missing:
        os.chmod(path, 0o700)
    if durable:
        for p in missing:
            fsync_folder(p.parent)


@contextlib.contextmanager
def _locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold the index's writer lock: Whoosh's own lock file (so Whoosh writers respect it),
    an OS ``flock`` the kernel frees when this process dies, however it dies; forked
    children do not keep it (see :data:`_HELD_LOCKS`). Files are written as
    :func:`index.folder.private_files` says."""
    with private_files(path):
        yield from _locked_block(path, timeout)


def _locked_block(path: Path, timeout: float) -> Iterator[None]:
    lock = FileStorage(str(path)).lock(f"{INDEX_NAME}_{LOCK_NAME}")
    deadline = time.monotonic() + timeout
    try:
        while not lock.acquire(blocking=False):
            left = deadline - time.monotonic()
            if left <= 0:
                holder = _lock_holder(path)
                raise IndexLockedError(
                    f"index at {path} is locked by another writer{holder}; "
                    f"wait for it to finish or retry with --lock-timeout 60"
                )
            time.sleep(min(0.05, left))
    except OSError as exc:
        raise IndexWriteError(describe_write_error(exc, path)) from None
    _HELD_LOCKS.add(lock)
    with contextlib.suppress(OSError):  # Whoosh creates it 0777 less the umask: a data file's mode instead
        umask = os.umask(0o022)
        os.umask(umask)
        os.fchmod(lock.fd, 0o666 & ~umask)
    with contextlib.suppress(OSError):  # who holds it, for the message above; best effort
        os.ftruncate(lock.fd, 0)
        os.pwrite(lock.fd, f"{os.getpid()}\n".encode(), 0)
    try:
        yield
    finally:
        _HELD_LOCKS.discard(lock)
        if lock.fd is not None:  # None in a forked child, which never held it
            lock.release()


def _lock_holder(path: Path) -> str:
    try:
        pid = int((path / f"{INDEX_NAME}_{LOCK_NAME}").read_text().strip())
    except (OSError, ValueError):
        return ""
    return f" (pid {pid})"
