"""A reindex with nothing to do is found from the manifest without opening the index
(index/manifest.py); every doubt takes the full run, which gives the right result.

Real files, real ``polyseek`` processes: each run reports whether it imported Whoosh
(the full run does, the shortcut does not).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polyseek.index import PassageIndex, filetable, reindex, sync_paths
from polyseek.index.folder import INDEX_NAME, LOCK_NAME, MANIFEST_FILE, STATUS_FILE, writer_lock
from polyseek.index.manifest import read_manifest
from polyseek.index.scan import is_racy
from polyseek.searcher import SearchIndex
from indexcheck import check_manifest
from textcorpus import make_text, write_corpus

ROOT = Path(__file__).resolve().parents[1]

#: ``polyseek ARGS``, then one more line on stderr: whether the process imported Whoosh
_CLI = """
import atexit, json, sys
atexit.register(lambda: print("WHOOSH " + json.dumps("whoosh" in sys.modules), file=sys.stderr))
from polyseek.searcher.cli import main
main(sys.argv[1:], prog_name="polyseek")
"""


def polyseek(*args: str | Path) -> tuple[int, str, str, bool]:
    """Exit code, stdout, stderr (without the last line) and whether Whoosh was imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", _CLI, *map(str, args)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    *lines, last = run.stderr.splitlines()
    assert last.startswith("WHOOSH "), run.stderr
    return run.returncode, run.stdout, "\n".join(lines), json.loads(last.removeprefix("WHOOSH "))


def _age(paths: list[Path], seconds: float = 3600) -> None:
    t = time.time() - seconds
    for i, p in enumerate(paths):
        os.utime(p, (t + i, t + i))


def _index_files(ix: Path) -> dict[str, bytes]:
    """Every file of the index but the last run's status and the lock (whose pid changes)."""
    return {p.name: p.read_bytes() for p in ix.iterdir() if p.name not in (STATUS_FILE, f"{INDEX_NAME}_{LOCK_NAME}")}


def _full_run_reports(ix: Path, quick: dict, err: str, quick_status: dict) -> dict:
    """Run the full reindex (the manifest removed) and check it reports what the no-op
    reported (``--json``, stderr, status file); return its status."""
    (ix / MANIFEST_FILE).unlink()
    code, full_out, full_err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and whoosh
    assert _without_times(json.loads(full_out)) == _without_times(quick) and full_err == err
    full_status = json.loads((ix / STATUS_FILE).read_text(encoding="utf-8"))
    assert _without_times(full_status) == _without_times(quick_status)
    return full_status


def _without_times(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k not in ("seconds", "finished")}
    if "stats" in data:
        data["stats"] = _without_times(data["stats"])
    return data


