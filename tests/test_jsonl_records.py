"""JSONL per record, common field names, and what ``batch`` reads and writes (issue 19).

Real files in tmp_path, a real index on disk, the real CLI.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
RU_TEXT = (SAMPLES / "ru-kulibaev-bach-lausanne.txt").read_text(encoding="utf-8-sig")
AR_TEXT = (SAMPLES / "ar-golovkin-qatar-solidarity.txt").read_text(encoding="utf-8-sig")
EN_TEXT = (SAMPLES / "en-noc-kazakhstan-news.txt").read_text(encoding="utf-8-sig")

#: Every character with the Unicode White_Space property, and the ASCII separators
#: Python's str.split() also splits on.
WHITE_SPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()] + ["\u180e", "\u200b", "\ufeff"]


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def line(record: dict | str | bytes) -> bytes:
    """One JSONL line: a record as JSON, or a line written as it is (str or bytes)."""
    if isinstance(record, bytes):
        return record + b"\n"
    return (record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)).encode() + b"\n"


def write_jsonl(path: Path, records: list) -> Path:
    path.write_bytes(b"".join(line(r) for r in records))
    return path


def doc_ids(ix: Path, query: str) -> set[str]:
    with SearchIndex.open(ix) as six:
        return {hit.doc_id for hit in six.search(query, limit=50, cross_script=False).hits}


def test_each_bad_record_is_reported_and_the_others_are_indexed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write_jsonl(
        docs / "feed.jsonl",
        [
            {"id": "ru", "text": RU_TEXT},
            '{"id": "broken", "text": "Лозанна',  # 2: malformed
            '["not", "an", "object"]',  # 3
            {"text": "Лозанна без id"},  # 4
            b'{"id": "nul", "text": "\x00 Lausanne"}',  # 5: a raw NUL byte
            {"id": "ru", "text": "Лозанна again"},  # 6: duplicate
            {"id": "ar", "text": AR_TEXT},
            "",
            {"id": "en", "text": EN_TEXT},
        ],
    )
    (docs / "note.txt").write_text("Олимпийский комитет в Лозанне.", encoding="utf-8")
    r = run_cli("index", str(docs), "--index", str(tmp_path / "ix"), "--json")
    assert r.exit_code == 1
    stats = json.loads(r.stdout)
    assert (stats["added"], stats["failed"], stats["bad_records"]) == (2, 0, 5)
    feed = docs / "feed.jsonl"
    assert r.stderr.splitlines() == [
        f"polyseek: failed {feed}:2: malformed JSON (Unterminated string starting at column 26)",
        f"polyseek: failed {feed}:3: expected a JSON object, got list",
        f'polyseek: failed {feed}:4: missing "id" (or "_id", "docid"; a non-empty string)',
        f"polyseek: failed {feed}:5: NUL byte outside a JSON string (binary data)",
        f"polyseek: failed {feed}:6: duplicate id 'ru' (first on line 1)",
    ]
    assert stats["failures"] == [line.removeprefix("polyseek: failed ") for line in r.stderr.splitlines()]
    assert doc_ids(tmp_path / "ix", "Лозанна") == {"ru", str(docs / "note.txt")}
    assert doc_ids(tmp_path / "ix", "Kazakhstan") == {"en"}
    assert doc_ids(tmp_path / "ix", "قطر") == {"ar"}
    summary = run_cli("reindex", "--index", str(tmp_path / "ix"))
    assert summary.exit_code == 0 and summary.stderr == ""  # the next run is clean


def test_a_binary_file_named_jsonl_is_still_skipped_whole(tmp_path: Path) -> None:
    import zlib

    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + zlib.compress(b"\x00" * 4000) + b"\n" * 3
    (tmp_path / "photo.jsonl").write_bytes(png)
    r = run_cli("index", str(tmp_path / "photo.jsonl"), "--index", str(tmp_path / "ix"), "--json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["skipped"] == 1 and "binary file" in r.stderr


COLLECTIONS = {
    # name: a record as that collection writes it
    "beir.jsonl": {"_id": "doc1", "title": "Бах в Лозанне", "text": RU_TEXT, "metadata": {}},
    "mrtydi.jsonl": {"docid": "doc1", "title": "Бах", "text": RU_TEXT},
    "miracl.jsonl": {"docid": "doc1#0", "title": "Бах", "text": RU_TEXT},
    "pyserini.jsonl": {"id": "doc1", "contents": RU_TEXT},
}


@pytest.mark.parametrize("name", COLLECTIONS)
def test_common_collection_formats_are_read(tmp_path: Path, name: str) -> None:
    write_jsonl(tmp_path / name, [COLLECTIONS[name]])
    r = run_cli("index", str(tmp_path / name), "--index", str(tmp_path / "ix"), "--json")
    assert (r.exit_code, json.loads(r.stdout)["added"], r.stderr) == (0, 1, "")
    with SearchIndex.open(tmp_path / "ix") as six:
        (hit,) = six.search("Кулибаев Лозанна").hits
    record = COLLECTIONS[name]
    assert hit.doc_id == record.get("_id", record.get("docid", record.get("id")))
    assert hit.title == record.get("title", RU_TEXT.splitlines()[0].strip()) or name == "pyserini.jsonl"


def test_fields_named_by_the_user_are_remembered_for_reindex(tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "trec.jsonl", [{"docno": "FT911-1", "headline": "Бах", "body": RU_TEXT, "day": "1991-03-02"}])
    ix = tmp_path / "ix"
    plain = run_cli("index", str(feed), "--index", str(ix))
    assert plain.exit_code == 1 and 'missing "id"' in plain.stderr
    args = ["--id-field", "docno", "--text-field", "body", "--title-field", "headline", "--date-field", "day"]
    r = run_cli("index", str(feed), "--index", str(ix), *args)
    assert r.exit_code == 0, r.stderr
    with SearchIndex.open(ix) as six:
        (hit,) = six.search("Кулибаев").hits
    assert (hit.doc_id, hit.title, hit.date) == ("FT911-1", "Бах", "1991-03-02")
    write_jsonl(feed, [{"docno": "FT911-2", "headline": "Qatar", "body": AR_TEXT}])
    assert run_cli("reindex", "--index", str(ix)).exit_code == 0
    assert doc_ids(ix, "قطر") == {"FT911-2"} and doc_ids(ix, "Кулибаев") == set()


def test_library_keywords_name_the_fields(tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "c.jsonl", [{"key": "k1", "passage": EN_TEXT}])
    with SearchIndex.create(tmp_path / "ix") as six:
        stats = six.add_path(feed, id_field="key", text_field="passage")
        assert (stats.added, stats.bad_records) == (1, 0)
        assert {h.doc_id for h in six.search("Kazakhstan").hits} == {"k1"}


# -- batch -------------------------------------------------------------------------


@pytest.fixture
def small_index(tmp_path: Path) -> Path:
    feed = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "ru", "text": RU_TEXT}, {"id": "en", "text": EN_TEXT}]
        + [{"id": f"doc{ws}one Q0 fake 1 99 run{ws}q1 Q0 injected", "text": f"Kazakhstan {i}"} for i, ws in enumerate(WHITE_SPACE)],
    )
    assert run_cli("index", str(feed), "--index", str(tmp_path / "ix")).exit_code == 0
    return tmp_path / "ix"


def read_run(path: Path) -> list[list[str]]:
    rows = [row.split(" ") for row in path.read_text(encoding="utf-8").split("\n") if row]
    assert all(len(row) == 6 and row[1] == "Q0" and row[5] == "polyseek" for row in rows), rows
    assert all(row == text.split() for row, text in zip(rows, path.read_text(encoding="utf-8").split("\n")))
    return rows


def test_ids_holding_any_white_space_cannot_forge_run_lines(tmp_path: Path, small_index: Path) -> None:
    queries = write_jsonl(tmp_path / "q.jsonl", [{"id": "q\u2028one", "text": "Kazakhstan"}])
    r = run_cli("batch", "--queries", str(queries), "--output", str(tmp_path / "run"), "--index", str(small_index), "-n", "500")
    assert r.exit_code == 0, r.stderr
    rows = read_run(tmp_path / "run")
    assert {urllib.parse.unquote(row[0]) for row in rows} == {"q\u2028one"}
    forged = {urllib.parse.unquote(row[2]) for row in rows} - {"en", "ru"}
    assert forged == {f"doc{ws}one Q0 fake 1 99 run{ws}q1 Q0 injected" for ws in WHITE_SPACE}


def test_batch_reads_beir_queries_and_trec_topics(tmp_path: Path, small_index: Path) -> None:
    beir = write_jsonl(tmp_path / "queries.jsonl", [{"_id": "1", "text": "Кулибаев Лозанна", "metadata": {}}])
    topics = tmp_path / "topics.txt"
    topics.write_text(
        "<top>\n<num> Number: 301\n<title> Кулибаев в Лозанне\n\n<desc> Description:\nБах.\n\n<narr> Narrative:\nx\n</top>\n\n"
        "<top>\n<num> Number: 302\n<title> Kazakhstan Olympic committee\n</top>\n",
        encoding="utf-8",
    )
    for queries, best in ((beir, {("1", "ru")}), (topics, {("301", "ru"), ("302", "en")})):
        out = tmp_path / f"{queries.name}.run"
        r = run_cli("batch", "--queries", str(queries), "--output", str(out), "--index", str(small_index))
        assert r.exit_code == 0, r.stderr
        assert {(row[0], row[2]) for row in read_run(out) if row[3] == "1"} == best


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        ('{"id": "q1", "text": "Tokyo"}\n{"text": "no id"}\n', ':2: missing "id" (or "_id"), a non-empty string'),
        ('{"id": "q1", "text": "Tokyo"}\n{"id": "q2", "text": \n', ":2: malformed JSON (Expecting value)"),
        ('{"id": "q1", "text": "Tokyo"}\n{"id": "q2", "text": "lang:xx Tokyo"}\n', ": query 'q2': "),
        ("<top>\n<num> Number: 301\n<desc> no title\n</top>\n", ":1: a <top> topic needs <num> and a <title> with text"),
    ],
)
def test_a_bad_query_is_named_and_the_run_file_is_left_as_it_was(
    tmp_path: Path, small_index: Path, queries: str, message: str
) -> None:
    path = tmp_path / "q.txt"
    path.write_text(queries, encoding="utf-8")
    out = tmp_path / "run"
    out.write_text("previous run\n", encoding="utf-8")
    r = run_cli("batch", "--queries", str(path), "--output", str(out), "--index", str(small_index))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"polyseek: error: {path}{message}"), r.stderr
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "ix", "q.txt", "run"]
