"""A cheaper commit for Whoosh's ``SegmentWriter``: field lengths read once, not per posting.

When a writer commits, Whoosh writes every posting of the new segment and asks the
per-document reader for the length of the posting's field in its document, to keep
min/max length statistics per posting block.  For a field without lengths (``ID``,
``BOOLEAN``: every bookkeeping field of a passage) each of those calls checks whether
the length file exists, a ``stat`` system call per posting; for ``TEXT`` fields each
call goes through a column reader.  :func:`speed_up_commit` makes the writer hand the
field writer a reader that answers from a table per field, built once from the same
column, so the segment written is the same, only sooner.

:func:`segment_writer` makes a writer with it and :class:`index.codec.FastW3Codec`.

Example:
    >>> import tempfile
    >>> from whoosh import index
    >>> from whoosh.fields import ID, TEXT, Schema
    >>> ix = index.create_in(tempfile.mkdtemp(), Schema(id=ID(stored=True), body=TEXT))
    >>> w = speed_up_commit(ix.writer())
    >>> w.add_document(id="a", body="one two two")
    >>> w.commit()
    >>> with ix.searcher() as s:
    ...     s.doc_field_length(0, "body"), s.doc_field_length(0, "id", -1)
    (3, -1)
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from index.codec import FastW3Codec
from index.durable import DurableSegmentWriter

__all__ = ["FieldLengthTables", "segment_writer", "speed_up_commit"]


class FieldLengthTables:
    """Wraps a Whoosh per-document reader; ``doc_field_length`` answers from a table per field.

    Answers exactly what ``W3PerDocReader.doc_field_length`` answers for documents of the
    segment: ``default`` for a field without lengths, ``None`` for a zero length byte,
    else the decoded length.  Everything else goes to the wrapped reader.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._tables: dict[str, list[int | None] | None] = {}

    def _table(self, fieldname: str) -> list[int | None] | None:
        lenfield = _lenfield(fieldname)
        if not self._reader.has_column(lenfield):
            table = None
        else:
            column = self._reader.column_reader(lenfield, LENGTHS_COLUMN)
            table = [byte_to_length(b) if b else None for b in column]
        self._tables[fieldname] = table
        return table

    def length_table(self, fieldname: str) -> list[int | None] | None:
        """Every document's length of ``fieldname`` (None: a zero length byte), or None if the
        field has no lengths."""
        try:
            return self._tables[fieldname]
        except KeyError:
            return self._table(fieldname)

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        try:
            table = self._tables[fieldname]
        except KeyError:
            table = self._table(fieldname)
        if table is None:
            return default
        return table[docnum]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def speed_up_commit(writer: SegmentWriter) -> SegmentWriter:
    """Make ``writer`` (a fresh ``SegmentWriter``) use :class:`FieldLengthTables` when it commits."""
    if isinstance(writer, SegmentWriter):
        plain = writer.per_document_reader
        writer.per_document_reader = lambda: FieldLengthTables(plain())  # type: ignore[method-assign]
    return writer


def segment_writer(ix: Any, limitmb: int = 256) -> SegmentWriter:
    """A Whoosh writer for ``ix`` without Whoosh's lock (the caller holds polyseek's), with
    :class:`~index.codec.FastW3Codec` and :func:`speed_up_commit`, committing durably when
    ``ix``'s storage is a :class:`~index.durable.DurableFileStorage` (see :mod:`index.durable`)."""
    return speed_up_commit(DurableSegmentWriter(ix, _lk=False, limitmb=limitmb, codec=FastW3Codec()))
