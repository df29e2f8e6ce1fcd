"""The best passages of a segment without scoring every posting (MaxScore, with block-max skips).

A passage's score is a sum over the query's words (each word a term, or the best of its
alternatives, in ``text`` and ``title``).  Every posting list has an upper bound on what
it can add to a passage, and every block of 128 postings one of its own (both from the
block headers Whoosh writes: the largest frequency and the shortest field in the block;
:func:`searcher.scoring.bm25_bound`).  :func:`best_passages` keeps the ``limit`` best
passages exactly as exhaustive scoring does (:func:`searcher.fastpath.top_passages`
without pruning: same passages, same float scores, same order), reading less:

1. the summands of the root union are taken in decreasing order of their bound and
   scored whole (the *essential* ones) while a passage matching none of them so far could
   still reach the ``limit``-th best partial score (``theta``); a summand that is a single
   term skips every block whose bound cannot lift any passage in it to ``theta``
   (block-max), without reading more than its header;
2. the remaining summands (*non-essential*: all of them together cannot lift a new
   passage to ``theta``) are only looked up for the candidates that can still reach it,
   block by block, skipping blocks that hold none of them (or, for a single term, none
   that its block bound could lift);
3. the survivors' scores are then summed again in the matcher tree's own order, so each
   is the float exhaustive scoring gives.

A comparison with a bound always leaves a relative margin (:data:`MARGIN`) and a passage
is only passed over when its bound is *below* ``theta``: one that could tie is kept (ties
are broken by the lower docnum).  Trees this module does not know raise
:class:`searcher.fastpath.Unsupported` from below; the caller scores exhaustively.

Example: see :func:`searcher.fastpath.top_passages` (``prune=True``) and
``tests/test_pruning.py``, which compares both on every query of an eval collection.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from whoosh.matching import mcore, wrappers
from whoosh.matching.binary import UnionMatcher

from polyseek.searcher.bestof import BestOfMatcher
from polyseek.searcher.fastpath import (
    LeafContext,
    Unsupported,
    best,
    block_postings,
    is_w3_leaf,
    leaf_context,
    leaf_scores_at,
    scores,
    scores_at,
)
from polyseek.searcher.scoring import bm25_bound

__all__ = ["MARGIN", "best_passages"]

#: Relative slack on every comparison with a bound: partial sums are added in another
#: order than the final ones, so they may differ in the last bits.
MARGIN = 1e-9

Scores = dict[int, float]
Keep = Callable[[int], bool]  # segment docnum -> whether it may be a hit (filters, masks)


def _summands(m: Any) -> list[Any]:
    """The matchers whose scores a passage's score adds, in the tree's order (root unions flattened)."""
    if type(m) is UnionMatcher:
        return _summands(m.a) + _summands(m.b)
    return [m]


def _bound(m: Any, searcher: Any) -> float:
    """An upper bound of any score ``m`` gives a passage."""
    if isinstance(m, mcore.NullMatcherClass) or not m.is_active():
        return 0.0
    kind = type(m)
    if kind is UnionMatcher:
        return _bound(m.a, searcher) + _bound(m.b, searcher)
    if kind is BestOfMatcher:
        return max(_bound(m.a, searcher), _bound(m.b, searcher))
    if kind in (wrappers.WrappingMatcher, wrappers.FilterMatcher):
        return m.boost * _bound(m.child, searcher)
    if is_w3_leaf(m):
        return _leaf_bound(leaf_context(m, searcher), m)
    if kind is mcore.ListMatcher:  # a one-posting list from the term table: its score
        return max(leaf_scores_at(m, searcher, None).values(), default=0.0)
    raise Unsupported(kind.__name__)


def _leaf_bound(ctx: LeafContext, m: Any, block: bool = False) -> float:
    """The bound of a W3 leaf's whole posting list, or (``block``) of its current block."""
    scorer = ctx.scorer
    if block:
        return bm25_bound(m._maxweight, m._minlength, scorer.avgfl, scorer.idf, scorer.K1, scorer.B)
    return bm25_bound(ctx.max_weight, ctx.min_length, scorer.avgfl, scorer.idf, scorer.K1, scorer.B)


def _theta(acc: Scores, limit: int) -> float:
    """The ``limit``-th best partial score (a lower bound of the final ``limit``-th best), or -inf."""
    if len(acc) < limit:
        return -math.inf
    return heapq.nlargest(limit, acc.values())[-1]


def _floor(theta: float) -> float:
    """Scores below this are certainly below ``theta``, whatever order their parts were added
    in (:data:`MARGIN`); a passage that could tie with ``theta`` is never below it."""
    return (theta - 1e-12) / (1 + MARGIN) if theta > -math.inf else -math.inf


