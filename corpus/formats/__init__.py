"""Documents people keep: PDF, Word (DOCX), OpenDocument (ODT), EPUB, e-mail (EML, mbox), RTF.

Each format has a module that turns a file's bytes into :class:`Extracted` text: one or
more :class:`Part` s (a PDF page, an EPUB chapter, a message or an attachment of one),
each with the fragment that names it in a source reference (``report.pdf#page=3``).
:func:`extract` runs the format's extractor in a child process bounded in time and
memory (:mod:`corpus.formats.bounded`), so a malformed file is *failed* with one line,
never a hang or a traceback. The heavy libraries (pypdf, python-docx, odfpy, striprtf)
are imported only there, when such a file is met.

>>> sorted(FORMAT_SUFFIXES)
['.docx', '.eml', '.epub', '.mbox', '.odt', '.pdf', '.rtf']
>>> from polyseek.corpus.formats import Part
>>> Part("Привет", fragment="page=2").fragment
'page=2'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .suffixes import FORMAT_SUFFIXES

if TYPE_CHECKING:  # pragma: no cover
    from .model import Extracted, Part
    from .registry import extract

__all__ = ["FORMAT_SUFFIXES", "Extracted", "Part", "extract"]

#: Loaded on first use: the registry brings the bounded child process (pickle, signals,
#: resource limits), which a search asking for :data:`FORMAT_SUFFIXES` never needs.
_LAZY = {"Extracted": "model", "Part": "model", "extract": "registry"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)
