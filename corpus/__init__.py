"""polyseek corpus stage: read sources into Documents and split them into Passages.

This package knows nothing of Whoosh or the analyzers; it only turns files
(``.txt``, ``.md``, ``.jsonl``) into text with exact source positions.

>>> from polyseek.corpus import split_passages
>>> [(p.line, p.lang, p.text) for p in split_passages("Заголовок\\n\\nПервый абзац. Second one.")]
[(1, 'ru', 'Заголовок\\n\\nПервый абзац. Second one.')]
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .files import SUPPORTED_SUFFIXES, iter_source_files
    from .language import detect_language
    from .model import CorpusError, Document, Passage, SkippedSource
    from .passages import split_passages
    from .readers import read_file, read_path

#: Loaded on first use: the readers bring decoders, HTML extraction and the boilerplate and
#: date rules (~40 ms to import), which listing files (a reindex that finds nothing to do) never needs;
#: a search imports ``corpus.formats.suffixes`` only (no file listing, no model).
_LAZY = {
    "SUPPORTED_SUFFIXES": "files",
    "iter_source_files": "files",
    "CorpusError": "model",
    "Document": "model",
    "Passage": "model",
    "SkippedSource": "model",
    "detect_language": "language",
    "split_passages": "passages",
    "read_file": "readers",
    "read_path": "readers",
}

__all__ = [
    "SUPPORTED_SUFFIXES",
    "CorpusError",
    "Document",
    "Passage",
    "SkippedSource",
    "detect_language",
    "iter_source_files",
    "read_file",
    "read_path",
    "split_passages",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)
