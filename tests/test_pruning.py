"""Block-max pruning (searcher/maxscore.py) keeps exactly the passages exhaustive scoring keeps.

A real index of the three XQuAD collections (720 documents), written with posting blocks
of 8 instead of Whoosh's 128 so that the lists of these small collections run to many
blocks, and every query of xquad-en and of xquad-ru: the top 10 passages, pruned and
scored exhaustively, equal docnum for docnum and float for float.  The thresholds are
lowered so that every query goes through the pruned path and every list is read by
blocks, with and without the shorter lists read whole; a reindex then leaves deleted
passages in a second segment (xquad-ar's queries, top 10 and 30).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from whoosh.codec.whoosh3 import W3Codec
from whoosh.query import Or

from polyseek.index import codec
from polyseek.searcher import SearchIndex, candidates, fastpath, maxscore
from polyseek.searcher.doccount import DocumentCount
from polyseek.searcher.ranking import masked_docnums

EVAL = next(
    (p for p in (Path(__file__).resolve().parents[2] / "shared" / "eval", Path("/work/shared/eval")) if p.is_dir()),
    Path("/work/shared/eval"),
)
COLLECTIONS = ("xquad-en", "xquad-ru", "xquad-ar")
pytestmark = pytest.mark.skipif(
    not all((EVAL / c / "corpus.jsonl").exists() for c in COLLECTIONS), reason="shared eval collections not available"
)


@pytest.fixture(scope="module")
def xquad_index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("xquad")
    for name in COLLECTIONS:  # six files each: a reindex can replace a part of a collection
        lines = (EVAL / name / "corpus.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
        for part in range(6):
            (folder / f"{name}-{part}.jsonl").write_text("".join(lines[part::6]), encoding="utf-8")
            # written an hour ago: a file indexed within a moment of being written is racy
            # (its record could miss a same-instant change), and every later reindex would read
            # it again and rewrite its record, which pushes a small commit into a full merge
            os.utime(folder / f"{name}-{part}.jsonl", (time.time() - 3600, time.time() - 3600))
    path = folder / "ix"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(codec.FastW3Codec, "__init__", lambda self: W3Codec.__init__(self, blocklimit=BLOCK, inlinelimit=2))
        with SearchIndex.create(path) as ix:
            stats = ix.add_path(folder)
    assert stats.failed == 0 and stats.added == 18
    return path


#: Postings per block in the test index (Whoosh's is 128).
BLOCK = 8


def _queries(name: str) -> list[str]:
    lines = (EVAL / name / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _scored_queries(ix: SearchIndex, queries: list[str]) -> Iterator[tuple[Any, Any]]:
    """``(compiled query, its masked passages)`` of each query that scores anything."""
    s = ix._current_searcher()
    for query in queries:
        cq = ix._context(query).query
        if cq is not None and cq.scoring is not None:
            yield cq, masked_docnums(s, cq)


def _compare(ix: SearchIndex, queries: list[str], limits: tuple[int, ...], monkeypatch) -> tuple[int, int]:
    """(queries compared, queries whose pruned path left a block unread); asserts equality."""
    counts = {"headers": 0, "read": 0}
    headers, block = maxscore._headers, maxscore._Long.block

    def counted_headers(leaf, searcher):
        out = headers(leaf, searcher)
        counts["headers"] += len(out.ends)
        return out

    def counted_block(self, j):
        counts["read"] += j not in self.read
        return block(self, j)

    monkeypatch.setattr(maxscore, "_headers", counted_headers)
    monkeypatch.setattr(maxscore._Long, "block", counted_block)
    s = ix._current_searcher()
    compared = skipping = 0
    for cq, masked in _scored_queries(ix, queries):
        for limit in limits:
            exhaustive = fastpath.top_passages(s, cq.scoring, limit, deny=masked)
            counts.update(headers=0, read=0)
            pruned = fastpath.top_passages(s, cq.scoring, limit, deny=masked, prune=True)
            assert pruned == exhaustive, (query, limit)
            skipping += counts["read"] < counts["headers"]
        compared += 1
    return compared, skipping


@pytest.fixture()
def prune_everything(monkeypatch) -> None:
    """Every query through the pruned path, as on a big segment: no list too short to skip
    in, and Whoosh's unions as binary trees (on a segment of at most 5,000 passages Whoosh
    preloads a union of more than two words into an array, which is scored exhaustively)."""
    monkeypatch.setattr(maxscore, "MIN_SKIPPABLE", 0)
    monkeypatch.setattr(maxscore, "SHORT_LIST", 0)
    monkeypatch.setattr(Or, "matcher_type", Or.DEFAULT_MATCHER)


def test_pruned_top_passages_equal_exhaustive_on_every_xquad_query(xquad_index: Path, monkeypatch, prune_everything) -> None:
    with SearchIndex.open(xquad_index) as ix:
        reader = max((r for r, _ in ix._current_searcher().reader().leaf_readers()), key=lambda r: r.doc_count_all())
        df, term = max((info.doc_frequency(), term) for term, info in reader.iter_field("text"))
        m, blocks = reader.postings("text", term), 0
        while m.is_active():
            blocks += 1
            m._next_block()
        assert blocks == -(-df // BLOCK) > 20  # lists of many blocks
        queries = _queries("xquad-en")
        # every list read by blocks, and the shorter lists read whole (half the queries each)
        monkeypatch.setattr(maxscore, "LONG_SHARE", 0.0)
        compared, skipping = _compare(ix, queries[::2], (10,), monkeypatch)
        monkeypatch.setattr(maxscore, "LONG_SHARE", 0.5)
        more, more_skipping = _compare(ix, queries[1::2], (10,), monkeypatch)
    assert compared + more == len(queries)
    assert skipping > compared // 20 and more_skipping > more // 20, (skipping, more_skipping)  # blocks left unread


def test_pruned_equal_exhaustive_with_deleted_passages_and_two_segments(
    xquad_index: Path, tmp_path: Path, monkeypatch, prune_everything
) -> None:
    path = tmp_path / "ix"
    shutil.copytree(xquad_index, path)
    folder = xquad_index.parent
    with SearchIndex.open(path) as ix:
        # rewrite a part of one collection: its old passages stay in the first segment, deleted
        source = folder / "xquad-ar-2.jsonl"
        original = source.read_text(encoding="utf-8")
        try:
            source.write_text("\n".join(original.splitlines()[::2]) + "\n", encoding="utf-8")
            stats = ix.reindex()
            assert stats.updated == 1
            assert ix._pix.deleted_count() > 0 and ix._pix.segment_count() >= 2
            compared, _ = _compare(ix, _queries("xquad-ar")[::4], (10, 30), monkeypatch)
        finally:
            source.write_text(original, encoding="utf-8")
    assert compared > 250


def _decoded_as_whoosh(path: Path) -> dict[str, int]:
    """Every posting list of ``text`` and ``title`` read by the fast path (blocks decoded
    without their values where the layout allows) equals Whoosh's own reading, posting by
    posting; returns how many blocks were decoded each way."""
    from itertools import accumulate

    blocks = {"without values": 0, "whole": 0}
    with SearchIndex.open(path) as ix:
        s = ix._current_searcher()
        for sub, _ in s.leaf_searchers():
            reader = sub.reader()
            for field in ("text", "title"):
                for term in reader.lexicon(field):
                    fast = reader.postings(field, term)
                    if not fastpath.is_w3_leaf(fast):
                        continue
                    plain = reader.postings(field, term)
                    expected: tuple[list, list] = ([], [])
                    while plain.is_active():
                        expected[0].append(plain.id())
                        expected[1].append(plain.weight())
                        plain.next()
                    probe = reader.postings(field, term)
                    while probe.is_active():
                        data = probe._postfile.get(probe._dataoffset, probe._nextoffset - probe._dataoffset)
                        got = fastpath.numbers_and_weights(data, probe._compression, probe._blocklength)
                        if got is not None:
                            probe._read_ids()
                            assert tuple(accumulate(got[0])) == tuple(probe._ids)
                        blocks["whole" if got is None else "without values"] += 1
                        probe._next_block()
                    assert fastpath.leaf_postings(fast) == expected, (field, term)
    return blocks


def test_blocks_read_without_their_values_give_whoosh_postings(xquad_index: Path, tmp_path: Path) -> None:
    # 8-posting blocks (most stored as they are, some compressed), weights of every kind
    small = _decoded_as_whoosh(xquad_index)
    assert small["without values"] > 1000 and small["whole"] == 0, small
    # the codec's own blocks (BLOCK_POSTINGS postings), compressed
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("xquad-en", "xquad-ru"):
        shutil.copy(EVAL / name / "corpus.jsonl", folder / f"{name}.jsonl")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(folder)
    full = _decoded_as_whoosh(tmp_path / "ix")
    assert full["without values"] > 100 and full["whole"] == 0, full


def _compare_candidates(ix: SearchIndex, queries: list[str], limits: tuple[int, ...], monkeypatch) -> dict[str, int]:
    """Asserts that a counted search's best passages, matching passages and postings are the
    same with the long lists scored for the candidates only (searcher/candidates.py) as with
    every posting scored; returns how the segments were answered."""
    counts = {"queries": 0, "segments": 0, "every posting": 0, "left unscored": 0, "seeded": 0}
    every = candidates._every_score
    within = candidates._within_reach
    seed = candidates._seed

    def counted_seed(longs):
        got = seed(longs)
        counts["seeded"] += got is not None
        return got

    def counted_within(m, searcher, worst, others, docnums, floor):
        got = within(m, searcher, worst, others, docnums, floor)
        counts["left unscored"] += got is not None and len(got[0]) < len(docnums)
        return got

    def counted_every(*args):
        counts["every posting"] += 1
        return every(*args)

    top = candidates.segment_top

    def counted_top(*args, **kwargs):
        got = top(*args, **kwargs)
        counts["segments"] += got is not None
        return got

    monkeypatch.setattr(candidates, "_every_score", counted_every)
    monkeypatch.setattr(candidates, "_seed", counted_seed)
    monkeypatch.setattr(candidates, "_within_reach", counted_within)
    monkeypatch.setattr(candidates, "segment_top", counted_top)
    s = ix._current_searcher()
    for cq, masked in _scored_queries(ix, queries):
        for limit in limits:
            results = []
            for long_list in (10**12, LONG):  # every posting scored; the long lists for the candidates only
                monkeypatch.setattr(candidates, "LONG_LIST", long_list)
                matched: set[int] = set()
                postings: fastpath.Postings = {}
                passages = fastpath.top_passages(s, cq.scoring, limit, deny=masked, matched=matched, postings=postings)
                results.append((passages, matched, {k: dict(v) for k, v in postings.items()}))
                # the documents counted from the lists as read: those of the matching passages
                documents = DocumentCount.of(s, "doc_id", masked)
                assert fastpath.top_passages(s, cq.scoring, limit, deny=masked, documents=documents) == passages
                assert documents.total() == fastpath.count_distinct(s, "doc_id", matched), (cq, limit)
            assert results[1] == results[0], (cq, limit)
        counts["queries"] += 1
    return counts


#: A list of this many postings is long in the candidate tests (two blocks of the test index).
LONG = 2 * BLOCK


def test_candidates_give_the_passages_count_and_postings_of_scoring_every_posting(
    xquad_index: Path, tmp_path: Path, monkeypatch, prune_everything
) -> None:
    monkeypatch.setattr(candidates, "LONG_SHARE", 0.0)
    with SearchIndex.open(xquad_index) as ix:
        counts = _compare_candidates(ix, _queries("xquad-en")[::2] + _queries("xquad-ru")[::4], (10,), monkeypatch)
    assert counts["queries"] > 800
    # most segments answered by the candidates alone, some by every posting after all; a
    # long list scored for its passages within reach of the top only, in some
    assert 0 < counts["every posting"] < counts["segments"] // 4, counts
    assert counts["left unscored"] > 0, counts
    # a query of long lists only: the shortest one's passages as candidates
    assert counts["seeded"] > 0, counts
    path = tmp_path / "ix"
    shutil.copytree(xquad_index, path)
    source = xquad_index.parent / "xquad-ar-3.jsonl"
    original = source.read_text(encoding="utf-8")
    with SearchIndex.open(path) as ix:
        try:  # deleted passages in the first segment, the rewritten ones in a second
            source.write_text("\n".join(original.splitlines()[1::2]) + "\n", encoding="utf-8")
            assert ix.reindex().updated == 1 and ix._pix.deleted_count() > 0
            # the passages of the long lists' ranges that reach the top taken as candidates
            # however many they are (by default, past a tenth of the long lists' postings the
            # long list of the highest bound is scored whole instead)
            monkeypatch.setattr(candidates, "REACHING_SHARE", 1.0)
            counts = _compare_candidates(ix, _queries("xquad-ar")[::4], (10, 30), monkeypatch)
        finally:
            source.write_text(original, encoding="utf-8")
    assert counts["queries"] > 250 and counts["segments"] > counts["queries"], counts
