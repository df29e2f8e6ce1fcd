"""The runnable examples in the analyzers docstrings stay true."""

import doctest
import importlib

import pytest

MODULES = [
    "analyzers",
    "analyzers.analysis",
    "analyzers.arabic",
    "analyzers.chains",
    "analyzers.english",
    "analyzers.normalize",
    "analyzers.russian",
    "analyzers.stopwords",
    "analyzers.tokenizer",
    "analyzers.whoosh_analyzer",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
