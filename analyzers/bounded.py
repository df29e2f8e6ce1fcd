"""The analyzers' per-process caches, bounded: when one is full, its older half goes.

Each cache (surface word -> analysis) is a plain ``dict`` read with ``.get`` in the hot
loops; a writer calls :func:`make_room` before adding.  Memory is what bounds them: about
0.3 KiB per word in the word cache and ~0.7 KiB per distinct word over all of them, so
a big file or a big collection, whose vocabulary keeps growing, would otherwise hold
hundreds of MiB (issues 13 and 21).  Dropping the older half (insertion order: a dict
keeps it) rather than everything keeps the words met since, so the frequent words of
the text at hand stay cached and only a few are analysed again.

Entries are counted as they go (:func:`inserted`: held now plus dropped so far), so a
writer that noted the count when its session started can tell which entries came in
since (:func:`since`), even after drops.  Before entries are dropped, the functions
registered with :func:`on_drop` get them, oldest first, with the count of the first:
an index's writer saves those its session added to the index's word cache
(:mod:`polyseek.analyzers.chains`), so a small cache loses no word for the next run.
Once they are gone, the functions registered with :func:`after_drop` are called: an
index's writer gives the memory they held back to the system (:mod:`polyseek.index.heap`).

>>> cache = {}
>>> for n in range(10):
...     make_room(cache, 4)
...     cache[n] = n * n
>>> list(cache), inserted(cache)
([6, 7, 8, 9], 10)
>>> since(cache, 8)
{8: 64, 9: 81}
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

__all__ = ["after_drop", "drop_all", "inserted", "limit_of", "make_room", "on_drop", "since"]

#: id(cache) -> entries dropped from it so far (the caches live as long as the process).
_dropped: dict[int, int] = {}
#: id(cache) -> the bound its writers give :func:`make_room`.
_limits: dict[int, int] = {}
_listeners: list[Callable[[dict, dict, int], None]] = []
_after: list[Callable[[], object]] = []


def on_drop(listener: Callable[[dict, dict, int], None]) -> None:
    """Call ``listener(cache, dropped, first)`` before entries leave a cache: ``dropped``
    maps them as they were, oldest first, ``first`` is the insertion count of the oldest."""
    if listener not in _listeners:
        _listeners.append(listener)


def after_drop(callback: Callable[[], object]) -> None:
    """Call ``callback()`` each time entries have left a cache (what they held is free then)."""
    if callback not in _after:
        _after.append(callback)


def inserted(cache: dict) -> int:
    """Entries ever added to ``cache``: those held now and those dropped."""
    return _dropped.get(id(cache), 0) + len(cache)


def since(cache: dict, mark: int) -> dict:
    """The entries added since ``inserted(cache)`` was ``mark`` and still held, in order
    (``cache`` itself when that is all of it: read it, do not change it)."""
    start = mark - _dropped.get(id(cache), 0)
    if start <= 0:
        return cache
    return dict(itertools.islice(cache.items(), start, None))


def _drop(cache: dict, keep: int) -> None:
    gone = len(cache) - keep
    if gone <= 0:
        return
    first = _dropped.get(id(cache), 0)
    if _listeners:
        dropped = dict(itertools.islice(cache.items(), gone))
        for listener in _listeners:
            listener(cache, dropped, first)
        del dropped  # freed before the kept half is copied: the two are never held at once
    # rebuilt rather than deleted from the front: the dict stays compact; kept in a dict
    # rather than a list of pairs (75,000 kept of 150,000: 3.7 MiB at once, not 7.4)
    kept = dict(itertools.islice(cache.items(), gone, None))
    cache.clear()
    cache.update(kept)
    del kept  # free before the callbacks give memory back
    _dropped[id(cache)] = first + gone
    for callback in _after:
        callback()


def make_room(cache: dict, limit: int) -> None:
    """Before adding to ``cache``: if it holds ``limit`` entries, drop the older half."""
    if len(cache) >= limit:
        _limits[id(cache)] = limit
        _drop(cache, limit // 2)


def limit_of(cache: dict, default: int) -> int:
    """The bound ``cache`` was last held to (``default`` if it never was full)."""
    return _limits.get(id(cache), default)


def drop_all(cache: dict) -> None:
    """Empty ``cache`` (listeners are told, counts go on)."""
    _drop(cache, 0)
