"""A query's Arabic word after ``ب ف ك ل`` is also searched as the word alone.

The prepositions and particles ``ب ف ك ل`` (*with, then, like, for*) are written joined to the
word they precede.  Before the article the stemmers take them off (``بالسفر`` and ``السفر`` are
both ``سفر``); before a bare word they do not: ``لكندا`` (*for Canada*) is indexed ``لكند`` /
``لكن``, ``كندا`` ``كند``, so the question *ما هي اللغة الرسمية لكندا* never met a text that
writes ``كندا``.  Only a query's words get the reading (``analyzers.arabic.without_preposition``,
applied by ``searcher.compile``), at the weight of a word's other-script spellings: the index
keeps each word's own terms, and a text that writes the word as the query does ranks first.
The texts are news sentences written for these tests.
"""

from __future__ import annotations

import pytest
from conftest import word_terms

from polyseek.analyzers.arabic import normalize_arabic, without_preposition

DOCS = [
    ("languages", "للإنجليزية والفرنسية صفة اللغة الرسمية في كندا منذ عام 1969."),
    ("visit", "وصل وفد تجاري لكندا الأسبوع الماضي لبحث اتفاقية جديدة."),
    ("oil", "ارتفعت أسعار النفط في الأسواق العالمية هذا الأسبوع."),
    ("book", "صدر كتاب جديد عن تاريخ المدينة القديمة."),
    ("repented", "تاب الرجل عن ذنبه وعاد إلى أهله بعد سنوات."),
]


@pytest.mark.parametrize(
    "query_word, text_word", [("لكندا", "كندا"), ("لغابة", "غابة"), ("بكاليفورنيا", "كاليفورنيا"), ("كأسنان", "أسنان")]
)
def test_the_stemmers_keep_the_preposition_on_these_words(query_word: str, text_word: str) -> None:
    assert not word_terms(query_word) & word_terms(text_word)
    assert word_terms(without_preposition(normalize_arabic(query_word)) or "") == word_terms(text_word)


@pytest.mark.parametrize("word", ["بالسفر", "للكويت", "والكويت", "وزير", "بلد", "غابة"])
def test_a_word_with_the_article_or_without_a_preposition_has_no_reading(word: str) -> None:
    assert without_preposition(normalize_arabic(word)) is None


def test_a_search_finds_the_word_alone_and_highlights_it(arabic_index) -> None:
    results = arabic_index.search("ما هي اللغة الرسمية لكندا")
    assert results.hits[0].doc_id == "languages"
    snippet = results.hits[0].snippet
    assert "كندا" in {snippet.text[a:b] for a, b in snippet.ranges}


def test_a_text_that_writes_the_word_as_typed_ranks_first(arabic_index) -> None:
    assert [h.doc_id for h in arabic_index.search("لكندا").hits] == ["visit", "languages"]


def test_a_word_whose_first_letter_is_its_own_ranks_its_texts_first(arabic_index) -> None:
    assert [h.doc_id for h in arabic_index.search("كتاب").hits][0] == "book"
