"""Indexing benchmark: polyseek against stock Whoosh on the scale corpus, in one run.

Each round indexes the same JSONL slice once per variant, every run in a fresh child
process, the variants' order alternating between rounds; the figure that matters is the
ratio of a variant's throughput to stock Whoosh's in the same round (the machine is
shared, so absolute times drift). Usage::

    python benchmarks/indexing.py                       # 5,000 docs, 3 rounds, jobs 1 and 2
    python benchmarks/indexing.py --docs 0 --rounds 1   # the whole corpus (40,977 docs)
    python benchmarks/indexing.py --jobs 1 --before /tmp/polyseek-old   # before/after a change

Variants:

- ``stock``: plain Whoosh, ``StemmingAnalyzer`` on ``title`` and ``text``, one Whoosh
  document per JSONL record (``json.loads`` per line), the same fields and stored values
  as polyseek's schema, the same writer memory (``limitmb=256``).
- ``polyseek-jN``: ``SearchIndex.create(dir).add_path(corpus, jobs=N)``: reading, passage
  splitting, language detection, the ru/ar/en analyzers, bookkeeping, commit.
- one variant per ``--before DIR``, named after the folder: ``add_path(corpus)`` with the
  code of another checkout (before/after a change, in the same run).

Throughput counts JSONL records (documents) and JSONL bytes per second of wall time from
creating the index to the end of the commit (interpreter start and imports excluded; see
``startup.py``). CPU time is user + system time of the child and its workers (robust when
the machine is shared, unlike wall time). Peak memory is sampled every 50 ms over the child
and its workers: the sum of their RSS (counts pages a forked worker shares with its parent
twice) and the sum of their PSS (shared pages split between the processes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import (  # noqa: E402
    SCALE_CORPUS,
    child_maxrss_mib,
    cpu_seconds,
    machine,
    ratio_summary,
    run_child,
    write_slice,
)


# -- child side -----------------------------------------------------------------------


def _stock_schema():
    """polyseek's schema (index/schema.py) with Whoosh's StemmingAnalyzer on the text fields."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import BOOLEAN, ID, STORED, TEXT, Schema

    analyzer = StemmingAnalyzer()
    return Schema(
        kind=ID(),
        pid=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        source=ID(stored=True),
        root=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True),
        text=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True),
        lang=ID(stored=True),
        doc_lang=STORED(),
        passage=STORED(),
        line=STORED(),
        char_start=STORED(),
        char_end=STORED(),
        boilerplate=BOOLEAN(stored=True),
        size=STORED(),
        mtime_ns=STORED(),
        sha256=STORED(),
        documents=STORED(),
        passages=STORED(),
        indexed_at=STORED(),
    )


def _index_stock(corpus: Path, index_dir: Path) -> int:
    from whoosh import index as whoosh_index

    index_dir.mkdir(parents=True)
    ix = whoosh_index.create_in(str(index_dir), _stock_schema())
    source = str(corpus.resolve())
    n = 0
    with ix.writer(limitmb=256) as w:
        for lineno, line in enumerate(open(corpus, encoding="utf-8"), 1):
            if not line.strip():
                continue
            d = json.loads(line)
            text = d["text"]
            w.add_document(
                kind="passage",
                pid=f"{d['id']}#0",
                doc_id=d["id"],
                source=source,
                root=source,
                title=d.get("title", ""),
                text=text,
                lang=d.get("lang", ""),
                passage=0,
                line=lineno,
                char_start=0,
                char_end=len(text),
                boilerplate=False,
            )
            n += 1
    ix.close()
    return n


def _index_polyseek(corpus: Path, index_dir: Path, jobs: int) -> int:
    from polyseek.searcher import SearchIndex

    with SearchIndex.create(index_dir) as ix:
        # jobs=0: the API as it was before it had a jobs parameter (for --before)
        stats = ix.add_path(corpus, jobs=jobs) if jobs else ix.add_path(corpus)
    if stats.failed:
        raise SystemExit(f"indexing failed: {stats.failures}")
    return stats.passages


def child(args: argparse.Namespace) -> None:
    if args.code:
        sys.path.insert(0, str(args.code))
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    if args.child == "stock":
        import whoosh.index  # noqa: F401  (imports are not timed)
    else:
        import polyseek.searcher as searcher  # noqa: F401
    cpu_started, started = cpu_seconds(), time.perf_counter()
    if args.child == "stock":
        records = _index_stock(args.corpus, args.index)
    else:
        records = _index_polyseek(args.corpus, args.index, args.jobs[0])
    seconds = time.perf_counter() - started
    main_cpu, worker_cpu = (b - a for a, b in zip(cpu_started, cpu_seconds()))
    own, kids = child_maxrss_mib()
    result = {"seconds": seconds, "cpu_seconds": main_cpu + worker_cpu, "main_cpu": main_cpu, "worker_cpu": worker_cpu}
    print(json.dumps(result | {"records": records, "maxrss_mib": own, "worker_maxrss_mib": kids}))


# -- parent side ----------------------------------------------------------------------


