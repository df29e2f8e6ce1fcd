"""The ``polyseek`` command as a process (polyseek/command.py): what it loads, and that
starting without garbage collection and leaving without it changes no result.

Every check runs real ``python -m polyseek`` processes (what the console script runs) on a
real index of the bundled samples.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.searcher.cli import main

ROOT = Path(__file__).resolve().parents[1]

#: One word of each script and digits, all in the samples (so in the index's word cache).
QUERIES = ("комитета", "الأولمبية", "Kazakhstan", "2020")


def _command(*args: str, python: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """``python [python...] -m polyseek args...`` in a fresh process, from the checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *python, "-m", "polyseek", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def _imported(stderr: str) -> set[str]:
    """The modules a process run with ``-X importtime`` imported."""
    return {line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


@pytest.fixture(scope="module")
def command_index(tmp_path_factory, samples_dir: Path) -> Path:
    """The samples indexed by a ``polyseek index`` process (a process saves in the word cache
    the words it analysed itself: this test session's may know them already)."""
    ix = tmp_path_factory.mktemp("command") / "ix"
    done = _command("index", str(samples_dir), "--index", str(ix), "-q")
    assert done.returncode == 0, done.stderr[-2000:]
    return ix


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_of_known_words_loads_no_morphology_and_prints_what_the_library_does(
    command_index: Path, query: str
) -> None:
    done = _command("search", query, "--index", str(command_index), python=("-X", "importtime"))
    assert done.returncode == 0, done.stderr[-2000:]
    imported = _imported(done.stderr)
    assert "polyseek.searcher.api" in imported  # the importtime listing is the whole process's
    assert not {"pymorphy3", "nltk", "polyseek.analyzers.arabic_snowball"} & imported
    # nor what only indexing needs: listing and reading sources, extractors' child processes,
    # temporary files, tracebacks of failed sources
    assert not {"polyseek.corpus.files", "polyseek.corpus.model", "polyseek.corpus.formats.registry",
                "polyseek.corpus.jsonl_fields", "subprocess", "tempfile", "shutil", "traceback"} & imported  # fmt: skip
    # the whole output, as the same command run inside this process prints it
    same = CliRunner().invoke(main, ["search", query, "--index", str(command_index)], catch_exceptions=False)
    assert done.stdout == same.output and "matching documents" in done.stdout


def test_an_index_written_by_a_command_is_whole_for_the_next(command_index: Path, sample_index_dir: Path) -> None:
    assert _command("check", "--index", str(command_index), "-q").returncode == 0
    for query in QUERIES:  # what the library's index of the same files answers
        found = _command("search", query, "--index", str(command_index), "--json")
        expected = _command("search", query, "--index", str(sample_index_dir), "--json")
        assert found.returncode == 0 and '"hits": [{' in found.stdout, found.stderr[-2000:]
        assert found.stdout == expected.stdout


_WATCHED = """
import atexit, gc, sys
from polyseek.command import run
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
# registered before run(): runs after every handler registered later, run()'s own included
atexit.register(lambda: print("collections", len(collections), "frozen", gc.get_freeze_count() > 0))
sys.argv = ["polyseek", *sys.argv[1:]]
run()
"""


def test_the_command_collects_while_it_works_and_not_at_exit(tmp_path: Path, samples_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _WATCHED, "index", str(samples_dir), "--index", str(tmp_path / "ix"), "-q"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    words = done.stdout.split()
    assert words[0] == "collections" and int(words[1]) > 0  # indexing runs with the collector on
    assert words[2:] == ["frozen", "True"]  # and at exit every object is out of its reach
