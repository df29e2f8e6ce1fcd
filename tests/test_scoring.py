"""Ranking (searcher/scoring.py): what a score is made of, the same on every path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from searcher import SearchIndex
from searcher.scoring import field_length

MARKER = "zqstarq"


def _cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "searcher", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def wordless_titles(tmp_path_factory) -> Path:
    """An index whose documents have titles without a word: ``***`` as a text file's first
    line, as an HTML title, as a JSONL title, and a lone surrogate; one normal document."""
    folder = tmp_path_factory.mktemp("wordless")
    docs = folder / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(f"***\nThe {MARKER} marathon was run in Kazan on Sunday.\n", encoding="utf-8")
    (docs / "p.html").write_text(
        f"<html><head><title>***</title></head><body><p>Пловцы {MARKER} тренировались на озере весь день."
        "</p></body></html>",
        encoding="utf-8",
    )
    records = [
        {"id": "stars", "title": "***", "text": f"الفريق {MARKER} يتدرب في الملعب"},
        {"id": "surrogate", "title": "\ud800", "text": f"The {MARKER} team trained at the lake"},
        {"id": "plain", "title": "Olympic team", "text": f"The {MARKER} swimmers trained at the lake"},
    ]
    (docs / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ix = folder / "ix"
    with SearchIndex.create(ix) as index:
        stats = index.add_path(docs)
    assert stats.failed == 0 and stats.added == 3
    return ix


# fast path (plain word, homonym-free), Whoosh's path (phrase, required word), document or passage hits
@pytest.mark.parametrize("query", [MARKER, f"+{MARKER}", f'"{MARKER} team"', f"{MARKER} -Kazan"])
@pytest.mark.parametrize("passages", [False, True], ids=["documents", "passages"])
def test_a_title_without_words_never_breaks_a_search(wordless_titles: Path, query: str, passages: bool) -> None:
    with SearchIndex.open(wordless_titles) as ix:
        results = ix.search(query, passages=passages, limit=10)
    expected = {MARKER: 5, f"+{MARKER}": 5, f'"{MARKER} team"': 1, f"{MARKER} -Kazan": 4}[query]
    assert len(results.hits) == expected and results.total == expected
    assert all(hit.score > 0 for hit in results)


def test_a_missing_field_length_reads_as_zero(wordless_titles: Path) -> None:
    with SearchIndex.open(wordless_titles) as ix:
        s = ix._current_searcher()
        lengths = {
            f["doc_id"]: (s.doc_field_length(n, "title", 0), field_length(s, n, "title"))
            for n, f in enumerate(s.all_stored_fields())
            if "doc_id" in f
        }
    wordless = [doc_id for doc_id in lengths if doc_id != "plain"]
    assert len(wordless) == 4
    assert all(lengths[d] == (None, 0) for d in wordless)  # Whoosh's reader answers None
    assert lengths["plain"] == (2, 2)


def test_a_title_without_words_never_breaks_the_cli(wordless_titles: Path) -> None:
    for args in (("search", MARKER, "--json"), ("search", f"+{MARKER}", "--passages", "--json")):
        r = _cli(*args, "--index", wordless_titles)
        assert r.returncode == 0 and r.stderr == "", r.stderr
        hits = json.loads(r.stdout)["hits"]
        assert len(hits) == 5 and {h["title"] for h in hits} >= {"***", "Olympic team"}