@pytest.fixture()
def indexed(tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    """12 files of ru/ar/en text written an hour ago, a file of a type not read, one over
    --max-file-size; indexed by a real ``polyseek index``."""
    docs, ix = tmp_path / "docs", tmp_path / "ix"
    paths = write_corpus(docs, 12, seed=7, paragraphs=2)
    (docs / "notes.log").write_text("Журнал сборки: not a type polyseek reads.\n", encoding="utf-8")
    (docs / "big.txt").write_text(make_text(random.Random(3), paragraphs=40), encoding="utf-8")
    _age([*paths, docs / "notes.log", docs / "big.txt"])
    code, _, err, _ = polyseek("index", docs, "--index", ix, "--max-file-size", "4K")
    assert code == 0, err
    assert "big.txt" in err  # skipped by the walk, every run
    return docs, ix, paths


def test_a_reindex_with_nothing_to_do_skips_whoosh_and_reports_what_the_full_run_reports(indexed):
    docs, ix, paths = indexed
    assert check_manifest(ix) == "current"
    before = _index_files(ix)

    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and not whoosh, err
    quick = json.loads(out)
    assert (quick["unchanged"], quick["added"], quick["updated"], quick["deleted"]) == (12, 0, 0, 0)
    assert _index_files(ix) == before  # not a byte changed (the manifest included)
    quick_status = json.loads((ix / STATUS_FILE).read_text(encoding="utf-8"))
    code, text_out, text_err, whoosh = polyseek("reindex", "--index", ix)
    assert code == 0 and not whoosh and text_out.startswith("reindexed: 0 added, 0 updated, 0 deleted, 12 unchanged, 1 skipped")

    full_status = _full_run_reports(ix, quick, err, quick_status)
    assert quick_status["finished"] < full_status["finished"]
    assert check_manifest(ix) == "current"  # written again by the full run, which committed nothing
    assert _index_files(ix) == before

    code, out, err, whoosh = polyseek("reindex", "--index", ix, "-q")
    assert (code, out, whoosh) == (0, "", False)
    assert "big.txt" not in err  # skipped last time too: --quiet does not list it again


def _change(docs: Path, paths: list[Path], how: str) -> dict:
    """Change the folder ``how``; the counts the full run must report."""
    if how == "touched":  # same bytes, new mtime: hashed again, found unchanged
        os.utime(paths[0], (time.time() - 60, time.time() - 60))
        return {"unchanged": 12, "updated": 0}
    if how == "changed":
        st = paths[1].stat()
        paths[1].write_text(paths[1].read_text(encoding="utf-8") + "\nЗаседание ревизионной комиссии.\n", encoding="utf-8")
        os.utime(paths[1], (st.st_mtime, st.st_mtime))  # even under its old mtime: the size differs
        return {"updated": 1, "unchanged": 11}
    if how == "added":
        new = docs / "new.txt"
        new.write_text("Заседание ревизионной комиссии.\n", encoding="utf-8")
        _age([new])
        return {"added": 1, "unchanged": 12}
    if how == "deleted":
        paths[2].unlink()
        return {"deleted": 1, "unchanged": 11}
    if how == "racy":  # recorded just after it was written, then edited within the same mtime
        paths[3].write_text("Заседание олимпийской комиссии.\n", encoding="utf-8")
        later = time.time() + 30  # as if checked within the racy window of its mtime, however slow the run starts
        os.utime(paths[3], (later, later))
        assert polyseek("reindex", "--index", docs.parent / "ix")[0] == 0  # its record is racy now
        st = paths[3].stat()
        paths[3].write_text("Заседание ревизионной комиссии.\n", encoding="utf-8")  # the same size
        assert paths[3].stat().st_size == st.st_size
        os.utime(paths[3], ns=(st.st_atime_ns, st.st_mtime_ns))
        return {"updated": 1, "unchanged": 11}
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["touched", "changed", "added", "deleted", "racy"])
def test_a_file_new_changed_touched_racy_or_gone_takes_the_full_run(indexed, how):
    docs, ix, paths = indexed
    expected = _change(docs, paths, how)
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and whoosh, err
    stats = json.loads(out)
    assert {k: stats[k] for k in expected} == expected
    with SearchIndex.open(ix) as sx:
        found = sx.search("ревизионной комиссии").hits
    assert bool(found) == (how in ("changed", "added", "racy"))
    assert check_manifest(ix) == "current"


def test_a_setting_given_that_differs_takes_the_full_run(indexed):
    docs, ix, _ = indexed
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json", "--text-ext", ".log")
    assert code == 0 and whoosh, err
    assert json.loads(out)["added"] == 1  # notes.log, read as text from now on
    with SearchIndex.open(ix) as sx:
        assert [Path(h.source).name for h in sx.search("Журнал сборки").hits] == ["notes.log"]
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json", "--text-ext", ".log")  # as recorded now
    assert code == 0 and not whoosh and json.loads(out)["unchanged"] == 13
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json", "--follow-links")
    assert code == 0 and whoosh  # a link choice that differs is recorded by the full run


@pytest.mark.parametrize("how", ["changed", "deleted"])
def test_a_manifest_of_another_commit_is_not_trusted(indexed, how):
    """The files on disk match the old manifest exactly, but the index holds what a later
    run made of them: a new text (a new segment) or none (a commit of deletions only)."""
    docs, ix, paths = indexed
    assert polyseek("optimize", "--index", ix)[0] == 0  # one segment: deleting writes none
    code, out, err, whoosh = polyseek("reindex", "--index", ix)
    assert code == 0 and whoosh  # optimize committed without writing the manifest: the full run writes it
    old_manifest = (ix / MANIFEST_FILE).read_bytes()
    st, old_text = paths[4].stat(), paths[4].read_bytes()
    word = old_text.decode("utf-8").split()[3]
    if how == "changed":
        paths[4].write_text("Заседание ревизионной комиссии.\n", encoding="utf-8")
        _age([paths[4]], 600)
    else:
        paths[4].unlink()
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and whoosh and json.loads(out)["updated" if how == "changed" else "deleted"] == 1
    paths[4].write_bytes(old_text)  # back as it was, even its mtime: what the old manifest says
    os.utime(paths[4], ns=(st.st_atime_ns, st.st_mtime_ns))
    (ix / MANIFEST_FILE).write_bytes(old_manifest)
    assert check_manifest(ix) == "stale"

    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and whoosh and json.loads(out)["updated" if how == "changed" else "added"] == 1
    with SearchIndex.open(ix) as sx:
        assert sx.search("ревизионной комиссии").hits == []
        assert str(paths[4]) in {h.source for h in sx.search(word, limit=50).hits}


