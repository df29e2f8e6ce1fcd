"""A question's stop words weigh a little in the document score (``searcher.scoring.STOPWORD_WEIGHT``):
they match nothing by themselves, but of two documents that hold the question's other words
alike, the one that also holds its *after* (not *before*) ranks first."""

from __future__ import annotations

import pytest

from rankcases import index_three

# Each: the same words, counts and lengths but for one stop word (the query's is in the
# right one, another stop word in its place in the wrong one, which sorts first by name,
# so a tie would put it first); a third text holds the query's stop words and nothing else
# of it; the query.
TEXTS = {
    "en": (
        "After the war the reconstruction of the old harbour happened within five years.",
        "Before the war the reconstruction of the old harbour happened within five years.",
        "After the storm the fishermen stayed at home for a week.",
        "What happened after the war?",
    ),
    "ru": (
        "После войны в старом порту произошло восстание рабочих и моряков.",
        "До войны в старом порту произошло восстание рабочих и моряков.",
        "После шторма рыбаки неделю оставались дома.",
        "Что произошло после войны?",
    ),
    "ar": (
        "بعد الحرب حدث تمرد كبير في الميناء القديم للمدينة.",
        "قبل الحرب حدث تمرد كبير في الميناء القديم للمدينة.",
        "بعد العاصفة بقي الصيادون في بيوتهم أسبوعا.",
        "ماذا حدث بعد الحرب؟",
    ),
}


def _index(tmp_path, lang):
    right, wrong, stop_words_only, _ = TEXTS[lang]
    return index_three(tmp_path, right, wrong, stop_words_only, "stop-words-only")


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_the_questions_stop_word_decides_between_equal_documents(tmp_path, lang):
    query = TEXTS[lang][3]
    with _index(tmp_path, lang) as ix:
        ranked = ix.rank_documents(query)
        assert [doc_id.rsplit("/", 1)[-1] for doc_id, _ in ranked] == ["b-right.txt", "a-wrong.txt"]
        assert ranked[0][1] > ranked[1][1]
        results = ix.search(query)
        # the stop words match nothing: the text that holds only them is neither found nor counted
        assert results.total == 2
        assert results.hits[0].doc_id.endswith("b-right.txt")
