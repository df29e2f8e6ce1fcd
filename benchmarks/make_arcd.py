"""Build the ``arcd`` and ``arcd-articles`` relevance collections from ARCD's ``arcd.json``.

ARCD (Arabic Reading Comprehension Dataset, Mozannar et al. 2019, MIT licence; the text is
Arabic Wikipedia's, CC BY-SA) holds 1,395 questions written by crowd workers on 465
paragraphs of 155 Arabic Wikipedia articles, each article with its Arabic title.

- ``arcd``: one document per paragraph (465, each article's title shared by its 3
  paragraphs); a question's relevant document is its paragraph.
- ``arcd-articles``: one document per article (155; 146 distinct titles, as ARCD holds 9
  articles twice); a question's relevant document is its article.

Usage (``arcd.json`` from the SOQAL repository, ``data/arcd.json``)::

    python benchmarks/make_arcd.py arcd.json benchmarks/collections
    python benchmarks/make_arcd.py arcd.json OUT --distractors ../shared/eval/scale/corpus.jsonl --suffix=-hard

``--distractors`` adds every Arabic document of a JSONL corpus (as ``build_hard.py`` does
for XQuAD); such a build stays outside the repository when the corpus's licence says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def build(articles: list[dict], by_article: bool) -> tuple[list[dict], list[dict], list[tuple[str, str]]]:
    """(corpus, queries, qrels) of one granularity."""
    corpus, queries, qrels = [], [], []
    for a, article in enumerate(articles):
        title = article["title"].strip()
        paragraphs = article["paragraphs"]
        if by_article:
            corpus.append({"id": f"a{a:03d}", "lang": "ar", "title": title,
                           "text": "\n\n".join(p["context"].strip() for p in paragraphs)})
        for p, paragraph in enumerate(paragraphs):
            doc_id = f"a{a:03d}" if by_article else f"a{a:03d}p{p:02d}"
            if not by_article:
                corpus.append({"id": doc_id, "lang": "ar", "title": title, "text": paragraph["context"].strip()})
            for qa in paragraph["qas"]:
                question = qa["question"].strip()
                if question:
                    queries.append({"id": qa["id"], "lang": "ar", "text": question})
                    qrels.append((qa["id"], doc_id))
    return corpus, queries, qrels


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("arcd_json", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--distractors", type=Path, help="a JSONL corpus whose Arabic documents are added")
    ap.add_argument("--suffix", default="", help="appended to the folder names (e.g. -hard)")
    args = ap.parse_args(argv)
    try:
        articles = json.loads(args.arcd_json.read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"make_arcd: cannot read {args.arcd_json}: {e}")
    extra = []
    if args.distractors:
        extra = [d for d in map(json.loads, open(args.distractors, encoding="utf-8")) if d.get("lang") == "ar"]
    for name, by_article in (("arcd", False), ("arcd-articles", True)):
        corpus, queries, qrels = build(articles, by_article)
        folder = args.out / (name + args.suffix)
        folder.mkdir(parents=True, exist_ok=True)
        _write_jsonl(folder / "corpus.jsonl", corpus + extra)
        _write_jsonl(folder / "queries.jsonl", queries)
        (folder / "qrels.tsv").write_text("".join(f"{q}\t{d}\t1\n" for q, d in qrels), encoding="utf-8")
        print(f"{folder}: {len(corpus) + len(extra)} documents, {len(queries)} queries")


if __name__ == "__main__":
    main()
