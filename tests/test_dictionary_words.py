"""A lower-case English query word the collection lacks is read as a name only when the
dictionary does not list it as an ordinary word: *change* no longer finds *Кинга*.

The texts are sentences written here about Stephen King, a Japanese player, the president
of Chad and a captain named Chance, in Russian only, so no English word of the queries is
in the index and only the dictionary can tell a word from a name.
"""

from __future__ import annotations

import pytest
from conftest import highlighted, index_of_records

from polyseek.analyzers.dictionary import inflection_bases, ordinary_english_word

DOCS = [
    ("ru1", "Роман Стивена Кинга «Оно» вышел в 1986 году и стал бестселлером."),
    ("ru2", "Накамура выиграл турнир в Токио во второй раз."),
    ("ru3", "Президент Чада прибыл с визитом в Москву."),
    ("ru4", "Капитан Ченс привёл команду к победе в финале."),
]


@pytest.fixture(scope="module")
def russian_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dictionary")
    ix = index_of_records(folder, [{"id": i, "lang": "ru", "title": "", "text": t} for i, t in DOCS])
    yield ix
    ix.close()


def _hits(ix, query: str) -> dict[str, list[str]]:
    return highlighted(ix, query, suggest=False)


@pytest.mark.parametrize("query", ["change", "changes", "changed", "chance"])
def test_an_ordinary_english_word_is_no_name(russian_index, query) -> None:
    # change's keys meet Кинга's (ch = к, a vowel, n, g) and chance's meet Ченс: both were found
    assert _hits(russian_index, query) == {}


def test_a_word_that_is_also_a_name_and_a_capitalised_word_are_still_names(russian_index) -> None:
    assert _hits(russian_index, "king") == {"ru1": ["Кинга"]}  # the dictionary has King too
    assert _hits(russian_index, "Chance") == {"ru4": ["Ченс"]}  # typed as a name


def test_names_the_dictionary_lacks_and_places_typed_in_lower_case(russian_index) -> None:
    assert _hits(russian_index, "nakamura") == {"ru2": ["Накамура"]}
    # chad is an ordinary word of the dictionary, but CLDR names the country: found by its name
    assert _hits(russian_index, "chad") == {"ru3": ["Чада"]}
    assert _hits(russian_index, "tokyo") == {"ru2": ["Токио"]}


def test_the_dictionary_and_inflections() -> None:
    assert [ordinary_english_word(w) for w in ("season", "changes", "partners", "stopped")] == [True] * 4
    assert [ordinary_english_word(w) for w in ("michael", "harvard", "golovkin", "tachibana", "Season")] == [False] * 5
    assert inflection_bases("studies")[0] == "study" and "stop" in inflection_bases("stopping")
