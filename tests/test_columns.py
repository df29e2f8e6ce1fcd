"""index/columns.py writes Whoosh's VarBytesColumn file byte for byte, holding few lengths in memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import FileStorage

from polyseek.corpus import read_path
from polyseek.index import columns
from polyseek.index.codec import FastW3Codec
from polyseek.index.columns import SpilledVarBytesWriter


def _values(samples_dir: Path, longest: int) -> list[bytes | None]:
    """Real passages' UTF-8 bytes (Russian, Arabic, English), some documents without a
    value, and one value of ``longest`` bytes (over 65,535: the lengths need a wider array)."""
    texts = [p.text.encode("utf-8") for doc in read_path(samples_dir) for p in doc.passages]
    assert len(texts) > 50 and max(map(len, texts)) > 255
    values: list[bytes | None] = []
    for n, text in enumerate(texts * 3):
        values.append(None if n % 7 == 3 else text)
    values[50] = (b"".join(texts) * 20)[:longest]
    return values


@pytest.mark.parametrize(("held", "cutoff", "longest"), [(3, 10, 70_000), (1000, 10, 300), (3, 10**6, 300), (7, 10**6, 70_000)])
def test_column_file_is_whooshs_byte_for_byte(samples_dir: Path, tmp_path: Path, held: int, cutoff: int, longest: int) -> None:
    values = _values(samples_dir, longest)
    storage = FileStorage(str(tmp_path))
    writers = {
        "stock": VarBytesColumn(write_offsets_cutoff=cutoff).writer(storage.create_file("stock")),
        "spilled": SpilledVarBytesWriter(storage.create_file("spilled"), cutoff=cutoff, folder=str(tmp_path), held=held),
    }
    for name, writer in writers.items():
        for docnum, value in enumerate(values):
            if value is not None:
                writer.add(docnum, value)
        writer.finish(len(values) + 2)  # two more documents without a value at the end
        writer._dbfile.close()
    assert (tmp_path / "spilled").read_bytes() == (tmp_path / "stock").read_bytes()
    reader = VarBytesColumn().reader(storage.open_file("spilled"), 0, storage.file_length("spilled"), len(values) + 2)
    assert [reader[n] for n in range(len(values) + 2)] == [v or b"" for v in values] + [b"", b""]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spilled", "stock"]  # no temporary file left


def test_index_written_with_lengths_spilled_reads_the_same(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    # a real segment's stored fields and doc_id column, its lengths held 5 at a time
    def build(path: Path) -> None:
        from whoosh.writing import SegmentWriter

        from polyseek.index.schema import build_schema

        path.mkdir()
        ix = whoosh_index.create_in(str(path), build_schema())
        w = SegmentWriter(ix, codec=FastW3Codec())
        for doc in read_path(samples_dir):
            for p in doc.passages:
                w.add_document(kind="passage", pid=f"{doc.id}#{p.number}", doc_id=doc.id, source=doc.source,
                               title=doc.title, text=p.text, lang=p.lang, line=p.line)  # fmt: skip
        w.commit()

    build(tmp_path / "held")
    monkeypatch.setattr(columns, "LENGTHS_HELD", 5)
    spills = []
    import tempfile  # what the column writer imports when it spills

    temporary = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **kw: spills.append(kw) or temporary(**kw))
    build(tmp_path / "spilled")
    assert len(spills) == 2  # the stored fields' column and doc_id's, in the index's folder
    assert all(kw["dir"] == str(tmp_path / "spilled") for kw in spills)
    with whoosh_index.open_dir(str(tmp_path / "held")).searcher() as a, whoosh_index.open_dir(str(tmp_path / "spilled")).searcher() as b:
        assert a.doc_count_all() > 50
        assert list(b.all_stored_fields()) == list(a.all_stored_fields())
        ca, cb = a.reader().column_reader("doc_id"), b.reader().column_reader("doc_id")
        assert [cb[n] for n in range(b.doc_count_all())] == [ca[n] for n in range(a.doc_count_all())]


def test_stored_fields_read_in_place_from_a_mapped_segment(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    """A search process reads its hits' stored fields with each document's offset and length
    read where they lie in the mapped segment (not both arrays copied when the column is
    opened): the same fields as Whoosh's reader of the same column gives."""
    from polyseek.index import mapped, stored
    from polyseek.searcher import SearchIndex

    monkeypatch.setattr(stored._BYTES, "write_offsets_cutoff", 0)  # offsets written, as past 32,768 documents
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(samples_dir)
        ix.optimize()
    with SearchIndex.open(tmp_path / "ix") as ix:
        s = ix._current_searcher()
        (leaf, _), = s.reader().leaf_readers()
        perdoc = leaf._perdoc
        fields = [leaf.stored_fields(n) for n in range(leaf.doc_count_all())]
        lazy = perdoc._cached_reader(stored.STORED_COLUMN, stored._MAPPED_BYTES)
        assert isinstance(lazy._offsets, mapped.MappedNumbers) and isinstance(lazy._lengths, mapped.MappedNumbers)
        eager = perdoc.column_reader(stored.STORED_COLUMN, VarBytesColumn())
        assert len(fields) > 50 and sum(bool(f) for f in fields) > 50
        assert [lazy[n] for n in range(leaf.doc_count_all())] == [eager[n] for n in range(leaf.doc_count_all())]
        assert list(lazy._lengths) == list(eager._lengths) and list(lazy._offsets) == list(eager._offsets)
        with pytest.raises(IndexError):
            lazy[leaf.doc_count_all()]
    # without offsets written (a segment of at most 32,768 documents), Whoosh's reader
    monkeypatch.setattr(stored._BYTES, "write_offsets_cutoff", 2**15)
    with SearchIndex.create(tmp_path / "ix2") as ix:
        ix.add_path(samples_dir)
        ix.optimize()
        (leaf, _), = ix._current_searcher().reader().leaf_readers()
        passages = [leaf.stored_fields(n) for n in range(leaf.doc_count_all())]
        kept = [f for f in fields if "doc_id" in f]  # not the file records: their times differ
        assert len(kept) > 50 and [f for f in passages if "doc_id" in f] == kept
        assert not isinstance(leaf._perdoc._cached_reader(stored.STORED_COLUMN, stored._MAPPED_BYTES)._offsets, mapped.MappedNumbers)
