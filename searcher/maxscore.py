"""The best passages of a segment without scoring every posting: block-max, in docnum ranges.

A query's passage score is a tree of sums (a union of words, a word's text and title)
and maxima (a word's alternatives, :class:`polyseek.searcher.bestof.BestOf`) over BM25
scores of posting lists, each list scaled by its boosts.  Whoosh stores a long list in
blocks (of 512 postings, :data:`polyseek.index.codec.BLOCK_POSTINGS`; 128 in older segments), each with a header giving its last docnum, its largest frequency
and its shortest field: a bound of any score in the block
(:func:`polyseek.searcher.scoring.bm25_bound`), known without reading the block.

:func:`best_passages` keeps the ``limit`` best passages of a segment exactly as scoring
every posting does (the same passages, the same float scores, best first, lower docnum
first among equals), reading less:

1. the query's longest lists are read block header by block header; the others (short,
   :data:`SHORT_LIST`, or much shorter than the longest, :data:`LONG_SHARE`) whole;
2. the docnums are cut into ranges at every long list's block ends, so that in each range
   every long list is one block (or none); a range's bound is the tree's value with each
   long list at its block's bound and each short list at its best score in the range;
3. ranges are scored in decreasing order of their bounds, in doubling steps, exactly (the
   tree's own order of additions, on the postings of those blocks), and the ``limit``-th
   best score so far (``theta``) rises; once the next range's bound is *below* theta
   (with a relative :data:`MARGIN`: a passage that could tie is never passed over), no
   passage of it or of any later range can enter the top ``limit``, and their blocks are
   never read.

A common word (``said``: 279 blocks over a 41,000-document index) beside a title word
that few passages have reads the few blocks near those passages.  Trees it does not know
are left to the caller, which scores them exhaustively, as it does queries whose lists are
all short (:data:`MIN_SKIPPABLE`).

Example: :func:`polyseek.searcher.fastpath.top_passages` with ``prune=True``;
``tests/test_pruning.py`` compares both on every query of an eval collection.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from whoosh.matching import mcore, wrappers
from whoosh.matching.binary import UnionMatcher

from polyseek.searcher.bestof import BestOfMatcher
from polyseek.searcher.fastpath import (
    Read,
    Scores,
    Unsupported,
    best,
    block_at,
    is_w3_leaf,
    leaf_context,
    leaf_doc_frequency,
    leaf_postings,
    leaf_scores,
    next_block,
    scores_read,
)
from polyseek.searcher.scoring import bm25_bound

__all__ = ["MARGIN", "SHORT_LIST", "best_passages"]

#: Relative slack on every comparison of a bound with theta (the bound's float and the
#: scores' may round differently).
MARGIN = 1e-9

#: Lists of at most this many postings (two blocks) are read whole: their exact scores
#: bound a range better than a block header, and reading them costs little.
SHORT_LIST = 256

#: Below this many postings in its longest list a query is scored exhaustively (little to skip).
MIN_SKIPPABLE = 2048

#: A list is read by blocks when it has at least this share of the postings of the query's
#: longest list (and more than :data:`SHORT_LIST`); the others are read whole, so that each
#: range is bounded by their exact scores (a short list's blocks span wide docnum ranges).
LONG_SHARE = 0.5

Keep = Callable[[int], bool]  # segment docnum -> whether it may be a hit (filters, masks)


@dataclass(slots=True)
class _Long:
    """A long posting list: per block, its last docnum, where it starts and its bound."""

    leaf: Any
    ends: list[int] = field(default_factory=list)
    bounds: list[float] = field(default_factory=list)
    places: list[tuple[int, int, int, int]] = field(default_factory=list)  # data start, end, compression, count
    read: dict[int, tuple[Any, Any]] = field(default_factory=dict)  # block -> (docnums, weights)

    def block(self, j: int) -> tuple[Any, Any]:
        """Docnums and weights of block ``j`` (read once)."""
        got = self.read.get(j)
        if got is None:
            got = self.read[j] = block_at(self.leaf, *self.places[j])
        return got


@dataclass(slots=True)
class _Short:
    """A short posting list, read whole: docnums, weights and scores."""

    ids: list[int]
    weights: list[float]
    scores: list[float]


def _leaves(m: Any) -> list[Any]:
    """Every leaf matcher of the tree; raises :class:`Unsupported` for a node it cannot bound."""
    if isinstance(m, mcore.NullMatcherClass):
        return []
    kind = type(m)
    if kind in (UnionMatcher, BestOfMatcher):
        return _leaves(m.a) + _leaves(m.b)
    if kind in (wrappers.WrappingMatcher, wrappers.FilterMatcher):
        return _leaves(m.child)
    if isinstance(m, mcore.LeafMatcher) or kind is mcore.ListMatcher:
        return [m]
    raise Unsupported(kind.__name__)


def _tree_bounds(m: Any, values: dict[int, list[float]], n: int) -> list[float]:
    """The tree's score in each of ``n`` ranges with each leaf at ``values[id(leaf)]`` (0 where
    absent): a bound where each value bounds its leaf (sums and maxima of non-negative
    scores grow with them).  Whole lists at once: the work is in ``map``, not per range."""
    kind = type(m)
    if kind is UnionMatcher:
        return list(map(operator.add, _tree_bounds(m.a, values, n), _tree_bounds(m.b, values, n)))
    if kind is BestOfMatcher:
        return list(map(max, _tree_bounds(m.a, values, n), _tree_bounds(m.b, values, n)))
    if kind in (wrappers.WrappingMatcher, wrappers.FilterMatcher):
        child = _tree_bounds(m.child, values, n)
        return child if m.boost == 1.0 else [m.boost * v for v in child]
    return values.get(id(m)) or [0.0] * n


def _postings_count(leaf: Any, searcher: Any) -> int:
    """How many postings a W3 leaf's list has (0 for any other leaf: read whole)."""
    if not is_w3_leaf(leaf):
        return 0
    return leaf_doc_frequency(leaf, searcher)


