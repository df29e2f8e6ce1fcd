"""Search benchmark: latency of 1-3 word queries with snippets, and of ``batch``, on the scale index.

The index holds the whole scale corpus (40,977 documents); it is built once into
``--index DIR`` (``polyseek index`` with the default jobs) and reused when it exists.
Queries are generic, not the eval collections': with a fixed seed, pick a random document
and 1, 2 or 3 random words of it (letters only, 3+ characters). Usage::

    python benchmarks/search.py --index /tmp/polyseek-scale-ix            # 300 queries
    python benchmarks/search.py --index /tmp/polyseek-scale-ix --queries 1000 --seed 7
    python benchmarks/search.py --index DIR --before /tmp/polyseek-old    # same queries, other code

Measured per query, in a process that has the index open and has run 20 warm-up queries:

- ``search``: ``SearchIndex.search(q, limit=10)``: parse, rank, group passages into
  documents, count matching documents, snippets with highlights for the 10 hits;
- ``batch``: ``SearchIndex.rank_documents(q, limit=100)``, what ``polyseek batch`` runs
  per query (no snippets), and ``polyseek batch`` itself end to end on the same queries.

Latencies are CPU time of the searching process (the machine is shared; ``polyseek batch``
end to end: wall-clock); with ``--before`` both code versions answer the same queries in
alternating blocks in two child processes and the p50/p95 ratios are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, SCALE_CORPUS, machine, percentile  # noqa: E402

_WORD = re.compile(r"[^\W\d_]{3,}")


def make_queries(corpus: Path, n: int, seed: int) -> list[dict]:
    """``n`` queries of 1-3 words drawn from random documents of ``corpus`` (fixed ``seed``)."""
    docs = [json.loads(line) for line in open(corpus, encoding="utf-8") if line.strip()]
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        doc = rng.choice(docs)
        words = _WORD.findall(doc["text"])
        k = 1 + len(out) % 3
        if len(words) < k:
            continue
        out.append({"id": f"q{len(out)}", "lang": doc.get("lang", ""), "words": k, "text": " ".join(rng.sample(words, k))})
    return out


def ensure_index(index_dir: Path, corpus: Path, code: Path) -> None:
    if index_dir.exists() and any(index_dir.iterdir()):
        return
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(code))
    subprocess.run([sys.executable, "-m", "polyseek", "index", str(corpus), "--index", str(index_dir), "-q"], check=True, env=env)
    print(f"built {index_dir} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(args.code))
    from polyseek.searcher import SearchIndex

    queries = json.loads(Path(args.query_file).read_text(encoding="utf-8"))
    out: dict[str, list[float]] = {"search": [], "batch": []}
    totals: list[int] = []
    with SearchIndex.open(args.index) as ix:
        for q in queries[:20]:  # warm-up: searcher, analyzers, OS page cache
            ix.search(q["text"], limit=10)
        for q in queries:  # CPU time of the process: the machine is shared, wall time follows the other jobs
            t = time.process_time()
            res = ix.search(q["text"], limit=10)
            out["search"].append(time.process_time() - t)
            totals.append(res.total)
            t = time.process_time()
            ix.rank_documents(q["text"], limit=100)
            out["batch"].append(time.process_time() - t)
    print(json.dumps(out | {"totals": totals}))


def _run(code: Path, index: Path, query_file: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", "--code", str(code), "--index", str(index), "--query-file", str(query_file)],
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _batch_cli(code: Path, index: Path, queries: list[dict], tmp: Path) -> float:
    qfile = tmp / "batch.jsonl"
    qfile.write_text("".join(json.dumps({"id": q["id"], "text": q["text"]}, ensure_ascii=False) + "\n" for q in queries))
    env = dict(os.environ, PYTHONPATH=str(code))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "polyseek", "batch", "--queries", str(qfile), "--output", str(tmp / "run.trec"), "--index", str(index.resolve())],
        check=True,
        env=env,
        capture_output=True,
        cwd=tmp,  # not a checkout: ``-m searcher`` would import the current directory's code first
    )
    return time.perf_counter() - started


def _row(name: str, xs: list[float]) -> str:
    ms = [x * 1000 for x in xs]
    return f"| {name} | {len(ms)} | {percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} | {percentile(ms, 99):.1f} | {max(ms):.1f} |"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS)
    ap.add_argument("--index", type=Path, required=True, help="index of the corpus (built if missing)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--rounds", type=int, default=2, help="blocks per code version (alternating)")
    ap.add_argument("--before", type=Path, help="another polyseek checkout, same index and queries")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--code", type=Path, default=REPO, help=argparse.SUPPRESS)
    ap.add_argument("--query-file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args)
        return
    ensure_index(args.index, args.corpus, REPO)
    queries = make_queries(args.corpus, args.queries, args.seed)
    codes = [("now", REPO)] + ([("before", args.before)] if args.before else [])
    results: dict[str, list[dict]] = {name: [] for name, _ in codes}
    with tempfile.TemporaryDirectory(prefix="polyseek-bench-") as tmp:
        qfile = Path(tmp) / "queries.json"
        qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        for rnd in range(args.rounds):
            for name, code in codes if rnd % 2 == 0 else codes[::-1]:
                results[name].append(_run(code, args.index, qfile))
                print(f"round {rnd + 1} {name} done (load {os.getloadavg()[0]:.1f})", file=sys.stderr)
        batch_s = {name: _batch_cli(code, args.index, queries, Path(tmp)) for name, code in codes}
    print(f"index: {args.index}; {len(queries)} queries (seed {args.seed}), {args.rounds} rounds; {machine()}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print("| what | queries | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for name, _ in codes:
        rs = results[name]
        search = [min(r["search"][i] for r in rs) for i in range(len(queries))]  # best of the rounds per query
        batch = [min(r["batch"][i] for r in rs) for i in range(len(queries))]
        print(_row(f"{name}: search, 10 hits with snippets", search))
        for k in (1, 2, 3):
            print(_row(f"{name}: search, {k}-word queries", [s for s, q in zip(search, queries) if q["words"] == k]))
        for lang in ("ru", "ar", "en"):
            print(_row(f"{name}: search, {lang} queries", [s for s, q in zip(search, queries) if q["lang"] == lang]))
        print(_row(f"{name}: rank_documents (batch, 100 docs)", batch))
        print(
            f"| {name}: `polyseek batch` end to end | {len(queries)} | {batch_s[name] / len(queries) * 1000:.1f} mean "
            f"(incl. start-up) | | | {batch_s[name]:.1f} s total |"
        )
        totals = results[name][0]["totals"]
        print(f"\n{name}: matching documents per query: median {statistics.median(totals):.0f}, max {max(totals)}\n")
    if args.before:
        print("| ratio before/now (>1: now is faster) | p50 | p95 |")
        print("|---|---|---|")
        for key in ("search", "batch"):
            now = [min(r[key][i] for r in results["now"]) for i in range(len(queries))]
            old = [min(r[key][i] for r in results["before"]) for i in range(len(queries))]
            print(
                f"| {key} | {percentile(old, 50) / percentile(now, 50):.2f}x | "
                f"{percentile(old, 95) / percentile(now, 95):.2f}x |"
            )


if __name__ == "__main__":
    main()
