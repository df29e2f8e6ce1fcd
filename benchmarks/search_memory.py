"""A search process's memory and start-up over an index, with and without copying segments.

Each mode runs in a fresh process: open the index, run the first query (time and
anonymous RSS after it, from /proc/self/status), then every query once more for p50/p95.
``copying`` restores Whoosh's own ``CompoundStorage.open_file`` (which copies every part
of a mapped segment into ``BytesIO``) to measure the version before index.mapped in the
same run. Usage::

    python benchmarks/search_memory.py --index DIR [--queries 60] [--rounds 3]

Queries are two words taken from the index's own titles (every k-th document).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
if {copying!r}:
    import polyseek.index.mapped as mapped, whoosh.filedb.compound as c
    c.CompoundStorage.open_file = mapped._whoosh_open_file
from polyseek.searcher import SearchIndex
queries = json.loads(sys.argv[1])
ix = SearchIndex.open({index!r})
ix.search(queries[0], limit=10)
first = time.perf_counter() - t0
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
anon = int(status["RssAnon"].split()[0]) / 1024
times = []
for q in queries:
    t = time.perf_counter(); ix.search(q, limit=10); times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({{"first": first, "anon": anon, "hwm": int(status["VmHWM"].split()[0]) / 1024,
                  "p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95) - 1]}}))
"""


def _titles(index: str, n: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from whoosh import index as wi

    ix = wi.open_dir(index)
    with ix.searcher() as s:
        titles = [f.get("title", "") for f in s.all_stored_fields() if f.get("title")]
    step = max(1, len(titles) // n)
    out = []
    for title in titles[::step]:
        words = [w for w in title.split() if len(w) > 3 and w.isalpha()]
        if len(words) >= 2:
            out.append(" ".join(words[:2]))
    return out[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    queries = _titles(args.index, args.queries)
    size = sum(p.stat().st_size for p in Path(args.index).iterdir()) / 2**20
    print(f"index {args.index}: {size:.0f} MiB, {len(queries)} queries")
    results: dict[str, list[dict]] = {"copying": [], "mapped": []}
    for _ in range(args.rounds):
        for mode in results:
            code = CHILD.format(root=str(ROOT), copying=mode == "copying", index=args.index)
            out = subprocess.run([sys.executable, "-c", code, json.dumps(queries)], capture_output=True, text=True, check=True)
            results[mode].append(json.loads(out.stdout))
    print(f"{'mode':8} {'open+first s':>12} {'anon MiB':>9} {'peak MiB':>9} {'p50 ms':>7} {'p95 ms':>7}")
    for mode, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"{mode:8} {med['first']:12.2f} {med['anon']:9.0f} {med['hwm']:9.0f} {med['p50']:7.1f} {med['p95']:7.1f}")


if __name__ == "__main__":
    main()
