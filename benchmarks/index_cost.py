"""Index cost benchmark: time, size on disk and distinct terms per field for collections.

Each collection (a folder with ``corpus.jsonl``, as the eval collections) is indexed
into a fresh index, ``--repeat`` times; the least CPU time is kept (CPU seconds of this
process, steadier than wall time on a shared machine; indexing runs in one process).
Word caches are cleared before every run so each run pays for its own analysis.
``--per-lang N`` indexes only the first N documents of each language. Usage::

    python benchmarks/index_cost.py ../shared/eval/xquad-ru ../shared/eval/xquad-ar ../shared/eval/xquad-en
    python benchmarks/index_cost.py --per-lang 2000 ../shared/eval/scale
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from polyseek.analyzers import clear_caches

try:  # the side fields' caches (absent before cross-script matching existed)
    from polyseek.analyzers.field_analyzers import clear_side_caches
except ImportError:  # pragma: no cover

    def clear_side_caches() -> None:
        pass
from polyseek.searcher import SearchIndex


def _field_terms(ix_path: Path) -> dict[str, int]:
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(ix_path))
    with ix.reader() as r:
        counts = {name: sum(1 for _ in r.lexicon(name)) for name in sorted(ix.schema.names()) if ix.schema[name].indexed}
    ix.close()
    return {k: v for k, v in counts.items() if v}


def _subset(corpus: Path, per_lang: int, dest: Path) -> Path:
    """The first ``per_lang`` documents of each language of ``corpus``, written to ``dest``."""
    seen: dict[str, int] = {}
    with open(dest, "w", encoding="utf-8") as out:
        for line in open(corpus, encoding="utf-8"):
            if line.strip():
                lang = json.loads(line).get("lang", "")
                if seen.get(lang, 0) < per_lang:
                    seen[lang] = seen.get(lang, 0) + 1
                    out.write(line)
    return dest


def measure(folder: Path, repeat: int, per_lang: int | None = None) -> dict:
    best = None
    with tempfile.TemporaryDirectory(prefix="polyseek-cost-") as keep:
        corpus = folder / "corpus.jsonl"
        if per_lang:
            corpus = _subset(corpus, per_lang, Path(keep) / "corpus.jsonl")
        for _ in range(repeat):
            clear_caches()
            clear_side_caches()
            with tempfile.TemporaryDirectory(prefix="polyseek-cost-") as tmp:
                path = Path(tmp) / "ix"
                t, cpu = time.perf_counter(), time.process_time()
                with SearchIndex.create(path) as ix:
                    stats = ix.add_path(corpus)
                cpu, seconds = time.process_time() - cpu, time.perf_counter() - t
                size = sum(p.stat().st_size for p in path.iterdir() if p.is_file())
                if best is None or cpu < best["cpu"]:
                    best = {"cpu": cpu, "seconds": seconds, "bytes": size, "passages": stats.passages}
                    best["terms"] = _field_terms(path)
    return best


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("collections", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--per-lang", type=int, default=None, help="only the first N documents of each language")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args(argv)
    results = {folder.name: measure(folder, args.repeat, args.per_lang) for folder in args.collections}
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    print("| collection | passages | index CPU s | wall s | size KiB | distinct terms per field |")
    print("|---|---|---|---|---|---|")
    for name, m in results.items():
        terms = ", ".join(f"{k} {v}" for k, v in m["terms"].items() if k in ("text", "title", "translit", "words"))
        print(
            f"| {name} | {m['passages']} | {m['cpu']:.2f} | {m['seconds']:.2f} | {m['bytes'] / 1024:.0f} | {terms} |"
        )


if __name__ == "__main__":
    main()
