"""Korean names across Latin and Cyrillic: *Park* = *Пак*, *Jae* = *Чжэ*, *Choi* = *Чхве*.

The texts are sentences written here about three presidents of South Korea, Moon Jae-in,
Park Geun-hye and Choi Kyu-hah, in Russian and English, and one about Gorky Park, whose
Russian word *парк* shares Park's letters.
"""

from __future__ import annotations

import pytest
from conftest import highlighted, index_of_sentences

from polyseek.analyzers.korean import korean_keys
from polyseek.analyzers.translit import index_keys, query_keys

DOCS = [
    ("ru1", "ru", "Президент Мун Чжэ Ин выступил в Сеуле."),
    ("en1", "en", "President Moon Jae-in spoke in Seoul."),
    ("ru2", "ru", "Бывший президент Пак Кын Хе была отстранена от власти в 2017 году."),
    ("en2", "en", "Former president Park Geun-hye was removed from office in 2017."),
    ("ru3", "ru", "Чхве Гю Ха исполнял обязанности президента в 1979 году."),
    ("en3", "en", "Choi Kyu-hah was acting president in 1979."),
    ("ru4", "ru", "Центральный парк культуры открылся в 1928 году, и в этот парк ходят гулять."),
]


@pytest.fixture(scope="module")
def korean_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("korean")
    ix = index_of_sentences(folder, DOCS)
    yield ix
    ix.close()


def _hits(ix, query: str) -> dict[str, list[str]]:
    return highlighted(ix, query, suggest=False)


def test_letter_keys_alone_miss_these_pairs() -> None:
    for latin, cyrillic in (("Park", "Пак"), ("Jae", "Чжэ"), ("Choi", "Чхве")):
        letters = {k for k in query_keys(latin, "en", (latin.lower(),)) if k[1] != "k"}
        assert not letters & set(index_keys(cyrillic, "ru", (cyrillic.lower(),)))
        assert set(korean_keys(latin, "en")) & set(korean_keys(cyrillic, "ru"))


def test_only_a_word_that_can_be_one_korean_syllable_has_such_keys() -> None:
    assert korean_keys("Moscow", "en") == korean_keys("Москва", "ru") == ()
    assert "ck:PAK" in index_keys("Пак", "ru", ("пак",))
    assert not any(k[1] == "k" for k in index_keys("парк", "ru", ("парк",)))  # lower case: no name


def test_a_korean_surname_both_ways(korean_index) -> None:
    assert _hits(korean_index, "Park") == {"en2": ["Park"], "ru2": ["Пак"]}  # not the Russian парк
    assert _hits(korean_index, "Пак") == {"ru2": ["Пак"], "en2": ["Park"]}
    assert _hits(korean_index, "Choi") == {"en3": ["Choi"], "ru3": ["Чхве"]}
    assert _hits(korean_index, "Чхве") == {"ru3": ["Чхве"], "en3": ["Choi"]}


def test_the_syllables_of_a_hyphenated_given_name(korean_index) -> None:
    assert _hits(korean_index, "Jae-in")["ru1"] == ["Чжэ"]
    assert _hits(korean_index, "Geun-hye")["ru2"] == ["Кын"]
    assert _hits(korean_index, "Чжэ") == {"ru1": ["Чжэ"], "en1": ["Jae"]}
