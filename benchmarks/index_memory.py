"""Indexing memory against collection size and layout: one JSONL file, N JSONL files, ``.txt`` files.

Issue 21's target: the peak RSS of ``polyseek index`` (the process and its workers) at
110,000 documents at most 1.15x its value at 10,000, and at most 600 MiB, whether the
documents come as one JSONL file, as 11 (or 100) JSONL files or as a folder of ``.txt``
files. For each size (evenly spaced documents of the corpus, ``growth.subset``) and
each layout, a fresh ``polyseek index`` process builds a new index while its RSS and that
of its workers is sampled every 0.1 s; the table gives the peak, the anonymous memory
at that moment, CPU, and each size's peak over the smallest size's for that layout.

Layouts: ``one`` (one JSONL file), ``files:N`` (the documents dealt round-robin into N
JSONL files, as ``growth.py`` writes them), ``txt`` (one ``.txt`` file a document, the
title on its first line). Usage::

    python benchmarks/index_memory.py --sizes 10000 110000 --layouts one files:11
    python benchmarks/index_memory.py --corpus FULL.jsonl --keep /tmp/mem --timeline /tmp/mem/rss

``--keep`` keeps the written collections (not the indexes) for another run; ``--timeline``
writes each run's RSS samples (seconds, total RSS MiB, anonymous MiB, CPU seconds) as JSON, to see
where in a run the peak comes. The scale corpus is under a research licence: without
``--keep`` the collections live in a temporary folder and are deleted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import SCALE_CORPUS, machine, run_watched, tree_memory_kib  # noqa: E402
from growth import polyseek_command, subset, write_files  # noqa: E402


def _anon_kib(pid: int) -> int:
    """Anonymous RSS of ``pid`` in KiB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_s(pid: int) -> float:
    """User plus system CPU seconds of ``pid`` so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def run_sampled(argv: list[str], interval: float = 0.1) -> dict:
    """Run ``argv``; wall and CPU seconds, peak RSS of the process tree and its samples."""
    samples: list[tuple[float, float, float, float]] = []
    started = time.perf_counter()

    def watch(pid: int) -> None:
        rss = tree_memory_kib(pid)[0]
        samples.append((time.perf_counter() - started, rss / 1024, _anon_kib(pid) / 1024, _cpu_s(pid)))

    _, wall, cpu = run_watched(argv, watch, interval, stdout=subprocess.DEVNULL)
    peak = max(samples, key=lambda s: s[1], default=(0.0, 0.0, 0.0, 0.0))
    return {"seconds": wall, "cpu_seconds": cpu, "peak_rss_mib": peak[1], "anon_at_peak_mib": peak[2],
            "peak_at_s": peak[0], "peak_at_cpu_s": peak[3], "samples": samples,
            "by_cpu_share": _by_cpu_share(samples, cpu)}


def _by_cpu_share(samples: list[tuple[float, float, float, float]], cpu: float) -> list[float]:
    """The highest RSS (MiB) seen up to each quarter of the run's CPU time: a curve that is flat
    over the last quarters did not grow with the documents read then."""
    return [max((s[1] for s in samples if s[3] <= q * cpu / 4), default=0.0) for q in (1, 2, 3, 4)]


def write_layout(docs: list[bytes], layout: str, folder: Path) -> Path:
    """The documents written as ``layout`` under ``folder`` (kept if already there); the path to index."""
    if layout == "one":
        path = folder / "all.jsonl"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"".join(docs))
        return path
    if layout.startswith("files:"):
        path = folder / f"files{int(layout.split(':')[1])}"
        if not path.exists():
            write_files(docs, path, int(layout.split(":")[1]))
        return path
    if layout == "txt":
        path = folder / "txt"
        if not path.exists():
            path.mkdir(parents=True)
            for n, line in enumerate(docs):
                doc = json.loads(line)
                (path / f"{n:06d}-{doc['lang']}.txt").write_text(
                    f"{doc.get('title') or ''}\n{doc['text']}\n", encoding="utf-8")
        return path
    raise SystemExit(f"unknown layout {layout!r}: one, files:N or txt")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS, help="JSONL corpus [the scale corpus]")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000])
    ap.add_argument("--layouts", nargs="+", default=["one", "files:11"])
    ap.add_argument("--keep", type=Path, help="write the collections here and keep them (reused if present)")
    ap.add_argument("--timeline", type=Path, help="write each run's RSS samples to this folder")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--keep-indexes", action="store_true",
                    help="keep each index in --keep (n<size>/ix-<layout>), e.g. for index_size.py --index")
    args = ap.parse_args(argv)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="polyseek-indexmem-"))
    lines: list[bytes] | None = None
    rows: list[dict] = []
    print(f"{machine()}; peak RSS of `polyseek index` and its workers, sampled every 0.1 s", file=sys.stderr, flush=True)
    try:
        for layout in args.layouts:
            for n in args.sizes:
                folder = tmp / f"n{n}"
                if lines is None and not (folder / "all.jsonl").exists():
                    lines = [ln + b"\n" for ln in args.corpus.read_bytes().splitlines() if ln.strip()]
                if not (folder / "all.jsonl").exists():
                    write_layout(subset(lines, n)[0], "one", folder)
                docs = [ln + b"\n" for ln in (folder / "all.jsonl").read_bytes().splitlines() if ln.strip()]
                source = write_layout(docs, layout, folder)
                index = folder / f"ix-{layout.replace(':', '')}"
                shutil.rmtree(index, ignore_errors=True)
                try:
                    run = run_sampled([*polyseek_command(), "index", str(source), "--index", str(index), "-q", "-j", "1"])
                finally:
                    if not args.keep_indexes:
                        shutil.rmtree(index, ignore_errors=True)
                samples = run.pop("samples")
                if args.timeline:
                    args.timeline.mkdir(parents=True, exist_ok=True)
                    (args.timeline / f"{layout.replace(':', '')}-{n}.json").write_text(json.dumps(samples))
                rows.append({"layout": layout, "docs": len(docs), **run})
                print(f"  {layout} {len(docs)}: peak {run['peak_rss_mib']:.0f} MiB at {run['peak_at_s']:.0f} s of "
                      f"{run['seconds']:.0f} s, CPU {run['cpu_seconds']:.0f} s", file=sys.stderr, flush=True)
                if args.json:
                    args.json.write_text(json.dumps(rows, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{machine()}; load average at the end {os.getloadavg()[0]:.1f}")
    print("| layout | documents | peak RSS MiB (anonymous at the peak) | peak at, CPU s of | "
          "peak by 1/4, 1/2, 3/4 of the CPU | peak over the smallest size |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        base = next(b for b in rows if b["layout"] == r["layout"])
        print(f"| {r['layout']} | {r['docs']:,} | {r['peak_rss_mib']:.0f} ({r['anon_at_peak_mib']:.0f}) "
              f"| {r['peak_at_cpu_s']:.0f} of {r['cpu_seconds']:.0f} "
              f"| {' / '.join(f'{m:.0f}' for m in r['by_cpu_share'][:3])} "
              f"| {r['peak_rss_mib'] / base['peak_rss_mib']:.2f}x |")


if __name__ == "__main__":
    main()
