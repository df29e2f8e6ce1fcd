"""Western names in their usual Russian transcription, which the letters do not give:
h as г (*Harvard* = *Гарвард*, *Henry* = *Генри*) and a silent final e (*Steve* = *Стив*,
*James* = *Джеймс*).

The texts are sentences of XQuAD's paragraphs on oxygen and Harvard (CC BY-SA 4.0) in
their English and Russian versions: *James Dewar* is *Джеймсу Дьюару* (dative) there.
"""

from __future__ import annotations

import pytest
from conftest import highlighted, index_of_sentences

from polyseek.analyzers import analyze
from polyseek.analyzers.translit import index_keys, query_keys


def _keys(word: str, mode: str) -> set[str]:
    tok = analyze(word)[0]
    fn = query_keys if mode == "query" else index_keys
    return set(fn(tok.surface, tok.chain, tok.terms))


BOTH_WAYS = [("Henry", "Генри"), ("Harvard", "Гарвард"), ("Wilhelm", "Вильгельм"), ("Heinrich", "Генрих"),
             ("Hamburg", "Гамбург"), ("Yokohama", "Иокогама"), ("James", "Джеймс"), ("Charles", "Чарльз"),
             ("Jones", "Джонс")]  # fmt: skip
# a silent e is dropped from a Latin query word; a Cyrillic one does not guess it (Джон would
# then meet Jenna)
LATIN_TO_CYRILLIC = [("Steve", "Стив"), ("Bruce", "Брюс"), ("George", "Джордж"), ("Claude", "Клод"), ("Mike", "Майк")]


@pytest.mark.parametrize(("latin", "cyrillic"), BOTH_WAYS)
def test_names_meet_both_ways(latin: str, cyrillic: str) -> None:
    assert not _keys(latin, "index") & _keys(cyrillic, "index")  # the letters alone do not tell
    assert _keys(latin, "query") & _keys(cyrillic, "index"), (latin, cyrillic)
    assert _keys(cyrillic, "query") & _keys(latin, "index"), (cyrillic, latin)


@pytest.mark.parametrize(("latin", "cyrillic"), LATIN_TO_CYRILLIC)
def test_a_silent_e_is_dropped_from_a_latin_query(latin: str, cyrillic: str) -> None:
    assert _keys(latin, "query") & _keys(cyrillic, "index"), (latin, cyrillic)


def test_rules_that_matched_more_wrong_names_are_not_applied() -> None:
    assert not _keys("John", "query") & _keys("Хуан", "index")  # j as х: Juan = Хуан, not John
    assert not _keys("Джон", "query") & _keys("Jenna", "index")  # no final e guessed
    assert not _keys("jingle", "query") & _keys("Англия", "index")  # j as й


DOCS = [
    ("e1", "en", "In 1891 Scottish chemist James Dewar was able to produce enough liquid oxygen to study."),
    ("r1", "ru", "В 1891 году шотландскому химику Джеймсу Дьюару удалось выделить жидкий кислород в количестве, "
     "достаточном для исследования."),
    ("r2", "ru", "Управляющая компания Гарварда неоднократно отказывалась от прекращения инвестирования."),
    ("e2", "en", "The games were played in a new stadium."),
]  # fmt: skip


@pytest.fixture(scope="module")
def names_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("conventions")
    ix = index_of_sentences(folder, DOCS)
    yield ix
    ix.close()


def _hits(ix, query: str) -> dict[str, list[str]]:
    return highlighted(ix, query)


def test_a_latin_name_finds_its_russian_transcription_with_highlights(names_index) -> None:
    assert _hits(names_index, "Harvard") == {"r2": ["Гарварда"]}
    hits = _hits(names_index, "James")
    assert list(hits) == ["e1", "r1"] and hits["r1"] == ["Джеймсу"]


def test_a_russian_name_finds_the_latin_spelling(names_index) -> None:
    hits = _hits(names_index, "Джеймс")
    assert list(hits) == ["r1", "e1"] and hits["e1"] == ["James"]
    assert "e2" not in hits  # games is an ordinary word there
