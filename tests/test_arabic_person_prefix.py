"""A query's Arabic verb in the imperfect also searches its other person's prefix (ي / ت).

The imperfect's prefix agrees with the subject, ``يحد`` (*he* borders) or ``تحد`` (*she*: a
country, a state, a non-human plural), and a question often has another subject than the
sentence that answers it: *which states border Egypt* (``تحد``) is answered by *Libya
borders it* (``يحدها``).  The stemmers keep the prefix, so the two never met.  Only a query's
words get the other reading: the index keeps each word's own terms, an index made before
searches the same way.  The texts are news sentences written for these tests.
"""

from __future__ import annotations

import pytest
from conftest import write_records

from polyseek.analyzers import analyze
from polyseek.searcher import SearchIndex

DOCS = [
    ("egypt", "تقع مصر في شمال أفريقيا، يحدها من الغرب ليبيا ومن الجنوب السودان."),
    ("parties", "تنشط الأحزاب السياسية في المدن الكبرى قبل الانتخابات."),
    ("trade", "ارتفعت تجارة الحبوب بين البلدين في العام الماضي."),
    ("other", "افتتح المتحف الجديد أبوابه للزوار في العاصمة."),
]


def _terms(word: str, mode: str) -> set[str]:
    return set(analyze(word, mode=mode)[0].terms)


@pytest.mark.parametrize("query_word, text_word", [("تحد", "يحدها"), ("ينشط", "تنشط"), ("وتقع", "يقع"), ("يبلغ", "تبلغ")])
def test_a_query_verb_meets_the_other_person(query_word: str, text_word: str) -> None:
    assert not _terms(query_word, "index") & _terms(text_word, "index")
    assert _terms(query_word, "query") & _terms(text_word, "index"), (query_word, text_word)


@pytest.mark.parametrize("word", ["التحدي", "تجارة", "تطورات", "كتاب", "يد"])
def test_a_word_that_is_no_verb_in_the_imperfect_reads_as_in_a_text(word: str) -> None:
    # the article, a feminine noun's or plural's ending, another first letter, too short
    assert _terms(word, "query") == _terms(word, "index"), word


def test_a_text_keeps_its_own_terms() -> None:
    assert [t.terms for t in analyze("تحد مصر")] == [("تحد",), ("مصر",)]


@pytest.fixture
def index(tmp_path):
    records = [{"id": i, "lang": "ar", "text": text} for i, text in DOCS]
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(write_records(tmp_path / "docs.jsonl", records))
        yield ix


@pytest.mark.parametrize(
    "query, doc_id, word",
    [("ما الدول التي تحد مصر", "egypt", "يحدها"), ("أين ينشط الحزب", "parties", "تنشط")],
)
def test_a_search_finds_the_other_person_and_highlights_it(index, query: str, doc_id: str, word: str) -> None:
    results = index.search(query)
    assert [h.doc_id for h in results.hits] == [doc_id]
    snippet = results.hits[0].snippet
    assert word in {snippet.text[a:b] for a, b in snippet.ranges}


def test_a_query_word_with_either_prefix_finds_the_same_texts(index) -> None:
    for query in ("يحد", "تحد"):
        assert [h.doc_id for h in index.search(query).hits] == ["egypt"], query
    assert [h.doc_id for h in index.search("تجارة").hits] == ["trade"]
