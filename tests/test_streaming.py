"""Big files read in pieces: the same passages, offsets and lines as a whole-file read, in bounded memory.

The streamed reading (``corpus.readers.SourceStream``: read, decode, split and hand on in
parts) is run here with pieces of a few kilobytes on files of many pieces, so every
boundary case (a character, a line, a passage, a long line, a JSONL record cut between
two pieces) occurs; the results must equal what ``read_file`` gives for the whole file.
``benchmarks/large_files.py`` measures the memory this keeps flat.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
from pathlib import Path

import pytest

from polyseek.corpus import Document, SkippedSource, read_file
from polyseek.corpus import passages as passages_module
from polyseek.corpus.failpoints import ENV
from polyseek.corpus import readers
from polyseek.corpus.html import MAX_HTML_BYTES, MAX_HTML_TEXT
from polyseek.corpus.jsonl import JsonlReader, SeenIds, parse_jsonl
from polyseek.corpus.opening import open_source
from polyseek.corpus.passages import LONG_UNIT, WINDOW_MAX, PassageStream, build_passages
from polyseek.index import PassageIndex
from polyseek.index.store import file_sha256
from polyseek.index.sync import reindex, sync_paths
from polyseek.searcher import SearchIndex

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def sample_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines.extend(path.read_text(encoding="utf-8-sig").splitlines())
    return lines


def big_text(lines: int, seed: int = 1) -> str:
    """Real ru/ar/en lines in a shuffled order, with blank lines, short lines (merged into
    passages), CRLF endings, page-furniture-like runs and long lines (windowed)."""
    rnd = random.Random(seed)
    pool = [line for line in sample_lines() if line.strip()]
    out = []
    for n in range(lines):
        kind = rnd.random()
        if kind < 0.05:
            out.append(" ".join(rnd.choice(pool) for _ in range(12)))  # a long line: windows
        elif kind < 0.1:
            out.extend(["Смотрите также", f"Новость {n} - 14:36Олимпиада", f"Другая новость - 20:4{n % 10}Олимпиада"])
        elif kind < 0.15:
            out.append("")
        else:
            out.append(rnd.choice(pool) + ("\r" if kind > 0.9 else ""))
    return "\n".join(out) + "\n"


def streamed(path: Path, chunk: int, part_chars: int, **kwargs) -> tuple[list[list[Document]], readers.SourceStream]:
    stream = readers.SourceStream(open_source(path), path, chunk=chunk, part_chars=part_chars, **kwargs)
    return list(stream.parts()), stream


def fields(passage) -> tuple:
    return (passage.number, passage.text, passage.line, passage.char_start, passage.char_end, passage.lang, passage.boilerplate)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251"])
def test_a_file_read_in_pieces_gives_the_passages_of_a_whole_read(tmp_path: Path, encoding: str) -> None:
    text = big_text(1500)
    if encoding == "cp1251":  # legacy detection on the first piece: keep it Russian
        text = "\n".join(line for line in text.split("\n") if not any("\u0600" <= ch <= "\u06ff" for ch in line))
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode(encoding, errors="replace" if encoding == "cp1251" else "strict"))
    (whole,) = read_file(path)
    assert len(whole.passages) > 300 and any(p.boilerplate for p in whole.passages)
    parts, stream = streamed(path, chunk=4096 + 3, part_chars=5000)  # an odd size: characters get cut
    docs = [doc for part in parts for doc in part]
    assert len(docs) > 20  # many parts, each a Document of the same file
    assert {(d.id, d.title, d.lang, d.date) for d in docs} == {(whole.id, whole.title, whole.lang, whole.date)}
    assert [fields(p) for d in docs for p in d.passages] == [fields(p) for p in whole.passages]
    for p in (p for d in docs for p in d.passages):  # offsets into the whole file's text, lines counted in it
        assert whole.text[p.char_start : p.char_end] == p.text
        assert p.line == 1 + whole.text.count("\n", 0, p.char_start)
    assert (stream.documents, stream.passages, dict(stream.languages)) == (1, len(whole.passages), {whole.lang: 1})
    assert stream.sha256 == file_sha256(path)


def test_damaged_bytes_cut_between_pieces_read_as_in_a_whole_read(tmp_path: Path) -> None:
    data = bytearray(big_text(400, seed=2).encode())
    rnd = random.Random(3)
    for at in rnd.sample(range(len(data)), 40):  # stray bytes, some across piece boundaries
        data[at] = 0xFF if at % 2 else 0xD0
    path = tmp_path / "damaged.txt"
    path.write_bytes(bytes(data))
    (whole,) = read_file(path)
    assert "\ufffd" in whole.text
    for chunk in (64 * 1024, 64 * 1024 + 1, 100_003):
        parts, _ = streamed(path, chunk=chunk, part_chars=3000)
        assert [fields(p) for part in parts for d in part for p in d.passages] == [fields(p) for p in whole.passages]


def test_a_line_of_any_length_is_split_holding_a_bounded_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passages_module, "LONG_UNIT", 20_000)  # the rule for lines over 1,000,000 characters, small
    pool = [line for line in sample_lines() if line.strip()]
    line = " ".join(pool[n % len(pool)] for n in range(2000))  # ~300,000 characters, no newline
    text = "Заголовок\n\n" + line + "\n" + pool[0]
    whole = build_passages(text, default_lang="ru")
    stream = PassageStream(fallback="ru")
    out, held = [], 0
    for start in range(0, len(text), 4096):
        out.extend(stream.feed(text[start : start + 4096]))
        held = max(held, stream.held)
    out.extend(stream.close())
    assert out == list(whole)
    assert all(len(p.text) <= WINDOW_MAX and text[p.char_start : p.char_end] == p.text for p in whole)
    assert {p.line for p in whole} == {1, 3, 4}
    assert held <= 2 * (20_000 + 4096 + WINDOW_MAX)  # never the whole line
    assert LONG_UNIT == 1_000_000  # the real rule: lines up to a megabyte are shared out as before


def test_a_text_file_indexed_in_parts_keeps_exact_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "READ_CHUNK", 8192)
    monkeypatch.setattr(readers, "PART_CHARS", 4000)
    docs = tmp_path / "docs"
    docs.mkdir()
    path = docs / "big.txt"
    path.write_text(big_text(800, seed=4), encoding="utf-8")
    (whole,) = read_file(path)
    assert len(list(readers.SourceStream(open_source(path), path).parts())) > 10  # it is read in many parts
    pix = PassageIndex.create(tmp_path / "ix")
    stats = sync_paths(pix, [docs])
    assert (stats.added, stats.passages, stats.failed) == (1, len(whole.passages), 0)
    with pix.searcher() as s:
        stored = sorted((f["passage"], f["line"], f["char_start"], f["char_end"], f["text"]) for f in s.documents(kind="passage"))
        (record,) = list(s.documents(kind="file"))
    assert stored == [(p.number, p.line, p.char_start, p.char_end, p.text) for p in whole.passages]
    assert (record["sha256"], record["passages"], record["documents"]) == (file_sha256(path), len(whole.passages), 1)
    with SearchIndex.open(tmp_path / "ix") as ix:
        hits = ix.search("Кулибаев").hits
        assert hits
        for hit in hits:  # what a hit points at, in the file as written
            assert "Кулибаев" in whole.text[hit.char_start : hit.char_end]
            assert hit.line == 1 + whole.text.count("\n", 0, hit.char_start)
            assert "Кулибаев" in whole.text.split("\n")[hit.match_line - 1]
    assert reindex(pix).unchanged == 1
    # a changed big file replaces all its parts
    path.write_text(big_text(300, seed=5), encoding="utf-8")
    (changed,) = read_file(path)
    stats = reindex(pix)
    assert (stats.updated, stats.passages) == (1, len(changed.passages))
    assert pix.passage_count() == len(changed.passages)


def jsonl_bytes(records: int, seed: int = 6) -> bytes:
    rnd = random.Random(seed)
    pool = [line for line in sample_lines() if len(line) > 40]
    lines = []
    for n in range(records):
        kind = rnd.random()
        if kind < 0.02:
            lines.append('{"id": "broken", "text": ')
        elif kind < 0.04:
            lines.append(json.dumps({"id": f"d{n - 1}", "text": "a duplicate of the record before"}))
        elif kind < 0.05:
            lines.append('{"id": "nul\x00", "text": "x"}')
        elif kind < 0.07:
            lines.append("")
        else:
            text = "\n".join(rnd.choice(pool) for _ in range(rnd.randint(1, 8)))
            lines.append(json.dumps({"id": f"d{n}", "title": text[:30], "text": text}, ensure_ascii=n % 2 == 0))
    return "\n".join(lines).encode()


def test_jsonl_read_record_by_record_in_pieces_equals_a_whole_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SeenIds, "RECENT", 16)  # ids moved to the database on disk many times
    data = jsonl_bytes(3000)
    whole = parse_jsonl(data, "c.jsonl", "/c.jsonl")
    assert len(whole) > 2500 and len(whole.bad) > 100
    assert any("duplicate id" in line for line in whole.bad) and any("NUL byte" in line for line in whole.bad)
    reader = JsonlReader("c.jsonl", "/c.jsonl")
    pieces = [data[i : i + 1001] for i in range(0, len(data), 1001)]
    assert list(reader.documents(pieces)) == list(whole)
    assert reader.bad == whole.bad
    path = tmp_path / "c.jsonl"
    path.write_bytes(data)
    whole = parse_jsonl(data, str(path), str(path))
    parts, stream = streamed(path, chunk=70_000, part_chars=50_000)
    assert len(parts) > 5 and [d for part in parts for d in part] == list(whole)
    assert stream.bad == whole.bad
    assert (stream.documents, stream.passages) == (len(whole), sum(len(d.passages) for d in whole))


def open_temp_databases() -> list[str]:
    """The SQLite temporary files this process holds open (deleted as soon as opened)."""
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if "etilqs_" in target:
            out.append(target)
    return out


def test_jsonl_ids_past_the_recent_ones_are_checked_on_disk_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SeenIds, "RECENT", 256)
    monkeypatch.setattr(SeenIds, "CACHE_KIB", 16)  # a small page cache: the database goes to its file
    pool = [line for line in sample_lines() if len(line) > 40]
    ids = [f"doc-{n}" for n in range(3000)]
    # ids that differ by one character or only in form: none is a duplicate of another
    ids[10:16] = ["Ёлка", "Елка", "ёлка", "a", "a ", "A"]
    ids[20:22] = ["\U00010000", "\U00010001"]  # line 21 written as a surrogate pair escape
    lines = [json.dumps({"id": doc_id, "text": pool[n % len(pool)]}, ensure_ascii=n == 20) for n, doc_id in enumerate(ids)]
    lines[999] = json.dumps({"id": "doc-998", "text": pool[0]})  # line 1000 repeats line 999: held in memory
    lines[2899] = json.dumps({"id": "doc-2", "text": pool[1]})  # line 2900 repeats line 3: on disk by then
    lines[2950] = json.dumps({"id": "Ёлка", "text": pool[2]})  # line 2951 repeats line 11
    lines[2960] = json.dumps({"id": "\U00010000", "text": pool[3]}, ensure_ascii=False)  # line 2961 repeats line 21
    path = tmp_path / "ids.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stream = readers.SourceStream(open_source(path), path, chunk=8192, part_chars=20_000)
    parts = stream.parts()
    read = list(next(parts))
    while len(read) < 2000:
        read.extend(next(parts))
    assert len(open_temp_databases()) == 1  # past RECENT ids the older ones are in a file on disk
    read.extend(doc for part in parts for doc in part)
    assert open_temp_databases() == []  # deleted once the file is read
    assert stream.bad == [
        f"{path}:1000: duplicate id 'doc-998' (first on line 999)",
        f"{path}:2900: duplicate id 'doc-2' (first on line 3)",
        f"{path}:2951: duplicate id 'Ёлка' (first on line 11)",
        f"{path}:2961: duplicate id '\U00010000' (first on line 21)",
    ]
    assert [d.id for d in read] == [doc_id for n, doc_id in enumerate(ids) if n not in (999, 2899, 2950, 2960)]
    assert [d.line for d in read[-3:]] == [2998, 2999, 3000] and read[-1].text == pool[2999 % len(pool)]


def test_jsonl_nul_lines_in_the_first_piece_and_later_are_each_one_bad_record(tmp_path: Path) -> None:
    good = [json.dumps({"id": f"r{n}", "text": f"Запись номер {n}"}, ensure_ascii=False).encode() for n in range(4000)]
    lines = list(good)
    lines[1] = b'{"id": "x", "text": "\x00"}'
    lines[3500] = b'{"id": "y", "text": "\x00"}'  # far past the first piece
    path = tmp_path / "n.jsonl"
    path.write_bytes(b"\n".join(lines))
    parts, stream = streamed(path, chunk=65536, part_chars=10_000)
    assert stream.bad == [f"{path}:2: NUL byte outside a JSON string (binary data)", f"{path}:3501: NUL byte outside a JSON string (binary data)"]
    assert stream.documents == 3998 == sum(len(part) for part in parts)


def test_a_utf16_jsonl_file_is_read_in_pieces(tmp_path: Path) -> None:
    data = "\n".join(json.dumps({"id": f"u{n}", "text": f"Текст {n} نص"}, ensure_ascii=False) for n in range(3000))
    path = tmp_path / "u.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + data.encode("utf-16-le"))
    parts, stream = streamed(path, chunk=4097, part_chars=2000)
    docs = [d for part in parts for d in part]
    assert [d.id for d in docs] == [f"u{n}" for n in range(3000)] and stream.bad == []
    assert docs[2999].text == "Текст 2999 نص" and docs[2999].line == 3000


def test_an_html_page_too_big_to_parse_is_skipped_with_one_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    paragraph = "<p>" + " ".join(sample_lines()[:3]) + "</p>\n"
    body = paragraph * (MAX_HTML_TEXT * 11 // 10 // len(paragraph.encode()))
    (docs / "text.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    (docs / "huge.html").write_bytes(b"<html><body><p>" + b"x " * (MAX_HTML_BYTES // 2 + 1) + b"</p></body></html>")
    (docs / "small.html").write_text(f"<html><body>{paragraph * 3}</body></html>", encoding="utf-8")
    pix = PassageIndex.create(tmp_path / "ix")
    stats = sync_paths(pix, [docs])
    assert (stats.added, stats.skipped, stats.failed) == (1, 2, 0)
    text_mib = f"{len(re.sub(rb'<[^>]*>', b'', (docs / 'text.html').read_bytes())) / 2**20:.1f}"  # all but the tags
    assert sorted(stats.skips) == [
        f"{docs / 'huge.html'}: an HTML page of 20 MiB, larger than the 20 MiB polyseek parses "
        "(parsing takes about 14 times a page's size in memory, 55 times its text); not read",
        f"{docs / 'text.html'}: an HTML page with {text_mib} MiB of text, more than the 5 MiB polyseek parses "
        "(parsing takes about 55 times a page's text in memory); not read",
    ]
    with pytest.raises(SkippedSource, match="of text, more than the 5 MiB"):
        read_file(docs / "text.html")


def test_a_big_file_failing_after_its_first_part_keeps_its_indexed_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "READ_CHUNK", 8192)
    monkeypatch.setattr(readers, "PART_CHARS", 4000)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "big.txt").write_text(big_text(300, seed=7), encoding="utf-8")
    (docs / "other.txt").write_text("Олимпийский комитет собрался в Лозанне.", encoding="utf-8")
    pix = PassageIndex.create(tmp_path / "ix")
    first = sync_paths(pix, [docs])
    assert (first.added, first.failed) == (2, 0)
    before = pix.passage_count()
    (docs / "big.txt").write_text(big_text(600, seed=8), encoding="utf-8")  # changed, and bigger
    (docs / "new.txt").write_text("Спортсмены готовятся к Олимпиаде.", encoding="utf-8")
    monkeypatch.setenv(ENV, "part:big.txt")  # fails once its first part is in the transaction
    stats = sync_paths(pix, [docs])
    assert (stats.updated, stats.added, stats.failed, stats.unchanged) == (0, 1, 1, 1)
    assert stats.failures == [
        f"{docs / 'big.txt'}: unexpected error (FailpointError: injected failure at stage 'part' ({ENV})); "
        "rerun with -v for the traceback"
    ]
    assert "Traceback" in stats.tracebacks[0]
    assert pix.passage_count() == before + 1  # the old version whole, and the new small file
    monkeypatch.delenv(ENV)
    again = sync_paths(pix, [docs])
    assert (again.updated, again.failed) == (1, 0)
