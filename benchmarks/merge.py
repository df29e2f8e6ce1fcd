"""Merge benchmark: a merge of many segments into one, streamed (index/merging.py) against
Whoosh's pooled ``add_reader``, in one run, the merged indexes compared.

The parent indexes a slice of the scale corpus (every k-th document, all three languages,
cut into ``--files`` JSONL files) in small commits without merging (a commit once a file
takes the transaction past ``--every`` passages), then each round merges a
copy of it into one segment (``optimize``) once per variant, each in a fresh child process,
the order alternating between rounds:

- ``streamed``: this checkout (a merged segment's postings read term by term from its
  files, never pooled);
- ``pooled``: this checkout with the merge going through Whoosh's ``add_reader``, every
  posting of the merged segments added to the writer's pool, sorted and spilled;
- one variant per ``--before DIR``: another checkout's merge.

It prints CPU seconds (user + system: robust on a shared machine), wall seconds and peak
RSS per variant, the ratio of each to ``pooled``, and whether every variant's merged index
holds the same postings, stored fields, field lengths and columns (a digest of each).
Usage::

    python benchmarks/merge.py                          # 3,000 documents in 20 files, a segment per ~1,000 passages
    python benchmarks/merge.py --docs 10000 --every 2000 --rounds 3
    python benchmarks/merge.py --before /tmp/polyseek-old
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import SCALE_CORPUS, cpu_seconds, machine, run_child, write_slice  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _build(corpus: Path, index_dir: Path, every: int) -> dict:
    """Index ``corpus`` in commits of ``every`` passages, none merged (the fixture)."""
    from polyseek.index import store
    from polyseek.searcher import SearchIndex

    store.merge_policy = lambda writer, segments: segments  # keep every batch as its segment
    with SearchIndex.create(index_dir) as ix:
        stats = ix.add_path(corpus, jobs=1, commit_every=every)
        segments = ix._pix.segment_count()
    return {"passages": stats.passages, "segments": segments}


def _split(corpus: Path, files: int, folder: Path) -> Path:
    """``corpus``'s lines in ``files`` JSONL files of consecutive lines in ``folder``."""
    lines = corpus.read_bytes().splitlines(keepends=True)
    folder.mkdir()
    per = -(-len(lines) // files)
    for n in range(files):
        (folder / f"part-{n:03d}.jsonl").write_bytes(b"".join(lines[n * per : (n + 1) * per]))
    return folder


def _digest(index_dir: Path) -> str:
    """A digest of everything a merge writes: postings, stored fields, lengths, columns
    (``index_digest.py``'s parts)."""
    from index_digest import digests

    parts = digests(index_dir)
    return hashlib.sha256(repr([parts[k] for k in ("postings", "stored", "lengths", "columns")]).encode()).hexdigest()[:16]


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(args.code or REPO))
    if args.child == "build":
        print(json.dumps(_build(args.corpus, args.index, args.every)))
        return
    import polyseek.searcher as searcher

    if args.child == "pooled":  # a segment reader no longer recognised: Whoosh's add_reader path
        from polyseek.index import speedups

        speedups.SegmentReader = type("NotASegmentReader", (), {})
    ix = searcher.SearchIndex.open(args.index)
    cpu_started, started = cpu_seconds(), time.perf_counter()
    ix.optimize()
    seconds = time.perf_counter() - started
    cpu = sum(b - a for a, b in zip(cpu_started, cpu_seconds()))
    segments = ix._pix.segment_count()
    ix.close()
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "segments": segments}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS, help="JSONL corpus [the scale corpus]")
    ap.add_argument("--docs", type=int, default=3000, help="documents of the corpus (every k-th)")
    ap.add_argument("--files", type=int, default=20, help="JSONL files the documents are cut into")
    ap.add_argument("--every", type=int, default=1000, help="passages a commit (at a file's end)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--before", type=Path, nargs="*", default=[], help="other checkouts to measure")
    ap.add_argument("--child", choices=["build", "streamed", "pooled", "before"], help=argparse.SUPPRESS)
    ap.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    work = Path(tempfile.mkdtemp(prefix="merge-bench-"))
    try:
        corpus = _split(write_slice(args.corpus, args.docs, work / "slice.jsonl"), args.files, work / "files")
        fixture = work / "segments"
        built = run_child([__file__, "--child", "build", "--corpus", str(corpus), "--index", str(fixture), "--every", str(args.every)])
        print(f"{machine()}; {args.docs:,} documents, {built['passages']:,} passages in {built['segments']} segments")
        variants = [("streamed", ["--child", "streamed"]), ("pooled", ["--child", "pooled"])]
        variants += [(b.name, ["--child", "before", "--code", str(b)]) for b in args.before]
        runs: dict[str, list[dict]] = {name: [] for name, _ in variants}
        for r in range(args.rounds):
            for name, extra in variants if r % 2 == 0 else variants[::-1]:
                copy = work / f"merged-{name}"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(fixture, copy)
                runs[name].append(run_child([__file__, *extra, "--index", str(copy)]))
                runs[name][-1]["digest"] = _digest(copy)  # by this checkout, whatever merged it
                shutil.rmtree(copy)
        base = statistics.median(run["cpu_seconds"] for run in runs["pooled"])
        print("| variant | CPU s (median) | vs pooled | wall s | peak RSS MiB | digest |")
        print("|---|---|---|---|---|---|")
        for name, got in runs.items():
            cpu = statistics.median(run["cpu_seconds"] for run in got)
            wall = statistics.median(run["seconds"] for run in got)
            peak = max(run["peak_rss_mib"] for run in got)
            digests = sorted({run["digest"] for run in got})
            print(f"| {name} | {cpu:.2f} | {cpu / base:.2f}x | {wall:.2f} | {peak:.0f} | {', '.join(digests)} |")
        same = len({run["digest"] for got in runs.values() for run in got}) == 1
        print("merged indexes identical" if same else "MERGED INDEXES DIFFER")
        if not same:
            raise SystemExit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
