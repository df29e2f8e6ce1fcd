"""A cheaper commit for Whoosh's ``SegmentWriter``: field lengths read once, not per posting,
and a posting list of one posting kept in the term table.

When a writer commits, Whoosh writes every posting of the new segment and asks the
per-document reader for the length of the posting's field in its document, to keep
min/max length statistics per posting block.  For a field without lengths (``ID``,
``BOOLEAN``: every bookkeeping field of a passage) each of those calls checks whether
the length file exists, a ``stat`` system call per posting; for ``TEXT`` fields each
call goes through a column reader.  :func:`speed_up_commit` makes the writer hand the
field writer a reader that answers from a table per field, built once from the same
column, so the segment written is the same, only sooner.

Most terms of a segment have a single posting (names, numbers, rare inflections, every
passage id, and most entries of the side fields, see :data:`index.schema.SIDE_FIELDS`).
Whoosh writes each posting list as blocks in the postings file, pickled and
zlib-compressed, plus a pointer in the term table: for a one-posting list that is most of
the cost of a commit.  Whoosh's codec can keep short lists *in* the term table instead
(``inlinelimit``), and its readers serve them, but the writer calls a method that does
not exist (``set_inline`` for ``set_inlined``), so the option is off by default.
:class:`InliningCodec` fixes that call and keeps one-posting lists inline.
:func:`segment_writer` makes a writer with both.

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

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PostingsWriter, W3TermInfo, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

__all__ = ["FieldLengthTables", "InliningCodec", "segment_writer", "speed_up_commit"]


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


class _InliningPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer with a working ``inlinelimit``."""

    def finish_postings(self) -> W3TermInfo:
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        ids, values = self._ids, self._values
        # values as a block reader returns them: None each for a format without values
        terminfo.set_inlined(ids, self._weights, values if len(values) == len(ids) else (None,) * len(ids))
        self._terminfo = None
        return terminfo


class InliningCodec(W3Codec):
    """Whoosh's W3 codec, posting lists of one posting kept in the term table.

    Pickled into the table of contents with each segment it writes: keep it importable
    as ``index.speedups.InliningCodec``.  Any W3 reader reads what it writes.

    >>> import tempfile
    >>> from whoosh import index
    >>> from whoosh.fields import ID, TEXT, Schema
    >>> ix = index.create_in(tempfile.mkdtemp(), Schema(id=ID(stored=True), body=TEXT))
    >>> w = segment_writer(ix)
    >>> w.add_document(id="a", body="rare common")
    >>> w.add_document(id="b", body="common")
    >>> w.commit()
    >>> with ix.searcher() as s:
    ...     r = s.reader()
    ...     [r.term_info("body", t).is_inlined() for t in ("rare", "common")], s.document(id="b")
    ([True, False], {'id': 'b'})
    """

    INLINE_LIMIT = 2  # lists shorter than this are inlined

    def __init__(self) -> None:
        super().__init__(inlinelimit=self.INLINE_LIMIT)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


def segment_writer(ix: Any, limitmb: int = 256) -> SegmentWriter:
    """A Whoosh writer for ``ix`` without Whoosh's lock (the caller holds polyseek's), with
    :class:`InliningCodec` and :func:`speed_up_commit`."""
    return speed_up_commit(SegmentWriter(ix, _lk=False, limitmb=limitmb, codec=InliningCodec()))
