"""A reader's document tables from the segments' runs of one doc_id are those of the column."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from polyseek.index import docruns, stored
from polyseek.searcher import SearchIndex, doccount, doctables, fastpath

DOC_ID = "doc_id"


def _dense(numbers: Iterable[int], renumbered: dict[int, int] | None = None) -> list[int]:
    """``numbers`` renumbered 0, 1, 2, ... in the order they first appear (``GONE`` kept): the
    runs number a value by its first run, the column by its rank."""
    renumbered = {} if renumbered is None else renumbered
    return [n if n == doccount.GONE else renumbered.setdefault(n, len(renumbered)) for n in numbers]


def _dense_lists(lists: list[list[int]]) -> list[list[int]]:
    renumbered: dict[int, int] = {}
    return [_dense(numbers, renumbered) for numbers in lists]


def _tables(path: Path, monkeypatch: pytest.MonkeyPatch, from_runs: bool) -> dict:
    """Every table of the doc_id column over the index at ``path``, made from the segments'
    runs or (``from_runs`` false) from the column's every value, in a fresh reader (the
    numbers renumbered in the order they first appear)."""
    with monkeypatch.context() as m:
        if not from_runs:
            m.setattr(fastpath, "reader_runs", lambda searcher, fieldname: None)
        with SearchIndex.open(path) as ix:  # a count's tables first, as a search makes them
            s = ix._current_searcher()
            masked = set(range(0, s.doc_count_all(), 3))
            live_first = _dense_lists(doccount.live_ordinals(s, DOC_ID, masked))
            halves = [fastpath.count_distinct(s, DOC_ID, range(k, s.doc_count_all(), 2)) for k in (0, 1)]
            assert fastpath.tables_made(s, DOC_ID)
        with SearchIndex.open(path) as ix:
            s = ix._current_searcher()
            everything = range(s.doc_count_all())
            out = {
                "live first": live_first,
                "documents of each half, first": halves,
                "ordinals": _dense(fastpath.value_ordinals(s, DOC_ID)),
                "counts": [fastpath.value_count(s, DOC_ID, n) for n in everything],
                "groups": {n: list(g) for n, g in fastpath.same_value(s, DOC_ID, everything).items()},
                "live": _dense_lists(doccount.live_ordinals(s, DOC_ID, masked)),
            }
            runs = fastpath.remembered(s.reader())[f"{DOC_ID}\0runs"]
            assert (runs is not None) is from_runs
            out["runs"] = runs
    return out


def _assert_same_tables(path: Path, monkeypatch: pytest.MonkeyPatch) -> doctables.ReaderRuns:
    from_runs = _tables(path, monkeypatch, from_runs=True)
    from_column = _tables(path, monkeypatch, from_runs=False)
    runs = from_runs.pop("runs")
    from_column.pop("runs")
    assert from_runs == from_column
    assert len(from_runs["ordinals"]) > 20
    return runs


def test_tables_from_runs_are_the_columns_on_the_samples(sample_index_dir: Path, monkeypatch) -> None:
    runs = _assert_same_tables(sample_index_dir, monkeypatch)
    # each file's record (no doc_id) before its document's passages, one run each
    assert list(runs.repeated) == [runs.numbers[0]] and len(set(runs.numbers)) == 6


def test_tables_from_runs_with_a_replaced_document(tmp_path: Path, monkeypatch) -> None:
    """A changed file's document: its old passages deleted in the first segment, its new
    ones in the second; the same value's runs take one number, as in the column."""
    from conftest import index_with_deleted_passages

    with index_with_deleted_passages(tmp_path, monkeypatch) as (ix, docs):
        runs = _assert_same_tables(tmp_path / "ix", monkeypatch)
        assert len(runs.repeated) == 2  # the file records and the replaced document
        (docs / "en-noc-kazakhstan-news.txt").unlink()  # its id left on deleted passages only
        assert ix.reindex().deleted == 1
        _assert_same_tables(tmp_path / "ix", monkeypatch)
        ix.optimize()  # one segment, the deleted passages gone
        runs = _assert_same_tables(tmp_path / "ix", monkeypatch)
        assert list(runs.repeated) == [runs.numbers[0]]


