"""The examples in the corpus docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "corpus",
    "corpus.boilerplate",
    "corpus.dates",
    "corpus.decoding",
    "corpus.files",
    "corpus.html",
    "corpus.jsonl",
    "corpus.language",
    "corpus.model",
    "corpus.passages",
    "corpus.readers",
    "corpus.titles",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0


def test_corpus_imports_neither_whoosh_nor_analyzers() -> None:
    import ast
    from pathlib import Path

    import polyseek.corpus as corpus

    for path in Path(corpus.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert not roots & {"whoosh", "analyzers", "index", "searcher"}, path.name
