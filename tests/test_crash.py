"""``kill -9`` at many moments of ``index``, ``reindex`` and ``optimize``: afterwards the index
opens and answers, every file in it is whole (one version, all its passages, no
strays), the lock is free, and the next run converges exactly to the files on disk.

Kill points are the writer's file-system steps (see ``crashkit``), spread over the
whole run, plus kills at timed moments. ``POLYSEEK_CRASH_SWEEP=full`` tries every
step instead of a sample (a few minutes).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from polyseek.corpus import iter_source_files, read_file
from crashkit import count_steps, run_killed
from polyseek.index import PassageIndex, reindex, sync_paths
from polyseek.index.store import file_sha256
from indexcheck import assert_consistent, assert_converged, check_manifest, leftover_files
from polyseek.searcher import SearchIndex
from textcorpus import make_text

FULL = os.environ.get("POLYSEEK_CRASH_SWEEP") == "full"
STEP_KILLS = 10**6 if FULL else 14  # per scenario
TIMED_KILLS = 24 if FULL else 4


def _write(path: Path, text: str, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def _v1(root: Path, rng: random.Random) -> None:
    old = time.time() - 3600
    for i in range(7):
        _write(root / ("a" if i % 2 else "b") / f"n{i}.txt", make_text(rng, paragraphs=2), old + i)
    feed = [{"id": f"r{i}", "text": make_text(rng, paragraphs=1)} for i in range(3)]
    _write(root / "feed.jsonl", "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in feed), old + 10)


def _v2(root: Path, rng: random.Random) -> None:
    """Change 2 files, delete 2, add 2, touch 1 (each change dated distinctly)."""
    new = time.time() - 600
    _write(root / "a" / "n1.txt", make_text(rng, paragraphs=2), new)
    _write(root / "feed.jsonl", json.dumps({"id": "r9", "text": make_text(rng, paragraphs=1)}) + "\n", new + 1)
    (root / "b" / "n2.txt").unlink()
    (root / "a" / "n3.txt").unlink()
    _write(root / "c" / "n8.md", "# Заметка\n\n" + make_text(rng, paragraphs=2), new + 2)
    _write(root / "b" / "n9.txt", make_text(rng, paragraphs=2), new + 3)
    os.utime(root / "b" / "n4.txt", (new + 4, new + 4))


def _versions(root: Path, into: dict) -> None:
    """Record the passages of every file's current content under ``(source, sha256)``."""
    for path in iter_source_files(root):
        into[(str(path), file_sha256(path))] = Counter((str(path), p.text) for d in read_file(path) for p in d.passages)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Two corpora and a base index: ``fresh`` (v1) to index from scratch; ``live`` at v2,
    indexed at v1 in small commits (many segments, so the reindex also merges)."""
    base = tmp_path_factory.mktemp("crash")
    rng = random.Random(2024)
    fresh, live = base / "fresh", base / "live"
    versions: dict = {}
    _v1(fresh, random.Random(1))
    _v1(live, random.Random(1))
    _versions(fresh, versions)
    _versions(live, versions)
    pix = PassageIndex.create(base / "base-ix")
    sync_paths(pix, [live], commit_every=4)
    pix.close()
    _v2(live, rng)
    _versions(live, versions)
    return {"base": base, "fresh": fresh, "live": live, "versions": versions}


def _sample(total: int, n: int) -> list[int]:
    """``n`` kill steps spread evenly over ``1..total`` (all of them if fewer)."""
    if total <= n:
        return list(range(1, total + 1))
    return sorted({1 + round(i * (total - 1) / (n - 1)) for i in range(n)})


def _check_after_kill(ix: Path, world: dict, roots_if_recorded: list[Path]) -> str:
    """The invariants after a crash, then one more run; returns what was found."""
    if not PassageIndex.exists(ix):
        assert not roots_if_recorded or not (ix / "_MAIN_0.toc").exists()
        return "no index yet"
    with SearchIndex.open(ix) as sx:
        sx.search("олимпийский комитет")  # opens and answers
        sx.search("Kazakhstan")
    check_manifest(ix)  # whatever the kill left: a manifest naming the last commit holds its records
    pix = PassageIndex.open(ix)
    assert_consistent(pix, world["versions"])
    with pix.write_session(lock_timeout=0):  # a killed writer leaves no lock behind
        pass
    recorded = [Path(r) for r in pix.roots()]
    stats = reindex(pix, lock_timeout=0)
    assert stats.failed == 0, stats.failures
    pix.close()
    assert_converged(ix, recorded)
    assert leftover_files(ix) == []
    assert check_manifest(ix) == "current"  # the next reindex can find it has nothing to do
    return "roots recorded" if recorded else "empty"


def _sweep(world, name: str, argv_for, setup, sources: list[Path], roots: list[Path]) -> Counter:
    """Kill ``argv_for(ix)`` at sampled steps and at timed moments; check each result."""
    work = world["base"] / name
    work.mkdir()
    probe = work / "probe"
    setup(probe)
    started = time.monotonic()
    steps = count_steps(argv_for(probe), probe, sources, work / "probe.log")
    full_run = time.monotonic() - started
    jobs = []
    for k in _sample(steps, STEP_KILLS):
        jobs.append((k, None))
    for i in range(TIMED_KILLS):
        jobs.append((None, full_run * (i + 0.5) / TIMED_KILLS))
    dirs = []
    for j, (k, delay) in enumerate(jobs):
        ix = work / f"k{j}"
        setup(ix)
        dirs.append(ix)
    codes = run_killed(
        [(argv_for(ix), ix, sources, k, delay, work / f"k{j}.log") for j, (ix, (k, delay)) in enumerate(zip(dirs, jobs))]
    )
    outcomes = Counter({"step kills": len(_sample(steps, STEP_KILLS))})
    for ix, code, (k, delay), j in zip(dirs, codes, jobs, range(len(jobs))):
        assert code in (-signal.SIGKILL, 0), (k, delay, code, (work / f"k{j}.log").read_text())
        assert code or k is None, f"step {k} of {steps} was never reached"
        outcomes["killed" if code else "finished"] += 1
        outcomes[_check_after_kill(ix, world, roots)] += 1
    print(f"{name}: {steps} steps, {len(jobs)} kill points ({outcomes['step kills']} at steps, "
          f"{TIMED_KILLS} timed over {full_run:.2f}s): {dict(outcomes)}")
    shutil.rmtree(work)
    return outcomes


def test_kill_during_index_from_scratch(world):
    fresh = world["fresh"]
    out = _sweep(
        world, "index", lambda ix: ["index", str(fresh), "--index", str(ix), "-q"],
        setup=lambda ix: None, sources=[fresh], roots=[fresh],
    )
    assert out["killed"] >= out["step kills"] >= min(STEP_KILLS, 40)
    # After a kill the user's rerun of the same command completes the job.
    ix = world["base"] / "rerun"
    run_killed([(["index", str(fresh), "--index", str(ix), "-q"], ix, [fresh], 30, None, world["base"] / "rerun.log")])
    with SearchIndex.open_or_create(ix) as sx:
        assert sx.add_path(fresh).failed == 0
    assert_converged(ix, [fresh])


def test_kill_during_reindex(world):
    live, base_ix = world["live"], world["base"] / "base-ix"
    out = _sweep(
        world, "reindex", lambda ix: ["reindex", "--index", str(ix), "-q"],
        setup=lambda ix: shutil.copytree(base_ix, ix), sources=[live], roots=[live],
    )
    assert out["killed"] >= out["step kills"] >= min(STEP_KILLS, 40)
    assert out["roots recorded"] == out["killed"] + out["finished"]


def test_kill_during_optimize(world):
    live, base_ix = world["live"], world["base"] / "base-ix"
    out = _sweep(
        world, "optimize", lambda ix: ["optimize", "--index", str(ix), "-q"],
        setup=lambda ix: shutil.copytree(base_ix, ix), sources=[live], roots=[live],
    )
    assert out["killed"] >= out["step kills"] >= min(STEP_KILLS, 20)


def test_external_kill_of_the_cli_process(world, tmp_path):
    """The plain case, from outside: start ``polyseek index``, ``kill -9`` it part-way."""
    fresh = world["fresh"]
    ix = tmp_path / "ix"
    proc = subprocess.Popen(
        [sys.executable, "-m", "polyseek", "index", str(fresh), "--index", str(ix), "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not PassageIndex.exists(ix) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _check_after_kill(ix, world, [fresh])
