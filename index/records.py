"""A passage as the index stores it: the field names, what is written, and how it reads back.

Every module that writes or reads a passage's fields names them through this module
(:data:`TEXT`, :data:`TITLE`, :data:`DOC_ID`, ...): a passage is written from
:func:`passage_fields` and read back as a :class:`PassageRecord`
(:meth:`PassageRecord.from_stored`), which also decides what an index made by an older
version means where it lacks a field.  :class:`IndexFeatures` says which of the later
fields an index has (``date``, the ``translit`` and ``words`` side fields).

Example:
    >>> from polyseek.corpus import Document, Passage
    >>> doc = Document("d1", "a.txt", "Заголовок", "Первая строка.", "ru", (Passage(0, "Первая строка.", 2, 10, 24, "ru"),))
    >>> fields = passage_fields(doc, doc.passages[0])
    >>> fields[DOC_ID], fields[PASSAGE], fields[TEXT]
    ('d1', 0, 'Первая строка.')
    >>> rec = PassageRecord.from_stored(fields)
    >>> rec.doc_id, rec.line, rec.char_start, rec.boilerplate, rec.date
    ('d1', 2, 10, False, None)
    >>> PassageRecord.from_stored({DOC_ID: "old", SOURCE: "b.txt"}).line  # an old index's passage
    1
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - a search never imports corpus/
    from polyseek.corpus import Document, Passage

__all__ = [
    "BOILERPLATE",
    "CHAR_END",
    "CHAR_START",
    "DATE",
    "DOC_ID",
    "DOC_LANG",
    "KIND",
    "LANG",
    "LINE",
    "PASSAGE",
    "PID",
    "ROOT",
    "SOURCE",
    "TEXT",
    "TITLE",
    "TRANSLIT",
    "WORDS",
    "IndexFeatures",
    "PassageRecord",
    "passage_fields",
]

# -- field names ---------------------------------------------------------------------------
KIND = "kind"  #: passage, file or root record (see index.schema)
PID = "pid"  #: unique id of a file, root or setting record (``file:<source>``; see index.schema)
DOC_ID = "doc_id"
SOURCE = "source"  #: the file, as found under its root
ROOT = "root"  #: a root record's path, a setting's value (see index.schema)
TITLE = "title"  #: the document's title, analysed and stored on each of its passages
TEXT = "text"  #: the passage text, analysed with positions (an index before 0.2: and character offsets)
LANG = "lang"  #: the passage's language
DOC_LANG = "doc_lang"  #: a file record's passages per language
PASSAGE = "passage"  #: the passage's number in its document
LINE = "line"
CHAR_START = "char_start"
CHAR_END = "char_end"
BOILERPLATE = "boilerplate"  #: page furniture, kept out of search by default
DATE = "date"  #: the document's publication date, ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``)
TRANSLIT = "translit"  #: side field: cross-script keys (see index.schema.SIDE_FIELDS)
WORDS = "words"  #: side field: surface forms for did-you-mean


@dataclass(frozen=True, slots=True)
class PassageRecord:
    """The stored fields of one passage, decoded."""

    doc_id: str
    source: str
    title: str = ""
    text: str = ""
    lang: str = ""
    passage: int = 0
    line: int = 1
    char_start: int = 0
    char_end: int = 0
    boilerplate: bool = False
    date: str | None = None

    @classmethod
    def from_stored(cls, fields: Mapping[str, Any]) -> PassageRecord:
        """Decode a passage's stored fields; a field an older index lacks gets its default
        (no date: None; no title: ""; no line: 1)."""
        return cls(
            doc_id=fields[DOC_ID],
            source=fields[SOURCE],
            title=fields.get(TITLE) or "",
            text=fields.get(TEXT) or "",
            lang=fields.get(LANG) or "",
            passage=fields.get(PASSAGE, 0),
            line=fields.get(LINE, 1),
            char_start=fields.get(CHAR_START, 0),
            char_end=fields.get(CHAR_END, 0),
            boilerplate=bool(fields.get(BOILERPLATE, False)),
            date=fields.get(DATE) or None,
        )


def passage_fields(doc: Document, passage: Passage) -> dict[str, Any]:
    """What is written for ``passage`` of ``doc``, by field name.

    A passage is known by its document and number (:data:`DOC_ID`, :data:`PASSAGE`).
    (An index written before 0.2 also stored the root each passage was found under, in
    ``root``, and indexed an id ``doc_id#passage`` in ``pid``, one term per passage, 4 %
    of an index; nothing reads them.)
    """
    fields: dict[str, Any] = {
        KIND: "passage",  # index.schema.KIND_PASSAGE
        DOC_ID: doc.id,
        SOURCE: doc.source,
        TITLE: doc.title,
        TEXT: passage.text,
        LANG: passage.lang,
        PASSAGE: passage.number,
        LINE: passage.line,
        CHAR_START: passage.char_start,
        CHAR_END: passage.char_end,
        BOILERPLATE: passage.boilerplate,
    }
    if doc.date:
        fields[DATE] = doc.date
    return fields


@dataclass(frozen=True, slots=True)
class IndexFeatures:
    """Which fields added over time an index has (an older index can still be searched).

    >>> from polyseek.index.schema import build_schema
    >>> IndexFeatures.of(build_schema().names())
    IndexFeatures(dates=True, cross_script=True, words=True)
    >>> IndexFeatures.of(["doc_id", "text", "title"])
    IndexFeatures(dates=False, cross_script=False, words=False)
    """

    dates: bool  #: ``date:`` filters work
    cross_script: bool  #: names match across scripts
    words: bool  #: did-you-mean

    @classmethod
    def of(cls, names: Collection[str]) -> IndexFeatures:
        """The features of an index whose schema has the fields ``names``."""
        return cls(dates=DATE in names, cross_script=TRANSLIT in names, words=WORDS in names)
