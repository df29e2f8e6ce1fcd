"""An Arabic word the dictionary lists as an ordinary word is no transcribed name: *Putin*
finds ``بوتين`` and no longer ``بطن`` ("belly") or ``بتعاون`` ("in cooperation"), and an Arabic
query for ``بطن`` no longer finds *button*.

The Arabic texts are headlines of Saudi news articles of the scale corpus's source (the
first 10 hits a search for *Putin* gave over its 110,000 documents: six of them had no
Putin), the English ones Reuters-style sentences; each query is typed in the other script.
"""

from __future__ import annotations

import pytest
from conftest import highlighted, index_of_sentences

from polyseek.analyzers.arabic_dictionary import cores, ordinary_arabic_word

ARABIC = [
    ("ar1", "استئصال دودة طفيلية من بطن معتمر كازاخستاني"),
    ("ar2", "الرئيس اليمني يعين «البكري» محافظاً لعدن"),
    ("ar3", "شاهد.. لقاء محمد بن سلمان بالرئيس بوتين والحديث الذي دار بينهما"),
    ("ar4", "استعدادات مكثفة لانتخابات المجالس البلدية بحفر الباطن"),
    ("ar5", "المملكة تشيد بتعاون الشركاء في مكافحة الإرهاب"),
    ("ar6", "الوزير يرحب بتعيين مدير جديد للمستشفى"),
    ("ar7", "طوكيو تستضيف القمة المقبلة في الربيع"),
    ("ar8", "حفل توقيع اتفاقية تعاون بين الجامعتين"),
    ("ar9", "الرئيس الأمريكي ريغان يلتقي الملك فهد"),
]
ENGLISH = [
    ("en1", "The button on the new phone was redesigned after complaints."),
    ("en2", "Paton Holdings said its Tokyo unit would expand next year."),
    ("en3", "President Reagan met King Fahd in Washington."),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("arabic-dictionary")
    rows = [(i, "ar", t) for i, t in ARABIC] + [(i, "en", t) for i, t in ENGLISH]
    ix = index_of_sentences(folder, rows)
    yield ix
    ix.close()


def _hits(ix, query: str) -> dict[str, list[str]]:
    return highlighted(ix, query, suggest=False)


def test_a_latin_name_finds_its_arabic_spelling_and_no_ordinary_word(index) -> None:
    # before: ar1 بطن, ar4 الباطن, ar5 بتعاون and ar6 بتعيين were found for Putin by their letters
    assert _hits(index, "Putin") == {"ar3": ["بوتين"]}
    # before: ar8 توقيع ("signing"); the English text has Tokyo itself
    assert set(_hits(index, "Tokyo")) == {"ar7", "en2"}
    assert _hits(index, "Reagan")["ar9"] == ["ريغان"]


def test_an_ordinary_arabic_query_word_is_not_read_as_a_name(index) -> None:
    # before: button (en1) and Paton (en2) for بطن ("belly"), Tokyo (en2) for توقيع ("signing")
    assert set(_hits(index, "بطن")) == {"ar1"}
    assert set(_hits(index, "توقيع")) == {"ar8"}
    # a name of the dictionary is still looked up in the other scripts
    assert set(_hits(index, "ريغان")) == {"ar9", "en3"}
    assert set(_hits(index, "طوكيو")) == {"ar7", "en2"}


def test_the_dictionary_its_readings_and_the_words_it_lists_both_ways() -> None:
    ordinary = ("بتعاون", "البطن", "بطون", "الجبان", "توقيعه", "راجعون", "قاعات", "وبالتعاون")
    assert [w for w in ordinary if not ordinary_arabic_word(w)] == []
    # names: listed as proper nouns (also behind a clitic), both ways (سعيد "happy" / Said), unknown
    names = ("بوتين", "ريغان", "طوكيو", "واليابان", "سعيد", "نور", "ايباك", "كوهي", "داميان", "ساره")
    assert [w for w in names if ordinary_arabic_word(w)] == []
    assert "تعاون" in cores("بتعاون") and "قوه" in cores("قوته") and cores("ساره") == ()
