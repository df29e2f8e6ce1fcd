"""A write session's file records for the manifest, packed and mostly on disk (index/filetable.py):
the same records in the same order as the dict of records they replace, and none of the
:class:`FileRecord` objects a run made kept once their commit is done."""

from __future__ import annotations

import gc
import random
from pathlib import Path

import pytest

from polyseek.index import PassageIndex, sync_paths
from polyseek.index import filetable
from polyseek.index.filetable import FileTable
from polyseek.index.manifest import read_manifest
from polyseek.index.store import FileRecord
from indexcheck import check_manifest
from textcorpus import write_corpus


@pytest.mark.parametrize("buffer", [filetable.BUFFER_BYTES, 300])
def test_the_table_holds_what_a_dict_updated_change_by_change_holds(tmp_path, monkeypatch, buffer):
    monkeypatch.setattr(filetable, "BUFFER_BYTES", buffer)  # 300: most of it on disk
    rng = random.Random(11)
    names = [f"/docs/файл {i}\udcff.txt" if i % 7 == 0 else f"/docs/{i:05d}-ar.txt" for i in range(400)]
    table, expected = FileTable(tmp_path), {}
    for step in range(3000):
        source = rng.choice(names)
        if rng.random() < 0.25:
            table.drop(source)
            expected.pop(source, None)
        else:
            values = (rng.randrange(1 << 40), rng.randrange(1 << 62), rng.randrange(1 << 62))
            table.put(source, *values)
            expected[source] = values
        if step % 500 == 0:
            assert list(table.items()) == [(s, *v) for s, v in expected.items()]
    assert list(table.items()) == [(s, *v) for s, v in expected.items()]
    table.close()
    assert list(table.items()) == []


def test_sources_each_put_once_come_back_in_order_from_the_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(filetable, "BUFFER_BYTES", 1000)
    table = FileTable(tmp_path)
    records = [(f"/docs/{i:06d}-ru.txt", 4000 + i, 10**18 + i, 10**18 + 2 * i) for i in range(2000)]
    for record in records:
        table.put(*record)
    table.drop("/docs/never-indexed.txt")  # a drop of nothing changes nothing
    assert list(table.items()) == records
    assert table._log.on_disk and table._log.in_memory < 1000
    assert [p.name for p in tmp_path.iterdir()] == []  # the temporary file has no name


def test_a_disk_that_refuses_keeps_the_table_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(filetable, "BUFFER_BYTES", 100)
    table = FileTable(tmp_path / "gone")  # no such folder: no temporary file
    for i in range(50):
        table.put(f"/docs/{i}.txt", i, i, i)
    assert list(table.items()) == [(f"/docs/{i}.txt", i, i, i) for i in range(50)]


def test_a_first_index_keeps_no_record_of_a_committed_file(tmp_path, monkeypatch):
    """Indexing 120 files in commits of a few files: the FileRecords alive stay those of one
    transaction (they were kept for the manifest, one per file indexed so far); the manifest
    written at the end, from the table on disk, holds every record of the index."""
    monkeypatch.setattr(filetable, "BUFFER_BYTES", 2000)
    docs = tmp_path / "docs"
    write_corpus(docs, 120, seed=3, paragraphs=1)
    alive: list[tuple[int, int]] = []

    def progress(p) -> None:
        if p.files_done and p.files_done % 20 == 0:
            gc.collect()  # records of this run only (other tests' may still be alive in this process)
            mine = sum(isinstance(o, FileRecord) and o.source.startswith(str(docs)) for o in gc.get_objects())
            alive.append((p.files_done, mine))

    pix = PassageIndex.create(tmp_path / "ix")
    stats = sync_paths(pix, [docs], commit_every=6, progress=progress)
    pix.close()
    assert stats.added == 120 and [done for done, _ in alive] == [20, 40, 60, 80, 100, 120]
    assert 0 < max(n for _, n in alive) <= 12, alive  # a transaction's files, not every file indexed
    assert check_manifest(tmp_path / "ix") == "current"
    assert len(read_manifest(tmp_path / "ix").files) == 120
