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

from corpus import read_path
from searcher import SearchIndex

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


def _found(ix: SearchIndex, query: str) -> list[tuple[str, int, int, str]]:
    return [(Path(h.source).name, h.passage, h.line, h.snippet.text) for h in ix.search(query, limit=20)]


def test_the_old_index_holds_what_its_sources_hold(old_index: Path) -> None:
    docs = list(read_path(FIXTURE / "docs"))
    with SearchIndex.open(old_index) as ix:
        info = ix.info()
        assert info.documents == len(docs) and info.passages == sum(len(d.passages) for d in docs)
        assert ix.check() >= 1  # checksums written with it still verify


def test_the_old_index_answers_as_a_fresh_one(old_index: Path, fresh_index: Path) -> None:
    docs = list(read_path(FIXTURE / "docs"))
    # each document's title words, a name across scripts, a phrase, a date filter, a typo
    queries = [d.title for d in docs if d.title.strip("*")] + [
        "Kulibayev",
        '"олимпийского комитета"',
        "комитет date:2026",
        "swimers",
    ]
    with SearchIndex.open(old_index) as old, SearchIndex.open(fresh_index) as fresh:
        for q in queries:
            a, b = old.search(q), fresh.search(q)
            assert _found(old, q) == _found(fresh, q), q
            assert a.suggestion == b.suggestion and a.total == b.total, q
        assert any(old.search(q).total for q in queries)
        assert old.analyze("Олимпийского комитета") == fresh.analyze("Олимпийского комитета")


def test_the_old_index_takes_new_files(old_index: Path, tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "n.txt").write_text("Новости\n\nПловцы тренировались на озере zqnewq.\n", encoding="utf-8")
    with SearchIndex.open(old_index) as ix:
        assert ix.add_path(tmp_path / "new").added == 1
        assert ix.search("zqnewq").total == 1
        assert ix.search("олимпийского комитета").total >= 1
