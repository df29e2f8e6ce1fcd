"""What reading a posting list costs, and how much of it is positions a ranking never uses.

Whoosh's W3 format keeps a block of up to 128 postings as one pickled tuple, zlib-compressed
when it is large: the document numbers, the frequencies (weights) and, for a field with
positions (``text``), every posting's positions as a small pickled list of its own. Ranking
(``searcher/fastpath.py``) needs the numbers and the frequencies only, but unpickling the
tuple builds every positions value too. This script takes the ``--terms`` longest posting
lists of ``text`` in the index's largest segment, reads their blocks once, and times (CPU,
best of ``--rounds``):

- ``zlib``: decompressing the blocks as stored;
- ``decode``: unpickling (or unmarshalling, :func:`index.codec.block_data`) them as stored
  (what a search does for every block it reads);
- ``numbers and weights only``: unpickling the same numbers and frequencies pickled apart
  (what a layout keeping positions in blocks of their own would read to rank).

Usage::

    python benchmarks/posting_decode.py --index DIR [--terms 20] [--rounds 5]
"""

from __future__ import annotations

import argparse
import heapq
import pickle
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import machine  # noqa: E402

from polyseek.index.codec import block_data  # noqa: E402
from polyseek.index.records import TEXT  # noqa: E402
from polyseek.searcher import SearchIndex  # noqa: E402


def best_of(rounds: int, fn) -> float:
    """The least CPU seconds ``fn()`` took over ``rounds`` calls."""
    spent = []
    for _ in range(rounds):
        started = time.process_time()
        fn()
        spent.append(time.process_time() - started)
    return min(spent)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--terms", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    with SearchIndex.open(args.index) as ix:
        s = ix._current_searcher()
        segment = max((sub for sub, _ in s.leaf_searchers()), key=lambda sub: sub.doc_count_all())
        reader = segment.reader()
        longest = heapq.nlargest(
            args.terms, ((reader.doc_frequency(TEXT, t), t) for t in reader.lexicon(TEXT))
        )
        stored: list[tuple[int, bytes]] = []
        for _, term in longest:
            m = segment.postings(TEXT, term)
            while m.is_active():
                stored.append((m._compression, bytes(m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset))))
                m._next_block()
        plain = [zlib.decompress(b) if c else b for c, b in stored]
        slim = [pickle.dumps(tuple(block_data(b)[:2]), 2) for b in plain]
        unzip = best_of(args.rounds, lambda: [zlib.decompress(b) if c else b for c, b in stored])
        whole = best_of(args.rounds, lambda: [block_data(b) for b in plain])
        apart = best_of(args.rounds, lambda: [pickle.loads(b) for b in slim])
        postings = sum(n for n, _ in longest)
    print(f"{machine()}; {args.index}: the {len(longest)} longest lists of `{TEXT}` in its largest segment, "
          f"{postings:,} postings in {len(stored):,} blocks ({sum(map(len, plain)) / 2**20:.1f} MiB decoded "
          f"as stored, {sum(map(len, slim)) / 2**20:.1f} MiB numbers and weights)")
    print("| step | CPU ms | per posting, us |\n|---|---|---|")
    for name, spent in (("zlib", unzip), ("decode as stored", whole), ("unpickle numbers and weights only", apart)):
        print(f"| {name} | {spent * 1000:.1f} | {spent * 1e6 / postings:.2f} |")


if __name__ == "__main__":
    main()
