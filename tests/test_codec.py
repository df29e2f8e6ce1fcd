"""index/codec.py writes what Whoosh's own W3 codec writes: same postings, same term statistics."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import TermNotFound
from whoosh.writing import OPTIMIZE, SegmentWriter

from polyseek.corpus import read_path
from polyseek.index.codec import BLOCK_POSTINGS, FastW3Codec, term_of
from polyseek.index.lexicon import BLOCK_TERMS
from polyseek.index.schema import SIDE_FIELDS, build_schema
from polyseek.index import stored as stored_module
from polyseek.index.speedups import GroupedPostingPool, speed_up_adding


def _add_passages(w: SegmentWriter, docs: list) -> None:
    """Add every passage of ``docs`` to ``w`` with the fields polyseek indexes."""
    for doc in docs:
        for p in doc.passages:
            w.add_document(kind="passage", pid=f"{doc.id}#{p.number}", doc_id=doc.id, source=doc.source,
                           title=doc.title, text=p.text, lang=p.lang, words=p.text, translit=p.text,
                           line=p.line, boilerplate=p.boilerplate)  # fmt: skip


def _build(path: Path, codec_class: type, samples: list, fast_adding: bool = False) -> None:
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    for part in (samples[:2], samples[2:]):  # two segments...
        w = SegmentWriter(ix, codec=codec_class(), limitmb=1)  # a run of postings spilled to disk, too
        if fast_adding:
            speed_up_adding(w)
        _add_passages(w, part)
        w.commit()
    w = SegmentWriter(ix, codec=codec_class())
    w.delete_by_term("pid", f"{samples[0].id}#0")
    w.commit(mergetype=OPTIMIZE)  # ...merged into one, through the codec's writer again


def _content(path: Path) -> tuple[list, dict]:
    with whoosh_index.open_dir(str(path)).reader() as r:
        postings = list(r.iter_postings())
        stats = {(f, t): (r.doc_frequency(f, t), r.frequency(f, t)) for f, t in r.all_terms()}
        leaf = r.leaf_readers()[0][0]
        for f, t in list(stats)[:2000]:
            ti = leaf.term_info(f, t)
            stats[f, t] += (ti.min_length(), ti.max_length(), ti.max_weight(), ti.min_id(), ti.max_id())
    return postings, stats


def test_fast_codec_writes_what_whoosh_writes(samples_dir: Path, tmp_path: Path) -> None:
    samples = list(read_path(samples_dir))
    _build(tmp_path / "w3", W3Codec, samples)
    _build(tmp_path / "fast", FastW3Codec, samples)
    stock, fast = _content(tmp_path / "w3"), _content(tmp_path / "fast")
    assert len(stock[0]) > 5000 and fast == stock
    with whoosh_index.open_dir(str(tmp_path / "fast")).reader() as r:
        leaf = r.leaf_readers()[0][0]
        inlined = sum(leaf.term_info(f, t).is_inlined() for f, t in r.all_terms())
        assert inlined > len(stock[1]) // 2  # most terms occur once: kept in the term table


def test_pooling_a_field_at_a_time_writes_what_whoosh_writes(samples_dir: Path, tmp_path: Path) -> None:
    samples = list(read_path(samples_dir))
    _build(tmp_path / "plain", FastW3Codec, samples)
    _build(tmp_path / "pooled", FastW3Codec, samples, fast_adding=True)
    plain, pooled = _content(tmp_path / "plain"), _content(tmp_path / "pooled")
    assert len(plain[0]) > 5000 and pooled == plain
    with whoosh_index.open_dir(str(tmp_path / "plain")).searcher() as a, whoosh_index.open_dir(str(tmp_path / "pooled")).searcher() as b:
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
        assert [a.doc_field_length(n, "text") for n in range(a.doc_count_all())] == [
            b.doc_field_length(n, "text") for n in range(b.doc_count_all())
        ]


def test_pooled_adding_takes_boosts_stored_values_and_unknown_fields_as_whoosh_does(tmp_path: Path) -> None:
    # speed_up_adding asks each field's properties once per writer and reads the ``_``
    # arguments only when one is given: boosts, stored overrides and a field name the
    # schema lacks must still come out as Whoosh takes them
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    def build(folder: Path, fast: bool) -> tuple[list, list, list]:
        folder.mkdir()
        schema = Schema(id=ID(stored=True), body=TEXT(stored=True), tags=KEYWORD(stored=True, scorable=True))
        ix = whoosh_index.create_in(str(folder), schema)
        w = SegmentWriter(ix, codec=FastW3Codec())
        if fast:
            speed_up_adding(w)
        w.add_document(id="a", body="alpha beta beta", tags="x y")
        w.add_document(id="b", body="beta gamma", tags="y", _boost=2.0, _body_boost=3.0, _stored_body="shown")
        w.add_document(id="c", body="gamma", tags="z z y")
        with pytest.raises(Exception, match="No field named 'nope'"):
            w.add_document(id="d", nope="?")
        w.commit()
        with ix.searcher() as s:
            r = s.reader()
            lengths = [s.doc_field_length(n, f) for n in range(s.doc_count_all()) for f in ("body", "tags")]
            return list(r.iter_postings()), list(s.all_stored_fields()), lengths

    assert build(tmp_path / "fast", True) == build(tmp_path / "plain", False)


@pytest.mark.parametrize("limitmb", [1, 128])
def test_grouped_pool_yields_whooshs_order_with_merged_postings(samples_dir: Path, tmp_path: Path, limitmb: int) -> None:
    # a writer that adds documents and merges a segment (postings term by term from
    # another segment), spilling runs to disk (1 MB) or not (128 MB: sorted in memory by
    # term, then by field): Whoosh's order all along
    samples = list(read_path(samples_dir))
    for name, grouped in (("plain", False), ("grouped", True)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), build_schema())
        for part, mergetype in ((samples[:2], None), (samples[2:], OPTIMIZE)):
            w = SegmentWriter(ix, codec=FastW3Codec(), limitmb=limitmb)
            if grouped:
                speed_up_adding(w)
                assert isinstance(w.pool, GroupedPostingPool)
            for doc in part:
                for p in doc.passages:
                    w.add_document(kind="passage", doc_id=doc.id, source=doc.source, title=doc.title, text=p.text,
                                   lang=p.lang, words=p.text, translit=p.text, line=p.line)  # fmt: skip
            pool = w.pool
            assert not (limitmb == 128 and pool.runs)
            w.commit(mergetype=mergetype)
            if grouped:  # documents added, then a segment merged after them: each term in order
                assert pool._in_order
    plain, grouped_content = _content(tmp_path / "plain"), _content(tmp_path / "grouped")
    assert len(plain[0]) > 5000 and grouped_content == plain


@pytest.mark.parametrize("limitmb", [1, 128])
def test_segments_with_deletions_merge_streamed_as_whoosh_merges_them(
    samples_dir: Path, tmp_path: Path, limitmb: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # three segments, documents deleted from two of them, merged (OPTIMIZE) with a new one's
    # documents: Whoosh's add_reader pools every posting; speed_up_adding streams each
    # segment's postings from its files (index/merging.py) and its lengths from tables,
    # giving back the pages it read every 7 terms and 3 documents (read again from the page
    # cache as needed).
    # Same postings, term statistics, stored fields and lengths.
    from polyseek.index import merging

    from polyseek.index import speedups

    monkeypatch.setattr(merging, "RELEASE_EVERY", 7)
    monkeypatch.setattr(speedups, "RELEASE_DOCS", 3)  # and its documents' pages every 3 documents
    monkeypatch.setattr(merging, "PIECE_POSTINGS", 1)  # a list of several postings in pieces, all but the first empty
    samples = list(read_path(samples_dir))
    parts = [samples[:1], samples[1:3], samples[3:4], samples[4:]]
    assert all(parts)
    for name, fast in (("plain", False), ("streamed", True)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), build_schema())
        for n, part in enumerate(parts):
            w = SegmentWriter(ix, codec=FastW3Codec(), limitmb=limitmb)
            if fast:
                speed_up_adding(w)
            _add_passages(w, part)
            if n == 2:  # a passage of the first segment and every passage of a document of the second
                w.delete_by_term("pid", f"{parts[0][0].id}#0")
                w.delete_by_term("doc_id", parts[1][1].id)
            w.commit(mergetype=OPTIMIZE if n == 3 else lambda writer, segments: segments)
        assert len(ix._segments()) == 1
    plain, streamed = _content(tmp_path / "plain"), _content(tmp_path / "streamed")
    assert len(plain[0]) > 5000 and streamed == plain
    with whoosh_index.open_dir(str(tmp_path / "plain")).searcher() as a, whoosh_index.open_dir(str(tmp_path / "streamed")).searcher() as b:
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
        assert parts[1][1].id not in {fields["doc_id"] for fields in b.all_stored_fields()}
        for field in ("text", "title", "pid"):
            assert [a.doc_field_length(n, field, -1) for n in range(a.doc_count_all())] == [
                b.doc_field_length(n, field, -1) for n in range(b.doc_count_all())
            ]


@pytest.mark.parametrize("piece", [16384, 256])
def test_a_merged_segments_postings_are_read_when_the_merge_takes_them(
    samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    # segment_terms hands out each term with a function that reads its postings (a long list's
    # in pieces of PIECE_POSTINGS, whole blocks, one function a piece): walking the terms reads
    # none (a merge of many segments holds each one's next term, not its postings), and the
    # functions give what Whoosh's matchers read
    from whoosh.reading import SegmentReader

    from polyseek.index import merging

    samples = list(read_path(samples_dir))
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    w = SegmentWriter(ix, codec=FastW3Codec())
    speed_up_adding(w)
    _passages_30_times(w, samples)  # terms of one posting, of one block, of several
    w.commit()
    reads = []
    original = merging._Blocks.read
    monkeypatch.setattr(merging._Blocks, "read", lambda self, count: reads.append(count) or original(self, count))
    monkeypatch.setattr(merging, "PIECE_POSTINGS", piece)
    schema = build_schema()
    reader = SegmentReader(ix.storage, ix.schema, ix._segments()[0])
    try:
        terms = list(merging.segment_terms(reader, schema, 5, None))
        assert reads == [] and len(terms) > 1000
        loaded: dict = {}
        for f, t, read in terms:  # a long list in pieces, one term's one after the other
            loaded.setdefault((f, t), []).append(read())
        assert reads  # the long lists, read now
        assert (max(map(len, loaded.values())) > 1) is (piece < 1000)  # the longest lists: over 1,000 postings
        for (f, t), pieces in loaded.items():  # what Whoosh's own matcher reads, renumbered from 5
            m = reader.postings(f, t)
            expected = []
            while m.is_active():
                expected.append((f, t, 5 + m.id(), m.weight()))
                m.next()
            assert [p[:4] for piece_ in pieces for p in piece_] == expected, (f, t)
            assert all(pieces), (f, t)  # a piece per PIECE_POSTINGS postings: none left empty
    finally:
        reader.close()


@pytest.mark.parametrize("again", [True, False])
@pytest.mark.parametrize("run_postings", [4096, 3])
def test_grouped_pool_spilling_many_runs_yields_every_posting_in_order(
    samples_dir: Path, tmp_path: Path, run_postings: int, again: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the samples' postings through a pool that spills a run every few documents, more runs
    # than it may open at once (merged in tiers of two), with or without some postings added
    # again out of docnum order: Whoosh's sorted order all the same; with run lists of 3
    # postings every term of more is written in pieces (what bounds a merge's memory), and
    # runs in document order pass a term's pieces on one by one
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import PostingPool

    from polyseek.index import speedups

    monkeypatch.setattr(speedups, "_RUN_POSTINGS", run_postings)

    schema = build_schema()
    pool = GroupedPostingPool.adopt(PostingPool(FileStorage(str(tmp_path)), None, limitmb=1))
    pool.limit = 20_000  # bytes of Whoosh's estimate: a run every few passages
    everything = []
    docnum = 0
    for doc in read_path(samples_dir):
        for p in doc.passages:
            for fieldname, value in (("text", p.text), ("title", doc.title), ("words", p.text)):
                postings = [(fieldname, t, docnum, w * 1.5, v) for t, _, w, v in schema[fieldname].index(value)]
                for posting in postings:
                    pool.add(posting)
                everything += postings
            docnum += 1
    if again:
        for posting in everything[:500]:  # out of docnum order
            pool.add(posting)
        everything += everything[:500]
    assert len(pool.runs) > 4
    pool.save()
    assert pool._in_order is not again
    assert list(pool.items(maxfiles=2)) == sorted(everything)
    assert not list(tmp_path.glob("*.run"))  # every run read and removed


def test_grouped_pool_holds_postings_by_field_and_sorts_them_as_the_whole_list_was(
    samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the postings a writer pools (a field's at once, and one by one through add), held per
    # field: taken out in the order the whole list sorted by term and then by field, stably,
    # had them in, each posting the same object (marshal and pickle keep shared values
    # shared); out of document order, in Whoosh's full sort's
    import operator

    from whoosh.writing import PostingPool

    from polyseek.index import speedups

    added: list = []
    pool_postings = speedups._pool_postings

    def recorded(pool, fieldname, postings):
        added.extend(postings)
        pool_postings(pool, fieldname, postings)

    monkeypatch.setattr(speedups, "_pool_postings", recorded)
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    w = speed_up_adding(SegmentWriter(ix, codec=FastW3Codec(), limitmb=1))
    w.pool.limit = 10**9
    _passages_30_times(w, list(read_path(samples_dir))[:2])
    late = ("title", b"zz", w.docnum - 1, 1.0, None)
    w.pool.add(late)  # one by one, after the rest
    added.append(late)
    assert len(added) > 10_000 and len(w.pool._fields) > 5 and not w.pool.current
    expected = sorted(sorted(added, key=operator.itemgetter(1)), key=operator.itemgetter(0))
    taken = w.pool._take_sorted()
    assert len(taken) == len(expected) and all(a is b for a, b in zip(taken, expected))
    assert not w.pool._fields and not w.pool.current
    w.cancel()
    # out of document order: Whoosh's sort of the whole tuples
    pool = GroupedPostingPool.adopt(PostingPool(None, None, limitmb=1))
    pool.limit = 10**9
    shuffled = added[::-1]
    for posting in shuffled:
        pool.add(posting)
    assert not pool._in_order and pool._take_sorted() == sorted(shuffled)


def _old_codec() -> FastW3Codec:
    """The codec as segments written before the lexicon file record it (unpickled without
    the attribute, the class default: side fields in the term table)."""
    codec = FastW3Codec()
    del codec._lexicon, codec._stored_dictionary, codec._marshal_blocks
    return codec


def test_side_fields_live_in_the_lexicon_file_and_read_as_the_term_table(samples_dir: Path, tmp_path: Path) -> None:
    samples = list(read_path(samples_dir))
    _build(tmp_path / "w3", W3Codec, samples)
    _build(tmp_path / "fast", FastW3Codec, samples)
    _build(tmp_path / "old", _old_codec, samples)
    with (
        whoosh_index.open_dir(str(tmp_path / "w3")).reader() as stock,
        whoosh_index.open_dir(str(tmp_path / "fast")).reader() as fast,
        whoosh_index.open_dir(str(tmp_path / "old")).reader() as old,
    ):
        leaf = fast.leaf_readers()[0][0]
        assert not set(SIDE_FIELDS) & set(leaf._terms._fieldmap)  # not in the term table...
        assert leaf._terms._lexicon.term_count("words") > 2 * BLOCK_TERMS  # ...but in blocks of their own
        assert not old.leaf_readers()[0][0]._terms.__class__.__name__ == "_TermsReader"
        for field in SIDE_FIELDS:
            assert list(fast.lexicon(field)) == list(stock.lexicon(field)) == list(old.lexicon(field))
            for prefix in ("о", "ол", "كاز", "cf:", "cs:k", "cf:Ja", "zzz", ""):
                assert list(fast.expand_prefix(field, prefix)) == list(stock.expand_prefix(field, prefix)), prefix
        for word in ("олимпийски", "комитет", "лозана", "kazakhstn", "الاولمبيه", "swimers", "а"):
            for dist in (1, 2):
                a = sorted(leaf.terms_within("words", word, dist))
                assert a == sorted(stock.leaf_readers()[0][0].terms_within("words", word, dist)), word
        assert list(fast.iter_field("words")) and [t for t, _ in fast.iter_field("words")] == list(stock.lexicon("words"))
        assert [t for (f, t) in fast.all_terms()] == [t for (f, t) in stock.all_terms()]
        with pytest.raises(TermNotFound):
            fast.term_info("words", "олимпийскийй")
        assert fast.frequency("words", "олимпийскийй") == 0 and ("words", "олимпийскийй") not in fast


def test_segments_of_both_layouts_merge_into_one(samples_dir: Path, tmp_path: Path) -> None:
    samples = list(read_path(samples_dir))
    path = tmp_path / "mixed"
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    for codec, part in ((_old_codec(), samples[:2]), (FastW3Codec(), samples[2:])):
        w = SegmentWriter(ix, codec=codec)
        for doc in part:
            for p in doc.passages:
                w.add_document(pid=f"{doc.id}#{p.number}", text=p.text, words=p.text, translit=p.text)
        w.commit(merge=False)
    def content() -> tuple[list, dict, list]:
        with ix.reader() as r:
            terms = {(f, t): (r.doc_frequency(f, t), r.frequency(f, t)) for f, t in r.all_terms()}
            return list(r.iter_postings()), terms, list(r.all_stored_fields())

    before = content()
    with ix.reader() as r:
        assert len(r.leaf_readers()) == 2 and ("words", "олимпийского") in r
    SegmentWriter(ix, codec=FastW3Codec()).commit(mergetype=OPTIMIZE)
    assert content() == before and len(before[1]) > 3000 and len(before[2]) > 50
    with ix.reader() as r:
        (leaf, _), = r.leaf_readers()
        assert leaf._terms._lexicon.term_count("words") == sum(1 for _ in r.lexicon("words"))


def _block_lengths(reader, fieldname: str, term: bytes) -> list[int]:
    """How many postings each block of a term's list holds, in one segment's reader."""
    from polyseek.searcher import fastpath

    m = reader.postings(fieldname, term)
    assert fastpath.is_w3_leaf(m)
    lengths = [m._blocklength]
    while not m._lastblock:
        fastpath.next_block(m)
        lengths.append(m._blocklength)
    return lengths


def test_long_lists_are_written_in_blocks_of_block_postings_and_older_blocks_merge_into_them(
    samples_dir: Path, tmp_path: Path
) -> None:
    # a segment of Whoosh's 128-posting blocks (as indexes written before hold) beside one of
    # the codec's own: both read alike, and merged they are written in the codec's blocks
    samples = list(read_path(samples_dir))
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    for blocklimit in (128, BLOCK_POSTINGS):
        codec = FastW3Codec()
        codec._blocklimit = blocklimit
        w = speed_up_adding(SegmentWriter(ix, codec=codec))
        _passages_30_times(w, samples)
        w.commit(merge=False)
    with ix.reader() as r:
        postings = list(r.iter_postings())
        (old, _), (new, _) = r.leaf_readers()
        passages = old.doc_frequency("kind", b"passage")
        assert passages > 2 * BLOCK_POSTINGS  # the list of every passage runs to several blocks either way
        assert _block_lengths(old, "kind", b"passage") == [128] * (passages // 128) + [passages % 128] * (passages % 128 > 0)
        whole, rest = divmod(passages, BLOCK_POSTINGS)
        assert _block_lengths(new, "kind", b"passage") == [BLOCK_POSTINGS] * whole + [rest] * (rest > 0)
    SegmentWriter(ix, codec=FastW3Codec()).commit(mergetype=OPTIMIZE)
    with ix.reader() as r:
        (merged, _), = r.leaf_readers()
        assert list(r.iter_postings()) == postings
        whole, rest = divmod(2 * passages, BLOCK_POSTINGS)
        assert _block_lengths(merged, "kind", b"passage") == [BLOCK_POSTINGS] * whole + [rest] * (rest > 0)


def _stored_bytes(path: Path) -> int:
    """Bytes of the stored fields' columns (documents and dictionary) of an index's segments."""
    with whoosh_index.open_dir(str(path)).reader() as r:
        storages = [leaf._storage for leaf, _ in r.leaf_readers()]
        return sum(s.file_length(n) for s in storages for n in s.list() if n.endswith(("._stored.col", "._stored_dict.col")))


def test_stored_fields_read_back_as_whoosh_stores_them_in_fewer_bytes(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(stored_module, "DICTIONARY_DOCS", 10)  # documents before and after the dictionary
    samples = list(read_path(samples_dir))
    _build(tmp_path / "w3", W3Codec, samples)  # (merged, with a deletion, through the codec again)
    _build(tmp_path / "fast", FastW3Codec, samples)
    with whoosh_index.open_dir(str(tmp_path / "w3")).searcher() as a, whoosh_index.open_dir(str(tmp_path / "fast")).searcher() as b:
        stored = list(a.all_stored_fields())
        assert len(stored) > 5 * stored_module.DICTIONARY_DOCS and list(b.all_stored_fields()) == stored
        assert [b.stored_fields(n) for n in range(b.doc_count_all())] == [a.stored_fields(n) for n in range(a.doc_count_all())]
    assert _stored_bytes(tmp_path / "fast") < 0.8 * _stored_bytes(tmp_path / "w3")


@pytest.mark.parametrize(("held", "repeat"), [(1 << 20, 1), (100, 1), (100, 8)])
def test_term_table_file_is_whooshs_byte_for_byte(
    samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int, repeat: int
) -> None:
    # _TermIndex keeps the hash entries in arrays (16 bytes a term, not Whoosh's tuples),
    # past ``held`` terms in a temporary file with the terms' positions; positions past
    # 65,535 (``repeat`` 8) need the wider array type, as in Whoosh's
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

    from polyseek.index import codec
    from polyseek.index.codec import _TermIndex

    monkeypatch.setattr(codec, "TERM_ENTRIES_HELD", held)
    words = sorted({w.encode() for doc in read_path(samples_dir) for p in doc.passages for w in p.text.split()})
    assert len(words) > 1000
    storage = FileStorage(str(tmp_path))
    for name, make in (("stock", OrderedHashWriter), ("fast", lambda f: _TermIndex.adopt(OrderedHashWriter(f)))):
        writer = make(storage.create_file(name))
        for n, word in enumerate(words):
            writer.add(word, n.to_bytes(4, "big") * (n % 5) * repeat)
        writer.close()
    assert (tmp_path / "fast").read_bytes() == (tmp_path / "stock").read_bytes()
    assert repeat == 1 or (tmp_path / "fast").stat().st_size > 2**16
    reader = OrderedHashReader(storage.open_file("fast"))
    assert reader[words[701]] == (701).to_bytes(4, "big") * repeat and reader.closest_key(words[3]) == words[3]


def test_term_table_entries_spilled_to_a_temporary_file_write_the_same_segment(
    samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the term table's hash entries held 100 at a time, the rest appended to a temporary
    # file and read back bucket by bucket: the same terms, each found by its hash, the
    # same postings and statistics
    from polyseek.index import codec

    samples = list(read_path(samples_dir))
    _build(tmp_path / "held", FastW3Codec, samples)
    spills = []
    spill = codec._TermIndex._spill_buckets
    monkeypatch.setattr(codec, "TERM_ENTRIES_HELD", 100)
    monkeypatch.setattr(codec._TermIndex, "_spill_buckets", lambda self: (spills.append(self._held), spill(self))[1])
    _build(tmp_path / "spilled", FastW3Codec, samples)
    assert len(spills) > 10
    held = _content(tmp_path / "held")
    assert _content(tmp_path / "spilled") == held and len(held[1]) > 1000
    with whoosh_index.open_dir(str(tmp_path / "spilled")).reader() as r:
        assert all(r.doc_frequency(f, t) == held[1][f, t][0] for f, t in held[1])  # looked up by hash


def _passages_30_times(w: SegmentWriter, samples: list) -> None:
    """The samples' passages, 30 times over (terms of one posting, of one block, of several)."""
    for copy in range(30):
        for doc in samples:
            for p in doc.passages:
                w.add_document(kind="passage", pid=f"{doc.id}#{p.number}/{copy}", doc_id=doc.id, source=doc.source,
                               title=doc.title, text=p.text, lang=p.lang, words=p.text, translit=p.text,
                               line=p.line, boilerplate=p.boilerplate)  # fmt: skip


