"""Parallel indexing: several processes analyse passages into segments of their own; one commit adds them.

Whoosh's own ``writer(procs=N)`` was measured *slower* than one process on a 2-core
machine: the parent pickles every document to disk for the workers, and then merges their
segments into its own in the commit, alone.  Here the work is split differently:

- the writing process (holding the index lock) reads sources and bookkeeps as usual, and
  hands passages to :class:`ParallelIndexer`, which cuts them into batches of about
  :data:`BATCH_CHARS` characters of text;
- ``jobs - 1`` worker processes and the writing process itself each index batches with
  an ordinary ``PassageWriter`` (same fields, same analysis) into a segment of their own:
  a batch goes to the workers while their queue has room, else the writing process
  indexes it, so nobody waits for anybody (and at the end the writer takes back what is
  still queued);
- at the end every process writes its segment out (sorting and encoding its postings:
  the costly half of a Whoosh commit) at the same time, and the writer commits once: its
  own changes (deleted sources, file records) plus all the new segments, listed in one
  new table of contents.  Until that commit readers see the previous state; if anything
  fails the new segment files are removed and the index stays as it was (leftovers of a
  killed run are removed by the next commit).

Workers never outlive the writing process: killed with it (``kill -9``, the OOM killer),
they get SIGKILL from the kernel (:func:`die_with_parent`), and they hold no copy of the
index lock (:mod:`index.store` closes it in every forked child), so the next run takes
the lock at once; what they wrote is removed by the next commit.

A transaction whose files hold fewer than :data:`MIN_JOB_BYTES` bytes (when the caller
knows: ``index.sync`` does) is indexed in-process exactly as without the pipeline, and no
worker is started: below that a second process costs more than it saves (each process
analyses the words it meets, and writes a segment of its own).  Otherwise parallel
indexing starts once :data:`START_CHARS` characters of passage text are waiting.  On
Linux the workers are forked when the transaction begins, while the writing process is
still small (a later fork would leave each worker a private copy of the documents read
so far), and wait; a process running several threads spawns them instead, when they are
needed (a fresh interpreter: a few tenths of a second).  Where no worker can be started
(no writable ``/dev/shm``, a process limit), the writing process indexes alone.

The index holds the same documents, terms and stored fields, in up to ``jobs + 1``
segments instead of one; scores do not change (Whoosh takes term statistics over all
segments).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.corpus import read_path
    >>> from polyseek.index import PassageIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> pix = PassageIndex.create(Path(tempfile.mkdtemp()) / "ix")
    >>> with pix.writer(jobs=2, start_chars=0) as w:   # start a worker at once, even for 5 files
    ...     w.add_documents(read_path(samples))
    62
    >>> pix.passage_count(), 1 <= pix.segment_count() <= 2
    (62, True)
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import queue
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from polyseek.analyzers.chains import adopt_values, keep_dropped, lasting_values, save_dropped, value_marks
from polyseek.corpus import Document
from polyseek.index.errors import IndexWriteError, SourceFailedError

__all__ = ["BATCH_CHARS", "MAX_AUTO_JOBS", "MIN_JOB_BYTES", "POOL_MB", "START_CHARS", "ParallelIndexer", "resolve_jobs"]

#: Bytes of source files a transaction reads, below which it starts no worker at all
#: (``benchmarks/command.py``, 2 cores: ``-j 2`` was 0.87-0.95x of one process at 0.03-1.7 MB
#: of JSONL or ``.txt``, 1.3-1.4x at 5.4 MB).
MIN_JOB_BYTES = 3_000_000
#: Passage text (characters) waiting before worker processes are started.
START_CHARS = 200_000
#: Passage text (characters) per batch (about a second of work; a big file is cut into batches,
#: each with the side fields of its own words: fewer, larger batches repeat fewer of them).
BATCH_CHARS = 1_000_000
#: ``jobs=0`` means one process per core, at most this many.
MAX_AUTO_JOBS = 4
#: Whoosh posting-pool memory (its own estimate, MB; the postings take about 1.1 times it)
#: shared by all the indexing processes, the budget of a single writer: each process spills
#: postings to disk (and merges them back at the end) exactly when one process would. It
#: bounds the memory of a transaction that indexes one big file (issue 13): a 16 MB text
#: file peaked at 462 MiB with 256, 309 MiB with 128 and 234 MiB with 64, in the same CPU
#: time (25.0, 25.3, 24.6 s; benchmarks/large_files.py's text); with 64 and parts of
#: 2,000,000 characters (``corpus.readers.PART_CHARS``) a 30 MB file 285 MiB against 361;
#: 32 with parts of 1,000,000 took 35-50 MiB more off a 2 GB file's reading, CPU within noise.
POOL_MB = 32
#: Batches waiting in each worker's queue.
QUEUED_PER_WORKER = 2
#: Seconds between checks that the workers are still alive while waiting on them.
_POLL = 0.5

#: ``(documents, args, kwargs)`` of one ``PassageWriter.add_documents`` call.
Call = tuple[list[Document], tuple, dict]


def resolve_jobs(jobs: int | None) -> int:
    """Processes for ``jobs``: ``None``/``1`` -> 1 (no workers), ``0`` -> the cores this
    process may run on (<= :data:`MAX_AUTO_JOBS`).

    >>> resolve_jobs(1), resolve_jobs(3), resolve_jobs(0) >= 1
    (1, 3, True)
    """
    if jobs is None:
        return 1
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per core) or more, not {jobs}")
    if jobs == 0:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return max(1, min(cores or 1, MAX_AUTO_JOBS))
    return jobs


def _context() -> Any:
    """``fork`` on Linux when this process runs a single thread (workers start at once and
    inherit what is loaded); ``spawn`` otherwise (forking a threaded process can deadlock,
    and macOS system libraries do not survive a fork)."""
    import multiprocessing  # imported here: ~10 ms that searching never needs
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _SegmentBuilder:
    """A ``PassageWriter`` over a lock-free Whoosh writer of one new segment."""

    def __init__(self, index_dir: str, indexname: str, limitmb: int) -> None:
        from whoosh import index as whoosh_index

        from polyseek.index.speedups import segment_writer
        from polyseek.index.store import PassageWriter

        ix = whoosh_index.open_dir(index_dir, indexname=indexname)
        # _lk=False: the writing process holds the index lock for the whole transaction
        self.writer = segment_writer(ix, limitmb)
        self.passages = PassageWriter(self.writer, Path(index_dir))

    def add(self, batch: list[Call]) -> None:
        for documents, args, kwargs in batch:
            self.passages.add_documents(documents, *args, **kwargs)

    def segment_id(self) -> str:
        return self.writer.newsegment.segment_id()

    def settings(self) -> Any:
        """The analyzer settings of the index's passages (None for an index without them)."""
        return getattr(self.writer.schema["text"].analyzer, "settings", None)

    def finish(self) -> Any:
        """Write the segment out; return it (None if nothing was added)."""
        if self.writer._added:
            return self.writer._finalize_segment()
        self.writer._close_segment()
        return None


