"""Find a damaged index: each segment's files carry their sizes and CRC-32 checksums.

When a commit first names a segment, a small JSON file ``<segment>.sums`` is written
beside it with the size and CRC-32 of each of the segment's files (before the fsyncs of
:mod:`index.durable`, so it is as durable as they are; Whoosh removes it with its segment).
Then:

- :func:`check_segments` with ``full=False`` (every time an index is opened) compares the
  sizes: a file cut short or missing is found at once, for the cost of a ``stat`` each;
- with ``full=True`` (``polyseek check``) it reads every file and compares checksums,
  which also finds flipped bytes (Whoosh would read them without a word, or fail deep
  inside a search).

A segment written before this existed has no ``.sums``; only its files' existence is checked.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from whoosh.fields import ID, Schema
    >>> from whoosh.index import FileIndex
    >>> from polyseek.index.durable import DurableFileStorage, DurableSegmentWriter
    >>> storage = DurableFileStorage(tempfile.mkdtemp())
    >>> ix = FileIndex.create(storage, Schema(id=ID(stored=True)))
    >>> w = DurableSegmentWriter(ix)
    >>> w.add_document(id="a")
    >>> w.commit()
    >>> segments = ix._segments()
    >>> check_segments(storage, segments, full=True)
    []
    >>> seg = Path(storage.folder) / f"{segments[0].segment_id()}.seg"
    >>> _ = seg.write_bytes(seg.read_bytes()[:-10])
    >>> check_segments(storage, segments)  # doctest: +ELLIPSIS
    ['MAIN_....seg is 10 bytes shorter than written']
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable
from typing import Any

__all__ = ["SUMS_EXT", "check_segments", "file_crc32", "write_sums"]

#: Extension of a segment's checksum file.
SUMS_EXT = ".sums"


def file_crc32(path: str) -> int:
    """CRC-32 of a file's bytes, read in chunks."""
    crc = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _sums_name(segment: Any) -> str:
    return f"{segment.segment_id()}{SUMS_EXT}"


def _segment_files(names: Iterable[str], segment: Any) -> list[str]:
    prefix = f"{segment.segment_id()}."
    return sorted(n for n in names if n.startswith(prefix) and not n.endswith(SUMS_EXT))


def write_sums(storage: Any, segments: Iterable[Any]) -> None:
    """Write ``<segment>.sums`` for each of ``segments`` that has none (call before the commit's fsyncs)."""
    names = set(storage.list())
    for seg in segments:
        if _sums_name(seg) in names:
            continue
        sums = {
            name: [os.path.getsize(storage._fpath(name)), file_crc32(storage._fpath(name))]
            for name in _segment_files(names, seg)
        }
        with storage.create_file(_sums_name(seg)) as fh:
            fh.write(json.dumps(sums, sort_keys=True).encode())


def _read_sums(storage: Any, segment: Any) -> dict[str, list[int]] | None:
    try:
        with open(storage._fpath(_sums_name(segment)), "rb") as fh:
            return json.loads(fh.read())
    except FileNotFoundError:
        return None
    except ValueError:
        return {}  # damaged itself: reported below as a missing entry


def check_segments(storage: Any, segments: Iterable[Any], full: bool = False) -> list[str]:
    """What is wrong with the files of ``segments`` (empty if nothing): missing, a size not
    the one written, and with ``full`` a checksum that differs."""
    problems = []
    for seg in segments:
        sums = _read_sums(storage, seg)
        if sums is None:  # made before checksums: the compound file must at least be there
            if seg.is_compound() and not os.path.exists(storage._fpath(f"{seg.segment_id()}.seg")):
                problems.append(f"{seg.segment_id()}.seg is missing")
            continue
        if not sums:
            problems.append(f"{_sums_name(seg)} is unreadable")
            continue
        for name, (size, crc) in sorted(sums.items()):
            path = storage._fpath(name)
            try:
                actual = os.path.getsize(path)
            except FileNotFoundError:
                problems.append(f"{name} is missing")
                continue
            if actual != size:
                shorter = size - actual
                problems.append(
                    f"{name} is {shorter} bytes shorter than written" if shorter > 0 else f"{name} grew by {-shorter} bytes"
                )
            elif full and file_crc32(path) != crc:
                problems.append(f"{name} does not hold the bytes written (checksum differs)")
    return problems
