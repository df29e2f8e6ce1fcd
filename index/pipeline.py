"""Parallel indexing: several processes analyse passages into segments of their own; one commit adds them.

Whoosh's own ``writer(procs=N)`` was measured *slower* than one process on a 2-core
machine: the parent pickles every document to disk for the workers, and then merges their
segments into its own in the commit, alone.  Here the work is split differently:

- the writing process (holding the index lock) reads sources and bookkeeps as usual, and
  hands passages to :class:`ParallelIndexer` in batches of about :data:`BATCH_CHARS`
  characters of text;
- ``jobs - 1`` worker processes and the writing process itself each index batches with
  an ordinary ``PassageWriter`` (same fields, same analysis) into a segment of their own:
  a batch goes to the workers while they have room in their queue, else the writing
  process indexes it, so nobody waits for anybody;
- at the end every process writes its segment out (sorting and encoding its postings:
  the costly half of a Whoosh commit) at the same time, and the writer commits once: its
  own changes (deleted sources, file records) plus all the new segments, listed in one
  new table of contents.  Until that commit readers see the previous state; if anything
  fails the new segment files are removed and the index stays as it was (leftovers of a
  killed run are removed by the next commit).

A worker process costs a few tenths of a second to start (a fresh interpreter imports
polyseek and opens the index) and a cold word cache of its own, so workers start only
once :data:`START_CHARS` characters of passage text are waiting; a smaller job is indexed
in-process exactly as without the pipeline.

The index holds the same documents, terms and stored fields, in ``jobs + 1`` segments
instead of one; scores do not change (Whoosh takes term statistics over all segments).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from corpus import read_path
    >>> from index import PassageIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> pix = PassageIndex.create(Path(tempfile.mkdtemp()) / "ix")
    >>> with pix.writer(jobs=2, start_chars=0) as w:   # start a worker at once, even for 5 files
    ...     w.add_documents(read_path(samples))
    61
    >>> pix.passage_count(), 1 <= pix.segment_count() <= 2
    (61, True)
"""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from corpus import Document
from index.errors import IndexWriteError

__all__ = ["BATCH_CHARS", "MAX_AUTO_JOBS", "POOL_MB", "START_CHARS", "ParallelIndexer", "resolve_jobs"]

#: Passage text (characters) waiting before worker processes are started.
START_CHARS = 2_000_000
#: Passage text (characters) per batch (a few tenths of a second of work).
BATCH_CHARS = 200_000
#: ``jobs=0`` means one process per core, at most this many.
MAX_AUTO_JOBS = 4
#: Whoosh posting-pool memory (its own estimate, MB) shared by all the indexing processes.
#: Each process also holds its own word cache and lemmatiser, so the pools get half of what
#: a single writer gets (256): measured on the scale corpus with 2 processes, the peak
#: memory (PSS) went from 900 to 780 MiB, CPU time unchanged.
POOL_MB = 128
#: Batches waiting in each worker's queue.
QUEUED_PER_WORKER = 2
#: Seconds between checks that the workers are still alive while waiting on them.
_POLL = 0.5

#: ``(documents, args, kwargs)`` of one ``PassageWriter.add_documents`` call.
Call = tuple[list[Document], tuple, dict]


def resolve_jobs(jobs: int | None) -> int:
    """Processes for ``jobs``: ``None``/``1`` -> 1 (no workers), ``0`` -> cores (<= 4).

    >>> resolve_jobs(1), resolve_jobs(3), resolve_jobs(0) >= 1
    (1, 3, True)
    """
    if jobs is None:
        return 1
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per core) or more, not {jobs}")
    if jobs == 0:
        return max(1, min(os.cpu_count() or 1, MAX_AUTO_JOBS))
    return jobs


