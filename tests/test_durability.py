"""A commit is durable when it returns: the files a new TOC names are fsynced before it is
renamed into place, the folder after, and a power cut at any step of a commit leaves the
old state or the new one, whole (see index/durable.py and tests/fsrecord.py)."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from polyseek.corpus import read_file
from fsrecord import MODELS, Recording, materialize, recording
from indexcheck import check_manifest
from polyseek.index import KIND_PASSAGE, PassageIndex, reindex, sync_paths
from polyseek.index.folder import MANIFEST_FILE
from polyseek.index.store import INDEX_NAME
from textcorpus import write_corpus

_TOC = TOC._pattern(INDEX_NAME)


def _state(folder: Path) -> tuple:
    """What an index holds: passages, file records, roots, segments, deleted documents (raises if unreadable)."""
    pix = PassageIndex.open(folder)
    try:
        with pix.searcher() as s:
            passages = Counter(
                (f["doc_id"], f["passage"], hashlib.sha256(f["text"].encode()).hexdigest())
                for f in s.documents(kind=KIND_PASSAGE)
            )
        records = sorted((r.source, r.sha256, r.passages) for r in pix.file_records().values())
        return tuple(sorted(passages.items())), tuple(records), tuple(pix.roots()), pix.segment_count(), pix.deleted_count()
    finally:
        pix.close()


def _outcome(files: dict[str, bytes], where: Path, old: tuple, new: tuple) -> str:
    folder = materialize(files, where)
    try:
        state = _state(folder)
    except Exception as exc:  # noqa: BLE001 - the outcome under test
        return f"unreadable ({type(exc).__name__})"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return "old" if state == old else "new" if state == new else "mixed"


def _toc_files(ev) -> list[str]:
    """The files the TOC renamed in ``ev`` names (itself and its segments' files)."""
    name = ev.names[1]
    scratch = Path(tempfile.mkdtemp())
    (scratch / name).write_bytes(ev.renamed)
    toc = TOC.read(FileStorage(str(scratch)), INDEX_NAME, int(_TOC.match(name).group(1)))
    shutil.rmtree(scratch)
    prefixes = tuple(f"{seg.segment_id()}." for seg in toc.segments)
    return [name] + sorted(n for n in ev.listing if n.startswith(prefixes))


def check_commit_order(rec: Recording) -> tuple[int, int]:
    """Fail unless, for every TOC renamed into place: each file it names was fsynced with
    exactly its present content and its name was in the folder at the folder's last fsync,
    before the rename; the folder is fsynced after the rename, before any file is removed.
    Returns (TOCs, files) checked."""
    last_synced: dict[str, str] = {}  # name -> sha256 of its content at its last fsync
    tocs = files = 0
    for i, ev in enumerate(rec.events):
        if ev.kind == "fsync":
            last_synced.update(ev.synced_sha)
        if ev.kind == "rename" and ev.names[0] is not None:
            last_synced[ev.names[1]] = last_synced.pop(ev.names[0], "")
        if ev.kind != "rename" or not _TOC.match(ev.names[1]):
            continue
        tocs += 1
        for name in _toc_files(ev):
            files += 1
            assert last_synced.get(name) == ev.shas[name], f"TOC {ev.names[1]} renamed before {name} was fsynced"
            if name != ev.names[1]:
                assert ev.synced_listing.get(name) == ev.listing[name], f"{name} not in the folder at its last fsync"
        later = [e.kind for e in rec.events[i + 1 :]]
        assert "fsync-dir" in later, f"folder not fsynced after {ev.names[1]} was renamed into place"
        assert "remove" not in later[: later.index("fsync-dir")], "a file removed before the new TOC was durable"
    return tocs, files


def _grown_index(tmp_path: Path, durable: bool = True) -> tuple[Path, Path]:
    """An index of a small corpus written in three commits (three segments to merge later)."""
    docs, ix = tmp_path / "docs", tmp_path / "ix"
    paths = write_corpus(docs, 9, seed=3, paragraphs=2)
    pix = PassageIndex.create(ix, durable=durable)
    for part in (paths[:3], paths[3:6], paths[6:]):
        sync_paths(pix, part)
    pix.close()
    return docs, ix


def _change(ix: Path, docs: Path, scenario: str, durable: bool) -> None:
    """One transaction on ``ix``: a file replaced, one dropped, two added (``update``,
    ``two-processes``: the passages indexed by a second process); or ``optimize``."""
    pix = PassageIndex.open(ix, durable=durable)
    try:
        if scenario == "optimize":
            pix.optimize()
            return
        files = sorted(docs.glob("*.txt"))
        new = write_corpus(docs / "new", 2, seed=11, paragraphs=2)
        changed = files[0]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nОлимпийский комитет Японии.\n", encoding="utf-8")
        jobs = 2 if scenario == "two-processes" else 1
        with pix.writer(jobs=jobs, start_chars=0) as w:
            w.delete_source(str(files[1]))
            w.delete_source(str(changed))
            for path in [changed, *new]:
                w.add_documents(read_file(path))
    finally:
        pix.close()


def _power_cuts(tmp_path: Path, scenario: str, durable: bool) -> tuple[Recording, dict[str, list[str]]]:
    docs, ix = _grown_index(tmp_path, durable)
    if scenario == "optimize":  # deleted passages for it to purge
        _change(ix, docs, "update", durable)
    old = _state(ix)
    with recording(ix) as rec:
        _change(ix, docs, scenario, durable)
    new = _state(ix)
    assert new != old
    outcomes = {
        model: [_outcome(rec.after_power_cut(k, model), tmp_path / f"cut-{model}-{k}", old, new)
                for k in range(len(rec.events) + 1)]
        for model in MODELS
    }
    return rec, outcomes


@pytest.mark.parametrize("scenario", ["update", "optimize", "two-processes"])
def test_no_toc_is_renamed_before_the_files_it_names_are_fsynced(tmp_path, scenario):
    docs, ix = _grown_index(tmp_path)
    if scenario == "optimize":
        _change(ix, docs, "update", durable=True)
    with recording(ix) as rec:
        _change(ix, docs, scenario, durable=True)
    tocs, files = check_commit_order(rec)
    assert tocs == 1 and files >= 2
    removed = [e.names[0] for e in rec.events if e.kind == "remove"]
    assert any(_TOC.match(n) for n in removed)  # the old TOC went, after the new one was durable
    if scenario != "update":
        assert any(not _TOC.match(n) for n in removed)  # merged segments went too


@pytest.mark.parametrize("scenario", ["update", "optimize", "two-processes"])
def test_a_power_cut_at_every_step_of_a_commit_leaves_the_old_or_the_new_state(tmp_path, scenario):
    rec, outcomes = _power_cuts(tmp_path, scenario, durable=True)
    assert len(rec.events) >= 8
    for model, seen in outcomes.items():
        assert set(seen) <= {"old", "new"}, (model, seen)
        assert seen[0] == "old" and seen[-1] == "new", (model, seen)  # a commit that returned is kept
        # once new, always new: no step after the TOC's rename can undo it
        assert seen == sorted(seen, key=["old", "new"].index), (model, seen)


def test_without_fsync_a_power_cut_can_lose_or_break_a_commit(tmp_path):
    """What the durable commit prevents (and proof that the simulation can fail)."""
    _, outcomes = _power_cuts(tmp_path, "update", durable=False)
    assert outcomes["synced"][-1] == "old"  # the commit returned, yet the disk still holds the old state
    assert any(o.startswith("unreadable") for o in outcomes["ordered"])  # TOC renamed, its data never written


def test_the_status_file_is_replaced_durably(tmp_path, samples_dir):
    pix = PassageIndex.create(tmp_path / "ix")
    with recording(tmp_path / "ix") as rec:
        sync_paths(pix, [samples_dir])
    kinds = [(e.kind, e.names) for e in rec.events if "polyseek-status.json" in "".join(n or "" for n in e.names)]
    (fsync_at,) = [i for i, e in enumerate(rec.events) if e.kind == "fsync" and e.names[0].startswith(".polyseek-status")]
    (rename_at,) = [i for i, e in enumerate(rec.events) if e.kind == "rename" and e.names[1] == "polyseek-status.json"]
    assert fsync_at < rename_at and "fsync-dir" in [e.kind for e in rec.events[rename_at + 1 :]], kinds


def test_the_manifest_is_replaced_durably_after_the_commit_it_names(tmp_path):
    docs, ix = _grown_index(tmp_path)
    files = sorted(docs.glob("*.txt"))
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nОлимпийский комитет Японии.\n", encoding="utf-8")
    files[1].unlink()
    write_corpus(docs / "new", 2, seed=11, paragraphs=2)
    pix = PassageIndex.open(ix)
    with recording(ix) as rec:
        reindex(pix, commit_every=3)  # several commits: the manifest names the last
    pix.close()
    events = [(e.kind, e.names) for e in rec.events]
    last_toc = max(i for i, e in enumerate(rec.events) if e.kind == "rename" and _TOC.match(e.names[1]))
    (fsync_at,) = [i for i, e in enumerate(rec.events) if e.kind == "fsync" and e.names[0].startswith(f".{MANIFEST_FILE}.")]
    (rename_at,) = [i for i, e in enumerate(rec.events) if e.kind == "rename" and e.names[1] == MANIFEST_FILE]
    toc_durable = [e.kind for e in rec.events[last_toc + 1 :]].index("fsync-dir") + last_toc + 1
    assert toc_durable < fsync_at < rename_at, events
    assert "fsync-dir" in [e.kind for e in rec.events[rename_at + 1 :]], events
    assert check_manifest(ix) == "current"

    # a power cut at any step leaves no manifest, one naming another commit, or one that
    # holds exactly the file records of the commit it names (check_manifest fails otherwise)
    for model in MODELS:
        seen = []
        for k in range(len(rec.events) + 1):
            folder = materialize(rec.after_power_cut(k, model), tmp_path / f"cut-{model}-{k}")
            seen.append(check_manifest(folder))
            shutil.rmtree(folder)
        # before: the old manifest, of the old commit; between the first new commit and the
        # manifest's rename, the old one names a commit that is gone; at the end: the new one
        assert seen[0] == seen[-1] == "current" and "stale" in seen[: rename_at + 1], (model, seen)
