"""Analyzer benchmark: tokens/s per language, cold and warm word cache, cache hit rates.

For each language of the scale corpus (the documents' ``lang``), a fresh child process
analyses every title and text with :class:`~analyzers.MultilingualAnalyzer` twice: first
with empty caches (each distinct word costs a pymorphy3 / stemmer call once; what an
indexing run sees) and again with the caches warm (what re-analysis costs, e.g. for
snippets). Usage::

    python benchmarks/analyzer.py                      # 5,000 docs, 3 rounds
    python benchmarks/analyzer.py --docs 0 --rounds 1  # the whole corpus
    python benchmarks/analyzer.py --before /tmp/polyseek-old   # the same with another checkout

Four ways through the analysis are timed: the Whoosh token stream
(``analyzer(text, positions=True, chars=True)``, Whoosh's own path), ``occurrences()``
(the one-pass path indexing uses), ``analyze()`` (queries) and ``find_terms()``
(snippets: the terms of every tenth word of the text highlighted). Timing is CPU time of the child; ratios against
``--before`` are taken round by round with alternating order.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import SCALE_CORPUS, machine, ratio_summary, run_child, write_slice  # noqa: E402

LANGS = ("ru", "ar", "en")
PATHS = ("stream", "occurrences", "analyze", "find_terms")


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(args.code or Path(__file__).resolve().parents[1]))
    from polyseek.analyzers import MultilingualAnalyzer, analyze, cache_stats, clear_caches, find_terms

    texts = []
    for line in open(args.corpus, encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            if d.get("lang") == args.lang:
                texts.extend((d.get("title", ""), d["text"]))
    analyzer = MultilingualAnalyzer()
    analyzer("прогрев warm-up الإحماء")  # load pymorphy3 / nltk outside the timing
    stream = lambda: sum(1 for _ in (t for x in texts for t in analyzer(x, positions=True, chars=True)))  # noqa: E731
    has_occ = hasattr(analyzer, "occurrences")
    occ = lambda: sum(sum(map(len, analyzer.occurrences(x).values())) for x in texts)  # noqa: E731
    wanted = [{term for t in analyze(x)[::10] for term in t.terms} for x in texts]
    whole = lambda: sum(len(analyze(x)) for x in texts)  # noqa: E731
    highlight = lambda: sum(len(find_terms(x, w)) for x, w in zip(texts, wanted))  # noqa: E731
    out = {"chars": sum(map(len, texts))}
    paths = (("stream", stream), ("occurrences", occ if has_occ else None), ("analyze", whole), ("find_terms", highlight))
    for name, fn in paths:
        if fn is None:
            continue
        clear_caches()
        started = time.process_time()
        n = fn()
        cold = time.process_time() - started
        stats = cache_stats()
        started = time.process_time()
        fn()
        warm = time.process_time() - started
        out[name] = {"postings": n, "cold_s": cold, "warm_s": warm, "hit_rate": stats.hit_rate, "distinct": stats.size}
    from polyseek.analyzers.tokenizer import WORD_RE

    out["tokens"] = sum(1 for x in texts for _ in WORD_RE.finditer(x))
    print(json.dumps(out))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS)
    ap.add_argument("--docs", type=int, default=5000, help="documents in the slice (every k-th line); 0 = all")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before", type=Path, help="another polyseek checkout to compare with")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--lang", help=argparse.SUPPRESS)
    ap.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args)
        return
    variants = [("now", [])] + ([("before", ["--code", str(args.before)])] if args.before else [])
    results: dict[tuple[str, str], list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="polyseek-bench-") as tmp:
        corpus = write_slice(args.corpus, args.docs, Path(tmp) / "slice.jsonl")
        for rnd in range(args.rounds):
            for lang in LANGS:
                for name, extra in variants if rnd % 2 == 0 else variants[::-1]:
                    r = run_child([__file__, "--child", "--corpus", str(corpus), "--lang", lang, *extra])
                    results.setdefault((name, lang), []).append(r)
                    print(f"round {rnd + 1} {lang} {name}: {json.dumps(r)}", file=sys.stderr)
    print(f"corpus: {corpus.name if args.docs else 'scale corpus'}, {args.rounds} rounds; {machine()}")
    print("| lang | code | path | tokens | distinct words | cold hit rate | cold tokens/s | warm tokens/s |")
    print("|---|---|---|---|---|---|---|---|")
    for lang in LANGS:
        for name, _ in variants:
            rs = results[(name, lang)]
            for path in PATHS:
                if path not in rs[0]:
                    continue
                cold = statistics.median(r[path]["cold_s"] for r in rs)
                warm = statistics.median(r[path]["warm_s"] for r in rs)
                tokens = rs[0]["tokens"]
                print(
                    f"| {lang} | {name} | {path} | {tokens} | {rs[0][path]['distinct']} | "
                    f"{rs[0][path]['hit_rate']:.3f} | {tokens / cold:,.0f} | {tokens / warm:,.0f} |"
                )
    if args.before:
        print("\nnow vs before, CPU time ratio (>1: now is faster), median (range) over rounds:")
        print("| lang | path | cold | warm |")
        print("|---|---|---|---|")
        for lang in LANGS:
            now, before = results[("now", lang)], results[("before", lang)]
            for path in PATHS:
                if path in now[0] and path in before[0]:
                    cold = [b[path]["cold_s"] / a[path]["cold_s"] for a, b in zip(now, before)]
                    warm = [b[path]["warm_s"] / a[path]["warm_s"] for a, b in zip(now, before)]
                    print(f"| {lang} | {path} | {ratio_summary(cold)} | {ratio_summary(warm)} |")


if __name__ == "__main__":
    main()
