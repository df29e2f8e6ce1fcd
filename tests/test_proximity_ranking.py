"""Query words near each other in a passage rank it above one where they are far apart
(term-pair proximity in the document score, ``searcher.scoring.proximity``)."""

from __future__ import annotations

import pytest

from polyseek import SearchIndex

# Each pair: the same words, the same counts and lengths; only the distance between two
# query words differs. The far one sorts first by name, so a tie would put it first.
TEXTS = {
    "en": (
        "Officials said the national committee of Kazakhstan approved the budget for the new season "
        "after a long meeting in the capital on Monday evening with the coaches.",
        "Officials said the national committee approved the budget for the new season after a long "
        "meeting in the capital on Monday evening with the coaches of Kazakhstan.",
        "Kazakhstan committee",
    ),
    "ru": (
        "Как сообщили чиновники, олимпийский комитет Казахстана утвердил бюджет на новый сезон "
        "после долгого совещания в столице в понедельник вечером вместе с тренерами.",
        "Как сообщили чиновники, олимпийский комитет утвердил бюджет на новый сезон после "
        "долгого совещания в столице в понедельник вечером вместе с тренерами Казахстана.",
        "комитет Казахстана",
    ),
    "ar": (
        "قال مسؤولون إن اللجنة الأولمبية الكازاخستانية أقرت ميزانية الموسم الجديد بعد اجتماع طويل "
        "في العاصمة مساء الاثنين مع المدربين واللاعبين.",
        "قال مسؤولون إن اللجنة أقرت ميزانية الموسم الجديد بعد اجتماع طويل في العاصمة مساء الاثنين "
        "مع المدربين واللاعبين الأولمبية الكازاخستانية.",
        "اللجنة الكازاخستانية",
    ),
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_query_words_near_each_other_rank_first(tmp_path, lang):
    near, far, query = TEXTS[lang]
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "b-near.txt").write_text(near + "\n", encoding="utf-8")
    (folder / "a-far.txt").write_text(far + "\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(folder)
        ranked = ix.rank_documents(query)
        assert [doc_id.rsplit("/", 1)[-1] for doc_id, _ in ranked] == ["b-near.txt", "a-far.txt"]
        assert ranked[0][1] > ranked[1][1]
        hits = ix.search(query).hits
        assert hits[0].doc_id.endswith("b-near.txt")
