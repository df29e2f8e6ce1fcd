"""An index written by an earlier polyseek keeps opening, searching and taking new files.

Whoosh pickles the schema (polyseek's analyzer and field classes, with their settings)
and the codec (:class:`index.codec.FastW3Codec`) into every index.  ``fixtures/index-0.1.0/ix``
was written by polyseek 0.1.0 (December 2026) from ``fixtures/index-0.1.0/docs``.  If this
test fails, a pickled class was renamed, moved or changed its state: keep the old name
importable and read the old state (``__setstate__``); never regenerate the fixture to make
the test pass.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from polyseek.corpus import read_path
from polyseek.searcher import SearchIndex

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "index-0.1.0"


@pytest.fixture()
def old_index(tmp_path: Path) -> Path:
    copy = tmp_path / "ix"
    shutil.copytree(FIXTURE / "ix", copy)  # never write to the committed fixture
    return copy


@pytest.fixture(scope="module")
def fresh_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fresh") / "ix"
    with SearchIndex.create(path) as ix:
        assert ix.add_path(FIXTURE / "docs").failed == 0
    return path


def _key(source: str, doc_id: str) -> tuple[str, str]:
    """A document wherever the checkout is (a text file's id is its path when indexed)."""
    return Path(source).name, Path(doc_id).name if doc_id.startswith("/") else doc_id


def test_the_old_index_holds_what_its_sources_hold(old_index: Path) -> None:
    docs = list(read_path(FIXTURE / "docs"))
    with SearchIndex.open(old_index) as ix:
        info = ix.info()
        assert info.documents == len(docs) and info.passages == sum(len(d.passages) for d in docs)
        assert ix.check() >= 1  # checksums written with it still verify
        with ix._pix.searcher() as s:  # its passages still hold the root field no version reads
            assert all("root" in f for f in s.all_stored_fields() if f.get("pid", "").count("#"))


def test_the_old_index_finds_each_document_and_feature(old_index: Path, fresh_index: Path) -> None:
    # (Not the same ranking as a fresh index: later analysis changes may change an old
    # index's terms against today's query analysis; what must hold is that it answers.)
    docs = list(read_path(FIXTURE / "docs"))
    with SearchIndex.open(old_index) as old, SearchIndex.open(fresh_index) as fresh:
        for doc in docs:
            if doc.title.strip("*"):
                found = {_key(h.source, h.doc_id) for h in old.search(doc.title, limit=20)}
                assert _key(doc.source, doc.id) in found, doc.title
        # a name across scripts, a phrase, a date filter, a typo: as a fresh index
        for q in ("Kulibayev", '"олимпийского комитета"', "комитет date:2026"):
            found = {Path(h.source).name for h in old.search(q)}
            assert found and found == {Path(h.source).name for h in fresh.search(q)}, q
        assert old.search("swimers").suggestion == fresh.search("swimers").suggestion == "swimmers"
        assert old.analyze("Олимпийского комитета") == fresh.analyze("Олимпийского комитета")


def test_the_old_index_takes_new_files(old_index: Path, tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "n.txt").write_text("Новости\n\nПловцы тренировались на озере zqnewq.\n", encoding="utf-8")
    with SearchIndex.open(old_index) as ix:
        assert ix.add_path(tmp_path / "new").added == 1
        assert ix.search("zqnewq").total == 1
        assert ix.search("олимпийского комитета").total >= 1


def test_character_offsets_stay_in_an_old_index_and_phrases_read_alike(old_index: Path, tmp_path: Path) -> None:
    # 0.1.0 indexed the text with character offsets; nothing reads them (snippets analyse the
    # stored passage again), so a new index keeps positions only; the old one keeps its own
    # format for the files it takes later, and answers as a new index does
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "n.txt").write_text("Новости\n\nПловцы тренировались на озере Комо с тренером.\n", encoding="utf-8")
    with SearchIndex.open(old_index) as old, SearchIndex.create(tmp_path / "fresh") as fresh:
        assert old._pix.schema["text"].supports("characters")
        assert fresh._pix.schema["text"].supports("positions") and not fresh._pix.schema["text"].supports("characters")
        assert old.add_path(tmp_path / "new").added == fresh.add_path(tmp_path / "new").added == 1
        for query in ('"тренировались на озере"', '"озере Комо"~1', "тренер*"):
            ((a,), (b,)) = ([h for h in ix.search(query).hits if Path(h.source).name == "n.txt"] for ix in (old, fresh))
            assert a.snippet == b.snippet and a.snippet.ranges and a.match_line == b.match_line == 3, query
