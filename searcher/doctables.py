"""A reader's document tables made from its segments' runs of one ``doc_id``.

Counting a search's documents and finding a candidate document's passages use three tables
per reader (:mod:`searcher.fastpath`): every passage's number for its ``doc_id`` value
(:func:`~searcher.fastpath.value_ordinals`: equal values, equal numbers, numbered in the
order they first appear), the passages of each number
(:func:`~searcher.fastpath.value_count`) and each number's passages in order
(:func:`~searcher.fastpath.same_value`).  Made from the ``doc_id`` column they are a pass
over every passage's value, paid inside a search: at 110,000 documents (254,615 passages)
~150 ms for the numbers and counts, ~85 more for the groups.

A segment written with its runs (:mod:`index.docruns`: the passages of each run of equal
values, and each run's value as a 64-bit hash) gives the same tables from its runs: one
number per run, not per passage, and no value read.  Runs of equal hashes take one number;
their values are read and compared (a value met again, in the same segment or in another
one: a replaced document until a merge drops its old passages), and when two runs of one
hash hold different values the reader's tables are made from the column, as for a segment
written without runs.  The tables say what the column's say (the same passages share a
number, the same counts and groups; the numbers themselves are the runs' indexes where no
value but ``b""`` is in two runs: a test compares them on indexes with deleted, replaced
and repeated documents).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> ix = SearchIndex.create(Path(tempfile.mkdtemp()) / "ix")
    >>> _ = ix.add_path(samples)
    >>> s = ix._current_searcher()
    >>> runs = reader_runs(s, "doc_id")
    >>> column = s.reader().column_reader("doc_id", translate=False)
    >>> numbers: dict = {}
    >>> same = {(v, numbers.setdefault(column[n], v)) for n, v in enumerate(runs.ordinals())}
    >>> len(same) == len(numbers) == len({v for v, _ in same})  # equal values, equal numbers
    True
    >>> ix.close()
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import not_
from typing import Any

from polyseek.index.docruns import EMPTY_HASH, read_runs
from polyseek.index.records import DOC_ID

__all__ = ["ReaderRuns", "reader_runs"]


@dataclass(frozen=True)
class ReaderRuns:
    """A reader's runs of equal ``doc_id`` values, every segment's in docnum order."""

    #: the passages of each run
    lengths: array
    #: each run's number (its value's: equal values, equal numbers, ascending in the order the
    #: values first appear; the first run's index of its value, or, when some value other than
    #: ``b""`` is in two runs, the values numbered 0, 1, 2, ...).  Arrays, as every table here:
    #: a list holds an int object per run (32 bytes, and 8 for the pointer, where an array
    #: holds 4), 4 MiB at 110,000 documents for a search process's life.
    numbers: array
    #: where each run begins (global docnums), and one past the last passage
    starts: array
    #: the runs of each number that more than one run has
    repeated: dict[int, list[int]]

    def ordinals(self) -> array:
        """Global docnum -> its number (:func:`searcher.fastpath.value_ordinals`), 4 bytes a
        passage (a list whose runs' passages shared one int object was 7.5 MiB at 110,000
        documents, with its per-segment copies, against 2 for these arrays)."""
        return array("i", chain.from_iterable(map(repeat, self.numbers, self.lengths)))

    def _runs_with(self, docnum: int) -> list[int]:
        run = bisect_right(self.starts, docnum) - 1
        return self.repeated.get(self.numbers[run], [run])

    def count_at(self, docnum: int) -> int:
        """How many docnums have ``docnum``'s value (:func:`searcher.fastpath.value_count`)."""
        return sum(self.lengths[run] for run in self._runs_with(docnum))

    def group_at(self, docnum: int) -> array:
        """Every docnum with ``docnum``'s value, ascending (:func:`searcher.fastpath.same_value`)."""
        starts = self.starts
        return array("i", chain.from_iterable(range(starts[run], starts[run + 1]) for run in self._runs_with(docnum)))


def reader_runs(searcher: Any, fieldname: str) -> ReaderRuns | None:
    """The runs of column ``fieldname`` over every segment of ``searcher``; None unless it is
    ``doc_id`` and every segment was written with its runs and their hashes tell the values
    apart (then the caller reads the column)."""
    segment_runs = _segment_runs(searcher, fieldname)
    if segment_runs is None:
        return None
    lengths, hashes = segment_runs
    first = dict.fromkeys(hashes)  # each hash once, in the order they first appear
    starts = array("I", accumulate(lengths, initial=0))
    empties = hashes.count(EMPTY_HASH)
    if len(first) == len(hashes) - max(0, empties - 1):  # no value in two runs but b""
        return _runs_of_distinct_values(lengths, hashes, starts, empties)
    number_of = dict(zip(first, range(len(first))))
    numbers = array("i", map(number_of.__getitem__, hashes))
    repeated: dict[int, list[int]] = {}
    if len(first) < len(hashes):
        by_hash = _runs_of_repeated_hashes(hashes)
        if not _equal_values(searcher, fieldname, starts, hashes, by_hash.values()):
            return None
        repeated = {number_of[h]: runs for h, runs in by_hash.items()}
    return ReaderRuns(lengths, numbers, starts, repeated)


def _segment_runs(searcher: Any, fieldname: str) -> tuple[array, array] | None:
    """Every segment's run lengths and value hashes of column ``fieldname``, in docnum order;
    None unless it is ``doc_id`` and every segment was written with runs covering each of its
    passages."""
    if fieldname != DOC_ID:
        return None
    lengths, hashes = array("I"), array("Q")
    for sub, _ in searcher.leaf_searchers():
        leaf = sub.reader()
        runs = read_runs(leaf)
        if runs is None or sum(runs[0]) != leaf.doc_count_all():
            return None
        lengths.extend(runs[0])
        hashes.extend(runs[1])
    return lengths, hashes


def _runs_of_repeated_hashes(hashes: array) -> dict[int, list[int]]:
    """Each hash that more than one run has -> those runs, ascending."""
    twice = {h for h, n in Counter(hashes).items() if n > 1}
    by_hash: dict[int, list[int]] = {}
    for run in compress(range(len(hashes)), map(twice.__contains__, hashes)):
        by_hash.setdefault(hashes[run], []).append(run)
    return by_hash


def _runs_of_distinct_values(lengths: array, hashes: array, starts: array, empties: int) -> ReaderRuns:
    """The runs when no value but ``b""`` is in two of them: each run numbered by its index
    (no dict of the hashes), ``b""``'s runs by the first of them's."""
    numbers = array("i", range(len(hashes)))
    if not empties:
        return ReaderRuns(lengths, numbers, starts, {})
    blank = list(compress(range(len(hashes)), map(not_, hashes)))
    for run in blank:
        numbers[run] = blank[0]
    return ReaderRuns(lengths, numbers, starts, {blank[0]: blank} if empties > 1 else {})


def _equal_values(searcher: Any, fieldname: str, starts: array, hashes: array, repeated: Iterable[list[int]]) -> bool:
    """Whether each list of runs of one hash (but ``b""``'s, told by its hash) holds one value."""
    column = None
    for runs in repeated:
        if hashes[runs[0]] == EMPTY_HASH:
            continue
        if column is None:
            column = searcher.reader().column_reader(fieldname, translate=False)
        if len({column[starts[run]] for run in runs}) > 1:
            return False
    return True