def _context() -> Any:
    """``fork`` on Linux when this process runs a single thread (workers start at once and
    inherit what is loaded); ``spawn`` otherwise (forking a threaded process can deadlock,
    and macOS system libraries do not survive a fork)."""
    import multiprocessing  # imported here: ~10 ms that searching never needs
    import sys
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _SegmentBuilder:
    """A ``PassageWriter`` over a lock-free Whoosh writer of one new segment."""

    def __init__(self, index_dir: str, indexname: str, limitmb: int) -> None:
        from whoosh import index as whoosh_index
        from whoosh.writing import SegmentWriter

        from index.speedups import speed_up_commit
        from index.store import PassageWriter

        ix = whoosh_index.open_dir(index_dir, indexname=indexname)
        # _lk=False: the writing process holds the index lock for the whole transaction
        self.writer = speed_up_commit(SegmentWriter(ix, _lk=False, limitmb=limitmb))
        self.passages = PassageWriter(self.writer)

    def add(self, batch: list[Call]) -> None:
        for documents, args, kwargs in batch:
            self.passages.add_documents(documents, *args, **kwargs)

    def segment_id(self) -> str:
        return self.writer.newsegment.segment_id()

    def finish(self) -> Any:
        """Write the segment out; return it (None if nothing was added)."""
        if self.writer._added:
            return self.writer._finalize_segment()
        self.writer._close_segment()
        return None


def _worker(index_dir: str, indexname: str, limitmb: int, tasks: Any, results: Any) -> None:
    """Worker process: index batches into a segment of its own, then write it out."""
    try:
        builder = _SegmentBuilder(index_dir, indexname, limitmb)
        results.put(("started", builder.segment_id()))
        while (batch := tasks.get()) is not None:
            builder.add(batch)
        results.put(("ok", builder.finish()))
    except BaseException as exc:  # reported to the parent, which raises IndexWriteError
        results.put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}"))
        raise SystemExit(1) from None


