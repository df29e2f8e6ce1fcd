"""Relevance benchmark: index a collection, run its queries, print MRR@10, R@10, nDCG@10.

A collection is a folder with ``corpus.jsonl``, ``queries.jsonl`` and ``qrels.tsv``
(the format of the eval collections). Usage::

    python benchmarks/relevance.py ../shared/eval/xquad-ru ../shared/eval/xquad-ar ../shared/eval/xquad-en
    python benchmarks/relevance.py --combined ../shared/eval/xquad-{ru,ar,en}   # one index, no lang given

Queries run through ``SearchIndex.rank_documents``, exactly what ``polyseek batch`` writes.

Before / after a ranking constant, over the same index in one process: each ``--setting
LABEL:NAME=VALUE[,NAME=VALUE]`` runs every collection's queries once more with those
constants of ``polyseek.searcher`` set (in every module that holds the name), one row per
setting; ``--index-dir DIR`` keeps each collection's index there and reuses it next time
(build a large collection once)::

    python benchmarks/relevance.py --index-dir /tmp/rel-ix ../shared/eval/xquad-ru \\
        --setting before:STEM_FAMILY_WEIGHT=0 --setting after:STEM_FAMILY_WEIGHT=0.25
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from trec_eval import evaluate, read_qrels  # noqa: E402

from polyseek.searcher import SearchIndex  # noqa: E402

Setting = tuple[str, dict[str, float]]


def _setting(text: str) -> Setting:
    """``LABEL:NAME=VALUE[,NAME=VALUE]`` -> ``(LABEL, {NAME: VALUE})``."""
    label, _, assignments = text.partition(":")
    try:
        values = {name.strip(): float(value) for name, value in (a.split("=") for a in assignments.split(","))}
    except ValueError:
        raise argparse.ArgumentTypeError(f"not LABEL:NAME=VALUE[,NAME=VALUE]: {text!r}") from None
    return label, values


@contextlib.contextmanager
def _constants(values: dict[str, float]):
    """Set each named constant in every loaded ``polyseek.searcher`` module that holds it (a
    module that imported it by name holds its own binding), and restore them after."""
    saved = []
    for name, value in values.items():
        modules = [m for k, m in list(sys.modules.items()) if k.startswith("polyseek.searcher") and hasattr(m, name)]
        if not modules:
            raise SystemExit(f"relevance.py: no polyseek.searcher module has a constant {name}")
        for module in modules:
            saved.append((module, name, getattr(module, name)))
            setattr(module, name, type(getattr(module, name))(value))
    try:
        yield
    finally:
        for module, name, old in reversed(saved):
            setattr(module, name, old)


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


def _index(tmp: Path, index_dir: Path | None, group: list[Path], combined: bool) -> SearchIndex:
    """The index of ``group``: kept in ``index_dir`` (built there once), else a fresh one in ``tmp``."""
    name = ("combined-" if combined else "") + "+".join(folder.name for folder in group)
    where = (index_dir or tmp) / name
    if index_dir is not None and (where / "complete").exists():
        return SearchIndex.open(where)
    corpus = tmp / f"{name}.jsonl"
    _write_corpus(group, corpus, prefixed=combined, drop_lang=combined)
    ix = SearchIndex.create(where)
    ix.add_path(corpus)
    if index_dir is not None:
        (where / "complete").write_text("built by benchmarks/relevance.py\n", encoding="utf-8")
    return ix


def _row(name: str, m: dict) -> str:
    return (
        f"| {name} | {m['MRR@10']:.4f} | {m['R@10']:.4f} | {m['nDCG@10']:.4f} | {m['queries']} "
        f"| {m['seconds']:.1f} | {m['cpu seconds']:.1f} |"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("collections", nargs="+", type=Path)
    ap.add_argument("--combined", action="store_true", help="one index over all collections, ids prefixed, no lang")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--exact-script", action="store_true", help="no cross-script name matching")
    ap.add_argument(
        "--setting", type=_setting, action="append", default=[], metavar="LABEL:NAME=VALUE[,NAME=VALUE]",
        help="run the queries once more with these constants of polyseek.searcher (repeatable; one row each)",
    )
    ap.add_argument("--index-dir", type=Path, help="keep each collection's index here and reuse it when present")
    args = ap.parse_args(argv)
    settings: list[Setting] = args.setting or [("", {})]
    results = {}
    with tempfile.TemporaryDirectory(prefix="polyseek-rel-") as tmp:
        groups = [args.collections] if args.combined else [[c] for c in args.collections]
        for group in groups:
            with _index(Path(tmp), args.index_dir, group, args.combined) as ix:
                for folder in group:
                    prefix = f"{folder.name}:" if args.combined else ""
                    qrels = read_qrels(folder / "qrels.tsv")
                    if prefix:
                        qrels = {prefix + q: {prefix + d: r for d, r in ds.items()} for q, ds in qrels.items()}
                    for label, values in settings:
                        with _constants(values):
                            t, cpu = time.perf_counter(), time.process_time()
                            ranked = run(ix, _queries(folder, prefix), cross_script=not args.exact_script)
                            metrics = evaluate(qrels, ranked)
                            metrics["seconds"] = time.perf_counter() - t
                            metrics["cpu seconds"] = time.process_time() - cpu
                        name = folder.name + (" (combined)" if args.combined else "") + (f" {label}" if label else "")
                        results[name] = metrics
    if args.json:
        print(json.dumps({k: {m: round(v, 4) for m, v in r.items()} for k, r in results.items()}))
        return
    print("| collection | MRR@10 | R@10 | nDCG@10 | queries | query s | query CPU s |")
    print("|---|---|---|---|---|---|---|")
    for name, m in results.items():
        print(_row(name, m))


if __name__ == "__main__":
    main()
