"""Data types shared by the corpus stage: :class:`Document`, :class:`Passage`, :class:`CorpusError`, :class:`SkippedSource`.

Every string a Document or Passage holds is valid Unicode by construction: a lone
surrogate (a JSON escape such as ``"\\ud800"``, a name decoded with
``surrogateescape``) becomes U+FFFD, one code point for one, as an undecodable byte
does, so offsets do not move and whatever reaches the index can be written as UTF-8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CorpusError", "Document", "Passage", "SkippedSource", "valid_unicode"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """``text`` with every lone surrogate as U+FFFD (one code point for one: offsets stay).

    >>> valid_unicode("a\\ud800b\\udfff") == "a\\ufffdb\\ufffd"
    True
    >>> text = "Привет"
    >>> valid_unicode(text) is text
    True
    """
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def _make_valid(obj: object, names: tuple[str, ...]) -> None:
    """Replace lone surrogates in the string fields ``names`` of a frozen dataclass."""
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, str) and (clean := valid_unicode(value)) is not value:
            object.__setattr__(obj, name, clean)


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
    >>> Passage(number=0, text="a\\ud800", line=1, char_start=0, char_end=2, lang="en").text == "a\\ufffd"
    True
    """

    number: int
    text: str
    line: int
    char_start: int
    char_end: int
    lang: str
    boilerplate: bool = False

    def __post_init__(self) -> None:
        _make_valid(self, ("text", "lang"))


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
    >>> Document(id="\\ud800", source="/c.jsonl", title="\\udfff", text="", lang="und", passages=()).id == "\\ufffd"
    True
    """

    id: str
    source: str
    title: str
    text: str
    lang: str
    passages: tuple[Passage, ...]
    line: int = 1
    date: str | None = None

    def __post_init__(self) -> None:
        _make_valid(self, ("id", "source", "title", "text", "lang", "date"))
