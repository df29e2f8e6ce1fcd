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
    python benchmarks/cron.py --runs 3000 --minutes 100   # ... or as many runs as 100 minutes allow

The runs also stop, and the fresh index is made and compared, on SIGTERM or Ctrl-C. The
search figures are also given for the queries whose document's file still holds its
first text and for those whose file was given other text (their words are gone from the
collection: did-you-mean then looks for corrections, in the fresh index too).

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
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import SCALE_CORPUS, machine, percentile  # noqa: E402

from polyseek import SearchIndex  # noqa: E402
from polyseek.index.wordcache import FILE  # noqa: E402


def _documents(corpus: Path, n: int) -> list[dict]:
    lines = [ln for ln in corpus.read_bytes().splitlines() if ln.strip()]
    return [json.loads(line) for line in lines[:: max(1, len(lines) // n)]]


_FRESH = """
import sys
from polyseek import SearchIndex
with SearchIndex.create(sys.argv[1]) as fresh:
    fresh.add_path(sys.argv[2])
    fresh.optimize()
"""


def _content(doc: dict) -> str:
    """A document as its ``.txt`` file holds it (title on the first line)."""
    return f"{doc.get('title') or ''}\n{doc['text']}\n"


def _write(path: Path, doc: dict, mtime: float) -> None:
    path.write_text(_content(doc), encoding="utf-8")
    os.utime(path, (mtime, mtime))


def _queries(docs: list[dict], n: int) -> list[tuple[str, int]]:
    """Two title words of evenly spaced documents, each with its document's number."""
    out: list[tuple[str, int]] = []
    step = max(1, len(docs) // (3 * n))
    for i in range(0, len(docs), step):
        words = [w for w in (docs[i].get("title") or "").split() if len(w) > 3 and w.isalpha()]
        if len(words) >= 2 and " ".join(words[:2]) not in (q for q, _ in out):
            out.append((" ".join(words[:2]), i))
    return out[:n]


def _search_times(ix: SearchIndex, queries: list[tuple[str, int]]) -> list[float]:
    """The CPU ms of each search (10 hits with snippets), after a warm-up pass."""
    for q, _ in queries:
        ix.search(q, limit=10)
    times = []
    for q, _ in queries:
        started = time.process_time()
        ix.search(q, limit=10)
        times.append((time.process_time() - started) * 1000)
    return times


def _search_ms(ix: SearchIndex, queries: list[tuple[str, int]]) -> tuple[float, float]:
    """p50 and p95 of the CPU time of a search (10 hits with snippets), after a warm-up pass."""
    times = _search_times(ix, queries)
    return percentile(times, 50), percentile(times, 95)


def _split_ms(times: list[float], queries: list[tuple[str, int]], changed: set[int]) -> dict:
    """p50 / p95 of the queries whose document's file kept its text, and of those it lost."""
    kept = [t for t, (_, i) in zip(times, queries) if i not in changed]
    lost = [t for t, (_, i) in zip(times, queries) if i in changed]
    return {"kept": (len(kept), percentile(kept, 50), percentile(kept, 95)) if kept else (0, 0.0, 0.0),
            "lost": (len(lost), percentile(lost, 50), percentile(lost, 95)) if lost else (0, 0.0, 0.0)}


def _state(ix: SearchIndex) -> dict:
    """Segments, deleted passages, disk (and of it the word cache: it gains the words of every
    changed file and is pruned to what the files hold, see index/wordcache.py PRUNE_GROWTH)."""
    info = ix.info()
    words = ix.path / FILE
    return {"segments": info.segments, "deleted": info.deleted, "mib": info.size_bytes / 2**20, "passages": info.passages,
            "words_mib": words.stat().st_size / 2**20 if words.exists() else 0.0}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS)
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--changed", type=int, default=10)
    ap.add_argument("--every", type=int, default=50, help="runs between two checkpoints")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--minutes", type=float, help="stop the runs after this wall time, then compare")
    args = ap.parse_args(argv)
    stop = []  # SIGTERM or Ctrl-C: finish the run under way, then compare
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    deadline = time.monotonic() + 60 * args.minutes if args.minutes else float("inf")
    rng = random.Random(args.seed)
    pool = _documents(args.corpus, args.files * 3)
    rng.shuffle(pool)
    docs, spare = pool[: args.files], pool[args.files :]
    queries = _queries(docs, args.queries)
    tmp = Path(tempfile.mkdtemp(prefix="polyseek-cron-"))
    try:
        folder = tmp / "docs"
        folder.mkdir()
        # files written long ago, and every run a quarter of an hour later, all of it past:
        # dates after the machine's clock are racy (hashed again every run, see index.sync.Touch)
        clock = time.time() - 10 * 24 * 3600 - 900 * args.runs
        paths = [folder / f"{i:05d}.txt" for i in range(len(docs))]
        for path, doc in zip(paths, docs):
            _write(path, doc, clock)
        print(f"{machine()}; {len(paths)} files, {args.runs} reindex runs of {args.changed} changed files", flush=True)
        with SearchIndex.create(tmp / "ix") as ix:
            started = time.process_time()
            ix.add_path(folder)
            full_cpu = time.process_time() - started
            rows = [{"run": 0, "cpu_s": full_cpu, "mean_s": full_cpu, **_state(ix), **dict(zip(("p50", "p95"), _search_ms(ix, queries)))}]
            print(f"run 0 (index from scratch): {rows[0]}", file=sys.stderr, flush=True)
            run_cpu: list[float] = []
            max_segments = rows[0]["segments"]
            changed: set[int] = set()
            holds = [_content(doc) for doc in docs]  # what each file holds now
            last_run = args.runs
            for run in range(1, args.runs + 1):
                clock += 900  # ...and changed every quarter of an hour since
                for i in rng.sample(range(len(paths)), args.changed):
                    new = spare[rng.randrange(len(spare))]
                    while _content(new) == holds[i]:  # the same text again would be no change
                        new = spare[rng.randrange(len(spare))]
                    _write(paths[i], new, clock)
                    holds[i] = _content(new)
                    changed.add(i)
                started = time.process_time()
                stats = ix.reindex()
                run_cpu.append(time.process_time() - started)
                assert stats.updated == args.changed and stats.failed == 0, stats.as_dict()
                max_segments = max(max_segments, ix._pix.segment_count())  # info() reads every file record
                last = bool(stop) or time.monotonic() > deadline or run == args.runs
                if run % args.every == 0 or last:
                    last_runs = run_cpu[-args.every :]
                    row = {"run": run, "cpu_s": statistics.median(last_runs), "mean_s": statistics.fmean(last_runs), **_state(ix)}
                    row.update(zip(("p50", "p95"), _search_ms(ix, queries)))
                    rows.append(row)
                    print(f"run {run}: {row}", file=sys.stderr, flush=True)
                if last:
                    last_run = run
                    break
            # made in another process: this one's analyzers know the words already, and the
            # fresh index's word cache would hold only what they had dropped
            subprocess.run([sys.executable, "-c", _FRESH, str(tmp / "fresh"), str(folder)], check=True)
            with SearchIndex.open(tmp / "fresh") as fresh:
                ref = {"run": "fresh + optimize", "cpu_s": 0.0, "mean_s": 0.0, **_state(fresh)}
                ref.update(zip(("p50", "p95"), _search_ms(fresh, queries)))
                # both indexes again, one after the other, split by whether a query's file changed
                split = {name: _split_ms(_search_times(index, queries), queries, changed)
                         for name, index in (("after the runs", ix), ("fresh + optimize", fresh))}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nload average at the end {os.getloadavg()[0]:.1f}; search: CPU ms per query, {len(queries)} queries")
    print("| runs | reindex CPU s, median / mean of the last runs (a merge of every segment is in the mean) | segments "
          "| deleted passages | disk MiB (of it the word cache) | search p50 / p95 ms |")
    print("|---|---|---|---|---|---|")
    for r in [*rows, ref]:
        print(f"| {r['run']} | {r['cpu_s']:.2f} / {r['mean_s']:.2f} | {r['segments']} | {r['deleted']} | {r['mib']:.1f} ({r['words_mib']:.1f}) "
              f"| {r['p50']:.1f} / {r['p95']:.1f} |")
    last = rows[-1]
    print(
        f"\nafter {last['run']} runs against a fresh optimized index of the same files: disk "
        f"{last['mib'] / ref['mib']:.2f}x, without the word caches "
        f"{(last['mib'] - last['words_mib']) / (ref['mib'] - ref['words_mib']):.2f}x, search p95 {last['p95'] / ref['p95']:.2f}x, p50 {last['p50'] / ref['p50']:.2f}x; "
        f"segments at most {max_segments} over the runs; a reindex of {args.changed} files took "
        f"{statistics.median(run_cpu):.2f} s CPU (median; mean {statistics.fmean(run_cpu):.2f}), "
        f"{statistics.median(run_cpu) / full_cpu:.1%} of indexing all "
        f"{len(paths)} files ({full_cpu:.1f} s); {last_run} of {args.runs} runs made, {len(changed)} of the "
        f"{len(paths)} files given other text at least once"
    )
    print("\n| queries (measured again, both indexes one after the other) | n | after the runs p50 / p95 ms "
          "| fresh + optimize p50 / p95 ms | p95 ratio |")
    print("|---|---|---|---|---|")
    for key, label in (("kept", "their document's file kept its text"), ("lost", "their document's file got other text")):
        (n, a50, a95), (_, f50, f95) = split["after the runs"][key], split["fresh + optimize"][key]
        if n:
            print(f"| {label} | {n} | {a50:.1f} / {a95:.1f} | {f50:.1f} / {f95:.1f} | {a95 / f95:.2f}x |")


if __name__ == "__main__":
    main()
