"""A query's Arabic verb in the imperfect also searches its other person's prefix (ي / ت).

The imperfect's prefix agrees with the subject, ``يحد`` (*he* borders) or ``تحد`` (*she*: a
country, a state, a non-human plural), and a question often has another subject than the
sentence that answers it: *which states border Egypt* (``تحد``) is answered by *Libya
borders it* (``يحدها``).  The stemmers keep the prefix, so the two never met.  Only a query's
words get the other reading, at the weight of a word's other-script spellings
(``searcher.compile``): the index keeps each word's own terms, an index made before searches
the same way, and a name that begins like a verb (``يونس``, *Younes*) still ranks its own
texts above those of the other reading (``تونس``, *Tunisia*).  The texts are news sentences
written for these tests.
"""

from __future__ import annotations

import pytest
from conftest import word_terms

from polyseek.analyzers import analyze
from polyseek.analyzers.arabic import normalize_arabic, other_person

DOCS = [
    ("egypt", "تقع مصر في شمال أفريقيا، يحدها من الغرب ليبيا ومن الجنوب السودان."),
    ("parties", "تنشط الأحزاب السياسية في المدن الكبرى قبل الانتخابات."),
    ("trade", "ارتفعت تجارة الحبوب بين البلدين في العام الماضي."),
    ("other", "افتتح المتحف الجديد أبوابه للزوار في العاصمة."),
    ("younes", "فاز اللاعب يونس بالميدالية الذهبية في البطولة العربية."),
    ("tunisia", "زار الوزير تونس لبحث التعاون الاقتصادي بين البلدين."),
]


def _query_terms(word: str) -> set[str]:
    return set(other_person(normalize_arabic(word), analyze(word, mode="query")[0].terms))


@pytest.mark.parametrize("query_word, text_word", [("تحد", "يحدها"), ("ينشط", "تنشط"), ("وتقع", "يقع"), ("يبلغ", "تبلغ")])
def test_a_query_verb_meets_the_other_person(query_word: str, text_word: str) -> None:
    assert not word_terms(query_word) & word_terms(text_word)
    assert _query_terms(query_word) & word_terms(text_word), (query_word, text_word)


@pytest.mark.parametrize("word", ["التحدي", "تجارة", "تطورات", "كتاب", "يد"])
def test_a_word_that_is_no_verb_in_the_imperfect_has_no_other_reading(word: str) -> None:
    # the article, a feminine noun's or plural's ending, another first letter, too short
    assert _query_terms(word) == word_terms(word), word


def test_a_text_keeps_its_own_terms() -> None:
    assert [t.terms for t in analyze("تحد مصر")] == [("تحد",), ("مصر",)]
    assert [t.terms for t in analyze("تحد مصر", mode="query")] == [("تحد",), ("مصر",)]


@pytest.mark.parametrize(
    "query, doc_id, word",
    [("ما الدول التي تحد مصر", "egypt", "يحدها"), ("أين ينشط الحزب", "parties", "تنشط")],
)
def test_a_search_finds_the_other_person_and_highlights_it(arabic_index, query: str, doc_id: str, word: str) -> None:
    results = arabic_index.search(query)
    assert [h.doc_id for h in results.hits] == [doc_id]
    snippet = results.hits[0].snippet
    assert word in {snippet.text[a:b] for a, b in snippet.ranges}


def test_a_query_word_with_either_prefix_finds_the_same_texts(arabic_index) -> None:
    for query in ("يحد", "تحد"):
        assert [h.doc_id for h in arabic_index.search(query).hits] == ["egypt"], query
    assert [h.doc_id for h in arabic_index.search("تجارة").hits] == ["trade"]


def test_a_name_that_begins_like_a_verb_ranks_its_own_texts_first(arabic_index) -> None:
    # يونس (Younes) also reads as تونس (Tunisia), at the lower weight: both are found
    for query, first, second in (("يونس", "younes", "tunisia"), ("تونس", "tunisia", "younes")):
        assert [h.doc_id for h in arabic_index.search(query).hits] == [first, second], query
