"""A disk that refuses mid-write (file size limit, permissions): a one-line error, exit 2,
and the previous index intact, unlocked and free of half-written files."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from crashkit import run_in_child
from indexcheck import assert_converged, index_passages, leftover_files
from polyseek.index import PassageIndex
from polyseek.searcher import SearchIndex
from textcorpus import write_corpus


def _snapshot(ix: Path) -> tuple:
    with SearchIndex.open(ix) as sx:
        hits = [(h.source, h.passage) for h in sx.search("олимпийский комитет", limit=5)]
    pix = PassageIndex.open(ix)
    return hits, index_passages(pix), sorted(pix.file_records())


def _limit_file_size(limit: int):
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_write_failing_mid_index_keeps_the_previous_index(tmp_path, samples_dir):
    ix, more = tmp_path / "ix", tmp_path / "more"
    with SearchIndex.create(ix) as sx:
        sx.add_path(samples_dir)
    before = _snapshot(ix)
    write_corpus(more, 25, seed=5)  # a new segment far larger than the limit below
    r = subprocess.run(
        [sys.executable, "-m", "polyseek", "index", str(more), "--index", str(ix)],
        capture_output=True, text=True, preexec_fn=_limit_file_size(32 * 1024),
    )
    assert r.returncode == 2 and r.stdout == ""
    (line,) = r.stderr.splitlines()
    assert line.startswith("polyseek: error: file too large while writing the index at")
    assert "last committed state" in line
    assert _snapshot(ix) == before
    assert leftover_files(ix) == []  # the failed segment was removed at once
    with PassageIndex.open(ix).write_session(lock_timeout=0):
        pass
    r = subprocess.run([sys.executable, "-m", "polyseek", "index", str(more), "--index", str(ix), "-q"])
    assert r.returncode == 0
    assert_converged(ix, [samples_dir, more])


def test_permission_denied_mid_write_keeps_the_previous_index(samples_dir):
    # Outside pytest's private tmp folder, so that an unprivileged user can read it.
    base = Path(tempfile.mkdtemp(prefix="polyseek-perm-"))
    try:
        base.chmod(0o755)
        docs, ix = base / "docs", base / "ix"
        shutil.copytree(samples_dir, docs)
        with SearchIndex.create(ix) as sx:
            sx.add_path(docs)
        before = _snapshot(ix)
        write_corpus(docs / "new", 3, seed=6)
        for p in ix.iterdir():  # a new index is private (0600 files): share this one, as a user may
            p.chmod(0o644)
        (ix / "MAIN_WRITELOCK").chmod(0o666)  # the lock can be taken; nothing else can be written
        ix.chmod(0o555)

        def unprivileged() -> None:
            if os.geteuid() == 0:  # root ignores permissions: become nobody
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)

        log = base / "child.log"
        code = run_in_child(["index", str(docs), "--index", str(ix)], log, before=unprivileged)
        assert code == 2, log.read_text()
        (line,) = log.read_text().splitlines()
        assert line.startswith("polyseek: error: permission denied writing the index at")
        assert "check the directory's owner and permissions" in line
        ix.chmod(0o755)
        assert _snapshot(ix) == before
        with SearchIndex.open(ix) as sx:
            assert sx.reindex().added == 3
        assert_converged(ix, [docs])
    finally:
        shutil.rmtree(base, ignore_errors=True)
