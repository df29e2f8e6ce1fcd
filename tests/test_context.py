"""A query works with the analyzer settings pinned in its index (searcher/context.py), and
``polyseek analyze --index DIR`` shows what they make of a text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from polyseek.analyzers import analyze
from polyseek.searcher import SearchIndex
from polyseek.searcher.context import QueryContext

WORD = "للجنة"  # "for the committee": light10 and Snowball stem it differently


def _cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "polyseek", *map(str, args)], capture_output=True, text=True, env=env
    )


@pytest.fixture(scope="module")
def light10_index(tmp_path_factory) -> Path:
    """An index created while the process default Arabic stemmer was light10."""
    folder = tmp_path_factory.mktemp("light10")
    (folder / "docs").mkdir()
    (folder / "docs" / "a.txt").write_text("اللجنة الأولمبية الوطنية في الرياض\n", encoding="utf-8")
    env = {**os.environ, "POLYSEEK_AR_STEMMER": "light10"}
    r = _cli("index", folder / "docs", "--index", folder / "ix", "-q", env=env)
    assert r.returncode == 0, r.stderr
    return folder / "ix"


def test_analyze_with_an_index_uses_its_pinned_settings(light10_index: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "POLYSEEK_AR_STEMMER"}
    own = _cli("analyze", "--index", light10_index, WORD, env=env)
    default = _cli("analyze", WORD, env=env)
    assert own.returncode == default.returncode == 0, own.stderr + default.stderr
    with SearchIndex.open(light10_index) as ix:
        pinned = ix.analyze(WORD)[0].terms
    process = analyze(WORD)[0].terms
    assert pinned != process  # the index's light10, not this process's Snowball
    assert " ".join(pinned) in own.stdout and " ".join(process) in default.stdout
    assert own.stdout != default.stdout


def test_analyze_with_a_missing_index_is_one_line(tmp_path: Path) -> None:
    r = _cli("analyze", "--index", tmp_path / "none", "слово")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "no polyseek index" in r.stderr


def test_a_query_context_comes_from_its_searcher(light10_index: Path) -> None:
    with SearchIndex.open(light10_index) as ix:
        ctx = ix._context(WORD)
        assert ctx.analyze(WORD, "query")[0].terms == ix.analyze(WORD, "query")[0].terms
        assert ctx.query is not None and set(ctx.query.highlight_terms) == set(ix.analyze(WORD, "query")[0].terms)
        assert ix.search(WORD).total == 1
        assert QueryContext.of(ctx.searcher).features == ctx.features
