"""The growth curve: what indexing and searching cost as the collection grows, beside stock Whoosh.

For each size (documents), in one run:

1. an evenly spaced subset of the scale corpus (``lines[::k][:n]``: the corpus is ordered
   by language, a prefix would lose the last one); a size above the corpus's 40,977
   documents repeats the corpus with new ids (``#r1``, ``#r2``...; the text repeats, so
   the vocabulary stops growing: such rows are marked *repeated*);
2. ``polyseek index`` over the subset written as ``--files`` JSONL files (default 100, the
   documents dealt round-robin; each file is 1% of the collection), a fresh CLI process;
   stock Whoosh (``StemmingAnalyzer``, one Whoosh document per record, the same stored
   fields, ``benchmarks/indexing.py``) over the same documents in one JSONL file: wall and
   CPU seconds, peak RSS (sampled every 50 ms), index size;
3. a reindex after one of the files (1% of the documents) got new text: ``polyseek
   reindex`` as a fresh CLI process, its time against the full index's;
4. searching, a fresh process per engine: open the index and run the first query (time
   from interpreter start, imports included), then ``--queries`` two-word queries taken
   from the collection's titles, 10 hits with snippets (Whoosh: highlights), p50/p95 over
   two passes after the warm-up, in CPU time of the process (the machine is shared: wall
   time follows the other jobs) and wall time; anonymous and peak RSS of the process at
   the end.

Usage::

    python benchmarks/growth.py                               # 10,000 and 40,000 documents
    python benchmarks/growth.py --sizes 10000 40000 110000    # 110,000: the corpus repeated
    python benchmarks/growth.py --corpus BIG.jsonl --sizes 1000000 --side-by-side   # both engines at once
    python benchmarks/growth.py --keep /tmp/growth            # keep the indexes
    python benchmarks/growth.py --keep /tmp/growth --search-again old.json   # search them again

Speed is reported as ratios to stock Whoosh in the same run (the machine is shared);
memory figures are not affected by other jobs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, SCALE_CORPUS, machine  # noqa: E402
from command import run_command  # noqa: E402

BENCH = Path(__file__).resolve().parent

SEARCH_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {repo!r})
engine, index, queries = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
if engine == "polyseek":
    from polyseek import SearchIndex
    ix = SearchIndex.open(index)
    def run(q):
        return [h.snippet for h in ix.search(q, limit=10).hits]
else:
    from whoosh import index as wi
    from whoosh.qparser import MultifieldParser, OrGroup
    ix = wi.open_dir(index)
    s = ix.searcher()
    parser = MultifieldParser(["title", "text"], ix.schema, group=OrGroup)
    def run(q):
        return [h.highlights("text") for h in s.search(parser.parse(q), limit=10)]
run(queries[0])
first, first_cpu = time.perf_counter() - t0, time.process_time()
times, cpu = [], []
for _ in range(2):
    for q in queries:
        t, c = time.perf_counter(), time.process_time(); run(q)
        times.append((time.perf_counter() - t) * 1000); cpu.append((time.process_time() - c) * 1000)
times.sort(); cpu.sort()
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({{"first_s": first, "first_cpu_s": first_cpu, "anon_mib": int(status["RssAnon"].split()[0]) / 1024,
                  "peak_mib": int(status["VmHWM"].split()[0]) / 1024,
                  "p50_ms": times[len(times) // 2], "p95_ms": times[int(len(times) * 0.95) - 1],
                  "cpu_p50_ms": cpu[len(cpu) // 2], "cpu_p95_ms": cpu[int(len(cpu) * 0.95) - 1]}}))
"""