#: ``prctl`` option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` (the process that started it) dies, however it dies.

    On Linux the kernel sends SIGKILL at the parent's death (``prctl(PR_SET_PDEATHSIG)``,
    called through ctypes); if the parent is already gone, this process exits now.
    Elsewhere the worker's own check of its parent id, between batches, stays the only one.
    """
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # died before the signal was asked for
        os._exit(1)


def _send_dropped(results: Any, settings: Any, values: dict[str, dict[str, Any]]) -> None:
    """A worker's :func:`analyzers.chains.save_dropped` sink: to the writing process, which
    keeps them for the index's word cache (:func:`analyzers.chains.keep_dropped`)."""
    results.put(("words", (settings, values)))


def _worker(index_dir: str, indexname: str, limitmb: int, tasks: Any, results: Any, parent: int) -> None:
    """Worker process: index batches into a segment of its own, then write it out."""
    die_with_parent(parent)
    try:
        builder = None  # no segment files unless there is something to index
        settings = marks = None
        while True:
            try:
                batch = tasks.get(timeout=_POLL)
            except queue.Empty:
                if os.getppid() != parent:  # the writing process died (killed): so does its transaction
                    raise SystemExit(1) from None
                continue
            if batch is None:
                break
            if builder is None:
                builder = _SegmentBuilder(index_dir, indexname, limitmb)
                settings = builder.settings()
                marks = value_marks(settings) if settings is not None else None
                if settings is not None:  # what this worker's full caches drop, for the index's word cache
                    save_dropped(settings, marks, functools.partial(_send_dropped, results, settings))
                results.put(("started", builder.segment_id()))
            builder.add(batch)
        segment = builder.finish() if builder is not None else None
        # the words this worker analysed: the writing process keeps them in the index's word cache
        words = lasting_values(settings, marks) if settings is not None else None
        results.put(("ok", (segment, settings, words)))
    except SourceFailedError as exc:  # one source's analysis failed: the writer redoes the transaction without it
        results.put(("failed", exc))
        raise SystemExit(1) from None
    except BaseException as exc:  # reported to the parent, which raises IndexWriteError
        results.put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}"))
        raise SystemExit(1) from None


