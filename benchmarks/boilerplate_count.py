"""Count the passages the boilerplate rule marks in JSONL collections (false-positive check).

Usage: python benchmarks/boilerplate_count.py CORPUS.jsonl... [--show N]

Prints, per collection: documents, passages, marked passages, documents with a
marked passage, and (with --show) the first N marked passages to inspect by eye.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from polyseek.corpus import read_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many marked passages per collection")
    args = parser.parse_args()
    print("| collection | documents | passages | marked passages | documents with marks | seconds |")
    print("|---|---|---|---|---|---|")
    shown: list[str] = []
    for corpus in args.corpora:
        started = time.perf_counter()
        docs = read_file(corpus)
        passages = sum(len(d.passages) for d in docs)
        marked = [(d, p) for d in docs for p in d.passages if p.boilerplate]
        seconds = time.perf_counter() - started
        name = corpus.parent.name if corpus.name == "corpus.jsonl" else corpus.name
        print(f"| {name} | {len(docs)} | {passages} | {len(marked)} | {len({d.id for d, _ in marked})} | {seconds:.1f} |")
        shown.extend(f"--- {d.id} passage {p.number}:\n{p.text}" for d, p in marked[: args.show])
    for block in shown:
        print(block)


if __name__ == "__main__":
    main()
