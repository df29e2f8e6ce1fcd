"""Stored fields compressed against a dictionary of the segment's own first documents.

Whoosh keeps a document's stored fields as one pickled dictionary, zlib-compressed on its
own. A passage is short (a few hundred characters) and its dictionary repeats the same
field names, paths and title as its neighbours', which per-document compression cannot
see: the stored fields of 10,000 news documents (24,189 passages) took 13.6 MB, against
7.1 MB for their texts compressed alone. Here each segment compresses its documents with a
zlib preset dictionary (``zdict``): the pickled fields of its first
:data:`DICTIONARY_DOCS` documents (at most 32 KiB, zlib's window), kept once in the
segment's ``_stored_dict`` column file. Every document still decompresses on its own
(a hit reads one document), in a few microseconds.

:class:`DictionaryPerDocWriter` and :class:`DictionaryPerDocReader` are Whoosh's W3
per-document writer and reader with that one change; the codec chooses them for segments
that record it (see :class:`index.codec.FastW3Codec`), so older segments read as before
and a merge rewrites their documents this way.

Example:
    >>> import tempfile
    >>> from whoosh import index
    >>> from whoosh.fields import ID, TEXT, Schema
    >>> from whoosh.writing import SegmentWriter
    >>> from polyseek.index.codec import FastW3Codec
    >>> ix = index.create_in(tempfile.mkdtemp(), Schema(id=ID(stored=True), body=TEXT(stored=True)))
    >>> w = SegmentWriter(ix, codec=FastW3Codec())
    >>> for n in range(3):
    ...     w.add_document(id=f"d{n}", body="Олимпийский комитет собрался в Лозанне.")
    >>> w.add_document(id="d3")
    >>> w.commit()
    >>> with ix.searcher() as s:
    ...     [s.stored_fields(n) for n in (0, 3)]
    [{'body': 'Олимпийский комитет собрался в Лозанне.', 'id': 'd0'}, {'id': 'd3'}]
"""

from __future__ import annotations

import pickle
import zlib
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3PerDocWriter
from whoosh.columns import VarBytesColumn

from polyseek.index.columns import SpilledVarBytesWriter
from polyseek.index.docruns import RUN_HASHES, RUN_LENGTHS, RunsColumnWriter
from polyseek.index.mapped import MappedVarBytesColumn
from polyseek.index.records import DOC_ID

__all__ = ["DICTIONARY_COLUMN", "DICTIONARY_DOCS", "DictionaryPerDocReader", "DictionaryPerDocWriter"]

#: Documents whose pickled fields make the segment's dictionary (measured on 10,000 scale
#: documents: the first 100 gave 9.6 MB of stored fields, 200 spread over the segment 8.8 MB,
#: field names alone 11.6 MB, Whoosh's own compression 13.6 MB).
DICTIONARY_DOCS = 100
#: The segment's file of the compressed dictionary (named like a column) and the column of
#: the documents' compressed fields.
DICTIONARY_COLUMN = "_stored_dict"
STORED_COLUMN = "_stored"
_WINDOW = 32768  # zlib's window: a dictionary longer than this is cut from the front
_LEVEL = 6
_BYTES = VarBytesColumn()
#: Read as :data:`_BYTES` writes, each document's offset and length where they lie in a mapped segment.
_MAPPED_BYTES = MappedVarBytesColumn()


class DictionaryPerDocWriter(W3PerDocWriter):
    """Whoosh's per-document writer; stored fields compressed against the segment's dictionary."""

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        super().__init__(codec, storage, segment)
        del self._colwriters[STORED_COLUMN]  # Whoosh's pickle column: replaced (its stream too)
        self._create_column(STORED_COLUMN, _BYTES)
        self._waiting: list[tuple[int, bytes]] = []  # documents before the dictionary exists
        self._zdict: bytes | None = None
        self._primed: Any = None  # a compressor primed with the dictionary, copied per document

    def _create_column(self, fieldname: str, column: Any) -> None:
        """Whoosh's, but a ``VarBytesColumn`` (the stored fields, ``doc_id``) is written by a
        :class:`~polyseek.index.columns.SpilledVarBytesWriter`: the same file, without
        per-document arrays that grow with the segment; ``doc_id``'s also writes its runs
        of equal values (:class:`~polyseek.index.docruns.RunsColumnWriter`)."""
        super()._create_column(fieldname, column)
        if type(column) is VarBytesColumn:
            options = {"allow_offsets": column.allow_offsets, "cutoff": column.write_offsets_cutoff,
                       "folder": getattr(self._storage, "folder", None)}  # fmt: skip
            dbfile = self._colwriters[fieldname]._dbfile
            if fieldname == DOC_ID:
                runs = self._cols.create_file(RUN_LENGTHS), self._cols.create_file(RUN_HASHES)
                self._colwriters[fieldname] = RunsColumnWriter(dbfile, *runs, **options)
            else:
                self._colwriters[fieldname] = SpilledVarBytesWriter(dbfile, **options)

    def finish_doc(self) -> None:
        fields = self._storedfields
        if fields:
            self._store(self._docnum, pickle.dumps(fields, 2))
            fields.clear()
        self._indoc = False

    def _store(self, docnum: int, data: bytes) -> None:
        if self._zdict is None:
            self._waiting.append((docnum, data))
            if len(self._waiting) >= DICTIONARY_DOCS:
                self._make_dictionary()
            return
        primed = self._primed
        if primed is None:  # set up once: a copy costs less than setting the dictionary each time
            primed = self._primed = zlib.compressobj(_LEVEL, zdict=self._zdict)
        compressor = primed.copy()
        self._colwriters[STORED_COLUMN].add(docnum, compressor.compress(data) + compressor.flush())

    def _make_dictionary(self) -> None:
        waiting, self._waiting = self._waiting, []
        self._zdict = b"".join(data for _, data in waiting)[-_WINDOW:]
        self._cols.create_file(DICTIONARY_COLUMN).write(zlib.compress(self._zdict, 9))
        for docnum, data in waiting:  # in document order, before any later document
            self._store(docnum, data)

    def close(self) -> None:
        if self._indoc:
            self.finish_doc()
        if self._zdict is None and self._waiting:
            self._make_dictionary()
        super().close()


class DictionaryPerDocReader(W3PerDocReader):
    """Whoosh's per-document reader for segments written by :class:`DictionaryPerDocWriter`."""

    _zdict: bytes | None = None

    def stored_fields(self, docnum: int) -> dict:
        reader = self._cached_reader(STORED_COLUMN, _MAPPED_BYTES)
        data = reader[docnum] if reader is not None else b""
        if not data:
            return {}
        zdict = self._zdict
        if zdict is None:
            name = W3Codec.column_filename(self._segment, DICTIONARY_COLUMN)
            f = self._storage.open_file(name)
            try:
                zdict = self._zdict = zlib.decompress(f.read(self._storage.file_length(name)))
            finally:
                f.close()
        decompressor = zlib.decompressobj(zdict=zdict)
        return pickle.loads(decompressor.decompress(data) + decompressor.flush())
