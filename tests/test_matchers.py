"""``searcher.matchers.segment_matcher`` makes Whoosh's own matcher tree, each term read once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import index_with_deleted_passages
from test_fast_paths import FAST_QUERIES
from whoosh import query as wq

from polyseek.searcher import SearchIndex, fastpath
from polyseek.searcher.matchers import reader_postings, segment_matcher

#: More shapes: a long Or (Whoosh preloads it on a small segment unless the context needs the
#: current match), a word with no posting, an excluded word, a date range.
MORE_QUERIES = [
    "Olympic committee president Kazakhstan judo Japan memorandum Tokyo",
    "zzzzqqq committee",
    "комитет -Токио",
    "комитет date:2019..2021",
]


def _describe(m: Any) -> list[Any]:
    """A matcher tree as comparable values: each node's class, boost, term, list position,
    scorer figures, preloaded scores."""
    out: list[Any] = [type(m).__name__]
    for name in ("boost", "tiebreak", "_exclude", "_startoffset", "_length", "_baseoffset", "_nextoffset", "_dataoffset",
                 "_lastblock", "_atend", "_maxid", "_blocklength", "_maxweight", "_compression", "_minlength", "_maxlength",
                 "_fixedsize", "_byteids", "_term", "_data", "_ids", "_weights", "_values", "_i", "_all_weights"):
        value = getattr(m, name, None)
        out.append(sorted(value) if isinstance(value, (set, frozenset)) else value)
    scorer = getattr(m, "scorer", None) or getattr(m, "_scorer", None)
    if scorer is not None:
        figures = [getattr(scorer, name, None) for name in ("idf", "avgfl", "B", "K1", "qf", "_maxweight")]
        out.append((type(scorer).__name__, figures, scorer.max_quality(), scorer.dfl(0) if hasattr(scorer, "dfl") else None))
    out.extend(_describe(getattr(m, child)) for child in ("a", "b", "child") if hasattr(m, child))
    if hasattr(m, "_submatchers"):
        out.append([_describe(sub) for sub in m._submatchers])
        out.append(list(m._a))
    return out


def _check_trees(ix: SearchIndex) -> int:
    """Every query's tree on every segment the same as Whoosh's, in both kinds of context; a
    leaf's document frequency the segment's.  Returns how many trees had a term leaf it made."""
    s = ix._current_searcher()
    with_terms = 0
    for text in [*FAST_QUERIES, *MORE_QUERIES]:
        cq = ix._context(text).query
        for q in (cq.scoring, cq.filter, cq.exclude):
            if q is None:
                continue
            for sub, _ in s.leaf_searchers():
                for context in (s.context(), s.context(needs_current=True), s.boolean_context()):
                    ours = segment_matcher(q, sub, context)
                    assert _describe(ours) == _describe(q.matcher(sub, context)), (text, q)
                    # the leaves it made know their list's length (those Whoosh made inside a node
                    # it made, such as a preloaded union's, do not)
                    leaves = [leaf for leaf in ours.term_matchers() if hasattr(leaf, "_polyseek_df")]
                    for leaf in leaves:
                        assert fastpath.leaf_doc_frequency(leaf, sub) == leaf._polyseek_df == sub.doc_frequency(*leaf.term())
                        # the reader's own postings (no scorer), as Whoosh's reader makes them
                        reader = sub.reader()
                        assert _describe(reader_postings(reader, *leaf.term())) == _describe(reader.postings(*leaf.term()))
                    with_terms += bool(leaves)
    return with_terms


def test_segment_matcher_is_whooshs_tree(sample_index: SearchIndex) -> None:
    assert _check_trees(sample_index) > 2 * len(FAST_QUERIES)


def test_segment_matcher_with_deleted_passages(tmp_path: Path, monkeypatch) -> None:
    with index_with_deleted_passages(tmp_path, monkeypatch) as (ix, _):
        assert _check_trees(ix) > 2 * len(FAST_QUERIES)


def test_segment_matcher_of_other_queries_is_whooshs(sample_index: SearchIndex) -> None:
    """A node it does not make itself (a phrase, an And) is Whoosh's, inside its own tree."""
    s = sample_index._current_searcher()
    sub = s.leaf_searchers()[0][0]
    q = wq.Or([wq.Phrase("text", ["олимпийский", "комитет"]), wq.And([wq.Term("text", "комитет"), wq.Term("text", "токио")]),
               wq.Term("text", "комитет", boost=2.0)])
    assert _describe(segment_matcher(q, sub, s.context())) == _describe(q.matcher(sub, s.context()))


@pytest.mark.parametrize("text", ["Olympic committee", "للجنة"])
def test_segment_matcher_over_a_multi_segment_searcher_is_whooshs(sample_index: SearchIndex, text: str) -> None:
    """Handed a searcher that is not one segment's, it asks Whoosh."""
    s = sample_index._current_searcher()
    q = sample_index._context(text).query.scoring
    assert _describe(segment_matcher(q, s, s.context())) == _describe(q.matcher(s, s.context()))


def test_reader_postings_of_an_absent_term_raises_as_whooshs(sample_index: SearchIndex) -> None:
    reader = sample_index._current_searcher().leaf_searchers()[0][0].reader()
    for fieldname, text in (("text", "zzzzqqq"), ("no such field", "x")):
        with pytest.raises(Exception) as ours:
            reader_postings(reader, fieldname, text)
        with pytest.raises(Exception) as whooshs:
            reader.postings(fieldname, text)
        assert type(ours.value) is type(whooshs.value)
