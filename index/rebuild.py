"""Rebuild an index from the files it was made of (the remedy for a damaged index).

The paths to read again come from the index itself when its records can still be read,
else from the status file written beside it after every run (``all_roots``), plus any
paths given. The rebuild then commits, in one durable step, a new generation of the
index that holds only those paths (every file of the old generation is removed after
it), and reindexes them: an interrupted rebuild is finished by ``polyseek reindex``.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.index import sync_paths
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "docs").mkdir()
    >>> _ = (tmp / "docs" / "a.txt").write_text("Спортсмены готовятся к Олимпиаде.", encoding="utf-8")
    >>> pix = PassageIndex.create(tmp / "ix")
    >>> _ = sync_paths(pix, [tmp / "docs"])
    >>> for seg in (tmp / "ix").glob("*.seg"):
    ...     _ = seg.write_bytes(b"")                 # damaged
    >>> rebuild(tmp / "ix").added
    1
    >>> PassageIndex.open(tmp / "ix").passage_count()
    1
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from pathlib import Path

from whoosh.index import TOC, clean_files

from polyseek.corpus.files import text_suffixes
from polyseek.index.durable import DurableFileStorage
from polyseek.index.errors import PolyseekIndexError
from polyseek.index.schema import build_schema
from polyseek.index.scan import MAX_FILE_SIZE
from polyseek.index.store import DEFAULT_LOCK_TIMEOUT, INDEX_NAME, STATUS_FILE, PassageIndex, _locked
from polyseek.index.sync import ProgressCallback, SyncStats, reindex

__all__ = ["known_roots", "rebuild"]


def known_roots(path: str | Path) -> tuple[dict[str, bool], tuple[str, ...], int]:
    """Every path indexed into ``path`` (-> whether links below it are followed), the
    suffixes read as plain text and the largest file read (0: no limit), as far as the
    index's records or, failing them, its status file tell."""
    p = Path(path)
    roots: dict[str, bool] = {}
    as_text: tuple[str, ...] | None = None
    limit: int | None = None
    with contextlib.suppress(Exception):  # damaged: the status file tells
        pix = PassageIndex.open(p, check=False)
        try:
            roots = pix.follow_links_by_root()
            as_text = pix.as_text()
            limit = int(pix.settings().get(MAX_FILE_SIZE) or 0)
        finally:
            pix.close()
    with contextlib.suppress(OSError, ValueError, AttributeError, TypeError):
        status = json.loads((p / STATUS_FILE).read_text(encoding="utf-8"))
        recorded = status.get("all_roots") or dict.fromkeys(status.get("roots", []), False)
        for root, follow in recorded.items():
            roots.setdefault(str(root), bool(follow))
        if limit is None:
            limit = int(status.get("max_file_size") or 0)
        if as_text is None:
            as_text = text_suffixes(status.get("as_text", []))
    return roots, as_text or (), limit or 0


def rebuild(
    path: str | Path,
    paths: Iterable[str | Path] = (),
    follow_links: bool | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
) -> SyncStats:
    """Make the index at ``path`` anew from its known paths and ``paths``; return the run's statistics.

    ``follow_links`` applies to ``paths`` (known paths keep their choice). Raises
    :class:`PolyseekIndexError` when no path is known and none is given.
    """
    p = Path(path)
    roots, as_text, limit = known_roots(p)
    for given in paths:
        root = str(Path(given).expanduser().resolve())
        roots[root] = follow_links if follow_links is not None else roots.get(root, False)
    if not roots:
        raise PolyseekIndexError(
            f"no indexed paths are known for {p}; name them: polyseek index --rebuild PATH... --index {p}"
        )
    p.mkdir(parents=True, exist_ok=True)
    with _locked(p, lock_timeout):
        storage = DurableFileStorage(p)
        generation = TOC._latest_generation(storage, INDEX_NAME) + 1
        TOC(build_schema(), [], generation).write(storage, INDEX_NAME)  # durable, atomic
        clean_files(storage, INDEX_NAME, generation, [])
    pix = PassageIndex.open(p)
    try:
        with pix.writer(lock_timeout=lock_timeout) as w:  # remembered first: `reindex` finishes an interrupted rebuild
            for root, follow in roots.items():
                w.put_root(root, follow_links=follow)
        stats = reindex(
            pix, lock_timeout=lock_timeout, progress=progress, jobs=jobs, as_text=as_text, max_file_size=limit
        )
    finally:
        pix.close()
    return stats

