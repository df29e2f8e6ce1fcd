"""Open, create and write a polyseek index (a Whoosh index of passages).

Example:
    >>> import tempfile
    >>> from corpus import read_file
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
import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.query import Term
from whoosh.searching import Searcher
from whoosh.writing import MERGE_SMALL

from corpus import Document
from index.errors import IndexLockedError, IndexNotFoundError, IndexWriteError
from index.schema import KIND_FILE, KIND_PASSAGE, KIND_ROOT, build_schema
from index.pipeline import ParallelIndexer, resolve_jobs
from index.speedups import speed_up_commit

#: Seconds a writer waits for the lock unless told otherwise.
DEFAULT_LOCK_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class FileRecord:
    """What an indexed source file looked like when it was indexed."""

    source: str
    root: str
    size: int
    mtime_ns: int
    sha256: str
    documents: int
    passages: int
    languages: dict[str, int] = field(default_factory=dict)
    indexed_at: float = 0.0


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _describe_os_error(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"no space left on device while writing the index at {path}; free some space and rerun"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"permission denied writing the index at {path}; check the directory's permissions"
    return f"could not write the index at {path}: {exc.strerror or exc}"


class PassageWriter:
    """Adds and removes passages and bookkeeping records inside one transaction."""

    def __init__(self, writer, pipeline: ParallelIndexer | None = None) -> None:
        self._w = writer
        self._pipeline = pipeline

    def add_documents(self, documents: Iterable[Document], root: str = "") -> int:
        """Index every passage of ``documents``; return the number of passages added."""
        if self._pipeline is not None:  # analysed and written by worker processes
            return self._pipeline.add_documents(documents, root=root)
        n = 0
        for doc in documents:
            for p in doc.passages:
                self._w.add_document(
                    kind=KIND_PASSAGE,
                    pid=f"{doc.id}#{p.number}",
                    doc_id=doc.id,
                    source=doc.source,
                    root=root,
                    title=doc.title,
                    text=p.text,
                    lang=p.lang,
                    doc_lang=doc.lang,
                    passage=p.number,
                    line=p.line,
                    char_start=p.char_start,
                    char_end=p.char_end,
                    passage_hash=hashlib.blake2b(p.text.encode("utf-8"), digest_size=8).hexdigest(),
                    boilerplate=getattr(p, "boilerplate", False),
                )
                n += 1
        return n

    def delete_source(self, source: str) -> None:
        """Remove every passage of ``source`` and its file record."""
        self._w.delete_by_term("source", source)

    def put_file_record(self, rec: FileRecord) -> None:
        """Record (or replace) what ``rec.source`` looked like when indexed."""
        self._w.update_document(
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
        )

    def put_root(self, root: str) -> None:
        """Remember ``root`` as a path that ``reindex`` rescans."""
        self._w.update_document(kind=KIND_ROOT, pid=f"root:{root}", root=root)


class PassageIndex:
    """A polyseek index directory."""

    def __init__(self, ix, path: Path) -> None:
        self._ix = ix
        self.path = path

    # -- opening ---------------------------------------------------------
    @staticmethod
    def exists(path: str | Path) -> bool:
        """True if ``path`` holds a polyseek index."""
        p = Path(path)
        return p.is_dir() and whoosh_index.exists_in(str(p))

    @classmethod
    def create(cls, path: str | Path) -> PassageIndex:
        """Create a new, empty index at ``path`` (the directory is created if needed)."""
        p = Path(path)
        try:
            p.mkdir(parents=True, exist_ok=True)
            ix = whoosh_index.create_in(str(p), build_schema())
        except OSError as exc:
            raise IndexWriteError(_describe_os_error(exc, p)) from None
        return cls(ix, p)

    @classmethod
    def open(cls, path: str | Path) -> PassageIndex:
        """Open an existing index; raise :class:`IndexNotFoundError` if there is none."""
        p = Path(path)
        if not cls.exists(p):
            raise IndexNotFoundError(
                f"no polyseek index at {p}; create one with: polyseek index PATH --index {p}"
            )
        return cls(whoosh_index.open_dir(str(p)), p)

    @classmethod
    def open_or_create(cls, path: str | Path) -> PassageIndex:
        """Open the index at ``path``, creating it first if it does not exist."""
        return cls.open(path) if cls.exists(path) else cls.create(path)

    # -- reading ---------------------------------------------------------
    def searcher(self, weighting=None) -> Searcher:
        """A Whoosh searcher over the last committed state (close it when done)."""
        for attempt in range(5):
            try:
                self._ix = self._ix.refresh() if attempt else self._ix
                return self._ix.searcher(weighting=weighting) if weighting else self._ix.searcher()
            except (OSError, EOFError):
                # A concurrent commit removed a segment between reading the TOC
                # and opening it: the next TOC is complete, so retry.
                time.sleep(0.05 * (attempt + 1))
                self._ix = whoosh_index.open_dir(str(self.path))
        return self._ix.searcher(weighting=weighting) if weighting else self._ix.searcher()

    @property
    def schema(self):
        return self._ix.schema

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
                )
        return out

    def roots(self) -> list[str]:
        """The paths the user asked to index, in sorted order."""
        with self.searcher() as s:
            return sorted(f["root"] for f in s.documents(kind=KIND_ROOT))

    def segment_count(self) -> int:
        """Number of Whoosh segments (kept bounded by the merge policy)."""
        return len(self._ix._segments())

    def size_bytes(self) -> int:
        """Bytes on disk used by the index directory."""
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())

    # -- writing ---------------------------------------------------------
    @contextlib.contextmanager
    def writer(
        self,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        optimize: bool = False,
        jobs: int = 1,
        start_chars: int | None = None,
    ) -> Iterator[PassageWriter]:
        """A transaction: committed when the block ends, rolled back if it raises.

        Only one writer runs at a time: the lock is an OS file lock, released by
        the kernel if the process dies, so a killed writer never blocks the next.
        ``jobs`` > 1 analyses and writes passages in that many worker processes once
        ``start_chars`` characters of passage text are waiting (see :mod:`index.pipeline`);
        ``jobs=0`` means one per core; ``start_chars`` defaults to ``index.pipeline.START_CHARS``.
        """
        jobs = resolve_jobs(jobs)
        try:
            w = speed_up_commit(self._ix.writer(timeout=lock_timeout, delay=0.05, limitmb=256))
        except LockError:
            raise IndexLockedError(
                f"index at {self.path} is locked by another writer; retry with --lock-timeout 60"
            ) from None
        except OSError as exc:
            raise IndexWriteError(_describe_os_error(exc, self.path)) from None
        pipeline = None
        if jobs > 1 and not optimize:
            direct = PassageWriter(w).add_documents
            pipeline = ParallelIndexer(self.path, self._ix.indexname, jobs, direct, start_chars=start_chars)
        try:
            yield PassageWriter(w, pipeline)
            segments = pipeline.finish() if pipeline else []
        except BaseException:
            if pipeline:
                pipeline.cancel()
            w.cancel()
            raise
        try:
            if segments:  # the workers' segments join the commit (kept as they are)
                w.commit(mergetype=lambda writer, existing: MERGE_SMALL(writer, existing) + segments)
            else:
                w.commit(optimize=optimize)
        except OSError as exc:
            with contextlib.suppress(Exception):
                w.cancel()
            # (workers' segment files left behind are removed by the next commit)
            raise IndexWriteError(_describe_os_error(exc, self.path)) from None
        self._ix = self._ix.refresh()

    def close(self) -> None:
        """Release resources (the index stays on disk)."""
        self._ix.close()
