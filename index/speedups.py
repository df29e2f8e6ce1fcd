"""A cheaper ``SegmentWriter``: postings pooled a field at a time, field lengths read once.

**Adding a document** (:func:`speed_up_adding`): Whoosh's ``add_document`` hands the
posting pool one posting at a time (a method call, two type assertions and a size
estimate of nine terms each), and an ``ID`` field's one term goes through a Token
stream.  Here a field's postings go to the pool in one call, with the same size
estimate summed, and an ``ID`` field with Whoosh's plain ``IDTokenizer`` yields its
term directly; the postings, stored values, lengths and columns are Whoosh's.

**Spilling**: a pool that outgrows its memory writes and merges its runs a term at a
time instead of a posting at a time (:class:`GroupedPostingPool`).

**Without the cyclic garbage collector** (:func:`gc_paused`) while a pool spills and while
a writer commits: both make hundreds of thousands of tuples, lists and bytes and no
reference cycles, and every 700 of them set off a collection that, as the pool's postings
pile up in the oldest generation, now and then walks them all (3,000 news documents: 1.4 s
of a 15 s command in collections, two thirds of it in those two places).

**Committing**:

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
    >>> w = speed_up_adding(speed_up_commit(ix.writer()))
    >>> w.add_document(id="a", body="one two two")
    >>> w.commit()
    >>> with ix.searcher() as s:
    ...     s.doc_field_length(0, "body"), s.doc_field_length(0, "id", -1)
    (3, -1)
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import heapq
import itertools
import marshal
import operator
import struct
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis.tokenizers import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.formats import Existence
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool, SegmentWriter

from polyseek.analyzers.bounded import after_drop
from polyseek.index.codec import LENGTH_OF_BYTE, FastW3Codec, Group, PostingGroups, term_of
from polyseek.index.durable import DurableSegmentWriter
from polyseek.index.fields import SideField
from polyseek.index.heap import give_back
from polyseek.index.merging import segment_terms

__all__ = ["FieldLengthTables", "gc_paused", "segment_writer", "speed_up_adding", "speed_up_commit"]

# a full analyzer cache's older half (tens of thousands of words and their analyses) freed
# among live objects while a writer adds: given back, as a spilled run's tuples are
after_drop(give_back)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, for work that makes many objects
    and no reference cycles (on again after it, if it was on; objects are still freed as
    their last reference goes, and a cycle made meanwhile is collected later).

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class FieldLengthTables:
    """Wraps a Whoosh per-document reader; ``doc_field_length`` answers from a table per field.

    Answers exactly what ``W3PerDocReader.doc_field_length`` answers for documents of the
    segment: ``default`` for a field without lengths, ``None`` for a zero length byte,
    else the decoded length.  Everything else goes to the wrapped reader.  A table is the
    field's length bytes as the column holds them, one byte a document (a list of the
    decoded lengths took 8 bytes a document: 16 MiB a field at a commit of 2 million
    passages); :data:`index.codec.LENGTH_OF_BYTE` decodes them.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._tables: dict[str, bytes | None] = {}

    def _table(self, fieldname: str) -> bytes | None:
        lenfield = _lenfield(fieldname)
        if not self._reader.has_column(lenfield):
            table = None
        else:
            table = bytes(self._reader.column_reader(lenfield, LENGTHS_COLUMN))
        self._tables[fieldname] = table
        return table

    def length_bytes(self, fieldname: str) -> bytes | None:
        """Every document's length byte of ``fieldname`` (decoded by
        :data:`index.codec.LENGTH_OF_BYTE`), or None if the field has no lengths."""
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
        return LENGTH_OF_BYTE[table[docnum]] or None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def speed_up_commit(writer: SegmentWriter) -> SegmentWriter:
    """Make ``writer`` (a fresh ``SegmentWriter``) use :class:`FieldLengthTables` when it commits."""
    if isinstance(writer, SegmentWriter):
        plain = writer.per_document_reader
        writer.per_document_reader = lambda: FieldLengthTables(plain())  # type: ignore[method-assign]
    return writer


#: ``PostingPool.add``'s size estimate of one posting, without its field name, term and value.
_POSTING_SIZE = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21


