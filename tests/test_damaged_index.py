"""A damaged index (a segment cut short or gone, flipped bytes, a broken table of contents)
gives one clear line naming the remedy, never a traceback; `polyseek index --rebuild`
makes it whole again from the files (real processes, real files)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crashkit import run_in_child
from indexcheck import assert_converged
from polyseek.index import IndexCorruptError, PassageIndex
from polyseek.index.store import STATUS_FILE


def _run(tmp_path: Path, *argv: str) -> tuple[int, list[str]]:
    log = tmp_path / "log"
    code = run_in_child(list(argv), log)
    return code, log.read_text(encoding="utf-8").splitlines()


def _largest_segment(ix: Path) -> Path:
    return max(ix.glob("*.seg"), key=lambda p: p.stat().st_size)


def _flip(path: Path, at: float, length: int) -> None:
    """XOR ``length`` bytes from ``at`` (a share of the size; negative: ``length`` bytes before the end)."""
    data = bytearray(path.read_bytes())
    start = int(len(data) * at) if at >= 0 else len(data) - length
    for i in range(start, min(len(data), start + length)):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


DAMAGE = {
    "segment cut in half": lambda ix: _largest_segment(ix).write_bytes(_largest_segment(ix).read_bytes()[: _largest_segment(ix).stat().st_size // 2]),
    "segment cut short by 100 bytes": lambda ix: _largest_segment(ix).write_bytes(_largest_segment(ix).read_bytes()[:-100]),
    "segment missing": lambda ix: _largest_segment(ix).unlink(),
    "table of contents with flipped bytes": lambda ix: _flip(next(ix.glob("*.toc")), 0.5, 16),
    "table of contents empty": lambda ix: next(ix.glob("*.toc")).write_bytes(b""),
}


@pytest.fixture()
def indexed(tmp_path, samples_dir) -> tuple[Path, Path]:
    docs, ix = tmp_path / "docs", tmp_path / "ix"
    shutil.copytree(samples_dir, docs)
    code, out = _run(tmp_path, "index", str(docs), "--index", str(ix), "-q")
    assert code == 0, out
    return docs, ix


def _assert_damage_reported(code: int, lines: list[str], ix: Path) -> None:
    assert code == 2, lines
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"polyseek: error: the index at {ix} is damaged (")
    assert lines[0].endswith(f"rebuild it from the indexed files with: polyseek index --rebuild --index {ix}")


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_says_so_in_one_line_and_a_rebuild_recovers_it(tmp_path, indexed, damage):
    docs, ix = indexed
    DAMAGE[damage](ix)
    for argv in (["search", "олимпийский комитет"], ["info"], ["reindex"], ["check"]):
        _assert_damage_reported(*_run(tmp_path, *argv, "--index", str(ix)), ix)
    code, lines = _run(tmp_path, "index", "--rebuild", "--index", str(ix))
    assert code == 0, lines
    assert lines[-1].startswith("rebuilt: 5 added, 0 updated, 0 deleted"), lines
    assert_converged(ix, [docs])
    assert _run(tmp_path, "check", "--index", str(ix))[0] == 0


def test_flipped_bytes_are_found_by_check_and_by_a_search_that_reads_them(tmp_path, indexed):
    docs, ix = indexed
    _flip(_largest_segment(ix), -1, 2_000)  # the end of a compound file: its table of parts
    for argv in (["check"], ["search", "олимпийский комитет"], ["search", "Tokyo"]):
        _assert_damage_reported(*_run(tmp_path, *argv, "--index", str(ix)), ix)
    assert _run(tmp_path, "index", "--rebuild", "--index", str(ix))[0] == 0
    assert_converged(ix, [docs])


def test_flipped_bytes_anywhere_never_give_a_traceback(tmp_path, indexed):
    docs, ix = indexed
    seg = _largest_segment(ix)
    pristine = seg.read_bytes()
    reported = 0
    for at in (0.05, 0.2, 0.5, 0.6, 0.8):
        seg.write_bytes(pristine)
        _flip(seg, at, 20_000)
        _assert_damage_reported(*_run(tmp_path, "check", "--index", str(ix)), ix)
        for query in ("олимпийский комитет", "Tokyo", "الأولمبية"):
            code, lines = _run(tmp_path, "search", query, "--index", str(ix))
            if code == 0:  # the altered bytes were not read (or read without an error)
                continue
            _assert_damage_reported(code, lines, ix)  # never a traceback
            reported += 1
    print(f"{reported} of 15 searches read altered bytes and said so")
    seg.write_bytes(pristine)
    assert _run(tmp_path, "check", "--index", str(ix))[0] == 0


def test_without_readable_records_or_status_the_rebuild_asks_for_the_paths(tmp_path, indexed):
    docs, ix = indexed
    DAMAGE["table of contents empty"](ix)
    (ix / STATUS_FILE).unlink()
    code, lines = _run(tmp_path, "index", "--rebuild", "--index", str(ix))
    assert code == 2 and lines == [
        f"polyseek: error: no indexed paths are known for {ix}; name them: polyseek index --rebuild PATH... --index {ix}"
    ]
    code, lines = _run(tmp_path, "index", "--rebuild", str(docs), "--index", str(ix), "-q")
    assert code == 0, lines
    assert_converged(ix, [docs])


def test_opening_a_damaged_index_raises_index_corrupt_error(tmp_path, indexed):
    _, ix = indexed
    DAMAGE["segment cut short by 100 bytes"](ix)
    with pytest.raises(IndexCorruptError, match=r"MAIN_\w+\.seg is 100 bytes shorter than written"):
        PassageIndex.open(ix)
