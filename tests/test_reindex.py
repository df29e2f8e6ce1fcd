"""Incremental reindexing on a real index: what changed is replaced, the rest is skipped."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
from pathlib import Path

from click.testing import CliRunner

from polyseek.index import PassageIndex, SyncStats, store
from indexcheck import assert_converged, index_passages
from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main
from textcorpus import make_text, write_corpus

STATS_KEYS = {"added", "updated", "deleted", "unchanged", "failed", "seconds"}


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _json(result) -> dict:
    return json.loads(result.stdout)


def _age(*paths: Path, seconds: float = 3600) -> None:
    """Date files back, as files are when a periodic job finds them."""
    t = time.time() - seconds
    for i, p in enumerate(paths):
        os.utime(p, (t + i, t + i))


def _corpus(root: Path, n: int, seed: int = 0) -> list[Path]:
    paths = write_corpus(root, n, seed=seed)
    _age(*paths)
    return paths


def test_reindex_adds_updates_deletes_and_skips_unchanged(tmp_path):
    docs, ix = tmp_path / "docs", str(tmp_path / "ix")
    paths = _corpus(docs, 6)
    r = _run("index", str(docs), "--index", ix, "--json")
    assert r.exit_code == 0 and _json(r)["added"] == 6
    rng = random.Random(1)
    paths[0].write_text(make_text(rng), encoding="utf-8")  # changed
    paths[1].unlink()  # vanished
    (docs / "sub").mkdir()
    (docs / "sub" / "new.md").write_text("# Новый документ\n\n" + make_text(rng, lang="ar"), encoding="utf-8")
    t = time.time() - 60
    os.utime(paths[2], (t, t))  # touched: new mtime, same content
    r = _run("reindex", "--index", ix, "--json")
    assert r.exit_code == 0, r.output
    stats = _json(r)
    assert set(stats) >= STATS_KEYS
    assert {k: stats[k] for k in STATS_KEYS - {"seconds"}} == {
        "added": 1, "updated": 1, "deleted": 1, "unchanged": 4, "failed": 0
    }
    assert isinstance(stats["seconds"], float) and stats["seconds"] >= 0
    assert_converged(Path(ix), [docs])
    r = _run("reindex", "--index", ix)
    assert r.exit_code == 0
    assert re.fullmatch(r"reindexed: 0 added, 0 updated, 0 deleted, 6 unchanged, 0 skipped, 0 failed; 0 passages in \S+s\n", r.output)


def test_no_op_reindex_commits_nothing(tmp_path):
    docs = tmp_path / "docs"
    _corpus(docs, 5)
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
    pix = PassageIndex.open(tmp_path / "ix")
    generation = pix.generation()
    with SearchIndex.open(tmp_path / "ix") as ix:
        stats = ix.reindex()
    assert (stats.unchanged, stats.added, stats.updated, stats.deleted) == (5, 0, 0, 0)
    assert pix.generation() == generation


def test_changed_file_loses_its_old_passages(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    f = docs / "news.txt"
    f.write_text("Федерация дзюдо подписала меморандум с японским клубом.\n\nСоглашение о тренерах.\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
        assert ix.search("дзюдо").total == 1
        f.write_text("Kazakh swimmers trained at Issyk-Kul before the championship.\n", encoding="utf-8")
        stats = ix.reindex()
        assert stats.updated == 1 and stats.passages == 1
        assert ix.search("дзюдо").total == 0
        hits = ix.search("swimmer", passages=True).hits
        assert [h.source for h in hits] == [str(f)]
    assert_converged(tmp_path / "ix", [docs])


def _same_size_edit(path: Path) -> None:
    """Change a file's content but not its size or mtime (as a careless tool might)."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "Олимпийский" in text
    path.write_text(text.replace("Олимпийский", "Паралимпийс"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def test_unchanged_is_decided_by_size_and_mtime_without_reading(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    f = docs / "a.txt"
    f.write_text("Олимпийский комитет собрался в Лозанне.\n", encoding="utf-8")
    _age(f)
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
        _same_size_edit(f)
        stats = ix.reindex()
        # Size and mtime match a file examined long after it was written: not even hashed.
        assert (stats.unchanged, stats.updated) == (1, 0)
        assert ix.search("олимпийский").total == 1
        os.utime(f)  # now the mtime differs: hashed, found changed, re-read
        assert ix.reindex().updated == 1
        assert ix.search("олимпийский").total == 0
    assert_converged(tmp_path / "ix", [docs])


def test_file_changed_within_timestamp_resolution_is_hashed_again(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    f = docs / "a.txt"
    f.write_text("Олимпийский комитет собрался в Лозанне.\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)  # written just now: its mtime cannot be trusted yet
        _same_size_edit(f)
        assert ix.reindex().updated == 1
        assert ix.search("олимпийский").total == 0
    assert_converged(tmp_path / "ix", [docs])


def test_file_that_becomes_unreadable_keeps_its_passages_and_fails(tmp_path):
    docs, ix = tmp_path / "docs", str(tmp_path / "ix")
    docs.mkdir()
    feed = docs / "feed.jsonl"
    good = [
        {"id": "n1", "title": "Дзюдо", "text": "Федерация дзюдо подписала меморандум с японским клубом."},
        {"id": "n2", "title": "Swim", "text": "Kazakh swimmers trained at Issyk-Kul before the championship."},
    ]
    feed.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in good), encoding="utf-8")
    _corpus(docs / "more", 2)
    assert _run("index", str(docs), "--index", ix, "-q").exit_code == 0
    feed.write_text(feed.read_text(encoding="utf-8") + '{"id": "n3", "text": "Олимпийск', encoding="utf-8")
    # a record cut off (the file is being appended to): that record is reported, the others stay
    r = _run("reindex", "--index", ix, "--json")
    assert r.exit_code == 1
    assert (_json(r)["failed"], _json(r)["bad_records"], _json(r)["updated"]) == (0, 1, 1)
    errors = r.stderr.splitlines()
    assert len(errors) == 1 and "feed.jsonl:3" in errors[0] and "malformed JSON" in errors[0]
    found = _json(_run("search", "дзюдо", "--index", ix, "--json"))
    assert [h["doc_id"] for h in found["hits"]] == ["n1"]
    r = _run("reindex", "--index", ix, "--json")  # the next run is clean
    assert (r.exit_code, _json(r)["unchanged"]) == (0, 3)
    feed.write_bytes(b"\x00\x01 not json at all\n[]\n")  # every record bad: the file fails, its passages stay
    for _ in range(2):
        r = _run("reindex", "--index", ix, "--json")
        assert r.exit_code == 1 and _json(r)["failed"] == 1 and _json(r)["updated"] == 0
        assert "no valid record in the file" in r.stderr
        found = _json(_run("search", "дзюдо", "--index", ix, "--json"))
        assert [h["doc_id"] for h in found["hits"]] == ["n1"]
    feed.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in good[1:]), encoding="utf-8")
    r = _run("reindex", "--index", ix, "--json")
    assert r.exit_code == 0 and _json(r)["updated"] == 1
    assert _json(_run("search", "дзюдо", "--index", ix, "--json"))["total"] == 0
    assert_converged(Path(ix), [docs])


def test_vanished_root_is_dropped_once_with_a_message(tmp_path):
    a, b, ix = tmp_path / "a", tmp_path / "b", str(tmp_path / "ix")
    _corpus(a, 3, seed=1)
    _corpus(b, 2, seed=2)
    assert _run("index", str(a), str(b), "--index", ix, "-q").exit_code == 0
    shutil.rmtree(b)
    r = _run("reindex", "--index", ix, "--json")
    assert r.exit_code == 1
    assert _json(r)["deleted"] == 2 and _json(r)["unchanged"] == 3
    (line,) = r.stderr.splitlines()
    assert str(b) in line and "no longer exists" in line and f"polyseek index {b}" in line
    assert_converged(Path(ix), [a])
    info = _json(_run("info", "--index", ix, "--json"))
    assert info["roots"] == [str(a)] and info["documents"] == 3
    assert _run("reindex", "--index", ix, "-q").exit_code == 0


def test_index_on_an_indexed_path_only_does_what_changed(tmp_path):
    a, b, ix = tmp_path / "a", tmp_path / "b", str(tmp_path / "ix")
    paths = _corpus(a, 4, seed=3)
    _corpus(b, 2, seed=4)
    assert _json(_run("index", str(a), "--index", ix, "--json"))["added"] == 4
    paths[0].write_text(make_text(random.Random(9)), encoding="utf-8")
    paths[1].unlink()
    stats = _json(_run("index", str(a), "--index", ix, "--json"))
    assert (stats["added"], stats["updated"], stats["deleted"], stats["unchanged"]) == (0, 1, 1, 2)
    # Indexing another path leaves the first alone.
    stats = _json(_run("index", str(b), "--index", ix, "--json"))
    assert (stats["added"], stats["deleted"], stats["unchanged"]) == (2, 0, 0)
    assert_converged(Path(ix), [a, b])


def test_reindex_without_an_index_exits_2(tmp_path):
    r = _run("reindex", "--index", str(tmp_path / "nope"))
    assert r.exit_code == 2
    assert r.output.count("\n") == 1 and "polyseek index" in r.output


def test_library_reindex_returns_typed_statistics(tmp_path):
    docs = tmp_path / "docs"
    paths = _corpus(docs, 3)
    with SearchIndex.create(tmp_path / "ix") as ix:
        first = ix.add_path(docs)
        paths[2].unlink()
        stats = ix.reindex()
    assert isinstance(first, SyncStats) and isinstance(stats, SyncStats)
    assert (first.added, first.passages > 0) == (3, True)
    assert (stats.deleted, stats.unchanged, stats.failed, stats.failures) == (1, 2, 0, [])
    assert set(stats.as_dict()) >= STATS_KEYS


def test_small_commits_give_the_same_index(tmp_path):
    docs = tmp_path / "docs"
    _corpus(docs, 8)
    pix = PassageIndex.create(tmp_path / "ix")
    with SearchIndex(pix) as ix:
        stats = ix.add_path(docs, commit_every=5)
    assert stats.added == 8
    assert stats.passages > 20
    assert PassageIndex.open(tmp_path / "ix").generation() >= 4  # the roots' commit, then batches
    assert_converged(tmp_path / "ix", [docs])


def _rewrite_two_and_reindex(ix, rng, paths) -> None:
    """A cron run: two of ``paths`` get new text (aged past the racy window), then a reindex."""
    changed = rng.sample(paths, 2)
    for p in changed:
        p.write_text(make_text(rng, paragraphs=2), encoding="utf-8")
    _age(*changed, seconds=10)
    assert ix.reindex().updated == 2


def test_segments_stay_bounded_over_many_small_runs_and_optimize_merges(tmp_path):
    docs = tmp_path / "docs"
    paths = _corpus(docs, 30)
    rng = random.Random(5)
    pix = PassageIndex.create(tmp_path / "ix")
    with SearchIndex(pix) as ix:
        ix.add_path(docs)
        counts = []
        for run in range(20):
            _rewrite_two_and_reindex(ix, rng, paths)
            counts.append(pix.segment_count())
        assert max(counts) <= 10, counts
        live = sum(index_passages(pix).values()) + len(paths)  # passages and file records
        assert pix.deleted_count() <= 0.5 * live
        before = ix.search("олимпийский комитет", limit=5)
        ix.optimize()
        assert pix.segment_count() == 1 and pix.deleted_count() == 0
        after = ix.search("олимпийский комитет", limit=5)
        assert [(h.source, h.passage) for h in after] == [(h.source, h.passage) for h in before]
    assert_converged(tmp_path / "ix", [docs])


def test_small_reindex_runs_keep_few_segments_and_purge_replaced_passages(tmp_path):
    # a cron job: each run replaces 1% of the files; the index stays at a few segments (a
    # search pays per segment: the largest, the small commits' and at most MIDDLE_SEGMENTS
    # beside them) and the replaced passages are purged (index/store.py merge_policy)
    docs = tmp_path / "docs"
    paths = _corpus(docs, 200)
    rng = random.Random(21)
    pix = PassageIndex.create(tmp_path / "ix")
    with SearchIndex(pix) as ix:
        ix.add_path(docs)
        counts, deleted = [], []
        for run in range(16):
            _rewrite_two_and_reindex(ix, rng, paths)
            counts.append(pix.segment_count())
            live = sum(index_passages(pix).values()) + len(paths)  # passages and file records
            deleted.append(pix.deleted_count() / live)
        assert max(counts) <= 2 + store.MIDDLE_SEGMENTS and 1 in counts, counts  # merged into one now and then
        assert max(deleted) <= store.SMALL_DELETED_SHARE + store.SMALL_SHARE, deleted
        hits = [(h.source, h.passage) for h in ix.search("олимпийский комитет", limit=5).hits]
    assert_converged(tmp_path / "ix", [docs])
    with SearchIndex.create(tmp_path / "fresh") as fresh:
        fresh.add_path(docs)
        assert [(h.source, h.passage) for h in fresh.search("олимпийский комитет", limit=5).hits] == hits


def test_long_lived_index_object_sees_a_reindex_by_another(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    f = docs / "a.txt"
    f.write_text("Олимпийский комитет собрался в Лозанне.\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as reader:
        reader.add_path(docs)
        assert reader.search("комитет").total == 1
        for text in ("Комитет по дзюдо подписал меморандум.\n", "Комитет собрался снова, третья версия.\n"):
            f.write_text(text, encoding="utf-8")
            with SearchIndex.open(tmp_path / "ix") as writer:
                assert writer.reindex().updated == 1
            hits = reader.search("комитет", passages=True).hits
            assert [h.snippet.text for h in hits] == [text.strip()]


def test_info_reports_counts_and_the_last_run(tmp_path):
    docs, ix = tmp_path / "docs", str(tmp_path / "ix")
    shutil.copytree(Path(__file__).resolve().parents[1] / "corpus" / "samples", docs)
    _corpus(docs / "gen", 4)
    assert _run("index", str(docs), "--index", ix, "-q").exit_code == 0
    info = _json(_run("info", "--index", ix, "--json"))
    assert set(info) >= {"documents", "passages", "languages", "sources", "size_bytes", "last_indexed"}
    pix = PassageIndex.open(ix)
    assert info["documents"] == 9 and info["passages"] == sum(index_passages(pix).values())
    assert sum(info["languages"].values()) == 9 and info["languages"]["ar"] >= 1
    assert len(info["sources"]) == 9 and info["size_bytes"] > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", info["last_indexed"])
    assert info["last_run"]["added"] == 9
    assert _run("reindex", "--index", ix, "-q").exit_code == 0
    info = _json(_run("info", "--index", ix, "--json"))
    assert info["last_run"]["unchanged"] == 9 and info["last_run"]["added"] == 0
    text = _run("info", "--index", ix).output
    assert "documents  9" in text and "last run   0 added" in text


def test_a_small_reindex_leaves_a_first_index_s_batches_as_they_are(tmp_path):
    """A first index committed in batches leaves several big segments; the first cron run
    after it merged them all (as costly as the index itself: 34 of 51 s of CPU after
    `polyseek index` of 100 files). Now it merges none of them, only the small ones."""
    docs = tmp_path / "docs"
    paths = _corpus(docs, 120)
    pix = PassageIndex.create(tmp_path / "ix")
    with SearchIndex(pix) as ix:
        ix.add_path(docs, commit_every=150)
        big = {seg.segment_id() for seg in pix._toc().segments if seg.doc_count() > 50}
        assert len(big) >= 3  # the batches
        _rewrite_two_and_reindex(ix, random.Random(3), paths)
        after = {seg.segment_id() for seg in pix._toc().segments}
        assert big <= after and len(after) <= len(big) + 2  # the batches, the small commit's (and the settings')
        hits = {(h.source, h.passage) for h in ix.search("олимпийский комитет", limit=1000).hits}
    assert_converged(tmp_path / "ix", [docs])
    with SearchIndex.create(tmp_path / "fresh") as fresh:
        fresh.add_path(docs)
        # the same passages (not the same scores: the replaced passages count in the statistics until merged)
        assert {(h.source, h.passage) for h in fresh.search("олимпийский комитет", limit=1000).hits} == hits


def test_new_files_records_are_added_as_a_replacing_run_would_write_them(tmp_path, monkeypatch):
    # a new file's record is added without looking up one to replace (none is committed):
    # the index is the one the lookup gave, and a later run still replaces each record once
    docs = tmp_path / "docs"
    paths = _corpus(docs, 4)

    def records(ix_dir: Path) -> tuple[list[dict], tuple[int, int]]:
        """The file records' stored fields (but the run's times), and the documents counted."""
        with PassageIndex.open(ix_dir).searcher() as s:
            stored = [dict(f) for f in s.all_stored_fields() if f.get("pid", "").startswith("file:")]
            counts = (s.doc_count_all(), s.doc_count())
        for f in stored:
            del f["indexed_at"], f["checked_ns"]
        return sorted(stored, key=lambda f: f["source"]), counts

    with SearchIndex.create(tmp_path / "added") as ix:
        ix.add_path(docs)
    plain = store.PassageWriter.put_file_record
    monkeypatch.setattr(store.PassageWriter, "put_file_record", lambda self, rec, new=False: plain(self, rec))
    with SearchIndex.create(tmp_path / "replaced") as ix:
        ix.add_path(docs)
    monkeypatch.undo()
    assert records(tmp_path / "added") == records(tmp_path / "replaced")
    assert len(records(tmp_path / "added")[0]) == 4

    paths[0].write_text(make_text(random.Random(3)), encoding="utf-8")  # changed: its record replaced
    (docs / "late.txt").write_text(make_text(random.Random(4)), encoding="utf-8")  # new: added
    with SearchIndex.open(tmp_path / "added") as ix:
        stats = ix.reindex()
    assert (stats.added, stats.updated, stats.unchanged) == (1, 1, 3)
    sources = [f["source"] for f in records(tmp_path / "added")[0]]
    assert sorted(sources) == sorted(str(p) for p in docs.glob("*.txt")) and len(sources) == 5
    assert_converged(tmp_path / "added", [docs])


def test_files_dated_in_the_future_are_rechecked_without_rewriting_the_index(tmp_path):
    # archives and clock skew give files mtimes after the run: size+mtime cannot vouch for
    # them (racy), so every run hashes them again; their records must not be rewritten
    # each time (a cron job's every run deleted and re-added them all and merged the index)
    docs = tmp_path / "docs"
    paths = _corpus(docs, 30)
    future = time.time() + 7 * 24 * 3600
    for i, p in enumerate(paths):
        os.utime(p, (future + i, future + i))
    pix = PassageIndex.create(tmp_path / "ix")
    with SearchIndex(pix) as ix:
        assert ix.add_path(docs).added == 30
        deleted = pix.deleted_count()
        for _ in range(3):
            stats = ix.reindex()
            assert (stats.unchanged, stats.updated, stats.added) == (30, 0, 0)
            assert pix.deleted_count() == deleted
        paths[0].write_text(make_text(random.Random(3), paragraphs=2), encoding="utf-8")
        os.utime(paths[0], (future, future))  # new text, the same future date
        assert ix.reindex().updated == 1  # hashed again, so a change is still found
    assert_converged(tmp_path / "ix", [docs])