def subset(lines: list[bytes], n: int) -> tuple[list[bytes], bool]:
    """``n`` evenly spaced lines, from the first to near the last, or the lines repeated with
    new ids when ``n`` is more than there are; and whether they were repeated.

    (``lines[::k][:n]`` with ``k = len(lines) // n`` loses the end of a corpus ordered by
    language: 40,000 of 110,657 documents took every second line of the first 80,000, no
    English.)

    >>> subset([b"a", b"b", b"c", b"d", b"e"], 2)
    ([b'a', b'c'], False)
    """
    if n <= len(lines):
        return [lines[i * len(lines) // n] for i in range(n)], False
    out = list(lines)
    rep = 0
    while len(out) < n:
        rep += 1
        for line in lines[: n - len(out)]:
            doc = json.loads(line)
            doc["id"] = f"{doc['id']}#r{rep}"
            out.append(json.dumps(doc, ensure_ascii=False).encode("utf-8") + b"\n")
    return out, True


def write_files(lines: list[bytes], folder: Path, files: int) -> list[Path]:
    """The documents dealt round-robin into ``files`` JSONL files."""
    folder.mkdir(parents=True)
    paths = [folder / f"part-{i:03d}.jsonl" for i in range(files)]
    for i, path in enumerate(paths):
        path.write_bytes(b"".join(lines[i::files]))
    old = time.time() - 3600  # written an hour ago, as a cron job finds them
    for p in paths:
        os.utime(p, (old, old))
    return paths


def change_file(path: Path) -> None:
    """Give every document of a JSONL file new text (one more sentence) and a new mtime."""
    out = []
    for line in path.read_bytes().splitlines():
        doc = json.loads(line)
        doc["text"] += "\nThis passage was revised for the benchmark."
        out.append(json.dumps(doc, ensure_ascii=False))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def title_queries(lines: list[bytes], n: int) -> list[str]:
    """Two words (of 4+ letters) from the titles of evenly spaced documents."""
    out: list[str] = []
    step = max(1, len(lines) // (n * 3))
    for line in lines[::step]:
        words = [w for w in (json.loads(line).get("title") or "").split() if len(w) > 3 and w.isalpha()]
        if len(words) >= 2 and " ".join(words[:2]) not in out:
            out.append(" ".join(words[:2]))
    return out[:: max(1, len(out) // n)][:n]


def polyseek_command() -> list[str]:
    script = Path(sys.executable).parent / "polyseek"
    return [str(script)] if script.exists() else [sys.executable, "-m", "polyseek"]


def folder_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file()) / 2**20


def search_run(engine: str, index: Path, queries: list[str]) -> dict:
    code = SEARCH_CHILD.format(repo=str(REPO))
    out = subprocess.run(
        [sys.executable, "-c", code, engine, str(index), json.dumps(queries)], capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"search child ({engine}) failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(lines: list[bytes], n: int, tmp: Path, files: int, queries: int, side_by_side: bool = False) -> dict:
    docs, repeated = subset(lines, n)
    work = tmp / f"n{n}"
    work.mkdir()
    one = work / "all.jsonl"
    one.write_bytes(b"".join(docs))
    paths = write_files(docs, work / "files", files)
    qs = title_queries(docs, queries)
    row: dict = {"docs": len(docs), "repeated": repeated, "mb": one.stat().st_size / 1e6, "queries": len(qs)}

    stock_ix, poly_ix = work / "ix-stock", work / "ix-polyseek"
    commands = {
        "stock": [sys.executable, str(BENCH / "indexing.py"), "--child", "stock", "--corpus", str(one), "--index", str(stock_ix)],
        "polyseek": [*polyseek_command(), "index", str(work / "files"), "--index", str(poly_ix), "-q", "-j", "1"],
    }
    if side_by_side:  # one engine per core: CPU seconds and memory as alone, wall time not
        with ThreadPoolExecutor(2) as pool:
            futures = {name: pool.submit(run_command, argv) for name, argv in commands.items()}
            done = {name: f.result() for name, f in futures.items()}
    else:
        done = {name: run_command(argv) for name, argv in commands.items()}
    stock, poly = done["stock"], done["polyseek"]
    for name, fig in done.items():
        print(f"  {n}: {name} indexed in {fig['seconds']:.1f} s ({fig['cpu_seconds']:.1f} s CPU), "
              f"{fig['peak_rss_mib']:.0f} MiB", file=sys.stderr, flush=True)
    row["stock"] = stock | {"index_mib": folder_mib(stock_ix)}
    row["polyseek"] = poly | {"index_mib": folder_mib(poly_ix)}

    change_file(paths[len(paths) // 2])
    re1 = run_command([*polyseek_command(), "reindex", "--index", str(poly_ix), "-q", "-j", "1"])
    row["reindex"] = re1
    print(f"  {n}: reindex of 1% in {re1['seconds']:.1f} s", file=sys.stderr, flush=True)

    return search_both(row, work, qs)


def search_both(row: dict, work: Path, qs: list[str]) -> dict:
    """``row`` with the search figures of both engines over the indexes in ``work``."""
    row["search_stock"] = search_run("stock", work / "ix-stock", qs)
    row["search_polyseek"] = search_run("polyseek", work / "ix-polyseek", qs)
    print(f"  {row['docs']}: search p95 CPU polyseek {row['search_polyseek']['cpu_p95_ms']:.1f} ms, "
          f"stock {row['search_stock']['cpu_p95_ms']:.1f} ms", file=sys.stderr, flush=True)
    return row


def search_again(rows: list[dict], tmp: Path, queries: int) -> list[dict]:
    """The search figures of ``rows`` (a ``--json`` of an earlier run) measured again, by this
    code, over the indexes that run kept in ``tmp``: the same queries, from the titles of the
    subset it kept beside them."""
    for row in rows:
        work = tmp / f"n{row['docs']}"
        docs = [ln + b"\n" for ln in (work / "all.jsonl").read_bytes().splitlines() if ln.strip()]
        search_both(row, work, title_queries(docs, queries))
    return rows


def print_table(rows: list[dict], files: int) -> None:
    print(f"\n{machine()}; load average at the end {os.getloadavg()[0]:.1f}")
    print(f"polyseek: `polyseek index` over {files} JSONL files; stock Whoosh: one JSONL file, one commit\n")
    print("| documents | docs/s polyseek / stock | stock/polyseek wall (CPU) | indexing peak RSS MiB polyseek / stock "
          "| index MB polyseek / stock | reindex 1% s (share of full) | search p50 / p95 ms CPU (wall) polyseek | stock "
          "| open + first query s polyseek / stock | search anon / peak RSS MiB polyseek | stock |")
    print("|---" * 11 + "|")
    for r in rows:
        p, s, re1, sp, ss = r["polyseek"], r["stock"], r["reindex"], r["search_polyseek"], r["search_stock"]
        label = f"{r['docs']:,}" + (" (repeated)" if r["repeated"] else "")
        print(
            f"| {label} | {r['docs'] / p['seconds']:.0f} / {r['docs'] / s['seconds']:.0f} "
            f"| {s['seconds'] / p['seconds']:.2f}x ({s['cpu_seconds'] / p['cpu_seconds']:.2f}x) "
            f"| {p['peak_rss_mib']:.0f} / {s['peak_rss_mib']:.0f} "
            f"| {p['index_mib'] * 1.048576:.0f} / {s['index_mib'] * 1.048576:.0f} "
            f"| {re1['seconds']:.1f} ({re1['seconds'] / p['seconds']:.1%}) "
            f"| {_cpu_wall(sp)} | {_cpu_wall(ss)} "
            f"| {sp['first_s']:.2f} / {ss['first_s']:.2f} "
            f"| {sp['anon_mib']:.0f} / {sp['peak_mib']:.0f} | {ss['anon_mib']:.0f} / {ss['peak_mib']:.0f} |"
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(
            f"\n{b['docs']:,} over {a['docs']:,}: indexing peak RSS "
            f"{b['polyseek']['peak_rss_mib'] / a['polyseek']['peak_rss_mib']:.2f}x, search p95 (CPU) "
            f"{_p95(b['search_polyseek']) / _p95(a['search_polyseek']):.2f}x "
            f"(stock Whoosh {_p95(b['search_stock']) / _p95(a['search_stock']):.2f}x), open + first query "
            f"{b['search_polyseek']['first_s'] / a['search_polyseek']['first_s']:.2f}x, search anon RSS "
            f"{b['search_polyseek']['anon_mib'] / a['search_polyseek']['anon_mib']:.2f}x"
        )


def _p95(search: dict) -> float:
    """The CPU p95 of a search run (its wall p95 for a run before CPU times were taken)."""
    return search.get("cpu_p95_ms", search["p95_ms"])


def _cpu_wall(search: dict) -> str:
    if "cpu_p50_ms" not in search:
        return f"({search['p50_ms']:.1f} / {search['p95_ms']:.1f})"
    return (f"{search['cpu_p50_ms']:.1f} / {search['cpu_p95_ms']:.1f} "
            f"({search['p50_ms']:.1f} / {search['p95_ms']:.1f})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS, help="JSONL corpus [the scale corpus]")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000])
    ap.add_argument("--files", type=int, default=100, help="JSONL files polyseek indexes (each 1/files of it)")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--keep", type=Path, help="keep the subsets and indexes in this (new) folder")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--side-by-side", action="store_true",
                    help="index with both engines at once, one per core (a 1,000,000-document row in "
                         "half the time; CPU seconds and memory are each engine's own, wall time is not)")
    ap.add_argument("--search-again", type=Path, metavar="JSON",
                    help="only search again, with this code, over the indexes an earlier run kept in --keep "
                         "(its --json: the indexing figures are taken from it)")
    args = ap.parse_args(argv)
    if args.search_again:
        if not args.keep:
            raise SystemExit("--search-again needs --keep DIR: the folder of the earlier run's indexes")
        rows = search_again(json.loads(args.search_again.read_text()), args.keep, args.queries)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1))
        print_table(rows, args.files)
        return
    lines = [ln + b"\n" for ln in args.corpus.read_bytes().splitlines() if ln.strip()]
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="polyseek-growth-"))
    tmp.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for n in args.sizes:
            rows.append(measure(lines, n, tmp, args.files, args.queries, args.side_by_side))
            if args.json:
                args.json.write_text(json.dumps(rows, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print_table(rows, args.files)


if __name__ == "__main__":
    main()
