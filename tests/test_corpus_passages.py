"""split_passages and read_file on generated edge cases: line endings, BOM, sizes, languages."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyseek.corpus import CorpusError, Passage, SkippedSource, read_file, split_passages
from polyseek.corpus.passages import MAX_PASSAGE, SHORT_UNIT, WINDOW_MAX

# Both paragraphs are a little over SHORT_UNIT, so each stands alone.
RU_PARAGRAPH = (
    "Национальный олимпийский комитет Республики Казахстан провёл заседание, на котором "
    "обсудили подготовку спортсменов к Олимпийским играм и утвердили план на следующий год. "
    "Отдельно говорили о поддержке молодых тренеров."
)
EN_PARAGRAPH = (
    "The NOC of Kazakhstan held an online session of its General Assembly. The agenda "
    "included a review of a number of issues pertaining to the preparations for the Games. "
    "The Assembly also appointed a new Secretary General."
)


def check_spans(text: str, passages: tuple[Passage, ...], line_base: int = 1) -> None:
    """Exact slices, stripped, ordered, non-overlapping, right lines, nothing lost."""
    previous_end = 0
    for number, passage in enumerate(passages):
        assert passage.number == number
        assert passage.text == text[passage.char_start : passage.char_end]
        assert passage.text and passage.text == passage.text.strip()
        assert passage.char_start >= previous_end
        assert text[previous_end : passage.char_start].strip() == ""
        assert passage.line == line_base + text.count("\n", 0, passage.char_start)
        assert len(passage.text) <= MAX_PASSAGE
        previous_end = passage.char_end
    assert text[previous_end:].strip() == ""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_crlf_offsets_and_lines_are_exact(tmp_path: Path) -> None:
    assert min(len(RU_PARAGRAPH), len(EN_PARAGRAPH)) >= SHORT_UNIT
    text = f"Заголовок новости\r\n\r\n{RU_PARAGRAPH}\r\n{EN_PARAGRAPH}\r\n\r\n{RU_PARAGRAPH}\r\n"
    (document,) = read_file(write(tmp_path, "crlf.txt", text.encode()))
    assert document.text == text  # line endings untouched
    check_spans(text, document.passages)
    assert [p.line for p in document.passages] == [1, 4, 6]
    assert document.passages[0].text == f"Заголовок новости\r\n\r\n{RU_PARAGRAPH}"
    assert [p.lang for p in document.passages] == ["ru", "en", "ru"]
    assert document.title == "Заголовок новости"


def test_bom_is_removed_and_offsets_count_from_after_it(tmp_path: Path) -> None:
    text = f"Title line\n{EN_PARAGRAPH}\n{RU_PARAGRAPH}\n"
    (document,) = read_file(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + text.encode()))
    assert document.text == text
    assert document.title == "Title line"
    check_spans(text, document.passages)
    assert document.passages[0].char_start == 0
    assert document.passages[0].text.startswith("Title line\nThe NOC")


def test_bom_with_crlf(tmp_path: Path) -> None:
    text = f"{RU_PARAGRAPH}\r\n\r\n{EN_PARAGRAPH}"
    (document,) = read_file(write(tmp_path, "both.txt", codecs.BOM_UTF8 + text.encode()))
    check_spans(text, document.passages)
    assert [(p.char_start, p.line) for p in document.passages] == [(0, 1), (len(RU_PARAGRAPH) + 4, 3)]


def test_invalid_utf8_is_read_without_moving_offsets(tmp_path: Path) -> None:
    # Not UTF-8: read in a legacy code page (one code point per byte), never refused.
    (doc,) = read_file(write(tmp_path, "x.txt", b"hello world\xff\n"))
    assert doc.text.startswith("hello world") and len(doc.text) == 13
    # A UTF-8 BOM and a cut-off last character: the broken byte becomes U+FFFD.
    (doc,) = read_file(write(tmp_path, "y.txt", codecs.BOM_UTF8 + b"ab\xc3"))
    assert doc.text == "ab\ufffd"


@pytest.mark.parametrize(("content", "reason"), [(b"", "empty file"), (b"   \n\r\n\t \n", "whitespace only")])
def test_empty_or_blank_file_is_skipped(tmp_path: Path, content: bytes, reason: str) -> None:
    with pytest.raises(SkippedSource, match=f"empty_notes-file.txt: {reason}, nothing to index$"):
        read_file(write(tmp_path, "empty_notes-file.txt", content))
    assert split_passages("") == ()


def test_two_megabyte_line_without_spaces_splits_quickly_into_bounded_passages() -> None:
    text = "ж" * 2_000_000
    # growth, not a wall-clock limit: 4x the line costs about 4x the CPU (16x if quadratic)
    small = min(_cpu_seconds(text[:500_000]) for _ in range(2))
    assert _cpu_seconds(text) < 8 * small, small
    passages = split_passages(text)
    assert all(0 < len(p.text) <= WINDOW_MAX for p in passages)
    assert passages[0].char_start == 0 and passages[-1].char_end == len(text)
    assert all(a.char_end == b.char_start for a, b in zip(passages, passages[1:]))
    assert {p.line for p in passages} == {1}
    assert {p.lang for p in passages} == {"ru"}


def test_two_megabyte_line_of_sentences_splits_at_sentence_ends_quickly() -> None:
    text = "Борьба за лицензии продолжается, сказал он. Fine words! Правда? " * 32_000
    # growth, not a wall-clock limit: 4x the line costs about 4x the CPU (16x if quadratic)
    small = min(_cpu_seconds(text[: len(text) // 4]) for _ in range(2))
    assert _cpu_seconds(text) < 8 * small, small
    passages = split_passages(text.strip(), line_base=7)
    assert len(text) > 2_000_000
    assert all(p.text.endswith((".", "!", "?")) for p in passages)
    assert all(len(p.text) <= WINDOW_MAX for p in passages)
    assert {p.line for p in passages} == {7}


def test_a_long_unit_never_splits_inside_a_word() -> None:
    words = " ".join(f"слово{i}" for i in range(1200))  # no sentence ends at all
    passages = split_passages(words)
    assert len(passages) > 1
    check_spans(words, passages)
    for passage in passages:
        assert all(word.startswith("слово") for word in passage.text.split())
    assert [w for p in passages for w in p.text.split()] == words.split()


def _cpu_seconds(text: str) -> float:
    started = time.process_time()
    split_passages(text)
    return time.process_time() - started


def test_many_lines_are_numbered_in_linear_time() -> None:
    # Growth, not a wall-clock limit: 4x the lines must cost about 4x the CPU time (16x if
    # numbering were quadratic), whatever else the machine is doing.
    text = "строка текста\n" * 200_000
    quarter = text[: len(text) // 4]
    small = min(_cpu_seconds(quarter) for _ in range(3))
    large = min(_cpu_seconds(text) for _ in range(2))
    assert large < 8 * small, (small, large)
    passages = split_passages(text)
    check_spans(text[:50_000], split_passages(text[:50_000]))
    assert passages[-1].line == 1 + text.count("\n", 0, passages[-1].char_start)


def test_short_lines_merge_forward_and_a_short_tail_joins_the_previous_passage() -> None:
    # (A call-to-action tail such as "Subscribe" is page furniture and stands alone:
    # see tests/test_boilerplate.py.)
    text = f"12 March 2024\nHEADLINE\n\n{EN_PARAGRAPH}\n{RU_PARAGRAPH}\nAstana"
    passages = split_passages(text)
    check_spans(text, passages)
    assert [p.text.split("\n")[0] for p in passages] == ["12 March 2024", RU_PARAGRAPH]
    assert passages[-1].text.endswith("\nAstana")
    assert [p.line for p in passages] == [1, 5]


def test_merging_never_exceeds_the_maximum() -> None:
    long_paragraph = ("Длинный абзац текста. " * 67).strip()  # just under MAX_PASSAGE
    assert MAX_PASSAGE - 50 < len(long_paragraph) <= MAX_PASSAGE
    text = f"Короткая строка перед длинным абзацем\n{long_paragraph}\n{RU_PARAGRAPH}"
    passages = split_passages(text)
    check_spans(text, passages)
    # The short line cannot join the long paragraph (too big) and has nothing before it.
    assert [p.text for p in passages] == [
        "Короткая строка перед длинным абзацем",
        long_paragraph,
        RU_PARAGRAPH,
    ]


def test_language_per_passage_and_fallback_for_passages_without_letters() -> None:
    digits = " ".join(["2020-2024 12:30"] * 20)
    assert len(digits) >= SHORT_UNIT
    text = f"{RU_PARAGRAPH} {RU_PARAGRAPH}\n{digits}\n{EN_PARAGRAPH}"
    passages = split_passages(text)
    assert [p.lang for p in passages] == ["ru", "ru", "en"]
    assert [p.lang for p in split_passages(digits)] == ["und"]
    assert {p.lang for p in split_passages(text, lang="ar")} == {"ar"}


def test_markdown_title_from_first_atx_heading(tmp_path: Path) -> None:
    text = "Intro line\n\n```\n# not a title\n```\n\n## Олимпийский  день ##\r\nТекст.\n"
    (document,) = read_file(write(tmp_path, "day.md", text.encode()))
    assert document.title == "Олимпийский  день"
    check_spans(text, document.passages)
    (plain,) = read_file(write(tmp_path, "plain-notes.md", b"First line\nmore\n"))
    assert plain.title == "First line"


def test_unsupported_and_missing_files_raise_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"budget\.xlsx: unsupported file type '\.xlsx'"):
        read_file(write(tmp_path, "budget.xlsx", b"PK\x03\x04"))
    with pytest.raises(CorpusError, match=r"missing\.txt: no such file"):
        read_file(tmp_path / "missing.txt")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["а", "б", "z", "ع", "7", " ", "\t", "\n", "\r", ".", "؟", "»", "\u0301", "\xa0"]),
        max_size=4000,
    ).map("".join),
    st.integers(min_value=1, max_value=50),
)
def test_spans_are_exact_for_any_text(text: str, line_base: int) -> None:
    passages = split_passages(text, line_base=line_base)
    check_spans(text, passages, line_base)
    assert all(p.lang in {"ru", "ar", "en", "und"} for p in passages)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=MAX_PASSAGE + 1, max_value=12_000), st.sampled_from(["x", "xy ", "Ab. "]))
def test_long_units_split_into_windows_without_scraps(size: int, pattern: str) -> None:
    text = (pattern * size)[:size].strip()
    passages = split_passages(text)
    check_spans(text, passages)
    assert all(300 <= len(p.text) <= WINDOW_MAX for p in passages)
