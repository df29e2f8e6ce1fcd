"""Kill a real writer process with SIGKILL at a chosen moment (for the crash tests).

The writer is a child forked from the test process (so it starts in milliseconds
with every module already imported) that runs the ``polyseek`` command line. A
"moment" is the k-th file-system step of the run, seen through Python's audit
hooks just *before* it happens: opening an index file for writing, renaming or
deleting one, creating or removing a folder, or opening a source file to read it;
only the writer's own steps count (its ``--jobs`` worker processes inherit the hook
but neither count nor kill).
:func:`count_steps` runs the command to the end and returns how many there were;
:func:`run_killed` kills the child at step k, or after a delay.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from polyseek.searcher.cli import main

_MUTATIONS = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR


def _is_step(event: str, args: tuple, index_dir: str, sources: tuple[str, ...]) -> bool:
    if event == "open":
        path, _mode, flags = args
        if isinstance(path, int) or path is None:
            return False
        path = os.fsdecode(path)
        if flags is not None and flags & _WRITE_FLAGS:
            return path.startswith(index_dir)
        return path.startswith(sources)
    if event in _MUTATIONS:
        path = args[0]
        return isinstance(path, (str, bytes, os.PathLike)) and os.fsdecode(path).startswith(index_dir)
    return False


def _child(
    argv: list[str], index_dir: Path, sources: tuple[str, ...], kill_at: int | None, report: int, log: Path,
    before: Callable[[], None] | None = None,
) -> None:
    steps = 0
    trail: list[str] = []  # each step: "event path"
    watched = str(index_dir)
    me = os.getpid()

    def hook(event: str, args: tuple) -> None:
        nonlocal steps
        if os.getpid() == me and _is_step(event, args, watched, sources):
            steps += 1
            trail.append(f"{event} {os.fsdecode(args[0])}")
            if steps == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    # pytest may have replaced the Python-level streams: point them at the log too.
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False, buffering=1)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)
    code = 0
    sys.addaudithook(hook)
    try:
        if before is not None:
            before()
        main(argv, prog_name="polyseek")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - reported through the exit code and the log
        import traceback

        traceback.print_exc()
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        with open(log.with_suffix(".steps"), "w", encoding="utf-8") as fh:
            fh.write("".join(f"{line}\n" for line in trail))
    except OSError:
        pass  # a child that dropped its privileges may not write there; only count_steps reads it
    os.write(report, str(steps).encode())
    os._exit(code)


def _fork(argv, index_dir, sources, kill_at, log, before=None) -> tuple[int, int]:
    r, w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            _child(argv, Path(index_dir), tuple(map(str, sources)), kill_at, w, Path(log), before)
        finally:
            os._exit(98)
    os.close(w)
    return pid, r


def _status_code(status: int) -> int:
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _read_steps(r: int) -> int | None:
    data = b""
    while chunk := os.read(r, 64):
        data += chunk
    os.close(r)
    return int(data) if data else None


def run_in_child(argv: list[str], log: Path, before: Callable[[], None] | None = None) -> int:
    """Run the command line in a forked child after ``before()`` (say, dropping privileges); its exit code."""
    pid, r = _fork(argv, log.parent, [], None, log, before)
    _, status = os.waitpid(pid, 0)
    _read_steps(r)
    return _status_code(status)


def count_steps(argv: list[str], index_dir: Path, sources: list[Path], log: Path) -> int:
    """Run the command to the end in a forked child; the number of steps it took
    (listed in ``log`` with the suffix ``.steps``, one ``event path`` a line)."""
    pid, r = _fork(argv, index_dir, sources, None, log)
    _, status = os.waitpid(pid, 0)
    steps = _read_steps(r)
    assert _status_code(status) == 0, log.read_text()
    assert steps
    return steps


def run_killed(
    jobs: list[tuple[list[str], Path, list[Path], int | None, float | None, Path]], parallel: int = 2
) -> list[int]:
    """Run ``(argv, index_dir, sources, kill_at_step, kill_after_seconds, log)`` jobs,
    ``parallel`` at a time; return each child's exit code (``-9`` when killed)."""
    codes: list[int] = [0] * len(jobs)
    running: dict[int, tuple[int, int, float | None]] = {}  # pid -> (job, pipe, kill deadline)
    queue = list(enumerate(jobs))
    while queue or running:
        while queue and len(running) < parallel:
            i, (argv, index_dir, sources, kill_at, kill_after, log) = queue.pop(0)
            pid, r = _fork(argv, index_dir, sources, kill_at, log)
            running[pid] = (i, r, None if kill_after is None else time.monotonic() + kill_after)
        for pid, (i, r, deadline) in list(running.items()):
            if deadline is not None and time.monotonic() >= deadline:
                os.kill(pid, signal.SIGKILL)  # still ours: it has not been reaped
                running[pid] = (i, r, None)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                codes[i] = _status_code(status)
                _read_steps(r)
                del running[pid]
        time.sleep(0.002)
    return codes
