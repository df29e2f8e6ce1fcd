"""polyseek corpus stage: read sources into Documents and split them into Passages.

This package knows nothing of Whoosh or the analyzers; it only turns files
(``.txt``, ``.md``, ``.jsonl``) into text with exact source positions.

>>> from corpus import split_passages
>>> [(p.line, p.lang, p.text) for p in split_passages("Заголовок\\n\\nПервый абзац. Second one.")]
[(1, 'ru', 'Заголовок\\n\\nПервый абзац. Second one.')]
"""

from .files import SUPPORTED_SUFFIXES, iter_source_files
from .language import detect_language
from .model import CorpusError, Document, Passage, SkippedSource
from .passages import split_passages
from .readers import read_file, read_path

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
