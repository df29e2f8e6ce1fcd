"""The examples in the docstrings of the speed-related modules run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "analyzers.normalize",
    "analyzers.whoosh_analyzer",
    "index.fields",
    "index.pipeline",
    "index.speedups",
    "searcher.fastpath",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
