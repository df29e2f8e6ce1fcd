"""Relevance benchmark: index a collection, run its queries, print MRR@10, R@10, nDCG@10.

A collection is a folder with ``corpus.jsonl``, ``queries.jsonl`` and ``qrels.tsv``
(the format of the eval collections). Usage::

    python benchmarks/relevance.py ../shared/eval/xquad-ru ../shared/eval/xquad-ar ../shared/eval/xquad-en
    python benchmarks/relevance.py --combined ../shared/eval/xquad-{ru,ar,en}   # one index, no lang given

Queries run through ``SearchIndex.rank_documents``, exactly what ``polyseek batch`` writes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from trec_eval import evaluate, read_qrels  # noqa: E402

from polyseek.searcher import SearchIndex  # noqa: E402


def _queries(folder: Path, prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for line in open(folder / "queries.jsonl", encoding="utf-8"):
        if line.strip():
            q = json.loads(line)
            out.append((prefix + q["id"], q["text"]))
    return out


def _write_corpus(folders: list[Path], dest: Path, prefixed: bool, drop_lang: bool) -> None:
    with open(dest, "w", encoding="utf-8") as out:
        for folder in folders:
            for line in open(folder / "corpus.jsonl", encoding="utf-8"):
                if not line.strip():
                    continue
                doc = json.loads(line)
                if prefixed:
                    doc["id"] = f"{folder.name}:{doc['id']}"
                if drop_lang:
                    doc.pop("lang", None)
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def run(
    ix: SearchIndex, queries: list[tuple[str, str]], depth: int = 100, cross_script: bool = True
) -> dict[str, dict[str, float]]:
    return {qid: dict(ix.rank_documents(text, limit=depth, cross_script=cross_script)) for qid, text in queries}


def _row(name: str, m: dict, seconds: float) -> str:
    return f"| {name} | {m['MRR@10']:.4f} | {m['R@10']:.4f} | {m['nDCG@10']:.4f} | {m['queries']} | {seconds:.1f} |"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("collections", nargs="+", type=Path)
    ap.add_argument("--combined", action="store_true", help="one index over all collections, ids prefixed, no lang")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--exact-script", action="store_true", help="no cross-script name matching")
    args = ap.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="polyseek-rel-") as tmp:
        groups = [args.collections] if args.combined else [[c] for c in args.collections]
        for group in groups:
            corpus = Path(tmp) / f"{len(results)}.jsonl"
            _write_corpus(group, corpus, prefixed=args.combined, drop_lang=args.combined)
            with SearchIndex.create(Path(tmp) / f"ix{len(results)}") as ix:
                ix.add_path(corpus)
                for folder in group:
                    prefix = f"{folder.name}:" if args.combined else ""
                    qrels = read_qrels(folder / "qrels.tsv")
                    if prefix:
                        qrels = {prefix + q: {prefix + d: r for d, r in ds.items()} for q, ds in qrels.items()}
                    t = time.perf_counter()
                    metrics = evaluate(qrels, run(ix, _queries(folder, prefix), cross_script=not args.exact_script))
                    metrics["seconds"] = time.perf_counter() - t
                    results[folder.name + (" (combined)" if args.combined else "")] = metrics
    if args.json:
        print(json.dumps({k: {m: round(v, 4) for m, v in r.items()} for k, r in results.items()}))
        return
    print("| collection | MRR@10 | R@10 | nDCG@10 | queries | query s |")
    print("|---|---|---|---|---|---|")
    for name, m in results.items():
        print(_row(name, m, m["seconds"]))


if __name__ == "__main__":
    main()
