"""Lucene-style operators (AND, OR, NOT, parentheses), prefixes and proximity (issue 17)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main
from polyseek.searcher.prefix import MAX_PREFIX_WORDS
from polyseek.searcher.query import MAX_DEPTH, parse_query


def _names(results) -> list[str]:
    return [os.path.basename(h.source) for h in results]


def test_not_excludes_documents_in_every_script(sample_index):
    assert "ru-judo-memorandum-japan.txt" in _names(sample_index.search("Kazakhstan дзюдо"))
    for query in ("Kazakhstan NOT дзюдо", "Kazakhstan AND NOT дзюдо", "NOT дзюдо Kazakhstan"):
        names = _names(sample_index.search(query))
        assert names and "ru-judo-memorandum-japan.txt" not in names, query
    names = _names(sample_index.search("Kazakhstan NOT قطر"))
    assert names and "ar-golovkin-qatar-solidarity.txt" not in names
    # "NOT" in small letters is a word, not an operator
    assert parse_query("Kazakhstan not дзюдо").clauses[2].excluded is False


def test_and_requires_both_words_in_a_passage(sample_index):
    either = sample_index.search("дзюдо Лозанна", passages=True, limit=50)
    both = sample_index.search("дзюдо AND Лозанна", passages=True, limit=50)
    assert len(either) > 0
    for hit in both:
        words = {hit.snippet.text[s:e].lower()[:5] for s, e in hit.snippet.ranges}
        assert {"дзюдо", "лозан"} <= words, hit.snippet.text
    assert len(both) < len(either)
    # Japan and judo are in one passage; Japan and Lausanne in none
    assert sample_index.search("Японии AND дзюдо").total == 1
    assert sample_index.search("Японии AND Лозанне").total == 0


def test_parentheses_group_alternatives(sample_index):
    grouped = sample_index.search("(Лозанне OR Токио) AND олимпийских", passages=True, limit=50)
    assert grouped.total >= 2
    for hit in grouped:  # a word matches in the passage or in the document's title
        text = f"{hit.title} {hit.snippet.text}".lower()
        assert "олимпийск" in text and ("лозанн" in text or "токио" in text), hit.snippet.text
    # the same words without the grouping find more (any one of them)
    assert sample_index.search("Лозанне OR Токио OR олимпийских").total > grouped.total
    excluded = sample_index.search("Казахстан -(Токио OR дзюдо)")
    assert excluded.total >= 1
    assert not {"ru-tokyo-2020-licences.txt", "ru-judo-memorandum-japan.txt"} & set(_names(excluded))


def test_stray_operators_and_parentheses_never_fail(sample_index):
    for query in ["AND", "OR OR", "NOT", "(", ")", "((Казахстан", "Казахстан))", "a AND", "NOT NOT дзюдо",
                  "(" * 9_000 + "Казахстан", "NOT " * 2_000 + "дзюдо", ") AND ( OR NOT ("]:
        sample_index.search(query)
    assert sample_index.search("(" * (MAX_DEPTH + 5) + "Казахстан" + ")" * (MAX_DEPTH + 5)).total >= 3
    assert sample_index.search("NOT дзюдо").total == 0  # only an exclusion: nothing to look for


def test_prefix_expands_over_surface_forms_and_lemmas(sample_index):
    plain = sample_index.search("олимпийский", passages=True, limit=100)
    prefixed = sample_index.search("олимпи*", passages=True, limit=100)
    assert prefixed.total >= plain.total and len(prefixed) >= len(plain)
    marked = " ".join(h.snippet.mark("[", "]") for h in prefixed).lower()
    assert "[олимпийского]" in marked and "[олимпийских]" in marked
    # Arabic and Latin prefixes
    assert "ar-golovkin-qatar-solidarity.txt" in _names(sample_index.search("الأولمب*"))
    hit = sample_index.search("Kazakh*").hits[0]
    assert {hit.snippet.text[s:e] for s, e in hit.snippet.ranges} >= {"Kazakhstan", "Kazakh"}
    # a prefix is not corrected, and one that matches nothing says so
    assert sample_index.search("Казах*").suggestion is None
    nothing = sample_index.search("щъщ*")
    assert nothing.total == 0 and nothing.notices and "щъщ" in nothing.notices[0]


def test_a_prefix_that_matches_too_many_words_is_cut_with_a_message(sample_index):
    results = sample_index.search("с*")  # hundreds of Russian words start with "с"
    assert results.total >= 1
    assert len(results.notices) == 1 and f"{MAX_PREFIX_WORDS} most frequent" in results.notices[0]
    r = CliRunner().invoke(main, ["search", "с*", "--index", str(sample_index.path), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["notices"] == results.notices
    r = CliRunner().invoke(main, ["search", "с*", "--index", str(sample_index.path)])
    assert r.exit_code == 0 and r.stderr.startswith("polyseek: с* matches more than")


PROXIMITY = {
    "near.txt": "The national committee of Kazakhstan approved the plan.",
    "far.txt": "The committee said that athletes from the youth teams of Kazakhstan would travel.",
    "reversed.txt": "Kazakhstan has a committee for sport.",
}


@pytest.fixture(scope="module")
def proximity_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proximity")
    for name, text in PROXIMITY.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    with SearchIndex.create(folder / ".ix") as ix:
        ix.add_path(folder)
        yield ix


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"committee Kazakhstan"', set()),
        ('"committee Kazakhstan"~1', {"near.txt"}),  # "of" between them
        ('"committee Kazakhstan"~2', {"near.txt"}),
        ('"committee Kazakhstan"~8', {"near.txt", "far.txt"}),  # 8 words between
        ('"committee Kazakhstan"~7', {"near.txt"}),
        ('"комитет Казахстана"~3', set()),
    ],
)
def test_proximity_allows_that_many_words_between_in_order(proximity_index, query, expected):
    assert set(_names(proximity_index.search(query))) == expected


def test_proximity_in_russian_and_arabic(sample_index):
    assert sample_index.search('"Казахстан лицензии"').total == 0
    assert "ru-tokyo-2020-licences.txt" in _names(sample_index.search('"Казахстан лицензии"~5'))
    assert sample_index.search('"رئيس قطر"').total == 0
    assert "ar-golovkin-qatar-solidarity.txt" in _names(sample_index.search('"رئيس قطر"~8'))
