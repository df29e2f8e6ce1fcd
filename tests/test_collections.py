"""The relevance collections shipped in benchmarks/collections are in the eval format:
every judged query and document exists, every document has a language and a title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

COLLECTIONS = sorted(p for p in (Path(__file__).resolve().parents[1] / "benchmarks" / "collections").iterdir() if p.is_dir())


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_collections_are_shipped():
    assert {p.name for p in COLLECTIONS} >= {"arcd", "arcd-articles"}


@pytest.mark.parametrize("folder", COLLECTIONS, ids=lambda p: p.name)
def test_collection_is_consistent(folder: Path):
    docs = _jsonl(folder / "corpus.jsonl")
    queries = _jsonl(folder / "queries.jsonl")
    doc_ids = {d["id"] for d in docs}
    query_ids = {q["id"] for q in queries}
    assert len(doc_ids) == len(docs) and len(query_ids) == len(queries)
    assert all(d["lang"] in ("ru", "ar", "en") and d["title"].strip() and d["text"].strip() for d in docs)
    assert all(q["text"].strip() for q in queries)
    qrels = [line.split("\t") for line in (folder / "qrels.tsv").read_text(encoding="utf-8").splitlines()]
    assert {q for q, _, _ in qrels} == query_ids
    assert all(d in doc_ids and rel == "1" for _, d, rel in qrels)
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    assert "Licence" in source and f"{len(docs)} documents" in source
