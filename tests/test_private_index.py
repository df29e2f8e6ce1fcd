"""A new index is private: folder 0700, files 0600; an existing index keeps its modes (issue 19)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.searcher.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


@pytest.fixture
def umask_022():
    old = os.umask(0o022)  # the usual default, under which files come out world-readable
    yield
    os.umask(old)


def modes(folder: Path) -> set[int]:
    return {stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*") if p.is_file()}


def index(*args: str) -> None:
    r = CliRunner().invoke(main, ["index", *args, "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr


def test_a_new_index_folder_is_0700_and_its_files_0600(tmp_path: Path, umask_022: None) -> None:
    ix = tmp_path / "data" / "ix"
    index(str(SAMPLES), "--index", str(ix))
    assert stat.S_IMODE(ix.stat().st_mode) == 0o700
    assert modes(ix) == {0o600}
    more = tmp_path / "more"
    more.mkdir()
    (more / "a.txt").write_text("Олимпийский комитет собрался в Лозанне.", encoding="utf-8")
    index(str(more), "--index", str(ix))  # later commits too
    assert modes(ix) == {0o600}
    assert stat.S_IMODE((tmp_path / "more" / "a.txt").stat().st_mode) == 0o644  # only the index's files
    assert os.umask(0o022) == 0o022  # the process's umask is given back


def test_an_existing_index_keeps_its_modes(tmp_path: Path, umask_022: None) -> None:
    ix = tmp_path / "ix"
    ix.mkdir(mode=0o755)
    ix.chmod(0o755)  # shared on purpose
    index(str(SAMPLES), "--index", str(ix))
    assert stat.S_IMODE(ix.stat().st_mode) == 0o755
    assert modes(ix) == {0o644}
