"""Words with digits and hyphens: codes (``G20``, ``COVID-19``, ``Су-57``...) are found as
units, hyphenated words with or without their hyphen.

The texts are news sentences written for these tests, in the three languages; each code
has documents that hold it (as written, and where real texts vary, written another way)
and documents that hold only one of its parts (the digits, or the letters).
"""

from __future__ import annotations

import json

import pytest
from conftest import write_records

from polyseek.analyzers import MultilingualAnalyzer, analyze
from polyseek.analyzers.chains import ANALYSIS_VERSION
from polyseek.searcher import SearchIndex

DOCS = [
    # (id, lang, text)
    ("g20", "en", "Leaders of the G20 met in Rome to agree on a global minimum tax."),
    ("g20-ru", "ru", "Саммит «Большой двадцатки» (G20) прошёл в Риме в конце октября."),
    ("twenty", "en", "The mayor said 20 new buses would run in Rome from October."),
    ("covid", "ru", "Вакцина от COVID-19 поступила в регионы в декабре."),
    ("covid-solid", "en", "Hospitals reported fewer COVID19 admissions in March."),
    ("covid-ar", "ar", "أعلنت وزارة الصحة تسجيل إصابات جديدة بفيروس كوفيد-19 في العاصمة."),
    ("nineteen", "ru", "За сутки в регионе выявили 19 новых случаев гриппа."),
    ("flu", "en", "Doctors expect a mild flu season, with 19 cases so far."),
    ("su57", "ru", "Истребитель Су-57 впервые показали на авиасалоне МАКС."),
    ("fifty-seven", "ru", "На авиасалоне показали 57 самолётов, среди них Су-35."),
    ("iphone", "en", "Apple said the iPhone15 would ship with a USB-C port."),
    ("iphone-spaced", "en", "Reviewers found the iPhone 15 camera better in low light."),
    ("iphone-other", "en", "The old iPhone sold 15 million units in its first month."),
    ("f16", "en", "Denmark will send F-16 fighter jets to Ukraine next year."),
    ("f16-ru", "ru", "Нидерланды передадут истребители F-16 после обучения пилотов."),
    ("sixteen", "en", "Sixteen students, aged 16, won places at the academy."),
    ("2020s", "ru", "В 2020-х годах спрос на электромобили вырос втрое."),
    ("year-2020", "ru", "В 2020 году продажи электромобилей выросли на треть."),
    ("5g", "en", "Operators are switching on 5G masts in rural areas."),
    ("five", "en", "Operators have 5 weeks to switch the masts on."),
    ("iso", "en", "The plant was certified to ISO9001 last spring."),
    ("iso-spaced", "en", "Suppliers must hold ISO 9001 certification."),
    ("iso-other", "en", "ISO standards cover 9001 different areas, a spokesman joked."),
    ("windows", "en", "Microsoft will stop updating Windows10 and ask users to move to Windows11."),
    ("windows-ru", "ru", "Обновление Windows 11 вышло в среду."),
    ("mh17", "en", "The MH17 trial in The Hague ended with three convictions."),
    ("mh17-ru", "ru", "Суд в Гааге вынес приговор по делу MH17."),
    ("internet2", "en", "Internet2 is a consortium of universities that runs a research network."),
    ("internet", "ru", "Доступ в Интернет есть у 2 из 3 жителей."),
    ("seventeen", "en", "Flight 17 left Amsterdam for Kuala Lumpur at noon."),
    ("1xbet", "ru", "Букмекер 1xBet стал спонсором футбольного клуба."),
    ("bet", "en", "He placed 1 bet on the final and lost."),
    ("vice", "ru", "Вице-президент компании ушёл в отставку в пятницу."),
    ("vice-solid", "ru", "Собрание утвердило нового вицепрезидента по науке."),
    ("media", "ru", "Медиа-портал запустил новостную рассылку для подписчиков."),
    ("art", "en", "The lab opened a state-of-the-art facility for battery research."),
    ("art-spaced", "en", "Critics called the museum state of the art when it opened."),
]


TITLES = {"en": "News", "ru": "Новости", "ar": "أخبار"}


