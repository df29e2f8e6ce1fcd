"""index/lexicon.py: a ``PLX2`` lexicon file reads as the ``PLX1`` file of the same terms
did, and a lookup decodes the postings of the term it asks for alone."""

from __future__ import annotations

import pickle
import struct
import zlib
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.structfile import BufferFile, StructFile

from polyseek.index.lexicon import LEXICON_EXT, LexiconReader
from polyseek.index.schema import SIDE_FIELDS


def _lexicon_bytes(index_dir: Path) -> bytes:
    """The ``.lex`` file of the index's segment with the most lexicon terms."""
    with whoosh_index.open_dir(str(index_dir)).reader() as r:
        leaf = max((leaf for leaf, _ in r.leaf_readers()), key=lambda leaf: leaf._terms._lexicon.term_count("words"))
        f = leaf.segment().open_file(leaf._storage, LEXICON_EXT)
        try:
            return f.read()
        finally:
            f.close()


def _plx1(entries: list[tuple[str, bytes, tuple]], block_terms: int = 128) -> bytes:
    """``entries`` written as polyseek wrote lexicon files before ``PLX2``: each block one
    zlib-compressed pickle of its terms and their flattened postings."""
    out, directory, pos = [b"PLX1"], {}, 4
    fields: dict[str, list[tuple[bytes, tuple]]] = {}
    for fn, btext, flat in entries:
        fields.setdefault(fn, []).append((btext, flat))
    for fn, items in fields.items():
        firsts, offsets, lengths = [], [], []
        for i in range(0, len(items), block_terms):
            block = items[i : i + block_terms]
            data = zlib.compress(pickle.dumps(([t for t, _ in block], [p for _, p in block]), 5), 6)
            firsts.append(block[0][0]), offsets.append(pos), lengths.append(len(data))
            out.append(data)
            pos += len(data)
        directory[fn] = (firsts, offsets, lengths, len(items))
    out.append(pickle.dumps(directory, 5) + struct.pack("!Q4s", pos, b"PLX1"))
    return b"".join(out)


class _Field:
    """The field object a cursor converts terms with (side fields' terms are UTF-8 text)."""

    def to_bytes(self, text: str) -> bytes:
        return text.encode("utf-8")

    def from_bytes(self, btext: bytes) -> str:
        return btext.decode("utf-8")


def test_a_plx2_file_answers_what_the_plx1_file_of_its_terms_answers(sample_index_dir: Path) -> None:
    data = _lexicon_bytes(sample_index_dir)
    assert data[:4] == b"PLX2"
    new = LexiconReader(BufferFile(data), len(data))
    entries = list(new.entries())
    assert len(entries) > 2000 and {fn for fn, _, _ in entries} == set(SIDE_FIELDS)
    old_bytes = _plx1(entries)
    old = LexiconReader(BufferFile(old_bytes), len(old_bytes))
    assert list(old.entries()) == entries and old.field_names() == new.field_names()
    for fn, btext, flat in entries[::7]:
        for lex in (old, new):
            info = lex.term_info(fn, btext)
            assert info.inlined_postings() == (flat[0::3], flat[1::3], flat[2::3])
            assert (info.weight(), info.doc_frequency()) == (sum(flat[1::3]), len(flat) // 3)
            assert lex.doc_frequency(fn, btext) == len(flat) // 3 and (fn, btext) in lex
        assert (fn, btext + b"\x00") not in new and (fn, btext + b"\x00") not in old
    for fn in SIDE_FIELDS:
        assert new.term_count(fn) == old.term_count(fn)
        for prefix in (b"", b"c", b"cf:", "ол".encode(), "كاز".encode(), b"zzz"):
            assert list(new.terms_from(fn, prefix)) == list(old.terms_from(fn, prefix))
            got = [(t, i.inlined_postings()) for t, i in new.items_from(fn, prefix)]
            assert got == [(t, i.inlined_postings()) for t, i in old.items_from(fn, prefix)]
            a, b = new.cursor(fn, _Field()), old.cursor(fn, _Field())
            a.find(prefix.decode()), b.find(prefix.decode())
            for _ in range(300):
                assert a.text() == b.text() and a.is_valid() == b.is_valid()
                if not a.is_valid():
                    break
                assert a.term_info().inlined_postings() == b.term_info().inlined_postings()
                a.next(), b.next()


def test_a_lookup_decodes_the_postings_of_its_term_alone(sample_index_dir: Path) -> None:
    data = _lexicon_bytes(sample_index_dir)
    lex = LexiconReader(BufferFile(data), len(data))
    fn, btext, flat = list(lex.entries())[500]
    lex = LexiconReader(BufferFile(data), len(data))  # nothing cached
    assert (fn, btext + b"\x00") not in lex  # an absent term: its block's terms read...
    (_, postings), = lex._cache.values()
    assert postings._packed is not None  # ...its postings not even decompressed
    assert lex.term_info(fn, btext).inlined_postings() == (flat[0::3], flat[1::3], flat[2::3])
    assert postings._packed is None and len(postings) > 1


def test_a_plx2_file_is_written_the_same_whatever_the_postings_objects(tmp_path: Path) -> None:
    # the same postings from fresh objects (as a merge reads them back) give the same bytes
    from polyseek.index.lexicon import LexiconWriter

    def write(make) -> bytes:
        out = StructFile(__import__("io").BytesIO())
        w = LexiconWriter(out)
        w.start_field("words")
        for t in range(300):
            for d in range(t % 5 + 1):  # a value and a weight met again within a term
                w.add(f"w{t:04d}".encode(), d * 7 + t * 500, float(d % 2 + 1), make(d % 2 + t % 3))
        w.finish_field()
        return w.finish()

    shared = [struct.pack("!I", d) for d in range(4)]
    assert write(lambda d: shared[d]) == write(lambda d: struct.pack("!I", d))


def test_a_lexicon_field_read_from_a_prefix_goes_on_into_the_later_fields(sample_index_dir: Path) -> None:
    # a lexicon field's terms are read without the term table (no merge with it), and then the
    # fields after it follow in name order, lexicon and term-table fields alike, as the merge gave
    import heapq

    with whoosh_index.open_dir(str(sample_index_dir)).reader() as r:
        for leaf, _ in r.leaf_readers():
            terms = leaf._terms
            for fn in SIDE_FIELDS:
                for prefix in (b"", b"cf:", "ол".encode(), b"zzz"):
                    merged = list(heapq.merge(terms._table_from(fn, prefix), terms._lexicon.terms_from(fn, prefix)))
                    assert list(terms.terms_from(fn, prefix)) == merged
                    table = ((t, terms.term_info(*t)) for t in terms._table_from(fn, prefix))
                    items = heapq.merge(table, terms._lexicon.items_from(fn, prefix), key=lambda item: item[0])
                    want = [(t, i.inlined_postings() if i.is_inlined() else i.doc_frequency()) for t, i in items]
                    got = [(t, i.inlined_postings() if i.is_inlined() else i.doc_frequency()) for t, i in terms.items_from(fn, prefix)]
                    assert got == want
            assert {f for f, _ in terms.terms_from(min(SIDE_FIELDS), b"")} == {f for f in SIDE_FIELDS if terms._lexicon.term_count(f)}
