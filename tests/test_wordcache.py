"""index/wordcache.py: an index keeps its words' analyses; they are right, and only save time.

Every check runs on a real index of the bundled samples, written and searched by fresh
processes: what a process loads is the point (pymorphy3, the Arabic Snowball stemmer), and a process keeps only
the words it analysed itself (one that knew them from an earlier index does not write
them again).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from polyseek.analyzers.stopwords import stopword_set
from polyseek.index import PassageIndex
from polyseek.index.wordcache import FILE
from polyseek.searcher import SearchIndex

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter (the checkout's polyseek); it prints one JSON object."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


_SEARCH = """
import json, sys
from polyseek import SearchIndex
with SearchIndex.open(sys.argv[1]) as ix:
    r = ix.search(sys.argv[2])
    hits = [(h.doc_id, h.passage, h.snippet.ranges) for h in r.hits]
print(json.dumps({"hits": hits, "total": r.total, "loaded": sorted(m for m in ("pymorphy3", "polyseek.analyzers.arabic_snowball") if m in sys.modules)}))
"""


def _lexicon(path: Path) -> dict[str, list[tuple[str, int]]]:
    """Every field's terms with their document frequencies."""
    pix = PassageIndex.open(path)
    try:
        with pix.searcher() as s:
            reader = s.reader()
            return {
                name: sorted((t.decode(), reader.doc_frequency(name, t)) for t in reader.lexicon(name))
                for name in ("text", "title", "translit", "words")
            }
    finally:
        pix.close()


_INDEX = """
import json, sys
from polyseek import SearchIndex
with SearchIndex.create(sys.argv[1]) as ix:
    stats = ix.add_path(sys.argv[2])
print(json.dumps({"added": stats.added}))
"""


_ADD_KNOWN = """
import json, sys
from polyseek import SearchIndex
with SearchIndex.open(sys.argv[1]) as ix:
    ix.add_path(sys.argv[2])
print(json.dumps({"loaded": sorted(m for m in ("pymorphy3", "polyseek.analyzers.arabic_snowball") if m in sys.modules)}))
"""


def _loaded_indexing_with_cache_of(source: Path, ix: Path, docs: Path) -> list[str]:
    """Index ``docs`` into a new index ``ix`` given ``source``'s word cache, in a fresh process:
    the analysis libraries that process loaded."""
    with SearchIndex.create(ix):
        pass
    shutil.copy(source / FILE, ix / FILE)
    return _python(_ADD_KNOWN, str(ix), str(docs))["loaded"]


def _index(ix: Path, docs: Path) -> None:
    assert _python(_INDEX, str(ix), str(docs))["added"] >= 1


