"""Indexing memory per commit: does a commit's peak follow the index already written?

Writes an evenly spaced subset of the scale corpus as ``--files`` JSONL files (contiguous
runs of documents, so each file is one or more commits), indexes the folder in this
process with ``commit_every`` passages per transaction, and after every commit prints the
peak RSS since the previous commit (the kernel's high-water mark, reset through
``/proc/self/clear_refs``), the resident anonymous memory after it and the index's segments.

With ``--trace``, tracemalloc follows Python's allocations made *by each commit* and by
each transaction's first file record (``update_document``: Whoosh opens a searcher over
every existing segment to delete the record it replaces), the parts whose cost could
follow the index rather than the transaction: the traced peak of each, and the
allocation sites (file:line) holding the most memory at the biggest moment seen (after
the merge policy ran, after the new segment was written, after the searcher opened).
Analysis is not traced (it follows the text of the transaction), so the run stays fast::

    python benchmarks/commit_memory.py --docs 10000 40000 --files 11 --trace

Each size runs in a fresh child process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, SCALE_CORPUS, machine  # noqa: E402


def _status_mib(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")  # resets VmHWM to the current RSS
    if tracemalloc.is_tracing():
        tracemalloc.reset_peak()


def _top(snapshot: tracemalloc.Snapshot, n: int) -> list[tuple[str, float]]:
    stats = snapshot.statistics("lineno")[:n]
    return [(f"{s.traceback[0].filename.split('site-packages/')[-1].replace(str(REPO) + '/', '')}:{s.traceback[0].lineno}",
             s.size / 2**20) for s in stats]


def child(docs: int, files: int, commit_every: int, trace: bool, corpus: Path, top: int) -> None:
    sys.path.insert(0, str(REPO))
    from polyseek.index import store as store_module
    from polyseek.index.store import PassageIndex
    from polyseek.index.sync import sync_paths
    from whoosh.writing import SegmentWriter

    lines = [ln + b"\n" for ln in corpus.read_bytes().splitlines() if ln.strip()]
    subset = lines[:: max(1, len(lines) // docs)][:docs]
    tmp = Path(tempfile.mkdtemp(prefix="polyseek-commitmem-"))
    folder = tmp / "files"
    folder.mkdir()
    per = -(-len(subset) // files)
    for i in range(files):
        (folder / f"part-{i:03d}.jsonl").write_bytes(b"".join(subset[i * per : (i + 1) * per]))
    del lines, subset
    biggest: dict = {"traced": 0.0, "where": "", "top": []}

    def look(where: str) -> None:
        if not tracemalloc.is_tracing():
            return
        current = tracemalloc.get_traced_memory()[0] / 2**20
        if current > biggest["traced"]:
            biggest.update(traced=current, where=where, top=_top(tracemalloc.take_snapshot(), top))

    commits: list[dict] = []
    plain_commit = store_module.PassageWriter.commit
    plain_record = store_module.PassageWriter.put_file_record
    plain_policy = store_module.merge_policy
    plain_finalize = SegmentWriter._finalize_segment

    def commit(self, optimize: bool = False) -> None:
        if trace:
            tracemalloc.start(1)
        started = time.perf_counter()
        plain_commit(self, optimize)
        row = {
            "passages": self.passages,
            "seconds": time.perf_counter() - started,
            "peak_rss_mib": _status_mib("VmHWM"),
            "anon_mib": _status_mib("RssAnon"),
        }
        if trace:
            row["traced_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            row["reader_mib"] = getattr(self, "_reader_mib", 0.0)
            tracemalloc.stop()
        if self.passages or optimize:
            row["segments"] = pix.segment_count()
            commits.append(row)
        _reset_peak()

    def put_file_record(self, rec) -> None:
        if not trace or getattr(self, "_reader_mib", None) is not None:
            plain_record(self, rec)
            return
        tracemalloc.start(1)
        plain_record(self, rec)  # the first: Whoosh opens its searcher over every segment
        self._reader_mib = tracemalloc.get_traced_memory()[0] / 2**20
        look("a transaction's first file record (searcher over every segment open)")
        tracemalloc.stop()

    def policy(writer, segments):
        out = plain_policy(writer, segments)
        look("merge policy ran (merged segments' postings pooled)")
        return out

    def finalize(self):
        out = plain_finalize(self)
        look("new segment written")
        return out

    store_module.PassageWriter.commit = commit
    store_module.PassageWriter.put_file_record = put_file_record
    store_module.merge_policy = policy
    SegmentWriter._finalize_segment = finalize
    pix = PassageIndex.create(tmp / "ix")
    _reset_peak()
    started = time.perf_counter()
    stats = sync_paths(pix, [folder], commit_every=commit_every)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in (tmp / "ix").iterdir() if p.is_file()) / 2**20
    print(json.dumps({"docs": docs, "passages": stats.passages, "seconds": seconds, "index_mib": size,
                      "commits": commits, "biggest": biggest}))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS)
    ap.add_argument("--docs", type=int, nargs="+", default=[5000, 20000])
    ap.add_argument("--files", type=int, default=11)
    ap.add_argument("--commit-every", type=int, default=10_000, help="passages per transaction (polyseek's default)")
    ap.add_argument("--trace", action="store_true", help="follow allocations with tracemalloc (slow)")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.files, args.commit_every, args.trace, args.corpus, args.top)
        return
    print(f"{machine()}; {args.files} files, commit every {args.commit_every} passages"
          f"{', tracemalloc on' if args.trace else ''}")
    for docs in args.docs:
        cmd = [sys.executable, __file__, "--child", str(docs), "--files", str(args.files), "--corpus", str(args.corpus),
               "--commit-every", str(args.commit_every), "--top", str(args.top)] + (["--trace"] if args.trace else [])
        out = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ))
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\n{r['docs']:,} documents, {r['passages']:,} passages, {r['seconds']:.1f} s, index {r['index_mib']:.0f} MiB")
        print("| commit | passages | seconds | peak RSS MiB | anon RSS after MiB | segments |"
              + (" commit traced peak MiB | first record (searcher) MiB |" if args.trace else ""))
        print("|---" * (6 + 2 * args.trace) + "|")
        for i, c in enumerate(r["commits"], 1):
            extra = f" {c['traced_peak_mib']:.1f} | {c['reader_mib']:.2f} |" if args.trace else ""
            print(f"| {i} | {c['passages']} | {c['seconds']:.1f} | {c['peak_rss_mib']:.0f} | {c['anon_mib']:.0f} | {c['segments']} |{extra}")
        if args.trace:
            b = r["biggest"]
            print(f"\nmost traced memory: {b['traced']:.1f} MiB, {b['where']}; top sites:")
            for site, mib in b["top"]:
                print(f"  {mib:7.1f} MiB  {site}")


if __name__ == "__main__":
    main()
