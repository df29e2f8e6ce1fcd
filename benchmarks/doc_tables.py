"""A reader's ``doc_id`` tables made from the segments' runs and from the column: CPU of each.

What a search process pays once per reader to count documents and find a document's
passages (:mod:`searcher.doctables`): the numbers (``value_ordinals``), the counts and the
groups of 100 evenly spaced docnums (``value_count``, ``same_value``) and the live passages'
numbers (``doccount.live_ordinals``; then alone, in another fresh reader: what a search's
document count makes), each in a fresh ``SearchIndex``, made from the runs the
segments were written with and from the column's every value (the runs ignored), in
alternating rounds; the table shows each one's least CPU over the rounds::

    python benchmarks/doc_tables.py --index /tmp/growth/n110000/ix-polyseek --rounds 3

An index written before the runs existed shows the column's figures twice.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import machine  # noqa: E402

from polyseek.searcher import SearchIndex, doccount, fastpath  # noqa: E402

COLUMNS = ("the numbers", "counts (100 asked)", "groups (100 asked)", "live numbers", "live numbers first")


def one_reader(index: Path) -> tuple[int, list[float]]:
    """Docnums of ``index`` and the CPU ms of each table in a fresh reader."""
    with SearchIndex.open(index) as ix:
        s = ix._current_searcher()
        n = s.doc_count_all()
        docnums = list(range(0, n, max(1, n // 100)))
        steps = (
            lambda: fastpath.value_ordinals(s, "doc_id"),
            lambda: [fastpath.value_count(s, "doc_id", d) for d in docnums],
            lambda: fastpath.same_value(s, "doc_id", docnums),
            lambda: doccount.live_ordinals(s, "doc_id", None),
        )
        spent = []
        for step in steps:
            started = time.process_time()
            step()
            spent.append((time.process_time() - started) * 1000)
    with SearchIndex.open(index) as ix:  # a count's numbers in a fresh reader, nothing else made first
        s = ix._current_searcher()
        started = time.process_time()
        doccount.live_ordinals(s, "doc_id", None)
        spent.append((time.process_time() - started) * 1000)
    return n, spent


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    from_runs = fastpath.reader_runs
    spent: dict[str, list[list[float]]] = {"runs": [], "column": []}
    n = 0
    for r in range(args.rounds):
        for mode in ("runs", "column") if r % 2 == 0 else ("column", "runs"):
            fastpath.reader_runs = from_runs if mode == "runs" else (lambda searcher, fieldname: None)
            n, took = one_reader(args.index)
            spent[mode].append(took)
    fastpath.reader_runs = from_runs
    print(f"{machine()}; {args.index}: {n} docnums; CPU ms, least of {args.rounds} rounds")
    print(f"| made from | {' | '.join(COLUMNS)} |\n|---|{'---|' * len(COLUMNS)}")
    for mode, rounds in spent.items():
        print(f"| {mode} | " + " | ".join(f"{min(column):.1f}" for column in zip(*rounds)) + " |")


if __name__ == "__main__":
    main()