class ParallelIndexer:
    """Collects ``add_documents`` calls; past ``start_chars`` indexes them in ``jobs`` processes.

    ``direct`` indexes a call through the transaction's own writer (everything, if the
    parallel indexing never starts).  :meth:`finish` returns the new segments for the
    commit; :meth:`cancel` stops the workers and removes the new segments' files.
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
        self._direct_chars = 0
        self._local: _SegmentBuilder | None = None
        self._procs: list[Any] = []
        self._tasks: Any = None
        self._results: Any = None
        #: what the workers reported that :meth:`_take_results` read and left for the others
        self._held: list[tuple[str, Any]] = []
        self._segment_ids: list[str] = []
        self._segments: list[Any] = []
        if jobs > 1:
            ctx = _context()
            if ctx.get_start_method() == "fork":
                # fork now, while this process is small: a worker forked later would keep
                # its own copy of every page of the documents read by then (~200 MB for
                # the scale corpus) as soon as this process touched them
                self._start_workers(ctx)

    @property
    def started(self) -> bool:
        """Whether the parallel indexing started in this transaction."""
        return self._local is not None

    def add_documents(self, documents: Iterable[Document], *args: Any, **kwargs: Any) -> int:
        """Queue ``PassageWriter.add_documents(documents, *args, **kwargs)``; return its passage count.

        ``documents`` are taken in parts of about a batch (:data:`BATCH_CHARS`), each handed
        on before the next is read from the iterable: a big file (a JSONL collection) is
        shared out between the processes, and a caller that gives an iterator that lets
        go of what it yields (see ``index.sync``) does not keep the whole file in memory.
        Each part's words go into the side fields (see :data:`index.schema.SIDE_FIELDS`) of
        its own first passage: the counts over the file add up to the same, and the parts
        are deleted together, by the file's name.
        """
        n = 0
        part: list[Document] = []
        chars = 0
        for doc in documents:
            part.append(doc)
            chars += sum(len(p.text) for p in doc.passages)
            if chars >= self._batch_chars:
                n += self._add_part(part, chars, args, kwargs)
                part, chars = [], 0
        if part:
            n += self._add_part(part, chars, args, kwargs)
        return n

    def _add_part(self, docs: list[Document], chars: int, args: tuple, kwargs: dict) -> int:
        if not self.started:
            # indexed at once by the transaction's writer (progress stays true) until
            # ``start_chars`` characters have come: a small job never starts workers
            self._direct_chars += chars
            if self._direct_chars < self._start_chars:
                return self._direct(docs, *args, **kwargs)
            self._start()
        self._waiting.append((docs, args, kwargs))
        self._waiting_chars += chars
        self._dispatch(final=False)
        return sum(len(d.passages) for d in docs)

    def finish(self) -> list[Any]:
        """Index what is still waiting, write every new segment out; return them for the commit."""
        if not self.started:
            for documents, args, kwargs in self._waiting:
                self._direct(documents, *args, **kwargs)
            self._waiting.clear()
        else:
            assert self._local is not None
            self._dispatch(final=True)
            with contextlib.suppress(queue.Empty):
                while self._tasks is not None:  # take back what no worker has picked up yet
                    self._local.add(self._tasks.get_nowait())
        for _ in self._procs:
            self._put(None)
        if self._local is not None:
            local = self._local.finish()  # while the workers write theirs
            if local is not None:
                self._segments.append(local)
        pending = len(self._procs)
        while pending:
            status, payload = self._get()
            if status == "started":
                continue
            if status == "words":
                keep_dropped(*payload)
                continue
            if status == "failed":
                raise payload
            if status != "ok":
                raise IndexWriteError(f"an indexing worker failed ({payload.splitlines()[0]}); nothing was committed")
            segment, settings, words = payload
            if segment is not None:
                self._segments.append(segment)
            if words:
                adopt_values(settings, words)
            pending -= 1
        for proc in self._procs:
            proc.join()
        self._close_queues()
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
                self._note(*self._result(block=False))
        self._close_queues(drop_unsent=True)
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
    def _close_queues(self, drop_unsent: bool = False) -> None:
        """End the queues' feeder threads: the next transaction can then fork (a process
        running threads spawns its workers instead, slower and with cold caches), and an
        exit after a failure does not wait on batches no worker will read."""
        for q in (self._tasks, self._results):
            if q is None:
                continue
            if drop_unsent:
                q.cancel_join_thread()
            q.close()
            if not drop_unsent:
                q.join_thread()
        self._tasks = self._results = None

    def _start(self) -> None:
        """Enough text is waiting: index it in parallel from now on."""
        if self._jobs > 1 and not self._procs:
            self._start_workers(_context())
        self._local = _SegmentBuilder(self._dir, self._indexname, self._limitmb)
        self._segment_ids.append(self._local.segment_id())

    def _start_workers(self, ctx: Any) -> None:
        """Start the ``jobs - 1`` workers; where the system will not (no writable ``/dev/shm``
        for the queues' semaphores, a process limit), this process indexes alone, as with
        ``jobs=1``: a default of one process per core must not make indexing fail."""
        try:
            self._tasks = ctx.Queue(maxsize=QUEUED_PER_WORKER * (self._jobs - 1))
            self._results = ctx.Queue()
            # what exists now stays out of the workers' garbage collections, so that a forked
            # worker does not write to (and so copy) the pages it shares with this process
            gc.freeze()
            try:
                for _ in range(self._jobs - 1):
                    proc = ctx.Process(
                        target=_worker,
                        args=(self._dir, self._indexname, self._limitmb, self._tasks, self._results, os.getpid()),
                        daemon=True,
                    )
                    proc.start()
                    self._procs.append(proc)
            finally:
                gc.unfreeze()
        except (OSError, ImportError):
            for proc in self._procs:
                proc.terminate()
                proc.join(timeout=5)
            self._procs.clear()
            self._close_queues(drop_unsent=True)
            self._jobs = 1

    def _dispatch(self, final: bool) -> None:
        """Hand out full batches of the waiting calls (and, if ``final``, the rest)."""
        batch: list[Call] = []
        chars = 0
        for call in self._waiting:
            batch.append(call)
            chars += sum(len(p.text) for d in call[0] for p in d.passages)
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
        self._take_results()
        if self._tasks is not None:
            try:
                self._tasks.put_nowait(batch)
                return
            except queue.Full:
                self._alive_or_raise()
        self._local.add(batch)

    def _take_results(self) -> None:
        """Take what the workers reported so far: the words their caches dropped are kept at
        once (held in a worker's queue until read, they would grow it), the rest is left for
        :meth:`finish` and the checks that read it (:meth:`_result`)."""
        if self._results is not None:
            with contextlib.suppress(queue.Empty):
                while True:
                    status, payload = self._results.get_nowait()
                    if status == "words":
                        keep_dropped(*payload)
                    else:
                        self._held.append((status, payload))

    def _result(self, block: bool = True) -> tuple[str, Any]:
        """The next report of a worker: one :meth:`_take_results` left first, else from the
        queue (waiting up to ``_POLL`` seconds if ``block``; raises ``queue.Empty``)."""
        if self._held:
            return self._held.pop(0)
        return self._results.get(timeout=_POLL) if block else self._results.get_nowait()

    def _note(self, status: str, payload: Any) -> None:
        if status == "started":
            self._segment_ids.append(payload)
        elif status == "words":  # (settings, values a worker's full cache dropped)
            keep_dropped(*payload)
        elif status == "ok" and payload[0] is not None:  # (segment, settings, words)
            self._segments.append(payload[0])

    def _alive_or_raise(self) -> None:
        dead = [p for p in self._procs if not p.is_alive() and p.exitcode not in (0, None)]
        if dead:
            reason = f"exit code {dead[0].exitcode}"
            with contextlib.suppress(queue.Empty):
                while True:
                    status, payload = self._result()
                    if status == "failed":
                        raise payload
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
                status, payload = self._result()
            except queue.Empty:
                self._alive_or_raise()
                continue
            if status == "started":
                self._segment_ids.append(payload)
            return status, payload