def _headers(leaf: Any, searcher: Any) -> _Long:
    """Read a W3 leaf's block headers (not their data) from where it stands."""
    ctx = leaf_context(leaf, searcher)
    scorer = ctx.scorer
    out = _Long(leaf)
    leaf.reset()  # from the first block (a deleted-passage filter may have moved it on)
    while leaf.is_active():
        out.ends.append(leaf._maxid)
        out.places.append((leaf._dataoffset, leaf._nextoffset, leaf._compression, leaf._blocklength))
        out.bounds.append(bm25_bound(leaf._maxweight, leaf._minlength, scorer.avgfl, scorer.idf, scorer.K1, scorer.B))
        next_block(leaf)
    return out


def best_passages(
    m: Any, searcher: Any, limit: int, keep: Keep | None = None, seen: set[int] | None = None
) -> list[tuple[int, float]] | None:
    """The ``limit`` best ``(segment docnum, score)`` of matcher ``m`` on one segment, best
    first, lower docnum first among equals: exactly what exhaustive scoring keeps; None
    (nothing read, ``m`` untouched) for a tree it does not know or lists too short to skip
    in (:data:`MIN_SKIPPABLE`).

    ``keep``: which passages may be hits; ``seen``: a set to receive the matching passages
    (kept ones) that were scored, a part of all that match."""
    try:
        leaves = [leaf for leaf in _leaves(m) if leaf.is_active()]
        sizes = {id(leaf): _postings_count(leaf, searcher) for leaf in leaves}
    except Unsupported:
        return None
    longest = max(sizes.values(), default=0)
    if longest < MIN_SKIPPABLE:
        return None
    long_from = max(SHORT_LIST + 1, LONG_SHARE * longest)
    longs: list[_Long] = []
    shorts: dict[int, _Short] = {}
    for leaf in leaves:
        if sizes[id(leaf)] >= long_from:
            longs.append(_headers(leaf, searcher))
        else:
            ids, weights = leaf_postings(leaf)
            shorts[id(leaf)] = _Short(ids, weights, leaf_scores(leaf, searcher, ids, weights))
    if not longs:  # nothing to skip
        found = scores_read(m, searcher, {k: (s.ids, s.weights, s.scores) for k, s in shorts.items()})
        return _finish(found, limit, keep, seen)

    ranges = _ranges(m, longs, shorts)
    ranges.sort(key=lambda r: -r[0])
    top: list[float] = []  # the best scores so far, best first (theta: the last, once there are limit)
    kept: Scores = {}
    i, size = 0, 1
    while i < len(ranges):
        if len(top) >= limit:  # the ranges that can still reach theta (bounds descend)
            floor = (top[-1] - 1e-12) / (1 + MARGIN)
            lo, hi = i, len(ranges)
            while lo < hi:
                mid = (lo + hi) // 2
                if ranges[mid][0] < floor:
                    hi = mid
                else:
                    lo = mid + 1
            if lo == i:
                break  # no passage of this range or of any later one can reach theta
            if lo == len(ranges):
                size = len(ranges)  # none can be passed over yet: read on in one step
            step = ranges[i : min(lo, i + size)]
        else:
            step = ranges[i : i + size]
        i += len(step)
        size *= 2  # theta is set by the first ranges; later ones are scored in bigger steps
        found = scores_read(m, searcher, _postings(step, longs, shorts))
        if keep is not None:
            found = {d: s for d, s in found.items() if keep(d)}
        if seen is not None:
            seen.update(found)
        kept.update(found)
        top = heapq.nlargest(limit, itertools.chain(top, found.values()))
    return best(kept, limit)


