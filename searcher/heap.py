"""Give the memory a large search freed back to the system.

A search that reads tens of thousands of postings builds dictionaries and lists of as
many entries, and frees them when it ends.  glibc's allocator keeps what was freed in
its heap for later allocations instead of returning it to the system, so a search
process's resident memory follows the largest search it ever ran (16 of the 62 MiB of
anonymous memory after the 60 title queries over 110,000 documents,
docs/performance.md).  After a search that read at least :data:`TRIM_AFTER_POSTINGS`
postings, :func:`release` asks glibc to return the free pages (``malloc_trim(0)``: a
fraction of a millisecond there).  Where the C library has no ``malloc_trim`` (musl,
macOS, Windows) it does nothing.

Example:
    >>> release(10)  # a small search: nothing to give back
    False
"""

from __future__ import annotations

import functools
from collections.abc import Callable

__all__ = ["TRIM_AFTER_POSTINGS", "release"]

#: A search that read at least this many postings gives its freed memory back.
TRIM_AFTER_POSTINGS = 5_000


def release(postings_read: int) -> bool:
    """Return the heap's free memory to the system if a search read ``postings_read``
    postings, at least :data:`TRIM_AFTER_POSTINGS`; whether it was asked to."""
    if postings_read < TRIM_AFTER_POSTINGS:
        return False
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
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
