"""``kill -9`` of a ``--jobs 2`` run's writing process never leaves the index held (issue 19).

The writing process is a real process (forked, in a process group of its own, see
``crashkit``), killed with SIGKILL at steps spread over the whole run: before the
index exists, while files are read and batches handed to the worker, while segments
are written and while the commit renames its table of contents. After each kill:

- the lock is free as soon as the killed process is gone (no worker holds a copy);
- no process of the killed run remains (its workers die with it);
- the next run takes the lock, finishes, and the index holds exactly the files on disk.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from crashkit import _fork, _read_steps, _status_code, count_steps
from polyseek.index import PassageIndex, pipeline
from indexcheck import assert_converged, leftover_files
from polyseek.searcher.cli import main
from textcorpus import make_text

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="process groups are read from /proc")


def live_members(group: int) -> list[int]:
    """Processes of the process group ``group`` that are not dead (zombies are dead)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            out.append(int(entry))
    return out


def end_group(group: int) -> None:
    """Kill what is left of the process group ``group`` (a test that failed leaves no orphans)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


def wait_for_no_members(group: int, limit: float = 10.0) -> list[int]:
    """The live members of ``group`` once there are none, or after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while (members := live_members(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return members


def test_a_killed_parallel_run_leaves_no_worker_and_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.setattr(pipeline, "START_CHARS", 0)  # the forked runs index in two processes from the start
    monkeypatch.setattr(pipeline, "MIN_JOB_BYTES", 0)  # and even though they are small
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 40_000)  # in batches of a few tenths of a second
    rng = random.Random(19)
    src = tmp_path / "src"
    src.mkdir()
    for i in range(8):
        (src / f"n{i:02}.txt").write_text(make_text(rng, paragraphs=80), encoding="utf-8")
    argv = lambda ix: ["index", str(src), "--index", str(ix), "--jobs", "2", "-q"]  # noqa: E731
    steps = count_steps(argv(tmp_path / "probe"), tmp_path / "probe", [src], tmp_path / "probe.log")
    trail = (tmp_path / "probe.steps").read_text(encoding="utf-8").splitlines()
    reads = [i for i, step in enumerate(trail, 1) if step.startswith(f"open {src}")]
    points = {
        "index created": 1,
        "first file read (worker waiting)": reads[0],
        "files being read and handed to the worker": reads[len(reads) // 2],
        "last file read": reads[-1],
        "segments being written": (reads[-1] + steps) // 2,
        "commit": steps - 1,
    }
    killed = []
    for moment, k in points.items():
        ix = tmp_path / f"k{k}"
        pid, report = _fork(argv(ix), ix, [src], k, tmp_path / f"k{k}.log", before=lambda: os.setpgid(0, 0))
        _, status = os.waitpid(pid, 0)
        _read_steps(report)
        request.addfinalizer(lambda group=pid: end_group(group))
        code = _status_code(status)
        # the writer's steps vary a little from run to run (which process writes which
        # batch): the last point may come after the end of a run, which then just finishes
        assert code == -signal.SIGKILL or (code == 0 and k > reads[-1]), (moment, (tmp_path / f"k{k}.log").read_text())
        if code:
            killed.append(moment)
        if PassageIndex.exists(ix):
            with PassageIndex.open(ix).write_session(lock_timeout=0):  # free the moment the writer is gone
                pass
        assert wait_for_no_members(pid) == [], f"processes of the run killed at {moment} remain"
        done = CliRunner().invoke(main, [*argv(ix)[:-1], "--lock-timeout", "5"], catch_exceptions=False)
        assert done.exit_code == 0, (moment, done.stderr)
        assert_converged(ix, [src])
        assert leftover_files(ix) == []
    assert len(killed) >= 5
    print(f"{steps} steps; killed at {killed}")