@pytest.mark.parametrize("damage", ["altered", "cut short", "empty", "garbage"])
def test_a_damaged_manifest_is_not_trusted(indexed, damage):
    """A manifest altered to match a changed file, or cut, is ignored: the full run reads the file."""
    docs, ix, paths = indexed
    paths[5].write_text("Заседание ревизионной комиссии.\n", encoding="utf-8")
    _age([paths[5]], 600)
    st = paths[5].stat()
    data = (ix / MANIFEST_FILE).read_bytes()
    if damage == "altered":  # the file's record changed to match the disk, the checksum not
        header, body = data.split(b"\n", 1)
        manifest = json.loads(body)
        for rec in manifest["files"]:
            if rec[0] == str(paths[5]):
                rec[1], rec[2] = st.st_size, st.st_mtime_ns
        data = header + b"\n" + json.dumps(manifest, separators=(",", ":")).encode()
    elif damage == "cut short":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = b""
    else:
        data = bytes(range(256)) * 4
    (ix / MANIFEST_FILE).write_bytes(data)
    assert read_manifest(ix) is None

    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and whoosh and json.loads(out)["updated"] == 1, err
    with SearchIndex.open(ix) as sx:
        assert [h.source for h in sx.search("ревизионной комиссии").hits] == [str(paths[5])]
    assert check_manifest(ix) == "current"