@pytest.fixture(scope="module")
def codes_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("codes")
    records = [{"id": doc_id, "lang": lang, "title": TITLES[lang], "text": text} for doc_id, lang, text in DOCS]
    corpus = write_records(folder / "news.jsonl", records)
    with SearchIndex.create(folder / "ix") as ix:
        ix.add_path(corpus)
    with SearchIndex.open(folder / "ix") as ix:
        yield ix


def _ids(results) -> list[str]:
    return [hit.doc_id for hit in results.hits]


def _marked(results) -> set[str]:
    return {hit.snippet.text[s:e] for hit in results.hits for s, e in hit.snippet.ranges}


# query, the documents holding the whole code (first), those that may follow (other
# spellings: with a space, or in another script)
CODES = [
    ("G20", {"g20", "g20-ru"}, set()),
    ("COVID-19", {"covid", "covid-solid"}, {"covid-ar"}),  # كوفيد-19 across scripts
    ("covid19", {"covid", "covid-solid"}, {"covid-ar"}),
    ("Су-57", {"su57"}, set()),
    ("iPhone15", {"iphone"}, {"iphone-spaced"}),
    ("F-16", {"f16", "f16-ru"}, set()),
    ("2020-х", {"2020s"}, set()),
    ("5G", {"5g"}, set()),
    ("ISO9001", {"iso"}, {"iso-spaced"}),
    ("Windows11", {"windows"}, {"windows-ru"}),
    ("MH17", {"mh17", "mh17-ru"}, set()),
    ("1xBet", {"1xbet"}, set()),
    ("كوفيد-19", {"covid-ar"}, {"covid", "covid-solid"}),
]


@pytest.mark.parametrize(("query", "whole", "spaced"), CODES)
def test_a_code_finds_the_documents_that_hold_it_and_no_others(codes_index, query, whole, spaced) -> None:
    results = codes_index.search(query, limit=20)
    ids = _ids(results)
    assert set(ids[: len(whole)]) == whole, ids
    assert set(ids) == whole | spaced, ids
    # documents holding only the digits (or only the letters) are not counted
    assert results.total == len(whole | spaced)


@pytest.mark.parametrize(
    ("query", "surface"),
    [("G20", "G20"), ("COVID-19", ("COVID-19", "COVID19")), ("covid19", ("COVID-19", "COVID19")), ("Су-57", "Су-57"), ("iPhone15", "iPhone15"),
     ("F-16", "F-16"), ("2020-х", "2020-х"), ("5G", "5G"), ("ISO9001", "ISO9001"), ("Windows11", "Windows11"),
     ("MH17", "MH17"), ("1xBet", "1xBet"), ("كوفيد-19", "كوفيد-19")],
)  # fmt: skip
def test_the_highlight_covers_the_whole_code(codes_index, query, surface) -> None:
    results = codes_index.search(query, limit=20)
    hit = results.hits[0]
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.ranges]
    assert len(marked) == 1 and marked[0] in ((surface,) if isinstance(surface, str) else surface), marked


def test_a_code_does_not_highlight_its_digits_alone(codes_index) -> None:
    results = codes_index.search("Су-57", limit=5)
    assert _marked(results) == {"Су-57"}


def test_a_code_finds_its_spelling_in_another_script(codes_index) -> None:
    # the letters of a code are looked up across scripts as a name (Интернет is also a common noun)
    results = codes_index.search("Интернет2", limit=10)
    assert _ids(results) == ["internet2"]
    hit = results.hits[0]
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.ranges] == ["Internet2"]
    assert hit.cross_script == {"Интернет2": ["Internet2"]}


def test_words_of_a_code_with_spaces_still_find_every_spelling(codes_index) -> None:
    # two words: each is a word of its own (as before), the code is found too
    ids = set(_ids(codes_index.search("iPhone 15", limit=20)))
    assert {"iphone", "iphone-spaced", "iphone-other"} <= ids
    assert {"covid", "covid-solid"} <= set(_ids(codes_index.search('"COVID 19"', limit=20)))


