"""Give memory the process freed back to the system (glibc's ``malloc_trim``).

glibc's allocator keeps what a process frees in its heap for later allocations instead
of returning it to the system, so resident memory follows the largest moment a process
ever had, and the gaps freed objects leave between live ones stay resident.  Two places
free a lot at once and then go on for long: a writer's posting pool after it spilled a
run (tens of MB of posting tuples, every :data:`index.pipeline.POOL_MB`), and a search
that read tens of thousands of postings (:mod:`polyseek.searcher.heap`).  Each then asks
glibc to return its free pages (``malloc_trim(0)``: about a millisecond).  Where the C
library has no ``malloc_trim`` (musl, macOS, Windows) :func:`give_back` does nothing.

Example:
    >>> give_back() == (malloc_trim() is not None)  # asked where the C library is glibc
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable

__all__ = ["give_back", "malloc_trim"]


def give_back() -> bool:
    """Return the heap's free pages to the system; whether the C library could be asked."""
    trim = malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@functools.cache
def malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (loaded on first use)."""
    try:
        import ctypes

        trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError, AttributeError):  # no C library to load by name (Windows)
        return None
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim
