"""Which module reads which suffix, and the one entry point :func:`extract`."""

from __future__ import annotations

import importlib
from pathlib import Path

from ..model import CorpusError, SkippedSource
from .bounded import ExtractionError, LimitExceeded, run_bounded
from .model import Extracted
from .suffixes import FORMAT_SUFFIXES

__all__ = ["FORMAT_SUFFIXES", "extract"]


class _Call:
    """A picklable call of one extractor (the child imports the module itself)."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def __call__(self, data: bytes) -> Extracted:
        return extract_here(data, self.suffix)


def extract_here(data: bytes, suffix: str) -> Extracted:
    """Extract in this process, unbounded (what the child of :func:`extract` runs)."""
    module, function, _ = FORMAT_SUFFIXES[suffix]
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)(data)


def extract(data: bytes, path: str | Path) -> Extracted:
    """The text of the file ``path`` whose bytes are ``data``, bounded in time and memory.

    A file that cannot be read raises :class:`CorpusError` with one line naming it; a file
    with no text (a scanned PDF, an empty mailbox) raises :class:`SkippedSource`.

    >>> extract(b"{\\\\rtf1\\\\ansi Hello \\\\b world\\\\b0 .}", "note.rtf").parts[0].text
    'Hello world.'
    >>> extract(b"%PDF-1.4 garbage", "broken.pdf")
    Traceback (most recent call last):
    ...
    polyseek.corpus.model.CorpusError: broken.pdf: cannot read this PDF (PdfStreamError: Stream has ended unexpectedly)
    """
    suffix = Path(path).suffix.lower()
    kind = FORMAT_SUFFIXES[suffix][2]
    try:
        extracted = run_bounded(_Call(suffix), data)
    except LimitExceeded as exc:
        raise CorpusError(f"{path}: gave up reading this {kind}: it {exc}") from None
    except ExtractionError as exc:
        message = str(exc)
        if message.startswith("SkippedSource: "):
            raise SkippedSource(f"{path}: {message.removeprefix('SkippedSource: ')}") from None
        raise CorpusError(f"{path}: cannot read this {kind} ({message})") from None
    if not any(part.text.strip() for part in extracted.parts):
        raise SkippedSource(f"{path}: no text in this {kind}, nothing to index")
    return extracted