def test_a_held_lock_or_a_damaged_index_is_reported_by_the_full_run(indexed):
    docs, ix, _ = indexed
    with writer_lock(ix) as held:
        assert held
        code, out, err, whoosh = polyseek("reindex", "--index", ix, "--lock-timeout", "0")
    assert code == 2 and whoosh and "locked by another writer" in err
    segment = max((p for p in ix.iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size)
    segment.write_bytes(segment.read_bytes()[:-100])
    code, out, err, whoosh = polyseek("reindex", "--index", ix)
    assert code == 2 and whoosh and "polyseek index --rebuild" in err, err


def test_the_manifest_follows_every_commit_of_a_run(tmp_path, monkeypatch):
    """Runs of several commits that add, change, touch, empty and remove files, add a root
    and change a setting: after each, the manifest holds exactly the index's records (kept
    by the session on disk: index/filetable.py, its buffer small here)."""
    monkeypatch.setattr(filetable, "BUFFER_BYTES", 200)
    rng = random.Random(5)
    docs, more, ix = tmp_path / "docs", tmp_path / "more", tmp_path / "ix"
    live = write_corpus(docs, 30, seed=1, paragraphs=2)
    _age(live)
    pix = PassageIndex.create(ix)
    sync_paths(pix, [docs], commit_every=7)
    assert check_manifest(ix) == "current"
    for run in range(6):
        for path in rng.sample(live, 3):
            path.write_text(make_text(rng, paragraphs=2), encoding="utf-8")
        os.utime(rng.choice(live))  # touched: hashed again, its record renewed
        gone = live.pop(rng.randrange(len(live)))
        gone.unlink()
        emptied = live.pop(rng.randrange(len(live)))
        emptied.write_bytes(b"")  # skipped from now on: what was indexed from it goes
        (docs / f"notes{run}.log").write_text("Журнал сборки.\n", encoding="utf-8")
        _age([*live, *docs.glob("*.log")], 60)
        if run == 2:  # a new root
            live += write_corpus(more, 4, seed=9, paragraphs=2)
            _age(live, 60)
            assert sync_paths(pix, [more], commit_every=7).added == 4
            assert check_manifest(ix) == "current"
        stats = reindex(pix, commit_every=7, as_text=[".log"] if run == 4 else None)
        assert stats.failed == 0 and stats.deleted >= 2 and stats.updated >= 3, stats
        assert check_manifest(ix) == "current", run
    pix.close()
    empty = [path for path in docs.glob("*.txt") if path.stat().st_size == 0]
    _age(empty, 60)  # the last one was emptied just before the run: too recent to trust its mtime
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and whoosh and json.loads(out)["skipped"] == len(empty) == 6, err
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")  # empty files skipped again: nothing to do
    stats = json.loads(out)
    assert code == 0 and not whoosh and (stats["unchanged"], stats["skipped"]) == (len(live) + 6, 6)  # the .log files too


def _skipped_for_their_content(docs: Path) -> dict[str, str]:
    """Files skipped for what they hold, written an hour ago: name -> the end of the line reported."""
    (docs / "empty.txt").write_bytes(b"")
    (docs / "blank.md").write_text("  \n\n\t\n", encoding="utf-8")
    (docs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(random.Random(2).randrange(256) for _ in range(3000)))
    (docs / "none.jsonl").write_text("\n\n", encoding="utf-8")
    scanned = docs / "scanned.pdf"
    scanned.write_bytes((ROOT / "tests" / "data" / "formats" / "scanned.pdf").read_bytes())
    _age([docs / name for name in ("empty.txt", "blank.md", "photo.txt", "none.jsonl", "scanned.pdf")])
    return {
        "empty.txt": "empty file, nothing to index",
        "blank.md": "whitespace only, nothing to index",
        "photo.txt": "binary file (image/png), not text",
        "none.jsonl": "whitespace only, nothing to index",
        "scanned.pdf": "scanned PDF: no text layer on its 2 page(s) (no OCR), not indexed",
    }


def test_files_skipped_for_their_content_keep_the_shortcut_with_the_full_runs_report(indexed):
    """Empty, blank, binary and text-less files are skipped by every run, for the same reason:
    the manifest records them, so a reindex that finds them as they were has nothing to do,
    and reports them exactly as the full run does (report, --json, status, --quiet)."""
    docs, ix, _ = indexed
    reasons = _skipped_for_their_content(docs)
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and whoosh and json.loads(out)["skipped"] == 1 + len(reasons), err  # big.txt too
    assert check_manifest(ix) == "current"
    assert sorted(Path(source).name for source in read_manifest(ix).skipped) == sorted(reasons)
    before = _index_files(ix)

    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and not whoosh, err
    quick = json.loads(out)
    assert (quick["unchanged"], quick["skipped"], quick["added"], quick["deleted"]) == (12, 6, 0, 0)
    for name, reason in reasons.items():
        assert f"polyseek: skipped {docs / name}: {reason}\n" in err + "\n", name
    assert _index_files(ix) == before
    quick_status = json.loads((ix / STATUS_FILE).read_text(encoding="utf-8"))
    code, text_out, text_err, whoosh = polyseek("reindex", "--index", ix)
    assert code == 0 and not whoosh and text_err == err
    assert text_out.startswith("reindexed: 0 added, 0 updated, 0 deleted, 12 unchanged, 6 skipped, 0 failed; 0 passages")

    _full_run_reports(ix, quick, err, quick_status)
    code, text_out, _, whoosh = polyseek("reindex", "--index", ix)
    assert code == 0 and not whoosh and text_out.startswith("reindexed: 0 added, 0 updated, 0 deleted, 12 unchanged, 6 skipped")

    code, out, err, whoosh = polyseek("reindex", "--index", ix, "-q")
    assert (code, out, err, whoosh) == (0, "", "", False)  # skipped last time too: --quiet does not list them again


def _change_skipped(docs: Path, how: str) -> dict:
    """Change a file skipped for its content ``how``; the counts the full run must report
    (``skipped``: big.txt, over --max-file-size, included)."""
    if how == "empty file got text":
        path = docs / "empty.txt"
        path.write_text("Заседание ревизионной комиссии.\n", encoding="utf-8")
        _age([path], 600)
        return {"added": 1, "skipped": 5}
    if how == "binary file replaced by text":
        path = docs / "photo.txt"
        path.write_text("اجتماع لجنة التدقيق. Заседание ревизионной комиссии.\n", encoding="utf-8")
        _age([path], 600)
        return {"added": 1, "skipped": 5}
    if how == "same size, new mtime":  # read again, and skipped again
        os.utime(docs / "blank.md", (time.time() - 60, time.time() - 60))
        return {"added": 0, "skipped": 6}
    if how == "gone":
        (docs / "none.jsonl").unlink()
        return {"added": 0, "skipped": 5, "deleted": 0}
    if how == "racy":  # unchanged, but its mtime was too close to when it was examined to trust it
        return {"added": 0, "skipped": 6}
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["empty file got text", "binary file replaced by text", "same size, new mtime", "gone", "racy"])
def test_a_skipped_file_that_changed_takes_the_full_run(indexed, how):
    docs, ix, _ = indexed
    _skipped_for_their_content(docs)
    if how == "racy":  # as if written just before the run that skips it
        later = time.time() + 30
        os.utime(docs / "empty.txt", (later, later))
    assert polyseek("reindex", "--index", ix)[0] == 0
    if how == "racy":
        size, mtime, checked, _ = read_manifest(ix).skipped[str(docs / "empty.txt")]
        assert is_racy(mtime, checked)
    expected = _change_skipped(docs, how)
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and whoosh, err
    stats = json.loads(out)
    assert {k: stats[k] for k in expected} == expected, stats
    with SearchIndex.open(ix) as sx:
        found = [Path(h.source).name for h in sx.search("ревизионной комиссии").hits]
    assert found == {"empty file got text": ["empty.txt"], "binary file replaced by text": ["photo.txt"]}.get(how, [])
    assert check_manifest(ix) == "current"
    _age([p for p in docs.iterdir() if p.name in ("empty.txt", "photo.txt")], 600)  # whatever the change, not racy now
    assert polyseek("reindex", "--index", ix)[3]  # the mtimes changed: read once more
    code, out, err, whoosh = polyseek("reindex", "--index", ix, "--json")
    assert code == 0 and not whoosh and json.loads(out)["skipped"] == expected["skipped"]
