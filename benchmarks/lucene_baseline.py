"""Lucene baseline: BM25 with Lucene's Russian/Arabic/English analyzers on an eval collection.

What Elasticsearch does with its built-in ``russian`` / ``arabic`` / ``english`` analyzers:
each document is indexed in the fields of its own language (``title_<lang>``, ``text_<lang>``,
analysed by that language's Lucene analyzer), BM25 (k1=1.2, b=0.75) everywhere; a query is
the OR of its analysed words, searched in the fields of its language (in a ``--combined``
index, where no language is given, the best of the three languages, as a ``dis_max``).

``--fields`` chooses how title and text are searched:

- ``joined``: one field holding title and text (Anserini's ``contents``; the default),
- ``best``: ``multi_match`` ``best_fields`` (the better of title and text, tie_breaker 0),
- ``most``: ``multi_match`` ``most_fields`` (title score + text score).

Lucene runs in this Python process through pyjnius on the Anserini fat jar that the
``pyserini`` wheel ships (0.22.1: Lucene 9.4, runs on Java 11 or newer; later wheels need
Java 21). Set it up in a venv of its own, outside the project's dependencies::

    python3 -m venv /tmp/lucene-venv
    /tmp/lucene-venv/bin/pip install --no-deps pyserini==0.22.1 && /tmp/lucene-venv/bin/pip install pyjnius
    /tmp/lucene-venv/bin/python benchmarks/lucene_baseline.py ../shared/eval/xquad-{ru,ar,en}
    /tmp/lucene-venv/bin/python benchmarks/lucene_baseline.py --combined ../shared/eval/xquad-{ru,ar,en}

Scores with ``../shared/eval/eval.py`` (``--eval``); ``--runs DIR`` keeps each TREC run.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = ("ru", "ar", "en")
ANALYZERS = {
    "ru": "org.apache.lucene.analysis.ru.RussianAnalyzer",
    "ar": "org.apache.lucene.analysis.ar.ArabicAnalyzer",
    "en": "org.apache.lucene.analysis.en.EnglishAnalyzer",
}


def find_jar() -> str:
    """The Anserini fat jar: ``$LUCENE_JAR``, else the one inside the installed pyserini."""
    if os.environ.get("LUCENE_JAR"):
        return os.environ["LUCENE_JAR"]
    import importlib.util

    spec = importlib.util.find_spec("pyserini")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("lucene_baseline: no pyserini installed and no LUCENE_JAR set (see the module docstring)")
    jars = glob.glob(os.path.join(spec.submodule_search_locations[0], "resources", "jars", "*fatjar*.jar"))
    if not jars:
        sys.exit("lucene_baseline: the pyserini package holds no fat jar")
    return jars[0]


class Lucene:
    """An in-memory Lucene index with one (title, text) field pair per language."""

    def __init__(self, jar: str) -> None:
        import jnius_config

        if not jnius_config.vm_running:
            jnius_config.set_classpath(jar)
        from jnius import autoclass

        self.j = autoclass
        analyzers = autoclass("java.util.HashMap")()
        self.analyzers = {lang: autoclass(cls)() for lang, cls in ANALYZERS.items()}
        for lang, analyzer in self.analyzers.items():
            analyzers.put(f"title_{lang}", analyzer)
            analyzers.put(f"text_{lang}", analyzer)
            analyzers.put(f"contents_{lang}", analyzer)
        standard = autoclass("org.apache.lucene.analysis.standard.StandardAnalyzer")()
        self.analyzer = autoclass("org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper")(
            standard, analyzers
        )
        self.bm25 = autoclass("org.apache.lucene.search.similarities.BM25Similarity")()
        self.directory = autoclass("org.apache.lucene.store.ByteBuffersDirectory")()
        config = autoclass("org.apache.lucene.index.IndexWriterConfig")(self.analyzer)
        config.setSimilarity(self.bm25)
        self.writer = autoclass("org.apache.lucene.index.IndexWriter")(self.directory, config)
        self.searcher = None

    def add(self, doc_id: str, lang: str, title: str, text: str) -> None:
        j = self.j
        store, nostore = j("org.apache.lucene.document.Field$Store").YES, j("org.apache.lucene.document.Field$Store").NO
        text_field, string_field = j("org.apache.lucene.document.TextField"), j("org.apache.lucene.document.StringField")
        doc = j("org.apache.lucene.document.Document")()
        doc.add(string_field("id", doc_id, store))
        doc.add(text_field(f"title_{lang}", title, nostore))
        doc.add(text_field(f"text_{lang}", text, nostore))
        doc.add(text_field(f"contents_{lang}", f"{title}\n{text}", nostore))
        self.writer.addDocument(doc)

    def commit(self) -> None:
        self.writer.close()
        from jnius import cast

        reader = cast("org.apache.lucene.index.IndexReader", self.j("org.apache.lucene.index.DirectoryReader").open(self.directory))
        self.searcher = self.j("org.apache.lucene.search.IndexSearcher")(reader)
        self.searcher.setSimilarity(self.bm25)

    def _field_query(self, field: str, lang: str, text: str):
        parser = self.j("org.apache.lucene.queryparser.classic.QueryParser")(field, self.analyzers[lang])
        return parser.parse(parser.escape(text))

    def _lang_query(self, lang: str, text: str, fields: str):
        if fields == "joined":
            return self._field_query(f"contents_{lang}", lang, text)
        title, body = self._field_query(f"title_{lang}", lang, text), self._field_query(f"text_{lang}", lang, text)
        if fields == "best":
            return self._dis_max([title, body])
        builder = self.j("org.apache.lucene.search.BooleanQuery$Builder")()
        should = self.j("org.apache.lucene.search.BooleanClause$Occur").SHOULD
        builder.add(title, should)
        builder.add(body, should)
        return builder.build()

    def _dis_max(self, queries):
        arrays = self.j("java.util.ArrayList")()
        for q in queries:
            arrays.add(q)
        return self.j("org.apache.lucene.search.DisjunctionMaxQuery")(arrays, 0.0)

    def search(self, text: str, lang: str | None, fields: str, depth: int = 100) -> list[tuple[str, float]]:
        langs = [lang] if lang else list(LANGS)
        parts = [self._lang_query(lg, text, fields) for lg in langs]
        query = parts[0] if len(parts) == 1 else self._dis_max(parts)
        hits = self.searcher.search(query, depth).scoreDocs
        return [(self.searcher.doc(h.doc).get("id"), float(h.score)) for h in hits]


def _default_eval() -> Path:
    """``shared/eval/eval.py`` beside the checkout (or beside the folder holding a worktree)."""
    candidates = [p / "shared" / "eval" / "eval.py" for p in HERE.parents[1:3]]
    return next((c for c in candidates if c.is_file()), candidates[0])


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def evaluate(qrels: Path, run: Path, eval_script: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(eval_script), str(qrels), str(run), "--json"], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def run_group(lucene_jar: str, folders: list[Path], combined: bool, fields: str, runs: Path, eval_script: Path) -> dict:
    lucene = Lucene(lucene_jar)
    for folder in folders:
        prefix = f"{folder.name}:" if combined else ""
        for doc in _read_jsonl(folder / "corpus.jsonl"):
            lucene.add(prefix + doc["id"], doc.get("lang") or "en", doc.get("title") or "", doc.get("text") or "")
    lucene.commit()
    results = {}
    for folder in folders:
        prefix = f"{folder.name}:" if combined else ""
        run_path = runs / f"{folder.name}{'-combined' if combined else ''}.{fields}.trec"
        qrels_path = folder / "qrels.tsv"
        t = time.perf_counter()
        with open(run_path, "w", encoding="utf-8") as out:
            for q in _read_jsonl(folder / "queries.jsonl"):
                hits = lucene.search(q["text"], None if combined else q.get("lang"), fields)
                for rank, (doc_id, score) in enumerate(hits, 1):
                    out.write(f"{q['id']} Q0 {doc_id.removeprefix(prefix)} {rank} {score:.6f} lucene\n")
        seconds = time.perf_counter() - t
        metrics = evaluate(qrels_path, run_path, eval_script)
        metrics["seconds"] = seconds
        results[folder.name + (" (combined)" if combined else "")] = metrics
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("collections", nargs="+", type=Path)
    ap.add_argument("--combined", action="store_true", help="one index over all collections, queries without lang")
    ap.add_argument("--fields", choices=("joined", "best", "most"), default="joined")
    ap.add_argument("--runs", type=Path, help="keep the TREC runs in this folder")
    ap.add_argument("--eval", type=Path, default=_default_eval(), help="eval.py of the eval collections")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args(argv)
    for folder in args.collections:
        if not (folder / "corpus.jsonl").is_file():
            sys.exit(f"lucene_baseline: {folder} has no corpus.jsonl")
    if not args.eval.is_file():
        sys.exit(f"lucene_baseline: no eval script at {args.eval} (pass --eval)")
    jar = find_jar()
    with tempfile.TemporaryDirectory(prefix="lucene-runs-") as tmp:
        runs = args.runs or Path(tmp)
        runs.mkdir(parents=True, exist_ok=True)
        if args.combined:
            results = run_group(jar, args.collections, True, args.fields, runs, args.eval)
        else:
            results = {}
            for folder in args.collections:
                results.update(run_group(jar, [folder], False, args.fields, runs, args.eval))
    if args.json:
        print(json.dumps({k: {m: round(v, 4) for m, v in r.items()} for k, r in results.items()}))
        return
    print(f"Lucene BM25, language analyzers, fields={args.fields}")
    print("| collection | MRR@10 | R@10 | nDCG@10 | queries | query s |")
    print("|---|---|---|---|---|---|")
    for name, m in results.items():
        print(f"| {name} | {m['MRR@10']:.4f} | {m['R@10']:.4f} | {m['nDCG@10']:.4f} | {m['num_q']} | {m['seconds']:.1f} |")


if __name__ == "__main__":
    main()
