"""A query's Arabic word after ``لل`` is also searched as the word with the article.

``ل`` (*for, of*) before the article drops the article's alef: ``ل`` + ``الكويت`` is written
``للكويت``.  The stemmers take ``لل`` off some words (``للدفاع`` and ``الدفاع`` are both ``دفاع``)
and not others: ``للكويت`` is indexed ``للكو`` / ``لكو``, ``الكويت`` ``الكو`` / ``كو``, so the
question *كم يبلغ الناتج المحلي للكويت* never met an answer that writes ``الكويت``.  Only a
query's words get the reading (``analyzers.arabic.with_article``, applied by
``searcher.compile``), at the weight of a word's other-script spellings: the index keeps each
word's own terms, and a text that writes ``للكويت`` as the query does ranks first.  The texts
are news sentences written for these tests.
"""

from __future__ import annotations

import pytest
from conftest import word_terms

from polyseek.analyzers.arabic import normalize_arabic, with_article

DOCS = [
    ("gdp", "بلغ الناتج المحلي الإجمالي في الكويت نحو مئة وعشرين مليار دولار في عام 2011."),
    ("visit", "وصل وفد رسمي للكويت أمس في زيارة تستغرق يومين."),
    ("oil", "ارتفعت أسعار النفط في الأسواق العالمية هذا الأسبوع."),
]


@pytest.mark.parametrize("query_word, text_word", [("للكويت", "الكويت"), ("للوقت", "الوقت")])
def test_the_stemmers_keep_lam_on_these_words(query_word: str, text_word: str) -> None:
    assert not word_terms(query_word) & word_terms(text_word)
    assert word_terms(with_article(normalize_arabic(query_word)) or "") == word_terms(text_word)


@pytest.mark.parametrize("word", ["الكويت", "لبنان", "لله"])
def test_a_word_without_lam_and_the_article_has_no_reading(word: str) -> None:
    assert with_article(normalize_arabic(word)) is None


def test_a_search_finds_the_word_with_the_article_and_highlights_it(arabic_index) -> None:
    results = arabic_index.search("الناتج المحلي للكويت")
    assert results.hits[0].doc_id == "gdp"
    snippet = results.hits[0].snippet
    assert "الكويت" in {snippet.text[a:b] for a, b in snippet.ranges}


def test_a_text_that_writes_the_word_as_typed_ranks_first(arabic_index) -> None:
    assert [h.doc_id for h in arabic_index.search("للكويت").hits] == ["visit", "gdp"]
