"""Arabic question words as questions type them are stop words of a query.

Users write *what is* joined (``ماهي``, ``ماهو``) and question words after a one-letter
proclitic (``بماذا`` *with what*, ``لمن`` *for whom*).  They were searched as words:
``ماهي`` stems to ``ماه``, as ``ماهية`` (*essence*) does, so a question beginning *ماهي*
found and counted every text about an essence.  In a query they are stop words now; in a
text they stay words (phrases and the side fields keep them), so no index changes and an
index made before gets the same queries.  The texts are sentences written for these tests.
"""

from __future__ import annotations

from conftest import index_of_sentences, stop_flags

from polyseek.analyzers.stopwords import arabic_question_forms

DOCS = [
    ("astana", "أستانا هي عاصمة كازاخستان منذ عام 1997، وقد نقلت إليها الحكومة من ألماتي."),
    ("essence", "ماهية المعرفة سؤال قديم في الفلسفة، وقد كتب فيه ابن سينا كثيرا."),
    ("quran", "سورة الملك من السور المكية، وعدد آياتها ثلاثون آية."),
]


def test_typed_question_words_are_stop_words_of_a_query():
    assert stop_flags("ماهي عاصمة كازاخستان؟") == [("ماهي", True), ("عاصمة", False), ("كازاخستان", False)]
    assert stop_flags("بماذا اشتهر ابن سينا؟")[0] == ("بماذا", True)
    assert stop_flags("لمن كتب الشاعر القصيدة؟")[0] == ("لمن", True)
    assert stop_flags("ماهو أطول نهر؟ وكيف تكوّن؟") == [
        ("ماهو", True), ("أطول", False), ("نهر", False), ("وكيف", True), ("تكوّن", False),
    ]
    assert stop_flags("ماهى")[0] == ("ماهى", True)  # the alef maqsura as typed


def test_content_words_stay_words():
    # the essence, a verse, a name: not question words, whatever letters they share
    assert stop_flags("ماهية آية أية كمال لمنح") == [
        ("ماهية", False), ("آية", False), ("أية", False), ("كمال", False), ("لمنح", False),
    ]
    assert "اية" not in arabic_question_forms()


def test_in_a_text_they_stay_words():
    assert stop_flags("ماهي بماذا", mode="index") == [("ماهي", False), ("بماذا", False)]
    assert stop_flags("ماهي بماذا", stopwords="none") == [("ماهي", False), ("بماذا", False)]


def test_a_question_finds_its_answer_not_an_essence(tmp_path):
    with index_of_sentences(tmp_path, [(i, "ar", text) for i, text in DOCS]) as ix:
        results = ix.search("ماهي عاصمة كازاخستان؟")
        assert [h.doc_id for h in results.hits] == ["astana"]
        assert results.total == 1  # the text about an essence is not counted
        marked = {results.hits[0].snippet.text[s:e] for s, e in results.hits[0].snippet.ranges}
        assert marked == {"عاصمة", "كازاخستان"}
        # the essence itself is still a word to search
        assert [h.doc_id for h in ix.search("ماهية المعرفة").hits] == ["essence"]
