"""The files a scan found, packed and mostly on disk (index/sourcetable.py): a real folder's
files read back in the walk's order, with what ``stat`` saw, however the table is read and
wherever its entries wait; the plan made from it (index/sync.py) reads and deletes what it did."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from polyseek.corpus.files import iter_source_files
from polyseek.index import PassageIndex, sourcetable, sync
from polyseek.index.scan import scan
from polyseek.index.sourcetable import SourceFile, SourceTable
from polyseek.searcher import SearchIndex

#: (file below the root, text): Russian, Arabic and English names, two folders deep.
FILES = [
    ("новости/2024/Лозанна.txt", "Олимпийский комитет собрался в Лозанне."),
    ("новости/2024/Кулибаев.txt", "Кулибаев возглавил федерацию бокса."),
    ("أخبار/قطر.txt", "أعلنت قطر تضامنها مع اللجنة الأولمبية."),
    ("أخبار/تضامن.md", "تضامن الرياضيين في الدوحة."),
    ("news/astana.txt", "Astana hosted the committee meeting."),
    ("news/golovkin.txt", "Golovkin won the title fight in Almaty."),
    ("readme.md", "Заметки о спорте и Olympic committee."),
]


def _folder(root: Path, files: list[tuple[str, str]] = FILES) -> Path:
    docs = root / "docs"
    for name, text in files:
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs


@pytest.fixture()
def small_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table that spills to its file after a few entries and marks every third."""
    monkeypatch.setattr(sourcetable, "BUFFER_BYTES", 200)
    monkeypatch.setattr(sourcetable, "MARK_EVERY", 3)


def test_a_folders_scan_is_read_back_in_the_walks_order_however_it_is_read(tmp_path: Path, small_buffer: None) -> None:
    docs = _folder(tmp_path)
    spill = tmp_path / "ix"
    spill.mkdir()
    found = scan({str(docs): False}, folder=spill)
    table = found.files
    walked = [str(p) for p in iter_source_files(docs)]
    assert [sf.path for sf in table] == walked and len(table) == len(FILES)
    assert table._log.spilled > 0 and table._log.in_memory < 200 + 300  # most entries on disk
    assert os.listdir(spill) == []  # the file is unlinked
    for sf, size in zip(table, table.sizes):
        st = os.stat(sf.path)
        assert (sf.root, sf.size, sf.mtime_ns, sf.real, sf.follow_links) == (str(docs), st.st_size, st.st_mtime_ns, sf.path, False)
        assert sf.size == size and sf.real is sf.path
    in_order = list(table)
    places = list(range(len(table)))
    random.Random(5).shuffle(places)
    assert [table[p] for p in places] == [in_order[p] for p in places]
    assert [table[p] for p in reversed(range(len(table)))] == in_order[::-1]
    with pytest.raises(IndexError):
        table[len(table)]
    table.close()
    assert len(table) == 0 and list(table) == []


def test_without_a_folder_or_when_the_disk_refuses_the_table_stays_in_memory(tmp_path: Path, small_buffer: None) -> None:
    docs = _folder(tmp_path)
    on_disk = list(scan({str(docs): False}, folder=tmp_path).files)
    for folder in (None, tmp_path / "gone"):  # no folder; one that does not exist
        table = scan({str(docs): False}, folder=folder).files
        assert list(table) == on_disk and not table._log.on_disk and table._log.spilled == 0