def best_passages(
    m: Any, searcher: Any, limit: int, keep: Keep | None = None, seen: set[int] | None = None
) -> list[tuple[int, float]]:
    """The ``limit`` best ``(segment docnum, score)`` of matcher ``m`` on one segment, best
    first, lower docnum first among equals: exactly what exhaustive scoring keeps.

    ``keep``: which passages may be hits; ``seen``: a set to receive the matching passages
    (kept ones) that were read, a part of all that match."""
    summands = _summands(m)
    bounds = [_bound(s, searcher) for s in summands]
    order = sorted(range(len(summands)), key=lambda i: -bounds[i])
    rest = [0.0] * (len(order) + 1)  # rest[k]: what the summands after the k-th in order can add
    for k in range(len(order) - 1, -1, -1):
        rest[k] = rest[k + 1] + bounds[order[k]]

    parts: dict[int, Scores] = {}  # summand index -> its scores (on the passages looked at)
    acc: Scores = {}  # passage -> partial score (summands so far, in this order)
    k = 0
    # 1. essential summands: every passage they match (blocks that cannot lift one skipped)
    while k < len(order):
        floor = _floor(_theta(acc, limit))
        if k and rest[k] < floor:
            break
        i = order[k]
        if floor > -math.inf:
            got = _summand_scores(summands[i], searcher, acc, floor - rest[k + 1])
        else:
            got = scores(summands[i], searcher)
        if keep is not None:
            got = {d: s for d, s in got.items() if keep(d)}
        if seen is not None:
            seen.update(got)
        parts[i] = got
        for d, s in got.items():
            acc[d] = acc.get(d, 0.0) + s
        k += 1
    # 2. non-essential summands: looked up for the passages that can still reach theta
    while k < len(order):
        cut = _floor(_theta(acc, limit)) - rest[k]
        acc = {d: s for d, s in acc.items() if s >= cut}
        i = order[k]
        got = _summand_scores(summands[i], searcher, acc, cut + bounds[i], only=sorted(acc))
        parts[i] = got
        if seen is not None:
            seen.update(got)
        for d, s in got.items():
            if d in acc:
                acc[d] += s
        k += 1
    # 3. the survivors' exact scores, summed in the tree's order
    floor = _floor(_theta(acc, limit))
    survivors = [d for d, s in acc.items() if s >= floor]
    return best(_tree_sums(m, summands, parts, survivors), limit)


def _tree_sums(m: Any, summands: list[Any], parts: dict[int, Scores], docs: list[int]) -> Scores:
    """Each of ``docs``'s score as the tree adds it (left + right at each union)."""
    index = {id(s): i for i, s in enumerate(summands)}

    def walk(node: Any, d: int) -> float | None:
        if type(node) is UnionMatcher:
            left, right = walk(node.a, d), walk(node.b, d)
            if left is None:
                return right
            return left if right is None else left + right
        return parts.get(index[id(node)], {}).get(d)

    out: Scores = {}
    for d in docs:
        total = walk(m, d)
        if total is not None:
            out[d] = total
    return out


def _leaves(m: Any, searcher: Any, factor: float = 1.0, beside: float = 0.0) -> list[tuple[Any, float, float]]:
    """``(leaf, factor, beside)`` for each W3 posting list of a summand: its scores count
    ``factor`` times, and ``beside`` bounds what the unions above it add besides it.  A best-of
    ancestor adds nothing: where another alternative wins, this leaf's score is not used."""
    if isinstance(m, mcore.NullMatcherClass) or not m.is_active():
        return []
    kind = type(m)
    if kind is UnionMatcher:
        return _leaves(m.a, searcher, factor, beside + factor * _bound(m.b, searcher)) + _leaves(
            m.b, searcher, factor, beside + factor * _bound(m.a, searcher)
        )
    if kind is BestOfMatcher:
        return _leaves(m.a, searcher, factor, beside) + _leaves(m.b, searcher, factor, beside)
    if kind in (wrappers.WrappingMatcher, wrappers.FilterMatcher):
        return _leaves(m.child, searcher, factor * m.boost, beside)
    if is_w3_leaf(m):
        return [(m, factor, beside)]
    return []  # a one-posting list: read whole by scores_at


def _summand_scores(
    summand: Any, searcher: Any, acc: Scores, cut: float, only: list[int] | None = None
) -> Scores:
    """The summand's scores, each posting list read block by block, skipping a block that
    cannot lift a passage in it to ``cut`` (the floor of theta less what the later summands
    can add): a passage of ``acc`` by its partial score plus the block's bound, any other
    (unless ``only``: the candidates, ascending, the only passages looked up) by the bound.

    A passage in a skipped block keeps the scores of the summand's other lists: where one
    of those wins (a best-of), the skipped score was lower; where not, the passage cannot
    reach theta whatever the skipped score was.
    """
    known = sorted(acc) if only is None else only
    partial = [acc[d] for d in known]
    read: dict[int, tuple[list[int], list[float]]] = {}
    for leaf, factor, beside in _leaves(summand, searcher):
        read[id(leaf)] = _blocks(leaf, searcher, known, partial, cut - beside, factor, only is None)
    return scores_at(summand, searcher, only, postings=read) if only is not None else _scores_read(summand, searcher, read)


def _scores_read(summand: Any, searcher: Any, read: dict[int, tuple[list[int], list[float]]]) -> Scores:
    from polyseek.searcher.fastpath import _scores  # noqa: PLC2701 - the same tree walk, with lists read here

    return _scores(summand, searcher, None, None, read)


def _blocks(
    m: Any, searcher: Any, known: list[int], partial: list[float], cut: float, factor: float, new: bool
) -> tuple[list[int], list[float]]:
    """The postings of a W3 leaf in the blocks that can lift a passage to ``cut``: one of
    ``known`` (ascending, with its ``partial`` score) by ``factor`` times the block's bound,
    or (``new``) any passage by the bound alone.  Without ``new``, reading stops after the
    last of ``known``."""
    ctx = leaf_context(m, searcher)
    ids: list[int] = []
    weights: list[float] = []
    pos, n = 0, len(known)
    while m.is_active():
        end = bisect_right(known, m._maxid, pos)
        block_bound = factor * _leaf_bound(ctx, m, block=True)
        if (new and block_bound >= cut) or (end > pos and max(partial[pos:end]) + block_bound >= cut):
            block_ids, block_weights = block_postings(m)
            ids.extend(block_ids)
            weights.extend(block_weights)
        pos = end
        m._next_block()
        if not new and pos >= n:
            break
    return ids, weights
