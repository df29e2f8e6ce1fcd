"""The word as typed comes first; cross-script matching is for names; Arabic bare words
keep their last letters (issue 17, items 4-6).

Runs on the bundled samples (Казахстан, Астана in Russian, English and Arabic texts) and
on Arabic news sentences written for these tests.
"""

from __future__ import annotations

import json

import pytest

from polyseek.analyzers import analyze
from polyseek.searcher import SearchIndex


@pytest.mark.parametrize("word", ["Казахстан", "Астана"])
def test_a_word_ranks_its_own_spelling_above_its_spellings_in_other_scripts(sample_index, word) -> None:
    results = sample_index.search(word, limit=10)
    langs = [hit.lang for hit in results.hits]
    own = langs.count("ru")
    assert own and langs[:own] == ["ru"] * own, langs
    # the other spellings are still found, after the word as typed
    assert {"en", "ar"} <= set(langs[own:]), langs


def test_a_spelling_found_only_in_other_scripts_keeps_its_weight(sample_index) -> None:
    # Golovkin is written only in Arabic in the searchable texts: nothing to rank it below
    hits = sample_index.search("Golovkin").hits
    assert hits and hits[0].lang == "ar" and hits[0].cross_script == {"Golovkin": ["جولوفكين"]}


@pytest.mark.parametrize("word", ["الرئيسية", "المواقع", "الخاص"])
def test_common_arabic_words_match_no_names_in_other_scripts(sample_index, word) -> None:
    results = sample_index.search(word, limit=10)
    assert all(hit.lang == "ar" and not hit.cross_script for hit in results.hits), [
        (hit.lang, hit.cross_script) for hit in results.hits
    ]


ARABIC = [
    ("participant", "كان المشارك الأول في السباق عداءً من كينيا."),
    ("behaviour", "تحدث المدرب عن الانضباط وسلوك اللاعبين داخل الملعب."),
    ("partner", "وقعت الشركة عقداً مع الشريك الاستراتيجي الجديد."),
    ("book", "قرأ الطلاب الكتاب في المكتبة العامة."),
]


@pytest.fixture(scope="module")
def arabic_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("arabic")
    corpus = folder / "news.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": i, "lang": "ar", "title": "", "text": t}, ensure_ascii=False) for i, t in ARABIC),
        encoding="utf-8",
    )
    with SearchIndex.create(folder / "ix") as ix:
        ix.add_path(corpus)
    with SearchIndex.open(folder / "ix") as ix:
        yield ix


def test_bare_arabic_words_keep_their_last_letter() -> None:
    for word in ("مشارك", "شريك", "سلوك"):
        (token,) = analyze(word)
        assert word in token.terms, (word, token.terms)  # also read as the whole word
    # and still as a word with a pronoun suffix: كتابك "your book" meets الكتاب
    assert set(analyze("كتابك")[0].terms) & set(analyze("الكتاب")[0].terms)


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [("مشارك", "participant"), ("سلوك", "behaviour"), ("شريك", "partner"), ("كتابك", "book")],
)
def test_a_bare_word_finds_its_definite_and_conjoined_forms(arabic_index, query, doc_id) -> None:
    results = arabic_index.search(query)
    assert results.hits and results.hits[0].doc_id == doc_id, [h.doc_id for h in results.hits]


def test_forms_of_arabic_function_words_are_no_spellings_of_a_name(tmp_path) -> None:
    docs = [
        ("ru", "Кения", "Кения заняла первое место в забеге на марафонской дистанции."),
        ("ar", "كينيا", "فازت كينيا بسباق الماراثون للمرة الثالثة."),
        ("ar", "الطقس", "كانوا ينتظرون في المطار ساعات بسبب الطقس."),
    ]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": i, "lang": l, "title": t, "text": t}, ensure_ascii=False) for l, i, t in docs),
        encoding="utf-8",
    )
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(corpus)
        results = ix.search("Кения", limit=10)
        assert [hit.doc_id for hit in results.hits] == ["Кения", "كينيا"]
        assert results.hits[1].cross_script == {"Кения": ["كينيا"]}


def test_a_japanese_name_typed_in_latin_finds_its_russian_transcription(tmp_path) -> None:
    docs = [
        ("ru", "judo", "Дзюдо", "Тренер сборной Японии Хироси Накамура рассказал о подготовке к турниру."),
        ("ru", "swim", "Плавание", "Сборная Казахстана по плаванию провела сбор в Алматы."),
    ]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": i, "lang": l, "title": t, "text": x}, ensure_ascii=False) for l, i, t, x in docs),
        encoding="utf-8",
    )
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(corpus)
        results = ix.search("Hiroshi Nakamura")
        assert [hit.doc_id for hit in results.hits] == ["judo"]
        hit = results.hits[0]
        assert [hit.snippet.text[s:e] for s, e in hit.snippet.ranges] == ["Хироси", "Накамура"]
