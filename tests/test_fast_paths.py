"""The speed-ups change nothing observable: fast paths give what the plain paths give."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.fields import TEXT

from analyzers import MultilingualAnalyzer
from corpus import read_path
from index.fields import PassageText


@pytest.fixture(scope="module")
def sample_texts(samples_dir: Path) -> list[str]:
    docs = list(read_path(samples_dir))
    return [d.title for d in docs] + [p.text for d in docs for p in d.passages]


@pytest.mark.parametrize("chars", [True, False], ids=["text-field", "title-field"])
def test_passage_text_postings_are_those_of_whoosh_text(sample_texts: list[str], chars: bool) -> None:
    analyzer = MultilingualAnalyzer()
    fast = PassageText(analyzer=analyzer, phrase=True, chars=chars, stored=True)
    plain = TEXT(analyzer=analyzer, phrase=True, chars=chars, stored=True)
    assert len(sample_texts) > 20
    for text in sample_texts:
        assert sorted(fast.index(text)) == sorted(plain.index(text))


def test_occurrences_match_the_token_stream() -> None:
    analyzer = MultilingualAnalyzer()
    text = "Олимпийский комитет и комитеты NOC's; اللجنة الأولمبية واللجنة — стали сталью"
    expected: dict[str, list[tuple[int, int, int]]] = {}
    for t in analyzer(text, positions=True, chars=True):
        expected.setdefault(t.text, []).append((t.pos, t.startchar, t.endchar))
    assert analyzer.occurrences(text) == expected
    assert expected["комитет"] == [(1, 12, 19), (3, 22, 30)]
