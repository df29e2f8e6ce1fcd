"""Files read a batch ahead of being written (``index.sync``): the index they make is the one
made a file at a time, a file that fails among them fails alone, and none is left open."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from polyseek.analyzers.field_analyzers import clear_side_caches
from polyseek.corpus.failpoints import ENV
from polyseek.index import PassageIndex, sync
from polyseek.index.sync import sync_paths

from textcorpus import write_corpus

#: Stored fields that hold the time of the run.
_RUN_TIMES = ("indexed_at", "checked_ns")


def _contents(pix: PassageIndex) -> tuple[list, list]:
    """Every posting (field, term, document, weight, value) and every document's stored
    fields but the run's times."""
    with pix.searcher() as s:
        reader = s.reader()
        postings = []
        for fieldname, text in reader.all_terms():
            m = reader.postings(fieldname, text)
            while m.is_active():
                postings.append((fieldname, text, m.id(), m.weight(), m.value()))
                m.next()
        stored = [
            {k: v for k, v in fields.items() if k not in _RUN_TIMES} for _, fields in sorted(reader.iter_docs())
        ]
    return postings, stored


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    write_corpus(root, 40, seed=7)
    return root


def test_a_batch_read_ahead_makes_the_index_of_one_file_at_a_time(folder: Path, tmp_path: Path, monkeypatch) -> None:
    clear_side_caches()  # the batch's words are new to the side fields: read ahead analyses them
    ahead = PassageIndex.create(tmp_path / "ahead")
    assert sync_paths(ahead, [folder]).added == 40
    monkeypatch.setattr(sync, "AHEAD_FILES", 1)  # every file read as it is written
    one_by_one = PassageIndex.create(tmp_path / "one")
    assert sync_paths(one_by_one, [folder]).added == 40
    postings, stored = _contents(ahead)
    assert any(fieldname == "words" for fieldname, *_ in postings)  # the side fields are there
    assert (postings, stored) == _contents(one_by_one)


def test_a_batch_read_ahead_counts_each_files_words_once(folder: Path, tmp_path: Path, monkeypatch) -> None:
    from polyseek.analyzers import field_analyzers

    counted: list[str] = []
    count_words = field_analyzers._count_words
    monkeypatch.setattr(field_analyzers, "_count_words", lambda value: counted.append(value) or count_words(value))
    clear_side_caches()
    assert sync_paths(PassageIndex.create(tmp_path / "ahead"), [folder]).added == 40
    assert len(counted) == len(set(counted)) == 40  # once for both side fields, read ahead or written


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
def test_a_file_that_fails_in_a_batch_fails_alone_and_no_file_stays_open(folder: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(ENV, "analyse:f0003.txt")  # its analysis fails: its transaction is redone without it
    pix = PassageIndex.create(tmp_path / "ix")
    before = _open_descriptors()
    stats = sync_paths(pix, [folder], commit_every=10)  # several transactions, each reading ahead into the next
    assert _open_descriptors() == before
    assert (stats.added, stats.failed) == (39, 1)
    assert "f0003.txt" in stats.failures[0]
    with pix.searcher() as s:
        sources = {fields["source"] for _, fields in s.reader().iter_docs() if fields.get("source")}
    assert len(sources) == 39 and not any(source.endswith("f0003.txt") for source in sources)
