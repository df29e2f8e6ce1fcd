"""Did you mean: corrections from the index's own surface forms, per language."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from polyseek.searcher import SearchIndex


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("олимпийский кмитет", "олимпийский комитет"),  # Russian typo, the other word fine
        ("Лозане", "Лозанне"),  # a name, capital kept
        ("swimer", "swimmer"),  # English misspelling
        ("Kazakstan", "Kazakhstan"),
        ("الريسية", "الرئيسية"),  # Arabic: hamza on yeh missing (normalisation keeps ئ)
        ("ريس", "رئيس"),
    ],
)
def test_misspelt_words_get_a_correction_from_the_samples(sample_index, query: str, suggestion: str) -> None:
    results = sample_index.search(query)
    assert results.suggestion == suggestion
    # the correction finds at least as much, and something
    assert sample_index.search(suggestion).total >= max(1, results.total)


def test_the_suggestion_is_a_surface_form_not_a_stem(sample_index) -> None:
    # the index terms of these are stems/lemmas ("олимпийск", "рассказыва"...); suggestions are words
    assert sample_index.search("рассказывет").suggestion == "рассказывает"
    assert sample_index.search("олимпйских").suggestion == "олимпийских"


def test_correct_queries_get_no_suggestion(sample_index) -> None:
    for query in ("олимпийский комитет", "swimmer", "اللجنة الأولمبية", "Kulibayev", "Golovkin", "Bach"):
        assert sample_index.search(query).suggestion is None, query


def test_excluded_words_are_not_corrected(sample_index) -> None:
    assert sample_index.search("олимпийский -кмитет").suggestion is None


def test_no_suggest_turns_it_off(sample_index) -> None:
    assert sample_index.search("swimer", suggest=False).suggestion is None


def test_a_misspelt_name_is_corrected_not_transliterated(sample_index) -> None:
    # "Казахстн" (a vowel missing) shares its consonants with كازاخستان, whose long
    # vowels do not fit it; Казахстан is the word meant
    results = sample_index.search("Казахстн")
    assert sample_index.search("Казахстн", suggest=False).total == 0
    assert results.suggestion == results.showing == "Казахстан" and results.total >= 1


COMMITTEE = [
    "The organising committee met in Lausanne on Monday.",
    "A committee of athletes will advise the board on safeguarding.",
    "The national committee approved the budget for the next Games.",
    "Members of the committee visited the new training centre in Astana.",
    "The ethics committee opened an inquiry into the transfer.",
    "Her appointment to the committee was confirmed by the assembly.",
    "The committee published its report on gender equality in sport.",
    "A medical committee reviewed the anti-doping rules.",
    "The coordination committee inspected the venues for the Youth Games.",
    "The committee thanked the volunteers who ran the marathon.",
    "Officials said the committee would meet again in March.",
]


def test_a_rare_misspelling_in_the_texts_is_corrected_to_the_common_word(tmp_path) -> None:
    docs = [{"id": f"c{i}", "lang": "en", "text": text} for i, text in enumerate(COMMITTEE)]
    docs.append({"id": "typo", "lang": "en", "text": "The comittee of the swimming federation elected a new chair."})
    corpus = tmp_path / "committee.jsonl"
    corpus.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(corpus)
        results = ix.search("comittee")
        assert results.total == 1  # the misspelling itself is in one text ...
        assert results.suggestion == "committee"  # ... the word is in eleven
        assert ix.search("committee").suggestion is None


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polyseek", *args], capture_output=True, text=True, timeout=120)


def test_cli_shows_the_suggestion_in_text_and_json(sample_index_dir) -> None:
    out = _cli("search", "олимпийский кмитет", "--index", str(sample_index_dir))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "did you mean: олимпийский комитет"
    out = _cli("search", "swimer", "--index", str(sample_index_dir), "--json")
    data = json.loads(out.stdout)
    # "swimer" finds nothing: the suggestion's hits are shown, and said to be
    assert data["suggestion"] == data["showing_results_for"] == "swimmer" and data["total"] >= 1
    out = _cli("search", "swimer", "--index", str(sample_index_dir), "--no-suggest")
    assert "did you mean" not in out.stdout and "no results" in out.stdout


def test_words_of_a_changed_file_leave_the_vocabulary(tmp_path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    news = docs / "news.txt"
    news.write_text("The IOC Executive Board met in Lausanne to discuss the Winter Games.\n", encoding="utf-8")
    (docs / "other.txt").write_text("The national federation elected a new president.\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
        assert ix.search("Lausane").suggestion == "Lausanne"
        news.write_text("The IOC Executive Board met online to discuss the Winter Games.\n", encoding="utf-8")
        assert ix.add_path(docs).updated == 1
        assert ix.search("Lausanne").total == 0  # the same handle sees the replaced passage gone
        assert ix.search("Lausane").suggestion is None
        assert ix.search("Lausane online").suggestion is None
        assert ix.search("federatoin").suggestion == "federation"
