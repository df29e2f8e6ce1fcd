"""Every docstring example of the installed packages runs and stays true, and imports flow one way.

The examples are run by importing each module under its installed name (``polyseek.index.store``),
never as a bare top-level module, so no module is loaded twice under two names.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import polyseek

STAGES = ("analyzers", "corpus", "index", "searcher")


def _modules() -> list[str]:
    names = ["polyseek", "polyseek.command"]
    for stage in STAGES:
        package = importlib.import_module(f"polyseek.{stage}")
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")]
    return sorted(set(names))


MODULES = _modules()

#: The public modules whose docstrings must show a runnable example.
WITH_EXAMPLES = {
    f"polyseek.{name}"
    for name in """
    analyzers analyzers.analysis analyzers.arabic analyzers.chains analyzers.english analyzers.normalize
    analyzers.russian analyzers.stopwords analyzers.tokenizer analyzers.whoosh_analyzer analyzers.translit
    analyzers.surface analyzers.field_analyzers analyzers.dictionary analyzers.people
    corpus corpus.boilerplate corpus.dates corpus.decoding corpus.files corpus.html corpus.jsonl corpus.language
    corpus.model corpus.passages corpus.readers corpus.titles
    index.schema index.store index.sync index.fields index.pipeline index.speedups
    searcher searcher.api searcher.compile searcher.snippets searcher.suggest searcher.fastpath
    """.split()
} | {"polyseek", "polyseek.command"}


def test_the_walk_finds_every_stage() -> None:
    assert {"polyseek.searcher.api", "polyseek.index.store", "polyseek.corpus.formats.pdf"} <= set(MODULES)
    assert WITH_EXAMPLES <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    if name.endswith("__main__"):
        pytest.skip("runs the command line")
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if name in WITH_EXAMPLES:
        assert result.attempted > 0


def _imported_stages(path: Path) -> set[str]:
    """The polyseek stages (and whoosh) that one source file imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "polyseek" and len(parts) > 1:
                found.add(parts[1])
            elif parts[0] in STAGES:
                found.add("bare " + parts[0])  # a bare top-level import: never
            elif parts[0] == "whoosh":
                found.add("whoosh")
    return found


@pytest.mark.parametrize(
    "stage, never",
    [
        ("corpus", {"whoosh", "analyzers", "index", "searcher"}),
        ("analyzers", {"corpus", "index", "searcher"}),
        ("index", {"searcher"}),
        ("searcher", set()),
    ],
)
def test_imports_flow_corpus_analyzers_index_searcher(stage: str, never: set[str]) -> None:
    folder = Path(importlib.import_module(f"polyseek.{stage}").__file__).parent
    for path in folder.rglob("*.py"):
        stages = _imported_stages(path)
        assert not stages & never, path
        assert not {s for s in stages if s.startswith("bare ")}, path
