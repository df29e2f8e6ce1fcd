"""Russian question words, in every form, are stop words of a query.

The stop lists hold some forms of the interrogatives that decline (*какой*, *который*) and
none of *каков*, *чей*, *сколько*: *Какие*, *каким*, *сколько* were searched as words, so a
question beginning *Сколько* found and counted every text that asks how much something
costs.  In a query every form of a question word is a stop word now, read by its lemma
(:data:`analyzers.stopwords.RUSSIAN_INTERROGATIVES`); in a text they stay words, so no index
changes and an index made before gets the same queries.  The texts are sentences written
for these tests.
"""

from __future__ import annotations

from conftest import index_of_sentences, stop_flags


DOCS = [
    ("war", "Столетняя война между Англией и Францией длилась с 1337 по 1453 год, то есть 116 лет."),
    ("ticket", "Сколько стоит билет на поезд до Казани, в кассе нам так и не сказали."),
    ("volga", "Волга впадает в Каспийское море, образуя у Астрахани обширную дельту."),
    ("opera", "В каком театре лучше поют, какие голоса сильнее: об этом спорят до сих пор."),
]


def test_every_form_of_a_question_word_is_a_stop_word_of_a_query():
    assert stop_flags("Какие реки впадают в Каспийское море?") == [
        ("Какие", True), ("реки", False), ("впадают", False), ("в", True), ("Каспийское", False), ("море", False),
    ]
    assert stop_flags("Сколько лет длилась война?")[0] == ("Сколько", True)
    assert stop_flags("Скольких солдат потеряла армия?")[0] == ("Скольких", True)
    assert stop_flags("Чьей армией командовал Кутузов?")[0] == ("Чьей", True)
    assert stop_flags("Какова площадь Москвы?")[0] == ("Какова", True)
    assert stop_flags("В каком году основан Казанский университет?")[:2] == [("В", True), ("каком", True)]
    assert stop_flags("В котором часу отходит поезд?")[1] == ("котором", True)


def test_content_words_stay_words():
    # cocoa, a cockatoo, Skolkovo: not question words, whatever letters they share
    assert stop_flags("какао какаду Сколково") == [("какао", False), ("какаду", False), ("Сколково", False)]


def test_in_a_text_they_stay_words():
    assert stop_flags("Какие сколько", mode="index") == [("Какие", False), ("сколько", False)]
    assert stop_flags("Какие сколько", stopwords="none") == [("Какие", False), ("сколько", False)]


def test_a_question_finds_its_answer_not_a_text_that_asks(tmp_path):
    with index_of_sentences(tmp_path, [(i, "ru", text) for i, text in DOCS]) as ix:
        results = ix.search("Сколько лет длилась Столетняя война?")
        assert [h.doc_id for h in results.hits] == ["war"]
        assert results.total == 1  # the text that asks what a ticket costs is not counted
        results = ix.search("В какое море впадает Волга?")
        assert [h.doc_id for h in results.hits] == ["volga"]
        assert results.total == 1  # nor the one that asks which theatre sings better
        marked = {results.hits[0].snippet.text[s:e] for s, e in results.hits[0].snippet.ranges}
        assert marked == {"Волга", "впадает", "море"}
