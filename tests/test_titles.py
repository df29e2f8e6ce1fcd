"""A document's title is part of it: a title that names the query's topic is strong
evidence, and a word shared by many documents' titles is a common word (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyseek.searcher import SearchIndex, docscore

# Each pair: a document whose title names its topic (the text never repeats it), and a
# longer one that mentions the topic once in passing.
DOCS = [
    {"id": "baikal", "lang": "ru", "title": "Байкал",
     "text": "Самое глубокое озеро планеты лежит в Восточной Сибири. Его наибольшая глубина — 1642 метра, "
             "а вода настолько прозрачна, что камни на дне видны на глубине сорока метров."},
    {"id": "trip", "lang": "ru", "title": "Путешествие по Восточной Сибири",
     "text": "Мы выехали из Иркутска ранним утром. Дорога шла через тайгу, мимо деревень и рек. На третий день "
             "мы увидели Байкал, а вечером добрались до Листвянки, где остановились в гостинице у пристани и "
             "долго говорили о будущем маршруте на север. Утром хозяйка напекла блинов, а её сын показал нам "
             "лодку, на которой летом возит туристов вдоль берега, и рассказал, как зимой ездят по льду."},
    {"id": "nile", "lang": "ar", "title": "نهر النيل",
     "text": "أطول أنهار العالم، يجري من قلب أفريقيا شمالا حتى يصب في البحر المتوسط، ويبلغ طوله نحو 6650 كيلومترا."},
    {"id": "cairo", "lang": "ar", "title": "رحلة إلى القاهرة",
     "text": "وصلنا إلى القاهرة في الصباح وزرنا المتحف ثم ركبنا قاربا صغيرا في النيل قبل الغروب، وفي المساء "
             "تناولنا العشاء في مطعم قديم قرب السوق وتحدثنا عن خطة الغد. وفي اليوم التالي زرنا الأهرامات "
             "وركبنا الجمال في الصحراء، ثم عدنا إلى الفندق متعبين وسعداء بما رأيناه."},
    {"id": "everest", "lang": "en", "title": "Mount Everest",
     "text": "Earth's highest mountain above sea level rises 8,849 metres on the border between Nepal and "
             "China. It was first climbed in 1953."},
    {"id": "kathmandu", "lang": "en", "title": "A week in Kathmandu",
     "text": "We landed in the valley on a grey morning and spent the first days walking between temples and "
             "markets. From the hotel roof, on one clear evening, a guide pointed out where Everest stood "
             "behind the clouds, and we talked late into the night about the long road back home."},
]

# The chapters of one book share its title; none of their texts holds the title's words.
CHAPTERS = [
    {"id": f"war-and-peace-{i}", "lang": "ru", "title": "Война и мир", "text": text}
    for i, text in enumerate([
        "Анна Павловна Шерер принимала гостей в своём салоне в Петербурге.",
        "Князь Андрей Болконский уезжал в действующую армию.",
        "Пьер Безухов получил наследство и стал одним из богатейших людей России.",
    ])
]


@pytest.fixture(scope="module")
def titled(tmp_path_factory) -> SearchIndex:
    folder = tmp_path_factory.mktemp("titles")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS + CHAPTERS), encoding="utf-8")
    ix = SearchIndex.create(folder / "ix")
    ix.add_path(corpus)
    yield ix
    ix.close()


@pytest.mark.parametrize(
    ("query", "titled_doc", "passing_doc"),
    [
        ("Байкал", "baikal", "trip"),
        ("النيل", "nile", "cairo"),
        ("Everest", "everest", "kathmandu"),
        ("height of Everest", "everest", "kathmandu"),
    ],
)
def test_a_title_naming_the_topic_outranks_a_passing_mention(titled: SearchIndex, query, titled_doc, passing_doc):
    ranked = [doc_id for doc_id, _ in titled.rank_documents(query)]
    assert ranked.index(titled_doc) < ranked.index(passing_doc)


def test_a_word_of_a_shared_title_counts_every_document_that_has_it(titled: SearchIndex):
    s = titled._current_searcher()
    per_doc = docscore.document_count(s) / s.doc_count()
    assert docscore.document_frequency(s, "война", per_doc) == 3.0  # the title only, three chapters
    assert docscore.document_frequency(s, "байкал", per_doc) == 2.0  # one title, one text
    assert docscore.document_frequency(s, "болконский", per_doc) == 1.0


def test_a_word_only_a_shared_title_holds_finds_every_document_of_that_title(titled: SearchIndex):
    hits = titled.rank_documents("война")
    assert {doc_id for doc_id, _ in hits} == {c["id"] for c in CHAPTERS}
    assert all(score > 0 for _, score in hits)
