"""The side fields' postings held apart from the pool (index/sidepostings.py): the segment Whoosh's pool writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from polyseek.corpus import read_path
from polyseek.index import speedups
from polyseek.index.codec import FastW3Codec
from polyseek.index.schema import SIDE_FIELDS, build_schema
from polyseek.index.speedups import MERGE_FAN_IN, speed_up_adding


def _segment_files(samples: list, folder: Path, held_apart: bool, more: list | None = None) -> dict[str, bytes]:
    """The samples' passages (their side fields on each) written 20 times over by a writer
    whose pool spills every few passages, with Whoosh's pool or ours; then ``more`` postings
    one by one; the segment's postings, term and lexicon files."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    w = SegmentWriter(ix, codec=FastW3Codec(), limitmb=1, compound=False)
    if held_apart:
        speed_up_adding(w)
    w.pool.limit = 200_000
    for copy in range(20):
        for doc in samples:
            for p in doc.passages:
                w.add_document(kind="passage", pid=f"{doc.id}#{p.number}/{copy}", doc_id=doc.id, source=doc.source,
                               title=doc.title, text=p.text, lang=p.lang, words=p.text, translit=p.text)  # fmt: skip
    if held_apart:
        assert not set(SIDE_FIELDS) & set(w.pool._fields) and w.pool._side.fieldnames == set(SIDE_FIELDS)
    for posting in more or ():
        w.pool.add(posting)
    w.commit()
    return {f.suffix: f.read_bytes() for f in folder.iterdir() if f.suffix in (".pst", ".trm", ".lex")}


@pytest.mark.parametrize("held_share", [100.0, 0.5, 0.05])
def test_side_postings_held_apart_write_the_files_whooshs_pool_writes(
    samples_dir: Path, tmp_path: Path, held_share: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the side fields' postings held as lists: never spilled, spilled a few times, or in more
    # runs than a merge opens at once (merged in tiers); every file the bytes of the segment
    # Whoosh's own pool gives (its spills of every posting, its merge a posting at a time)
    spills: list[int] = []
    add_side = speedups.GroupedPostingPool.add_side

    def counted(pool, *args):
        add_side(pool, *args)
        spills.append(len(pool._side_runs))

    monkeypatch.setattr(speedups, "HELD_BYTES_OF_POOL", held_share)
    monkeypatch.setattr(speedups.GroupedPostingPool, "add_side", counted)
    samples = list(read_path(samples_dir))
    whoosh = _segment_files(samples, tmp_path / "whoosh", held_apart=False)
    held = _segment_files(samples, tmp_path / "held", held_apart=True)
    assert set(held) == {".pst", ".trm", ".lex"} and held == whoosh
    expected = {100.0: range(0, 1), 0.5: range(2, MERGE_FAN_IN + 1), 0.05: range(MERGE_FAN_IN + 1, 10**6)}
    assert max(spills) in expected[held_share]


def test_side_postings_also_added_one_by_one_are_merged_with_those_held(samples_dir: Path, tmp_path: Path) -> None:
    # postings of a side field that come through the pool's add too (out of document order,
    # of a term the documents have and of new ones): merged with the held ones as Whoosh sorts them
    samples = list(read_path(samples_dir))
    more = [("words", term, doc, 1.0, pack_uint(1)) for doc in (40, 3, 0) for term in (b"zz", "олимпийский".encode())]
    more.append(("translit", b"cf:x|x", 7, 2.0, pack_uint(2)))
    whoosh = _segment_files(samples, tmp_path / "whoosh", held_apart=False, more=more)
    held = _segment_files(samples, tmp_path / "held", held_apart=True, more=more)
    assert held == whoosh
