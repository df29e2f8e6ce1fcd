"""Helpers shared by the benchmark scripts: corpus slices, child processes, peak RSS, stats.

Every timed run happens in a fresh child process (cold caches, its own peak RSS, the way
a user runs ``polyseek index``); the parent samples the resident memory of the child and
of all its descendants (worker processes included) every few milliseconds.

Example:
    >>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50)
    3.0
    >>> ratio_summary([1.0, 1.2, 0.9])
    '1.00x (0.90-1.20)'
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
#: The three-language scale corpus (40,977 documents, 57.6 MB of JSONL).
#: (``../shared/eval`` beside the checkout, or beside the folder of worktrees it is in.)
SCALE_CORPUS = Path(
    os.environ.get("POLYSEEK_SCALE_CORPUS")
    or next(
        (p for p in (d / "shared" / "eval" / "scale" / "corpus.jsonl" for d in REPO.parents[:2]) if p.exists()),
        REPO.parent / "shared" / "eval" / "scale" / "corpus.jsonl",
    )
)


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank on the sorted values, linear between ranks)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ratio_summary(ratios: list[float]) -> str:
    """Median ratio and its range over the rounds, e.g. ``1.05x (0.98-1.11)``."""
    return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"


def write_slice(corpus: Path, docs: int, dest: Path) -> Path:
    """Every k-th line of ``corpus`` so that ``docs`` lines remain (keeps the language mix).

    ``docs <= 0`` or more than the corpus holds returns ``corpus`` itself.
    """
    lines = corpus.read_bytes().splitlines(keepends=True)
    if docs <= 0 or docs >= len(lines):
        return corpus
    step = len(lines) / docs
    with open(dest, "wb") as out:
        for i in range(docs):
            out.write(lines[int(i * step)])
    return dest


def compile_bytecode(code: Path) -> None:
    """Write a checkout's ``.pyc`` files, as ``pip install`` does: a process started with
    PYTHONDONTWRITEBYTECODE would otherwise compile every module from source each time,
    which is most of a command's start-up."""
    folders = [str(code / name) for name in ("polyseek", "analyzers", "corpus", "index", "searcher")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True, stdout=subprocess.DEVNULL)


def machine() -> str:
    """One line describing the CPU, the cores and Python."""
    model = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}), Python {sys.version.split()[0]}"


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out.extend(int(c) for c in fh.read().split())
    except OSError:
        pass
    return out


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; PSS shares pages a forked worker still has in
    common with its parent between them, so summing PSS does not count them twice."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        rss = pss = int(line.split()[1])
        except OSError:
            pass
    return rss, pss


def tree_memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB of ``pid`` plus all its descendants right now."""
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        r, s = _memory_kib(p)
        rss, pss = rss + r, pss + s
        todo.extend(_children(p))
    return rss, pss


def run_watched(argv: list[str], watch: Callable[[int], None], interval: float = 0.05, **popen: Any) -> tuple[Any, float, float]:
    """Run ``argv``, calling ``watch(pid)`` every ``interval`` seconds until it exits (a memory
    sampler); its stdout (``popen`` says how it is captured), wall seconds, and the CPU seconds
    of it and its workers.  A failure stops the benchmark with the end of its stderr.

    The CPU seconds are the child's own, from ``os.wait4`` (its workers included once it has
    waited for them): the difference of ``RUSAGE_CHILDREN`` before and after, used before,
    also counted any other child that ended meanwhile, so ``growth.py --side-by-side`` gave
    polyseek the CPU of the stock Whoosh run beside it."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, **popen)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            watch(proc.pid)
            time.sleep(interval)

    streams: dict[str, Any] = {}

    def drain(name: str, stream: Any) -> None:
        streams[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(name, stream), daemon=True)
               for name, stream in (("out", proc.stdout), ("err", proc.stderr)) if stream is not None]
    sampler = threading.Thread(target=sample, daemon=True)
    for thread in (*readers, sampler):
        thread.start()
    _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage (Popen must not reap it first)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    done.set()
    for thread in (*readers, sampler):
        thread.join()
    out, err = streams.get("out"), streams.get("err")
    if proc.returncode != 0:
        text = err.decode(errors="replace") if isinstance(err, bytes) else err
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{(text or '')[-3000:]}")
    return out, wall, usage.ru_utime + usage.ru_stime


def run_child(args: list[str], env: dict[str, str] | None = None, interval: float = 0.05) -> dict:
    """Run ``python args...``; return the JSON object it printed last, with the peak memory of
    the child and its workers added (``peak_rss_mib``: sum of RSS; ``peak_pss_mib``: sum of PSS)."""
    peak = [0, 0]

    def watch(pid: int) -> None:
        rss, pss = tree_memory_kib(pid)
        peak[:] = max(peak[0], rss), max(peak[1], pss)

    out, _, _ = run_watched([sys.executable, *args], watch, interval, stdout=subprocess.PIPE, text=True, env=env)
    result = json.loads(out.strip().splitlines()[-1])
    return result | {"peak_rss_mib": peak[0] / 1024.0, "peak_pss_mib": peak[1] / 1024.0}


def cpu_seconds() -> tuple[float, float]:
    """User + system CPU seconds of this process, and of its finished (joined) children."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def child_maxrss_mib() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child process (MiB)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return round(own, 1), round(kids, 1)
