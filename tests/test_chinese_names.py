"""Chinese names of one syllable across scripts: *Xi* = *Си*, *Hu* = *Ху*, *Yang* = *Ян*,
*Jian* = *Цзянь*, *Wu* = ``وو``.

The texts are sentences written here about Xi Jinping's visit, Hu Jintao, the physicist
Yang Zhenning and the poet Wang Wei, in Russian, English and Arabic; and two about music that
say *си* (the note B) in lower case.
"""

from __future__ import annotations

import pytest
from conftest import highlighted, index_of_sentences

from polyseek.analyzers.pinyin import SYLLABLES, palladius, syllable_of
from polyseek.analyzers.translit import index_keys, query_keys

DOCS = [
    ("ru1", "ru", "Председатель КНР Си Цзиньпин провёл переговоры в Москве."),
    ("en1", "en", "Chinese President Xi Jinping held talks in Moscow."),
    ("ar1", "ar", "أجرى الرئيس الصيني شي جين بينغ محادثات في موسكو."),
    ("ru2", "ru", "Бывший председатель Ху Цзиньтао покинул зал заседаний."),
    ("en2", "en", "Former president Hu Jintao left the hall."),
    ("ru3", "ru", "Физик Ян Чжэньнин получил Нобелевскую премию в 1957 году."),
    ("en3", "en", "The physicist Yang Zhenning won the Nobel Prize in 1957."),
    ("ru4", "ru", "Стихи Ван Вэя и Цзянь Вэньди переведены на русский язык."),
    ("ru5", "ru", "Генерал Сюнь Юй служил Цао Цао."),
    ("ar2", "ar", "قال المهندس وو تشانغ إن الجسر سيفتح العام المقبل."),
    ("ar3", "ar", "قال لي صديقي إن الجسر سيفتح العام المقبل."),
]
MUSIC = [
    ("ru1", "ru", "Нота си звучит выше ноты ля, а до ниже ноты ре."),
    ("ru2", "ru", "Гамма си минор начинается с ноты си."),
]


@pytest.fixture(scope="module")
def chinese_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chinese")
    ix = index_of_sentences(folder, DOCS)
    yield ix
    ix.close()


def _hits(ix, query: str) -> dict[str, list[str]]:
    return highlighted(ix, query, suggest=False)


def test_palladius_is_one_to_one_over_every_pinyin_syllable() -> None:
    assert len(SYLLABLES) == len({palladius(s) for s in SYLLABLES}) == 409
    assert [palladius(s) for s in ("xi", "jin", "ping", "hu", "tao", "yang", "zhen", "ning")] == [
        "си", "цзинь", "пин", "ху", "тао", "ян", "чжэнь", "нин",
    ]  # fmt: skip
    assert [syllable_of(w, c) for w, c in (("Цзянь", "ru"), ("Jian", "en"), ("Сюнь", "ru"), ("Zhenning", "en"))] == [
        "jian", "jian", "xun", "",
    ]  # fmt: skip


def test_a_one_syllable_name_has_its_syllable_as_key_only_when_capitalised() -> None:
    assert "cp:xi" in index_keys("Си", "ru", ("си",))
    assert index_keys("си", "ru", ("си",)) == ()
    assert "lp:xi" in index_keys("Xi", "en", ("xi",))
    assert "cp:xi" in query_keys("xi", "en", ("xi",))  # a query in any case


def test_xi_both_ways_between_latin_and_cyrillic(chinese_index) -> None:
    for query in ("Xi", "xi"):
        assert _hits(chinese_index, query) == {"en1": ["Xi"], "ru1": ["Си"]}
    assert _hits(chinese_index, "Си") == {"ru1": ["Си"], "en1": ["Xi"]}
    assert _hits(chinese_index, "Hu") == {"en2": ["Hu"], "ru2": ["Ху"]}
    assert _hits(chinese_index, "Ху") == {"ru2": ["Ху"], "en2": ["Hu"]}


def test_a_collection_that_writes_the_syllable_in_lower_case_has_no_such_name(tmp_path) -> None:
    with index_of_sentences(tmp_path, MUSIC) as ix:
        assert _hits(ix, "си")  # the note
        assert _hits(ix, "Xi") == {}


def test_a_syllable_without_consonants_to_spare(chinese_index) -> None:
    assert _hits(chinese_index, "Yang") == {"en3": ["Yang"], "ru3": ["Ян"]}
    assert _hits(chinese_index, "Ян") == {"ru3": ["Ян"], "en3": ["Yang"]}


def test_the_syllable_spelling_wins_over_a_loose_letter_key(chinese_index) -> None:
    # Jian's letter key (tsan, san) also fits Сюнь; the table spells it Цзянь
    found = _hits(chinese_index, "Jian")
    assert found["ru4"] == ["Цзянь"] and "ru5" not in found


def test_a_short_arabic_spelling_from_the_names_table(chinese_index) -> None:
    assert _hits(chinese_index, "Wu") == {"ar2": ["وو"]}
    assert _hits(chinese_index, "وو") == {"ar2": ["وو"]}
    # لي is Li's Arabic spelling, but also "to me": a function word is no name
    assert _hits(chinese_index, "Li") == {}
