"""corpus on the bundled real news samples (Russian, Arabic, English with web boilerplate)."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyseek.corpus import Document, detect_language, iter_source_files, read_file, read_path
from polyseek.corpus.passages import MAX_PASSAGE

SAMPLES = Path(__file__).resolve().parent.parent / "corpus" / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
EXPECTED_LANG = {"ar": "ar", "en": "en", "ru": "ru"}


def read_one(name: str) -> Document:
    (document,) = read_file(SAMPLES / name)
    return document


def line_of(text: str, offset: int) -> int:
    """1-based line containing ``offset``, found by walking the file's lines."""
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if start <= offset <= start + len(line):
            return number
        start += len(line) + 1
    raise AssertionError(f"offset {offset} beyond text")


def test_samples_are_all_found_in_name_order() -> None:
    assert len(SAMPLE_FILES) == 5
    assert [p.name for p in iter_source_files(SAMPLES)] == [p.name for p in SAMPLE_FILES]
    assert [Path(d.source).name for d in read_path(SAMPLES)] == [p.name for p in SAMPLE_FILES]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_passages_are_exact_slices_on_the_right_lines(path: Path) -> None:
    (document,) = read_file(path)
    text = path.read_bytes().decode("utf-8-sig")
    assert document.text == text
    assert document.id == document.source == str(path.resolve())
    lines = text.split("\n")
    assert document.passages
    for number, passage in enumerate(document.passages):
        assert passage.number == number
        assert passage.text == text[passage.char_start : passage.char_end]
        assert passage.text == passage.text.strip() and passage.text
        assert passage.line == line_of(text, passage.char_start)
        assert lines[passage.line - 1].strip().startswith(passage.text.split("\n")[0].strip())
        assert len(passage.text) <= MAX_PASSAGE


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_passages_cover_all_text_in_order_without_overlap(path: Path) -> None:
    (document,) = read_file(path)
    covered = "".join(p.text for p in document.passages)
    assert "".join(covered.split()) == "".join(document.text.split())
    ends = [0] + [p.char_end for p in document.passages]
    starts = [p.char_start for p in document.passages]
    assert all(end <= start for end, start in zip(ends, starts))
    assert all(document.text[end:start].isspace() for end, start in zip(ends[1:], starts[1:]))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_document_and_passage_languages(path: Path) -> None:
    (document,) = read_file(path)
    expected = EXPECTED_LANG[path.name[:2]]
    assert document.lang == expected
    assert {p.lang for p in document.passages} == {expected}


def test_titles() -> None:
    assert read_one("ru-kulibaev-bach-lausanne.txt").title.startswith("Тимур Кулибаев")
    assert read_one("ru-kulibaev-bach-lausanne.txt").title.endswith("олимпийских комитетов")
    # The first line is a whole long paragraph: no title (a file name is not one)
    assert read_one("ar-golovkin-qatar-solidarity.txt").title == ""
    assert read_one("ru-judo-memorandum-japan.txt").title == ""
    assert read_one("en-noc-kazakhstan-news.txt").title == "date 2021-02-01 Date 01 Feb 2021 Tags NOC News"


def test_headline_joins_the_paragraph_after_it() -> None:
    document = read_one("ru-kulibaev-bach-lausanne.txt")
    first = document.passages[0]
    assert first.line == 1
    assert first.text.startswith("Тимур Кулибаев и Томас Бах обсудили")
    assert "\n\nВ Лозанне состоялся официальный визит" in first.text
    assert document.passages[1].line == 4


def test_dateline_joins_the_news_item_after_it() -> None:
    document = read_one("en-noc-kazakhstan-news.txt")
    item = next(p for p in document.passages if "swam 56 kilometres" in p.text)
    assert item.text.startswith("11 September 2020\n\nThe NOC of Kazakhstan has reported")
    assert item.line == 7
    assert not any(p.text in {"11 September 2020", "29 june 2020"} for p in document.passages)


def test_short_boilerplate_lines_are_grouped_and_the_tail_joins_the_previous_passage() -> None:
    document = read_one("ru-tokyo-2020-licences.txt")
    last = document.passages[-1]
    assert last.text.endswith("Почему в Казахстане не доверяют медицине")
    assert all(len(p.text) >= 200 for p in document.passages)


def test_mixed_russian_paragraph_quoting_english_names_is_russian() -> None:
    document = read_one("ru-judo-memorandum-japan.txt")
    passage = next(p for p in document.passages if "Jenys Judo Club" in p.text)
    assert passage.lang == "ru"
    first_line = document.text.split("\n")[0]
    assert "JUDOs Nonprofit Organization" in first_line
    assert detect_language(first_line) == "ru"


def test_arabic_passages_keep_arabic_punctuation_and_lines() -> None:
    document = read_one("ar-golovkin-qatar-solidarity.txt")
    assert [p.line for p in document.passages] == list(range(1, 10))
    assert all("،" in p.text or "." in p.text for p in document.passages)
