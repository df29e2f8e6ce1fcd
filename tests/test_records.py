"""index/records.py: a passage reads back as it was written, from today's index and older ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyseek.corpus import read_path
from polyseek.index import records
from polyseek.index.records import IndexFeatures, PassageRecord
from polyseek.index.schema import build_schema
from polyseek.searcher import SearchIndex
from polyseek.searcher.query import QuerySyntaxError


def test_every_passage_reads_back_as_it_was_written(sample_index_dir: Path, samples_dir: Path) -> None:
    written = {
        (d.id, p.number): (d, p) for d in read_path(samples_dir) for p in d.passages
    }
    with SearchIndex.open(sample_index_dir) as ix, ix._pix.searcher() as s:
        stored = [
            PassageRecord.from_stored(f) for f in s.all_stored_fields() if records.DOC_ID in f
        ]
        assert IndexFeatures.of(s.schema.names()) == IndexFeatures(dates=True, cross_script=True, words=True)
    assert len(stored) == len(written) > 20
    for rec in stored:
        doc, p = written[(rec.doc_id, rec.passage)]
        assert (rec.source, rec.title, rec.text, rec.lang) == (doc.source, doc.title, p.text, p.lang)
        assert (rec.line, rec.char_start, rec.char_end, rec.boilerplate, rec.date) == (
            p.line, p.char_start, p.char_end, p.boilerplate, doc.date or None
        )


def test_a_passage_stores_no_root_but_file_and_root_records_do(sample_index_dir: Path) -> None:
    # a passage's root was written and never read (issue 15): file and root records keep theirs
    with SearchIndex.open(sample_index_dir) as ix, ix._pix.searcher() as s:
        stored = list(s.all_stored_fields())
    passages = [f for f in stored if records.DOC_ID in f]
    assert len(passages) > 20 and not any(records.ROOT in f for f in passages)
    for prefix in ("file:", "root:"):
        assert any(f.get(records.PID, "").startswith(prefix) and f[records.ROOT] for f in stored), prefix


def test_a_passage_has_no_id_term_of_its_own(sample_index_dir: Path) -> None:
    # a passage is its document and number; an id term per passage (doc_id#n) was never
    # searched and took 4 % of an index: only file, root and setting records have a pid
    with SearchIndex.open(sample_index_dir) as ix, ix._pix.searcher() as s:
        pids = [t.decode() for t in s.reader().lexicon(records.PID)]
        stored = [f for f in s.all_stored_fields() if records.DOC_ID in f]
    passages = [(f[records.DOC_ID], f[records.PASSAGE]) for f in stored]
    assert pids and all(p.startswith(("file:", "root:", "setting:")) for p in pids)
    assert len(passages) == len(set(passages)) > 20 and not any(records.PID in f for f in stored)


def test_an_index_without_dates_and_positions_reads_with_defaults(tmp_path: Path, samples_dir: Path) -> None:
    """Passages as an early polyseek wrote them: no date field, no line or character spans."""
    from whoosh import index as whoosh_index

    schema = build_schema()
    for name in (records.DATE, records.TRANSLIT, records.WORDS):
        schema.remove(name)
    (tmp_path / "ix").mkdir()
    old = whoosh_index.create_in(str(tmp_path / "ix"), schema)
    with old.writer() as w:
        for doc in read_path(samples_dir):
            for p in doc.passages:
                w.add_document(
                    kind="passage", pid=f"{doc.id}#{p.number}", doc_id=doc.id, source=doc.source,
                    title=doc.title, text=p.text, lang=p.lang, passage=p.number,
                )  # fmt: skip
    old.close()
    with SearchIndex.open(tmp_path / "ix") as ix:
        results = ix.search("олимпийский комитет")
        assert results.total >= 1
        hit = results.hits[0]
        assert (hit.line, hit.char_start, hit.boilerplate, hit.date) == (1, 0, False, None)
        assert "[" in hit.snippet.mark("[", "]")
        with pytest.raises(QuerySyntaxError, match="made before publication dates were stored"):
            ix.search("комитет date:2026")
