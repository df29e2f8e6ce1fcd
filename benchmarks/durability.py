"""What durable commits cost: indexing and reindexing with fsync (the default) and without.

Writes N files (default 1,000) of real Russian, Arabic and English sentences taken from
corpus/samples, then, R rounds (default 5), with the two settings interleaved in each
round so that both see the same machine load:

- **index**: a new index of all the files (``sync_paths``: two commits);
- **reindex, 3 changed**: three files changed, then ``reindex`` (one small commit: where
  the fixed cost of the fsyncs weighs most);
- **reindex, nothing changed**: no commit, only the status file.

Prints the median seconds of each and the ratio durable / not durable per round
(median and range). Run::

    python benchmarks/durability.py [--files 1000] [--rounds 5] [--dir /path/on/the/disk/to/measure]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _bench import machine, ratio_summary  # noqa: E402
from textcorpus import write_corpus  # noqa: E402

from polyseek.index import PassageIndex, reindex, sync_paths  # noqa: E402

SETTINGS = {"durable": True, "no fsync": False}


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def one_round(work: Path, docs: Path, paths: list[Path], durable: bool, round_no: int) -> dict[str, float]:
    ix = work / f"ix-{int(durable)}"
    shutil.rmtree(ix, ignore_errors=True)
    out = {}
    pix = PassageIndex.create(ix, durable=durable)
    out["index"] = _timed(lambda: sync_paths(pix, [docs]))
    for i, p in enumerate(paths[round_no * 3 : round_no * 3 + 3]):
        p.write_text(p.read_text(encoding="utf-8") + f"\nПравка {round_no}-{i}: олимпийский комитет.\n", encoding="utf-8")
    out["reindex, 3 changed"] = _timed(lambda: reindex(pix))
    out["reindex, nothing changed"] = _timed(lambda: reindex(pix))
    pix.close()
    shutil.rmtree(ix, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dir", type=Path, default=None, help="where to write (default: a temporary folder)")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="polyseek-durability-", dir=args.dir))
    try:
        docs = work / "docs"
        paths = write_corpus(docs, args.files, seed=7)
        print(f"{machine()}; {args.files} files, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB, in {work}")
        times: dict[str, dict[str, list[float]]] = {name: {} for name in SETTINGS}
        for r in range(args.rounds):
            order = list(SETTINGS.items()) if r % 2 == 0 else list(SETTINGS.items())[::-1]
            for name, durable in order:
                for step, seconds in one_round(work, docs, paths, durable, r).items():
                    times[name].setdefault(step, []).append(seconds)
        print(f"{'step':<26} {'durable s':>10} {'no fsync s':>11}  durable / no fsync")
        for step in times["durable"]:
            d, n = times["durable"][step], times["no fsync"][step]
            ratios = [a / b for a, b in zip(d, n)]
            print(f"{step:<26} {statistics.median(d):>10.3f} {statistics.median(n):>11.3f}  {ratio_summary(ratios)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
