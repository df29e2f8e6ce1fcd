"""What an extractor returns: the text of a document in parts, with metadata."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Extracted", "Part"]


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a document with its own place in the source reference.

    ``fragment`` is what follows ``#`` in the reference (``page=3`` for a PDF page, the
    chapter's file for an EPUB chapter, ``message=2`` for a message of an mbox file), or
    ``None`` for a document read as one piece; ``title`` overrides the document's title
    (an EPUB chapter's heading, an attachment's file name).

    >>> Part("text", "page=1").title is None
    True
    """

    text: str
    fragment: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """A document's text: its parts in reading order, its title and date (``YYYY-MM-DD``) if known.

    >>> Extracted([Part("a")], title="Report").title
    'Report'
    """

    parts: list[Part] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
