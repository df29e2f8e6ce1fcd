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
- ``hit words``: where the query's terms are in the 10 hits (positions from the postings);
- ``hits``: stored fields, snippets, highlights of the 10 hits;
- ``suggest``: the did-you-mean check.

Usage::

    python benchmarks/search_stages.py --index /tmp/growth/n40000/ix-polyseek --corpus /tmp/growth/n40000/all.jsonl
    python benchmarks/search_stages.py --index DIR --docs 10000     # DIR: 10,000 documents of the scale corpus

Before / after a change, in the same run: ``--against CHECKOUT`` (another checkout of the
repository, e.g. ``git archive main | tar -x -C /tmp/main``) runs this checkout's code and
that one's in two child processes (``nice``d, each with its own warm-up), asking them each
query in turn, alternately first, and prints both columns with their ratio; the load of a
shared machine then weighs on both alike::

    python benchmarks/search_stages.py --index DIR --corpus ALL.jsonl --against /tmp/main

When the two versions' index formats differ, ``--other-index`` is the index the other
checkout searches (the same documents in its format).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
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
    (api, "hit_words", "hit words"),
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


def child(index: Path) -> None:
    """Answer queries read from stdin (JSON, one a line) over ``index``: CPU ms of the search
    and of each stage, as a JSON line each (the first line: ready)."""
    spent: Counter = Counter()
    instrument(spent)
    with SearchIndex.open(index) as ix:
        print(json.dumps({"ready": True}), flush=True)
        for line in sys.stdin:
            spent.clear()
            started = time.process_time()
            ix.search(json.loads(line), limit=10)
            took = (time.process_time() - started) * 1000
            print(json.dumps({"ms": took, "stages": {k: v * 1000 for k, v in spent.items()}}), flush=True)


def against(index: Path, queries: list[str], other: Path, other_index: Path | None = None) -> None:
    """This checkout's code and ``other``'s over ``index`` (``other``'s over ``other_index``
    when given), query by query in turn."""
    here = Path(__file__).resolve().parents[1]
    procs = {}
    for name, root, ix in (("this", here, index), ("other", other.resolve(), other_index or index)):
        env = dict(os.environ, PYTHONPATH=str(root))
        procs[name] = subprocess.Popen(
            ["nice", sys.executable, __file__, "--child", "--index", str(ix)],  # root's code, this script
            cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        json.loads(procs[name].stdout.readline())

    def ask(name: str, q: str) -> dict:
        proc = procs[name]
        proc.stdin.write(json.dumps(q) + "\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())

    for name in procs:
        ask(name, queries[0])  # the warm-up
    times: dict[str, list[float]] = {name: [] for name in procs}
    stages: dict[str, Counter] = {name: Counter() for name in procs}
    for n in range(2):
        for i, q in enumerate(queries):
            for name in sorted(procs, reverse=(n + i) % 2 == 1):
                got = ask(name, q)
                times[name].append(got["ms"])
                stages[name].update(got["stages"])
    for proc in procs.values():
        proc.stdin.close()
        proc.wait()
    n = len(times["this"])
    also = f" (other: {other_index})" if other_index else ""
    print(f"{machine()}; {index}{also}: {n} searches each, interleaved; this checkout / {other} / ratio")
    print("| CPU ms per query | this | other | ratio |\n|---|---|---|---|")
    rows = [(f"search {stat}", fn) for stat, fn in (
        ("p50", lambda t: percentile(t, 50)), ("p95", lambda t: percentile(t, 95)), ("mean", lambda t: sum(t) / n))
    ]  # fmt: skip
    for label, fn in rows:
        a, b = fn(times["this"]), fn(times["other"])
        print(f"| {label} | {a:.1f} | {b:.1f} | {a / b:.2f} |")
    for _, _, label in STAGES:
        a, b = stages["this"][label] / n, stages["other"][label] / n
        print(f"| {label} | {a:.2f} | {b:.2f} | {a / b if b else float('nan'):.2f} |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--docs", type=int, default=0,
                    help="documents of the corpus's subset the index holds (0: the whole corpus, e.g. the "
                         "all.jsonl growth.py keeps beside its indexes)")
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS)
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--against", type=Path, help="another checkout to compare with, interleaved")
    ap.add_argument("--other-index", type=Path, help="the index --against searches (the same documents in its format)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.index)
        return
    lines = [ln + b"\n" for ln in args.corpus.read_bytes().splitlines() if ln.strip()]
    queries = title_queries(subset(lines, args.docs)[0] if args.docs else lines, args.queries)
    if args.against:
        against(args.index, queries, args.against, args.other_index)
        return
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
