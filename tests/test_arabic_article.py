"""An Arabic word with the article matches its bare form, and one with a conjunction before
the article matches the word with the article (analysis version 4).

Snowball measures a word with its article and proclitics before stripping them, so whether
``ال`` goes depends on how long the rest is: ``السنة`` (*the year*) stemmed to ``السن``,
``سنة`` to ``سن``; ``الوقت`` to ``الو``, ``وقت`` to ``وقت``; ``والأمن`` (*and the security*) to
``والام``, ``الأمن`` to ``امن``.  A question about *a year* missed a text about *the year*.
The texts are news sentences written for these tests.
"""

from __future__ import annotations

import pytest
from conftest import word_terms, write_records

from polyseek.searcher import SearchIndex

DOCS = [
    ("year", "ارتفع عدد السكان في السنة الماضية بنسبة اثنين في المئة."),
    ("security", "ناقش الوزراء الاقتصاد والأمن في اجتماعهم يوم الخميس."),
    ("time", "قال المدرب إن الوقت لم يكن كافيا لإعداد الفريق."),
    ("other", "افتتح المتحف الجديد أبوابه للزوار في العاصمة."),
]

PAIRS = [("السنة", "سنة"), ("الوقت", "وقت"), ("والأمن", "الأمن"), ("بالعين", "العين"), ("القانون", "قانون")]


def _terms(word: str, **options) -> set[str]:
    return word_terms(word, mode="query", **options)


@pytest.mark.parametrize("with_article, without", PAIRS)
def test_the_two_forms_share_a_term(with_article: str, without: str) -> None:
    assert _terms(with_article) & _terms(without), (with_article, without)


def test_an_index_made_before_keeps_its_analysis() -> None:
    assert not _terms("السنة", version=3) & _terms("سنة", version=3)
    assert not _terms("والأمن", version=3) & _terms("الأمن", version=3)
    # a word without the article, or too short to carry one, reads as before
    for word in ("سنة", "كتاب", "الله", "مصر"):
        assert _terms(word) == _terms(word, version=3), word


def _index(tmp_path, version: int | None = None) -> SearchIndex:
    from polyseek.analyzers import MultilingualAnalyzer
    from polyseek.index import schema

    records = [{"id": i, "lang": "ar", "text": text} for i, text in DOCS]
    with pytest.MonkeyPatch.context() as mp:
        if version is not None:
            mp.setattr(schema, "MultilingualAnalyzer", lambda: MultilingualAnalyzer(version=version))
        ix = SearchIndex.create(tmp_path / "ix")
        ix.add_path(write_records(tmp_path / "docs.jsonl", records))
    return ix


def test_an_index_of_version_3_searches_and_highlights_as_before(tmp_path) -> None:
    with _index(tmp_path, version=3) as ix:
        assert ix._current_searcher().schema["text"].analyzer.version == 3
        assert "year" not in {h.doc_id for h in ix.search("سنة").hits}
        hit = ix.search("السكان السنة").hits[0]  # found by its words as version 3 read them
        assert hit.doc_id == "year"
        assert {hit.snippet.text[a:b] for a, b in hit.snippet.ranges} == {"السكان", "السنة"}


@pytest.mark.parametrize(
    "query, doc_id, word",
    [("عدد سكان سنة", "year", "السنة"), ("الأمن", "security", "والأمن"), ("وقت كاف", "time", "الوقت")],
)
def test_a_search_finds_the_other_form_and_highlights_it(tmp_path, query: str, doc_id: str, word: str) -> None:
    with _index(tmp_path) as ix:
        results = ix.search(query)
        assert results.hits[0].doc_id == doc_id, query
        assert doc_id not in {h.doc_id for h in results.hits[1:]}
        assert "other" not in {h.doc_id for h in results.hits}
        snippet = results.hits[0].snippet
        assert word in {snippet.text[a:b] for a, b in snippet.ranges}
