"""Ranking cases of three one-line files (shared by the stop-word and stem-family tests)."""

from __future__ import annotations

from pathlib import Path

from polyseek import SearchIndex


def index_three(tmp_path: Path, right: str, wrong: str, third: str, third_name: str) -> SearchIndex:
    """An index (open: close it) of ``b-right.txt``, ``a-wrong.txt`` (first by name, so a tie
    ranks it first) and ``c-<third_name>.txt``, one line each."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "b-right.txt").write_text(right + "\n", encoding="utf-8")
    (folder / "a-wrong.txt").write_text(wrong + "\n", encoding="utf-8")
    (folder / f"c-{third_name}.txt").write_text(third + "\n", encoding="utf-8")
    ix = SearchIndex.create(tmp_path / "ix")
    ix.add_path(folder)
    return ix
