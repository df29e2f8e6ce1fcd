"""Which values of an index's word cache the collection still uses: what pruning keeps.

An index's word cache (:mod:`polyseek.index.wordcache`) keeps the analysis of every word
it was given, and a collection whose files change leaves words behind: over a month of
reindexing it grew past the segments' own growth.  :class:`UsedWords` tells, from the
index's terms, which of the cache's values are still of use.  It reads the cache's shards
(``{kind: {surface: value}}``) twice: :meth:`UsedWords.note` sees every shard first,
:meth:`UsedWords.keep` then filters each.

- a word's entry (kind :data:`~polyseek.analyzers.chains.WORD`) is used while one of its
  terms is in the index, or while it is a stop word (the index does not show those, and a
  search asks for the Arabic ones, see :func:`~polyseek.analyzers.analysis.remember_stopwords`);
- a Russian word's name readings (:data:`~polyseek.analyzers.chains.NAMES`, keyed by the
  normalised word) while a used word normalises to it;
- what else a word has while its entry is used, or while it has none here (nothing to tell
  by); but the side fields' terms (:data:`RETIRED_KINDS`), which earlier versions kept and
  none reads now, never.

A value kept that is no longer used costs bytes; one dropped that is still used costs its
analysis once more when a text or a query has the word again: the results are the same.

Example:
    >>> used = UsedWords(lambda term: term in {"сталь", "москва"})
    >>> shard = {"w": {"стали": ("ru", ("сталь", "стать"), False), "шёл": ("ru", ("идти",), False)},
    ...          "rn": {"стали": (True, ()), "шел": (True, ())}, "s": {"стали": ("стали",), "шёл": ("шел",)}}
    >>> used.note(shard)
    >>> used.keep(shard)
    {'w': {'стали': ('ru', ('сталь', 'стать'), False)}, 'rn': {'стали': (True, ())}}
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping
from typing import Any

from . import stopwords as stoplists
from .chains import NAMES, WORD
from .russian import normalize_russian

__all__ = ["RETIRED_KINDS", "UsedWords"]

#: Kinds a word cache written by an earlier version may hold that none reads now: the side
#: fields' terms per word (cross-script keys ``t``, surface forms ``s``), made again from a
#: word's entry (:mod:`analyzers.field_analyzers`).
RETIRED_KINDS = frozenset({"t", "s"})

Shard = Mapping[str, Mapping[str, Any]]
#: Chains with stop lists (the widest, ``iso``, holds every policy's).
_STOP_CHAINS = frozenset({"ru", "ar", "en"})


def _found(keys: array, key: int) -> bool:
    at = bisect_left(keys, key)
    return at < len(keys) and keys[at] == key


class UsedWords:
    """The values of a word cache still of use, for an index whose terms ``in_index`` tells
    (a term of a text or title field; the caller knows the fields).

    Words are remembered by their 64-bit string hash in sorted arrays (8 bytes a word), so
    the two passes over a cache of millions of values hold a few MiB, not its words.
    """

    def __init__(self, in_index: Callable[[str], bool]) -> None:
        self._in_index = in_index
        self._used = array("q")  # hash of each used word's surface
        self._russian = array("q")  # hash of each used Russian word, normalised (NAMES' key)
        self._sorted = False

    def note(self, shard: Shard) -> None:
        """First pass: remember the words of ``shard`` (one shard of the cache) still in use."""
        used, russian, in_index = self._used, self._russian, self._in_index
        for surface, (chain, terms, stop) in shard.get(WORD, {}).items():
            if stop or any(map(in_index, terms)) or (chain in _STOP_CHAINS and surface in stoplists.stopword_set(chain, "iso")):
                used.append(hash(surface))
                if chain == "ru":
                    key = normalize_russian(surface)
                    russian.append(hash(key))
                    if "-" in key:
                        russian.append(hash(key.replace("-", "")))
        self._sorted = False

    def keep(self, shard: Shard) -> dict[str, dict[str, Any]]:
        """Second pass: ``shard`` without the values no longer used (every shard was noted)."""
        if not self._sorted:
            self._used = array("q", sorted(self._used))
            self._russian = array("q", sorted(self._russian))
            self._sorted = True
        used, russian = self._used, self._russian
        entries = shard.get(WORD, {})
        out: dict[str, dict[str, Any]] = {}
        for kind, values in shard.items():
            if kind in RETIRED_KINDS:
                continue
            if kind == WORD:
                kept = {s: v for s, v in values.items() if _found(used, hash(s))}
            elif kind == NAMES:
                kept = {s: v for s, v in values.items() if _found(russian, hash(s))}
            else:
                kept = {s: v for s, v in values.items() if s not in entries or _found(used, hash(s))}
            if kept:
                out[kind] = kept
        return out
