"""Every query's cost is bounded by its size (searcher/limits.py, did-you-mean in searcher/suggest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polyseek.searcher import SearchIndex, suggest
from polyseek.searcher.limits import MAX_QUERY_CHARS, MAX_QUERY_WORDS, QueryTooLargeError

#: A real English word of 45 letters (longer than suggest.MAX_CORRECTED_LETTERS).
LONG_WORD = "pneumonoultramicroscopicsilicovolcanoconiosis"


def _cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polyseek", *map(str, args)], capture_output=True, text=True)


def test_a_query_over_the_character_limit_is_refused_with_one_line(sample_index_dir: Path) -> None:
    query = ("Olympic committee, комитет " * 4000)[:100_000]
    assert len(query) == 100_000
    with SearchIndex.open(sample_index_dir) as ix:
        with pytest.raises(QueryTooLargeError, match="100,000 characters; polyseek searches at most 10,000"):
            ix.search(query)
        with pytest.raises(QueryTooLargeError):
            ix.rank_documents(query)
    r = _cli("search", "--index", sample_index_dir, "--json", "--", query)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "at most 10,000" in r.stderr and "Traceback" not in r.stderr


def test_the_word_limit_counts_searched_words_only(sample_index_dir: Path) -> None:
    with SearchIndex.open(sample_index_dir) as ix:
        at_limit = ix.search(" ".join(["Лозанна"] * MAX_QUERY_WORDS))
        assert at_limit.total >= 1
        # stop words cost no lookup: they do not count
        assert ix.search(" ".join(["Лозанна", "и", "the"] * MAX_QUERY_WORDS)[:MAX_QUERY_CHARS]).total == at_limit.total
        with pytest.raises(QueryTooLargeError, match="more than 256 words"):
            ix.search(" ".join(["Лозанна"] * (MAX_QUERY_WORDS + 1)))
        # a phrase counts its words, an exclusion and a title: clause theirs
        with pytest.raises(QueryTooLargeError):
            ix.search(" ".join(['"олимпийский комитет"'] * (MAX_QUERY_WORDS // 2)) + " -Токио")
        with pytest.raises(QueryTooLargeError):
            ix.search(" ".join(["title:Кулибаев"] * (MAX_QUERY_WORDS + 1)))


def test_a_ten_thousand_letter_word_gets_a_clear_empty_answer(sample_index_dir: Path) -> None:
    with SearchIndex.open(sample_index_dir) as ix:
        for word in ("ж" * 10_000, "комитет" * 1428, "ب" * 10_000):
            results = ix.search(word)
            assert (results.total, results.hits, results.suggestion) == (0, [], None)


@pytest.fixture(scope="module")
def long_word_index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    (folder / "docs").mkdir()
    for i in range(3):
        (folder / "docs" / f"lung{i}.txt").write_text(
            f"Lung disease\n\nThe miners were treated for {LONG_WORD} and silicosis at the clinic.\n",
            encoding="utf-8",
        )
    with SearchIndex.create(folder / "ix") as ix:
        ix.add_path(folder / "docs")
    return folder / "ix"


def test_a_word_longer_than_the_corrector_takes_is_not_corrected(long_word_index: Path) -> None:
    typo = LONG_WORD.replace("volcano", "volkano")
    with SearchIndex.open(long_word_index) as ix:
        assert ix.search(LONG_WORD).total == 3
        assert ix.search(typo).suggestion is None
        # a word within the bound, one edit away, is corrected
        assert ix.search("diseese").suggestion == "disease"


def test_at_most_so_many_words_of_a_query_are_corrected(long_word_index: Path, monkeypatch) -> None:
    with SearchIndex.open(long_word_index) as ix:
        assert ix.search("diseese clinik").suggestion == "disease clinic"
        monkeypatch.setattr(suggest, "MAX_CORRECTED_WORDS", 1)
        assert ix.search("diseese clinik").suggestion == "disease clinik"
