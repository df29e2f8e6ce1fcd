"""A Russian query word's stem family weighs a little in the document score
(``searcher.scoring.STEM_FAMILY_WEIGHT``): of two documents that hold the question's other
words alike, the one that holds a word derived from its stem ranks first (*строительные* /
*строительство*, *используется* / *использование*); a text that holds only the family word
is neither found nor counted, and Arabic and English words have no family."""

from __future__ import annotations

import pytest

from polyseek import SearchIndex
from polyseek.searcher.prefix import MAX_FAMILY_WORDS, stem_family
from rankcases import index_three

# Each: a text with a word of the query's stem family, the same text with another word in its
# place (it sorts first by name, so a tie would put it first), a text that holds the family
# word and nothing else of the query, and the query.
CASES = {
    "derived word": (
        "Строительство моста через реку заняло два года, работы шли днём и ночью.",
        "Ремонт моста через реку занял два года, работы шли днём и ночью.",
        "Строительство нового вокзала закончилось весной.",
        "Какие строительные работы шли у моста?",
    ),
    "another derived word": (
        "Использование энергии ветра в Дании выросло за десять лет втрое.",
        "Производство энергии ветра в Дании выросло за десять лет втрое.",
        "Использование угля снижается.",
        "Как используется энергия ветра?",
    ),
}


def _index(tmp_path, case):
    right, wrong, family_only, _ = CASES[case]
    return index_three(tmp_path, right, wrong, family_only, "family-only")


def _names(ranked):
    return [doc_id.rsplit("/", 1)[-1] for doc_id, _ in ranked]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_word_of_the_stem_family_decides_between_equal_documents(tmp_path, case):
    query = CASES[case][3]
    with _index(tmp_path, case) as ix:
        ranked = ix.rank_documents(query)
        assert _names(ranked) == ["b-right.txt", "a-wrong.txt"]
        assert ranked[0][1] > ranked[1][1]
        # the family matches nothing: the text that holds only it is neither found nor counted
        results = ix.search(query)
        assert results.total == 2
        assert results.hits[0].doc_id.endswith("b-right.txt")


def test_the_family_word_alone_finds_nothing(tmp_path):
    with _index(tmp_path, "derived word") as ix:
        results = ix.search("строительные")
        assert results.total == 0 and results.hits == []


def test_a_family_holds_the_most_frequent_words_up_to_its_limit(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Строитель пришёл на стройку. Строительство дома шло год. Строительство моста шло два года. "
        "Строительство вокзала, строительство школы. Строительная техника стояла у ворот. "
        "Мировой рекорд, мирный договор.\n",
        encoding="utf-8",
    )
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(folder)
        reader = ix._current_searcher().reader()
        family = stem_family(reader, "строительные", frozenset({"строительный"}))
        assert family == {"строитель", "строительство"}
        assert stem_family(reader, "строительные", frozenset({"строительный"}), limit=1) == {"строительство"}
        assert len(family) <= MAX_FAMILY_WORDS
        # a stem of three letters has no family (too much of the vocabulary begins so)
        assert stem_family(reader, "мира", frozenset({"мир"})) == frozenset()


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("The builders finished the building of the bridge in two years.", "Who built the bridge?"),
        ("اكتمل بناء الجسر خلال عامين وعمل البناؤون ليلا ونهارا.", "من بنى الجسر؟"),
    ],
)
def test_arabic_and_english_words_have_no_family(tmp_path, text, query):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(text + "\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(folder)
        words = ix._context(query).query.words
        assert words and all(not word.family for word in words)
