"""Unicode that must not split or change words, checked end to end.

index a real file -> search with the plain (or the marked) spelling -> the highlight
ranges slice the original source text to the word exactly as written, marks included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polyseek.analyzers import analyze
from polyseek.searcher import SearchIndex

SOFT_HYPHEN, ZWNJ, ZWJ, LRM, RLM, ACUTE = "\u00ad", "\u200c", "\u200d", "\u200e", "\u200f", "\u0301"

# (id, the word as written in the document, a sentence around it, queries that must find it)
CASES = [
    ("stress-mark", f"Спортсме{ACUTE}ны", "{} готовятся к Олимпиаде в Милане.", ["спортсмены", "спортсмен"]),
    ("two-stress-marks", f"Олимпи{ACUTE}йского", "Заседание {} комитета прошло в Лозанне.", ["олимпийский"]),
    ("decomposed-yo", "е\u0308лки", "В Астане поставили {} у дворца спорта.", ["ёлка", "елка"]),
    ("soft-hyphen", f"Олим{SOFT_HYPHEN}пиада", "{} пройдёт в Милане и Кортине.", ["олимпиада"]),
    ("zwj", f"Коми{ZWJ}тет", "{} одобрил новый регламент.", ["комитет"]),
    ("zwnj-arabic", f"الأولم{ZWNJ}بية", "اللجنة {} الوطنية في قطر", ["الأولمبية", "اولمبيه"]),
    ("rlm-inside", f"الوط{RLM}نية", "اللجنة الأولمبية {} في كازاخستان", ["الوطنية"]),
    ("lrm-around", f"{LRM}NOC{LRM}", "Глава {} Казахстана встретился с Бахом.", ["NOC", "noc"]),
    ("presentation-forms", "\ufe8e\ufedf\ufeb4\ufefc\ufee1", "رسالة {} من الدوحة", ["السلام"]),
    ("lam-alef-ligature", "\ufefb\ufecb\ufe92\ufeee\ufee5", "شارك {} من قطر في البطولة", ["لاعبون"]),
    ("arabic-indic-digits", "٢٠٢٦", "الألعاب الأولمبية الشتوية {} في ميلانو", ["2026"]),
    ("extended-digits", "۲۰۲۶", "الألعاب الأولمبية الشتوية {} في ميلانو", ["2026", "٢٠٢٦"]),
    ("fullwidth-latin", "ＮＯＣ", "The {} of Kazakhstan held a session.", ["NOC"]),
    ("ligature-fi", "\ufb01nal", "The {} of the tournament was in Doha.", ["final"]),
]


@pytest.fixture(scope="module")
def text_index(tmp_path_factory):
    """One real index over one file per case; yields (open index, {case id: (path, text)})."""
    root = tmp_path_factory.mktemp("unicode-docs")
    files = {}
    for case_id, word, sentence, _ in CASES:
        text = f"Заголовок: {case_id}\n\n" + sentence.format(word) + "\n"
        path = root / f"{case_id}.txt"
        path.write_text(text, encoding="utf-8")
        files[case_id] = (str(path), text)
    with SearchIndex.create(root.parent / "unicode-ix") as ix:
        assert ix.add_path(root).added == len(CASES)
        yield ix, files


@pytest.mark.parametrize(("case_id", "word", "queries"), [(c[0], c[1], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_marked_words_are_found_and_highlighted_as_written(text_index, case_id: str, word: str, queries: list[str]) -> None:
    ix, files = text_index
    path, text = files[case_id]
    surface = word.strip(LRM)  # bidi marks around a word are not part of it
    for query in queries + [word]:  # the plain spellings, and the marked one itself
        results = ix.search(query, limit=20)
        hits = [h for h in results.hits if h.source == path]
        assert hits, f"{query!r} does not find {surface!r}"
        snippet = hits[0].snippet
        assert text[snippet.start : snippet.start + len(snippet.text)] == snippet.text
        assert [snippet.text[s:e] for s, e in snippet.ranges] == [surface], query


def test_marks_do_not_split_words_and_offsets_stay_in_the_original() -> None:
    text = f"Спортсме{ACUTE}ны {RLM}اللجنة{RLM} Олим{SOFT_HYPHEN}пиада ﻻ ٢٠٢٦"
    tokens = analyze(text)
    assert [t.surface for t in tokens] == [f"Спортсме{ACUTE}ны", "اللجنة", f"Олим{SOFT_HYPHEN}пиада", "ﻻ", "٢٠٢٦"]
    assert all(text[t.start : t.end] == t.surface for t in tokens)
    assert [t.terms for t in tokens] == [("спортсмен",), ("لجن",), ("олимпиада",), ("لا",), ("2026",)]


def test_a_stray_bidi_mark_between_words_still_separates_them() -> None:
    assert [t.surface for t in analyze(f"Лозанна{RLM} Токио{LRM}")] == ["Лозанна", "Токио"]
    assert [t.surface for t in analyze(f"NOC{RLM}اللجنة")] == ["NOC", "اللجنة"]  # a script change splits
