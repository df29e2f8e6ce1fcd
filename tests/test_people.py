"""Personal names no letter rule links, by Wikidata's spellings: *Michael* = *Майкл* = مايكل,
*Wright* = *Райт*.

The texts are sentences written here about Michael Jackson's album and the Wright
brothers' flight, in Russian, Arabic and English, one about Maykop, a city whose
Russian name shares its first letters with *Майкл*, and one about Gordon Brown.
"""

from __future__ import annotations

import pytest
from conftest import highlighted, index_of_sentences

from polyseek.analyzers.people import other_people
from polyseek.analyzers.translit import index_keys, query_keys

DOCS = [
    ("ru1", "ru", "Альбом Майкла Джексона «Thriller» вышел в 1982 году."),
    ("ru2", "ru", "Братья Райт совершили первый управляемый полёт в 1903 году."),
    ("ar1", "ar", "أصدر مايكل جاكسون ألبوم ثريلر عام 1982."),
    ("en1", "en", "The Wright brothers made the first controlled flight in 1903."),
    ("ru3", "ru", "Город Майкоп стоит на реке Белой."),
    ("ru4", "ru", "Гордон Браун был премьер-министром Великобритании с 2007 по 2010 год."),
]


@pytest.fixture(scope="module")
def people_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("people")
    ix = index_of_sentences(folder, DOCS)
    yield ix
    ix.close()


def _hits(ix, query: str) -> dict[str, list[str]]:
    return highlighted(ix, query, suggest=False)


def test_no_letter_rule_links_these_names() -> None:
    assert not set(query_keys("Michael", "en", ("michael",))) & set(index_keys("Майкла", "ru", ("майкл",)))
    assert not set(query_keys("Wright", "en", ("wright",))) & set(index_keys("Райт", "ru", ("райт",)))
    assert other_people("Michael", "en") == (("ru", "Майкл"), ("ar", "مايكل"))


def test_a_latin_first_name_finds_its_russian_form_and_arabic_spelling(people_index) -> None:
    for query in ("Michael", "michael"):  # typed in lower case too: no ordinary word
        assert _hits(people_index, query) == {"ar1": ["مايكل"], "ru1": ["Майкла"]}  # not Майкоп


def test_a_surname_both_ways(people_index) -> None:
    assert _hits(people_index, "Wright") == {"en1": ["Wright"], "ru2": ["Райт"]}
    assert list(_hits(people_index, "Wright"))[0] == "en1"  # the name as typed first
    assert set(_hits(people_index, "Райт")) == {"ru2", "en1"}
    assert set(_hits(people_index, "مايكل")) == {"ar1", "ru1"}


def test_a_lower_case_ordinary_word_is_no_name_even_when_the_table_has_it(people_index) -> None:
    # Brown is Браун in the table, but brown typed in lower case is the colour
    assert other_people("Brown", "en") == (("ru", "Браун"),)
    assert _hits(people_index, "Brown") == {"ru4": ["Браун"]}
    assert _hits(people_index, "brown") == {}
