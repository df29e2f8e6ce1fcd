"""A query's Arabic word is also searched as a text writes it after the conjunction ``و``.

``و`` (*and*) is joined to the word after it, and an Arabic narrative opens clause after
clause with it: *وانتهت في الثاني من سبتمبر* (*and it ended on the second of September*).
The stemmers take it off a word with the article (``والكويت``), not reliably off a verb or
a noun without it: ``وانتهت`` is indexed ``وان``, ``انتهت`` ``انت``, so a question's *متى انتهت
الحرب* never met its answer's verb.  Only a query's words get the reading, at the weight of a
word's other-script spellings (``searcher.compile``): the index keeps each word's own terms,
an index made before searches the same way, and a text with the word as typed ranks above a
text with it after ``و``.  The texts are encyclopedia and news sentences written for these tests.
"""

from __future__ import annotations

import pytest
from conftest import word_terms

from polyseek.analyzers.arabic import normalize_arabic, with_conjunction

DOCS = [
    ("war", "بدأت الحرب العالمية الثانية في الأول من سبتمبر 1939 في أوروبا وانتهت في الثاني من سبتمبر 1945."),
    ("match", "انتهت المباراة بفوز الفريق الضيف بهدفين دون رد."),
    ("sura", "سورة الملك مكية وعدد آياتها ثلاثون آية، وسميت أيضا سورة تبارك."),
    ("museum", "افتتح المتحف الجديد أبوابه للزوار في العاصمة."),
]


@pytest.mark.parametrize("query_word, text_word", [("انتهت", "وانتهت"), ("سميت", "وسميت"), ("بدأت", "وبدأت")])
def test_the_stemmers_keep_the_conjunction_on_these_words(query_word: str, text_word: str) -> None:
    assert not word_terms(query_word) & word_terms(text_word)
    assert word_terms(with_conjunction(normalize_arabic(query_word)) or "") == word_terms(text_word)


@pytest.mark.parametrize("word", ["الحرب", "وزير", "والكويت"])
def test_a_word_with_the_article_or_its_own_waw_has_no_reading(word: str) -> None:
    assert with_conjunction(normalize_arabic(word)) is None


@pytest.mark.parametrize("query, doc_id, word", [("سميت", "sura", "وسميت"), ("متى انتهت الحرب", "war", "وانتهت")])
def test_a_search_finds_the_word_after_waw_and_highlights_it(arabic_index, query: str, doc_id: str, word: str) -> None:
    results = arabic_index.search(query)
    assert results.hits[0].doc_id == doc_id
    snippet = results.hits[0].snippet
    assert word in {snippet.text[a:b] for a, b in snippet.ranges}


def test_a_text_with_the_word_as_typed_ranks_first(arabic_index) -> None:
    assert [h.doc_id for h in arabic_index.search("انتهت").hits] == ["match", "war"]