@pytest.mark.parametrize("pool_limit", [20_000, 10**9])
def test_terms_written_a_group_at_a_time_are_the_bytes_of_one_posting_at_a_time(
    samples_dir: Path, tmp_path: Path, pool_limit: int
) -> None:
    # the same pool (spilling a run every few passages, so a term comes from the runs in
    # pieces; or never) handed to the field writer as groups or one posting at a time: the
    # same bytes in the postings, term and lexicon files
    from polyseek.index.codec import PostingGroups
    from polyseek.index.speedups import speed_up_commit

    samples = list(read_path(samples_dir))
    files = {}
    for name in ("postings", "groups"):
        path = tmp_path / name
        path.mkdir()
        ix = whoosh_index.create_in(str(path), build_schema())
        codec = FastW3Codec()
        codec._blocklimit = 128  # Whoosh's blocks, smaller than the codec's: the commonest terms run to several
        w = speed_up_adding(speed_up_commit(SegmentWriter(ix, codec=codec, limitmb=1, compound=False)))
        w.pool.limit = pool_limit
        if name == "postings":
            w.pool.iter_postings = lambda pool=w.pool: iter(list(GroupedPostingPool.items(pool)))
        else:
            w.pool.iter_postings = lambda pool=w.pool: _assert_groups(GroupedPostingPool.items(pool), PostingGroups)
        _passages_30_times(w, samples)
        assert (len(w.pool.runs) > 10) is (pool_limit < 10**6)
        w.commit()
        files[name] = {f.suffix: f.read_bytes() for f in path.iterdir() if f.suffix in (".pst", ".trm", ".lex")}
        with ix.reader() as r:
            assert r.doc_frequency("lang", b"en") > 2 * codec._blocklimit  # a term of several blocks
    assert set(files["groups"]) == {".pst", ".trm", ".lex"}
    assert files["groups"] == files["postings"]


