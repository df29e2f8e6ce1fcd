"""The examples in the index-writing docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["index.store", "index.sync", "searcher.api", "textcorpus"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
