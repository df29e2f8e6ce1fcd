"""JSONL sources: records, overrides, line numbers, errors, and the xquad-ru collection."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from polyseek.corpus import CorpusError, read_file
from polyseek.corpus.passages import MAX_PASSAGE

XQUAD_RU = Path("/work/shared/eval/xquad-ru/corpus.jsonl")

RU_TEXT = (
    "Защита Пэнтерс уступила всего 308 очков, заняв шестое место в лиге. Дифенсив тэкл "
    "Кейван Шорт лидирует в команде с 11 мешками, а также обеспечил три потери мяча. "
)


def write_jsonl(tmp_path: Path, lines: list[str], name: str = "docs.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_records_fields_overrides_and_line_numbers(tmp_path: Path) -> None:
    multi_line_text = "Super Bowl 50\n" + RU_TEXT * 20  # escaped \n inside one JSON line
    path = write_jsonl(
        tmp_path,
        [
            json.dumps({"id": "a00p00", "title": "Super Bowl 50", "lang": "ar", "text": RU_TEXT}),
            "",
            "   ",
            json.dumps({"id": "a00p01", "text": multi_line_text, "extra": [1, 2]}, ensure_ascii=False),
            json.dumps({"id": 42, "title": None, "lang": "", "text": "Olympic Day in Astana"}),
        ],
    )
    first, second, third = read_file(path)
    source = str(path.resolve())
    assert [d.id for d in (first, second, third)] == ["a00p00", "a00p01", "42"]
    assert {d.source for d in (first, second, third)} == {source}
    assert [d.line for d in (first, second, third)] == [1, 4, 5]

    assert first.title == "Super Bowl 50"
    assert first.lang == "ar" and {p.lang for p in first.passages} == {"ar"}  # override
    assert second.title == "Super Bowl 50"  # first line of the text, as for plain files
    assert second.lang == "ru" and {p.lang for p in second.passages} == {"ru"}
    assert third.title == "42" and third.lang == "en"

    assert len(second.passages) > 1
    for document in (first, second, third):
        for passage in document.passages:
            assert passage.text == document.text[passage.char_start : passage.char_end]
            assert passage.line == document.line  # the record sits on one physical line
            assert len(passage.text) <= MAX_PASSAGE


def test_crlf_and_bom_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    records = [json.dumps({"id": str(i), "text": RU_TEXT}) for i in range(3)]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(records).encode() + b"\r\n")
    documents = read_file(path)
    assert [(d.id, d.line, d.text) for d in documents] == [(str(i), i + 1, RU_TEXT) for i in range(3)]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ('{"id": "b", "text": "unterminated}', "malformed JSON"),
        ('["id", "text"]', "expected a JSON object, got list"),
        ('{"text": "no id"}', 'missing "id"'),
        ('{"id": "b"}', 'missing "text"'),
        ('{"id": "b", "text": "x", "lang": "fr"}', '"lang" must be one of ru, ar, en, und'),
        ('{"id": "a", "text": "again"}', "duplicate id 'a' \\(first on line 1\\)"),
    ],
)
def test_a_bad_line_is_left_out_with_file_and_line_number(tmp_path: Path, bad_line: str, reason: str) -> None:
    path = write_jsonl(tmp_path, ['{"id": "a", "text": "fine"}', "", bad_line, '{"id": "c", "text": "after"}'])
    documents = read_file(path)
    assert [d.id for d in documents] == ["a", "c"]
    (line,) = documents.bad
    assert re.match(rf"^{re.escape(str(path))}:3: {reason}", line), line


def test_a_file_of_bad_lines_only_raises(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, ['{"id": "b"}', "[1]", "{"])
    with pytest.raises(CorpusError, match=rf'^{re.escape(str(path))}:1: missing "text" .* and 2 more bad records; no valid record'):
        read_file(path)


def test_error_message_is_one_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, ['{"id": "a",', '"text": "split over lines"}'])
    with pytest.raises(CorpusError) as caught:
        read_file(path)
    assert str(caught.value).startswith(f"{path}:1: malformed JSON")
    assert "\n" not in str(caught.value)


@pytest.mark.skipif(not XQUAD_RU.exists(), reason="shared xquad-ru collection not available")
def test_xquad_ru_collection() -> None:
    documents = read_file(XQUAD_RU)
    assert len(documents) == 240
    assert len({d.id for d in documents}) == 240
    raw_lines = XQUAD_RU.read_text(encoding="utf-8").split("\n")
    for document in documents:
        record = json.loads(raw_lines[document.line - 1])
        assert record["id"] == document.id and record["text"] == document.text
        assert document.title == record["title"]
        assert document.lang == "ru" and {p.lang for p in document.passages} == {"ru"}
        for passage in document.passages:
            assert passage.text == document.text[passage.char_start : passage.char_end]
            assert passage.line == document.line
            assert len(passage.text) <= MAX_PASSAGE
    split = [d for d in documents if len(d.passages) > 1]
    assert split and all(len(d.text) > MAX_PASSAGE for d in split)