def test_a_file_reached_through_a_link_keeps_its_real_path(tmp_path: Path, small_buffer: None) -> None:
    docs = _folder(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Алматы.txt").write_text("Головкин вернулся в Алматы.", encoding="utf-8")
    (docs / "ссылка").symlink_to(outside)
    table = scan({str(docs): True}, folder=tmp_path).files
    linked = [sf for sf in table if "ссылка" in sf.path]
    assert [(Path(sf.path).name, sf.real, sf.follow_links) for sf in linked] == [
        ("Алматы.txt", str(outside / "Алматы.txt"), True)
    ]
    assert len(table) == len(FILES) + 1


def test_undecodable_bytes_and_every_field_survive_packing(tmp_path: Path) -> None:
    table = SourceTable(tmp_path)
    files = [
        SourceFile("/data/caf\udce9.txt", "/data", 0, -1, "/data/caf\udce9.txt"),
        SourceFile("/data/b.jsonl", "/data", 2**40, 2**62, "/mnt/real/b.jsonl", True, (".log",), None),
        SourceFile("/other/c.log", "/other", 7, 8, "", False, (".log", ".csv")),
    ]
    for sf in files:
        table.append(sf)
    assert list(table) == files and [table[2], table[0]] == [files[2], files[0]]


def test_the_plan_keeps_the_walks_order_and_a_reindex_sees_changes_and_deletions(tmp_path: Path, small_buffer: None) -> None:
    docs = _folder(tmp_path)
    pix = PassageIndex.create(tmp_path / "ix")
    try:
        first = sync.sync_paths(pix, [docs])
        assert (first.added, first.failed) == (len(FILES), 0)
        files = {name: docs / name for name, _ in FILES}
        files["news/astana.txt"].write_text("Astana and Tokyo signed the licence.", encoding="utf-8")
        files["новости/2024/Кулибаев.txt"].write_text("Кулибаев провёл турнир в Токио.", encoding="utf-8")
        files["أخبار/قطر.txt"].unlink()
        files["news/golovkin.txt"].unlink()
        (docs / "news" / "bach.txt").write_text("Bach opened the session in Tokyo.", encoding="utf-8")
        os.utime(files["readme.md"], ns=(10**18, 10**18))  # a new mtime, the same content

        found = scan({str(docs): False}, folder=pix.path)
        todo = sync.plan(found, pix.file_records())
        candidates = [Path(sf.path).relative_to(docs).as_posix() for sf in todo.candidates]
        # the files whose size or mtime changed (or whose record is too fresh to trust), in the walk's order
        walked = [Path(p).relative_to(docs).as_posix() for p in iter_source_files(docs)]
        assert candidates == [p for p in walked if p in candidates]
        assert {"news/astana.txt", "news/bach.txt", "новости/2024/Кулибаев.txt", "readme.md"} <= set(candidates)
        assert {todo.candidates[place].path for place in todo.records} == {
            str(docs / p) for p in candidates if p != "news/bach.txt"
        }
        assert sorted(todo.vanished) == sorted([str(files["أخبار/قطر.txt"]), str(files["news/golovkin.txt"])])
        found.files.close()
        todo.candidates.close()

        stats = sync.reindex(pix)
        assert (stats.added, stats.updated, stats.deleted, stats.failed) == (1, 2, 2, 0)
        assert stats.added + stats.updated + stats.unchanged == len(FILES) - 2 + 1  # 2 gone, 1 new
    finally:
        pix.close()
    with SearchIndex.open(tmp_path / "ix") as six:
        def names(query: str) -> set[str]:
            return {Path(h.source).name for h in six.search(query, cross_script=False).hits}

        assert names("Tokyo") == {"astana.txt", "bach.txt"}
        assert names("Токио") == {"Кулибаев.txt"}
        assert names("федерацию") == set()  # Кулибаев.txt's old text
        assert names("Golovkin") == set() and names("قطر") == set()
        assert names("Лозанне") == {"Лозанна.txt"}


@pytest.mark.parametrize("order", [1, -1])
def test_a_file_under_two_roots_one_inside_the_other_is_indexed_once(tmp_path: Path, order: int) -> None:
    docs = _folder(tmp_path)
    roots = [docs, docs / "новости"][::order]
    found = scan({str(r): False for r in roots})
    assert sorted(sf.path for sf in found.files) == sorted(str(docs / name) for name, _ in FILES)
    assert {sf.root for sf in found.files if "новости" in sf.path} == {str(roots[0])}
    pix = PassageIndex.create(tmp_path / "ix")
    try:
        stats = sync.sync_paths(pix, roots)
    finally:
        pix.close()
    assert (stats.added, stats.failed, stats.skipped) == (len(FILES), 0, 0)