def _variants(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    out = [("stock", ["--child", "stock"])]
    for jobs in args.jobs:
        out.append((f"polyseek-j{jobs}", ["--child", "polyseek", "--jobs", str(jobs)]))
    for before in args.before or ():
        out.append((f"{before.name}", ["--child", "polyseek", "--jobs", "0", "--code", str(before)]))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS, help="JSONL corpus [the scale corpus]")
    ap.add_argument("--docs", type=int, default=5000, help="documents in the slice (every k-th line); 0 = all")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="polyseek worker processes to measure")
    ap.add_argument("--before", type=Path, nargs="+", help="other polyseek checkouts to measure (named by folder)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    ap.add_argument("--child", choices=["stock", "polyseek"], help=argparse.SUPPRESS)
    ap.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args)
        return

    with tempfile.TemporaryDirectory(prefix="polyseek-bench-") as tmp:
        corpus = write_slice(args.corpus, args.docs, Path(tmp) / "slice.jsonl")
        lines = [ln for ln in corpus.read_bytes().splitlines() if ln.strip()]
        n_docs, n_bytes = len(lines), corpus.stat().st_size
        variants = _variants(args)
        runs: dict[str, list[dict]] = {name: [] for name, _ in variants}
        for rnd in range(args.rounds):
            order = variants if rnd % 2 == 0 else variants[::-1]
            for name, extra in order:
                ixdir = Path(tmp) / f"ix-{name}-{rnd}"
                result = run_child([__file__, "--corpus", str(corpus), "--index", str(ixdir), *extra])
                result["index_mib"] = sum(p.stat().st_size for p in ixdir.iterdir()) / 2**20
                runs[name].append(result)
                print(
                    f"round {rnd + 1} {name:<12} {result['seconds']:7.2f} s wall {result['cpu_seconds']:7.2f} s CPU"
                    f"  {n_docs / result['seconds']:6.0f} docs/s  peak RSS {result['peak_rss_mib']:5.0f} MiB"
                    f" PSS {result['peak_pss_mib']:5.0f} MiB  (load {os.getloadavg()[0]:.1f})",
                    file=sys.stderr,
                )
    refs = [r for r in ("stock", "polyseek-j1", *(b.name for b in args.before or ())) if r in runs]
    summary = {}
    for name, rs in runs.items():
        med = statistics.median(r["seconds"] for r in rs)
        summary[name] = {
            "seconds_median": med,
            "cpu_seconds_median": statistics.median(r["cpu_seconds"] for r in rs),
            "docs_per_s": n_docs / med,
            "mb_per_s": n_bytes / 1e6 / med,
            "whoosh_docs": rs[0]["records"],
            "peak_rss_mib": max(r["peak_rss_mib"] for r in rs),
            "peak_pss_mib": max(r["peak_pss_mib"] for r in rs),
            "index_mib": rs[0]["index_mib"],
            # throughput of this variant / throughput of the reference, round by round
            "wall_ratio": {ref: [a["seconds"] / b["seconds"] for a, b in zip(runs[ref], rs)] for ref in refs},
            "cpu_ratio": {ref: [a["cpu_seconds"] / b["cpu_seconds"] for a, b in zip(runs[ref], rs)] for ref in refs},
            "main_cpu_median": statistics.median(r["main_cpu"] for r in rs),
            "worker_cpu_median": statistics.median(r["worker_cpu"] for r in rs),
        }
        if name.startswith("polyseek-j") and name != "polyseek-j1" and "polyseek-j1" in runs:
            # with one free core per process the wall time is at least the busiest process's CPU
            # time; with one worker that is max(main, worker): the speed-up two idle cores allow
            busiest = [max(r["main_cpu"], r["worker_cpu"]) for r in rs]
            summary[name]["critical_path_ratio_vs_j1"] = [a["cpu_seconds"] / b for a, b in zip(runs["polyseek-j1"], busiest)]
    if args.json:
        print(json.dumps({"docs": n_docs, "bytes": n_bytes, "machine": machine(), "variants": summary}))
        return
    print(f"corpus: {n_docs} documents, {n_bytes / 1e6:.1f} MB ({corpus.name}); {args.rounds} rounds; {machine()}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (wall ratios mean little when it exceeds the cores)")
    ref_cols = "".join(f" vs {ref} wall | vs {ref} CPU |" for ref in refs)
    print(f"| variant | Whoosh docs | docs/s | MB/s | CPU s |{ref_cols} peak RSS MiB | peak PSS MiB | index MiB |")
    print("|---" * (8 + 2 * len(refs)) + "|")
    for name, s in summary.items():
        cols = "".join(
            f" {ratio_summary(s['wall_ratio'][ref])} | {ratio_summary(s['cpu_ratio'][ref])} |" for ref in refs
        )
        print(
            f"| {name} | {s['whoosh_docs']} | {s['docs_per_s']:.0f} | {s['mb_per_s']:.2f} | "
            f"{s['cpu_seconds_median']:.1f} |{cols} {s['peak_rss_mib']:.0f} | {s['peak_pss_mib']:.0f} | "
            f"{s['index_mib']:.1f} |"
        )
    for name, s in summary.items():
        if "critical_path_ratio_vs_j1" in s:
            print(
                f"{name}: CPU s in the writing process {s['main_cpu_median']:.1f}, in workers "
                f"{s['worker_cpu_median']:.1f}; polyseek-j1 CPU / busiest process CPU = "
                f"{ratio_summary(s['critical_path_ratio_vs_j1'])} (the speed-up idle cores would give)"
            )


if __name__ == "__main__":
    main()