def _write_segment(folder: Path, rows: list[tuple[str | None, str]]) -> Path:
    """A one-segment index of ``(doc_id or None, text)`` rows in polyseek's codec."""
    from whoosh import index
    from whoosh.writing import SegmentWriter

    from polyseek.index.codec import FastW3Codec
    from polyseek.index.schema import build_schema

    schema = build_schema()
    ix = index.create_in(str(folder), schema, indexname="MAIN")
    w = SegmentWriter(ix, codec=FastW3Codec())
    for doc_id, text in rows:
        w.add_document(text=text, **({DOC_ID: doc_id} if doc_id else {}))
    w.commit()
    return folder


ROWS = [
    ("ru-1", "Олимпийский комитет собрался в Лозанне."),
    ("ru-1", "Комитет принял решение."),
    ("ar-2", "اللجنة الأولمبية الدولية"),
    (None, "a record without an id"),
    ("ru-1", "Решение комитета опубликовано."),  # met again after another value
    ("en-3", "The Olympic committee met in Lausanne."),
]


def test_tables_from_runs_with_a_value_met_again(tmp_path: Path, monkeypatch) -> None:
    runs = _assert_same_tables(_write_segment(tmp_path, ROWS * 4), monkeypatch)
    assert list(runs.lengths[:5]) == [2, 1, 1, 1, 1] and len(set(runs.numbers)) == 4
    assert {n: len(r) for n, r in runs.repeated.items()} == {0: 8, 1: 4, 2: 4, 3: 4}


def test_runs_of_equal_hashes_and_different_values_read_the_column(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(docruns, "value_hash", lambda value: 7)  # every run one hash
    path = _write_segment(tmp_path, ROWS)
    with SearchIndex.open(path) as ix:
        s = ix._current_searcher()
        assert doctables.reader_runs(s, DOC_ID) is None
    from_column = _tables(path, monkeypatch, from_runs=False)
    assert len(set(from_column["ordinals"])) == 4


def test_segments_written_without_runs_read_the_column(tmp_path: Path, monkeypatch) -> None:
    """An index written before the runs: its tables from the column, as before."""
    monkeypatch.setattr(stored, "DOC_ID", "no such field")  # doc_id's column written as the others
    path = _write_segment(tmp_path, ROWS)
    with SearchIndex.open(path) as ix:
        s = ix._current_searcher()
        (leaf, _), = s.reader().leaf_readers()
        assert docruns.read_runs(leaf) is None and doctables.reader_runs(s, DOC_ID) is None
        assert fastpath.value_count(s, DOC_ID, 0) is None  # not built yet
        assert list(fastpath.value_ordinals(s, DOC_ID)) == [0, 0, 1, 2, 0, 3]
        assert fastpath.value_count(s, DOC_ID, 4) == 3


def test_documents_counted_as_each_segments_terms_or_values(tmp_path: Path, monkeypatch) -> None:
    """BM25's N: each segment's distinct ids (ru-1 met again, a record without one), counted
    as the segment's doc_id terms, or from its column where the codec cannot count them."""
    from polyseek.index.codec import _TermsReader
    from polyseek.searcher import docscore

    path = _write_segment(tmp_path, ROWS * 4)
    for counted_terms in (True, False):
        if not counted_terms:
            monkeypatch.setattr(_TermsReader, "term_count", lambda self, fieldname: None)
        with SearchIndex.open(path) as ix:
            assert docscore.document_count(ix._current_searcher()) == 3


def test_a_readers_document_tables_cost_bytes_a_passage_not_an_object(tmp_path: Path) -> None:
    """The tables a search process keeps for its reader's life (the runs, every passage's
    number, each segment's live numbers) are arrays: a few bytes a passage.  Lists held a
    pointer a passage twice and an int object a document, ~40 bytes a passage here."""
    import tracemalloc

    rows = [(f"doc-{n}", text) for n in range(1500) for text in (f"Олимпийский комитет {n}", f"The committee met {n}")]
    path = _write_segment(tmp_path, rows)
    with SearchIndex.open(path) as ix:
        s = ix._current_searcher()
        passages = s.doc_count_all()
        tracemalloc.start()
        try:
            fastpath.value_runs(s, DOC_ID)
            fastpath.value_ordinals(s, DOC_ID)
            live = doccount.live_ordinals(s, DOC_ID, {0, 5})
            kept, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert passages == 3000 and live[0][0] == live[0][5] == doccount.GONE and live[0][2] == live[0][3] != live[0][1]
        assert kept / passages < 16, kept
