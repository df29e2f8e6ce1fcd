"""Data types shared by the corpus stage: :class:`Document`, :class:`Passage`, :class:`CorpusError`, :class:`SkippedSource`."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CorpusError", "Document", "Passage", "SkippedSource"]


class CorpusError(Exception):
    """A source cannot be read; the message is one line naming the file and the reason.

    >>> str(CorpusError("x.txt: not valid UTF-8 (byte 0xff at offset 12)"))
    'x.txt: not valid UTF-8 (byte 0xff at offset 12)'
    """


class SkippedSource(CorpusError):
    """A source left out on purpose (binary, empty, a link not followed): reported, not a failure.

    >>> str(SkippedSource("photo.txt: binary file (image/png), not text"))
    'photo.txt: binary file (image/png), not text'
    """


@dataclass(frozen=True, slots=True)
class Passage:
    """A searchable piece of a document that remembers where it came from.

    ``text == document.text[char_start:char_end]`` (code-point offsets, no
    surrounding whitespace); ``line`` is the 1-based line of the source file on
    which ``char_start`` lies (for HTML: the source line where the passage's first
    words are); ``lang`` is ``"ru"``, ``"ar"``, ``"en"`` or ``"und"``;
    ``boilerplate`` marks web page furniture (see :mod:`corpus.boilerplate`).

    >>> p = Passage(number=0, text="Привет", line=3, char_start=10, char_end=16, lang="ru")
    >>> p.char_end - p.char_start == len(p.text), p.boilerplate
    (True, False)
    """

    number: int
    text: str
    line: int
    char_start: int
    char_end: int
    lang: str
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """One source text: a whole ``.txt``/``.md``/``.html`` file or one JSONL record.

    ``id`` is the absolute resolved path for files and the record's ``"id"`` for
    JSONL; ``source`` is always the absolute resolved path of the file; ``line`` is
    the line of that file where ``text`` starts (1 for files, the record's line
    for JSONL). For HTML, ``text`` is the extracted main text (passage offsets
    index it). ``date`` is the publication date (``YYYY-MM-DD``, or ``YYYY-MM`` /
    ``YYYY`` when only that is known), ``None`` when unknown (see :mod:`corpus.dates`).

    >>> d = Document(id="a1", source="/data/c.jsonl", title="T", text="", lang="und", passages=())
    >>> d.line, d.date
    (1, None)
    """

    id: str
    source: str
    title: str
    text: str
    lang: str
    passages: tuple[Passage, ...]
    line: int = 1
    date: str | None = None
