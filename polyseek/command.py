"""The ``polyseek`` command's process: its start-up and its exit, without garbage collection.

A ``polyseek search`` is mostly start-up: the interpreter, then ~300 modules imported
(click, Whoosh, the analyzers, the searcher), then a few milliseconds of searching.
Two costs of that start-up are the cyclic garbage collector's, not the command's:

- **While modules are imported** every object they create (classes, functions, compiled
  patterns, tables) lives as long as the process, yet each 700 new objects start a
  collection that examines the young ones: ~70 collections, ~10 ms of a search's CPU.
  :func:`collector_paused` holds collection off for the length of an import (the command
  line's own, and the searcher's that ``polyseek search`` makes when it opens the index).
- **At exit** the interpreter takes every module apart and collects what that frees:
  every class and function, ~25 ms of CPU for nothing, as the process ends anyway.
  :func:`run` moves every object out of the collector's reach once the command is done
  (:func:`gc.freeze`, from :mod:`atexit`, after every other exit handler), so the
  interpreter leaves them to the operating system.  Files are closed and flushed as
  before: standard output and error by the interpreter, what polyseek writes (indexes,
  ``batch``'s run) before the command returns, as always.

Only the process the command runs in does this (the console script and ``python -m
polyseek``); a program that imports polyseek and calls :data:`polyseek.searcher.cli.main`
keeps its collector as it was, save for the length of an import in :func:`collector_paused`.

Example:
    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "run"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (as it was again after it): for imports,
    whose objects live as long as the process does."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run() -> None:
    """Run the ``polyseek`` command line (:data:`polyseek.searcher.cli.main`) as the whole process,
    which ends with it: imported without collection, left without it (see above)."""
    # atexit runs its handlers last-registered first: this one, registered before any
    # module can register its own, runs after them all (they may still free what they hold)
    atexit.register(gc.freeze)
    with collector_paused():
        from polyseek.searcher.cli import main
    main(prog_name="polyseek")
