"""Where indexing one big file reaches its peak memory: RSS per phase, sampled every 20 ms.

A 5-second sampler misses a peak that lasts a few seconds (a 2 GB file's ``ru_maxrss`` was
402.7 MiB while its 5-s samples never passed 384).  This indexes ``FILE`` in a fresh
process (the library's ``add_path`` into a new index), marks when each phase starts and
ends (pool spills, the word cache taking what full caches drop and its save at the session's
end, the segment's commit, and within it the merged segments' documents and the segment's
postings with the merged ones streamed in) and samples
the process's RSS from ``/proc`` every ``--every`` seconds; it prints the highest RSS
seen in each phase and the process's ``ru_maxrss`` (not part of the test run):

    python benchmarks/peak_phases.py /path/to/big.txt
    python benchmarks/peak_phases.py big.jsonl --every 0.01
    python benchmarks/peak_phases.py FOLDER --jobs 1   # a first index of many files, one process
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import run_watched, tree_memory_kib  # noqa: E402

_CHILD = r'''
import functools, resource, sys, time
marks = open(sys.argv[3], "w", buffering=1)
def mark(text):
    marks.write(f"{time.time():.3f} {text}\n")
def watch(cls, name, label):
    original = getattr(cls, name)
    @functools.wraps(original)
    def watched(*args, **kwargs):
        mark("+" + label)
        try:
            return original(*args, **kwargs)
        finally:
            mark("-" + label)
    setattr(cls, name, watched)
from whoosh import writing
from polyseek import SearchIndex
from polyseek.index import speedups, wordcache
watch(speedups.GroupedPostingPool, "save", "posting pool spilled")
watch(wordcache.WordCache, "keep", "word cache kept (dropped words)")
watch(wordcache.WordCache, "save", "word cache saved (session end)")
watch(writing.SegmentWriter, "commit", "segment committed")
watch(writing.SegmentWriter, "_merge_segments", "segments merged: their documents")
watch(writing.SegmentWriter, "_flush_segment", "segment written (merged postings streamed in)")
jobs = int(sys.argv[4])
with SearchIndex.create(sys.argv[2]) as ix:
    mark("+adding")
    ix.add_path(sys.argv[1], **({"jobs": jobs} if jobs else {}))
    mark("-adding")
mark(f"maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
'''


def phase_peaks(marks: list[tuple[float, str]], samples: list[tuple[float, int]]) -> dict[str, int]:
    """The highest sample (MiB) in each phase: a sample belongs to the innermost phase open then."""
    events = sorted((t, text) for t, text in marks if text[:1] in "+-")
    open_phases: list[str] = []
    peaks: dict[str, int] = {}
    i = 0
    for t, rss in samples:
        while i < len(events) and events[i][0] <= t:
            text = events[i][1]
            if text[0] == "+":
                open_phases.append(text[1:])
            elif text[1:] in open_phases:
                open_phases.remove(text[1:])
            i += 1
        phase = open_phases[-1] if open_phases else "start-up and closing"
        peaks[phase] = max(peaks.get(phase, 0), rss)
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--every", type=float, default=0.02, help="seconds between samples")
    parser.add_argument("--jobs", type=int, default=0, help="processes (0: the library's default)")
    args = parser.parse_args()
    samples: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        marks_path = Path(tmp) / "marks"
        run_watched(
            [sys.executable, "-c", _CHILD, str(args.file), str(Path(tmp) / "ix"), str(marks_path), str(args.jobs)],
            lambda pid: samples.append((time.time(), tree_memory_kib(pid)[0] >> 10)),
            args.every,
        )
        marks = [(float(t), text) for t, text in (line.rstrip("\n").split(" ", 1) for line in marks_path.open())]
    peaks = phase_peaks(marks, samples)
    files = [p for p in args.file.rglob("*") if p.is_file()] if args.file.is_dir() else [args.file]
    size = sum(p.stat().st_size for p in files)
    print(f"{args.file} ({size / 1e6:.0f} MB in {len(files)} files), {len(samples)} samples every {args.every:g} s")
    print(f"{'phase':<48} {'highest RSS MiB':>16}")
    for phase, mib in sorted(peaks.items(), key=lambda item: -item[1]):
        print(f"{phase:<48} {mib:>16}")
    print(f"{'ru_maxrss (the whole process)':<48} {next(t for _, t in marks if t.startswith('maxrss')).split()[1]:>16}")


if __name__ == "__main__":
    main()
