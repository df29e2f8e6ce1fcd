"""What queries mean (issue 17): phrases keep stop words, digits of any script in filters,
--lang about the words matched, did-you-mean only for words that find (almost) nothing."""

from __future__ import annotations

import json
import os

import pytest

from polyseek.searcher import SearchIndex

PHRASES = {
    "en-adjacent.txt": "A member of the committee said the budget would be approved in March.",
    "en-apart.txt": "The committee of athletes met; the chair spoke of a new budget.",
    "ru-adjacent.txt": "Сборная по плаванию начала сборы в Астане в понедельник.",
    "ru-apart.txt": "Астане предложили провести турнир, и в итоге федерация согласилась.",
    "ar-adjacent.txt": "عقد الاجتماع في قطر بحضور رئيس اللجنة الأولمبية.",
    "ar-apart.txt": "قطر استضافت البطولة وشارك في الافتتاح عدد من الرياضيين.",
    # a mostly English passage with Russian words in it
    "en-with-russian.txt": "The Kazakh delegation met the hosts in Astana; the Russian press called the talks "
    "«переговоры» and praised the organisers of the championship for their careful work.",
}


@pytest.fixture(scope="module")
def phrase_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("phrases")
    for name, text in PHRASES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    with SearchIndex.create(folder / ".ix") as ix:
        assert ix.add_path(folder).added == len(PHRASES)
        yield ix


def _names(results) -> set[str]:
    return {os.path.basename(h.source) for h in results}


@pytest.mark.parametrize(
    ("phrase", "adjacent", "apart"),
    [
        ('"of the committee"', "en-adjacent.txt", "en-apart.txt"),
        ('"в Астане"', "ru-adjacent.txt", "ru-apart.txt"),
        ('"في قطر"', "ar-adjacent.txt", "ar-apart.txt"),
    ],
)
def test_a_phrase_keeps_its_stop_words(phrase_index, phrase, adjacent, apart):
    found = _names(phrase_index.search(phrase))
    assert adjacent in found and apart not in found
    # the word alone finds both
    assert {adjacent, apart} <= _names(phrase_index.search(phrase.strip('"').split()[-1]))


def test_a_quoted_stop_word_alone_is_searched_for(phrase_index):
    assert "ar-apart.txt" in _names(phrase_index.search('"في"'))
    assert phrase_index.search("في").total == 0  # unquoted, a stop word is not searched for


def test_lang_filter_finds_words_of_that_language_in_a_passage_mostly_in_another(phrase_index):
    hits = phrase_index.search("переговоры", lang="ru").hits
    assert [os.path.basename(h.source) for h in hits] == ["en-with-russian.txt"] and hits[0].lang == "en"
    assert phrase_index.search("переговоры lang:ru").total == 1
    assert phrase_index.search("переговоры", lang="ar").total == 0
    # the English words of that passage are not Russian: lang:ru does not find it through them
    assert "en-with-russian.txt" not in _names(phrase_index.search("delegation", lang="ru"))
    assert "en-with-russian.txt" in _names(phrase_index.search("delegation", lang="en"))


@pytest.mark.parametrize("year", ["2021", "٢٠٢١", "۲۰۲۱", "२०२१"])
def test_dates_in_digits_of_any_script(sample_index, year):
    results = sample_index.search(f"Kazakhstan date:{year}")
    assert results.total >= 1 and all(h.date.startswith("2021") for h in results)
    assert results.total == sample_index.search("Kazakhstan date:2021").total
    month = sample_index.search(f"Kazakhstan date:{year}-٠٢")
    assert month.total == results.total and sample_index.search("Kazakhstan date:٢٠٢١-٠٣").total == 0


# -- did you mean -----------------------------------------------------------------

SAID = "Участники обсуждали, каким способом распределить деньги, и нашли способ договориться."


def _jsonl(path, texts: list[str], lang: str) -> None:
    path.write_text(
        "".join(json.dumps({"id": f"d{i}", "lang": lang, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )


def test_a_word_found_in_its_other_forms_is_not_corrected(tmp_path):
    ru = [SAID] * 12 + [
        "Арбитраж рассмотрел несколько споров между клубами.",
        "Исход спора решил суд.",
    ]
    en = ["The foo parameter of the build script is optional."] * 12 + [
        "A fox crossed the road at dawn.",
        "Two foxes watched from the hill.",
    ]
    _jsonl(tmp_path / "ru.jsonl", ru, "ru")
    _jsonl(tmp_path / "en.jsonl", en, "en")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(tmp_path / "ru.jsonl", tmp_path / "en.jsonl")
        for word in ("споров", "fox"):
            results = ix.search(word)
            assert results.total == 2 and results.suggestion is None, (word, results.suggestion)
        # a real misspelling still is corrected
        assert ix.search("спосб").suggestion == "способ"
        assert ix.search("fooo").suggestion == "foo"
