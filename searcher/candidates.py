"""A counted search's best passages without scoring every posting of its most common terms.

A query word's expansions can bring terms far more common than the word: *Бывшие* the
lemma *быть* (48,000 passages of 110,000 documents), *Gorky* the Arabic key غير (12,000),
a name its title term.  Their idf is low, so a passage that has none of the query's rarer
terms scores little; yet exhaustive scoring (:func:`searcher.fastpath.top_passages`) scores
and merges each of their postings, and a counted search (``search()``: how many documents
match) must still read them all.

Measured on the 60 title queries over 110,000 documents: *Gorky Фома* 46.9 -> 37.9 ms and
*Gorky Бывшие* 46.4 -> 39.4 ms of ranking CPU, 0.92x over all (docs/performance.md).

:func:`segment_top` reads every list (the count and the document rescoring need them), then:

1. the *long* lists (at least :data:`LONG_LIST` postings) are set apart, with each block's
   last docnum and score bound (from the largest frequency and the shortest field Whoosh
   records in each block header: :func:`searcher.scoring.bm25_bound`);
2. the *candidates* are the passages of the other lists, each scored exactly (the tree's
   own order of additions, the long lists' postings looked up for the candidates only);
3. a passage that only long lists match scores at most the tree's value with each long
   list at its largest block bound: when that is *below* the ``limit``-th candidate's
   score (less a relative :data:`MARGIN`: a passage that could tie is never passed over),
   the candidates hold the segment's best ``limit`` passages, the same passages and floats
   as scoring every posting.  Otherwise the docnums are cut into ranges at the long lists'
   block ends, and the long lists' passages in the ranges whose bound reaches that score
   become candidates (the ``limit``-th score only rises with more of them), unless they
   are many (:data:`REACHING_SHARE`): then the long list of the highest bound is scored as
   a short one (its passages that no other list brought only where the tree, with that
   list at the passage's exact score and the other long lists at their largest bounds,
   reaches the ``limit``-th score: :func:`_within_reach`) and the test is made again.
   When the other lists bring fewer than ``limit`` candidates (a query of common words
   only: *Tolstoy Анна*, every list long), the shortest long list's passages become
   candidates first, if it is a small share of the long lists (:data:`SEED_SHARE`), rather
   than every posting being scored (docs/performance.md).

Matching passages (for the count) are the union of the lists' docnums less the segment's
deleted passages (through the tree's filters where they differ), with no scores.  Trees it
does not know (:mod:`searcher.maxscore`'s) are left to the caller.

Example: :func:`searcher.fastpath.top_passages` uses it for every segment whose long lists
hold at least :data:`LONG_SHARE` of the postings; ``tests/test_pruning.py`` compares it
with scoring every posting on the questions of the three XQuAD collections, with deleted
passages in a second segment.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from itertools import compress
from typing import Any

from whoosh.matching import mcore, wrappers
from whoosh.matching.binary import UnionMatcher

from polyseek.searcher.bestof import BestOfMatcher
from polyseek.searcher.fastpath import (
    Read,
    Scores,
    Unsupported,
    block_postings,
    is_w3_leaf,
    leaf_context,
    leaf_doc_frequency,
    leaf_postings,
    leaf_scores,
    next_block,
    scores_read,
)
from polyseek.searcher.maxscore import MARGIN, _leaves, _tree_bounds
from polyseek.searcher.scoring import bm25_bound

__all__ = ["LONG_LIST", "LONG_SHARE", "segment_top"]

#: A list of at least this many postings is scored only for the candidates (when it can be).
LONG_LIST = 2048

#: The long lists must hold at least this share of a segment's postings (else there is
#: little to leave unscored, and the candidates cost about what they save).
LONG_SHARE = 0.5

#: The passages only long lists match in the ranges whose bound reaches the ``limit``-th
#: candidate's score become candidates when they are at most this share of the long lists'
#: postings; beyond, the long list of the highest bound is scored whole instead.
REACHING_SHARE = 0.1

#: Without ``limit`` candidates from the short lists, the shortest long list's passages become
#: candidates when it holds at most this share of the long lists' postings (:func:`_seed`).
SEED_SHARE = 0.25

#: Halvings of the score range in which a long list's passages stop reaching the top
#: (:func:`_within_reach`; fewer leave a few more passages to score exactly).
BISECTIONS = 16

Sink = Callable[[tuple[str, Any], list[int], list[float]], None]


@dataclass(slots=True)
class _Long:
    """A long list as read: its docnums and weights, and per block its last docnum and bound."""

    leaf: Any
    ids: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    bounds: list[float] = field(default_factory=list)


def segment_top(
    m: Any,
    searcher: Any,
    limit: int,
    sink: Sink | None = None,
    kept: Callable[[Scores], Scores] | None = None,
    matched: bool = False,
    into: Callable[[Iterable[int]], None] | None = None,
) -> tuple[Scores, set[int] | None] | None:
    """``(scores, matching)`` of matcher ``m`` on one segment: ``scores`` hold at least the
    ``limit`` best passages with their exact scores (what scoring every posting gives
    them), after ``kept`` (the caller's filters, applied to scores); ``matching`` (if
    ``matched``) every passage the tree matches, before ``kept``.  None (``m`` untouched)
    for a tree it does not know or lists it would not gain on.  ``sink(term, docnums,
    weights)`` receives each list read.  ``into`` (a :class:`searcher.doccount.DocumentCount`'s
    ``add``, which leaves out the segment's deleted passages) receives every passage the
    tree matches, list by list where the tree's only filters are those deleted passages."""
    try:
        leaves = [leaf for leaf in _leaves(m) if leaf.is_active()]
        sizes = {id(leaf): leaf_doc_frequency(leaf, searcher) for leaf in leaves}
    except Unsupported:
        return None
    total = sum(sizes.values())
    if not total or sum(n for n in sizes.values() if n >= LONG_LIST) < LONG_SHARE * total:
        return None
    read: Read = {}
    longs: list[_Long] = []
    for leaf in leaves:
        ctx = leaf_context(leaf, searcher)
        if sizes[id(leaf)] >= LONG_LIST and is_w3_leaf(leaf):
            long = _read_blocks(leaf, ctx.scorer)
            longs.append(long)
            ids, weights = long.ids, long.weights
        else:
            ids, weights = leaf_postings(leaf)
        if sink is not None:
            sink(ctx.term, ids, weights)
        read[id(leaf)] = (ids, weights)
    matching = _matching(m, read) if matched else None
    if into is not None:
        _feed_matching(m, read, into, searcher.reader())
    shorts = {key for key in read if all(key != id(long.leaf) for long in longs)}
    candidates: set[int] = set()
    for key in shorts:
        candidates.update(read[key][0])
    found = _exact(m, searcher, read, candidates, kept, whole=shorts)
    seed = _seed(longs) if len(found) < limit else None
    if seed is not None:  # too few candidates for a floor: the shortest long list's passages too
        found.update(_exact(m, searcher, read, _as_short(seed, longs, candidates), kept))
    while longs and len(found) >= limit:
        floor = _floor(found, limit)
        alone = {id(long.leaf): _tree_bounds(m, {id(long.leaf): [max(long.bounds)]}, 1)[0] for long in longs}
        worst = max(longs, key=lambda long: alone[id(long.leaf)])
        if alone[id(worst.leaf)] < floor:
            if _tree_bounds(m, {id(long.leaf): [max(long.bounds)] for long in longs}, 1)[0] < floor:
                return found, matching  # no passage that only long lists match can reach the top
            # those in the docnum ranges (cut at the long lists' block ends) whose blocks'
            # bounds reach the ``limit``-th score become candidates: the others cannot reach
            # it, and it only rises with more candidates
            more = _reaching(m, longs, floor, REACHING_SHARE * sum(len(long.ids) for long in longs))
            if more is not None:
                more.difference_update(candidates)
                found.update(_exact(m, searcher, read, more, kept))
                return found, matching
        # the long list of the highest bound is scored as a short one, for the passages
        # whose bound with its exact score reaches the ``limit``-th score
        new = _as_short(worst, longs, candidates)
        reach = _within_reach(m, searcher, worst, longs, new, floor)
        if reach is None:
            found.update(_exact(m, searcher, read, new, kept))
        else:  # the long list's postings kept are scored already
            found.update(_exact(m, searcher, {**read, id(worst.leaf): reach}, set(reach[0]), kept, whole={id(worst.leaf)}))
    if not longs:
        return found, matching  # every list scored whole
    found = _every_score(m, searcher, read)
    return (kept(found) if kept is not None else found), matching


def _as_short(long: _Long, longs: list[_Long], candidates: set[int]) -> set[int]:
    """Take ``long`` out of ``longs``: its passages become ``candidates``; returns those that
    were not (the caller scores them)."""
    longs.remove(long)
    new = set(long.ids)
    new.difference_update(candidates)
    candidates.update(new)
    return new


def _seed(longs: list[_Long]) -> _Long | None:
    """The long list whose passages become candidates when the short lists bring fewer than
    the ``limit`` (or none): the shortest, if it holds at most :data:`SEED_SHARE` of the long
    lists' postings and another long list is left to leave unscored; else None."""
    if len(longs) < 2:
        return None
    seed = min(longs, key=lambda long: len(long.ids))
    return seed if len(seed.ids) <= SEED_SHARE * sum(len(long.ids) for long in longs) else None


def _every_score(m: Any, searcher: Any, read: Read) -> Scores:
    """Every passage's score, as scoring every posting gives it (the candidates did not do)."""
    return scores_read(m, searcher, read)


def _floor(found: Scores, limit: int) -> float:
    """The ``limit``-th best score of ``found``, less :data:`MARGIN`: a bound under it cannot tie."""
    return (heapq.nlargest(limit, found.values())[-1] - 1e-12) / (1 + MARGIN)


def _read_blocks(leaf: Any, scorer: Any) -> _Long:
    """A W3 leaf's docnums and weights from where it stands, block by block, with each
    block's last docnum and score bound."""
    out = _Long(leaf)
    ids, weights = out.ids, out.weights
    while leaf.is_active():
        block_ids, block_weights = block_postings(leaf)
        ids.extend(block_ids)
        weights.extend(block_weights)
        out.ends.append(leaf._maxid)
        out.bounds.append(bm25_bound(leaf._maxweight, leaf._minlength, scorer.avgfl, scorer.idf, scorer.K1, scorer.B))
        next_block(leaf)
    return out


def _within_reach(
    m: Any, searcher: Any, worst: _Long, others: list[_Long], docnums: set[int], floor: float
) -> tuple[list[int], list[float], list[float]] | None:
    """``(docnums, weights, scores)`` of the postings of long list ``worst`` in ``docnums``
    (its passages that no list scored so far matches) whose bound reaches ``floor``: the tree
    with ``worst`` at the passage's exact score and each of the ``others`` at its largest
    block bound; None when that bound reaches it at any score.  The bound grows with the
    score, so the postings kept are those scoring above a threshold (found by bisection), and
    only the blocks whose bound is above it are scored."""
    values = {id(long.leaf): [max(long.bounds)] for long in others}

    def bound(score: float) -> float:
        values[id(worst.leaf)] = [score]
        return _tree_bounds(m, values, 1)[0]

    below, top = 0.0, max(worst.bounds)
    if bound(below) >= floor:
        return None
    out: tuple[list[int], list[float], list[float]] = ([], [], [])
    if bound(top) < floor:
        return out
    for _ in range(BISECTIONS):  # bound(below) < floor <= bound(top)
        middle = (below + top) / 2
        if bound(middle) < floor:
            below = middle
        else:
            top = middle
    # a score at most ``below`` bounds under the floor, and so does a block bound by it
    ids, weights = worst.ids, worst.weights
    runs: list[list[int]] = []
    start = 0
    for last, block_bound in zip(worst.ends, worst.bounds):
        stop = bisect_right(ids, last, start)
        if block_bound > below and stop > start:
            if runs and runs[-1][1] == start:
                runs[-1][1] = stop
            else:
                runs.append([start, stop])
        start = stop
    for start, stop in runs:
        run_ids, run_weights = ids[start:stop], weights[start:stop]
        scores = leaf_scores(worst.leaf, searcher, run_ids, run_weights)
        flags = list(map(below.__lt__, scores))
        run_ids, run_weights, scores = list(compress(run_ids, flags)), list(compress(run_weights, flags)), list(compress(scores, flags))
        flags = list(map(docnums.__contains__, run_ids))
        out[0].extend(compress(run_ids, flags))
        out[1].extend(compress(run_weights, flags))
        out[2].extend(compress(scores, flags))
    return out


def _reaching(m: Any, longs: list[_Long], floor: float, most: float) -> set[int] | None:
    """The long lists' docnums in the ranges whose bound reaches ``floor`` (None if they are
    more than ``most`` postings): the docnums are cut at every long list's block ends, so
    that over a range each list is one block (or none: past its last), and a range's bound
    is the tree with each list at its block's."""
    ends = sorted({end for long in longs for end in long.ends})
    values: dict[int, list[float]] = {}
    for long in longs:
        last, bounds = len(long.ends), long.bounds
        values[id(long.leaf)] = [bounds[j] if j < last else 0.0 for j in map(partial(bisect_left, long.ends), ends)]
    slices: list[tuple[list[int], int, int]] = []
    count = 0
    for r, bound in enumerate(_tree_bounds(m, values, len(ends))):
        if bound >= floor:
            lo, hi = (ends[r - 1] if r else -1), ends[r]
            for long in longs:
                a, b = bisect_right(long.ids, lo), bisect_right(long.ids, hi)
                if b > a:
                    slices.append((long.ids, a, b))
                    count += b - a
            if count > most:
                return None
    more: set[int] = set()
    for ids, a, b in slices:
        more.update(ids[a:b])
    return more


def _exact(
    m: Any,
    searcher: Any,
    read: Read,
    docnums: set[int],
    kept: Callable[[Scores], Scores] | None,
    whole: set[int] | frozenset[int] = frozenset(),
) -> Scores:
    """Exact scores of ``docnums`` (after ``kept``): the tree on every list's postings of those
    passages (the lists ``whole``, by leaf id, hold none but theirs: taken as they are)."""
    if not docnums:
        return {}
    ordered = sorted(docnums)
    restricted: Read = {key: got if key in whole else _restrict(got[0], got[1], docnums, ordered) for key, got in read.items()}
    found = scores_read(m, searcher, restricted)
    return kept(found) if kept is not None else found


def _restrict(ids: Any, weights: Any, candidates: set[int], ordered: list[int]) -> tuple[list[int], list[float]]:
    """The postings (``ids`` ascending) of the ``candidates`` (``ordered``: the same, ascending)."""
    if len(ordered) * 16 < len(ids):  # few candidates: each found by bisection
        out_ids: list[int] = []
        out_weights: list[float] = []
        lo, n = 0, len(ids)
        for d in ordered:
            lo = bisect_left(ids, d, lo)
            if lo == n:
                break
            if ids[lo] == d:
                out_ids.append(d)
                out_weights.append(weights[lo])
        return out_ids, out_weights
    flags = list(map(candidates.__contains__, ids))
    return list(compress(ids, flags)), list(compress(weights, flags))


def _matching(m: Any, read: Read) -> set[int]:
    """Every docnum the tree matches on the postings ``read`` (its filters applied).

    A segment's deleted passages are a filter over each of its lists, the same set each
    time: the union of the lists is then taken first and the set removed once."""
    filters: list[Any] = []
    if not _unfiltered_leaves(m, filters, False):
        deleted = filters[0]._ids if filters else None
        if all(f._exclude and f._ids is deleted for f in filters):
            out: set[int] = set()
            for got in read.values():
                out.update(got[0])
            return out - deleted if deleted else out
    return _tree_matching(m, read)


def _feed_matching(m: Any, read: Read, into: Callable[[Iterable[int]], None], reader: Any) -> None:
    """Every docnum the tree matches on the postings ``read`` to ``into``, which drops the
    deleted passages of the segment (``reader``): each list as it is when the tree's only
    filters are those (Whoosh filters every list of a segment with deletions by its one
    deleted set), else :func:`_tree_matching`'s set."""
    filters: list[Any] = []
    unfiltered = _unfiltered_leaves(m, filters, False)
    if reader.has_deletions():
        deleted = reader.deleted_docs_set
        as_read = not unfiltered and all(f._exclude and f._ids is deleted for f in filters)
    else:
        as_read = not filters
    if as_read:
        for got in read.values():
            into(got[0])
    else:
        into(_tree_matching(m, read))


def _unfiltered_leaves(m: Any, filters: list[Any], below_filter: bool) -> int:
    """How many leaves of the tree have no filter above them; its filter nodes into ``filters``."""
    kind = type(m)
    if kind is UnionMatcher or kind is BestOfMatcher:
        return _unfiltered_leaves(m.a, filters, below_filter) + _unfiltered_leaves(m.b, filters, below_filter)
    if kind is wrappers.FilterMatcher:
        filters.append(m)
        return _unfiltered_leaves(m.child, filters, True)
    if kind is wrappers.WrappingMatcher:
        return _unfiltered_leaves(m.child, filters, below_filter)
    return 0 if below_filter or isinstance(m, mcore.NullMatcherClass) else 1


def _tree_matching(m: Any, read: Read) -> set[int]:
    """:func:`_matching` node by node."""
    if isinstance(m, mcore.NullMatcherClass):
        return set()
    kind = type(m)
    if kind is UnionMatcher or kind is BestOfMatcher:
        a, b = _tree_matching(m.a, read), _tree_matching(m.b, read)
        if len(a) < len(b):
            a, b = b, a
        a |= b
        return a
    if kind is wrappers.FilterMatcher:
        child = _tree_matching(m.child, read)
        return child - m._ids if m._exclude else child & m._ids  # each over the smaller side
    if kind is wrappers.WrappingMatcher:
        return _tree_matching(m.child, read)
    got = read.get(id(m))
    return set(got[0]) if got is not None else set()
