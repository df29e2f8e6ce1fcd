"""Positions read from the posting blocks (:mod:`searcher.positions`) are Whoosh's.

Every term of ``text`` and ``title`` in an index of the sample files, over every live
passage, in a fresh index and after a reindex that leaves deleted passages in a first
segment and the rewritten ones in a second: the positions equal those of Whoosh's matcher
(``value_as("positions")``), passage by passage.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from polyseek.index import store
from polyseek.searcher import SearchIndex
from polyseek.searcher.fastpath import deleted_docnums
from polyseek.searcher.positions import per_document, term_positions

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def _compare(ix: SearchIndex) -> int:
    """Asserts every term's positions are Whoosh's; returns how many terms were compared."""
    s = ix._current_searcher()
    gone = deleted_docnums(s)
    live = [n for n in range(s.doc_count_all()) if n not in gone]
    blocks: dict = {}  # shared by every term, as a query shares it
    compared = 0
    for field in ("text", "title"):
        for term in sorted({t for t in s.reader().lexicon(field)}):
            text = term.decode("utf-8")
            expected = per_document(s, field, text, live, lambda m: list(m.value_as("positions")))
            assert term_positions(s, field, text, live, blocks) == expected, (field, text)
            assert term_positions(s, field, text, live[1::3], blocks) == {n: expected[n] for n in live[1::3] if n in expected}
            compared += 1
    return compared


def test_positions_from_blocks_are_whooshs(tmp_path: Path, monkeypatch) -> None:
    # every segment kept as it is, so that the replaced passages stay in it, deleted
    monkeypatch.setattr(store, "merge_policy", lambda writer, segments: segments)
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    for f in folder.iterdir():  # written an hour ago: a reindex then sees the rewrite below
        os.utime(f, (time.time() - 3600, time.time() - 3600))
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(folder)
        assert _compare(ix) > 500
        rewritten = sorted(folder.iterdir())[1]
        rewritten.write_text(" ".join(rewritten.read_text(encoding="utf-8").split()[::2]), encoding="utf-8")
        assert ix.reindex().updated == 1
        assert ix._pix.deleted_count() > 0 and ix._pix.segment_count() >= 2
        assert _compare(ix) > 500
