"""Give the memory a large search freed back to the system.

A search that reads tens of thousands of postings builds dictionaries and lists of as
many entries, and frees them when it ends.  glibc's allocator keeps what was freed in
its heap for later allocations instead of returning it to the system, so a search
process's resident memory follows the largest search it ever ran (16 of the 62 MiB of
anonymous memory after the 60 title queries over 110,000 documents,
docs/performance.md).  After a search that read at least :data:`TRIM_AFTER_POSTINGS`
postings, :func:`release` asks glibc to return the free pages
(:func:`polyseek.index.heap.give_back`: a fraction of a millisecond there).

Example:
    >>> release(10)  # a small search: nothing to give back
    False
"""

from __future__ import annotations

from polyseek.index.heap import give_back

__all__ = ["TRIM_AFTER_POSTINGS", "release"]

#: A search that read at least this many postings gives its freed memory back.
TRIM_AFTER_POSTINGS = 5_000


def release(postings_read: int) -> bool:
    """Return the heap's free memory to the system if a search read ``postings_read``
    postings, at least :data:`TRIM_AFTER_POSTINGS`; whether it was asked to."""
    if postings_read < TRIM_AFTER_POSTINGS:
        return False
    return give_back()