class ParallelIndexer:
    """Collects ``add_documents`` calls; past ``start_chars`` indexes them in ``jobs`` processes.

    ``direct`` indexes a call through the transaction's own writer (everything, if the
    workers never start).  :meth:`finish` returns the new segments for the commit;
    :meth:`cancel` stops the workers and removes the new segments' files.
    """

    def __init__(
        self,
        index_dir: str | Path,
        indexname: str,
        jobs: int,
        direct: Callable[..., int],
        limitmb: int = POOL_MB,
        start_chars: int | None = None,
        batch_chars: int | None = None,
    ) -> None:
        self._dir = str(index_dir)
        self._indexname = indexname
        self._jobs = jobs
        self._direct = direct
        self._limitmb = max(32, limitmb // jobs)
        self._start_chars = START_CHARS if start_chars is None else start_chars
        self._batch_chars = BATCH_CHARS if batch_chars is None else batch_chars
        self._waiting: list[Call] = []
        self._waiting_chars = 0
        self._local: _SegmentBuilder | None = None
        self._procs: list[Any] = []
        self._tasks: Any = None
        self._results: Any = None
        self._segment_ids: list[str] = []
        self._segments: list[Any] = []

    @property
    def started(self) -> bool:
        """Whether the parallel indexing started in this transaction."""
        return self._local is not None

    def add_documents(self, documents: Iterable[Document], *args: Any, **kwargs: Any) -> int:
        """Queue ``PassageWriter.add_documents(documents, *args, **kwargs)``; return its passage count."""
        docs = list(documents)
        self._waiting.append((docs, args, kwargs))
        self._waiting_chars += sum(len(p.text) for d in docs for p in d.passages)
        if not self.started and self._waiting_chars >= self._start_chars:
            self._start()
        if self.started:
            self._dispatch(final=False)
        return sum(len(d.passages) for d in docs)

    def finish(self) -> list[Any]:
        """Index what is still waiting, write every new segment out; return them for the commit."""
        if not self.started:
            for documents, args, kwargs in self._waiting:
                self._direct(documents, *args, **kwargs)
            self._waiting.clear()
            return []
        assert self._local is not None
        self._dispatch(final=True)
        with contextlib.suppress(queue.Empty):
            while True:  # take back what no worker has picked up yet
                self._local.add(self._tasks.get_nowait())
        for _ in self._procs:
            self._put(None)
        local = self._local.finish()  # while the workers write theirs
        if local is not None:
            self._segments.append(local)
        pending = len(self._procs)
        while pending:
            status, payload = self._get()
            if status == "started":
                continue
            if status != "ok":
                raise IndexWriteError(f"an indexing worker failed ({payload.splitlines()[0]}); nothing was committed")
            if payload is not None:
                self._segments.append(payload)
            pending -= 1
        for proc in self._procs:
            proc.join()
        return list(self._segments)

    def cancel(self) -> None:
        """Stop the workers and delete the files of the segments this transaction began."""
        for proc in self._procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self._procs:
            proc.join(timeout=5)
        with contextlib.suppress(Exception):
            while True:
                self._note(*self._results.get_nowait())
        if self._local is not None:
            with contextlib.suppress(Exception):
                self._local.writer._close_segment()
        ids = set(self._segment_ids) | {s.segment_id() for s in self._segments}
        prefixes = tuple(f"{segment_id}." for segment_id in ids)  # files are "<indexname>_<segid>.<ext>"
        if prefixes:
            for name in os.listdir(self._dir):
                if name.startswith(prefixes):
                    with contextlib.suppress(OSError):
                        os.remove(os.path.join(self._dir, name))
        self._segments.clear()

    # -- internals -------------------------------------------------------
    def _start(self) -> None:
        if self._jobs > 1:
            ctx = _context()
            if ctx.get_start_method() == "fork":
                self._warm_up()  # the workers inherit the loaded stemmers, lemmatiser and word cache
            self._tasks = ctx.Queue(maxsize=QUEUED_PER_WORKER * (self._jobs - 1))
            self._results = ctx.Queue()
            # objects that exist now stay out of the workers' garbage collections, so that
            # a forked worker does not copy every page it shares with this process
            gc.freeze()
            try:
                for _ in range(self._jobs - 1):
                    proc = ctx.Process(
                        target=_worker,
                        args=(self._dir, self._indexname, self._limitmb, self._tasks, self._results),
                        daemon=True,
                    )
                    proc.start()
                    self._procs.append(proc)
            finally:
                gc.unfreeze()
        self._local = _SegmentBuilder(self._dir, self._indexname, self._limitmb)
        self._segment_ids.append(self._local.segment_id())

    def _warm_up(self) -> None:
        """Analyse the first batch's worth of waiting text (its words are then cached here)."""
        from whoosh import index as whoosh_index

        analyzer = whoosh_index.open_dir(self._dir, indexname=self._indexname).schema["text"].analyzer
        occurrences = getattr(analyzer, "occurrences", None)
        if occurrences is None:
            return
        chars = 0
        for documents, _, _ in self._waiting:
            for doc in documents:
                for text in (doc.title, *(p.text for p in doc.passages)):
                    if isinstance(text, str):
                        occurrences(text)
                        chars += len(text)
                if chars >= self._batch_chars:
                    return

    def _dispatch(self, final: bool) -> None:
        """Hand out full batches of the waiting calls (and, if ``final``, the rest)."""
        batch: list[Call] = []
        chars = 0
        for documents, args, kwargs in self._waiting:
            for i, doc in enumerate(documents):  # a long call is split across batches
                if i and batch:
                    batch[-1][0].append(doc)
                else:
                    batch.append(([doc], args, kwargs))
                chars += sum(len(p.text) for p in doc.passages)
                if chars >= self._batch_chars:
                    self._give(batch)
                    batch, chars = [], 0
        if batch and final:
            self._give(batch)
            batch, chars = [], 0
        self._waiting, self._waiting_chars = batch, chars

    def _give(self, batch: list[Call]) -> None:
        """To a worker if one has room in its queue, else index it here."""
        assert self._local is not None
        if self._tasks is not None:
            try:
                self._tasks.put_nowait(batch)
                return
            except queue.Full:
                self._alive_or_raise()
        self._local.add(batch)

    def _note(self, status: str, payload: Any) -> None:
        if status == "started":
            self._segment_ids.append(payload)
        elif status == "ok" and payload is not None:
            self._segments.append(payload)

    def _alive_or_raise(self) -> None:
        dead = [p for p in self._procs if not p.is_alive() and p.exitcode not in (0, None)]
        if dead:
            reason = f"exit code {dead[0].exitcode}"
            with contextlib.suppress(queue.Empty):
                while True:
                    status, payload = self._results.get(timeout=_POLL)
                    if status == "error":
                        reason = payload.splitlines()[0]
                        break
                    self._note(status, payload)
            raise IndexWriteError(f"an indexing worker failed ({reason}); nothing was committed")

    def _put(self, item: Any) -> None:
        while True:
            try:
                self._tasks.put(item, timeout=_POLL)
                return
            except queue.Full:
                self._alive_or_raise()

    def _get(self) -> tuple[str, Any]:
        while True:
            try:
                status, payload = self._results.get(timeout=_POLL)
            except queue.Empty:
                self._alive_or_raise()
                continue
            if status == "started":
                self._segment_ids.append(payload)
            return status, payload
