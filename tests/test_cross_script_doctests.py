"""The examples in the docstrings of the cross-script and did-you-mean modules run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "analyzers.translit",
    "analyzers.surface",
    "analyzers.field_analyzers",
    "index.schema",
    "searcher.compile",
    "searcher.snippets",
    "searcher.suggest",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