#: Runs merged at once: reading holds one list of :data:`_RUN_POSTINGS` postings per run
#: (about 0.2 MB), so a merge holds about 7 MB however large the segment.  More runs are
#: first merged in tiers of this many consecutive runs (each posting read and written once
#: more per tier: the runs of a 2 GB file, about a thousand, take one tier).
MERGE_FAN_IN = 32


class GroupedPostingPool(PostingPool):
    """Whoosh's ``PostingPool``, its spilled runs written and merged a term at a time.

    Whoosh's pool keeps a list of ``(fieldname, term bytes, docnum, weight, value)``;
    when it outgrows its memory limit it sorts the list and pickles it to a run file
    posting by posting, and at the end reads every run back and merges them posting by
    posting (a folder of 3,000 news files, whose side fields overflow the pool: a third of
    the command).  Here a run is the sorted list written as ``marshal``-ed slices, read
    back cut into groups of one term's postings, and runs are merged a term at a time (a
    term's postings from each run, in the order the runs were written: docnum order, as
    documents are added in order; sorted as Whoosh sorts them if they are not).  The
    postings come out exactly in Whoosh's order.

    The postings held are kept in a list per field (Whoosh's ``current`` stays empty):
    while they are in document order a run is each field's list sorted by term, stably,
    the fields in name order, what sorting the whole list by term and then by field gave
    (3,000 ``.txt`` files: ~30 % less time sorting, the second sort over every posting gone).
    """

    # set by Whoosh's SortingPool (untyped): the postings held, the run files' names
    current: list[tuple[str, bytes, int, float, bytes | None]]
    runs: list[str]
    #: merged segments' postings, a stream of groups each (see :meth:`add_stream`), and
    #: the readers they come from (closed with the pool)
    _streams: list[Iterator[tuple[str, bytes, Any]]]
    _stream_readers: list[Any]
    #: the latest document a posting was added for, and whether every term's postings were
    #: added in document order (see :meth:`add_segment`): then a term's pieces in the runs,
    #: run after run, are in document order and are merged without being put together
    _last_doc: int
    _in_order: bool
    #: the postings held, field name -> that field's postings in the order they were added
    _fields: dict[str, list[tuple[str, bytes, int, float, bytes | None]]]

    @classmethod
    def adopt(cls, pool: PostingPool) -> GroupedPostingPool:
        """Take over a fresh ``PostingPool`` (nothing added yet)."""
        if pool.current or pool.runs:
            raise ValueError("only an empty PostingPool can be adopted")
        pool.__class__ = cls
        pool._last_doc, pool._in_order = -1, True
        pool._fields = {}
        pool._streams, pool._stream_readers = [], []
        return pool  # type: ignore[return-value]

    def _sort(self, postings: list[tuple[str, bytes, int, float, bytes | None]]) -> None:
        """Sort ``postings`` (of this pool) in place as Whoosh does: by field, term, docnum,
        weight and value.  While every term's postings were added in document order (one
        posting a document and term), two stable sorts by a single key each, term then field
        (no key tuples, strings compared by the fast path for strings), give that order in
        about half the time of comparing whole postings."""
        if self._in_order:
            postings.sort(key=_term_bytes)
            postings.sort(key=_field_name)
        else:
            postings.sort()

    def _take_sorted(self) -> list[tuple[str, bytes, int, float, bytes | None]]:
        """The postings held, sorted as :meth:`_sort` sorts them; the pool then holds none."""
        fields, self._fields = self._fields, {}
        postings: list[tuple[str, bytes, int, float, bytes | None]] = self.current
        self.current = []
        if not self._in_order:
            for name in list(fields):
                postings += fields.pop(name)
            self._sort(postings)
            return postings
        for name in sorted(fields):  # a field's postings sorted stably by term: its postings of _sort
            field = fields.pop(name)
            field.sort(key=_term_bytes)
            postings += field
            del field
        return postings

    def save(self) -> None:
        if self._fields or self.current:
            with gc_paused():
                postings = self._take_sorted()
                self._write_run(_slices(postings))
            del postings
            give_back()  # the run's tuples (tens of MB) were freed among live objects
        self.currentsize = 0

    def note_document(self, docnum: int) -> None:
        """A posting of document ``docnum`` is being added: the pool stays in document order
        while no document comes before the latest one (and no segment's stream was added:
        the streams come after the pool's own postings)."""
        if docnum < self._last_doc or self._streams:
            self._in_order = False
        else:
            self._last_doc = docnum

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        self.note_document(item[2])
        self._put(item)

    def _put(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Whoosh's ``PostingPool.add`` (the same checks and size estimate), into the field's list."""
        assert isinstance(item[1], bytes), f"tbytes={item[1]!r}"
        if item[4] is not None:
            assert isinstance(item[4], bytes), f"vbytes={item[4]!r}"
        fieldname = item[0]
        self.fieldnames.add(fieldname)
        self.currentsize += _POSTING_SIZE + len(fieldname) + 2 * len(item[1]) + len(item[4] or "")
        if self.currentsize > self.limit:
            self.save()
        postings = self._fields.get(fieldname)
        if postings is None:
            postings = self._fields[fieldname] = []
        postings.append(item)

    def add_segment(self, postings: Iterable[tuple[str, bytes, int, float, bytes | None]], first: int, last: int) -> None:
        """Add a merged segment's ``postings`` (term by term, each term's in document
        order), its documents numbered ``first`` to ``last``: in document order for every
        term as long as they come after every document the pool holds."""
        if first <= self._last_doc:
            self._in_order = False
        add = self._put
        for posting in postings:
            add(posting)
        self._last_doc = max(self._last_doc, last)

    def add_stream(
        self, groups: Iterator[tuple[str, bytes, Any]], reader: Any, fieldnames: Iterable[str], first: int, last: int
    ) -> None:
        """Add a merged segment's postings as a stream of groups (term by term, each term's in
        document order, a list or the function that reads it: :func:`index.merging.segment_terms`), read while the segment is written:
        its documents numbered ``first`` to ``last``, after every document the pool holds
        (else the pool merges out of order); ``reader`` is closed with the pool."""
        if first <= self._last_doc:
            self._in_order = False
        self._streams.append(groups)
        self._stream_readers.append(reader)
        self.fieldnames.update(fieldnames)
        self._last_doc = max(self._last_doc, last)

    def cleanup(self) -> None:
        super().cleanup()
        self._fields = {}
        self._streams = []
        for reader in self._stream_readers:
            reader.close()
        self._stream_readers = []

    def _write_run(self, chunks: Iterable[list[tuple[str, bytes, int, float, bytes | None]]]) -> None:
        """Write ``chunks`` (postings in order, in lists: :func:`_slices`, :func:`_batched`) to a
        new run file: each list ``marshal``-ed after its length (read back whole and cut into
        its terms' groups then)."""
        path, f = self._new_run()
        try:
            for chunk in chunks:
                data = marshal.dumps(chunk, 4)
                f.write(_RUN_LENGTH.pack(len(data)))
                f.write(data)
        finally:
            f.close()
        self._add_run(path)

    def _read_groups(self, path: str) -> Iterator[Group]:
        """A run's postings a term at a time (a term cut by the end of a list in two pieces)."""
        f = self._open_run(path)
        try:
            while head := f.read(_RUN_LENGTH.size):
                chunk = marshal.loads(f.read(_RUN_LENGTH.unpack(head)[0]))
                for (fieldname, btext), postings in itertools.groupby(chunk, key=term_of):
                    yield fieldname, btext, list(postings)
        finally:
            f.close()
            self._remove_run(path)

    def items(self, maxfiles: int = MERGE_FAN_IN) -> Iterable[tuple[str, bytes, int, float, bytes | None]]:
        if not self._streams:
            groups = self._own_groups(maxfiles)
        else:  # the pool's own postings first, then each merged segment's
            streams, self._streams = self._streams, []
            groups = _merge_groups([self._own_groups(maxfiles), *streams], self._in_order)
        return PostingGroups(groups)

    def _own_groups(self, maxfiles: int) -> Iterator[Group]:
        """The pool's own postings, a term at a time, in order."""
        if not self.runs:
            postings = self._take_sorted()
            return ((f, b, list(ps)) for (f, b), ps in itertools.groupby(postings, key=term_of))
        return self._run_groups(maxfiles)

    def _run_groups(self, maxfiles: int) -> Iterator[Group]:
        """The pool's postings, saved and spilled, a term at a time from its runs, in order."""
        self.save()
        runs, self.runs = self.runs, []
        in_order = self._in_order
        while len(runs) > maxfiles:  # a tier: every maxfiles consecutive runs merged into one, in order
            merged = []
            for start in range(0, len(runs), maxfiles):
                tier = runs[start : start + maxfiles]
                if len(tier) > 1:
                    merged_tier = _merge_groups([self._read_groups(r) for r in tier], in_order)
                    self._write_run(_batched(merged_tier))
                    tier = [self.runs.pop()]
                    give_back()
                merged += tier
            runs = merged
        return _merge_groups([self._read_groups(r) for r in runs], in_order)


#: Postings per ``marshal``-ed list of a run file (a term with more is cut into pieces, one
#: after another), and the list's length before it.  Merging holds one list per run: were a
#: list a fixed number of terms, the terms every passage of a document holds (its title's:
#: a posting per passage) would come whole from every run at once (a 100 MB one-line file:
#: 920 MiB instead of Whoosh's 276).
_RUN_POSTINGS = 1024
_RUN_LENGTH = struct.Struct("<I")


def _batched(groups: Iterable[Group]) -> Iterator[list]:
    """``groups``' postings in lists of about :data:`_RUN_POSTINGS`: a list ends with the
    piece of a group (a bigger group cut into pieces of that many) that fills it."""
    chunk: list = []
    for _, _, postings in groups:
        for start in range(0, len(postings), _RUN_POSTINGS):
            chunk.extend(postings if len(postings) <= _RUN_POSTINGS else postings[start : start + _RUN_POSTINGS])
            if len(chunk) >= _RUN_POSTINGS:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _slices(postings: list) -> Iterator[list]:
    """The lists :func:`_batched` makes of sorted ``postings``' groups (one term's postings
    each), cut from the list by position: a list ends where the piece that holds its
    :data:`_RUN_POSTINGS`-th posting ends, found by bisecting, not by walking every term.

    The cuts matter beyond memory: ``marshal`` keeps a value shared by postings of one list
    shared when it reads it back, and the postings file's ``pickle`` writes a value met
    twice in a block as a reference, so the same cuts make the same bytes.

    >>> postings = [("f", b"a", d, 1.0, None) for d in range(1500)] + [("f", b"b", 0, 1.0, None)] * 3
    >>> [len(chunk) for chunk in _slices(postings)] == [len(chunk) for chunk in _batched(
    ...     (f, b, list(ps)) for (f, b), ps in itertools.groupby(postings, key=term_of))]
    True
    """
    n = len(postings)
    start = 0
    while start < n:
        full = start + _RUN_POSTINGS - 1  # the list's last posting, were it full
        if full >= n - 1:
            end = n
        else:
            term = term_of(postings[full])
            first = bisect.bisect_left(postings, term, 0, full, key=term_of)
            last = bisect.bisect_right(postings, term, full, n, key=term_of)
            # the term's pieces start every _RUN_POSTINGS postings from its first
            end = min(first + ((full - first) // _RUN_POSTINGS + 1) * _RUN_POSTINGS, last)
        yield postings[start:end]
        start = end


_field_name = operator.itemgetter(0)
_term_bytes = operator.itemgetter(1)


def _numbered(stream: Iterator[tuple[str, bytes, Any]], n: int) -> Iterator[tuple[str, bytes, int, Any]]:
    """``stream``'s groups with the stream's number after the term: pieces of one term from
    two streams are ordered by stream, never by comparing their postings."""
    return ((f, b, n, ps) for f, b, ps in stream)


def _taken(merged: Iterator[tuple[str, bytes, int, Any]]) -> Iterator[Group]:
    """The merged streams' pieces as groups: a merged segment's piece, a function that reads it
    (:func:`index.merging.segment_terms`), read now; a piece without postings left out."""
    for fieldname, btext, _, piece in merged:
        if type(piece) is not list:
            piece = piece()
            if not piece:
                continue
        yield fieldname, btext, piece


def _merge_groups(streams: list[Iterator[tuple[str, bytes, Any]]], in_order: bool) -> Iterator[Group]:
    """Merge term-ordered streams of groups, oldest first: a term's postings from every
    stream in stream order.  ``in_order`` (every term's postings were added in document order):
    a term's pieces are passed on one by one, so memory holds one piece per stream however
    many postings a term has (a merged segment's piece is a function that reads it, called
    when the piece is taken: then it holds one); else they are put together and sorted as
    Whoosh sorts them."""
    merged = _taken(heapq.merge(*(_numbered(stream, n) for n, stream in enumerate(streams))))
    if in_order:
        yield from merged
        return
    key: tuple[str, bytes] | None = None
    postings: list = []
    for fieldname, btext, more in merged:
        if key is not None and (fieldname, btext) == key:  # the term's next piece: this run's or a later one's
            postings.extend(more)
            continue
        if key is not None:
            postings.sort()
            yield key[0], key[1], postings
        key, postings = (fieldname, btext), more
    if key is not None:
        postings.sort()
        yield key[0], key[1], postings


def _pool_postings(pool: Any, fieldname: str, postings: list[tuple[str, bytes, int, float, bytes | None]]) -> None:
    """``pool.add`` for each posting of one field (the same size estimate, one call)."""
    size = (_POSTING_SIZE + len(fieldname)) * len(postings)
    for posting in postings:
        size += 2 * len(posting[1]) + len(posting[4] or "")
    pool.fieldnames.add(fieldname)
    if postings and type(pool) is GroupedPostingPool:
        pool.note_document(postings[0][2])  # one document's
    pool.currentsize += size
    if pool.currentsize > pool.limit:  # Whoosh saves a run before the posting that overflows
        pool.save()
        pool.currentsize = size
    if type(pool) is GroupedPostingPool:
        held = pool._fields.get(fieldname)
        if held is None:
            held = pool._fields[fieldname] = []
        held.extend(postings)
    else:
        pool.current.extend(postings)


def _fast_id(field: Any) -> bool:
    """Whether ``field`` indexes a string as exactly one term, itself (an ``ID`` field)."""
    return type(field.analyzer) is IDTokenizer and type(field.format) is Existence


#: What :func:`_add_document` asks of a field for every document, asked once per writer:
#: ``(field, indexed, one ID term, scorable, separate spelling, vector, stored, column type)``.
_FieldPlan = tuple[Any, bool, bool, bool, bool, Any, bool, Any]


def _plan(field: Any) -> _FieldPlan:
    return (
        field,
        field.indexed,
        _fast_id(field),
        field.scorable,
        field.separate_spelling(),
        field.vector,
        field.stored,
        field.column_type,
    )


def _plans(self: SegmentWriter, schema: Any, fieldnames: list[str]) -> list[_FieldPlan]:
    """The plans of ``fieldnames`` (checked as Whoosh's ``_check_fields`` checks them),
    from the writer's table while the schema still holds the same field objects."""
    table: dict[str, _FieldPlan] = self.__dict__.setdefault("_field_plans", {})
    known = schema._fields
    out = []
    for name in fieldnames:
        plan = table.get(name)
        if plan is None or known.get(name) is not plan[0]:
            self._check_fields(schema, [name])
            plan = table[name] = _plan(schema[name])
        out.append(plan)
    return out


def _add_document(self: SegmentWriter, **fields: Any) -> None:
    """Whoosh's ``SegmentWriter.add_document`` (whoosh/writing.py), a field's postings pooled
    at once, what it asks of each field asked once per writer (:func:`_plans`), and the
    per-field boosts and stored values looked up only when a ``_`` argument gives any."""
    self._check_state()
    perdocwriter = self.perdocwriter
    schema = self.schema
    docnum = self.docnum
    pool = self.pool
    docboost = self._doc_boost(fields)
    fieldnames = sorted([name for name in fields if not name.startswith("_")])
    extra = len(fieldnames) != len(fields)  # _boost, _NAME_boost, _stored_NAME given
    plans = _plans(self, schema, fieldnames)
    perdocwriter.start_doc(docnum)
    try:
        for fieldname, (field, indexed, fast_id, scorable, spelling, vector, stored, column) in zip(fieldnames, plans):
            value = fields.get(fieldname)
            if value is None:
                continue
            length = 0
            if indexed:
                fieldboost = self._field_boost(fields, fieldname, docboost) if extra else docboost
                postings = None
                if fieldboost == 1.0 and not scorable and type(field) is SideField:
                    postings = field.pooled(value, fieldname, docnum)
                if postings is None:
                    if fast_id and isinstance(value, str):
                        items = [(value.encode("utf-8"), 1, field.format.field_boost, b"")]
                    else:
                        items = list(field.index(value))
                    if scorable:
                        length = sum(item[1] for item in items)
                    if fieldboost == 1.0:  # the weights as they are (shared ones stay shared: index.fields.count_weights)
                        postings = [(fieldname, tbytes, docnum, weight, vbytes) for tbytes, _, weight, vbytes in items]
                    else:
                        postings = [(fieldname, tbytes, docnum, weight * fieldboost, vbytes) for tbytes, _, weight, vbytes in items]
                _pool_postings(pool, fieldname, postings)
            if spelling:
                spellfield = field.spelling_fieldname(fieldname)
                for word in field.spellable_words(value):
                    pool.add((spellfield, word.encode("utf-8"), 0, 1, None))
            if vector:
                vitems = vector.word_values(value, field.analyzer, mode="index")
                vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                perdocwriter.add_vector_items(fieldname, field, vitems)
            customval = fields.get(f"_stored_{fieldname}", value) if extra else value
            perdocwriter.add_field(fieldname, field, customval if stored else None, length)
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    self._added = True
    self.docnum += 1


def speed_up_adding(writer: SegmentWriter) -> SegmentWriter:
    """Make ``writer`` (a ``SegmentWriter``) pool each field's postings at once, in a
    :class:`GroupedPostingPool` (see above)."""
    if isinstance(writer, SegmentWriter):
        writer.add_document = _add_document.__get__(writer)  # type: ignore[method-assign]
        if type(writer.pool) is PostingPool:
            writer.pool = GroupedPostingPool.adopt(writer.pool)
            writer.add_postings_to_pool = _add_postings_to_pool.__get__(writer)  # type: ignore[method-assign]
            writer.write_per_doc = _write_per_doc.__get__(writer)  # type: ignore[method-assign]
    return writer


def _add_postings_to_pool(self: SegmentWriter, reader: Any, startdoc: int, docmap: Any) -> None:
    """Whoosh's ``SegmentWriter.add_postings_to_pool`` (a segment merged in: its documents
    were just numbered from ``startdoc``): a segment's postings streamed from its files when
    the new segment is written (:mod:`index.merging`), another reader's through
    :meth:`GroupedPostingPool.add_segment`."""
    if isinstance(reader, SegmentReader):
        own = SegmentReader(self.storage, self.schema, reader.segment())  # the caller closes its reader now
        groups = segment_terms(own, self.schema, startdoc, docmap)
        self.pool.add_stream(groups, own, own.indexed_field_names(), startdoc, self.docnum - 1)
        return
    postings = self._process_posts(reader.iter_postings(), startdoc, docmap)
    self.pool.add_segment(postings, startdoc, self.docnum - 1)


def _write_per_doc(self: SegmentWriter, fieldnames: Any, reader: Any) -> Any:
    """Whoosh's ``SegmentWriter.write_per_doc`` (a merged segment's stored fields, lengths and
    columns), a segment's field lengths read from a table per field (:class:`_TableLengths`)."""
    if isinstance(reader, SegmentReader):
        reader = _TableLengths(reader)
    return SegmentWriter.write_per_doc(self, fieldnames, reader)


class _TableLengths:
    """A segment reader whose ``doc_field_length`` answers from :class:`FieldLengthTables`
    (Whoosh asks the file system whether the field's length column exists, a ``stat`` for
    every document and field: 10% of merging 3,000 news documents' segments)."""

    def __init__(self, reader: SegmentReader) -> None:
        self._reader = reader
        self.doc_field_length = FieldLengthTables(reader._perdoc).doc_field_length

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def segment_writer(ix: Any, limitmb: int = 128) -> SegmentWriter:
    """A Whoosh writer for ``ix`` without Whoosh's lock (the caller holds polyseek's), its
    posting pool spilling past ``limitmb`` (:data:`index.pipeline.POOL_MB`), with
    :class:`~index.codec.FastW3Codec` and :func:`speed_up_commit`, committing durably when
    ``ix``'s storage is a :class:`~index.durable.DurableFileStorage` (see :mod:`index.durable`)."""
    return speed_up_adding(speed_up_commit(DurableSegmentWriter(ix, _lk=False, limitmb=limitmb, codec=FastW3Codec())))
