"""Compare what an index holds with what is on disk (shared by reindex, concurrency and crash tests)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from polyseek.corpus import iter_source_files, read_file
from polyseek.index import KIND_PASSAGE, PassageIndex
from polyseek.index.folder import MANIFEST_FILE, current_toc, segment_files
from polyseek.index.manifest import read_manifest
from polyseek.index.store import INDEX_NAME, LOCK_NAME, STATUS_FILE, file_sha256
from polyseek.index.wordcache import FILE as WORDS_FILE
from polyseek.index.wordcache import PRUNE_DUE


def disk_passages(roots: list[str | Path]) -> Counter:
    """``(source, passage text)`` of every passage read fresh from the files under ``roots``."""
    out: Counter = Counter()
    seen: set[str] = set()
    for root in (Path(r).resolve() for r in roots):
        if not root.exists():
            continue
        for path in iter_source_files(root):
            if str(path) in seen:
                continue
            seen.add(str(path))
            for doc in read_file(path):
                out.update((str(path), p.text) for p in doc.passages)
    return out


def index_passages(pix: PassageIndex) -> Counter:
    """``(source, passage text)`` of every passage in the index (duplicates counted)."""
    with pix.searcher() as s:
        return Counter((f["source"], f["text"]) for f in s.documents(kind=KIND_PASSAGE))


def index_pids(pix: PassageIndex) -> Counter:
    """``(doc_id, passage number)`` of every passage in the index (duplicates counted)."""
    with pix.searcher() as s:
        return Counter((f["doc_id"], f["passage"]) for f in s.documents(kind=KIND_PASSAGE))


def assert_converged(index_dir: Path, roots: list[str | Path]) -> None:
    """The index holds exactly the files under ``roots``: no lost, duplicated or stale passages."""
    pix = PassageIndex.open(index_dir)
    try:
        want = disk_passages(roots)
        have = index_passages(pix)
        missing, extra = want - have, have - want
        assert not missing and not extra, f"missing {list(missing)[:3]}, extra {list(extra)[:3]}"
        assert max(index_pids(pix).values(), default=1) == 1
        records = pix.file_records()
        on_disk = {str(p) for r in roots if Path(r).exists() for p in iter_source_files(Path(r).resolve())}
        assert set(records) == on_disk
        for source, rec in records.items():
            st = Path(source).stat()
            assert (rec.size, rec.mtime_ns, rec.sha256) == (st.st_size, st.st_mtime_ns, file_sha256(source)), source
            assert rec.passages == sum(n for (src, _), n in have.items() if src == source)
        assert sorted(pix.roots()) == sorted(str(Path(r).resolve()) for r in roots if Path(r).exists())
    finally:
        pix.close()


def assert_consistent(pix: PassageIndex, versions: dict[tuple[str, str], Counter]) -> None:
    """Every recorded file has exactly the passages of the version its record names, and
    no passage lacks a record (what any commit, hence any crash, must leave).

    ``versions`` maps ``(source, sha256)`` to that content's passages.
    """
    have = index_passages(pix)
    by_source: dict[str, Counter] = {}
    for (source, text), n in have.items():
        by_source.setdefault(source, Counter())[(source, text)] = n
    records = pix.file_records()
    assert set(by_source) <= set(records), f"passages without a record: {set(by_source) - set(records)}"
    for source, rec in records.items():
        expected = versions[(source, rec.sha256)]
        assert by_source.get(source, Counter()) == expected, f"{source}: passages do not match its record"
        assert rec.passages == sum(expected.values())


def leftover_files(index_dir: Path) -> list[str]:
    """Files in the index directory that its last commit does not use."""
    pix = PassageIndex.open(index_dir)
    try:
        toc = pix._toc()
        used = {f"_{INDEX_NAME}_{toc.generation}.toc", f"{INDEX_NAME}_{LOCK_NAME}", STATUS_FILE, WORDS_FILE, PRUNE_DUE, MANIFEST_FILE}
        segs = {seg.segment_id() for seg in toc.segments}
    finally:
        pix.close()
    seg_file = re.compile(rf"^({INDEX_NAME}_[0-9a-z]+)\.")
    out = []
    for p in sorted(Path(index_dir).iterdir()):
        m = seg_file.match(p.name)
        if p.name in used or (m and m.group(1) in segs):
            continue
        out.append(p.name)
    return out


def check_manifest(index_dir: Path) -> str:
    """``"current"`` when the manifest (index/manifest.py) names the index's last commit, and
    then fails unless it holds exactly that commit's file records, roots and settings;
    ``"stale"`` when it names another commit or the segment files differ; ``"none"`` when there is none
    whole (the next reindex takes the full path in both cases)."""
    manifest = read_manifest(Path(index_dir))
    if manifest is None:
        return "none"
    if current_toc(index_dir) != (manifest.generation, manifest.toc) or segment_files(index_dir) != manifest.segments:
        return "stale"  # another commit, or a killed writer's files: the manifest is not used
    pix = PassageIndex.open(index_dir)
    try:
        records = {r.source: (r.size, r.mtime_ns, r.checked_ns) for r in pix.file_records().values()}
        assert manifest.files == records, "the manifest names the last commit but not its file records"
        assert not set(manifest.skipped) & set(records), "a file both indexed and skipped"
        assert manifest.roots == pix.follow_links_by_root() and manifest.settings == pix.settings()
    finally:
        pix.close()
    return "current"
