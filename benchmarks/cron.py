"""A month of cron: many small reindex runs, against a freshly optimized index of the same files.

A job every 15 minutes for a month is about 3,000 ``reindex`` runs; each here finds
``--changed`` files with new text (real text: another document of the scale corpus, so the
vocabulary moves as a real collection's does). What must not happen: segments piling up,
deleted passages kept forever (disk), searches slowing down.

1. ``--files`` documents of the scale corpus (evenly spaced), one ``.txt`` file each (title
   on the first line), indexed from scratch;
2. ``--runs`` reindex runs through the library (what ``polyseek reindex`` runs, without
   the interpreter's start-up), each after ``--changed`` files got another document's
   text; every ``--every`` runs: segments, deleted passages, disk, and search latency
   (``--queries`` two-word title queries, 10 hits with snippets, CPU time per query: the
   machine is shared);
3. at the end, a fresh index of the same files, optimized (one segment): its disk and
   search latency in the same process, and the ratios.

Usage::

    python benchmarks/cron.py                      # 3,000 files, 300 runs of 10 changed files
    python benchmarks/cron.py --runs 3000          # the whole month (hours on a shared machine)

Fewer runs than 3,000 are extrapolated only where the curve says so: the table shows the
segment count and disk at every checkpoint, so a bounded (flat) curve and a growing one
can be told apart.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import SCALE_CORPUS, machine, percentile  # noqa: E402

from polyseek import SearchIndex  # noqa: E402


def _documents(corpus: Path, n: int) -> list[dict]:
    lines = [ln for ln in corpus.read_bytes().splitlines() if ln.strip()]
    return [json.loads(line) for line in lines[:: max(1, len(lines) // n)]]


def _write(path: Path, doc: dict, mtime: float) -> None:
    path.write_text(f"{doc.get('title') or ''}\n{doc['text']}\n", encoding="utf-8")
    os.utime(path, (mtime, mtime))


def _queries(docs: list[dict], n: int) -> list[str]:
    out: list[str] = []
    for doc in docs[:: max(1, len(docs) // (3 * n))]:
        words = [w for w in (doc.get("title") or "").split() if len(w) > 3 and w.isalpha()]
        if len(words) >= 2 and " ".join(words[:2]) not in out:
            out.append(" ".join(words[:2]))
    return out[:n]


def _search_ms(ix: SearchIndex, queries: list[str]) -> tuple[float, float]:
    """p50 and p95 of the CPU time of a search (10 hits with snippets), after a warm-up pass."""
    for q in queries:
        ix.search(q, limit=10)
    times = []
    for q in queries:
        started = time.process_time()
        ix.search(q, limit=10)
        times.append((time.process_time() - started) * 1000)
    return percentile(times, 50), percentile(times, 95)


def _state(ix: SearchIndex) -> dict:
    info = ix.info()
    return {"segments": info.segments, "deleted": info.deleted, "mib": info.size_bytes / 2**20, "passages": info.passages}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS)
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--changed", type=int, default=10)
    ap.add_argument("--every", type=int, default=50, help="runs between two checkpoints")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    pool = _documents(args.corpus, args.files * 3)
    rng.shuffle(pool)
    docs, spare = pool[: args.files], pool[args.files :]
    queries = _queries(docs, args.queries)
    tmp = Path(tempfile.mkdtemp(prefix="polyseek-cron-"))
    try:
        folder = tmp / "docs"
        folder.mkdir()
        clock = time.time() - 10 * 24 * 3600  # files written long ago...
        paths = [folder / f"{i:05d}.txt" for i in range(len(docs))]
        for path, doc in zip(paths, docs):
            _write(path, doc, clock)
        print(f"{machine()}; {len(paths)} files, {args.runs} reindex runs of {args.changed} changed files", flush=True)
        with SearchIndex.create(tmp / "ix") as ix:
            started = time.process_time()
            ix.add_path(folder)
            full_cpu = time.process_time() - started
            rows = [{"run": 0, "cpu_s": full_cpu, **_state(ix), **dict(zip(("p50", "p95"), _search_ms(ix, queries)))}]
            print(f"run 0 (index from scratch): {rows[0]}", file=sys.stderr, flush=True)
            run_cpu: list[float] = []
            max_segments = rows[0]["segments"]
            for run in range(1, args.runs + 1):
                clock += 900  # ...and changed every quarter of an hour since
                for path in rng.sample(paths, args.changed):
                    _write(path, spare[rng.randrange(len(spare))], clock)
                started = time.process_time()
                stats = ix.reindex()
                run_cpu.append(time.process_time() - started)
                assert stats.updated == args.changed and stats.failed == 0, stats.as_dict()
                max_segments = max(max_segments, ix.info().segments)
                if run % args.every == 0 or run == args.runs:
                    row = {"run": run, "cpu_s": statistics.median(run_cpu[-args.every :]), **_state(ix)}
                    row.update(zip(("p50", "p95"), _search_ms(ix, queries)))
                    rows.append(row)
                    print(f"run {run}: {row}", file=sys.stderr, flush=True)
        with SearchIndex.create(tmp / "fresh") as fresh:
            fresh.add_path(folder)
            fresh.optimize()
            ref = {"run": "fresh + optimize", "cpu_s": 0.0, **_state(fresh)}
            ref.update(zip(("p50", "p95"), _search_ms(fresh, queries)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nload average at the end {os.getloadavg()[0]:.1f}; search: CPU ms per query, {len(queries)} queries")
    print("| runs | reindex CPU s (median of the last runs) | segments | deleted passages | disk MiB | search p50 / p95 ms |")
    print("|---|---|---|---|---|---|")
    for r in [*rows, ref]:
        print(f"| {r['run']} | {r['cpu_s']:.2f} | {r['segments']} | {r['deleted']} | {r['mib']:.1f} | {r['p50']:.1f} / {r['p95']:.1f} |")
    last = rows[-1]
    print(
        f"\nafter {last['run']} runs against a fresh optimized index of the same files: disk "
        f"{last['mib'] / ref['mib']:.2f}x, search p95 {last['p95'] / ref['p95']:.2f}x, p50 {last['p50'] / ref['p50']:.2f}x; "
        f"segments at most {max_segments} over the runs; a reindex of {args.changed} files took "
        f"{statistics.median(run_cpu):.2f} s CPU (median), {statistics.median(run_cpu) / full_cpu:.1%} of indexing all "
        f"{len(paths)} files ({full_cpu:.1f} s)"
    )


if __name__ == "__main__":
    main()
