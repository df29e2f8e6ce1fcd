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
from conftest import write_records

from polyseek.analyzers import analyze
from polyseek.analyzers.chains import terms_may_differ
from polyseek.searcher import SearchIndex

DOCS = [
    ("year", "ارتفع عدد السكان في السنة الماضية بنسبة اثنين في المئة."),
    ("security", "ناقش الوزراء الاقتصاد والأمن في اجتماعهم يوم الخميس."),
    ("time", "قال المدرب إن الوقت لم يكن كافيا لإعداد الفريق."),
    ("other", "افتتح المتحف الجديد أبوابه للزوار في العاصمة."),
]

PAIRS = [("السنة", "سنة"), ("الوقت", "وقت"), ("والأمن", "الأمن"), ("بالعين", "العين"), ("القانون", "قانون")]


def _terms(word: str, version: int | None = None) -> set[str]:
    kw = {} if version is None else {"version": version}
    return set(analyze(word, mode="query", **kw)[0].terms)


@pytest.mark.parametrize("with_article, without", PAIRS)
def test_the_two_forms_share_a_term(with_article: str, without: str) -> None:
    assert _terms(with_article) & _terms(without), (with_article, without)


def test_an_index_made_before_keeps_its_analysis() -> None:
    assert not _terms("السنة", version=3) & _terms("سنة", version=3)
    assert not _terms("والأمن", version=3) & _terms("الأمن", version=3)
    # a word without the article, or too short to carry one, reads as before
    for word in ("سنة", "كتاب", "الله", "مصر"):
        assert _terms(word) == _terms(word, version=3), word


def test_a_passage_with_arabic_words_may_differ_on_an_index_of_version_3() -> None:
    assert terms_may_differ("في السنة الماضية", 3)
    assert not terms_may_differ("Scottish MSPs voted; Олимпийский комитет", 3)


@pytest.mark.parametrize(
    "query, doc_id, word",
    [("عدد سكان سنة", "year", "السنة"), ("الأمن", "security", "والأمن"), ("وقت كاف", "time", "الوقت")],
)
def test_a_search_finds_the_other_form_and_highlights_it(tmp_path, query: str, doc_id: str, word: str) -> None:
    records = [{"id": i, "lang": "ar", "text": text} for i, text in DOCS]
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(write_records(tmp_path / "docs.jsonl", records))
        results = ix.search(query)
        assert results.hits[0].doc_id == doc_id, query
        assert doc_id not in {h.doc_id for h in results.hits[1:]}
        assert "other" not in {h.doc_id for h in results.hits}
        snippet = results.hits[0].snippet
        assert word in {snippet.text[a:b] for a, b in snippet.ranges}
