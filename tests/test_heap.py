"""A large search gives the memory it freed back to the system (searcher/heap.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from polyseek.index.heap import malloc_trim
from polyseek.searcher import api

GLIBC = malloc_trim() is not None


@pytest.mark.skipif(not GLIBC, reason="the C library has no malloc_trim (not glibc)")
def test_release_returns_freed_heap_to_the_system() -> None:
    # a real process: 60 MiB of 1 KiB strings (below glibc's mmap threshold: in the heap),
    # all freed but the last (which keeps the heap's top from shrinking by itself)
    code = textwrap.dedent(
        """
        from polyseek.searcher import heap

        def anon_kib():
            with open("/proc/self/status") as f:
                return int(next(line for line in f if line.startswith("RssAnon:")).split()[1])

        held = [("x" * 1000) + str(i) for i in range(60_000)]
        last = held[-1]
        del held
        before = anon_kib()
        small = heap.release(heap.TRIM_AFTER_POSTINGS - 1)
        after_small = anon_kib()
        large = heap.release(heap.TRIM_AFTER_POSTINGS)
        print(before, small, after_small, large, anon_kib(), len(last))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    before, small, after_small, large, after = int(out[0]), out[1], int(out[2]), out[3], int(out[4])
    assert (small, large) == ("False", "True")
    assert after_small > before - 10_000  # a small search leaves the heap as it is
    assert after < before - 40_000, (before, after)  # most of the 60 MiB given back


def test_a_search_releases_what_its_ranking_read(sample_index, monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(api, "release_memory", lambda read: calls.append(read) or False)
    results = sample_index.search("Olympic committee", limit=3)
    assert results.total > 0
    # every posting of the query's terms was read: at least one per matching passage
    assert len(calls) == 1 and calls[0] >= results.total
    sample_index.rank_documents("олимпийский комитет", limit=3)
    assert len(calls) == 2 and calls[1] > 0
