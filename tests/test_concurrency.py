"""Readers and writers in separate processes: searches never fail or see half a commit,
and one writer at a time, with a lock that dies with its holder."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from index import PassageIndex
from searcher import SearchIndex
from workers import write_versioned_corpus

WORKERS = Path(__file__).resolve().parent / "workers.py"
ROUNDS = 6


def _spawn(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKERS), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "searcher", *map(str, args)], capture_output=True, text=True)


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
    want = (12, PassageIndex.open(ix).passage_count())

    readers = [_spawn("reader", ix, stop) for _ in range(2)]
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
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        lines = [json.loads(line) for line in out.splitlines()]
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
