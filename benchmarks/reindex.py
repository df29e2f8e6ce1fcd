"""Reindex benchmark: what a no-op reindex costs, and how segments behave over many runs.

1. Writes N files (default 1,200) of real Russian, Arabic and English sentences taken
   from corpus/samples, dated an hour back (as files are when a cron job runs).
2. Times ``polyseek index`` from scratch, ``polyseek reindex`` with nothing changed and
   after 10% of the files got new text, as real CLI processes (what cron runs; includes
   interpreter start-up; wall and CPU time), and from scratch and no-op in-process
   through the library; prints the ratios to indexing from scratch.
3. Runs R (default 50) small reindex runs, each after changing 1-3 files, adding one
   every 5th run and deleting one every 7th, and prints the segment count, deleted
   passages and size as it goes; then ``polyseek optimize``.

Usage::

    python benchmarks/reindex.py [--files 1200] [--runs 50] [--repeat 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _bench import compile_bytecode  # noqa: E402

from textcorpus import make_text, write_corpus  # noqa: E402

from polyseek.index import PassageIndex, reindex, sync_paths  # noqa: E402


def _cli(*args: str) -> float:
    return _cli_cpu(*args)[0]


def _cli_cpu(*args: str, code: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one ``polyseek`` process (the checkout ``code``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(code))
    subprocess.run([sys.executable, "-m", "polyseek", *args], check=True, cwd=code, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _age(paths: list[Path], seconds: float) -> None:
    """Date files ``seconds`` back (distinct mtimes), as if written before this run."""
    now = time.time()
    for i, p in enumerate(paths):
        t = now - seconds + i * 1e-3
        os.utime(p, (t, t))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1200)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=5, help="timings repeated, median reported")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    ap.add_argument("--before", type=Path, help="another checkout: its CLI runs interleaved with this one's, on its own index")
    ap.add_argument("--cli-only", action="store_true", help="only the CLI figures (no library runs, no small runs)")
    args = ap.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="polyseek-bench-"))
    docs, ix = work / "docs", work / "ix"
    shutil.rmtree(docs, ignore_errors=True)
    paths = write_corpus(docs, args.files, seed=42)
    _age(paths, 3600)
    size = sum(p.stat().st_size for p in paths)
    print(f"corpus: {len(paths)} files, {size / 1e6:.2f} MB of real ru/ar/en sentences in {docs}")

    # -- CLI processes: what cron runs ------------------------------------
    codes = [("now", ROOT)] + ([("before", args.before)] if args.before else [])
    for _, code in codes:
        compile_bytecode(code)
    runs: dict[str, tuple[list, list, list]] = {name: ([], [], []) for name, _ in codes}
    rng = random.Random(11)
    for r in range(args.repeat):
        order = codes if r % 2 == 0 else codes[::-1]
        for name, code in order:
            shutil.rmtree(work / f"ix-{name}", ignore_errors=True)
            runs[name][0].append(_cli_cpu("index", str(docs), "--index", str(work / f"ix-{name}"), "-q", "-j", "1", code=code))
        for name, code in order:
            runs[name][1].append(_cli_cpu("reindex", "--index", str(work / f"ix-{name}"), "-q", "-j", "1", code=code))
        changed = rng.sample(paths, len(paths) // 10)  # 10% of the files get new text
        for p in changed:
            p.write_text(make_text(rng), encoding="utf-8")
        _age(changed, 60)
        for name, code in order:
            runs[name][2].append(_cli_cpu("reindex", "--index", str(work / f"ix-{name}"), "-q", "-j", "1", code=code))
    startup = statistics.median(_cli("--version") for _ in range(args.repeat))
    for name, _ in codes:
        scratch, noop, tenth = runs[name]
        for i, label in ((0, "wall"), (1, "CPU")):
            s, n, t = (statistics.median(r[i] for r in rs) for rs in (scratch, noop, tenth))
            print(f"cli {name:<6} {label:<4} index from scratch {s:.3f} s, no-op reindex {n:.3f} s: ratio {n / s:.1%}; "
                  f"reindex with 10% of the files changed {t:.3f} s: ratio {t / s:.1%}")
    if args.before:
        print("now / before, CPU time of the same job in the same round (median, range):")
        for i, job in enumerate(("index from scratch", "no-op reindex", "10% reindex")):
            ratios = [b[1] / a[1] for a, b in zip(runs["now"][i], runs["before"][i])]
            print(f"  {job}: before/now {statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})")
    print(f"(interpreter + imports alone: {startup:.3f} s wall)")
    if args.cli_only:
        return

    # -- library, in-process ----------------------------------------------
    lib_scratch, lib_noop = [], []
    for _ in range(args.repeat):
        shutil.rmtree(ix, ignore_errors=True)
        pix = PassageIndex.create(ix)
        t = time.perf_counter()
        stats = sync_paths(pix, [docs])
        lib_scratch.append(time.perf_counter() - t)
        t = time.perf_counter()
        again = reindex(pix)
        lib_noop.append(time.perf_counter() - t)
        assert again.unchanged == len(paths) and again.added == again.updated == 0, again
        pix.close()
    s, n = statistics.median(lib_scratch), statistics.median(lib_noop)
    print(f"lib   index from scratch {s:.3f} s ({stats.passages} passages), no-op reindex {n:.4f} s: ratio {n / s:.2%}")

    # -- many small runs --------------------------------------------------
    pix = PassageIndex.open(ix)
    rng = random.Random(7)
    live = list(paths)
    seg_counts = []
    print("run  changed  segments  deleted  size_bytes  seconds")
    for run in range(1, args.runs + 1):
        changed = rng.sample(live, rng.randint(1, 3))
        for p in changed:
            p.write_text(make_text(rng), encoding="utf-8")
        if run % 5 == 0:
            new = docs / f"new{run:03d}.txt"
            new.write_text(make_text(rng), encoding="utf-8")
            changed.append(new)
            live.append(new)
        if run % 7 == 0:
            gone = live.pop(rng.randrange(len(live)))
            gone.unlink()
        _age([p for p in changed if p.exists()], 10)  # written before the run, not during it
        t = time.perf_counter()
        st = reindex(pix)
        seconds = time.perf_counter() - t
        assert st.failed == 0 and st.updated + st.added >= len(changed) - 1, st
        seg_counts.append(pix.segment_count())
        if run % 5 == 0 or run == 1:
            print(f"{run:>3}  {len(changed):>7}  {seg_counts[-1]:>8}  {pix.deleted_count():>7}  "
                  f"{pix.size_bytes():>10}  {seconds:.3f}")
    print(f"segments over {args.runs} runs: max {max(seg_counts)}, last {seg_counts[-1]}, "
          f"mean {statistics.mean(seg_counts):.1f}")
    t = time.perf_counter()
    before = pix.size_bytes()
    pix.optimize()
    print(f"optimize: {seg_counts[-1]} -> {pix.segment_count()} segments, {before} -> {pix.size_bytes()} bytes "
          f"in {time.perf_counter() - t:.2f} s")
    pix.close()
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
