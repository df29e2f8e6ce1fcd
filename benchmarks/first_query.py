"""A search process's first query over indexes of several sizes: what grows with the collection.

Issue 21 asks that a process searching an index of 110,000 documents open it and answer its
first query within 1.3x of the same over 10,000 documents, with anonymous memory within
1.3x.  For each index and each checkout, ``--repeat`` fresh processes each import polyseek,
open the index (``SearchIndex.open``) and run one query with 10 hits and their snippets; the
table shows medians of the CPU time to the first result (the process's own, from interpreter
start: a shared machine's load adds to wall time, not to it), of the CPU of the query alone,
of the wall time, and of the anonymous RSS after it (``/proc/self/status``), then the ratio of
each index's figures to the first index's.  The query is growth.py's first title query of
the index's documents (``all.jsonl`` beside it, as growth.py keeps them; ``--query`` gives
another)::

    python benchmarks/first_query.py --index /tmp/growth/n10000/ix-polyseek /tmp/growth/n110000/ix-polyseek
    python benchmarks/first_query.py --index IX10 IX110 --before /tmp/main   # another checkout, interleaved

When the two versions' index formats differ, ``--before-index`` gives the other checkout's
indexes (the same documents in its format), one for each of ``--index``, in the same order.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, compile_bytecode, machine  # noqa: E402

CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from polyseek.searcher import SearchIndex
ix = SearchIndex.open(sys.argv[1])
opened = time.process_time()
hits = [h.snippet for h in ix.search(sys.argv[2], limit=10).hits]
cpu = time.process_time()
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({{"cpu_s": cpu, "query_cpu_s": cpu - opened, "wall_s": time.time() - float(sys.argv[3]),
                  "anon_mib": int(status["RssAnon"].split()[0]) / 1024, "hits": len(hits)}}))
"""


def first_title_query(index: Path) -> str:
    """growth.py's first title query over the documents of ``index``: those of the
    ``all.jsonl`` growth.py keeps beside it, else the index's stored titles in order."""
    from growth import title_queries

    beside = index.parent / "all.jsonl"
    if beside.is_file():
        lines = [ln for ln in beside.read_bytes().splitlines() if ln.strip()]
    else:
        from polyseek.searcher import SearchIndex

        with SearchIndex.open(index) as ix:
            fields = ix._current_searcher().reader().iter_docs()
            titles = {f["doc_id"]: f["title"] for _, f in fields if f.get("doc_id") and f.get("title")}
        lines = [json.dumps({"title": t}).encode() for t in titles.values()]
    return title_queries(lines, 60)[0]


def run(root: Path, index: Path, query: str) -> dict:
    import time

    code = CHILD.format(root=str(root))
    out = subprocess.run([sys.executable, "-c", code, str(index), query, repr(time.time())],
                         cwd=root, capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, nargs="+", required=True, help="indexes, the first one the baseline")
    ap.add_argument("--before", type=Path, help="another checkout, asked the same in turn")
    ap.add_argument("--before-index", type=Path, nargs="+",
                    help="the indexes --before opens instead, one for each --index (the same documents in its format)")
    ap.add_argument("--query", help="one query for every index [growth.py's first title query of each]")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    roots = {"now": REPO} | ({"before": args.before.resolve()} if args.before else {})
    for root in roots.values():
        compile_bytecode(root)
    if args.before_index and len(args.before_index) != len(args.index):
        ap.error("--before-index needs one index for each --index")
    opens = dict(zip(args.index, args.before_index or args.index))  # what --before opens for each
    queries = {ix: args.query or first_title_query(ix) for ix in args.index}
    runs: dict[tuple[str, Path], list[dict]] = {(v, ix): [] for v in roots for ix in args.index}
    for n in range(args.repeat):
        for v in sorted(roots, reverse=n % 2 == 1):
            for ix in args.index:
                runs[v, ix].append(run(roots[v], opens[ix] if v == "before" else ix, queries[ix]))
    print(f"{machine()}; {args.repeat} fresh processes each, medians")
    print("| version | index | query | CPU to the first result s | the query's CPU s | wall s | anon RSS MiB "
          "| CPU / first index | anon / first index |\n|---|---|---|---|---|---|---|---|---|")
    for v in roots:
        base = None
        for ix in args.index:
            med = {k: statistics.median(r[k] for r in runs[v, ix]) for k in ("cpu_s", "query_cpu_s", "wall_s", "anon_mib")}
            base = base or med
            print(f"| {v} | {opens[ix] if v == 'before' else ix} | {queries[ix]} | {med['cpu_s']:.3f} | {med['query_cpu_s']:.3f} | {med['wall_s']:.2f} "
                  f"| {med['anon_mib']:.1f} | {med['cpu_s'] / base['cpu_s']:.2f}x | {med['anon_mib'] / base['anon_mib']:.2f}x |")


if __name__ == "__main__":
    main()