def _finish(found: Scores, limit: int, keep: Keep | None, seen: set[int] | None) -> list[tuple[int, float]]:
    if keep is not None:
        found = {d: s for d, s in found.items() if keep(d)}
    if seen is not None:
        seen.update(found)
    return best(found, limit)


#: A docnum range ``(lo, hi]``: its bound, its ends, and each long list's block over it (-1: none).
Range = tuple[float, int, int, list[int]]


def _ranges(m: Any, longs: list[_Long], shorts: dict[int, _Short]) -> list[Range]:
    """The docnums cut at every long list's block ends (and one range past the last), each
    with its bound; ranges no list has a posting in are left out."""
    ends = sorted({e for lst in longs for e in lst.ends})
    ends.append(max(max((s.ids[-1] for s in shorts.values() if s.ids), default=-1), ends[-1] + 1))
    n = len(ends)
    values: dict[int, list[float]] = {}
    blocks: list[list[int]] = []  # per long list, its block over each range (-1: none)
    present = [False] * n
    for lst in longs:
        over, bound = [], []
        j, last = 0, len(lst.ends)
        for hi in ends:
            while j < last and lst.ends[j] < hi:
                j += 1
            over.append(j if j < last else -1)
            bound.append(lst.bounds[j] if j < last else 0.0)
        blocks.append(over)
        values[id(lst.leaf)] = bound
        present = [p or j >= 0 for p, j in zip(present, over)]
    for key, short in shorts.items():
        cuts = [0, *(bisect_right(short.ids, hi) for hi in ends)]
        scores = short.scores
        best = [max(scores[a:b]) if b > a else 0.0 for a, b in zip(cuts, cuts[1:])]
        values[key] = best
        present = [p or a < b for p, a, b in zip(present, cuts, cuts[1:])]
    bounds = _tree_bounds(m, values, n)
    los = [-1, *ends[:-1]]
    return [
        (bounds[r], los[r], ends[r], [over[r] for over in blocks]) for r in range(n) if present[r]
    ]


def _postings(step: list[Range], longs: list[_Long], shorts: dict[int, _Short]) -> Read:
    """Every list's postings in the ranges of ``step`` (the tree scores exactly these); a
    short list's with their scores."""
    parts: Read = {}
    for lst in longs:
        parts[id(lst.leaf)] = ([], [])
    for key in shorts:
        parts[key] = ([], [], [])
    for _, lo, hi, blocks in sorted(step, key=lambda r: r[1]):  # ascending docnums in every list
        for lst, j in zip(longs, blocks):
            if j < 0:
                continue
            ids, weights = lst.block(j)
            a, b = bisect_right(ids, lo), bisect_right(ids, hi)
            if b > a:
                part = parts[id(lst.leaf)]
                part[0].extend(ids[a:b])
                part[1].extend(weights[a:b])
        for key, short in shorts.items():
            a, b = bisect_right(short.ids, lo), bisect_right(short.ids, hi)
            if b > a:
                part = parts[key]
                part[0].extend(short.ids[a:b])
                part[1].extend(short.weights[a:b])
                part[2].extend(short.scores[a:b])
    return parts
