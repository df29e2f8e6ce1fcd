"""Bring the index in step with files on disk: add new, replace changed, drop vanished.

Unchanged files are skipped cheaply: size and mtime first, the content hash only
when those differ. Everything happens inside one write transaction, so a crash
(even ``kill -9``) leaves the previous committed index untouched.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "docs").mkdir()
    >>> _ = (tmp / "docs" / "a.txt").write_text("Спортсмены готовятся к Олимпиаде.", encoding="utf-8")
    >>> pix = PassageIndex.create(tmp / "ix")
    >>> sync_paths(pix, [tmp / "docs"]).added
    1
    >>> sync_paths(pix, [tmp / "docs"]).unchanged
    1
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus import CorpusError, iter_source_files, read_file
from index.store import DEFAULT_LOCK_TIMEOUT, FileRecord, PassageIndex, PassageWriter, file_sha256

#: Called after each file with (path, passages written for it).
ProgressCallback = Callable[[str, int], None]


@dataclass(slots=True)
class SyncStats:
    """What one indexing run did."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    failed: int = 0
    passages: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "passages": self.passages,
            "seconds": round(self.seconds, 3),
            "failures": list(self.failures),
        }


def _under(source: str, root: str) -> bool:
    return source == root or source.startswith(root.rstrip(os.sep) + os.sep)


def _index_one(w: PassageWriter, path: Path, root: str, st: os.stat_result, sha: str, replace: bool) -> int:
    docs = read_file(path)
    if replace:
        w.delete_source(str(path))
    n = w.add_documents(docs, root=root)
    langs = Counter(d.lang for d in docs if d.passages)
    w.put_file_record(
        FileRecord(
            source=str(path),
            root=root,
            size=st.st_size,
            mtime_ns=st.st_mtime_ns,
            sha256=sha,
            documents=sum(1 for d in docs if d.passages),
            passages=n,
            languages=dict(langs),
            indexed_at=time.time(),
        )
    )
    return n


def sync_paths(
    pix: PassageIndex,
    paths: Iterable[str | Path],
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
) -> SyncStats:
    """Index ``paths`` (files or folders) and remember them as roots for ``reindex``.

    ``jobs`` > 1 analyses passages in worker processes (``0``: one per core), see :mod:`index.pipeline`.
    """
    started = time.perf_counter()
    stats = SyncStats()
    roots = [str(Path(p).expanduser().resolve()) for p in paths]
    with pix.writer(lock_timeout=lock_timeout, jobs=jobs) as w:
        known = pix.file_records()
        seen: set[str] = set()
        for root in roots:
            w.put_root(root)
            for path in iter_source_files(root):
                source = str(path)
                if source in seen:
                    continue
                seen.add(source)
                _sync_file(w, path, root, known.get(source), stats)
                if progress:
                    progress(source, stats.passages)
        for source, rec in known.items():
            if source not in seen and any(_under(source, r) for r in roots):
                w.delete_source(source)
                stats.deleted += 1
    stats.seconds = time.perf_counter() - started
    return stats


def _sync_file(w: PassageWriter, path: Path, root: str, rec: FileRecord | None, stats: SyncStats) -> None:
    try:
        st = path.stat()
        if rec and rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns:
            stats.unchanged += 1
            return
        sha = file_sha256(path)
        if rec and rec.sha256 == sha:
            # Touched but not changed: remember the new mtime, keep the passages.
            w.put_file_record(dataclasses.replace(rec, mtime_ns=st.st_mtime_ns, size=st.st_size))
            stats.unchanged += 1
            return
        stats.passages += _index_one(w, path, root, st, sha, replace=rec is not None)
    except (CorpusError, OSError) as exc:
        stats.failed += 1
        stats.failures.append(exc.args[0] if isinstance(exc, CorpusError) else f"{path}: {exc.strerror or exc}")
        return
    if rec is None:
        stats.added += 1
    else:
        stats.updated += 1


def reindex(
    pix: PassageIndex,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
) -> SyncStats:
    """Rescan every recorded root: the periodic job."""
    return sync_paths(pix, pix.roots(), lock_timeout=lock_timeout, progress=progress, jobs=jobs)