@pytest.fixture()
def samples_copy(tmp_path: Path, samples_dir: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(samples_dir, docs)
    return docs


def test_a_search_of_known_words_loads_no_morphology(tmp_path: Path, samples_copy: Path) -> None:
    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    assert (ix / FILE).is_file()
    queries = ("комитета", "الأولمبية", "Kazakhstan")
    cached = {q: _python(_SEARCH, str(ix), q) for q in queries}
    assert all(r["total"] >= 1 and r["loaded"] == [] for r in cached.values()), cached
    # the same answers as analysing afresh (the cache removed)
    (ix / FILE).unlink()
    for query in queries:
        fresh = _python(_SEARCH, str(ix), query)
        assert fresh["hits"] == cached[query]["hits"], query
    assert "pymorphy3" in _python(_SEARCH, str(ix), "комитета")["loaded"]  # what the cache saved


def test_an_index_written_from_the_cache_equals_one_analysed_afresh(tmp_path: Path, samples_copy: Path) -> None:
    fresh, cached = tmp_path / "fresh", tmp_path / "cached"
    _index(fresh, samples_copy)
    # every word, cross-script key and surface form comes from the cache: nothing is analysed
    assert _loaded_indexing_with_cache_of(fresh, cached, samples_copy) == []
    assert _lexicon(cached) == _lexicon(fresh)


def test_a_reindex_of_known_words_analyses_nothing(tmp_path: Path, samples_copy: Path) -> None:
    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    page = samples_copy / "ru-judo-memorandum-japan.txt"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")  # the same words, moved
    code = """
import json, sys
from polyseek import SearchIndex
with SearchIndex.open(sys.argv[1]) as ix:
    stats = ix.reindex()
print(json.dumps({"updated": stats.updated, "loaded": sorted(m for m in ("pymorphy3", "polyseek.analyzers.arabic_snowball") if m in sys.modules)}))
"""
    assert _python(code, str(ix)) == {"updated": 1, "loaded": []}


def test_a_reindex_of_known_words_reads_no_stop_list_and_leaves_the_cache_as_it_is(
    tmp_path: Path, samples_copy: Path
) -> None:
    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    saved = (ix / FILE).read_bytes()
    for sample in ("ar-golovkin-qatar-solidarity.txt", "ru-judo-memorandum-japan.txt"):
        shutil.copy(samples_copy / sample, samples_copy / f"copy-{sample}")  # new files, known words
    code = """
import json, sys
from polyseek import SearchIndex
with SearchIndex.open(sys.argv[1]) as ix:
    stats = ix.reindex()
from polyseek.analyzers.stopwords import _iso_lists  # stopwordsiso's lists, read once asked for
lists = ["stopword lists"] if _iso_lists.cache_info().misses else []
print(json.dumps({"added": stats.added, "loaded": sorted(m for m in ("pymorphy3", "polyseek.analyzers.arabic_snowball", "stopwordsiso") if m in sys.modules) + lists}))
"""
    # the Arabic stop words (kept for cross-script matching) were kept with a mark the first
    # time: not analysed again, and their lists not loaded
    assert _python(code, str(ix)) == {"added": 2, "loaded": []}
    assert (ix / FILE).read_bytes() == saved  # nothing new to keep: the file is left as it is
    assert _python(_SEARCH, str(ix), "الأولمبية")["loaded"] == []


@pytest.mark.parametrize("damage", ["cut", "flipped", "garbage"])
def test_a_damaged_cache_costs_time_never_results(tmp_path: Path, samples_copy: Path, damage: str) -> None:
    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    expected = {q: _python(_SEARCH, str(ix), q)["hits"] for q in ("комитета", "الأولمبية", "Kazakhstan")}
    data = bytearray((ix / FILE).read_bytes())
    if damage == "cut":
        data = data[: len(data) // 2]
    elif damage == "flipped":
        for i in range(len(data) // 3, len(data), 97):
            data[i] ^= 0x5A
    else:
        data = bytearray(os.urandom(len(data)))
    (ix / FILE).write_bytes(bytes(data))
    for query, hits in expected.items():
        assert _python(_SEARCH, str(ix), query)["hits"] == hits, query
    # and the next write mends it
    (samples_copy / "new.txt").write_text("Новый файл о дзюдо.\n", encoding="utf-8")
    with SearchIndex.open(ix) as index:
        assert index.add_path(samples_copy / "new.txt").added == 1
    for query in ("дзюдо",):
        assert _python(_SEARCH, str(ix), query)["total"] >= 1


def test_words_analysed_by_parallel_workers_are_kept(tmp_path: Path, samples_copy: Path) -> None:
    # -j 2 with a worker started at once and small batches: both processes index some files
    parallel, cached = tmp_path / "parallel", tmp_path / "cached"
    code = """
import json, sys
from polyseek.index import pipeline
pipeline.START_CHARS, pipeline.BATCH_CHARS, pipeline.MIN_JOB_BYTES = 0, 2000, 0
from polyseek import SearchIndex
with SearchIndex.create(sys.argv[1]) as ix:
    ix.add_path(sys.argv[2], jobs=2)
    print(json.dumps({"segments": ix.info().segments}))
"""
    assert _python(code, str(parallel), str(samples_copy))["segments"] >= 2  # a worker wrote a segment
    with SearchIndex.create(cached):
        pass
    shutil.copy(parallel / FILE, cached / FILE)
    again = """
import json, sys
from polyseek import SearchIndex
with SearchIndex.open(sys.argv[1]) as ix:
    ix.add_path(sys.argv[2])
print(json.dumps({"loaded": sorted(m for m in ("pymorphy3", "polyseek.analyzers.arabic_snowball") if m in sys.modules)}))
"""
    # the worker's words are in the cache too: indexing the same files analyses nothing
    assert _python(again, str(cached), str(samples_copy))["loaded"] == []
    assert _lexicon(cached) == _lexicon(parallel)


_SMALL_CACHES = """
import json, sys
from polyseek.analyzers import bounded, chains, english, field_analyzers, russian, translit
from polyseek.index import wordcache
from polyseek import SearchIndex
caps = {(chains, "MAX_CACHE_ENTRIES"): 300, (russian, "_MAX_LEMMAS"): 100, (english, "_MAX_STEMS"): 100,
        (translit, "_MAX_CACHE"): 100, (field_analyzers, "_MAX_CACHE"): 100, (field_analyzers, "_MAX_SIDE_TERMS"): 100}
for (module, name), cap in caps.items():
    setattr(module, name, cap)
wordcache.PENDING_BYTES = 4096  # what caches drop is saved several times during the run
largest = {}
make_room = bounded.make_room
def watched(cache, limit):
    make_room(cache, limit)
    largest[limit] = max(largest.get(limit, 0), len(cache) + 1)
bounded.make_room = watched
for module in (chains, russian, english, translit, field_analyzers):
    module.make_room = watched
jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
if jobs > 1:  # a worker started at once, small batches: both processes index some files
    from polyseek.index import pipeline
    pipeline.START_CHARS, pipeline.BATCH_CHARS, pipeline.MIN_JOB_BYTES = 0, 2000, 0
with SearchIndex.create(sys.argv[1]) as ix:
    ix.add_path(sys.argv[2], jobs=jobs)
settings = next(iter(chains._caches))
print(json.dumps({"largest": largest, "dropped": sum(bounded._dropped.values()),
                  "held": len(chains.cache_for(settings))}))
"""


def test_small_caches_drop_words_but_the_index_and_its_word_cache_keep_every_one(
    tmp_path: Path, samples_copy: Path
) -> None:
    """Caches far smaller than the samples' vocabulary: each stays within its bound, the
    index has the same terms as with the usual caches, and the words the caches dropped
    reached the index's word cache (a later index of the same files analyses nothing)."""
    usual, small, cached = tmp_path / "usual", tmp_path / "small", tmp_path / "cached"
    _index(usual, samples_copy)
    run = _python(_SMALL_CACHES, str(small), str(samples_copy))
    assert run["dropped"] > 1000 and run["held"] <= 300
    assert all(largest <= int(cap) for cap, largest in run["largest"].items()), run["largest"]
    assert _lexicon(small) == _lexicon(usual)
    assert _loaded_indexing_with_cache_of(small, cached, samples_copy) == []
    assert _lexicon(cached) == _lexicon(usual)


def test_words_parallel_workers_drop_reach_the_word_cache(tmp_path: Path, samples_copy: Path) -> None:
    """A worker's caches drop words too: they reach the index's word cache through the
    writing process (a later index of the same files analyses nothing)."""
    usual, small, cached = tmp_path / "usual", tmp_path / "small", tmp_path / "cached"
    _index(usual, samples_copy)
    run = _python(_SMALL_CACHES, str(small), str(samples_copy), "2")
    assert run["dropped"] > 1000
    assert _lexicon(small) == _lexicon(usual)
    assert _loaded_indexing_with_cache_of(small, cached, samples_copy) == []


def _cache_as_written(pix: PassageIndex) -> tuple[Any, list[dict], list[tuple[str, str, Any]]]:
    """The index's word cache, each of its shards as the file holds it, and every (kind, surface, value)."""
    from polyseek.index.wordcache import WordCache, _Snapshot

    with pix.searcher():
        cache = pix.word_cache()
    assert isinstance(cache, WordCache)
    snapshot = _Snapshot(cache.path, cache._header)
    shards = [snapshot.read(n) for n in range(snapshot.shards)]
    snapshot.close()
    return cache, shards, [(kind, surface, value) for shard in shards for kind, by in shard.items() for surface, value in by.items()]


def test_a_reader_keeps_a_bounded_number_of_shards_and_every_value_stays_right(tmp_path: Path, samples_copy: Path) -> None:
    """A search process reads the shards of its words only and keeps at most SEARCH_SHARDS of
    them decoded (it would otherwise grow toward the whole cache); a write session keeps all."""
    from polyseek.index.wordcache import SEARCH_SHARDS

    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    pix = PassageIndex.open(ix)
    try:
        cache, everything, values = _cache_as_written(pix)
        assert len({n for n, shard in enumerate(everything) if shard}) > SEARCH_SHARDS  # the samples span more
        assert any(surface == "комитета" for _, surface, _ in values)
        most = 0
        for kind, surface, value in values:
            assert cache.get(kind, surface) == value
            most = max(most, len(cache._shards))
        assert most == SEARCH_SHARDS
        cache.close()
        cache.writing = True
        for kind, surface, value in values:
            assert cache.get(kind, surface) == value
        assert len(cache._shards) == len({n for n, shard in enumerate(everything) if shard})
    finally:
        pix.close()


def test_a_write_session_decodes_a_bounded_number_of_values(
    tmp_path: Path, samples_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past WRITE_VALUES decoded values a writer reads no more shards: a word elsewhere is
    analysed afresh (None here), never given a wrong value."""
    from polyseek.index import wordcache

    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    pix = PassageIndex.open(ix)
    try:
        cache, shards, values = _cache_as_written(pix)
        biggest = max(sum(len(by) for by in shard.values()) for shard in shards)
        monkeypatch.setattr(wordcache, "WRITE_VALUES", 200)
        cache.close()
        cache.writing = True
        answers = [(cache.get(kind, surface), value) for kind, surface, value in values]
        assert all(got is None or got == value for got, value in answers)
        assert any(got is None for got, _ in answers) and any(got is not None for got, _ in answers)
        assert sum(len(by) for shard in cache._shards.values() for by in shard.values()) < 200 + biggest
    finally:
        pix.close()


def _cache_values(ix: Path) -> tuple[Any, list[tuple[str, str, Any]]]:
    """The word cache of index ``ix`` (open: close it) and every value its file holds."""
    from polyseek.index.wordcache import _Snapshot

    pix = PassageIndex.open(ix)
    with pix.searcher():
        cache = pix.word_cache()
    pix.close()
    assert cache is not None
    snapshot = _Snapshot(cache.path, cache._header)
    shards = [snapshot.read(n) for n in range(snapshot.shards)]
    snapshot.close()
    return cache, [(kind, surface, value) for shard in shards for kind, by in shard.items() for surface, value in by.items()]


def test_the_shard_count_follows_the_vocabulary_and_every_value_stays_right(
    tmp_path: Path, samples_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer doubles the shard count while the file would hold more than SHARD_VALUES values
    a shard (a lookup decodes one shard: its cost must not follow the vocabulary); after each
    doubling every value is found, and a save that adds nothing leaves the file as it is."""
    from polyseek.analyzers.chains import Settings
    from polyseek.index import wordcache

    _index(tmp_path / "ix", samples_copy)
    cache, values = _cache_values(tmp_path / "ix")
    assert len(values) > 3000  # the samples' words and name readings
    # a word's side-field terms are made again from its entry, not kept (analyzers.field_analyzers)
    assert {kind for kind, _, _ in values} == {"w", "rn", "remembered"}
    monkeypatch.setattr(wordcache, "MIN_SHARDS", 64)  # the samples' few thousand values in a few hundred shards
    monkeypatch.setattr(wordcache, "SHARD_VALUES", 8)
    settings = Settings(*cache._header[1:])
    folder = tmp_path / "grown"
    folder.mkdir()
    half = len(values) // 2
    counts = []
    for part in (values[:half], values[half:]):
        adding: dict[str, dict[str, Any]] = {}
        for kind, surface, value in part:
            adding.setdefault(kind, {})[surface] = value
        assert wordcache.WordCache(folder, settings).save(adding) > 0
        snapshot = wordcache._Snapshot(folder / FILE, cache._header)
        counts.append((snapshot.shards, snapshot.count()))
        snapshot.close()
    assert counts[0][1] == half and counts[1][1] == len(values)
    assert wordcache.MIN_SHARDS < counts[0][0] < counts[1][0]  # doubled, then doubled again
    assert all(n * wordcache.SHARD_VALUES >= v for n, v in counts)
    reader = wordcache.WordCache(folder, settings)
    assert all(reader.get(kind, surface) == value for kind, surface, value in values)
    before = (folder / FILE).read_bytes()
    assert wordcache.WordCache(folder, settings).save({values[0][0]: {values[0][1]: values[0][2]}}) == 0
    assert (folder / FILE).read_bytes() == before


def _write_format_4(path: Path, header: tuple, values: list[tuple[str, str, Any]]) -> None:
    """The word cache as format 4 wrote it: 4,096 shards by CRC-32, their places listed in the header."""
    import marshal
    import zlib

    shards: list[dict[str, dict[str, Any]]] = [{} for _ in range(4096)]
    for kind, surface, value in values:
        shards[zlib.crc32(surface.encode("utf-8", "surrogatepass")) % 4096].setdefault(kind, {})[surface] = value
    out, places = bytearray(), []
    for shard in shards:
        blob = zlib.compress(marshal.dumps(shard), 1) if shard else b""
        places.append((len(out), len(blob), zlib.crc32(blob)))
        out += blob
    start = len(out)
    out += marshal.dumps((4, *header[1:], places)) + start.to_bytes(8, "little")
    path.write_bytes(bytes(out))


def test_a_format_4_cache_is_read_and_rewritten_by_the_next_write(tmp_path: Path, samples_copy: Path) -> None:
    """An index made before shard counts followed the vocabulary: its word cache still serves
    searches (nothing analysed), and the next write that adds a word rewrites it in the current
    layout with every value it held."""
    from polyseek.index import wordcache

    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    cache, values = _cache_values(ix)
    expected = _python(_SEARCH, str(ix), "комитета")
    _write_format_4(ix / FILE, cache._header, values)
    assert _python(_SEARCH, str(ix), "комитета") == expected and expected["loaded"] == []
    (samples_copy / "new.txt").write_text("Новый файл о дзюдо и самбо.\n", encoding="utf-8")
    with SearchIndex.open(ix) as index:
        assert index.add_path(samples_copy / "new.txt").added == 1
    _, after = _cache_values(ix)
    assert set(map(repr, values)) < set(map(repr, after))
    snapshot = wordcache._Snapshot(ix / FILE, cache._header)
    assert snapshot.values == len(after) and snapshot.shards == wordcache.MIN_SHARDS
    snapshot.close()


_REINDEX = """
import json, sys
from polyseek import SearchIndex
with SearchIndex.open(sys.argv[1]) as ix:
    stats = ix.reindex()
print(json.dumps({"added": stats.added, "updated": stats.updated}))
"""


def _kept(ix: Path) -> tuple[set[tuple[str, str]], int]:
    """The (kind, word) of every value in index ``ix``'s word cache, and how many values its header counts."""
    from polyseek.index.wordcache import _Snapshot

    cache, values = _cache_values(ix)
    snapshot = _Snapshot(cache.path, cache._header)
    counted = snapshot.count()
    snapshot.close()
    return {(kind, surface) for kind, surface, _ in values}, counted


def test_a_collection_that_only_grows_is_never_pruned_and_loses_no_word(tmp_path: Path, samples_copy: Path) -> None:
    """Three of the five samples added to an index of two: the cache grows past PRUNE_GROWTH but
    no passage was deleted, so the save makes no pruning pass (it would ask the index about
    every term for nothing), the file holds exactly what a fresh index of the five holds, and
    it counts as pruned (a later deletion prunes only after a quarter more growth)."""
    from polyseek.index.wordcache import PRUNE_DUE, PRUNE_GROWTH, _Snapshot

    later = tmp_path / "later"
    later.mkdir()
    for name in ("ru-tokyo-2020-licences.txt", "en-noc-kazakhstan-news.txt", "ru-kulibaev-bach-lausanne.txt"):
        shutil.move(samples_copy / name, later / name)
    ix, fresh = tmp_path / "ix", tmp_path / "fresh"
    _index(ix, samples_copy)
    before, _ = _kept(ix)
    for moved in later.iterdir():
        shutil.move(moved, samples_copy / moved.name)
    assert _python(_REINDEX, str(ix))["added"] == 3
    _index(fresh, samples_copy)
    after, counted = _kept(ix)
    expected, _ = _kept(fresh)
    assert len(after) > PRUNE_GROWTH * len(before) and not (ix / PRUNE_DUE).exists()
    cache, _ = _cache_values(ix)
    snapshot = _Snapshot(cache.path, cache._header)
    assert snapshot.pruned == counted  # nothing was deleted: the file counts as pruned as written
    snapshot.close()
    assert after == expected and counted == len(after)


def test_a_collection_whose_texts_change_keeps_a_cache_of_the_words_it_holds(tmp_path: Path, samples_copy: Path) -> None:
    """A file given other text: the words of its old text whose terms the collection no longer
    holds leave the word cache (the file is pruned), every word a fresh index of the same files
    has stays, and searches answer as over a fresh index."""
    from polyseek.index.wordcache import PRUNE_DUE

    page = samples_copy / "ru-kulibaev-bach-lausanne.txt"
    spare = [samples_copy / name for name in ("ru-tokyo-2020-licences.txt", "en-noc-kazakhstan-news.txt")]
    texts = [path.read_text(encoding="utf-8") for path in spare]
    for path in spare:
        path.unlink()
    ix, fresh = tmp_path / "ix", tmp_path / "fresh"
    _index(ix, samples_copy)
    _, values = _cache_values(ix)
    page.write_text("".join(texts), encoding="utf-8")
    assert _python(_REINDEX, str(ix))["updated"] == 1
    assert not (ix / PRUNE_DUE).exists()  # pruned: due no more
    _index(fresh, samples_copy)
    after, counted = _kept(ix)
    expected, _ = _kept(fresh)
    assert expected <= after and counted == len(after)  # nothing the collection holds was dropped
    lexicon = _lexicon(fresh)
    terms = {term for field in ("text", "title") for term, _ in lexicon[field]}
    # the words whose every term left with the old text (but stop words: a search asks for those)
    gone = {
        surface
        for kind, surface, (chain, words, stop) in (v for v in values if v[0] == "w")
        if not stop and terms.isdisjoint(words) and surface not in stopword_set(chain, "iso")
    }
    assert len(gone) > 200 and "Лозанне" in gone
    assert not {("w", surface) for surface in gone} & after
    assert not {(kind, surface) for kind in ("s", "t") for surface in gone} & after  # their side-field terms too
    for query in ("Кулибаев", "лицензии", "Kazakhstan", "الأولمبية"):
        assert _python(_SEARCH, str(ix), query)["hits"] == _python(_SEARCH, str(fresh), query)["hits"], query


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads /proc/self/smaps")
def test_the_pruning_pass_gives_back_the_term_table_pages_it_read(tmp_path: Path, samples_copy: Path) -> None:
    """The pruning pass looks up every word's terms, all over the term tables: the pages it
    read are handed back every RELEASE_EVERY terms, so they do not stay resident (on a 2 GB
    file's index they would be hundreds of MiB)."""
    from conftest import segment_pages_kib as _segment_pages_kib

    from polyseek.index.mapped import release_pages

    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    pix = PassageIndex.open(ix)
    try:
        with pix._ix.reader() as reader:
            release_pages(reader)
            untouched = _segment_pages_kib(ix)
            for leaf, _ in reader.leaf_readers():
                for term in list(leaf.lexicon("text")):
                    assert ("text", term) in leaf and leaf.doc_frequency("text", term) > 0
            touched = _segment_pages_kib(ix)
            release_pages(reader)
            assert touched > untouched and _segment_pages_kib(ix) <= untouched, (untouched, touched)
            # and the reader reads on as before
            assert sum(1 for leaf, _ in reader.leaf_readers() for _ in leaf.lexicon("text")) > 1000
    finally:
        pix.close()


def test_values_kept_while_indexing_wait_on_disk_and_are_all_saved(tmp_path: Path, samples_copy: Path) -> None:
    """What full caches drop during a write session (``WordCache.keep``) waits in an unlinked
    file in the index's folder, not in memory (up to PENDING_BYTES of the indexing peak at
    110,000 documents), and the next save writes every value of it."""
    from polyseek.analyzers.chains import Settings
    from polyseek.index.wordcache import WordCache

    ix = tmp_path / "ix"
    _index(ix, samples_copy)
    cache, _, values = _cache_as_written(PassageIndex.open(ix))
    # the samples' own values, under new words (the file does not hold them yet)
    kept: dict[str, dict[str, Any]] = {}
    for kind, surface, value in values:
        kept.setdefault(kind, {})[f"{surface}~"] = value
    listed = sorted(os.listdir(ix))
    writer = WordCache(ix, Settings.resolve())
    writer.keep(kept)
    assert writer._pending and all(isinstance(at, tuple) for pieces in writer._pending.values() for at in pieces)
    assert sorted(os.listdir(ix)) == listed  # unlinked from the start
    assert writer.save({}) > 0
    reader = WordCache(ix, Settings.resolve())
    assert all(reader.get(kind, surface) == value for kind, by in kept.items() for surface, value in by.items())
    assert all(reader.get(kind, surface) == value for kind, surface, value in values)
