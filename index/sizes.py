"""What takes the space in an index: bytes on disk per field.

A field's bytes are its entries in each segment's term table (term and term info, with
one-posting lists inlined there, and its share of the table's overhead by number of
entries) or, for a lexicon field, its blocks in the segment's lexicon file
(:mod:`index.lexicon`), its posting blocks, its columns (a sortable column, with
``doc_id``'s runs, :mod:`index.docruns`; the field-length column) and its share of the
stored fields. The stored fields are one
column of pickled dictionaries per segment (with, since 0.2, the dictionary they are
compressed against, :mod:`index.stored`); it is shared out between the fields in
proportion to their pickled size in up to :data:`STORED_SAMPLE` documents per segment.
What no field owns (tables of contents, hash-table indexes, the status file) is
``"(other)"``.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.index import PassageIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> from polyseek.index import sync_paths
    >>> pix = PassageIndex.create(Path(tempfile.mkdtemp()) / "ix")
    >>> _ = sync_paths(pix, [samples])
    >>> sizes = field_sizes(pix)
    >>> sum(sizes.values()) == pix.size_bytes(), max(sizes, key=sizes.get)
    (True, 'text')
"""

from __future__ import annotations

import pickle
from collections import Counter

from whoosh.codec.whoosh3 import W3TermInfo

from polyseek.index.docruns import RUN_HASHES, RUN_LENGTHS
from polyseek.index.lexicon import LEXICON_EXT
from polyseek.index.records import DOC_ID
from polyseek.index.stored import DICTIONARY_COLUMN

__all__ = ["OTHER", "STORED_SAMPLE", "field_sizes"]

#: Documents per segment whose stored fields are measured to share out the stored column.
STORED_SAMPLE = 500
#: The name under which bytes no field owns are reported.
OTHER = "(other)"


def _terms_and_postings(leaf, out: Counter[str]) -> None:
    """Each field's term-table entries and posting blocks; the table's own overhead (entry
    headers, hash tables) shared out by number of entries."""
    terms = leaf._terms
    table = getattr(terms, "_tindex", None)
    if table is None:  # not a W3 segment: nothing to attribute
        return
    entries: Counter[str] = Counter()
    in_table = 0
    for key, value in table.items():
        fieldname, _ = terms._keydecoder(key)
        entries[fieldname] += 1
        in_table += len(key) + len(value)
        out[fieldname] += len(key) + len(value)
        if not value[0]:  # postings in the posting file, not inlined in the term info
            length = W3TermInfo.from_bytes(value)._length
            out[fieldname] += length[0] if isinstance(length, tuple) else length
    name = f"{leaf._segment.segment_id()}.trm"
    overhead = max(leaf._storage.file_length(name) - in_table, 0) if name in leaf._storage.list() else 0
    count = sum(entries.values())
    for fieldname, n in entries.items():
        out[fieldname] += overhead * n // count
    _lexicon(leaf, out)


def _lexicon(leaf, out: Counter[str]) -> None:
    """Each lexicon field's blocks in the segment's lexicon file (see :mod:`index.lexicon`),
    the file's directory shared out by number of terms."""
    lexicon = getattr(leaf._terms, "_lexicon", None)
    if lexicon is None:
        return
    name = f"{leaf._segment.segment_id()}{LEXICON_EXT}"
    fields = lexicon.field_names()
    blocks = {f: lexicon.block_bytes(f) for f in fields}
    counts = {f: lexicon.term_count(f) for f in fields}
    overhead = max(leaf._storage.file_length(name) - sum(blocks.values()), 0)
    total = sum(counts.values())
    for fieldname in fields:
        out[fieldname] += blocks[fieldname] + (overhead * counts[fieldname] // total if total else 0)


def _columns(leaf, out: Counter[str]) -> int:
    """Bytes of the segment's column files per field; returns those of the stored-fields column."""
    segid = leaf._segment.segment_id()
    storage = leaf._storage
    stored = 0
    for name in storage.list():
        if not (name.startswith(segid + ".") and name.endswith(".col")):
            continue
        part, size = name[len(segid) + 1 : -len(".col")], storage.file_length(name)
        if part in ("_stored", DICTIONARY_COLUMN):  # the documents, and their dictionary (index.stored)
            stored += size
        elif part in (RUN_LENGTHS, RUN_HASHES):  # the doc_id column's runs (index.docruns)
            out[DOC_ID] += size
        elif part.startswith("_") and part.endswith("_len"):
            out[part[1 : -len("_len")]] += size
        else:
            out[part] += size
    return stored


def _stored_share(leaf, stored: int, out: Counter[str]) -> None:
    measured: Counter[str] = Counter()
    for docnum in range(min(leaf.doc_count_all(), STORED_SAMPLE)):
        for fieldname, value in leaf.stored_fields(docnum).items():
            measured[fieldname] += len(pickle.dumps(value, 2)) + len(fieldname)
    total = sum(measured.values())
    if not total:
        out[OTHER] += stored
        return
    for fieldname, n in measured.items():
        out[fieldname] += stored * n // total
    out[OTHER] += stored - sum(stored * n // total for n in measured.values())


def field_sizes(pix) -> dict[str, int]:
    """Bytes on disk per field of the :class:`index.PassageIndex` ``pix``, largest first;
    they add up to :meth:`~index.PassageIndex.size_bytes` (the rest under ``"(other)"``)."""
    out: Counter[str] = Counter()
    searcher = pix.searcher()
    try:
        if searcher.doc_count_all():
            for leaf, _ in searcher.reader().leaf_readers():
                _terms_and_postings(leaf, out)
                _stored_share(leaf, _columns(leaf, out), out)
    finally:
        searcher.close()
    out[OTHER] += pix.size_bytes() - sum(out.values())
    return dict(sorted(out.items(), key=lambda item: (-item[1], item[0])))
