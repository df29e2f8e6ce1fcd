"""Where a search's time goes: CPU ms per query in each stage, to see what grows with the index.

Over one index (e.g. one that ``growth.py --keep`` left), in one process after a warm-up
query: ``growth.py``'s queries (two words of the titles of evenly spaced documents of the
subset the index was made of), ``SearchIndex.search(q, limit=10)`` two passes, and the CPU
time spent in each stage (the functions below, timed where the search calls them; a stage
inside another is shown indented under it):

- ``compile``: parse, analyse, find the words' spellings in other scripts;
- ``masked``: the passages that may not match (page furniture, excluded documents);
- ``top_passages``: rank passages, every posting of the query's terms scored;
- ``count``: the distinct documents of the matching passages (and of a rare term's
  passages, for its document frequency in ``rescore``);
- ``group``: passages into candidate documents;
- ``rescore``: document-level BM25F of the candidates: their passages, term frequencies,
  document frequencies, positions of pairs of query words;
- ``hits``: stored fields, snippets, highlights of the 10 hits;
- ``suggest``: the did-you-mean check.

Usage::

    python benchmarks/search_stages.py --index /tmp/growth/n40000/ix-polyseek --corpus /tmp/growth/n40000/all.jsonl
    python benchmarks/search_stages.py --index DIR --docs 10000     # DIR: 10,000 documents of the scale corpus
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import SCALE_CORPUS, machine, percentile  # noqa: E402
from growth import subset, title_queries  # noqa: E402

from polyseek.searcher import SearchIndex, api, docscore, fastpath  # noqa: E402

#: (owner, attribute, label): each is timed where the search calls it.
STAGES: list[tuple[Any, str, str]] = [
    (api.SearchIndex, "_context", "compile"),
    (api, "masked_docnums", "masked"),
    (fastpath, "top_passages", "top_passages"),
    (fastpath, "count_distinct", "count"),
    (api, "group_documents", "group"),
    (api, "rescore", "rescore"),
    (docscore, "_passages", "  passages of the candidates"),
    (docscore, "_known_or_read", "  term frequencies"),
    (docscore, "document_frequency", "  document frequencies"),
    (docscore, "_word_positions", "  positions (proximity)"),
    (api.SearchIndex, "_hit", "hits"),
    (api, "suggest_correction", "suggest"),
]


def timed(spent: Counter, label: str, fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    return wrapper


def instrument(spent: Counter) -> None:
    """Wrap every stage of :data:`STAGES` (static methods stay static)."""
    for owner, name, label in STAGES:
        wrapped = timed(spent, label, getattr(owner, name))
        if isinstance(owner, type) and isinstance(owner.__dict__.get(name), staticmethod):
            wrapped = staticmethod(wrapped)
        setattr(owner, name, wrapped)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--docs", type=int, default=0,
                    help="documents of the corpus's subset the index holds (0: the whole corpus, e.g. the "
                         "all.jsonl growth.py keeps beside its indexes)")
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS)
    ap.add_argument("--queries", type=int, default=60)
    args = ap.parse_args(argv)
    lines = [ln + b"\n" for ln in args.corpus.read_bytes().splitlines() if ln.strip()]
    queries = title_queries(subset(lines, args.docs)[0] if args.docs else lines, args.queries)
    spent: Counter = Counter()
    instrument(spent)
    with SearchIndex.open(args.index) as ix:
        ix.search(queries[0], limit=10)
        spent.clear()
        times = []
        for _ in range(2):
            for q in queries:
                started = time.process_time()
                ix.search(q, limit=10)
                times.append((time.process_time() - started) * 1000)
    n = len(times)
    print(f"{machine()}; {args.index}: {n} searches, CPU ms per query: p50 {percentile(times, 50):.1f}, "
          f"p95 {percentile(times, 95):.1f}, mean {sum(times) / n:.1f}")
    print("| stage | CPU ms per query (mean) |\n|---|---|")
    for _, _, label in STAGES:
        print(f"| {label} | {spent[label] * 1000 / n:.2f} |")


if __name__ == "__main__":
    main()