def _assert_groups(items, cls):
    assert isinstance(items, cls)
    return items


@pytest.mark.parametrize("run_postings", [1024, 7])
def test_runs_are_cut_where_grouped_batches_end(samples_dir: Path, tmp_path: Path, run_postings: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # a run's lists cut from the sorted postings by bisecting hold exactly the postings that
    # lists of whole groups (a group over the limit in pieces) hold
    import itertools

    from polyseek.index import speedups

    monkeypatch.setattr(speedups, "_RUN_POSTINGS", run_postings)
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    w = speed_up_adding(SegmentWriter(ix, codec=FastW3Codec(), limitmb=1))
    w.pool.limit = 10**9
    _passages_30_times(w, list(read_path(samples_dir)))
    postings = w.pool._take_sorted()
    groups = ((f, b, list(ps)) for (f, b), ps in itertools.groupby(postings, key=term_of))
    sliced = list(speedups._slices(postings))
    assert len(sliced) > 20 and sliced == list(speedups._batched(groups))
    assert max(map(len, sliced)) > run_postings  # a list that ends with a whole group
    w.cancel()


def _block_kinds(path: Path) -> tuple[set[bytes], int]:
    """The first bytes of every posting block's data of an index's (one) segment, uncompressed
    (``(`` a marshalled tuple, 0x80 a pickle's ``PROTO``), and its postings file's size."""
    import zlib

    from whoosh.codec.whoosh3 import W3LeafMatcher

    firsts = set()
    with whoosh_index.open_dir(str(path)).reader() as r:
        (leaf, _), = r.leaf_readers()
        terms = leaf._terms
        for f, t in r.all_terms():
            if f in SIDE_FIELDS:
                continue
            info = leaf.term_info(f, t)
            if info.is_inlined():
                continue
            m = W3LeafMatcher(terms._postfile, *info.extent(), r.schema[f].format)
            while True:
                data = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
                firsts.add((zlib.decompress(data) if m._compression else data)[:1])
                if m._lastblock:
                    break
                m._goto(m._nextoffset)
        return firsts, leaf._storage.file_length(leaf._segment.make_filename(".pst"))


def test_posting_blocks_are_marshalled_and_pickled_ones_read_alike(samples_dir: Path, tmp_path: Path) -> None:
    # this codec's blocks are marshalled; a segment written before (pickled, as Whoosh writes
    # them) reads the same postings and statistics, and both merge into marshalled blocks
    samples = list(read_path(samples_dir))
    _build(tmp_path / "w3", W3Codec, samples)
    _build(tmp_path / "fast", FastW3Codec, samples)
    _build(tmp_path / "old", _old_codec, samples)
    stock = _content(tmp_path / "w3")
    assert len(stock[0]) > 5000 and _content(tmp_path / "fast") == stock == _content(tmp_path / "old")
    (marshalled, fast_size), (pickled, old_size) = _block_kinds(tmp_path / "fast"), _block_kinds(tmp_path / "old")
    assert marshalled == {b"("} and pickled == {b"\x80"}
    assert fast_size < 0.9 * old_size


def test_searches_of_marshalled_and_pickled_blocks_answer_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same files indexed with each block layout (blocks of 8 postings: lists of many
    # blocks): every hit (scores, snippets from the postings' positions, ranges, cross-script
    # matches) the same, through the search's own readers of a block (searcher.fastpath,
    # searcher.positions) and Whoosh's
    import re
    import zlib

    from polyseek.searcher import SearchIndex
    from textcorpus import sample_sentences, write_corpus

    write_corpus(tmp_path / "docs", 60, seed=3)
    init = FastW3Codec.__init__
    for name, marshalled in (("marshalled", True), ("pickled", False)):

        def small_blocks(codec: FastW3Codec, marshalled: bool = marshalled) -> None:
            init(codec)
            codec._blocklimit, codec._marshal_blocks = 8, marshalled

        monkeypatch.setattr(FastW3Codec, "__init__", small_blocks)
        with SearchIndex.create(tmp_path / name) as ix:
            assert ix.add_path(tmp_path / "docs").failed == 0
        with whoosh_index.open_dir(str(tmp_path / name)).reader() as r:
            leaf = max((leaf for leaf, _ in r.leaf_readers()), key=lambda leaf: leaf.doc_count_all())
            m = leaf._terms.matcher("lang", b"ru", r.schema["lang"].format)
            data = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
            assert (zlib.decompress(data) if m._compression else data)[:1] == (b"(" if marshalled else b"\x80")
    monkeypatch.undo()
    words = [w for lang in ("ru", "ar", "en") for text in sample_sentences()[lang][:12] for w in re.findall(r"\w{4,}", text)[:3]]
    queries = words + [f'"{a} {b}"' for a, b in zip(words[::2], words[1::2])] + [f"{a} OR {b}" for a, b in zip(words[1::2], words[2::2])]
    queries += ["Kulibayev", "комитет date:2026", "the", "في"]
    with SearchIndex.open(tmp_path / "marshalled") as a, SearchIndex.open(tmp_path / "pickled") as b:
        found = 0
        for q in queries:
            ra, rb = a.search(q, limit=20), b.search(q, limit=20)
            assert ra.hits == rb.hits and ra.total == rb.total, q
            found += len(ra.hits)
        assert found > 5 * len(queries)


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads /proc/self/smaps")
def test_a_merge_gives_back_the_pages_its_documents_were_read_from(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    """A merge reads every document's stored fields from the mapped segment: the pages read
    are given back every RELEASE_DOCS documents, not held until the merge ends (optimizing a
    million documents held 426 MiB of them)."""
    from conftest import segment_pages_kib

    from polyseek.index import speedups
    from polyseek.index.mapped import release_pages
    from polyseek.searcher import SearchIndex

    monkeypatch.setattr(speedups, "RELEASE_DOCS", 4)
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(samples_dir)
        ix.optimize()
    with SearchIndex.open(tmp_path / "ix") as ix:
        (leaf, _), = ix._current_searcher().reader().leaf_readers()
        release_pages(leaf)
        untouched = segment_pages_kib(tmp_path / "ix")
        plain = list(leaf.iter_docs())  # Whoosh's: the pages stay
        touched = segment_pages_kib(tmp_path / "ix")
        release_pages(leaf)
        resident = []
        merged = []
        for n, doc in enumerate(speedups._TableLengths(leaf).iter_docs(), 1):
            merged.append(doc)
            if n % 4 == 0:
                resident.append(segment_pages_kib(tmp_path / "ix"))
        assert merged == plain and len(plain) > 50
        assert touched > untouched and len(resident) > 10 and max(resident) <= untouched, (untouched, touched, resident)
        assert segment_pages_kib(tmp_path / "ix") <= untouched
