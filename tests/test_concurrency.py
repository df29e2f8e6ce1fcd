"""Readers and writers in separate processes: searches never fail or see half a commit,
and one writer at a time, with a lock that dies with its holder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polyseek.index import PassageIndex
from polyseek.searcher import SearchIndex
from workers import TITLE, versioned_text, write_versioned_corpus

WORKERS = Path(__file__).resolve().parent / "workers.py"
ROUNDS = 6


def _spawn(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKERS), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polyseek", *map(str, args)], capture_output=True, text=True)


def _check(observed: dict[str, list[int]], hits: int, t0: float, t1: float, rounds: list[dict], want: tuple) -> int:
    """One search saw one committed version, complete, and not older than the last commit before it."""
    files, passages = want
    versions = {v for vs in observed.values() for v in vs}
    assert len(versions) == 1, f"a search saw several versions at once: {versions}"
    assert len(observed) == files and hits == passages, (len(observed), hits)
    (v,) = versions
    committed_before = max([0] + [r["k"] for r in rounds if r["done"] < t0])
    started_before_end = max([0] + [r["k"] for r in rounds if r["start"] < t1])
    assert committed_before <= v <= started_before_end, (v, committed_before, started_before_end)
    return v


def test_searches_during_reindex_see_only_committed_states(tmp_path):
    docs, ix, stop = tmp_path / "docs", tmp_path / "ix", tmp_path / "stop"
    write_versioned_corpus(docs, 12)
    with SearchIndex.create(ix) as index:
        index.add_path(docs)
    # "редакция" is in each title, which opens each file's first passage: one passage per file
    # (the other passages match only by the title and are not listed, issue 17)
    with SearchIndex.open(ix) as index:
        want = (12, len(index.search("редакция", passages=True, limit=10_000)))
    assert want == (12, 12) and PassageIndex.open(ix).passage_count() > 12

    readers = [_spawn("reader", ix, stop) for _ in range(2)]
    # the writer starts once both readers search (on a loaded machine a process takes a while to start)
    first = {proc.pid: proc.stdout.readline() for proc in readers}
    writer = _spawn("writer", ix, docs, ROUNDS)
    cli = []
    while writer.poll() is None:  # short-lived search processes, as a user or a web app starts them
        t0 = time.monotonic()
        r = _cli("search", "редакция", "--passages", "-n", "10000", "--json", "--index", ix)
        cli.append((t0, time.monotonic(), r))
    stop.touch()
    w_out, w_err = writer.communicate()
    assert writer.returncode == 0, w_err
    rounds = [json.loads(line) for line in w_out.splitlines()]
    assert [r["k"] for r in rounds] == list(range(1, ROUNDS + 1))

    seen = set()
    for proc in readers:
        # read on through the same text stream: communicate() reads the pipe itself and
        # would lose what readline() buffered past the first line (a loaded machine's reader
        # has printed several lines by then)
        out = proc.stdout.read()
        err = proc.stderr.read()
        proc.wait(timeout=30)
        assert proc.returncode == 0, err
        lines = [json.loads(line) for line in (first[proc.pid] + out).splitlines()]
        assert len(lines) >= 5
        for obs in lines:
            seen.add(_check(obs["versions"], obs["hits"], obs["t0"], obs["t1"], rounds, want))
    for t0, t1, r in cli:
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        observed: dict[str, list[int]] = {}
        for hit in data["hits"]:
            observed.setdefault(hit["source"], []).append(int(hit["title"].split()[1].rstrip(":")))
        seen.add(_check(observed, len(data["hits"]), t0, t1, rounds, want))
    assert len(seen) >= 3, f"the searches did not overlap the writes: versions seen {seen}"


class CommitsBetweenSteps:
    """Commits a new version of a corpus at each step of a search, once its searcher is open.

    A second index object in this process (a real writer, on disk) rewrites every file's
    title to the next version and reindexes: before the first call of each function of the
    ``searcher`` package, and before each file of the index folder is listed or opened (the
    moment a file named by a listing can vanish). The search must neither fail nor see
    anything but the state its searcher opened.
    """

    MAX_COMMITS = 8

    def __init__(self, index_dir: Path, docs: Path) -> None:
        self.index_dir = os.path.realpath(index_dir)
        self.docs = docs
        self.bodies = {p: p.read_text(encoding="utf-8").split("\n\n", 1)[1] for p in sorted(docs.glob("*.txt"))}
        self.writer = SearchIndex.open(index_dir)
        self.version = 0
        self.armed = self.busy = False
        self.seen: set = set()
        self.errors: list[BaseException] = []

    def commit(self) -> None:
        if self.busy or self.version >= self.MAX_COMMITS:
            return
        self.busy = True
        try:
            self.version += 1
            for path, body in self.bodies.items():
                path.write_text(versioned_text(self.version, body), encoding="utf-8")
            stats = self.writer.reindex(lock_timeout=30)
            assert stats.updated == len(self.bodies), stats
        except BaseException as exc:  # noqa: BLE001 - reported by the test, not lost in a hook
            self.errors.append(exc)
        finally:
            self.busy = False

    def profile(self, frame, event, arg) -> None:
        code = frame.f_code
        if event == "return" and code.co_name == "fresh_searcher":
            self.armed = True  # the search's searcher is open: every later step is fair game
        elif event == "call" and self.armed and frame.f_globals.get("__name__", "").startswith("polyseek.searcher."):
            if code not in self.seen:
                self.seen.add(code)
                self.commit()

    def audit(self, event: str, args: tuple) -> None:
        if not self.armed or self.busy or event not in ("open", "os.listdir", "os.scandir") or not args:
            return
        if isinstance(args[0], (str, bytes, os.PathLike)) and os.fsdecode(args[0]).startswith(self.index_dir):
            self.commit()

    def run(self, fn):
        """``fn()`` with commits forced between its steps."""
        self.armed = False
        self.seen.clear()
        _AUDIT.append(self)
        sys.setprofile(self.profile)
        try:
            return fn()
        finally:
            sys.setprofile(None)
            _AUDIT.remove(self)
            self.armed = False


#: The active :class:`CommitsBetweenSteps` (an audit hook cannot be removed once added).
_AUDIT: list[CommitsBetweenSteps] = []
_AUDIT_HOOKED: list[bool] = []


def _audit(event: str, args: tuple) -> None:
    for forcer in _AUDIT:
        forcer.audit(event, args)


@pytest.mark.parametrize(
    "query, passages",
    [("редакция", True), ("редакция спорта", False), ("редакцея", False)],  # the last: did-you-mean
    ids=["passages", "documents", "suggestion"],
)
def test_a_commit_between_the_steps_of_a_search_neither_fails_it_nor_shows_through(tmp_path, query, passages):
    docs, ix = tmp_path / "docs", tmp_path / "ix"
    write_versioned_corpus(docs, 6)
    with SearchIndex.create(ix) as index:
        index.add_path(docs)
    if not _AUDIT_HOOKED:
        sys.addaudithook(_audit)
        _AUDIT_HOOKED.append(True)
    forcer = CommitsBetweenSteps(ix, docs)
    with SearchIndex.open(ix) as index:
        every = index.search("редакция", passages=True, limit=1000)  # the searcher is open (version 0)
        results = forcer.run(lambda: index.search(query, passages=passages, limit=1000))
        assert not forcer.errors, forcer.errors
        assert forcer.version >= 3, "the search was not interleaved with commits"
        # what the searcher opened: version 0, complete
        assert {TITLE.match(h.title).group(1) for h in results} <= {"0"}
        if query == "редакцея":
            # nothing found: the correction's hits, from the same state (checked above)
            assert results.suggestion == results.showing == "редакция" and len(results.hits) == 6
        else:
            assert len(results.hits) == (len(every.hits) if passages else 6)
        # the next search sees the last commit
        after = index.search("редакция", passages=True, limit=1000)
        assert {TITLE.match(h.title).group(1) for h in after} == {str(forcer.version)}
    forcer.writer.close()


def _wait_locked(holder: subprocess.Popen) -> None:
    line = holder.stdout.readline()
    assert line.strip() == "locked", holder.stderr.read()


def test_second_writer_waits_then_exits_2_naming_the_remedy(tmp_path, samples_dir):
    ix = tmp_path / "ix"
    with SearchIndex.create(ix) as index:
        index.add_path(samples_dir)
    holder = _spawn("hold-lock", ix, 60)
    try:
        _wait_locked(holder)
        for args in (("reindex",), ("index", str(samples_dir))):
            started = time.monotonic()
            r = _cli(*args, "--index", ix, "--lock-timeout", "0.5")
            elapsed = time.monotonic() - started
            assert r.returncode == 2 and r.stdout == ""
            assert elapsed >= 0.5
            (line,) = r.stderr.splitlines()
            assert "locked by another writer" in line and f"(pid {holder.pid})" in line
            assert "--lock-timeout" in line
        # Searching is never blocked by a writer.
        assert _cli("search", "дзюдо", "--index", ix, "--json").returncode == 0
    finally:
        holder.kill()  # SIGKILL: the kernel drops its lock
        holder.wait()
    started = time.monotonic()
    r = _cli("reindex", "--index", ix, "--lock-timeout", "0", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["unchanged"] == 5


def test_second_writer_proceeds_when_the_lock_is_released_in_time(tmp_path, samples_dir):
    ix = tmp_path / "ix"
    with SearchIndex.create(ix) as index:
        index.add_path(samples_dir)
    holder = _spawn("hold-lock", ix, 1.0)
    _wait_locked(holder)
    started = time.monotonic()
    r = _cli("reindex", "--index", ix, "--lock-timeout", "30", "-q")
    assert r.returncode == 0, r.stderr
    assert holder.wait() == 0
    assert time.monotonic() - started < 30