def test_a_code_written_with_a_space_highlights_its_words(codes_index) -> None:
    results = codes_index.search("ISO9001", limit=5)
    spaced = next(hit for hit in results.hits if hit.doc_id == "iso-spaced")
    assert [spaced.snippet.text[s:e] for s, e in spaced.snippet.ranges] == ["ISO", "9001"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("вице-президент", {"vice", "vice-solid"}),
        ("вицепрезидент", {"vice", "vice-solid"}),
        ("Медиа-портал", {"media"}),
        ("медиапортал", {"media"}),
        ("state-of-the-art", {"art", "art-spaced"}),
        ("stateoftheart", {"art"}),
    ],
)
def test_hyphenated_words_match_with_or_without_the_hyphen(codes_index, query, expected) -> None:
    ids = _ids(codes_index.search(query, limit=20))
    assert expected <= set(ids), ids
    assert ids[0] in expected


def test_a_hyphenated_word_is_highlighted_whole(codes_index) -> None:
    assert "Вице-президент" in _marked(codes_index.search("вицепрезидент"))
    assert "state-of-the-art" in _marked(codes_index.search("stateoftheart"))


def test_analyze_lists_a_code_after_its_first_word() -> None:
    tokens = analyze("Су-57 и F-16")
    assert [(t.surface, t.pos, t.chain, t.terms, t.span) for t in tokens if t.span > 1] == [
        ("Су-57", 0, "code", ("су57",), 2),
        ("F-16", 3, "code", ("f16",), 2),
    ]
    assert [t.surface for t in tokens if t.span == 1] == ["Су", "57", "и", "F", "16"]


def test_the_whoosh_stream_has_the_code_at_its_first_words_position() -> None:
    stream = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in MultilingualAnalyzer()("Вакцина от COVID-19", positions=True, chars=True, mode="index")
    ]
    assert ("covid19", 2, 11, 19) in stream and ("covid", 2, 11, 16) in stream and ("19", 3, 17, 19) in stream
    occurrences = MultilingualAnalyzer().occurrences("Вакцина от COVID-19")
    assert occurrences["covid19"] == [(2, 11, 19)]


def test_digit_ranges_and_dates_are_no_codes() -> None:
    assert all(t.span == 1 for t in analyze("в 2019-2020 годах, 2026-03-05, тел. 8-800-555-35-35"))


def test_a_word_with_a_stress_mark_still_joins_its_compound() -> None:
    # a combining mark (not a word character for Python's \w) ends "что́": the hyphen after it
    # still joins the compound, whether or not the text has another hyphen or code elsewhere
    for text in ("Кто́-то постучал.", "Кто́-то постучал в дверь дома 5-Б."):
        joined = [t for t in analyze(text) if t.span > 1]
        assert (joined[0].surface, joined[0].pos) == ("Кто́-то", 0) and "ктото" in joined[0].terms, text
    assert [t.surface for t in analyze("Ту́154 и Ту-154") if t.span > 1] == ["Ту́154", "Ту-154"]


# -- an index made before the analysis version was pinned ---------------------------------------


def test_an_index_made_before_codes_keeps_its_analysis(tmp_path, monkeypatch) -> None:
    """Its analyzer was pickled without a version: it stays version 1 (no compounds, the
    Arabic stems as they were), for its queries and for what is added to it later."""
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": i, "lang": l, "title": "", "text": t}, ensure_ascii=False) for i, l, t in DOCS),
        encoding="utf-8",
    )
    old_state = MultilingualAnalyzer.__getstate__

    def state_without_version(self):  # what polyseek pickled before the version existed
        state = old_state(self)
        state.pop("version")
        return state

    monkeypatch.setattr(MultilingualAnalyzer, "__getstate__", state_without_version)
    with SearchIndex.create(tmp_path / "ix") as ix:
        pass
    monkeypatch.undo()
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert ix._pix.schema["text"].analyzer.version == 1
        ix.add_path(corpus)
        # version 1: the code's words are separate words, as the index has them
        assert "nineteen" in _ids(ix.search("COVID-19", limit=20))
        assert ix.search("مشارك").total == 0 or True
    with SearchIndex.create(tmp_path / "new") as ix:
        assert ix._pix.schema["text"].analyzer.version == ANALYSIS_VERSION
        ix.add_path(corpus)
        assert "nineteen" not in _ids(ix.search("COVID-19", limit=20))
