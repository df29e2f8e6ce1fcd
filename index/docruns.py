"""A segment's passages in runs of one ``doc_id``, written with the segment.

A search counts documents (distinct ``doc_id`` values of its passages) and finds a
document's passages on tables numbering every passage's document
(:func:`searcher.fastpath.value_ordinals`, :func:`~searcher.fastpath.same_value`).  Made
from the ``doc_id`` column, they cost a search process a pass over every passage's value
(at 110,000 documents, 254,615 passages: ~0.15 s for the numbers and counts, ~0.09 more
for the groups), paid inside whichever search needs them first.  But a document's passages
are written one after the other, so a segment's ``doc_id`` column is a run of equal values
a document: :class:`RunsColumnWriter` writes the ``doc_id`` column as Whoosh's
``VarBytesColumn`` does (the same file, byte for byte) and beside it two files of the
segment, each document's run of passages as it goes:

- :data:`RUN_LENGTHS` (``<segment>_doc_id_runs.c``): the passages of each run, unsigned
  32-bit little-endian integers;
- :data:`RUN_HASHES` (``<segment>_doc_id_hashes.c``): each run's value as a 64-bit hash
  (:func:`value_hash`, little-endian; 0 for ``b""``, the file records'), so that runs of
  one value (a value met again later in the segment, or in another segment) are told from
  the hashes alone; a reader checks the values of runs whose hashes are equal
  (:mod:`searcher.doctables`).

12 bytes a document, written as they come (nothing held but a buffer of
:data:`RUNS_BUFFERED` runs); a segment written before has neither file and its tables are
made from the column, as before.  :func:`read_runs` reads them back.

Example:
    >>> import tempfile
    >>> from whoosh import index
    >>> from whoosh.fields import ID, TEXT, Schema
    >>> from whoosh.writing import SegmentWriter
    >>> from polyseek.index.codec import FastW3Codec
    >>> ix = index.create_in(tempfile.mkdtemp(), Schema(doc_id=ID(stored=True, sortable=True), body=TEXT))
    >>> w = SegmentWriter(ix, codec=FastW3Codec())
    >>> for doc, body in [("a", "x"), ("a", "y"), ("b", "z"), (None, "file record"), ("a", "w")]:
    ...     w.add_document(body=body, **({"doc_id": doc} if doc else {}))
    >>> w.commit()
    >>> with ix.searcher() as s:
    ...     (leaf, _), = s.reader().leaf_readers()
    ...     lengths, hashes = read_runs(leaf)
    >>> list(lengths), [value_hash(v) for v in (b"a", b"b", b"", b"a")] == list(hashes)
    ([2, 1, 1, 1], True)
"""

from __future__ import annotations

import sys
from array import array
from hashlib import blake2b
from typing import Any

from whoosh.codec.whoosh3 import W3Codec

from polyseek.index.columns import SpilledVarBytesWriter
from polyseek.index.records import DOC_ID

__all__ = ["EMPTY_HASH", "RUN_HASHES", "RUN_LENGTHS", "RunsColumnWriter", "read_runs", "value_hash"]

#: The segment's files (named like columns) of the ``doc_id`` column's runs: their lengths
#: and their values' hashes.
RUN_LENGTHS = "_doc_id_runs"
RUN_HASHES = "_doc_id_hashes"
#: Runs a writer holds before it appends them to its two files.
RUNS_BUFFERED = 4096

_BIG_ENDIAN = sys.byteorder == "big"


#: The hash of ``b""`` (a passage without a value: a file record); every other value's has
#: its top bit set, so this one is told apart without reading the value.
EMPTY_HASH = 0
_TOP_BIT = 1 << 63


def value_hash(value: bytes) -> int:
    """A run's value as a 64-bit number: :data:`EMPTY_HASH` for ``b""``, else BLAKE2b's first
    8 bytes (little-endian) with the top bit set."""
    if not value:
        return EMPTY_HASH
    return int.from_bytes(blake2b(value, digest_size=8).digest(), "little") | _TOP_BIT


def _write(f: Any, numbers: array) -> None:
    if _BIG_ENDIAN:
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    f.write(numbers.tobytes())


class RunsColumnWriter(SpilledVarBytesWriter):
    """The ``doc_id`` column's writer (:class:`~index.columns.SpilledVarBytesWriter`: the
    same column file) that also writes its runs of equal values to ``lengths_file`` and
    ``hashes_file`` (a document without a value, such as a file record, has ``b""``, as
    the column reads it)."""

    def __init__(self, dbfile: Any, lengths_file: Any, hashes_file: Any, **kwargs: Any) -> None:
        super().__init__(dbfile, **kwargs)
        self._runs_files = (lengths_file, hashes_file)
        self._run_value: bytes | None = None
        self._run_length = 0
        self._lengths = array("I")
        self._hashes = array("Q")

    def _run(self, value: bytes, count: int) -> None:
        if value == self._run_value:
            self._run_length += count
            return
        self._end_run()
        self._run_value, self._run_length = value, count

    def _end_run(self) -> None:
        if self._run_value is None:
            return
        self._lengths.append(self._run_length)
        self._hashes.append(value_hash(self._run_value))
        if len(self._lengths) >= RUNS_BUFFERED:
            self._flush_runs()

    def _flush_runs(self) -> None:
        lengths_file, hashes_file = self._runs_files
        _write(lengths_file, self._lengths)
        _write(hashes_file, self._hashes)
        del self._lengths[:], self._hashes[:]

    def add(self, docnum: int, v: bytes) -> None:
        if docnum > self._count:  # the documents before it without a value
            self._run(b"", docnum - self._count)
        if v == self._run_value:  # _run(v, 1), without a call a passage
            self._run_length += 1
        else:
            self._end_run()
            self._run_value, self._run_length = v, 1
        super().add(docnum, v)

    def finish(self, doccount: int) -> None:
        if doccount > self._count:
            self._run(b"", doccount - self._count)
        self._end_run()
        self._flush_runs()
        super().finish(doccount)


def read_runs(leaf: Any) -> tuple[array, array] | None:
    """The runs of segment reader ``leaf``'s ``doc_id`` column: their lengths (``"I"``) and
    their values' hashes (``"Q"``), in document order; None for a segment written without
    them (or by another codec).  A segment without the column (only file records) is one
    run of ``b""``, as the column reads it."""
    storage, segment = getattr(leaf, "_storage", None), getattr(leaf, "_segment", None)
    if storage is None or segment is None:
        return None
    if not leaf.has_column(DOC_ID):
        count = leaf.doc_count_all()
        return array("I", [count] if count else []), array("Q", [value_hash(b"")] if count else [])
    out = []
    for name, typecode in ((RUN_LENGTHS, "I"), (RUN_HASHES, "Q")):
        filename = W3Codec.column_filename(segment, name)
        if not storage.file_exists(filename):
            return None
        numbers = array(typecode)
        f = storage.open_file(filename)
        try:
            numbers.frombytes(f.read(storage.file_length(filename)))
        finally:
            f.close()
        if _BIG_ENDIAN:
            numbers.byteswap()
        out.append(numbers)
    lengths, hashes = out
    return (lengths, hashes) if len(lengths) == len(hashes) else None
